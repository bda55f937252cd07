import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Table, Tabs } from 'antd';
import type { TableColumnsType, TablePaginationConfig } from 'antd';
import { ITEM_STATUSES, type ItemStatus } from '@onewindow/domain';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { AdminItemRow } from '../../api/admin';
import { ErrorState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useIsMobile } from '../../lib/useMedia';
import { useAdminItems } from './hooks';
import { adminEditHref, adminItemHref } from './paths';
import { ItemStatusTag } from './StatusTag';

const PAGE_SIZES = [10, 20, 50, 100];
const DEFAULT_PAGE_SIZE = 20;

const isStatus = (v: string | null): v is ItemStatus => !!v && (ITEM_STATUSES as readonly string[]).includes(v);

function positiveInt(v: string | null, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 10000 ? n : fallback;
}

/** 事项管理: every item in every state, filtered by status and by name or code, newest change first. */
export default function ItemListPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('admin.list.title'));
  const mobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const statusParam = params.get('status');
  const status = isStatus(statusParam) ? statusParam : undefined;
  const page = positiveInt(params.get('page'), 1);
  const sizeParam = Number(params.get('pageSize'));
  const pageSize = PAGE_SIZES.includes(sizeParam) ? sizeParam : DEFAULT_PAGE_SIZE;
  const q = (params.get('q') ?? '').trim().slice(0, 100);
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);

  const query = useAdminItems({ status, q: q || undefined, page, pageSize });

  const update = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '' || (k === 'page' && v === 1) || (k === 'pageSize' && v === DEFAULT_PAGE_SIZE)) next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
  };

  const rows: AdminItemRow[] = query.data?.items ?? [];
  const total = query.data?.total ?? 0;
  const lang = i18n.resolvedLanguage ?? 'zh-CN';

  const columns: TableColumnsType<AdminItemRow> = [
    {
      title: t('admin.list.cols.name'),
      key: 'name',
      width: mobile ? 168 : 224,
      // on phones the name stays in view (with the status under it) while the rest scrolls
      fixed: mobile ? 'left' : undefined,
      render: (_v, r) => (
        <>
          <Link to={adminItemHref(r.implementationCode)} className="ow-admin-item-link">
            {r.name}
          </Link>
          {mobile && (
            <div className="ow-admin-cell-status">
              <ItemStatusTag status={r.status} />
            </div>
          )}
        </>
      ),
    },
    {
      title: t('admin.list.cols.code'),
      key: 'code',
      width: 264,
      render: (_v, r) => <code className="ow-code">{r.implementationCode}</code>,
    },
    { title: t('admin.list.cols.status'), key: 'status', width: 84, render: (_v, r) => <ItemStatusTag status={r.status} /> },
    {
      title: t('admin.list.cols.versions'),
      key: 'versions',
      width: 148,
      render: (_v, r) => (
        <span className="ow-admin-versions">
          <span>v{r.latestVersion}</span>
          <span className="ow-muted"> / </span>
          {r.publishedVersion !== null ? <span>v{r.publishedVersion}</span> : <span className="ow-muted">{t('admin.list.notPublished')}</span>}
        </span>
      ),
    },
    {
      title: t('admin.list.cols.updatedAt'),
      key: 'updatedAt',
      width: 140,
      render: (_v, r) => <span className="ow-nowrap">{formatDateTime(r.updatedAt, lang)}</span>,
    },
    {
      title: t('admin.list.cols.actions'),
      key: 'actions',
      width: 104,
      fixed: mobile ? undefined : 'right',
      render: (_v, r) => (
        <span className="ow-admin-row-actions">
          <Link to={adminItemHref(r.implementationCode)}>{t('admin.list.view')}</Link>
          <Link to={adminEditHref(r.implementationCode)}>{t('admin.list.edit')}</Link>
        </span>
      ),
    },
  ];

  const pagination: TablePaginationConfig = {
    current: page,
    pageSize,
    total,
    pageSizeOptions: PAGE_SIZES,
    showSizeChanger: !mobile,
    simple: mobile,
    showTotal: (n) => t('admin.list.total', { count: n }),
    onChange: (p, size) => update({ page: size !== pageSize ? 1 : p, pageSize: size }),
  };

  return (
    <div className="ow-admin-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.list.title')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.list.lead')}</p>
        </div>
        <Link to="/admin/items/new">
          <Button type="primary" icon={<PlusOutlined />}>
            {t('admin.list.create')}
          </Button>
        </Link>
      </div>

      <div className="ow-panel ow-admin-card">
        <div className="ow-admin-list-tools">
          <Tabs
            className="ow-admin-status-tabs"
            activeKey={status ?? 'all'}
            onChange={(key) => update({ status: key === 'all' ? undefined : key, page: 1 })}
            items={[
              { key: 'all', label: t('admin.list.all') },
              ...ITEM_STATUSES.map((s) => ({ key: s, label: t(`admin.status.${s}`) })),
            ]}
          />
          <form
            role="search"
            className="ow-admin-list-search"
            onSubmit={(e) => {
              e.preventDefault();
              update({ q: text.trim(), page: 1 });
            }}
          >
            <label htmlFor="admin-item-q" className="ow-visually-hidden">
              {t('admin.list.searchLabel')}
            </label>
            <Input
              id="admin-item-q"
              value={text}
              maxLength={100}
              allowClear
              autoComplete="off"
              enterKeyHint="search"
              prefix={<SearchOutlined className="ow-search-icon" aria-hidden />}
              placeholder={t('admin.list.searchPlaceholder')}
              onChange={(e) => {
                setText(e.target.value);
                if (!e.target.value && q) update({ q: undefined, page: 1 });
              }}
            />
            <Button htmlType="submit">{t('common.search')}</Button>
          </form>
        </div>
        {q && query.data && (
          <p className="ow-muted ow-admin-filter-note" role="status">
            {t('admin.list.filtered', { q, count: query.data.total })}
          </p>
        )}
        {query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <Table<AdminItemRow>
            rowKey="implementationCode"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={query.isFetching && (!query.data || query.isPlaceholderData)}
            pagination={pagination}
            scroll={{ x: 964 }}
            locale={{ emptyText: q ? t('admin.list.emptyFiltered') : t('admin.list.empty') }}
            className="ow-admin-table"
          />
        )}
        {!q && query.data && query.data.total === 0 && !status && (
          <Alert type="info" showIcon title={t('admin.list.emptyHint')} className="ow-admin-empty-hint" />
        )}
      </div>
    </div>
  );
}
