/**
 * 投诉建议 over HTTP: attachments (checked by content), filing with routing (item, organisation,
 * staff rating code), due date in working days, Idempotency-Key, the daily limit, who sees what,
 * answering (If-Match, the filer's notice), the filer's rating, and escalation by the scheduler.
 * Runs on PGlite, or PostgreSQL with TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { dateInZone, type ComplaintView } from '@onewindow/domain';
import { organUscc } from '@onewindow/domain/testing';
import { createTestApp, ADMIN, engine, sessionOf, type TestApp } from '../../test/harness.js';
import { multipart, TEST_ORG, TEST_PDF, validItem } from '../../test/fixtures.js';
import { seed } from '../../seed/seed.js';
import { auditLog } from '../../platform/schema.js';
import { verifyAudit } from '../../platform/audit.js';
import { insertRatingCode } from '../../test/rows.js';
import { complaints } from './schema.js';
import { escalateOverdue } from './scheduler.js';

const OTHER_ORG = { ...TEST_ORG, uscc: organUscc('330102', '00250299C'), name: '杭州市上城区市场监督管理局', shortName: '上城区市场监管局', regionCode: '330102' };

let t: TestApp;
const h = new Map<string, { cookie: string; accountId: string }>();
let orgId = '';
let otherOrgId = '';
let itemId = '';
const STAFF_CODE = 'qr-complaints-test-0001';

const api = (method: 'GET' | 'POST', url: string, who: string | undefined, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: { ...(who ? { cookie: h.get(who)!.cookie } : {}), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });
const json = <T>(res: { body: string }) => JSON.parse(res.body) as T;
interface Notice {
  kind: string;
  link: string;
}
const noticesOf = (page: { items: Notice[] }, kind: string) => page.items.filter((n) => n.kind === kind);

const complaint = (over: Record<string, unknown> = {}) => ({
  kind: 'complaint',
  subject: 'organisation',
  organisationId: orgId,
  title: '窗口排队时间过长',
  content: '周一上午在窗口排队两个多小时，只有一个窗口在办理业务。',
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  await seed(t.ctx.database.db, { demo: false });
  for (const org of [TEST_ORG, OTHER_ORG]) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: org });
    expect(res.statusCode, res.body).toBe(201);
  }
  const orgs = json<{ items: { id: string; uscc: string }[] }>(await t.app.inject({ method: 'GET', url: '/api/v1/organisations?pageSize=100' }));
  orgId = orgs.items.find((o) => o.uscc === TEST_ORG.uscc)!.id;
  otherOrgId = orgs.items.find((o) => o.uscc === OTHER_ORG.uscc)!.id;
  const item = validItem(1);
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: ADMIN, payload: item });
  expect(created.statusCode, created.body).toBe(201);
  itemId = json<{ id: string }>(created).id;
  expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/items/${item.implementationCode}/publish`, headers: ADMIN })).statusCode).toBe(200);

  h.set('filer', await sessionOf(t, { kind: 'person', level: 3 }));
  h.set('other', await sessionOf(t, { kind: 'person', level: 2 }));
  h.set('officer', await sessionOf(t, { kind: 'staff', roles: [{ role: 'feedback_officer', regionCode: '330106', organisationId: orgId }] }));
  h.set('otherAdmin', await sessionOf(t, { kind: 'staff', roles: [{ role: 'org_admin', regionCode: '330102', organisationId: otherOrgId }] }));
  h.set('supervisorHZ', await sessionOf(t, { kind: 'staff', roles: [{ role: 'supervisor', regionCode: '330100' }] }));
  h.set('supervisorJS', await sessionOf(t, { kind: 'staff', roles: [{ role: 'supervisor', regionCode: '320000' }] }));
  h.set('clerk', await sessionOf(t, { kind: 'staff', roles: [{ role: 'window_clerk', regionCode: '330102', organisationId: otherOrgId }] }));
  await insertRatingCode(t.ctx.database.db, { code: STAFF_CODE, staffId: h.get('clerk')!.accountId, organisationId: otherOrgId, window: 'A03' });
}, 180_000);
afterAll(async () => t?.close());

describe(`complaints on ${engine}`, () => {
  let fileId = '';
  let filed: ComplaintView;

  it('takes a PDF attachment, and refuses what is not a PDF, JPEG or PNG by content', async () => {
    const pdf = multipart({}, { name: '现场照片.pdf', type: 'application/pdf', content: TEST_PDF });
    const ok = await api('POST', '/complaints/files', 'filer', pdf.payload, pdf.headers);
    expect(ok.statusCode, ok.body).toBe(201);
    const file = json<{ id: string; name: string; contentType: string; size: number }>(ok);
    expect(file).toMatchObject({ name: '现场照片.pdf', contentType: 'application/pdf', size: TEST_PDF.length });
    fileId = file.id;
    const exe = multipart({}, { name: 'photo.pdf', type: 'application/pdf', content: Buffer.from('MZ\x90\x00 not a pdf', 'latin1') });
    const refused = await api('POST', '/complaints/files', 'filer', exe.payload, exe.headers);
    expect(refused.statusCode).toBe(415);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    const notMultipart = await api('POST', '/complaints/files', 'filer', { file: 'x' });
    expect(notMultipart.statusCode).toBe(415);
  });

  it('files a complaint about an item: routed to the item’s organisation, due in 10 working days, attachment bound', async () => {
    const res = await api('POST', '/complaints', 'filer', complaint({ subject: 'item', itemId, organisationId: undefined, attachments: [fileId] }), { 'idempotency-key': 'complaint-item-0001' });
    expect(res.statusCode, res.body).toBe(201);
    filed = json<ComplaintView>(res);
    const today = dateInZone(new Date(), t.ctx.config.timeZone);
    expect(filed).toMatchObject({
      kind: 'complaint',
      subject: 'item',
      status: 'open',
      organisation: { id: orgId, name: TEST_ORG.name },
      regionCode: '330106',
      item: { id: itemId },
      staff: null,
      dueDate: t.ctx.calendar.addWorkingDays(today, 10),
      overdue: false,
      escalatedAt: null,
      answer: null,
      filer: '测试居民',
      version: 1,
    });
    expect(filed.number).toMatch(new RegExp(`^TS330106${today.replaceAll('-', '')}\\d{4}$`));
    expect(filed.attachments).toEqual([{ id: fileId, name: '现场照片.pdf', contentType: 'application/pdf', size: TEST_PDF.length }]);
    expect(res.headers.etag).toBe('"v1"');
  });

  it('answers a retry with the same Idempotency-Key from the first filing, and refuses the key with another body', async () => {
    const again = await api('POST', '/complaints', 'filer', complaint({ subject: 'item', itemId, organisationId: undefined, attachments: [fileId] }), { 'idempotency-key': 'complaint-item-0001' });
    expect(again.statusCode).toBe(201);
    expect(json<ComplaintView>(again).id).toBe(filed.id);
    const rows = await t.ctx.database.db.select().from(complaints).where(eq(complaints.filerAccountId, h.get('filer')!.accountId));
    expect(rows).toHaveLength(1);
    const other = await api('POST', '/complaints', 'filer', complaint({ title: '另一件事情' }), { 'idempotency-key': 'complaint-item-0001' });
    expect(other.statusCode).toBe(422);
  });

  it('names the bad fields: missing subject reference, unknown organisation, item, staff code, someone else’s or a used attachment', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [complaint({ subject: 'item', organisationId: undefined }), '/body/itemId', 'required'],
      [complaint({ organisationId: '0190f5b2-0000-7000-8000-00000000beef' }), '/body/organisationId', 'complaint.organisationUnknown'],
      [complaint({ subject: 'item', itemId: '0190f5b2-0000-7000-8000-00000000beef' }), '/body/itemId', 'complaint.itemUnknown'],
      [complaint({ subject: 'staff', staffCode: 'no-such-code' }), '/body/staffCode', 'complaint.staffCodeUnknown'],
      [complaint({ attachments: [fileId] }), '/body/attachments/0', 'complaint.attachmentUnknown'],
    ];
    for (const [body, pointer, code] of cases) {
      const res = await api('POST', '/complaints', 'other', body);
      expect(res.statusCode, `${pointer}: ${res.body}`).toBe(400);
      expect(json<{ errors: { pointer: string; code: string }[] }>(res).errors).toContainEqual(expect.objectContaining({ pointer, code }));
    }
    // the filer's own attachment, already bound to their first complaint
    const used = await api('POST', '/complaints', 'filer', complaint({ attachments: [fileId] }));
    expect(json<{ errors: { pointer: string }[] }>(used).errors[0]!.pointer).toBe('/body/attachments/0');
  });

  it('routes a complaint about a staff member to the organisation of the staff member’s rating code', async () => {
    const res = await api('POST', '/complaints', 'other', complaint({ kind: 'suggestion', subject: 'staff', staffCode: STAFF_CODE, organisationId: undefined }));
    expect(res.statusCode, res.body).toBe(201);
    const view = json<ComplaintView>(res);
    expect(view).toMatchObject({ kind: 'suggestion', subject: 'staff', organisation: { id: otherOrgId }, regionCode: '330102', staff: { id: h.get('clerk')!.accountId, name: '测***' } });
    // the organisation's administrator sees the staff member's name in full, the filer masked
    const forStaff = json<ComplaintView>(await api('GET', `/complaints/${view.id}`, 'otherAdmin'));
    expect(forStaff.staff!.name).toBe('测试人员');
    expect(forStaff.filer).toBe('测***');
  });

  it('shows a complaint to its filer, its organisation and the region’s supervisors only', async () => {
    for (const who of ['filer', 'officer', 'supervisorHZ']) expect((await api('GET', `/complaints/${filed.id}`, who)).statusCode, who).toBe(200);
    for (const who of ['other', 'otherAdmin', 'supervisorJS', 'clerk']) expect((await api('GET', `/complaints/${filed.id}`, who)).statusCode, who).toBe(404);
    const download = await api('GET', `/complaints/${filed.id}/files/${fileId}`, 'officer');
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.equals(TEST_PDF)).toBe(true);
    expect((await api('GET', `/complaints/${filed.id}/files/${fileId}`, 'other')).statusCode).toBe(404);
    const mine = json<{ items: ComplaintView[] }>(await api('GET', '/me/complaints', 'filer'));
    expect(mine.items.map((c) => c.id)).toEqual([filed.id]);
  });

  it('lists the workbench queue in scope, with the escalated filter read as a boolean', async () => {
    const officer = json<{ items: ComplaintView[]; total: number }>(await api('GET', '/workbench/complaints', 'officer'));
    expect(officer.items.map((c) => c.id)).toEqual([filed.id]);
    expect(officer.items[0]!.filer).toBe('测***');
    const supervisor = json<{ total: number }>(await api('GET', '/workbench/complaints?status=open', 'supervisorHZ'));
    expect(supervisor.total).toBe(2);
    expect(json<{ total: number }>(await api('GET', '/workbench/complaints?escalated=false', 'supervisorHZ')).total).toBe(2);
    expect(json<{ total: number }>(await api('GET', '/workbench/complaints?escalated=true', 'supervisorHZ')).total).toBe(0);
    expect(json<{ total: number }>(await api('GET', '/workbench/complaints', 'supervisorJS')).total).toBe(0);
    expect(json<{ total: number }>(await api('GET', '/workbench/complaints', 'otherAdmin')).total).toBe(1);
  });

  it('answers with If-Match: supervisors only once escalated, 412 on a stale version, the filer told; once', async () => {
    const answer = { answer: '已增开两个综合窗口，并在高峰时段安排人员引导分流。' };
    expect((await api('POST', `/workbench/complaints/${filed.id}/answer`, 'supervisorHZ', answer)).statusCode).toBe(403);
    expect((await api('POST', `/workbench/complaints/${filed.id}/answer`, 'otherAdmin', answer)).statusCode).toBe(404);
    const stale = await api('POST', `/workbench/complaints/${filed.id}/answer`, 'officer', answer, { 'if-match': '"v7"' });
    expect(stale.statusCode).toBe(412);
    const short = await api('POST', `/workbench/complaints/${filed.id}/answer`, 'officer', { answer: '好' }, { 'if-match': '"v1"' });
    expect(short.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string }[] }>(short).errors[0]!.pointer).toBe('/body/answer');
    const res = await api('POST', `/workbench/complaints/${filed.id}/answer`, 'officer', answer, { 'if-match': '"v1"' });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<ComplaintView>(res)).toMatchObject({ status: 'answered', version: 2, answer: { text: answer.answer, by: '测试人员' } });
    expect(res.headers.etag).toBe('"v2"');
    const notices = noticesOf(json<{ items: Notice[] }>(await api('GET', '/notifications', 'filer')), 'complaint.answered');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.link).toBe(`/me/complaints/${filed.id}`);
    // the filer hears from the organisation
    expect(json<ComplaintView>(await api('GET', `/complaints/${filed.id}`, 'filer')).answer!.by).toBe(TEST_ORG.name);
    const twice = await api('POST', `/workbench/complaints/${filed.id}/answer`, 'officer', answer);
    expect(twice.statusCode).toBe(409);
  });

  it('lets the filer rate the answer once', async () => {
    expect((await api('POST', `/complaints/${filed.id}/rating`, 'other', { satisfied: true })).statusCode).toBe(404);
    const res = await api('POST', `/complaints/${filed.id}/rating`, 'filer', { satisfied: true, comment: '处理及时' });
    expect(res.statusCode, res.body).toBe(200);
    expect(json<ComplaintView>(res).filerRating).toMatchObject({ satisfied: true, comment: '处理及时' });
    expect((await api('POST', `/complaints/${filed.id}/rating`, 'filer', { satisfied: false })).statusCode).toBe(409);
    const open = json<{ items: ComplaintView[] }>(await api('GET', '/me/complaints', 'other')).items[0]!;
    expect((await api('POST', `/complaints/${open.id}/rating`, 'other', { satisfied: true })).statusCode).toBe(409);
  });

  it('escalates overdue complaints once, audited, telling the supervisors of the region; a supervisor may then answer', async () => {
    const open = json<{ items: ComplaintView[] }>(await api('GET', '/me/complaints', 'other')).items[0]!;
    const deps = { db: t.ctx.database.db, timeZone: t.ctx.config.timeZone };
    expect(await escalateOverdue(deps)).toBe(0);
    const after = new Date(Date.parse(`${open.dueDate}T12:00:00+08:00`) + 86_400_000);
    expect(await escalateOverdue(deps, after)).toBe(1);
    expect(await escalateOverdue(deps, after)).toBe(0);
    const view = json<ComplaintView>(await api('GET', `/complaints/${open.id}`, 'supervisorHZ'));
    expect(view).toMatchObject({ escalatedAt: after.toISOString(), overdue: false, version: 2 });
    // the supervisors of the region are told; those of another province are not
    const told = noticesOf(json<{ items: Notice[] }>(await api('GET', '/notifications', 'supervisorHZ')), 'complaint.escalated');
    expect(told.map((n) => n.link)).toEqual([`/admin/feedback/complaints/${open.id}`]);
    expect(noticesOf(json<{ items: Notice[] }>(await api('GET', '/notifications', 'supervisorJS')), 'complaint.escalated')).toEqual([]);
    const audit = await t.ctx.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'complaint.escalate'), eq(auditLog.entityId, open.id)));
    expect(audit).toHaveLength(1);
    expect(json<{ total: number }>(await api('GET', '/workbench/complaints?escalated=true', 'supervisorHZ')).total).toBe(1);
    const res = await api('POST', `/workbench/complaints/${open.id}/answer`, 'supervisorHZ', { answer: '已督促该单位整改并约谈相关工作人员。' }, { 'if-match': '"v2"' });
    expect(res.statusCode, res.body).toBe(200);
  });

  it('allows 10 complaints a day per account, then answers 429', async () => {
    const busy = await sessionOf(t, { kind: 'person' });
    h.set('busy', busy);
    for (let i = 0; i < 10; i++) expect((await api('POST', '/complaints', 'busy', complaint({ title: `建议第${i + 1}条内容` }))).statusCode).toBe(201);
    const over = await api('POST', '/complaints', 'busy', complaint());
    expect(over.statusCode).toBe(429);
    expect(over.headers['retry-after']).toBeDefined();
  });

  it('audits every change in an intact chain', async () => {
    const actions = (await t.ctx.database.db.select({ action: auditLog.action }).from(auditLog)).map((a) => a.action);
    for (const a of ['complaint.file.upload', 'complaint.create', 'complaint.answer', 'complaint.rate', 'complaint.escalate']) expect(actions).toContain(a);
    expect((await verifyAudit(t.ctx.database.db)).brokenAt).toBeNull();
  });
});
