import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { dateInZone } from '@onewindow/domain';
import { organUscc } from '@onewindow/domain/testing';
import { createTestApp, ADMIN, engine, sessionOf, type TestApp } from '../../test/harness.js';
import { multipart, TEST_APPLICATION, TEST_FORM, TEST_ORG, TEST_PDF, validItem } from '../../test/fixtures.js';
import { auditLog } from '../../platform/schema.js';
import { verifyAudit } from '../../platform/audit.js';
import { seed } from '../../seed/seed.js';

let t: TestApp;
const json = (r: { body: string }) => JSON.parse(r.body);
type Who = { cookie: string; accountId: string };
let applicant: Who, stranger: Who, clerk: Who, clerk2: Who, reviewer: Who, approver: Who, otherClerk: Who;
let promisedCode = '';
let immediateCode = '';
const OTHER_ORG = { ...TEST_ORG, uscc: organUscc('330106', '00250300B'), name: '杭州市西湖区人力资源和社会保障局', shortName: '西湖区人社局' };

async function publish(item: ReturnType<typeof validItem>) {
  expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: ADMIN, payload: item })).statusCode).toBe(201);
  expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/items/${item.implementationCode}/publish`, headers: ADMIN })).statusCode).toBe(200);
  return item.implementationCode;
}

beforeAll(async () => {
  t = await createTestApp();
  await seed(t.ctx.database.db, { demo: false });
  const org = await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: TEST_ORG });
  expect(org.statusCode).toBe(201);
  const orgId = json(org).id as string;
  const other = await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: OTHER_ORG });
  expect(other.statusCode).toBe(201);
  promisedCode = await publish(validItem(1, { application: TEST_APPLICATION }));
  immediateCode = await publish(validItem(2, { handlingType: '1', promisedTimeLimit: { value: 0, unit: 'working-day' }, application: TEST_APPLICATION }));
  const inOrg = (role: 'window_clerk' | 'reviewer' | 'approver', organisationId = orgId) => ({ kind: 'staff' as const, roles: [{ role, regionCode: '330106', organisationId }] });
  applicant = await sessionOf(t, { kind: 'person', level: 3 });
  stranger = await sessionOf(t, { kind: 'person', level: 3 });
  clerk = await sessionOf(t, inOrg('window_clerk'));
  clerk2 = await sessionOf(t, inOrg('window_clerk'));
  reviewer = await sessionOf(t, inOrg('reviewer'));
  approver = await sessionOf(t, inOrg('approver'));
  otherClerk = await sessionOf(t, inOrg('window_clerk', json(other).id));
}, 180_000);
afterAll(async () => t?.close());

const create = (who: Who, implementationCode: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/v1/applications', headers: { cookie: who.cookie, ...headers }, payload: { implementationCode, form: TEST_FORM, ...extra } });
/** Uploads a PDF as the material `materialCode` (default: the item's first, the application form). */
const upload = (who: Who, id: string, code: string, materialCode = `${code}001`, file = { name: '申请书.pdf', type: 'application/pdf', content: TEST_PDF }) => {
  const body = multipart({ materialCode }, file);
  return t.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/files`, headers: { cookie: who.cookie, ...body.headers }, payload: body.payload });
};
const act = (who: Who, id: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/actions`, headers: { cookie: who.cookie, ...headers }, payload });
const handle = (who: Who, id: string, payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: `/api/v1/workbench/applications/${id}/actions`, headers: { cookie: who.cookie, ...headers }, payload });
const mine = async (id: string, who = applicant) => json(await t.app.inject({ url: `/api/v1/applications/${id}`, headers: { cookie: who.cookie } }));

/** A submitted application of `code`. */
async function submitted(code = promisedCode): Promise<string> {
  const created = await create(applicant, code);
  expect(created.statusCode).toBe(201);
  const id = json(created).id as string;
  expect((await upload(applicant, id, code)).statusCode).toBe(201);
  const res = await act(applicant, id, { type: 'submit' });
  expect(res.statusCode, res.body).toBe(200);
  return id;
}

const today = () => dateInZone(new Date(), 'Asia/Shanghai');

describe(`applications on ${engine}`, () => {
  it('walks a 承诺件 from draft to completion, with events, deadlines and audit entries', async () => {
    const created = await create(applicant, promisedCode);
    expect(created.statusCode).toBe(201);
    const draft = json(created);
    expect(draft).toMatchObject({ status: 'draft', version: 0, channel: 'online', promisedLimitDays: 5, statutoryLimitDays: 20, promisedDeadline: null, form: TEST_FORM });
    expect(draft.number).toMatch(new RegExp(`^330106${today().replaceAll('-', '')}\\d{6}$`));
    expect(created.headers.etag).toBe('"v0"');
    const id = draft.id as string;

    const edited = await t.app.inject({ method: 'PUT', url: `/api/v1/applications/${id}/form`, headers: { cookie: applicant.cookie, 'if-match': '"v0"' }, payload: { form: { ...TEST_FORM, shopName: '西湖茶饮店' } } });
    expect(edited.statusCode).toBe(200);
    expect(json(edited)).toMatchObject({ version: 1, form: { shopName: '西湖茶饮店' } });
    expect((await upload(applicant, id, promisedCode)).statusCode).toBe(201);
    expect((await mine(id)).allowedActions).toEqual(['submit', 'withdraw']);

    expect(json(await act(applicant, id, { type: 'submit' }, { 'if-match': '"v1"' }))).toMatchObject({ status: 'submitted', version: 2 });
    const queue = json(await t.app.inject({ url: '/api/v1/workbench/applications?status=submitted', headers: { cookie: clerk.cookie } }));
    expect(queue.items.map((a: { id: string }) => a.id)).toContain(id);

    const accepted = json(await handle(clerk, id, { type: 'accept' }));
    expect(accepted).toMatchObject({ status: 'accepted', warning: 'green' });
    expect(accepted.promisedDeadline).toBe(t.ctx.calendar.addWorkingDays(today(), 5));
    expect(accepted.statutoryDeadline).toBe(t.ctx.calendar.addWorkingDays(today(), 20));

    // the pending step is the reviewer's: the approver may not take it
    expect((await handle(approver, id, { type: 'approve_step', opinion: '同意' })).statusCode).toBe(403);
    expect(json(await handle(reviewer, id, { type: 'approve_step', opinion: '材料齐全，符合条件' }))).toMatchObject({ status: 'under_review', case: { reviewStepIndex: 1 } });
    expect(json(await handle(approver, id, { type: 'approve_step', opinion: '同意' }))).toMatchObject({ status: 'under_review', case: { reviewStepIndex: 2 } });
    const decided = await handle(approver, id, { type: 'decide', outcome: 'granted', reason: '符合《食品安全法》规定的条件' });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(json(decided)).toMatchObject({ status: 'decided', warning: 'green', case: { decision: { outcome: 'granted' } } });

    // the applicant can no longer withdraw
    const late = await act(applicant, id, { type: 'withdraw', reason: '不想办了' });
    expect(late.statusCode).toBe(409);
    expect(late.headers['content-type']).toContain('application/problem+json');
    expect(json(late)).toMatchObject({ type: expect.stringContaining('illegal-transition'), allowed: [], status: 409, caseStatus: 'decided' });

    const done = await handle(clerk, id, { type: 'complete', delivery: 'e_licence' });
    expect(json(done)).toMatchObject({ status: 'completed', version: 7 });
    expect(done.headers.etag).toBe('"v7"');

    const view = await mine(id);
    expect(view.events.map((e: { seq: number; action: string }) => [e.seq, e.action])).toEqual([
      [1, 'submit'], [2, 'accept'], [3, 'approve_step'], [4, 'approve_step'], [5, 'decide'], [6, 'complete'],
    ]);
    // the applicant sees the review step pass, not the reviewer's internal opinion
    expect(view.events[2]).toMatchObject({ from: 'accepted', to: 'under_review', opinion: null, actorKind: 'staff', reviewStep: { key: 'review', name: '审查', role: 'reviewer' } });
    const staffView = json(await t.app.inject({ url: `/api/v1/workbench/applications/${id}`, headers: { cookie: clerk.cookie } }));
    expect(staffView.events[2]).toMatchObject({ opinion: '材料齐全，符合条件', actorId: reviewer.accountId });
    expect(view.events[0].actorId).toBeUndefined();
    expect(view.allowedActions).toEqual([]);
    expect(view.acceptedAt).not.toBeNull();
    expect(view.closedAt).not.toBeNull();

    const audit = await t.ctx.database.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'application'), eq(auditLog.entityId, id))).orderBy(asc(auditLog.seq));
    expect(audit.map((a) => a.action)).toEqual([
      'application.create', 'application.form', 'application.file.upload', 'application.submit', 'application.accept', 'application.approve_step',
      // the item produces a licence, but the test organisation has no signing key: skipped, audited
      'application.approve_step', 'application.decide', 'licence.issue.skipped', 'application.complete',
    ]);
    expect(audit[4]).toMatchObject({ actor: clerk.accountId, regionCode: '330106' });
    expect((await verifyAudit(t.ctx.database.db)).brokenAt).toBeNull();
  });

  it('accepts and decides a 即办件 at once, and refuses that for a 承诺件', async () => {
    const id = await submitted(immediateCode);
    const res = await handle(clerk, id, { type: 'accept_and_decide', outcome: 'granted', reason: '当场办结' });
    expect(res.statusCode, res.body).toBe(200);
    expect(json(res)).toMatchObject({ status: 'decided', promisedDeadline: today(), warning: 'green', case: { acceptance: 'immediate' } });

    const other = await submitted();
    const refused = await handle(clerk, other, { type: 'accept_and_decide', outcome: 'granted', reason: '当场办结' });
    expect(refused.statusCode).toBe(422);
    expect(json(refused)).toMatchObject({ type: expect.stringContaining('guard-failed'), guard: 'immediate_item' });
  });

  it('requests a correction (补正), the applicant supplies it, the clerk accepts', async () => {
    const id = await submitted();
    const asked = json(await handle(clerk, id, { type: 'request_correction', items: ['营业执照副本', '经营场所证明'] }));
    expect(asked).toMatchObject({ status: 'correction_requested', case: { clock: 'paused', pendingCorrection: { items: ['营业执照副本', '经营场所证明'] } } });
    expect((await mine(id)).allowedActions).toEqual(['supply_correction', 'withdraw']);
    expect(json(await act(applicant, id, { type: 'supply_correction', note: '已上传' }))).toMatchObject({ status: 'submitted', case: { correctionRounds: 1, clock: 'running' } });
    const accepted = json(await handle(clerk, id, { type: 'accept' }));
    expect(accepted).toMatchObject({ status: 'accepted' });
    expect(accepted.promisedDeadline).toBe(t.ctx.calendar.addWorkingDays(today(), 5));
    expect(accepted.events.map((e: { action: string }) => e.action)).toEqual(['submit', 'request_correction', 'supply_correction', 'accept']);
  });

  it('rejects (不予受理) only with reason and legal basis', async () => {
    const id = await submitted();
    const bad = await handle(clerk, id, { type: 'reject', reason: '不属于本机关职权范围' });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/body/legalBasis']);
    const res = await handle(clerk, id, { type: 'reject', reason: '不属于本机关职权范围', legalBasis: '《行政许可法》第三十二条' });
    expect(json(res)).toMatchObject({ status: 'rejected', case: { rejection: { legalBasis: '《行政许可法》第三十二条' } } });
    const view = await mine(id);
    expect(view.events[1]).toMatchObject({ action: 'reject', reason: '不属于本机关职权范围', legalBasis: '《行政许可法》第三十二条' });
    expect(view.closedAt).not.toBeNull();
  });

  it('lets the applicant withdraw before the decision', async () => {
    const id = await submitted();
    expect(json(await act(applicant, id, { type: 'withdraw', reason: '信息填错' }))).toMatchObject({ status: 'withdrawn', case: { withdrawn: { reason: '信息填错' } } });
    expect((await handle(clerk, id, { type: 'accept' })).statusCode).toBe(409);
  });

  it("hides another applicant's application and refuses staff of another organisation", async () => {
    const id = await submitted();
    expect((await t.app.inject({ url: `/api/v1/applications/${id}`, headers: { cookie: stranger.cookie } })).statusCode).toBe(404);
    expect((await act(stranger, id, { type: 'withdraw' })).statusCode).toBe(404);
    expect(json(await t.app.inject({ url: '/api/v1/applications', headers: { cookie: stranger.cookie } })).total).toBe(0);

    expect((await t.app.inject({ url: `/api/v1/workbench/applications/${id}`, headers: { cookie: otherClerk.cookie } })).statusCode).toBe(403);
    expect((await handle(otherClerk, id, { type: 'accept' })).statusCode).toBe(403);
    const queue = json(await t.app.inject({ url: '/api/v1/workbench/applications', headers: { cookie: otherClerk.cookie } }));
    expect(queue.total).toBe(0);
    expect((await mine(id)).status).toBe('submitted');

    const staffView = json(await t.app.inject({ url: `/api/v1/workbench/applications/${id}`, headers: { cookie: clerk.cookie } }));
    expect(staffView.applicant.name).not.toBe('测试居民');
    expect(staffView.applicant.name).toContain('*');
    expect(staffView.applicant.idNumber).toContain('*');
    expect(staffView.applicant.phone).toContain('*');
    expect(staffView.allowedActions).toEqual(expect.arrayContaining(['accept', 'request_correction', 'reject']));
  });

  it('refuses a stale If-Match and changes nothing', async () => {
    const created = json(await create(applicant, promisedCode));
    const stale = await t.app.inject({ method: 'PUT', url: `/api/v1/applications/${created.id}/form`, headers: { cookie: applicant.cookie, 'if-match': '"v7"' }, payload: { form: { shopName: 'x' } } });
    expect(stale.statusCode).toBe(412);
    expect((await mine(created.id)).form).toEqual(TEST_FORM);

    const id = await submitted();
    const before = await mine(id);
    const res = await handle(clerk, id, { type: 'accept' }, { 'if-match': '"v0"' });
    expect(res.statusCode).toBe(412);
    expect(json(res)).toMatchObject({ version: before.version });
    const after = await mine(id);
    expect(after).toMatchObject({ status: 'submitted', version: before.version });
    expect(after.events).toHaveLength(1);
    // a submitted application's form is closed
    const closed = await t.app.inject({ method: 'PUT', url: `/api/v1/applications/${id}/form`, headers: { cookie: applicant.cookie }, payload: { form: {} } });
    expect(closed.statusCode).toBe(409);
  });

  it('creates one application for one Idempotency-Key sent twice', async () => {
    const who = await sessionOf(t, { kind: 'person', level: 3 });
    const headers = { 'idempotency-key': 'apply-once-0001' };
    const a = await create(who, promisedCode, {}, headers);
    const b = await create(who, promisedCode, {}, headers);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(json(a).id).toBe(json(b).id);
    expect(json(await t.app.inject({ url: '/api/v1/applications', headers: { cookie: who.cookie } })).total).toBe(1);
  });

  it('lets exactly one of two concurrent accepts succeed', async () => {
    const id = await submitted();
    const results = await Promise.all([handle(clerk, id, { type: 'accept' }), handle(clerk2, id, { type: 'accept' })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const view = await mine(id);
    expect(view.events.map((e: { action: string }) => e.action)).toEqual(['submit', 'accept']);
  });

  it('refuses unknown items, enterprises the person may not act for, and bad payloads', async () => {
    expect((await create(applicant, '11330106002503XXXX4000120999000')).statusCode).toBe(404);
    const enterprise = await create(applicant, promisedCode, { enterpriseId: '0190f5b2-0000-7000-8000-000000000000' });
    expect(enterprise.statusCode).toBe(403);
    expect(json(enterprise).errors[0].pointer).toBe('/body/enterpriseId');
    const id = await submitted();
    expect((await act(applicant, id, { type: 'accept' })).statusCode).toBe(400);
    const missing = await handle(clerk, id, { type: 'request_correction', items: [] });
    expect(missing.statusCode).toBe(400);
    expect(json(missing).errors[0].pointer).toBe('/body/items');
  });

  it("lists the applicant's applications newest first and orders the queue by green channel, then deadline", async () => {
    const list = json(await t.app.inject({ url: '/api/v1/applications?pageSize=100', headers: { cookie: applicant.cookie } }));
    const created = list.items.map((a: { createdAt: string }) => a.createdAt);
    expect([...created].sort().reverse()).toEqual(created);

    const id = await submitted();
    expect(json(await handle(clerk, id, { type: 'set_green_channel', enabled: true, reason: '重点项目' }))).toMatchObject({ greenChannel: true });
    const queue = json(await t.app.inject({ url: '/api/v1/workbench/applications', headers: { cookie: reviewer.cookie } }));
    expect(queue.items[0].id).toBe(id);
    expect(queue.items.every((a: { status: string }) => a.status !== 'draft')).toBe(true);
  });
});
