/**
 * 签章密钥: the SM2 keys an organisation signs its e-licences with (its e-seal). The organisation's
 * administrator (or a platform administrator of its region) generates the first key, rotates it —
 * the previous key is retired and still verifies the licences it signed — and revokes a key with
 * the reason (its licences then verify as key-revoked). Keys are public: this is the published list.
 */
import { KeyOutlined, StopOutlined, SyncOutlined } from '@ant-design/icons';
import { App, Button, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrganisationKey } from '../../../api/sharing';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useAction } from '../hooks';
import { CopyValue } from '../StaffParts';
import { ReasonDialog, ResponsiveList, useFailMessage, useSharingApi } from './parts';
import { OrgScope, useOrgScope } from './OrgScope';
import './sharing.css';

const COLOURS: Record<OrganisationKey['status'], string> = { active: 'green', retired: 'default', revoked: 'red' };

function KeyStatus({ status }: { status: OrganisationKey['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLOURS[status]} variant="outlined" className="ow-status-tag" data-status={status}>
      {t(`admin.sharing.keys.status.${status}`)}
    </Tag>
  );
}

export default function KeysPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('admin.sharing.keys.title'));
  const api = useSharingApi();
  const { message, modal } = App.useApp();
  const fail = useFailMessage();
  const queryClient = useQueryClient();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const scope = useOrgScope();
  const orgId = scope.organisation?.id;
  const query = useQuery({ queryKey: ['admin', 'keys', orgId], queryFn: ({ signal }) => api.keys(orgId!, signal), enabled: !!orgId, staleTime: 0 });
  const [revoking, setRevoking] = useState<OrganisationKey | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'keys'] });
  // newest first
  const keys = [...(query.data?.items ?? [])].reverse();
  const active = keys.find((k) => k.status === 'active');
  const generate = useAction(() => api.generateKey(orgId!), {
    onSuccess: async (k) => {
      void message.success(t(active ? 'admin.sharing.keys.rotatedDone' : 'admin.sharing.keys.generatedDone', { id: k.keyId.slice(0, 8) }));
      await refresh();
    },
    onError: fail,
  });
  const startGenerate = () =>
    active
      ? modal.confirm({
          title: t('admin.sharing.keys.rotateTitle', { name: scope.organisation?.name ?? '' }),
          content: t('admin.sharing.keys.rotateText'),
          okText: t('admin.sharing.keys.rotate'),
          cancelText: t('admin.common.cancel'),
          onOk: () => generate.run(),
        })
      : void generate.run();

  const columns: TableColumnsType<OrganisationKey> = [
    {
      title: t('admin.sharing.keys.keyId'),
      key: 'id',
      render: (_v, k) => (
        <>
          <code className="ow-code">{k.keyId}</code>
          <div className="ow-muted">{k.algorithm}</div>
        </>
      ),
    },
    { title: t('admin.sharing.keys.statusCol'), key: 'status', width: 100, render: (_v, k) => <KeyStatus status={k.status} /> },
    { title: t('admin.sharing.keys.createdAt'), key: 'created', width: 160, render: (_v, k) => <span className="ow-nowrap">{formatDateTime(k.createdAt, lang)}</span> },
    {
      title: t('admin.sharing.keys.endedAt'),
      key: 'ended',
      width: 190,
      render: (_v, k) =>
        k.revokedAt ? t('admin.sharing.keys.revokedAt', { at: formatDateTime(k.revokedAt, lang) }) : k.retiredAt ? t('admin.sharing.keys.retiredAt', { at: formatDateTime(k.retiredAt, lang) }) : '—',
    },
    {
      title: t('admin.sharing.requests.actions'),
      key: 'actions',
      width: 110,
      render: (_v, k) =>
        k.status !== 'revoked' ? (
          <Button size="small" danger icon={<StopOutlined />} onClick={() => setRevoking(k)} data-testid="key-revoke">
            {t('admin.sharing.keys.revoke')}
          </Button>
        ) : null,
    },
  ];

  return (
    <div className="ow-admin-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.sharing.keys.title')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.sharing.keys.lead')}</p>
        </div>
        {orgId && query.isSuccess && (
          <Button type="primary" icon={active ? <SyncOutlined /> : <KeyOutlined />} loading={generate.pending} onClick={startGenerate} data-testid="key-generate">
            {t(active ? 'admin.sharing.keys.rotate' : 'admin.sharing.keys.generate')}
          </Button>
        )}
      </div>
      <OrgScope scope={scope} />
      {active && (
        <section className="ow-panel ow-admin-card" aria-labelledby="key-active" data-testid="key-active" data-key={active.keyId}>
          <h2 id="key-active" className="ow-admin-h2">
            {t('admin.sharing.keys.activeTitle')}
          </h2>
          <dl className="ow-admin-kv">
            <dt>{t('admin.sharing.keys.keyId')}</dt>
            <dd>
              <code className="ow-code">{active.keyId}</code>
            </dd>
            <dt>{t('admin.sharing.keys.createdAt')}</dt>
            <dd>{formatDateTime(active.createdAt, lang)}</dd>
            <dt>{t('admin.sharing.keys.publicKey')}</dt>
            <dd>
              <div className="ow-share-pem">
                <CopyValue value={active.publicKeyPem.trim()} label={t('admin.sharing.keys.publicKey')} />
              </div>
            </dd>
          </dl>
        </section>
      )}
      <section className="ow-panel ow-admin-card" aria-labelledby="key-list">
        <h2 id="key-list" className="ow-admin-h2">
          {t('admin.sharing.keys.listTitle')}
        </h2>
        {orgId ? (
          <ResponsiveList<OrganisationKey>
            query={{ ...query, data: query.data ? { items: keys, total: keys.length } : undefined }}
            columns={columns}
            rowKey={(k) => k.keyId}
            card={(k) => (
              <>
                <div className="ow-share-card-head">
                  <code className="ow-code ow-share-code">{k.keyId}</code>
                  <KeyStatus status={k.status} />
                </div>
                <p className="ow-muted ow-share-card-line">{t('admin.sharing.keys.createdOn', { at: formatDateTime(k.createdAt, lang) })}</p>
                {k.status !== 'revoked' && (
                  <Button size="small" danger icon={<StopOutlined />} onClick={() => setRevoking(k)} data-testid="key-revoke">
                    {t('admin.sharing.keys.revoke')}
                  </Button>
                )}
              </>
            )}
            empty={t('admin.sharing.keys.empty')}
            scrollX={760}
            testId="key-list"
          />
        ) : (
          <p className="ow-muted ow-admin-empty">{t('admin.sharing.scope.pick')}</p>
        )}
      </section>
      <ReasonDialog
        open={!!revoking}
        title={t('admin.sharing.keys.revokeTitle')}
        description={t(revoking?.status === 'active' ? 'admin.sharing.keys.revokeActiveText' : 'admin.sharing.keys.revokeText')}
        okText={t('admin.sharing.keys.revoke')}
        onClose={() => setRevoking(null)}
        onSubmit={async (reason) => {
          try {
            const done = await api.revokeKey(revoking!.keyId, reason);
            void message.success(t('admin.sharing.keys.revokedDone'));
            await refresh();
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
