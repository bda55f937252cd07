/** OpenID Provider storage: registered relying parties and the provider's own artefacts. */
import { index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { ts } from '../../platform/columns.js';

/** Relying parties (other government systems), registered by the platform administrator. */
export const oidcClients = pgTable('oidc_clients', {
  clientId: text('client_id').primaryKey(),
  name: text('name').notNull(),
  /** client metadata as oidc-provider reads it (redirect_uris, grant types …), without the secret */
  metadata: jsonb('metadata').notNull(),
  /** the client secret, SM4-encrypted (the provider compares it in clear); null for public clients */
  secretCipher: text('secret_cipher'),
  minimumLevel: integer('minimum_level').notNull(),
  scopes: text('scopes').array().notNull(),
  /** active | disabled */
  status: text('status').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** oidc-provider's models (sessions, grants, codes, tokens, interactions), one row each. */
export const oidcPayloads = pgTable(
  'oidc_payloads',
  {
    model: text('model').notNull(),
    id: text('id').notNull(),
    payload: jsonb('payload').notNull(),
    grantId: text('grant_id'),
    userCode: text('user_code'),
    uid: text('uid'),
    expiresAt: ts('expires_at'),
    consumedAt: ts('consumed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.model, t.id] }),
    index('oidc_payloads_grant_idx').on(t.grantId),
    index('oidc_payloads_uid_idx').on(t.uid),
    index('oidc_payloads_expires_idx').on(t.expiresAt),
  ],
);
