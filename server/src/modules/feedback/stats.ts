/**
 * 好差评 publication and exports: the counts behind the four indicators (domain `indicatorsOf`, the
 * formulas in docs/standards.md), computed in SQL over ratings, rectifications, ended applications
 * and window visits for a scope (region and below, organisation, item) and a period of days in the
 * node's time zone; the closed rectifications as published (personal data masked, no rater); and
 * the data exports of RATING_EXPORT_COLUMNS / RECTIFICATION_EXPORT_COLUMNS for the staff in scope.
 *
 * Ratings whose appeal was upheld (`excluded`) are left out of every count but the events: a rating
 * found mistaken or malicious still shows that the person rated (主动评价率).
 */
import {
  dateInZone, indicatorsOf, ratio, RATING_EXPORT_COLUMNS, RECTIFICATION_EXPORT_COLUMNS, regionCovers, type FeedbackCounts, type FeedbackMonth,
  type FeedbackScopeQuery, type FeedbackStatsView, type PublicRectificationView, type RatingLevel, type RectificationOutcome,
} from '@onewindow/domain';
import { and, asc, count, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { appendAudit } from '../../platform/audit.js';
import { forbidden, holdsRole, regionCoversSql, type Actor } from '../../platform/auth.js';
import { query, type Db, type Executor } from '../../platform/db.js';
import { notFound, ProblemError, validationProblem } from '../../platform/errors.js';
import { maskPersonalDataInText } from '../../platform/personal-data.js';
import { endedApplicationIdsSql, endOfDayInZone } from '../applications/service.js';
import * as catalogue from '../catalogue/service.js';
import * as identity from '../identity/service.js';
import * as reference from '../reference/service.js';
import { ratings, rectifications, serviceVisits } from './schema.js';

export interface StatsDeps {
  db: Db;
  timeZone: string;
}

export interface ExportDeps extends StatsDeps {
  identity: identity.IdentityDeps;
  /** the node's region: the audit entry of an export without a region filter */
  nodeRegion: string;
}

export interface Scope {
  regionCode?: string | undefined;
  organisationId?: string | undefined;
  itemId?: string | undefined;
}

// ---------------------------------------------------------------- period (days in the node's time zone)

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** the first instant of a day in the time zone */
const startOfDay = (date: string, timeZone: string) => new Date(Date.parse(endOfDayInZone(addDays(date, -1), timeZone)) + 1);
/** the first day of the month `n` months before the month of `date` */
const monthStart = (date: string, n: number) => {
  const d = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1 - n, 1));
  return d.toISOString().slice(0, 10);
};

/** A real day (2026-02-31 is not, although Date.parse rolls it over into March). */
const isCalendarDate = (date: string) => {
  const t = Date.parse(`${date}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === date;
};

export interface Period {
  from: string;
  to: string;
  /** [start, end) as instants */
  start: Date;
  end: Date;
}

/** The period asked for, by default the last 12 months (the first day of the month 11 months ago to today). */
export function periodOf(q: Pick<FeedbackScopeQuery, 'from' | 'to'>, timeZone: string, now = new Date()): Period {
  const to = q.to ?? dateInZone(now, timeZone);
  const from = q.from ?? monthStart(to, 11);
  for (const [name, date] of [['from', from], ['to', to]] as const) {
    if (!isCalendarDate(date)) throw validationProblem([{ pointer: `/query/${name}`, code: 'feedback.dateInvalid' }]);
  }
  if (from > to) throw validationProblem([{ pointer: '/query/from', code: 'feedback.periodOrder' }]);
  return { from, to, start: startOfDay(from, timeZone), end: startOfDay(addDays(to, 1), timeZone) };
}

// ---------------------------------------------------------------- scope

/** SQL of a scope over a table's region, organisation and item columns. */
function scopeSql(s: Scope, cols: { region: PgColumn; org: PgColumn; item: PgColumn }): SQL[] {
  return [
    ...(s.regionCode ? [regionCoversSql(cols.region, s.regionCode)] : []),
    ...(s.organisationId ? [eq(cols.org, s.organisationId)] : []),
    ...(s.itemId ? [eq(cols.item, s.itemId)] : []),
  ];
}
const RATING_COLS = { region: ratings.regionCode, org: ratings.organisationId, item: ratings.itemId };
const VISIT_COLS = { region: serviceVisits.regionCode, org: serviceVisits.organisationId, item: serviceVisits.itemId };
const RECT_COLS = { region: rectifications.regionCode, org: rectifications.organisationId, item: ratings.itemId };

const n = (expr: SQL) => sql<number>`${expr}`.mapWith(Number);
const counted = sql`not ${ratings.excluded}`;
const bad = sql`${counted} and ${ratings.level} >= 4`;

// ---------------------------------------------------------------- indicators

/** The counts of FeedbackCounts and the level histogram over the scope and period, in two statements. */
export async function countsOf(db: Executor, scope: Scope, period: Pick<Period, 'start' | 'end'>): Promise<{ counts: FeedbackCounts; levels: Record<RatingLevel, number> }> {
  const [r] = await db
    .select({
      ratings: n(sql`count(*) filter (where ${counted})`),
      good: n(sql`count(*) filter (where ${counted} and ${ratings.level} <= 3)`),
      bad: n(sql`count(*) filter (where ${bad})`),
      badValid: n(sql`count(*) filter (where ${bad} and ${rectifications.valid} is true)`),
      badRectified: n(sql`count(*) filter (where ${bad} and ${rectifications.valid} is true and ${rectifications.outcome} = 'rectified')`),
      badRealName: n(sql`count(*) filter (where ${bad} and not ${ratings.anonymous})`),
      badRealNameCalledBack: n(sql`count(*) filter (where ${bad} and not ${ratings.anonymous} and ${rectifications.calledBack} is true)`),
      l1: n(sql`count(*) filter (where ${counted} and ${ratings.level} = 1)`),
      l2: n(sql`count(*) filter (where ${counted} and ${ratings.level} = 2)`),
      l3: n(sql`count(*) filter (where ${counted} and ${ratings.level} = 3)`),
      l4: n(sql`count(*) filter (where ${counted} and ${ratings.level} = 4)`),
      l5: n(sql`count(*) filter (where ${counted} and ${ratings.level} = 5)`),
    })
    .from(ratings)
    .leftJoin(rectifications, eq(rectifications.ratingId, ratings.id))
    .where(and(...scopeSql(scope, RATING_COLS), gte(ratings.createdAt, period.start), lt(ratings.createdAt, period.end)));
  // the service events that ended in the period: applications closed (their module's subquery) and visits made
  const rated = (kind: string, id: SQL) => sql`exists (select 1 from ${ratings} where ${ratings.eventKind} = ${kind} and ${ratings.eventId} = ${id})`;
  const visits = db
    .select({ id: serviceVisits.id })
    .from(serviceVisits)
    .where(and(...scopeSql(scope, VISIT_COLS), gte(serviceVisits.visitedAt, period.start), lt(serviceVisits.visitedAt, period.end)));
  const ended = endedApplicationIdsSql(scope, period.start, period.end);
  const [e] = await query<{ events: string | number; rated: string | number }>(
    db,
    sql`select
          (select count(*) from (${ended}) a) + (select count(*) from (${visits}) v) as events,
          (select count(*) from (${ended}) a where ${rated('application', sql`a.id`)})
            + (select count(*) from (${visits}) v where ${rated('visit', sql`v.id`)}) as rated`,
  );
  const row = r!;
  return {
    counts: {
      ratings: row.ratings,
      good: row.good,
      bad: row.bad,
      badValid: row.badValid,
      badRectified: row.badRectified,
      badRealName: row.badRealName,
      badRealNameCalledBack: row.badRealNameCalledBack,
      events: Number(e?.events ?? 0),
      eventsRated: Number(e?.rated ?? 0),
    },
    levels: { 1: row.l1, 2: row.l2, 3: row.l3, 4: row.l4, 5: row.l5 },
  };
}

/** Ratings per month of the 12 months ending with the month of `to` (in the node's time zone). */
export async function monthsOf(db: Executor, scope: Scope, to: string, timeZone: string): Promise<FeedbackMonth[]> {
  const first = monthStart(to, 11);
  const month = sql<string>`to_char(${ratings.createdAt} at time zone ${timeZone}, 'YYYY-MM')`;
  const rows = await db
    .select({
      month,
      ratings: n(sql`count(*)`),
      good: n(sql`count(*) filter (where ${ratings.level} <= 3)`),
      bad: n(sql`count(*) filter (where ${ratings.level} >= 4)`),
    })
    .from(ratings)
    .where(and(...scopeSql(scope, RATING_COLS), counted, gte(ratings.createdAt, startOfDay(first, timeZone)), lt(ratings.createdAt, startOfDay(addDays(to, 1), timeZone))))
    .groupBy(sql`1`);
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return Array.from({ length: 12 }, (_, i) => {
    const m = monthStart(to, 11 - i).slice(0, 7);
    const r = byMonth.get(m);
    const c = { ratings: r?.ratings ?? 0, good: r?.good ?? 0, bad: r?.bad ?? 0 };
    return { month: m, ...c, goodRate: ratio(c.good, c.ratings) };
  });
}

/** The scope as shown: 404 for an unknown organisation or item. */
async function scopeView(db: Executor, q: Scope): Promise<FeedbackStatsView['scope']> {
  let organisation: FeedbackStatsView['scope']['organisation'] = null;
  let item: FeedbackStatsView['scope']['item'] = null;
  if (q.organisationId) {
    const org = await reference.findOrganisationById(db, q.organisationId);
    if (!org) throw notFound('problem.organisationNotFound');
    organisation = { id: org.id, name: org.name };
  }
  if (q.itemId) {
    const found = await catalogue.itemRef(db, q.itemId);
    // a draft is not public yet; a withdrawn item keeps its ratings
    if (!found || found.status === 'draft') throw notFound('problem.itemNotFound');
    item = { id: found.id, name: found.name };
  }
  return { regionCode: q.regionCode ?? null, organisation, item };
}

/** 好差评公开: the counts, indicators, levels and monthly trend of a scope and period. */
export async function stats(deps: StatsDeps, q: FeedbackScopeQuery, now = new Date()): Promise<FeedbackStatsView> {
  const period = periodOf(q, deps.timeZone, now);
  const scope = await scopeView(deps.db, q);
  const { counts, levels } = await countsOf(deps.db, q, period);
  return { scope, from: period.from, to: period.to, counts, indicators: indicatorsOf(counts), levels, months: await monthsOf(deps.db, q, period.to, deps.timeZone) };
}

// ---------------------------------------------------------------- published rectifications

/** Closed rectifications, newest first: the rating's comment, measures and reply with ID and phone numbers masked; no rater. */
export async function publicRectifications(db: Executor, q: Scope & { page: number; pageSize: number }) {
  const where = and(eq(rectifications.status, 'closed'), ...scopeSql(q, RECT_COLS));
  const [total] = await db.select({ n: count() }).from(rectifications).innerJoin(ratings, eq(ratings.id, rectifications.ratingId)).where(where);
  const rows = await db
    .select({
      number: rectifications.number,
      itemName: ratings.itemName,
      organisationId: rectifications.organisationId,
      level: ratings.level,
      comment: ratings.comment,
      outcome: rectifications.outcome,
      measures: rectifications.measures,
      reply: rectifications.reply,
      ratedAt: ratings.createdAt,
      closedAt: rectifications.closedAt,
    })
    .from(rectifications)
    .innerJoin(ratings, eq(ratings.id, rectifications.ratingId))
    .where(where)
    .orderBy(desc(rectifications.closedAt), asc(rectifications.number))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const orgs = await reference.organisationNames(db, [...new Set(rows.map((r) => r.organisationId))]);
  const masked = (s: string | null) => (s === null ? null : maskPersonalDataInText(s));
  const items: PublicRectificationView[] = rows.map((r) => ({
    number: r.number,
    itemName: r.itemName,
    organisationName: orgs.get(r.organisationId) ?? '',
    level: r.level as RatingLevel,
    comment: maskPersonalDataInText(r.comment),
    outcome: r.outcome as RectificationOutcome,
    measures: masked(r.measures),
    reply: masked(r.reply),
    ratedAt: r.ratedAt.toISOString(),
    closedAt: r.closedAt!.toISOString(),
  }));
  return { items, total: Number(total?.n ?? 0), page: q.page, pageSize: q.pageSize };
}

// ---------------------------------------------------------------- exports

/** Rows an export may hold; a larger one is refused (narrow the period or the scope). */
export const EXPORT_MAX_ROWS = 50_000;

export type RatingExportRow = Record<(typeof RATING_EXPORT_COLUMNS)[number], unknown>;
export type RectificationExportRow = Record<(typeof RECTIFICATION_EXPORT_COLUMNS)[number], unknown>;

/**
 * SQL of what the caller may export over a table's organisation and region columns: the
 * organisations where they are 好差评专员 or administrator, the regions they supervise. A filter
 * outside that scope is refused (403) rather than answered empty.
 */
async function exportScope(db: Executor, actor: Actor, q: Scope, cols: { org: PgColumn; region: PgColumn }): Promise<SQL> {
  const orgGrants = actor.roles.filter((g) => (g.role === 'feedback_officer' || g.role === 'org_admin') && g.organisationId);
  const regions = actor.roles.filter((g) => g.role === 'supervisor').map((g) => g.regionCode);
  if (q.organisationId) {
    const org = await reference.findOrganisationById(db, q.organisationId);
    if (!org) throw notFound('problem.organisationNotFound');
    const mine = holdsRole(actor, 'feedback_officer', { organisationId: org.id }) || holdsRole(actor, 'org_admin', { organisationId: org.id });
    if (!mine && !holdsRole(actor, 'supervisor', { regionCode: org.regionCode })) throw forbidden();
  }
  if (q.regionCode && !regions.some((r) => regionCovers(r, q.regionCode!)) && !orgGrants.some((g) => regionCovers(q.regionCode!, g.regionCode))) throw forbidden();
  const parts: SQL[] = regions.map((r) => regionCoversSql(cols.region, r));
  if (orgGrants.length) parts.push(inArray(cols.org, orgGrants.map((g) => g.organisationId!)));
  if (parts.length === 0) throw forbidden();
  return or(...parts)!;
}

async function organisationsById(db: Executor, ids: string[]) {
  const map = new Map<string, { uscc: string; name: string }>();
  for (const id of new Set(ids)) {
    const org = await reference.findOrganisationById(db, id);
    if (org) map.set(id, { uscc: org.uscc, name: org.name });
  }
  return map;
}

function checkSize(rows: unknown[]) {
  if (rows.length > EXPORT_MAX_ROWS) {
    throw new ProblemError(422, 'export-too-large', 'problem.exportTooLarge', [], 'problem.exportTooLarge.detail', { maxRows: EXPORT_MAX_ROWS });
  }
}

async function auditExport(deps: ExportDeps, actor: Actor, what: 'ratings' | 'rectifications', q: Scope & { format: string }, period: Period, rows: number) {
  await deps.db.transaction((tx) =>
    appendAudit(tx, {
      actor: actor.accountId,
      action: `feedback.export.${what}`,
      entityType: 'feedback_export',
      entityId: what,
      regionCode: q.regionCode ?? deps.nodeRegion,
      ownerOrgId: q.organisationId ?? null,
      detail: { format: q.format, from: period.from, to: period.to, regionCode: q.regionCode ?? null, organisationId: q.organisationId ?? null, itemId: q.itemId ?? null, rows },
    }),
  );
}

/** The ratings in the caller's scope rated in the period, oldest first, by RATING_EXPORT_COLUMNS; audited. */
export async function exportRatings(deps: ExportDeps, actor: Actor, q: FeedbackScopeQuery & { format: string }, now = new Date()): Promise<{ period: Period; rows: RatingExportRow[] }> {
  const period = periodOf(q, deps.timeZone, now);
  const scope = await exportScope(deps.db, actor, q, { org: ratings.organisationId, region: ratings.regionCode });
  const found = await deps.db
    .select()
    .from(ratings)
    .where(and(scope, ...scopeSql(q, RATING_COLS), gte(ratings.createdAt, period.start), lt(ratings.createdAt, period.end)))
    .orderBy(asc(ratings.createdAt), asc(ratings.id))
    .limit(EXPORT_MAX_ROWS + 1);
  checkSize(found);
  const orgs = await organisationsById(deps.db, found.map((r) => r.organisationId));
  const staff = new Map<string, string>();
  for (const id of new Set(found.flatMap((r) => (r.staffId ? [r.staffId] : [])))) {
    staff.set(id, (await identity.accountClaims(deps.identity, id))?.name ?? '');
  }
  const rows: RatingExportRow[] = found.map((r) => ({
    ratingId: r.id,
    eventKind: r.eventKind,
    eventNumber: r.eventNumber,
    implementationCode: r.implementationCode,
    itemName: r.itemName,
    organisationUscc: orgs.get(r.organisationId)?.uscc ?? null,
    organisationName: orgs.get(r.organisationId)?.name ?? null,
    regionCode: r.regionCode,
    staffName: r.staffId ? (staff.get(r.staffId) ?? null) : null,
    channel: r.channel,
    mode: r.mode,
    level: r.level,
    dimensions: r.dimensions,
    tags: r.tags,
    comment: maskPersonalDataInText(r.comment),
    addition: r.addition === null ? null : maskPersonalDataInText(r.addition),
    realName: r.realName,
    anonymous: r.anonymous,
    excluded: r.excluded,
    ratedAt: r.createdAt.toISOString(),
  }));
  await auditExport(deps, actor, 'ratings', q, period, rows.length);
  return { period, rows };
}

/** The rectifications in the caller's scope opened in the period, oldest first, by RECTIFICATION_EXPORT_COLUMNS; audited. */
export async function exportRectifications(deps: ExportDeps, actor: Actor, q: FeedbackScopeQuery & { format: string }, now = new Date()): Promise<{ period: Period; rows: RectificationExportRow[] }> {
  const period = periodOf(q, deps.timeZone, now);
  const today = dateInZone(now, deps.timeZone);
  const scope = await exportScope(deps.db, actor, q, { org: rectifications.organisationId, region: rectifications.regionCode });
  const found = await deps.db
    .select({ r: rectifications, level: ratings.level })
    .from(rectifications)
    .innerJoin(ratings, eq(ratings.id, rectifications.ratingId))
    .where(and(scope, ...scopeSql(q, RECT_COLS), gte(rectifications.openedAt, period.start), lt(rectifications.openedAt, period.end)))
    .orderBy(asc(rectifications.openedAt), asc(rectifications.id))
    .limit(EXPORT_MAX_ROWS + 1);
  checkSize(found);
  const orgs = await organisationsById(deps.db, found.map((x) => x.r.organisationId));
  const rows: RectificationExportRow[] = found.map(({ r, level }) => ({
    rectificationNumber: r.number,
    ratingId: r.ratingId,
    organisationUscc: orgs.get(r.organisationId)?.uscc ?? null,
    organisationName: orgs.get(r.organisationId)?.name ?? null,
    regionCode: r.regionCode,
    level,
    status: r.status,
    outcome: r.outcome,
    valid: r.valid,
    calledBack: r.calledBack,
    appealGround: r.appealGround,
    measures: r.measures === null ? null : maskPersonalDataInText(r.measures),
    reply: r.reply === null ? null : maskPersonalDataInText(r.reply),
    verifyDue: r.verifyDue,
    rectifyDue: r.rectifyDue,
    openedAt: r.openedAt.toISOString(),
    closedAt: r.closedAt?.toISOString() ?? null,
    // closed after the rectification deadline, or still open past it
    overdue: (r.closedAt ? dateInZone(r.closedAt, deps.timeZone) : today) > r.rectifyDue,
  }));
  await auditExport(deps, actor, 'rectifications', q, period, rows.length);
  return { period, rows };
}
