/**
 * Online applications (办件): one row per case with the engine's state, and its event timeline.
 * The workflow definition is snapshotted on the case, so a case runs on the item version it was
 * created against whatever happens to the catalogue later.
 */

import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { items } from '../catalogue/schema.js';
import { accountRef, enterprises } from '../identity/schema.js';
import { organisationRef, regionRef } from '../reference/schema.js';
import { ts } from '../../platform/columns.js';

export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey(),
    /** 办件编号: region (6) + date in the node's time zone (8) + sequence of the region and day (6) */
    number: text('number').notNull().unique(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    implementationCode: text('implementation_code').notNull(),
    /** the published version of the item the application was made against */
    itemVersion: integer('item_version').notNull(),
    itemName: text('item_name').notNull(),
    /** the engine's WorkflowDefinition, as derived from that version's guide */
    definition: jsonb('definition').notNull(),
    applicantAccountId: accountRef('applicant_account_id').notNull(),
    /** the enterprise the applicant acts for (法人办事), or null */
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    enterpriseName: text('enterprise_name'),
    /** online | window */
    channel: text('channel').notNull(),
    /** the clerk who entered a window submission */
    submittedBy: accountRef('submitted_by'),
    handlingOrgId: organisationRef('handling_org_id').notNull(),
    regionCode: regionRef('region_code').notNull(),
    /** = case_state.status, for queries */
    status: text('status').notNull(),
    /** the engine's CaseState */
    caseState: jsonb('case_state').notNull(),
    /** incremented by every change (actions and form edits): the ETag "v<version>" */
    version: integer('version').notNull(),
    /** legacy: form data of rows written before forms were sealed (new rows keep {} here) */
    form: jsonb('form').notNull(),
    /** the form data, sealed (SM4 + HMAC-SM3 under the personal-data key ring, bound to the id) */
    formCipher: text('form_cipher'),
    /** the item version's application form (JSON Schema, FormDefinition) */
    formDefinition: jsonb('form_definition').notNull(),
    /** the item version's materials (code, name, required, may be missing, source) */
    materials: jsonb('materials').notNull(),
    /** the 告知承诺 notice of the item version, when it allows one */
    commitment: jsonb('commitment'),
    /** when the applicant signed the 告知承诺 (on submission) */
    commitmentSignedAt: ts('commitment_signed_at'),
    /** the role that acts next (window_clerk, reviewer, approver), for the queues; null when nobody does */
    pendingRole: text('pending_role'),
    /** 认领: the staff member working on the case, until they act or release it */
    claimedBy: accountRef('claimed_by'),
    claimedAt: ts('claimed_at'),
    /** the day (node time zone) the scheduler last recoloured the case */
    warningCheckedOn: date('warning_checked_on', { mode: 'string' }),
    /** time limits in working days; null when the guide states them in another unit */
    promisedLimitDays: integer('promised_limit_days'),
    statutoryLimitDays: integer('statutory_limit_days'),
    /** while waiting for acceptance: the last day of the acceptance limit (受理时限) */
    acceptanceDeadline: date('acceptance_deadline', { mode: 'string' }),
    promisedDeadline: date('promised_deadline', { mode: 'string' }),
    statutoryDeadline: date('statutory_deadline', { mode: 'string' }),
    /** a deadline runs into a year whose official holidays are not loaded yet (weekends only, for now) */
    deadlineProvisional: boolean('deadline_provisional').notNull().default(false),
    /** green | yellow | red (红黄牌) */
    warning: text('warning').notNull().default('green'),
    greenChannel: boolean('green_channel').notNull().default(false),
    /** 免提交: materials supplied by licences or shared data instead of an upload */
    materialsSaved: integer('materials_saved').notNull().default(0),
    /** 少跑腿: trips saved (domain savingsOf: applying online, and each organisation whose licence or data was used) */
    tripsSaved: integer('trips_saved').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    submittedAt: ts('submitted_at'),
    acceptedAt: ts('accepted_at'),
    decidedAt: ts('decided_at'),
    closedAt: ts('closed_at'),
  },
  (t) => [
    index('applications_applicant_idx').on(t.applicantAccountId, t.createdAt),
    index('applications_queue_idx').on(t.handlingOrgId, t.status),
    index('applications_item_idx').on(t.itemId),
    index('applications_warning_idx').on(t.warning, t.regionCode),
  ],
);

export const applicationEvents = pgTable(
  'application_events',
  {
    id: uuid('id').primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    /** the case version after the action */
    seq: integer('seq').notNull(),
    action: text('action').notNull(),
    fromStatus: text('from_status').notNull(),
    toStatus: text('to_status').notNull(),
    /** account id, or 'system' */
    actorId: text('actor_id').notNull(),
    /** applicant | staff | system */
    actorKind: text('actor_kind').notNull(),
    opinion: text('opinion'),
    reason: text('reason'),
    legalBasis: text('legal_basis'),
    /** the validated action, the clock move, the review step and the actor's roles */
    payload: jsonb('payload').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [unique('application_events_seq_uq').on(t.applicationId, t.seq)],
);

/** The last sequence number of 办件编号 per region and day (incremented atomically by upsert). */
export const applicationNumbers = pgTable(
  'application_numbers',
  {
    regionCode: text('region_code').notNull(),
    day: text('day').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionCode, t.day] })],
);


/**
 * Files of an application: materials uploaded by the applicant (or the clerk at a window), result
 * documents and attachments of staff actions. The content is in the file store under `storageKey`;
 * the row is written after the content is stored, so a row always has its file.
 */
export const applicationFiles = pgTable(
  'application_files',
  {
    id: uuid('id').primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    /** material | result | attachment */
    kind: text('kind').notNull(),
    /** the guide's material code (kind material) */
    materialCode: text('material_code'),
    /** the file name given by the uploader (display only) */
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sm3: text('sm3').notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedBy: accountRef('uploaded_by').notNull(),
    /** applicant | staff */
    uploaderKind: text('uploader_kind').notNull(),
    /** the event (case version) the file was attached to, once an action used it */
    eventSeq: integer('event_seq'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('application_files_application_idx').on(t.applicationId, t.createdAt)],
);

/**
 * 免提交: a material of an application supplied, with the applicant's consent, by their electronic
 * licence (the identifier and the SM3 digest of its signed document; the holder's authorisation for
 * the application is in the wallet) or by a shared resource (the exchange that read it, and the
 * record's granted fields sealed under the personal-data key ring, bound to application and material).
 */
export const applicationSupplies = pgTable(
  'application_supplies',
  {
    id: uuid('id').primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    materialCode: text('material_code').notNull(),
    /** licence | shared */
    kind: text('kind').notNull(),
    /** the licence identifier, or the resource code */
    sourceRef: text('source_ref').notNull(),
    /** the licence type's or the resource's name */
    sourceName: text('source_name').notNull(),
    /** the issuing or providing organisation */
    providerOrgId: organisationRef('provider_org_id').notNull(),
    /** A (DOMAIN.md §4) */
    trustLevel: text('trust_level').notNull(),
    /** SM3 of the signed licence document, or of the exchange's response body */
    digest: text('digest').notNull(),
    exchangeId: uuid('exchange_id'),
    authorisationId: uuid('authorisation_id'),
    dataCipher: text('data_cipher'),
    suppliedBy: accountRef('supplied_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [unique('application_supplies_material_uq').on(t.applicationId, t.materialCode)],
);
