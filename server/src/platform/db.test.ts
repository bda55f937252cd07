/**
 * The PostgreSQL pool survives the server closing its idle connections (restart, failover,
 * `pg_terminate_backend`): no uncaught error, and the next query connects anew. PGlite has no
 * connections to lose, so this runs on the server engine only.
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, engine, type TestApp } from '../test/harness.js';
import { query } from './db.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe.runIf(engine === 'postgresql')('database connections on postgresql', () => {
  it('keeps working after the server terminates its idle connections', async () => {
    const db = t.ctx.database.db;
    const [{ name }] = (await query<{ name: string }>(db, sql`select current_database() as name`)) as [{ name: string }];
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [name]);
    await admin.end();
    expect(killed.rowCount).toBeGreaterThan(0);
    // the pool hears of it (an error event on the idle client), discards the client, connects anew
    await new Promise((r) => setTimeout(r, 200));
    const again = await query<{ one: number }>(db, sql`select 1 as one`);
    expect(again).toEqual([{ one: 1 }]);
  });
});
