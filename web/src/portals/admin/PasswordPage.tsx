/**
 * 修改密码. Staff created by an administrator (or whose password an administrator reset) come
 * here first and cannot go on before changing the initial password; others come from their
 * account menu. The server ends the account's other sessions and renews this one.
 */
import { LockOutlined, LogoutOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { passwordStrongEnough, staffAuth } from '../../api/admin';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { landingFor } from './access';
import { AuthFrame } from './AuthFrame';
import { useMe, useStaffSession } from './auth';
import { problemAlert, problemFieldErrors, pointerToNamePath, showFieldErrors } from './problems';
import { safeNext } from './SignInPage';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export default function PasswordPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { refresh, signOut } = useStaffSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ title: string; detail?: string } | null>(null);
  const forced = me.passwordChangeRequired;
  const next = safeNext(params.get('next'));
  useDocumentTitle(t('admin.password.title'));

  const submit = async (v: Values) => {
    setBusy(true);
    setFailure(null);
    try {
      await staffAuth.changePassword(v.currentPassword, v.newPassword);
      const now = await refresh();
      void message.success(t('admin.password.done'));
      navigate(now ? landingFor(now, next) : next, { replace: true });
    } catch (e) {
      const fields = problemFieldErrors(e);
      const placed = fields.map((f) => ({ name: pointerToNamePath(f.pointer), errors: [f.detail] })).filter((f) => f.name && f.name.length === 1);
      if (placed.length) showFieldErrors(form, placed.map((f) => ({ name: f.name!, errors: f.errors })));
      if (placed.length < fields.length || !fields.length) setFailure(problemAlert(t, e));
    } finally {
      setBusy(false);
    }
  };

  const exit = async () => {
    await signOut('signed-out');
    navigate('/admin/login', { replace: true });
  };

  return (
    <AuthFrame
      title={t('admin.password.title')}
      lead={t('admin.password.lead', { username: me.username ?? '' })}
      foot={
        forced ? (
          <Button type="link" icon={<LogoutOutlined />} onClick={() => void exit()} className="ow-admin-signin-foot-btn">
            {t('admin.password.signOut')}
          </Button>
        ) : (
          <Link to={next}>{t('admin.password.back')}</Link>
        )
      }
    >
      {forced && (
        <Alert type="warning" showIcon title={t('admin.password.forced')} description={t('admin.password.forcedHint')} className="ow-admin-signin-alert" />
      )}
      {failure && <Alert type="error" showIcon role="alert" title={failure.title} description={failure.detail} className="ow-admin-signin-alert" />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit} disabled={busy}>
        {/* lets password managers attach the new password to the right account */}
        <input type="text" name="username" autoComplete="username" value={me.username ?? ''} readOnly hidden />
        <Form.Item
          name="currentPassword"
          label={forced ? t('admin.password.initial') : t('admin.password.current')}
          rules={[{ required: true, message: t('admin.password.currentRequired') }]}
        >
          <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="current-password" maxLength={128} size="large" autoFocus />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('admin.password.new')}
          extra={t('admin.password.rule')}
          rules={[
            { required: true, message: t('admin.password.newRequired') },
            { validator: async (_r, v: string | undefined) => { if (v && !passwordStrongEnough(v)) throw new Error(t('admin.password.weak')); } },
          ]}
        >
          <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="new-password" maxLength={64} size="large" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('admin.password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('admin.password.confirmRequired') },
            ({ getFieldValue }) => ({
              validator: async (_r, v: string | undefined) => {
                if (v && v !== getFieldValue('newPassword')) throw new Error(t('admin.password.mismatch'));
              },
            }),
          ]}
        >
          <Input.Password prefix={<LockOutlined aria-hidden />} autoComplete="new-password" maxLength={64} size="large" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={busy}>
          {t('admin.password.submit')}
        </Button>
      </Form>
    </AuthFrame>
  );
}
