/**
 * 办件队列: the cases of the staff member's organisations, green channel first, then by deadline.
 * Tabs: 待我处理 (the next step is one of my roles; the default), 全部办件, 逾期办件 (red cards: the
 * batch view of overdue cases). Filters (status, card, claim, item code) and the page live in the
 * address, so a view can be bookmarked or sent. A table on wide screens, cards on phones.
 */
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { CASE_STATUSES, type CaseStatus, type WarningLevel } from '@onewindow/domain';
import { Alert, Button, Input, Pagination, Select, Table, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApplicationSummary } from '../../../api/applications';
import { CardSkeleton, ErrorState } from '../../../components/QueryState';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useIsMobile } from '../../../lib/useMedia';
import { mayEnter } from '../access';
import { ListCount } from '../AdminParts';
import { useMe } from '../auth';
import { applicationHref, CaseStatusTag, ChannelTag, DeadlineCell, GreenChannelMark, useQueue } from './parts';
import { useSearchUpdate } from '../hooks';

const PAGE_SIZE = 20;
const WARNINGS: WarningLevel[] = ['red', 'yellow', 'green'];
const TERMINAL: CaseStatus[] = ['completed', 'rejected', 'withdrawn', 'terminated'];
const QUEUE_STATUSES = CASE_STATUSES.filter((s) => s !== 'draft');

type View = 'mine' | 'all' | 'overdue';

function positiveInt(v: string | null, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 10000 ? n : fallback;
}
const oneOf = <T extends string>(v: string | null, list: readonly T[]): T | undefined => (v && (list as readonly string[]).includes(v) ? (v as T) : undefined);

function ClaimMark({ row, myId }: { row: ApplicationSummary; myId: string }) {
  const { t } = useTranslation();
  if (!row.claimedBy) return <span className="ow-muted ow-wb-claim-none">{t('admin.applications.queue.unclaimed')}</span>;
  const mine = row.claimedBy === myId;
  return (
    <Tag color={mine ? 'blue' : 'default'} className="ow-status-tag" data-testid="claim-mark">
      {mine ? t('admin.applications.queue.claimedByMe') : t('admin.applications.queue.claimedByOther')}
    </Tag>
  );
}

/** One case as a card (phones). */
function CaseCard({ row, myId }: { row: ApplicationSummary; myId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  return (
    <li className={`ow-wb-case-card ow-wb-edge-${TERMINAL.includes(row.status) ? 'none' : row.warning}`} data-testid="case-card">
      <div className="ow-wb-case-card-head">
        <Link to={applicationHref(row.id)} className="ow-wb-number">
          {row.number}
        </Link>
        <CaseStatusTag status={row.status} />
      </div>
      <div className="ow-wb-case-card-item">{row.itemName}</div>
      <div className="ow-wb-case-card-tags">
        <ChannelTag channel={row.channel} />
        {row.greenChannel && <GreenChannelMark />}
        <ClaimMark row={row} myId={myId} />
      </div>
      <dl className="ow-wb-case-card-facts">
        <dt>{t('admin.applications.queue.cols.deadline')}</dt>
        <dd>
          <DeadlineCell row={row} level={row.warning} closed={TERMINAL.includes(row.status)} />
        </dd>
        {row.submittedAt && (
          <>
            <dt>{t('admin.applications.detail.submittedAt')}</dt>
            <dd>{formatDateTime(row.submittedAt, lang)}</dd>
          </>
        )}
      </dl>
      <Link to={applicationHref(row.id)} className="ow-wb-case-card-go">
        {t('admin.applications.queue.open')}
      </Link>
    </li>
  );
}

export default function QueuePage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('admin.applications.queue.title'));
  const me = useMe();
  const mobile = useIsMobile();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const [params, update] = useSearchUpdate();
  const page = positiveInt(params.get('page'), 1);
  const status = oneOf(params.get('status'), QUEUE_STATUSES);
  const warning = oneOf(params.get('warning'), WARNINGS);
  const claim = oneOf(params.get('claim'), ['mine', 'unclaimed'] as const);
  const item = (params.get('item') ?? '').trim().slice(0, 64);
  // 待我处理 is on unless the address says otherwise; the overdue view shows every red card
  const forMe = params.get('forMe') !== '0' && warning !== 'red';
  const view: View = warning === 'red' ? 'overdue' : forMe ? 'mine' : 'all';
  const [itemText, setItemText] = useState(item);
  useEffect(() => setItemText(item), [item]);

  const query = useQueue({ status, warning, claim, item: item || undefined, forMe, page, pageSize: PAGE_SIZE });
  const rows = query.data?.items ?? [];
  const total = query.data?.total ?? 0;
  const filtered = !!(status || (warning && warning !== 'red') || claim || item);

  const setView = (v: View) => {
    if (v === 'mine') update({ forMe: undefined, warning: warning === 'red' ? undefined : warning });
    else if (v === 'all') update({ forMe: '0', warning: warning === 'red' ? undefined : warning });
    else update({ forMe: '0', warning: 'red' });
  };

  const columns: TableColumnsType<ApplicationSummary> = [
    {
      title: t('admin.applications.queue.cols.number'),
      key: 'number',
      width: 200,
      render: (_v, r) => (
        <span className="ow-wb-number-cell">
          <Link to={applicationHref(r.id)} className="ow-wb-number">
            {r.number}
          </Link>
          {r.greenChannel && <GreenChannelMark />}
        </span>
      ),
    },
    {
      title: t('admin.applications.queue.cols.item'),
      key: 'item',
      render: (_v, r) => (
        <span className="ow-wb-item-cell">
          <span>{r.itemName}</span>
          {r.enterprise?.name && <span className="ow-muted ow-wb-sub">{r.enterprise.name}</span>}
        </span>
      ),
    },
    {
      title: t('admin.applications.queue.cols.status'),
      key: 'status',
      width: 130,
      render: (_v, r) => (
        <span className="ow-wb-item-cell">
          <CaseStatusTag status={r.status} />
          {r.pendingRole && ['window_clerk', 'reviewer', 'approver'].includes(r.pendingRole) && (
            <span className="ow-muted ow-wb-sub">{t(`admin.applications.pendingRole.${r.pendingRole}`)}</span>
          )}
        </span>
      ),
    },
    { title: t('admin.applications.queue.cols.channel'), key: 'channel', width: 76, render: (_v, r) => <ChannelTag channel={r.channel} /> },
    {
      title: t('admin.applications.queue.cols.deadline'),
      key: 'deadline',
      width: 170,
      render: (_v, r) => <DeadlineCell row={r} level={r.warning} closed={TERMINAL.includes(r.status)} />,
    },
    { title: t('admin.applications.queue.cols.claim'), key: 'claim', width: 104, render: (_v, r) => <ClaimMark row={r} myId={me.id} /> },
    {
      title: t('admin.applications.queue.cols.action'),
      key: 'action',
      width: 72,
      render: (_v, r) => (
        <Link to={applicationHref(r.id)} title={r.submittedAt ? t('admin.applications.queue.submittedAt', { at: formatDateTime(r.submittedAt, lang) }) : undefined}>
          {TERMINAL.includes(r.status) ? t('admin.applications.queue.view') : t('admin.applications.queue.open')}
        </Link>
      ),
    },
  ];

  const empty = filtered || view !== 'mine' ? t('admin.applications.queue.emptyFiltered') : t('admin.applications.queue.empty');

  return (
    <div className="ow-admin-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.applications.queue.title')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.applications.queue.lead')}</p>
        </div>
        {mayEnter(me, 'window') && (
          <Link to="/admin/applications/new">
            <Button type="primary" icon={<PlusOutlined />}>
              {t('admin.applications.queue.windowStart')}
            </Button>
          </Link>
        )}
      </div>

      <div className="ow-panel ow-admin-card">
        <Tabs
          className="ow-admin-status-tabs ow-wb-tabs"
          activeKey={view}
          onChange={(k) => setView(k as View)}
          items={(['mine', 'all', 'overdue'] as const).map((k) => ({
            key: k,
            label: (
              <span data-testid={`queue-tab-${k}`} className={k === 'overdue' ? 'ow-wb-tab-overdue' : undefined}>
                {t(`admin.applications.queue.tabs.${k}`)}
              </span>
            ),
          }))}
        />
        {view === 'overdue' && <Alert type="error" showIcon className="ow-wb-overdue-alert" title={t('admin.applications.queue.overdueLead')} />}
        <div className="ow-wb-filters" role="group" aria-label={t('admin.applications.queue.filters')}>
          <Select
            aria-label={t('admin.applications.queue.status')}
            className="ow-wb-filter"
            value={status ?? ''}
            onChange={(v) => update({ status: v || undefined })}
            options={[{ value: '', label: t('admin.applications.queue.statusAll') }, ...QUEUE_STATUSES.map((s) => ({ value: s, label: t(`admin.applications.status.${s}`) }))]}
            popupMatchSelectWidth={false}
          />
          {view !== 'overdue' && (
            <Select
              aria-label={t('admin.applications.queue.warning')}
              className="ow-wb-filter"
              value={warning ?? ''}
              onChange={(v) => update({ warning: v || undefined })}
              options={[
                { value: '', label: `${t('admin.applications.queue.warning')}：${t('admin.applications.queue.warningAll')}` },
                ...WARNINGS.filter((w) => w !== 'red').map((w) => ({ value: w, label: t(`admin.applications.warning.${w}`) })),
              ]}
              popupMatchSelectWidth={false}
            />
          )}
          <Select
            aria-label={t('admin.applications.queue.claim')}
            className="ow-wb-filter"
            value={claim ?? ''}
            onChange={(v) => update({ claim: v || undefined })}
            options={[
              { value: '', label: `${t('admin.applications.queue.claim')}：${t('admin.applications.queue.claimAll')}` },
              { value: 'mine', label: t('admin.applications.queue.claimMine') },
              { value: 'unclaimed', label: t('admin.applications.queue.claimUnclaimed') },
            ]}
            popupMatchSelectWidth={false}
          />
          <form
            role="search"
            className="ow-wb-item-search"
            onSubmit={(e) => {
              e.preventDefault();
              update({ item: itemText.trim() || undefined });
            }}
          >
            <label htmlFor="wb-item" className="ow-visually-hidden">
              {t('admin.applications.queue.item')}
            </label>
            <Input
              id="wb-item"
              value={itemText}
              maxLength={64}
              allowClear
              autoComplete="off"
              enterKeyHint="search"
              prefix={<SearchOutlined className="ow-search-icon" aria-hidden />}
              placeholder={t('admin.applications.queue.itemPlaceholder')}
              onChange={(e) => {
                setItemText(e.target.value);
                if (!e.target.value && item) update({ item: undefined });
              }}
            />
          </form>
          {filtered && (
            <Button type="link" onClick={() => update({ status: undefined, warning: view === 'overdue' ? 'red' : undefined, claim: undefined, item: undefined })}>
              {t('admin.applications.queue.reset')}
            </Button>
          )}
          {query.data && (
            <ListCount>{t('admin.applications.queue.total', { count: total })}</ListCount>
          )}
        </div>

        {query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : mobile ? (
          <>
            {query.isPending ? (
              <CardSkeleton rows={5} />
            ) : rows.length ? (
              <ul className="ow-wb-case-cards" aria-busy={query.isFetching}>
                {rows.map((r) => (
                  <CaseCard key={r.id} row={r} myId={me.id} />
                ))}
              </ul>
            ) : (
              <p className="ow-muted ow-admin-empty">{empty}</p>
            )}
            {total > PAGE_SIZE && <Pagination simple current={page} pageSize={PAGE_SIZE} total={total} onChange={(p) => update({ page: p })} className="ow-admin-cards-pager" />}
          </>
        ) : (
          <Table<ApplicationSummary>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={query.isFetching && (!query.data || query.isPlaceholderData)}
            rowClassName={(r) => `ow-wb-row-${TERMINAL.includes(r.status) ? 'none' : r.warning}`}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total,
              showSizeChanger: false,
              hideOnSinglePage: true,
              onChange: (p) => update({ page: p }),
            }}
            scroll={{ x: 900 }}
            locale={{ emptyText: empty }}
            className="ow-admin-table ow-wb-table"
          />
        )}
      </div>
    </div>
  );
}
