/**
 * /my/applications — 我的办件: the signed-in person's applications, newest first, filtered by
 * status group (全部 / 草稿 / 办理中 / 已办结, the server's `stage`), paginated on the server. A table
 * at desktop width, cards on phones.
 */
import type { Page } from '@onewindow/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Empty, Pagination, Segmented, Table, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { myApplications, type ApplicationSummary } from '../../../api/applications';
import { CardSkeleton, ErrorState } from '../../../components/QueryState';
import { useIsMobile } from '../../../lib/useMedia';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { ApplicantFrame, formatDay, formatTime, StatusTag, WarningTag, type StatusGroup } from './common';

const PAGE_SIZE = 10;
const GROUPS: StatusGroup[] = ['all', 'draft', 'handling', 'closed'];

/** The server's stage of each group. */
const STAGE: Record<StatusGroup, 'draft' | 'open' | 'closed' | undefined> = { all: undefined, draft: 'draft', handling: 'open', closed: 'closed' };

function fetchList(group: StatusGroup, page: number): Promise<Page<ApplicationSummary>> {
  return myApplications({ page, pageSize: PAGE_SIZE, stage: STAGE[group] });
}

/** The link of an application: a draft opens for editing, a correction on its detail page. */
const hrefOf = (a: ApplicationSummary) => (a.status === 'draft' ? `/my/applications/${a.id}/edit` : `/my/applications/${a.id}`);

export default function MyApplicationsPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const mobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const group = (GROUPS.includes(params.get('status') as StatusGroup) ? params.get('status') : 'all') as StatusGroup;
  const page = Math.max(1, Number(params.get('page')) || 1);
  useDocumentTitle(t('applications.title'));
  const q = useQuery({
    queryKey: ['applications', 'list', group, page],
    queryFn: () => fetchList(group, page),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

  const setQuery = (next: { status?: StatusGroup; page?: number }) => {
    const usp = new URLSearchParams(params);
    if (next.status !== undefined) {
      if (next.status === 'all') usp.delete('status');
      else usp.set('status', next.status);
      usp.delete('page');
    }
    if (next.page !== undefined) {
      if (next.page <= 1) usp.delete('page');
      else usp.set('page', String(next.page));
    }
    setParams(usp);
  };

  const actionOf = (a: ApplicationSummary) =>
    a.status === 'draft' ? t('applications.list.continue') : a.status === 'correction_requested' ? t('applications.list.correct') : t('applications.list.open');

  const columns: TableColumnsType<ApplicationSummary> = [
    {
      key: 'item',
      title: t('applications.fields.item'),
      render: (_, a) => (
        <div className="ow-apps-cell-item">
          <Link to={hrefOf(a)} className="ow-apps-itemlink">
            {a.itemName}
          </Link>
          <div className="ow-muted ow-apps-cell-sub">
            {t('applications.fields.number')} <span className="ow-apps-number">{a.number}</span>
            {a.enterprise?.name && <> · {a.enterprise.name}</>}
          </div>
        </div>
      ),
    },
    {
      key: 'status',
      title: t('applications.fields.status'),
      width: 150,
      render: (_, a) => (
        <div className="ow-apps-cell-tags">
          <StatusTag status={a.status} />
          <WarningTag warning={a.warning} />
        </div>
      ),
    },
    { key: 'created', title: t('applications.fields.createdAt'), width: 150, render: (_, a) => formatTime(a.submittedAt ?? a.createdAt, lang) },
    {
      key: 'deadline',
      title: t('applications.fields.promisedDeadline'),
      width: 130,
      render: (_, a) => <span className={`ow-apps-deadline ow-apps-deadline-${a.warning}`}>{a.promisedDeadline ? formatDay(a.promisedDeadline, lang) : t('applications.list.noDeadline')}</span>,
    },
    {
      key: 'actions',
      title: t('applications.list.actions'),
      width: 110,
      render: (_, a) => (
        <Link to={hrefOf(a)}>
          <Button size="small" type={a.status === 'draft' || a.status === 'correction_requested' ? 'primary' : 'default'}>
            {actionOf(a)}
          </Button>
        </Link>
      ),
    },
  ];

  const data = q.data;
  return (
    <ApplicantFrame title={t('applications.title')} crumbs={[{ title: t('applications.title') }]}>
      <div className="ow-panel ow-apps-panel ow-apps-listpanel">
        <div className="ow-apps-toolbar">
          <Segmented
            value={group}
            onChange={(v) => setQuery({ status: v as StatusGroup })}
            options={GROUPS.map((g) => ({ value: g, label: t(`applications.groups.${g}`) }))}
            className="ow-apps-groups"
            block={mobile}
          />
          {data && <span className="ow-muted ow-apps-total">{t('applications.list.total', { count: data.total })}</span>}
        </div>
        {q.isPending ? (
          <CardSkeleton rows={6} />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : data!.items.length === 0 ? (
          <Empty
            className="ow-apps-empty"
            description={
              <>
                <div>{t('applications.list.empty')}</div>
                <div className="ow-muted">{t('applications.list.emptyHint')}</div>
              </>
            }
          >
            <Link to="/search">
              <Button type="primary">{t('applications.list.findService')}</Button>
            </Link>
          </Empty>
        ) : mobile ? (
          <ul className="ow-apps-cards" aria-busy={q.isFetching}>
            {data!.items.map((a) => (
              <li key={a.id} className="ow-apps-carditem">
                <Link to={hrefOf(a)} className="ow-apps-cardlink">
                  <div className="ow-apps-card-top">
                    <span className="ow-apps-card-name">{a.itemName}</span>
                    <StatusTag status={a.status} />
                  </div>
                  <div className="ow-apps-card-meta">
                    <span>
                      {t('applications.fields.number')}：<span className="ow-apps-number">{a.number}</span>
                    </span>
                    {a.enterprise?.name && <span>{a.enterprise.name}</span>}
                    <span>
                      {a.submittedAt ? t('applications.fields.submittedAt') : t('applications.fields.createdAt')}：{formatTime(a.submittedAt ?? a.createdAt, lang)}
                    </span>
                    {a.promisedDeadline && (
                      <span className={`ow-apps-deadline ow-apps-deadline-${a.warning}`}>
                        {t('applications.fields.promisedDeadline')}：{formatDay(a.promisedDeadline, lang)}
                      </span>
                    )}
                  </div>
                  <div className="ow-apps-card-foot">
                    <WarningTag warning={a.warning} />
                    <span className="ow-apps-card-action">{actionOf(a)} ›</span>
                  </div>
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <Table<ApplicationSummary> rowKey="id" columns={columns} dataSource={data!.items} pagination={false} loading={q.isFetching && !q.isPending} className="ow-apps-table" />
        )}
        {data && data.total > PAGE_SIZE && (
          <Pagination
            className="ow-apps-pagination"
            current={page}
            pageSize={PAGE_SIZE}
            total={data.total}
            onChange={(p) => setQuery({ page: p })}
            showSizeChanger={false}
            size={mobile ? 'small' : undefined}
            simple={mobile}
          />
        )}
      </div>
    </ApplicantFrame>
  );
}
