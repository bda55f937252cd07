/**
 * Pieces of the handling workbench shared by its pages: the data hooks (queue, case, supervision),
 * the status tag, the red/yellow/green card (红黄牌), the channel and claim markers.
 */
import { DownloadOutlined, FileOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { CaseStatus, WarningLevel } from '@onewindow/domain';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { staffFileUrl, supervision, workbenchApplication, workbenchQueue, type ApplicationFile } from '../../../api/applications';
import { ApiError, type QueryValue } from '../../../api/client';
import { formatDate } from '../../../lib/format';
import { useStaffSession } from '../auth';

export const applicationHref = (id: string) => `/admin/applications/${encodeURIComponent(id)}`;

/** A 401 from any call ends the session here too: the guard then sends the visitor to sign in. */
function useSessionCheck() {
  const { retry } = useStaffSession();
  return <T,>(p: Promise<T>) =>
    p.catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 401) retry();
      throw e;
    });
}

export function useQueue(params: Record<string, QueryValue>) {
  const check = useSessionCheck();
  return useQuery({
    queryKey: ['admin', 'applications', 'queue', params],
    queryFn: () => check(workbenchQueue(params)),
    placeholderData: keepPreviousData,
    staleTime: 0,
    refetchOnWindowFocus: true,
  });
}

export function useCase(id: string | undefined) {
  const check = useSessionCheck();
  return useQuery({
    queryKey: ['admin', 'applications', 'one', id],
    queryFn: () => check(workbenchApplication(id!)),
    enabled: !!id,
    staleTime: 0,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });
}

export function useSupervision(params: Record<string, QueryValue>) {
  const check = useSessionCheck();
  return useQuery({
    queryKey: ['admin', 'supervision', params],
    queryFn: () => check(supervision(params)),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
}

const STATUS_COLORS: Record<CaseStatus, string> = {
  draft: 'default',
  submitted: 'blue',
  correction_requested: 'gold',
  accepted: 'cyan',
  under_review: 'geekblue',
  decided: 'purple',
  completed: 'green',
  rejected: 'red',
  withdrawn: 'default',
  terminated: 'volcano',
};

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} variant="outlined" className="ow-status-tag" data-status={status}>
      {t(`admin.applications.status.${status}`)}
    </Tag>
  );
}

/** 红牌 / 黄牌 / 绿牌: a small coloured card with its word (never colour alone). */
export function WarningCard({ level, withHint = false }: { level: WarningLevel; withHint?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`ow-wb-card ow-wb-card-${level}`} data-warning={level} title={t(`admin.applications.warningHint.${level}`)}>
      <span className="ow-wb-card-chip" aria-hidden />
      {t(`admin.applications.warning.${level}`)}
      {withHint && <span className="ow-wb-card-hint">· {t(`admin.applications.warningHint.${level}`)}</span>}
    </span>
  );
}

/** The promised deadline with its card ("未起算" before acceptance). A closed case keeps the card of its decision: red when it was decided late. */
/**
 * The deadline a case's card runs on: the promised completion date once accepted, before that the
 * last day to accept it (受理时限), marked as such.
 */
export function DeadlineCell({ row, level }: { row: { promisedDeadline: string | null; acceptanceDeadline: string | null }; level: WarningLevel; closed?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const deadline = row.promisedDeadline ?? row.acceptanceDeadline;
  return (
    <span className="ow-wb-deadline">
      <span className="ow-nowrap">
        {deadline ? formatDate(deadline, lang) : t('admin.applications.queue.noDeadline')}
        {!row.promisedDeadline && row.acceptanceDeadline && <span className="ow-muted">{t('admin.applications.queue.acceptanceSuffix')}</span>}
      </span>
      {deadline && <WarningCard level={level} withHint={false} />}
    </span>
  );
}

export function ChannelTag({ channel }: { channel: 'online' | 'window' }) {
  const { t } = useTranslation();
  return (
    <Tag variant="outlined" className="ow-status-tag" color={channel === 'window' ? 'orange' : 'blue'}>
      {t(`admin.applications.channel.${channel}`)}
    </Tag>
  );
}

export function GreenChannelMark() {
  const { t } = useTranslation();
  return (
    <Tag color="green" className="ow-status-tag ow-wb-green" icon={<ThunderboltOutlined />}>
      {t('admin.applications.greenChannel')}
    </Tag>
  );
}

/** Whether a problem is a 409 about someone else's claim (it carries `claimedAt`). */
export const isClaimConflict = (e: unknown) => e instanceof ApiError && e.status === 409 && e.problem !== undefined && 'claimedAt' in e.problem;
export const isStale = (e: unknown) => e instanceof ApiError && e.status === 412;

function formatSize(bytes: number) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A file of the case, opened in a new tab (the server sends it as a download). */
export function FileLink({ appId, file }: { appId: string; file: ApplicationFile }) {
  const { t } = useTranslation();
  return (
    <a href={staffFileUrl(appId, file.id)} target="_blank" rel="noopener noreferrer" className="ow-wb-file" title={t('admin.applications.detail.download')}>
      <FileOutlined aria-hidden />
      <span className="ow-wb-file-name">{file.name}</span>
      <span className="ow-muted ow-wb-file-size">{formatSize(file.size)}</span>
      <DownloadOutlined aria-hidden />
    </a>
  );
}
