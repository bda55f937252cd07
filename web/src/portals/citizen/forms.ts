/**
 * Helpers of the citizen forms: field checks that mirror the server's (so mistakes show at once),
 * problem details (RFC 9457) mapped onto antd form fields, the `?next=` rule, countdowns.
 */
import { checkIdNumber, type FieldError } from '@onewindow/domain';
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';

// ---------------------------------------------------------------- normalisation and checks

/** ID number as people type it: full-width characters, spaces and a lower-case x. */
export const normaliseIdNumber = (v: string) => v.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
/** Mobile as people type it: +86, spaces and dashes. */
export const normalisePhone = (v: string) => v.normalize('NFKC').replace(/[\s()-]/g, '').replace(/^(?:\+86|0086)/, '');
export const normaliseName = (v: string) => v.normalize('NFKC').trim().replace(/\s+/g, ' ').replace(/[•・‧]/g, '·');

export const isMobile = (v: string) => /^1[3-9]\d{9}$/.test(normalisePhone(v));
export const isPersonName = (v: string) => {
  const n = normaliseName(v);
  return /^[\p{Script=Han}·]{2,20}$/u.test(n) || /^[A-Za-z][A-Za-z .'·-]{1,39}$/.test(n);
};

/** The message key of what is wrong with an ID number (GB 11643 checksum, region, birth date), or null. */
export function idNumberProblem(v: string): string | null {
  return checkIdNumber(normaliseIdNumber(v))?.key ?? null;
}

/** Character classes of a password: lower, upper, digit, symbol. */
export function passwordClasses(v: string): number {
  return [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length;
}
/** The platform rule: 8–64 characters with at least three classes. */
export const isStrongEnough = (v: string) => v.length >= 8 && v.length <= 64 && passwordClasses(v) >= 3;

export type Strength = 'weak' | 'medium' | 'strong';
export function passwordStrength(v: string): Strength {
  if (!isStrongEnough(v)) return 'weak';
  return passwordClasses(v) === 4 && v.length >= 12 ? 'strong' : 'medium';
}

// antd rules, in the current language
type Rule = { validator: (_: unknown, value: unknown) => Promise<void> };
const ruleOf = (ok: (v: string) => boolean, message: string, required: string): Rule => ({
  validator: async (_: unknown, value: unknown) => {
    const v = typeof value === 'string' ? value : '';
    if (!v.trim()) throw new Error(required);
    if (!ok(v)) throw new Error(message);
  },
});
export const rules = {
  name: (t: TFunction) => [ruleOf(isPersonName, t('auth.validation.name'), t('auth.validation.nameRequired'))],
  phone: (t: TFunction) => [ruleOf(isMobile, t('auth.validation.phone'), t('auth.validation.phoneRequired'))],
  code: (t: TFunction) => [ruleOf((v) => /^\d{6}$/.test(v.trim()), t('auth.validation.code'), t('auth.validation.codeRequired'))],
  idNumber: (t: TFunction): Rule[] => [
    {
      validator: async (_: unknown, value: unknown) => {
        const v = typeof value === 'string' ? value : '';
        if (!v.trim()) throw new Error(t('auth.validation.idNumberRequired'));
        const key = idNumberProblem(v);
        if (key) throw new Error(t(`auth.validation.${key}`, { defaultValue: t('auth.validation.idNumber.shape') }));
      },
    },
  ],
};

// ---------------------------------------------------------------- problems onto fields

/** The field errors of a refused request (400, or e.g. a 422 registry check naming the field). */
export function fieldErrors(e: unknown): FieldError[] {
  return e instanceof ApiError && e.status >= 400 && e.status < 500 ? (e.problem?.errors ?? []) : [];
}

/**
 * Puts the problem's field errors (`/body/<field>`) on the form's `fields`; `aliases` names the form
 * field of a body field the form does not show (e.g. challengeId → code). Answers whether every
 * error found a field, i.e. whether the form alone explains the failure.
 */
export function applyFieldErrors(form: FormInstance, e: unknown, fields: readonly string[], aliases: Record<string, string> = {}): boolean {
  const errors = fieldErrors(e);
  if (errors.length === 0) return false;
  const byField = new Map<string, string[]>();
  let unmapped = 0;
  for (const err of errors) {
    const m = /^\/body\/([^/]+)/.exec(err.pointer);
    const field = m ? (aliases[m[1]!] ?? m[1]!) : undefined;
    if (!field || !fields.includes(field)) {
      unmapped++;
      continue;
    }
    byField.set(field, [...(byField.get(field) ?? []), err.detail || err.code]);
  }
  form.setFields([...byField].map(([name, errs]) => ({ name, errors: errs })));
  return unmapped === 0;
}

/**
 * The same for forms with nested fields (e.g. `dimensions.efficiency`, `tags.0`): a pointer
 * `/body/a/b/…` lands on the longest of `fields` (name paths) that begins it. Answers whether every
 * error found a field.
 */
export function applyNestedFieldErrors(form: FormInstance, e: unknown, fields: readonly (readonly (string | number)[])[]): boolean {
  const errors = fieldErrors(e);
  if (errors.length === 0) return false;
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  let unmapped = 0;
  for (const err of errors) {
    const parts = /^\/body\/(.+)$/.exec(err.pointer)?.[1]?.split('/') ?? [];
    const field = [...fields].sort((a, b) => b.length - a.length).find((f) => f.every((p, i) => String(p) === parts[i]));
    if (!field) {
      unmapped++;
      continue;
    }
    const key = field.join('.');
    const entry = byField.get(key) ?? { name: [...field], errors: [] };
    entry.errors.push(err.detail || err.code);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  return unmapped === 0;
}

/** Title and detail of a failure for an alert: the problem's own words, or a network line. */
export function problemText(t: TFunction, e: unknown): { title: string; detail?: string } {
  if (e instanceof ApiError && e.problem) return { title: e.problem.title, detail: e.problem.detail };
  if (e instanceof ApiError) return { title: t('auth.failed'), detail: `HTTP ${e.status}` };
  return { title: t('auth.failed'), detail: t('auth.network') };
}

// ---------------------------------------------------------------- ?next=

/**
 * Where to go after login: only a same-site path ("/account", "/sso/…"), never "//host" or
 * "/\host" (which browsers read as another site), nor the auth pages themselves.
 */
export function safeNext(next: string | null | undefined, fallback = '/account'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\u0000-\u001f\\]/.test(next)) return fallback;
  if (/^\/(login|register|forgot-password)(\/|\?|#|$)/.test(next)) return fallback;
  return next;
}

// ---------------------------------------------------------------- countdown

/** Seconds left of a countdown (resend a code, wait out a rate limit); start(n) restarts it. */
export function useCountdown(): [number, (seconds: number) => void] {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => {
    if (until <= now) return;
    // wake at the next whole second of the remaining time
    timer.current = window.setTimeout(() => setNow(Date.now()), (until - now) % 1000 || 1000);
    return () => window.clearTimeout(timer.current);
  }, [until, now]);
  const start = useCallback((seconds: number) => {
    const t0 = Date.now();
    setNow(t0);
    setUntil(t0 + seconds * 1000);
  }, []);
  return [Math.max(0, Math.ceil((until - now) / 1000)), start];
}
