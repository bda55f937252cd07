/** Problem details (RFC 9457) of the admin API, turned into form field errors and alerts. */
import type { FieldError } from '@onewindow/domain';
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';

export type NamePath = (string | number)[];

/** "/body/materials/0/code" → ['materials', 0, 'code']; pointers outside the body → null. */
export function pointerToNamePath(pointer: string): NamePath | null {
  if (pointer !== '/body' && !pointer.startsWith('/body/')) return null;
  return pointer
    .split('/')
    .slice(2)
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((seg) => (/^(0|[1-9]\d*)$/.test(seg) ? Number(seg) : seg));
}

/** The field errors of a 400 answer (none for other failures). */
export function problemFieldErrors(e: unknown): FieldError[] {
  return e instanceof ApiError && e.status === 400 ? (e.problem?.errors ?? []) : [];
}

/** Title and detail for an alert: the problem's own words, or a generic line when there is none. */
export function problemAlert(t: TFunction, e: unknown): { title: string; detail?: string } {
  if (e instanceof ApiError && e.problem) return { title: e.problem.title, detail: e.problem.detail };
  if (e instanceof ApiError) return { title: t('admin.common.failed', { status: e.status }) };
  return { title: t('common.error'), detail: t('common.errorHint') };
}

/** The field errors of any 4xx answer that names fields (400 validation, 403 grants, 409 user name). */
export function problemFields(e: unknown): FieldError[] {
  return e instanceof ApiError && e.status >= 400 && e.status < 500 ? (e.problem?.errors ?? []) : [];
}

export interface PlacedErrors {
  /** errors for form fields, ready for form.setFields */
  fields: { name: NamePath; errors: string[] }[];
  /** errors that name no field of the form */
  rest: FieldError[];
}

/**
 * Puts a problem's field errors on form fields. `place` turns a pointer's path into the form
 * field that shows it (or null when the form has none); by default the path itself.
 */
export function placeFieldErrors(e: unknown, place: (path: NamePath, error: FieldError) => NamePath | null = (p) => p): PlacedErrors {
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const rest: FieldError[] = [];
  for (const f of problemFields(e)) {
    const path = pointerToNamePath(f.pointer);
    const name = path && path.length ? place(path, f) : null;
    if (!name) {
      rest.push(f);
      continue;
    }
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(f.detail)) entry.errors.push(f.detail);
    byField.set(key, entry);
  }
  return { fields: [...byField.values()], rest };
}

/** Shows errors on form fields named by paths (the paths come from the server's pointers, not from the form's types). */
export function showFieldErrors<V>(form: FormInstance<V>, fields: { name: NamePath; errors: string[] }[]): void {
  form.setFields(fields.map((f) => ({ name: f.name as never, errors: f.errors })));
}
