/**
 * The data-exchange gateway over HTTP: client-credential tokens, queries checked against grants
 * (only granted fields answered; no grant, fields outside, purpose, expired and revoked refused with
 * 403 and logged), the own-tables and remote HTTP adapters, the auditors' log, and the SM3 chain
 * detecting an edited and a deleted row. Runs on PGlite, or PostgreSQL with TEST_DATABASE_URL.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, ADMIN, engine, registeredPerson, sessionOf, type TestApp } from '../../test/harness.js';
import { seed } from '../../seed/seed.js';
import { demoIdNumber } from '../../seed/demo-identity.js';
import organisationsData from '../../seed/data/organisations.json' with { type: 'json' };
import { TEST_ORG } from '../../test/fixtures.js';
import type { Actor } from '../../platform/auth.js';
import * as identity from '../identity/service.js';
import * as service from './service.js';
import { exchangeLog } from './schema.js';

type Org = (typeof organisationsData)[number];
const orgNamed = (name: string) => organisationsData.find((o) => o.name === name)!;
const POLICE = orgNamed('浙江省公安厅');
const MARKET = orgNamed('浙江省市场监督管理局');
const FUND = orgNamed('杭州住房公积金管理中心');
const TAX = orgNamed('国家税务总局杭州市税务局');
const UNTIL = '2027-06-30';
const PERSON = { name: '赵交换', idNumber: demoIdNumber('330106', '19850315', 451), phone: '13800138451' };
const PURPOSE = '住房公积金贷款审核';
/** the node's own organisation (consumer of identity's population look-ups) */
const PLATFORM_ORG = TEST_ORG;
const REAL_NAME_PURPOSE = '统一身份认证实名核验';

let t: TestApp;
let remote: http.Server;
let remoteUrl = '';
const remoteCalls: unknown[] = [];
const ids = new Map<string, string>();
const h = new Map<string, string>();

const api = (method: 'GET' | 'POST' | 'PUT', url: string, who: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: h.get(who)! }, ...(payload === undefined ? {} : { payload: payload as object }) });
const json = <T>(res: { body: string }) => JSON.parse(res.body) as T;
const query = (token: string, payload: object) => t.app.inject({ method: 'POST', url: '/api/v1/exchange/query', headers: { authorization: `Bearer ${token}` }, payload });
const logRows = () => t.ctx.database.db.select().from(exchangeLog).orderBy(exchangeLog.seq);

async function tokenFor(org: Org): Promise<{ token: string; clientId: string; clientSecret: string }> {
  const cred = await api('POST', '/exchange/credentials', 'platform', { organisationId: ids.get(org.uscc), name: `${org.name}业务系统` });
  expect(cred.statusCode, cred.body).toBe(201);
  const { clientId, clientSecret } = json<{ clientId: string; clientSecret: string }>(cred);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/token', payload: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } });
  expect(res.statusCode, res.body).toBe(200);
  return { token: json<{ access_token: string }>(res).access_token, clientId, clientSecret };
}

beforeAll(async () => {
  t = await createTestApp({ registryExchange: { consumerUscc: PLATFORM_ORG.uscc, resourceCode: '330000-RK-0001', purpose: REAL_NAME_PURPOSE } });
  await seed(t.ctx.database.db, { demo: false });
  for (const org of [POLICE, MARKET, FUND, TAX, PLATFORM_ORG]) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: org });
    expect(res.statusCode, res.body).toBe(201);
    ids.set(org.uscc, json<{ id: string }>(res).id);
  }
  await seed(t.ctx.database.db, { demo: true });
  const orgAdmin = async (org: Org) => (await sessionOf(t, { kind: 'staff', roles: [{ role: 'org_admin', regionCode: org.regionCode, organisationId: ids.get(org.uscc)! }] })).cookie;
  h.set('police', await orgAdmin(POLICE));
  h.set('market', await orgAdmin(MARKET));
  h.set('fund', await orgAdmin(FUND));
  h.set('tax', await orgAdmin(TAX));
  h.set('platformOrg', await orgAdmin(PLATFORM_ORG as unknown as Org));
  h.set('platform', (await sessionOf(t, { kind: 'staff', roles: [{ role: 'platform_admin', regionCode: '330000' }] })).cookie);
  h.set('auditor', (await sessionOf(t, { kind: 'staff', roles: [{ role: 'auditor', regionCode: '330000' }] })).cookie);
  h.set('auditorJS', (await sessionOf(t, { kind: 'staff', roles: [{ role: 'auditor', regionCode: '320000' }] })).cookie);
  await registeredPerson(t, PERSON);
  // the enterprise registry's remote endpoint (a provider's own system)
  remote = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const ask = JSON.parse(body) as { key: { uscc?: string } };
      remoteCalls.push(ask);
      if (ask.key.uscc === 'boom') return res.writeHead(500).end();
      if (ask.key.uscc !== '91330106MA2XXXXX1X') return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ uscc: '91330106MA2XXXXX1X', name: '杭州西湖奶茶有限公司', status: 'active', businessScope: '餐饮服务', legalRepresentative: '钱某' }));
    });
  });
  await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
  remoteUrl = `http://127.0.0.1:${(remote.address() as AddressInfo).port}/registry`;
}, 180_000);
afterAll(async () => {
  remote?.close();
  await t?.close();
});

describe(`exchange gateway on ${engine}`, () => {
  let fund: { token: string; clientId: string; clientSecret: string };
  let tax: { token: string };
  let populationGrant = '';

  it('issues tokens for client credentials (JSON, form, Basic) and refuses wrong ones', async () => {
    fund = await tokenFor(FUND);
    tax = await tokenFor(TAX);
    const form = await t.app.inject({
      method: 'POST', url: '/api/v1/exchange/token', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${fund.clientId}&client_secret=${encodeURIComponent(fund.clientSecret)}`,
    });
    expect(form.statusCode, form.body).toBe(200);
    expect(json<{ token_type: string; expires_in: number }>(form)).toMatchObject({ token_type: 'Bearer', expires_in: 600 });
    expect(form.headers['cache-control']).toBe('no-store');
    const basic = await t.app.inject({
      method: 'POST', url: '/api/v1/exchange/token', headers: { authorization: `Basic ${Buffer.from(`${fund.clientId}:${fund.clientSecret}`).toString('base64')}` }, payload: { grant_type: 'client_credentials' },
    });
    expect(basic.statusCode, basic.body).toBe(200);
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/token', payload: { grant_type: 'client_credentials', client_id: fund.clientId, client_secret: 'wrong' } });
    expect(wrong.statusCode).toBe(401);
    expect(json<{ error: string }>(wrong).error).toBe('invalid_client');
    // an organisation's administrator manages its own systems only
    expect((await api('POST', '/exchange/credentials', 'market', { organisationId: ids.get(FUND.uscc), name: 'x' })).statusCode).toBe(403);
    expect((await api('GET', `/exchange/credentials?organisationId=${ids.get(FUND.uscc)}`, 'fund')).statusCode).toBe(200);
    // a bad or missing bearer token
    expect((await query('nope', { resourceCode: '330000-RK-0001', purpose: PURPOSE, fields: ['name'], key: { idNumber: PERSON.idNumber } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/exchange/query', headers: { cookie: h.get('fund')! }, payload: {} })).statusCode).toBe(401);
  });

  it('refuses a consumer without a grant (403, logged)', async () => {
    const before = (await logRows()).length;
    const res = await query(fund.token, { resourceCode: '330000-RK-0001', purpose: PURPOSE, fields: ['name'], key: { idNumber: PERSON.idNumber } });
    expect(res.statusCode, res.body).toBe(403);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(json<{ reason: string }>(res).reason).toBe('no-grant');
    const rows = await logRows();
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toMatchObject({ outcome: 'no-grant', consumerOrgId: ids.get(FUND.uscc), providerOrgId: ids.get(POLICE.uscc), resourceCode: '330000-RK-0001', responseDigest: null });
  });

  it('answers only the granted fields from the population registry, with the digest logged', async () => {
    const req = await api('POST', '/sharing/requests', 'fund', { resourceCode: '330000-RK-0001', fields: ['idNumber', 'name', 'gender', 'birthDate'], purpose: PURPOSE, legalBasis: '《住房公积金管理条例》', until: UNTIL });
    expect(req.statusCode, req.body).toBe(201);
    const approved = await api('POST', `/sharing/requests/${json<{ id: string }>(req).id}/approve`, 'police', {});
    expect(approved.statusCode, approved.body).toBe(200);
    populationGrant = json<{ grantId: string }>(approved).grantId;
    // no adapter yet: 503, logged
    const unconfigured = await query(fund.token, { resourceCode: '330000-RK-0001', purpose: PURPOSE, fields: ['name'], key: { idNumber: PERSON.idNumber } });
    expect(unconfigured.statusCode).toBe(503);
    // only the provider configures the adapter
    expect((await api('PUT', '/exchange/adapters/330000-RK-0001', 'fund', { kind: 'population' })).statusCode).toBe(403);
    expect((await api('PUT', '/exchange/adapters/330000-RK-0001', 'police', { kind: 'population' })).statusCode).toBe(200);
    // the provider reads it back; the consumer may not
    expect(json<{ adapter: { kind: string; url: string | null } | null }>(await api('GET', '/exchange/adapters/330000-RK-0001', 'police')).adapter).toMatchObject({ kind: 'population', url: null });
    expect((await api('GET', '/exchange/adapters/330000-RK-0001', 'fund')).statusCode).toBe(403);
    expect(json<{ adapter: unknown }>(await api('GET', '/exchange/adapters/330000-SB-0001', 'platform')).adapter ?? null).toBeNull();
    const res = await query(fund.token, { resourceCode: '330000-RK-0001', purpose: PURPOSE, fields: ['name', 'gender', 'birthDate'], key: { idNumber: PERSON.idNumber } });
    expect(res.statusCode, res.body).toBe(200);
    const body = json<{ exchangeId: string; data: Record<string, unknown> }>(res);
    expect(body.data).toEqual({ name: PERSON.name, gender: '1', birthDate: '1985-03-15' });
    const row = (await logRows()).at(-1)!;
    expect(row).toMatchObject({ id: body.exchangeId, outcome: 'granted', grantId: populationGrant, fields: ['name', 'gender', 'birthDate'] });
    const { createHash } = await import('node:crypto');
    expect(row.responseDigest).toBe(createHash('sm3').update(res.body).digest('hex'));
    // unknown person: 404, logged
    const missing = await query(fund.token, { resourceCode: '330000-RK-0001', purpose: PURPOSE, fields: ['name'], key: { idNumber: demoIdNumber('330106', '19700101', 999) } });
    expect(missing.statusCode).toBe(404);
    expect((await logRows()).at(-1)!.outcome).toBe('not-found');
  });

  it('refuses fields outside the grant and another purpose (403, logged)', async () => {
    const outside = await query(fund.token, { resourceCode: '330000-RK-0001', purpose: PURPOSE, fields: ['name', 'householdAddress'], key: { idNumber: PERSON.idNumber } });
    expect(outside.statusCode).toBe(403);
    expect(json<{ reason: string }>(outside).reason).toBe('fields-outside-grant');
    expect((await logRows()).at(-1)!.outcome).toBe('fields-outside-grant');
    const purpose = await query(fund.token, { resourceCode: '330000-RK-0001', purpose: '其他用途', fields: ['name'], key: { idNumber: PERSON.idNumber } });
    expect(json<{ reason: string }>(purpose).reason).toBe('purpose-mismatch');
    expect((await logRows()).at(-1)!.outcome).toBe('purpose-mismatch');
  });

  it('fetches through a remote HTTP adapter (unconditional grant)', async () => {
    const req = await api('POST', '/sharing/requests', 'fund', { resourceCode: '330000-QY-0001', fields: ['uscc', 'name', 'status'], purpose: '单位缴存登记核验', legalBasis: '《住房公积金管理条例》第十四条', until: UNTIL });
    expect(req.statusCode, req.body).toBe(201);
    expect((await api('PUT', '/exchange/adapters/330000-QY-0001', 'market', { kind: 'http', url: remoteUrl })).statusCode).toBe(200);
    const res = await query(fund.token, { resourceCode: '330000-QY-0001', purpose: '单位缴存登记核验', fields: ['name', 'status'], key: { uscc: '91330106MA2XXXXX1X' } });
    expect(res.statusCode, res.body).toBe(200);
    // the provider answered more than was granted; only the requested, granted fields go on
    expect(json<{ data: unknown }>(res).data).toEqual({ name: '杭州西湖奶茶有限公司', status: 'active' });
    expect(remoteCalls.at(-1)).toEqual({ resourceCode: '330000-QY-0001', fields: ['name', 'status'], key: { uscc: '91330106MA2XXXXX1X' } });
    const failing = await query(fund.token, { resourceCode: '330000-QY-0001', purpose: '单位缴存登记核验', fields: ['name'], key: { uscc: 'boom' } });
    expect(failing.statusCode).toBe(502);
    expect((await logRows()).at(-1)!.outcome).toBe('provider-error');
  });

  it('refuses an expired or revoked grant (403, logged)', async () => {
    const later = new Date('2027-07-01T00:00:00Z');
    const consumer = await service.consumerOfToken(t.ctx.database.db, fund.token);
    const deps = { db: t.ctx.database.db, identity: t.ctx.identity, timeZone: t.ctx.config.timeZone, tokenSeconds: 600, remoteTimeoutMs: 2000 };
    await expect(service.query(deps, consumer, { resourceCode: '330000-RK-0001', purpose: PURPOSE, fields: ['name'], key: { idNumber: PERSON.idNumber } }, later)).rejects.toMatchObject({ status: 403, extensions: { reason: 'expired' } });
    expect((await logRows()).at(-1)!.outcome).toBe('expired');
    const revoked = await api('POST', `/sharing/grants/${populationGrant}/revoke`, 'police', { reason: '停止合作' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    const res = await query(fund.token, { resourceCode: '330000-RK-0001', purpose: PURPOSE, fields: ['name'], key: { idNumber: PERSON.idNumber } });
    expect(res.statusCode).toBe(403);
    expect(json<{ reason: string }>(res).reason).toBe('revoked');
    expect((await logRows()).at(-1)!.outcome).toBe('revoked');
  });

  it('lists the log to auditors of the region, with filters', async () => {
    const all = await api('GET', '/exchange/log?pageSize=200', 'auditor');
    expect(all.statusCode, all.body).toBe(200);
    const list = json<{ items: { outcome: string; resourceCode: string }[]; total: number }>(all);
    expect(list.total).toBe((await logRows()).length);
    const refused = json<{ items: { outcome: string }[] }>(await api('GET', '/exchange/log?outcome=no-grant', 'auditor'));
    expect(refused.items.length).toBeGreaterThan(0);
    expect(refused.items.every((i) => i.outcome === 'no-grant')).toBe(true);
    const byResource = json<{ items: { resourceCode: string }[] }>(await api('GET', `/exchange/log?resourceCode=330000-QY-0001&consumerOrgId=${ids.get(FUND.uscc)}`, 'auditor'));
    expect(byResource.items.length).toBe(2);
    const future = json<{ total: number }>(await api('GET', '/exchange/log?from=2030-01-01', 'auditor'));
    expect(future.total).toBe(0);
    expect(json<{ total: number }>(await api('GET', '/exchange/log', 'auditorJS')).total).toBe(0);
    // the rows name the organisations
    const named = json<{ items: { consumerOrgId: string; consumerName: string | null; providerName: string | null }[] }>(await api('GET', `/exchange/log?consumerOrgId=${ids.get(FUND.uscc)}`, 'auditor'));
    expect(named.items.length).toBeGreaterThan(0);
    expect(named.items.every((i) => i.consumerName === FUND.name)).toBe(true);
    expect(named.items.some((i) => i.providerName === POLICE.name)).toBe(true);
    expect((await api('GET', '/exchange/log', 'fund')).statusCode).toBe(403);
  });

  it('revoking a credential ends its tokens; a rotated secret replaces the old one', async () => {
    const tx = await tokenFor(TAX);
    expect((await api('POST', `/exchange/credentials/${fund.clientId}/secret`, 'fund')).statusCode).toBe(200);
    expect((await query(fund.token, { resourceCode: '330000-QY-0001', purpose: '单位缴存登记核验', fields: ['name'], key: { uscc: '91330106MA2XXXXX1X' } })).statusCode).toBe(401);
    const old = await t.app.inject({ method: 'POST', url: '/api/v1/exchange/token', payload: { grant_type: 'client_credentials', client_id: fund.clientId, client_secret: fund.clientSecret } });
    expect(old.statusCode).toBe(401);
    const taxClient = (await service.consumerOfToken(t.ctx.database.db, tx.token)).clientId;
    expect((await api('POST', `/exchange/credentials/${taxClient}/revoke`, 'tax')).statusCode).toBe(200);
    expect((await query(tx.token, { resourceCode: '330000-QY-0001', purpose: 'x', fields: ['name'], key: { uscc: '1' } })).statusCode).toBe(401);
  });

  it('raises a person to level 3 through the gateway, logged as an exchange of the node’s own organisation', async () => {
    const other = { name: '孙核验', idNumber: demoIdNumber('330106', '19920720', 452), phone: '13800138452' };
    const accountId = await registeredPerson(t, other);
    const actor: Actor = { accountId, sessionId: 'test', kind: 'person', level: 2, amr: ['pwd'], roles: [], passwordChangeRequired: false };
    // without a grant the check cannot be made: 503, and the refusal is on record
    await expect(identity.verifyWithRegistry(t.ctx.identity, actor)).rejects.toMatchObject({ status: 503, extensions: { reason: 'no-grant' } });
    expect((await logRows()).at(-1)).toMatchObject({ clientId: service.IDENTITY_CLIENT, consumerOrgId: ids.get(PLATFORM_ORG.uscc), outcome: 'no-grant' });
    const req = await api('POST', '/sharing/requests', 'platformOrg', { resourceCode: '330000-RK-0001', fields: ['name', 'status'], purpose: REAL_NAME_PURPOSE, legalBasis: '《网络安全法》第二十四条', until: UNTIL });
    expect(req.statusCode, req.body).toBe(201);
    expect((await api('POST', `/sharing/requests/${json<{ id: string }>(req).id}/approve`, 'police', {})).statusCode).toBe(200);
    // the police's adapter was set above (population registry); the grant for fund was revoked, not this one
    expect(await identity.verifyWithRegistry(t.ctx.identity, actor)).toEqual({ level: 3, result: 'verified' });
    expect((await logRows()).at(-1)).toMatchObject({ clientId: service.IDENTITY_CLIENT, outcome: 'granted', fields: ['name', 'status'], purpose: REAL_NAME_PURPOSE });
    // a wrong name is a mismatch, an unknown number not found (both logged as exchanges)
    const registry = t.ctx.identity.population;
    expect(await registry.verifyPerson(t.ctx.database.db, '别人', other.idNumber)).toBe('mismatch');
    expect(await registry.verifyPerson(t.ctx.database.db, other.name, demoIdNumber('330106', '19700101', 998))).toBe('not_found');
    expect((await logRows()).at(-1)!.outcome).toBe('not-found');
  });

  it('keeps one chain under concurrent exchanges', async () => {
    const before = (await logRows()).length;
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) => query(tax.token, { resourceCode: '330000-RK-0001', purpose: `并发 ${i}`, fields: ['name'], key: { idNumber: PERSON.idNumber } })),
    );
    expect(answers.every((a) => a.statusCode === 403)).toBe(true);
    expect((await logRows()).length).toBe(before + 25);
    expect((await service.verifyLog(t.ctx.database.db)).brokenAt).toBeNull();
  });

  it('verifies the chain and detects an edited and a deleted row', async () => {
    const db = t.ctx.database.db;
    const intact = await service.verifyLog(db);
    expect(intact.brokenAt).toBeNull();
    const rows = await logRows();
    expect(intact.entries).toBe(rows.length);
    expect(rows.length).toBeGreaterThan(6);
    // an edited row: the chain breaks at it
    await db.update(exchangeLog).set({ outcome: 'granted' }).where(eq(exchangeLog.seq, rows[0]!.seq));
    expect((await service.verifyLog(db)).brokenAt).toBe(rows[0]!.seq);
    await db.update(exchangeLog).set({ outcome: rows[0]!.outcome }).where(eq(exchangeLog.seq, rows[0]!.seq));
    expect((await service.verifyLog(db)).brokenAt).toBeNull();
    // the auditors' route answers the same verification; nobody else may ask
    const verification = async () => {
      const res = await api('GET', '/exchange/log/verification', 'auditor');
      expect(res.statusCode, res.body).toBe(200);
      return json<{ entries: number; brokenAt: number | null; checkedAt: string }>(res);
    };
    expect(await verification()).toMatchObject({ entries: rows.length, brokenAt: null });
    expect((await api('GET', '/exchange/log/verification', 'fund')).statusCode).toBe(403);
    expect((await api('GET', '/exchange/log/verification', 'platform')).statusCode).toBe(403);
    await db.update(exchangeLog).set({ purpose: '改过的用途' }).where(eq(exchangeLog.seq, rows[2]!.seq));
    expect(await verification()).toMatchObject({ entries: rows.length, brokenAt: rows[2]!.seq });
    await db.update(exchangeLog).set({ purpose: rows[2]!.purpose }).where(eq(exchangeLog.seq, rows[2]!.seq));
    // a deleted row: the chain breaks at the next one
    await db.delete(exchangeLog).where(eq(exchangeLog.seq, rows[3]!.seq));
    expect((await service.verifyLog(db)).brokenAt).toBe(rows[4]!.seq);
    expect(await verification()).toMatchObject({ entries: rows.length - 1, brokenAt: rows[4]!.seq });
  });
});
