/**
 * The node's database: embedded PGlite (PostgreSQL in WASM, data under DATA_DIR) by default, or a
 * PostgreSQL server when DATABASE_URL is set. One schema and one migration history for both.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

export type DatabaseKind = 'pglite' | 'postgresql';
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Db = PgDatabase<PgQueryResultHKT, any>;
/** A transaction handle; services take one so that each use case is one transaction. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export interface Database {
  kind: DatabaseKind;
  db: Db;
  /** the server's URL, for a PostgreSQL server */
  url?: string;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../drizzle');

const idleConnectionLost = (err: Error) =>
  process.stderr.write(`database: the server closed an idle connection (${(err as { code?: string }).code ?? err.message}); the next query reconnects\n`);

export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string; inMemory?: boolean }): Promise<Database> {
  if (opts.databaseUrl) {
    const { default: pg } = await import('pg');
    const { drizzle } = await import('drizzle-orm/node-postgres');
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // an idle connection the server closes (restart, failover, administrator command) is an event,
    // not a crash: the pool discards that client and the next query connects anew
    pool.on('error', idleConnectionLost);
    // fail fast with a clear message when the server is unreachable
    const client = await pool.connect();
    client.release();
    return { kind: 'postgresql', db: drizzle(pool) as unknown as Db, url: opts.databaseUrl, close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  let dir: string | undefined;
  if (!opts.inMemory) {
    dir = path.join(opts.dataDir ?? './data', 'pglite');
    fs.mkdirSync(dir, { recursive: true });
  }
  const client = await PGlite.create(dir);
  return { kind: 'pglite', db: drizzle(client) as unknown as Db, close: () => client.close() };
}

interface Journal {
  entries: { idx: number; tag: string }[];
}

let journal: Journal | undefined;
/** The migration journal shipped with this build (read once: it cannot change while the node runs). */
export function migrationJournal(): Journal {
  journal ??= JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as Journal;
  return journal;
}

/** Applies pending migrations; on a server, under an advisory lock so that many nodes may start at once. */
export async function migrate(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_DIR };
  if (database.kind === 'pglite') {
    const { migrate: run } = await import('drizzle-orm/pglite/migrator');
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await run(database.db as any, config);
    return;
  }
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate: run } = await import('drizzle-orm/node-postgres/migrator');
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(7410001)');
    await run(drizzle(client), config);
  } finally {
    await client.query('select pg_advisory_unlock(7410001)').catch(() => undefined);
    await client.end();
  }
}

/** The tag of the newest migration applied, e.g. "0000_init". */
export async function schemaVersion(db: Executor): Promise<string> {
  const [row] = await query<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  const n = Number(row?.n ?? 0);
  const entries = migrationJournal().entries;
  return n > 0 ? (entries[n - 1]?.tag ?? `unknown-${n}`) : 'none';
}

/** Runs raw SQL on either engine and answers its rows. */
export async function query<T>(db: Executor, statement: SQL): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}
