/**
 * 免提交 on a real app: a draft's materials supplied with the applicant's consent from their own
 * e-licence (authorised for the application in the wallet) and from shared data read through the
 * exchange gateway under the handling organisation's grant (logged, verified chain); form fields
 * prefilled from shared data; what cannot be supplied and why; submission counting supplied
 * materials; the savings recorded; the provenance and trust level staff see; withdrawal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { licenceIssueSchema, resourceInputSchema, SUPPLY_PURPOSE, type ItemInput } from '@onewindow/domain';
import { organUscc } from '@onewindow/domain/testing';
import { createTestApp, ADMIN, engine, sessionOf, type TestApp } from '../../test/harness.js';
import { TEST_APPLICATION, TEST_FORM, TEST_ORG, multipart, TEST_PDF, validItem } from '../../test/fixtures.js';
import { auditLog } from '../../platform/schema.js';
import { seed } from '../../seed/seed.js';
import { DEMO_LICENCE_TYPES } from '../../seed/demo-licences.js';
import * as identity from '../identity/service.js';
import * as licences from '../licences/service.js';
import * as sharing from '../sharing/service.js';
import * as exchange from '../exchange/service.js';
import { applicationSupplies } from './schema.js';

let t: TestApp;
const json = (r: { body: string }) => JSON.parse(r.body);
type Who = { cookie: string; accountId: string };
let alice: Who, bob: Who, clerk: Who, auditor: Who;
let code = '';
let orgId = '';
let providerId = '';
let aliceLicence = '';
const DRIVING = DEMO_LICENCE_TYPES.find((x) => x.name === '机动车驾驶证')!.code;
const RESOURCE = '330106-TEST-RK';
const PROVIDER = { ...TEST_ORG, uscc: organUscc('330106', 'MB1F07345'), name: '杭州市公安局西湖区分局（测试）', shortName: '西湖公安分局', address: '杭州市西湖区文二路1号' };
const ADDRESS = '浙江省杭州市西湖区文三路 90 号';

async function inTx<T>(fn: (tx: Parameters<Parameters<TestApp['ctx']['database']['db']['transaction']>[0]>[0]) => Promise<T>) {
  return t.ctx.database.db.transaction(fn);
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.ctx.database.db;
  await seed(db, { demo: false });
  await licences.ensureTypes(db, DEMO_LICENCE_TYPES);
  orgId = json(await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: TEST_ORG })).id;
  providerId = json(await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: PROVIDER })).id;
  expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/organisations/${providerId}/keys`, headers: ADMIN })).statusCode).toBe(201);
  alice = await sessionOf(t, { kind: 'person', level: 3 });
  bob = await sessionOf(t, { kind: 'person', level: 2 });
  clerk = await sessionOf(t, { kind: 'staff', roles: [{ role: 'window_clerk', regionCode: '330106', organisationId: orgId }] });
  auditor = await sessionOf(t, { kind: 'staff', roles: [{ role: 'auditor', regionCode: '330000' }] });
  const aliceId = (await identity.accountClaims(t.ctx.identity, alice.accountId))!.idNumber!;
  await identity.loadPopulation(db, t.ctx.identity.keyring, t.ctx.identity.indexKey, [{ name: '测试居民', idNumber: aliceId, householdAddress: ADDRESS, ethnicity: '01' }]);

  // alice's driving licence, issued by the provider
  const deps = { keyring: t.ctx.secrets.keyring, indexKey: t.ctx.secrets.indexKey, timeZone: t.ctx.config.timeZone };
  aliceLicence = (await inTx((tx) => licences.issueLicence(tx, deps, 'test', licenceIssueSchema.parse({ organisationId: providerId, typeCode: DRIVING, holder: '测试居民', holderCode: aliceId, holderCodeType: '111', data: { vehicleClass: 'C1' } })))).licence.identifier;

  // the provider's population resource behind the gateway, granted to the handling organisation for 免提交
  const sharingDeps = { calendar: t.ctx.calendar, timeZone: t.ctx.config.timeZone, answerWorkingDays: 10 };
  await inTx(async (tx) => {
    await sharing.registerResource(tx, { system: 'test' }, resourceInputSchema.parse({
      code: RESOURCE,
      name: '人口基础信息（测试）',
      classification: '基础信息资源/人口',
      providerUscc: PROVIDER.uscc,
      summary: '测试用人口基础信息',
      format: 'JSON 接口',
      fields: [
        { key: 'idNumber', name: '公民身份号码', type: 'code' },
        { key: 'name', name: '姓名', type: 'string' },
        { key: 'householdAddress', name: '户籍地址', type: 'string' },
        { key: 'ethnicity', name: '民族', type: 'code' },
        { key: 'status', name: '人口状态', type: 'code' },
      ],
      sharingType: 'conditional',
      sharingCondition: '依法履职需要',
      method: 'api',
      openData: 'closed',
      updateCycle: 'realtime',
    }));
    await sharing.publishResource(tx, { timeZone: t.ctx.config.timeZone }, { system: 'test' }, RESOURCE);
    await exchange.setAdapterAsNode(tx, 'test', RESOURCE, { kind: 'population' });
    const req = await sharing.createRequest(tx, sharingDeps, { system: 'test' }, { resourceCode: RESOURCE, consumerUscc: TEST_ORG.uscc, fields: ['idNumber', 'name', 'householdAddress', 'ethnicity'], purpose: SUPPLY_PURPOSE, legalBasis: '测试依据', until: '2099-12-31' });
    await sharing.approveRequest(tx, sharingDeps, { system: 'test-provider' }, req.id, {});
  });

  // an item whose 002 comes from the driving licence, 004 from the population data, and whose
  // form's address is prefilled from it
  const base = validItem(8);
  const item: ItemInput = {
    ...base,
    materials: [
      ...base.materials.map((m) => (m.code.endsWith('002') ? { ...m, name: '机动车驾驶证', sourceNote: '电子证照：机动车驾驶证', supply: { kind: 'licence' as const, licenceType: DRIVING } } : m)),
      { code: `${base.implementationCode}004`, name: '居民户口簿', forms: ['electronic'], copies: 0, required: true, source: 'applicant', mayBeMissing: false, supply: { kind: 'resource', resource: RESOURCE, fields: ['name', 'idNumber', 'householdAddress'], key: 'idNumber' } },
    ],
    application: {
      ...TEST_APPLICATION,
      form: {
        ...TEST_APPLICATION.form,
        properties: { ...TEST_APPLICATION.form.properties, address: { type: 'string', title: '住址', maxLength: 200, 'x-shared': { resource: RESOURCE, field: 'householdAddress', key: 'idNumber' } } },
        'x-order': [...TEST_APPLICATION.form['x-order']!, 'address'],
      },
    },
  };
  expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: ADMIN, payload: item })).statusCode).toBe(201);
  expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/items/${item.implementationCode}/publish`, headers: ADMIN })).statusCode).toBe(200);
  code = item.implementationCode;
}, 120_000);
afterAll(async () => t?.close());

const create = (who: Who, form: Record<string, unknown> = TEST_FORM) => t.app.inject({ method: 'POST', url: '/api/v1/applications', headers: { cookie: who.cookie }, payload: { implementationCode: code, form } });
const plan = (who: Who, id: string) => t.app.inject({ url: `/api/v1/applications/${id}/supply`, headers: { cookie: who.cookie } });
const consent = (who: Who, id: string, body: Record<string, unknown> = { consent: true }, version?: number) =>
  t.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/supply`, headers: { cookie: who.cookie, ...(version ? { 'if-match': `"v${version}"` } : {}) }, payload: body });
const submit = (who: Who, id: string) => t.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/actions`, headers: { cookie: who.cookie }, payload: { type: 'submit' } });
const upload = (who: Who, id: string, materialCode: string) => {
  const body = multipart({ materialCode }, { name: '材料.pdf', type: 'application/pdf', content: TEST_PDF });
  return t.app.inject({ method: 'POST', url: `/api/v1/applications/${id}/files`, headers: { cookie: who.cookie, ...body.headers }, payload: body.payload });
};

describe(`免提交 on ${engine}`, () => {
  it('offers the licence and the shared record, supplies them on consent, prefills the form, and submits without uploading them', async () => {
    const id = json(await create(alice)).id as string;
    const offered = await plan(alice, id);
    expect(offered.statusCode, offered.body).toBe(200);
    const p = json(offered);
    expect(p.materials).toEqual([
      expect.objectContaining({ material: `${code}002`, kind: 'licence', state: 'available', source: { code: DRIVING, name: '机动车驾驶证' }, licence: expect.objectContaining({ identifier: aliceLicence }) }),
      expect.objectContaining({ material: `${code}004`, kind: 'shared', state: 'available', provider: { id: providerId, name: PROVIDER.name } }),
    ]);
    expect(p.prefill).toEqual([expect.objectContaining({ resource: { code: RESOURCE, name: '人口基础信息（测试）' }, fields: ['address'], state: 'available' })]);

    // consent is explicit
    expect((await consent(alice, id, {})).statusCode).toBe(400);
    const before = json(await t.app.inject({ url: `/api/v1/applications/${id}`, headers: { cookie: alice.cookie } }));
    const done = await consent(alice, id, { consent: true }, before.version);
    expect(done.statusCode, done.body).toBe(200);
    const view = json(done);
    expect(view.supplyOutcome).toEqual({ supplied: [`${code}002`, `${code}004`], prefilled: ['address'], failed: [] });
    expect(view.form.address).toBe(ADDRESS);
    expect(view.version).toBe(before.version + 1);
    expect(view.supplies).toEqual([
      expect.objectContaining({ material: `${code}002`, kind: 'licence', sourceRef: aliceLicence, trustLevel: 'A', provider: { id: providerId, name: PROVIDER.name }, data: null }),
      expect.objectContaining({ material: `${code}004`, kind: 'shared', sourceRef: RESOURCE, trustLevel: 'A', exchangeId: expect.any(String), data: { name: expect.stringContaining('*'), idNumber: expect.stringMatching(/^\d{3,6}\*+/), householdAddress: ADDRESS }, fieldNames: expect.objectContaining({ householdAddress: '户籍地址' }) }),
    ]);
    // one read through the gateway, for the handling organisation, with exactly the fields used
    const exchanged = view.supplies[1].exchangeId as string;
    expect(await exchange.verifyLog(t.ctx.database.db)).toMatchObject({ brokenAt: null });
    const log = json(await t.app.inject({ url: `/api/v1/exchange/log?resourceCode=${RESOURCE}`, headers: { cookie: auditor.cookie } }));
    expect(log.items).toEqual([expect.objectContaining({ id: exchanged, outcome: 'granted', purpose: SUPPLY_PURPOSE, fields: ['name', 'idNumber', 'householdAddress'] })]);
    // the licence is authorised for this application in alice's wallet
    const auths = json(await t.app.inject({ url: `/api/v1/me/licences/${encodeURIComponent(aliceLicence)}/authorisations`, headers: { cookie: alice.cookie } })).items;
    expect(auths).toEqual([expect.objectContaining({ granteeKind: 'application', granteeId: id, status: 'active' })]);
    // the shared record is sealed at rest
    const [stored] = await t.ctx.database.db.select().from(applicationSupplies).where(and(eq(applicationSupplies.applicationId, id), eq(applicationSupplies.materialCode, `${code}004`)));
    expect(stored!.dataCipher).not.toContain('文三路');
    expect(stored!.exchangeId).toBe(exchanged);

    // consenting again changes nothing
    const again = json(await consent(alice, id));
    expect(again.supplyOutcome).toEqual({ supplied: [], prefilled: [], failed: [] });
    expect(again.version).toBe(view.version);

    // 001 still needs an upload; 002 and 004 do not
    const missing = await submit(alice, id);
    expect(missing.statusCode).toBe(400);
    expect((json(missing).errors as { pointer: string }[]).map((e) => e.pointer)).toEqual([`/materials/${code}001`]);
    expect((await upload(alice, id, `${code}001`)).statusCode).toBe(201);
    const sent = await submit(alice, id);
    expect(sent.statusCode, sent.body).toBe(200);
    expect(json(sent)).toMatchObject({ status: 'submitted', materialsSaved: 2, tripsSaved: 2 });

    // staff see the source and trust level of every material
    const staffView = json(await t.app.inject({ url: `/api/v1/workbench/applications/${id}`, headers: { cookie: clerk.cookie } }));
    expect(staffView.materialStates).toEqual([
      { code: `${code}001`, provenance: 'upload', trustLevel: 'C' },
      { code: `${code}002`, provenance: 'licence', trustLevel: 'A' },
      { code: `${code}003`, provenance: 'tolerated', trustLevel: null },
      { code: `${code}004`, provenance: 'shared', trustLevel: 'A' },
    ]);
    expect(staffView.supplies[1].data.householdAddress).toBe(ADDRESS);
    const list = json(await t.app.inject({ url: '/api/v1/applications?stage=open', headers: { cookie: alice.cookie } }));
    expect(list.items.find((a: { id: string }) => a.id === id)).toMatchObject({ materialsSaved: 2, tripsSaved: 2 });
    // audited with the exchange it made
    const audit = await t.ctx.database.db.select().from(auditLog).where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'application.supply')));
    expect(audit[0]!.detail).toMatchObject({ supplied: [`${code}002`, `${code}004`], exchanges: [exchanged] });
    // a submitted application takes no more supplies
    expect((await consent(alice, id)).statusCode).toBe(409);
  });

  it('says why nothing can be supplied to a level-2 person, and supplies nothing', async () => {
    const id = json(await create(bob)).id as string;
    const p = json(await plan(bob, id));
    expect(p.materials.map((m: { state: string; reason: string }) => [m.state, m.reason])).toEqual([
      ['unavailable', 'level-required'],
      ['unavailable', 'level-required'],
    ]);
    expect(p.prefill[0]).toMatchObject({ state: 'unavailable', reason: 'level-required' });
    const r = json(await consent(bob, id));
    expect(r.supplyOutcome.supplied).toEqual([]);
    expect(r.supplyOutcome.failed).toEqual([{ material: null, resource: RESOURCE, reason: 'level-required' }]);
    expect(r.supplies).toEqual([]);
    // the required material the data would have supplied must now be uploaded
    expect((await upload(bob, id, `${code}001`)).statusCode).toBe(201);
    const sent = await submit(bob, id);
    expect((json(sent).errors as { pointer: string }[]).map((e) => e.pointer)).toEqual([`/materials/${code}004`]);
    // another person's draft is not revealed
    expect((await plan(alice, id)).statusCode).toBe(404);
    expect((await consent(alice, id)).statusCode).toBe(404);
  });

  it('refuses a material the item does not supply, and a stale version', async () => {
    const id = json(await create(alice)).id as string;
    const bad = await consent(alice, id, { consent: true, materials: [`${code}001`] });
    expect(bad.statusCode).toBe(400);
    expect(json(bad).errors).toEqual([{ pointer: '/body/materials/0', code: 'application.materialNotSuppliable', detail: expect.any(String) }]);
    expect((await consent(alice, id, { consent: true }, 99)).statusCode).toBe(412);
    expect(json(await t.app.inject({ url: `/api/v1/applications/${id}`, headers: { cookie: alice.cookie } })).supplies).toEqual([]);
  });

  it('says when the grant is revoked, and withdraws a supply with its authorisation', async () => {
    const id = json(await create(alice)).id as string;
    const only = json(await consent(alice, id, { consent: true, materials: [`${code}002`], prefill: false }));
    expect(only.supplyOutcome).toEqual({ supplied: [`${code}002`], prefilled: [], failed: [] });
    expect(only.materialsSaved).toBe(1);

    const grants = await sharing.listGrants(t.ctx.database.db, { system: 'test' }, { view: 'provider', page: 1, pageSize: 10 });
    const grant = (grants.items as { id: string; resourceCode: string }[]).find((g) => g.resourceCode === RESOURCE)!;
    await inTx((tx) => sharing.revokeGrant(tx, { system: 'test-provider' }, grant.id, '测试撤销'));
    const p = json(await plan(alice, id));
    expect(p.materials[1]).toMatchObject({ state: 'unavailable', reason: 'revoked' });

    const withdrawn = await t.app.inject({ method: 'DELETE', url: `/api/v1/applications/${id}/supplies/${code}002`, headers: { cookie: alice.cookie } });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(json(withdrawn)).toMatchObject({ supplies: [], materialsSaved: 0 });
    const auths = json(await t.app.inject({ url: `/api/v1/me/licences/${encodeURIComponent(aliceLicence)}/authorisations`, headers: { cookie: alice.cookie } })).items as { granteeId: string; status: string }[];
    expect(auths.find((a) => a.granteeId === id)!.status).toBe('revoked');
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/applications/${id}/supplies/${code}002`, headers: { cookie: alice.cookie } })).statusCode).toBe(404);
  });
});
