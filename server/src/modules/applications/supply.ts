/**
 * 免提交 (let data run instead of people): the materials of a draft that the applicant's own
 * electronic licences or shared government data can supply, and form fields prefilled from shared
 * data — all only with the applicant's consent.
 *
 * - A licence supplies a material when the applicant (the enterprise applied for, or the person at
 *   level 3: a level-2 ID number is only declared) holds a valid licence of the material's type; on
 *   consent the holder's authorisation for this application is written to their wallet.
 * - A shared resource supplies a material (or prefills fields) when the handling organisation holds a
 *   grant of the fields for {@link SUPPLY_PURPOSE}; on consent the record is read through the exchange
 *   gateway (a logged exchange of that organisation) and kept sealed with the application.
 * - Exchanges run before the application's transaction (the exchange log is its own chain, and a
 *   read that happened stays logged even if the draft changed meanwhile); the transaction then
 *   re-checks the draft and records what was supplied, the savings and the audit entry.
 */
import {
  dateInZone, orderedFields, provenanceOf, savingsOf, SUPPLY_PURPOSE, trustOf, type FormDefinition, type MaterialProvenance,
  type GrantRefusal, type MaterialSupply, type MaterialTrustLevel, type SharedPrefill, type SupplyKey,
} from '@onewindow/domain';
import { and, asc, eq } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit.js';
import type { Actor } from '../../platform/auth.js';
import type { Db, Executor, Tx } from '../../platform/db.js';
import { conflict, notFound, ProblemError, validationProblem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { maskPersonal } from '../../platform/personal-data.js';
import * as exchange from '../exchange/service.js';
import * as identity from '../identity/service.js';
import * as licences from '../licences/service.js';
import * as reference from '../reference/service.js';
import * as sharing from '../sharing/service.js';
import { applicationFiles, applications, applicationSupplies } from './schema.js';
import { openForm, sealForm, type MaterialTerm } from './forms.js';

type Row = typeof applications.$inferSelect;
type SupplyRow = typeof applicationSupplies.$inferSelect;

export interface SupplyDeps {
  db: Db;
  identity: identity.IdentityDeps;
  timeZone: string;
  exchange: exchange.ExchangeDeps;
}

/** The client id logged for the applications module's reads through the gateway. */
export const APPLICATIONS_CLIENT = 'internal:applications';

/** Why something cannot be supplied. */
export type Unavailable =
  | 'level-required' // the person's ID number is not verified (level 3)
  | 'enterprise-required' // the material is an enterprise's, the application is a person's
  | 'no-licence' // no valid licence of the type is held
  | 'unknown-licence-type' // the node does not know the licence type
  | 'unknown-resource' // no published resource of that code
  | GrantRefusal // the handling organisation's grant
  | 'not-found' // the provider has no record of the applicant
  | 'provider-error'; // the provider or the gateway failed

export interface SupplyOffer {
  material: string;
  materialName: string;
  kind: 'licence' | 'shared';
  /** the licence type's or the resource's code and name */
  source: { code: string; name: string };
  provider: { id: string; name: string } | null;
  state: 'available' | 'supplied' | 'unavailable';
  reason: Unavailable | null;
  licence: { identifier: string; number: string; issueDate: string; validTo: string | null } | null;
}

export interface PrefillOffer {
  resource: { code: string; name: string };
  provider: { id: string; name: string } | null;
  /** the form fields it fills */
  fields: string[];
  state: 'available' | 'unavailable';
  reason: Unavailable | null;
}

export interface SupplyPlan {
  materials: SupplyOffer[];
  prefill: PrefillOffer[];
}

interface Keys {
  idNumber: string | null;
  uscc: string | null;
  /** the applicant person's ID number exists but is not verified */
  personUnverified: boolean;
}

async function keysOf(deps: SupplyDeps, db: Executor, row: Row): Promise<Keys> {
  const scoped = { ...deps.identity, db: db as Db };
  const claims = await identity.accountClaims(scoped, row.applicantAccountId);
  const verified = !!claims?.idNumber && claims.level >= 3;
  const enterprise = row.enterpriseId ? await identity.enterpriseFacts(scoped, row.enterpriseId) : undefined;
  return { idNumber: verified ? claims!.idNumber! : null, uscc: enterprise?.uscc ?? null, personUnverified: !!claims?.idNumber && !verified };
}

function keyProblem(keys: Keys, key: SupplyKey): Unavailable | null {
  if (key === 'uscc') return keys.uscc ? null : 'enterprise-required';
  return keys.idNumber ? null : 'level-required';
}

const resourceInfo = async (db: Executor, code: string) =>
  sharing.getResource(db, { system: APPLICATIONS_CLIENT }, code).then(
    (r) => (r.status === 'published' ? r : null),
    () => null,
  );

async function suppliesOf(db: Executor, applicationId: string): Promise<SupplyRow[]> {
  return db.select().from(applicationSupplies).where(eq(applicationSupplies.applicationId, applicationId)).orderBy(asc(applicationSupplies.createdAt));
}

/** The fields of the form that shared data prefills (in the form's order), grouped by resource and key. */
function sharedFields(form: FormDefinition): Map<string, { prefill: SharedPrefill; fields: string[] }> {
  const groups = new Map<string, { prefill: SharedPrefill; fields: string[] }>();
  for (const [name, field] of orderedFields(form)) {
    const shared = field['x-shared'];
    if (!shared) continue;
    const id = `${shared.resource} ${shared.key}`;
    const g = groups.get(id) ?? { prefill: shared, fields: [] };
    g.fields.push(name);
    groups.set(id, g);
  }
  return groups;
}

/** What can be supplied to the application now, and what already was. */
export async function planOf(deps: SupplyDeps, db: Executor, row: Row, now = new Date()): Promise<SupplyPlan> {
  return planWith(deps, db, row, await keysOf(deps, db, row), now);
}

async function planWith(deps: SupplyDeps, db: Executor, row: Row, keys: Keys, now: Date): Promise<SupplyPlan> {
  const supplied = new Map((await suppliesOf(db, row.id)).map((s) => [s.materialCode, s]));
  const today = dateInZone(now, deps.timeZone);
  const orgName = async (id: string) => ({ id, name: (await reference.findOrganisationById(db, id))?.name ?? '' });
  const materials: SupplyOffer[] = [];
  for (const m of row.materials as MaterialTerm[]) {
    if (!m.supply) continue;
    const done = supplied.get(m.code);
    const base = { material: m.code, materialName: m.name };
    if (m.supply.kind === 'licence') {
      const typeName = await licences.licenceTypeName(db, m.supply.licenceType);
      const offer: SupplyOffer = { ...base, kind: 'licence', source: { code: m.supply.licenceType, name: typeName ?? m.name }, provider: null, state: 'unavailable', reason: null, licence: null };
      if (done) {
        Object.assign(offer, { state: 'supplied', provider: await orgName(done.providerOrgId), licence: null });
      } else if (!typeName) {
        offer.reason = 'unknown-licence-type';
      } else {
        const holder: licences.LicenceHolder | null = row.enterpriseId ? (keys.uscc ? { kind: 'enterprise', uscc: keys.uscc } : null) : keys.idNumber ? { kind: 'person', idNumber: keys.idNumber } : null;
        const held = holder ? await licences.validLicenceOf(db, deps.identity.indexKey, m.supply.licenceType, holder, today) : null;
        if (!holder) offer.reason = row.enterpriseId ? 'enterprise-required' : 'level-required';
        else if (!held) offer.reason = 'no-licence';
        else Object.assign(offer, { state: 'available', provider: { id: held.issuerOrgId, name: held.issuer }, licence: { identifier: held.identifier, number: held.number, issueDate: held.issueDate, validTo: held.validTo } });
      }
      materials.push(offer);
    } else {
      materials.push(await resourceOffer(db, row, keys, m, m.supply, done, now));
    }
  }
  const prefill: PrefillOffer[] = [];
  for (const { prefill: p, fields } of sharedFields(row.formDefinition as FormDefinition).values()) {
    const resource = await resourceInfo(db, p.resource);
    const offer: PrefillOffer = { resource: { code: p.resource, name: resource?.name ?? p.resource }, provider: resource ? { id: resource.provider.id, name: resource.provider.name } : null, fields, state: 'unavailable', reason: null };
    offer.reason = !resource ? 'unknown-resource' : keyProblem(keys, p.key) ?? (await grantProblem(db, row, p.resource, fields.map((f) => (row.formDefinition as FormDefinition).properties[f]!['x-shared']!.field), now));
    if (!offer.reason) offer.state = 'available';
    prefill.push(offer);
  }
  return { materials, prefill };
}

async function grantProblem(db: Executor, row: Row, resource: string, fields: string[], now: Date): Promise<Unavailable | null> {
  const check = await sharing.checkGrant(db, { consumerOrgId: row.handlingOrgId, resourceCode: resource, fields, purpose: SUPPLY_PURPOSE, at: now });
  return check.ok ? null : check.reason;
}

async function resourceOffer(db: Executor, row: Row, keys: Keys, m: MaterialTerm, supply: Extract<MaterialSupply, { kind: 'resource' }>, done: SupplyRow | undefined, now: Date): Promise<SupplyOffer> {
  const resource = await resourceInfo(db, supply.resource);
  const offer: SupplyOffer = {
    material: m.code,
    materialName: m.name,
    kind: 'shared',
    source: { code: supply.resource, name: resource?.name ?? supply.resource },
    provider: resource ? { id: resource.provider.id, name: resource.provider.name } : null,
    state: 'unavailable',
    reason: null,
    licence: null,
  };
  if (done) return { ...offer, state: 'supplied' };
  offer.reason = !resource ? 'unknown-resource' : keyProblem(keys, supply.key) ?? (await grantProblem(db, row, supply.resource, supply.fields, now));
  if (!offer.reason) offer.state = 'available';
  return offer;
}

// ---------------------------------------------------------------- consent

export interface SupplyInput {
  /** the materials to supply (codes); absent: every available one */
  materials?: string[] | undefined;
  /** prefill the form's shared-data fields that are still empty */
  prefill: boolean;
}

export interface SupplyOutcome {
  supplied: string[];
  prefilled: string[];
  failed: { material: string | null; resource: string | null; reason: Unavailable }[];
}

const REASON_OF: Record<number, Unavailable> = { 404: 'not-found', 502: 'provider-error', 503: 'provider-error' };

interface Read {
  exchangeId: string;
  digest: string;
  data: Record<string, unknown>;
  providerOrgId: string;
}

/**
 * The applicant consents: the available materials are supplied and the shared fields prefilled.
 * Answers what was done and what failed (with the reason); audited with the application's version.
 */
export async function supply(deps: SupplyDeps, actor: Actor, id: string, input: SupplyInput, expectedVersion: number | undefined, now = new Date()): Promise<SupplyOutcome> {
  const row = await draftOf(deps.db, actor.accountId, id);
  if (expectedVersion !== undefined && expectedVersion !== row.version) throw stale(row.version);
  const keys = await keysOf(deps, deps.db, row);
  const plan = await planWith(deps, deps.db, row, keys, now);
  const known = new Set(plan.materials.map((o) => o.material));
  input.materials?.forEach((code, i) => {
    if (!known.has(code)) throw validationProblem([{ pointer: `/body/materials/${i}`, code: 'application.materialNotSuppliable' }]);
  });
  const wanted = plan.materials.filter((o) => o.state === 'available' && (!input.materials || input.materials.includes(o.material)));
  const failed: SupplyOutcome['failed'] = plan.materials
    .filter((o) => o.state === 'unavailable' && input.materials?.includes(o.material))
    .map((o) => ({ material: o.material, resource: o.kind === 'shared' ? o.source.code : null, reason: o.reason! }));
  const form = row.formDefinition as FormDefinition;

  // one read per resource and key, with the fields of every material and form field it serves
  const reads = new Map<string, { resource: string; key: SupplyKey; fields: Set<string> }>();
  const want = (resource: string, key: SupplyKey, fields: string[]) => {
    const k = `${resource} ${key}`;
    const r = reads.get(k) ?? { resource, key, fields: new Set<string>() };
    fields.forEach((f) => r.fields.add(f));
    reads.set(k, r);
  };
  for (const o of wanted) {
    const s = (row.materials as MaterialTerm[]).find((m) => m.code === o.material)!.supply!;
    if (s.kind === 'resource') want(s.resource, s.key, s.fields);
  }
  const prefillGroups = input.prefill ? [...sharedFields(form).values()] : [];
  const prefillOffers = new Map(plan.prefill.map((p) => [p.resource.code, p]));
  for (const g of prefillGroups) {
    const offer = prefillOffers.get(g.prefill.resource);
    if (offer?.state !== 'available') {
      failed.push({ material: null, resource: g.prefill.resource, reason: offer?.reason ?? 'unknown-resource' });
      continue;
    }
    want(g.prefill.resource, g.prefill.key, g.fields.map((f) => form.properties[f]!['x-shared']!.field));
  }
  const results = new Map<string, Read | Unavailable>();
  const consumer: exchange.Consumer = { clientId: APPLICATIONS_CLIENT, organisationId: row.handlingOrgId, regionCode: row.regionCode };
  for (const [k, r] of reads) {
    const value = r.key === 'uscc' ? keys.uscc : keys.idNumber;
    if (!value) {
      results.set(k, keyProblem(keys, r.key)!);
      continue;
    }
    try {
      const { exchangeId, body } = await exchange.query(deps.exchange, consumer, { resourceCode: r.resource, purpose: SUPPLY_PURPOSE, fields: [...r.fields], key: { [r.key]: value } }, now);
      const parsed = JSON.parse(body) as { data: Record<string, unknown> };
      const resource = await resourceInfo(deps.db, r.resource);
      results.set(k, { exchangeId, digest: exchange.digestOf(body), data: parsed.data, providerOrgId: resource!.provider.id });
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      results.set(k, (err.extensions.reason as Unavailable | undefined) ?? REASON_OF[err.status] ?? 'provider-error');
    }
  }

  return deps.db.transaction(async (tx) => {
    const locked = await draftOf(tx, actor.accountId, id, true);
    if (locked.version !== row.version) throw stale(locked.version);
    const already = new Set((await suppliesOf(tx, id)).map((s) => s.materialCode));
    const supplied: string[] = [];
    const today = dateInZone(now, deps.timeZone);
    const walletDeps = walletIn(deps, tx);
    for (const o of wanted) {
      if (already.has(o.material)) continue;
      const s = (row.materials as MaterialTerm[]).find((m) => m.code === o.material)!.supply!;
      const base = { id: newId(), applicationId: id, materialCode: o.material, sourceName: o.source.name, trustLevel: 'A', suppliedBy: actor.accountId, createdAt: now };
      if (s.kind === 'licence') {
        const l = o.licence!;
        const held = await licences.validLicenceOf(tx, deps.identity.indexKey, s.licenceType, locked.enterpriseId ? { kind: 'enterprise', uscc: keys.uscc! } : { kind: 'person', idNumber: keys.idNumber! }, today);
        if (!held || held.identifier !== l.identifier) {
          failed.push({ material: o.material, resource: null, reason: 'no-licence' });
          continue;
        }
        // the holder's consent is an authorisation of use for this application, listed in the wallet
        const auth = await licences.grantAuthorisation(tx, walletDeps, actor, held.identifier, { granteeKind: 'application', granteeId: id, purpose: `${locked.itemName}（${locked.number}）材料免提交`, validUntil: licences.addYears(today, 1) }, now);
        await tx.insert(applicationSupplies).values({ ...base, kind: 'licence', sourceRef: held.identifier, providerOrgId: held.issuerOrgId, digest: held.digest, authorisationId: auth.id });
      } else {
        const read = results.get(`${s.resource} ${s.key}`);
        if (!read || typeof read === 'string') {
          failed.push({ material: o.material, resource: s.resource, reason: read ?? 'provider-error' });
          continue;
        }
        const data = Object.fromEntries(s.fields.map((f) => [f, read.data[f] ?? null]));
        await tx.insert(applicationSupplies).values({
          ...base,
          kind: 'shared',
          sourceRef: s.resource,
          providerOrgId: read.providerOrgId,
          digest: read.digest,
          exchangeId: read.exchangeId,
          dataCipher: deps.identity.keyring.encrypt(JSON.stringify(data), supplyContext(id, o.material)),
        });
      }
      supplied.push(o.material);
    }
    // prefill: only the fields still empty (the applicant's own entries stay)
    const values = openForm(deps.identity.keyring, locked);
    const prefilled: string[] = [];
    for (const g of prefillGroups) {
      const read = results.get(`${g.prefill.resource} ${g.prefill.key}`);
      if (!read) continue;
      if (typeof read === 'string') {
        failed.push({ material: null, resource: g.prefill.resource, reason: read });
        continue;
      }
      for (const f of g.fields) {
        const v = read.data[form.properties[f]!['x-shared']!.field];
        const empty = values[f] === undefined || values[f] === null || values[f] === '';
        if (empty && v !== null && v !== undefined && v !== '') {
          values[f] = String(v);
          prefilled.push(f);
        }
      }
    }
    const all = await suppliesOf(tx, id);
    const savings = savingsOf(all, locked.channel as 'online' | 'window');
    const changed = supplied.length > 0 || prefilled.length > 0;
    await tx
      .update(applications)
      .set({ ...savings, ...(prefilled.length ? { form: {}, formCipher: sealForm(deps.identity.keyring, id, values) } : {}), ...(changed ? { version: locked.version + 1, updatedAt: now } : {}) })
      .where(eq(applications.id, id));
    await appendAudit(tx, {
      actor: actor.accountId,
      action: 'application.supply',
      entityType: 'application',
      entityId: id,
      regionCode: locked.regionCode,
      ownerOrgId: locked.handlingOrgId,
      detail: {
        number: locked.number,
        version: changed ? locked.version + 1 : locked.version,
        supplied,
        prefilled,
        exchanges: [...results.values()].flatMap((r) => (typeof r === 'string' ? [] : [r.exchangeId])),
        failed: failed.map((f) => `${f.material ?? f.resource}:${f.reason}`),
      },
    });
    return { supplied, prefilled, failed };
  });
}

/** The applicant withdraws a supplied material (then uploads it instead); the licence authorisation is revoked. */
export async function withdrawSupply(tx: Tx, deps: SupplyDeps, actor: Actor, id: string, materialCode: string, expectedVersion: number | undefined, now = new Date()): Promise<void> {
  const row = await draftOf(tx, actor.accountId, id, true);
  if (expectedVersion !== undefined && expectedVersion !== row.version) throw stale(row.version);
  const [s] = await tx.select().from(applicationSupplies).where(and(eq(applicationSupplies.applicationId, id), eq(applicationSupplies.materialCode, materialCode)));
  if (!s) throw notFound('problem.supplyNotFound');
  if (s.kind === 'licence' && s.authorisationId) {
    const walletDeps = walletIn(deps, tx);
    await licences.revokeAuthorisation(tx, walletDeps, actor, s.sourceRef, s.authorisationId, now).catch((err: unknown) => {
      // already revoked by the holder in the wallet: nothing left to revoke
      if (!(err instanceof ProblemError && err.status === 409)) throw err;
    });
  }
  await tx.delete(applicationSupplies).where(eq(applicationSupplies.id, s.id));
  const savings = savingsOf(await suppliesOf(tx, id), row.channel as 'online' | 'window');
  await tx.update(applications).set({ ...savings, version: row.version + 1, updatedAt: now }).where(eq(applications.id, id));
  await appendAudit(tx, { actor: actor.accountId, action: 'application.supply.withdraw', entityType: 'application', entityId: id, regionCode: row.regionCode, ownerOrgId: row.handlingOrgId, detail: { number: row.number, version: row.version + 1, material: materialCode, kind: s.kind, source: s.sourceRef } });
}

/** The wallet's dependencies, reading and writing through the transaction. */
const walletIn = (deps: SupplyDeps, tx: Tx): licences.WalletDeps => {
  const db = tx as unknown as Db;
  return { db, keyring: deps.identity.keyring, indexKey: deps.identity.indexKey, timeZone: deps.timeZone, identity: { ...deps.identity, db } };
};

const supplyContext = (applicationId: string, materialCode: string) => `application-supply:${applicationId}:${materialCode}`;
const stale = (version: number) => new ProblemError(412, 'precondition-failed', 'problem.staleApplication', [], 'problem.staleApplication.detail', { version });

async function draftOf(db: Executor, accountId: string, id: string, forUpdate = false): Promise<Row> {
  const q = db.select().from(applications).where(eq(applications.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  if (!row || row.applicantAccountId !== accountId) throw notFound('problem.applicationNotFound');
  if (row.status !== 'draft') throw conflict('problem.applicationNotDraft', { status: row.status });
  return row;
}

// ---------------------------------------------------------------- what each side sees

export interface SupplyView {
  material: string;
  kind: 'licence' | 'shared';
  sourceRef: string;
  sourceName: string;
  provider: { id: string; name: string };
  trustLevel: MaterialTrustLevel;
  digest: string;
  exchangeId: string | null;
  /** the record's granted fields (shared data), personal numbers and a person's name masked */
  data: Record<string, unknown> | null;
  /** the resource's names of those fields */
  fieldNames: Record<string, string>;
  createdAt: string;
}

/** Masks the personal data of a shared record for display (ID and phone numbers; a person's name). */
function maskRecord(data: Record<string, unknown>, personRecord: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (typeof v !== 'string' || !v) out[k] = v;
    else if (/idnumber/i.test(k)) out[k] = maskPersonal('idNumber', v);
    else if (/phone/i.test(k)) out[k] = maskPersonal('phone', v);
    else if (personRecord && k === 'name') out[k] = maskPersonal('name', v);
    else out[k] = v;
  }
  return out;
}

export interface MaterialState {
  code: string;
  provenance: MaterialProvenance;
  trustLevel: MaterialTrustLevel | null;
}

/** The supplied materials of an application, and the provenance and trust level of every material. */
export async function suppliedView(db: Executor, keyring: identity.IdentityDeps['keyring'], row: Row, files?: { kind: string; materialCode: string | null; uploaderKind: string }[]) {
  const rows = await suppliesOf(db, row.id);
  const names = await reference.organisationNames(db, [...new Set(rows.map((s) => s.providerOrgId))]);
  const terms = new Map((row.materials as MaterialTerm[]).map((m) => [m.code, m]));
  const supplies: SupplyView[] = [];
  for (const s of rows) {
    const supply = terms.get(s.materialCode)?.supply;
    const resource = s.kind === 'shared' ? await resourceInfo(db, s.sourceRef) : null;
    const data = s.dataCipher ? (JSON.parse(keyring.decrypt(s.dataCipher, supplyContext(row.id, s.materialCode))) as Record<string, unknown>) : null;
    supplies.push({
      material: s.materialCode,
      kind: s.kind as SupplyView['kind'],
      sourceRef: s.sourceRef,
      sourceName: s.sourceName,
      provider: { id: s.providerOrgId, name: names.get(s.providerOrgId) ?? '' },
      trustLevel: s.trustLevel as MaterialTrustLevel,
      digest: s.digest,
      exchangeId: s.exchangeId,
      data: data ? maskRecord(data, supply?.kind === 'resource' && supply.key === 'idNumber') : null,
      fieldNames: Object.fromEntries((resource?.fields ?? []).map((f) => [f.key, f.name])),
      createdAt: s.createdAt.toISOString(),
    });
  }
  const materialFiles = files ?? (await db.select({ kind: applicationFiles.kind, materialCode: applicationFiles.materialCode, uploaderKind: applicationFiles.uploaderKind }).from(applicationFiles).where(eq(applicationFiles.applicationId, row.id)));
  const byMaterial = new Map(supplies.map((s) => [s.material, s.kind]));
  const replaced = new Set(row.commitmentSignedAt ? ((row.commitment as { replacesMaterials?: string[] } | null)?.replacesMaterials ?? []) : []);
  const materialStates: MaterialState[] = (row.materials as MaterialTerm[]).map((m) => {
    const uploadedBy = materialFiles.filter((f) => f.kind === 'material' && f.materialCode === m.code).map((f) => f.uploaderKind as 'applicant' | 'staff');
    const provenance = provenanceOf(m, { supplied: byMaterial.get(m.code), uploadedBy, replacedByCommitment: replaced.has(m.code) });
    return { code: m.code, provenance, trustLevel: trustOf(provenance) };
  });
  return { supplies, materialStates, materialsSaved: row.materialsSaved, tripsSaved: row.tripsSaved };
}

/** The codes of the materials supplied to an application (submission counts them as handed in). */
export async function suppliedCodes(db: Executor, applicationId: string): Promise<Set<string>> {
  return new Set((await suppliesOf(db, applicationId)).map((s) => s.materialCode));
}

/** The savings of an application as its submission records them. */
export async function savingsAtSubmission(db: Executor, row: Pick<Row, 'id' | 'channel'>) {
  return savingsOf(await suppliesOf(db, row.id), row.channel as 'online' | 'window');
}
