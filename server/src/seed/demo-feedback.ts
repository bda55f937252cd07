/**
 * Demo 好差评 of the development node: clerk.xihu's rating code at window A03, a dozen window visits
 * of the demo residents over the last months, mostly rated well, and two 差评 — one rectified and
 * closed (call back, judged valid, measures, reply), one still being verified. Everything goes
 * through the feedback service (dated in the past), so views, deadlines and the audit chain agree.
 * Once, into a node without visits.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { RatingChannel, RatingLevel, RatingTag, RectificationAction, RoleGrant, StaffRole } from '@onewindow/domain';
import type { Db, Tx } from '../platform/db.js';
import type { Actor } from '../platform/auth.js';
import * as feedback from '../modules/feedback/service.js';
import * as identity from '../modules/identity/service.js';
import { serviceVisits } from '../modules/feedback/schema.js';
import { accounts, roleAssignments } from '../modules/identity/schema.js';
import { items } from '../modules/catalogue/schema.js';
import { DEMO_PEOPLE } from './demo-identity.js';

const DAY = 86_400_000;

/** Visits: days ago, the demo person (index into the registered ones), and the rating (none: left to rate). */
const VISITS: { daysAgo: number; person: number; rating?: { level: RatingLevel; channel: RatingChannel; tags: RatingTag[]; comment: string } }[] = [
  { daysAgo: 152, person: 0, rating: { level: 1, channel: 'tablet', tags: ['friendly', 'fast'], comment: '窗口人员很耐心，一次就办好了。' } },
  { daysAgo: 131, person: 1, rating: { level: 2, channel: 'qr', tags: ['professional'], comment: '' } },
  { daysAgo: 117, person: 0, rating: { level: 1, channel: 'qr', tags: ['oneTrip', 'fewMaterials'], comment: '材料比以前少多了。' } },
  { daysAgo: 98, person: 1, rating: { level: 1, channel: 'tablet', tags: ['fast'], comment: '' } },
  { daysAgo: 84, person: 0, rating: { level: 3, channel: 'mobile', tags: ['clearGuide'], comment: '排队时间稍长。' } },
  { daysAgo: 69, person: 1, rating: { level: 1, channel: 'qr', tags: ['friendly'], comment: '服务热情。' } },
  { daysAgo: 55, person: 0, rating: { level: 2, channel: 'tablet', tags: ['professional', 'fast'], comment: '' } },
  { daysAgo: 41, person: 1, rating: { level: 5, channel: 'qr', tags: ['manyTrips', 'attitude'], comment: '第一次来被告知缺材料，但网上指南没写，白跑一趟，窗口态度也生硬。' } },
  { daysAgo: 27, person: 0, rating: { level: 1, channel: 'tablet', tags: ['oneTrip'], comment: '一次办成，点赞。' } },
  { daysAgo: 12, person: 1, rating: { level: 2, channel: 'mobile', tags: ['friendly'], comment: '' } },
  { daysAgo: 2, person: 0, rating: { level: 4, channel: 'qr', tags: ['slow'], comment: '取号后等了一个多小时才办理。' } },
  { daysAgo: 1, person: 1 },
];

/** The steps of the rectified 差评, each a day after the previous one. */
const RECTIFIED: RectificationAction[] = [
  { type: 'callback', reached: true, note: '电话回访评价人，了解到网上办事指南未列明委托书要求。' },
  { type: 'judge', valid: true, reason: '经核实，办事指南材料清单遗漏授权委托书，差评属实。' },
  { type: 'rectify', measures: '已补充办事指南材料清单并重新发布；对窗口人员开展服务规范培训。' },
  { type: 'reply', message: '您反映的办事指南遗漏材料问题已整改，指南已更新，感谢您的监督。' },
];

/** A staff member as the service sees a signed-in one: their account and role grants. */
async function staffActor(tx: Tx, username: string): Promise<Actor | undefined> {
  const [a] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.username, username));
  if (!a) return undefined;
  const grants = await tx.select().from(roleAssignments).where(eq(roleAssignments.accountId, a.id));
  const roles: RoleGrant[] = grants.map((g) => ({ role: g.role as StaffRole, regionCode: g.regionCode, organisationId: g.organisationId }));
  return { accountId: a.id, sessionId: 'seed', kind: 'staff', level: 3, amr: [], roles, passwordChangeRequired: false };
}

/** 10:00 in the node's zone (UTC+8) `daysAgo` days before `now`, plus `hours`. */
const at = (now: Date, daysAgo: number, hours = 0) => new Date(Math.floor((now.getTime() - daysAgo * DAY) / DAY) * DAY + (2 + hours) * 3_600_000);

export async function seedDemoFeedback(db: Db, deps: feedback.FeedbackDeps, now = new Date()): Promise<{ visits: number; ratings: number }> {
  const [any] = await db.select({ id: serviceVisits.id }).from(serviceVisits).limit(1);
  if (any) return { visits: 0, ratings: 0 };
  return db.transaction(async (tx) => {
    const clerk = await staffActor(tx, 'clerk.xihu');
    const officer = await staffActor(tx, 'feedback.xihu');
    const organisationId = clerk?.roles.find((g) => g.role === 'window_clerk')?.organisationId;
    if (!clerk || !officer || !organisationId) return { visits: 0, ratings: 0 };
    const people = DEMO_PEOPLE.filter((p) => p.registered);
    const raters = await Promise.all(people.map((p) => identity.personAccountIdByIdNumber(deps.identity, tx, p.idNumber)));
    const orgItems = await tx.select({ id: items.id }).from(items).where(and(eq(items.ownerOrgId, organisationId), eq(items.status, 'published'))).orderBy(asc(items.implementationCode)).limit(4);

    await feedback.saveRatingCode(tx, deps, clerk, { organisationId, window: 'A03' }, at(now, 160));
    let rated = 0;
    for (const [i, v] of VISITS.entries()) {
      const item = orgItems.length ? orgItems[i % orgItems.length] : undefined;
      const visit = await feedback.recordVisit(
        tx, deps, clerk,
        { idNumber: people[v.person]!.idNumber, organisationId, window: 'A03', ...(item ? { itemId: item.id, summary: '' } : { summary: '业务咨询' }) },
        at(now, v.daysAgo),
      );
      const accountId = raters[v.person];
      if (!v.rating || !accountId) continue;
      const r = v.rating;
      const view = await feedback.createRating(
        tx, deps, { accountId, level: 2 },
        { event: { kind: 'visit', id: visit.id }, level: r.level, dimensions: { efficiency: r.level, skill: r.level, attitude: r.level }, tags: r.tags, comment: r.comment, channel: r.channel, anonymous: false },
        at(now, v.daysAgo, 1),
      );
      rated++;
      // the older 差评 went the whole way; the recent one is still being verified
      if (view.rectification && v.daysAgo > 30) {
        for (const [step, action] of RECTIFIED.entries()) await feedback.actOnRectification(tx, deps, officer, view.rectification.id, action, undefined, at(now, v.daysAgo - 1 - step, 3));
      }
    }
    return { visits: VISITS.length, ratings: rated };
  });
}
