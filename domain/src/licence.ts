/**
 * Electronic licences (电子证照, DOMAIN.md §4; GB/T 36901–36905): the licence identifier with its
 * ISO 7064 MOD 37,36 check character, the directory fields (目录信息), the signed payload and its
 * canonical form, and the trust levels of application materials. Pure: no I/O.
 *
 * Identifier: `1.2.156.3005.2.{type code}.{issuer USCC}.{serial}.{3-digit version}.{check}`, where
 * the type code is the defining ministry's USCC (18) + 3 digits, and the check character is computed
 * over the concatenation type code ‖ issuer USCC ‖ serial ‖ version, WITHOUT the dots and without the
 * OID prefix. That reading reproduces the check character of DOMAIN.md's example
 * (`…11100000000013338W009.11330105002500287C.2025052201.002.0`); computing over the dotted text is
 * impossible (the dot is not in the alphabet) and over the whole identifier without dots gives 'D'.
 */
import { z } from 'zod';
import { isRegionCodeShape, isValidIdCardNumber, isValidUscc, type CodeProblem } from './validators.js';

// ---------------------------------------------------------------- ISO 7064 MOD 37,36

/** The alphabet of ISO 7064 MOD 37,36: digits, then the 26 Latin capitals. */
export const MOD37_36_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * ISO/IEC 7064 hybrid system MOD 37,36 check character of `text` (characters of MOD37_36_ALPHABET).
 * P₀ = 36; for each character: S = (P + value) mod 36, or 36 when that is 0; P = 2S mod 37.
 * The check character c makes (P + c) mod 36 = 1.
 */
export function mod37_36CheckChar(text: string): string {
  let p = 36;
  for (const ch of text) {
    const v = MOD37_36_ALPHABET.indexOf(ch);
    if (v < 0) throw new RangeError(`invalid MOD 37,36 character ${JSON.stringify(ch)}`);
    const s = (p + v) % 36 || 36;
    p = (s * 2) % 37;
  }
  return MOD37_36_ALPHABET[(37 - p) % 36]!;
}

/** True when the last character of `textWithCheck` is the MOD 37,36 check character of the rest. */
export function isValidMod37_36(textWithCheck: string): boolean {
  if (textWithCheck.length < 2 || !/^[0-9A-Z]+$/.test(textWithCheck)) return false;
  return mod37_36CheckChar(textWithCheck.slice(0, -1)) === textWithCheck.slice(-1);
}

// ---------------------------------------------------------------- identifier

/** OID arc of electronic licence identifiers (GB/T 36902). */
export const LICENCE_OID_PREFIX = '1.2.156.3005.2';

export interface LicenceIdentifierParts {
  /** defining ministry's USCC (18) + 3 digits */
  typeCode: string;
  /** the issuing organisation's USCC */
  issuerUscc: string;
  /** serial of the licence among the issuer's licences of the type, e.g. date + sequence */
  serial: string;
  /** licence version, 1–999 (written with 3 digits) */
  version: number;
}

const TYPE_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}\d{3}$/;
const SERIAL = /^[0-9A-Z]{1,32}$/;
const IDENTIFIER = /^1\.2\.156\.3005\.2\.([0-9A-Z]{21})\.([0-9A-Z]{18})\.([0-9A-Z]{1,32})\.(\d{3})\.([0-9A-Z])$/;

/** A licence type code: the defining ministry's valid USCC + 3 digits. */
export function isValidLicenceTypeCode(code: string): boolean {
  return TYPE_CODE.test(code) && isValidUscc(code.slice(0, 18));
}

const checkInput = (p: LicenceIdentifierParts) => `${p.typeCode}${p.issuerUscc}${p.serial}${String(p.version).padStart(3, '0')}`;

/** The identifier of a licence, check character included. Throws RangeError on invalid parts. */
export function licenceIdentifier(parts: LicenceIdentifierParts): string {
  const problem = checkParts(parts);
  if (problem) throw new RangeError(`invalid licence identifier part: ${problem.key}`);
  const version = String(parts.version).padStart(3, '0');
  return `${LICENCE_OID_PREFIX}.${parts.typeCode}.${parts.issuerUscc}.${parts.serial}.${version}.${mod37_36CheckChar(checkInput(parts))}`;
}

function checkParts(p: LicenceIdentifierParts): CodeProblem | null {
  if (!isValidLicenceTypeCode(p.typeCode)) return { key: 'licence.id.typeCode' };
  if (!isValidUscc(p.issuerUscc)) return { key: 'licence.id.issuer' };
  if (!SERIAL.test(p.serial)) return { key: 'licence.id.serial' };
  if (!Number.isInteger(p.version) || p.version < 1 || p.version > 999) return { key: 'licence.id.version' };
  return null;
}

/**
 * Why an identifier is not a valid licence identifier (shape, type code, issuer USCC, serial,
 * version, check character), or null when it is one.
 */
export function checkLicenceIdentifier(identifier: string): CodeProblem | null {
  const m = IDENTIFIER.exec(identifier);
  if (!m) return { key: 'licence.id.shape' };
  const parts = { typeCode: m[1]!, issuerUscc: m[2]!, serial: m[3]!, version: Number(m[4]) };
  const problem = checkParts(parts);
  if (problem) return problem;
  if (mod37_36CheckChar(checkInput(parts)) !== m[5]) return { key: 'licence.id.check' };
  return null;
}

/** The parts of a valid identifier, or null when it is not one (check character included). */
export function parseLicenceIdentifier(identifier: string): (LicenceIdentifierParts & { check: string }) | null {
  if (checkLicenceIdentifier(identifier)) return null;
  const m = IDENTIFIER.exec(identifier)!;
  return { typeCode: m[1]!, issuerUscc: m[2]!, serial: m[3]!, version: Number(m[4]), check: m[5]! };
}

export const licenceIdentifierSchema = z
  .string()
  .max(120)
  .superRefine((v, ctx) => {
    const problem = checkLicenceIdentifier(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.key });
  });

export const licenceTypeCodeSchema = z.string().refine(isValidLicenceTypeCode, 'licence.typeCode');

// ---------------------------------------------------------------- directory fields

/** 持证主体代码类型 (GB/T 36903): 111 居民身份证号码, 001 统一社会信用代码. */
export const HOLDER_CODE_TYPES = {
  '111': { zh: '居民身份证号码', en: 'resident ID number' },
  '001': { zh: '统一社会信用代码', en: 'unified social credit code' },
} as const;
export type HolderCodeType = keyof typeof HOLDER_CODE_TYPES;
export const holderCodeTypeSchema = z.enum(['111', '001']);

export const LICENCE_STATUSES = ['valid', 'suspended', 'revoked', 'expired'] as const;
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];
export const licenceStatusSchema = z.enum(LICENCE_STATUSES);

const dateSchema = z.iso.date();
const text = (max: number) => z.string().trim().min(1).max(max);

/** A holder code of its type: a valid ID number (111) or USCC (001), normalised to upper case. */
function refineHolderCode(v: { holderCode: string; holderCodeType: HolderCodeType }, ctx: z.RefinementCtx) {
  const ok = v.holderCodeType === '111' ? isValidIdCardNumber(v.holderCode) : isValidUscc(v.holderCode);
  if (!ok) ctx.addIssue({ code: 'custom', path: ['holderCode'], message: v.holderCodeType === '111' ? 'idNumber' : 'uscc' });
}

function refineValidity(v: { validFrom?: string | undefined; validTo?: string | null | undefined }, ctx: z.RefinementCtx) {
  if (v.validFrom && v.validTo && v.validTo < v.validFrom) ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'licence.validity' });
}

const holderCode = z.string().transform((v) => v.normalize('NFKC').replace(/\s+/g, '').toUpperCase());

/** 目录信息 of a licence (DOMAIN.md §4). `validTo` null = 长期 (no end). */
export const licenceDirectorySchema = z
  .object({
    name: text(100).describe('证照名称'),
    typeCode: licenceTypeCodeSchema.describe('证照类型代码'),
    number: text(64).describe('证照编号'),
    holder: text(200).describe('持证主体'),
    holderCode: holderCode.describe('持证主体代码'),
    holderCodeType: holderCodeTypeSchema.describe('持证主体代码类型'),
    issuer: text(200).describe('证照颁发机构'),
    issuerCode: z.string().refine(isValidUscc, 'uscc').describe('证照颁发机构代码'),
    issueDate: dateSchema.describe('证照颁发日期'),
    jurisdiction: z.string().refine(isRegionCodeShape, 'regionCode').describe('管辖区域 (GB/T 2260)'),
    validFrom: dateSchema.describe('有效期起始'),
    validTo: dateSchema.nullable().describe('有效期截止 (null: 长期)'),
    status: licenceStatusSchema.describe('证照状态'),
  })
  .superRefine(refineHolderCode)
  .superRefine(refineValidity);
export type LicenceDirectory = z.infer<typeof licenceDirectorySchema>;

/** Type-specific fields of a licence (照面信息): scalar values only, so that the canonical form is plain. */
export const licenceDataSchema = z.record(z.string().min(1).max(64), z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]));

/** What an issuing organisation sends to issue a licence (issuing API of existing registers). */
export const licenceIssueSchema = z
  .object({
    organisationId: z.uuid().describe('the issuing organisation'),
    typeCode: licenceTypeCodeSchema,
    number: text(64).optional().describe('证照编号; default: the serial of the identifier'),
    holder: text(200),
    holderCode,
    holderCodeType: holderCodeTypeSchema,
    issueDate: dateSchema.optional().describe('default: today (node time zone)'),
    jurisdiction: z.string().refine(isRegionCodeShape, 'regionCode').optional().describe("default: the issuer's region"),
    validFrom: dateSchema.optional().describe('default: the issue date'),
    validTo: dateSchema.nullable().optional().describe("default: from the type's validity years; null: 长期"),
    data: licenceDataSchema.default({}),
    version: z.number().int().min(1).max(999).default(1),
  })
  .superRefine(refineHolderCode)
  .superRefine(refineValidity);
export type LicenceIssueInput = z.input<typeof licenceIssueSchema>;

/** A licence type's field (照面信息项). */
export const licenceTypeFieldSchema = z.object({
  key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/),
  label: text(100),
  type: z.enum(['string', 'date', 'number', 'boolean']),
  required: z.boolean().default(false),
});
export type LicenceTypeField = z.infer<typeof licenceTypeFieldSchema>;

// ---------------------------------------------------------------- signed document

export const LICENCE_SIGNATURE_ALGORITHM = 'SM2-with-SM3';
export const LICENCE_PAYLOAD_FORMAT = 'onewindow-licence/1';

/** The e-seal record signed with a licence (GB/T 38540: seal info, signer, algorithm). */
export type LicenceSeal = {
  name: string;
  organisation: string;
  organisationCode: string;
  keyId: string;
  algorithm: typeof LICENCE_SIGNATURE_ALGORITHM;
};

/** What the issuing organisation signs: directory fields (without the status, which changes), data, seal. */
export type LicencePayload = {
  format: typeof LICENCE_PAYLOAD_FORMAT;
  identifier: string;
  name: string;
  typeCode: string;
  number: string;
  holder: string;
  holderCode: string;
  holderCodeType: HolderCodeType;
  issuer: string;
  issuerCode: string;
  issueDate: string;
  jurisdiction: string;
  validFrom: string;
  validTo: string | null;
  data: Record<string, string | number | boolean | null>;
  seal: LicenceSeal;
};

/** A licence as downloaded: the payload, the DER SM2 signature (base64) and the signing key's id. */
export const licenceDocumentSchema = z.object({
  payload: z.record(z.string(), z.unknown()).describe('the signed payload (LicencePayload), any key order'),
  signature: z.string().min(1).max(200).describe('DER-encoded SM2 signature (SM3, id 1234567812345678) of the canonical payload, base64'),
  keyId: z.string().min(1).max(64).describe('id of the published organisation key'),
});
export type LicenceDocument = z.infer<typeof licenceDocumentSchema>;

/**
 * Canonical JSON: object keys sorted (by UTF-16 code units), no whitespace, undefined members
 * dropped, arrays in order. What is signed is the UTF-8 of this text, so a verifier may hold the
 * payload in any key order. Non-finite numbers are refused (JSON has none).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('non-finite number in canonical JSON');
    return JSON.stringify(value);
  }
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  throw new TypeError(`cannot put a ${typeof value} in canonical JSON`);
}

export const LICENCE_VERIFICATION_RESULTS = ['valid', 'revoked', 'suspended', 'expired', 'tampered', 'unknown-key', 'key-revoked', 'not-found'] as const;
export type LicenceVerificationResult = (typeof LICENCE_VERIFICATION_RESULTS)[number];

// ---------------------------------------------------------------- material trust levels

/** Trust levels of an application material (DOMAIN.md §4). */
export const MATERIAL_TRUST_LEVELS = {
  A: { zh: '由发证机关签发并加盖电子印章的电子证照', en: 'issued by the authority with an e-seal (electronic licence)' },
  B: { zh: '经窗口人员核验的材料', en: 'checked by counter staff' },
  C: { zh: '申请人上传，原件待核验', en: 'uploaded by the user, original to be checked' },
  D: { zh: '申请人以告知承诺方式自行出具', en: 'made by the user under a commitment (告知承诺)' },
} as const;
export type MaterialTrustLevel = keyof typeof MATERIAL_TRUST_LEVELS;
export const materialTrustLevelSchema = z.enum(['A', 'B', 'C', 'D']);
