/**
 * How an item is applied for: the application form (a JSON Schema, draft 2020-12, restricted to
 * what a government form needs), the workflow settings that the guide's GB/T fields do not carry
 * (告知承诺, high-risk, review steps, minimum assurance level). Part of the item version, so a
 * change is versioned and published with the guide; a case snapshots what it was created with.
 *
 * The server validates form data with a JSON Schema validator (ajv); the web app renders the same
 * schema with react-jsonschema-form. The restriction below keeps both sides in agreement: flat
 * objects of strings, numbers, integers and booleans, with titles, enums, formats and lengths.
 */
import { z } from 'zod';
import type { StaffRole } from './identity.js';
import { sharedPrefillSchema } from './supply.js';

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Where a field's value comes from when it is prefilled from the applicant's verified profile.
 * Prefilled fields are read-only: the value is the account's (or the enterprise's), never typed,
 * and it is not stored in the form data (personal data stays encrypted on the account).
 */
export const PREFILL_SOURCES = ['applicant.name', 'applicant.idNumber', 'applicant.phone', 'enterprise.name', 'enterprise.uscc'] as const;
export type PrefillSource = (typeof PREFILL_SOURCES)[number];

export const FORM_FIELD_KEY = /^[a-zA-Z][a-zA-Z0-9_]{0,49}$/;

/** a pattern must compile as a JavaScript regular expression with the `u` flag (as ajv uses it) */
const pattern = z.string().max(300).refine((p) => {
  try {
    new RegExp(p, 'u');
    return true;
  } catch {
    return false;
  }
}, 'form.pattern');

export const formFieldSchema = z
  .object({
    type: z.enum(['string', 'integer', 'number', 'boolean']),
    title: text(100),
    description: text(500).optional(),
    enum: z.array(z.string().max(200)).min(1).max(100).optional(),
    format: z.enum(['date', 'email']).optional(),
    minLength: z.number().int().min(0).max(10_000).optional(),
    maxLength: z.number().int().min(1).max(10_000).optional(),
    pattern: pattern.optional(),
    minimum: z.number().optional(),
    maximum: z.number().optional(),
    /** prefilled, read-only, from the verified profile */
    'x-prefill': z.enum(PREFILL_SOURCES).optional(),
    /** prefilled from a shared resource with the applicant's consent (editable afterwards) */
    'x-shared': sharedPrefillSchema.optional(),
    /** a multi-line text box */
    'x-multiline': z.boolean().optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    const add = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (f.type !== 'string' && (f.enum || f.format || f.minLength !== undefined || f.maxLength !== undefined || f.pattern || f['x-multiline'])) {
      add('type', 'form.stringKeywords');
    }
    if (f.type === 'string' || f.type === 'boolean') {
      if (f.minimum !== undefined || f.maximum !== undefined) add('minimum', 'form.numberKeywords');
    }
    if (f.type === 'string' && !f.enum && !f.format && f.maxLength === undefined) add('maxLength', 'form.maxLengthRequired');
    if (f['x-prefill'] && f.type !== 'string') add('x-prefill', 'form.prefillString');
    if (f['x-shared'] && (f.type !== 'string' || f['x-prefill'])) add('x-shared', 'form.sharedString');
  });
export type FormField = z.infer<typeof formFieldSchema>;

/** An application form: an object schema whose properties are the fields, shown in `x-order`. */
export const formDefinitionSchema = z
  .object({
    type: z.literal('object'),
    title: text(200).optional(),
    properties: z.record(z.string().regex(FORM_FIELD_KEY, 'form.fieldKey'), formFieldSchema),
    required: z.array(z.string()).max(100).default([]),
    /** display order (JSON objects have none in the database): every property exactly once */
    'x-order': z.array(z.string()).max(100),
  })
  .strict()
  .superRefine((s, ctx) => {
    const keys = Object.keys(s.properties);
    if (keys.length > 100) ctx.addIssue({ code: 'custom', path: ['properties'], message: 'form.tooManyFields' });
    const order = s['x-order'];
    if (order.length !== keys.length || new Set(order).size !== order.length || order.some((k) => !(k in s.properties))) {
      ctx.addIssue({ code: 'custom', path: ['x-order'], message: 'form.orderMismatch' });
    }
    s.required.forEach((k, i) => {
      if (!(k in s.properties)) ctx.addIssue({ code: 'custom', path: ['required', i], message: 'form.requiredUnknown' });
    });
  });
export type FormDefinition = z.infer<typeof formDefinitionSchema>;

/** The review steps an item's applications pass through after acceptance (审查, 审核, 审批 …). */
export const reviewStepSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,29}$/),
  role: z.enum(['reviewer', 'approver'] satisfies StaffRole[]),
  name: text(30),
});

/** 告知承诺制 (国办发〔2020〕42号): what the authority states in writing, and what the applicant signs. */
export const commitmentSchema = z.object({
  /** the conditions, the proof the authority would otherwise need, and the liability for a false promise */
  notice: text(5000),
  /** the materials whose proof the commitment replaces (codes of the guide's materials) */
  replacesMaterials: z.array(z.string()).max(100).default([]),
});

export const applicationSettingsSchema = z.object({
  form: formDefinitionSchema,
  /** materials the online form itself is (the 申请书 / 申请表 filled in online): not uploaded */
  formReplaces: z.array(z.string()).max(10).default([]),
  /** after acceptance, in order; the last approver decides. Absent: 审查 (reviewer) then 审批 (approver) */
  reviewSteps: z.array(reviewStepSchema).max(10).optional(),
  /** 告知承诺制 allowed, with its written notice */
  commitment: commitmentSchema.optional(),
  /** a high-risk matter (security, public safety, health, environment): 告知承诺 excluded */
  highRisk: z.boolean().default(false),
  /** the applicant's minimum identity assurance level (2 = real name with a phone) */
  minimumLevel: z.number().int().min(2).max(5).default(2),
});
export type ApplicationSettings = z.output<typeof applicationSettingsSchema>;

/** The default form when an item has none: a description of the request. */
export const DEFAULT_FORM: FormDefinition = {
  type: 'object',
  properties: {
    applicantName: { type: 'string', title: '申请人', 'x-prefill': 'applicant.name', maxLength: 100 },
    contactPhone: { type: 'string', title: '联系电话', 'x-prefill': 'applicant.phone', maxLength: 20 },
    request: { type: 'string', title: '申请事项说明', 'x-multiline': true, maxLength: 2000, minLength: 1 },
  },
  required: ['request'],
  'x-order': ['applicantName', 'contactPhone', 'request'],
};

/** The form's properties in display order. */
export function orderedFields(form: FormDefinition): [string, FormField][] {
  return form['x-order'].flatMap((k) => (form.properties[k] ? [[k, form.properties[k]] as [string, FormField]] : []));
}

/**
 * The schema of what the applicant types: prefilled fields removed (they are not stored), `required`
 * kept only when `complete` (a draft may be saved half-filled), no other properties allowed.
 */
export function inputSchemaOf(form: FormDefinition, complete: boolean): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [key, field] of orderedFields(form)) {
    if (field['x-prefill']) continue;
    const { 'x-multiline': _m, 'x-prefill': _p, 'x-shared': _s, ...schema } = field;
    properties[key] = schema;
  }
  return {
    type: 'object',
    properties,
    additionalProperties: false,
    ...(complete ? { required: form.required.filter((k) => k in properties) } : {}),
  };
}
