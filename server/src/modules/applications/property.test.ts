/**
 * Random sequences of applicant and staff actions through the HTTP API, on both engines: no answer
 * is a server error, the stored case is always a valid state of its definition, and nothing is lost
 * — one event per case version, numbered without gaps, each with its audit entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { and, asc, eq, like } from 'drizzle-orm';
import { caseStateProblems, type CaseState, type WorkflowDefinition } from '@onewindow/domain';
import { createTestApp, ADMIN, engine, sessionOf, type TestApp } from '../../test/harness.js';
import { multipart, TEST_APPLICATION, TEST_FORM, TEST_ORG, TEST_PDF, validItem } from '../../test/fixtures.js';
import { auditLog } from '../../platform/schema.js';
import { seed } from '../../seed/seed.js';
import { applications } from './schema.js';

let t: TestApp;
type Who = { cookie: string; accountId: string };
const staff: Record<'clerk' | 'reviewer' | 'approver', Who> = {} as never;
let applicant: Who;
let code = '';
const json = (r: { body: string }) => JSON.parse(r.body);

beforeAll(async () => {
  t = await createTestApp();
  await seed(t.ctx.database.db, { demo: false });
  const org = json(await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: TEST_ORG }));
  const item = validItem(5);
  code = item.implementationCode;
  const payload = { ...item, application: { ...TEST_APPLICATION, commitment: { notice: '承诺符合条件，承诺不实依法撤销。', replacesMaterials: [] } } };
  expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: ADMIN, payload })).statusCode).toBe(201);
  expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/items/${code}/publish`, headers: ADMIN })).statusCode).toBe(200);
  applicant = await sessionOf(t, { kind: 'person', level: 3 });
  for (const role of ['clerk', 'reviewer', 'approver'] as const) {
    const r = role === 'clerk' ? 'window_clerk' : role;
    staff[role] = await sessionOf(t, { kind: 'staff', roles: [{ role: r, regionCode: '330106', organisationId: org.id as string }] });
  }
}, 180_000);
afterAll(async () => t?.close());

const text = fc.constantFrom('材料齐全', '符合条件', '依法审查', '补充说明');
const hour = () => new Date(Date.now() + 3_600_000).toISOString();
/** One action: who takes it and its payload (some deliberately invalid or out of turn). */
const step = fc.oneof(
  fc.constant({ who: 'applicant', body: { type: 'submit', commitmentSigned: true } }),
  fc.constant({ who: 'applicant', body: { type: 'supply_correction' } }),
  fc.constant({ who: 'applicant', body: { type: 'supply_missing' } }),
  fc.constant({ who: 'applicant', body: { type: 'withdraw' } }),
  fc.constant({ who: 'clerk', body: { type: 'accept' } }),
  fc.constant({ who: 'clerk', body: { type: 'request_correction', items: ['营业执照副本'] } }),
  fc.constant({ who: 'clerk', body: { type: 'reject', reason: '不符合受理条件', legalBasis: '《行政许可法》第三十二条' } }),
  fc.constant({ who: 'clerk', body: { type: 'accept_with_commitment', commitmentSigned: true } }),
  fc.constant({ who: 'clerk', body: { type: 'accept_with_tolerance', missing: ['(the item’s may-be-missing material)'], commitmentSigned: true, supplementDeadline: '(in an hour)' } }),
  fc.constant({ who: 'clerk', body: { type: 'complete', delivery: 'post' } }),
  fc.record({ who: fc.constantFrom('clerk', 'approver'), body: fc.record({ type: fc.constant('set_green_channel'), enabled: fc.boolean(), reason: text }) }),
  fc.record({ who: fc.constantFrom('reviewer', 'approver', 'clerk'), body: fc.record({ type: fc.constantFrom('approve_step', 'return_step'), opinion: text }) }),
  fc.record({ who: fc.constantFrom('approver', 'reviewer'), body: fc.record({ type: fc.constant('decide'), outcome: fc.constantFrom('granted', 'refused'), reason: text, legalBasis: fc.option(text, { nil: undefined }) }) }),
  fc.record({ who: fc.constantFrom('reviewer', 'approver'), body: fc.record({ type: fc.constant('start_special_procedure'), procedure: fc.constantFrom('hearing', 'expert_review'), reason: text }) }),
  fc.record({ who: fc.constantFrom('reviewer', 'approver'), body: fc.record({ type: fc.constant('end_special_procedure'), outcome: text }) }),
  fc.constant({ who: 'approver', body: { type: 'extend_time_limit', days: 10, reason: '情况复杂', legalBasis: '《行政许可法》第四十二条' } }),
  fc.constant({ who: 'approver', body: { type: 'promise_found_false', reason: '核查不实' } }),
);

async function run(steps: { who: string; body: Record<string, unknown> }[]) {
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/applications', headers: { cookie: applicant.cookie }, payload: { implementationCode: code, form: TEST_FORM } });
  const id = json(created).id as string;
  const upload = multipart({ materialCode: `${code}001` }, { name: '申请书.pdf', type: 'application/pdf', content: TEST_PDF });
  await t.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/files`, headers: { cookie: applicant.cookie, ...upload.headers }, payload: upload.payload });
  for (const s of steps) {
    const body = s.body.type === 'accept_with_tolerance' ? { ...s.body, missing: [`${code}003`], supplementDeadline: hour() } : s.body;
    const res =
      s.who === 'applicant'
        ? await t.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/actions`, headers: { cookie: applicant.cookie }, payload: body })
        : await t.app.inject({ method: 'POST', url: `/api/v1/workbench/applications/${id}/actions`, headers: { cookie: staff[s.who as keyof typeof staff].cookie }, payload: body });
    expect([200, 400, 403, 404, 409, 422], `${s.who} ${String(body.type)}: ${res.body.slice(0, 300)}`).toContain(res.statusCode);
  }
  const view = json(await t.app.inject({ url: `/api/v1/applications/${id}`, headers: { cookie: applicant.cookie } }));
  const [row] = await t.ctx.database.db.select().from(applications).where(eq(applications.id, id));
  const state = view.case as CaseState;
  expect(state).toEqual(row!.caseState);
  expect(caseStateProblems(row!.definition as WorkflowDefinition, state)).toEqual([]);
  expect(view.status).toBe(state.status);
  // one event per version after creation (no form edits here), numbered 1..n without gaps
  expect(view.events.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: view.version }, (_, i) => i + 1));
  expect(state.version).toBe(view.version);
  const audited = await t.ctx.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, id), like(auditLog.action, 'application.%'))).orderBy(asc(auditLog.seq));
  const transitions = audited.filter((a) => !['application.create', 'application.form', 'application.file.upload', 'application.file.delete', 'application.claim', 'application.release', 'application.warning'].includes(a.action));
  expect(transitions.map((a) => a.action)).toEqual(view.events.map((e: { action: string }) => `application.${e.action}`));
}

describe(`random action sequences on ${engine}`, () => {
  it('never answer 5xx, never leave an invalid case, never lose an event', async () => {
    await fc.assert(fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 14 }), run), { numRuns: 25 });
  }, 300_000);
});
