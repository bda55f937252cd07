import { KeyOutlined, LoginOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { verifyAdminToken } from '../../api/admin';
import { useNodeInfo } from '../../api/hooks';
import { BrandMark } from '../../components/BrandMark';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { useAdminAuth } from './auth';

/** Only same-site admin paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next && /^\/admin(\/|$)/.test(next) && !next.startsWith('//') ? next : '/admin/items';
}

interface Failure {
  title: string;
  detail?: string;
}

export default function SignInPage() {
  const { t } = useTranslation();
  const node = useNodeInfo();
  const { token, reason, signIn } = useAdminAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  useDocumentTitle(t('admin.signIn.title'));
  const next = safeNext(params.get('next'));

  if (token) return <Navigate to={next} replace />;

  const submit = async ({ token: value }: { token: string }) => {
    const candidate = value.trim();
    setBusy(true);
    setFailure(null);
    try {
      await verifyAdminToken(candidate);
      signIn(candidate);
      navigate(next, { replace: true });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        setFailure({ title: t('admin.signIn.error401'), detail: e.problem?.detail ?? e.problem?.title });
      } else if (e instanceof ApiError && e.status === 403) {
        setFailure({ title: t('admin.signIn.error403'), detail: t('admin.signIn.error403Hint') });
      } else if (e instanceof ApiError) {
        setFailure({ title: t('admin.signIn.errorOther', { status: e.status }), detail: e.problem?.title });
      } else {
        setFailure({ title: t('admin.signIn.errorNetwork'), detail: t('common.errorHint') });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="ow-admin-signin">
      <div className="ow-admin-signin-top">
        <LanguageSwitch compact />
      </div>
      <main className="ow-admin-signin-main" id="admin-main">
        <div className="ow-admin-signin-brand">
          <BrandMark size={48} />
          <div>
            <div className="ow-admin-signin-name">{t('admin.title')}</div>
            <div className="ow-admin-signin-node">{node.data?.name ?? t('brand.name')}</div>
          </div>
        </div>
        <section className="ow-panel ow-admin-signin-card" aria-labelledby="signin-title">
          <h1 id="signin-title">{t('admin.signIn.title')}</h1>
          <p className="ow-muted">{t('admin.signIn.subtitle')}</p>
          {reason === 'expired' && !failure && (
            <Alert type="warning" showIcon title={t('admin.signIn.expired')} className="ow-admin-signin-alert" />
          )}
          {failure && (
            <Alert
              type="error"
              showIcon
              role="alert"
              title={failure.title}
              description={failure.detail}
              className="ow-admin-signin-alert"
            />
          )}
          <Form layout="vertical" requiredMark={false} onFinish={submit} disabled={busy}>
            <Form.Item
              name="token"
              label={t('admin.signIn.tokenLabel')}
              rules={[{ required: true, whitespace: true, message: t('admin.signIn.tokenRequired') }]}
            >
              <Input.Password
                prefix={<KeyOutlined aria-hidden />}
                placeholder={t('admin.signIn.tokenPlaceholder')}
                autoComplete="off"
                autoFocus
                size="large"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" size="large" block icon={<LoginOutlined />} loading={busy}>
              {t('admin.signIn.submit')}
            </Button>
          </Form>
          <div className="ow-admin-signin-help">
            <h2>{t('admin.signIn.helpTitle')}</h2>
            <p>{t('admin.signIn.help')}</p>
            <pre className="ow-code ow-admin-pre">cat data/admin-token</pre>
            <p className="ow-muted">{t('admin.signIn.helpSession')}</p>
          </div>
        </section>
        <p className="ow-admin-signin-foot">
          <Link to="/">{t('admin.signIn.toPortal')}</Link>
        </p>
      </main>
    </div>
  );
}
