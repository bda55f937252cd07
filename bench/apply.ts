/**
 * Submission benchmark: applications started and submitted per second, beside a bare INSERT on the
 * same server in the same run. Starts a demo node in a child process (development mode, with the
 * baseline route `POST /api/v1/dev/bare-insert` switched on by BENCH_BASELINE=true) and measures
 * with autocannon:
 *   - baseline: POST /api/v1/dev/bare-insert — one INSERT, nothing else
 *   - POST /api/v1/applications — a draft with a complete form: session, item look-up, level and
 *     form checks (ajv), 办件编号 allocation, insert, audit entry and Idempotency-Key record, one
 *     transaction (a new key per request)
 *   - the pair "start, then submit" — the draft above, then POST /applications/:id/actions
 *     {type:'submit'} with If-Match: row lock, completeness checks, the workflow engine, event,
 *     audit entry, notification; counted per HTTP request (two per submission)
 * All connections use one demo citizen's session (王小明).
 *
 *   npm run bench:apply                       # PGlite under bench/.data/apply
 *   npm run bench:apply -- --database-url postgres://postgres@127.0.0.1:5432/ow_bench_apply
 *   options: --duration S (10)  --connections C (10)  --port P (3997)
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { benchOptions, idle, measure, printTable, startNodeProcess, type Figures } from './lib.js';

const { duration: DURATION, connections: CONNECTIONS, port: PORT, databaseUrl, base } = benchOptions(3997);
const dataDir = path.resolve(import.meta.dirname, '.data', 'apply');
/** 个体工商户年度报告: an online item whose only applicant material is its form */
const ITEM = '11330106MB1D27406G4002032102000';
const FORM = { year: 2025, tradeName: '西湖区小明小吃店', premises: '杭州市西湖区文三路100号', employees: 3, revenue: 48.5, operating: true };

async function sessionCookie(): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.7' },
    body: JSON.stringify({ identifier: '13800138001', password: 'Demo@2026' }),
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ow_session='));
  if (!res.ok || !cookie) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return cookie.split(';')[0]!;
}

async function main() {
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const server = await startNodeProcess({ DATA_DIR: dataDir, SEED_DEMO: 'true', BENCH_BASELINE: 'true', DATABASE_URL: databaseUrl ?? '' }, PORT);
  try {
    const cookie = await sessionCookie();
    const origin = { origin: base };
    const json = { 'content-type': 'application/json', cookie, ...origin };
    const common = { connections: CONNECTIONS, duration: DURATION };
    const draftBody = JSON.stringify({ implementationCode: ITEM, form: FORM });
    // one check that the scenario works before measuring it
    const probe = await fetch(`${base}/api/v1/applications`, { method: 'POST', headers: { ...json, 'idempotency-key': randomUUID() }, body: draftBody });
    if (probe.status !== 201) throw new Error(`POST /applications answered ${probe.status}: ${await probe.text()}`);
    const probeId = ((await probe.json()) as { id: string }).id;
    const submit = await fetch(`${base}/api/v1/applications/${probeId}/actions`, { method: 'POST', headers: { ...json, 'if-match': '"v0"' }, body: JSON.stringify({ type: 'submit' }) });
    if (submit.status !== 200) throw new Error(`submit answered ${submit.status}: ${await submit.text()}`);

    const scenarios: [string, Parameters<typeof measure>[1]][] = [
      ['baseline: POST /api/v1/dev/bare-insert (one INSERT)', { ...common, url: `${base}/api/v1/dev/bare-insert`, method: 'POST' }],
      [
        'POST /api/v1/applications (draft, complete form, Idempotency-Key)',
        {
          ...common,
          url: base,
          requests: [{ method: 'POST', path: '/api/v1/applications', body: draftBody, setupRequest: (req) => ({ ...req, headers: { ...json, 'idempotency-key': randomUUID() } }) }],
        },
      ],
      [
        'start + submit (two requests per submission)',
        {
          ...common,
          url: base,
          requests: [
            {
              method: 'POST',
              path: '/api/v1/applications',
              body: draftBody,
              setupRequest: (req) => ({ ...req, headers: { ...json, 'idempotency-key': randomUUID() } }),
              onResponse: (status, body, context) => {
                if (status === 201) (context as { id?: string }).id = (JSON.parse(body) as { id: string }).id;
              },
            },
            {
              method: 'POST',
              setupRequest: (req, context) => ({
                ...req,
                path: `/api/v1/applications/${String((context as { id?: string }).id)}/actions`,
                headers: { ...json, 'if-match': '"v0"' },
                body: JSON.stringify({ type: 'submit' }),
              }),
            },
          ],
        },
      ],
    ];
    const rows: Figures[] = [];
    for (const [name, opts] of scenarios) {
      await idle(PORT);
      rows.push(await measure(name, opts));
    }
    const pair = rows[2]!;
    printTable(
      `Submissions on ${databaseUrl ? 'PostgreSQL' : 'PGlite'} (${CONNECTIONS} connections, ${DURATION} s each; the last row's req/s counts both requests: ≈ ${(pair.rps / 2).toFixed(0)} submissions/s)`,
      rows,
      'bare insert',
    );
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
