/** Problem details (RFC 9457) of the admin API, turned into form field errors and alerts. */
import type { FieldError } from '@onewindow/domain';
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
