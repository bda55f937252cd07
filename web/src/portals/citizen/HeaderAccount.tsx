/**
 * The account corner of the site header: 登录 / 注册 when signed out, the masked name with a menu
 * (我的办件, 我的证照, 我的评价, 我的投诉建议, 消息提醒, 个人中心, 退出登录) and, for persons, the notification bell when signed in.
 * Compact on phones: icon buttons.
 */
import { BellOutlined, DownOutlined, FileTextOutlined, IdcardOutlined, LoginOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Badge, Button, Dropdown, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { useMe } from '../../api/identity';
import { NotificationBell, useUnreadCount } from './applications/NotificationBell';
import { FEEDBACK_LINKS } from './feedback/links';
import { useLogout } from './session';
import './header.css';

/** The login link carries the page to come back to (not for the home page nor the auth pages). */
function useLoginHref(): string {
  const { pathname, search } = useLocation();
  if (pathname === '/' || /^\/(login|register|forgot-password)(\/|$)/.test(pathname)) return '/login';
  return `/login?next=${encodeURIComponent(pathname + search)}`;
}

export function HeaderAccount({ compact = false }: { compact?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const loginHref = useLoginHref();
  const unread = useUnreadCount(me.data?.kind === 'person');

  // while the first answer is on its way, keep the place without flashing the login links
  if (me.isPending) return <span className={compact ? 'ow-hdr-account-slot compact' : 'ow-hdr-account-slot'} aria-hidden />;

  if (!me.data) {
    if (compact) {
      return (
        <Link to={loginHref} className="ow-hdr-login-compact" aria-label={t('auth.header.login')} title={t('auth.header.login')}>
          <UserOutlined aria-hidden />
        </Link>
      );
    }
    return (
      <div className="ow-hdr-auth">
        <Link to={loginHref} className="ow-hdr-login">
          <LoginOutlined aria-hidden /> {t('auth.header.login')}
        </Link>
        <Link to="/register" className="ow-hdr-register">
          {t('auth.header.register')}
        </Link>
      </div>
    );
  }

  const account = me.data;
  const items: MenuProps['items'] = [
    { key: 'who', label: <span className="ow-hdr-menu-who">{t('auth.header.signedInAs', { name: account.name })}</span>, disabled: true },
    { type: 'divider' },
    ...(account.kind === 'person'
      ? [
          { key: 'applications', icon: <FileTextOutlined />, label: t('applications.menu.applications') },
          { key: 'licences', icon: <IdcardOutlined />, label: t('licences.menu') },
          ...FEEDBACK_LINKS.map((l) => ({ key: l.to, icon: l.icon, label: t(l.label) })),
          {
            key: 'notifications',
            icon: <BellOutlined />,
            label: (
              <span className="ow-hdr-menu-notes">
                {t('applications.menu.notifications')}
                {unread > 0 && <Badge count={unread} size="small" overflowCount={99} />}
              </span>
            ),
          },
        ]
      : []),
    { key: 'account', icon: <UserOutlined />, label: t('auth.header.account') },
    { key: 'logout', icon: <LogoutOutlined />, label: t('auth.header.logout'), danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'account') navigate('/account');
    if (key === 'applications') navigate('/my/applications');
    if (key === 'licences') navigate('/my/licences');
    if (key === 'notifications') navigate('/my/notifications');
    if (key === 'logout') void logout('/');
    if (FEEDBACK_LINKS.some((l) => l.to === key)) navigate(key);
  };
  return (
    <div className={compact ? 'ow-hdr-signedin compact' : 'ow-hdr-signedin'}>
    {account.kind === 'person' && !compact && <NotificationBell />}
    <Dropdown trigger={['click']} menu={{ items, onClick }} placement="bottomRight">
      <Button type="text" className={compact ? 'ow-header-btn ow-hdr-user compact' : 'ow-header-btn ow-hdr-user'} aria-label={`${t('auth.header.menu')}: ${account.name}${compact && unread > 0 ? `（${t('applications.notifications.unread', { count: unread })}）` : ''}`}>
        {compact && account.kind === 'person' ? (
          <Badge count={unread} size="small" overflowCount={99} offset={[-2, 2]} data-testid="notification-badge">
            <span className="ow-hdr-avatar" aria-hidden>
              {Array.from(account.name)[0]}
            </span>
          </Badge>
        ) : (
          <span className="ow-hdr-avatar" aria-hidden>
            {Array.from(account.name)[0]}
          </span>
        )}
        {!compact && (
          <>
            <span className="ow-hdr-name">{account.name}</span>
            <DownOutlined className="ow-hdr-caret" aria-hidden />
          </>
        )}
      </Button>
    </Dropdown>
    </div>
  );
}

/** The account links of the phone menu drawer. */
export function DrawerAccountLinks({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const loginHref = useLoginHref();
  if (me.isPending) return null;
  return (
    <div className="ow-drawer-account">
      {me.data ? (
        <>
          {me.data.kind === 'person' && (
            <>
              <Link to="/my/applications" className="ow-drawer-link" onClick={onNavigate}>
                <FileTextOutlined aria-hidden /> {t('applications.menu.applications')}
              </Link>
              <Link to="/my/licences" className="ow-drawer-link" onClick={onNavigate}>
                <IdcardOutlined aria-hidden /> {t('licences.menu')}
              </Link>
              {FEEDBACK_LINKS.map((l) => (
                <Link key={l.key} to={l.to} className="ow-drawer-link" onClick={onNavigate}>
                  {l.icon} {t(l.label)}
                </Link>
              ))}
              <Link to="/my/notifications" className="ow-drawer-link" onClick={onNavigate}>
                <BellOutlined aria-hidden /> {t('applications.menu.notifications')}
              </Link>
            </>
          )}
          <Link to="/account" className="ow-drawer-link" onClick={onNavigate}>
            <UserOutlined aria-hidden /> {t('auth.header.account')}
          </Link>
          <button
            type="button"
            className="ow-drawer-link ow-drawer-logout"
            onClick={() => {
              onNavigate();
              void logout('/');
            }}
          >
            <LogoutOutlined aria-hidden /> {t('auth.header.logout')}
          </button>
        </>
      ) : (
        <div className="ow-drawer-auth">
          <Link to={loginHref} onClick={onNavigate}>
            <Button type="primary" block>
              {t('auth.header.login')}
            </Button>
          </Link>
          <Link to="/register" onClick={onNavigate}>
            <Button block>{t('auth.header.register')}</Button>
          </Link>
        </div>
      )}
    </div>
  );
}
