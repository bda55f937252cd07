/**
 * Test harness: a real app from buildApp on in-memory PGlite, or on a fresh database of the
 * PostgreSQL server named by TEST_DATABASE_URL (one database per test file, dropped afterwards).
 */
import { rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { buildApp, type BuiltApp } from '../app.js';
import { testConfig, type Config } from '../config.js';
import { migrate, openDatabase, type Database } from '../platform/db.js';
import { newId } from '../platform/ids.js';
import { secretsForTests } from '../platform/secrets.js';
import { insertStaff } from '../modules/identity/staff.js';
import { hashPassword } from '../modules/identity/passwords.js';
import { sessions } from '../modules/identity/schema.js';
import { tokenHash } from '../modules/identity/service.js';

/** Session of the test app's administrator (platform and catalogue administrator of the province). */
export const ADMIN_SESSION_TOKEN = 'test-admin-session-0123456789abcdefghijklmnop';
export const ADMIN = { cookie: `ow_session=${ADMIN_SESSION_TOKEN}` };
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
  const config = testConfig(overrides);
  const built = await buildApp(config, { database, secrets: await secretsForTests(config) });
  await built.app.ready();
  await database.db.transaction(async (tx) => {
    const grants = [
      { role: 'platform_admin' as const, regionCode: '330000', organisationId: null },
      { role: 'catalogue_admin' as const, regionCode: '330000', organisationId: null },
    ];
    const id = await insertStaff(tx, built.ctx.identity, { username: 'test.admin', name: '测试管理员', phone: '13900009999' }, await hashPassword('Test@admin-2026'), grants, 'test', false);
    const now = new Date();
    const later = new Date(now.getTime() + 86_400_000);
    await tx.insert(sessions).values({ id: newId(), tokenHash: tokenHash(ADMIN_SESSION_TOKEN), accountId: id, level: 3, amr: ['pwd'], createdAt: now, lastSeenAt: now, expiresAt: later, absoluteExpiresAt: later });
  });
  return {
    ...built,
    close: async () => {
      await built.app.close();
      await database.close();
      await drop();
      if (config.files.store === 'local') await rm(config.files.dir, { recursive: true, force: true });
    },
  };
}

export type Persona =
  | { kind: 'staff'; roles: { role: import('@onewindow/domain').StaffRole; regionCode: string; organisationId?: string | null }[] }
  | { kind: 'person'; level?: number };

let personaSeq = 0;
/**
 * Headers of a fresh signed-in account of the persona (made directly in the database, so that a
 * role matrix needs no login round trips; the login itself is tested in identity.test.ts).
 */
export async function sessionOf(t: TestApp, persona: Persona): Promise<{ cookie: string; accountId: string }> {
  const token = `persona-${++personaSeq}-${randomBytes(16).toString('hex')}`;
  const deps = t.ctx.identity;
  let accountId = '';
  await t.ctx.database.db.transaction(async (tx) => {
    const seq = String(personaSeq).padStart(4, '0');
    if (persona.kind === 'staff') {
      const grants = persona.roles.map((r) => ({ role: r.role, regionCode: r.regionCode, organisationId: r.organisationId ?? null }));
      accountId = await insertStaff(tx, deps, { username: `persona.${seq}`, name: '测试人员', phone: `1390000${seq}` }, 'not-a-hash', grants, 'test', false);
    } else {
      const { protect } = await import('../platform/personal-data.js');
      const { accounts } = await import('../modules/identity/schema.js');
      const { demoIdNumber } = await import('../seed/demo-identity.js');
      const now = new Date();
      accountId = newId();
      const id = protect(deps.keyring, deps.indexKey, 'idNumber', demoIdNumber('330106', '19800101', 100 + (personaSeq % 800)) + '');
      const phone = protect(deps.keyring, deps.indexKey, 'phone', `1370000${seq}`);
      const name = protect(deps.keyring, deps.indexKey, 'name', '测试居民');
      await tx.insert(accounts).values({ id: accountId, kind: 'person', nameCipher: name.cipher, nameIndex: name.index, idNumberCipher: id.cipher, idNumberIndex: `${id.index}-${seq}`, phoneCipher: phone.cipher, phoneIndex: phone.index, passwordHash: 'not-a-hash', passwordChangedAt: now, level: persona.level ?? 2, createdAt: now, updatedAt: now });
    }
    const now = new Date();
    const later = new Date(now.getTime() + 86_400_000);
    await tx.insert(sessions).values({ id: newId(), tokenHash: tokenHash(token), accountId, level: persona.kind === 'person' ? (persona.level ?? 2) : 3, amr: ['pwd'], createdAt: now, lastSeenAt: now, expiresAt: later, absoluteExpiresAt: later });
  });
  return { cookie: `ow_session=${token}`, accountId };
}

/** Headers of a fresh session of an existing account (e.g. a `registeredPerson`), at the account's kind and `level`. */
export async function sessionForAccount(t: TestApp, accountId: string, level = 2): Promise<{ cookie: string; accountId: string }> {
  const token = `account-${++personaSeq}-${randomBytes(16).toString('hex')}`;
  const now = new Date();
  const later = new Date(now.getTime() + 86_400_000);
  await t.ctx.database.db.insert(sessions).values({ id: newId(), tokenHash: tokenHash(token), accountId, level, amr: ['pwd'], createdAt: now, lastSeenAt: now, expiresAt: later, absoluteExpiresAt: later });
  return { cookie: `ow_session=${token}`, accountId };
}

/**
 * A registered person who is also in the node's population registry (as someone who comes to a
 * service-hall window would be): level 2, real name and ID number, answering the account id.
 */
export async function registeredPerson(t: TestApp, person: { name: string; idNumber: string; phone: string }): Promise<string> {
  const { protect } = await import('../platform/personal-data.js');
  const { accounts } = await import('../modules/identity/schema.js');
  const { loadPopulation } = await import('../modules/identity/registry.js');
  const deps = t.ctx.identity;
  await loadPopulation(t.ctx.database.db, deps.keyring, deps.indexKey, [{ name: person.name, idNumber: person.idNumber }]);
  const p = (kind: 'name' | 'idNumber' | 'phone', v: string) => protect(deps.keyring, deps.indexKey, kind, v);
  const [n, i, ph] = [p('name', person.name), p('idNumber', person.idNumber), p('phone', person.phone)];
  const id = newId();
  const now = new Date();
  await t.ctx.database.db.insert(accounts).values({ id, kind: 'person', nameCipher: n.cipher, nameIndex: n.index, idNumberCipher: i.cipher, idNumberIndex: i.index, phoneCipher: ph.cipher, phoneIndex: ph.index, passwordHash: 'not-a-hash', passwordChangedAt: now, level: 2, createdAt: now, updatedAt: now });
  return id;
}
