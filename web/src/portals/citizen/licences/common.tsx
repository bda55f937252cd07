/**
 * Building blocks of the licence pages: the holder's page frame (login redirect), status tags, dates
 * and validity in words, the wallet query, problem texts.
 */
import { useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client';
import { licencesApi, type LicenceStatus, type LicenceVerificationResult } from '../../../api/licences';
import { PersonFrame } from '../PersonFrame';
import '../citizen.css';
import './licences.css';

// ---------------------------------------------------------------- statuses and dates

const STATUS_COLOUR: Record<LicenceStatus, string> = { valid: 'success', suspended: 'warning', revoked: 'error', expired: 'default' };

export function LicenceStatusTag({ status }: { status: LicenceStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOUR[status]} className="ow-lic-status" data-status={status}>
      {t(`licences.status.${status}`)}
    </Tag>
  );
}

/** The tone of a verification result: green for valid, amber for a standing that ends it, red for failure. */
export function resultTone(result: LicenceVerificationResult): 'ok' | 'warn' | 'bad' | 'unknown' {
  if (result === 'valid') return 'ok';
  if (result === 'suspended' || result === 'expired') return 'warn';
  if (result === 'not-found') return 'unknown';
  return 'bad';
}

/** A day (YYYY-MM-DD) in the current language. */
export function formatDay(value: string | null | undefined, lang: string): string {
  if (!value) return '—';
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return value;
  return lang === 'en' ? `${m[3]}/${m[2]}/${m[1]}` : `${m[1]}年${Number(m[2])}月${Number(m[3])}日`;
}

export function formatTime(value: string | null | undefined, lang: string): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai',
  }).format(d);
}

/** 2024年5月20日 至 2030年5月19日, or 长期. */
export function validityText(t: TFunction, lang: string, validFrom: string, validTo: string | null): string {
  return validTo === null
    ? t('licences.validityLong', { from: formatDay(validFrom, lang) })
    : t('licences.validityRange', { from: formatDay(validFrom, lang), to: formatDay(validTo, lang) });
}

// ---------------------------------------------------------------- problems

/** The words of a failure: the problem's title and detail, or a network line. */
export function problemMessage(t: TFunction, e: unknown): string {
  if (e instanceof ApiError && e.problem) {
    const { title, detail } = e.problem;
    return detail && detail !== title ? `${title}：${detail}` : title;
  }
  if (e instanceof ApiError) return `${t('common.error')} (HTTP ${e.status})`;
  return t('auth.network');
}

// ---------------------------------------------------------------- data

export const WALLET_KEY = ['licences', 'wallet'] as const;

export function useWallet(enabled = true) {
  return useQuery({ queryKey: WALLET_KEY, queryFn: licencesApi.wallet, staleTime: 30_000, enabled });
}

// ---------------------------------------------------------------- frame

/**
 * The frame of the holder's pages: a blue band with breadcrumbs and the title, then the body.
 * Signed-out visitors go to the login page and come back afterwards; staff are told to use a
 * personal account.
 */
export function HolderFrame(props: { title: ReactNode; crumbs: { title: ReactNode }[]; extra?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return <PersonFrame variant="lic" homeLabel={t('licences.breadcrumbHome')} staffNote={t('licences.staffNote')} staffNoteClass="ow-lic-section" {...props} />;
}
