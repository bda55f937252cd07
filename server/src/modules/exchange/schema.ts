/**
 * Data-exchange gateway (数据共享交换): consuming systems' credentials and their short-lived bearer
 * tokens, the adapter through which each resource is fetched, and the exchange log (SM3 hash chain).
 */
import { bigint, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { organisationRef } from '../reference/schema.js';
import { ts } from '../../platform/columns.js';

/** A consuming system of an organisation (OAuth 2.0 client credentials). */
export const exchangeCredentials = pgTable(
  'exchange_credentials',
  {
    clientId: text('client_id').primaryKey(),
    organisationId: organisationRef('organisation_id').notNull(),
    name: text('name').notNull(),
    /** argon2id of the client secret */
    secretHash: text('secret_hash').notNull(),
    /** active | revoked */
    status: text('status').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    rotatedAt: ts('rotated_at'),
    revokedAt: ts('revoked_at'),
    revokedBy: text('revoked_by'),
  },
  (t) => [index('exchange_credentials_org_idx').on(t.organisationId)],
);

/** Opaque bearer tokens issued to credentials (only the SM3 hash is kept). */
export const exchangeTokens = pgTable(
  'exchange_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    clientId: text('client_id')
      .notNull()
      .references(() => exchangeCredentials.clientId),
    organisationId: uuid('organisation_id').notNull(),
    issuedAt: ts('issued_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('exchange_tokens_expires_idx').on(t.expiresAt)],
);

/** How a resource is fetched: the node's population or enterprise registry, or a remote HTTP endpoint. */
export const exchangeAdapters = pgTable('exchange_adapters', {
  resourceCode: text('resource_code').primaryKey(),
  /** population | enterprise | http */
  kind: text('kind').notNull(),
  /** the provider's endpoint (kind http): the key is POSTed as JSON, a JSON object answered */
  url: text('url'),
  updatedBy: text('updated_by').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/**
 * Every exchange, granted or refused, chained with SM3 like the audit log: each entry's hash covers
 * the previous entry's hash, so that an edit or deletion breaks the chain (`verify-exchange-log`).
 */
export const exchangeLog = pgTable(
  'exchange_log',
  {
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity().primaryKey(),
    id: uuid('id').notNull().unique(),
    at: ts('at').notNull(),
    clientId: text('client_id').notNull(),
    consumerOrgId: uuid('consumer_org_id').notNull(),
    consumerRegionCode: text('consumer_region_code').notNull(),
    providerOrgId: uuid('provider_org_id'),
    providerRegionCode: text('provider_region_code'),
    resourceCode: text('resource_code').notNull(),
    purpose: text('purpose').notNull(),
    /** requested field keys */
    fields: jsonb('fields').notNull(),
    /** granted | no-grant | expired | revoked | fields-outside-grant | purpose-mismatch | not-found | provider-error */
    outcome: text('outcome').notNull(),
    grantId: uuid('grant_id'),
    /** SM3 of the response body sent (null when refused) */
    responseDigest: text('response_digest'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    index('exchange_log_at_idx').on(t.at),
    index('exchange_log_resource_idx').on(t.resourceCode, t.at),
    index('exchange_log_consumer_idx').on(t.consumerOrgId, t.at),
  ],
);
