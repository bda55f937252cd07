/**
 * Unified identity (统一身份认证, DOMAIN.md §2): identity-document facts, assurance levels, staff
 * roles and the API contracts of registration, login, enterprises and staff administration.
 * Pure: no I/O. Region existence and registry checks happen on the server.
 */
import { z } from 'zod';
import { isRegionCodeShape, isValidIdCardNumber, isValidUscc } from './validators.js';

// ---------------------------------------------------------------- ID card facts (GB 11643)

export interface IdCardFacts {
  regionCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
}

/** Facts encoded in a valid 18-character ID number: address code, birth date, sex (odd = male). */
export function idCardFacts(idNumber: string): IdCardFacts {
  const birth = idNumber.slice(6, 14);
  return {
    regionCode: idNumber.slice(0, 6),
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    sex: Number(idNumber[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/**
 * Consistency of an ID number beyond its check digit: the birth date is not in the future nor more
 * than 150 years back, and the address code has the shape of a GB/T 2260 code.
 * (Whether the address code exists is checked by the server against the division table.)
 */
export function checkIdNumber(value: string, today: Date = new Date()): { key: string } | null {
  if (!/^\d{17}[\dX]$/.test(value)) return { key: 'idNumber.shape' };
  if (!isValidIdCardNumber(value)) return { key: 'idNumber.checksum' };
  if (!isRegionCodeShape(value.slice(0, 6))) return { key: 'idNumber.region' };
  const birth = idCardFacts(value).birthDate;
  const todayIso = today.toISOString().slice(0, 10);
  const oldest = `${today.getUTCFullYear() - 150}${todayIso.slice(4)}`;
  if (birth > todayIso || birth < oldest) return { key: 'idNumber.birthDate' };
  return null;
}

// ---------------------------------------------------------------- assurance levels

/**
 * Assurance levels of a natural person's identity (local practice, Guangdong model). The scale is
 * configuration: a node may rename the levels or map them to other `acr` values, but the order holds.
 */
export const ASSURANCE_LEVELS = [
  { level: 2, key: 'self_declared' },
  { level: 3, key: 'registry_verified' },
  { level: 4, key: 'biometric_verified' },
  { level: 5, key: 'certificate_or_counter' },
] as const;
export type AssuranceLevel = 2 | 3 | 4 | 5;
export const assuranceLevelSchema = z.union([z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);

/** The `acr` value an ID token carries for a level. */
export const acrForLevel = (level: number, prefix = 'urn:onewindow:loa:') => `${prefix}${level}`;
export const levelForAcr = (acr: string, prefix = 'urn:onewindow:loa:'): number | undefined => {
  if (!acr.startsWith(prefix)) return undefined;
  const n = Number(acr.slice(prefix.length));
  return Number.isInteger(n) ? n : undefined;
};

// ---------------------------------------------------------------- staff roles

/**
 * Staff roles. `organisation` roles are held in one department (and its region); `region` roles
 * over a region and everything below it (a province's catalogue administrator sees its counties).
 */
export const STAFF_ROLES = {
  window_clerk: { scope: 'organisation' },
  reviewer: { scope: 'organisation' },
  approver: { scope: 'organisation' },
  org_admin: { scope: 'organisation' },
  /** 好差评专员: verifies and rectifies the organisation's 差评 and answers its complaints */
  feedback_officer: { scope: 'organisation' },
  catalogue_admin: { scope: 'region' },
  data_steward: { scope: 'region' },
  auditor: { scope: 'region' },
  /** 电子监察: sees the 红黄牌 of every organisation in the region */
  supervisor: { scope: 'region' },
  platform_admin: { scope: 'region' },
} as const;
export type StaffRole = keyof typeof STAFF_ROLES;
export const staffRoleSchema = z.enum(Object.keys(STAFF_ROLES) as [StaffRole, ...StaffRole[]]);

/** Roles an organisation administrator may hand out in their own organisation. */
export const ORG_ASSIGNABLE_ROLES: readonly StaffRole[] = ['window_clerk', 'reviewer', 'approver', 'feedback_officer', 'org_admin'];

export interface RoleGrant {
  role: StaffRole;
  regionCode: string;
  /** set for organisation roles */
  organisationId: string | null;
}

/** Is `code` the region itself or below it (GB/T 2260 prefixes: 33 0000, 3301 00, 330106)? */
export function regionCovers(scope: string, code: string): boolean {
  if (scope === code) return true;
  if (scope.endsWith('0000')) return code.startsWith(scope.slice(0, 2));
  if (scope.endsWith('00')) return code.startsWith(scope.slice(0, 4));
  return false;
}

// ---------------------------------------------------------------- field schemas

/** ID number: full-width characters and a lower-case x are accepted and normalised. */
export const idNumberSchema = z
  .string()
  .transform((v) => v.normalize('NFKC').replace(/\s+/g, '').toUpperCase())
  .superRefine((v, ctx) => {
    const problem = checkIdNumber(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.key });
  });

/** Mainland mobile number (+86 and separators accepted, stored as 11 digits). */
export const mobileSchema = z
  .string()
  .transform((v) => v.normalize('NFKC').replace(/[\s()-]/g, '').replace(/^(?:\+86|0086)/, ''))
  .refine((v) => /^1[3-9]\d{9}$/.test(v), 'mobile');

/** A person's name as on the ID card: Chinese (with ·) or Latin letters, 2–40 characters. */
export const personNameSchema = z
  .string()
  .transform((v) => v.normalize('NFKC').trim().replace(/\s+/g, ' ').replace(/[•・‧]/g, '·'))
  .refine((v) => /^[\p{Script=Han}·]{2,20}$/u.test(v) || /^[A-Za-z][A-Za-z .'·-]{1,39}$/.test(v), 'personName');

/** 8–64 characters with at least three of: lower-case, upper-case, digits, symbols. */
export const passwordSchema = z
  .string()
  .min(8)
  .max(64)
  .refine((v) => [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length >= 3, 'passwordStrength');

export const otpCodeSchema = z.string().regex(/^\d{6}$/, 'otpCode');
/** USCC as people type it: full-width and lower-case letters are normalised. */
export const enterpriseUsccSchema = z
  .string()
  .transform((v) => v.normalize('NFKC').trim().toUpperCase())
  .refine(isValidUscc, 'uscc');
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9._-]{2,31}$/, 'username');

export const OTP_PURPOSES = ['register', 'login', 'reset', 'second_factor'] as const;
export type OtpPurpose = (typeof OTP_PURPOSES)[number];

// ---------------------------------------------------------------- API contracts

export const otpRequestSchema = z.object({
  purpose: z.enum(['register', 'login', 'reset']),
  phone: mobileSchema,
});

export const registerSchema = z.object({
  name: personNameSchema,
  idNumber: idNumberSchema,
  phone: mobileSchema,
  password: passwordSchema,
  challengeId: z.uuid(),
  code: otpCodeSchema,
});

export const passwordLoginSchema = z.object({
  /** mobile number or ID number */
  identifier: z.string().trim().min(1).max(40),
  password: z.string().min(1).max(128),
});

export const staffLoginSchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(32),
  password: z.string().min(1).max(128),
});

export const otpLoginSchema = z.object({
  phone: mobileSchema,
  challengeId: z.uuid(),
  code: otpCodeSchema,
});

export const secondFactorSchema = z.object({
  challengeId: z.uuid(),
  code: otpCodeSchema,
});

export const passwordResetSchema = z.object({
  phone: mobileSchema,
  challengeId: z.uuid(),
  code: otpCodeSchema,
  newPassword: passwordSchema,
});

export const passwordChangeSchema = z.object({
  currentPassword: z.string().min(1).max(128),
  newPassword: passwordSchema,
});

export const enterpriseBindSchema = z.object({ uscc: enterpriseUsccSchema });

export const agentGrantSchema = z.object({
  name: personNameSchema,
  idNumber: idNumberSchema,
  /** last day of the authorisation (inclusive); open-ended when absent */
  validUntil: z.iso.date().optional(),
});

export const staffCreateSchema = z.object({
  username: usernameSchema,
  name: personNameSchema,
  phone: mobileSchema,
  /** initial password, to be changed at first login */
  password: passwordSchema,
  roles: z
    .array(
      z.object({
        role: staffRoleSchema,
        regionCode: z.string().refine(isRegionCodeShape, 'regionCode').optional(),
        organisationId: z.uuid().optional(),
      }),
    )
    .max(20)
    .default([]),
});
export const roleGrantsSchema = staffCreateSchema.shape.roles;

export const oidcClientCreateSchema = z.object({
  name: z.string().trim().min(2).max(100),
  redirectUris: z
    .array(z.url({ protocol: /^https?$/ }))
    .min(1)
    .max(10),
  postLogoutRedirectUris: z.array(z.url({ protocol: /^https?$/ })).max(10).default([]),
  /** the lowest assurance level the relying party accepts */
  minimumLevel: assuranceLevelSchema.default(2),
  scopes: z.array(z.enum(['profile', 'phone', 'id_card', 'enterprise'])).default(['profile']),
  /** public clients (browser or mobile apps) use PKCE without a secret */
  confidential: z.boolean().default(true),
});

export type RegisterInput = z.infer<typeof registerSchema>;
export type StaffCreateInput = z.infer<typeof staffCreateSchema>;
export type OidcClientInput = z.infer<typeof oidcClientCreateSchema>;

// ---------------------------------------------------------------- answers

export interface MeAnswer {
  id: string;
  kind: 'person' | 'staff';
  /** masked: 张*三 */
  name: string;
  /** masked: 1101**********1234 */
  idNumber: string | null;
  /** masked: 138****5678 */
  phone: string | null;
  username: string | null;
  level: number;
  /** how the level was reached (registry, counter …) */
  levelSource: string | null;
  roles: (RoleGrant & { organisationName: string | null; regionName: string | null })[];
  passwordChangeRequired: boolean;
  session: { id: string; acr: string; amr: string[]; createdAt: string };
}
