/** Building blocks of the applicant's pages: status and warning tags, the page frame, queries, problem texts. */
import type { CaseStatus, WarningLevel } from '@onewindow/domain';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Result, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useCallback, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../../api/client';
import { myApplication, type Application, type ApplicationEvent, type MaterialTerm } from '../../../api/applications';
import { CardSkeleton, ErrorState } from '../../../components/QueryState';
import { PersonFrame } from '../PersonFrame';
import '../citizen.css';
import './applications.css';

// ---------------------------------------------------------------- statuses

export const STATUS_GROUPS = {
  draft: ['draft'],
  handling: ['submitted', 'correction_requested', 'accepted', 'under_review', 'decided'],
  closed: ['completed', 'rejected', 'withdrawn', 'terminated'],
} as const satisfies Record<string, readonly CaseStatus[]>;
export type StatusGroup = keyof typeof STATUS_GROUPS | 'all';

const STATUS_COLOUR: Record<CaseStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  correction_requested: 'warning',
  accepted: 'blue',
  under_review: 'blue',
  decided: 'cyan',
  completed: 'success',
  rejected: 'error',
  withdrawn: 'default',
  terminated: 'error',
};

/** The status in words; a decided case says 准予 / 不予. */
export function statusLabel(t: TFunction, status: CaseStatus, outcome?: 'granted' | 'refused'): string {
  if (status === 'decided' && outcome) return t(`applications.outcome.${outcome}`);
  return t(`applications.status.${status}`, { defaultValue: status });
}

export function StatusTag({ status, outcome }: { status: CaseStatus; outcome?: 'granted' | 'refused' | undefined }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOUR[status] ?? 'default'} className="ow-app-status" data-status={status}>
      {statusLabel(t, status, outcome)}
    </Tag>
  );
}

/** 红黄牌: shown for yellow and red only (green is the normal case). */
export function WarningTag({ warning }: { warning: WarningLevel }) {
  const { t } = useTranslation();
  if (warning === 'green') return null;
  return (
    <Tag color={warning === 'red' ? 'red' : 'gold'} className={`ow-app-card ow-app-card-${warning}`}>
      <span className="ow-app-card-swatch" aria-hidden />
      {t(`applications.warning.${warning}`)}
    </Tag>
  );
}

/** The name of an event's action, with its review step (审查通过 …). */
export function eventLabel(t: TFunction, e: ApplicationEvent): string {
  // a review step without its name (older events, or views that leave it out): the generic words
  // (the server's events carry the step's index and key only: the default steps are named here)
  const key = e.reviewStep?.key;
  const step = e.reviewStep?.name || (key === 'review' || key === 'approve' ? t(`applications.reviewSteps.${key}`) : t('applications.actions.reviewStep'));
  return t(`applications.actions.${e.action}`, { step, defaultValue: t('applications.actions.unknown') });
}

/** A date (YYYY-MM-DD from the server's deadlines, or ISO) in the current language. */
export function formatDay(value: string | null | undefined, lang: string): string {
  if (!value) return '—';
  const d = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00+08:00`) : new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: 'Asia/Shanghai' }).format(d);
}

export function formatTime(value: string | null | undefined, lang: string): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: 'Asia/Shanghai',
  }).format(d);
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** Names of material codes (a tolerance list may name materials by code or by name). */
export function materialName(materials: readonly MaterialTerm[], codeOrName: string): string {
  return materials.find((m) => m.code === codeOrName)?.name ?? codeOrName;
}

// ---------------------------------------------------------------- problems

/** The words of a failure: the problem's title and detail, or a network line. */
export function problemMessage(t: TFunction, e: unknown): string {
  if (e instanceof ApiError && e.problem) {
    const { title, detail } = e.problem;
    return detail && detail !== title ? `${title}：${detail}` : title;
  }
  if (e instanceof ApiError && e.status) return `${t('applications.errors.loadFailed')} (HTTP ${e.status})`;
  return t('auth.network');
}

export const problemSlugOf = (e: unknown): string | undefined =>
  e instanceof ApiError && typeof e.problem?.type === 'string' ? e.problem.type.split('/').pop() : undefined;

// ---------------------------------------------------------------- data

export const applicationKey = (id: string) => ['applications', 'one', id] as const;
export const APPLICATIONS_KEY = ['applications'] as const;

export function useApplication(id: string | undefined) {
  return useQuery({
    queryKey: applicationKey(id ?? ''),
    queryFn: () => myApplication(id!),
    enabled: !!id,
    staleTime: 0,
  });
}

/** Puts a fresh answer into the cache (the one application and the lists). */
export function useStoreApplication() {
  const qc = useQueryClient();
  return useCallback(
    (app: Application) => {
      // answers of actions and saves carry no `prefilled` (and saves no files or events): keep the known ones
      qc.setQueryData<Application>(applicationKey(app.id), (old) => ({ ...old, ...app, prefilled: app.prefilled ?? old?.prefilled ?? {}, files: app.files ?? old?.files ?? [], events: app.events ?? old?.events ?? [], allowedActions: app.allowedActions ?? old?.allowedActions ?? [] }));
      void qc.invalidateQueries({ queryKey: ['applications', 'list'] });
      void qc.invalidateQueries({ queryKey: ['notifications'] });
    },
    [qc],
  );
}

// ---------------------------------------------------------------- frame

/**
 * The frame of the applicant's pages: a blue band with breadcrumbs and the title, then the body.
 * Signed-out visitors go to the login page and come back afterwards; staff are told to use a
 * personal account.
 */
export function ApplicantFrame(props: { title: ReactNode; crumbs: { title: ReactNode }[]; extra?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return <PersonFrame variant="apps" homeLabel={t('applications.breadcrumbHome')} staffNote={t('applications.start.staffNote')} staffNoteClass="ow-apps-panel" {...props} />;
}

/**
 * The states of a page about one application: a skeleton while loading, 未找到 for a 404 (another
 * person's application is not revealed), the error with a retry, else the page itself.
 */
export function ApplicationLoad({ q, children }: { q: ReturnType<typeof useApplication>; children: (app: Application) => ReactNode }) {
  const { t } = useTranslation();
  if (q.isPending || q.isError) {
    return (
      <div className="ow-panel ow-apps-panel">
        {q.isPending ? (
          <CardSkeleton rows={8} />
        ) : q.error instanceof ApiError && q.error.status === 404 ? (
          <Result status="404" title={t('applications.errors.notFound')} subTitle={t('applications.errors.notFoundHint')} extra={<Link to="/my/applications">{t('applications.backToList')}</Link>} />
        ) : (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        )}
      </div>
    );
  }
  return <>{children(q.data)}</>;
}
