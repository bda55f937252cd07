/**
 * 免提交: materials an application gets from an electronic licence or a shared data resource
 * instead of an upload, the provenance and trust level (DOMAIN.md §4) of every material, and what
 * an application saved. Pure: no I/O.
 *
 * - A material of the guide may name what can supply it: a licence type (the applicant's own valid
 *   licence of that type: the person's by ID number, the enterprise's by USCC) or a shared resource
 *   (fields of the applicant's record, read through the exchange gateway under the handling
 *   organisation's grant for {@link SUPPLY_PURPOSE}).
 * - Nothing is fetched without the applicant's consent; a licence used is authorised for the
 *   application in the holder's wallet, a record read is in the exchange log.
 * - Savings: materials saved = materials supplied; trips saved = one for applying online (no trip to
 *   hand in the application) plus one per distinct organisation whose licence or data was used
 *   (no trip to fetch a certificate from it). docs/standards.md states the formula.
 */
import { z } from 'zod';
import { licenceTypeCodeSchema, type MaterialTrustLevel } from './licence.js';

/** The code of a shared data resource (政务信息资源代码). */
export const resourceCodeSchema = z.string().trim().regex(/^[0-9A-Za-z][0-9A-Za-z.-]{2,63}$/, 'sharing.resourceCode');

/** The purpose under which handling organisations read shared data for 免提交 (their grants name it). */
export const SUPPLY_PURPOSE = '政务服务事项办理（材料免提交、表单预填）';

/** Whose record a resource is read for: the applicant person's ID number or the enterprise's USCC. */
export const SUPPLY_KEYS = ['idNumber', 'uscc'] as const;
export type SupplyKey = (typeof SUPPLY_KEYS)[number];

const fieldKey = z.string().regex(/^[a-z][a-zA-Z0-9_]{0,63}$/, 'sharing.fieldKey');

/** What can supply a material of the guide. */
export const materialSupplySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('licence'), licenceType: licenceTypeCodeSchema }).strict(),
  z
    .object({
      kind: z.literal('resource'),
      resource: resourceCodeSchema,
      /** the fields of the record that make up the material */
      fields: z.array(fieldKey).min(1).max(30),
      key: z.enum(SUPPLY_KEYS),
    })
    .strict(),
]);
export type MaterialSupply = z.infer<typeof materialSupplySchema>;

/** A form field prefilled from a shared resource (editable by the applicant afterwards). */
export const sharedPrefillSchema = z
  .object({
    resource: resourceCodeSchema,
    field: fieldKey,
    key: z.enum(SUPPLY_KEYS),
  })
  .strict();
export type SharedPrefill = z.infer<typeof sharedPrefillSchema>;

/** How a material reached the application. */
export const MATERIAL_PROVENANCES = {
  licence: { zh: '电子证照（免提交）', en: 'electronic licence (not submitted)', trust: 'A' },
  shared: { zh: '共享数据（免提交）', en: 'shared data (not submitted)', trust: 'A' },
  window: { zh: '窗口收取并核验', en: 'received and checked at the window', trust: 'B' },
  upload: { zh: '申请人上传', en: 'uploaded by the applicant', trust: 'C' },
  form: { zh: '在线填写', en: 'filled in online', trust: 'C' },
  commitment: { zh: '告知承诺替代', en: 'replaced by the commitment (告知承诺)', trust: 'D' },
  tolerated: { zh: '容缺（待补）', en: 'missing under 容缺, to be supplied', trust: null },
  department: { zh: '由部门核查获取', en: 'to be obtained by the department', trust: null },
  missing: { zh: '未提供', en: 'not provided', trust: null },
} as const satisfies Record<string, { zh: string; en: string; trust: MaterialTrustLevel | null }>;
export type MaterialProvenance = keyof typeof MATERIAL_PROVENANCES;

export interface ProvenanceInput {
  code: string;
  required: boolean;
  source: string;
  byForm?: boolean | undefined;
  mayBeMissing: boolean;
}

/**
 * The provenance of one material of an application: supplied (licence, shared data), uploaded (at
 * the window by the clerk: B; online: C), the online form, replaced by the signed commitment, missing
 * under 容缺, to be obtained by the department (a guide's government-issued material nothing
 * supplied), or not provided.
 */
export function provenanceOf(
  m: ProvenanceInput,
  facts: { supplied?: 'licence' | 'shared' | undefined; uploadedBy: ('applicant' | 'staff')[]; replacedByCommitment: boolean },
): MaterialProvenance {
  if (facts.supplied) return facts.supplied;
  if (facts.uploadedBy.includes('staff')) return 'window';
  if (facts.uploadedBy.length > 0) return 'upload';
  if (m.byForm) return 'form';
  if (facts.replacedByCommitment) return 'commitment';
  if (m.source !== 'applicant') return 'department';
  if (m.required && m.mayBeMissing) return 'tolerated';
  return 'missing';
}

export const trustOf = (p: MaterialProvenance): MaterialTrustLevel | null => MATERIAL_PROVENANCES[p].trust;

/** What an application saved (少跑腿、免提交), as recorded on it. */
export function savingsOf(supplied: { providerOrgId: string }[], channel: 'online' | 'window'): { materialsSaved: number; tripsSaved: number } {
  const providers = new Set(supplied.map((s) => s.providerOrgId));
  return { materialsSaved: supplied.length, tripsSaved: (channel === 'online' ? 1 : 0) + providers.size };
}
