/**
 * The holder's wallet (我的证照) on a real app: a person's licences (by their ID number, from level 3)
 * and their enterprises' licences; the PDF (a real PDF with the signed document inside, verifiable by
 * upload) and the document JSON, for the holder only; authorisations of use (grant, list, expiry,
 * revoke, audit).
 */
import { testConfig } from '../../config.js';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { dateInZone, licenceIssueSchema } from '@onewindow/domain';
import { organUscc } from '@onewindow/domain/testing';
import { createTestApp, ADMIN, engine, sessionOf, type TestApp } from '../../test/harness.js';
import { TEST_ORG } from '../../test/fixtures.js';
import { auditLog } from '../../platform/schema.js';
import { verifyAudit } from '../../platform/audit.js';
import { newId } from '../../platform/ids.js';
import { query } from '../../platform/db.js';
import { seed } from '../../seed/seed.js';
import { DEMO_LICENCE_TYPES } from '../../seed/demo-licences.js';
import * as identity from '../identity/service.js';
import { extractLicenceDocument, INFO_KEY } from './pdf.js';
import * as service from './service.js';

let t: TestApp;
const json = (r: { body: string }) => JSON.parse(r.body);
type Who = { cookie: string; accountId: string };
let orgId = '';
let otherOrgId = '';
let alice: Who, bob: Who, unverified: Who, staff: Who;
let aliceLicence = '', shopLicence = '', bobLicence = '';
const FOOD = DEMO_LICENCE_TYPES.find((x) => x.name === '食品经营许可证')!.code;
const DRIVING = DEMO_LICENCE_TYPES.find((x) => x.name === '机动车驾驶证')!.code;
const SHOP_USCC = organUscc('330106', 'MA2H0Q002');
const OTHER_ORG = { ...TEST_ORG, uscc: organUscc('330110', 'MB1E06439'), name: '杭州市余杭区市场监督管理局', shortName: '余杭区市场监管局', regionCode: '330110', address: '杭州市余杭区临平大道1号' };

async function idNumberOf(who: Who): Promise<string> {
  return (await identity.accountClaims(t.ctx.identity, who.accountId))!.idNumber!;
}

async function issue(input: Record<string, unknown>): Promise<string> {
  const deps = { keyring: t.ctx.secrets.keyring, indexKey: t.ctx.secrets.indexKey, timeZone: t.ctx.config.timeZone };
  const issued = await t.ctx.database.db.transaction((tx) => service.issueLicence(tx, deps, 'test', licenceIssueSchema.parse({ organisationId: orgId, ...input })));
  return issued.licence.identifier;
}

const get = (url: string, who?: { cookie: string }) => t.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });
const post = (url: string, who: { cookie: string }, payload?: object) => t.app.inject({ method: 'POST', url, headers: { cookie: who.cookie }, ...(payload ? { payload } : {}) });
const today = () => dateInZone(new Date(), t.ctx.config.timeZone);
const walletDeps = (): service.WalletDeps => ({ db: t.ctx.database.db, keyring: t.ctx.secrets.keyring, indexKey: t.ctx.secrets.indexKey, timeZone: t.ctx.config.timeZone, identity: t.ctx.identity });

beforeAll(async () => {
  t = await createTestApp();
  await seed(t.ctx.database.db, { demo: false });
  await service.ensureTypes(t.ctx.database.db, DEMO_LICENCE_TYPES);
  orgId = json(await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: TEST_ORG })).id;
  otherOrgId = json(await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: OTHER_ORG })).id;
  expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/organisations/${orgId}/keys`, headers: ADMIN })).statusCode).toBe(201);
  alice = await sessionOf(t, { kind: 'person', level: 3 });
  bob = await sessionOf(t, { kind: 'person', level: 3 });
  unverified = await sessionOf(t, { kind: 'person', level: 2 });
  staff = await sessionOf(t, { kind: 'staff', roles: [{ role: 'approver', regionCode: '330106', organisationId: orgId }] });
  // alice represents the shop
  // (the identity module's table, written as the binding of an enterprise would: raw SQL, no import of its schema)
  await query(t.ctx.database.db, sql`insert into enterprises (id, uscc, name, region_code, representative_account_id, level, created_at, updated_at) values (${newId()}, ${SHOP_USCC}, '杭州西湖茶饮店', '330106', ${alice.accountId}, 3, now(), now())`);

  aliceLicence = await issue({ typeCode: DRIVING, holder: '测试居民', holderCode: await idNumberOf(alice), holderCodeType: '111', data: { class: 'C1' } });
  shopLicence = await issue({ typeCode: FOOD, holder: '杭州西湖茶饮店', holderCode: SHOP_USCC, holderCodeType: '001', data: { premises: '杭州市西湖区文三路1号', area: 30 } });
  bobLicence = await issue({ typeCode: DRIVING, holder: '测试居民', holderCode: await idNumberOf(bob), holderCodeType: '111' });
  await issue({ typeCode: DRIVING, holder: '测试居民', holderCode: await idNumberOf(unverified), holderCodeType: '111' });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

describe(`holder's wallet on ${engine}`, () => {
  it('lists the person’s own and their enterprises’ licences; nobody else’s', async () => {
    const a = await get('/api/v1/me/licences', alice);
    expect(a.statusCode, a.body).toBe(200);
    const items = json(a).items as { identifier: string; holderKind: string; holderName: string; holderCode: string; status: string; activeAuthorisations: number }[];
    expect(items.map((i) => i.identifier).sort()).toEqual([aliceLicence, shopLicence].sort());
    const own = items.find((i) => i.identifier === aliceLicence)!;
    expect(own).toMatchObject({ holderKind: 'person', holderName: '测试居民', status: 'valid', activeAuthorisations: 0 });
    expect(own.holderCode).toContain('*');
    expect(items.find((i) => i.identifier === shopLicence)).toMatchObject({ holderKind: 'enterprise', holderCode: SHOP_USCC });

    const b = json(await get('/api/v1/me/licences', bob));
    expect(b.items.map((i: { identifier: string }) => i.identifier)).toEqual([bobLicence]);
    // level 2: an ID number merely declared shows no licences
    const u = json(await get('/api/v1/me/licences', unverified));
    expect(u).toEqual({ items: [], personLicencesNeedLevel3: true });
    expect((await get('/api/v1/me/licences')).statusCode).toBe(401);
    expect((await get('/api/v1/me/licences', staff)).statusCode).toBe(403);
  });

  // rendering needs the system's CJK font (Debian fonts-noto-cjk, installed by .ci/run); without it
  // the route answers 503 and this test is skipped, saying so
  it.skipIf(!existsSync(testConfig().licenceFont))('PDF: a real PDF with the signed document inside, for the holder only; an upload verifies it', async () => {
    const r = await get(`/api/v1/me/licences/${aliceLicence}/pdf`, alice);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="licence-/);
    const pdf = r.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain(`licence ${aliceLicence}`); // the keywords
    expect(pdf.toString('latin1')).toContain(`/${INFO_KEY}`);
    const doc = extractLicenceDocument(pdf) as { payload: { identifier: string; holderCode: string } };
    expect(doc.payload.identifier).toBe(aliceLicence);
    expect(doc.payload.holderCode).toBe(await idNumberOf(alice));

    for (const [who, status] of [[bob, 404], [staff, 403]] as const) expect((await get(`/api/v1/me/licences/${aliceLicence}/pdf`, who)).statusCode).toBe(status);
    expect((await get(`/api/v1/me/licences/${aliceLicence}/pdf`)).statusCode).toBe(401);
    // an enterprise's licence, by its representative
    const shop = await get(`/api/v1/me/licences/${shopLicence}/pdf`, alice);
    expect(shop.statusCode).toBe(200);
    expect((await get(`/api/v1/me/licences/${shopLicence}/pdf`, bob)).statusCode).toBe(404);

    const upload = (body: Buffer) => t.app.inject({ method: 'POST', url: '/api/v1/licences/verify/pdf', headers: { 'content-type': 'application/pdf' }, payload: body });
    const verified = await upload(pdf);
    expect(verified.statusCode, verified.body).toBe(200);
    expect(json(verified)).toMatchObject({ result: 'valid', licence: { identifier: aliceLicence } });
    // tampering with the embedded document (the holder's code) fails
    const text = pdf.toString('latin1');
    const b64 = Buffer.from(JSON.stringify(doc)).toString('base64');
    expect(text).toContain(`(${b64})`);
    const forged = structuredClone(doc) as { payload: Record<string, unknown> };
    forged.payload.validTo = '2099-12-31';
    const tampered = Buffer.from(text.replace(`(${b64})`, `(${Buffer.from(JSON.stringify(forged)).toString('base64')})`), 'latin1');
    expect(json(await upload(tampered)).result).toBe('tampered');
    expect(json(await upload(Buffer.from('%PDF-1.4\n%%EOF\n'))).result).toBe('not-found');
  });

  it('the document JSON, for the holder only, verifies', async () => {
    const r = await get(`/api/v1/me/licences/${shopLicence}/document`, alice);
    expect(r.statusCode).toBe(200);
    const doc = json(r);
    expect(doc.payload.identifier).toBe(shopLicence);
    const v = await t.app.inject({ method: 'POST', url: '/api/v1/licences/verify', payload: doc });
    expect(json(v).result).toBe('valid');
    expect((await get(`/api/v1/me/licences/${shopLicence}/document`, bob)).statusCode).toBe(404);
  });

  it('authorisations: grant, list, expiry, revoke; audited; others cannot touch them', async () => {
    const base = `/api/v1/me/licences/${aliceLicence}/authorisations`;
    const until = dateInZone(new Date(Date.now() + 30 * 86_400_000), t.ctx.config.timeZone);
    const granted = await post(base, alice, { granteeKind: 'organisation', granteeId: otherOrgId, purpose: '办理食品经营许可变更', validUntil: until });
    expect(granted.statusCode, granted.body).toBe(201);
    const g = json(granted);
    expect(g).toMatchObject({ identifier: aliceLicence, granteeKind: 'organisation', granteeId: otherOrgId, granteeName: OTHER_ORG.name, status: 'active', validUntil: until });

    // refused: a day past or too far ahead, an unknown organisation, an application not of one's own, someone else's licence
    const bad = async (body: Record<string, unknown>, pointer: string) => {
      const r = await post(base, alice, { granteeKind: 'organisation', granteeId: otherOrgId, purpose: '核验', validUntil: until, ...body });
      expect(r.statusCode, r.body).toBe(400);
      expect(json(r).errors[0].pointer).toBe(pointer);
    };
    await bad({ validUntil: '2020-01-01' }, '/body/validUntil');
    await bad({ validUntil: '2099-01-01' }, '/body/validUntil');
    await bad({ granteeId: '0190f5b2-0000-7000-8000-000000000000' }, '/body/granteeId');
    await bad({ granteeKind: 'application', granteeId: '0190f5b2-0000-7000-8000-000000000000' }, '/body/granteeId');
    expect((await post(base, bob, { granteeKind: 'organisation', granteeId: otherOrgId, purpose: '核验', validUntil: until })).statusCode).toBe(404);

    // one ending today: active today, expired tomorrow
    const short = json(await post(base, alice, { granteeKind: 'organisation', granteeId: orgId, purpose: '当日核验', validUntil: today() }));
    expect(short.status).toBe('active');
    const tomorrow = new Date(Date.now() + 86_400_000);
    const later = await service.listAuthorisations(walletDeps(), { accountId: alice.accountId, kind: 'person', sessionId: 'x', level: 3, amr: [], roles: [], passwordChangeRequired: false }, aliceLicence, tomorrow);
    expect(later.find((a) => a.id === short.id)!.status).toBe('expired');
    expect(later.find((a) => a.id === g.id)!.status).toBe('active');
    expect(await service.isAuthorised(t.ctx.database.db, walletDeps(), aliceLicence, { kind: 'organisation', id: orgId })).toBe(true);
    expect(await service.isAuthorised(t.ctx.database.db, walletDeps(), aliceLicence, { kind: 'organisation', id: orgId }, tomorrow)).toBe(false);

    const list = json(await get(base, alice)).items as { id: string; status: string }[];
    expect(list.map((a) => a.id)).toEqual([short.id, g.id]);
    expect((await get(base, bob)).statusCode).toBe(404);
    expect(json(await get('/api/v1/me/licences', alice)).items.find((i: { identifier: string }) => i.identifier === aliceLicence).activeAuthorisations).toBe(2);

    expect((await post(`${base}/${g.id}/revoke`, bob)).statusCode).toBe(404);
    const revoked = await post(`${base}/${g.id}/revoke`, alice);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(json(revoked)).toMatchObject({ id: g.id, status: 'revoked' });
    expect((await post(`${base}/${g.id}/revoke`, alice)).statusCode).toBe(409);
    expect(await service.isAuthorised(t.ctx.database.db, walletDeps(), aliceLicence, { kind: 'organisation', id: otherOrgId })).toBe(false);

    const audit = await t.ctx.database.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'licence'), eq(auditLog.entityId, aliceLicence)));
    const actions = audit.map((a) => a.action);
    expect(actions.filter((a) => a === 'licence.authorisation.grant')).toHaveLength(2);
    expect(actions.filter((a) => a === 'licence.authorisation.revoke')).toHaveLength(1);
    expect(audit.find((a) => a.action === 'licence.authorisation.revoke')!.actor).toBe(alice.accountId);
    expect((await verifyAudit(t.ctx.database.db)).brokenAt).toBeNull();
  });

  it('a revoked licence cannot be authorised; the wallet shows it revoked', async () => {
    const r = await post(`/api/v1/workbench/licences/${bobLicence}/revoke`, staff, { reason: '依法吊销' });
    expect(r.statusCode, r.body).toBe(200);
    const until = dateInZone(new Date(Date.now() + 86_400_000), t.ctx.config.timeZone);
    expect((await post(`/api/v1/me/licences/${bobLicence}/authorisations`, bob, { granteeKind: 'organisation', granteeId: orgId, purpose: '核验', validUntil: until })).statusCode).toBe(409);
    expect(json(await get('/api/v1/me/licences', bob)).items[0].status).toBe('revoked');
  });
});
