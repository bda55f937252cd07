/**
 * 交换日志 (审计员): every exchange of the gateway whose consumer or provider lies in the auditor's
 * region — consumer, provider, resource, purpose, data items, time, result and the SM3 digest of
 * the answer — with filters, and the state of the log's SM3 chain (链完整, or where it breaks).
 */
import { CheckCircleOutlined, CloseCircleOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, DatePicker, Input, Select, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExchangeLogRow } from '../../../api/sharing';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useAllOrganisations, useSearchUpdate } from '../hooks';
import { FieldTags, OrgSelect, ResponsiveList, pageOf, useSharingApi } from './parts';
import './sharing.css';

const PAGE_SIZE = 50;
const OUTCOMES = ['granted', 'no-grant', 'purpose-mismatch', 'fields-outside-grant', 'expired', 'revoked', 'no-adapter', 'bad-key', 'not-found', 'provider-error'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function Outcome({ outcome }: { outcome: string }) {
  const { t } = useTranslation();
  const ok = outcome === 'granted';
  return (
    <Tag color={ok ? 'green' : outcome === 'not-found' ? 'default' : 'red'} variant="outlined" className="ow-status-tag" data-outcome={outcome}>
      {t(`admin.sharing.log.outcomes.${outcome}`, { defaultValue: outcome })}
    </Tag>
  );
}

function Digest({ value }: { value: string | null }) {
  const { t } = useTranslation();
  if (!value) return <span className="ow-muted">—</span>;
  return (
    <Tooltip title={value}>
      <code className="ow-code ow-share-digest" aria-label={t('admin.sharing.log.digest')}>
        {value.slice(0, 16)}…
      </code>
    </Tooltip>
  );
}

/** 日志链核验: the whole chain walked on the server, as the verify-exchange-log command does. */
function ChainStatus() {
  const { t, i18n } = useTranslation();
  const api = useSharingApi();
  const query = useQuery({ queryKey: ['admin', 'exchange', 'verification'], queryFn: ({ signal }) => api.verifyExchangeLog(signal), staleTime: 0 });
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const again = (
    <Button size="small" icon={<ReloadOutlined />} loading={query.isFetching} onClick={() => void query.refetch()}>
      {t('admin.sharing.log.verifyAgain')}
    </Button>
  );
  if (query.isPending) return <Alert type="info" showIcon icon={<SafetyCertificateOutlined />} className="ow-share-page-alert" title={t('admin.sharing.log.verifying')} />;
  if (query.isError) return <Alert type="warning" showIcon className="ow-share-page-alert" title={t('admin.sharing.log.verifyFailed')} action={again} />;
  const v = query.data;
  return v.brokenAt === null ? (
    <Alert
      type="success"
      showIcon
      icon={<CheckCircleOutlined />}
      className="ow-share-page-alert"
      data-testid="chain-status"
      data-intact="true"
      title={t('admin.sharing.log.intact')}
      description={t('admin.sharing.log.intactText', { count: v.entries, at: formatDateTime(v.checkedAt, lang) })}
      action={again}
    />
  ) : (
    <Alert
      type="error"
      showIcon
      icon={<CloseCircleOutlined />}
      className="ow-share-page-alert"
      data-testid="chain-status"
      data-intact="false"
      title={t('admin.sharing.log.broken', { seq: v.brokenAt })}
      description={t('admin.sharing.log.brokenText', { count: v.entries, at: formatDateTime(v.checkedAt, lang) })}
      action={again}
    />
  );
}

export default function ExchangeLogPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('admin.sharing.log.title'));
  const api = useSharingApi();
  const orgs = useAllOrganisations();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const [params, update] = useSearchUpdate();
  const page = pageOf(params.get('page'));
  const resourceCode = (params.get('resource') ?? '').trim().slice(0, 64) || undefined;
  const consumerOrgId = params.get('consumer') ?? undefined;
  const outcome = (OUTCOMES as readonly string[]).includes(params.get('outcome') ?? '') ? params.get('outcome')! : undefined;
  const from = DATE.test(params.get('from') ?? '') ? params.get('from')! : undefined;
  const to = DATE.test(params.get('to') ?? '') ? params.get('to')! : undefined;
  const [code, setCode] = useState(resourceCode ?? '');
  useEffect(() => setCode(resourceCode ?? ''), [resourceCode]);
  const search = { resourceCode, consumerOrgId, outcome, from, to, page, pageSize: PAGE_SIZE };
  const query = useQuery({ queryKey: ['admin', 'exchange', 'log', search], queryFn: ({ signal }) => api.exchangeLog(search, signal), placeholderData: keepPreviousData, staleTime: 0 });


  const columns: TableColumnsType<ExchangeLogRow> = [
    {
      title: t('admin.sharing.log.time'),
      key: 'at',
      width: 140,
      render: (_v, r) => (
        <>
          <div className="ow-nowrap">{formatDateTime(r.at, lang)}</div>
          <div className="ow-muted">#{r.seq}</div>
        </>
      ),
    },
    {
      title: t('admin.sharing.log.consumer'),
      key: 'consumer',
      width: 190,
      render: (_v, r) => (
        <>
          <div>{r.consumerName ?? r.consumerOrgId}</div>
          <code className="ow-code ow-share-code">{r.clientId}</code>
        </>
      ),
    },
    {
      title: t('admin.sharing.log.providerResource'),
      key: 'provider',
      width: 190,
      render: (_v, r) => (
        <>
          <div>{r.providerName ?? '—'}</div>
          <code className="ow-code ow-share-code">{r.resourceCode}</code>
        </>
      ),
    },
    {
      title: t('admin.sharing.log.purposeFields'),
      key: 'purpose',
      render: (_v, r) => (
        <>
          <div>{r.purpose}</div>
          <FieldTags keys={r.fields} />
        </>
      ),
    },
    { title: t('admin.sharing.log.result'), key: 'outcome', width: 110, render: (_v, r) => <Outcome outcome={r.outcome} /> },
    { title: t('admin.sharing.log.digest'), key: 'digest', width: 150, render: (_v, r) => <Digest value={r.responseDigest} /> },
  ];

  const filtered = !!(resourceCode || consumerOrgId || outcome || from || to);
  return (
    <div className="ow-admin-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.sharing.log.title')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.sharing.log.lead')}</p>
        </div>
      </div>
      <ChainStatus />
      <div className="ow-panel ow-admin-card">
        <div className="ow-share-filters">
          <div className="ow-share-filter-row">
            <form
              role="search"
              className="ow-admin-list-search ow-share-filter ow-share-filter-wide"
              onSubmit={(e) => {
                e.preventDefault();
                update({ resource: code.trim() });
              }}
            >
              <label htmlFor="log-resource" className="ow-visually-hidden">
                {t('admin.sharing.log.resource')}
              </label>
              <Input.Search
                id="log-resource"
                value={code}
                allowClear
                maxLength={64}
                placeholder={t('admin.sharing.log.resourcePlaceholder')}
                onChange={(e) => {
                  setCode(e.target.value);
                  if (!e.target.value && resourceCode) update({ resource: undefined });
                }}
                onSearch={(v) => update({ resource: v.trim() })}
              />
            </form>
            <OrgSelect
              className="ow-share-filter ow-share-filter-wide"
              orgs={orgs.data ?? []}
              loading={orgs.isPending}
              allowClear
              placeholder={t('admin.sharing.log.anyConsumer')}
              value={consumerOrgId}
              onChange={(v) => update({ consumer: v })}
            />
            <Select
              aria-label={t('admin.sharing.log.result')}
              className="ow-share-filter"
              allowClear
              placeholder={t('admin.sharing.log.anyResult')}
              value={outcome}
              onChange={(v: string | undefined) => update({ outcome: v })}
              options={OUTCOMES.map((o) => ({ value: o, label: t(`admin.sharing.log.outcomes.${o}`) }))}
            />
            <DatePicker.RangePicker
              className="ow-share-filter ow-share-range"
              aria-label={t('admin.sharing.log.period')}
              value={from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null}
              allowEmpty={[true, true]}
              onChange={(range) => update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
            />
          </div>
          {query.data && (
            <span className="ow-muted ow-admin-count" role="status">
              {t('admin.sharing.log.total', { count: query.data.total })}
            </span>
          )}
        </div>
        <ResponsiveList<ExchangeLogRow>
          query={query}
          columns={columns}
          rowKey={(r) => String(r.seq)}
          card={(r) => (
            <>
              <div className="ow-share-card-head">
                <span className="ow-nowrap">{formatDateTime(r.at, lang)}</span>
                <Outcome outcome={r.outcome} />
              </div>
              <dl className="ow-admin-kv ow-admin-kv-compact">
                <dt>{t('admin.sharing.log.consumer')}</dt>
                <dd>{r.consumerName ?? r.consumerOrgId}</dd>
                <dt>{t('admin.sharing.log.provider')}</dt>
                <dd>{r.providerName ?? '—'}</dd>
                <dt>{t('admin.sharing.log.resource')}</dt>
                <dd>
                  <code className="ow-code">{r.resourceCode}</code>
                </dd>
                <dt>{t('admin.sharing.log.purpose')}</dt>
                <dd>{r.purpose}</dd>
                <dt>{t('admin.sharing.log.fields')}</dt>
                <dd>
                  <FieldTags keys={r.fields} />
                </dd>
                <dt>{t('admin.sharing.log.digest')}</dt>
                <dd>
                  <Digest value={r.responseDigest} />
                </dd>
              </dl>
            </>
          )}
          empty={filtered ? t('admin.sharing.log.emptyFiltered') : t('admin.sharing.log.empty')}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={(p) => update({ page: p })}
          scrollX={960}
          testId="exchange-log"
        />
      </div>
    </div>
  );
}
