/**
 * 接入系统: the government systems that sign their users in with this node (OpenID Connect
 * relying parties). Platform administrators register them, change them, disable and enable them,
 * and issue a new secret; a secret is shown once, when it is made. Until the node offers the API (404), the
 * page says so instead of failing.
 */
import { ApiOutlined, CheckCircleOutlined, EditOutlined, KeyOutlined, PlusOutlined, StopOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { OidcClient, OidcClientWithSecret } from '../../api/admin';
import { isNotFound } from '../../api/hooks';
import { CardSkeleton, ErrorState } from '../../components/QueryState';
import { formatDate } from '../../lib/format';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useIsMobile } from '../../lib/useMedia';
import { useAdminApi } from './auth';
import { useAction, useOidcClients, useRefreshAfterChange } from './hooks';
import { problemAlert } from './problems';
import { CopyValue } from './StaffParts';

export const oidcEditHref = (clientId: string) => `/admin/oidc-clients/${encodeURIComponent(clientId)}/edit`;

export const discoveryUrl = () => `${window.location.origin}/oidc/.well-known/openid-configuration`;

/** The discovery address relying parties configure. */
export function DiscoveryCard() {
  const { t } = useTranslation();
  return (
    <section className="ow-panel ow-admin-card ow-admin-discovery" aria-labelledby="oidc-discovery">
      <h2 id="oidc-discovery" className="ow-admin-h2">
        {t('admin.oidc.discovery')}
      </h2>
      <p className="ow-muted ow-admin-section-hint">{t('admin.oidc.discoveryHint')}</p>
      <CopyValue value={discoveryUrl()} label={t('admin.oidc.discovery')} />
    </section>
  );
}

/** A secret, shown this once, with its warning. */
export function SecretPanel({ client }: { client: OidcClientWithSecret }) {
  const { t } = useTranslation();
  return (
    <div className="ow-admin-secret" data-testid="oidc-secret">
      <dl className="ow-admin-kv">
        <dt>{t('admin.oidc.clientId')}</dt>
        <dd>
          <CopyValue value={client.clientId} label={t('admin.oidc.clientId')} />
        </dd>
        {client.clientSecret && (
          <>
            <dt>{t('admin.oidc.clientSecret')}</dt>
            <dd>
              <CopyValue value={client.clientSecret} label={t('admin.oidc.clientSecret')} secret />
            </dd>
          </>
        )}
      </dl>
      {client.clientSecret ? (
        <Alert type="warning" showIcon icon={<WarningOutlined />} title={t('admin.oidc.secretOnce')} description={t('admin.oidc.secretOnceHint')} />
      ) : (
        <Alert type="info" showIcon title={t('admin.oidc.publicNoSecret')} />
      )}
    </div>
  );
}

export function ClientStatusTag({ status }: { status: OidcClient['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'active' ? 'green' : 'default'} variant="outlined" className="ow-status-tag">
      {t(`admin.oidc.status.${status}`)}
    </Tag>
  );
}

function Scopes({ c }: { c: OidcClient }) {
  const { t } = useTranslation();
  return (
    <span className="ow-tags">
      {c.scopes.map((s) => (
        <Tag key={s} variant="filled" color="blue">
          {t(`admin.oidc.scopes.${s}`)}
        </Tag>
      ))}
    </span>
  );
}

function Uris({ uris }: { uris: string[] }) {
  return (
    <ul className="ow-admin-uris">
      {uris.map((u) => (
        <li key={u}>
          <code className="ow-code">{u}</code>
        </li>
      ))}
    </ul>
  );
}

/** 编辑, 停用/启用 and 重置密钥 of one relying party (the last two confirmed first). */
function ClientActions({ c, onSecret }: { c: OidcClient; onSecret: (answer: OidcClientWithSecret) => void }) {
  const { t } = useTranslation();
  const api = useAdminApi();
  const navigate = useNavigate();
  const refresh = useRefreshAfterChange();
  const { message, modal } = App.useApp();
  const fail = (e: unknown) => {
    const p = problemAlert(t, e);
    void message.error(p.detail ? `${p.title}${t('common.colon')}${p.detail}` : p.title);
  };
  const status = useAction((s: OidcClient['status']) => api.setOidcClientStatus(c.clientId, s), {
    onSuccess: async () => {
      await refresh();
      void message.success(t(c.status === 'active' ? 'admin.oidc.disabledDone' : 'admin.oidc.enabledDone', { name: c.name }));
    },
    onError: fail,
  });
  const rotate = useAction(() => api.rotateOidcSecret(c.clientId), {
    onSuccess: async (answer) => {
      await refresh();
      onSecret({ ...answer, clientId: answer.clientId ?? c.clientId, name: answer.name ?? c.name });
    },
    onError: fail,
  });
  const disabling = c.status === 'active';
  return (
    <span className="ow-admin-row-actions ow-admin-client-actions">
      <Button size="small" icon={<EditOutlined />} onClick={() => navigate(oidcEditHref(c.clientId))}>
        {t('admin.oidc.edit')}
      </Button>
      <Button
        size="small"
        danger={disabling}
        icon={disabling ? <StopOutlined /> : <CheckCircleOutlined />}
        loading={status.pending}
        onClick={() =>
          modal.confirm({
            title: t(disabling ? 'admin.oidc.disableTitle' : 'admin.oidc.enableTitle', { name: c.name }),
            content: t(disabling ? 'admin.oidc.disableText' : 'admin.oidc.enableText'),
            okText: t(disabling ? 'admin.oidc.disable' : 'admin.oidc.enable'),
            okButtonProps: { danger: disabling },
            cancelText: t('admin.common.cancel'),
            onOk: () => status.run(disabling ? 'disabled' : 'active'),
          })
        }
      >
        {t(disabling ? 'admin.oidc.disable' : 'admin.oidc.enable')}
      </Button>
      {c.confidential && (
        <Button
          size="small"
          icon={<KeyOutlined />}
          loading={rotate.pending}
          onClick={() =>
            modal.confirm({
              title: t('admin.oidc.rotateTitle', { name: c.name }),
              content: t('admin.oidc.rotateText'),
              okText: t('admin.oidc.rotate'),
              okButtonProps: { danger: true },
              cancelText: t('admin.common.cancel'),
              onOk: () => rotate.run(),
            })
          }
        >
          {t('admin.oidc.rotate')}
        </Button>
      )}
    </span>
  );
}

function ClientCard({ c, onSecret }: { c: OidcClient; onSecret: (a: OidcClientWithSecret) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="ow-admin-staff-card ow-admin-client-card">
      <div className="ow-admin-staff-card-head">
        <Link to={oidcEditHref(c.clientId)} className="ow-admin-client-name">
          {c.name}
        </Link>
        <ClientStatusTag status={c.status} />
      </div>
      <code className="ow-code ow-admin-client-id">{c.clientId}</code>
      <dl className="ow-admin-kv ow-admin-kv-compact">
        <dt>{t('admin.oidc.cols.type')}</dt>
        <dd>{t(c.confidential ? 'admin.oidc.confidential' : 'admin.oidc.public')}</dd>
        <dt>{t('admin.oidc.cols.level')}</dt>
        <dd>{t(`admin.oidc.levels.${c.minimumLevel}`, { defaultValue: String(c.minimumLevel) })}</dd>
        <dt>{t('admin.oidc.cols.scopes')}</dt>
        <dd>
          <Scopes c={c} />
        </dd>
        <dt>{t('admin.oidc.cols.redirects')}</dt>
        <dd>
          <Uris uris={c.redirectUris} />
        </dd>
        <dt>{t('admin.oidc.cols.createdAt')}</dt>
        <dd>{formatDate(c.createdAt, i18n.resolvedLanguage ?? 'zh-CN')}</dd>
      </dl>
      <ClientActions c={c} onSecret={onSecret} />
    </li>
  );
}

export default function OidcClientsPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('admin.oidc.title'));
  const mobile = useIsMobile();
  const query = useOidcClients();
  const [secret, setSecret] = useState<OidcClientWithSecret | null>(null);
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const unavailable = query.isError && isNotFound(query.error);
  const rows = query.data?.items ?? [];

  const columns: TableColumnsType<OidcClient> = [
    {
      title: t('admin.oidc.cols.name'),
      key: 'name',
      width: 250,
      render: (_v, c) => (
        <>
          <Link to={oidcEditHref(c.clientId)} className="ow-admin-client-name">
            {c.name}
          </Link>
          <code className="ow-code ow-admin-client-id">{c.clientId}</code>
          <div className="ow-muted ow-admin-client-date">{t('admin.oidc.registeredOn', { date: formatDate(c.createdAt, lang) })}</div>
        </>
      ),
    },
    {
      title: t('admin.oidc.cols.typeLevel'),
      key: 'type',
      width: 132,
      render: (_v, c) => (
        <>
          <div>{t(c.confidential ? 'admin.oidc.confidential' : 'admin.oidc.public')}</div>
          <div className="ow-muted">{t(`admin.oidc.levelsShort.${c.minimumLevel}`, { defaultValue: String(c.minimumLevel) })}</div>
        </>
      ),
    },
    { title: t('admin.oidc.cols.scopes'), key: 'scopes', width: 170, render: (_v, c) => <Scopes c={c} /> },
    { title: t('admin.oidc.cols.redirects'), key: 'redirects', render: (_v, c) => <Uris uris={c.redirectUris} /> },
    { title: t('admin.oidc.cols.status'), key: 'status', width: 84, render: (_v, c) => <ClientStatusTag status={c.status} /> },
    { title: t('admin.oidc.cols.actions'), key: 'actions', width: 124, render: (_v, c) => <ClientActions c={c} onSecret={setSecret} /> },
  ];

  return (
    <div className="ow-admin-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.oidc.title')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.oidc.lead')}</p>
        </div>
        {!unavailable && (
          <Link to="/admin/oidc-clients/new">
            <Button type="primary" icon={<PlusOutlined />}>
              {t('admin.oidc.create')}
            </Button>
          </Link>
        )}
      </div>

      <DiscoveryCard />

      <section className="ow-panel ow-admin-card" aria-labelledby="oidc-list">
        <h2 id="oidc-list" className="ow-admin-h2">
          {t('admin.oidc.listTitle')}
        </h2>
        {unavailable ? (
          <div className="ow-admin-unavailable" role="status">
            <ApiOutlined className="ow-admin-unavailable-icon" aria-hidden />
            <p className="ow-admin-unavailable-title">{t('admin.oidc.unavailable')}</p>
            <p className="ow-muted">{t('admin.oidc.unavailableHint')}</p>
          </div>
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : query.isPending ? (
          <CardSkeleton rows={4} />
        ) : mobile ? (
          rows.length ? (
            <ul className="ow-admin-staff-cards">
              {rows.map((c) => (
                <ClientCard key={c.clientId} c={c} onSecret={setSecret} />
              ))}
            </ul>
          ) : (
            <p className="ow-muted ow-admin-empty">{t('admin.oidc.empty')}</p>
          )
        ) : (
          <Table<OidcClient>
            rowKey="clientId"
            size="middle"
            columns={columns}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 980 }}
            locale={{ emptyText: t('admin.oidc.empty') }}
            className="ow-admin-table"
          />
        )}
      </section>

      <Modal
        open={!!secret}
        title={t('admin.oidc.newSecretTitle', { name: secret?.name ?? '' })}
        onCancel={() => setSecret(null)}
        footer={
          <Button type="primary" onClick={() => setSecret(null)}>
            {t('admin.oidc.secretSaved')}
          </Button>
        }
        maskClosable={false}
        destroyOnHidden
      >
        {secret && <SecretPanel client={secret} />}
      </Modal>
    </div>
  );
}
