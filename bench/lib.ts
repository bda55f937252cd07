/** Shared parts of the benchmarks: a node in a child process, idle waits, autocannon runs, tables. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

export const ROOT = path.resolve(import.meta.dirname, '..');

/** Starts `main.ts start` with the environment given and waits until it is healthy. */
export async function startNodeProcess(env: Record<string, string>, port: number): Promise<ChildProcess> {
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'start'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/v1/health`)).ok) return server;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  server.kill('SIGTERM');
  throw new Error('server did not become healthy');
}

/** Waits until queued work has drained: health answers quickly twice in a row. */
export async function idle(port: number) {
  let quick = 0;
  const until = Date.now() + 60_000;
  while (quick < 2 && Date.now() < until) {
    const t0 = performance.now();
    await fetch(`http://127.0.0.1:${port}/api/v1/health`);
    quick = performance.now() - t0 < 20 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface Figures {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export async function measure(name: string, opts: autocannon.Options): Promise<Figures> {
  const result = await autocannon(opts);
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors };
}

/** Prints the Markdown table of figures against the first row (the baseline of the same run). */
export function printTable(heading: string, rows: Figures[], baseline = 'health') {
  const base = rows[0]!;
  console.log(`\n${heading}`);
  console.log(`| scenario | req/s | p50 ms | p99 ms | req/s vs ${baseline} | p99 vs ${baseline} | errors |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50} | ${r.p99} | ${(r.rps / base.rps).toFixed(2)} | ${(r.p99 / Math.max(base.p99, 1)).toFixed(1)}× | ${r.errors} |`);
  }
}

/** The options every node benchmark takes: --duration S (10), --connections C (10), --port P, --database-url. */
export function benchOptions(defaultPort: number) {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      port: { type: 'string', default: String(defaultPort) },
      'database-url': { type: 'string' },
    },
  });
  const port = Number(values.port);
  return {
    duration: Number(values.duration),
    connections: Number(values.connections),
    port,
    databaseUrl: values['database-url'] ?? process.env.DATABASE_URL,
    base: `http://127.0.0.1:${port}`,
  };
}
