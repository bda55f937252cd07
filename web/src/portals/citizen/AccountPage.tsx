/**
 * 个人中心: profile and assurance level, businesses and their agents, account security, devices.
 * A side menu at desktop width; on phones the account card, a four-button menu and the section
 * below. Visitors without a session go to the login page and come back here afterwards.
 */
import { BankOutlined, BellOutlined, FileTextOutlined, LaptopOutlined, LogoutOutlined, RightOutlined, SafetyOutlined, UserOutlined, IdcardOutlined } from '@ant-design/icons';
import { Alert, Breadcrumb, Button, message } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, NavLink, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useMe, type Me } from '../../api/identity';
import { ErrorState, PageLoading } from '../../components/QueryState';
import { useIsMobile } from '../../lib/useMedia';
import { useDocumentTitle } from '../../lib/useDocumentTitle';
import { EnterprisesSection } from './EnterprisesSection';
import { ProfileSection } from './ProfileSection';
import { SecuritySection } from './SecuritySection';
import { SessionsSection } from './SessionsSection';
import { LevelBadge } from './LevelBadge';
import { CitizenTheme } from './parts';
import { FEEDBACK_LINKS } from './feedback/links';
import { useLogout } from './session';
import './citizen.css';

const SECTIONS = [
  { key: 'profile', path: '/account', icon: <UserOutlined /> },
  { key: 'enterprises', path: '/account/enterprises', icon: <BankOutlined /> },
  { key: 'security', path: '/account/security', icon: <SafetyOutlined /> },
  { key: 'sessions', path: '/account/sessions', icon: <LaptopOutlined /> },
] as const;

function AccountCard({ me, onLogout }: { me: Me; onLogout: () => void }) {
  const { t } = useTranslation();
  const initial = Array.from(me.name)[0] ?? '';
  return (
    <div className="ow-account-card">
      <span className="ow-account-avatar" aria-hidden>
        {initial}
      </span>
      <div className="ow-account-who">
        <div className="ow-account-name">{me.name}</div>
        <div className="ow-account-meta">
          {me.kind === 'person' ? <LevelBadge level={me.level} /> : <span className="ow-level-badge">{t('account.profile.kinds.staff')}</span>}
          {me.phone && <span className="ow-account-phone">{me.phone}</span>}
        </div>
      </div>
      <Button type="text" className="ow-account-logout" icon={<LogoutOutlined />} onClick={onLogout} aria-label={t('account.logout')}>
        <span className="ow-account-logout-text">{t('account.logout')}</span>
      </Button>
    </div>
  );
}

function SideMenu({ staff }: { staff: boolean }) {
  const { t } = useTranslation();
  const sections = staff ? SECTIONS.filter((s) => s.key !== 'enterprises') : SECTIONS;
  return (
    <nav className={`ow-account-menu ow-account-menu-${sections.length}`} aria-label={t('account.title')}>
      {sections.map((s) => (
        <NavLink key={s.key} to={s.path} end className={({ isActive }) => (isActive ? 'ow-account-menu-item active' : 'ow-account-menu-item')}>
          <span className="ow-account-menu-icon" aria-hidden>
            {s.icon}
          </span>
          <span className="ow-account-menu-label">{t(`account.menu.${s.key}`)}</span>
          <RightOutlined className="ow-account-menu-arrow" aria-hidden />
        </NavLink>
      ))}
    </nav>
  );
}

export default function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const mobile = useIsMobile();
  const logout = useLogout();
  const [messageApi, holder] = message.useMessage();
  const current = SECTIONS.find((s) => s.path === location.pathname.replace(/\/+$/, '')) ?? SECTIONS[0];
  useDocumentTitle(`${t(`account.menu.${current.key}`)} - ${t('account.title')}`);

  // the welcome of a new registration, once
  const state = location.state as { welcome?: boolean } | null;
  useEffect(() => {
    if (state?.welcome) {
      void messageApi.success(t('account.welcome'));
      navigate(location.pathname, { replace: true, state: null });
    }
  }, [state, messageApi, t, navigate, location.pathname]);

  if (me.isPending) return <PageLoading />;
  if (me.isError) {
    return (
      <div className="ow-container ow-account-page">
        <div className="ow-panel">
          <ErrorState error={me.error} onRetry={() => void me.refetch()} />
        </div>
      </div>
    );
  }
  if (!me.data) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  const account = me.data;

  let body: ReactNode;
  if (account.kind === 'staff') {
    body = (
      <>
        <Alert
          type="info"
          showIcon
          title={t('account.staffNote')}
          action={
            <Link to="/admin">
              <Button size="small" type="primary">
                {t('account.toWorkbench')}
              </Button>
            </Link>
          }
          className="ow-account-alert"
        />
        <Routes>
          <Route path="security" element={<SecuritySection />} />
          <Route path="sessions" element={<SessionsSection />} />
          <Route path="*" element={<ProfileSection me={account} />} />
        </Routes>
      </>
    );
  } else {
    body = (
      <Routes>
        <Route path="enterprises" element={<EnterprisesSection me={account} />} />
        <Route path="security" element={<SecuritySection />} />
        <Route path="sessions" element={<SessionsSection />} />
        <Route path="*" element={<ProfileSection me={account} />} />
      </Routes>
    );
  }

  return (
    <CitizenTheme>
      <div className="ow-account">
        {holder}
        <div className="ow-account-band">
          <div className="ow-container">
            <Breadcrumb
              className="ow-account-crumbs"
              items={[{ title: <Link to="/">{t('account.breadcrumbHome')}</Link> }, { title: <Link to="/account">{t('account.title')}</Link> }, { title: t(`account.menu.${current.key}`) }]}
            />
            <h1 className="ow-account-title">{t('account.title')}</h1>
          </div>
        </div>
        <div className="ow-container ow-account-body">
          {account.passwordChangeRequired && current.key !== 'security' && (
            <Alert
              type="warning"
              showIcon
              title={t('account.passwordChangeRequired')}
              description={t('account.passwordChangeRequiredHint')}
              action={
                <Link to="/account/security">
                  <Button size="small">{t('account.goChange')}</Button>
                </Link>
              }
              className="ow-account-alert"
            />
          )}
          <div className="ow-account-grid">
            <aside className="ow-account-side ow-panel">
              <AccountCard me={account} onLogout={() => void logout('/')} />
              {account.kind === 'person' && (
                <nav className="ow-account-quick" aria-label={t('applications.title')}>
                  <Link to="/my/applications" className="ow-account-quick-link">
                    <FileTextOutlined aria-hidden /> {t('applications.menu.applications')}
                  </Link>
                  <Link to="/my/licences" className="ow-account-quick-link">
                    <IdcardOutlined aria-hidden /> {t('licences.menu')}
                  </Link>
                  {FEEDBACK_LINKS.map((l) => (
                    <Link key={l.key} to={l.to} className="ow-account-quick-link">
                      {l.icon} {t(l.label)}
                    </Link>
                  ))}
                  <Link to="/my/notifications" className="ow-account-quick-link">
                    <BellOutlined aria-hidden /> {t('applications.menu.notifications')}
                  </Link>
                </nav>
              )}
              {!mobile && <SideMenu staff={account.kind === 'staff'} />}
            </aside>
            {mobile && <SideMenu staff={account.kind === 'staff'} />}
            <div className="ow-account-content">{body}</div>
          </div>
        </div>
      </div>
    </CitizenTheme>
  );
}
