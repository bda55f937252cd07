/**
 * 好差评 use cases (GB/T 39735, 国办发〔2019〕51号): the service events a person may rate (ended
 * applications, window visits), ratings (one per event) and their one addition (追评), the
 * rectification of each 差评 run by the domain's machine (`stepRectification`), staff members' rating
 * codes (QR at the window) and the visits clerks record.
 *
 * Who sees what: the rater their own ratings; the organisation's 好差评专员 (feedback_officer) and
 * administrator the ratings and rectifications of their organisation; a supervisor those of the
 * region. Anything else answers 404. Personal data leaves this module masked. Every change is one
 * transaction with its audit entry.
 */
import { randomBytes } from 'node:crypto';
import {
  allowedRectificationActions, CalendarError, dateInZone, deadlineWarning, dimensionsOf, isBadRating, stepRectification,
  type DeadlineWarning, type RateableEvent, type RatingCreateInput, type RatingLevel, type RatingTag, type RatingView, type RectificationAction,
  type RectificationActionName, type RectificationActor, type RectificationLimits, type RectificationListQuery, type RectificationStatus,
  type RectificationStepView, type RectificationView, type RectificationOutcome, type ServiceEventKind, type ServiceMode, type StaffRatingCode,
  type StaffRole, type VisitInput, type VisitView, type WorkingCalendar, type RatingChannel,
} from '@onewindow/domain';
import { and, asc, count, desc, eq, gte, inArray, like, max, ne, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Db, Executor, Tx } from '../../platform/db.js';
import { appendAudit } from '../../platform/audit.js';
import { holdsRole, regionCoversSql, type Actor } from '../../platform/auth.js';
import { ProblemError, notFound, validationProblem, type FieldIssue } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { enforce, type Limit } from '../../platform/throttle.js';
import type { IndexKey, Keyring } from '../../platform/crypto.js';
import * as applications from '../applications/service.js';
import * as catalogue from '../catalogue/service.js';
import * as identity from '../identity/service.js';
import * as reference from '../reference/service.js';
import { notifyReply } from './notices.js';
import { ratingCodes, ratings, rectifications, rectificationSteps, serviceVisits } from './schema.js';

export interface FeedbackDeps {
  identity: { keyring: Keyring; indexKey: IndexKey };
  calendar: WorkingCalendar;
  timeZone: string;
  limits: RectificationLimits;
  /** the node's public address, for the rating codes' URLs */
  publicUrl: string;
}

/** Ratings an account may give per hour. */
export const RATING_LIMIT: Limit = { max: 20, windowSeconds: 60 * 60 };
/** How far back ended applications and visits are offered for rating. */
export const RATEABLE_DAYS = 180;
/** The QR landing and the clerk's list show the visits of the last week. */
export const RECENT_VISIT_DAYS = 7;
/** Staff of the organisation that handle its ratings and rectifications. */
export const ORGANISATION_ROLES: readonly StaffRole[] = ['feedback_officer', 'org_admin'];

/** Who rates: a person's account and the assurance level of its session. */
export type Rater = Pick<Actor, 'accountId' | 'level'>;

type RatingRow = typeof ratings.$inferSelect;
type RectRow = typeof rectifications.$inferSelect;
type StepRow = typeof rectificationSteps.$inferSelect;
type VisitRow = typeof serviceVisits.$inferSelect;
type CodeRow = typeof ratingCodes.$inferSelect;

const DAY_MS = 86_400_000;
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

// ---------------------------------------------------------------- scope

/** The sides the actor may act on for a record: its organisation's staff, a supervisor of its region. */
function sidesOf(actor: Actor, r: { organisationId: string; regionCode: string }): RectificationActor[] {
  const sides: RectificationActor[] = [];
  if (ORGANISATION_ROLES.some((role) => holdsRole(actor, role, { organisationId: r.organisationId }))) sides.push('organisation');
  if (holdsRole(actor, 'supervisor', { regionCode: r.regionCode })) sides.push('supervisor');
  return sides;
}

/** SQL: records of the actor's organisations (feedback_officer, org_admin) or supervised regions. */
function scopeSql(actor: Actor, orgCol: PgColumn, regionCol: PgColumn): SQL {
  const orgIds = [...new Set(actor.roles.filter((g) => ORGANISATION_ROLES.includes(g.role) && g.organisationId).map((g) => g.organisationId!))];
  const parts: SQL[] = actor.roles.filter((g) => g.role === 'supervisor').map((g) => regionCoversSql(regionCol, g.regionCode));
  if (orgIds.length) parts.push(inArray(orgCol, orgIds));
  return parts.length ? or(...parts)! : sql`false`;
}

// ---------------------------------------------------------------- time

/** The deadline a rectification runs on now: verifying → verifyDue, appealed → appealDue, rectifying/replying → rectifyDue. */
function currentDue(r: Pick<RectRow, 'status' | 'verifyDue' | 'rectifyDue' | 'appealDue'>): string | null {
  switch (r.status as RectificationStatus) {
    case 'verifying':
      return r.verifyDue;
    case 'appealed':
      return r.appealDue;
    case 'rectifying':
    case 'replying':
      return r.rectifyDue;
    default:
      return null;
  }
}

/** `days` working days after `date` on the calendar (provisional beyond its last year). */
const addWorkingDays = (deps: Pick<FeedbackDeps, 'calendar'>, date: string, days: number) => applications.provisionalCalendar(deps.calendar).addWorkingDays(date, days);

function warningOf(deps: Pick<FeedbackDeps, 'calendar' | 'limits'>, due: string | null, today: string): DeadlineWarning {
  if (due === null) return 'none';
  try {
    return deadlineWarning(applications.provisionalCalendar(deps.calendar).remainingWorkingDays(due, today), deps.limits.dueSoonDays);
  } catch (e) {
    if (e instanceof CalendarError) return 'none';
    throw e;
  }
}

/** SQL of the current deadline of a rectification (as `currentDue`). */
const currentDueSql = sql`(case ${rectifications.status} when 'verifying' then ${rectifications.verifyDue} when 'appealed' then ${rectifications.appealDue} when 'closed' then null else ${rectifications.rectifyDue} end)`;

// ---------------------------------------------------------------- service events

interface EventFacts {
  kind: ServiceEventKind;
  id: string;
  number: string | null;
  personAccountId: string;
  ended: boolean;
  mode: ServiceMode;
  at: Date;
  itemId: string | null;
  itemName: string;
  implementationCode: string | null;
  organisationId: string;
  regionCode: string;
  staffId: string | null;
  window: string | null;
}

function applicationFacts(a: applications.ApplicationServiceEvent): EventFacts {
  return {
    kind: 'application',
    id: a.id,
    number: a.number,
    personAccountId: a.applicantAccountId,
    ended: a.ended,
    mode: a.channel === 'window' ? 'onsite' : 'online',
    at: a.at,
    itemId: a.itemId,
    itemName: a.itemName,
    implementationCode: a.implementationCode,
    organisationId: a.handlingOrgId,
    regionCode: a.regionCode,
    staffId: a.staffId,
    window: null,
  };
}

function visitFacts(v: VisitRow, applicationNumber: string | null): EventFacts {
  return {
    kind: 'visit',
    id: v.id,
    number: applicationNumber,
    personAccountId: v.personAccountId,
    ended: true,
    mode: 'onsite',
    at: v.visitedAt,
    itemId: v.itemId,
    itemName: v.itemName,
    implementationCode: v.implementationCode,
    organisationId: v.organisationId,
    regionCode: v.regionCode,
    staffId: v.staffId,
    window: v.window,
  };
}

async function eventFacts(db: Executor, kind: ServiceEventKind, id: string): Promise<EventFacts | undefined> {
  if (kind === 'application') {
    const a = await applications.serviceEventOf(db, id);
    return a && applicationFacts(a);
  }
  const [v] = await db.select().from(serviceVisits).where(eq(serviceVisits.id, id));
  if (!v) return undefined;
  return visitFacts(v, v.applicationId ? ((await applications.serviceEventOf(db, v.applicationId))?.number ?? null) : null);
}

// ---------------------------------------------------------------- views

async function ratingViews(db: Executor, deps: Pick<FeedbackDeps, 'identity'>, rows: RatingRow[]): Promise<RatingView[]> {
  if (rows.length === 0) return [];
  const orgs = await reference.organisationNames(db, [...new Set(rows.map((r) => r.organisationId))]);
  const people = await identity.maskedContacts(deps.identity, db, [
    ...rows.flatMap((r) => (r.staffId ? [r.staffId] : [])),
    ...rows.filter((r) => !r.anonymous).map((r) => r.raterAccountId),
  ]);
  const rects = await db
    .select({ id: rectifications.id, ratingId: rectifications.ratingId, status: rectifications.status, outcome: rectifications.outcome })
    .from(rectifications)
    .where(inArray(rectifications.ratingId, rows.map((r) => r.id)));
  const rectOf = new Map(rects.map((r) => [r.ratingId, r]));
  return rows.map((r) => {
    const rect = rectOf.get(r.id);
    return {
      id: r.id,
      event: { kind: r.eventKind as ServiceEventKind, id: r.eventId, number: r.eventNumber, at: r.eventAt.toISOString() },
      mode: r.mode as ServiceMode,
      level: r.level as RatingLevel,
      dimensions: r.dimensions as Record<string, RatingLevel>,
      tags: r.tags as RatingTag[],
      comment: r.comment,
      addition: r.addition !== null && r.addedAt ? { comment: r.addition, at: r.addedAt.toISOString() } : null,
      channel: r.channel as RatingChannel,
      anonymous: r.anonymous,
      realName: r.realName,
      item: { id: r.itemId, name: r.itemName, implementationCode: r.implementationCode },
      organisation: { id: r.organisationId, name: orgs.get(r.organisationId) ?? '' },
      staff: r.staffId ? { id: r.staffId, name: people.get(r.staffId)?.name ?? '' } : null,
      regionCode: r.regionCode,
      rater: r.anonymous ? null : (people.get(r.raterAccountId)?.name ?? null),
      rectification: rect ? { id: rect.id, status: rect.status as RectificationStatus, outcome: rect.outcome as RectificationOutcome | null } : null,
      excluded: r.excluded,
      createdAt: r.createdAt.toISOString(),
    };
  });
}

function stepView(s: StepRow, names: Map<string, { name: string }>): RectificationStepView {
  return {
    seq: s.seq,
    action: s.action as RectificationActionName | 'open',
    from: s.fromStatus as RectificationStatus | null,
    to: s.toStatus as RectificationStatus,
    actor: s.actorId,
    actorName: names.get(s.actorId)?.name ?? null,
    detail: s.detail as Record<string, unknown>,
    at: s.at.toISOString(),
  };
}

/** Actions open to the actor's sides in the current state (the machine's table, filtered by side). */
const allowedFor = (status: RectificationStatus, sides: RectificationActor[]): RectificationActionName[] =>
  [...new Set(sides.flatMap((side) => allowedRectificationActions(status, side)))];

async function rectificationViews(db: Executor, deps: FeedbackDeps, actor: Actor, rows: RectRow[], opts: { steps: boolean; now: Date }): Promise<RectificationView[]> {
  if (rows.length === 0) return [];
  const ratingRows = await db.select().from(ratings).where(inArray(ratings.id, rows.map((r) => r.ratingId)));
  const views = new Map((await ratingViews(db, deps, ratingRows)).map((v) => [v.id, v]));
  const raters = new Map(ratingRows.map((r) => [r.id, r]));
  const contacts = await identity.maskedContacts(deps.identity, db, ratingRows.filter((r) => !r.anonymous).map((r) => r.raterAccountId));
  const orgs = await reference.organisationNames(db, [...new Set(rows.map((r) => r.organisationId))]);
  const steps = opts.steps
    ? await db.select().from(rectificationSteps).where(inArray(rectificationSteps.rectificationId, rows.map((r) => r.id))).orderBy(asc(rectificationSteps.seq))
    : [];
  const actors = await identity.maskedContacts(deps.identity, db, [...new Set(steps.map((s) => s.actorId).filter((a) => a !== 'system'))]);
  const today = dateInZone(opts.now, deps.timeZone);
  return rows.map((r) => {
    const rating = raters.get(r.ratingId)!;
    const due = currentDue(r);
    return {
      id: r.id,
      number: r.number,
      status: r.status as RectificationStatus,
      outcome: r.outcome as RectificationOutcome | null,
      valid: r.valid,
      rating: views.get(r.ratingId)!,
      organisation: { id: r.organisationId, name: orgs.get(r.organisationId) ?? '' },
      regionCode: r.regionCode,
      dueDate: due,
      warning: warningOf(deps, due, today),
      verifyDue: r.verifyDue,
      rectifyDue: r.rectifyDue,
      appealDue: r.appealDue,
      raterContact: rating.anonymous ? null : (contacts.get(rating.raterAccountId) ?? null),
      callbacks: r.callbacks,
      allowed: allowedFor(r.status as RectificationStatus, sidesOf(actor, r)),
      steps: steps.filter((s) => s.rectificationId === r.id).map((s) => stepView(s, actors)),
      version: r.version,
      openedAt: r.openedAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
    };
  });
}

// ---------------------------------------------------------------- ratings

function checkDimensions(mode: ServiceMode, dimensions: Record<string, number>) {
  const expected = dimensionsOf(mode);
  const issues: FieldIssue[] = [
    ...expected.filter((k) => !(k in dimensions)).map((k) => ({ pointer: `/body/dimensions/${k}`, code: 'required' })),
    ...Object.keys(dimensions).filter((k) => !expected.includes(k)).map((k) => ({ pointer: `/body/dimensions/${k}`, code: 'feedback.dimensionUnknown' })),
  ];
  if (issues.length) throw validationProblem(issues);
}

/**
 * The next 整改编号 of the region and day: ZG + region (6) + date (8) + sequence (4). Writers of one
 * region and day serialise on a transaction-scoped advisory lock, so numbers are unique and dense.
 */
async function nextRectificationNumber(tx: Executor, regionCode: string, day: string): Promise<string> {
  const prefix = `ZG${regionCode}${day.replaceAll('-', '')}`;
  await tx.execute(sql`select pg_advisory_xact_lock(7410016, hashtext(${prefix}))`);
  const [row] = await tx.select({ last: max(rectifications.number) }).from(rectifications).where(like(rectifications.number, `${prefix}%`));
  const seq = row?.last ? Number(row.last.slice(prefix.length)) + 1 : 1;
  return `${prefix}${String(seq).padStart(4, '0')}`;
}

/** A 差评 opens its rectification: 核实 due in verifyDays, 整改 and 回复 in rectifyDays working days from the rating day. */
async function openRectification(tx: Tx, deps: FeedbackDeps, rating: RatingRow, now: Date): Promise<string> {
  const day = dateInZone(rating.createdAt, deps.timeZone);
  const id = newId();
  const row: RectRow = {
    id,
    number: await nextRectificationNumber(tx, rating.regionCode, day),
    ratingId: rating.id,
    organisationId: rating.organisationId,
    regionCode: rating.regionCode,
    status: 'verifying',
    outcome: null,
    valid: null,
    realName: rating.realName && !rating.anonymous,
    callbacks: 0,
    calledBack: false,
    appealGround: null,
    measures: null,
    reply: null,
    verifyDue: addWorkingDays(deps, day, deps.limits.verifyDays),
    rectifyDue: addWorkingDays(deps, day, deps.limits.rectifyDays),
    appealDue: null,
    version: 1,
    openedAt: now,
    closedAt: null,
    updatedAt: now,
  };
  await tx.insert(rectifications).values(row);
  await tx.insert(rectificationSteps).values({ id: newId(), rectificationId: id, seq: 1, action: 'open', fromStatus: null, toStatus: 'verifying', actorId: 'system', detail: { ratingId: rating.id, level: rating.level }, at: now });
  await appendAudit(tx, {
    actor: 'system',
    action: 'rectification.open',
    entityType: 'rectification',
    entityId: id,
    regionCode: rating.regionCode,
    ownerOrgId: rating.organisationId,
    detail: { number: row.number, ratingId: rating.id, level: rating.level, realName: row.realName, verifyDue: row.verifyDue, rectifyDue: row.rectifyDue },
  });
  return id;
}

/**
 * A person rates a service event of theirs, once: 404 unknown event, 403 another person's, 422 an
 * application not ended, 400 dimensions other than the mode's, 409 already rated (the unique
 * constraint decides between concurrent requests). A 差评 opens its rectification in the same transaction.
 */
export async function createRating(tx: Tx, deps: FeedbackDeps, rater: Rater, input: RatingCreateInput, now = new Date()): Promise<RatingView> {
  const event = await eventFacts(tx, input.event.kind, input.event.id);
  if (!event) throw notFound('problem.eventNotFound');
  if (event.personAccountId !== rater.accountId) throw new ProblemError(403, 'not-your-event', 'problem.notYourEvent');
  if (!event.ended) throw new ProblemError(422, 'event-not-ended', 'problem.eventNotEnded', [], 'problem.eventNotEnded.detail');
  checkDimensions(event.mode, input.dimensions);
  const row: RatingRow = {
    id: newId(),
    eventKind: event.kind,
    eventId: event.id,
    eventNumber: event.number,
    eventAt: event.at,
    raterAccountId: rater.accountId,
    realName: rater.level >= 2,
    anonymous: input.anonymous,
    mode: event.mode,
    level: input.level,
    dimensions: input.dimensions,
    tags: [...new Set(input.tags)],
    comment: input.comment,
    addition: null,
    addedAt: null,
    channel: input.channel,
    itemId: event.itemId,
    itemName: event.itemName,
    implementationCode: event.implementationCode,
    organisationId: event.organisationId,
    staffId: event.staffId,
    regionCode: event.regionCode,
    excluded: false,
    createdAt: now,
  };
  const inserted = await tx.insert(ratings).values(row).onConflictDoNothing({ target: [ratings.eventKind, ratings.eventId] }).returning({ id: ratings.id });
  if (inserted.length === 0) throw new ProblemError(409, 'already-rated', 'problem.alreadyRated');
  await appendAudit(tx, {
    actor: rater.accountId,
    action: 'rating.create',
    entityType: 'rating',
    entityId: row.id,
    regionCode: row.regionCode,
    ownerOrgId: row.organisationId,
    detail: { event: { kind: row.eventKind, id: row.eventId, number: row.eventNumber }, level: row.level, mode: row.mode, channel: row.channel, anonymous: row.anonymous, realName: row.realName },
  });
  if (isBadRating(row.level)) await openRectification(tx, deps, row, now);
  return (await ratingViews(tx, deps, [row]))[0]!;
}

/** POST /ratings: the account's hourly limit (counted apart, so refusals count too), then the rating in one transaction. */
export async function rate(db: Db, deps: FeedbackDeps, rater: Rater, input: RatingCreateInput, now = new Date()): Promise<RatingView> {
  await enforce(db, [{ key: `rating:account:${rater.accountId}`, limit: RATING_LIMIT }], now);
  return db.transaction((tx) => createRating(tx, deps, rater, input, now));
}

/** 追评: the rater adds to their rating once. */
export async function addToRating(tx: Tx, deps: FeedbackDeps, rater: Pick<Actor, 'accountId'>, id: string, comment: string, now = new Date()): Promise<RatingView> {
  const [row] = await tx.select().from(ratings).where(eq(ratings.id, id)).for('update');
  if (!row || row.raterAccountId !== rater.accountId) throw notFound('problem.ratingNotFound');
  if (row.addition !== null) throw new ProblemError(409, 'already-added', 'problem.alreadyAdded');
  const [updated] = await tx.update(ratings).set({ addition: comment, addedAt: now }).where(eq(ratings.id, id)).returning();
  await appendAudit(tx, { actor: rater.accountId, action: 'rating.addition', entityType: 'rating', entityId: id, regionCode: row.regionCode, ownerOrgId: row.organisationId, detail: { length: comment.length } });
  return (await ratingViews(tx, deps, [updated!]))[0]!;
}

/** One rating: to its rater, the organisation's staff, or a supervisor of the region; else 404. */
export async function getRating(db: Executor, deps: FeedbackDeps, actor: Actor, id: string): Promise<RatingView> {
  const [row] = await db.select().from(ratings).where(eq(ratings.id, id));
  const visible = row && (actor.kind === 'person' ? row.raterAccountId === actor.accountId : sidesOf(actor, row).length > 0);
  if (!visible) throw notFound('problem.ratingNotFound');
  return (await ratingViews(db, deps, [row]))[0]!;
}

/** 我的评价, newest first. */
export async function myRatings(db: Executor, deps: FeedbackDeps, accountId: string): Promise<{ items: RatingView[] }> {
  const rows = await db.select().from(ratings).where(eq(ratings.raterAccountId, accountId)).orderBy(desc(ratings.createdAt), desc(ratings.id)).limit(200);
  return { items: await ratingViews(db, deps, rows) };
}

/** Ratings in the caller's scope (own organisations; a supervisor's region), newest first. */
export async function listRatings(db: Executor, deps: FeedbackDeps, actor: Actor, q: { level?: number | undefined; organisationId?: string | undefined; page: number; pageSize: number }) {
  const where = and(
    scopeSql(actor, ratings.organisationId, ratings.regionCode),
    q.level !== undefined ? eq(ratings.level, q.level) : undefined,
    q.organisationId ? eq(ratings.organisationId, q.organisationId) : undefined,
  );
  const [total] = await db.select({ n: count() }).from(ratings).where(where);
  const rows = await db.select().from(ratings).where(where).orderBy(desc(ratings.createdAt), desc(ratings.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  return { items: await ratingViews(db, deps, rows), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

// ---------------------------------------------------------------- what a person may rate

async function ratingIdsOf(db: Executor, kind: ServiceEventKind, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: ratings.id, eventId: ratings.eventId }).from(ratings).where(and(eq(ratings.eventKind, kind), inArray(ratings.eventId, ids)));
  return new Map(rows.map((r) => [r.eventId, r.id]));
}

/**
 * The person's ended applications and visits of the last RATEABLE_DAYS, newest first, with the
 * rating when rated; with a staff member's rating code, only the visits with that staff member at
 * that organisation in the last RECENT_VISIT_DAYS (the QR landing).
 */
export async function rateable(db: Executor, deps: FeedbackDeps, accountId: string, staffCode: string | undefined, now = new Date()): Promise<{ items: RateableEvent[] }> {
  const facts: EventFacts[] = [];
  if (staffCode) {
    const code = await findRatingCode(db, staffCode);
    if (!code) throw notFound('problem.ratingCodeNotFound');
    const visits = await db
      .select()
      .from(serviceVisits)
      .where(and(eq(serviceVisits.personAccountId, accountId), eq(serviceVisits.staffId, code.staffId), eq(serviceVisits.organisationId, code.organisationId), gte(serviceVisits.visitedAt, daysBefore(now, RECENT_VISIT_DAYS))))
      .orderBy(desc(serviceVisits.visitedAt))
      .limit(50);
    facts.push(...visits.map((v) => visitFacts(v, null)));
  } else {
    const since = daysBefore(now, RATEABLE_DAYS);
    facts.push(...(await applications.endedApplicationsOf(db, accountId, since)).map(applicationFacts));
    const visits = await db
      .select()
      .from(serviceVisits)
      .where(and(eq(serviceVisits.personAccountId, accountId), gte(serviceVisits.visitedAt, since)))
      .orderBy(desc(serviceVisits.visitedAt))
      .limit(100);
    facts.push(...visits.map((v) => visitFacts(v, null)));
  }
  facts.sort((a, b) => b.at.getTime() - a.at.getTime() || b.id.localeCompare(a.id));
  const rated = new Map([
    ...(await ratingIdsOf(db, 'application', facts.filter((f) => f.kind === 'application').map((f) => f.id))),
    ...(await ratingIdsOf(db, 'visit', facts.filter((f) => f.kind === 'visit').map((f) => f.id))),
  ]);
  const orgs = await reference.organisationNames(db, [...new Set(facts.map((f) => f.organisationId))]);
  const staff = await identity.maskedContacts(deps.identity, db, facts.flatMap((f) => (f.staffId ? [f.staffId] : [])));
  return {
    items: facts.map((f) => ({
      kind: f.kind,
      id: f.id,
      number: f.number,
      mode: f.mode,
      itemName: f.itemName,
      organisationName: orgs.get(f.organisationId) ?? '',
      staffName: f.staffId ? (staff.get(f.staffId)?.name ?? null) : null,
      window: f.window,
      at: f.at.toISOString(),
      ratingId: rated.get(f.id) ?? null,
    })),
  };
}

// ---------------------------------------------------------------- rectifications

async function visibleRectification(db: Executor, actor: Actor, id: string, forUpdate = false): Promise<{ row: RectRow; sides: RectificationActor[] }> {
  const q = db.select().from(rectifications).where(eq(rectifications.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  const sides = row ? sidesOf(actor, row) : [];
  if (!row || sides.length === 0) throw notFound('problem.rectificationNotFound');
  return { row, sides };
}

/** One rectification with its steps and the actions open to the caller. */
export async function getRectification(db: Executor, deps: FeedbackDeps, actor: Actor, id: string, now = new Date()): Promise<RectificationView> {
  const { row } = await visibleRectification(db, actor, id);
  return (await rectificationViews(db, deps, actor, [row], { steps: true, now }))[0]!;
}

/** Rectifications in the caller's scope, by current deadline (the most urgent first); `warning` as of today. */
export async function listRectifications(db: Executor, deps: FeedbackDeps, actor: Actor, q: RectificationListQuery, now = new Date()) {
  const today = dateInZone(now, deps.timeZone);
  const conds: (SQL | undefined)[] = [scopeSql(actor, rectifications.organisationId, rectifications.regionCode)];
  if (q.status === 'open') conds.push(ne(rectifications.status, 'closed'));
  else if (q.status) conds.push(eq(rectifications.status, q.status));
  if (q.organisationId) conds.push(eq(rectifications.organisationId, q.organisationId));
  if (q.warning === 'overdue') conds.push(sql`${currentDueSql} < ${today}`);
  if (q.warning === 'due') {
    // remaining working days in [0, dueSoonDays]: today ≤ due < the (dueSoonDays + 1)-th working day after today
    const limit = addWorkingDays(deps, today, deps.limits.dueSoonDays + 1);
    conds.push(sql`${currentDueSql} >= ${today}`, sql`${currentDueSql} < ${limit}`);
  }
  const where = and(...conds);
  const [total] = await db.select({ n: count() }).from(rectifications).where(where);
  const rows = await db
    .select()
    .from(rectifications)
    .where(where)
    .orderBy(sql`${currentDueSql} asc nulls last`, desc(rectifications.openedAt), desc(rectifications.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: await rectificationViews(db, deps, actor, rows, { steps: false, now }), total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

function refusal(step: Extract<ReturnType<typeof stepRectification>, { ok: false }>, status: string): ProblemError {
  switch (step.code) {
    case 'illegal_transition':
      return new ProblemError(409, 'illegal-transition', 'problem.illegalTransition', [], 'problem.rectificationTransition.detail', { rectificationStatus: status, allowed: step.allowed });
    case 'forbidden':
      return new ProblemError(403, 'forbidden', 'problem.rectificationSide', [], undefined, { allowed: step.allowed });
    case 'callback_required':
      return new ProblemError(422, 'callback-required', 'problem.callbackRequired', [], 'problem.callbackRequired.detail', { allowed: step.allowed });
  }
}

/** The fields an action writes on the rectification, besides its state. */
function effectsOf(deps: FeedbackDeps, row: RectRow, action: RectificationAction, today: string): Partial<RectRow> {
  switch (action.type) {
    case 'callback':
      return { callbacks: row.callbacks + 1, calledBack: row.calledBack || action.reached };
    case 'appeal':
      return { appealGround: action.ground, appealDue: addWorkingDays(deps, today, deps.limits.appealReviewDays) };
    case 'rectify':
      return { measures: action.measures };
    case 'reply':
      return { reply: action.message };
    default:
      return {};
  }
}

/**
 * One step of a rectification by its organisation's staff or a supervisor of the region: the row
 * locked, the version checked (If-Match), the domain machine applied, the state, the step and the
 * audit entry written. An upheld appeal takes the rating out of the indicators; the reply goes to
 * the rater as a notice.
 */
export async function actOnRectification(tx: Tx, deps: FeedbackDeps, actor: Actor, id: string, action: RectificationAction, expectedVersion: number | undefined, now = new Date()): Promise<RectificationView> {
  const { row, sides } = await visibleRectification(tx, actor, id, true);
  if (expectedVersion !== undefined && expectedVersion !== row.version) {
    throw new ProblemError(412, 'precondition-failed', 'problem.staleRectification', [], 'problem.staleRectification.detail', { version: row.version });
  }
  const state = { status: row.status as RectificationStatus, realName: row.realName, callbacks: row.callbacks, valid: row.valid };
  // a caller on both sides acts on the side the machine gives the action to
  let step = stepRectification(state, action, sides[0]!);
  for (const side of sides.slice(1)) if (!step.ok && step.code === 'forbidden') step = stepRectification(state, action, side);
  if (!step.ok) throw refusal(step, row.status);
  const today = dateInZone(now, deps.timeZone);
  const [updated] = await tx
    .update(rectifications)
    .set({
      ...effectsOf(deps, row, action, today),
      status: step.to,
      valid: step.valid,
      outcome: step.outcome,
      version: row.version + 1,
      updatedAt: now,
      ...(step.to === 'closed' ? { closedAt: now } : {}),
    })
    .where(eq(rectifications.id, id))
    .returning();
  const { type, ...detail } = action;
  // one step per version: the opening is step 1 at version 1
  await tx.insert(rectificationSteps).values({ id: newId(), rectificationId: id, seq: row.version + 1, action: type, fromStatus: row.status, toStatus: step.to, actorId: actor.accountId, detail, at: now });
  await appendAudit(tx, {
    actor: actor.accountId,
    action: `rectification.${type}`,
    entityType: 'rectification',
    entityId: id,
    regionCode: row.regionCode,
    ownerOrgId: row.organisationId,
    detail: { number: row.number, from: row.status, to: step.to, version: row.version + 1, ...(step.outcome ? { outcome: step.outcome } : {}), ...(step.valid !== row.valid ? { valid: step.valid } : {}) },
  });
  if (step.outcome === 'appeal_upheld') {
    await tx.update(ratings).set({ excluded: true }).where(eq(ratings.id, row.ratingId));
    await appendAudit(tx, { actor: actor.accountId, action: 'rating.exclude', entityType: 'rating', entityId: row.ratingId, regionCode: row.regionCode, ownerOrgId: row.organisationId, detail: { rectification: row.number, ground: row.appealGround } });
  }
  if (action.type === 'reply') {
    const [rating] = await tx.select({ accountId: ratings.raterAccountId, itemName: ratings.itemName }).from(ratings).where(eq(ratings.id, row.ratingId));
    await notifyReply(tx, rating!, row.number, action.message);
  }
  return (await rectificationViews(tx, deps, actor, [updated!], { steps: true, now }))[0]!;
}

// ---------------------------------------------------------------- rating codes (QR at the window)

const newCode = () => randomBytes(8).toString('base64url').replace(/[-_]/g, 'x').slice(0, 10);

async function codeViews(db: Executor, deps: FeedbackDeps, rows: Pick<CodeRow, 'code' | 'staffId' | 'organisationId' | 'window'>[]): Promise<StaffRatingCode[]> {
  const orgs = await reference.organisationNames(db, [...new Set(rows.map((r) => r.organisationId))]);
  const staff = await identity.maskedContacts(deps.identity, db, rows.map((r) => r.staffId));
  return rows.map((r) => ({
    code: r.code,
    url: `${deps.publicUrl}/rate/staff/${r.code}`,
    staffName: staff.get(r.staffId)?.name ?? '',
    organisationName: orgs.get(r.organisationId) ?? '',
    window: r.window,
  }));
}

/** A rating code's row (staff member, organisation, window), for other modules (a complaint about a staff member). */
export async function findRatingCode(db: Executor, code: string): Promise<{ code: string; staffId: string; organisationId: string; window: string | null } | undefined> {
  const [row] = await db.select({ code: ratingCodes.code, staffId: ratingCodes.staffId, organisationId: ratingCodes.organisationId, window: ratingCodes.window }).from(ratingCodes).where(eq(ratingCodes.code, code));
  return row;
}

/** What the QR landing shows before sign-in: the staff member (masked), the organisation and the window. */
export async function publicRatingCode(db: Executor, deps: FeedbackDeps, code: string) {
  const row = await findRatingCode(db, code);
  if (!row) throw notFound('problem.ratingCodeNotFound');
  const [v] = await codeViews(db, deps, [row]);
  return { code: v!.code, staffName: v!.staffName, organisationName: v!.organisationName, window: v!.window };
}

/** The clerk's own rating codes. */
export async function myRatingCodes(db: Executor, deps: FeedbackDeps, actor: Actor): Promise<{ items: StaffRatingCode[] }> {
  const rows = await db.select().from(ratingCodes).where(eq(ratingCodes.staffId, actor.accountId)).orderBy(asc(ratingCodes.createdAt));
  return { items: await codeViews(db, deps, rows) };
}

function requireClerkOf(actor: Actor, organisationId: string) {
  if (!holdsRole(actor, 'window_clerk', { organisationId })) throw new ProblemError(403, 'forbidden', 'problem.notClerkOfOrganisation');
}

/** A clerk's rating code at an organisation of theirs: created once, its window updated afterwards. */
export async function saveRatingCode(tx: Tx, deps: FeedbackDeps, actor: Actor, input: { organisationId: string; window: string }, now = new Date()): Promise<StaffRatingCode> {
  requireClerkOf(actor, input.organisationId);
  const org = await reference.findOrganisationById(tx, input.organisationId);
  if (!org) throw validationProblem([{ pointer: '/body/organisationId', code: 'feedback.organisationUnknown' }]);
  const [existing] = await tx.select().from(ratingCodes).where(and(eq(ratingCodes.staffId, actor.accountId), eq(ratingCodes.organisationId, org.id))).for('update');
  let row: CodeRow;
  if (existing) {
    [row] = (await tx.update(ratingCodes).set({ window: input.window }).where(eq(ratingCodes.code, existing.code)).returning()) as [CodeRow];
  } else {
    row = { code: newCode(), staffId: actor.accountId, organisationId: org.id, window: input.window, createdAt: now };
    const inserted = await tx.insert(ratingCodes).values(row).onConflictDoNothing().returning();
    if (inserted.length === 0) throw new ProblemError(409, 'conflict', 'problem.conflict');
  }
  await appendAudit(tx, {
    actor: actor.accountId,
    action: existing ? 'rating_code.update' : 'rating_code.create',
    entityType: 'rating_code',
    entityId: row.code,
    regionCode: org.regionCode,
    ownerOrgId: org.id,
    detail: { window: input.window, ...(existing ? { previousWindow: existing.window } : {}) },
  });
  return (await codeViews(tx, deps, [row]))[0]!;
}

// ---------------------------------------------------------------- window visits (一次一评)

async function visitViews(db: Executor, deps: FeedbackDeps, rows: VisitRow[]): Promise<VisitView[]> {
  const orgs = await reference.organisationNames(db, [...new Set(rows.map((r) => r.organisationId))]);
  const people = await identity.maskedContacts(deps.identity, db, rows.flatMap((r) => [r.staffId, r.personAccountId]));
  const rated = await ratingIdsOf(db, 'visit', rows.map((r) => r.id));
  const numbers = new Map<string, string>();
  for (const appId of new Set(rows.flatMap((r) => (r.applicationId ? [r.applicationId] : [])))) {
    const a = await applications.serviceEventOf(db, appId);
    if (a) numbers.set(appId, a.number);
  }
  return rows.map((r) => ({
    id: r.id,
    organisation: { id: r.organisationId, name: orgs.get(r.organisationId) ?? '' },
    window: r.window,
    staff: { id: r.staffId, name: people.get(r.staffId)?.name ?? '' },
    itemName: r.itemName,
    summary: r.summary,
    person: people.get(r.personAccountId)?.name ?? '',
    applicationNumber: r.applicationId ? (numbers.get(r.applicationId) ?? null) : null,
    visitedAt: r.visitedAt.toISOString(),
    rated: rated.has(r.id),
  }));
}

export type VisitRecord = VisitInput & { applicationId?: string | undefined };

/**
 * A clerk records a person served at the window (a service event the person may rate): the person
 * by ID number must hold an account (422 `no-account`); the item, if named, and the application,
 * if any, must be the organisation's and the person's.
 */
export async function recordVisit(tx: Tx, deps: FeedbackDeps, actor: Actor, input: VisitRecord, now = new Date()): Promise<VisitView> {
  requireClerkOf(actor, input.organisationId);
  const org = await reference.findOrganisationById(tx, input.organisationId);
  if (!org) throw validationProblem([{ pointer: '/body/organisationId', code: 'feedback.organisationUnknown' }]);
  const item = input.itemId ? await catalogue.itemRef(tx, input.itemId) : undefined;
  if (input.itemId && !item) throw validationProblem([{ pointer: '/body/itemId', code: 'feedback.itemUnknown' }]);
  if (!item && !input.summary) throw validationProblem([{ pointer: '/body/summary', code: 'required' }]);
  const personAccountId = await identity.personAccountIdByIdNumber(deps.identity, tx, input.idNumber);
  if (!personAccountId) throw new ProblemError(422, 'no-account', 'problem.visitNoAccount', [], 'problem.visitNoAccount.detail');
  if (input.applicationId) {
    const a = await applications.serviceEventOf(tx, input.applicationId);
    if (!a || a.applicantAccountId !== personAccountId || a.handlingOrgId !== org.id) throw validationProblem([{ pointer: '/body/applicationId', code: 'feedback.applicationUnknown' }]);
  }
  const row: VisitRow = {
    id: newId(),
    organisationId: org.id,
    regionCode: org.regionCode,
    window: input.window,
    staffId: actor.accountId,
    personAccountId,
    itemId: item?.id ?? null,
    itemName: item?.name ?? input.summary,
    implementationCode: item?.implementationCode ?? null,
    summary: input.summary,
    applicationId: input.applicationId ?? null,
    visitedAt: now,
  };
  await tx.insert(serviceVisits).values(row);
  await appendAudit(tx, {
    actor: actor.accountId,
    action: 'visit.create',
    entityType: 'service_visit',
    entityId: row.id,
    regionCode: org.regionCode,
    ownerOrgId: org.id,
    detail: { person: personAccountId, window: row.window, itemId: row.itemId, applicationId: row.applicationId },
  });
  return (await visitViews(tx, deps, [row]))[0]!;
}

/** The clerk's visits of the last RECENT_VISIT_DAYS, newest first. */
export async function myVisits(db: Executor, deps: FeedbackDeps, actor: Actor, now = new Date()): Promise<{ items: VisitView[] }> {
  const rows = await db
    .select()
    .from(serviceVisits)
    .where(and(eq(serviceVisits.staffId, actor.accountId), gte(serviceVisits.visitedAt, daysBefore(now, RECENT_VISIT_DAYS))))
    .orderBy(desc(serviceVisits.visitedAt), desc(serviceVisits.id))
    .limit(200);
  return { items: await visitViews(db, deps, rows) };
}

