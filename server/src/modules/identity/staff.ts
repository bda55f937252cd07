/**
 * Staff accounts and their roles (工作人员与角色), administered by platform administrators (over
 * their region) and organisation administrators (in their own organisation, the handling roles only).
 */
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { ORG_ASSIGNABLE_ROLES, STAFF_ROLES, type RoleGrant, type StaffRole } from '@onewindow/domain';
import { forbidden, holdsRole, type Actor } from '../../platform/auth.js';
import { appendAudit } from '../../platform/audit.js';
import type { Executor, Tx } from '../../platform/db.js';
import { ProblemError, validationProblem, type FieldIssue } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { maskPersonal, protect, reveal } from '../../platform/personal-data.js';
import * as reference from '../reference/service.js';
import { hashPassword } from './passwords.js';
import { accounts, roleAssignments } from './schema.js';
import { namedGrants, revokeAllSessions, type IdentityDeps } from './service.js';

export interface GrantInput {
  role: StaffRole;
  regionCode?: string;
  organisationId?: string;
}

/** Resolves grants (an organisation role takes its organisation's region) and checks each exists. */
async function resolveGrants(db: Executor, deps: IdentityDeps, input: GrantInput[]): Promise<RoleGrant[]> {
  const issues: FieldIssue[] = [];
  const out: RoleGrant[] = [];
  for (const [i, g] of input.entries()) {
    if (STAFF_ROLES[g.role].scope === 'organisation') {
      if (!g.organisationId) {
        issues.push({ pointer: `/body/roles/${i}/organisationId`, code: 'required' });
        continue;
      }
      const org = await reference.findOrganisationById(db, g.organisationId);
      if (!org) {
        issues.push({ pointer: `/body/roles/${i}/organisationId`, code: 'organisationUnknown' });
        continue;
      }
      out.push({ role: g.role, organisationId: g.organisationId, regionCode: org.regionCode });
    } else {
      const regionCode = g.regionCode ?? deps.config.nodeRegion;
      const region = await reference.findRegion(db, regionCode);
      if (!region) {
        issues.push({ pointer: `/body/roles/${i}/regionCode`, code: 'regionUnknown' });
        continue;
      }
      out.push({ role: g.role, organisationId: null, regionCode });
    }
  }
  if (issues.length) throw validationProblem(issues);
  return out;
}

/** May the actor hand out this grant? Platform administrators: within their region; organisation administrators: handling roles in their organisation. */
function mayGrant(actor: Actor, g: RoleGrant): boolean {
  if (holdsRole(actor, 'platform_admin', { regionCode: g.regionCode })) return true;
  return g.organisationId !== null && ORG_ASSIGNABLE_ROLES.includes(g.role) && actor.roles.some((r) => r.role === 'org_admin' && r.organisationId === g.organisationId);
}

/** May the actor administer a staff member holding these grants? */
function mayManage(actor: Actor, grants: RoleGrant[]): boolean {
  if (grants.length === 0) return actor.roles.some((r) => r.role === 'platform_admin');
  return grants.every((g) => mayGrant(actor, g));
}

function checkGrants(actor: Actor, grants: RoleGrant[]) {
  const bad = grants.map((g, i) => (mayGrant(actor, g) ? null : i)).filter((i): i is number => i !== null);
  if (bad.length) throw new ProblemError(403, 'forbidden', 'problem.grantForbidden', bad.map((i) => ({ pointer: `/body/roles/${i}`, code: 'grantForbidden' })));
}

async function grantsOf(db: Executor, accountId: string): Promise<RoleGrant[]> {
  const rows = await db.select().from(roleAssignments).where(eq(roleAssignments.accountId, accountId));
  return rows.map((r) => ({ role: r.role as StaffRole, regionCode: r.regionCode, organisationId: r.organisationId }));
}

async function writeGrants(tx: Tx, accountId: string, grants: RoleGrant[], by: string) {
  await tx.delete(roleAssignments).where(eq(roleAssignments.accountId, accountId));
  const now = new Date();
  const unique = new Map(grants.map((g) => [`${g.role}|${g.regionCode}|${g.organisationId ?? ''}`, g]));
  if (unique.size) await tx.insert(roleAssignments).values([...unique.values()].map((g) => ({ id: newId(), accountId, ...g, grantedBy: by, grantedAt: now })));
}

export interface StaffInput {
  username: string;
  name: string;
  phone: string;
  password: string;
  roles: GrantInput[];
}

export async function createStaff(deps: IdentityDeps, actor: Actor, input: StaffInput) {
  const grants = await resolveGrants(deps.db, deps, input.roles);
  if (grants.length === 0 && !actor.roles.some((r) => r.role === 'platform_admin')) {
    // an organisation administrator's staff belong to the organisation from the start
    throw validationProblem([{ pointer: '/body/roles', code: 'too_small' }]);
  }
  checkGrants(actor, grants);
  const passwordHash = await hashPassword(input.password);
  const account = await deps.db.transaction(async (tx) => {
    const id = await insertStaff(tx, deps, input, passwordHash, grants, actor.accountId, true);
    return (await tx.select().from(accounts).where(eq(accounts.id, id)))[0]!;
  });
  // names are looked up after the commit (PGlite runs one statement at a time)
  return staffView(deps, account, grants);
}

/** Inserts a staff account with its grants and audit entry (in the caller's transaction). */
export async function insertStaff(tx: Tx, deps: IdentityDeps, input: Omit<StaffInput, 'roles' | 'password'>, passwordHash: string, grants: RoleGrant[], by: string, mustChangePassword: boolean): Promise<string> {
  const [taken] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, input.username));
  if (taken) throw new ProblemError(409, 'conflict', 'problem.usernameTaken', [{ pointer: '/body/username', code: 'usernameTaken' }]);
  const id = newId();
  const now = new Date();
  const name = protect(deps.keyring, deps.indexKey, 'name', input.name);
  const phone = protect(deps.keyring, deps.indexKey, 'phone', input.phone);
  await tx.insert(accounts).values({
    id,
    kind: 'staff',
    username: input.username,
    nameCipher: name.cipher,
    nameIndex: name.index,
    phoneCipher: phone.cipher,
    phoneIndex: phone.index,
    passwordHash,
    passwordChangedAt: now,
    passwordChangeRequired: mustChangePassword,
    level: 3,
    levelSource: 'staff_onboarding',
    createdAt: now,
    updatedAt: now,
  });
  await writeGrants(tx, id, grants, by);
  await appendAudit(tx, { actor: by, action: 'staff.create', entityType: 'account', entityId: id, regionCode: deps.config.nodeRegion, detail: { username: input.username, roles: grants } });
  return id;
}

async function staffView(deps: IdentityDeps, a: typeof accounts.$inferSelect, grants: RoleGrant[]) {
  return {
    id: a.id,
    username: a.username!,
    name: maskPersonal('name', reveal(deps.keyring, 'name', a.nameCipher)),
    phone: a.phoneCipher ? maskPersonal('phone', reveal(deps.keyring, 'phone', a.phoneCipher)) : null,
    status: a.status as 'active' | 'disabled',
    passwordChangeRequired: a.passwordChangeRequired,
    roles: await namedGrants(deps, grants),
    createdAt: a.createdAt.toISOString(),
  };
}

/** Staff the actor may administer: all in a platform administrator's region, an organisation's own. */
/** `like` pattern of a region and everything below it (330000 → 33%, 330100 → 3301%). */
const regionPattern = (code: string) => `${code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code}%`;

/**
 * Staff the actor may administer, paged in SQL: for a platform administrator everyone holding a
 * role in their region (and staff without roles yet), for an organisation administrator everyone
 * holding a role in their organisation. `q` matches the user name.
 */
export async function listStaff(deps: IdentityDeps, actor: Actor, q: { page: number; pageSize: number; q?: string }) {
  const regions = actor.roles.filter((r) => r.role === 'platform_admin').map((r) => regionPattern(r.regionCode));
  const orgs = actor.roles.filter((r) => r.role === 'org_admin' && r.organisationId).map((r) => r.organisationId!);
  const grant = (cond: ReturnType<typeof sql>) => sql`exists (select 1 from role_assignments g where g.account_id = ${accounts.id} and ${cond})`;
  const scope = or(
    ...regions.map((p) => grant(sql`g.region_code like ${p}`)),
    ...(regions.length ? [sql`not exists (select 1 from role_assignments g where g.account_id = ${accounts.id})`] : []),
    ...(orgs.length ? [grant(sql`g.organisation_id in ${orgs}`)] : []),
  );
  const where = and(eq(accounts.kind, 'staff'), scope ?? sql`false`, q.q ? sql`${accounts.username} like ${`%${q.q.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`}` : undefined);
  const [{ n } = { n: 0 }] = await deps.db.select({ n: sql<number>`count(*)::int` }).from(accounts).where(where);
  const rows = await deps.db.select().from(accounts).where(where).orderBy(asc(accounts.username)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  const all = rows.length ? await deps.db.select().from(roleAssignments).where(inArray(roleAssignments.accountId, rows.map((r) => r.id))) : [];
  const byAccount = new Map<string, RoleGrant[]>();
  for (const g of all) byAccount.set(g.accountId, [...(byAccount.get(g.accountId) ?? []), { role: g.role as StaffRole, regionCode: g.regionCode, organisationId: g.organisationId }]);
  const items = [];
  for (const a of rows) items.push(await staffView(deps, a, byAccount.get(a.id) ?? []));
  return { total: Number(n), page: q.page, pageSize: q.pageSize, items };
}

async function managed(deps: IdentityDeps, actor: Actor, id: string) {
  const [a] = await deps.db.select().from(accounts).where(and(eq(accounts.id, id), eq(accounts.kind, 'staff')));
  if (!a) throw new ProblemError(404, 'not-found', 'problem.staffNotFound');
  const grants = await grantsOf(deps.db, id);
  if (!mayManage(actor, grants)) throw forbidden();
  return { account: a, grants };
}

export async function getStaff(deps: IdentityDeps, actor: Actor, id: string) {
  const { account, grants } = await managed(deps, actor, id);
  return staffView(deps, account, grants);
}

/** Replaces the roles of a staff member; their sessions end so the change applies at once. */
export async function setStaffRoles(deps: IdentityDeps, actor: Actor, id: string, input: GrantInput[]) {
  const { account, grants: before } = await managed(deps, actor, id);
  const grants = await resolveGrants(deps.db, deps, input);
  checkGrants(actor, grants);
  if (id === actor.accountId && before.some((g) => g.role === 'platform_admin') && !grants.some((g) => g.role === 'platform_admin')) {
    throw new ProblemError(409, 'conflict', 'problem.ownAdminRole');
  }
  await deps.db.transaction(async (tx) => {
    await writeGrants(tx, id, grants, actor.accountId);
    await revokeAllSessions(tx, id);
    await appendAudit(tx, { actor: actor.accountId, action: 'staff.roles.set', entityType: 'account', entityId: id, regionCode: deps.config.nodeRegion, detail: { before, after: grants } });});
  return staffView(deps, account, grants);
}

export async function setStaffStatus(deps: IdentityDeps, actor: Actor, id: string, status: 'active' | 'disabled') {
  const { account, grants } = await managed(deps, actor, id);
  if (id === actor.accountId) throw new ProblemError(409, 'conflict', 'problem.ownAccount');
  await deps.db.transaction(async (tx) => {
    await tx.update(accounts).set({ status, updatedAt: new Date() }).where(eq(accounts.id, id));
    if (status === 'disabled') await revokeAllSessions(tx, id);
    await appendAudit(tx, { actor: actor.accountId, action: `staff.${status === 'active' ? 'enable' : 'disable'}`, entityType: 'account', entityId: id, regionCode: deps.config.nodeRegion });});
  return staffView(deps, { ...account, status }, grants);
}

/** Sets a new initial password, to be changed at the next login. */
export async function resetStaffPassword(deps: IdentityDeps, actor: Actor, id: string, password: string) {
  const { account, grants } = await managed(deps, actor, id);
  const passwordHash = await hashPassword(password);
  await deps.db.transaction(async (tx) => {
    const now = new Date();
    await tx.update(accounts).set({ passwordHash, passwordChangedAt: now, passwordChangeRequired: true, updatedAt: now }).where(eq(accounts.id, id));
    await revokeAllSessions(tx, id);
    await appendAudit(tx, { actor: actor.accountId, action: 'staff.password.reset', entityType: 'account', entityId: id, regionCode: deps.config.nodeRegion });});
  return staffView(deps, { ...account, passwordChangeRequired: true }, grants);
}

/** Creates the first platform administrator (`admin`, initial password to change) when the node has none. */
export async function bootstrapAdmin(deps: IdentityDeps, password: string, phone = '13800000000'): Promise<boolean> {
  const [existing] = await deps.db.select({ id: roleAssignments.id }).from(roleAssignments).where(eq(roleAssignments.role, 'platform_admin')).limit(1);
  if (existing) return false;
  const passwordHash = await hashPassword(password);
  await deps.db.transaction((tx) =>
    insertStaff(tx, deps, { username: 'admin', name: '平台管理员', phone }, passwordHash, [{ role: 'platform_admin', regionCode: deps.config.nodeRegion, organisationId: null }], 'bootstrap', true),
  );
  return true;
}
