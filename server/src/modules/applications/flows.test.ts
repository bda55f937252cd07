/**
 * Applications beyond the basic lifecycle: forms and materials, files, window submission, claims,
 * 告知承诺, 容缺 expiry, special procedures and extension, 红黄牌 and supervision, notices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { readdir } from 'node:fs/promises';
import { dateInZone } from '@onewindow/domain';
import { createTestApp, ADMIN, engine, registeredPerson, sessionOf, type TestApp } from '../../test/harness.js';
import { testConfig } from '../../config.js';
import { multipart, TEST_APPLICATION, TEST_FORM, TEST_ORG, TEST_PDF, validItem } from '../../test/fixtures.js';
import { auditLog } from '../../platform/schema.js';
import { seed } from '../../seed/seed.js';
import { demoIdNumber } from '../../seed/demo-identity.js';
import { smsStateOf } from '../notifications/service.js';
import { creditFacts, loadCreditRecords } from '../credit/service.js';
import { accountClaims } from '../identity/service.js';
import * as licenceService from '../licences/service.js';
import { seedDemoLicences } from '../../seed/demo-licences.js';
import { applicationFiles, applications } from './schema.js';
import { expireTolerances, recolour, runApplicationJobs } from './scheduler.js';
import { notifyApplicant } from './notices.js';
import { provisionalCalendar } from './service.js';

let t: TestApp;
const json = (r: { body: string }) => JSON.parse(r.body);
type Who = { cookie: string; accountId: string };
let applicant: Who, level2: Who, clerk: Who, clerk2: Who, reviewer: Who, approver: Who, supervisor: Who, farSupervisor: Who;
let code = '';
let orgId = '';
let commitmentCode = '';
let strictCode = '';
const MAX = 64 * 1024;
const COUNTER_PERSON = { name: '周小窗', idNumber: demoIdNumber('330106', '19920315', 512) };

async function publish(item: ReturnType<typeof validItem>) {
  expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: ADMIN, payload: item })).statusCode).toBe(201);
  expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/items/${item.implementationCode}/publish`, headers: ADMIN })).statusCode).toBe(200);
  return item.implementationCode;
}

beforeAll(async () => {
  t = await createTestApp({ files: { ...testConfig().files, maxBytes: MAX } });
  await seed(t.ctx.database.db, { demo: false });
  const org = await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: TEST_ORG });
  orgId = json(org).id as string;
  code = await publish(validItem(1, { application: TEST_APPLICATION }));
  const base = validItem(3);
  commitmentCode = await publish({
    ...base,
    application: {
      ...TEST_APPLICATION,
      formReplaces: [`${base.implementationCode}001`],
      commitment: { notice: '申请人承诺符合食品经营条件，承诺不实的，依法撤销许可。', replacesMaterials: [`${base.implementationCode}003`] },
    },
  });
  strictCode = await publish(validItem(4, { application: { ...TEST_APPLICATION, minimumLevel: 3 } }));
  const inOrg = (role: 'window_clerk' | 'reviewer' | 'approver') => ({ kind: 'staff' as const, roles: [{ role, regionCode: '330106', organisationId: orgId }] });
  applicant = await sessionOf(t, { kind: 'person', level: 3 });
  level2 = await sessionOf(t, { kind: 'person', level: 2 });
  clerk = await sessionOf(t, inOrg('window_clerk'));
  clerk2 = await sessionOf(t, inOrg('window_clerk'));
  reviewer = await sessionOf(t, inOrg('reviewer'));
  approver = await sessionOf(t, inOrg('approver'));
  supervisor = await sessionOf(t, { kind: 'staff', roles: [{ role: 'supervisor', regionCode: '330100' }] });
  farSupervisor = await sessionOf(t, { kind: 'staff', roles: [{ role: 'supervisor', regionCode: '330200' }] });
  // a person with an account and a registry entry, for the window
  await registeredPerson(t, { ...COUNTER_PERSON, phone: '13700009876' });
}, 180_000);
afterAll(async () => t?.close());

const create = (who: Who, implementationCode: string, form: Record<string, unknown> = TEST_FORM) =>
  t.app.inject({ method: 'POST', url: '/api/v1/applications', headers: { cookie: who.cookie }, payload: { implementationCode, form } });
const act = (who: Who, id: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/actions`, headers: { cookie: who.cookie }, payload });
const handle = (who: Who, id: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/workbench/applications/${id}/actions`, headers: { cookie: who.cookie }, payload });
const file = (name: string, type: string, content: Buffer) => ({ name, type, content });
const pdf = file('材料.pdf', 'application/pdf', TEST_PDF);
function upload(who: Who, id: string, fields: Record<string, string>, f = pdf, workbench = false) {
  const body = multipart(fields, f);
  return t.app.inject({ method: 'POST', url: `/api/v1/${workbench ? 'workbench/' : ''}applications/${id}/files`, headers: { cookie: who.cookie, ...body.headers }, payload: body.payload });
}
const mine = async (id: string, who = applicant) => json(await t.app.inject({ url: `/api/v1/applications/${id}`, headers: { cookie: who.cookie } }));
const pointers = (r: { body: string }) => (json(r).errors as { pointer: string }[]).map((e) => e.pointer).sort();

async function submitted(itemCode = code): Promise<string> {
  const id = json(await create(applicant, itemCode)).id as string;
  expect((await upload(applicant, id, { materialCode: `${itemCode}001` })).statusCode).toBe(201);
  const res = await act(applicant, id, { type: 'submit' });
  expect(res.statusCode, res.body).toBe(200);
  return id;
}
async function accepted(itemCode = code): Promise<string> {
  const id = await submitted(itemCode);
  expect((await handle(clerk, id, { type: 'accept' })).statusCode).toBe(200);
  return id;
}
const schedulerDeps = () => ({ db: t.ctx.database.db, calendar: t.ctx.calendar, timeZone: t.ctx.config.timeZone, notify: notifyApplicant });

describe(`application forms and materials on ${engine}`, () => {
  it('names every bad field of a draft, keeps prefilled fields out of the data, and checks completeness on submission', async () => {
    const bad = await create(applicant, code, { shopName: 'x', area: -3, category: '网吧', openingDate: '2026-13-40', extra: 1 });
    expect(bad.statusCode).toBe(400);
    expect(pointers(bad)).toEqual(['/body/form/area', '/body/form/category', '/body/form/extra', '/body/form/openingDate', '/body/form/shopName']);
    expect(json(await t.app.inject({ url: '/api/v1/applications', headers: { cookie: applicant.cookie } })).total).toBe(0);

    const draft = json(await create(applicant, code, { shopName: '西湖茶铺', applicantName: '冒名顶替' }));
    expect(draft.form).toEqual({ shopName: '西湖茶铺' });
    // sealed at rest: the row holds no form text
    const [stored] = await t.ctx.database.db.select().from(applications).where(eq(applications.id, draft.id));
    expect(stored!.form).toEqual({});
    expect(stored!.formCipher).toMatch(/^v1\./);
    expect(stored!.formCipher).not.toContain('西湖');
    const view = await mine(draft.id);
    expect(view.prefilled.applicantName).toMatch(/\*/);
    expect(view.formDefinition['x-order'][0]).toBe('applicantName');

    const incomplete = await act(applicant, draft.id, { type: 'submit' });
    expect(incomplete.statusCode).toBe(400);
    expect(pointers(incomplete)).toEqual(['/form/area', '/form/category']);
    await t.app.inject({ method: 'PUT', url: `/api/v1/applications/${draft.id}/form`, headers: { cookie: applicant.cookie }, payload: { form: TEST_FORM } });
    const noMaterial = await act(applicant, draft.id, { type: 'submit' });
    expect(noMaterial.statusCode).toBe(400);
    // 001 is the applicant's; 002 comes from the platform; 003 may be missing (容缺)
    expect(pointers(noMaterial)).toEqual([`/materials/${code}001`]);
    expect((await mine(draft.id)).status).toBe('draft');
  });

  it('refuses files of the wrong type or size before storing them, and serves the right ones to the right people', async () => {
    const id = json(await create(applicant, code)).id as string;
    const dir = t.ctx.config.files.store === 'local' ? t.ctx.config.files.dir : '';
    const stored = async () => (await readdir(`${dir}/applications/${id}`).catch(() => [])).length;

    const exe = await upload(applicant, id, { materialCode: `${code}001` }, file('申请书.pdf', 'application/pdf', Buffer.from('MZ\x90\x00 not a pdf', 'latin1')));
    expect(exe.statusCode).toBe(415);
    expect(json(exe)).toMatchObject({ detectedType: 'application/x-msdownload' });
    const big = await upload(applicant, id, { materialCode: `${code}001` }, file('大.pdf', 'application/pdf', Buffer.concat([TEST_PDF, Buffer.alloc(MAX)])));
    expect(big.statusCode).toBe(413);
    const unknown = await upload(applicant, id, { materialCode: 'nope' });
    expect(unknown.statusCode).toBe(400);
    expect(pointers(unknown)).toEqual(['/body/materialCode']);
    const notMultipart = await t.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/files`, headers: { cookie: applicant.cookie }, payload: {} });
    expect(notMultipart.statusCode).toBe(415);
    expect(await stored()).toBe(0);
    expect(await t.ctx.database.db.select().from(applicationFiles).where(eq(applicationFiles.applicationId, id))).toHaveLength(0);

    const ok = await upload(applicant, id, { materialCode: `${code}001` }, file('食品经营许可申请书.pdf', 'application/pdf', TEST_PDF));
    expect(ok.statusCode).toBe(201);
    const f = json(ok);
    expect(f).toMatchObject({ kind: 'material', materialCode: `${code}001`, name: '食品经营许可申请书.pdf', contentType: 'application/pdf', size: TEST_PDF.length, eventSeq: null });
    expect(f.sm3).toMatch(/^[0-9a-f]{64}$/);
    expect(await stored()).toBe(1);

    const got = await t.app.inject({ url: `/api/v1/applications/${id}/files/${f.id}`, headers: { cookie: applicant.cookie } });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('食品经营许可申请书.pdf')}`);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.rawPayload.equals(TEST_PDF)).toBe(true);
    const stranger = await sessionOf(t, { kind: 'person', level: 3 });
    expect((await t.app.inject({ url: `/api/v1/applications/${id}/files/${f.id}`, headers: { cookie: stranger.cookie } })).statusCode).toBe(404);
    expect((await upload(stranger, id, { materialCode: `${code}001` })).statusCode).toBe(404);

    // handed in with the submission: bound to the event, no longer removable, visible to the clerk
    expect(json(await act(applicant, id, { type: 'submit' })).files[0]).toMatchObject({ id: f.id, eventSeq: 1 });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/applications/${id}/files/${f.id}`, headers: { cookie: applicant.cookie } })).statusCode).toBe(409);
    expect((await upload(applicant, id, { materialCode: `${code}001` })).statusCode).toBe(409);
    const staffGot = await t.app.inject({ url: `/api/v1/workbench/applications/${id}/files/${f.id}`, headers: { cookie: clerk.cookie } });
    expect(staffGot.statusCode).toBe(200);
  });

  it('removes a file not yet handed in, row and content', async () => {
    const id = json(await create(applicant, code)).id as string;
    const f = json(await upload(applicant, id, { materialCode: `${code}003` }));
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/applications/${id}/files/${f.id}`, headers: { cookie: applicant.cookie } });
    expect(del.statusCode).toBe(204);
    expect((await mine(id)).files).toEqual([]);
    expect((await t.ctx.files.stat(`applications/${id}/${f.id}`))).toBeUndefined();
  });

  it('refuses an applicant below the item’s minimum assurance level', async () => {
    const res = await create(level2, strictCode);
    expect(res.statusCode).toBe(403);
    expect(json(res)).toMatchObject({ type: expect.stringContaining('level-too-low'), requiredLevel: 3, level: 2 });
    expect((await create(applicant, strictCode)).statusCode).toBe(201);
  });
});

describe(`handling on ${engine}`, () => {
  it('lets a window clerk enter and submit an application for the person at the counter', async () => {
    const noAccount = await t.app.inject({ method: 'POST', url: '/api/v1/workbench/applications', headers: { cookie: clerk.cookie }, payload: { implementationCode: code, applicant: { name: '陈静', idNumber: demoIdNumber('330105', '19950620', 322) }, form: TEST_FORM } });
    expect(noAccount.statusCode).toBe(422);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/workbench/applications', headers: { cookie: clerk.cookie, 'idempotency-key': 'window-0001' }, payload: { implementationCode: code, applicant: COUNTER_PERSON, form: TEST_FORM } });
    expect(created.statusCode, created.body).toBe(201);
    const draft = json(created);
    expect(draft).toMatchObject({ channel: 'window', status: 'draft' });
    // another clerk does not see the draft; the queue does not list it
    expect((await t.app.inject({ url: `/api/v1/workbench/applications/${draft.id}`, headers: { cookie: clerk2.cookie } })).statusCode).toBe(404);
    expect((await upload(clerk, draft.id, { kind: 'material', materialCode: `${code}001` }, pdf, true)).statusCode).toBe(201);
    const submitted = await handle(clerk, draft.id, { type: 'submit' });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(json(submitted)).toMatchObject({ status: 'submitted', channel: 'window' });
    const view = json(await t.app.inject({ url: `/api/v1/workbench/applications/${draft.id}`, headers: { cookie: clerk2.cookie } }));
    expect(view.events[0]).toMatchObject({ action: 'submit', actorKind: 'staff', actorId: clerk.accountId });
    expect(view.applicant).toMatchObject({ level: 5 });
    const [row] = await t.ctx.database.db.select().from(applications).where(eq(applications.id, draft.id));
    expect(row!.submittedBy).toBe(clerk.accountId);
  });

  it('serialises staff through claims: others wait until the claim is released or used', async () => {
    const id = await submitted();
    expect(json(await t.app.inject({ method: 'POST', url: `/api/v1/workbench/applications/${id}/claim`, headers: { cookie: clerk.cookie } }))).toMatchObject({ claimedBy: clerk.accountId });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/workbench/applications/${id}/claim`, headers: { cookie: clerk2.cookie } })).statusCode).toBe(409);
    const blocked = await handle(clerk2, id, { type: 'accept' });
    expect(blocked.statusCode).toBe(409);
    expect(json(blocked).type).toContain('conflict');
    const mineQueue = json(await t.app.inject({ url: '/api/v1/workbench/applications?claim=mine', headers: { cookie: clerk.cookie } }));
    expect(mineQueue.items.map((a: { id: string }) => a.id)).toEqual([id]);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/workbench/applications/${id}/release`, headers: { cookie: clerk2.cookie } })).statusCode).toBe(409);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/workbench/applications/${id}/release`, headers: { cookie: clerk.cookie } })).statusCode).toBe(200);
    const res = await handle(clerk2, id, { type: 'accept' });
    expect(res.statusCode).toBe(200);
    // the next step is the reviewer's: the queue "for me" shows it to the reviewer, not to the clerk
    const forReviewer = json(await t.app.inject({ url: '/api/v1/workbench/applications?forMe=true', headers: { cookie: reviewer.cookie } }));
    expect(forReviewer.items.map((a: { id: string }) => a.id)).toContain(id);
    const forClerk = json(await t.app.inject({ url: '/api/v1/workbench/applications?forMe=true', headers: { cookie: clerk.cookie } }));
    expect(forClerk.items.map((a: { id: string }) => a.id)).not.toContain(id);
  });

  it('takes a 告知承诺 application without the replaced proof, and terminates it on a false promise', async () => {
    const id = json(await create(applicant, commitmentCode)).id as string;
    const unsigned = await act(applicant, id, { type: 'submit' });
    // unsigned: the proof the commitment would replace (003) may be missing anyway (容缺), so only the form's 001 is not asked for
    expect(unsigned.statusCode).toBe(200);
    expect((await handle(clerk, id, { type: 'accept_with_commitment', commitmentSigned: true })).statusCode).toBe(422);

    const signedId = json(await create(applicant, commitmentCode)).id as string;
    expect((await mine(signedId)).commitment.notice).toContain('承诺');
    const signed = await act(applicant, signedId, { type: 'submit', commitmentSigned: true });
    expect(signed.statusCode, signed.body).toBe(200);
    expect(json(signed).commitmentSignedAt).not.toBeNull();
    const acc = await handle(clerk, signedId, { type: 'accept_with_commitment', commitmentSigned: true });
    expect(acc.statusCode, acc.body).toBe(200);
    expect(json(acc)).toMatchObject({ status: 'accepted', case: { acceptance: 'commitment' } });
    const falsePromise = await handle(approver, signedId, { type: 'promise_found_false', reason: '现场核查经营场所与承诺不符', legalBasis: '国办发〔2020〕42号' });
    expect(falsePromise.statusCode, falsePromise.body).toBe(200);
    expect(json(falsePromise)).toMatchObject({ status: 'terminated', case: { termination: { cause: 'false_promise' } } });

    const other = json(await create(applicant, code)).id as string;
    const noCommitment = await act(applicant, other, { type: 'submit', commitmentSigned: true });
    expect(noCommitment.statusCode).toBe(400);
    expect(pointers(noCommitment)).toEqual(['/body/commitmentSigned']);
  });

  it('walks 容缺受理: accepted with a material missing, supplied during review, then decided', async () => {
    const id = await submitted();
    const deadline = new Date(Date.now() + 2 * 3_600_000).toISOString();
    const acc = await handle(clerk, id, { type: 'accept_with_tolerance', missing: [`${code}003`], commitmentSigned: true, supplementDeadline: deadline });
    expect(acc.statusCode, acc.body).toBe(200);
    expect(json(acc)).toMatchObject({ status: 'accepted', case: { acceptance: 'tolerance', tolerance: { supplied: false } } });
    expect((await handle(reviewer, id, { type: 'approve_step', opinion: '主要材料齐全' })).statusCode).toBe(200);
    await handle(approver, id, { type: 'approve_step', opinion: '同意' });
    // the decision waits for the missing material
    expect(json(await handle(approver, id, { type: 'decide', outcome: 'granted', reason: '符合条件' }))).toMatchObject({ guard: 'no_missing_materials' });
    expect((await mine(id)).allowedActions).toEqual(['supply_missing', 'withdraw']);
    const f = json(await upload(applicant, id, { materialCode: `${code}003` }, file('食品安全管理制度.pdf', 'application/pdf', TEST_PDF)));
    const supplied = await act(applicant, id, { type: 'supply_missing', note: '已上传管理制度文本' });
    expect(supplied.statusCode, supplied.body).toBe(200);
    expect(json(supplied).files.find((x: { id: string }) => x.id === f.id).eventSeq).toBe(json(supplied).version);
    expect(json(supplied).case.tolerance).toMatchObject({ supplied: true });
    expect((await handle(approver, id, { type: 'decide', outcome: 'granted', reason: '符合条件' })).statusCode).toBe(200);
    expect(json(await handle(clerk, id, { type: 'complete', delivery: 'pickup' }))).toMatchObject({ status: 'completed' });
    // the scheduler leaves a supplied case alone
    expect(await expireTolerances(schedulerDeps(), new Date(Date.now() + 3 * 3_600_000))).toBe(0);
  });

  it('closes 容缺 to the joint disciplinary list and 告知承诺 to bad credit records', async () => {
    const listed = await sessionOf(t, { kind: 'person', level: 3 });
    const { idNumber } = (await accountClaims(t.ctx.identity, listed.accountId))!;
    const day = dateInZone(new Date(), 'Asia/Shanghai');
    await loadCreditRecords(t.ctx.database.db, t.ctx.identity.indexKey, [
      { subject: { kind: 'person', idNumber: idNumber! }, kind: 'bad_record', reason: '提供虚假材料', source: '信用浙江', listedOn: '2026-01-01' },
    ]);
    const id = json(await create(listed, commitmentCode)).id as string;
    expect((await act(listed, id, { type: 'submit', commitmentSigned: true })).statusCode).toBe(200);
    const view = json(await t.app.inject({ url: `/api/v1/workbench/applications/${id}`, headers: { cookie: clerk.cookie } }));
    expect(view.allowedActions).toContain('accept_with_tolerance');
    expect(view.allowedActions).not.toContain('accept_with_commitment');
    const refused = await handle(clerk, id, { type: 'accept_with_commitment', commitmentSigned: true });
    expect(refused.statusCode).toBe(422);
    expect(json(refused)).toMatchObject({ guard: 'good_credit' });

    await loadCreditRecords(t.ctx.database.db, t.ctx.identity.indexKey, [
      { subject: { kind: 'person', idNumber: idNumber! }, kind: 'blacklist', reason: '失信被执行人', source: '信用中国', listedOn: day, until: day },
    ]);
    const deadline = new Date(Date.now() + 60 * 60_000).toISOString();
    const tolerance = await handle(clerk, id, { type: 'accept_with_tolerance', missing: [`${commitmentCode}003`], commitmentSigned: true, supplementDeadline: deadline });
    expect(tolerance.statusCode).toBe(422);
    expect(json(tolerance)).toMatchObject({ guard: 'not_blacklisted' });
    // a listing past its last day no longer counts; one without an end still does
    expect(await creditFacts(t.ctx.database.db, t.ctx.identity.indexKey, { idNumber }, '2099-01-01')).toEqual({ creditBlacklisted: false, badCredit: true });
    expect((await handle(clerk, id, { type: 'accept' })).statusCode).toBe(200);
  });

  it('pauses the clock for a hearing and lengthens the limits by an approved extension', async () => {
    const id = await accepted();
    const before = await mine(id);
    const start = await handle(reviewer, id, { type: 'start_special_procedure', procedure: 'hearing', reason: '涉及相邻权利人重大利益，依申请举行听证' });
    expect(start.statusCode, start.body).toBe(200);
    expect(json(start)).toMatchObject({ case: { clock: 'paused', specialProcedure: { procedure: 'hearing' } } });
    // while paused the deadline is the one of a clock running again today (it moves on each day)
    expect(json(start).promisedDeadline).toBe(before.promisedDeadline);
    const later = new Date(Date.now() + 3 * 86_400_000);
    await recolour(schedulerDeps(), later);
    const moved = (await mine(id)).promisedDeadline as string;
    expect(moved > before.promisedDeadline).toBe(true);
    expect((await handle(approver, id, { type: 'decide', outcome: 'granted', reason: '符合条件' })).statusCode).toBe(422);
    expect((await handle(reviewer, id, { type: 'end_special_procedure', outcome: '听证结束，无异议' })).statusCode).toBe(200);
    const ext = await handle(approver, id, { type: 'extend_time_limit', days: 10, reason: '情况复杂', legalBasis: '《行政许可法》第四十二条' });
    expect(ext.statusCode, ext.body).toBe(200);
    const today = dateInZone(new Date(), 'Asia/Shanghai');
    // the hearing started and ended today: no working day was lost; deadlines may run into a year
    // whose official calendar is not loaded yet (then counted on weekends only, and flagged)
    const cal = provisionalCalendar(t.ctx.calendar);
    expect(json(ext).promisedDeadline).toBe(cal.addWorkingDays(today, 5 + 10));
    expect(json(ext).statutoryDeadline).toBe(cal.addWorkingDays(today, 20 + 10));
    expect(json(ext).deadlineProvisional).toBe(!t.ctx.calendar.years.includes(Number(json(ext).statutoryDeadline.slice(0, 4))));
    expect(before.promisedDeadline).toBe(cal.addWorkingDays(today, 5));
    expect((await handle(approver, id, { type: 'extend_time_limit', days: 5, reason: '再次延长', legalBasis: '无' })).statusCode).toBe(422);
  });

  it('attaches staff files to an action and shows results, not internal attachments, to the applicant', async () => {
    const id = await accepted();
    const opinionFile = json(await upload(reviewer, id, { kind: 'attachment' }, file('审查意见.pdf', 'application/pdf', TEST_PDF), true));
    const step = await handle(reviewer, id, { type: 'approve_step', opinion: '材料齐全', attachments: [opinionFile.id] });
    expect(step.statusCode, step.body).toBe(200);
    expect(json(step).files.find((f: { id: string }) => f.id === opinionFile.id)).toMatchObject({ eventSeq: json(step).version });
    const reused = await handle(approver, id, { type: 'approve_step', opinion: '同意', attachments: [opinionFile.id] });
    expect(reused.statusCode).toBe(400);
    await handle(approver, id, { type: 'approve_step', opinion: '同意' });
    await handle(approver, id, { type: 'decide', outcome: 'granted', reason: '符合条件' });
    const result = json(await upload(clerk, id, { kind: 'result' }, file('食品经营许可证.pdf', 'application/pdf', TEST_PDF), true));
    const done = await handle(clerk, id, { type: 'complete', delivery: 'e_licence', attachments: [result.id] });
    expect(done.statusCode, done.body).toBe(200);
    const view = await mine(id);
    expect(view.status).toBe('completed');
    expect(view.files.map((f: { kind: string }) => f.kind).sort()).toEqual(['material', 'result']);
    expect((await t.app.inject({ url: `/api/v1/applications/${id}/files/${result.id}`, headers: { cookie: applicant.cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/api/v1/applications/${id}/files/${opinionFile.id}`, headers: { cookie: applicant.cookie } })).statusCode).toBe(404);
  });

  it('issues the signed e-licence of a granted licence item when the case completes', async () => {
    // without licence types or a key the case completes and the skip is audited
    const first = await accepted();
    for (const [who, a] of [[reviewer, { type: 'approve_step', opinion: '同意' }], [approver, { type: 'approve_step', opinion: '同意' }], [approver, { type: 'decide', outcome: 'granted', reason: '符合条件' }], [clerk, { type: 'complete', delivery: 'e_licence' }]] as const) {
      expect((await handle(who, first, a)).statusCode).toBe(200);
    }
    const skipped = await t.ctx.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, first), eq(auditLog.action, 'licence.issue.skipped')));
    expect(skipped).toHaveLength(1);

    await seedDemoLicences(t.ctx.database.db, undefined);
    await t.ctx.database.db.transaction((tx) => licenceService.generateKey(tx, { keyring: t.ctx.identity.keyring }, 'test', orgId));
    const id = await accepted();
    for (const [who, a] of [[reviewer, { type: 'approve_step', opinion: '同意' }], [approver, { type: 'approve_step', opinion: '同意' }], [approver, { type: 'decide', outcome: 'granted', reason: '符合条件' }], [clerk, { type: 'complete', delivery: 'e_licence' }]] as const) {
      expect((await handle(who, id, a)).statusCode).toBe(200);
    }
    const issued = (await t.ctx.database.db.select().from(auditLog).where(eq(auditLog.action, 'licence.issue'))).filter((e) => (e.detail as { applicationId?: string }).applicationId === id);
    expect(issued).toHaveLength(1);
    const identifier = issued[0]!.entityId;
    const verified = json(await t.app.inject({ url: `/api/v1/licences/verify/${encodeURIComponent(identifier)}` }));
    expect(verified.result).toBe('valid');
    expect(verified.licence.holderCode).toContain('*');

    // a later application takes that licence instead of an upload (免提交)
    const base = validItem(9);
    const later = await publish({
      ...base,
      materials: base.materials.map((m) => (m.code.endsWith('001') ? { ...m, supply: { kind: 'licence' as const, licenceType: verified.licence.typeCode } } : m)),
      application: TEST_APPLICATION,
    });
    const next = json(await create(applicant, later)).id as string;
    const offered = json(await t.app.inject({ url: `/api/v1/applications/${next}/supply`, headers: { cookie: applicant.cookie } }));
    expect(offered.materials).toEqual([expect.objectContaining({ material: `${later}001`, state: 'available', licence: expect.objectContaining({ identifier }) })]);
    const supplied = await t.app.inject({ method: 'POST', url: `/api/v1/applications/${next}/supply`, headers: { cookie: applicant.cookie }, payload: { consent: true } });
    expect(json(supplied).supplyOutcome.supplied).toEqual([`${later}001`]);
    const sent = await act(applicant, next, { type: 'submit' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(json(sent)).toMatchObject({ status: 'submitted', materialsSaved: 1 });
  });

  it('tells the applicant at each change that concerns them, in-app and by text message', async () => {
    const id = await accepted();
    const list = json(await t.app.inject({ url: '/api/v1/notifications', headers: { cookie: applicant.cookie } }));
    const mineOnly = list.items.filter((n: { applicationId: string }) => n.applicationId === id);
    expect(mineOnly.map((n: { kind: string }) => n.kind)).toEqual(['application.accept', 'application.submit']);
    expect(mineOnly[0]).toMatchObject({ link: `/my/applications/${id}`, readAt: null });
    // the acceptance is texted (outbox, sent by the scheduler); the submission confirmation is not
    expect((await Promise.all(mineOnly.map((n: { id: string }) => smsStateOf(t.ctx.database.db, n.id)))).map((s) => s?.state)).toEqual(['pending', 'none']);
  });
});

describe(`background jobs on ${engine}`, () => {
  it('terminates a 容缺 case whose supplement deadline passed, once, as the system', async () => {
    const id = await submitted();
    const deadline = new Date(Date.now() + 60 * 60_000).toISOString();
    const acc = await handle(clerk, id, { type: 'accept_with_tolerance', missing: [`${code}003`], commitmentSigned: true, supplementDeadline: deadline });
    expect(acc.statusCode, acc.body).toBe(200);
    expect(await expireTolerances(schedulerDeps(), new Date())).toBe(0);
    const later = new Date(Date.now() + 2 * 60 * 60_000);
    const [a, b] = await Promise.all([expireTolerances(schedulerDeps(), later), expireTolerances(schedulerDeps(), later)]);
    expect(a + b).toBeGreaterThanOrEqual(1);
    const view = await mine(id);
    expect(view).toMatchObject({ status: 'terminated', case: { termination: { cause: 'tolerance_expired' } } });
    expect(view.events.filter((e: { action: string }) => e.action === 'tolerance_expired')).toHaveLength(1);
    const audit = await t.ctx.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'application.tolerance_expired')));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('system');
  });

  it('recolours open cases once a day, in any number of processes, and shows the cards to supervisors of the region', async () => {
    const id = await accepted();
    const farFuture = new Date(Date.now() + 40 * 86_400_000);
    const runs = await Promise.all([recolour(schedulerDeps(), farFuture), recolour(schedulerDeps(), farFuture), recolour(schedulerDeps(), farFuture)]);
    expect(runs.reduce((n, r) => n + r.changed, 0)).toBeGreaterThanOrEqual(1);
    const [row] = await t.ctx.database.db.select().from(applications).where(eq(applications.id, id));
    expect(row!.warning).toBe('red');
    const warned = await t.ctx.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'application.warning')));
    expect(warned).toHaveLength(1);
    // checked today (in the run's day): a second round does nothing
    expect(await recolour(schedulerDeps(), farFuture)).toEqual({ checked: 0, changed: 0 });

    const page = json(await t.app.inject({ url: '/api/v1/workbench/supervision?warning=red', headers: { cookie: supervisor.cookie } }));
    expect(page.items.map((a: { id: string }) => a.id)).toContain(id);
    expect(page.organisations[0]).toMatchObject({ organisationName: TEST_ORG.name, red: expect.any(Number) });
    const far = json(await t.app.inject({ url: '/api/v1/workbench/supervision', headers: { cookie: farSupervisor.cookie } }));
    expect(far.total).toBe(0);
    const overdue = json(await t.app.inject({ url: '/api/v1/workbench/applications?warning=red', headers: { cookie: clerk.cookie } }));
    expect(overdue.items.map((a: { id: string }) => a.id)).toContain(id);
  });

  it('gives a submitted case its acceptance limit (five working days) and a card on it', async () => {
    const id = await submitted();
    const today = dateInZone(new Date(), 'Asia/Shanghai');
    const view = await mine(id);
    expect(view).toMatchObject({ status: 'submitted', promisedDeadline: null, acceptanceDeadline: provisionalCalendar(t.ctx.calendar).addWorkingDays(today, 5), warning: 'green' });
    const late = new Date(Date.now() + 30 * 86_400_000);
    await recolour(schedulerDeps(), late);
    expect((await mine(id)).warning).toBe('red');
    const accepted = json(await handle(clerk, id, { type: 'accept' }));
    expect(accepted).toMatchObject({ acceptanceDeadline: null, warning: 'green' });
    // the overdue view lists open cases only
    const rejectedLate = await submitted();
    await recolour(schedulerDeps(), new Date(Date.now() + 31 * 86_400_000));
    await handle(clerk, rejectedLate, { type: 'reject', reason: '不属于受理范围', legalBasis: '《行政许可法》第三十二条' });
    const overdue = json(await t.app.inject({ url: '/api/v1/workbench/applications?warning=red&pageSize=100', headers: { cookie: clerk.cookie } }));
    expect(overdue.items.every((a: { status: string }) => !['rejected', 'completed', 'withdrawn', 'terminated'].includes(a.status))).toBe(true);
  });

  it('does nothing in a second round of the same day', async () => {
    const day = new Date(Date.now() + 41 * 86_400_000);
    const first = await runApplicationJobs(schedulerDeps(), day);
    expect(first.checked).toBeGreaterThan(0);
    expect(await runApplicationJobs(schedulerDeps(), day)).toEqual({ terminated: 0, checked: 0, changed: 0 });
  });
});
