/**
 * Electronic licences end to end on a real app: organisation keys (generation, rotation, revocation,
 * publication), issuance, verification by identifier and of downloaded documents (tampering with any
 * field), revocation / suspension / expiry, an independent verification of the SM2 signature with the
 * OpenSSL command line, personal data at rest, and who may do what.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { canonicalJson, checkLicenceIdentifier, dateInZone, parseLicenceIdentifier, type LicencePayload } from '@onewindow/domain';
import { organUscc } from '@onewindow/domain/testing';
import { createTestApp, ADMIN, engine, sessionOf, type TestApp } from '../../test/harness.js';
import { TEST_APPLICATION, TEST_ORG, validItem } from '../../test/fixtures.js';
import { auditLog } from '../../platform/schema.js';
import { verifyAudit } from '../../platform/audit.js';
import { seed } from '../../seed/seed.js';
import { demoIdNumber } from '../../seed/demo-identity.js';
import { DEMO_LICENCE_TYPES, ministryUscc, seedDemoLicences } from '../../seed/demo-licences.js';
import { loadDemoData } from '../../seed/check-data.js';
import { licences, organisationKeys } from './schema.js';
import * as service from './service.js';

let t: TestApp;
let dir: string;
const json = (r: { body: string }) => JSON.parse(r.body);
type Who = { cookie: string; accountId: string };
let orgId = '';
let otherOrgId = '';
let orgAdmin: Who, otherOrgAdmin: Who, approver: Who, otherApprover: Who, reviewer: Who, citizen: Who;
const FOOD = DEMO_LICENCE_TYPES.find((x) => x.name === '食品经营许可证')!.code;
const DRIVING = DEMO_LICENCE_TYPES.find((x) => x.name === '机动车驾驶证')!.code;
const OTHER_ORG = { ...TEST_ORG, uscc: organUscc('330110', 'MB1E06438'), name: '杭州市余杭区市场监督管理局', shortName: '余杭区市场监管局', regionCode: '330110', address: '杭州市余杭区临平大道1号' };
const SHOP_USCC = organUscc('330106', 'MA2H0Q001');
const PERSON_ID = demoIdNumber('330106', '19900512', 231);

type Doc = { payload: LicencePayload; signature: string; keyId: string };
type Issued = { licence: Record<string, unknown> & { identifier: string; status: string; holderCode: string; holder: string; validTo: string | null }; document: Doc };

const foodLicence = (overrides: Record<string, unknown> = {}) => ({
  organisationId: orgId,
  typeCode: FOOD,
  holder: '杭州西湖奶茶店',
  holderCode: SHOP_USCC,
  holderCodeType: '001',
  data: { legalRepresentative: '王小明', premises: '杭州市西湖区文三路100号', mainActivity: '餐饮服务经营者', scope: '热食类食品制售', area: 45 },
  ...overrides,
});

async function issue(body: Record<string, unknown>, who: Who = approver): Promise<Issued> {
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/workbench/licences', headers: { cookie: who.cookie }, payload: body });
  expect(r.statusCode, r.body).toBe(201);
  return json(r) as Issued;
}

async function verifyId(identifier: string) {
  const r = await t.app.inject({ method: 'GET', url: `/api/v1/licences/verify/${identifier}` });
  expect(r.statusCode, r.body).toBe(200);
  return json(r) as { result: string; licence?: Record<string, unknown> };
}

async function verifyDoc(doc: unknown) {
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/licences/verify', payload: doc as object });
  expect(r.statusCode, r.body).toBe(200);
  return json(r) as { result: string; licence?: Record<string, unknown> };
}

async function newKey(organisationId: string, who: { cookie: string } = ADMIN) {
  const r = await t.app.inject({ method: 'POST', url: `/api/v1/admin/organisations/${organisationId}/keys`, headers: { cookie: who.cookie } });
  expect(r.statusCode, r.body).toBe(201);
  return json(r) as { keyId: string; status: string; publicKey: string; publicKeyPem: string };
}

async function statusChange(identifier: string, action: string, who: Who = approver) {
  return t.app.inject({ method: 'POST', url: `/api/v1/workbench/licences/${identifier}/${action}`, headers: { cookie: who.cookie }, payload: { reason: '依法处理' } });
}

function openssl(...args: string[]) {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  return r;
}

let n = 0;
function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, content);
  return path;
}

/** OpenSSL's verdict on an SM2 signature (SM3, id 1234567812345678); anything else throws. */
function opensslVerifies(pem: string, message: string, signatureDer: Buffer): boolean {
  const r = openssl('pkeyutl', '-verify', '-pubin', '-inkey', file('pub.pem', pem), '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', '-in', file('msg', message), '-sigfile', file('sig', signatureDer));
  const said = r.stdout + r.stderr;
  if (r.status === 0 && said.includes('Signature Verified Successfully')) return true;
  if (r.status === 1 && said.includes('Signature Verification Failure')) return false;
  throw new Error(`openssl pkeyutl -verify: status ${r.status}: ${said}`);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onewindow-licences-'));
  t = await createTestApp();
  await seed(t.ctx.database.db, { demo: false });
  await service.ensureTypes(t.ctx.database.db, DEMO_LICENCE_TYPES);
  orgId = json(await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: TEST_ORG })).id;
  otherOrgId = json(await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: OTHER_ORG })).id;
  const inOrg = (role: 'approver' | 'org_admin' | 'reviewer', id: string, region: string) => ({ kind: 'staff' as const, roles: [{ role, regionCode: region, organisationId: id }] });
  orgAdmin = await sessionOf(t, inOrg('org_admin', orgId, '330106'));
  otherOrgAdmin = await sessionOf(t, inOrg('org_admin', otherOrgId, '330110'));
  approver = await sessionOf(t, inOrg('approver', orgId, '330106'));
  otherApprover = await sessionOf(t, inOrg('approver', otherOrgId, '330110'));
  reviewer = await sessionOf(t, inOrg('reviewer', orgId, '330106'));
  citizen = await sessionOf(t, { kind: 'person', level: 3 });
}, 120_000);
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe(`electronic licences on ${engine}`, () => {
  it('demo licence types have valid type codes (ministry USCC + 3 digits)', () => {
    expect(ministryUscc('000013338')).toBe('11100000000013338W');
    for (const type of DEMO_LICENCE_TYPES) expect(checkLicenceIdentifier(`1.2.156.3005.2.${type.code}.${TEST_ORG.uscc}.1.001.0`)?.key ?? 'ok').not.toMatch(/typeCode|issuer/);
  });

  it('keys: only the organisation’s administrator or a platform administrator of its region generates them', async () => {
    for (const who of [otherOrgAdmin, approver, reviewer]) {
      expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/organisations/${orgId}/keys`, headers: { cookie: who.cookie } })).statusCode).toBe(403);
    }
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/organisations/${orgId}/keys`, headers: { cookie: citizen.cookie } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/organisations/${orgId}/keys` })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations/0190f5b2-0000-7000-8000-000000000000/keys', headers: ADMIN })).statusCode).toBe(404);
    const farAdmin = await sessionOf(t, { kind: 'staff', roles: [{ role: 'platform_admin', regionCode: '330200' }] });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/organisations/${orgId}/keys`, headers: { cookie: farAdmin.cookie } })).statusCode).toBe(403);

    const key = await newKey(orgId, orgAdmin);
    expect(key.status).toBe('active');
    const published = json(await t.app.inject({ method: 'GET', url: `/api/v1/licences/keys?organisationId=${orgId}` })).items as { keyId: string; publicKeyPem: string; status: string; organisationCode: string }[];
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ keyId: key.keyId, status: 'active', organisationCode: TEST_ORG.uscc });
    expect(published[0]!.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    // the private key is sealed, bound to its key id
    const [row] = await t.ctx.database.db.select().from(organisationKeys).where(eq(organisationKeys.id, key.keyId));
    expect(row!.privateKeyCipher).toMatch(/^v1\./);
    expect(() => t.ctx.secrets.keyring.decrypt(row!.privateKeyCipher, 'org-key:someone-else')).toThrow();
  });

  it('issuing: an approver of the issuing organisation only, and only with an active key', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/workbench/licences', headers: { cookie: otherApprover.cookie }, payload: foodLicence() })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/workbench/licences', headers: { cookie: reviewer.cookie }, payload: foodLicence() })).statusCode).toBe(403);
    const noKey = await t.app.inject({ method: 'POST', url: '/api/v1/workbench/licences', headers: { cookie: otherApprover.cookie }, payload: foodLicence({ organisationId: otherOrgId }) });
    expect(noKey.statusCode).toBe(409);
    expect(json(noKey).title).toBeTruthy();
    const badHolder = await t.app.inject({ method: 'POST', url: '/api/v1/workbench/licences', headers: { cookie: approver.cookie }, payload: foodLicence({ holderCodeType: '111' }) });
    expect(badHolder.statusCode).toBe(400);
    const unknownType = await t.app.inject({ method: 'POST', url: '/api/v1/workbench/licences', headers: { cookie: approver.cookie }, payload: foodLicence({ typeCode: `${ministryUscc('000099999')}001` }) });
    expect(unknownType.statusCode).toBe(400);
  });

  it('issue → verify valid; identifiers carry the issuer, the day’s serial and a check character', async () => {
    const a = await issue(foodLicence());
    const b = await issue(foodLicence({ holder: '西湖面馆' }));
    const today = dateInZone(new Date(), t.ctx.config.timeZone);
    for (const [x, seq] of [[a, '01'], [b, '02']] as const) {
      expect(checkLicenceIdentifier(x.licence.identifier)).toBeNull();
      expect(parseLicenceIdentifier(x.licence.identifier)).toMatchObject({ typeCode: FOOD, issuerUscc: TEST_ORG.uscc, serial: `${today.replaceAll('-', '')}${seq}`, version: 1 });
    }
    expect(a.licence.status).toBe('valid');
    // 5 years from today, less a day
    const [y, m, d] = today.split('-').map(Number) as [number, number, number];
    expect(a.licence.validTo).toBe(new Date(Date.UTC(y + 5, m - 1, d - 1)).toISOString().slice(0, 10));
    expect(a.document.payload.seal).toMatchObject({ algorithm: 'SM2-with-SM3', organisationCode: TEST_ORG.uscc, keyId: a.document.keyId });
    expect(await verifyId(a.licence.identifier)).toMatchObject({ result: 'valid', licence: { identifier: a.licence.identifier, holderCode: SHOP_USCC, status: 'valid' } });
    expect((await verifyDoc(a.document)).result).toBe('valid');
    // the payload's key order does not matter
    const reordered = { ...a.document, payload: Object.fromEntries(Object.entries(a.document.payload).reverse()) };
    expect((await verifyDoc(reordered)).result).toBe('valid');
    const audit = await t.ctx.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'licence.issue'), eq(auditLog.entityId, a.licence.identifier)));
    expect(audit).toHaveLength(1);
  });

  it('tampering with any field of a downloaded document fails verification', async () => {
    const { document } = await issue(foodLicence());
    const changed = (v: unknown): unknown => (typeof v === 'string' ? `${v}X` : typeof v === 'number' ? v + 1 : v === null ? '2099-12-31' : typeof v === 'boolean' ? !v : v);
    const paths: string[][] = [];
    for (const [k, v] of Object.entries(document.payload)) {
      if (v && typeof v === 'object') for (const kk of Object.keys(v)) paths.push([k, kk]);
      else paths.push([k]);
    }
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      const payload = structuredClone(document.payload) as unknown as Record<string, Record<string, unknown>>;
      if (path.length === 1) (payload as Record<string, unknown>)[path[0]!] = changed((payload as Record<string, unknown>)[path[0]!]);
      else payload[path[0]!]![path[1]!] = changed(payload[path[0]!]![path[1]!]);
      const r = await verifyDoc({ ...document, payload });
      expect(r.result, path.join('.')).toBe('tampered');
    }
    // a field added or removed, the signature changed
    expect((await verifyDoc({ ...document, payload: { ...document.payload, note: '伪造' } })).result).toBe('tampered');
    const { number: _n, ...without } = document.payload;
    expect((await verifyDoc({ ...document, payload: without })).result).toBe('tampered');
    const sig = Buffer.from(document.signature, 'base64');
    sig[sig.length - 1]! ^= 1;
    expect((await verifyDoc({ ...document, signature: sig.toString('base64') })).result).toBe('tampered');
    expect((await verifyDoc({ ...document, signature: 'not base64!' })).result).toBe('tampered');
    expect((await verifyDoc({ ...document, keyId: '0190f5b2-0000-7000-8000-000000000000' })).result).toBe('unknown-key');
    expect((await verifyDoc({ ...document, keyId: 'no-such-key' })).result).toBe('unknown-key');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/licences/verify', payload: { payload: document.payload } })).statusCode).toBe(400);
  });

  it('the signature verifies with OpenSSL (pkeyutl, SM3, distid 1234567812345678); a changed payload does not', async () => {
    const { document } = await issue(foodLicence());
    const keys = json(await t.app.inject({ method: 'GET', url: '/api/v1/licences/keys' })).items as { keyId: string; publicKeyPem: string }[];
    const pem = keys.find((k) => k.keyId === document.keyId)!.publicKeyPem;
    const message = canonicalJson(document.payload);
    const der = Buffer.from(document.signature, 'base64');
    expect(opensslVerifies(pem, message, der)).toBe(true);
    expect(opensslVerifies(pem, canonicalJson({ ...document.payload, holder: '别人的店' }), der)).toBe(false);
  });

  it('persons: the ID number and name are sealed at rest and masked when verified', async () => {
    const issued = await issue({ organisationId: orgId, typeCode: DRIVING, holder: '李四光', holderCode: PERSON_ID.toLowerCase(), holderCodeType: '111', data: { sex: '男', nationality: '中国', birthDate: '1990-05-12', firstIssuedOn: '2012-06-01', vehicleClass: 'C1' } });
    expect(issued.document.payload.holderCode).toBe(PERSON_ID);
    expect(issued.licence.holderCode).not.toContain(PERSON_ID.slice(6, 14));
    expect(issued.licence.holder).toBe('李**');
    const v = await verifyId(issued.licence.identifier);
    expect(v).toMatchObject({ result: 'valid', licence: { holder: '李**', holderCodeType: '111' } });
    expect(JSON.stringify(v)).not.toContain(PERSON_ID);
    const [row] = await t.ctx.database.db.select().from(licences).where(eq(licences.identifier, issued.licence.identifier));
    expect(JSON.stringify(row)).not.toContain(PERSON_ID);
    expect(JSON.stringify(row)).not.toContain('李四光');
    // the holder's licences are found by the blind index of the ID number
    const { personalIndex } = await import('../../platform/personal-data.js');
    expect(row!.holderCodeIndex).toBe(personalIndex(t.ctx.secrets.indexKey, 'idNumber', PERSON_ID));
    expect((await service.licenceDocument(t.ctx.database.db, t.ctx.secrets, issued.licence.identifier)).payload).toEqual(issued.document.payload);
  });

  it('revoke → revoked; suspend → suspended → reinstate → valid; revocation is final; audited', async () => {
    const a = await issue(foodLicence());
    expect((await statusChange(a.licence.identifier, 'revoke', otherApprover)).statusCode).toBe(403);
    expect((await statusChange(a.licence.identifier, 'reinstate')).statusCode).toBe(409);
    expect((await statusChange(a.licence.identifier, 'suspend')).statusCode).toBe(200);
    expect(await verifyId(a.licence.identifier)).toMatchObject({ result: 'suspended', licence: { status: 'suspended' } });
    expect((await verifyDoc(a.document)).result).toBe('suspended');
    expect((await statusChange(a.licence.identifier, 'reinstate')).statusCode).toBe(200);
    expect((await verifyDoc(a.document)).result).toBe('valid');
    const revoked = await statusChange(a.licence.identifier, 'revoke');
    expect(revoked.statusCode).toBe(200);
    expect(json(revoked)).toMatchObject({ status: 'revoked' });
    expect((await verifyId(a.licence.identifier)).result).toBe('revoked');
    expect((await verifyDoc(a.document)).result).toBe('revoked');
    expect((await statusChange(a.licence.identifier, 'reinstate')).statusCode).toBe(409);
    expect((await statusChange(a.licence.identifier, 'suspend')).statusCode).toBe(409);
    const actions = (await t.ctx.database.db.select().from(auditLog).where(eq(auditLog.entityId, a.licence.identifier))).map((e) => e.action);
    expect(actions).toEqual(['licence.issue', 'licence.suspend', 'licence.reinstate', 'licence.revoke']);
    const unknown = a.licence.identifier.replace(/\d{2}\.001\.[0-9A-Z]$/, '');
    expect((await statusChange(`${unknown}99.001.0`, 'revoke')).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('expiry: a licence past its validity verifies as expired (the last day is still valid)', async () => {
    const old = await issue(foodLicence({ issueDate: '2019-06-01', validFrom: '2019-06-01', validTo: '2024-05-31' }));
    expect(old.licence.status).toBe('expired');
    expect(await verifyId(old.licence.identifier)).toMatchObject({ result: 'expired', licence: { status: 'expired', validTo: '2024-05-31' } });
    expect((await verifyDoc(old.document)).result).toBe('expired');
    const db = t.ctx.database.db;
    const deps = { keyring: t.ctx.secrets.keyring, timeZone: t.ctx.config.timeZone };
    expect((await service.verifyIdentifier(db, deps, old.licence.identifier, new Date('2024-05-31T15:59:00Z'))).result).toBe('valid');
    expect((await service.verifyIdentifier(db, deps, old.licence.identifier, new Date('2024-05-31T16:00:00Z'))).result).toBe('expired');
    const forever = await issue(foodLicence({ validTo: null }));
    expect((await service.verifyIdentifier(db, deps, forever.licence.identifier, new Date('2199-01-01T00:00:00Z'))).result).toBe('valid');
  });

  it('rotation: old licences still verify under the retired key; new ones are signed by the new key', async () => {
    const before = await issue(foodLicence());
    const oldKey = before.document.keyId;
    const rotated = await newKey(orgId, orgAdmin);
    expect(rotated.keyId).not.toBe(oldKey);
    const after = await issue(foodLicence());
    expect(after.document.keyId).toBe(rotated.keyId);
    expect(after.document.payload.seal.keyId).toBe(rotated.keyId);
    expect((await verifyId(before.licence.identifier)).result).toBe('valid');
    expect((await verifyDoc(before.document)).result).toBe('valid');
    expect((await verifyDoc(after.document)).result).toBe('valid');
    // a document presented with the new key id for an old signature is tampered
    expect((await verifyDoc({ ...before.document, keyId: rotated.keyId })).result).toBe('tampered');
    const keys = json(await t.app.inject({ method: 'GET', url: `/api/v1/licences/keys?organisationId=${orgId}` })).items as { keyId: string; status: string }[];
    expect(keys.find((k) => k.keyId === oldKey)!.status).toBe('retired');
    expect(keys.filter((k) => k.status === 'active').map((k) => k.keyId)).toEqual([rotated.keyId]);
  });

  it('concurrent rotations leave exactly one active key', async () => {
    const results = await Promise.all([1, 2, 3].map(() => t.app.inject({ method: 'POST', url: `/api/v1/admin/organisations/${orgId}/keys`, headers: ADMIN })));
    expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    const active = await t.ctx.database.db.select().from(organisationKeys).where(and(eq(organisationKeys.organisationId, orgId), eq(organisationKeys.status, 'active')));
    expect(active).toHaveLength(1);
  });

  it('revoking a key: its licences verify as key-revoked, others stay valid; the key can no longer sign', async () => {
    const signedBefore = await issue(foodLicence());
    const doomed = signedBefore.document.keyId;
    const key2 = await newKey(orgId, orgAdmin);
    const signedAfter = await issue(foodLicence());
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/organisation-keys/${doomed}/revoke`, headers: { cookie: otherOrgAdmin.cookie }, payload: { reason: '密钥泄露' } })).statusCode).toBe(403);
    const r = await t.app.inject({ method: 'POST', url: `/api/v1/admin/organisation-keys/${doomed}/revoke`, headers: { cookie: orgAdmin.cookie }, payload: { reason: '密钥泄露' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(json(r)).toMatchObject({ status: 'revoked' });
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/organisation-keys/${doomed}/revoke`, headers: ADMIN, payload: { reason: '再次' } })).statusCode).toBe(409);
    expect((await verifyId(signedBefore.licence.identifier)).result).toBe('key-revoked');
    expect((await verifyDoc(signedBefore.document)).result).toBe('key-revoked');
    expect((await verifyDoc(signedAfter.document)).result).toBe('valid');
    // revoking the active key stops issuance until a new key is generated
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/organisation-keys/${key2.keyId}/revoke`, headers: ADMIN, payload: { reason: '机构撤并' } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/workbench/licences', headers: { cookie: approver.cookie }, payload: foodLicence() })).statusCode).toBe(409);
    expect((await verifyDoc(signedAfter.document)).result).toBe('key-revoked');
    await newKey(orgId);
    await issue(foodLicence());
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisation-keys/0190f5b2-0000-7000-8000-000000000000/revoke', headers: ADMIN, payload: { reason: 'x' } })).statusCode).toBe(404);
  });

  it('a register row edited in the database verifies as tampered', async () => {
    const a = await issue(foodLicence());
    await t.ctx.database.db.execute(sql`update licences set valid_to = '2099-12-31' where identifier = ${a.licence.identifier}`);
    expect((await verifyId(a.licence.identifier)).result).toBe('tampered');
    const b = await issue(foodLicence());
    await t.ctx.database.db.execute(sql`update licences set signature = ${a.document.signature} where identifier = ${b.licence.identifier}`);
    expect((await verifyId(b.licence.identifier)).result).toBe('tampered');
  });

  it('identifiers: a wrong check character is a 400 naming it; an unknown valid identifier is not-found', async () => {
    const { licence } = await issue(foodLicence());
    const last = licence.identifier.slice(-1);
    const wrong = licence.identifier.slice(0, -1) + (last === '0' ? '1' : '0');
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/licences/verify/${wrong}` });
    expect(r.statusCode).toBe(400);
    expect(json(r).errors[0]).toMatchObject({ pointer: '/params/identifier', code: 'licence.id.check' });
    const p = parseLicenceIdentifier(licence.identifier)!;
    const { licenceIdentifier } = await import('@onewindow/domain');
    expect((await verifyId(licenceIdentifier({ ...p, serial: '1999010199' }))).result).toBe('not-found');
  });

  it('demo seed: every issuing demo organisation gets one active key, once', async () => {
    const demo = loadDemoData().organisations.find((o) => o.name === '杭州市西湖区市场监督管理局')!;
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: { ...demo } });
    expect(created.statusCode, created.body).toBe(201);
    const db = t.ctx.database.db;
    // this one and OTHER_ORG (余杭区市场监管局, a demo organisation too, still without a key)
    expect(await seedDemoLicences(db, t.ctx.secrets.keyring)).toEqual({ licenceTypes: 0, organisationKeys: 2 });
    expect(await seedDemoLicences(db, t.ctx.secrets.keyring)).toEqual({ licenceTypes: 0, organisationKeys: 0 });
    const keys = await service.publishedKeys(db, json(created).id);
    expect(keys.map((k) => k.status)).toEqual(['active']);
    expect((await service.listTypes(db)).map((x) => x.name).sort()).toEqual(DEMO_LICENCE_TYPES.map((x) => x.name).sort());
  });

  it('issueForApplication: a granted case whose result is a licence issues it once, bound to the case', async () => {
    const item = validItem(7, { application: TEST_APPLICATION });
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: ADMIN, payload: item })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/items/${item.implementationCode}/publish`, headers: ADMIN })).statusCode).toBe(200);
    const draft = await t.app.inject({ method: 'POST', url: '/api/v1/applications', headers: { cookie: citizen.cookie }, payload: { implementationCode: item.implementationCode, form: { shopName: '西湖奶茶店', area: 45, category: '餐饮服务' } } });
    expect(draft.statusCode, draft.body).toBe(201);
    const applicationId = json(draft).id as string;
    const deps = { keyring: t.ctx.secrets.keyring, indexKey: t.ctx.secrets.indexKey, timeZone: t.ctx.config.timeZone };
    const app = {
      id: applicationId,
      handlingOrgId: orgId,
      result: item.result,
      granted: true,
      holder: { name: '杭州西湖奶茶店', code: SHOP_USCC, codeType: '001' as const },
      form: { shopName: '西湖奶茶店', premises: '杭州市西湖区文三路100号', scope: { nested: 'dropped' } },
    };
    const db = t.ctx.database.db;
    expect(await db.transaction((tx) => service.issueForApplication(tx, deps, 'system:test', { ...app, granted: false }))).toEqual({ skipped: 'not-granted' });
    expect(await db.transaction((tx) => service.issueForApplication(tx, deps, 'system:test', { ...app, result: { name: '批复', type: 'document' } }))).toEqual({ skipped: 'not-a-licence' });
    expect(await db.transaction((tx) => service.issueForApplication(tx, deps, 'system:test', { ...app, result: { name: '无此证照', type: 'licence' } }))).toEqual({ skipped: 'unknown-type' });
    const first = await db.transaction((tx) => service.issueForApplication(tx, deps, 'system:test', app));
    if (!('issued' in first)) throw new Error(`not issued: ${JSON.stringify(first)}`);
    expect(first.issued.licence).toMatchObject({ typeCode: FOOD, applicationId, status: 'valid' });
    expect(first.issued.document.payload.data).toEqual({ premises: '杭州市西湖区文三路100号' });
    expect((await verifyDoc(first.issued.document)).result).toBe('valid');
    expect(await db.transaction((tx) => service.issueForApplication(tx, deps, 'system:test', app))).toEqual({ skipped: 'already-issued' });
  });

  it('the register of the approver’s organisations: paged, filtered by status, type and text; others see none of it', async () => {
    const list = async (query: string, who: Who = approver) => {
      const r = await t.app.inject({ method: 'GET', url: `/api/v1/workbench/licences${query}`, headers: { cookie: who.cookie } });
      expect(r.statusCode, r.body).toBe(200);
      return json(r) as { items: { identifier: string; status: string; typeCode: string; typeName: string; holder: string; suspendReason: string | null }[]; total: number; types: { code: string; name: string }[] };
    };
    const [count] = await t.ctx.database.db.select({ n: sql<number>`count(*)::int` }).from(licences).where(eq(licences.issuerOrgId, orgId));
    const all = await list('?pageSize=100');
    expect(all.total).toBe(Number(count!.n));
    expect(all.items.length).toBe(Math.min(all.total, 100));
    expect(all.types.map((x) => x.code)).toContain(FOOD);
    expect(all.items.find((x) => x.typeCode === FOOD)!.typeName).toBe('食品经营许可证');
    // a new one comes first; its identifier and its holder's name find it
    const fresh = await issue(foodLicence({ holder: '杭州西湖登记簿测试店' }));
    const first = await list('?pageSize=1');
    expect(first.items[0]!.identifier).toBe(fresh.licence.identifier);
    expect(first.total).toBe(all.total + 1);
    expect((await list(`?q=${encodeURIComponent(fresh.licence.identifier)}`)).items.map((x) => x.identifier)).toEqual([fresh.licence.identifier]);
    expect((await list(`?q=${encodeURIComponent('登记簿测试')}`)).items.map((x) => x.identifier)).toEqual([fresh.licence.identifier]);
    // status filters follow the register (suspended with its reason) and the validity (expired)
    expect((await statusChange(fresh.licence.identifier, 'suspend')).statusCode).toBe(200);
    const suspended = await list('?status=suspended&pageSize=100');
    expect(suspended.items.every((x) => x.status === 'suspended')).toBe(true);
    expect(suspended.items.find((x) => x.identifier === fresh.licence.identifier)!.suspendReason).toBe('依法处理');
    expect((await list('?status=valid&pageSize=100')).items.map((x) => x.identifier)).not.toContain(fresh.licence.identifier);
    expect((await list('?status=expired&pageSize=100')).items.every((x) => x.status === 'expired')).toBe(true);
    expect((await list(`?typeCode=${DRIVING}&pageSize=100`)).items.every((x) => x.typeCode === DRIVING)).toBe(true);
    // another organisation's approver sees only their own; other roles may not list
    expect((await list('?pageSize=100', otherApprover)).items.map((x) => x.identifier)).not.toContain(fresh.licence.identifier);
    for (const who of [orgAdmin, reviewer, citizen]) {
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/workbench/licences', headers: { cookie: who.cookie } })).statusCode).toBe(403);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/workbench/licences?status=lost', headers: { cookie: approver.cookie } })).statusCode).toBe(400);
  });

  it('the audit chain stays intact', async () => {
    expect((await verifyAudit(t.ctx.database.db)).brokenAt).toBeNull();
  });
});
