/**
 * The create / edit form's model: the ItemInput of @onewindow/domain as the form holds it (every
 * field possibly blank while typing), and the code helpers of GB/T 39046.
 */
import {
  DEFAULT_FORM, orderedFields,
  type ApplicationSettings, type FormDefinition, type FormField, type ItemGuide, type ItemInput, type PrefillSource, type SharedPrefill,
} from '@onewindow/domain';

type Blank<T> = T extends string | number | boolean
  ? T | undefined | null
  : T extends readonly (infer U)[]
    ? Blank<U>[] | undefined
    : T extends object
      ? { [K in keyof T]?: Blank<T[K]> }
      : T;

/**
 * One row of the application form's field list: a FormField of @onewindow/domain with its key and
 * whether it is required (the schema keeps those in `properties` keys and `required`).
 */
export interface FormFieldRow {
  key?: string | null;
  title?: string | null;
  type?: FormField['type'] | null;
  required?: boolean | null;
  description?: string | null;
  enum?: string[];
  format?: 'date' | 'email' | null;
  minLength?: number | null;
  maxLength?: number | null;
  pattern?: string | null;
  minimum?: number | null;
  maximum?: number | null;
  'x-prefill'?: PrefillSource | null;
  'x-multiline'?: boolean | null;
  /** prefilled from shared data (kept as stored; not edited here) */
  'x-shared'?: SharedPrefill | null;
}

/**
 * 在线申请设置 as the form holds them: the settings of @onewindow/domain with the form's fields as a
 * list, and switches for the optional parts (`enabled` off: the item has no `application` at all).
 */
export interface ApplicationFormValues {
  enabled?: boolean;
  form?: { title?: string | null; fields?: FormFieldRow[] };
  formReplaces?: string[];
  /** off: no `reviewSteps` (the platform's 审查 → 审批) */
  customReviewSteps?: boolean;
  reviewSteps?: { key?: string | null; role?: 'reviewer' | 'approver' | null; name?: string | null }[];
  commitment?: { enabled?: boolean; notice?: string | null; replacesMaterials?: string[] };
  highRisk?: boolean;
  minimumLevel?: number | null;
}

/** What the form holds: ItemInput with blanks allowed, plus the aliases of a new item. */
export type ItemFormValues = Omit<Blank<ItemInput>, 'application'> & { aliases?: string[]; application?: ApplicationFormValues };

/** The platform's review steps, the starting point of custom ones. */
export const DEFAULT_REVIEW_STEP_VALUES = [
  { key: 'review', role: 'reviewer', name: '审查' },
  { key: 'approve', role: 'approver', name: '审批' },
] as const;

/** Stored settings (or none) → form values; none starts from the platform's default form, switched off. */
export function applicationToForm(app: ApplicationSettings | undefined): ApplicationFormValues {
  const form: FormDefinition = app?.form ?? DEFAULT_FORM;
  return {
    enabled: app !== undefined,
    form: {
      title: form.title,
      fields: orderedFields(form).map(([key, field]) => ({ key, ...structuredClone(field), required: form.required.includes(key) })),
    },
    formReplaces: [...(app?.formReplaces ?? [])],
    customReviewSteps: app?.reviewSteps !== undefined,
    reviewSteps: (app?.reviewSteps ?? DEFAULT_REVIEW_STEP_VALUES).map((s) => ({ ...s })),
    commitment: {
      enabled: app?.commitment !== undefined,
      notice: app?.commitment?.notice ?? '',
      replacesMaterials: [...(app?.commitment?.replacesMaterials ?? [])],
    },
    highRisk: app?.highRisk ?? false,
    minimumLevel: app?.minimumLevel ?? 2,
  };
}

const STRING_KEYWORDS = ['enum', 'format', 'minLength', 'maxLength', 'pattern', 'x-prefill', 'x-multiline', 'x-shared'] as const;
const NUMBER_KEYWORDS = ['minimum', 'maximum'] as const;

/** A row → the field's schema: only the keywords of its type (a hidden input of another type is left out). */
export function fieldOfRow(row: FormFieldRow): Record<string, unknown> {
  const field: Record<string, unknown> = { type: row.type, title: row.title };
  if (row.description != null) field.description = row.description;
  const keep = row.type === 'string' ? STRING_KEYWORDS : row.type === 'number' || row.type === 'integer' ? NUMBER_KEYWORDS : [];
  for (const k of keep) {
    const v = row[k];
    if (v === undefined || v === null) continue;
    if (k === 'enum') {
      const options = (v as string[]).map((o) => o.trim()).filter((o) => o !== '');
      if (options.length) field.enum = options;
    } else field[k] = v;
  }
  return field;
}

/** Form values (already cleaned of blanks) → the `application` of the request body; undefined when switched off. */
export function formToApplication(a: ApplicationFormValues | undefined): ItemInput['application'] {
  if (!a?.enabled) return undefined;
  const rows = a.form?.fields ?? [];
  const properties: Record<string, unknown> = {};
  for (const row of rows) properties[row.key ?? ''] = fieldOfRow(row);
  const form = {
    type: 'object',
    ...(a.form?.title ? { title: a.form.title } : {}),
    properties,
    required: rows.filter((r) => r.required).map((r) => r.key ?? ''),
    'x-order': rows.map((r) => r.key ?? ''),
  };
  return {
    form,
    formReplaces: a.formReplaces ?? [],
    ...(a.customReviewSteps ? { reviewSteps: a.reviewSteps ?? [] } : {}),
    ...(a.commitment?.enabled ? { commitment: { notice: a.commitment.notice ?? '', replacesMaterials: a.commitment.replacesMaterials ?? [] } } : {}),
    highRisk: a.highRisk ?? false,
    minimumLevel: a.minimumLevel ?? 2,
  } as ItemInput['application'];
}

/**
 * Where a server error about the application form lands in the form: `application/form/properties/<key>/<keyword>`
 * → the row of that key; `required/<i>` → the row's 必填 switch; `x-order` (and an unknown key) → the field list.
 * Other paths are the form's own.
 */
export function formPathOf(path: (string | number)[], values: ItemFormValues): (string | number)[] {
  if (path[0] !== 'application' || path[1] !== 'form') return path;
  const list = ['application', 'form', 'fields'];
  const body = toItemInput(values);
  const form = body.application?.form as FormDefinition | undefined;
  const rows = values.application?.form?.fields ?? [];
  const rowOf = (key: unknown) => rows.findIndex((r) => (r?.key ?? '').trim() === key);
  if (path[2] === 'properties' && path.length >= 4) {
    const i = rowOf(path[3]);
    if (i < 0) return list;
    return [...list, i, path.length === 4 ? 'key' : path[4]!];
  }
  if (path[2] === 'required' && typeof path[3] === 'number') {
    const i = rowOf(form?.required[path[3]]);
    return i < 0 ? list : [...list, i, 'required'];
  }
  if (path[2] === 'x-order' || path[2] === 'properties' || path[2] === 'required') return list;
  return path;
}

/** A fresh item: sensible defaults for the common case (a 承诺件 at a service window). */
export function emptyItem(supervisionPhone: string): ItemFormValues {
  return {
    name: '',
    basicCode: '',
    implementationCode: '',
    statutoryTimeLimit: { value: 20, unit: 'working-day' },
    promisedTimeLimit: { value: 10, unit: 'working-day' },
    process: [{ name: '' }],
    jointDepartments: [],
    intermediaryServices: [],
    result: { name: '', type: 'licence' },
    fee: { charged: false },
    audiences: [],
    topics: [],
    channels: ['1'],
    handlingType: '2',
    specialProcedures: [],
    supportsAppointment: false,
    supportsOnlinePayment: false,
    supportsDelivery: false,
    online: { available: false, depth: '1' },
    places: [],
    consultPhone: '',
    supervisionPhone,
    visitsRequired: 1,
    materials: [],
    aliases: [],
    application: applicationToForm(undefined),
  };
}

/** The stored guide, as form values. */
export function toFormValues(guide: ItemGuide): ItemFormValues {
  const { application, ...rest } = structuredClone(guide);
  return { ...(rest as ItemFormValues), application: applicationToForm(application) };
}

/**
 * Form values → request body: strings trimmed; a blank field of an object is left out (the server
 * then names what is missing), blanks inside lists stay so that error pointers keep their index.
 */
export function clean(value: unknown, inList = false): unknown {
  if (typeof value === 'string') {
    const s = value.trim();
    return s === '' && !inList ? undefined : s;
  }
  if (value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => clean(v, true));
  if (typeof value === 'object' && value !== undefined) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = clean(v);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return value;
}

export function toItemInput(values: ItemFormValues): ItemInput & { aliases?: string[] } {
  const { application, ...rest } = clean(values) as ItemInput & { aliases?: string[]; application?: ApplicationFormValues };
  const body: ItemInput & { aliases?: string[] } = rest;
  const app = formToApplication(application);
  if (app) body.application = app;
  if (body.aliases) body.aliases = body.aliases.filter((a) => a !== '');
  return body;
}

/** 实施编码 = USCC of the implementing organisation (18) + exercise level (1) + basic code (12). */
export function composeImplementationCode(uscc: string | null | undefined, level: string | null | undefined, basicCode: string | null | undefined): string {
  return `${(uscc ?? '').trim().toUpperCase()}${level ?? ''}${(basicCode ?? '').trim()}`;
}

export const IMPLEMENTATION_CODE_LENGTH = 31;

/** 材料编码 = implementation code (31) + sequence (3), counted from 001. */
export function materialCode(implementationCode: string | null | undefined, index: number): string {
  return `${(implementationCode ?? '').trim()}${String(index + 1).padStart(3, '0')}`;
}

/** The material codes after the implementation code changed from `before` to `after`: a code derived from the old one keeps its sequence. */
export function rebaseMaterialCodes(codes: (string | null | undefined)[], before: string, after: string): string[] {
  return codes.map((c, i) => {
    const code = (c ?? '').trim();
    if (!code) return materialCode(after, i);
    if (before && code.startsWith(before) && code.length === before.length + 3) return `${after}${code.slice(before.length)}`;
    return code;
  });
}

/**
 * The fields that name materials by code (在线申请设置: 替代的材料, 以承诺替代的材料) after the materials'
 * codes changed from `before` to `after` (same order): a reference follows its material.
 */
export function materialRefFields(values: ItemFormValues, before: (string | null | undefined)[], after: string[]): { name: (string | number)[]; value: string[] }[] {
  const renamed = new Map<string, string>();
  before.forEach((b, i) => {
    if (b && after[i] !== undefined && b !== after[i]) renamed.set(b, after[i]!);
  });
  if (renamed.size === 0) return [];
  const out: { name: (string | number)[]; value: string[] }[] = [];
  const follow = (name: (string | number)[], codes: string[] | undefined) => {
    if (codes?.some((c) => renamed.has(c))) out.push({ name, value: codes.map((c) => renamed.get(c) ?? c) });
  };
  follow(['application', 'formReplaces'], values.application?.formReplaces);
  follow(['application', 'commitment', 'replacesMaterials'], values.application?.commitment?.replacesMaterials);
  return out;
}
