/** What the session guards show instead of a page: 403, a citizen's session, the server unreachable. */
import { LogoutOutlined } from '@ant-design/icons';
import { Alert, Button, Result } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorState } from '../../components/QueryState';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { AuthFrame } from './AuthFrame';
import { useStaffSession } from './auth';

/** A whole-page answer inside the workbench (403, 404): the status, what happened, the way back. */
export function AdminResult({ status, title, subtitle, back }: { status: '403' | '404'; title: string; subtitle: string; back: string }) {
  return (
    <div className="ow-admin-page">
      <div className="ow-panel ow-admin-card">
        <Result
          status={status}
          title={title}
          subTitle={subtitle}
          extra={
            <Link to="/admin">
              <Button type="primary">{back}</Button>
            </Link>
          }
        />
      </div>
    </div>
  );
}

/** 403 inside the workbench: the staff member's roles do not open this part. */
export function AdminForbidden() {
  const { t } = useTranslation();
  useDocumentTitle(t('admin.forbidden.title'));
  return <AdminResult status="403" title={t('admin.forbidden.title')} subtitle={t('admin.forbidden.subtitle')} back={t('admin.forbidden.back')} />;
}

/** A citizen signed in to the portal opened /admin: this is the staff workbench. */
export function CitizenSessionPage() {
  const { t } = useTranslation();
  const { me, signOut } = useStaffSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  useDocumentTitle(t('admin.citizen.title'));
  const switchAccount = async () => {
    setBusy(true);
    await signOut('signed-out');
    navigate('/admin/login', { replace: true });
  };
  return (
    <AuthFrame title={t('admin.citizen.title')}>
      <Alert type="info" showIcon title={t('admin.citizen.notice', { name: me?.name ?? '' })} description={t('admin.citizen.hint')} className="ow-admin-signin-alert" />
      <div className="ow-admin-auth-actions">
        <Button type="primary" size="large" block href="/">
          {t('admin.citizen.toPortal')}
        </Button>
        <Button size="large" block icon={<LogoutOutlined />} loading={busy} onClick={() => void switchAccount()}>
          {t('admin.citizen.switch')}
        </Button>
      </div>
    </AuthFrame>
  );
}

/** GET /me failed other than with 401: the node is unreachable or broken. */
export function SessionFailure({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <AuthFrame title={t('admin.signIn.title')}>
      <ErrorState error={error} onRetry={onRetry} />
    </AuthFrame>
  );
}
