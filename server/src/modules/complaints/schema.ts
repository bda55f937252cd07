/**
 * 投诉建议: complaints and suggestions about an item, an organisation or a staff member, routed to
 * the responsible organisation, answered within a deadline in working days, escalated to the
 * region's supervisors when overdue, and rated by the filer; with their attachments.
 */
import { boolean, date, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { items } from '../catalogue/schema.js';
import { accountRef } from '../identity/schema.js';
import { organisationRef, regionRef } from '../reference/schema.js';
import { ts } from '../../platform/columns.js';

/** 投诉建议: filed by a signed-in person about an item, organisation or staff member; routed to an organisation. */
export const complaints = pgTable(
  'complaints',
  {
    id: uuid('id').primaryKey(),
    /** TS + region (6) + date (8) + sequence (4) */
    number: text('number').notNull().unique(),
    /** complaint | suggestion */
    kind: text('kind').notNull(),
    /** item | organisation | staff */
    subject: text('subject').notNull(),
    filerAccountId: accountRef('filer_account_id').notNull(),
    itemId: uuid('item_id').references(() => items.id),
    itemName: text('item_name'),
    staffId: accountRef('staff_id'),
    /** the responsible organisation */
    organisationId: organisationRef('organisation_id').notNull(),
    regionCode: regionRef('region_code').notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    /** open | answered */
    status: text('status').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    /** escalated to the supervisors of the region when the answer is overdue */
    escalatedAt: ts('escalated_at'),
    answer: text('answer'),
    answeredBy: accountRef('answered_by'),
    answeredAt: ts('answered_at'),
    /** the filer's rating of the answer */
    filerSatisfied: boolean('filer_satisfied'),
    filerComment: text('filer_comment'),
    filerRatedAt: ts('filer_rated_at'),
    version: integer('version').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    index('complaints_org_idx').on(t.organisationId, t.status),
    index('complaints_filer_idx').on(t.filerAccountId, t.createdAt),
    index('complaints_due_idx').on(t.status, t.dueDate),
  ],
);

/** Attachments of complaints: uploaded first (complaint_id null), bound when the complaint is filed. */
export const complaintFiles = pgTable(
  'complaint_files',
  {
    id: uuid('id').primaryKey(),
    complaintId: uuid('complaint_id').references(() => complaints.id),
    uploadedBy: accountRef('uploaded_by').notNull(),
    name: text('name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sm3: text('sm3').notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('complaint_files_complaint_idx').on(t.complaintId)],
);
