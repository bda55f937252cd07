/**
 * Application forms: the item's JSON Schema (domain/src/forms.ts) checked with ajv, and the fields
 * prefilled from the applicant's verified profile.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { inputSchemaOf, orderedFields, type FormDefinition, type MaterialSupply, type PrefillSource } from '@onewindow/domain';
import type { Keyring } from '../../platform/crypto.js';
import { validationProblem } from '../../platform/errors.js';
import { maskPersonal } from '../../platform/personal-data.js';

const ajv = new Ajv2020({ allErrors: true, strict: true, coerceTypes: false });
(addFormats as unknown as (a: Ajv2020, formats: string[]) => void)(ajv, ['date', 'email']);

/** compiled validators by schema text: forms are few (one per item version) and immutable */
const compiled = new Map<string, ValidateFunction>();
const MAX_CACHED = 2000;

function validatorOf(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let v = compiled.get(key);
  if (!v) {
    v = ajv.compile(schema);
    if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, v);
  }
  return v;
}

const CODE: Record<string, string> = {
  required: 'required',
  type: 'invalid_type',
  enum: 'invalid_value',
  format: 'invalid_format',
  pattern: 'invalid_format',
  minLength: 'too_small',
  maxLength: 'too_big',
  minimum: 'too_small',
  maximum: 'too_big',
  additionalProperties: 'unrecognized_keys',
};

function pointerOf(e: ErrorObject, base: string): string {
  const p = e.params as { missingProperty?: string; additionalProperty?: string };
  const field = p.missingProperty ?? p.additionalProperty;
  return `${base}${e.instancePath}${field ? `/${field}` : ''}`;
}

/**
 * The problems of form data against the form: every bad field named (`base` + `/field`). A draft
 * (`complete` false) may leave required fields empty; a submission may not.
 */
export function formProblems(form: FormDefinition, data: Record<string, unknown>, complete: boolean, base: string) {
  const validate = validatorOf(inputSchemaOf(form, complete));
  if (validate(data)) return [];
  const seen = new Set<string>();
  return (validate.errors ?? []).flatMap((e) => {
    const pointer = pointerOf(e, base);
    if (seen.has(pointer)) return [];
    seen.add(pointer);
    return [{ pointer, code: CODE[e.keyword] ?? 'invalid_value' }];
  });
}

export function checkForm(form: FormDefinition, data: Record<string, unknown>, complete: boolean, base: string): void {
  const problems = formProblems(form, data, complete, base);
  if (problems.length) throw validationProblem(problems);
}

/** Drops prefilled fields from typed data (their values come from the profile, never from input). */
export function withoutPrefilled(form: FormDefinition, data: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!form.properties[k]?.['x-prefill']) out[k] = v;
  return out;
}

export interface ProfileFacts {
  name?: string | null | undefined;
  idNumber?: string | null | undefined;
  phone?: string | null | undefined;
  enterprise?: { name: string; uscc: string } | null | undefined;
}

/** The prefilled fields' values, masked where they are personal data (shown read-only in the form). */
export function prefilledOf(form: FormDefinition, facts: ProfileFacts): Record<string, string> {
  const value = (source: PrefillSource): string | null => {
    switch (source) {
      case 'applicant.name':
        return facts.name ? maskPersonal('name', facts.name) : null;
      case 'applicant.idNumber':
        return facts.idNumber ? maskPersonal('idNumber', facts.idNumber) : null;
      case 'applicant.phone':
        return facts.phone ? maskPersonal('phone', facts.phone) : null;
      case 'enterprise.name':
        return facts.enterprise?.name ?? null;
      case 'enterprise.uscc':
        return facts.enterprise?.uscc ?? null;
    }
  };
  const out: Record<string, string> = {};
  for (const [key, field] of orderedFields(form)) {
    const source = field['x-prefill'];
    if (!source) continue;
    const v = value(source);
    if (v !== null) out[key] = v;
  }
  return out;
}

/** What an application snapshots of the guide's materials. */
export interface MaterialTerm {
  code: string;
  name: string;
  required: boolean;
  /** the online form is this material (申请书 filled in online): nothing to upload */
  byForm?: boolean;
  requiredNote?: string | undefined;
  mayBeMissing: boolean;
  source: string;
  /** 免提交: the licence type or shared resource that can supply it */
  supply?: MaterialSupply | undefined;
}

/**
 * Form data is sealed at rest like other personal data (applicants type names, phone and bank
 * account numbers into forms): SM4 + HMAC-SM3 under the key ring, authenticated with the
 * application's id so a sealed form cannot be moved to another application.
 */
const formContext = (id: string) => `application-form:${id}`;
export const sealForm = (keyring: Keyring, id: string, form: Record<string, unknown>) => keyring.encrypt(JSON.stringify(form), formContext(id));
export function openForm(keyring: Keyring, row: { id: string; form: unknown; formCipher: string | null }): Record<string, unknown> {
  return row.formCipher ? (JSON.parse(keyring.decrypt(row.formCipher, formContext(row.id))) as Record<string, unknown>) : (row.form as Record<string, unknown>);
}
