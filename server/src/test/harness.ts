/**
 * Test harness: a real app from buildApp on in-memory PGlite, or on a fresh database of the
 * PostgreSQL server named by TEST_DATABASE_URL (one database per test file, dropped afterwards).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp, type BuiltApp } from '../app.js';
import { testConfig, type Config } from '../config.js';
import { migrate, openDatabase, type Database } from '../platform/db.js';

export const ADMIN = { authorization: 'Bearer test-admin-token-0123456789abcdef' };
export const engine = process.env.TEST_DATABASE_URL ? 'postgresql' : 'pglite';

async function freshDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const database = await openDatabase({ inMemory: true });
    return { database, drop: async () => undefined };
  }
  const name = `ow_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  return {
    database,
    drop: async () => {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestApp extends BuiltApp {
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const { database, drop } = await freshDatabase();
  await migrate(database);
  const built = await buildApp(testConfig(overrides), { database });
  await built.app.ready();
  return {
    ...built,
    close: async () => {
      await built.app.close();
      await database.close();
      await drop();
    },
  };
}
