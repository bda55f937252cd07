/**
 * 电子监察 (supervisors): the open cases with a red or yellow card across the supervisor's region,
 * most urgent first, and the counts per handling department; filtered by card colour (in the address).
 */
import type { WarningLevel } from '@onewindow/domain';
import { Pagination, Segmented, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { SupervisionPage as Supervision } from '../../../api/applications';
import { CardSkeleton, ErrorState } from '../../../components/QueryState';
import { formatDate } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useIsMobile } from '../../../lib/useMedia';
import { CaseStatusTag, DeadlineCell, GreenChannelMark, useSupervision, WarningCard } from './parts';

const PAGE_SIZE = 20;
type Row = Supervision['items'][number];

function positiveInt(v: string | null, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 10000 ? n : fallback;
}

export default function SupervisionPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('admin.applications.supervision.title'));
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const mobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const raw = params.get('warning');
  const warning = raw === 'red' || raw === 'yellow' ? raw : undefined;
  const page = positiveInt(params.get('page'), 1);
  const query = useSupervision({ warning, page, pageSize: PAGE_SIZE });
  const data = query.data;
  const update = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '' || (k === 'page' && v === 1)) next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
  };

  const columns: TableColumnsType<Row> = [
    { title: t('admin.applications.supervision.cols.card'), key: 'card', width: 84, render: (_v, r) => <WarningCard level={r.warning} /> },
    {
      title: t('admin.applications.supervision.cols.number'),
      key: 'number',
      width: 190,
      render: (_v, r) => (
        <span className="ow-wb-number-cell">
          <span className="ow-wb-number">{r.number}</span>
          {r.greenChannel && <GreenChannelMark />}
        </span>
      ),
    },
    { title: t('admin.applications.supervision.cols.organisation'), key: 'org', render: (_v, r) => r.organisationName ?? '—' },
    { title: t('admin.applications.supervision.cols.item'), key: 'item', render: (_v, r) => r.itemName },
    { title: t('admin.applications.supervision.cols.status'), key: 'status', width: 110, render: (_v, r) => <CaseStatusTag status={r.status} /> },
    { title: t('admin.applications.supervision.cols.deadline'), key: 'deadline', width: 120, render: (_v, r) => <span className="ow-nowrap">{formatDate(r.promisedDeadline ?? r.acceptanceDeadline, lang)}{!r.promisedDeadline && r.acceptanceDeadline ? t('admin.applications.queue.acceptanceSuffix') : ''}</span> },
    { title: t('admin.applications.supervision.cols.statutory'), key: 'statutory', width: 120, render: (_v, r) => <span className="ow-nowrap">{formatDate(r.statutoryDeadline, lang)}</span> },
  ];

  return (
    <div className="ow-admin-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.applications.supervision.title')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.applications.supervision.lead')}</p>
        </div>
      </div>

      <section className="ow-panel ow-admin-card" aria-labelledby="sv-orgs" data-testid="supervision-orgs">
        <h2 id="sv-orgs" className="ow-admin-h2">
          {t('admin.applications.supervision.byOrg')}
        </h2>
        {query.isPending ? (
          <CardSkeleton rows={2} />
        ) : data && data.organisations.length ? (
          <ul className="ow-wb-org-cards">
            {data.organisations.map((o) => (
              <li key={o.organisationId} className="ow-wb-org-card">
                <span className="ow-wb-org-name">{o.organisationName ?? o.organisationId}</span>
                <span className="ow-wb-org-counts">
                  <span className="ow-wb-count-red" aria-label={`${t('admin.applications.supervision.red')} ${o.red}`}>
                    <WarningCard level="red" /> <strong>{o.red}</strong>
                  </span>
                  <span className="ow-wb-count-yellow" aria-label={`${t('admin.applications.supervision.yellow')} ${o.yellow}`}>
                    <WarningCard level="yellow" /> <strong>{o.yellow}</strong>
                  </span>
                </span>
              </li>
            ))}
          </ul>
        ) : (
          !query.isError && <p className="ow-muted ow-admin-empty">{t('admin.applications.supervision.noneOrg')}</p>
        )}
      </section>

      <section className="ow-panel ow-admin-card" aria-labelledby="sv-cases">
        <div className="ow-admin-card-head">
          <h2 id="sv-cases" className="ow-admin-h2">
            {t('admin.applications.supervision.cases')}
          </h2>
          <Segmented
            value={warning ?? 'all'}
            onChange={(v) => update({ warning: v === 'all' ? undefined : String(v), page: undefined })}
            options={[
              { value: 'all', label: t('admin.applications.supervision.filterAll') },
              { value: 'red', label: t('admin.applications.supervision.red') },
              { value: 'yellow', label: t('admin.applications.supervision.yellow') },
            ]}
          />
        </div>
        {data && (
          <p className="ow-muted ow-admin-count" role="status">
            {t('admin.applications.supervision.total', { count: data.total })}
          </p>
        )}
        {query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : mobile ? (
          query.isPending ? (
            <CardSkeleton rows={4} />
          ) : data?.items.length ? (
            <>
              <ul className="ow-wb-case-cards">
                {data.items.map((r) => (
                  <li key={r.id} className={`ow-wb-case-card ow-wb-edge-${r.warning as WarningLevel}`}>
                    <div className="ow-wb-case-card-head">
                      <span className="ow-wb-number">{r.number}</span>
                      <WarningCard level={r.warning} />
                    </div>
                    <div className="ow-wb-case-card-item">{r.itemName}</div>
                    <div className="ow-muted ow-wb-sub">{r.organisationName}</div>
                    <dl className="ow-wb-case-card-facts">
                      <dt>{t('admin.applications.supervision.cols.status')}</dt>
                      <dd>
                        <CaseStatusTag status={r.status} />
                      </dd>
                      <dt>{t('admin.applications.supervision.cols.deadline')}</dt>
                      <dd>
                        <DeadlineCell row={r} level={r.warning} closed />
                      </dd>
                    </dl>
                  </li>
                ))}
              </ul>
              {data.total > PAGE_SIZE && <Pagination simple current={page} pageSize={PAGE_SIZE} total={data.total} onChange={(p) => update({ page: p })} className="ow-admin-cards-pager" />}
            </>
          ) : (
            <p className="ow-muted ow-admin-empty">{t('admin.applications.supervision.empty')}</p>
          )
        ) : (
          <Table<Row>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={query.isFetching && (!data || query.isPlaceholderData)}
            pagination={{ current: page, pageSize: PAGE_SIZE, total: data?.total ?? 0, showSizeChanger: false, hideOnSinglePage: true, onChange: (p) => update({ page: p }) }}
            scroll={{ x: 900 }}
            locale={{ emptyText: t('admin.applications.supervision.empty') }}
            rowClassName={(r) => `ow-wb-row-${r.warning}`}
            className="ow-admin-table ow-wb-table"
            data-testid="supervision-table"
          />
        )}
      </section>
    </div>
  );
}
