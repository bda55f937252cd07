/**
 * Identity benchmark: what a session costs per request, and what an argon2id login costs.
 * Starts a demo node (demo residents and staff) in a child process and measures with autocannon,
 * beside a bare GET /api/v1/health on the same server in the same run:
 *   - GET /api/v1/me with a citizen's session cookie (session look-up, decryption and masking)
 *   - GET /api/v1/admin/items?pageSize=20 with a catalogue administrator's session (roles, scope)
 *   - POST /api/v1/auth/login (argon2id verification, a new session and its audit entry); each
 *     request from its own X-Forwarded-For address so the per-IP limit does not cut the run short
 *
 *   npm run bench:identity                       # PGlite under bench/.data/identity
 *   npm run bench:identity -- --database-url postgres://postgres@127.0.0.1:5432/ow_bench_identity
 *   options: --duration S (10)  --connections C (10)  --port P (3998)
 */
import fs from 'node:fs';
import path from 'node:path';
import { benchOptions, idle, measure, printTable, startNodeProcess, type Figures } from './lib.js';

const { duration: DURATION, connections: CONNECTIONS, port: PORT, databaseUrl, base } = benchOptions(3998);
const dataDir = path.resolve(import.meta.dirname, '.data', 'identity');

async function sessionCookie(url: string, body: object): Promise<string> {
  const res = await fetch(`${base}${url}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.1' }, body: JSON.stringify(body) });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ow_session='));
  if (!res.ok || !cookie) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return cookie.split(';')[0]!;
}

async function main() {
  fs.mkdirSync(dataDir, { recursive: true });
  const server = await startNodeProcess({ DATA_DIR: dataDir, SEED_DEMO: 'true', DATABASE_URL: databaseUrl ?? '' }, PORT);
  try {
    const citizen = await sessionCookie('/api/v1/auth/login', { identifier: '13800138001', password: 'Demo@2026' });
    const staff = await sessionCookie('/api/v1/auth/staff/login', { username: 'catalogue', password: 'Demo@2026' });
    const run = (o: { path: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string }) => ({
      url: `${base}${o.path}`,
      method: o.method ?? 'GET',
      headers: o.headers,
      body: o.body,
      connections: CONNECTIONS,
      duration: DURATION,
    });
    let n = 0;
    const scenarios: [string, Parameters<typeof measure>[1]][] = [
      ['baseline: GET /api/v1/health', run({ path: '/api/v1/health' })],
      ['GET /api/v1/me (citizen session)', run({ path: '/api/v1/me', headers: { cookie: citizen } })],
      ['GET /api/v1/admin/items (staff session, region scope)', run({ path: '/api/v1/admin/items?pageSize=20', headers: { cookie: staff } })],
      [
        'POST /api/v1/auth/login (argon2id, new session)',
        {
          ...run({ path: '/api/v1/auth/login', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: '13800138002', password: 'Demo@2026' }) }),
          requests: [
            {
              setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'x-forwarded-for': `203.0.${(++n >> 8) & 255}.${n & 255}` } }),
            },
          ],
        },
      ],
    ];
    const rows: Figures[] = [];
    for (const [name, options] of scenarios) {
      await idle(PORT);
      rows.push(await measure(name, options));
    }
    printTable(`identity · engine: ${databaseUrl ? 'postgresql' : 'pglite'} · ${CONNECTIONS} connections × ${DURATION} s · node ${process.version}`, rows);
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
