import type { TFunction } from 'i18next';
import type { HandlingType, TimeLimit } from '@onewindow/domain';

export type CodeSet =
  | 'itemType' | 'exerciseLevel' | 'orgNature' | 'audience' | 'channel' | 'handlingType' | 'specialProcedure'
  | 'serviceScope' | 'onlineDepth' | 'onlineDepthShort' | 'materialForm' | 'materialSource' | 'timeUnit' | 'regionLevel';

/** Label of a code of a national code set, in the current language (the raw code when unknown). */
export function codeLabel(t: TFunction, set: CodeSet, code: string | undefined | null): string {
  if (code === undefined || code === null || code === '') return '';
  return t(`codes.${set}.${code}`, { defaultValue: code });
}

export function topicLabel(t: TFunction, name: string): string {
  return t(`topics.${name}`, { defaultValue: name });
}

/** "20个工作日"; a zero limit of an immediate item reads "即时办结". */
export function formatTimeLimit(t: TFunction, limit: TimeLimit | undefined, handlingType?: HandlingType): string {
  if (!limit) return '—';
  if (limit.value === 0 || handlingType === '1') return t('timeLimit.immediate');
  return t(`timeLimit.${limit.unit}`, { count: limit.value });
}

/** "0次跑" / "最多跑1次". */
export function formatVisits(t: TFunction, visits: number): string {
  return visits === 0 ? t('item.zeroVisits') : t('item.maxVisits', { count: visits });
}

export function formatYuan(t: TFunction, fen: number): string {
  const amount = (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return t('guide.yuan', { amount });
}

export function formatDate(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Asia/Shanghai',
  }).format(d);
}

/** "2026-03-05 14:30" in the node's time zone. */
export function formatDateTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
    timeZone: 'Asia/Shanghai',
  }).format(d);
}

export function joinList(t: TFunction, parts: string[]): string {
  return parts.join(t('item.listSeparator'));
}

/** An URL the guide may link to: absolute http(s) or a path on this site. */
export function isSafeUrl(url: string | undefined): url is string {
  return !!url && /^(https?:\/\/|\/(?!\/))/i.test(url);
}
