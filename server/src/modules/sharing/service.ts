/**
 * Data sharing use cases: the resource catalogue (draft → published → withdrawn), access requests
 * (无条件共享 granted at once; 有条件共享 answered by the provider within N working days; 不予共享
 * refused), grants (scoped to consumer, resource, fields and purpose; expiring; revocable), and
 * `checkGrant`, the rule the exchange gateway applies to every access.
 *
 * Who may act: a resource and its requests are managed for the provider by its org_admin or by a
 * data_steward of its region; a request is made for the consumer the same way. Every state change
 * writes its audit entry in the same transaction.
 */
import {
  dateInZone, decideAccess, normalizePurpose, type AccessRequestInput, type AccessRequestView, type ApproveRequestInput, type GrantListQuery,
  type GrantRefusal, type GrantView, type RequestListQuery, type ResourceField, type ResourceInput, type ResourceListQuery, type ResourceView,
  type SharingOrganisation, type WorkingCalendar,
} from '@onewindow/domain';
import { and, asc, count, desc, eq, gt, gte, ilike, inArray, isNull, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Executor, Tx } from '../../platform/db.js';
import { appendAudit } from '../../platform/audit.js';
import { holdsRole, forbidden, type Actor } from '../../platform/auth.js';
import { ProblemError, conflict, notFound, validationProblem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import * as reference from '../reference/service.js';
import { endOfDayInZone as endOfDayIso, isProvisional, provisionalCalendar } from '../applications/service.js';
import { sharingGrants, sharingRequests, sharingResources } from './schema.js';

export interface SharingDeps {
  calendar: WorkingCalendar;
  timeZone: string;
  /** working days the provider has to answer a conditional request */
  answerWorkingDays: number;
}

/** A signed-in staff member, or the node itself (demo data, imports): no scope check. */
export type Caller = Actor | { system: string };
const callerId = (c: Caller) => ('system' in c ? c.system : c.accountId);

type ResourceRow = typeof sharingResources.$inferSelect;
type RequestRow = typeof sharingRequests.$inferSelect;
type GrantRow = typeof sharingGrants.$inferSelect;
type OrgRow = NonNullable<Awaited<ReturnType<typeof reference.findOrganisationById>>>;

// ---------------------------------------------------------------- scope

/** Does the caller act for the organisation (its org_admin, or a data steward of its region)? */
export function actsFor(caller: Caller, org: { id: string; regionCode: string }): boolean {
  if ('system' in caller) return true;
  return holdsRole(caller, 'org_admin', { organisationId: org.id }) || holdsRole(caller, 'data_steward', { regionCode: org.regionCode });
}

function requireActsFor(caller: Caller, org: { id: string; regionCode: string }) {
  if (!actsFor(caller, org)) throw forbidden();
}

/** GB/T 2260 prefix of everything a region covers: 33 for 330000, 3301 for 330100. */
const regionPrefix = (code: string) => (code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code);

/** SQL: the organisation column is one the caller acts for (false for nobody). */
function actsForSql(caller: Caller, orgCol: PgColumn, regionCol: PgColumn): SQL {
  if ('system' in caller) return sql`true`;
  const orgIds = caller.roles.filter((g) => g.role === 'org_admin' && g.organisationId).map((g) => g.organisationId!);
  const prefixes = caller.roles.filter((g) => g.role === 'data_steward').map((g) => regionPrefix(g.regionCode));
  const parts: SQL[] = [];
  if (orgIds.length) parts.push(inArray(orgCol, orgIds));
  for (const p of prefixes) parts.push(p.length === 6 ? eq(regionCol, p) : like(regionCol, `${p}%`));
  return parts.length ? or(...parts)! : sql`false`;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

// ---------------------------------------------------------------- time

/** The last instant of `date` in `timeZone`, e.g. 2026-12-01 → 2026-12-01T15:59:59.999Z in Asia/Shanghai. */
export const endOfDayInZone = (date: string, timeZone: string): Date => new Date(endOfDayIso(date, timeZone));

const isOverdue = (r: Pick<RequestRow, 'status' | 'dueDate'>, today: string) => r.status === 'pending' && r.dueDate !== null && today > r.dueDate;

// ---------------------------------------------------------------- views

async function orgMap(db: Executor, ids: Iterable<string>): Promise<Map<string, SharingOrganisation>> {
  const map = new Map<string, SharingOrganisation>();
  for (const id of new Set(ids)) {
    const org = await reference.findOrganisationById(db, id);
    if (org) map.set(id, { id: org.id, uscc: org.uscc, name: org.name, regionCode: org.regionCode });
  }
  return map;
}

function resourceView(r: ResourceRow, orgs: Map<string, SharingOrganisation>): ResourceView {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    classification: r.classification,
    provider: orgs.get(r.providerOrgId)!,
    summary: r.summary,
    format: r.format,
    fields: r.fields as ResourceField[],
    sharingType: r.sharingType as ResourceView['sharingType'],
    sharingCondition: r.sharingCondition,
    legalBasis: r.legalBasis,
    method: r.method as ResourceView['method'],
    openData: r.openData as ResourceView['openData'],
    updateCycle: r.updateCycle as ResourceView['updateCycle'],
    status: r.status as ResourceView['status'],
    publishDate: r.publishDate,
    withdrawal: r.withdrawnAt ? { reason: r.withdrawnReason ?? '', at: r.withdrawnAt.toISOString() } : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

async function resourceNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: sharingResources.id, name: sharingResources.name }).from(sharingResources).where(inArray(sharingResources.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function requestViews(db: Executor, rows: RequestRow[], today: string): Promise<AccessRequestView[]> {
  const orgs = await orgMap(db, rows.flatMap((r) => [r.providerOrgId, r.consumerOrgId]));
  const names = await resourceNames(db, rows.map((r) => r.resourceId));
  return rows.map((r) => ({
    id: r.id,
    resourceCode: r.resourceCode,
    resourceName: names.get(r.resourceId) ?? '',
    sharingType: r.sharingType as AccessRequestView['sharingType'],
    provider: orgs.get(r.providerOrgId)!,
    consumer: orgs.get(r.consumerOrgId)!,
    fields: r.fields as string[],
    purpose: r.purpose,
    legalBasis: r.legalBasis,
    until: r.until,
    status: r.status as AccessRequestView['status'],
    automatic: r.automatic,
    dueDate: r.dueDate,
    overdue: isOverdue(r, today),
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    answeredBy: r.answeredBy,
    answeredAt: r.answeredAt?.toISOString() ?? null,
    opinion: r.opinion,
    refusalReason: r.refusalReason,
    grantId: r.grantId,
  }));
}

const grantState = (g: Pick<GrantRow, 'revokedAt' | 'expiresAt'>, now: Date): GrantView['state'] =>
  g.revokedAt && g.revokedAt.getTime() <= now.getTime() ? 'revoked' : g.expiresAt.getTime() < now.getTime() ? 'expired' : 'active';

async function grantViews(db: Executor, rows: GrantRow[], now: Date): Promise<GrantView[]> {
  const orgs = await orgMap(db, rows.flatMap((r) => [r.providerOrgId, r.consumerOrgId]));
  const names = await resourceNames(db, rows.map((r) => r.resourceId));
  return rows.map((g) => ({
    id: g.id,
    requestId: g.requestId,
    resourceCode: g.resourceCode,
    resourceName: names.get(g.resourceId) ?? '',
    provider: orgs.get(g.providerOrgId)!,
    consumer: orgs.get(g.consumerOrgId)!,
    fields: g.fields as string[],
    purpose: g.purpose,
    validUntil: g.validUntil,
    expiresAt: g.expiresAt.toISOString(),
    state: grantState(g, now),
    automatic: g.automatic,
    grantedBy: g.grantedBy,
    grantedAt: g.grantedAt.toISOString(),
    revocation: g.revokedAt ? { reason: g.revokedReason ?? '', at: g.revokedAt.toISOString(), by: g.revokedBy ?? '' } : null,
  }));
}

// ---------------------------------------------------------------- resources

async function findResource(db: Executor, code: string, forUpdate = false): Promise<ResourceRow | undefined> {
  const q = db.select().from(sharingResources).where(eq(sharingResources.code, code));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

async function providerOf(db: Executor, uscc: string): Promise<OrgRow> {
  const org = await reference.findOrganisationByUscc(db, uscc);
  if (!org) throw validationProblem([{ pointer: '/body/providerUscc', code: 'sharing.organisationUnknown' }]);
  return org;
}

async function oneResourceView(db: Executor, row: ResourceRow): Promise<ResourceView> {
  return resourceView(row, await orgMap(db, [row.providerOrgId]));
}

const metadata = (input: ResourceInput) => ({
  name: input.name,
  classification: input.classification,
  summary: input.summary,
  format: input.format,
  fields: input.fields,
  sharingType: input.sharingType,
  sharingCondition: input.sharingCondition ?? null,
  legalBasis: input.legalBasis ?? null,
  method: input.method,
  openData: input.openData,
  updateCycle: input.updateCycle,
});

/** Whether the catalogue has any resource (the demo data is loaded into an empty one). */
export async function hasResources(db: Executor): Promise<boolean> {
  const [row] = await db.select({ id: sharingResources.id }).from(sharingResources).limit(1);
  return row !== undefined;
}

/** Registers a resource (draft) for its provider. */
export async function registerResource(tx: Tx, caller: Caller, input: ResourceInput): Promise<ResourceView> {
  const org = await providerOf(tx, input.providerUscc);
  requireActsFor(caller, org);
  if (await findResource(tx, input.code)) throw conflict('problem.resourceExists');
  const now = new Date();
  const id = newId();
  await tx.insert(sharingResources).values({
    id,
    code: input.code,
    providerOrgId: org.id,
    providerUscc: org.uscc,
    regionCode: org.regionCode,
    ...metadata(input),
    status: 'draft',
    createdBy: callerId(caller),
    createdAt: now,
    updatedAt: now,
  });
  await appendAudit(tx, { actor: callerId(caller), action: 'sharing.resource.register', entityType: 'sharing_resource', entityId: input.code, regionCode: org.regionCode, ownerOrgId: org.id, detail: { name: input.name, sharingType: input.sharingType } });
  return oneResourceView(tx, (await findResource(tx, input.code))!);
}

async function lockManagedResource(tx: Tx, caller: Caller, code: string): Promise<ResourceRow> {
  const row = await findResource(tx, code, true);
  if (!row) throw notFound('problem.resourceNotFound');
  requireActsFor(caller, { id: row.providerOrgId, regionCode: row.regionCode });
  return row;
}

/** Edits a resource's metadata (its code and provider stay). */
export async function updateResource(tx: Tx, caller: Caller, code: string, input: ResourceInput): Promise<ResourceView> {
  if (input.code !== code) throw validationProblem([{ pointer: '/body/code', code: 'sharing.codeChange' }]);
  const row = await lockManagedResource(tx, caller, code);
  if (input.providerUscc !== row.providerUscc) throw validationProblem([{ pointer: '/body/providerUscc', code: 'sharing.providerChange' }]);
  const now = new Date();
  await tx.update(sharingResources).set({ ...metadata(input), updatedAt: now }).where(eq(sharingResources.id, row.id));
  await appendAudit(tx, { actor: callerId(caller), action: 'sharing.resource.update', entityType: 'sharing_resource', entityId: code, regionCode: row.regionCode, ownerOrgId: row.providerOrgId, detail: { status: row.status, sharingType: input.sharingType } });
  return oneResourceView(tx, (await findResource(tx, code))!);
}

/** Publishes a draft (or republishes a withdrawn resource); the publish date is the first publication's. */
export async function publishResource(tx: Tx, deps: Pick<SharingDeps, 'timeZone'>, caller: Caller, code: string): Promise<ResourceView> {
  const row = await lockManagedResource(tx, caller, code);
  if (row.status === 'published') throw conflict('problem.resourceAlreadyPublished');
  const now = new Date();
  await tx
    .update(sharingResources)
    .set({ status: 'published', publishDate: row.publishDate ?? dateInZone(now, deps.timeZone), withdrawnAt: null, withdrawnReason: null, updatedAt: now })
    .where(eq(sharingResources.id, row.id));
  await appendAudit(tx, { actor: callerId(caller), action: 'sharing.resource.publish', entityType: 'sharing_resource', entityId: code, regionCode: row.regionCode, ownerOrgId: row.providerOrgId, detail: { from: row.status } });
  return oneResourceView(tx, (await findResource(tx, code))!);
}

/** Withdraws a published resource from the catalogue: no new requests; existing grants stay until revoked or expired. */
export async function withdrawResource(tx: Tx, caller: Caller, code: string, reason: string): Promise<ResourceView> {
  const row = await lockManagedResource(tx, caller, code);
  if (row.status !== 'published') throw conflict('problem.resourceNotPublished', { status: row.status });
  const now = new Date();
  await tx.update(sharingResources).set({ status: 'withdrawn', withdrawnAt: now, withdrawnReason: reason, updatedAt: now }).where(eq(sharingResources.id, row.id));
  await appendAudit(tx, { actor: callerId(caller), action: 'sharing.resource.withdraw', entityType: 'sharing_resource', entityId: code, regionCode: row.regionCode, ownerOrgId: row.providerOrgId, detail: { reason } });
  return oneResourceView(tx, (await findResource(tx, code))!);
}

/** A resource: published ones to every staff member, drafts and withdrawn ones to their managers only. */
export async function getResource(db: Executor, caller: Caller, code: string): Promise<ResourceView> {
  const row = await findResource(db, code);
  if (!row || (row.status !== 'published' && !actsFor(caller, { id: row.providerOrgId, regionCode: row.regionCode }))) throw notFound('problem.resourceNotFound');
  return oneResourceView(db, row);
}

/** The catalogue: published resources (search and filters); other states only among those the caller manages. */
export async function listResources(db: Executor, caller: Caller, q: ResourceListQuery) {
  const status = q.status ?? 'published';
  const conds: SQL[] = [eq(sharingResources.status, status)];
  if (status !== 'published') conds.push(actsForSql(caller, sharingResources.providerOrgId, sharingResources.regionCode));
  if (q.sharingType) conds.push(eq(sharingResources.sharingType, q.sharingType));
  if (q.provider) conds.push(eq(sharingResources.providerUscc, q.provider));
  if (q.q) {
    const p = `%${escapeLike(q.q)}%`;
    conds.push(or(ilike(sharingResources.name, p), ilike(sharingResources.code, p), ilike(sharingResources.classification, p), ilike(sharingResources.summary, p))!);
  }
  const where = and(...conds);
  const [total] = await db.select({ n: count() }).from(sharingResources).where(where);
  const rows = await db.select().from(sharingResources).where(where).orderBy(asc(sharingResources.classification), asc(sharingResources.code)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const orgs = await orgMap(db, rows.map((r) => r.providerOrgId));
  return { items: rows.map((r) => resourceView(r, orgs)), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

// ---------------------------------------------------------------- requests

async function findRequest(db: Executor, id: string, forUpdate = false): Promise<RequestRow | undefined> {
  const q = db.select().from(sharingRequests).where(eq(sharingRequests.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

/** The consuming organisation: named, or the one organisation the caller administers. */
async function consumerOf(db: Executor, caller: Caller, uscc: string | undefined): Promise<OrgRow> {
  if (uscc) {
    const org = await reference.findOrganisationByUscc(db, uscc);
    if (!org) throw validationProblem([{ pointer: '/body/consumerUscc', code: 'sharing.organisationUnknown' }]);
    return org;
  }
  const own = 'system' in caller ? [] : [...new Set(caller.roles.filter((g) => g.role === 'org_admin' && g.organisationId).map((g) => g.organisationId!))];
  if (own.length !== 1) throw validationProblem([{ pointer: '/body/consumerUscc', code: 'required' }]);
  return (await reference.findOrganisationById(db, own[0]!))!;
}

function unknownFields(asked: readonly string[], allowed: readonly string[], pointer: string) {
  const bad = asked.map((f, i) => [f, i] as const).filter(([f]) => !allowed.includes(f));
  if (bad.length) throw validationProblem(bad.map(([, i]) => ({ pointer: `${pointer}/${i}`, code: 'sharing.fieldOutside' })));
}

async function insertGrant(tx: Tx, deps: Pick<SharingDeps, 'timeZone'>, req: RequestRow, g: { fields: string[]; validUntil: string; automatic: boolean; by: string; now: Date }): Promise<string> {
  const id = newId();
  await tx.insert(sharingGrants).values({
    id,
    requestId: req.id,
    resourceId: req.resourceId,
    resourceCode: req.resourceCode,
    providerOrgId: req.providerOrgId,
    providerRegionCode: req.providerRegionCode,
    consumerOrgId: req.consumerOrgId,
    consumerRegionCode: req.consumerRegionCode,
    fields: g.fields,
    purpose: req.purpose,
    validUntil: g.validUntil,
    expiresAt: endOfDayInZone(g.validUntil, deps.timeZone),
    automatic: g.automatic,
    grantedBy: g.by,
    grantedAt: g.now,
  });
  await appendAudit(tx, {
    actor: g.by,
    action: 'sharing.grant.create',
    entityType: 'sharing_grant',
    entityId: id,
    regionCode: req.providerRegionCode,
    ownerOrgId: req.providerOrgId,
    detail: { requestId: req.id, resourceCode: req.resourceCode, consumerOrgId: req.consumerOrgId, fields: g.fields, purpose: req.purpose, validUntil: g.validUntil, automatic: g.automatic },
  });
  return id;
}

/**
 * A consuming organisation requests a resource. 无条件共享: granted at once (automatic, by the
 * system); 有条件共享: pending, due within the configured working days; 不予共享: 422.
 */
export async function createRequest(tx: Tx, deps: SharingDeps, caller: Caller, input: AccessRequestInput, now = new Date()): Promise<AccessRequestView> {
  const resource = await findResource(tx, input.resourceCode);
  if (!resource || resource.status === 'draft') throw notFound('problem.resourceNotFound');
  if (resource.status !== 'published') throw conflict('problem.resourceNotPublished', { status: resource.status });
  if (resource.sharingType === 'none') {
    throw new ProblemError(422, 'not-shareable', 'problem.resourceNotShareable', [], 'problem.resourceNotShareable.detail', { legalBasis: resource.legalBasis });
  }
  const consumer = await consumerOf(tx, caller, input.consumerUscc);
  requireActsFor(caller, consumer);
  if (consumer.id === resource.providerOrgId) throw new ProblemError(422, 'own-resource', 'problem.ownResource');
  const fields = [...new Set(input.fields)];
  unknownFields(fields, (resource.fields as ResourceField[]).map((f) => f.key), '/body/fields');
  const today = dateInZone(now, deps.timeZone);
  if (input.until < today) throw validationProblem([{ pointer: '/body/until', code: 'sharing.untilPast' }]);

  const automatic = resource.sharingType === 'unconditional';
  let dueDate: string | null = null;
  if (!automatic) dueDate = provisionalCalendar(deps.calendar).addWorkingDays(today, deps.answerWorkingDays);
  const id = newId();
  const by = callerId(caller);
  const row: RequestRow = {
    id,
    resourceId: resource.id,
    resourceCode: resource.code,
    sharingType: resource.sharingType,
    providerOrgId: resource.providerOrgId,
    providerRegionCode: resource.regionCode,
    consumerOrgId: consumer.id,
    consumerRegionCode: consumer.regionCode,
    fields,
    purpose: normalizePurpose(input.purpose),
    legalBasis: input.legalBasis,
    until: input.until,
    status: 'pending',
    automatic,
    dueDate,
    dueDateProvisional: isProvisional(deps.calendar, dueDate),
    requestedBy: by,
    requestedAt: now,
    answeredBy: null,
    answeredAt: null,
    opinion: null,
    refusalReason: null,
    grantId: null,
  };
  await tx.insert(sharingRequests).values(row);
  await appendAudit(tx, {
    actor: by,
    action: 'sharing.request.create',
    entityType: 'sharing_request',
    entityId: id,
    regionCode: resource.regionCode,
    ownerOrgId: resource.providerOrgId,
    detail: { resourceCode: resource.code, consumerOrgId: consumer.id, fields, purpose: row.purpose, until: input.until, dueDate },
  });
  if (automatic) {
    const grantId = await insertGrant(tx, deps, row, { fields, validUntil: input.until, automatic: true, by: 'system', now });
    await tx.update(sharingRequests).set({ status: 'granted', grantId, answeredBy: 'system', answeredAt: now }).where(eq(sharingRequests.id, id));
    await appendAudit(tx, { actor: 'system', action: 'sharing.request.grant', entityType: 'sharing_request', entityId: id, regionCode: resource.regionCode, ownerOrgId: resource.providerOrgId, detail: { grantId, automatic: true } });
  }
  return (await requestViews(tx, [(await findRequest(tx, id))!], today))[0]!;
}

/** Locks a pending request for its provider's answer; the requester never answers their own request. */
async function lockForAnswer(tx: Tx, caller: Caller, id: string): Promise<RequestRow> {
  const req = await findRequest(tx, id, true);
  if (!req) throw notFound('problem.requestNotFound');
  // only the provider's side answers (the consumer's side sees the request, but does not answer it)
  requireActsFor(caller, { id: req.providerOrgId, regionCode: req.providerRegionCode });
  if (callerId(caller) === req.requestedBy) throw new ProblemError(403, 'own-request', 'problem.ownRequest');
  if (req.status !== 'pending') throw conflict('problem.requestAnswered', { status: req.status });
  return req;
}

/** The provider approves, with fields and validity no wider than requested. */
export async function approveRequest(tx: Tx, deps: SharingDeps, caller: Caller, id: string, input: ApproveRequestInput, now = new Date()): Promise<AccessRequestView> {
  const req = await lockForAnswer(tx, caller, id);
  const resource = (await findResource(tx, req.resourceCode))!;
  if (resource.status !== 'published') throw conflict('problem.resourceNotPublished', { status: resource.status });
  const fields = input.fields ? [...new Set(input.fields)] : (req.fields as string[]);
  unknownFields(fields, req.fields as string[], '/body/fields');
  // a field the provider removed from the resource since the request cannot be granted
  unknownFields(fields, (resource.fields as ResourceField[]).map((f) => f.key), '/body/fields');
  const today = dateInZone(now, deps.timeZone);
  const until = input.until ?? req.until;
  if (until > req.until) throw validationProblem([{ pointer: '/body/until', code: 'sharing.untilBeyondRequest' }]);
  if (until < today) throw validationProblem([{ pointer: '/body/until', code: 'sharing.untilPast' }]);
  const by = callerId(caller);
  const grantId = await insertGrant(tx, deps, req, { fields, validUntil: until, automatic: false, by, now });
  await tx.update(sharingRequests).set({ status: 'granted', grantId, answeredBy: by, answeredAt: now, opinion: input.opinion ?? null }).where(eq(sharingRequests.id, id));
  await appendAudit(tx, {
    actor: by,
    action: 'sharing.request.grant',
    entityType: 'sharing_request',
    entityId: id,
    regionCode: req.providerRegionCode,
    ownerOrgId: req.providerOrgId,
    detail: { grantId, fields, until, narrowed: fields.length < (req.fields as string[]).length || until !== req.until, overdue: isOverdue(req, today), opinion: input.opinion ?? null },
  });
  return (await requestViews(tx, [(await findRequest(tx, id))!], today))[0]!;
}

/** The provider refuses, with the reason. */
export async function refuseRequest(tx: Tx, deps: SharingDeps, caller: Caller, id: string, reason: string, now = new Date()): Promise<AccessRequestView> {
  const req = await lockForAnswer(tx, caller, id);
  const by = callerId(caller);
  const today = dateInZone(now, deps.timeZone);
  await tx.update(sharingRequests).set({ status: 'refused', refusalReason: reason, answeredBy: by, answeredAt: now }).where(eq(sharingRequests.id, id));
  await appendAudit(tx, { actor: by, action: 'sharing.request.refuse', entityType: 'sharing_request', entityId: id, regionCode: req.providerRegionCode, ownerOrgId: req.providerOrgId, detail: { reason, overdue: isOverdue(req, today) } });
  return (await requestViews(tx, [(await findRequest(tx, id))!], today))[0]!;
}

/** One request, to either side. */
export async function getRequest(db: Executor, deps: Pick<SharingDeps, 'timeZone'>, caller: Caller, id: string, now = new Date()): Promise<AccessRequestView> {
  const req = await findRequest(db, id);
  if (!req || !(actsFor(caller, { id: req.providerOrgId, regionCode: req.providerRegionCode }) || actsFor(caller, { id: req.consumerOrgId, regionCode: req.consumerRegionCode }))) {
    throw notFound('problem.requestNotFound');
  }
  return (await requestViews(db, [req], dateInZone(now, deps.timeZone)))[0]!;
}

/** Requests of the caller's organisations as consumer (mine), or to them as provider (to-answer); overdue computed at `now`. */
export async function listRequests(db: Executor, deps: Pick<SharingDeps, 'timeZone'>, caller: Caller, q: RequestListQuery, now = new Date()) {
  const today = dateInZone(now, deps.timeZone);
  const conds: SQL[] = [
    q.view === 'mine'
      ? actsForSql(caller, sharingRequests.consumerOrgId, sharingRequests.consumerRegionCode)
      : actsForSql(caller, sharingRequests.providerOrgId, sharingRequests.providerRegionCode),
  ];
  if (q.status) conds.push(eq(sharingRequests.status, q.status));
  if (q.overdue !== undefined) {
    const overdue = and(eq(sharingRequests.status, 'pending'), lt(sharingRequests.dueDate, today))!;
    conds.push(q.overdue ? overdue : sql`not (${overdue})`);
  }
  const where = and(...conds);
  const [total] = await db.select({ n: count() }).from(sharingRequests).where(where);
  const rows = await db.select().from(sharingRequests).where(where).orderBy(desc(sharingRequests.requestedAt), desc(sharingRequests.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  return { items: await requestViews(db, rows, today), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

// ---------------------------------------------------------------- grants

/** Grants of the caller's organisations as consumer, or given by them as provider; state computed at `now`. */
export async function listGrants(db: Executor, caller: Caller, q: GrantListQuery, now = new Date()) {
  const conds: SQL[] = [
    q.view === 'consumer'
      ? actsForSql(caller, sharingGrants.consumerOrgId, sharingGrants.consumerRegionCode)
      : actsForSql(caller, sharingGrants.providerOrgId, sharingGrants.providerRegionCode),
  ];
  if (q.resourceCode) conds.push(eq(sharingGrants.resourceCode, q.resourceCode));
  if (q.state === 'revoked') conds.push(lte(sharingGrants.revokedAt, now));
  const notRevoked = or(isNull(sharingGrants.revokedAt), gt(sharingGrants.revokedAt, now))!;
  if (q.state === 'expired') conds.push(notRevoked, lt(sharingGrants.expiresAt, now));
  if (q.state === 'active') conds.push(notRevoked, gte(sharingGrants.expiresAt, now));
  const where = and(...conds);
  const [total] = await db.select({ n: count() }).from(sharingGrants).where(where);
  const rows = await db.select().from(sharingGrants).where(where).orderBy(desc(sharingGrants.grantedAt), desc(sharingGrants.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  return { items: await grantViews(db, rows, now), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** The provider revokes a grant, with the reason; effective at once. */
export async function revokeGrant(tx: Tx, caller: Caller, id: string, reason: string, now = new Date()): Promise<GrantView> {
  const [g] = await tx.select().from(sharingGrants).where(eq(sharingGrants.id, id)).for('update');
  if (!g) throw notFound('problem.grantNotFound');
  requireActsFor(caller, { id: g.providerOrgId, regionCode: g.providerRegionCode });
  if (g.revokedAt) throw conflict('problem.grantRevoked');
  const by = callerId(caller);
  await tx.update(sharingGrants).set({ revokedAt: now, revokedBy: by, revokedReason: reason }).where(eq(sharingGrants.id, id));
  await appendAudit(tx, { actor: by, action: 'sharing.grant.revoke', entityType: 'sharing_grant', entityId: id, regionCode: g.providerRegionCode, ownerOrgId: g.providerOrgId, detail: { reason, resourceCode: g.resourceCode, consumerOrgId: g.consumerOrgId, expired: g.expiresAt.getTime() < now.getTime() } });
  const [after] = await tx.select().from(sharingGrants).where(eq(sharingGrants.id, id));
  return (await grantViews(tx, [after!], now))[0]!;
}

/** What the exchange gateway learns about one access. */
export type GrantCheck =
  | { ok: true; grant: { id: string; resourceCode: string; providerOrgId: string; consumerOrgId: string; fields: string[]; purpose: string; validUntil: string; expiresAt: Date } }
  | { ok: false; reason: GrantRefusal };

/**
 * The exchange gateway's check: may `consumerOrgId` read `fields` of `resourceCode` for `purpose`
 * at `at`? Answers the grant that covers the access, or why none does: no-grant (never granted for
 * this resource), purpose-mismatch (granted, but for other purposes), fields-outside-grant (a live
 * grant for the purpose lacks some field), expired or revoked (the grant for the purpose no longer holds).
 */
export async function checkGrant(db: Executor, ask: { consumerOrgId: string; resourceCode: string; fields: readonly string[]; purpose: string; at?: Date }): Promise<GrantCheck> {
  const rows = await db
    .select()
    .from(sharingGrants)
    .where(and(eq(sharingGrants.consumerOrgId, ask.consumerOrgId), eq(sharingGrants.resourceCode, ask.resourceCode)));
  const decision = decideAccess(
    rows.map((r) => ({ ...r, fields: r.fields as string[] })),
    { fields: ask.fields, purpose: ask.purpose, at: ask.at ?? new Date() },
  );
  if (!decision.ok) return decision;
  const g = decision.grant;
  return { ok: true, grant: { id: g.id, resourceCode: g.resourceCode, providerOrgId: g.providerOrgId, consumerOrgId: g.consumerOrgId, fields: g.fields, purpose: g.purpose, validUntil: g.validUntil, expiresAt: g.expiresAt } };
}
