/**
 * ApplicationForm: an item's application form (its FormDefinition, a restricted JSON Schema, see
 * domain/src/forms.ts) rendered with react-jsonschema-form and the antd theme. Shared by the
 * applicant's page (/my/applications/:id/edit) and the staff workbench (window submissions).
 *
 * What it does with the definition:
 * - `x-order` → `ui:order`; `x-multiline` → a textarea; `format: date` → an antd date picker;
 *   `enum` → a select; booleans → a checkbox; `required` fields marked with an asterisk.
 * - `x-prefill` fields are read-only and show the value from `prefilled` (masked personal data or
 *   the enterprise's facts from the verified profile). They are never part of `value` nor of what
 *   `onChange` hands back: the server does not accept them.
 * - `serverErrors` (the `errors[]` of a problem+json answer, pointers `/body/form/<field>` or
 *   `/form/<field>`) are shown under their fields; an error disappears once its field is edited.
 * - client validation (ajv, messages in the UI language) runs only when the parent calls
 *   `ref.current.validate()` (e.g. before submitting); a draft may be saved half-filled.
 * - `readOnly` renders the data as a description list (a submitted application).
 *
 * Controlled: the parent owns `value` (the typed data only) and receives every change.
 *
 * @example
 *   const ref = useRef<ApplicationFormHandle>(null);
 *   <ApplicationForm ref={ref} definition={app.formDefinition} prefilled={app.prefilled}
 *     value={form} onChange={setForm} serverErrors={errors} />
 *   if (ref.current?.validate()) submit();
 */
import type { FieldError, FormDefinition, FormField } from '@onewindow/domain';
import { orderedFields } from '@onewindow/domain';
import Form from '@rjsf/antd';
import type { ErrorSchema, RJSFSchema, RJSFValidationError, UiSchema, WidgetProps } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { LockOutlined } from '@ant-design/icons';
import { Descriptions, Input, Tag } from 'antd';
import { forwardRef, useCallback, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import './application-form.css';

export type FormValue = Record<string, unknown>;

export interface ApplicationFormProps {
  /** the item's form definition (application.formDefinition) */
  definition: FormDefinition;
  /** the typed data, without prefilled fields */
  value: FormValue;
  /** every change of the typed data (prefilled fields removed); absent with `readOnly` */
  onChange?: (value: FormValue) => void;
  /** values of the `x-prefill` fields by key (masked), shown read-only; never sent back */
  prefilled?: Record<string, string>;
  /** field errors from the server: FieldError[] or an ApiError carrying them */
  serverErrors?: readonly FieldError[] | ApiError | null;
  /** show the data read-only (a description list) instead of inputs */
  readOnly?: boolean;
  /** disables every input (e.g. while saving) */
  disabled?: boolean;
  /** id of the <form> element (for a submit button outside it) */
  id?: string;
  /** the element wrapping the fields: 'div' where the form sits inside another <form> (a preview) */
  tagName?: 'form' | 'div';
}

export interface ApplicationFormHandle {
  /** validates the whole form as for a submission (required fields too), shows the errors inline, answers whether it is valid */
  validate: () => boolean;
}

/** The form field a server pointer names: `/body/form/x`, `/form/x` → `x`; else undefined. */
export function formFieldOfPointer(pointer: string): string | undefined {
  const m = /^(?:\/body)?\/form\/([^/]+)/.exec(pointer);
  return m ? decodeURIComponent(m[1]!.replace(/~1/g, '/').replace(/~0/g, '~')) : undefined;
}

/**
 * The field errors among `errors` that name a form field, by field. With the definition and `t`,
 * the server's generic codes (too_small …) are said with the field's own limits ("至少填写 5 个字符").
 */
export function formFieldErrors(
  errors: readonly FieldError[] | ApiError | null | undefined,
  definition?: FormDefinition,
  t?: (key: string, options?: Record<string, unknown>) => string,
): Map<string, string[]> {
  const list = errors instanceof ApiError ? (errors.problem?.errors ?? []) : (errors ?? []);
  const out = new Map<string, string[]>();
  for (const e of list) {
    const field = formFieldOfPointer(e.pointer);
    if (!field) continue;
    const f = definition?.properties[field];
    out.set(field, [...(out.get(field) ?? []), (f && t && localMessage(f, e.code, t)) || e.detail || e.code]);
  }
  return out;
}

/** A server error code of a field in the words of the client's own checks, when the field says enough. */
function localMessage(f: FormField, code: string, t: (key: string, options?: Record<string, unknown>) => string): string | undefined {
  const m = (k: string, limit?: number) => t(`applicationForm.errors.${k}`, { limit });
  const numeric = f.type === 'number' || f.type === 'integer';
  switch (code) {
    case 'required':
      return m('required');
    case 'too_small':
      if (numeric && f.minimum !== undefined) return m('minimum', f.minimum);
      if (!numeric && f.minLength !== undefined) return m('minLength', f.minLength);
      return undefined;
    case 'too_big':
      if (numeric && f.maximum !== undefined) return m('maximum', f.maximum);
      if (!numeric && f.maxLength !== undefined) return m('maxLength', f.maxLength);
      return undefined;
    case 'invalid_format':
      return m('format');
    case 'invalid_value':
      return f.enum ? m('enum') : undefined;
    case 'invalid_type':
      return m('type');
    default:
      return undefined;
  }
}

/** The rjsf schema of a definition: as the server validates it, prefilled fields shown but never required. */
function rjsfSchema(def: FormDefinition): RJSFSchema {
  const properties: Record<string, RJSFSchema> = {};
  for (const [key, field] of orderedFields(def)) {
    const { 'x-multiline': _m, 'x-prefill': _p, 'x-shared': _s, ...schema } = field;
    properties[key] = schema as RJSFSchema;
  }
  return {
    type: 'object',
    properties,
    required: def.required.filter((k) => k in properties && !def.properties[k]?.['x-prefill']),
  };
}

function uiSchemaOf(def: FormDefinition, t: (k: string) => string): UiSchema {
  const ui: UiSchema = {
    'ui:order': [...def['x-order'].filter((k) => k in def.properties), '*'],
    'ui:submitButtonOptions': { norender: true },
  };
  for (const [key, field] of orderedFields(def)) {
    const f: Record<string, unknown> = {};
    if (field['x-prefill']) {
      f['ui:readonly'] = true;
      f['ui:widget'] = 'prefilled';
      f['ui:placeholder'] = t('applicationForm.prefillEmpty');
      f['ui:classNames'] = 'ow-appform-prefilled';
    } else if (field['x-multiline']) {
      f['ui:widget'] = 'textarea';
      f['ui:options'] = { rows: 4 };
    } else if (field.format === 'date') {
      f['ui:widget'] = 'date';
      f['ui:placeholder'] = t('applicationForm.pickDate');
    } else if (field.enum) {
      f['ui:placeholder'] = t('applicationForm.choose');
    } else if (field.type === 'string' && field.maxLength) {
      f['ui:placeholder'] = t('applicationForm.enter');
    }
    if (field.type === 'number' || field.type === 'integer') f['ui:placeholder'] = t('applicationForm.enterNumber');
    ui[key] = f;
  }
  return ui;
}

/** A prefilled field: a read-only input (not disabled: it stays readable and focusable) with a lock. */
function PrefilledWidget({ id, value, placeholder }: WidgetProps) {
  return (
    <Input
      id={id}
      name={id}
      value={typeof value === 'string' ? value : ''}
      readOnly
      aria-readonly
      placeholder={placeholder}
      suffix={<LockOutlined className="ow-appform-lock" aria-hidden />}
      aria-describedby={`${id}__description`}
    />
  );
}
const WIDGETS = { prefilled: PrefilledWidget };

/** Drops the prefilled keys (and empty strings) from data. */
function typedOnly(def: FormDefinition, data: FormValue): FormValue {
  const out: FormValue = {};
  for (const [k, v] of Object.entries(data ?? {})) {
    if (def.properties[k]?.['x-prefill']) continue;
    if (v === undefined || v === null || v === '') continue;
    out[k] = v;
  }
  return out;
}

function displayValue(field: FormField, v: unknown, t: (k: string) => string): string {
  if (v === undefined || v === null || v === '') return '—';
  if (field.type === 'boolean') return v ? t('applicationForm.yes') : t('applicationForm.no');
  return String(v);
}

export const ApplicationForm = forwardRef<ApplicationFormHandle, ApplicationFormProps>(function ApplicationForm(
  { definition, value, onChange, prefilled = {}, serverErrors, readOnly = false, disabled = false, id, tagName = 'form' },
  ref,
) {
  const { t } = useTranslation();
  const schema = useMemo(() => rjsfSchema(definition), [definition]);
  const uiSchema = useMemo(() => uiSchemaOf(definition, t), [definition, t]);
  // rjsf's Form instance, for validateForm()
  const formRef = useRef<{ validateForm: () => boolean } | null>(null);

  // server errors are dropped field by field as the field is edited
  const byField = useMemo(() => formFieldErrors(serverErrors, definition, t), [serverErrors, definition, t]);
  const [snapshot, setSnapshot] = useState<{ errors: typeof serverErrors; values: FormValue }>({ errors: serverErrors, values: value });
  if (snapshot.errors !== serverErrors) setSnapshot({ errors: serverErrors, values: value });
  const extraErrors = useMemo(() => {
    const es: Record<string, { __errors: string[] }> = {};
    for (const [field, msgs] of byField) {
      if (snapshot.values[field] !== value[field]) continue;
      es[field] = { __errors: msgs };
    }
    return es as ErrorSchema;
  }, [byField, snapshot, value]);

  useImperativeHandle(ref, () => ({ validate: () => formRef.current?.validateForm() ?? true }), []);

  const transformErrors = useCallback(
    (errors: RJSFValidationError[]) =>
      errors.map((e) => {
        const p = (e.params ?? {}) as Record<string, unknown>;
        const key = `applicationForm.errors.${e.name ?? 'invalid'}`;
        return { ...e, message: t(key, { ...p, defaultValue: t('applicationForm.errors.invalid') }) };
      }),
    [t],
  );

  const formData = useMemo(() => ({ ...value, ...prefilled }), [value, prefilled]);

  if (readOnly) {
    return (
      <Descriptions
        className="ow-appform-readonly"
        column={1}
        size="small"
        bordered
        items={orderedFields(definition).map(([key, field]) => ({
          key,
          label: field.title,
          children: field['x-prefill'] ? (
            <span className="ow-appform-ro-prefilled">
              {prefilled[key] ?? '—'} <Tag className="ow-appform-tag">{t('applicationForm.prefilledTag')}</Tag>
            </span>
          ) : (
            <span className="ow-appform-ro-value">{displayValue(field, value[key], t)}</span>
          ),
        }))}
      />
    );
  }

  return (
    <div className="ow-appform">
      <Form
        id={id}
        tagName={tagName}
        ref={formRef as never}
        schema={schema}
        uiSchema={uiSchema}
        formData={formData}
        validator={validator}
        widgets={WIDGETS}
        onChange={(e) => onChange?.(typedOnly(definition, (e.formData ?? {}) as FormValue))}
        extraErrors={extraErrors}
        transformErrors={transformErrors}
        showErrorList={false}
        noHtml5Validate
        focusOnFirstError
        disabled={disabled}
        omitExtraData={false}
        formContext={{ readonlyAsDisabled: false, descriptionLocation: 'below' }}
      />
    </div>
  );
});

export default ApplicationForm;
