/**
 * API contract of a standardized service item (办事指南), GB/T 39046-2020 Table 4 and GB/T 39554.1.
 * Used by the server to validate input and by the web app for its types.
 */
import { z } from 'zod';
import {
  AUDIENCES, CHANNELS, EXERCISE_LEVELS, HANDLING_TYPES, ITEM_STATUSES, ITEM_TYPES, MATERIAL_FORMS,
  MATERIAL_SOURCES, ONLINE_DEPTHS, ORG_NATURES, SERVICE_SCOPES, SPECIAL_PROCEDURES, TIME_UNITS, TOPICS, codeKeys,
} from './codes.js';
import { applicationSettingsSchema } from './forms.js';
import { materialSupplySchema } from './supply.js';
import { checkBasicCode, checkImplementationCode, checkMaterialCode, isValidUscc, splitImplementationCode } from './validators.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const optText = (max: number) => z.string().trim().max(max).optional();
const url = z.string().trim().max(500).regex(/^(https?:\/\/|\/)[^\s]*$/, 'url');
const phone = z.string().trim().regex(/^[0-9()+\-\s,、/]{3,40}$/, 'phone');

export const itemTypeSchema = z.enum(codeKeys(ITEM_TYPES));
export const exerciseLevelSchema = z.enum(codeKeys(EXERCISE_LEVELS));
export const orgNatureSchema = z.enum(codeKeys(ORG_NATURES));
export const audienceSchema = z.enum(codeKeys(AUDIENCES));
export const channelSchema = z.enum(codeKeys(CHANNELS));
export const handlingTypeSchema = z.enum(codeKeys(HANDLING_TYPES));
export const specialProcedureSchema = z.enum(codeKeys(SPECIAL_PROCEDURES));
export const serviceScopeSchema = z.enum(codeKeys(SERVICE_SCOPES));
export const onlineDepthSchema = z.enum(codeKeys(ONLINE_DEPTHS));
export const materialFormSchema = z.enum(codeKeys(MATERIAL_FORMS));
export const materialSourceSchema = z.enum(codeKeys(MATERIAL_SOURCES));
export const timeUnitSchema = z.enum(codeKeys(TIME_UNITS));
export const topicSchema = z.enum(TOPICS);
export const itemStatusSchema = z.enum(ITEM_STATUSES);

export const usccSchema = z.string().trim().refine(isValidUscc, 'uscc');
export const regionCodeSchema = z.string().regex(/^[1-9]\d{5}$/, 'regionCode');
const ITEM_TYPE_CODES = Object.keys(ITEM_TYPES);
const LEVEL_CODES = Object.keys(EXERCISE_LEVELS);

export const basicCodeSchema = z.string().superRefine((v, ctx) => {
  const p = checkBasicCode(v, ITEM_TYPE_CODES);
  if (p) ctx.addIssue({ code: 'custom', message: p.key });
});
export const implementationCodeSchema = z.string().superRefine((v, ctx) => {
  const p = checkImplementationCode(v, ITEM_TYPE_CODES, LEVEL_CODES);
  if (p) ctx.addIssue({ code: 'custom', message: p.key });
});

export const timeLimitSchema = z.object({
  value: z.number().int().min(0).max(3650),
  unit: timeUnitSchema,
  note: optText(500),
});
export type TimeLimit = z.infer<typeof timeLimitSchema>;

export const materialSchema = z
  .object({
    code: z.string().trim(),
    name: text(200),
    forms: z.array(materialFormSchema).min(1).max(3),
    /** number of copies or originals required (0 when only electronic) */
    copies: z.number().int().min(0).max(99),
    required: z.boolean(),
    /** when required depends on the situation (情形) */
    requiredNote: optText(300),
    description: optText(1000),
    blankFormUrl: url.optional(),
    sampleUrl: url.optional(),
    source: materialSourceSchema,
    /** issuing organisation, or the e-licence type / shared data resource that can supply it */
    sourceNote: optText(200),
    /** 免提交: the licence type or shared resource that supplies it, with the applicant's consent */
    supply: materialSupplySchema.optional(),
    /** may be missing at acceptance under 容缺受理 */
    mayBeMissing: z.boolean().default(false),
  })
  .superRefine((m, ctx) => {
    if (m.source !== 'applicant' && !m.sourceNote) {
      ctx.addIssue({ code: 'custom', path: ['sourceNote'], message: 'material.sourceNote' });
    }
    if (m.mayBeMissing && m.required === false) {
      ctx.addIssue({ code: 'custom', path: ['mayBeMissing'], message: 'material.mayBeMissingOptional' });
    }
  });
export type Material = z.infer<typeof materialSchema>;

export const feeSchema = z
  .object({
    charged: z.boolean(),
    basis: optText(500),
    standard: optText(500),
    /** amount in fen (分); omitted when it varies */
    amountFen: z.number().int().min(0).optional(),
  })
  .superRefine((f, ctx) => {
    if (f.charged && !f.basis) ctx.addIssue({ code: 'custom', path: ['basis'], message: 'fee.basisRequired' });
    if (!f.charged && f.amountFen) ctx.addIssue({ code: 'custom', path: ['amountFen'], message: 'fee.notCharged' });
  });

export const placeSchema = z.object({
  name: text(200),
  address: text(300),
  officeHours: text(300),
  regionCode: regionCodeSchema.optional(),
});

export const processStepSchema = z.object({
  name: text(100),
  description: optText(1000),
});

/** The versioned guide of an item, as an administrator submits it. */
export const itemInputSchema = z
  .object({
    name: text(200),
    summary: optText(2000),
    basicCode: basicCodeSchema,
    implementationCode: implementationCodeSchema,
    itemType: itemTypeSchema,
    legalBasis: text(5000),
    exerciseLevel: exerciseLevelSchema,
    organisationUscc: usccSchema,
    organisationNature: orgNatureSchema,
    statutoryTimeLimit: timeLimitSchema,
    promisedTimeLimit: timeLimitSchema,
    acceptanceConditions: text(5000),
    process: z.array(processStepSchema).min(1).max(30),
    jointDepartments: z.array(text(200)).max(30).default([]),
    handlingOrganisation: text(200),
    intermediaryServices: z.array(text(300)).max(20).default([]),
    quantityLimit: optText(500),
    result: z.object({ name: text(200), type: z.enum(['licence', 'document', 'other']), sampleUrl: url.optional() }),
    fee: feeSchema,
    serviceScope: serviceScopeSchema,
    audiences: z.array(audienceSchema).min(1).max(6),
    topics: z.array(topicSchema).max(10).default([]),
    channels: z.array(channelSchema).min(1).max(5),
    handlingType: handlingTypeSchema,
    specialProcedures: z.array(specialProcedureSchema).max(2).default([]),
    supportsAppointment: z.boolean(),
    supportsOnlinePayment: z.boolean(),
    supportsDelivery: z.boolean(),
    online: z.object({ available: z.boolean(), url: url.optional(), depth: onlineDepthSchema }),
    places: z.array(placeSchema).max(20).default([]),
    consultPhone: phone,
    supervisionPhone: phone,
    visitsRequired: z.number().int().min(0).max(10),
    visitsReason: optText(500),
    materials: z.array(materialSchema).max(100),
    /** how it is applied for online: form, review steps, 告知承诺 (absent: the default form and steps) */
    application: applicationSettingsSchema.optional(),
  })
  .superRefine((item, ctx) => {
    const add = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (item.implementationCode.length === 31) {
      const parts = splitImplementationCode(item.implementationCode);
      if (parts.basicCode !== item.basicCode) add(['implementationCode'], 'item.implementationCode.basicMismatch');
      if (parts.uscc !== item.organisationUscc) add(['implementationCode'], 'item.implementationCode.usccMismatch');
      if (parts.level !== item.exerciseLevel) add(['implementationCode'], 'item.implementationCode.levelMismatch');
    }
    if (/^\d{12}$/.test(item.basicCode) && item.basicCode.slice(2, 4) !== item.itemType) {
      add(['itemType'], 'item.itemType.basicMismatch');
    }
    const s = item.statutoryTimeLimit;
    const p = item.promisedTimeLimit;
    if (s.unit === p.unit && p.value > s.value) add(['promisedTimeLimit', 'value'], 'item.promisedExceedsStatutory');
    if (item.handlingType === '1' && p.value !== 0) add(['promisedTimeLimit', 'value'], 'item.immediateHasZeroLimit');
    if (item.visitsRequired > 0 && !item.visitsReason) add(['visitsReason'], 'item.visitsReasonRequired');
    if (item.online.depth === '4' && item.visitsRequired !== 0) add(['visitsRequired'], 'item.fullOnlineZeroVisits');
    if (item.online.available && !item.online.url) add(['online', 'url'], 'item.onlineUrlRequired');
    if (!item.online.available && Number(item.online.depth) > 1) add(['online', 'depth'], 'item.onlineDepthWithoutOnline');
    if (item.online.available && !item.channels.some((c) => c === '2' || c === '3')) {
      add(['channels'], 'item.onlineChannelMissing');
    }
    if (item.channels.includes('1') && item.places.length === 0) add(['places'], 'item.placeRequired');
    const seen = new Set<string>();
    item.materials.forEach((m, i) => {
      const problem = checkMaterialCode(m.code, item.implementationCode);
      if (problem) add(['materials', i, 'code'], problem.key);
      if (seen.has(m.code)) add(['materials', i, 'code'], 'material.codeDuplicate');
      seen.add(m.code);
    });
    const app = item.application;
    app?.formReplaces.forEach((code, i) => {
      if (!seen.has(code)) add(['application', 'formReplaces', i], 'item.materialUnknown');
    });
    if (app?.commitment) {
      if (app.highRisk) add(['application', 'commitment'], 'item.commitmentHighRisk');
      app.commitment.replacesMaterials.forEach((code, i) => {
        if (!seen.has(code)) add(['application', 'commitment', 'replacesMaterials', i], 'item.materialUnknown');
      });
    }
  });
export type ItemInput = z.input<typeof itemInputSchema>;
export type ItemGuide = z.output<typeof itemInputSchema>;

export const aliasesSchema = z.object({
  aliases: z.array(z.string().trim().min(1).max(50)).max(100),
});

export const organisationRefSchema = z.object({
  id: z.string(),
  uscc: z.string(),
  name: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
});
export type OrganisationRef = z.infer<typeof organisationRefSchema>;

export const highlightSchema = z.array(z.object({ text: z.string(), hit: z.boolean() }));
export type Highlight = z.infer<typeof highlightSchema>;

export const itemSummarySchema = z.object({
  implementationCode: z.string(),
  name: z.string(),
  summary: z.string().nullable(),
  itemType: itemTypeSchema,
  audiences: z.array(audienceSchema),
  topics: z.array(z.string()),
  onlineDepth: onlineDepthSchema,
  handlingType: handlingTypeSchema,
  promisedTimeLimit: timeLimitSchema,
  visitsRequired: z.number(),
  organisation: organisationRefSchema,
  version: z.number(),
  highlight: highlightSchema.optional(),
  /** where the query matched besides the name: alias, material, organisation, topic */
  matchedIn: z.array(z.string()).optional(),
});
export type ItemSummary = z.infer<typeof itemSummarySchema>;

export const itemDetailSchema = z.object({
  id: z.string(),
  status: itemStatusSchema,
  version: z.number(),
  versionStatus: z.enum(['draft', 'published', 'superseded']),
  /** the version citizens see (null until first published) and the newest version */
  publishedVersion: z.number().nullable(),
  latestVersion: z.number(),
  /** changes with every change of the item: send it back as If-Match to refuse lost updates */
  revision: z.number(),
  withdrawal: z.object({ reason: z.string(), at: z.string() }).nullable(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
  aliases: z.array(z.string()),
  organisation: organisationRefSchema.extend({ nature: orgNatureSchema.optional() }),
  regionCode: z.string(),
  guide: z.any(),
});
export type ItemDetail = Omit<z.infer<typeof itemDetailSchema>, 'guide'> & { guide: ItemGuide };

export const pageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(10000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(10),
});

export const searchQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(100).optional(),
  region: regionCodeSchema.optional(),
  organisation: usccSchema.optional(),
  itemType: itemTypeSchema.optional(),
  audience: audienceSchema.optional(),
  /** 个人办事 / 法人办事 */
  audienceGroup: z.enum(['personal', 'legal']).optional(),
  topic: z.string().trim().max(50).optional(),
  onlineDepth: onlineDepthSchema.optional(),
  sort: z.enum(['relevance', 'popular']).default('relevance'),
});
export type SearchQuery = z.infer<typeof searchQuerySchema>;

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
}
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
