/**
 * Government information resource catalogue (政务信息资源目录) and access to shared resources
 * (共享申请 / 授权): the API contracts. DOMAIN.md §5.
 *
 * - A resource is registered by its providing organisation, with the catalogue metadata and its
 *   data items (fields); its sharing type decides how it may be requested:
 *   无条件共享 (granted at once), 有条件共享 (the provider answers within a deadline in working
 *   days), 不予共享 (cannot be requested; the resource states its legal basis).
 * - A grant is scoped to the consuming organisation, the resource, a subset of its fields and a
 *   purpose, and expires; the provider may revoke it with a reason.
 */
import { z } from 'zod';
import { usccSchema } from './item.js';
import { resourceCodeSchema } from './supply.js';

export { resourceCodeSchema };

// ---------------------------------------------------------------- code sets

/** 共享类型 */
export const SHARING_TYPES = {
  unconditional: '无条件共享',
  conditional: '有条件共享',
  none: '不予共享',
} as const;
export type SharingType = keyof typeof SHARING_TYPES;
export const sharingTypeSchema = z.enum(['unconditional', 'conditional', 'none']);

/** 共享方式 */
export const SHARING_METHODS = { api: '接口', file: '文件' } as const;
export type SharingMethod = keyof typeof SHARING_METHODS;
export const sharingMethodSchema = z.enum(['api', 'file']);

/** 开放属性 (towards the public, 公共数据开放) */
export const OPEN_DATA_ATTRIBUTES = { open: '无条件开放', conditional: '有条件开放', closed: '不予开放' } as const;
export type OpenDataAttribute = keyof typeof OPEN_DATA_ATTRIBUTES;
export const openDataSchema = z.enum(['open', 'conditional', 'closed']);

/** 更新周期 */
export const UPDATE_CYCLES = {
  realtime: '实时',
  daily: '每日',
  weekly: '每周',
  monthly: '每月',
  quarterly: '每季度',
  yearly: '每年',
  irregular: '不定期',
} as const;
export type UpdateCycle = keyof typeof UPDATE_CYCLES;
export const updateCycleSchema = z.enum(['realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'yearly', 'irregular']);

/** 信息项的数据类型 */
export const FIELD_TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'datetime', 'code'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const RESOURCE_STATUSES = ['draft', 'published', 'withdrawn'] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];
export const resourceStatusSchema = z.enum(RESOURCE_STATUSES);

export const REQUEST_STATUSES = ['pending', 'granted', 'refused'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const requestStatusSchema = z.enum(REQUEST_STATUSES);

/** a grant's state on read: revoked by the provider, expired by its date, or active */
export const GRANT_STATES = ['active', 'expired', 'revoked'] as const;
export type GrantState = (typeof GRANT_STATES)[number];

/** Why the exchange gateway refuses an access (checkGrant). */
export const GRANT_REFUSALS = ['no-grant', 'expired', 'revoked', 'fields-outside-grant', 'purpose-mismatch'] as const;
export type GrantRefusal = (typeof GRANT_REFUSALS)[number];

/** Working days a provider has to answer a conditional request (local practice; the node may configure it). */
export const DEFAULT_SHARING_ANSWER_WORKING_DAYS = 10;

// ---------------------------------------------------------------- schemas

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_format')
  .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(Date.parse(d)).toISOString().slice(0, 10) === d, 'invalid_format');

/** 信息项: the key used on the wire, the display name and the data type */
export const resourceFieldSchema = z.object({
  key: z.string().regex(/^[a-z][a-zA-Z0-9_]{0,63}$/, 'sharing.fieldKey'),
  name: z.string().trim().min(1).max(100),
  type: z.enum(FIELD_TYPES),
  description: z.string().trim().max(500).optional(),
});
export type ResourceField = z.infer<typeof resourceFieldSchema>;

/** 资源代码: letters, digits and the separators - . (e.g. 330000-00001-0001); it names the resource in URLs */

/** Normalises a purpose for comparison: trimmed, inner white space collapsed. */
export const normalizePurpose = (purpose: string) => purpose.trim().replace(/\s+/g, ' ');

const fieldKeys = z.array(z.string().min(1).max(64)).min(1).max(200);

/** A resource as registered (and edited) by its provider. */
export const resourceInputSchema = z
  .object({
    code: resourceCodeSchema,
    name: z.string().trim().min(2).max(200),
    /** 资源分类, e.g. 基础信息资源/人口 */
    classification: z.string().trim().min(2).max(200),
    /** 提供方: the providing organisation, by its 统一社会信用代码 (its code) */
    providerUscc: usccSchema,
    summary: z.string().trim().min(2).max(2000),
    /** 资源格式, e.g. 数据库表, JSON, CSV */
    format: z.string().trim().min(1).max(50),
    fields: z.array(resourceFieldSchema).min(1).max(200),
    sharingType: sharingTypeSchema,
    /** 共享条件: who may have it and under which conditions (required for 有条件共享) */
    sharingCondition: z.string().trim().max(1000).optional(),
    /** 不予共享的依据 (required for 不予共享) */
    legalBasis: z.string().trim().max(1000).optional(),
    method: sharingMethodSchema,
    openData: openDataSchema,
    updateCycle: updateCycleSchema,
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.fields.forEach((f, i) => {
      if (seen.has(f.key)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'key'], message: 'sharing.fieldDuplicate' });
      seen.add(f.key);
    });
    if (r.sharingType === 'conditional' && !r.sharingCondition) ctx.addIssue({ code: 'custom', path: ['sharingCondition'], message: 'sharing.conditionRequired' });
    if (r.sharingType === 'none' && !r.legalBasis) ctx.addIssue({ code: 'custom', path: ['legalBasis'], message: 'sharing.legalBasisRequired' });
  });
export type ResourceInput = z.infer<typeof resourceInputSchema>;

export const resourceListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  q: z.string().trim().min(1).max(100).optional().describe('part of the name, code, classification or summary'),
  sharingType: sharingTypeSchema.optional(),
  provider: usccSchema.optional().describe('the provider’s 统一社会信用代码'),
  status: resourceStatusSchema.optional().describe('published (default); draft and withdrawn resources list only for their managers'),
});
export type ResourceListQuery = z.infer<typeof resourceListQuerySchema>;

export const withdrawResourceSchema = z.object({ reason: z.string().trim().min(2).max(500) });

/** A consuming organisation's request for a resource. */
export const accessRequestInputSchema = z.object({
  resourceCode: resourceCodeSchema,
  /** the consuming organisation; may be left out by an administrator of exactly one organisation */
  consumerUscc: usccSchema.optional(),
  fields: fieldKeys,
  purpose: z.string().trim().min(2).max(500),
  /** 申请依据 */
  legalBasis: z.string().trim().min(2).max(1000),
  /** the last day of the requested validity */
  until: isoDate,
});
export type AccessRequestInput = z.infer<typeof accessRequestInputSchema>;

/** The provider's approval: fields and validity no wider than requested (default: as requested). */
export const approveRequestSchema = z.object({
  fields: fieldKeys.optional(),
  until: isoDate.optional(),
  opinion: z.string().trim().max(500).optional(),
});
export type ApproveRequestInput = z.infer<typeof approveRequestSchema>;

export const refuseRequestSchema = z.object({ reason: z.string().trim().min(2).max(500) });
export const revokeGrantSchema = z.object({ reason: z.string().trim().min(2).max(500) });

export const requestListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  view: z.enum(['mine', 'to-answer']).default('mine').describe('mine: requests of my organisations as consumer; to-answer: requests to my organisations as provider'),
  status: requestStatusSchema.optional(),
  overdue: z.stringbool().optional().describe('only pending requests past their answer date'),
});
export type RequestListQuery = z.infer<typeof requestListQuerySchema>;

export const grantListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  view: z.enum(['consumer', 'provider']).default('consumer'),
  state: z.enum(GRANT_STATES).optional(),
  resourceCode: resourceCodeSchema.optional(),
});
export type GrantListQuery = z.infer<typeof grantListQuerySchema>;

// ---------------------------------------------------------------- answers

export interface SharingOrganisation {
  id: string;
  uscc: string;
  name: string;
  regionCode: string;
}

export interface ResourceView {
  id: string;
  code: string;
  name: string;
  classification: string;
  provider: SharingOrganisation;
  summary: string;
  format: string;
  fields: ResourceField[];
  sharingType: SharingType;
  sharingCondition: string | null;
  legalBasis: string | null;
  method: SharingMethod;
  openData: OpenDataAttribute;
  updateCycle: UpdateCycle;
  status: ResourceStatus;
  /** 发布日期 (node time zone) */
  publishDate: string | null;
  withdrawal: { reason: string; at: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface AccessRequestView {
  id: string;
  resourceCode: string;
  resourceName: string;
  sharingType: SharingType;
  provider: SharingOrganisation;
  consumer: SharingOrganisation;
  fields: string[];
  purpose: string;
  legalBasis: string;
  until: string;
  status: RequestStatus;
  /** granted without an answer (无条件共享) */
  automatic: boolean;
  /** the last day for the provider's answer (conditional requests) */
  dueDate: string | null;
  /** pending past its due date, as of the read */
  overdue: boolean;
  requestedBy: string;
  requestedAt: string;
  answeredBy: string | null;
  answeredAt: string | null;
  opinion: string | null;
  refusalReason: string | null;
  grantId: string | null;
}

export interface GrantView {
  id: string;
  requestId: string;
  resourceCode: string;
  resourceName: string;
  provider: SharingOrganisation;
  consumer: SharingOrganisation;
  fields: string[];
  purpose: string;
  /** the last day of validity (node time zone) */
  validUntil: string;
  expiresAt: string;
  state: GrantState;
  automatic: boolean;
  grantedBy: string;
  grantedAt: string;
  revocation: { reason: string; at: string; by: string } | null;
}

/**
 * The decision on one access: the grant's state at `at` for the purpose and fields asked for.
 * Pure, so that the gateway's rule is one function tested on its own; `grants` are those of the
 * consumer and the resource.
 */
export function decideAccess<G extends { fields: readonly string[]; purpose: string; expiresAt: Date; revokedAt: Date | null; grantedAt: Date }>(
  grants: readonly G[],
  ask: { fields: readonly string[]; purpose: string; at: Date },
): { ok: true; grant: G } | { ok: false; reason: GrantRefusal } {
  const existing = grants.filter((g) => g.grantedAt.getTime() <= ask.at.getTime());
  if (existing.length === 0) return { ok: false, reason: 'no-grant' };
  const purpose = normalizePurpose(ask.purpose);
  const forPurpose = existing.filter((g) => normalizePurpose(g.purpose) === purpose);
  if (forPurpose.length === 0) return { ok: false, reason: 'purpose-mismatch' };
  const revokedAt = (g: G) => g.revokedAt !== null && g.revokedAt.getTime() <= ask.at.getTime();
  const live = forPurpose.filter((g) => !revokedAt(g) && g.expiresAt.getTime() >= ask.at.getTime());
  const covering = live.find((g) => ask.fields.every((f) => g.fields.includes(f)));
  if (covering) return { ok: true, grant: covering };
  if (live.length > 0) return { ok: false, reason: 'fields-outside-grant' };
  // the most recent grant for the purpose says why it no longer holds
  const latest = [...forPurpose].sort((a, b) => b.grantedAt.getTime() - a.grantedAt.getTime())[0]!;
  return { ok: false, reason: revokedAt(latest) ? 'revoked' : 'expired' };
}
