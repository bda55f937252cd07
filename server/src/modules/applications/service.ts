/**
 * Online applications (一网通办, DOMAIN.md §3): drafts, the applicant's and the staff's actions run
 * by the one workflow engine (domain/src/workflow.ts), the event timeline, and the clock (deadlines
 * in working days, 红黄牌 warnings).
 *
 * Every change is one transaction: the application row is locked (`for update`), the version
 * checked, the engine applied, the state, the event (seq = case version) and the audit entry written.
 */
import {
  allowedActions, applyAction, CalendarError, dateInZone, TERMINAL_STATUSES, warningLevel,
  type Actor as EngineActor, type CaseState, type ClockEffect, type ClockPause, type ItemDetail, type ItemGuide,
  type StaffRole, type TimeLimit, type WarningLevel, type WorkflowContext, type WorkflowDefinition, type WorkingCalendar,
  newCase,
} from '@onewindow/domain';
import { and, asc, count, desc, eq, inArray, like, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor, Tx } from '../../platform/db.js';
import { appendAudit } from '../../platform/audit.js';
import { holdsRole, requireRole, type Actor } from '../../platform/auth.js';
import { ProblemError, conflict, notFound, validationProblem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { maskPersonal } from '../../platform/personal-data.js';
import * as catalogue from '../catalogue/service.js';
import * as identity from '../identity/service.js';
import { applicationEvents, applicationNumbers, applications } from './schema.js';

export interface ApplicationDeps {
  db: Db;
  identity: identity.IdentityDeps;
  calendar: WorkingCalendar;
  timeZone: string;
}

/** Staff roles that handle applications in their organisation. */
export const HANDLING_ROLES: readonly StaffRole[] = ['window_clerk', 'reviewer', 'approver'];
export const APPLICANT_ACTIONS = ['submit', 'supply_correction', 'supply_missing', 'withdraw'] as const;
export const STAFF_ACTIONS = [
  'accept', 'accept_and_decide', 'request_correction', 'reject', 'accept_with_tolerance', 'accept_with_commitment',
  'approve_step', 'return_step', 'decide', 'complete', 'set_green_channel', 'promise_found_false',
] as const;
/** Yellow card when at most this many working days are left (the deadline day included). */
export const YELLOW_WHEN_AT_MOST = 1;

const ACCEPTING = new Set(['accept', 'accept_with_tolerance', 'accept_with_commitment', 'accept_and_decide']);
const DECIDING = new Set(['decide', 'accept_and_decide']);

type Row = typeof applications.$inferSelect;
type EventRow = typeof applicationEvents.$inferSelect;

// ---------------------------------------------------------------- definition and time limits

/**
 * The workflow of an item version, derived from its published guide:
 * - 即办件 (handlingType '1') → 'immediate', no review steps; 承诺件 and 其他 → 'promised' with the
 *   steps 审查 (reviewer) and 审批 (approver), the approver then deciding;
 * - 容缺受理 allowed when the guide marks a required material as may-be-missing (`mayBeMissing`);
 * - 告知承诺制: the guide has no field for it (its special procedures are 延长审批 / 听证 etc.): false.
 */
export function definitionOf(item: Pick<ItemDetail, 'id' | 'version'> & { guide: ItemGuide }): WorkflowDefinition {
  const immediate = item.guide.handlingType === '1';
  return {
    id: `item:${item.id}`,
    version: item.version,
    handlingType: immediate ? 'immediate' : 'promised',
    reviewSteps: immediate
      ? []
      : [
          { key: 'review', role: 'reviewer', name: '审查' },
          { key: 'approve', role: 'approver', name: '审批' },
        ],
    allowsTolerance: item.guide.materials.some((m) => m.required && m.mayBeMissing),
    allowsCommitment: false,
  };
}

/** A limit in working days; null for natural days, months or years (not converted). */
export function workingDays(limit: TimeLimit | undefined): number | null {
  return limit && limit.unit === 'working-day' ? limit.value : null;
}

/** The last instant of `date` in `timeZone` (ISO), e.g. 2026-12-01 → 2026-12-01T15:59:59.999Z in Asia/Shanghai. */
export function endOfDayInZone(date: string, timeZone: string): string {
  const guess = Date.parse(`${date}T23:59:59.999Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
      .formatToParts(guess)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second), 999);
  return new Date(guess - (wall - guess)).toISOString();
}

interface Timing {
  promisedDeadline: string | null;
  statutoryDeadline: string | null;
  warning: WarningLevel;
}

interface ClockEvent {
  action: string;
  at: Date;
  payload: unknown;
}
const clockEffectOf = (e: ClockEvent) => (e.payload as { clock?: { effect?: ClockEffect } }).clock?.effect;

/**
 * Deadlines from acceptance (the date in the node's time zone), the clock paused by the events'
 * pause…resume/stop intervals (补正); the warning of an open case from today, of a decided case
 * from the decision date (red when decided late). A year the calendar does not cover leaves the
 * deadline unset rather than failing the action (the operator loads the year's file).
 */
export function timingOf(deps: Pick<ApplicationDeps, 'calendar' | 'timeZone'>, row: Pick<Row, 'promisedLimitDays' | 'statutoryLimitDays'>, state: CaseState, events: ClockEvent[], now: Date): Timing {
  const zone = deps.timeZone;
  const accepted = events.find((e) => ACCEPTING.has(e.action));
  if (!accepted) return { promisedDeadline: null, statutoryDeadline: null, warning: 'green' };
  const pauses: ClockPause[] = [];
  let open: string | undefined;
  for (const e of events) {
    const effect = clockEffectOf(e);
    if (effect === 'pause') open = dateInZone(e.at, zone);
    else if ((effect === 'resume' || effect === 'stop') && open !== undefined) {
      pauses.push({ from: open, to: dateInZone(e.at, zone) });
      open = undefined;
    }
  }
  if (open !== undefined) pauses.push({ from: open, to: null });
  const acceptedDate = dateInZone(accepted.at, zone);
  const deadline = (days: number | null) => {
    if (days === null) return null;
    try {
      return deps.calendar.deadlineWithPauses(acceptedDate, days, pauses);
    } catch (e) {
      if (e instanceof CalendarError && e.code === 'year-not-covered') return null;
      throw e;
    }
  };
  const promisedDeadline = deadline(row.promisedLimitDays);
  const statutoryDeadline = deadline(row.statutoryLimitDays);
  const decided = events.find((e) => DECIDING.has(e.action));
  let warning: WarningLevel = 'green';
  if (promisedDeadline !== null) {
    if (decided) warning = dateInZone(decided.at, zone) > promisedDeadline ? 'red' : 'green';
    else if (!TERMINAL_STATUSES.includes(state.status)) {
      try {
        warning = warningLevel(deps.calendar.remainingWorkingDays(promisedDeadline, dateInZone(now, zone)), { yellowWhenAtMost: YELLOW_WHEN_AT_MOST });
      } catch (e) {
        if (!(e instanceof CalendarError)) throw e;
      }
    }
  }
  return { promisedDeadline, statutoryDeadline, warning };
}

// ---------------------------------------------------------------- views

function eventView(e: EventRow, forStaff: boolean) {
  const p = e.payload as { reviewStep?: unknown; action?: unknown };
  return {
    seq: e.seq,
    action: e.action,
    from: e.fromStatus,
    to: e.toStatus,
    actorKind: e.actorKind,
    ...(forStaff ? { actorId: e.actorId } : {}),
    opinion: e.opinion,
    reason: e.reason,
    legalBasis: e.legalBasis,
    reviewStep: p.reviewStep ?? null,
    payload: p.action ?? null,
    at: e.at.toISOString(),
  };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function view(row: Row) {
  return {
    id: row.id,
    number: row.number,
    implementationCode: row.implementationCode,
    itemName: row.itemName,
    itemVersion: row.itemVersion,
    channel: row.channel,
    status: row.status,
    version: row.version,
    enterprise: row.enterpriseId ? { id: row.enterpriseId, name: row.enterpriseName } : null,
    handlingOrganisationId: row.handlingOrgId,
    regionCode: row.regionCode,
    form: row.form as Record<string, unknown>,
    promisedLimitDays: row.promisedLimitDays,
    statutoryLimitDays: row.statutoryLimitDays,
    promisedDeadline: row.promisedDeadline,
    statutoryDeadline: row.statutoryDeadline,
    warning: row.warning,
    greenChannel: row.greenChannel,
    case: row.caseState as CaseState,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    submittedAt: iso(row.submittedAt),
    acceptedAt: iso(row.acceptedAt),
    decidedAt: iso(row.decidedAt),
    closedAt: iso(row.closedAt),
  };
}
export type ApplicationView = ReturnType<typeof view>;

function summary(row: Row) {
  return {
    id: row.id,
    number: row.number,
    implementationCode: row.implementationCode,
    itemName: row.itemName,
    status: row.status,
    version: row.version,
    enterprise: row.enterpriseId ? { id: row.enterpriseId, name: row.enterpriseName } : null,
    promisedDeadline: row.promisedDeadline,
    warning: row.warning,
    greenChannel: row.greenChannel,
    createdAt: row.createdAt.toISOString(),
    submittedAt: iso(row.submittedAt),
  };
}

async function eventsOf(db: Executor, applicationId: string): Promise<EventRow[]> {
  return db.select().from(applicationEvents).where(eq(applicationEvents.applicationId, applicationId)).orderBy(asc(applicationEvents.seq));
}

/** The engine's actor for a staff member: the handling roles held over the application's organisation. */
function staffActor(actor: Actor, row: Pick<Row, 'handlingOrgId' | 'regionCode'>): EngineActor {
  const scope = { organisationId: row.handlingOrgId, regionCode: row.regionCode };
  return { kind: 'staff', roles: HANDLING_ROLES.filter((r) => holdsRole(actor, r, scope)) };
}
const APPLICANT: EngineActor = { kind: 'applicant', roles: [] };

// ---------------------------------------------------------------- drafts

export interface DraftInput {
  implementationCode: string;
  form: Record<string, unknown>;
  enterpriseId?: string | undefined;
}

export interface PreparedDraft {
  item: ItemDetail;
  enterprise: { id: string; name: string } | null;
  form: Record<string, unknown>;
}

/**
 * The reads before a draft is made (outside its transaction): the item must be published and
 * applicable online, the enterprise one the person may act for.
 */
export async function prepareDraft(deps: ApplicationDeps, accountId: string, input: DraftInput): Promise<PreparedDraft> {
  const item = await catalogue.publicItem(deps.db, input.implementationCode);
  if (!item.guide.online.available || Number(item.guide.online.depth) < 3) {
    throw new ProblemError(422, 'not-online', 'problem.itemNotOnline', [{ pointer: '/body/implementationCode', code: 'application.itemNotOnline' }]);
  }
  let enterprise: PreparedDraft['enterprise'] = null;
  if (input.enterpriseId !== undefined) {
    const found = await identity.mayActFor(deps.identity, accountId, input.enterpriseId);
    if (!found) throw new ProblemError(403, 'forbidden', 'problem.enterpriseNotActable', [{ pointer: '/body/enterpriseId', code: 'application.enterpriseNotActable' }]);
    enterprise = { id: found.id, name: found.name };
  }
  return { item, enterprise, form: input.form };
}

/** The next 办件编号 of the region and day: one upsert, atomic under concurrency on both engines. */
async function nextNumber(tx: Tx, regionCode: string, day: string): Promise<string> {
  const [row] = await tx
    .insert(applicationNumbers)
    .values({ regionCode, day, last: 1 })
    .onConflictDoUpdate({ target: [applicationNumbers.regionCode, applicationNumbers.day], set: { last: sql`${applicationNumbers.last} + 1` } })
    .returning({ last: applicationNumbers.last });
  return `${regionCode}${day.replaceAll('-', '')}${String(row!.last).padStart(6, '0')}`;
}

export async function createDraft(tx: Tx, deps: ApplicationDeps, accountId: string, prepared: PreparedDraft): Promise<ApplicationView> {
  const { item, enterprise } = prepared;
  const now = new Date();
  const definition = definitionOf(item);
  const state = newCase(definition);
  const id = newId();
  const number = await nextNumber(tx, item.regionCode, dateInZone(now, deps.timeZone));
  const [row] = await tx
    .insert(applications)
    .values({
      id,
      number,
      itemId: item.id,
      implementationCode: item.guide.implementationCode,
      itemVersion: item.version,
      itemName: item.guide.name,
      definition,
      applicantAccountId: accountId,
      enterpriseId: enterprise?.id ?? null,
      enterpriseName: enterprise?.name ?? null,
      channel: 'online',
      submittedBy: null,
      handlingOrgId: item.organisation.id,
      regionCode: item.regionCode,
      status: state.status,
      caseState: state,
      version: 0,
      form: prepared.form,
      promisedLimitDays: workingDays(item.guide.promisedTimeLimit),
      statutoryLimitDays: workingDays(item.guide.statutoryTimeLimit),
      warning: 'green',
      greenChannel: false,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await appendAudit(tx, {
    actor: accountId,
    action: 'application.create',
    entityType: 'application',
    entityId: id,
    regionCode: item.regionCode,
    ownerOrgId: item.organisation.id,
    detail: { number, implementationCode: item.guide.implementationCode, itemVersion: item.version, enterpriseId: enterprise?.id ?? null },
  });
  return view(row!);
}

// ---------------------------------------------------------------- reads

async function findRow(db: Executor, id: string, forUpdate = false): Promise<Row | undefined> {
  const q = db.select().from(applications).where(eq(applications.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

/** The applicant's own application, else 404 (another person's application is not revealed). */
async function ownRow(db: Executor, accountId: string, id: string, forUpdate = false): Promise<Row> {
  const row = await findRow(db, id, forUpdate);
  if (!row || row.applicantAccountId !== accountId) throw notFound('problem.applicationNotFound');
  return row;
}

/** An application of an organisation the staff member handles applications in, else 404 / 403. */
async function staffRow(db: Executor, actor: Actor, id: string, forUpdate = false): Promise<Row> {
  const row = await findRow(db, id, forUpdate);
  if (!row || row.status === 'draft') throw notFound('problem.applicationNotFound');
  requireRole(actor, HANDLING_ROLES, { organisationId: row.handlingOrgId, regionCode: row.regionCode });
  return row;
}

export async function listMine(db: Executor, accountId: string, q: { page: number; pageSize: number }) {
  const where = eq(applications.applicantAccountId, accountId);
  const [total] = await db.select({ n: count() }).from(applications).where(where);
  const rows = await db.select().from(applications).where(where).orderBy(desc(applications.createdAt), desc(applications.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  return { items: rows.map(summary), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

export async function getMine(db: Executor, accountId: string, id: string) {
  const row = await ownRow(db, accountId, id);
  const events = await eventsOf(db, id);
  return {
    ...view(row),
    events: events.map((e) => eventView(e, false)),
    allowedActions: allowedActions(row.definition as WorkflowDefinition, row.caseState as CaseState, APPLICANT),
  };
}

/** The region scopes of region-wide handling grants, as SQL conditions on the region code. */
function regionCondition(scope: string): SQL {
  if (scope.endsWith('0000')) return like(applications.regionCode, `${scope.slice(0, 2)}%`);
  if (scope.endsWith('00')) return like(applications.regionCode, `${scope.slice(0, 4)}%`);
  return eq(applications.regionCode, scope);
}

export async function queue(db: Executor, actor: Actor, q: { status?: string | undefined; warning?: string | undefined; page: number; pageSize: number }) {
  const grants = actor.roles.filter((g) => HANDLING_ROLES.includes(g.role));
  const orgIds = [...new Set(grants.flatMap((g) => (g.organisationId ? [g.organisationId] : [])))];
  const scopes: SQL[] = grants.filter((g) => !g.organisationId).map((g) => regionCondition(g.regionCode));
  if (orgIds.length) scopes.push(inArray(applications.handlingOrgId, orgIds));
  if (scopes.length === 0) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const where = and(
    or(...scopes),
    ne(applications.status, 'draft'),
    q.status ? eq(applications.status, q.status) : undefined,
    q.warning ? eq(applications.warning, q.warning) : undefined,
  );
  const [total] = await db.select({ n: count() }).from(applications).where(where);
  const rows = await db
    .select()
    .from(applications)
    .where(where)
    .orderBy(desc(applications.greenChannel), sql`${applications.promisedDeadline} asc nulls last`, sql`${applications.submittedAt} asc nulls last`, asc(applications.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map(summary), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

export async function getForStaff(deps: ApplicationDeps, actor: Actor, id: string) {
  const row = await staffRow(deps.db, actor, id);
  const events = await eventsOf(deps.db, id);
  const claims = await identity.accountClaims(deps.identity, row.applicantAccountId);
  const mask = (kind: 'name' | 'idNumber' | 'phone', v: string | null | undefined) => (v ? maskPersonal(kind, v) : null);
  return {
    ...view(row),
    applicant: { name: mask('name', claims?.name), idNumber: mask('idNumber', claims?.idNumber), phone: mask('phone', claims?.phone), level: claims?.level ?? null },
    events: events.map((e) => eventView(e, true)),
    allowedActions: allowedActions(row.definition as WorkflowDefinition, row.caseState as CaseState, staffActor(actor, row)),
  };
}

// ---------------------------------------------------------------- changes

function checkVersion(row: Row, expected: number | undefined) {
  if (expected !== undefined && expected !== row.version) {
    throw new ProblemError(412, 'precondition-failed', 'problem.staleApplication', [], 'problem.staleApplication.detail', { version: row.version });
  }
}

export async function updateForm(tx: Tx, accountId: string, id: string, form: Record<string, unknown>, expectedVersion: number | undefined): Promise<ApplicationView> {
  const row = await ownRow(tx, accountId, id, true);
  checkVersion(row, expectedVersion);
  if (row.status !== 'draft') throw conflict('problem.applicationNotDraft', { status: row.status });
  const now = new Date();
  const [updated] = await tx.update(applications).set({ form, version: row.version + 1, updatedAt: now }).where(eq(applications.id, id)).returning();
  await appendAudit(tx, { actor: accountId, action: 'application.form', entityType: 'application', entityId: id, regionCode: row.regionCode, ownerOrgId: row.handlingOrgId, detail: { number: row.number, version: row.version + 1 } });
  return view(updated!);
}

export type Caller = { kind: 'applicant'; accountId: string } | { kind: 'staff'; actor: Actor };

/** An engine failure as a problem. */
function failure(result: Extract<ReturnType<typeof applyAction>, { ok: false }>, status: string): ProblemError {
  switch (result.code) {
    case 'illegal_transition':
      return new ProblemError(409, 'illegal-transition', 'problem.illegalTransition', [], 'problem.illegalTransition.detail', { caseStatus: status, allowed: result.allowed });
    case 'forbidden':
      return new ProblemError(403, 'forbidden', 'problem.actionForbidden', [], undefined, { allowed: result.allowed });
    case 'invalid_payload':
      return validationProblem((result.issues ?? []).map((i) => ({ pointer: `/body/${i.path.join('/')}`.replace(/\/$/, ''), code: i.message.startsWith('workflow.') ? i.message : 'invalid_value' })));
    case 'guard_failed':
      return new ProblemError(422, 'guard-failed', 'problem.guardFailed', [], `workflow.guard.${result.guard ?? 'unknown'}`, { guard: result.guard, allowed: result.allowed });
  }
}

/**
 * One action on an application by its applicant or a handling staff member, at `now`: the row
 * locked, the version checked (If-Match), the engine applied, the event and the audit entry written,
 * the deadlines and the warning recomputed.
 */
export async function act(
  tx: Tx,
  deps: Pick<ApplicationDeps, 'calendar' | 'timeZone'>,
  caller: Caller,
  id: string,
  action: { type: string; [key: string]: unknown },
  expectedVersion: number | undefined,
  now = new Date(),
) {
  const row = caller.kind === 'applicant' ? await ownRow(tx, caller.accountId, id, true) : await staffRow(tx, caller.actor, id, true);
  checkVersion(row, expectedVersion);
  const def = row.definition as WorkflowDefinition;
  const state = row.caseState as CaseState;
  const engineActor = caller.kind === 'applicant' ? APPLICANT : staffActor(caller.actor, row);
  const ctx: WorkflowContext = {};
  if (action.type === 'accept_with_tolerance' && row.promisedLimitDays !== null) {
    // 容缺: the supplement deadline may not pass the promised time limit counted from today
    try {
      ctx.promisedDeadline = endOfDayInZone(deps.calendar.addWorkingDays(dateInZone(now, deps.timeZone), row.promisedLimitDays), deps.timeZone);
    } catch (e) {
      if (!(e instanceof CalendarError)) throw e;
    }
  }
  const result = applyAction(def, state, action, engineActor, ctx, now);
  if (!result.ok) throw failure(result, state.status);
  const { state: next, event } = result;
  const actorId = caller.kind === 'applicant' ? caller.accountId : caller.actor.accountId;
  const at = new Date(event.at);
  await tx.insert(applicationEvents).values({
    id: newId(),
    applicationId: id,
    seq: next.version,
    action: event.action,
    fromStatus: event.from,
    toStatus: event.to,
    actorId,
    actorKind: event.actor.kind,
    opinion: event.opinion ?? null,
    reason: event.reason ?? null,
    legalBasis: event.legalBasis ?? null,
    payload: { action: event.payload, clock: event.clock, roles: event.actor.roles, ...(event.reviewStep ? { reviewStep: event.reviewStep } : {}) },
    at,
  });
  const events = await eventsOf(tx, id);
  const timing = timingOf(deps, row, next, events, now);
  const [updated] = await tx
    .update(applications)
    .set({
      status: next.status,
      caseState: next,
      version: row.version + 1,
      greenChannel: next.greenChannel,
      promisedDeadline: timing.promisedDeadline,
      statutoryDeadline: timing.statutoryDeadline,
      warning: timing.warning,
      updatedAt: now,
      ...(event.action === 'submit' ? { submittedAt: at } : {}),
      ...(ACCEPTING.has(event.action) ? { acceptedAt: at } : {}),
      ...(DECIDING.has(event.action) ? { decidedAt: at } : {}),
      ...(TERMINAL_STATUSES.includes(next.status) ? { closedAt: at } : {}),
    })
    .where(eq(applications.id, id))
    .returning();
  await appendAudit(tx, {
    actor: actorId,
    action: `application.${event.action}`,
    entityType: 'application',
    entityId: id,
    regionCode: row.regionCode,
    ownerOrgId: row.handlingOrgId,
    detail: { number: row.number, from: event.from, to: event.to, seq: next.version, version: row.version + 1, ...(event.reviewStep ? { reviewStep: event.reviewStep.key } : {}) },
  });
  return {
    ...view(updated!),
    events: events.map((e) => eventView(e, caller.kind === 'staff')),
    allowedActions: allowedActions(def, next, engineActor),
  };
}
