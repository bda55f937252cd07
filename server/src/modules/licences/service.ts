/**
 * Electronic licences (电子证照): organisation keys (generation, rotation, revocation, publication),
 * issuance with an SM2 signature (SM3, GM/T 0009 default id) and an e-seal record, verification of a
 * licence by identifier or of a downloaded document, and revocation / suspension / reinstatement.
 *
 * What is signed is the UTF-8 of the canonical JSON (sorted keys) of the LicencePayload: directory
 * fields (without the status, which changes), type-specific data, identifier, issuer, validity and
 * the seal record (which names the key). The stored copy of the payload is sealed under the
 * personal-data key ring, since it holds the holder's ID number and name; its SM3 digest and the
 * signature are stored in clear.
 */
import { and, asc, desc, eq, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import {
  canonicalJson,
  checkLicenceIdentifier,
  dateInZone,
  LICENCE_PAYLOAD_FORMAT,
  LICENCE_SIGNATURE_ALGORITHM,
  licenceIdentifier,
  licenceDocumentSchema,
  licenceIssueSchema,
  type LicenceDocument,
  type LicenceTypeField,
  type LicencePayload,
  type LicenceSeal,
  type LicenceStatus,
  type LicenceVerificationResult,
} from '@onewindow/domain';
import { z } from 'zod';
import { query, type Db, type Executor, type Tx } from '../../platform/db.js';
import { appendAudit } from '../../platform/audit.js';
import { forbidden, holdsRole, type Actor } from '../../platform/auth.js';
import { CryptoError, sm3, type IndexKey, type Keyring } from '../../platform/crypto.js';
import { ProblemError, conflict, notFound, validationProblem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { maskPersonal, personalIndex, protect, reveal } from '../../platform/personal-data.js';
import { generateSm2KeyPair, Sm2KeyError, sm2PublicKeyToPem, sm2Sign, sm2Verify } from '../../platform/sm2.js';
import * as identity from '../identity/service.js';
import * as reference from '../reference/service.js';
import { extractLicenceDocument, renderLicencePdf } from './pdf.js';
import { licenceAuthorisations, licences, licenceSerials, licenceTypes, organisationKeys } from './schema.js';

export { licenceTypeName, validLicenceOf, type HeldLicence, type LicenceHolder } from './supply.js';

export interface LicenceDeps {
  db: Db;
  keyring: Keyring;
  indexKey: IndexKey;
  /** the node's time zone: issue dates, serial days and expiry */
  timeZone: string;
}

type KeyRow = typeof organisationKeys.$inferSelect;
type LicenceRow = typeof licences.$inferSelect;
type OrgRow = NonNullable<Awaited<ReturnType<typeof reference.findOrganisationById>>>;
export type LicenceIssue = z.output<typeof licenceIssueSchema>;

const keyContext = (keyId: string) => `org-key:${keyId}`;
const payloadContext = (licenceId: string) => `licence:${licenceId}`;

async function organisationOrThrow(db: Executor, id: string): Promise<OrgRow> {
  const org = await reference.findOrganisationById(db, id);
  if (!org) throw notFound('problem.organisationNotFound');
  return org;
}

/** Serialises the key changes of one organisation until the transaction ends (both engines). */
async function lockOrganisationKeys(tx: Tx, organisationId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(7410100, hashtext(${organisationId}))`);
}

// ---------------------------------------------------------------- keys

/** May the actor manage the organisation's keys: platform_admin over its region, or its org_admin. */
function requireKeyAdmin(actor: Actor, org: OrgRow): void {
  if (holdsRole(actor, 'platform_admin', { regionCode: org.regionCode }) || holdsRole(actor, 'org_admin', { organisationId: org.id })) return;
  throw forbidden();
}

export interface PublishedKey {
  keyId: string;
  organisationId: string;
  organisation: string;
  organisationCode: string;
  algorithm: typeof LICENCE_SIGNATURE_ALGORITHM;
  /** '04'‖X‖Y, hex */
  publicKey: string;
  /** SubjectPublicKeyInfo on the SM2 curve, for `openssl pkeyutl -verify` */
  publicKeyPem: string;
  status: 'active' | 'retired' | 'revoked';
  createdAt: string;
  retiredAt: string | null;
  revokedAt: string | null;
}

function publishedKey(k: KeyRow, org: Pick<OrgRow, 'name' | 'uscc'>): PublishedKey {
  return {
    keyId: k.id,
    organisationId: k.organisationId,
    organisation: org.name,
    organisationCode: org.uscc,
    algorithm: LICENCE_SIGNATURE_ALGORITHM,
    publicKey: k.publicKey,
    publicKeyPem: sm2PublicKeyToPem(k.publicKey),
    status: k.status as PublishedKey['status'],
    createdAt: k.createdAt.toISOString(),
    retiredAt: k.retiredAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

/**
 * A new active SM2 key for the organisation; the active key it replaces (if any) is retired — it no
 * longer signs, but the licences it signed still verify. `by` is the acting account (or a system name).
 */
export async function generateKey(tx: Tx, deps: Pick<LicenceDeps, 'keyring'>, by: string, organisationId: string): Promise<PublishedKey> {
  const org = await organisationOrThrow(tx, organisationId);
  // concurrent rotations of one organisation run one after the other (one active key at a time)
  await lockOrganisationKeys(tx, organisationId);
  const now = new Date();
  const retired = await tx
    .update(organisationKeys)
    .set({ status: 'retired', retiredAt: now })
    .where(and(eq(organisationKeys.organisationId, organisationId), eq(organisationKeys.status, 'active')))
    .returning({ id: organisationKeys.id });
  const pair = generateSm2KeyPair();
  const id = newId();
  const [row] = await tx
    .insert(organisationKeys)
    .values({ id, organisationId, publicKey: pair.publicKey, privateKeyCipher: deps.keyring.encrypt(pair.privateKey, keyContext(id)), status: 'active', createdAt: now })
    .returning();
  await appendAudit(tx, {
    actor: by,
    action: retired.length ? 'licence.key.rotate' : 'licence.key.generate',
    entityType: 'organisation_key',
    entityId: id,
    regionCode: org.regionCode,
    ownerOrgId: org.id,
    detail: { organisationId, retired: retired.map((r) => r.id) },
  });
  return publishedKey(row!, org);
}

/** generateKey for a staff member: platform_admin over the organisation's region, or its org_admin. */
export async function generateKeyAsStaff(tx: Tx, deps: Pick<LicenceDeps, 'keyring'>, actor: Actor, organisationId: string): Promise<PublishedKey> {
  requireKeyAdmin(actor, await organisationOrThrow(tx, organisationId));
  return generateKey(tx, deps, actor.accountId, organisationId);
}

/**
 * Revokes a key (compromise, or the organisation's dissolution): every signature made with it now
 * verifies as 'key-revoked'. An organisation whose active key is revoked issues nothing until a new
 * key is generated.
 */
export async function revokeKey(tx: Tx, actor: Actor, keyId: string, reason: string): Promise<PublishedKey> {
  const [found] = await tx.select({ organisationId: organisationKeys.organisationId }).from(organisationKeys).where(eq(organisationKeys.id, keyId));
  if (!found) throw notFound('problem.keyNotFound');
  await lockOrganisationKeys(tx, found.organisationId);
  const [key] = await tx.select().from(organisationKeys).where(eq(organisationKeys.id, keyId));
  if (!key) throw notFound('problem.keyNotFound');
  const org = await organisationOrThrow(tx, key.organisationId);
  requireKeyAdmin(actor, org);
  if (key.status === 'revoked') throw conflict('problem.keyRevoked');
  const now = new Date();
  const [row] = await tx.update(organisationKeys).set({ status: 'revoked', revokedAt: now, revokeReason: reason }).where(eq(organisationKeys.id, keyId)).returning();
  await appendAudit(tx, {
    actor: actor.accountId,
    action: 'licence.key.revoke',
    entityType: 'organisation_key',
    entityId: keyId,
    regionCode: org.regionCode,
    ownerOrgId: org.id,
    detail: { organisationId: org.id, previousStatus: key.status, reason },
  });
  return publishedKey(row!, org);
}

/** Every key of every organisation, so that anyone can verify (and see which keys were revoked). */
export async function publishedKeys(db: Executor, organisationId?: string): Promise<PublishedKey[]> {
  const rows = await db
    .select()
    .from(organisationKeys)
    .where(organisationId ? eq(organisationKeys.organisationId, organisationId) : undefined)
    .orderBy(asc(organisationKeys.organisationId), asc(organisationKeys.createdAt));
  const orgs = new Map<string, OrgRow>();
  for (const id of new Set(rows.map((r) => r.organisationId))) orgs.set(id, await organisationOrThrow(db, id));
  return rows.map((r) => publishedKey(r, orgs.get(r.organisationId)!));
}

// ---------------------------------------------------------------- issuance

/** YYYY-MM-DD plus whole years, minus one day (a 5-year licence from 2026-03-01 ends 2031-02-28). */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** The next serial of the issuer's licences of a type on a day: YYYYMMDD + sequence (2 digits, more past 99). */
async function nextSerial(tx: Tx, issuerOrgId: string, typeCode: string, day: string): Promise<string> {
  const [row] = await tx
    .insert(licenceSerials)
    .values({ issuerOrgId, typeCode, day, last: 1 })
    .onConflictDoUpdate({ target: [licenceSerials.issuerOrgId, licenceSerials.typeCode, licenceSerials.day], set: { last: sql`${licenceSerials.last} + 1` } })
    .returning({ last: licenceSerials.last });
  return `${day.replaceAll('-', '')}${String(row!.last).padStart(2, '0')}`;
}

/** The directory fields of a licence as shown to anyone who verifies it: holder code (and a person's name) masked. */
export type LicenceView = {
  identifier: string;
  name: string;
  typeCode: string;
  number: string;
  holder: string;
  holderCode: string;
  holderCodeType: '111' | '001';
  issuer: string;
  issuerCode: string;
  issueDate: string;
  jurisdiction: string;
  validFrom: string;
  validTo: string | null;
  status: LicenceStatus;
  seal: LicenceSeal;
  applicationId: string | null;
  revokedAt: string | null;
  suspendedAt: string | null;
};

function isExpired(validTo: string | null, today: string): boolean {
  return validTo !== null && validTo < today;
}

function viewOf(row: LicenceRow, today: string): LicenceView {
  const status = row.status === 'valid' && isExpired(row.validTo, today) ? 'expired' : (row.status as LicenceStatus);
  return {
    identifier: row.identifier,
    name: row.name,
    typeCode: row.typeCode,
    number: row.number,
    holder: row.holder,
    holderCode: row.holderCode,
    holderCodeType: row.holderCodeType as '111' | '001',
    issuer: row.issuer,
    issuerCode: row.issuerCode,
    issueDate: row.issueDate,
    jurisdiction: row.jurisdiction,
    validFrom: row.validFrom,
    validTo: row.validTo,
    status,
    seal: row.seal as LicenceSeal,
    applicationId: row.applicationId,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    suspendedAt: row.suspendedAt?.toISOString() ?? null,
  };
}

export interface IssuedLicence {
  licence: LicenceView;
  /** the licence as the holder downloads it; anyone verifies it with POST /licences/verify */
  document: LicenceDocument & { payload: LicencePayload };
}

/**
 * Issues a licence of the organisation `input.organisationId`: next serial, identifier with its
 * check character, payload signed with the organisation's active key, audit entry — all in `tx`.
 * No role check: callers check who acts (issueAsStaff, issueForApplication).
 */
export async function issueLicence(
  tx: Tx,
  deps: Pick<LicenceDeps, 'keyring' | 'indexKey' | 'timeZone'>,
  by: string,
  input: LicenceIssue,
  opts: { applicationId?: string; now?: Date } = {},
): Promise<IssuedLicence> {
  const now = opts.now ?? new Date();
  const org = await organisationOrThrow(tx, input.organisationId);
  const [type] = await tx.select().from(licenceTypes).where(eq(licenceTypes.code, input.typeCode));
  if (!type) throw validationProblem([{ pointer: '/body/typeCode', code: 'licence.typeUnknown' }]);
  const [key] = await tx.select().from(organisationKeys).where(and(eq(organisationKeys.organisationId, org.id), eq(organisationKeys.status, 'active')));
  if (!key) throw conflict('problem.noActiveKey');

  const today = dateInZone(now, deps.timeZone);
  const issueDate = input.issueDate ?? today;
  const validFrom = input.validFrom ?? issueDate;
  const validTo = input.validTo !== undefined ? input.validTo : type.validityYears ? addYears(validFrom, type.validityYears) : null;
  if (validTo !== null && validTo < validFrom) throw validationProblem([{ pointer: '/body/validTo', code: 'licence.validity' }]);
  const serial = await nextSerial(tx, org.id, type.code, today);
  const identifier = licenceIdentifier({ typeCode: type.code, issuerUscc: org.uscc, serial, version: input.version });
  const seal: LicenceSeal = {
    name: `${org.name}电子证照专用章`,
    organisation: org.name,
    organisationCode: org.uscc,
    keyId: key.id,
    algorithm: LICENCE_SIGNATURE_ALGORITHM,
  };
  const payload: LicencePayload = {
    format: LICENCE_PAYLOAD_FORMAT,
    identifier,
    name: type.name,
    typeCode: type.code,
    number: input.number ?? `${org.uscc.slice(2, 8)}${serial}`,
    holder: input.holder,
    holderCode: input.holderCode,
    holderCodeType: input.holderCodeType,
    issuer: org.name,
    issuerCode: org.uscc,
    issueDate,
    jurisdiction: input.jurisdiction ?? org.regionCode,
    validFrom,
    validTo,
    data: input.data,
    seal,
  };
  const canonical = canonicalJson(payload);
  const privateKey = deps.keyring.decrypt(key.privateKeyCipher, keyContext(key.id));
  const signature = sm2Sign(privateKey, canonical).toString('base64');

  const id = newId();
  const person = input.holderCodeType === '111';
  const code = person ? protect(deps.keyring, deps.indexKey, 'idNumber', input.holderCode) : undefined;
  const [row] = await tx
    .insert(licences)
    .values({
      id,
      identifier,
      typeCode: type.code,
      name: payload.name,
      number: payload.number,
      holder: person ? maskPersonal('name', input.holder) : input.holder,
      holderCipher: person ? protect(deps.keyring, deps.indexKey, 'name', input.holder).cipher : null,
      holderCodeType: input.holderCodeType,
      holderCode: person ? maskPersonal('idNumber', input.holderCode) : input.holderCode,
      holderCodeIndex: code ? code.index : input.holderCode,
      holderCodeCipher: code?.cipher ?? null,
      issuerOrgId: org.id,
      issuer: org.name,
      issuerCode: org.uscc,
      issueDate,
      jurisdiction: payload.jurisdiction,
      validFrom,
      validTo,
      status: 'valid',
      applicationId: opts.applicationId ?? null,
      payloadCipher: deps.keyring.encrypt(canonical, payloadContext(id)),
      digest: sm3(canonical).toString('hex'),
      signature,
      keyId: key.id,
      seal,
      createdAt: now,
    })
    .returning();
  await appendAudit(tx, {
    actor: by,
    action: 'licence.issue',
    entityType: 'licence',
    entityId: identifier,
    regionCode: org.regionCode,
    ownerOrgId: org.id,
    detail: { typeCode: type.code, keyId: key.id, digest: row!.digest, applicationId: opts.applicationId ?? null },
  });
  return { licence: viewOf(row!, today), document: { payload, signature, keyId: key.id } };
}

/** The issuing API of existing registers: an approver of the issuing organisation. */
export async function issueAsStaff(tx: Tx, deps: LicenceDeps, actor: Actor, input: LicenceIssue): Promise<IssuedLicence> {
  await organisationOrThrow(tx, input.organisationId);
  if (!holdsRole(actor, 'approver', { organisationId: input.organisationId })) throw forbidden();
  return issueLicence(tx, deps, actor.accountId, input);
}

/** The downloadable document of a licence (for its holder's wallet, or the issuer). */
export async function licenceDocument(db: Executor, deps: Pick<LicenceDeps, 'keyring'>, identifier: string): Promise<IssuedLicence['document']> {
  const [row] = await db.select().from(licences).where(eq(licences.identifier, identifier));
  if (!row) throw notFound('problem.licenceNotFound');
  const payload = JSON.parse(deps.keyring.decrypt(row.payloadCipher, payloadContext(row.id))) as LicencePayload;
  return { payload, signature: row.signature, keyId: row.keyId };
}

// ---------------------------------------------------------------- verification

export interface Verification {
  result: LicenceVerificationResult;
  licence?: LicenceView;
}

function decodeSignature(signature: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return null;
  return Buffer.from(signature, 'base64');
}

function verifies(publicKey: string, canonical: string, signature: string): boolean {
  const der = decodeSignature(signature);
  if (!der) return false;
  try {
    return sm2Verify(publicKey, canonical, der);
  } catch (e) {
    if (e instanceof Sm2KeyError) return false;
    throw e;
  }
}

/** The result of a licence whose signature and key are sound: revoked, suspended, expired or valid. */
function standing(row: LicenceRow, today: string): Verification {
  const licence = viewOf(row, today);
  const result: LicenceVerificationResult = licence.status;
  return { result, licence };
}

/** Do the stored directory columns say what the signed payload says? (An edited row does not.) */
function rowMatchesPayload(row: LicenceRow, p: Partial<LicencePayload>): boolean {
  return (
    p.identifier === row.identifier &&
    p.typeCode === row.typeCode &&
    p.number === row.number &&
    p.issuerCode === row.issuerCode &&
    p.issueDate === row.issueDate &&
    p.validFrom === row.validFrom &&
    (p.validTo ?? null) === row.validTo &&
    p.holderCodeType === row.holderCodeType &&
    p.seal?.keyId === row.keyId
  );
}

/**
 * A licence of this node's register by its identifier: the stored payload must match its digest, its
 * signature and the directory columns; then the key's and the licence's status and the validity decide.
 */
export async function verifyIdentifier(db: Executor, deps: Pick<LicenceDeps, 'keyring' | 'timeZone'>, identifier: string, now = new Date()): Promise<Verification> {
  const [row] = await db.select().from(licences).where(eq(licences.identifier, identifier));
  if (!row) return { result: 'not-found' };
  const today = dateInZone(now, deps.timeZone);
  let canonical: string;
  try {
    canonical = deps.keyring.decrypt(row.payloadCipher, payloadContext(row.id));
  } catch (e) {
    if (e instanceof CryptoError) return { result: 'tampered', licence: viewOf(row, today) };
    throw e;
  }
  const [key] = await db.select().from(organisationKeys).where(eq(organisationKeys.id, row.keyId));
  if (!key) return { result: 'unknown-key', licence: viewOf(row, today) };
  const payload = JSON.parse(canonical) as LicencePayload;
  if (sm3(canonical).toString('hex') !== row.digest || !verifies(key.publicKey, canonical, row.signature) || !rowMatchesPayload(row, payload)) {
    return { result: 'tampered', licence: viewOf(row, today) };
  }
  if (key.status === 'revoked') return { result: 'key-revoked', licence: viewOf(row, today) };
  return standing(row, today);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A downloaded licence document: the signature over the canonical payload under the published key it
 * names (any change of any field, the seal record included, fails as 'tampered'), the key's issuer
 * being the licence's, then the register's record of the licence (status, validity).
 */
export async function verifyDocument(db: Executor, deps: Pick<LicenceDeps, 'timeZone'>, doc: LicenceDocument, now = new Date()): Promise<Verification> {
  if (!UUID.test(doc.keyId)) return { result: 'unknown-key' };
  const [key] = await db.select().from(organisationKeys).where(eq(organisationKeys.id, doc.keyId));
  if (!key) return { result: 'unknown-key' };
  const found = { key, uscc: (await organisationOrThrow(db, key.organisationId)).uscc };
  let canonical: string;
  try {
    canonical = canonicalJson(doc.payload);
  } catch {
    return { result: 'tampered' };
  }
  const payload = doc.payload as Partial<LicencePayload>;
  if (!verifies(found.key.publicKey, canonical, doc.signature) || payload.seal?.keyId !== doc.keyId || payload.issuerCode !== found.uscc) {
    return { result: 'tampered' };
  }
  if (found.key.status === 'revoked') return { result: 'key-revoked' };
  if (typeof payload.identifier !== 'string' || checkLicenceIdentifier(payload.identifier)) return { result: 'tampered' };
  const [row] = await db.select().from(licences).where(eq(licences.identifier, payload.identifier));
  if (!row) return { result: 'not-found' };
  const today = dateInZone(now, deps.timeZone);
  if (row.digest !== sm3(canonical).toString('hex')) return { result: 'tampered', licence: viewOf(row, today) };
  return standing(row, today);
}

// ---------------------------------------------------------------- status changes

export const STATUS_ACTIONS = ['revoke', 'suspend', 'reinstate'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

/** From which statuses an action may be taken, and to which status it leads. Revocation is final. */
const TRANSITIONS: Record<StatusAction, { from: readonly string[]; to: 'valid' | 'suspended' | 'revoked' }> = {
  revoke: { from: ['valid', 'suspended'], to: 'revoked' },
  suspend: { from: ['valid'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'valid' },
};

/** Revokes (吊销/注销), suspends (暂扣) or reinstates a licence: an approver of the issuing organisation. */
export async function changeStatus(tx: Tx, deps: Pick<LicenceDeps, 'timeZone'>, actor: Actor, identifier: string, action: StatusAction, reason: string, now = new Date()): Promise<LicenceView> {
  const [row] = await tx.select().from(licences).where(eq(licences.identifier, identifier)).for('update');
  if (!row) throw notFound('problem.licenceNotFound');
  if (!holdsRole(actor, 'approver', { organisationId: row.issuerOrgId })) throw forbidden();
  const t = TRANSITIONS[action];
  if (!t.from.includes(row.status)) throw new ProblemError(409, 'licence-status', 'problem.licenceStatus', [], undefined, { status: row.status, action });
  const set: Partial<LicenceRow> =
    action === 'revoke'
      ? { status: t.to, revokedAt: now, revokeReason: reason }
      : action === 'suspend'
        ? { status: t.to, suspendedAt: now, suspendReason: reason }
        : { status: t.to, reinstatedAt: now };
  const [updated] = await tx.update(licences).set(set).where(eq(licences.id, row.id)).returning();
  const org = await organisationOrThrow(tx, row.issuerOrgId);
  await appendAudit(tx, {
    actor: actor.accountId,
    action: `licence.${action}`,
    entityType: 'licence',
    entityId: identifier,
    regionCode: org.regionCode,
    ownerOrgId: row.issuerOrgId,
    detail: { from: row.status, to: t.to, reason },
  });
  return viewOf(updated!, dateInZone(now, deps.timeZone));
}

// ---------------------------------------------------------------- types

export async function listTypes(db: Executor) {
  return db.select().from(licenceTypes).orderBy(asc(licenceTypes.code));
}

/** Adds the licence types that are missing (by code); existing ones are left as they are. */
export async function ensureTypes(db: Executor, types: { code: string; name: string; definingMinistry: string; fields: unknown; validityYears: number | null }[]): Promise<number> {
  if (types.length === 0) return 0;
  const now = new Date();
  const inserted = await db
    .insert(licenceTypes)
    .values(types.map((t) => ({ ...t, createdAt: now })))
    .onConflictDoNothing()
    .returning({ code: licenceTypes.code });
  return inserted.length;
}

/** The organisations among `ids` without an active key. */
export async function organisationsWithoutKey(db: Executor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const active = await db.select({ id: organisationKeys.organisationId }).from(organisationKeys).where(eq(organisationKeys.status, 'active'));
  const have = new Set(active.map((a) => a.id));
  return ids.filter((id) => !have.has(id));
}

// ---------------------------------------------------------------- issuance on completion

export interface CompletedApplication {
  id: string;
  handlingOrgId: string;
  /** the item version's result (ItemGuide.result) */
  result: { name: string; type: string };
  /** the decision granted the application (a refusal issues nothing) */
  granted: boolean;
  /** the enterprise the application was made for (USCC), or the applicant (ID number) */
  holder: { name: string; code: string; codeType: '111' | '001' };
  /** the application's form: values under the keys of the licence type's fields become its data */
  form?: Record<string, unknown>;
}

export type ApplicationIssuance =
  | { issued: IssuedLicence }
  | { skipped: 'not-a-licence' | 'not-granted' | 'already-issued' | 'unknown-type' | 'no-active-key' };

/**
 * The hook of the applications module: when a case completes and its item's result is a licence,
 * issues the licence of the type named like the result (e.g. 食品经营许可证) in the same transaction,
 * signed by the handling organisation's key. Idempotent per application. A licence that cannot be
 * issued (no type of that name, no active key) is skipped, not failed, so that the case still
 * completes; the skip is audited for the organisation to follow up.
 */
export async function issueForApplication(tx: Tx, deps: Pick<LicenceDeps, 'keyring' | 'indexKey' | 'timeZone'>, by: string, app: CompletedApplication): Promise<ApplicationIssuance> {
  if (app.result.type !== 'licence') return { skipped: 'not-a-licence' };
  if (!app.granted) return { skipped: 'not-granted' };
  const [existing] = await tx.select({ id: licences.id }).from(licences).where(eq(licences.applicationId, app.id));
  if (existing) return { skipped: 'already-issued' };
  // the licence type the result names: exactly, or the longest type name it contains (营业执照（个体工商户） → 营业执照)
  const types = await tx.select().from(licenceTypes).orderBy(asc(licenceTypes.code));
  const type = types.find((t) => t.name === app.result.name) ?? types.filter((t) => app.result.name.includes(t.name)).sort((a, b) => b.name.length - a.name.length)[0];
  const [key] = await tx.select({ id: organisationKeys.id }).from(organisationKeys).where(and(eq(organisationKeys.organisationId, app.handlingOrgId), eq(organisationKeys.status, 'active')));
  const skipped = !type ? ('unknown-type' as const) : !key ? ('no-active-key' as const) : undefined;
  if (skipped) {
    const org = await organisationOrThrow(tx, app.handlingOrgId);
    await appendAudit(tx, { actor: by, action: 'licence.issue.skipped', entityType: 'application', entityId: app.id, regionCode: org.regionCode, ownerOrgId: org.id, detail: { reason: skipped, result: app.result.name } });
    return { skipped };
  }
  const keys = new Set((type!.fields as { key: string }[]).map((f) => f.key));
  const data = Object.fromEntries(
    Object.entries(app.form ?? {}).filter(([k, v]) => keys.has(k) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') && (typeof v !== 'string' || v.length <= 2000)),
  ) as Record<string, string | number | boolean>;
  const input = licenceIssueSchema.parse({ organisationId: app.handlingOrgId, typeCode: type!.code, holder: app.holder.name, holderCode: app.holder.code, holderCodeType: app.holder.codeType, data });
  return { issued: await issueLicence(tx, deps, by, input, { applicationId: app.id }) };
}

// ---------------------------------------------------------------- holder's wallet (我的证照)

export interface WalletDeps extends LicenceDeps {
  identity: identity.IdentityDeps;
}

/** A licence in its holder's wallet: the directory view, whose it is, and its active authorisations. */
export type WalletLicence = LicenceView & {
  holderKind: 'person' | 'enterprise';
  /** the person's own name (unmasked, for the holder) */
  holderName: string;
  activeAuthorisations: number;
};

export interface Wallet {
  items: WalletLicence[];
  /** the person's own licences are shown from level 3 (ID number checked against the registry) on */
  personLicencesNeedLevel3: boolean;
}

/**
 * Whose licences the account may hold: its own ID number (blind index; level 3 only, since a level-2
 * ID number is merely declared) and the USCCs of the enterprises it may act for.
 */
async function holdings(deps: WalletDeps, actor: Actor, db: Executor = deps.db): Promise<{ person: string | null; enterprises: Map<string, string>; needsLevel: boolean }> {
  if (actor.kind !== 'person') throw forbidden();
  // inside a transaction, identity reads through it too (PGlite has one connection)
  const ids: identity.IdentityDeps = { ...deps.identity, db: db as Db };
  const claims = await identity.accountClaims(ids, actor.accountId);
  const verified = !!claims?.idNumber && claims.level >= 3;
  const person = verified ? personalIndex(deps.indexKey, 'idNumber', claims!.idNumber!) : null;
  const enterprises = new Map((await identity.actableEnterprises(ids, actor.accountId)).map((e) => [e.uscc, e.id]));
  return { person, enterprises, needsLevel: !!claims?.idNumber && !verified };
}

function mayHold(h: Awaited<ReturnType<typeof holdings>>, row: LicenceRow): boolean {
  return row.holderCodeType === '111' ? h.person !== null && row.holderCodeIndex === h.person : h.enterprises.has(row.holderCodeIndex);
}

function walletView(deps: Pick<LicenceDeps, 'keyring'>, row: LicenceRow, today: string, active: number): WalletLicence {
  const person = row.holderCodeType === '111';
  return {
    ...viewOf(row, today),
    holderKind: person ? 'person' : 'enterprise',
    holderName: person && row.holderCipher ? reveal(deps.keyring, 'name', row.holderCipher) : row.holder,
    activeAuthorisations: active,
  };
}

/** The licences of the signed-in person and of the enterprises they may act for, newest first. */
export async function wallet(deps: WalletDeps, actor: Actor, now = new Date()): Promise<Wallet> {
  const h = await holdings(deps, actor);
  const codes = [...(h.person ? [h.person] : []), ...h.enterprises.keys()];
  if (codes.length === 0) return { items: [], personLicencesNeedLevel3: h.needsLevel };
  const rows = await deps.db.select().from(licences).where(inArray(licences.holderCodeIndex, codes)).orderBy(desc(licences.createdAt));
  const held = rows.filter((r) => mayHold(h, r));
  const today = dateInZone(now, deps.timeZone);
  const counts = new Map<string, number>();
  if (held.length) {
    const active = await deps.db
      .select({ licenceId: licenceAuthorisations.licenceId, n: sql<number>`count(*)::int` })
      .from(licenceAuthorisations)
      .where(and(inArray(licenceAuthorisations.licenceId, held.map((r) => r.id)), isNull(licenceAuthorisations.revokedAt), gte(licenceAuthorisations.validUntil, today)))
      .groupBy(licenceAuthorisations.licenceId);
    for (const a of active) counts.set(a.licenceId, Number(a.n));
  }
  return { items: held.map((r) => walletView(deps, r, today, counts.get(r.id) ?? 0)), personLicencesNeedLevel3: h.needsLevel };
}

/** A licence of the wallet, or 404 (also for a licence of someone else: its existence is not revealed). */
async function heldLicence(db: Executor, deps: WalletDeps, actor: Actor, identifier: string, forUpdate = false): Promise<LicenceRow> {
  const h = await holdings(deps, actor, db);
  const q = db.select().from(licences).where(eq(licences.identifier, identifier));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row || !mayHold(h, row)) throw notFound('problem.licenceNotFound');
  return row;
}

/** The signed document {payload, signature, keyId} of a licence of the wallet. */
export async function heldDocument(deps: WalletDeps, actor: Actor, identifier: string): Promise<IssuedLicence['document']> {
  await heldLicence(deps.db, deps, actor, identifier);
  return licenceDocument(deps.db, deps, identifier);
}

export interface PdfOptions {
  publicUrl: string;
  fontPath: string;
  nodeName: string;
}

/** The printable PDF of a licence of the wallet (the signed document embedded). */
export async function heldPdf(deps: WalletDeps, actor: Actor, identifier: string, opts: PdfOptions): Promise<{ pdf: Buffer; number: string; name: string }> {
  const row = await heldLicence(deps.db, deps, actor, identifier);
  const document = await licenceDocument(deps.db, deps, identifier);
  const [type] = await deps.db.select().from(licenceTypes).where(eq(licenceTypes.code, row.typeCode));
  const pdf = await renderLicencePdf({
    document,
    fields: (type?.fields ?? []) as LicenceTypeField[],
    verifyUrl: `${opts.publicUrl}/verify/${encodeURIComponent(identifier)}`,
    fontPath: opts.fontPath,
    nodeName: opts.nodeName,
  });
  return { pdf, number: row.number, name: row.name };
}

/** A PDF uploaded for verification: the document embedded in it, verified as a downloaded document. */
export async function verifyPdf(db: Executor, deps: Pick<LicenceDeps, 'timeZone'>, pdf: Buffer, now = new Date()): Promise<Verification> {
  const parsed = licenceDocumentSchema.safeParse(extractLicenceDocument(pdf));
  if (!parsed.success) return { result: 'not-found' };
  return verifyDocument(db, deps, parsed.data, now);
}

// ---------------------------------------------------------------- authorisations of use (用证授权)

type AuthorisationRow = typeof licenceAuthorisations.$inferSelect;

export interface AuthorisationView {
  id: string;
  identifier: string;
  granteeKind: 'application' | 'organisation';
  granteeId: string;
  /** the organisation's name; null for an application (its number is on the applicant's own list) */
  granteeName: string | null;
  purpose: string;
  validUntil: string;
  status: 'active' | 'expired' | 'revoked';
  createdAt: string;
  revokedAt: string | null;
}

export const authorisationInputSchema = z.object({
  granteeKind: z.enum(['application', 'organisation']),
  granteeId: z.uuid(),
  purpose: z.string().trim().min(2).max(200),
  validUntil: z.iso.date().describe('last day of use (inclusive, node time zone); at most one year ahead'),
});
export type AuthorisationInput = z.output<typeof authorisationInputSchema>;

async function authorisationView(db: Executor, row: AuthorisationRow, identifier: string, today: string): Promise<AuthorisationView> {
  const org = row.organisationId ? await reference.findOrganisationById(db, row.organisationId) : undefined;
  return {
    id: row.id,
    identifier,
    granteeKind: row.granteeKind as AuthorisationView['granteeKind'],
    granteeId: (row.applicationId ?? row.organisationId)!,
    granteeName: org?.name ?? null,
    purpose: row.purpose,
    validUntil: row.validUntil,
    status: row.revokedAt ? 'revoked' : row.validUntil < today ? 'expired' : 'active',
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** The authorisations of a licence of the wallet, newest first (revoked and expired ones included). */
export async function listAuthorisations(deps: WalletDeps, actor: Actor, identifier: string, now = new Date()): Promise<AuthorisationView[]> {
  const row = await heldLicence(deps.db, deps, actor, identifier);
  const today = dateInZone(now, deps.timeZone);
  const rows = await deps.db.select().from(licenceAuthorisations).where(eq(licenceAuthorisations.licenceId, row.id)).orderBy(desc(licenceAuthorisations.createdAt));
  return Promise.all(rows.map((r) => authorisationView(deps.db, r, identifier, today)));
}

/**
 * The holder authorises an application (one of the account's own) or an organisation to use a valid
 * licence for a purpose until a day (today … one year ahead). Audited in the same transaction.
 */
export async function grantAuthorisation(tx: Tx, deps: WalletDeps, actor: Actor, identifier: string, input: AuthorisationInput, now = new Date()): Promise<AuthorisationView> {
  const row = await heldLicence(tx, deps, actor, identifier, true);
  const today = dateInZone(now, deps.timeZone);
  const status = viewOf(row, today).status;
  if (status !== 'valid') throw new ProblemError(409, 'licence-status', 'problem.licenceStatus', [], undefined, { status, action: 'authorise' });
  if (input.validUntil < today || input.validUntil > addYears(today, 1)) throw validationProblem([{ pointer: '/body/validUntil', code: 'licence.authorisationValidity' }]);
  let organisationId: string | null = null;
  let applicationId: string | null = null;
  if (input.granteeKind === 'organisation') {
    if (!(await reference.findOrganisationById(tx, input.granteeId))) throw validationProblem([{ pointer: '/body/granteeId', code: 'licence.granteeUnknown' }]);
    organisationId = input.granteeId;
  } else {
    // an application of the account's own (the table belongs to the applications module: read, never joined)
    const [app] = await query<{ id: string }>(tx, sql`select id from applications where id = ${input.granteeId} and applicant_account_id = ${actor.accountId}`);
    if (!app) throw validationProblem([{ pointer: '/body/granteeId', code: 'licence.granteeUnknown' }]);
    applicationId = input.granteeId;
  }
  const id = newId();
  const [created] = await tx
    .insert(licenceAuthorisations)
    .values({ id, licenceId: row.id, granteeKind: input.granteeKind, applicationId, organisationId, purpose: input.purpose, validUntil: input.validUntil, grantedBy: actor.accountId, createdAt: now })
    .returning();
  await appendAudit(tx, {
    actor: actor.accountId,
    action: 'licence.authorisation.grant',
    entityType: 'licence',
    entityId: identifier,
    regionCode: row.jurisdiction,
    ownerOrgId: organisationId ?? row.issuerOrgId,
    detail: { authorisationId: id, granteeKind: input.granteeKind, granteeId: input.granteeId, purpose: input.purpose, validUntil: input.validUntil },
  });
  return authorisationView(tx, created!, identifier, today);
}

/** Revokes an authorisation of a licence of the wallet (at once; revoking twice is a conflict). */
export async function revokeAuthorisation(tx: Tx, deps: WalletDeps, actor: Actor, identifier: string, authorisationId: string, now = new Date()): Promise<AuthorisationView> {
  const row = await heldLicence(tx, deps, actor, identifier);
  const [a] = await tx
    .select()
    .from(licenceAuthorisations)
    .where(and(eq(licenceAuthorisations.id, authorisationId), eq(licenceAuthorisations.licenceId, row.id)))
    .for('update');
  if (!a) throw notFound('problem.authorisationNotFound');
  if (a.revokedAt) throw conflict('problem.authorisationRevoked');
  const [updated] = await tx.update(licenceAuthorisations).set({ revokedAt: now, revokedBy: actor.accountId }).where(eq(licenceAuthorisations.id, a.id)).returning();
  await appendAudit(tx, {
    actor: actor.accountId,
    action: 'licence.authorisation.revoke',
    entityType: 'licence',
    entityId: identifier,
    regionCode: row.jurisdiction,
    ownerOrgId: a.organisationId ?? row.issuerOrgId,
    detail: { authorisationId: a.id },
  });
  return authorisationView(tx, updated!, identifier, dateInZone(now, deps.timeZone));
}

/**
 * Does an authorisation let `grantee` use the licence today? (For the applications module's 免提交 and
 * the exchange gateway.)
 */
export async function isAuthorised(db: Executor, deps: Pick<LicenceDeps, 'timeZone'>, identifier: string, grantee: { kind: 'application' | 'organisation'; id: string }, now = new Date()): Promise<boolean> {
  const today = dateInZone(now, deps.timeZone);
  const [found] = await db
    .select({ id: licenceAuthorisations.id })
    .from(licenceAuthorisations)
    .innerJoin(licences, eq(licences.id, licenceAuthorisations.licenceId))
    .where(
      and(
        eq(licences.identifier, identifier),
        eq(licences.status, 'valid'),
        or(isNull(licences.validTo), gte(licences.validTo, today)),
        grantee.kind === 'application' ? eq(licenceAuthorisations.applicationId, grantee.id) : eq(licenceAuthorisations.organisationId, grantee.id),
        isNull(licenceAuthorisations.revokedAt),
        gte(licenceAuthorisations.validUntil, today),
      ),
    );
  return !!found;
}

// ---------------------------------------------------------------- the issuer's register (approvers)

export const issuedListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(['valid', 'suspended', 'revoked', 'expired']).optional().describe('expired: valid in the register but past its validity'),
  typeCode: z.string().min(1).max(40).optional(),
  q: z.string().trim().min(1).max(120).optional().describe('the licence identifier, the start of the licence number, or part of the holder’s name'),
});
export type IssuedListQuery = z.output<typeof issuedListQuerySchema>;

export type IssuedLicenceRow = LicenceView & { typeName: string; suspendReason: string | null; revokeReason: string | null; createdAt: string };

/**
 * The licences issued by the organisations the actor is an approver of (newest first), with the
 * types among them for the filter. Holder codes of persons stay masked, as in the register.
 */
export async function listIssued(db: Executor, deps: Pick<LicenceDeps, 'timeZone'>, actor: Actor, q: IssuedListQuery, now = new Date()) {
  const orgIds = [...new Set(actor.roles.filter((g) => g.role === 'approver' && g.organisationId).map((g) => g.organisationId!))];
  if (orgIds.length === 0) throw forbidden();
  const today = dateInZone(now, deps.timeZone);
  const conds = [inArray(licences.issuerOrgId, orgIds)];
  if (q.typeCode) conds.push(eq(licences.typeCode, q.typeCode));
  if (q.status === 'expired') conds.push(eq(licences.status, 'valid'), sql`${licences.validTo} < ${today}`);
  else if (q.status === 'valid') conds.push(eq(licences.status, 'valid'), or(isNull(licences.validTo), gte(licences.validTo, today))!);
  else if (q.status) conds.push(eq(licences.status, q.status));
  if (q.q) {
    const text = q.q.replace(/[\\%_]/g, (c) => `\\${c}`);
    conds.push(or(eq(licences.identifier, q.q), sql`${licences.number} like ${`${text}%`}`, sql`${licences.holder} like ${`%${text}%`}`)!);
  }
  const where = and(...conds);
  const [total] = await db.select({ n: sql<number>`count(*)::int` }).from(licences).where(where);
  const rows = await db
    .select({ licence: licences, typeName: licenceTypes.name })
    .from(licences)
    .innerJoin(licenceTypes, eq(licenceTypes.code, licences.typeCode))
    .where(where)
    .orderBy(desc(licences.createdAt), desc(licences.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const types = await db
    .selectDistinct({ code: licenceTypes.code, name: licenceTypes.name })
    .from(licences)
    .innerJoin(licenceTypes, eq(licenceTypes.code, licences.typeCode))
    .where(inArray(licences.issuerOrgId, orgIds))
    .orderBy(asc(licenceTypes.code));
  const items: IssuedLicenceRow[] = rows.map(({ licence: r, typeName }) => ({
    ...viewOf(r, today),
    typeName,
    suspendReason: r.status === 'suspended' ? r.suspendReason : null,
    revokeReason: r.revokeReason,
    createdAt: r.createdAt.toISOString(),
  }));
  return { items, total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize, types };
}
