/** 账号安全: change the password (other sessions end), and the account's passkeys. */
import { DeleteOutlined, KeyOutlined, LockOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { browserSupportsWebAuthn, startRegistration } from '@simplewebauthn/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Empty, Form, Input, message, Popconfirm, Skeleton } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { identityApi, isStatus, ME_KEY } from '../../api/identity';
import { ErrorState } from '../../components/QueryState';
import { formatDateTime } from '../../lib/format';
import { applyFieldErrors, problemText } from './forms';
import { FailureAlert, NewPasswordFields, useFailure } from './parts';
import { ACCOUNT_KEY, useOn401, useOn401Error } from './session';

const PASSKEYS_KEY = [...ACCOUNT_KEY, 'passkeys'];

function ChangePassword({ onChanged }: { onChanged: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string; newPasswordConfirm: string }>();
  const [busy, setBusy] = useState(false);
  const [changed, setChanged] = useState(false);
  const { failure, fail, clear } = useFailure();
  const on401 = useOn401();
  const submit = async (v: { currentPassword: string; newPassword: string }) => {
    setBusy(true);
    setChanged(false);
    clear();
    try {
      await identityApi.changePassword(v.currentPassword, v.newPassword);
      form.resetFields();
      setChanged(true);
      onChanged();
    } catch (e) {
      on401(e);
      if (!applyFieldErrors(form, e, ['currentPassword', 'newPassword'])) fail(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="ow-panel ow-account-section" aria-labelledby="password-title">
      <h2 id="password-title" className="ow-account-h2">
        {t('account.security.password')}
      </h2>
      <p className="ow-muted ow-account-intro">{t('account.security.passwordHint')}</p>
      {changed && <Alert type="success" showIcon role="status" title={t('account.security.changed')} className="ow-auth-alert" />}
      <FailureAlert failure={failure} />
      <div className="ow-password-grid">
        <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={busy} className="ow-account-form" name="change-password">
          <Form.Item name="currentPassword" label={t('account.security.current')} rules={[{ required: true, message: t('account.security.currentRequired') }]}>
            <Input.Password size="large" prefix={<LockOutlined aria-hidden />} autoComplete="current-password" maxLength={128} placeholder={t('account.security.currentPlaceholder')} />
          </Form.Item>
          <NewPasswordFields form={form} name="newPassword" label={t('auth.fields.newPassword')} disabled={busy} />
          <Button type="primary" htmlType="submit" size="large" loading={busy}>
            {t('account.security.submit')}
          </Button>
        </Form>
        <aside className="ow-password-tips" aria-labelledby="password-tips-title">
          <h3 id="password-tips-title">
            <SafetyCertificateOutlined aria-hidden /> {t('account.security.tipsTitle')}
          </h3>
          <ul>
            {(t('account.security.tips', { returnObjects: true }) as unknown as string[]).map((tip) => (
              <li key={tip}>{tip}</li>
            ))}
          </ul>
        </aside>
      </div>
    </section>
  );
}

function Passkeys() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [messageApi, holder] = message.useMessage();
  const [form] = Form.useForm<{ label: string }>();
  const [adding, setAdding] = useState(false);
  const supported = browserSupportsWebAuthn();
  const on401 = useOn401();
  const list = useQuery({ queryKey: PASSKEYS_KEY, queryFn: ({ signal }) => identityApi.passkeys(signal) });
  useOn401Error(list.error);
  const unavailable = isStatus(list.error, 404);

  const remove = useMutation({
    mutationFn: identityApi.deletePasskey,
    onSuccess: () => {
      void messageApi.success(t('account.security.deleted'));
      void queryClient.invalidateQueries({ queryKey: PASSKEYS_KEY });
    },
    onError: (e) => {
      on401(e);
      void messageApi.error(problemText(t, e).title);
    },
  });

  const add = async ({ label }: { label: string }) => {
    setAdding(true);
    try {
      const { challengeId, options } = await identityApi.passkeyRegistrationOptions();
      let response;
      try {
        response = await startRegistration({ optionsJSON: options });
      } catch (e) {
        const cancelled = e instanceof Error && (e.name === 'NotAllowedError' || e.name === 'AbortError');
        void messageApi[cancelled ? 'info' : 'error'](t(cancelled ? 'account.security.passkeyCancelled' : 'account.security.passkeyFailed'));
        return;
      }
      await identityApi.addPasskey(challengeId, label.trim(), response);
      form.resetFields();
      void messageApi.success(t('account.security.passkeyAdded'));
      void queryClient.invalidateQueries({ queryKey: PASSKEYS_KEY });
    } catch (e) {
      on401(e);
      if (!applyFieldErrors(form, e, ['label'])) {
        const text = problemText(t, e);
        void messageApi.error(text.detail ? `${text.title}：${text.detail}` : text.title);
      }
    } finally {
      setAdding(false);
    }
  };

  let body;
  if (list.isPending) body = <Skeleton active paragraph={{ rows: 2 }} />;
  else if (unavailable) body = <Alert type="info" showIcon title={t('account.security.passkeysUnavailable')} />;
  else if (list.isError) body = <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  else {
    body = (
      <>
        {list.data.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('account.security.passkeysEmpty')} />
        ) : (
          <ul className="ow-passkeys">
            {list.data.items.map((p) => (
              <li key={p.id} className="ow-passkey">
                <span className="ow-passkey-badge" aria-hidden>
                  <KeyOutlined />
                </span>
                <div className="ow-passkey-body">
                  <strong>{p.label}</strong>
                  <span className="ow-muted">
                    {t('account.security.createdAt')} {formatDateTime(p.createdAt, i18n.language)} · {t('account.security.lastUsedAt')}{' '}
                    {p.lastUsedAt ? formatDateTime(p.lastUsedAt, i18n.language) : t('account.security.neverUsed')}
                  </span>
                </div>
                <Popconfirm
                  title={t('account.security.deleteConfirm', { label: p.label })}
                  okText={t('account.confirm')}
                  cancelText={t('account.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove.mutate(p.id)}
                >
                  <Button icon={<DeleteOutlined />} danger loading={remove.isPending && remove.variables === p.id}>
                    {t('account.security.delete')}
                  </Button>
                </Popconfirm>
              </li>
            ))}
          </ul>
        )}
        {supported ? (
          <Form form={form} layout="inline" onFinish={add} disabled={adding} className="ow-passkey-add" name="add-passkey">
            <Form.Item
              name="label"
              label={t('account.security.passkeyLabel')}
              rules={[{ required: true, whitespace: true, message: t('account.security.passkeyLabelRequired') }]}
            >
              <Input maxLength={40} placeholder={t('account.security.passkeyLabelPlaceholder')} className="ow-passkey-label" />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={adding}>
              {t('account.security.addPasskey')}
            </Button>
          </Form>
        ) : (
          <Alert type="info" showIcon title={t('account.security.passkeyUnsupported')} />
        )}
      </>
    );
  }

  return (
    <section className="ow-panel ow-account-section" aria-labelledby="passkeys-title">
      {holder}
      <h2 id="passkeys-title" className="ow-account-h2">
        {t('account.security.passkeys')}
      </h2>
      <p className="ow-muted ow-account-intro">{t('account.security.passkeysIntro')}</p>
      {body}
    </section>
  );
}

export function SecuritySection() {
  const queryClient = useQueryClient();
  const onChanged = () => {
    // other sessions ended; the server gave this browser a fresh session (and cleared a required change)
    void queryClient.invalidateQueries({ queryKey: ACCOUNT_KEY });
    void queryClient.invalidateQueries({ queryKey: ME_KEY });
  };
  return (
    <>
      <ChangePassword onChanged={onChanged} />
      <Passkeys />
    </>
  );
}
