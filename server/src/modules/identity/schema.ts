/**
 * Unified identity (统一身份认证): accounts of natural persons and staff, their roles, sessions,
 * one-time codes, passkeys, enterprises with their agents, and the registries identities are
 * checked against. Personal data is stored as SM4 ciphertext (`*_cipher`) with a keyed blind
 * index (`*_index`) for exact look-up; see platform/personal-data.ts.
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, numeric, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisationRef } from '../reference/schema.js';
import { ts } from '../../platform/columns.js';

export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey(),
    /** person (自然人) | staff (工作人员) */
    kind: text('kind').notNull(),
    /** staff login name */
    username: text('username'),
    nameCipher: text('name_cipher').notNull(),
    nameIndex: text('name_index').notNull(),
    idNumberCipher: text('id_number_cipher'),
    idNumberIndex: text('id_number_index'),
    phoneCipher: text('phone_cipher'),
    phoneIndex: text('phone_index'),
    /** argon2id PHC string */
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: ts('password_changed_at').notNull(),
    /** set for initial passwords given by an administrator */
    passwordChangeRequired: boolean('password_change_required').notNull().default(false),
    /** assurance level (DOMAIN.md §2) */
    level: integer('level').notNull().default(2),
    /** how the level was reached: registration | population_registry | counter … */
    levelSource: text('level_source').notNull().default('registration'),
    levelVerifiedAt: ts('level_verified_at'),
    /** active | disabled */
    status: text('status').notNull().default('active'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('accounts_username_uq').on(t.username).where(sql`${t.username} is not null`),
    uniqueIndex('accounts_person_id_number_uq').on(t.idNumberIndex).where(sql`${t.kind} = 'person'`),
    uniqueIndex('accounts_person_phone_uq').on(t.phoneIndex).where(sql`${t.kind} = 'person'`),
  ],
);

/** A staff role held in a region, and for organisation roles in one organisation. */
/** A column naming an account, a person's or a staff member's (`uuid … references accounts(id)`). */
export const accountRef = (name: string) => uuid(name).references(() => accounts.id);

export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: uuid('id').primaryKey(),
    accountId: accountRef('account_id').notNull(),
    role: text('role').notNull(),
    regionCode: text('region_code').notNull(),
    organisationId: organisationRef('organisation_id'),
    grantedBy: text('granted_by').notNull(),
    grantedAt: ts('granted_at').notNull(),
  },
  (t) => [index('role_assignments_account_idx').on(t.accountId)],
);

/** Server-side sessions; the cookie holds a random token, the table its SM3 hash. */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    tokenHash: text('token_hash').notNull().unique(),
    accountId: accountRef('account_id').notNull(),
    /** assurance level of the account when the session was made */
    level: integer('level').notNull(),
    /** authentication methods (RFC 8176): pwd, otp, sms, hwk … */
    amr: text('amr').array().notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    /** idle expiry, pushed forward while the session is used */
    expiresAt: ts('expires_at').notNull(),
    /** no session outlives this, used or not */
    absoluteExpiresAt: ts('absolute_expires_at').notNull(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);

/** One-time codes sent by SMS: stored as a keyed hash, single use, short-lived, few attempts. */
export const otpChallenges = pgTable(
  'otp_challenges',
  {
    id: uuid('id').primaryKey(),
    /** register | login | reset | second_factor */
    purpose: text('purpose').notNull(),
    phoneIndex: text('phone_index').notNull(),
    /** the account the code is for (login, reset, second factor); null for registration */
    accountId: accountRef('account_id'),
    /** HMAC-SM3 of challenge id and code; null when no message was sent (unknown phone) */
    codeHash: text('code_hash'),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: ts('expires_at').notNull(),
    consumedAt: ts('consumed_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('otp_challenges_phone_idx').on(t.phoneIndex, t.createdAt)],
);

/**
 * Counters of the abuse limits, shared by every node process: fixed windows per key
 * (`login:ip:…`, `otp:phone:…`) and lockouts with back-off per login identifier.
 */
export const throttles = pgTable('throttles', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowStart: ts('window_start').notNull(),
  /** consecutive failures (lockouts); reset by a success */
  failures: integer('failures').notNull().default(0),
  lockedUntil: ts('locked_until'),
});

/** WebAuthn credentials (passkeys) of an account. */
export const passkeys = pgTable(
  'passkeys',
  {
    /** credential id, base64url */
    id: text('id').primaryKey(),
    accountId: accountRef('account_id').notNull(),
    /** COSE public key, base64url */
    publicKey: text('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull(),
    transports: text('transports').array().notNull().default([]),
    deviceType: text('device_type').notNull(),
    backedUp: boolean('backed_up').notNull(),
    label: text('label').notNull(),
    createdAt: ts('created_at').notNull(),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [index('passkeys_account_idx').on(t.accountId)],
);

export const webauthnChallenges = pgTable('webauthn_challenges', {
  id: uuid('id').primaryKey(),
  challenge: text('challenge').notNull(),
  /** register | login */
  purpose: text('purpose').notNull(),
  accountId: accountRef('account_id'),
  expiresAt: ts('expires_at').notNull(),
  consumedAt: ts('consumed_at'),
});

/**
 * Population registry (人口库) as held by this node: the data source level 3 is checked against.
 * The same look-up moves behind the data-sharing exchange gateway later.
 */
export const populationRegistry = pgTable('population_registry', {
  idNumberIndex: text('id_number_index').primaryKey(),
  idNumberCipher: text('id_number_cipher').notNull(),
  nameIndex: text('name_index').notNull(),
  nameCipher: text('name_cipher').notNull(),
  /** normal | cancelled (注销: deceased, emigrated) */
  status: text('status').notNull(),
  regionCode: text('region_code').notNull(),
  /** 户籍地址, sealed (null: not held) */
  householdAddressCipher: text('household_address_cipher'),
  /** 民族 (GB/T 3304 code), sealed (null: not held) */
  ethnicityCipher: text('ethnicity_cipher'),
  updatedAt: ts('updated_at').notNull(),
});

/** Enterprise registry (法人库): registered market entities and their legal representatives. */
export const enterpriseRegistry = pgTable('enterprise_registry', {
  uscc: text('uscc').primaryKey(),
  name: text('name').notNull(),
  /** active (存续) | cancelled (注销) | revoked (吊销) */
  status: text('status').notNull(),
  regionCode: text('region_code').notNull(),
  legalRepNameIndex: text('legal_rep_name_index').notNull(),
  legalRepIdNumberIndex: text('legal_rep_id_number_index').notNull(),
  legalRepNameCipher: text('legal_rep_name_cipher').notNull(),
  /** public registration facts (null: not held) */
  entityType: text('entity_type'),
  address: text('address'),
  /** 注册资本, in 10 000 yuan */
  registeredCapital: numeric('registered_capital', { mode: 'number' }),
  establishedOn: date('established_on', { mode: 'string' }),
  businessScope: text('business_scope'),
  updatedAt: ts('updated_at').notNull(),
});

/** An enterprise account (法人), acting through its legal representative and agents. */
export const enterprises = pgTable('enterprises', {
  id: uuid('id').primaryKey(),
  uscc: text('uscc').notNull().unique(),
  name: text('name').notNull(),
  regionCode: text('region_code').notNull(),
  representativeAccountId: accountRef('representative_account_id').notNull(),
  /** level of the enterprise identity: 3 once checked against the enterprise registry */
  level: integer('level').notNull(),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** An agent (经办人) authorised by the representative, named by ID number; revocable. */
export const enterpriseAgents = pgTable(
  'enterprise_agents',
  {
    id: uuid('id').primaryKey(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    agentIdNumberIndex: text('agent_id_number_index').notNull(),
    agentIdNumberCipher: text('agent_id_number_cipher').notNull(),
    agentNameIndex: text('agent_name_index').notNull(),
    agentNameCipher: text('agent_name_cipher').notNull(),
    validUntil: date('valid_until', { mode: 'string' }),
    /** active | revoked */
    status: text('status').notNull(),
    grantedBy: accountRef('granted_by').notNull(),
    grantedAt: ts('granted_at').notNull(),
    revokedAt: ts('revoked_at'),
    revokedBy: accountRef('revoked_by'),
  },
  (t) => [index('enterprise_agents_agent_idx').on(t.agentIdNumberIndex), index('enterprise_agents_enterprise_idx').on(t.enterpriseId)],
);
