/**
 * Electronic licences (电子证照): licence types, the signing keys of issuing organisations, the
 * licences issued (directory fields, the signed payload, signature and e-seal record) and the
 * serial counters of their identifiers.
 */
import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { applications } from '../applications/schema.js';
import { organisationRef, organisations } from '../reference/schema.js';
import { ts } from '../../platform/columns.js';

export const licenceTypes = pgTable('licence_types', {
  /** defining ministry's USCC (18) + 3 digits */
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  definingMinistry: text('defining_ministry').notNull(),
  /** LicenceTypeField[]: the 照面信息 of the type */
  fields: jsonb('fields').notNull(),
  /** default validity in years; null: 长期 */
  validityYears: integer('validity_years'),
  createdAt: ts('created_at').notNull(),
});

/** SM2 keys of organisations; exactly one active key per organisation (partial unique index). */
export const organisationKeys = pgTable(
  'organisation_keys',
  {
    id: uuid('id').primaryKey(),
    organisationId: organisationRef('organisation_id').notNull(),
    /** '04'‖X‖Y, hex */
    publicKey: text('public_key').notNull(),
    /** the private key (hex), sealed under the personal-data key ring with context `org-key:<id>` */
    privateKeyCipher: text('private_key_cipher').notNull(),
    /** active | retired | revoked */
    status: text('status').notNull(),
    createdAt: ts('created_at').notNull(),
    retiredAt: ts('retired_at'),
    revokedAt: ts('revoked_at'),
    revokeReason: text('revoke_reason'),
  },
  (t) => [
    uniqueIndex('organisation_keys_one_active_idx').on(t.organisationId).where(sql`status = 'active'`),
    index('organisation_keys_org_idx').on(t.organisationId),
  ],
);

export const licences = pgTable(
  'licences',
  {
    id: uuid('id').primaryKey(),
    identifier: text('identifier').notNull().unique(),
    typeCode: text('type_code')
      .notNull()
      .references(() => licenceTypes.code),
    name: text('name').notNull(),
    number: text('number').notNull(),
    /** enterprise holders: the name; persons: the masked name (the name itself in holder_cipher) */
    holder: text('holder').notNull(),
    holderCipher: text('holder_cipher'),
    /** 111 ID number | 001 USCC */
    holderCodeType: text('holder_code_type').notNull(),
    /** USCC in clear; ID numbers masked */
    holderCode: text('holder_code').notNull(),
    /** blind index of an ID number; the USCC itself for enterprises */
    holderCodeIndex: text('holder_code_index').notNull(),
    /** sealed ID number (persons only) */
    holderCodeCipher: text('holder_code_cipher'),
    issuerOrgId: organisationRef('issuer_org_id').notNull(),
    issuer: text('issuer').notNull(),
    issuerCode: text('issuer_code').notNull(),
    issueDate: date('issue_date', { mode: 'string' }).notNull(),
    jurisdiction: text('jurisdiction').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    /** null: 长期 */
    validTo: date('valid_to', { mode: 'string' }),
    /** valid | suspended | revoked (expired is derived from valid_to) */
    status: text('status').notNull(),
    applicationId: uuid('application_id').references(() => applications.id),
    /** the canonical payload that was signed, sealed (it holds the holder's code and name) */
    payloadCipher: text('payload_cipher').notNull(),
    /** SM3 of the canonical payload, hex */
    digest: text('digest').notNull(),
    /** DER SM2 signature, base64 */
    signature: text('signature').notNull(),
    keyId: uuid('key_id')
      .notNull()
      .references(() => organisationKeys.id),
    /** LicenceSeal */
    seal: jsonb('seal').notNull(),
    createdAt: ts('created_at').notNull(),
    suspendedAt: ts('suspended_at'),
    suspendReason: text('suspend_reason'),
    revokedAt: ts('revoked_at'),
    revokeReason: text('revoke_reason'),
    reinstatedAt: ts('reinstated_at'),
  },
  (t) => [
    index('licences_holder_idx').on(t.holderCodeIndex),
    index('licences_issuer_idx').on(t.issuerOrgId, t.typeCode),
    index('licences_application_idx').on(t.applicationId),
  ],
);

/** The last serial of an issuer's licences of a type on a day (node time zone). */
export const licenceSerials = pgTable(
  'licence_serials',
  {
    issuerOrgId: uuid('issuer_org_id').notNull(),
    typeCode: text('type_code').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.issuerOrgId, t.typeCode, t.day] })],
);

/**
 * A holder's authorisation for one licence to be used by one application (免提交: the licence stands
 * in for a material) or one organisation, for a purpose, until a day (inclusive, node time zone).
 * Exactly one of application_id / organisation_id is set (the foreign key checks the grantee exists).
 */
export const licenceAuthorisations = pgTable(
  'licence_authorisations',
  {
    id: uuid('id').primaryKey(),
    licenceId: uuid('licence_id')
      .notNull()
      .references(() => licences.id),
    /** application | organisation */
    granteeKind: text('grantee_kind').notNull(),
    applicationId: uuid('application_id').references(() => applications.id),
    organisationId: organisationRef('organisation_id'),
    purpose: text('purpose').notNull(),
    validUntil: date('valid_until', { mode: 'string' }).notNull(),
    /** the account that granted it (the person, or an agent of the holding enterprise) */
    grantedBy: uuid('granted_by').notNull(),
    createdAt: ts('created_at').notNull(),
    revokedAt: ts('revoked_at'),
    revokedBy: uuid('revoked_by'),
  },
  (t) => [
    index('licence_authorisations_licence_idx').on(t.licenceId),
    index('licence_authorisations_application_idx').on(t.applicationId),
    index('licence_authorisations_organisation_idx').on(t.organisationId),
    check(
      'licence_authorisations_one_grantee',
      sql`(${t.granteeKind} = 'application' and ${t.applicationId} is not null and ${t.organisationId} is null) or (${t.granteeKind} = 'organisation' and ${t.organisationId} is not null and ${t.applicationId} is null)`,
    ),
  ],
);
