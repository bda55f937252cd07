/**
 * 人员与角色: the staff the signed-in administrator may administer — everyone in a platform
 * administrator's region, an organisation administrator's own organisation — found by user name.
 * A table on wide screens, cards on phones.
 */
import { PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Input, Pagination, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { StaffMember } from '../../api/admin';
import { CardSkeleton, ErrorState } from '../../components/QueryState';
import { formatDate } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useIsMobile } from '../../lib/useMedia';
import { adminOrganisations, adminRegions } from './access';
import { useMe } from './auth';
import { useStaffList } from './hooks';
import { GrantLines, StaffStatusTag } from './StaffParts';

const PAGE_SIZE = 20;

export const staffHref = (id: string) => `/admin/staff/${encodeURIComponent(id)}`;

function positiveInt(v: string | null, fallback: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 10000 ? n : fallback;
}

function Flags({ s }: { s: StaffMember }) {
  const { t } = useTranslation();
  return (
    <span className="ow-admin-staff-flags">
      <StaffStatusTag status={s.status} />
      {s.passwordChangeRequired && (
        <Tag color="gold" variant="outlined" className="ow-status-tag">
          {t('admin.staff.initialPassword')}
        </Tag>
      )}
    </span>
  );
}

/** One staff member as a card (phones). */
function StaffCard({ s }: { s: StaffMember }) {
  const { t } = useTranslation();
  return (
    <li className="ow-admin-staff-card">
      <div className="ow-admin-staff-card-head">
        <Link to={staffHref(s.id)} className="ow-admin-staff-user">
          {s.username}
        </Link>
        <Flags s={s} />
      </div>
      <div className="ow-admin-staff-card-who ow-muted">
        {s.name}
        {s.phone && <span> · {s.phone}</span>}
      </div>
      <GrantLines grants={s.roles} className="ow-admin-grants-compact" />
      <Link to={staffHref(s.id)} className="ow-admin-staff-card-go">
        {t('admin.staff.manage')}
      </Link>
    </li>
  );
}

export default function StaffListPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('admin.staff.title'));
  const me = useMe();
  const mobile = useIsMobile();
  const [params, setParams] = useSearchParams();
  const page = positiveInt(params.get('page'), 1);
  const q = (params.get('q') ?? '').trim().slice(0, 32);
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const query = useStaffList({ q: q || undefined, page, pageSize: PAGE_SIZE });
  const lang = i18n.resolvedLanguage ?? 'zh-CN';

  const regions = adminRegions(me);
  const orgs = adminOrganisations(me);
  const lead = regions.length
    ? t('admin.staff.leadRegion', { region: regions.map((r) => r.name).join('、') })
    : t('admin.staff.leadOrganisation', { organisation: orgs.map((o) => o.name).join('、') });

  const update = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '' || (k === 'page' && v === 1)) next.delete(k);
      else next.set(k, String(v));
    }
    setParams(next);
  };

  const rows = query.data?.items ?? [];
  const total = query.data?.total ?? 0;

  const columns: TableColumnsType<StaffMember> = [
    {
      title: t('admin.staff.cols.username'),
      key: 'username',
      width: 168,
      render: (_v, s) => (
        <Link to={staffHref(s.id)} className="ow-admin-staff-user">
          {s.username}
        </Link>
      ),
    },
    { title: t('admin.staff.cols.name'), key: 'name', width: 96, render: (_v, s) => s.name },
    { title: t('admin.staff.cols.phone'), key: 'phone', width: 128, render: (_v, s) => <span className="ow-nowrap">{s.phone ?? '—'}</span> },
    { title: t('admin.staff.cols.roles'), key: 'roles', render: (_v, s) => <GrantLines grants={s.roles} className="ow-admin-grants-compact" /> },
    { title: t('admin.staff.cols.status'), key: 'status', width: 150, render: (_v, s) => <Flags s={s} /> },
    { title: t('admin.staff.cols.createdAt'), key: 'createdAt', width: 112, render: (_v, s) => <span className="ow-nowrap">{formatDate(s.createdAt, lang)}</span> },
    {
      title: t('admin.staff.cols.actions'),
      key: 'actions',
      width: 80,
      render: (_v, s) => <Link to={staffHref(s.id)}>{t('admin.staff.manage')}</Link>,
    },
  ];

  const empty = q ? t('admin.staff.emptyFiltered') : t('admin.staff.empty');

  return (
    <div className="ow-admin-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.staff.title')}</h1>
          <p className="ow-muted ow-admin-lead">{lead}</p>
        </div>
        <Link to="/admin/staff/new">
          <Button type="primary" icon={<PlusOutlined />}>
            {t('admin.staff.create')}
          </Button>
        </Link>
      </div>

      <div className="ow-panel ow-admin-card">
        <div className="ow-admin-list-tools">
          <form
            role="search"
            className="ow-admin-list-search ow-admin-staff-search"
            onSubmit={(e) => {
              e.preventDefault();
              update({ q: text.trim(), page: 1 });
            }}
          >
            <label htmlFor="admin-staff-q" className="ow-visually-hidden">
              {t('admin.staff.searchLabel')}
            </label>
            <Input
              id="admin-staff-q"
              value={text}
              maxLength={32}
              allowClear
              autoComplete="off"
              autoCapitalize="none"
              enterKeyHint="search"
              prefix={<SearchOutlined className="ow-search-icon" aria-hidden />}
              placeholder={t('admin.staff.searchPlaceholder')}
              onChange={(e) => {
                setText(e.target.value);
                if (!e.target.value && q) update({ q: undefined, page: 1 });
              }}
            />
            <Button htmlType="submit">{t('common.search')}</Button>
          </form>
          {query.data && (
            <span className="ow-muted ow-admin-count" role="status">
              {q ? t('admin.staff.filtered', { q, count: total }) : t('admin.staff.total', { count: total })}
            </span>
          )}
        </div>
        {query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : mobile ? (
          <>
            {query.isPending ? (
              <CardSkeleton rows={5} />
            ) : rows.length ? (
              <ul className="ow-admin-staff-cards" aria-busy={query.isFetching}>
                {rows.map((s) => (
                  <StaffCard key={s.id} s={s} />
                ))}
              </ul>
            ) : (
              <p className="ow-muted ow-admin-empty">{empty}</p>
            )}
            {total > PAGE_SIZE && (
              <Pagination simple current={page} pageSize={PAGE_SIZE} total={total} onChange={(p) => update({ page: p })} className="ow-admin-cards-pager" />
            )}
          </>
        ) : (
          <Table<StaffMember>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={query.isFetching && (!query.data || query.isPlaceholderData)}
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
            className="ow-admin-table"
          />
        )}
      </div>
    </div>
  );
}
