/**
 * Data sharing (政务信息资源目录与共享): the catalogue of resources, the access requests of consuming
 * organisations, and the grants that the exchange gateway checks.
 */
import { boolean, date, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { organisationRef, organisations, regionRef } from '../reference/schema.js';
import { ts } from '../../platform/columns.js';

export const sharingResources = pgTable(
  'sharing_resources',
  {
    id: uuid('id').primaryKey(),
    /** 资源代码 */
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    classification: text('classification').notNull(),
    providerOrgId: organisationRef('provider_org_id').notNull(),
    /** the provider's 统一社会信用代码 (提供方代码) */
    providerUscc: text('provider_uscc').notNull(),
    /** the provider's region */
    regionCode: regionRef('region_code').notNull(),
    summary: text('summary').notNull(),
    format: text('format').notNull(),
    /** ResourceField[] (信息项) */
    fields: jsonb('fields').notNull(),
    /** unconditional | conditional | none */
    sharingType: text('sharing_type').notNull(),
    sharingCondition: text('sharing_condition'),
    legalBasis: text('legal_basis'),
    /** api | file */
    method: text('method').notNull(),
    /** open | conditional | closed */
    openData: text('open_data').notNull(),
    updateCycle: text('update_cycle').notNull(),
    /** draft | published | withdrawn */
    status: text('status').notNull(),
    /** 发布日期 (node time zone), set when first published */
    publishDate: date('publish_date', { mode: 'string' }),
    withdrawnReason: text('withdrawn_reason'),
    withdrawnAt: ts('withdrawn_at'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('sharing_resources_provider_idx').on(t.providerOrgId), index('sharing_resources_status_idx').on(t.status, t.regionCode)],
);

export const sharingRequests = pgTable(
  'sharing_requests',
  {
    id: uuid('id').primaryKey(),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => sharingResources.id),
    resourceCode: text('resource_code').notNull(),
    /** the resource's sharing type when requested */
    sharingType: text('sharing_type').notNull(),
    providerOrgId: organisationRef('provider_org_id').notNull(),
    providerRegionCode: text('provider_region_code').notNull(),
    consumerOrgId: organisationRef('consumer_org_id').notNull(),
    consumerRegionCode: text('consumer_region_code').notNull(),
    /** requested field keys */
    fields: jsonb('fields').notNull(),
    purpose: text('purpose').notNull(),
    legalBasis: text('legal_basis').notNull(),
    /** the last day of the requested validity */
    until: date('until', { mode: 'string' }).notNull(),
    /** pending | granted | refused */
    status: text('status').notNull(),
    /** granted at once (无条件共享), with no answer by a person */
    automatic: boolean('automatic').notNull().default(false),
    /** the last day of the provider's answer (conditional requests) */
    dueDate: date('due_date', { mode: 'string' }),
    /** the due date lies in a year whose official holidays are not loaded (weekends only) */
    dueDateProvisional: boolean('due_date_provisional').notNull().default(false),
    requestedBy: text('requested_by').notNull(),
    requestedAt: ts('requested_at').notNull(),
    answeredBy: text('answered_by'),
    answeredAt: ts('answered_at'),
    opinion: text('opinion'),
    refusalReason: text('refusal_reason'),
    grantId: uuid('grant_id'),
  },
  (t) => [
    index('sharing_requests_consumer_idx').on(t.consumerOrgId, t.requestedAt),
    index('sharing_requests_provider_idx').on(t.providerOrgId, t.status),
  ],
);

export const sharingGrants = pgTable(
  'sharing_grants',
  {
    id: uuid('id').primaryKey(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => sharingRequests.id),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => sharingResources.id),
    resourceCode: text('resource_code').notNull(),
    providerOrgId: organisationRef('provider_org_id').notNull(),
    providerRegionCode: text('provider_region_code').notNull(),
    consumerOrgId: organisationRef('consumer_org_id').notNull(),
    consumerRegionCode: text('consumer_region_code').notNull(),
    /** granted field keys */
    fields: jsonb('fields').notNull(),
    purpose: text('purpose').notNull(),
    /** the last day of validity (node time zone) … */
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    /** … and its last instant */
    expiresAt: ts('expires_at').notNull(),
    automatic: boolean('automatic').notNull(),
    /** account id, or 'system' (automatic grants) */
    grantedBy: text('granted_by').notNull(),
    grantedAt: ts('granted_at').notNull(),
    revokedAt: ts('revoked_at'),
    revokedBy: text('revoked_by'),
    revokedReason: text('revoked_reason'),
  },
  (t) => [
    index('sharing_grants_check_idx').on(t.consumerOrgId, t.resourceCode),
    index('sharing_grants_provider_idx').on(t.providerOrgId, t.grantedAt),
  ],
);
