/**
 * 好差评: ratings of ended applications and window visits (once, by the person, on the mode's
 * dimensions), the 差评 rectification loop with its call-back rule, appeals reviewed by a supervisor,
 * scope, optimistic concurrency, working-day deadlines, rating codes and window visits, audit.
 */
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { organUscc } from '@onewindow/domain/testing';
import { createTestApp, ADMIN, engine, registeredPerson, sessionForAccount, sessionOf, type TestApp } from '../../test/harness.js';
import { multipart, TEST_APPLICATION, TEST_FORM, TEST_ORG, TEST_PDF, validItem } from '../../test/fixtures.js';
import { auditLog } from '../../platform/schema.js';
import { verifyAudit } from '../../platform/audit.js';
import { migrate, openDatabase } from '../../platform/db.js';
import { secretsForTests } from '../../platform/secrets.js';
import { testConfig } from '../../config.js';
import { buildApp } from '../../app.js';
import type { Actor } from '../../platform/auth.js';
import { seed } from '../../seed/seed.js';
import { DEMO_PASSWORD, demoIdNumber } from '../../seed/demo-identity.js';
import * as service from './service.js';
import { ratings } from './schema.js';

let t: TestApp;
const json = (r: { body: string }) => JSON.parse(r.body);
type Who = { cookie: string; accountId: string };
let applicant: Who, stranger: Who, clerk: Who, officer: Who, otherOfficer: Who, supervisor: Who, farSupervisor: Who, visitor: Who;
let orgId = '';
let otherOrgId = '';
let code = '';
const VISITOR = { name: '周小窗', idNumber: demoIdNumber('330106', '19920315', 512), phone: '13700009876' };
const ONLINE_DIMS = { overall: 1, efficiency: 1, guideAccuracy: 2, convenience: 1, usability: 2 };
const ONSITE_DIMS = { efficiency: 1, skill: 1, attitude: 1 };
const OTHER_ORG = { ...TEST_ORG, uscc: organUscc('330106', '00250299X'), name: '杭州市西湖区民政局', shortName: '西湖区民政局' };

const get = (who: Who, url: string) => t.app.inject({ url, headers: { cookie: who.cookie } });
const post = (who: Who, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie, ...headers }, payload: payload as object });
const rate = (who: Who, event: { kind: 'application' | 'visit'; id: string }, fields: Record<string, unknown> = {}) =>
  post(who, '/api/v1/ratings', { event, level: 1, dimensions: ONLINE_DIMS, tags: ['fast'], comment: '很好', channel: 'pc', ...fields });
const actOn = (who: Who, id: string, action: Record<string, unknown>, version?: number) =>
  post(who, `/api/v1/workbench/rectifications/${id}/actions`, action, version === undefined ? {} : { 'if-match': `"v${version}"` });
const auditActions = async (entityId: string) =>
  (await t.ctx.database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, entityId))).map((a) => a.action);
const deps = (): service.FeedbackDeps => ({ identity: t.ctx.identity, calendar: t.ctx.calendar, timeZone: t.ctx.config.timeZone, limits: t.ctx.config.feedbackLimits, publicUrl: t.ctx.config.publicUrl });
const staffActor = (who: Who, role: 'window_clerk' | 'feedback_officer', organisationId = orgId): Actor => ({
  accountId: who.accountId, sessionId: 'test', kind: 'staff', level: 3, amr: ['pwd'], roles: [{ role, regionCode: '330106', organisationId }], passwordChangeRequired: false,
});

/** An application of `who`, submitted online; `end` rejects it (the clerk acts last) so that it may be rated. */
async function application(who: Who, end = true): Promise<string> {
  const id = json(await post(who, '/api/v1/applications', { implementationCode: code, form: TEST_FORM })).id as string;
  const body = multipart({ materialCode: `${code}001` }, { name: '材料.pdf', type: 'application/pdf', content: TEST_PDF });
  expect((await t.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/files`, headers: { cookie: who.cookie, ...body.headers }, payload: body.payload })).statusCode).toBe(201);
  expect((await post(who, `/api/v1/applications/${id}/actions`, { type: 'submit' })).statusCode).toBe(200);
  if (end) {
    const rejected = await post(clerk, `/api/v1/workbench/applications/${id}/actions`, { type: 'reject', reason: '不属于本机关职权范围', legalBasis: '《行政许可法》第三十二条' });
    expect(rejected.statusCode, rejected.body).toBe(200);
  }
  return id;
}

/** A 差评 of a fresh ended application; answers the rectification's id. */
async function badRating(fields: Record<string, unknown> = {}): Promise<{ ratingId: string; rectificationId: string }> {
  const res = await rate(applicant, { kind: 'application', id: await application(applicant) }, { level: 5, tags: ['slow', 'attitude'], comment: '等了很久，窗口态度也不好', ...fields });
  expect(res.statusCode, res.body).toBe(201);
  const view = json(res);
  expect(view.rectification).toMatchObject({ status: 'verifying', outcome: null });
  return { ratingId: view.id, rectificationId: view.rectification.id };
}

beforeAll(async () => {
  t = await createTestApp();
  await seed(t.ctx.database.db, { demo: false });
  orgId = json(await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: TEST_ORG })).id;
  otherOrgId = json(await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: OTHER_ORG })).id;
  const item = validItem(1, { application: TEST_APPLICATION });
  code = item.implementationCode;
  expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: ADMIN, payload: item })).statusCode).toBe(201);
  expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/items/${code}/publish`, headers: ADMIN })).statusCode).toBe(200);
  const inOrg = (role: 'window_clerk' | 'feedback_officer', organisationId = orgId) => ({ kind: 'staff' as const, roles: [{ role, regionCode: '330106', organisationId }] });
  applicant = await sessionOf(t, { kind: 'person', level: 3 });
  stranger = await sessionOf(t, { kind: 'person', level: 3 });
  clerk = await sessionOf(t, inOrg('window_clerk'));
  officer = await sessionOf(t, inOrg('feedback_officer'));
  otherOfficer = await sessionOf(t, inOrg('feedback_officer', otherOrgId));
  supervisor = await sessionOf(t, { kind: 'staff', roles: [{ role: 'supervisor', regionCode: '330100' }] });
  farSupervisor = await sessionOf(t, { kind: 'staff', roles: [{ role: 'supervisor', regionCode: '330200' }] });
  visitor = await sessionForAccount(t, await registeredPerson(t, VISITOR));
}, 180_000);
afterAll(async () => t?.close());

describe(`ratings on ${engine}`, () => {
  it('rates an ended application of the person once, on the mode’s dimensions, as plain text', async () => {
    const open = await application(applicant, false);
    expect(json(await rate(applicant, { kind: 'application', id: open }))).toMatchObject({ status: 422, type: expect.stringMatching(/event-not-ended$/) });
    const id = await application(applicant);
    expect(json(await rate(stranger, { kind: 'application', id }))).toMatchObject({ status: 403, type: expect.stringMatching(/not-your-event$/) });
    expect((await rate(applicant, { kind: 'application', id: '0190f5b2-0000-7000-8000-0000000000aa' })).statusCode).toBe(404);

    const wrong = await rate(applicant, { kind: 'application', id }, { dimensions: { overall: 1, efficiency: 2, skill: 1 } });
    expect(wrong.statusCode).toBe(400);
    expect((json(wrong).errors as { pointer: string; code: string }[]).map((e) => `${e.pointer} ${e.code}`).sort()).toEqual([
      '/body/dimensions/convenience required', '/body/dimensions/guideAccuracy required', '/body/dimensions/skill feedback.dimensionUnknown', '/body/dimensions/usability required',
    ]);

    const res = await rate(applicant, { kind: 'application', id }, { comment: '<script>alert(1)</script><b>办事</b>很快 <img src=x onerror=alert(2)>' });
    expect(res.statusCode, res.body).toBe(201);
    const view = json(res);
    expect(view).toMatchObject({
      event: { kind: 'application', id }, mode: 'online', level: 1, comment: '办事很快', realName: true, anonymous: false, rectification: null, excluded: false,
      organisation: { id: orgId, name: TEST_ORG.name }, staff: { id: clerk.accountId, name: '测***' }, rater: '测***',
    });
    const [stored] = await t.ctx.database.db.select().from(ratings).where(eq(ratings.id, view.id));
    expect(stored!.comment).toBe('办事很快');

    expect(json(await rate(applicant, { kind: 'application', id }))).toMatchObject({ status: 409, type: expect.stringMatching(/already-rated$/) });
    // two requests racing for one event: the unique constraint lets one through
    const raced = await application(applicant);
    const both = await Promise.all([rate(applicant, { kind: 'application', id: raced }), rate(applicant, { kind: 'application', id: raced })]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);

    // 追评, once, by the rater only
    expect((await post(stranger, `/api/v1/ratings/${view.id}/addition`, { comment: '补充一下' })).statusCode).toBe(404);
    const added = await post(applicant, `/api/v1/ratings/${view.id}/addition`, { comment: '<i>后来</i>又办了一次，也很顺利' });
    expect(added.statusCode, added.body).toBe(200);
    expect(json(added).addition).toMatchObject({ comment: '后来又办了一次，也很顺利' });
    expect(json(await post(applicant, `/api/v1/ratings/${view.id}/addition`, { comment: '再补充' }))).toMatchObject({ status: 409, type: expect.stringMatching(/already-added$/) });

    const rateable = json(await get(applicant, '/api/v1/me/rateable')).items as { id: string; ratingId: string | null; mode: string }[];
    expect(rateable.find((e) => e.id === id)).toMatchObject({ ratingId: view.id, mode: 'online' });
    expect(rateable.some((e) => e.id === open)).toBe(false);
    expect((json(await get(applicant, '/api/v1/me/ratings')).items as { id: string }[]).map((r) => r.id)).toContain(view.id);

    // who sees the rating
    for (const [who, status] of [[applicant, 200], [officer, 200], [supervisor, 200], [otherOfficer, 404], [farSupervisor, 404], [stranger, 404], [clerk, 404]] as const) {
      expect((await get(who, `/api/v1/ratings/${view.id}`)).statusCode).toBe(status);
    }
    expect(await auditActions(view.id)).toEqual(['rating.create', 'rating.addition']);
    // the applicant was invited to rate when the case ended
    const notices = json(await get(applicant, '/api/v1/notifications?pageSize=100')).items as { kind: string; link: string; applicationId: string }[];
    expect(notices.find((n) => n.applicationId === id && n.kind === 'feedback.invite')).toMatchObject({ link: `/rate/application/${id}` });
  });

  it('limits ratings to 20 an hour per account', async () => {
    const busy = await sessionOf(t, { kind: 'person', level: 2 });
    for (let i = 0; i < 20; i++) expect((await rate(busy, { kind: 'application', id: `0190f5b2-0000-7000-8000-0000000001${String(i).padStart(2, '0')}` })).statusCode).toBe(404);
    const over = await rate(busy, { kind: 'application', id: '0190f5b2-0000-7000-8000-000000000199' });
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toBeDefined();
  });
});

describe(`差评 rectification on ${engine}`, () => {
  it('runs a real-name 差评 from call back to reply, telling the rater', async () => {
    const { ratingId, rectificationId: id } = await badRating();
    const list = json(await get(officer, '/api/v1/workbench/rectifications?status=open'));
    expect(list.items.map((r: { id: string }) => r.id)).toContain(id);
    expect((json(await get(otherOfficer, '/api/v1/workbench/rectifications')).items as unknown[]).length).toBe(0);

    const opened = await get(officer, `/api/v1/workbench/rectifications/${id}`);
    expect(opened.headers.etag).toBe('"v1"');
    const view = json(opened);
    expect(view).toMatchObject({ number: expect.stringMatching(/^ZG330106\d{8}\d{4}$/), status: 'verifying', allowed: ['callback', 'judge', 'appeal'], callbacks: 0, dueDate: view.verifyDue });
    expect(view.raterContact).toEqual({ name: '测***', phone: expect.stringMatching(/^137\*{4}\d{4}$/) });
    expect(view.steps).toMatchObject([{ seq: 1, action: 'open', from: null, to: 'verifying', actor: 'system' }]);
    expect(json(await get(supervisor, `/api/v1/workbench/rectifications/${id}`)).allowed).toEqual([]);

    expect(json(await actOn(officer, id, { type: 'judge', valid: true, reason: '情况属实' }, 1))).toMatchObject({ status: 422, type: expect.stringMatching(/callback-required$/), allowed: ['callback'] });
    expect((await actOn(supervisor, id, { type: 'callback', reached: true, note: '已电话联系' })).statusCode).toBe(403);
    expect((await actOn(otherOfficer, id, { type: 'callback', reached: true, note: '已电话联系' })).statusCode).toBe(404);
    expect((await get(otherOfficer, `/api/v1/workbench/rectifications/${id}`)).statusCode).toBe(404);
    expect(json(await actOn(officer, id, { type: 'callback', reached: true, note: '已电话联系评价人' }, 9))).toMatchObject({ status: 412, version: 1 });

    const called = await actOn(officer, id, { type: 'callback', reached: true, note: '已电话联系评价人' }, 1);
    expect(called.statusCode, called.body).toBe(200);
    expect(called.headers.etag).toBe('"v2"');
    expect(json(called)).toMatchObject({ status: 'verifying', callbacks: 1 });
    expect(json(await actOn(officer, id, { type: 'judge', valid: true, reason: '窗口确有等候过久' }, 2))).toMatchObject({ status: 'rectifying', valid: true, dueDate: view.rectifyDue });
    expect(json(await actOn(officer, id, { type: 'reply', message: '已整改，感谢您的监督' }, 3))).toMatchObject({ status: 409, type: expect.stringMatching(/illegal-transition$/), allowed: ['callback', 'rectify'] });
    expect(json(await actOn(officer, id, { type: 'rectify', measures: '增设两个综合窗口，高峰期弹性排班' }, 3))).toMatchObject({ status: 'replying' });
    const closed = json(await actOn(officer, id, { type: 'reply', message: '您反映的问题已整改，感谢您的监督。' }, 4));
    expect(closed).toMatchObject({ status: 'closed', outcome: 'rectified', dueDate: null, warning: 'none', allowed: [], version: 5, rating: { id: ratingId, rectification: { status: 'closed', outcome: 'rectified' } } });
    expect(closed.steps.map((s: { action: string }) => s.action)).toEqual(['open', 'callback', 'judge', 'rectify', 'reply']);
    // who took each step, by masked name (the system opened it)
    expect(closed.steps.map((s: { actorName: string | null }) => s.actorName === null || /^\p{Script=Han}\*+$/u.test(s.actorName))).toEqual([true, true, true, true, true]);
    expect(closed.steps[0].actorName).toBeNull();
    expect(closed.steps[4].actorName).not.toBeNull();
    expect(closed.closedAt).not.toBeNull();

    const notices = json(await get(applicant, '/api/v1/notifications?pageSize=100')).items as { kind: string; body: string; link: string }[];
    expect(notices.find((n) => n.kind === 'feedback.reply')).toMatchObject({ link: '/me/ratings', body: expect.stringContaining('您反映的问题已整改') });
    expect(await auditActions(id)).toEqual(['rectification.open', 'rectification.callback', 'rectification.judge', 'rectification.rectify', 'rectification.reply']);
    expect(await auditActions(ratingId)).toEqual(['rating.create']);
  });

  it('closes an anonymous 差评 found not valid without a call back, showing no rater', async () => {
    const { rectificationId: id } = await badRating({ anonymous: true, level: 4 });
    const view = json(await get(officer, `/api/v1/workbench/rectifications/${id}`));
    expect(view.raterContact).toBeNull();
    expect(view.rating).toMatchObject({ rater: null, anonymous: true });
    // two officers judging the same version at once: the row lock and the version let one through
    const both = await Promise.all([
      actOn(officer, id, { type: 'judge', valid: false, reason: '经核实办理符合规定时限' }, 1),
      actOn(officer, id, { type: 'judge', valid: false, reason: '经核实办理符合规定时限' }, 1),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 412]);
    expect(json(both.find((r) => r.statusCode === 200)!)).toMatchObject({ status: 'replying', valid: false });
    expect(json(await actOn(officer, id, { type: 'reply', message: '经核实，办理符合规定，感谢您的反馈。' }))).toMatchObject({ status: 'closed', outcome: 'not_valid' });
  });

  it('has a supervisor review appeals: upheld leaves the indicators, dismissed goes to rectification', async () => {
    const upheld = await badRating();
    await actOn(officer, upheld.rectificationId, { type: 'callback', reached: false, note: '电话未接通' });
    const appealed = json(await actOn(officer, upheld.rectificationId, { type: 'appeal', ground: 'malicious', reason: '评价人多次恶意差评，有录音为证' }));
    expect(appealed).toMatchObject({ status: 'appealed', appealDue: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(appealed.dueDate).toBe(appealed.appealDue);
    expect(json(await get(supervisor, `/api/v1/workbench/rectifications/${upheld.rectificationId}`)).allowed).toEqual(['review_appeal']);
    expect((await actOn(officer, upheld.rectificationId, { type: 'review_appeal', upheld: true, opinion: '同意' })).statusCode).toBe(403);
    expect((await actOn(farSupervisor, upheld.rectificationId, { type: 'review_appeal', upheld: true, opinion: '同意' })).statusCode).toBe(404);
    expect(json(await actOn(supervisor, upheld.rectificationId, { type: 'review_appeal', upheld: true, opinion: '证据充分，申诉成立' }))).toMatchObject({ status: 'closed', outcome: 'appeal_upheld', valid: false });
    expect(json(await get(applicant, `/api/v1/ratings/${upheld.ratingId}`))).toMatchObject({ excluded: true });
    expect(await auditActions(upheld.ratingId)).toEqual(['rating.create', 'rating.exclude']);

    const dismissed = await badRating();
    await actOn(officer, dismissed.rectificationId, { type: 'callback', reached: true, note: '已联系评价人' });
    await actOn(officer, dismissed.rectificationId, { type: 'appeal', ground: 'mistaken', reason: '评价人误评了其他单位' });
    expect(json(await actOn(supervisor, dismissed.rectificationId, { type: 'review_appeal', upheld: false, opinion: '证据不足，申诉不成立' }))).toMatchObject({ status: 'rectifying', valid: true });
    expect(json(await get(applicant, `/api/v1/ratings/${dismissed.ratingId}`))).toMatchObject({ excluded: false });
  });

  it('counts deadlines in working days on the holiday calendar, and flags overdue cases', async () => {
    // a visit on 2026-09-30 rated the same day: 国庆 (10-01 … 10-07) is not counted, 10-10 (Saturday) is a 调休 working day
    const at = new Date('2026-09-30T03:00:00Z');
    const visit = await t.ctx.database.db.transaction((tx) =>
      service.recordVisit(tx, deps(), staffActor(clerk, 'window_clerk'), { idNumber: VISITOR.idNumber, organisationId: orgId, window: 'A03', summary: '咨询' }, at));
    const rating = await t.ctx.database.db.transaction((tx) =>
      service.createRating(tx, deps(), { accountId: visitor.accountId, level: 2 }, { event: { kind: 'visit', id: visit.id }, level: 4, dimensions: { efficiency: 4, skill: 3, attitude: 4 }, tags: ['manyTrips'], comment: '跑了两趟才办成', channel: 'qr', anonymous: false }, at));
    const view = json(await get(officer, `/api/v1/workbench/rectifications/${rating.rectification!.id}`));
    expect(view).toMatchObject({ number: 'ZG330106202609300001', verifyDue: '2026-10-10', rectifyDue: t.ctx.calendar.addWorkingDays('2026-09-30', 15), warning: 'overdue' });
    expect(view.rating).toMatchObject({ mode: 'onsite', staff: { id: clerk.accountId }, event: { kind: 'visit', id: visit.id } });
    const overdue = json(await get(officer, '/api/v1/workbench/rectifications?warning=overdue')).items.map((r: { id: string }) => r.id);
    expect(overdue).toContain(view.id);
    const due = json(await get(officer, '/api/v1/workbench/rectifications?warning=due')).items.map((r: { id: string }) => r.id);
    expect(due).not.toContain(view.id);
  });
});

describe(`rating codes and window visits on ${engine}`, () => {
  it('gives a clerk a rating code per organisation and records visits the person then rates', async () => {
    const made = await post(clerk, '/api/v1/workbench/rating-codes', { organisationId: orgId, window: 'A03' });
    expect(made.statusCode, made.body).toBe(200);
    const codeView = json(made);
    expect(codeView).toMatchObject({ url: `${t.ctx.config.publicUrl}/rate/staff/${codeView.code}`, staffName: '测***', organisationName: TEST_ORG.name, window: 'A03' });
    expect(json(await post(clerk, '/api/v1/workbench/rating-codes', { organisationId: orgId, window: 'A05' }))).toMatchObject({ code: codeView.code, window: 'A05' });
    expect((await post(clerk, '/api/v1/workbench/rating-codes', { organisationId: otherOrgId, window: 'B01' })).statusCode).toBe(403);
    expect(json(await get(clerk, '/api/v1/workbench/rating-codes')).items).toHaveLength(1);
    expect(json(await t.app.inject({ url: `/api/v1/rating-codes/${codeView.code}` }))).toEqual({ code: codeView.code, staffName: '测***', organisationName: TEST_ORG.name, window: 'A05' });
    expect((await t.app.inject({ url: '/api/v1/rating-codes/nosuchcode' })).statusCode).toBe(404);

    const noAccount = await post(clerk, '/api/v1/workbench/visits', { idNumber: demoIdNumber('330106', '19700101', 777), organisationId: orgId, window: 'A05', summary: '咨询' });
    expect(json(noAccount)).toMatchObject({ status: 422, type: expect.stringMatching(/no-account$/) });
    expect((await post(clerk, '/api/v1/workbench/visits', { idNumber: VISITOR.idNumber, organisationId: otherOrgId, window: 'A05', summary: '咨询' })).statusCode).toBe(403);
    const recorded = await post(clerk, '/api/v1/workbench/visits', { idNumber: VISITOR.idNumber.toLowerCase(), organisationId: orgId, window: 'A05', summary: '<b>领取</b>营业执照' });
    expect(recorded.statusCode, recorded.body).toBe(201);
    const visit = json(recorded);
    expect(visit).toMatchObject({ person: '周**', itemName: '领取营业执照', rated: false, window: 'A05' });
    expect(JSON.stringify(visit)).not.toContain(VISITOR.idNumber);
    expect(await auditActions(visit.id)).toEqual(['visit.create']);

    // the QR landing: the person's visits with that clerk
    const landing = json(await get(visitor, `/api/v1/me/rateable?staffCode=${codeView.code}`)).items as { id: string; kind: string; mode: string; window: string }[];
    expect(landing.map((e) => e.id)).toContain(visit.id);
    expect(landing.find((e) => e.id === visit.id)).toMatchObject({ kind: 'visit', mode: 'onsite', window: 'A05' });
    expect(json(await get(applicant, `/api/v1/me/rateable?staffCode=${codeView.code}`)).items).toEqual([]);
    expect((await rate(visitor, { kind: 'visit', id: visit.id }, { channel: 'qr' })).statusCode).toBe(400);
    const rated = await rate(visitor, { kind: 'visit', id: visit.id }, { channel: 'qr', dimensions: ONSITE_DIMS, tags: ['friendly'] });
    expect(rated.statusCode, rated.body).toBe(201);
    expect(json(rated)).toMatchObject({ mode: 'onsite', realName: true, staff: { id: clerk.accountId } });
    expect((json(await get(clerk, '/api/v1/workbench/visits')).items as { id: string; rated: boolean }[]).find((v) => v.id === visit.id)).toMatchObject({ rated: true });

    const rows = await t.ctx.database.db.select({ id: ratings.id }).from(ratings).where(and(eq(ratings.eventKind, 'visit'), inArray(ratings.eventId, [visit.id])));
    expect(rows).toHaveLength(1);
    const listed = json(await get(officer, '/api/v1/workbench/ratings?level=1'));
    expect(listed.items.every((r: { level: number; organisation: { id: string } }) => r.level === 1 && r.organisation.id === orgId)).toBe(true);
    expect(listed.items.map((r: { id: string }) => r.id)).toContain(json(rated).id);
    expect(json(await get(otherOfficer, '/api/v1/workbench/ratings')).total).toBe(0);
  });
});

describe('demo 好差评 (a fresh node without the test administrator, on PGlite)', () => {
  it('seeds visits, ratings and two 差评 through the service, audited, once', async () => {
    const database = await openDatabase({ inMemory: true });
    await migrate(database);
    const config = testConfig();
    const demo = await buildApp(config, { database, secrets: await secretsForTests(config) });
    try {
      await demo.app.ready();
      const db = database.db;
      const result = await seed(db, { demo: true, identity: demo.ctx.identity });
      expect(result).toMatchObject({ visits: 12, ratings: 11 });
      expect(await seed(db, { demo: true, identity: demo.ctx.identity })).toMatchObject({ visits: 0, ratings: 0 });
      const login = await demo.app.inject({ method: 'POST', url: '/api/v1/auth/staff/login', payload: { username: 'feedback.xihu', password: DEMO_PASSWORD } });
      expect(login.statusCode, login.body).toBe(200);
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const cases = json(await demo.app.inject({ url: '/api/v1/workbench/rectifications', headers: { cookie } })).items as { status: string; outcome: string | null }[];
      expect(cases.map((c) => `${c.status}:${c.outcome}`).sort()).toEqual(['closed:rectified', 'verifying:null']);
      expect(json(await demo.app.inject({ url: '/api/v1/workbench/ratings?pageSize=100', headers: { cookie } })).total).toBe(11);
      const audited = (await db.select({ action: auditLog.action }).from(auditLog)).map((e) => e.action);
      const times = (action: string) => audited.filter((x) => x === action).length;
      expect([times('rating_code.create'), times('visit.create'), times('rating.create'), times('rectification.open'), times('rectification.reply')]).toEqual([1, 12, 11, 2, 1]);
      // the whole demo node's chain verifies (details holding dates are hashed as stored)
      expect(await verifyAudit(db)).toMatchObject({ brokenAt: null });
    } finally {
      await demo.app.close();
      await database.close();
      if (config.files.store === 'local') await rm(config.files.dir, { recursive: true, force: true });
    }
  }, 180_000);
});
