/**
 * 证照管理 (审批人): the e-licences the approver's organisations issued, newest first — found by
 * identifier, number or holder, filtered by status and type — suspended (暂扣), reinstated or
 * revoked (注销, final), each with the reason; the public verification page shows the new status.
 */
import { PauseCircleOutlined, PlayCircleOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Select, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import type { LicenceStatus } from '@onewindow/domain';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IssuedLicenceRow, LicenceStatusAction } from '../../../api/sharing';
import { formatDate } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { roleOrganisations } from '../access';
import { useMe } from '../auth';
import { ReasonDialog, ResponsiveList, pageOf, useFailMessage, useSharingApi, ListSearch } from './parts';
import './sharing.css';
import { useSearchUpdate } from '../hooks';

const PAGE_SIZE = 20;
const STATUSES: LicenceStatus[] = ['valid', 'suspended', 'revoked', 'expired'];
const COLOURS: Record<LicenceStatus, string> = { valid: 'green', suspended: 'orange', revoked: 'red', expired: 'default' };
const ACTIONS: Record<LicenceStatusAction, { from: LicenceStatus[]; danger: boolean; icon: React.ReactNode }> = {
  suspend: { from: ['valid'], danger: true, icon: <PauseCircleOutlined /> },
  reinstate: { from: ['suspended'], danger: false, icon: <PlayCircleOutlined /> },
  revoke: { from: ['valid', 'suspended'], danger: true, icon: <StopOutlined /> },
};

function LicenceStatusTag({ l }: { l: IssuedLicenceRow }) {
  const { t } = useTranslation();
  return (
    <>
      <Tag color={COLOURS[l.status]} variant="outlined" className="ow-status-tag" data-status={l.status}>
        {t(`admin.sharing.licences.status.${l.status}`)}
      </Tag>
      {(l.suspendReason ?? l.revokeReason) && <div className="ow-muted ow-share-reason">{l.suspendReason ?? l.revokeReason}</div>}
    </>
  );
}

export default function LicencesPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('admin.sharing.licences.title'));
  const me = useMe();
  const api = useSharingApi();
  const { message } = App.useApp();
  const fail = useFailMessage();
  const queryClient = useQueryClient();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const [params, update] = useSearchUpdate();
  const page = pageOf(params.get('page'));
  const q = (params.get('q') ?? '').trim().slice(0, 120) || undefined;
  const status = (STATUSES as string[]).includes(params.get('status') ?? '') ? (params.get('status') as LicenceStatus) : undefined;
  const typeCode = params.get('type') ?? undefined;
  const [text, setText] = useState(q ?? '');
  useEffect(() => setText(q ?? ''), [q]);
  const search = { q, status, typeCode, page, pageSize: PAGE_SIZE };
  const query = useQuery({ queryKey: ['admin', 'licences', search], queryFn: ({ signal }) => api.issuedLicences(search, signal), placeholderData: keepPreviousData, staleTime: 0 });
  const [acting, setActing] = useState<{ licence: IssuedLicenceRow; action: LicenceStatusAction } | null>(null);
  const orgs = roleOrganisations(me, 'approver');


  const actions = (l: IssuedLicenceRow) => (
    <span className="ow-admin-row-actions">
      {(Object.keys(ACTIONS) as LicenceStatusAction[])
        .filter((a) => ACTIONS[a].from.includes(l.status))
        .map((a) => (
          <Button key={a} size="small" danger={ACTIONS[a].danger} icon={ACTIONS[a].icon} onClick={() => setActing({ licence: l, action: a })} data-testid={`licence-${a}`}>
            {t(`admin.sharing.licences.actions.${a}`)}
          </Button>
        ))}
    </span>
  );

  const columns: TableColumnsType<IssuedLicenceRow> = [
    {
      title: t('admin.sharing.licences.licence'),
      key: 'licence',
      render: (_v, l) => (
        <>
          <strong>{l.typeName}</strong>
          <div className="ow-muted">{t('admin.sharing.licences.number', { number: l.number })}</div>
          <code className="ow-code ow-share-code ow-share-identifier">{l.identifier}</code>
        </>
      ),
    },
    {
      title: t('admin.sharing.licences.holder'),
      key: 'holder',
      width: 220,
      render: (_v, l) => (
        <>
          <div>{l.holder}</div>
          <code className="ow-code ow-share-code">{l.holderCode}</code>
        </>
      ),
    },
    {
      title: t('admin.sharing.licences.validity'),
      key: 'validity',
      width: 160,
      render: (_v, l) => (
        <>
          <div className="ow-nowrap">{t('admin.sharing.licences.issued', { date: formatDate(l.issueDate, lang) })}</div>
          <div className="ow-nowrap ow-muted">{l.validTo ? t('admin.sharing.licences.validTo', { date: formatDate(l.validTo, lang) }) : t('admin.sharing.licences.permanent')}</div>
        </>
      ),
    },
    { title: t('admin.sharing.licences.statusCol'), key: 'status', width: 150, render: (_v, l) => <LicenceStatusTag l={l} /> },
    { title: t('admin.sharing.requests.actions'), key: 'actions', width: 190, render: (_v, l) => actions(l) },
  ];

  const filtered = !!(q || status || typeCode);
  return (
    <div className="ow-admin-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.sharing.licences.title')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.sharing.licences.lead', { orgs: orgs.map((o) => o.name).join('、') })}</p>
        </div>
      </div>
      <div className="ow-panel ow-admin-card">
        <div className="ow-share-filters">
          <ListSearch
            id="licence-q"
            label={t('admin.sharing.licences.searchLabel')}
            placeholder={t('admin.sharing.licences.searchPlaceholder')}
            maxLength={120}
            text={text}
            setText={setText}
            active={q}
            onSearch={(v) => update({ q: v })}
          />
          <div className="ow-share-filter-row">
            <Select
              aria-label={t('admin.sharing.licences.statusCol')}
              className="ow-share-filter"
              allowClear
              placeholder={t('admin.sharing.licences.anyStatus')}
              value={status}
              onChange={(v: LicenceStatus | undefined) => update({ status: v })}
              options={STATUSES.map((s) => ({ value: s, label: t(`admin.sharing.licences.status.${s}`) }))}
            />
            <Select
              aria-label={t('admin.sharing.licences.type')}
              className="ow-share-filter ow-share-filter-wide"
              allowClear
              placeholder={t('admin.sharing.licences.anyType')}
              value={typeCode}
              onChange={(v: string | undefined) => update({ type: v })}
              options={(query.data?.types ?? []).map((x) => ({ value: x.code, label: x.name }))}
            />
          </div>
          {query.data && (
            <span className="ow-muted ow-admin-count" role="status">
              {t('admin.sharing.licences.total', { count: query.data.total })}
            </span>
          )}
        </div>
        <ResponsiveList<IssuedLicenceRow>
          query={query}
          columns={columns}
          rowKey={(l) => l.identifier}
          card={(l) => (
            <>
              <div className="ow-share-card-head">
                <strong>{l.typeName}</strong>
                <LicenceStatusTag l={l} />
              </div>
              <dl className="ow-admin-kv ow-admin-kv-compact">
                <dt>{t('admin.sharing.licences.numberLabel')}</dt>
                <dd>{l.number}</dd>
                <dt>{t('admin.sharing.licences.holder')}</dt>
                <dd>{l.holder}</dd>
                <dt>{t('admin.sharing.licences.validity')}</dt>
                <dd>{l.validTo ? t('admin.sharing.licences.validTo', { date: formatDate(l.validTo, lang) }) : t('admin.sharing.licences.permanent')}</dd>
                <dt>{t('admin.sharing.licences.identifier')}</dt>
                <dd>
                  <code className="ow-code ow-share-identifier">{l.identifier}</code>
                </dd>
              </dl>
              {actions(l)}
            </>
          )}
          empty={filtered ? t('admin.sharing.licences.emptyFiltered') : t('admin.sharing.licences.empty')}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={(p) => update({ page: p })}
          scrollX={960}
          testId="licence-list"
        />
      </div>
      <ReasonDialog
        open={!!acting}
        title={acting ? t(`admin.sharing.licences.confirm.${acting.action}`, { name: acting.licence.typeName, number: acting.licence.number }) : ''}
        description={acting ? t(`admin.sharing.licences.explain.${acting.action}`) : undefined}
        danger={acting?.action !== 'reinstate'}
        okText={acting ? t(`admin.sharing.licences.actions.${acting.action}`) : ''}
        onClose={() => setActing(null)}
        onSubmit={async (reason) => {
          try {
            const done = await api.changeLicenceStatus(acting!.licence.identifier, acting!.action, reason);
            void message.success(t(`admin.sharing.licences.done.${acting!.action}`, { number: acting!.licence.number }));
            await queryClient.invalidateQueries({ queryKey: ['admin', 'licences'] });
            return done;
          } catch (e) {
            fail(e);
            return undefined;
          }
        }}
      />
    </div>
  );
}
