/**
 * Legal persons (法人): an enterprise account is bound by its legal representative, checked against
 * the enterprise registry; the representative authorises agents (经办人) by name and ID number and
 * can revoke them. An authorisation names a person, not an account, so granting one never reveals
 * whether that person has registered; it takes effect when (or if) they sign in at level 3.
 */
import { and, desc, eq } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit.js';
import type { Actor } from '../../platform/auth.js';
import { ProblemError, validationProblem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { maskPersonal, personalIndex, protect, reveal } from '../../platform/personal-data.js';
import type { EnterpriseRegistry } from './registry.js';
import { accounts, enterpriseAgents, enterprises } from './schema.js';
import type { IdentityDeps } from './service.js';

export interface ActableEnterprise {
  id: string;
  uscc: string;
  name: string;
  role: 'representative' | 'agent';
  /** last day of an agent's authorisation (inclusive) */
  validUntil: string | null;
  level: number;
}

const levelRequired = (current: number) =>
  new ProblemError(403, 'level-required', 'problem.levelRequired', [], 'problem.levelRequired.detail', { requiredLevel: 3, currentLevel: current });

/** Today in the node's time zone (YYYY-MM-DD), for the validity of authorisations. */
function today(deps: IdentityDeps): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: deps.config.timeZone }).format(new Date());
}

async function personOf(deps: IdentityDeps, accountId: string) {
  const [a] = await deps.db.select().from(accounts).where(and(eq(accounts.id, accountId), eq(accounts.kind, 'person')));
  if (!a || !a.idNumberIndex) throw new ProblemError(403, 'forbidden', 'problem.forbidden');
  return a;
}

/**
 * Enterprises the account may act for: as representative, or as an agent with an active,
 * unexpired authorisation matching its verified (level ≥ 3) name and ID number.
 */
export async function actableEnterprises(deps: IdentityDeps, accountId: string): Promise<ActableEnterprise[]> {
  const [a] = await deps.db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!a || a.kind !== 'person' || !a.idNumberIndex) return [];
  const own = await deps.db.select().from(enterprises).where(eq(enterprises.representativeAccountId, accountId));
  const out: ActableEnterprise[] = own.map((e) => ({ id: e.id, uscc: e.uscc, name: e.name, role: 'representative', validUntil: null, level: e.level }));
  if (a.level >= 3) {
    const day = today(deps);
    const grants = await deps.db
      .select({ e: enterprises, validUntil: enterpriseAgents.validUntil, nameIndex: enterpriseAgents.agentNameIndex })
      .from(enterpriseAgents)
      .innerJoin(enterprises, eq(enterprises.id, enterpriseAgents.enterpriseId))
      .where(and(eq(enterpriseAgents.agentIdNumberIndex, a.idNumberIndex), eq(enterpriseAgents.status, 'active')));
    for (const g of grants) {
      if (g.nameIndex !== a.nameIndex || (g.validUntil && g.validUntil < day)) continue;
      if (out.some((x) => x.id === g.e.id)) continue;
      out.push({ id: g.e.id, uscc: g.e.uscc, name: g.e.name, role: 'agent', validUntil: g.validUntil, level: g.e.level });
    }
  }
  return out.sort((x, y) => x.name.localeCompare(y.name, 'zh-CN'));
}

/** Binds an enterprise to its legal representative (level 3 required), checked against the registry. */
export async function bindEnterprise(deps: IdentityDeps, registry: EnterpriseRegistry, actor: Actor, uscc: string): Promise<ActableEnterprise> {
  const person = await personOf(deps, actor.accountId);
  if (person.level < 3) throw levelRequired(person.level);
  const check = await registry.verifyRepresentative(deps.db, uscc, reveal(deps.keyring, 'name', person.nameCipher), reveal(deps.keyring, 'idNumber', person.idNumberCipher!));
  if (check.result !== 'representative') {
    throw new ProblemError(422, 'enterprise-registry', 'problem.enterpriseRegistry', [{ pointer: '/body/uscc', code: `enterprise.${check.result}` }], 'problem.enterpriseRegistry.detail');
  }
  return deps.db.transaction(async (tx) => {
    const [existing] = await tx.select().from(enterprises).where(eq(enterprises.uscc, uscc)).for('update');
    const now = new Date();
    if (existing) {
      if (existing.representativeAccountId === person.id) return { id: existing.id, uscc, name: existing.name, role: 'representative' as const, validUntil: null, level: existing.level };
      // the registry names this person as representative now: the enterprise passes to them
      await tx.update(enterprises).set({ representativeAccountId: person.id, name: check.name, updatedAt: now }).where(eq(enterprises.id, existing.id));
      await appendAudit(tx, { actor: person.id, action: 'enterprise.representative.change', entityType: 'enterprise', entityId: uscc, regionCode: check.regionCode, detail: { from: existing.representativeAccountId, to: person.id } });
      return { id: existing.id, uscc, name: check.name, role: 'representative' as const, validUntil: null, level: existing.level };
    }
    const id = newId();
    await tx.insert(enterprises).values({ id, uscc, name: check.name, regionCode: check.regionCode, representativeAccountId: person.id, level: 3, createdAt: now, updatedAt: now });
    await appendAudit(tx, { actor: person.id, action: 'enterprise.bind', entityType: 'enterprise', entityId: uscc, regionCode: check.regionCode, detail: { name: check.name } });
    return { id, uscc, name: check.name, role: 'representative' as const, validUntil: null, level: 3 };
  });
}

/** The enterprise, if the actor is its representative (404 otherwise: no probing of others). */
async function represented(deps: IdentityDeps, actor: Actor, enterpriseId: string) {
  const [e] = await deps.db.select().from(enterprises).where(and(eq(enterprises.id, enterpriseId), eq(enterprises.representativeAccountId, actor.accountId)));
  if (!e) throw new ProblemError(404, 'not-found', 'problem.enterpriseNotFound');
  return e;
}

function agentView(deps: IdentityDeps, a: typeof enterpriseAgents.$inferSelect) {
  const day = today(deps);
  return {
    id: a.id,
    name: maskPersonal('name', reveal(deps.keyring, 'name', a.agentNameCipher)),
    idNumber: maskPersonal('idNumber', reveal(deps.keyring, 'idNumber', a.agentIdNumberCipher)),
    validUntil: a.validUntil,
    status: a.status === 'active' && a.validUntil && a.validUntil < day ? ('expired' as const) : (a.status as 'active' | 'revoked'),
    grantedAt: a.grantedAt.toISOString(),
    revokedAt: a.revokedAt?.toISOString() ?? null,
  };
}

export async function listAgents(deps: IdentityDeps, actor: Actor, enterpriseId: string) {
  await represented(deps, actor, enterpriseId);
  const rows = await deps.db.select().from(enterpriseAgents).where(eq(enterpriseAgents.enterpriseId, enterpriseId)).orderBy(desc(enterpriseAgents.grantedAt));
  return { items: rows.map((r) => agentView(deps, r)) };
}

export async function grantAgent(deps: IdentityDeps, actor: Actor, enterpriseId: string, input: { name: string; idNumber: string; validUntil?: string }) {
  const e = await represented(deps, actor, enterpriseId);
  const person = await personOf(deps, actor.accountId);
  const idIndex = personalIndex(deps.indexKey, 'idNumber', input.idNumber);
  if (idIndex === person.idNumberIndex) throw validationProblem([{ pointer: '/body/idNumber', code: 'agentIsSelf' }]);
  if (input.validUntil && input.validUntil < today(deps)) throw validationProblem([{ pointer: '/body/validUntil', code: 'dateInPast' }]);
  return deps.db.transaction(async (tx) => {
    // one active authorisation per person: a new grant replaces the previous one
    const now = new Date();
    await tx
      .update(enterpriseAgents)
      .set({ status: 'revoked', revokedAt: now, revokedBy: actor.accountId })
      .where(and(eq(enterpriseAgents.enterpriseId, enterpriseId), eq(enterpriseAgents.agentIdNumberIndex, idIndex), eq(enterpriseAgents.status, 'active')));
    const id = protect(deps.keyring, deps.indexKey, 'idNumber', input.idNumber);
    const name = protect(deps.keyring, deps.indexKey, 'name', input.name);
    const row = {
      id: newId(),
      enterpriseId,
      agentIdNumberIndex: id.index,
      agentIdNumberCipher: id.cipher,
      agentNameIndex: name.index,
      agentNameCipher: name.cipher,
      validUntil: input.validUntil ?? null,
      status: 'active',
      grantedBy: actor.accountId,
      grantedAt: now,
      revokedAt: null,
      revokedBy: null,
    };
    await tx.insert(enterpriseAgents).values(row);
    await appendAudit(tx, { actor: actor.accountId, action: 'enterprise.agent.grant', entityType: 'enterprise', entityId: e.uscc, regionCode: e.regionCode, detail: { authorisationId: row.id, validUntil: row.validUntil } });
    return agentView(deps, row);
  });
}

export async function revokeAgent(deps: IdentityDeps, actor: Actor, enterpriseId: string, agentId: string): Promise<void> {
  const e = await represented(deps, actor, enterpriseId);
  await deps.db.transaction(async (tx) => {
    const done = await tx
      .update(enterpriseAgents)
      .set({ status: 'revoked', revokedAt: new Date(), revokedBy: actor.accountId })
      .where(and(eq(enterpriseAgents.id, agentId), eq(enterpriseAgents.enterpriseId, enterpriseId), eq(enterpriseAgents.status, 'active')))
      .returning({ id: enterpriseAgents.id });
    if (done.length === 0) throw new ProblemError(404, 'not-found', 'problem.agentNotFound');
    await appendAudit(tx, { actor: actor.accountId, action: 'enterprise.agent.revoke', entityType: 'enterprise', entityId: e.uscc, regionCode: e.regionCode, detail: { authorisationId: agentId } });
  });
}

/** May the account act for the enterprise now (for SSO and, later, applications)? */
export async function mayActFor(deps: IdentityDeps, accountId: string, enterpriseId: string): Promise<ActableEnterprise | undefined> {
  return (await actableEnterprises(deps, accountId)).find((e) => e.id === enterpriseId);
}


/** An enterprise's name and code (for forms prefilled with them), or undefined. */
export async function enterpriseFacts(deps: Pick<IdentityDeps, 'db'>, enterpriseId: string): Promise<{ name: string; uscc: string } | undefined> {
  const [e] = await deps.db.select({ name: enterprises.name, uscc: enterprises.uscc }).from(enterprises).where(eq(enterprises.id, enterpriseId));
  return e;
}
