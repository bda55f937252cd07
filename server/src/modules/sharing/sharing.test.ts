/**
 * Data sharing over HTTP and through the service (with a `now` for deadlines and expiry): the
 * catalogue, requests (unconditional, conditional, not shared), answers, grants, revocation,
 * scope, and the exchange gateway's checkGrant. Runs on PGlite, or PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, like } from 'drizzle-orm';
import { dateInZone, type AccessRequestView, type GrantView, type ResourceInput, type ResourceView } from '@onewindow/domain';
import { createTestApp, ADMIN, engine, sessionOf, type TestApp } from '../../test/harness.js';
import { seed } from '../../seed/seed.js';
import { auditLog } from '../../platform/schema.js';
import { verifyAudit } from '../../platform/audit.js';
import type { Actor } from '../../platform/auth.js';
import organisationsData from '../../seed/data/organisations.json' with { type: 'json' };
import * as service from './service.js';

type Org = (typeof organisationsData)[number];
const orgNamed = (name: string) => organisationsData.find((o) => o.name === name)!;
const POLICE = orgNamed('浙江省公安厅');
const MARKET = orgNamed('浙江省市场监督管理局');
const HRSS = orgNamed('浙江省人力资源和社会保障厅');
const PLANNING = orgNamed('杭州市规划和自然资源局');
/** the consumer of most tests */
const FUND = orgNamed('杭州住房公积金管理中心');
const TAX = orgNamed('国家税务总局杭州市税务局');

let t: TestApp;
const ids = new Map<string, string>();
const h = new Map<string, { cookie: string; accountId: string }>();
const UNTIL = '2027-06-30';

const api = (method: 'GET' | 'POST' | 'PUT', url: string, who: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { cookie: h.get(who)!.cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
const json = <T>(res: { body: string }) => JSON.parse(res.body) as T;

/** an Actor for direct service calls, as the session of `who` resolves */
function actorOf(who: string, roles: Actor['roles']): Actor {
  return { accountId: h.get(who)!.accountId, sessionId: 'test', kind: 'staff', level: 3, amr: ['pwd'], roles, passwordChangeRequired: false };
}
const orgAdminRoles = (org: Org): Actor['roles'] => [{ role: 'org_admin', regionCode: org.regionCode, organisationId: ids.get(org.uscc)! }];
const deps = () => ({ calendar: t.ctx.calendar, timeZone: t.ctx.config.timeZone, answerWorkingDays: t.ctx.config.sharingAnswerWorkingDays });

beforeAll(async () => {
  t = await createTestApp();
  await seed(t.ctx.database.db, { demo: false });
  for (const org of [POLICE, MARKET, HRSS, PLANNING, FUND, TAX]) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: org });
    expect(res.statusCode, res.body).toBe(201);
    ids.set(org.uscc, json<{ id: string }>(res).id);
  }
  // the demo catalogue: the organisations exist now, so only the resources are loaded
  const seeded = await seed(t.ctx.database.db, { demo: true });
  expect(seeded.resources).toBe(5);
  const orgAdmin = (org: Org) => sessionOf(t, { kind: 'staff', roles: [{ role: 'org_admin', regionCode: org.regionCode, organisationId: ids.get(org.uscc)! }] });
  h.set('police', await orgAdmin(POLICE));
  h.set('market', await orgAdmin(MARKET));
  h.set('hrss', await orgAdmin(HRSS));
  h.set('fund', await orgAdmin(FUND));
  h.set('tax', await orgAdmin(TAX));
  h.set('stewardZJ', await sessionOf(t, { kind: 'staff', roles: [{ role: 'data_steward', regionCode: '330000' }] }));
  h.set('stewardZJ2', await sessionOf(t, { kind: 'staff', roles: [{ role: 'data_steward', regionCode: '330000' }] }));
  h.set('stewardHZ', await sessionOf(t, { kind: 'staff', roles: [{ role: 'data_steward', regionCode: '330100' }] }));
  h.set('stewardJS', await sessionOf(t, { kind: 'staff', roles: [{ role: 'data_steward', regionCode: '320000' }] }));
  h.set('clerk', await sessionOf(t, { kind: 'staff', roles: [{ role: 'window_clerk', regionCode: FUND.regionCode, organisationId: ids.get(FUND.uscc)! }] }));
}, 180_000);
afterAll(async () => t?.close());

const marriage: ResourceInput = {
  code: '330000-MZ-0001',
  name: '婚姻登记信息',
  classification: '主题信息资源/民政',
  providerUscc: POLICE.uscc, // set per test
  summary: '婚姻登记的结婚、离婚记录。',
  format: 'JSON',
  fields: [
    { key: 'idNumber', name: '公民身份号码', type: 'code' },
    { key: 'status', name: '婚姻状况', type: 'code' },
  ],
  sharingType: 'conditional',
  sharingCondition: '办理住房、户籍等事项的部门',
  method: 'api',
  openData: 'closed',
  updateCycle: 'daily',
};

describe(`data sharing on ${engine}`, () => {
  it('loads the demo catalogue, published, with the sharing types of the registers', async () => {
    const res = await api('GET', '/sharing/resources?pageSize=50', 'clerk');
    expect(res.statusCode, res.body).toBe(200);
    const list = json<{ items: ResourceView[]; total: number }>(res);
    const byName = Object.fromEntries(list.items.map((r) => [r.name, r]));
    expect(list.total).toBe(5);
    expect(byName['人口基础信息']!.sharingType).toBe('conditional');
    expect(byName['人口基础信息']!.provider.uscc).toBe(POLICE.uscc);
    expect(byName['企业登记信息']!.sharingType).toBe('unconditional');
    expect(byName['社保参保信息']!.provider.name).toBe(HRSS.name);
    expect(byName['不动产登记信息']!.fields.map((f) => f.key)).toContain('unitNumber');
    expect(byName['人口生物特征信息']!.sharingType).toBe('none');
    expect(byName['人口生物特征信息']!.legalBasis).toContain('居民身份证法');
    expect(list.items.every((r) => r.status === 'published' && r.publishDate)).toBe(true);
    // search and filters
    const search = json<{ items: ResourceView[] }>(await api('GET', `/sharing/resources?q=${encodeURIComponent('人口')}`, 'clerk'));
    expect(search.items.map((r) => r.code).sort()).toEqual(['330000-RK-0001', '330000-RK-0002']);
    const unconditional = json<{ items: ResourceView[] }>(await api('GET', '/sharing/resources?sharingType=unconditional', 'clerk'));
    expect(unconditional.items.map((r) => r.code)).toEqual(['330000-QY-0001']);
  });

  it('registers, edits, publishes and withdraws a resource for its provider only', async () => {
    const input = { ...marriage, providerUscc: POLICE.uscc };
    // another organisation's administrator, or a steward of another province, cannot register it
    expect((await api('POST', '/sharing/resources', 'market', input)).statusCode).toBe(403);
    expect((await api('POST', '/sharing/resources', 'stewardJS', input)).statusCode).toBe(403);
    const created = await api('POST', '/sharing/resources', 'police', input);
    expect(created.statusCode, created.body).toBe(201);
    expect(json<ResourceView>(created)).toMatchObject({ status: 'draft', publishDate: null, provider: { uscc: POLICE.uscc, name: POLICE.name } });
    expect((await api('POST', '/sharing/resources', 'police', input)).statusCode).toBe(409);
    // a draft is seen by its managers only
    expect((await api('GET', `/sharing/resources/${input.code}`, 'fund')).statusCode).toBe(404);
    expect((await api('GET', `/sharing/resources/${input.code}`, 'stewardZJ')).statusCode).toBe(200);
    const drafts = json<{ items: ResourceView[] }>(await api('GET', '/sharing/resources?status=draft', 'police'));
    expect(drafts.items.map((r) => r.code)).toEqual([input.code]);
    expect(json<{ total: number }>(await api('GET', '/sharing/resources?status=draft', 'market')).total).toBe(0);
    // edits: metadata yes, code and provider no
    const edited = await api('PUT', `/sharing/resources/${input.code}`, 'stewardZJ', { ...input, summary: '婚姻登记的结婚、离婚、补领记录。' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await api('PUT', `/sharing/resources/${input.code}`, 'police', { ...input, providerUscc: MARKET.uscc })).statusCode).toBe(400);
    expect((await api('POST', `/sharing/resources/${input.code}/publish`, 'stewardJS')).statusCode).toBe(403);
    const published = await api('POST', `/sharing/resources/${input.code}/publish`, 'police');
    expect(published.statusCode, published.body).toBe(200);
    expect(json<ResourceView>(published).publishDate).toBe(dateInZone(new Date(), t.ctx.config.timeZone));
    expect((await api('POST', `/sharing/resources/${input.code}/publish`, 'police')).statusCode).toBe(409);
    expect((await api('GET', `/sharing/resources/${input.code}`, 'fund')).statusCode).toBe(200);
    const withdrawn = await api('POST', `/sharing/resources/${input.code}/withdraw`, 'police', { reason: '数据迁移至民政部门' });
    expect(json<ResourceView>(withdrawn)).toMatchObject({ status: 'withdrawn', withdrawal: { reason: '数据迁移至民政部门' } });
    // withdrawn: no new requests
    const req = await api('POST', '/sharing/requests', 'fund', { resourceCode: input.code, fields: ['status'], purpose: '住房公积金贷款审核', legalBasis: '《住房公积金管理条例》', until: UNTIL });
    expect(req.statusCode).toBe(409);
    const audit = await t.ctx.database.db.select().from(auditLog).where(eq(auditLog.entityId, input.code));
    expect(audit.map((a) => a.action)).toEqual(['sharing.resource.register', 'sharing.resource.update', 'sharing.resource.publish', 'sharing.resource.withdraw']);
  });

  it('checks the metadata: a resource not shared states its legal basis, a conditional one its condition', async () => {
    const none = await api('POST', '/sharing/resources', 'police', { ...marriage, code: '330000-X-0001', sharingType: 'none', sharingCondition: undefined });
    expect(none.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string; code: string }[] }>(none).errors).toContainEqual(expect.objectContaining({ pointer: '/body/legalBasis', code: 'sharing.legalBasisRequired' }));
    const conditional = await api('POST', '/sharing/resources', 'police', { ...marriage, code: '330000-X-0002', sharingCondition: undefined });
    expect(json<{ errors: { pointer: string }[] }>(conditional).errors.map((e) => e.pointer)).toContain('/body/sharingCondition');
    const dup = await api('POST', '/sharing/resources', 'police', { ...marriage, code: '330000-X-0003', fields: [marriage.fields[0], marriage.fields[0]] });
    expect(dup.statusCode).toBe(400);
  });

  it('grants an unconditional resource at once, recorded as automatic', async () => {
    const res = await api('POST', '/sharing/requests', 'fund', {
      resourceCode: '330000-QY-0001', fields: ['uscc', 'name', 'status'], purpose: '单位缴存登记核验', legalBasis: '《住房公积金管理条例》第十四条', until: UNTIL,
    });
    expect(res.statusCode, res.body).toBe(201);
    const req = json<AccessRequestView>(res);
    expect(req).toMatchObject({ status: 'granted', automatic: true, dueDate: null, overdue: false, answeredBy: 'system', consumer: { uscc: FUND.uscc }, provider: { uscc: MARKET.uscc } });
    expect(req.grantId).toBeTruthy();
    const grants = json<{ items: GrantView[] }>(await api('GET', '/sharing/grants?view=consumer', 'fund'));
    expect(grants.items.find((g) => g.id === req.grantId)).toMatchObject({ state: 'active', automatic: true, grantedBy: 'system', fields: ['uscc', 'name', 'status'], validUntil: UNTIL });
    // the provider sees it among its grants
    const given = json<{ items: GrantView[] }>(await api('GET', '/sharing/grants?view=provider', 'market'));
    expect(given.items.map((g) => g.id)).toContain(req.grantId);
    const audit = await t.ctx.database.db.select().from(auditLog).where(like(auditLog.action, 'sharing.%'));
    expect(audit.find((a) => a.action === 'sharing.grant.create' && a.entityId === req.grantId)?.detail).toMatchObject({ automatic: true, requestId: req.id });
    expect(audit.find((a) => a.action === 'sharing.request.grant' && a.entityId === req.id)?.actor).toBe('system');
  });

  it('refuses to take a request for a resource that is not shared (422), or for fields it lacks (400)', async () => {
    const none = await api('POST', '/sharing/requests', 'fund', { resourceCode: '330000-RK-0002', fields: ['idNumber'], purpose: '身份核验', legalBasis: '《居民身份证法》', until: UNTIL });
    expect(none.statusCode).toBe(422);
    expect(none.headers['content-type']).toContain('application/problem+json');
    expect(json<{ type: string; legalBasis: string }>(none)).toMatchObject({ type: 'https://onewindow.dev/problems/not-shareable' });
    const fields = await api('POST', '/sharing/requests', 'fund', { resourceCode: '330000-RK-0001', fields: ['idNumber', 'bloodType'], purpose: '身份核验', legalBasis: '依据', until: UNTIL });
    expect(fields.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string; code: string }[] }>(fields).errors).toEqual([expect.objectContaining({ pointer: '/body/fields/1', code: 'sharing.fieldOutside' })]);
    const past = await api('POST', '/sharing/requests', 'fund', { resourceCode: '330000-RK-0001', fields: ['idNumber'], purpose: '身份核验', legalBasis: '依据', until: '2020-01-01' });
    expect(past.statusCode).toBe(400);
    // an organisation does not request its own resource
    const own = await api('POST', '/sharing/requests', 'police', { resourceCode: '330000-RK-0001', fields: ['idNumber'], purpose: '身份核验', legalBasis: '依据', until: UNTIL });
    expect(own.statusCode).toBe(422);
    // a clerk is not a steward; an administrator of another organisation cannot request for the fund centre
    expect((await api('POST', '/sharing/requests', 'clerk', { resourceCode: '330000-RK-0001', fields: ['idNumber'], purpose: '身份核验', legalBasis: '依据', until: UNTIL })).statusCode).toBe(403);
    expect((await api('POST', '/sharing/requests', 'market', { resourceCode: '330000-RK-0001', consumerUscc: FUND.uscc, fields: ['idNumber'], purpose: '身份核验', legalBasis: '依据', until: UNTIL })).statusCode).toBe(403);
  });

  it('takes a conditional request to the provider, who approves fewer fields and a shorter validity', async () => {
    const created = await api('POST', '/sharing/requests', 'stewardHZ', {
      resourceCode: '330000-RK-0001', consumerUscc: FUND.uscc, fields: ['idNumber', 'name', 'householdAddress', 'maritalStatus'],
      purpose: '住房公积金提取  审核', legalBasis: '《住房公积金管理条例》第二十四条', until: UNTIL,
    });
    expect(created.statusCode, created.body).toBe(201);
    const req = json<AccessRequestView>(created);
    const today = dateInZone(new Date(), t.ctx.config.timeZone);
    expect(req).toMatchObject({ status: 'pending', automatic: false, overdue: false, purpose: '住房公积金提取 审核', grantId: null });
    expect(req.dueDate).toBe(t.ctx.calendar.addWorkingDays(today, 10));
    // the consumer sees it as mine, the provider as to-answer; a steward of another province sees neither
    expect(json<{ items: AccessRequestView[] }>(await api('GET', '/sharing/requests?view=mine', 'fund')).items.map((r) => r.id)).toContain(req.id);
    expect(json<{ items: AccessRequestView[] }>(await api('GET', '/sharing/requests?view=to-answer&status=pending', 'police')).items.map((r) => r.id)).toContain(req.id);
    expect(json<{ total: number }>(await api('GET', '/sharing/requests?view=to-answer', 'stewardJS')).total).toBe(0);
    expect((await api('GET', `/sharing/requests/${req.id}`, 'stewardJS')).statusCode).toBe(404);
    expect((await api('GET', `/sharing/requests/${req.id}`, 'fund')).statusCode).toBe(200);

    // scope: a steward of another province, the consumer, a city steward and the requester cannot answer
    expect((await api('POST', `/sharing/requests/${req.id}/approve`, 'stewardJS', {})).statusCode).toBe(403);
    expect((await api('POST', `/sharing/requests/${req.id}/approve`, 'fund', {})).statusCode).toBe(403);
    const own = await api('POST', `/sharing/requests/${req.id}/approve`, 'stewardHZ', {});
    expect(own.statusCode).toBe(403);
    expect((await api('POST', `/sharing/requests/${req.id}/refuse`, 'fund', { reason: '撤回' })).statusCode).toBe(403);
    // not wider than requested
    expect((await api('POST', `/sharing/requests/${req.id}/approve`, 'police', { fields: ['idNumber', 'gender'] })).statusCode).toBe(400);
    expect((await api('POST', `/sharing/requests/${req.id}/approve`, 'police', { until: '2028-01-01' })).statusCode).toBe(400);

    const approved = await api('POST', `/sharing/requests/${req.id}/approve`, 'stewardZJ', { fields: ['idNumber', 'name'], until: '2027-03-31', opinion: '户籍地址不在提取审核所需范围内' });
    expect(approved.statusCode, approved.body).toBe(200);
    const answer = json<AccessRequestView>(approved);
    expect(answer).toMatchObject({ status: 'granted', automatic: false, answeredBy: h.get('stewardZJ')!.accountId, opinion: '户籍地址不在提取审核所需范围内' });
    expect((await api('POST', `/sharing/requests/${req.id}/approve`, 'police', {})).statusCode).toBe(409);
    const grants = json<{ items: GrantView[] }>(await api('GET', '/sharing/grants?view=consumer&resourceCode=330000-RK-0001', 'fund'));
    expect(grants.items).toHaveLength(1);
    expect(grants.items[0]).toMatchObject({ id: answer.grantId, fields: ['idNumber', 'name'], validUntil: '2027-03-31', state: 'active', purpose: '住房公积金提取 审核' });

    const check = await service.checkGrant(t.ctx.database.db, { consumerOrgId: ids.get(FUND.uscc)!, resourceCode: '330000-RK-0001', fields: ['name'], purpose: '住房公积金提取 审核' });
    expect(check).toMatchObject({ ok: true, grant: { id: answer.grantId } });
    const outside = await service.checkGrant(t.ctx.database.db, { consumerOrgId: ids.get(FUND.uscc)!, resourceCode: '330000-RK-0001', fields: ['name', 'householdAddress'], purpose: '住房公积金提取 审核' });
    expect(outside).toEqual({ ok: false, reason: 'fields-outside-grant' });
  });

  it('refuses a conditional request with the reason', async () => {
    const req = json<AccessRequestView>(await api('POST', '/sharing/requests', 'tax', { resourceCode: '330000-SB-0001', fields: ['idNumber', 'paidMonths'], purpose: '个税专项附加扣除核验', legalBasis: '《个人所得税法》', until: UNTIL }));
    expect(req.status).toBe('pending');
    expect((await api('POST', `/sharing/requests/${req.id}/refuse`, 'hrss', {})).statusCode).toBe(400);
    const refused = await api('POST', `/sharing/requests/${req.id}/refuse`, 'hrss', { reason: '该用途应经本人授权，请通过免证办授权渠道申请' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(json<AccessRequestView>(refused)).toMatchObject({ status: 'refused', refusalReason: '该用途应经本人授权，请通过免证办授权渠道申请', grantId: null });
    expect((await api('POST', `/sharing/requests/${req.id}/approve`, 'hrss', {})).statusCode).toBe(409);
    const check = await service.checkGrant(t.ctx.database.db, { consumerOrgId: ids.get(TAX.uscc)!, resourceCode: '330000-SB-0001', fields: ['idNumber'], purpose: '个税专项附加扣除核验' });
    expect(check).toEqual({ ok: false, reason: 'no-grant' });
    const audit = await t.ctx.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, req.id), eq(auditLog.action, 'sharing.request.refuse')));
    expect(audit[0]?.detail).toMatchObject({ reason: '该用途应经本人授权，请通过免证办授权渠道申请' });
  });

  it('flags a pending request overdue after its answer date (working days, configurable)', async () => {
    const db = t.ctx.database.db;
    const fund = actorOf('fund', orgAdminRoles(FUND));
    // Friday 2026-09-25, before the National Day holiday (10-01…10-08; 09-28 and 10-10 are working Sundays/Saturdays)
    const at = new Date('2026-09-25T02:00:00Z');
    const input = { resourceCode: '330100-BDC-0001', fields: ['unitNumber', 'owner'], purpose: '公积金贷款房产核验', legalBasis: '《住房公积金管理条例》', until: UNTIL };
    const req = await db.transaction((tx) => service.createRequest(tx, deps(), fund, input, at));
    expect(req.dueDate).toBe(t.ctx.calendar.addWorkingDays('2026-09-25', 10));
    expect(req.dueDate! > '2026-10-09').toBe(true); // the holiday does not count
    const onDue = await service.getRequest(db, deps(), fund, req.id, new Date(`${req.dueDate}T08:00:00Z`));
    expect(onDue.overdue).toBe(false);
    const after = new Date(Date.parse(`${req.dueDate}T08:00:00Z`) + 86_400_000);
    expect((await service.getRequest(db, deps(), fund, req.id, after)).overdue).toBe(true);
    const overdue = await service.listRequests(db, deps(), fund, { view: 'mine', overdue: true, page: 1, pageSize: 50 }, after);
    expect(overdue.items.map((r) => r.id)).toEqual([req.id]);
    expect(overdue.items[0]!.overdue).toBe(true);
    // a shorter configured answer time
    const quick = await db.transaction((tx) => service.createRequest(tx, { ...deps(), answerWorkingDays: 3 }, fund, { ...input, purpose: '另一用途' }, at));
    expect(quick.dueDate).toBe('2026-09-30');
    // answered late: no longer overdue, the audit entry says it was
    const planning = actorOf('stewardHZ', [{ role: 'data_steward', regionCode: '330100', organisationId: null }]);
    const refused = await db.transaction((tx) => service.refuseRequest(tx, deps(), planning, req.id, '产权信息须经权利人授权', after));
    expect(refused.overdue).toBe(false);
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.entityId, req.id), eq(auditLog.action, 'sharing.request.refuse')));
    expect(entry?.detail).toMatchObject({ overdue: true });
  });

  it('expires grants at the end of their last day and lets the provider revoke them', async () => {
    const db = t.ctx.database.db;
    const tax = actorOf('tax', orgAdminRoles(TAX));
    const today = dateInZone(new Date(), t.ctx.config.timeZone);
    // valid until today only: granted at once (unconditional)
    const req = await db.transaction((tx) => service.createRequest(tx, deps(), tax, { resourceCode: '330000-QY-0001', fields: ['uscc', 'name'], purpose: '税务登记信息比对', legalBasis: '《税收征收管理法》', until: today }));
    const ask = { consumerOrgId: ids.get(TAX.uscc)!, resourceCode: '330000-QY-0001', fields: ['name'], purpose: '税务登记信息比对' };
    expect(await service.checkGrant(db, ask)).toMatchObject({ ok: true, grant: { id: req.grantId, validUntil: today } });
    const tomorrow = new Date(service.endOfDayInZone(today, t.ctx.config.timeZone).getTime() + 1);
    expect(await service.checkGrant(db, { ...ask, at: tomorrow })).toEqual({ ok: false, reason: 'expired' });
    const expired = await service.listGrants(db, tax, { view: 'consumer', state: 'expired', page: 1, pageSize: 20 }, tomorrow);
    expect(expired.items.map((g) => g.id)).toEqual([req.grantId]);
    expect(expired.items[0]!.state).toBe('expired');

    // revocation (a longer grant for another purpose)
    const long = json<AccessRequestView>(await api('POST', '/sharing/requests', 'tax', { resourceCode: '330000-QY-0001', fields: ['uscc', 'name', 'address'], purpose: '发票领用核验', legalBasis: '《发票管理办法》', until: UNTIL }));
    expect((await api('POST', `/sharing/grants/${long.grantId}/revoke`, 'tax', { reason: '不再需要' })).statusCode).toBe(403);
    expect((await api('POST', `/sharing/grants/${long.grantId}/revoke`, 'stewardJS', { reason: '越权' })).statusCode).toBe(403);
    expect((await api('POST', `/sharing/grants/${long.grantId}/revoke`, 'market', {})).statusCode).toBe(400);
    const revoked = await api('POST', `/sharing/grants/${long.grantId}/revoke`, 'market', { reason: '发现超范围使用' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(json<GrantView>(revoked)).toMatchObject({ state: 'revoked', revocation: { reason: '发现超范围使用', by: h.get('market')!.accountId } });
    expect((await api('POST', `/sharing/grants/${long.grantId}/revoke`, 'market', { reason: '再次撤销' })).statusCode).toBe(409);
    expect(await service.checkGrant(db, { ...ask, purpose: '发票领用核验' })).toEqual({ ok: false, reason: 'revoked' });
    // before the revocation the grant held
    const grantedAt = new Date(json<GrantView>(revoked).grantedAt);
    expect(await service.checkGrant(db, { ...ask, purpose: '发票领用核验', at: grantedAt })).toMatchObject({ ok: true, grant: { id: long.grantId } });
    expect(json<{ items: GrantView[] }>(await api('GET', '/sharing/grants?view=consumer&state=revoked', 'tax')).items.map((g) => g.id)).toEqual([long.grantId]);
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.entityId, long.grantId!), eq(auditLog.action, 'sharing.grant.revoke')));
    expect(entry?.detail).toMatchObject({ reason: '发现超范围使用' });
  });

  it('answers checkGrant refusals: no grant, other purpose, fields outside, expired, revoked', async () => {
    const db = t.ctx.database.db;
    const fundId = ids.get(FUND.uscc)!;
    // the fund centre holds the enterprise-registration grant of the unconditional test
    const base = { consumerOrgId: fundId, resourceCode: '330000-QY-0001', fields: ['uscc', 'status'], purpose: '单位缴存登记核验' };
    expect(await service.checkGrant(db, base)).toMatchObject({ ok: true, grant: { consumerOrgId: fundId, fields: ['uscc', 'name', 'status'] } });
    expect(await service.checkGrant(db, { ...base, purpose: ' 单位缴存登记核验 ' })).toMatchObject({ ok: true });
    expect(await service.checkGrant(db, { ...base, consumerOrgId: ids.get(PLANNING.uscc)! })).toEqual({ ok: false, reason: 'no-grant' });
    expect(await service.checkGrant(db, { ...base, resourceCode: '330100-BDC-0001' })).toEqual({ ok: false, reason: 'no-grant' });
    expect(await service.checkGrant(db, { ...base, purpose: '营销' })).toEqual({ ok: false, reason: 'purpose-mismatch' });
    expect(await service.checkGrant(db, { ...base, fields: ['uscc', 'legalRepresentative'] })).toEqual({ ok: false, reason: 'fields-outside-grant' });
    expect(await service.checkGrant(db, { ...base, at: new Date('2027-07-01T00:00:00Z') })).toEqual({ ok: false, reason: 'expired' });
    // before the grant existed
    expect(await service.checkGrant(db, { ...base, at: new Date('2020-01-01T00:00:00Z') })).toEqual({ ok: false, reason: 'no-grant' });
  });

  it('keeps the audit chain intact', async () => {
    expect(await verifyAudit(t.ctx.database.db)).toMatchObject({ brokenAt: null });
  });
});
