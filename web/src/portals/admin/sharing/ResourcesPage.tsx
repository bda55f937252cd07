/**
 * 政务信息资源目录: the published catalogue, searched by name, code, classification or summary and
 * filtered by provider and sharing type; data stewards and organisation administrators also see
 * the drafts and withdrawn resources of the organisations they act for, and register new ones.
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Select, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { SHARING_TYPES, type ResourceStatus, type ResourceView, type SharingType } from '@onewindow/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useMe } from '../auth';
import { OrgSelect, ResourceStatusTag, ResponsiveList, SharingTypeTag, pageOf, useActingOrganisations, useSharingApi, ListSearch } from './parts';
import './sharing.css';
import { useSearchUpdate } from '../hooks';

const PAGE_SIZE = 20;
/** the classes of 政务信息资源 (资源分类, first level): a shortcut into the search */
export const RESOURCE_CLASSES = ['基础信息资源', '主题信息资源', '部门信息资源'] as const;
const TYPES = Object.keys(SHARING_TYPES) as SharingType[];
const STATUSES: ResourceStatus[] = ['published', 'draft', 'withdrawn'];

export const resourceHref = (code: string) => `/admin/sharing/resources/${encodeURIComponent(code)}`;

/** May the staff member manage resources (register, edit) for some organisation? */
export const isSteward = (me: { roles: { role: string }[] }) => me.roles.some((r) => r.role === 'data_steward' || r.role === 'org_admin');

function ResourceCard({ r }: { r: ResourceView }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="ow-share-card-head">
        <Link to={resourceHref(r.code)} className="ow-share-title">
          {r.name}
        </Link>
        <SharingTypeTag type={r.sharingType} />
      </div>
      <code className="ow-code ow-share-code">{r.code}</code>
      <dl className="ow-admin-kv ow-admin-kv-compact">
        <dt>{t('admin.sharing.cols.classification')}</dt>
        <dd>{r.classification}</dd>
        <dt>{t('admin.sharing.cols.provider')}</dt>
        <dd>{r.provider.name}</dd>
        <dt>{t('admin.sharing.cols.items')}</dt>
        <dd>{t('admin.sharing.itemCount', { count: r.fields.length })}</dd>
        {r.status !== 'published' && (
          <>
            <dt>{t('admin.sharing.cols.status')}</dt>
            <dd>
              <ResourceStatusTag status={r.status} />
            </dd>
          </>
        )}
      </dl>
    </>
  );
}

export default function ResourcesPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('admin.sharing.catalogue.title'));
  const me = useMe();
  const api = useSharingApi();
  const steward = isSteward(me);
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const [params, update] = useSearchUpdate({ status: 'published' });
  const page = pageOf(params.get('page'));
  const q = (params.get('q') ?? '').trim().slice(0, 100);
  const sharingType = (TYPES as string[]).includes(params.get('type') ?? '') ? (params.get('type') as SharingType) : undefined;
  const status = steward && (STATUSES as string[]).includes(params.get('status') ?? '') ? (params.get('status') as ResourceStatus) : 'published';
  const provider = params.get('provider') ?? undefined;
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const { all } = useActingOrganisations('steward');

  const search = { q: q || undefined, sharingType, provider, status, page, pageSize: PAGE_SIZE };
  const query = useQuery({
    queryKey: ['admin', 'sharing', 'resources', search],
    queryFn: ({ signal }) => api.resources(search, signal),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });


  const columns: TableColumnsType<ResourceView> = [
    {
      title: t('admin.sharing.cols.name'),
      key: 'name',
      render: (_v, r) => (
        <>
          <Link to={resourceHref(r.code)} className="ow-share-title">
            {r.name}
          </Link>
          <code className="ow-code ow-share-code">{r.code}</code>
        </>
      ),
    },
    { title: t('admin.sharing.cols.classification'), key: 'classification', width: 190, render: (_v, r) => r.classification },
    { title: t('admin.sharing.cols.provider'), key: 'provider', width: 210, render: (_v, r) => r.provider.name },
    { title: t('admin.sharing.cols.sharingType'), key: 'type', width: 118, render: (_v, r) => <SharingTypeTag type={r.sharingType} /> },
    {
      title: t('admin.sharing.cols.method'),
      key: 'method',
      width: 120,
      render: (_v, r) => (
        <>
          <div>{t(`admin.sharing.methods.${r.method}`)}</div>
          <div className="ow-muted">{t(`admin.sharing.cycles.${r.updateCycle}`)}</div>
        </>
      ),
    },
    {
      title: status === 'published' ? t('admin.sharing.cols.publishDate') : t('admin.sharing.cols.status'),
      key: 'date',
      width: 118,
      render: (_v, r) => (r.status === 'published' ? <span className="ow-nowrap">{formatDate(r.publishDate, lang)}</span> : <ResourceStatusTag status={r.status} />),
    },
  ];

  const filtered = !!(q || sharingType || provider);

  return (
    <div className="ow-admin-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.sharing.catalogue.title')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.sharing.catalogue.lead')}</p>
        </div>
        {steward && (
          <Link to="/admin/sharing/resources/new">
            <Button type="primary" icon={<PlusOutlined />}>
              {t('admin.sharing.catalogue.register')}
            </Button>
          </Link>
        )}
      </div>

      <div className="ow-panel ow-admin-card">
        <div className="ow-share-filters">
          <ListSearch
            id="share-q"
            label={t('admin.sharing.catalogue.searchLabel')}
            placeholder={t('admin.sharing.catalogue.searchPlaceholder')}
            maxLength={100}
            text={text}
            setText={setText}
            active={q}
            onSearch={(v) => update({ q: v })}
          />
          <div className="ow-share-filter-row">
            <Select
              aria-label={t('admin.sharing.cols.sharingType')}
              className="ow-share-filter"
              allowClear
              placeholder={t('admin.sharing.catalogue.anyType')}
              value={sharingType}
              onChange={(v: SharingType | undefined) => update({ type: v })}
              options={TYPES.map((x) => ({ value: x, label: t(`admin.sharing.types.${x}`) }))}
            />
            <OrgSelect
              className="ow-share-filter ow-share-filter-wide"
              orgs={all.data ?? []}
              loading={all.isPending}
              valueKey="uscc"
              allowClear
              placeholder={t('admin.sharing.catalogue.anyProvider')}
              value={provider}
              onChange={(v) => update({ provider: v })}
            />
            {steward && (
              <Select
                aria-label={t('admin.sharing.cols.status')}
                className="ow-share-filter"
                value={status}
                onChange={(v: ResourceStatus) => update({ status: v })}
                options={STATUSES.map((x) => ({ value: x, label: t(`admin.sharing.resourceStatus.${x}`) }))}
              />
            )}
          </div>
          <div className="ow-share-classes" role="group" aria-label={t('admin.sharing.cols.classification')}>
            <span className="ow-muted">{t('admin.sharing.catalogue.classes')}</span>
            {RESOURCE_CLASSES.map((c) => (
              <Tag.CheckableTag key={c} checked={q === c} onChange={(on) => update({ q: on ? c : undefined })}>
                {c}
              </Tag.CheckableTag>
            ))}
          </div>
          {query.data && (
            <span className="ow-muted ow-admin-count" role="status">
              {t('admin.sharing.catalogue.total', { count: query.data.total })}
            </span>
          )}
        </div>
        <ResponsiveList<ResourceView>
          query={query}
          columns={columns}
          rowKey={(r) => r.code}
          card={(r) => <ResourceCard r={r} />}
          empty={filtered ? t('admin.sharing.catalogue.emptyFiltered') : t('admin.sharing.catalogue.empty')}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={(p) => update({ page: p })}
          scrollX={900}
          testId="resource-list"
        />
      </div>
    </div>
  );
}
