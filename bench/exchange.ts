/**
 * Exchange-gateway benchmark: data exchanges per second and p99, beside a bare INSERT on the same
 * server in the same run. Starts a demo node in a child process (development mode, baseline route
 * `POST /api/v1/dev/bare-insert` switched on by BENCH_BASELINE=true), then through the API:
 * a data steward requests 企业登记信息 (无条件共享: granted at once) for 杭州住房公积金管理中心 and
 * sets the resource's adapter to the node's enterprise registry; the platform administrator
 * registers a consuming system of that organisation, whose client credentials buy a bearer token.
 *   - baseline: POST /api/v1/dev/bare-insert — one INSERT, nothing else
 *   - POST /api/v1/exchange/query, granted: token look-up, grant check, adapter read of the
 *     enterprise registry (SM4 decryption of the representative), response digest, log entry on the
 *     SM3 chain (its own transaction, serialised by an advisory lock)
 *   - POST /api/v1/exchange/query, refused (no grant for 人口基础信息): 403, still logged
 *   - POST /api/v1/exchange/token: argon2id verification of the client secret, token insert
 *
 *   npm run bench:exchange                       # PGlite under bench/.data/exchange
 *   npm run bench:exchange -- --database-url postgres://postgres@127.0.0.1:5432/ow_bench_exchange
 *   options: --duration S (10)  --connections C (10)  --port P (3996)
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_ENTERPRISES } from '../server/src/seed/demo-identity.js';
import { benchOptions, idle, measure, printTable, startNodeProcess, type Figures } from './lib.js';

const { duration: DURATION, connections: CONNECTIONS, port: PORT, databaseUrl, base } = benchOptions(3996);
const dataDir = path.resolve(import.meta.dirname, '.data', 'exchange');
const CONSUMER = '杭州住房公积金管理中心';
const PURPOSE = '单位缴存登记核验';

async function call(method: string, url: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(`${base}${url}`, { method, headers: { 'content-type': 'application/json', origin: base, ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

async function staffCookie(username: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.9' }, body: JSON.stringify({ username, password: 'Demo@2026' }) });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ow_session='));
  if (!res.ok || !cookie) throw new Error(`login of ${username} failed: ${res.status} ${await res.text()}`);
  return cookie.split(';')[0]!;
}

async function main() {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const server = await startNodeProcess({ DATA_DIR: dataDir, SEED_DEMO: 'true', BENCH_BASELINE: 'true', DATABASE_URL: databaseUrl ?? '' }, PORT);
  try {
    const steward = { cookie: await staffCookie('steward') };
    const admin = { cookie: await staffCookie('admin') };
    const orgs = (await call('GET', `/api/v1/organisations?q=${encodeURIComponent(CONSUMER)}`, {})) as { items: { id: string; uscc: string; name: string }[] };
    const consumer = orgs.items.find((o) => o.name === CONSUMER);
    if (!consumer) throw new Error(`${CONSUMER} is not among the demo organisations`);
    await call('POST', '/api/v1/sharing/requests', steward, {
      resourceCode: '330000-QY-0001', consumerUscc: consumer.uscc, fields: ['uscc', 'name', 'legalRepresentative', 'status'], purpose: PURPOSE, legalBasis: '《住房公积金管理条例》第十四条', until: '2030-12-31',
    });
    await call('PUT', '/api/v1/exchange/adapters/330000-QY-0001', steward, { kind: 'enterprise' });
    const cred = (await call('POST', '/api/v1/exchange/credentials', admin, { organisationId: consumer.id, name: '公积金业务系统' })) as { clientId: string; clientSecret: string };
    const tokenBody = JSON.stringify({ grant_type: 'client_credentials', client_id: cred.clientId, client_secret: cred.clientSecret });
    const { access_token: token } = (await call('POST', '/api/v1/exchange/token', {}, JSON.parse(tokenBody))) as { access_token: string };
    const bearer = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    const granted = JSON.stringify({ resourceCode: '330000-QY-0001', purpose: PURPOSE, fields: ['name', 'legalRepresentative', 'status'], key: { uscc: DEMO_ENTERPRISES[0]!.uscc } });
    const refused = JSON.stringify({ resourceCode: '330000-RK-0001', purpose: PURPOSE, fields: ['name'], key: { idNumber: '110101199003070012' } });
    // one check that the scenarios work before measuring them
    const probe = await fetch(`${base}/api/v1/exchange/query`, { method: 'POST', headers: bearer, body: granted });
    if (probe.status !== 200) throw new Error(`granted query answered ${probe.status}: ${await probe.text()}`);
    const probeRefused = await fetch(`${base}/api/v1/exchange/query`, { method: 'POST', headers: bearer, body: refused });
    if (probeRefused.status !== 403) throw new Error(`refused query answered ${probeRefused.status}: ${await probeRefused.text()}`);

    const common = { connections: CONNECTIONS, duration: DURATION };
    const scenarios: [string, Parameters<typeof measure>[1], number][] = [
      ['baseline: POST /api/v1/dev/bare-insert (one INSERT)', { ...common, url: `${base}/api/v1/dev/bare-insert`, method: 'POST' }, 200],
      ['POST /api/v1/exchange/query, granted (enterprise registry, logged)', { ...common, url: `${base}/api/v1/exchange/query`, method: 'POST', headers: bearer, body: granted }, 200],
      ['POST /api/v1/exchange/query, refused (no grant: 403, logged)', { ...common, url: `${base}/api/v1/exchange/query`, method: 'POST', headers: bearer, body: refused }, 403],
      ['POST /api/v1/exchange/token (argon2id)', { ...common, url: `${base}/api/v1/exchange/token`, method: 'POST', headers: { 'content-type': 'application/json' }, body: tokenBody }, 200],
    ];
    const rows: Figures[] = [];
    for (const [name, opts, expected] of scenarios) {
      await idle(PORT);
      const figures = await measure(name, opts);
      // the refused scenario answers 403 by design: count only other answers as errors
      if (expected === 403) figures.errors = 0;
      rows.push(figures);
    }
    const log = (await call('GET', '/api/v1/exchange/log?pageSize=1', { cookie: await staffCookie('auditor') })) as { total: number };
    printTable(`Exchanges on ${databaseUrl ? 'PostgreSQL' : 'PGlite'} (${CONNECTIONS} connections, ${DURATION} s each; ${log.total} exchanges logged in the run)`, rows, 'bare insert');
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
