/**
 * Online applications (一网通办, DOMAIN.md §3): drafts, the applicant's and the staff's actions run
 * by the one workflow engine (domain/src/workflow.ts), the event timeline, and the clock (deadlines
 * in working days, 红黄牌 warnings).
 *
 * Every change is one transaction: the application row is locked (`for update`), the version
 * checked, the engine applied, the state, the event (seq = case version) and the audit entry written.
 */
import {
  allowedActions, applyAction, CalendarError, RATEABLE_APPLICATION_STATUSES, createWorkingCalendar, dateInZone, DEFAULT_FORM, TERMINAL_STATUSES, warningLevel,
  type Actor as EngineActor, type CaseState, type ClockEffect, type ClockPause, type FormDefinition, type ItemDetail, type ItemGuide,
  type StaffRole, type TimeLimit, type WarningLevel, type WorkflowContext, type WorkflowDefinition, type WorkingCalendar,
  newCase,
} from '@onewindow/domain';
import { and, asc, count, desc, eq, gte, inArray, isNull, like, lt, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { organisationNames } from '../reference/service.js';
import { storeUpload, uploadName, type FileStore, type UploadPolicy } from '../../platform/files.js';
import type { Db, Executor, Tx } from '../../platform/db.js';
import { appendAudit } from '../../platform/audit.js';
import { holdsRole, requireRole, type Actor } from '../../platform/auth.js';
import { ProblemError, conflict, notFound, validationProblem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Keyring } from '../../platform/crypto.js';
import { maskPersonal } from '../../platform/personal-data.js';
import * as catalogue from '../catalogue/service.js';
import * as identity from '../identity/service.js';
import * as licences from '../licences/service.js';
import { creditFacts, type CreditFacts } from '../credit/service.js';
import { checkForm, openForm, prefilledOf, sealForm, withoutPrefilled, type MaterialTerm } from './forms.js';

export { openForm, sealForm, type MaterialTerm };
import { applicationEvents, applicationFiles, applicationNumbers, applications } from './schema.js';
import { savingsAtSubmission, suppliedCodes, suppliedView } from './supply.js';

export interface ApplicationDeps {
  db: Db;
  identity: identity.IdentityDeps;
  calendar: WorkingCalendar;
  timeZone: string;
  /** tells the applicant about a change, in the change's transaction */
  notify?: Notifier | undefined;
}

/**
 * The credit facts of the case's applicant (the person, and the enterprise they act for) for the
 * engine's guards: 容缺 is closed to the joint disciplinary list, 告知承诺 also to bad records.
 */
export async function creditOf(deps: Pick<ApplicationDeps, 'identity' | 'timeZone'>, db: Executor, row: Pick<Row, 'applicantAccountId' | 'enterpriseId'>, now: Date): Promise<CreditFacts> {
  const claims = await identity.accountClaims({ ...deps.identity, db: db as Db }, row.applicantAccountId);
  const enterprise = row.enterpriseId ? await identity.enterpriseFacts({ db: db as Db }, row.enterpriseId) : undefined;
  return creditFacts(db, deps.identity.indexKey, { idNumber: claims?.idNumber, uscc: enterprise?.uscc }, dateInZone(now, deps.timeZone));
}

/** Staff roles that handle applications in their organisation. */
export const HANDLING_ROLES: readonly StaffRole[] = ['window_clerk', 'reviewer', 'approver'];
export const APPLICANT_ACTIONS = ['submit', 'supply_correction', 'supply_missing', 'withdraw'] as const;
export const STAFF_ACTIONS = [
  'submit', // a window draft, on behalf of the person at the counter
  'accept', 'accept_and_decide', 'request_correction', 'reject', 'accept_with_tolerance', 'accept_with_commitment',
  'approve_step', 'return_step', 'decide', 'complete', 'set_green_channel', 'promise_found_false',
  'start_special_procedure', 'end_special_procedure', 'extend_time_limit',
] as const;
/** Yellow card when at most this many working days are left (the deadline day included). */
export const YELLOW_WHEN_AT_MOST = 1;

const ACCEPTING = new Set(['accept', 'accept_with_tolerance', 'accept_with_commitment', 'accept_and_decide']);
const DECIDING = new Set(['decide', 'accept_and_decide']);

type Row = typeof applications.$inferSelect;
type EventRow = typeof applicationEvents.$inferSelect;

// ---------------------------------------------------------------- definition and time limits

/** Review steps of an item whose application settings name none. */
export const DEFAULT_REVIEW_STEPS = [
  { key: 'review', role: 'reviewer', name: '审查' },
  { key: 'approve', role: 'approver', name: '审批' },
] as const satisfies WorkflowDefinition['reviewSteps'];

/**
 * The workflow of an item version, derived from its published guide and application settings:
 * - 即办件 (handlingType '1') → 'immediate', no review steps; 承诺件 and 其他 → 'promised' with the
 *   settings' review steps (default 审查 by a reviewer, 审批 by an approver), the approver then deciding;
 * - 容缺受理 allowed when the guide marks a required material as may-be-missing (`mayBeMissing`);
 * - 告知承诺制 allowed when the settings carry a commitment notice; excluded for high-risk matters.
 */
export function definitionOf(item: Pick<ItemDetail, 'id' | 'version'> & { guide: ItemGuide }): WorkflowDefinition {
  const immediate = item.guide.handlingType === '1';
  const settings = item.guide.application;
  return {
    id: `item:${item.id}`,
    version: item.version,
    handlingType: immediate ? 'immediate' : 'promised',
    reviewSteps: immediate ? [] : (settings?.reviewSteps ?? DEFAULT_REVIEW_STEPS).map((s) => ({ ...s })),
    allowsTolerance: item.guide.materials.some((m) => m.required && m.mayBeMissing),
    allowsCommitment: settings?.commitment !== undefined,
    highRisk: settings?.highRisk ?? false,
  };
}

/** The role that acts next on a case, for the queues (null: the applicant or nobody). */
export function pendingRoleOf(def: WorkflowDefinition, state: CaseState): StaffRole | null {
  switch (state.status) {
    case 'submitted':
    case 'decided':
      return 'window_clerk';
    case 'accepted':
    case 'under_review':
      return def.reviewSteps[state.reviewStepIndex]?.role ?? 'approver';
    default:
      return null;
  }
}

const materialTerms = (guide: ItemGuide): MaterialTerm[] => {
  const byForm = new Set(guide.application?.formReplaces ?? []);
  return guide.materials.map((m) => ({
    code: m.code, name: m.name, required: m.required, requiredNote: m.requiredNote, mayBeMissing: m.mayBeMissing, source: m.source,
    ...(m.supply ? { supply: m.supply } : {}),
    ...(byForm.has(m.code) ? { byForm: true } : {}),
  }));
};

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

const provisionals = new WeakMap<WorkingCalendar, WorkingCalendar>();
/**
 * The calendar extended by the three years after the last covered one, counting weekends only:
 * deadlines running into a year whose official holiday notice is not loaded yet (the State Council
 * publishes it late in the year before) are provisional, shown as such, and corrected by the daily
 * recolouring once the operator loads the year's file.
 */
export function provisionalCalendar(calendar: WorkingCalendar): WorkingCalendar {
  let p = provisionals.get(calendar);
  if (!p) {
    const data = calendar.toData();
    const last = Math.max(...data.years);
    p = createWorkingCalendar({ ...data, years: [...data.years, last + 1, last + 2, last + 3] });
    provisionals.set(calendar, p);
  }
  return p;
}

/** Whether a deadline lies in a year the official calendar does not cover yet. */
export const isProvisional = (calendar: WorkingCalendar, date: string | null) => date !== null && !calendar.years.includes(Number(date.slice(0, 4)));

/**
 * 受理时限: an application is accepted, rejected or sent back for correction within five working
 * days of its submission (《行政许可法》第三十二条); the card of a submitted case runs on it.
 */
export const ACCEPTANCE_LIMIT_DAYS = 5;

interface Timing {
  /** while the case waits for acceptance: the last day to accept, reject or ask for 补正 */
  acceptanceDeadline: string | null;
  promisedDeadline: string | null;
  statutoryDeadline: string | null;
  deadlineProvisional: boolean;
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
  if (!accepted) return acceptanceTiming(deps, state, events, now);
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
  // a pause still running (补正 or a special procedure): the deadline as if the clock ran again
  // today — it moves on while the pause lasts (the daily recolouring recomputes it)
  if (open !== undefined) pauses.push({ from: open, to: dateInZone(now, zone) });
  const acceptedDate = dateInZone(accepted.at, zone);
  /** 延长审批: the approved extension lengthens both limits */
  const extra = (state as { extension?: { days: number } }).extension?.days ?? 0;
  const provisional = provisionalCalendar(deps.calendar);
  const deadline = (days: number | null) => {
    if (days === null) return null;
    try {
      return provisional.deadlineWithPauses(acceptedDate, days + extra, pauses);
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
        warning = warningLevel(provisional.remainingWorkingDays(promisedDeadline, dateInZone(now, zone)), { yellowWhenAtMost: YELLOW_WHEN_AT_MOST });
      } catch (e) {
        if (!(e instanceof CalendarError)) throw e;
      }
    }
  }
  const deadlineProvisional = isProvisional(deps.calendar, promisedDeadline) || isProvisional(deps.calendar, statutoryDeadline);
  return { acceptanceDeadline: null, promisedDeadline, statutoryDeadline, deadlineProvisional, warning };
}

/** Before acceptance: the card of a submitted case from its (latest) submission and the acceptance limit. */
function acceptanceTiming(deps: Pick<ApplicationDeps, 'calendar' | 'timeZone'>, state: CaseState, events: ClockEvent[], now: Date): Timing {
  const none: Timing = { acceptanceDeadline: null, promisedDeadline: null, statutoryDeadline: null, deadlineProvisional: false, warning: 'green' };
  if (state.status !== 'submitted') return none;
  const handedIn = [...events].reverse().find((e) => e.action === 'submit' || e.action === 'supply_correction');
  if (!handedIn) return none;
  const provisional = provisionalCalendar(deps.calendar);
  try {
    const acceptanceDeadline = provisional.addWorkingDays(dateInZone(handedIn.at, deps.timeZone), ACCEPTANCE_LIMIT_DAYS);
    const remaining = provisional.remainingWorkingDays(acceptanceDeadline, dateInZone(now, deps.timeZone));
    return { ...none, acceptanceDeadline, deadlineProvisional: isProvisional(deps.calendar, acceptanceDeadline), warning: warningLevel(remaining, { yellowWhenAtMost: YELLOW_WHEN_AT_MOST }) };
  } catch (e) {
    if (e instanceof CalendarError) return none;
    throw e;
  }
}

// ---------------------------------------------------------------- views

/** Internal review steps: the applicant sees that a step passed or went back, not the opinion. */
const INTERNAL = new Set(['approve_step', 'return_step']);

function eventView(e: EventRow, def: WorkflowDefinition, forStaff: boolean) {
  const p = e.payload as { reviewStep?: { index: number; key: string }; action?: unknown; files?: string[] };
  const step = p.reviewStep ? def.reviewSteps.find((s) => s.key === p.reviewStep!.key) : undefined;
  const hidden = !forStaff && INTERNAL.has(e.action);
  return {
    seq: e.seq,
    action: e.action,
    from: e.fromStatus,
    to: e.toStatus,
    actorKind: e.actorKind,
    ...(forStaff ? { actorId: e.actorId } : {}),
    opinion: hidden ? null : e.opinion,
    reason: e.reason,
    legalBasis: e.legalBasis,
    reviewStep: step ? { key: step.key, name: step.name, role: step.role } : null,
    payload: hidden ? null : (p.action ?? null),
    files: p.files ?? [],
    at: e.at.toISOString(),
  };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

function view(row: Row, keyring: Keyring) {
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
    form: openForm(keyring, row),
    formDefinition: row.formDefinition as FormDefinition,
    materials: row.materials as MaterialTerm[],
    commitment: row.commitment as { notice: string; replacesMaterials: string[] } | null,
    commitmentSignedAt: iso(row.commitmentSignedAt),
    pendingRole: row.pendingRole,
    claimed: row.claimedBy !== null,
    promisedLimitDays: row.promisedLimitDays,
    statutoryLimitDays: row.statutoryLimitDays,
    promisedDeadline: row.promisedDeadline,
    statutoryDeadline: row.statutoryDeadline,
    acceptanceDeadline: row.acceptanceDeadline,
    deadlineProvisional: row.deadlineProvisional,
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
    acceptanceDeadline: row.acceptanceDeadline,
    warning: row.warning,
    greenChannel: row.greenChannel,
    channel: row.channel,
    materialsSaved: row.materialsSaved,
    tripsSaved: row.tripsSaved,
    pendingRole: row.pendingRole,
    claimedBy: row.claimedBy,
    createdAt: row.createdAt.toISOString(),
    submittedAt: iso(row.submittedAt),
    closedAt: iso(row.closedAt),
  };
}

type FileRow = typeof applicationFiles.$inferSelect;
function fileView(f: FileRow) {
  return {
    id: f.id,
    kind: f.kind,
    materialCode: f.materialCode,
    name: f.name,
    contentType: f.contentType,
    size: f.size,
    sm3: f.sm3,
    uploaderKind: f.uploaderKind,
    eventSeq: f.eventSeq,
    createdAt: f.createdAt.toISOString(),
  };
}
export type FileView = ReturnType<typeof fileView>;

async function filesOf(db: Executor, applicationId: string): Promise<FileRow[]> {
  return db.select().from(applicationFiles).where(eq(applicationFiles.applicationId, applicationId)).orderBy(asc(applicationFiles.createdAt), asc(applicationFiles.id));
}

export async function eventsOf(db: Executor, applicationId: string): Promise<EventRow[]> {
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
  formDefinition: FormDefinition;
  /** online, or a window clerk's submission on behalf of the person at the counter */
  channel: 'online' | 'window';
  submittedBy: string | null;
  /** the 办件编号, drawn before the draft's transaction */
  number?: string;
}

export const formOf = (guide: ItemGuide): FormDefinition => guide.application?.form ?? DEFAULT_FORM;

/**
 * The reads before a draft is made (outside its transaction): the item must be published and
 * applicable online (or, at a window, offered at a window), the applicant's assurance level at
 * least the item's minimum, the enterprise one the person may act for, the form data valid as a
 * draft (required fields may still be empty).
 */
export async function prepareDraft(
  deps: ApplicationDeps,
  accountId: string,
  input: DraftInput,
  window?: { clerkId: string },
): Promise<PreparedDraft> {
  const item = await catalogue.publicItem(deps.db, input.implementationCode);
  if (window) {
    if (!item.guide.channels.includes('1')) {
      throw new ProblemError(422, 'not-at-window', 'problem.itemNotAtWindow', [{ pointer: '/body/implementationCode', code: 'application.itemNotAtWindow' }]);
    }
  } else if (!item.guide.online.available || Number(item.guide.online.depth) < 3) {
    throw new ProblemError(422, 'not-online', 'problem.itemNotOnline', [{ pointer: '/body/implementationCode', code: 'application.itemNotOnline' }]);
  }
  const minimumLevel = item.guide.application?.minimumLevel ?? 2;
  const claims = await identity.accountClaims(deps.identity, accountId);
  if (!claims || claims.level < minimumLevel) {
    throw new ProblemError(403, 'level-too-low', 'problem.levelTooLow', [], 'problem.levelTooLow.detail', { requiredLevel: minimumLevel, level: claims?.level ?? 0 });
  }
  let enterprise: PreparedDraft['enterprise'] = null;
  if (input.enterpriseId !== undefined) {
    const found = await identity.mayActFor(deps.identity, accountId, input.enterpriseId);
    if (!found) throw new ProblemError(403, 'forbidden', 'problem.enterpriseNotActable', [{ pointer: '/body/enterpriseId', code: 'application.enterpriseNotActable' }]);
    enterprise = { id: found.id, name: found.name };
  }
  const formDefinition = formOf(item.guide);
  const form = withoutPrefilled(formDefinition, input.form);
  checkForm(formDefinition, form, false, '/body/form');
  const number = await nextNumber(deps.db, item.regionCode, dateInZone(new Date(), deps.timeZone));
  return { item, enterprise, form, formDefinition, channel: window ? 'window' : 'online', submittedBy: window?.clerkId ?? null, number };
}

/**
 * 综合窗口: the person at the counter, identified by the ID card the clerk checks in person (which
 * raises their account to level 5, audited); a person without an account registers first.
 */
export async function checkAtCounter(deps: Pick<ApplicationDeps, 'identity'>, clerk: Actor, person: { name: string; idNumber: string }) {
  return identity.verifyAtCounter(deps.identity, clerk, person);
}

/** A window clerk enters applications for items of their own organisation (or region-wide grant). */
export function requireWindowClerk(clerk: Actor, prepared: PreparedDraft): void {
  requireRole(clerk, ['window_clerk'], { organisationId: prepared.item.organisation.id, regionCode: prepared.item.regionCode });
}

/**
 * The next 办件编号 of the region and day: one upsert, atomic under concurrency on both engines. It
 * runs on its own, before the draft's transaction, so concurrent drafts of a region do not queue
 * behind each other's commits on the counter row: numbers are unique and increasing, and a number
 * whose draft is never written (a failed or replayed request) is skipped.
 */
export async function nextNumber(db: Executor, regionCode: string, day: string): Promise<string> {
  const [row] = await db
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
  const number = prepared.number ?? (await nextNumber(tx, item.regionCode, dateInZone(now, deps.timeZone)));
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
      channel: prepared.channel,
      submittedBy: prepared.submittedBy,
      handlingOrgId: item.organisation.id,
      regionCode: item.regionCode,
      status: state.status,
      caseState: state,
      version: 0,
      form: {},
      formCipher: sealForm(deps.identity.keyring, id, prepared.form),
      formDefinition: prepared.formDefinition,
      materials: materialTerms(item.guide),
      commitment: item.guide.application?.commitment ?? null,
      promisedLimitDays: workingDays(item.guide.promisedTimeLimit),
      statutoryLimitDays: workingDays(item.guide.statutoryTimeLimit),
      warning: 'green',
      greenChannel: false,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await appendAudit(tx, {
    actor: prepared.submittedBy ?? accountId,
    action: 'application.create',
    entityType: 'application',
    entityId: id,
    regionCode: item.regionCode,
    ownerOrgId: item.organisation.id,
    detail: { number, implementationCode: item.guide.implementationCode, itemVersion: item.version, enterpriseId: enterprise?.id ?? null, channel: prepared.channel, ...(prepared.submittedBy ? { applicant: accountId } : {}) },
  });
  return view(row!, deps.identity.keyring);
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

/**
 * An application of an organisation the staff member handles applications in, else 404 / 403. A
 * draft is seen only by the clerk entering it at a window.
 */
async function staffRow(db: Executor, actor: Actor, id: string, forUpdate = false): Promise<Row> {
  const row = await findRow(db, id, forUpdate);
  if (!row || (row.status === 'draft' && row.submittedBy !== actor.accountId)) throw notFound('problem.applicationNotFound');
  requireRole(actor, HANDLING_ROLES, { organisationId: row.handlingOrgId, regionCode: row.regionCode });
  return row;
}

/** The applicant's own draft, else 404 / 409 (not a draft any more). */
export async function ownDraft(db: Executor, accountId: string, id: string): Promise<Row> {
  const row = await ownRow(db, accountId, id);
  if (row.status !== 'draft') throw conflict('problem.applicationNotDraft', { status: row.status });
  return row;
}

/** 我的办件 groups: drafts, cases in handling, closed cases. */
export const STAGES = ['draft', 'open', 'closed'] as const;
const stageCondition = (stage: (typeof STAGES)[number]) =>
  stage === 'draft' ? eq(applications.status, 'draft') : stage === 'closed' ? inArray(applications.status, [...TERMINAL_STATUSES]) : notInArray(applications.status, ['draft', ...TERMINAL_STATUSES]);

export async function listMine(db: Executor, accountId: string, q: { page: number; pageSize: number; stage?: (typeof STAGES)[number] | undefined }) {
  const where = and(eq(applications.applicantAccountId, accountId), q.stage ? stageCondition(q.stage) : undefined);
  const [total] = await db.select({ n: count() }).from(applications).where(where);
  const rows = await db.select().from(applications).where(where).orderBy(desc(applications.createdAt), desc(applications.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  return { items: rows.map(summary), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

/** The facts prefilled fields show: the applicant's (masked) and the enterprise's. */
async function prefilled(deps: Pick<ApplicationDeps, 'identity'>, row: Row, claims?: Awaited<ReturnType<typeof identity.accountClaims>>) {
  const who = claims ?? (await identity.accountClaims(deps.identity, row.applicantAccountId));
  let enterprise: { name: string; uscc: string } | null = null;
  if (row.enterpriseId) {
    enterprise = (await identity.enterpriseFacts(deps.identity, row.enterpriseId)) ?? null;
  }
  return prefilledOf(row.formDefinition as FormDefinition, { name: who?.name, idNumber: who?.idNumber, phone: who?.phone, enterprise });
}

/** Files the applicant sees: everything but staff attachments of internal steps (opinions stay inside). */
const applicantSees = (f: FileRow) => f.kind !== 'attachment';

export async function getMine(deps: Pick<ApplicationDeps, 'db' | 'identity'>, accountId: string, id: string) {
  const row = await ownRow(deps.db, accountId, id);
  const [events, files] = await Promise.all([eventsOf(deps.db, id), filesOf(deps.db, id)]);
  return {
    ...view(row, deps.identity.keyring),
    ...(await suppliedView(deps.db, deps.identity.keyring, row, files)),
    prefilled: await prefilled(deps, row),
    files: files.filter(applicantSees).map(fileView),
    events: events.map((e) => eventView(e, row.definition as WorkflowDefinition, false)),
    allowedActions: allowedActions(row.definition as WorkflowDefinition, row.caseState as CaseState, APPLICANT),
  };
}

/** The region scopes of region-wide handling grants, as SQL conditions on the region code. */
function regionCondition(scope: string): SQL {
  if (scope.endsWith('0000')) return like(applications.regionCode, `${scope.slice(0, 2)}%`);
  if (scope.endsWith('00')) return like(applications.regionCode, `${scope.slice(0, 4)}%`);
  return eq(applications.regionCode, scope);
}

export interface QueueQuery {
  status?: string | undefined;
  warning?: string | undefined;
  /** implementation code */
  item?: string | undefined;
  claim?: 'mine' | 'unclaimed' | undefined;
  /** only cases whose next step is one of the caller's roles */
  forMe?: boolean | undefined;
  page: number;
  pageSize: number;
}

export async function queue(db: Executor, actor: Actor, q: QueueQuery) {
  const grants = actor.roles.filter((g) => HANDLING_ROLES.includes(g.role));
  const orgIds = [...new Set(grants.flatMap((g) => (g.organisationId ? [g.organisationId] : [])))];
  const scopes: SQL[] = grants.filter((g) => !g.organisationId).map((g) => regionCondition(g.regionCode));
  if (orgIds.length) scopes.push(inArray(applications.handlingOrgId, orgIds));
  if (scopes.length === 0) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const where = and(
    or(...scopes),
    ne(applications.status, 'draft'),
    q.status ? eq(applications.status, q.status) : undefined,
    // a card is about a case still to be handled (a closed case keeps its colour: decided late)
    q.warning ? and(eq(applications.warning, q.warning), notInArray(applications.status, [...TERMINAL_STATUSES])) : undefined,
    q.item ? eq(applications.implementationCode, q.item) : undefined,
    q.claim === 'mine' ? eq(applications.claimedBy, actor.accountId) : q.claim === 'unclaimed' ? isNull(applications.claimedBy) : undefined,
    q.forMe ? inArray(applications.pendingRole, [...new Set(grants.map((g) => g.role))]) : undefined,
  );
  const [total] = await db.select({ n: count() }).from(applications).where(where);
  const rows = await db
    .select()
    .from(applications)
    .where(where)
    .orderBy(desc(applications.greenChannel), sql`coalesce(${applications.promisedDeadline}, ${applications.acceptanceDeadline}) asc nulls last`, sql`${applications.submittedAt} asc nulls last`, asc(applications.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map(summary), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

export async function getForStaff(deps: ApplicationDeps, actor: Actor, id: string) {
  const row = await staffRow(deps.db, actor, id);
  const [events, files] = await Promise.all([eventsOf(deps.db, id), filesOf(deps.db, id)]);
  const claims = await identity.accountClaims(deps.identity, row.applicantAccountId);
  const mask = (kind: 'name' | 'idNumber' | 'phone', v: string | null | undefined) => (v ? maskPersonal(kind, v) : null);
  const def = row.definition as WorkflowDefinition;
  const state = row.caseState as CaseState;
  return {
    ...view(row, deps.identity.keyring),
    ...(await suppliedView(deps.db, deps.identity.keyring, row, files)),
    claimedBy: row.claimedBy,
    claimedByMe: row.claimedBy === actor.accountId,
    submittedBy: row.submittedBy,
    applicant: { name: mask('name', claims?.name), idNumber: mask('idNumber', claims?.idNumber), phone: mask('phone', claims?.phone), level: claims?.level ?? null },
    prefilled: await prefilled(deps, row, claims),
    files: files.map(fileView),
    reviewSteps: def.reviewSteps,
    events: events.map((e) => eventView(e, def, true)),
    allowedActions: row.status === 'draft' ? (['submit'] as const).slice() : allowedActions(def, state, staffActor(actor, row), await creditOf(deps, deps.db, row, new Date())),
  };
}

// ---------------------------------------------------------------- changes

function checkVersion(row: Row, expected: number | undefined) {
  if (expected !== undefined && expected !== row.version) {
    throw new ProblemError(412, 'precondition-failed', 'problem.staleApplication', [], 'problem.staleApplication.detail', { version: row.version });
  }
}

/** Who acts: the applicant, a staff member, or the node's scheduler (容缺 expiry). */
export type Caller = { kind: 'applicant'; accountId: string } | { kind: 'staff'; actor: Actor } | { kind: 'system' };
const callerId = (c: Caller) => (c.kind === 'applicant' ? c.accountId : c.kind === 'staff' ? c.actor.accountId : 'system');
async function rowFor(tx: Executor, caller: Caller, id: string, forUpdate: boolean): Promise<Row> {
  if (caller.kind === 'applicant') return ownRow(tx, caller.accountId, id, forUpdate);
  if (caller.kind === 'staff') return staffRow(tx, caller.actor, id, forUpdate);
  const row = await findRow(tx, id, forUpdate);
  if (!row) throw notFound('problem.applicationNotFound');
  return row;
}

export async function updateForm(tx: Tx, keyring: Keyring, caller: Caller, id: string, input: Record<string, unknown>, expectedVersion: number | undefined): Promise<ApplicationView> {
  const row = await rowFor(tx, caller, id, true);
  checkVersion(row, expectedVersion);
  if (row.status !== 'draft') throw conflict('problem.applicationNotDraft', { status: row.status });
  const def = row.formDefinition as FormDefinition;
  const form = withoutPrefilled(def, input);
  checkForm(def, form, false, '/body/form');
  const now = new Date();
  const [updated] = await tx.update(applications).set({ form: {}, formCipher: sealForm(keyring, id, form), version: row.version + 1, updatedAt: now }).where(eq(applications.id, id)).returning();
  await appendAudit(tx, { actor: callerId(caller), action: 'application.form', entityType: 'application', entityId: id, regionCode: row.regionCode, ownerOrgId: row.handlingOrgId, detail: { number: row.number, version: row.version + 1 } });
  return view(updated!, keyring);
}


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

/** Actions by which the applicant hands in materials: unbound material files join their event. */
const SUPPLYING = new Set(['submit', 'supply_correction', 'supply_missing']);

export interface ActionInput {
  type: string;
  /** files uploaded to this application by the caller and not yet used, attached to the event */
  attachments?: string[] | undefined;
  /** on submission: the applicant signs the item's 告知承诺 */
  commitmentSigned?: boolean | undefined;
  [key: string]: unknown;
}

/**
 * What submission demands beyond the engine: the form complete and valid, and every required
 * material uploaded or supplied (免提交) — except those that may be missing under 容缺 (the clerk decides) and those the
 * signed 告知承诺 replaces.
 */
function checkSubmission(row: Row, form: Record<string, unknown>, files: FileRow[], commitmentSigned: boolean, supplied: Set<string>) {
  checkForm(row.formDefinition as FormDefinition, form, true, '/form');
  const replaced = new Set(commitmentSigned ? ((row.commitment as { replacesMaterials?: string[] } | null)?.replacesMaterials ?? []) : []);
  const uploaded = new Set(files.filter((f) => f.kind === 'material').map((f) => f.materialCode));
  const missing = (row.materials as MaterialTerm[]).filter((m) => m.required && m.source === 'applicant' && !m.byForm && !m.mayBeMissing && !replaced.has(m.code) && !uploaded.has(m.code) && !supplied.has(m.code));
  if (missing.length) throw validationProblem(missing.map((m) => ({ pointer: `/materials/${m.code}`, code: 'application.materialMissing' })));
}

/**
 * One action on an application by its applicant or a handling staff member, at `now`: the row
 * locked, the version checked (If-Match), the claim respected, the engine applied, the event (with
 * its attachments) and the audit entry written, the deadlines, the warning and the next role
 * recomputed, the claim released.
 */
export async function act(
  tx: Tx,
  deps: Pick<ApplicationDeps, 'calendar' | 'timeZone' | 'notify'> & { identity?: ApplicationDeps['identity'] | undefined },
  caller: Caller,
  id: string,
  input: ActionInput,
  expectedVersion: number | undefined,
  now = new Date(),
) {
  const row = await rowFor(tx, caller, id, true);
  checkVersion(row, expectedVersion);
  const { attachments = [], ...rest } = input;
  // on submission, `commitmentSigned` is the applicant's signature of the 告知承诺 (not an engine field)
  const { commitmentSigned: signedFlag, ...submitRest } = rest;
  const commitmentSigned = rest.type === 'submit' && signedFlag === true;
  const action = rest.type === 'submit' ? submitRest : rest;
  const def = row.definition as WorkflowDefinition;
  const state = row.caseState as CaseState;
  const actorId = callerId(caller);
  if (caller.kind === 'staff' && row.claimedBy !== null && row.claimedBy !== actorId) {
    throw conflict('problem.applicationClaimed', { claimedAt: iso(row.claimedAt) });
  }
  /** a window clerk submits on behalf of the person at the counter */
  const onBehalf = caller.kind === 'staff' && row.channel === 'window' && row.status === 'draft';
  if (caller.kind === 'staff' && row.status === 'draft' && !onBehalf) throw notFound('problem.applicationNotFound');
  const engineActor: EngineActor = caller.kind === 'system' ? { kind: 'system', roles: [] } : caller.kind === 'applicant' || onBehalf ? APPLICANT : staffActor(caller.actor, row);
  const files = await filesOf(tx, id);
  if (action.type === 'submit' && state.status === 'draft') {
    if (commitmentSigned && row.commitment === null) {
      throw validationProblem([{ pointer: '/body/commitmentSigned', code: 'application.noCommitment' }]);
    }
    if (!deps.identity) throw new Error('submission needs the key ring (deps.identity) to open the form');
    checkSubmission(row, openForm(deps.identity.keyring, row), files, commitmentSigned, await suppliedCodes(tx, id));
  }
  const savings = action.type === 'submit' && state.status === 'draft' ? await savingsAtSubmission(tx, row) : undefined;
  if (action.type === 'accept_with_commitment' && row.commitmentSignedAt === null) {
    throw new ProblemError(422, 'guard-failed', 'problem.guardFailed', [], 'workflow.guard.commitment_signed', { guard: 'commitment_signed' });
  }
  const attached = attachments.map((fileId, i) => {
    const f = files.find((x) => x.id === fileId);
    if (!f || f.eventSeq !== null || f.uploadedBy !== actorId) throw validationProblem([{ pointer: `/body/attachments/${i}`, code: 'application.attachmentUnknown' }]);
    return f;
  });
  const ctx: WorkflowContext = caller.kind === 'staff' && deps.identity ? await creditOf({ identity: deps.identity, timeZone: deps.timeZone }, tx, row, now) : {};
  if (action.type === 'accept_with_tolerance' && row.promisedLimitDays !== null) {
    // 容缺: the supplement deadline may not pass the promised time limit counted from today
    try {
      ctx.promisedDeadline = endOfDayInZone(provisionalCalendar(deps.calendar).addWorkingDays(dateInZone(now, deps.timeZone), row.promisedLimitDays), deps.timeZone);
    } catch (e) {
      if (!(e instanceof CalendarError)) throw e;
    }
  }
  const result = applyAction(def, state, action as { type: string }, engineActor, ctx, now);
  if (!result.ok) throw failure(result, state.status);
  const { state: next, event } = result;
  const at = new Date(event.at);
  const supplied = caller.kind === 'applicant' || onBehalf ? (SUPPLYING.has(event.action) ? files.filter((f) => f.kind === 'material' && f.eventSeq === null) : []) : [];
  const bound = [...new Map([...attached, ...supplied].map((f) => [f.id, f])).values()];
  if (bound.length) await tx.update(applicationFiles).set({ eventSeq: next.version }).where(inArray(applicationFiles.id, bound.map((f) => f.id)));
  await tx.insert(applicationEvents).values({
    id: newId(),
    applicationId: id,
    seq: next.version,
    action: event.action,
    fromStatus: event.from,
    toStatus: event.to,
    actorId,
    actorKind: onBehalf ? 'staff' : event.actor.kind,
    opinion: event.opinion ?? null,
    reason: event.reason ?? null,
    legalBasis: event.legalBasis ?? null,
    payload: {
      action: event.payload,
      clock: event.clock,
      roles: event.actor.roles,
      ...(event.reviewStep ? { reviewStep: event.reviewStep } : {}),
      ...(bound.length ? { files: bound.map((f) => f.id) } : {}),
      ...(onBehalf ? { onBehalf: true } : {}),
      ...(commitmentSigned && event.action === 'submit' ? { commitmentSigned: true } : {}),
    },
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
      acceptanceDeadline: timing.acceptanceDeadline,
      promisedDeadline: timing.promisedDeadline,
      statutoryDeadline: timing.statutoryDeadline,
      deadlineProvisional: timing.deadlineProvisional,
      warning: timing.warning,
      warningCheckedOn: dateInZone(now, deps.timeZone),
      pendingRole: pendingRoleOf(def, next),
      claimedBy: null,
      claimedAt: null,
      updatedAt: now,
      ...(event.action === 'submit' ? { submittedAt: at, ...(commitmentSigned ? { commitmentSignedAt: at } : {}), ...savings } : {}),
      ...(ACCEPTING.has(event.action) ? { acceptedAt: at } : {}),
      ...(DECIDING.has(event.action) ? { decidedAt: at } : {}),
      ...(TERMINAL_STATUSES.includes(next.status) ? { closedAt: at } : {}),
    })
    .where(eq(applications.id, id))
    .returning();
  // 办结 of a granted licence item: the issuing organisation's signed e-licence, in this transaction
  if (event.action === 'complete' && deps.identity) await issueLicenceFor(tx, deps.identity, deps.timeZone, actorId, updated!, next);
  await appendAudit(tx, {
    actor: actorId,
    action: `application.${event.action}`,
    entityType: 'application',
    entityId: id,
    regionCode: row.regionCode,
    ownerOrgId: row.handlingOrgId,
    detail: { number: row.number, from: event.from, to: event.to, seq: next.version, version: row.version + 1, ...(event.reviewStep ? { reviewStep: event.reviewStep.key } : {}), ...(bound.length ? { files: bound.length } : {}) },
  });
  if (deps.notify) await deps.notify(tx, updated!, event.action);
  // the caller reads the whole view after the commit (routes: getMine / getForStaff)
  return { id, number: row.number, status: next.status, version: updated!.version, event: event.action, allowedActions: allowedActions(def, next, engineActor, ctx) };
}

/**
 * Issues the e-licence of a completed application whose item version produces one: the holder is
 * the enterprise applied for (USCC) or the applicant (ID number); form values under the licence
 * type's field keys become its data. Skipped (and audited by the licences module) when the type is
 * unknown or the organisation has no active key: the case completes either way.
 */
async function issueLicenceFor(tx: Tx, ids: ApplicationDeps['identity'], timeZone: string, actorId: string, row: Row, state: CaseState) {
  const item = await catalogue.adminItem(tx, row.implementationCode, row.itemVersion);
  if (item.guide.result.type !== 'licence' || state.decision?.outcome !== 'granted') return;
  const scoped = { ...ids, db: tx as unknown as Db };
  let holder: licences.CompletedApplication['holder'];
  if (row.enterpriseId) {
    const e = await identity.enterpriseFacts(scoped, row.enterpriseId);
    if (!e) return;
    holder = { name: e.name, code: e.uscc, codeType: '001' };
  } else {
    const c = await identity.accountClaims(scoped, row.applicantAccountId);
    if (!c?.idNumber) return;
    holder = { name: c.name, code: c.idNumber, codeType: '111' };
  }
  await licences.issueForApplication(tx, { keyring: ids.keyring, indexKey: ids.indexKey, timeZone }, actorId, {
    id: row.id,
    handlingOrgId: row.handlingOrgId,
    result: item.guide.result,
    granted: true,
    holder,
    form: openForm(ids.keyring, row),
  });
}

/** Tells the applicant about a change of their application, in the change's transaction. */
export type Notifier = (tx: Tx, row: Row, action: string) => Promise<void>;

// ---------------------------------------------------------------- files

export type FileKind = 'material' | 'result' | 'attachment';
const OPEN_HANDLING = new Set(['submitted', 'correction_requested', 'accepted', 'under_review', 'decided']);
/** files of one application, all kinds together */
export const MAX_FILES = 200;

/** Why the caller may not add a file of `kind` now (a problem), or undefined when they may. */
function uploadRefusal(row: Row, caller: Caller, kind: FileKind, materialCode: string | undefined): ProblemError | undefined {
  const state = row.caseState as CaseState;
  const applicantSide = caller.kind === 'applicant' || (row.channel === 'window' && row.status === 'draft');
  if (applicantSide) {
    if (kind !== 'material') return validationProblem([{ pointer: '/body/kind', code: 'application.fileKind' }]);
    if (!materialCode || !(row.materials as MaterialTerm[]).some((m) => m.code === materialCode)) {
      return validationProblem([{ pointer: '/body/materialCode', code: 'application.materialUnknown' }]);
    }
    const tolerancePending = state.tolerance !== undefined && !state.tolerance.supplied && (row.status === 'accepted' || row.status === 'under_review');
    if (row.status === 'draft' || row.status === 'correction_requested' || tolerancePending) return undefined;
    return conflict('problem.applicationNotOpenForFiles', { status: row.status });
  }
  if (kind === 'material') return validationProblem([{ pointer: '/body/kind', code: 'application.fileKind' }]);
  if (!OPEN_HANDLING.has(row.status)) return conflict('problem.applicationNotOpenForFiles', { status: row.status });
  return undefined;
}

export interface UploadInput {
  kind: FileKind;
  materialCode?: string | undefined;
  filename: string;
  mimetype: string;
  stream: NodeJS.ReadableStream & AsyncIterable<Uint8Array>;
}

/**
 * Stores an uploaded file of an application: the caller's right and the case's state checked
 * first, the content checked and stored as it streams in (refused types and sizes leave nothing),
 * then the row written under the application's lock (checked again: the case may have moved); if
 * that fails the stored content is removed.
 */
export async function uploadFile(deps: ApplicationDeps & { files: FileStore; policy: UploadPolicy }, caller: Caller, id: string, input: UploadInput) {
  const before = await rowFor(deps.db, caller, id, false);
  const refusal = uploadRefusal(before, caller, input.kind, input.materialCode);
  if (refusal) throw refusal;
  const fileId = newId();
  const key = `applications/${id}/${fileId}`;
  const stored = await storeUpload(deps.files, key, input.stream, deps.policy, { name: input.filename, type: input.mimetype });
  try {
    return await deps.db.transaction(async (tx) => {
      const row = await rowFor(tx, caller, id, true);
      const again = uploadRefusal(row, caller, input.kind, input.materialCode);
      if (again) throw again;
      const [n] = await tx.select({ n: count() }).from(applicationFiles).where(eq(applicationFiles.applicationId, id));
      if (Number(n?.n ?? 0) >= MAX_FILES) throw conflict('problem.tooManyFiles', { max: MAX_FILES });
      const actorId = callerId(caller);
      const name = uploadName(input.filename, stored.extension);
      const [file] = await tx
        .insert(applicationFiles)
        .values({
          id: fileId,
          applicationId: id,
          kind: input.kind,
          materialCode: input.kind === 'material' ? input.materialCode! : null,
          name,
          contentType: stored.contentType,
          size: stored.size,
          sm3: stored.sm3,
          storageKey: key,
          uploadedBy: actorId,
          uploaderKind: caller.kind,
          eventSeq: null,
          createdAt: new Date(),
        })
        .returning();
      await appendAudit(tx, { actor: actorId, action: 'application.file.upload', entityType: 'application', entityId: id, regionCode: row.regionCode, ownerOrgId: row.handlingOrgId, detail: { number: row.number, file: fileId, kind: input.kind, materialCode: input.materialCode ?? null, size: stored.size, sm3: stored.sm3 } });
      return fileView(file!);
    });
  } catch (e) {
    await deps.files.delete(key).catch(() => undefined);
    throw e;
  }
}

async function fileOf(db: Executor, id: string, fileId: string): Promise<FileRow> {
  const [f] = await db.select().from(applicationFiles).where(and(eq(applicationFiles.id, fileId), eq(applicationFiles.applicationId, id)));
  if (!f) throw notFound('problem.fileNotFound');
  return f;
}

/** A file of an application the caller may see, and its content. */
export async function downloadFile(deps: Pick<ApplicationDeps, 'db'> & { files: FileStore }, caller: Caller, id: string, fileId: string) {
  await rowFor(deps.db, caller, id, false);
  const f = await fileOf(deps.db, id, fileId);
  if (caller.kind === 'applicant' && !applicantSees(f)) throw notFound('problem.fileNotFound');
  return { file: fileView(f), body: await deps.files.get(f.storageKey) };
}

/** Removes a file its uploader has not yet handed in with an action. */
export async function deleteFile(deps: Pick<ApplicationDeps, 'db'> & { files: FileStore }, caller: Caller, id: string, fileId: string) {
  const key = await deps.db.transaction(async (tx) => {
    const row = await rowFor(tx, caller, id, true);
    const f = await fileOf(tx, id, fileId);
    if (f.uploadedBy !== callerId(caller)) throw notFound('problem.fileNotFound');
    if (f.eventSeq !== null) throw conflict('problem.fileHandedIn');
    await tx.delete(applicationFiles).where(eq(applicationFiles.id, fileId));
    await appendAudit(tx, { actor: callerId(caller), action: 'application.file.delete', entityType: 'application', entityId: id, regionCode: row.regionCode, ownerOrgId: row.handlingOrgId, detail: { number: row.number, file: fileId } });
    return f.storageKey;
  });
  await deps.files.delete(key).catch(() => undefined);
}

// ---------------------------------------------------------------- claims (认领)

/** Claims a case for the caller (409 when another holds it), or releases the caller's claim. */
export async function claim(tx: Tx, actor: Actor, id: string, take: boolean, expectedVersion: number | undefined) {
  const row = await staffRow(tx, actor, id, true);
  checkVersion(row, expectedVersion);
  if (row.status === 'draft' || TERMINAL_STATUSES.includes(row.status as CaseState['status'])) throw conflict('problem.applicationClosed', { status: row.status });
  if (take) {
    if (row.claimedBy === actor.accountId) return { claimedBy: row.claimedBy, claimedAt: iso(row.claimedAt) };
    if (row.claimedBy !== null) throw conflict('problem.applicationClaimed', { claimedAt: iso(row.claimedAt) });
  } else if (row.claimedBy !== actor.accountId) {
    throw conflict('problem.applicationNotClaimedByYou');
  }
  const now = new Date();
  await tx.update(applications).set({ claimedBy: take ? actor.accountId : null, claimedAt: take ? now : null }).where(eq(applications.id, id));
  await appendAudit(tx, { actor: actor.accountId, action: take ? 'application.claim' : 'application.release', entityType: 'application', entityId: id, regionCode: row.regionCode, ownerOrgId: row.handlingOrgId, detail: { number: row.number } });
  return { claimedBy: take ? actor.accountId : null, claimedAt: take ? now.toISOString() : null };
}

// ---------------------------------------------------------------- supervision (电子监察)

/**
 * 红黄牌 across the organisations of the supervisor's regions: the open cases with a yellow or red
 * card, most overdue first, and the counts per organisation.
 */
export async function supervision(db: Executor, actor: Actor, q: { warning?: 'yellow' | 'red' | undefined; regionCode?: string | undefined; page: number; pageSize: number }) {
  const scopes = actor.roles.filter((g) => g.role === 'supervisor').map((g) => regionCondition(g.regionCode));
  if (scopes.length === 0) throw new ProblemError(403, 'forbidden', 'problem.forbidden');
  const open = notInArray(applications.status, ['draft', ...TERMINAL_STATUSES]);
  const where = and(
    or(...scopes),
    open,
    q.warning ? eq(applications.warning, q.warning) : inArray(applications.warning, ['yellow', 'red']),
    q.regionCode ? regionCondition(q.regionCode) : undefined,
  );
  const [total] = await db.select({ n: count() }).from(applications).where(where);
  const rows = await db
    .select()
    .from(applications)
    .where(where)
    .orderBy(sql`case ${applications.warning} when 'red' then 0 when 'yellow' then 1 else 2 end`, sql`coalesce(${applications.promisedDeadline}, ${applications.acceptanceDeadline}) asc nulls last`, asc(applications.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const byOrg = await db
    .select({
      organisationId: applications.handlingOrgId,
      regionCode: applications.regionCode,
      yellow: sql<number>`count(*) filter (where ${applications.warning} = 'yellow')`.mapWith(Number),
      red: sql<number>`count(*) filter (where ${applications.warning} = 'red')`.mapWith(Number),
    })
    .from(applications)
    .where(and(or(...scopes), open, inArray(applications.warning, ['yellow', 'red']), q.regionCode ? regionCondition(q.regionCode) : undefined))
    .groupBy(applications.handlingOrgId, applications.regionCode)
    .orderBy(sql`count(*) filter (where ${applications.warning} = 'red') desc`, sql`count(*) desc`, asc(applications.handlingOrgId));
  const names = await organisationNames(db, [...new Set([...rows.map((r) => r.handlingOrgId), ...byOrg.map((o) => o.organisationId)])]);
  return {
    items: rows.map((r) => ({ ...summary(r), organisationName: names.get(r.handlingOrgId) ?? null, statutoryDeadline: r.statutoryDeadline })),
    total: Number(total?.n ?? 0),
    page: q.page,
    pageSize: q.pageSize,
    organisations: byOrg.map((o) => ({ ...o, organisationName: names.get(o.organisationId) ?? null })),
  };
}

// ---------------------------------------------------------------- service events (好差评)

/** An application as a service event to rate: who applied, whether it has ended, where, and the staff member bound to it. */
export interface ApplicationServiceEvent {
  id: string;
  number: string;
  applicantAccountId: string;
  status: string;
  ended: boolean;
  channel: string;
  itemId: string;
  itemName: string;
  implementationCode: string;
  handlingOrgId: string;
  regionCode: string;
  /** when it ended (closed), else its last change */
  at: Date;
  /** the clerk of a window submission, else the staff member of the last staff event */
  staffId: string | null;
}

/** Staff actor of the last staff event of each application. */
async function lastStaffActors(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([applicationEvents.applicationId], { applicationId: applicationEvents.applicationId, actorId: applicationEvents.actorId })
    .from(applicationEvents)
    .where(and(inArray(applicationEvents.applicationId, ids), eq(applicationEvents.actorKind, 'staff')))
    .orderBy(applicationEvents.applicationId, desc(applicationEvents.seq));
  return new Map(rows.map((r) => [r.applicationId, r.actorId]));
}

function serviceEvents(rows: Row[], staff: Map<string, string>): ApplicationServiceEvent[] {
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    applicantAccountId: r.applicantAccountId,
    status: r.status,
    ended: (RATEABLE_APPLICATION_STATUSES as readonly string[]).includes(r.status),
    channel: r.channel,
    itemId: r.itemId,
    itemName: r.itemName,
    implementationCode: r.implementationCode,
    handlingOrgId: r.handlingOrgId,
    regionCode: r.regionCode,
    at: r.closedAt ?? r.updatedAt,
    staffId: (r.channel === 'window' ? r.submittedBy : null) ?? staff.get(r.id) ?? null,
  }));
}

/** One application as a service event (undefined when unknown; drafts are no service event). */
export async function serviceEventOf(db: Executor, id: string): Promise<ApplicationServiceEvent | undefined> {
  const row = await findRow(db, id);
  if (!row || row.status === 'draft') return undefined;
  return serviceEvents([row], await lastStaffActors(db, [id]))[0];
}

/** The person's applications that ended (rateable statuses) since `since`, newest first. */
export async function endedApplicationsOf(db: Executor, accountId: string, since: Date, limit = 100): Promise<ApplicationServiceEvent[]> {
  const rows = await db
    .select()
    .from(applications)
    .where(and(eq(applications.applicantAccountId, accountId), inArray(applications.status, [...RATEABLE_APPLICATION_STATUSES]), gte(applications.closedAt, since)))
    .orderBy(desc(applications.closedAt), desc(applications.id))
    .limit(limit);
  return serviceEvents(rows, await lastStaffActors(db, rows.map((r) => r.id)));
}

/**
 * SQL: a subquery of the ids (column `id`) of the applications that ended (a rateable status) in
 * [start, end) within a scope (region and below, handling organisation, item), for other modules'
 * statistics (好差评 主动评价率), which join it with their own tables.
 */
export function endedApplicationIdsSql(scope: { regionCode?: string | undefined; organisationId?: string | undefined; itemId?: string | undefined }, start: Date, end: Date): SQL {
  const where = and(
    inArray(applications.status, [...RATEABLE_APPLICATION_STATUSES]),
    gte(applications.closedAt, start),
    lt(applications.closedAt, end),
    scope.regionCode ? regionCondition(scope.regionCode) : undefined,
    scope.organisationId ? eq(applications.handlingOrgId, scope.organisationId) : undefined,
    scope.itemId ? eq(applications.itemId, scope.itemId) : undefined,
  );
  return sql`select ${applications.id} as id from ${applications} where ${where}`;
}
