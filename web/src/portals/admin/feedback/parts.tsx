/**
 * Pieces of the 好差评 and 投诉建议 pages: the data hooks, the level, status and deadline tags, the
 * organisations a staff member's feedback roles cover, and the problem a rectification action met.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ComplaintView, DeadlineWarning, RatingLevel, RectificationStatus } from '@onewindow/domain';
import { Tag } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../api/admin';
import { ApiError } from '../../../api/client';
import type { ComplaintSearch, RatingSearch, RectificationSearch } from '../../../api/feedbackWorkbench';
import { formatDate } from '../../../lib/format';
import { useAdminApi, useMe } from '../auth';
import { useAllOrganisations } from '../hooks';
import { OrgSelect, regionPrefix } from '../sharing/parts';

export const rectificationHref = (id: string) => `/admin/feedback/rectifications/${encodeURIComponent(id)}`;
export const complaintHref = (id: string) => `/admin/feedback/complaints/${encodeURIComponent(id)}`;

const FRESH = { staleTime: 0 } as const;
const noRetryOn4xx = (n: number, e: unknown) => !(e instanceof ApiError && e.status < 500) && n < 2;

export function useRectifications(q: RectificationSearch) {
  const api = useAdminApi().feedback;
  return useQuery({ queryKey: ['admin', 'feedback', 'rectifications', q], queryFn: ({ signal }) => api.rectifications(q, signal), placeholderData: keepPreviousData, refetchOnWindowFocus: true, ...FRESH });
}
export function useRectification(id: string | undefined) {
  const api = useAdminApi().feedback;
  return useQuery({ queryKey: ['admin', 'feedback', 'rectification', id], queryFn: ({ signal }) => api.rectification(id!, signal), enabled: !!id, retry: noRetryOn4xx, ...FRESH });
}
export function useRatings(q: RatingSearch) {
  const api = useAdminApi().feedback;
  return useQuery({ queryKey: ['admin', 'feedback', 'ratings', q], queryFn: ({ signal }) => api.ratings(q, signal), placeholderData: keepPreviousData, ...FRESH });
}
export function useComplaints(q: ComplaintSearch) {
  const api = useAdminApi().feedback;
  return useQuery({ queryKey: ['admin', 'feedback', 'complaints', q], queryFn: ({ signal }) => api.complaints(q, signal), placeholderData: keepPreviousData, refetchOnWindowFocus: true, ...FRESH });
}
export function useComplaint(id: string | undefined) {
  const api = useAdminApi().feedback;
  return useQuery<ComplaintView>({ queryKey: ['admin', 'feedback', 'complaint', id], queryFn: ({ signal }) => api.complaint(id!, signal), enabled: !!id, retry: noRetryOn4xx, ...FRESH });
}

const holds = (me: Pick<Me, 'roles'>, role: string) => me.roles.some((r) => r.role === role);
/** A supervisor who holds no organisation role of 好差评 (reviews appeals, answers escalated complaints). */
export const isSupervisorOnly = (me: Pick<Me, 'roles'>) => holds(me, 'supervisor') && !holds(me, 'feedback_officer') && !holds(me, 'org_admin');

/** The organisations whose feedback the staff member sees: their own (好差评专员, 单位管理员), and a supervisor's region. */
export function useFeedbackOrganisations() {
  const me = useMe();
  const all = useAllOrganisations();
  const orgs = useMemo(() => {
    const own = new Set(me.roles.filter((r) => (r.role === 'feedback_officer' || r.role === 'org_admin') && r.organisationId).map((r) => r.organisationId!));
    const regions = me.roles.filter((r) => r.role === 'supervisor').map((r) => regionPrefix(r.regionCode));
    return (all.data ?? []).filter((o) => own.has(o.id) || regions.some((p) => o.regionCode.startsWith(p)));
  }, [all.data, me]);
  return { orgs, loading: all.isPending };
}

/** The organisation filter of the 好差评 lists; shown only when the staff member's roles cover more than one. */
export function FeedbackOrgFilter({ value, onChange }: { value: string | undefined; onChange: (organisationId: string | undefined) => void }) {
  const { t } = useTranslation();
  const { orgs, loading } = useFeedbackOrganisations();
  if (orgs.length <= 1) return null;
  return (
    <OrgSelect
      className="ow-wb-filter ow-fb-org-filter"
      orgs={orgs}
      loading={loading}
      allowClear
      value={value}
      placeholder={t('admin.feedback.rect.organisationAll')}
      onChange={(v) => onChange(v)}
    />
  );
}

// ---- tags

const LEVEL_COLOURS: Record<RatingLevel, string> = { 1: 'green', 2: 'cyan', 3: 'blue', 4: 'orange', 5: 'red' };
export function LevelTag({ level }: { level: RatingLevel }) {
  const { t } = useTranslation();
  return (
    <Tag color={LEVEL_COLOURS[level]} className="ow-status-tag ow-fb-level" data-level={level}>
      {t(`admin.feedback.levels.${level}`)}
    </Tag>
  );
}

const STATUS_COLOURS: Record<RectificationStatus, string> = { verifying: 'blue', appealed: 'purple', rectifying: 'gold', replying: 'cyan', closed: 'green' };
export function RectStatusTag({ status }: { status: RectificationStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLOURS[status]} variant="outlined" className="ow-status-tag" data-status={status}>
      {t(`admin.feedback.status.${status}`)}
    </Tag>
  );
}

/** 临期 (yellow) / 超期 (red): a small card with its word, the same cards as the cases' 红黄牌. */
export function WarningMark({ warning }: { warning: DeadlineWarning }) {
  const { t } = useTranslation();
  if (warning === 'none') return null;
  const level = warning === 'overdue' ? 'red' : 'yellow';
  return (
    <span className={`ow-wb-card ow-wb-card-${level}`} data-warning={warning} title={t(`admin.feedback.warningHint.${warning}`)}>
      <span className="ow-wb-card-chip" aria-hidden />
      {t(`admin.feedback.warning.${warning}`)}
    </span>
  );
}

/** A deadline with its warning (none when closed). */
export function DueCell({ date, warning }: { date: string | null; warning: DeadlineWarning }) {
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  if (!date) return <span className="ow-muted">—</span>;
  return (
    <span className={`ow-wb-deadline ow-fb-due ow-fb-due-${warning}`}>
      <span className="ow-nowrap">{formatDate(date, lang)}</span>
      <WarningMark warning={warning} />
    </span>
  );
}

/** A list's query for ResponsiveList: the spinner only while nothing, or another page's rows, is shown (not on a background refetch). */
export const listQuery = <Q extends { isFetching: boolean; isPlaceholderData: boolean }>(q: Q): Q => ({ ...q, isFetching: q.isFetching && q.isPlaceholderData });

/** The problem's slug: https://onewindow.dev/problems/callback-required → callback-required. */
export const problemSlug = (e: unknown): string | undefined => (e instanceof ApiError && e.problem?.type ? e.problem.type.split('/').pop() : undefined);
