/**
 * The data-exchange gateway (数据共享交换, DOMAIN.md §5):
 * - consuming systems of an organisation hold credentials (client id + argon2id-hashed secret),
 *   managed by the organisation's org_admin or a platform administrator of its region, and trade
 *   them for short-lived opaque bearer tokens (OAuth 2.0 client credentials, RFC 6749 §4.4);
 * - a query is checked against the sharing grants (`sharing.checkGrant`) for the token's
 *   organisation, fetched through the resource's adapter (the node's own registries, or a remote
 *   HTTP endpoint), and answered with the requested fields only, all within the grant;
 * - every query, granted or refused, is one row of the exchange log (SM3 hash chain, log.ts).
 */
import { randomBytes } from 'node:crypto';
import { and, count, desc, eq, gt, gte, like, lte, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { GrantRefusal } from '@onewindow/domain';
import type { Actor } from '../../platform/auth.js';
import { forbidden, holdsRole } from '../../platform/auth.js';
import { appendAudit } from '../../platform/audit.js';
import type { Db, Executor, Tx } from '../../platform/db.js';
import { ProblemError, notFound, validationProblem } from '../../platform/errors.js';
import { normalizePersonal } from '../../platform/personal-data.js';
import { newId } from '../../platform/ids.js';
import * as identity from '../identity/service.js';
import * as reference from '../reference/service.js';
import * as sharing from '../sharing/service.js';
import { appendExchange, sm3Hex, verifyExchangeLog } from './log.js';

const { hashPassword, verifyPassword } = identity;
import { exchangeAdapters, exchangeCredentials, exchangeLog, exchangeTokens } from './schema.js';

export interface ExchangeDeps {
  db: Db;
  /** the node's registries (own-tables adapters) */
  identity: Pick<identity.IdentityDeps, 'db' | 'keyring' | 'indexKey'>;
  timeZone: string;
  /** lifetime of a bearer token */
  tokenSeconds: number;
  /** timeout of a remote provider's endpoint */
  remoteTimeoutMs: number;
}

export const DEFAULT_TOKEN_SECONDS = 600;
/** How long the gateway waits for a remote provider's endpoint. */
export const REMOTE_TIMEOUT_MS = 5000;

// ---------------------------------------------------------------- credentials

export interface CredentialView {
  clientId: string;
  organisationId: string;
  name: string;
  status: 'active' | 'revoked';
  createdBy: string;
  createdAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
}

type CredentialRow = typeof exchangeCredentials.$inferSelect;
const credentialView = (r: CredentialRow): CredentialView => ({
  clientId: r.clientId,
  organisationId: r.organisationId,
  name: r.name,
  status: r.status as CredentialView['status'],
  createdBy: r.createdBy,
  createdAt: r.createdAt.toISOString(),
  rotatedAt: r.rotatedAt?.toISOString() ?? null,
  revokedAt: r.revokedAt?.toISOString() ?? null,
});

/** The organisation's administrator, or a platform administrator of its region. */
async function requireManager(db: Executor, actor: Actor, organisationId: string) {
  const org = await reference.findOrganisationById(db, organisationId);
  if (!org) throw notFound('problem.organisationNotFound');
  if (!holdsRole(actor, 'org_admin', { organisationId }) && !holdsRole(actor, 'platform_admin', { regionCode: org.regionCode })) throw forbidden();
  return org;
}

const newClientId = () => `owx-${randomBytes(9).toString('hex')}`;
const newSecret = () => randomBytes(32).toString('base64url');

/** Registers a consuming system; the secret is answered here and never again. */
export async function createCredential(tx: Tx, actor: Actor, input: { organisationId: string; name: string }): Promise<CredentialView & { clientSecret: string }> {
  const org = await requireManager(tx, actor, input.organisationId);
  const clientSecret = newSecret();
  const now = new Date();
  const [row] = await tx
    .insert(exchangeCredentials)
    .values({ clientId: newClientId(), organisationId: org.id, name: input.name, secretHash: await hashPassword(clientSecret), status: 'active', createdBy: actor.accountId, createdAt: now })
    .returning();
  await appendAudit(tx, { actor: actor.accountId, action: 'exchange.credential.create', entityType: 'exchange_credential', entityId: row!.clientId, regionCode: org.regionCode, ownerOrgId: org.id, detail: { name: input.name } });
  return { ...credentialView(row!), clientSecret };
}

export async function listCredentials(db: Executor, actor: Actor, organisationId: string): Promise<{ items: CredentialView[] }> {
  await requireManager(db, actor, organisationId);
  const rows = await db.select().from(exchangeCredentials).where(eq(exchangeCredentials.organisationId, organisationId)).orderBy(desc(exchangeCredentials.createdAt));
  return { items: rows.map(credentialView) };
}

async function lockCredential(tx: Tx, actor: Actor, clientId: string) {
  const [row] = await tx.select().from(exchangeCredentials).where(eq(exchangeCredentials.clientId, clientId)).for('update');
  if (!row) throw notFound('problem.credentialNotFound');
  const org = await requireManager(tx, actor, row.organisationId);
  if (row.status !== 'active') throw new ProblemError(409, 'conflict', 'problem.credentialRevoked');
  return { row, org };
}

/** A new secret (answered this once); tokens issued under the old one end at once. */
export async function rotateCredential(tx: Tx, actor: Actor, clientId: string): Promise<CredentialView & { clientSecret: string }> {
  const { org } = await lockCredential(tx, actor, clientId);
  const clientSecret = newSecret();
  const [row] = await tx.update(exchangeCredentials).set({ secretHash: await hashPassword(clientSecret), rotatedAt: new Date() }).where(eq(exchangeCredentials.clientId, clientId)).returning();
  await tx.delete(exchangeTokens).where(eq(exchangeTokens.clientId, clientId));
  await appendAudit(tx, { actor: actor.accountId, action: 'exchange.credential.rotate', entityType: 'exchange_credential', entityId: clientId, regionCode: org.regionCode, ownerOrgId: org.id });
  return { ...credentialView(row!), clientSecret };
}

/** Revokes a credential and its tokens, at once. */
export async function revokeCredential(tx: Tx, actor: Actor, clientId: string): Promise<CredentialView> {
  const { org } = await lockCredential(tx, actor, clientId);
  const [row] = await tx.update(exchangeCredentials).set({ status: 'revoked', revokedAt: new Date(), revokedBy: actor.accountId }).where(eq(exchangeCredentials.clientId, clientId)).returning();
  await tx.delete(exchangeTokens).where(eq(exchangeTokens.clientId, clientId));
  await appendAudit(tx, { actor: actor.accountId, action: 'exchange.credential.revoke', entityType: 'exchange_credential', entityId: clientId, regionCode: org.regionCode, ownerOrgId: org.id });
  return credentialView(row!);
}

// ---------------------------------------------------------------- tokens

const invalidClient = () => new ProblemError(401, 'invalid-client', 'problem.invalidClient', [], undefined, { error: 'invalid_client' });
export const invalidToken = () => new ProblemError(401, 'invalid-token', 'problem.invalidToken', [], undefined, { error: 'invalid_token' });

/** Client credentials → an opaque bearer token (only its SM3 hash is stored). */
export async function issueToken(deps: ExchangeDeps, clientId: string, clientSecret: string, now = new Date()) {
  const [cred] = await deps.db.select().from(exchangeCredentials).where(eq(exchangeCredentials.clientId, clientId));
  // an unknown client takes as long as a wrong secret
  const ok = await verifyPassword(cred?.secretHash, clientSecret);
  if (!cred || !ok || cred.status !== 'active') throw invalidClient();
  const token = `owx_${randomBytes(32).toString('base64url')}`;
  await deps.db.insert(exchangeTokens).values({ tokenHash: sm3Hex(token), clientId, organisationId: cred.organisationId, issuedAt: now, expiresAt: new Date(now.getTime() + deps.tokenSeconds * 1000) });
  return { access_token: token, token_type: 'Bearer' as const, expires_in: deps.tokenSeconds };
}

export interface Consumer {
  clientId: string;
  organisationId: string;
  regionCode: string;
}

/** The consuming system of a live bearer token of an active credential, or 401. */
export async function consumerOfToken(db: Executor, token: string, now = new Date()): Promise<Consumer> {
  const [row] = await db
    .select({ clientId: exchangeTokens.clientId, organisationId: exchangeTokens.organisationId })
    .from(exchangeTokens)
    .innerJoin(exchangeCredentials, eq(exchangeCredentials.clientId, exchangeTokens.clientId))
    .where(and(eq(exchangeTokens.tokenHash, sm3Hex(token)), gt(exchangeTokens.expiresAt, now), eq(exchangeCredentials.status, 'active')));
  if (!row) throw invalidToken();
  const org = await reference.findOrganisationById(db, row.organisationId);
  if (!org) throw invalidToken();
  return { clientId: row.clientId, organisationId: org.id, regionCode: org.regionCode };
}

/** Deletes expired tokens (housekeeping). */
export async function purgeExpiredTokens(db: Executor, now = new Date()): Promise<void> {
  await db.delete(exchangeTokens).where(lte(exchangeTokens.expiresAt, now));
}

// ---------------------------------------------------------------- adapters

export const ADAPTER_KINDS = ['population', 'enterprise', 'http'] as const;
export type AdapterKind = (typeof ADAPTER_KINDS)[number];
export interface AdapterInput {
  kind: AdapterKind;
  url?: string | undefined;
}

/** Sets how a resource is fetched: by its provider's administrator or a data steward of its region. */
export async function setAdapter(tx: Tx, actor: Actor, resourceCode: string, input: AdapterInput) {
  return writeAdapter(tx, actor, resourceCode, input);
}

/** The node's own setting of an adapter (demo data, imports): no scope check; audited. */
export async function setAdapterAsNode(tx: Tx, by: string, resourceCode: string, input: AdapterInput) {
  return writeAdapter(tx, { system: by }, resourceCode, input);
}

async function writeAdapter(tx: Tx, caller: Actor | { system: string }, resourceCode: string, input: AdapterInput) {
  const resource = await sharing.getResource(tx, { system: 'exchange' }, resourceCode);
  if (!sharing.actsFor(caller, resource.provider)) throw forbidden();
  if (input.kind === 'http' && !input.url) throw validationProblem([{ pointer: '/body/url', code: 'required' }]);
  const by = 'system' in caller ? caller.system : caller.accountId;
  const values = { kind: input.kind, url: input.kind === 'http' ? input.url! : null, updatedBy: by, updatedAt: new Date() };
  await tx.insert(exchangeAdapters).values({ resourceCode, ...values }).onConflictDoUpdate({ target: exchangeAdapters.resourceCode, set: values });
  await appendAudit(tx, { actor: by, action: 'exchange.adapter.set', entityType: 'sharing_resource', entityId: resourceCode, regionCode: resource.provider.regionCode, ownerOrgId: resource.provider.id, detail: values });
  return { resourceCode, kind: values.kind, url: values.url };
}

/** Whether a resource has an adapter (the node's own check: no scope). */
export async function hasAdapter(db: Executor, resourceCode: string): Promise<boolean> {
  const [row] = await db.select({ code: exchangeAdapters.resourceCode }).from(exchangeAdapters).where(eq(exchangeAdapters.resourceCode, resourceCode));
  return !!row;
}

/** The adapter of a resource (to its provider's administrator or data stewards), or null when none is set. */
export async function getAdapter(db: Executor, actor: Actor, resourceCode: string) {
  const resource = await sharing.getResource(db, { system: 'exchange' }, resourceCode);
  if (!sharing.actsFor(actor, resource.provider)) throw forbidden();
  const [row] = await db.select().from(exchangeAdapters).where(eq(exchangeAdapters.resourceCode, resourceCode));
  return { resourceCode, adapter: row ? { kind: row.kind as AdapterKind, url: row.url, updatedBy: row.updatedBy, updatedAt: row.updatedAt.toISOString() } : null };
}

export type ExchangeKey = Record<string, string>;
type Fetched = { found: true; record: Record<string, unknown> } | { found: false };

class ProviderFailure extends Error {}

async function fetchThrough(deps: ExchangeDeps, adapter: { kind: string; url: string | null }, resourceCode: string, fields: string[], key: ExchangeKey): Promise<Fetched> {
  if (adapter.kind === 'population') {
    if (!key.idNumber) throw validationProblem([{ pointer: '/body/key/idNumber', code: 'required' }]);
    const record = await identity.populationRecord(deps.identity, key.idNumber);
    return record ? { found: true, record: { ...record } } : { found: false };
  }
  if (adapter.kind === 'enterprise') {
    if (!key.uscc) throw validationProblem([{ pointer: '/body/key/uscc', code: 'required' }]);
    const record = await identity.enterpriseRecord(deps.identity, key.uscc);
    return record ? { found: true, record: { ...record } } : { found: false };
  }
  // remote provider: POST { resourceCode, fields, key } → a JSON object; 404 → not found
  let res: Response;
  try {
    res = await fetch(adapter.url!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ resourceCode, fields, key }),
      signal: AbortSignal.timeout(deps.remoteTimeoutMs),
    });
  } catch (err) {
    throw new ProviderFailure(String(err));
  }
  if (res.status === 404) return { found: false };
  if (!res.ok) throw new ProviderFailure(`status ${res.status}`);
  const body: unknown = await res.json().catch(() => undefined);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ProviderFailure('not a JSON object');
  return { found: true, record: body as Record<string, unknown> };
}

// ---------------------------------------------------------------- queries

export interface QueryInput {
  resourceCode: string;
  purpose: string;
  fields: string[];
  key: ExchangeKey;
}

const REFUSAL_STATUS: Record<GrantRefusal, string> = {
  'no-grant': 'problem.exchange.noGrant',
  expired: 'problem.exchange.expired',
  revoked: 'problem.exchange.revoked',
  'fields-outside-grant': 'problem.exchange.fieldsOutsideGrant',
  'purpose-mismatch': 'problem.exchange.purposeMismatch',
};

/**
 * One exchange: checks the grant, fetches through the adapter, answers the JSON body (exactly the
 * bytes whose SM3 digest is logged) with the requested fields only. Refusals and failures are
 * logged, then thrown as problems (403 with `reason`, 404, 502, 503).
 */
export async function query(deps: ExchangeDeps, consumer: Consumer, input: QueryInput, now = new Date()): Promise<{ exchangeId: string; body: string }> {
  const fields = [...new Set(input.fields)];
  const base = { clientId: consumer.clientId, consumerOrgId: consumer.organisationId, consumerRegionCode: consumer.regionCode, resourceCode: input.resourceCode, purpose: input.purpose, fields };
  const check = await sharing.checkGrant(deps.db, { consumerOrgId: consumer.organisationId, resourceCode: input.resourceCode, fields, purpose: input.purpose, at: now });
  if (!check.ok) {
    const provider = await sharing.getResource(deps.db, { system: 'exchange' }, input.resourceCode).then((r) => r.provider, () => null);
    const exchangeId = await appendExchange(deps.db, { ...base, providerOrgId: provider?.id ?? null, providerRegionCode: provider?.regionCode ?? null, outcome: check.reason, grantId: null, responseDigest: null });
    throw new ProblemError(403, 'exchange-refused', REFUSAL_STATUS[check.reason], [], undefined, { reason: check.reason, exchangeId });
  }
  const grant = check.grant;
  const provider = await reference.findOrganisationById(deps.db, grant.providerOrgId);
  const logged = { ...base, providerOrgId: grant.providerOrgId, providerRegionCode: provider?.regionCode ?? null, grantId: grant.id };
  const fail = async (outcome: string, error: ProblemError) => {
    const exchangeId = await appendExchange(deps.db, { ...logged, outcome, responseDigest: null });
    error.extensions.exchangeId = exchangeId;
    return error;
  };
  const [adapter] = await deps.db.select().from(exchangeAdapters).where(eq(exchangeAdapters.resourceCode, input.resourceCode));
  if (!adapter) throw await fail('no-adapter', new ProblemError(503, 'exchange-unavailable', 'problem.exchange.noAdapter'));
  let fetched: Fetched;
  try {
    fetched = await fetchThrough(deps, adapter, input.resourceCode, fields, input.key);
  } catch (err) {
    if (err instanceof ProblemError) throw await fail('bad-key', err);
    if (err instanceof ProviderFailure) throw await fail('provider-error', new ProblemError(502, 'provider-error', 'problem.exchange.providerError'));
    throw err;
  }
  if (!fetched.found) throw await fail('not-found', notFound('problem.exchange.recordNotFound'));
  const data: Record<string, unknown> = {};
  for (const f of fields) data[f] = fetched.record[f] ?? null;
  const exchangeId = newId();
  const body = JSON.stringify({ exchangeId, resourceCode: input.resourceCode, purpose: input.purpose, grantId: grant.id, data });
  await appendExchange(deps.db, { ...logged, outcome: 'granted', responseDigest: sm3Hex(body) }, exchangeId, now);
  return { exchangeId, body };
}

// ---------------------------------------------------------------- identity's population registry

/** The client id logged for the node's own look-ups (no credential: an internal call). */
export const IDENTITY_CLIENT = 'internal:identity';

/**
 * Identity's `PopulationRegistry` through the gateway: the node's own organisation is the consumer,
 * so that a real-name check (level 3) needs a grant of the population resource and is logged as an
 * exchange like any other. A missing organisation or grant answers 503 registry-unavailable (with
 * the gateway's reason): a configuration fault of the node, not the citizen's.
 */
export class GatewayPopulationRegistry implements identity.PopulationRegistry {
  constructor(
    private readonly deps: ExchangeDeps,
    private readonly opts: { consumerUscc: string; resourceCode: string; purpose: string },
  ) {}

  async verifyPerson(_db: Executor, name: string, idNumber: string): Promise<identity.PersonCheck> {
    const org = await reference.findOrganisationByUscc(this.deps.db, this.opts.consumerUscc);
    if (!org) throw registryUnavailable('consumer-unknown');
    const consumer: Consumer = { clientId: IDENTITY_CLIENT, organisationId: org.id, regionCode: org.regionCode };
    let data: { name?: unknown; status?: unknown };
    try {
      const { body } = await query(this.deps, consumer, { resourceCode: this.opts.resourceCode, purpose: this.opts.purpose, fields: ['name', 'status'], key: { idNumber } });
      data = (JSON.parse(body) as { data: typeof data }).data;
    } catch (err) {
      if (err instanceof ProblemError && err.status === 404) return 'not_found';
      if (err instanceof ProblemError) throw registryUnavailable(String(err.extensions.reason ?? err.slug));
      throw err;
    }
    if (typeof data.name !== 'string' || normalizePersonal('name', data.name) !== normalizePersonal('name', name)) return 'mismatch';
    return data.status === 'normal' ? 'match' : 'cancelled';
  }
}

const registryUnavailable = (reason: string) => new ProblemError(503, 'registry-unavailable', 'problem.registryUnavailable', [], undefined, { reason });

// ---------------------------------------------------------------- the log (auditors)

export interface LogQuery {
  resourceCode?: string | undefined;
  consumerOrgId?: string | undefined;
  outcome?: string | undefined;
  /** YYYY-MM-DD, node time zone, inclusive */
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

const regionPrefix = (code: string) => (code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code);
const covers = (col: PgColumn, prefix: string) => (prefix.length === 6 ? eq(col, prefix) : like(col, `${prefix}%`));

/** Exchanges whose consumer or provider lies in a region the auditor covers. */
export async function listLog(db: Executor, deps: Pick<ExchangeDeps, 'timeZone'>, actor: Actor, q: LogQuery) {
  const prefixes = actor.roles.filter((g) => g.role === 'auditor').map((g) => regionPrefix(g.regionCode));
  if (prefixes.length === 0) throw forbidden();
  const conds: SQL[] = [or(...prefixes.flatMap((p) => [covers(exchangeLog.consumerRegionCode, p), covers(exchangeLog.providerRegionCode, p)]))!];
  if (q.resourceCode) conds.push(eq(exchangeLog.resourceCode, q.resourceCode));
  if (q.consumerOrgId) conds.push(eq(exchangeLog.consumerOrgId, q.consumerOrgId));
  if (q.outcome) conds.push(eq(exchangeLog.outcome, q.outcome));
  if (q.from) conds.push(gte(exchangeLog.at, new Date(sharing.endOfDayInZone(previousDay(q.from), deps.timeZone).getTime() + 1)));
  if (q.to) conds.push(lte(exchangeLog.at, sharing.endOfDayInZone(q.to, deps.timeZone)));
  const where = and(...conds);
  const [total] = await db.select({ n: count() }).from(exchangeLog).where(where);
  const rows = await db.select().from(exchangeLog).where(where).orderBy(desc(exchangeLog.seq)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const names = new Map<string, string>();
  for (const id of new Set(rows.flatMap((r) => (r.providerOrgId ? [r.consumerOrgId, r.providerOrgId] : [r.consumerOrgId])))) {
    const org = await reference.findOrganisationById(db, id);
    if (org) names.set(id, org.name);
  }
  return {
    items: rows.map((r) => ({
      seq: r.seq,
      id: r.id,
      at: r.at.toISOString(),
      clientId: r.clientId,
      consumerOrgId: r.consumerOrgId,
      consumerName: names.get(r.consumerOrgId) ?? null,
      providerOrgId: r.providerOrgId,
      providerName: r.providerOrgId ? (names.get(r.providerOrgId) ?? null) : null,
      resourceCode: r.resourceCode,
      purpose: r.purpose,
      fields: r.fields as string[],
      outcome: r.outcome,
      grantId: r.grantId,
      responseDigest: r.responseDigest,
      hash: r.hash,
    })),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function previousDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** For the CLI and tests: the chain's state. */
export const verifyLog = (db: Executor) => verifyExchangeLog(db);

/** The SM3 digest (hex) the log keeps of a response body. */
export const digestOf = sm3Hex;

/** The chain's state for an auditor (the chain is the node's, one for every region). */
export async function verifyLogAsAuditor(db: Executor, actor: Actor, now = new Date()) {
  if (!actor.roles.some((g) => g.role === 'auditor')) throw forbidden();
  const { entries, brokenAt } = await verifyExchangeLog(db);
  return { entries, brokenAt, checkedAt: now.toISOString() };
}
