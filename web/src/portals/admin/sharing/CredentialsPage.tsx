/**
 * 交换凭证: the consuming systems of an organisation that call the exchange gateway (OAuth 2.0
 * client credentials). The organisation's administrator (or a platform administrator of its
 * region) registers one — its secret is shown this once, with a copy button — rotates the secret
 * (the old one and its tokens stop at once) and revokes it.
 */
import { KeyOutlined, PlusOutlined, StopOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Modal, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExchangeCredential, ExchangeCredentialWithSecret } from '../../../api/sharing';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/useDocumentTitle';
import { useAction } from '../hooks';
import { problemAlert } from '../problems';
import { CopyValue } from '../StaffParts';
import { ResponsiveList, useFailMessage, useSharingApi } from './parts';
import { OrgScope, useOrgScope } from './OrgScope';
import './sharing.css';

const endpoint = (path: string) => `${window.location.origin}/api/v1/exchange/${path}`;

/** The client id and secret, shown once. */
function SecretView({ c }: { c: ExchangeCredentialWithSecret }) {
  const { t } = useTranslation();
  return (
    <div className="ow-admin-secret" data-testid="credential-secret">
      <dl className="ow-admin-kv">
        <dt>{t('admin.sharing.credentials.clientId')}</dt>
        <dd>
          <CopyValue value={c.clientId} label={t('admin.sharing.credentials.clientId')} />
        </dd>
        <dt>{t('admin.sharing.credentials.clientSecret')}</dt>
        <dd>
          <CopyValue value={c.clientSecret} label={t('admin.sharing.credentials.clientSecret')} secret />
        </dd>
      </dl>
      <Alert type="warning" showIcon icon={<WarningOutlined />} title={t('admin.sharing.credentials.secretOnce')} description={t('admin.sharing.credentials.secretOnceHint')} />
    </div>
  );
}

function StatusTag({ status }: { status: ExchangeCredential['status'] }) {
  const { t } = useTranslation();
  return (
    <Tag color={status === 'active' ? 'green' : 'default'} variant="outlined" className="ow-status-tag" data-status={status}>
      {t(`admin.sharing.credentials.status.${status}`)}
    </Tag>
  );
}

export default function CredentialsPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('admin.sharing.credentials.title'));
  const api = useSharingApi();
  const { message, modal } = App.useApp();
  const fail = useFailMessage();
  const queryClient = useQueryClient();
  const lang = i18n.resolvedLanguage ?? 'zh-CN';
  const scope = useOrgScope();
  const orgId = scope.organisation?.id;
  const query = useQuery({ queryKey: ['admin', 'exchange', 'credentials', orgId], queryFn: ({ signal }) => api.credentials(orgId!, signal), enabled: !!orgId, staleTime: 0 });
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<ExchangeCredentialWithSecret | null>(null);
  const [form] = Form.useForm<{ name: string }>();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'exchange', 'credentials'] });
  const create = useAction((name: string) => api.createCredential(orgId!, name), {
    onSuccess: async (c) => {
      setCreating(false);
      setSecret(c);
      await refresh();
    },
  });
  const createAlert = create.error ? problemAlert(t, create.error) : null;

  const rotate = (c: ExchangeCredential) =>
    modal.confirm({
      title: t('admin.sharing.credentials.rotateTitle', { name: c.name }),
      content: t('admin.sharing.credentials.rotateText'),
      okText: t('admin.sharing.credentials.rotate'),
      okButtonProps: { danger: true },
      cancelText: t('admin.common.cancel'),
      onOk: async () => {
        try {
          setSecret(await api.rotateCredential(c.clientId));
          await refresh();
        } catch (e) {
          fail(e);
        }
      },
    });
  const revoke = (c: ExchangeCredential) =>
    modal.confirm({
      title: t('admin.sharing.credentials.revokeTitle', { name: c.name }),
      content: t('admin.sharing.credentials.revokeText'),
      okText: t('admin.sharing.credentials.revoke'),
      okButtonProps: { danger: true },
      cancelText: t('admin.common.cancel'),
      onOk: async () => {
        try {
          await api.revokeCredential(c.clientId);
          void message.success(t('admin.sharing.credentials.revokedDone', { name: c.name }));
          await refresh();
        } catch (e) {
          fail(e);
        }
      },
    });
  const actions = (c: ExchangeCredential) =>
    c.status === 'active' ? (
      <span className="ow-admin-row-actions">
        <Button size="small" icon={<KeyOutlined />} onClick={() => rotate(c)} data-testid="credential-rotate">
          {t('admin.sharing.credentials.rotate')}
        </Button>
        <Button size="small" danger icon={<StopOutlined />} onClick={() => revoke(c)} data-testid="credential-revoke">
          {t('admin.sharing.credentials.revoke')}
        </Button>
      </span>
    ) : null;

  const columns: TableColumnsType<ExchangeCredential> = [
    {
      title: t('admin.sharing.credentials.name'),
      key: 'name',
      render: (_v, c) => (
        <>
          <strong>{c.name}</strong>
          <code className="ow-code ow-share-code">{c.clientId}</code>
        </>
      ),
    },
    { title: t('admin.sharing.credentials.statusCol'), key: 'status', width: 100, render: (_v, c) => <StatusTag status={c.status} /> },
    { title: t('admin.sharing.credentials.createdAt'), key: 'created', width: 160, render: (_v, c) => <span className="ow-nowrap">{formatDateTime(c.createdAt, lang)}</span> },
    {
      title: t('admin.sharing.credentials.changedAt'),
      key: 'changed',
      width: 190,
      render: (_v, c) =>
        c.revokedAt ? t('admin.sharing.credentials.revokedAt', { at: formatDateTime(c.revokedAt, lang) }) : c.rotatedAt ? t('admin.sharing.credentials.rotatedAt', { at: formatDateTime(c.rotatedAt, lang) }) : '—',
    },
    { title: t('admin.sharing.requests.actions'), key: 'actions', width: 190, render: (_v, c) => actions(c) },
  ];

  return (
    <div className="ow-admin-page">
      <div className="ow-admin-page-head">
        <div>
          <h1 className="ow-admin-h1">{t('admin.sharing.credentials.title')}</h1>
          <p className="ow-muted ow-admin-lead">{t('admin.sharing.credentials.lead')}</p>
        </div>
        {orgId && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => (create.reset(), form.resetFields(), setCreating(true))} data-testid="credential-create">
            {t('admin.sharing.credentials.create')}
          </Button>
        )}
      </div>
      <OrgScope scope={scope} />
      <section className="ow-panel ow-admin-card" aria-labelledby="cred-list">
        <h2 id="cred-list" className="ow-admin-h2">
          {t('admin.sharing.credentials.listTitle', { name: scope.organisation?.name ?? '' })}
        </h2>
        {orgId ? (
          <ResponsiveList<ExchangeCredential>
            query={query}
            columns={columns}
            rowKey={(c) => c.clientId}
            card={(c) => (
              <>
                <div className="ow-share-card-head">
                  <strong>{c.name}</strong>
                  <StatusTag status={c.status} />
                </div>
                <code className="ow-code ow-share-code">{c.clientId}</code>
                <p className="ow-muted ow-share-card-line">{t('admin.sharing.credentials.createdOn', { at: formatDateTime(c.createdAt, lang) })}</p>
                {actions(c)}
              </>
            )}
            empty={t('admin.sharing.credentials.empty')}
            scrollX={820}
            testId="credential-list"
          />
        ) : (
          <p className="ow-muted ow-admin-empty">{t('admin.sharing.scope.pick')}</p>
        )}
      </section>
      <section className="ow-panel ow-admin-card" aria-labelledby="cred-how">
        <h2 id="cred-how" className="ow-admin-h2">
          {t('admin.sharing.credentials.howTitle')}
        </h2>
        <p className="ow-muted ow-admin-section-hint">{t('admin.sharing.credentials.howText')}</p>
        <dl className="ow-admin-kv">
          <dt>{t('admin.sharing.credentials.tokenEndpoint')}</dt>
          <dd>
            <CopyValue value={endpoint('token')} label={t('admin.sharing.credentials.tokenEndpoint')} />
          </dd>
          <dt>{t('admin.sharing.credentials.queryEndpoint')}</dt>
          <dd>
            <CopyValue value={endpoint('query')} label={t('admin.sharing.credentials.queryEndpoint')} />
          </dd>
        </dl>
      </section>

      <Modal
        open={creating}
        title={t('admin.sharing.credentials.createTitle', { name: scope.organisation?.name ?? '' })}
        okText={t('admin.sharing.credentials.create')}
        cancelText={t('admin.common.cancel')}
        okButtonProps={{ loading: create.pending, 'data-testid': 'credential-create-ok' }}
        onOk={() => void form.validateFields().then((v) => create.run(v.name.trim()))}
        onCancel={() => setCreating(false)}
        maskClosable={false}
        destroyOnHidden
      >
        {createAlert && <Alert type="error" showIcon className="ow-share-dialog-alert" title={createAlert.title} description={createAlert.detail} />}
        <Form form={form} layout="vertical" requiredMark={false} preserve={false}>
          <Form.Item name="name" label={t('admin.sharing.credentials.name')} extra={t('admin.sharing.credentials.nameExtra')} rules={[{ required: true, whitespace: true, max: 100, message: t('admin.sharing.credentials.nameRequired') }]}>
            <Input id="credential-name" maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={!!secret}
        title={t('admin.sharing.credentials.secretTitle', { name: secret?.name ?? '' })}
        onCancel={() => setSecret(null)}
        maskClosable={false}
        destroyOnHidden
        footer={
          <Button type="primary" onClick={() => setSecret(null)} data-testid="credential-secret-saved">
            {t('admin.sharing.credentials.secretSaved')}
          </Button>
        }
      >
        {secret && <SecretView c={secret} />}
      </Modal>
    </div>
  );
}
