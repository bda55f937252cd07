/**
 * 好差评: window visits (the on-site service events), ratings of service events, the rectification of
 * each 差评 with its steps, and staff members' rating codes (QR). Every row carries its organisation and region so that nodes
 * can federate and publish per organisation, item and region.
 */
import { boolean, date, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { applications } from '../applications/schema.js';
import { items } from '../catalogue/schema.js';
import { accountRef } from '../identity/schema.js';
import { organisationRef, regionRef } from '../reference/schema.js';
import { ts } from '../../platform/columns.js';

/** 窗口服务记录: a person served at a window (一次一评), entered by the clerk; a window submission records one too. */
export const serviceVisits = pgTable(
  'service_visits',
  {
    id: uuid('id').primaryKey(),
    organisationId: organisationRef('organisation_id').notNull(),
    regionCode: regionRef('region_code').notNull(),
    /** 窗口号 */
    window: text('window').notNull(),
    staffId: accountRef('staff_id').notNull(),
    personAccountId: accountRef('person_account_id').notNull(),
    itemId: uuid('item_id').references(() => items.id),
    itemName: text('item_name').notNull(),
    implementationCode: text('implementation_code'),
    summary: text('summary').notNull().default(''),
    /** the application entered at the window during the visit, if any */
    applicationId: uuid('application_id').references(() => applications.id),
    visitedAt: ts('visited_at').notNull(),
  },
  (t) => [
    index('service_visits_person_idx').on(t.personAccountId, t.visitedAt),
    index('service_visits_staff_idx').on(t.staffId, t.visitedAt),
    index('service_visits_org_idx').on(t.organisationId, t.visitedAt),
  ],
);

/** 评价: one per service event (unique), bound to item, organisation, staff member, region and channel. */
export const ratings = pgTable(
  'ratings',
  {
    id: uuid('id').primaryKey(),
    /** application | visit */
    eventKind: text('event_kind').notNull(),
    eventId: uuid('event_id').notNull(),
    /** 办件编号 of an application event */
    eventNumber: text('event_number'),
    /** when the service event ended (closed, or the visit) */
    eventAt: ts('event_at').notNull(),
    raterAccountId: accountRef('rater_account_id').notNull(),
    /** the rater's account was real-name verified (level 2 or more) when rating */
    realName: boolean('real_name').notNull(),
    anonymous: boolean('anonymous').notNull().default(false),
    /** online | onsite */
    mode: text('mode').notNull(),
    level: integer('level').notNull(),
    dimensions: jsonb('dimensions').notNull(),
    tags: jsonb('tags').notNull(),
    comment: text('comment').notNull().default(''),
    addition: text('addition'),
    addedAt: ts('added_at'),
    channel: text('channel').notNull(),
    itemId: uuid('item_id').references(() => items.id),
    itemName: text('item_name').notNull(),
    implementationCode: text('implementation_code'),
    organisationId: organisationRef('organisation_id').notNull(),
    staffId: accountRef('staff_id'),
    regionCode: regionRef('region_code').notNull(),
    /** an appeal upheld (误评 / 恶意差评): left out of the indicators */
    excluded: boolean('excluded').notNull().default(false),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    unique('ratings_event_uq').on(t.eventKind, t.eventId),
    index('ratings_org_idx').on(t.organisationId, t.createdAt),
    index('ratings_item_idx').on(t.itemId, t.createdAt),
    index('ratings_region_idx').on(t.regionCode, t.createdAt),
    index('ratings_rater_idx').on(t.raterAccountId, t.createdAt),
  ],
);

/** 差评整改: the case a 差评 opens for the organisation that handled the event. */
export const rectifications = pgTable(
  'rectifications',
  {
    id: uuid('id').primaryKey(),
    /** 整改编号: ZG + region (6) + date (8) + sequence (4) */
    number: text('number').notNull().unique(),
    ratingId: uuid('rating_id')
      .notNull()
      .unique()
      .references(() => ratings.id),
    organisationId: organisationRef('organisation_id').notNull(),
    regionCode: regionRef('region_code').notNull(),
    /** verifying | appealed | rectifying | replying | closed */
    status: text('status').notNull(),
    /** rectified | not_valid | appeal_upheld, once closed */
    outcome: text('outcome'),
    valid: boolean('valid'),
    realName: boolean('real_name').notNull(),
    callbacks: integer('callbacks').notNull().default(0),
    /** a call back reached the rater */
    calledBack: boolean('called_back').notNull().default(false),
    appealGround: text('appeal_ground'),
    measures: text('measures'),
    reply: text('reply'),
    verifyDue: date('verify_due', { mode: 'string' }).notNull(),
    rectifyDue: date('rectify_due', { mode: 'string' }).notNull(),
    appealDue: date('appeal_due', { mode: 'string' }),
    version: integer('version').notNull(),
    openedAt: ts('opened_at').notNull(),
    closedAt: ts('closed_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('rectifications_org_idx').on(t.organisationId, t.status), index('rectifications_region_idx').on(t.regionCode, t.status)],
);

/** The steps of a rectification (open, call back, judge, appeal, review, rectify, reply), in order. */
export const rectificationSteps = pgTable(
  'rectification_steps',
  {
    id: uuid('id').primaryKey(),
    rectificationId: uuid('rectification_id')
      .notNull()
      .references(() => rectifications.id),
    seq: integer('seq').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    /** account id, or 'system' */
    actorId: text('actor_id').notNull(),
    detail: jsonb('detail').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [unique('rectification_steps_seq_uq').on(t.rectificationId, t.seq)],
);

/** A staff member's rating code at a window: the QR code opens /rate/staff/<code>. */
export const ratingCodes = pgTable(
  'rating_codes',
  {
    code: text('code').primaryKey(),
    staffId: accountRef('staff_id').notNull(),
    organisationId: organisationRef('organisation_id').notNull(),
    window: text('window'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [unique('rating_codes_staff_org_uq').on(t.staffId, t.organisationId)],
);
