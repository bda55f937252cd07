import { DownOutlined, GlobalOutlined, HomeOutlined, KeyOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Dropdown, Menu } from 'antd';
import type { MenuProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useNodeInfo } from '../../api/hooks';
import { BrandMark } from '../../components/BrandMark';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useIsMobile } from '../../lib/useMedia';
import { AREA_PATHS, areaOfPath, areasOf, showsHome } from './access';
import { AREA_ICONS } from './AdminParts';
import { useMe, useStaffSession } from './auth';
import { GrantLines } from './StaffParts';

/**
 * The navigation: only the parts the staff member's roles open, and the home when none does or
 * when their roles also have tools still to come (the home says which).
 */
function useMenu(onNavigate: () => void): MenuProps {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const { pathname } = useLocation();
  const areas = areasOf(me);
  const here = areaOfPath(pathname);
  // a case opened from the queue belongs to 办件 (also for the window clerk who entered it)
  const selected = (here && areas.includes(here) ? here : undefined) ?? (pathname.startsWith('/admin/home') ? 'home' : undefined);
  const paths: Record<string, string> = { ...AREA_PATHS, home: '/admin/home' };
  return {
    mode: 'inline',
    selectedKeys: selected ? [selected] : [],
    items: [
      ...areas.map((a) => ({ key: a, icon: AREA_ICONS[a], label: t(`admin.menu.${a}`) })),
      ...(showsHome(me) ? [{ key: 'home', icon: <HomeOutlined />, label: t('admin.menu.home') }] : []),
      { type: 'divider' as const },
      { key: 'portal', icon: <GlobalOutlined />, label: t('admin.menu.portal') },
    ],
    onClick: ({ key }) => {
      onNavigate();
      if (key === 'portal') window.open('/', '_blank', 'noopener');
      else if (paths[key]) navigate(paths[key]);
    },
  };
}

/** Who is signed in: masked name, user name, and every role with its organisation or region. */
function AccountCard() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <section className="ow-admin-account" aria-label={t('admin.account.label')}>
      <div className="ow-admin-account-head">
        <span className="ow-admin-avatar" aria-hidden>
          {Array.from(me.name)[0] ?? <UserOutlined />}
        </span>
        <div className="ow-admin-account-who">
          <div className="ow-admin-account-name" data-testid="staff-name">
            {me.name}
          </div>
          <div className="ow-admin-account-user ow-muted">{me.username}</div>
        </div>
      </div>
      <GrantLines grants={me.roles} className="ow-admin-grants-compact" />
    </section>
  );
}

/** The workbench frame: brand band with the node's name, account, language and 退出; the menu on the left (a drawer on phones). */
export function AdminLayout() {
  const { t } = useTranslation();
  const node = useNodeInfo();
  const me = useMe();
  const { signOut } = useStaffSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const mobile = useIsMobile();
  const [open, setOpen] = useState(false);
  const menu = useMenu(() => setOpen(false));
  const { pathname } = useLocation();
  useEffect(() => {
    if (!window.location.hash) window.scrollTo(0, 0);
  }, [pathname]);

  const exit = async () => {
    setOpen(false);
    // the session guard then shows the sign-in page
    await signOut('signed-out');
    void message.success(t('admin.signIn.signedOut'));
  };
  const changePassword = () => {
    setOpen(false);
    navigate(`/admin/password?next=${encodeURIComponent(pathname)}`);
  };

  const accountMenu: MenuProps = {
    items: [
      { key: 'who', label: <GrantLines grants={me.roles} className="ow-admin-grants-compact" />, disabled: true, className: 'ow-admin-account-menu-roles' },
      { type: 'divider' },
      { key: 'password', icon: <KeyOutlined />, label: t('admin.account.changePassword') },
      { key: 'logout', icon: <LogoutOutlined />, label: t('admin.signOut') },
    ],
    onClick: ({ key }) => {
      if (key === 'password') changePassword();
      else if (key === 'logout') void exit();
    },
  };

  return (
    <div className="ow-admin">
      <header className="ow-header ow-admin-header">
        <a className="ow-skip" href="#admin-main">
          {t('nav.skip')}
        </a>
        <div className="ow-admin-header-inner">
          {mobile && (
            <Button
              type="text"
              className="ow-header-btn"
              icon={<MenuOutlined />}
              aria-label={t('admin.menu.open')}
              aria-expanded={open}
              onClick={() => setOpen(true)}
            />
          )}
          <Link to="/admin" className="ow-brand" aria-label={t('admin.title')}>
            <BrandMark size={mobile ? 30 : 36} />
            <span className="ow-brand-text">
              <span className="ow-admin-brand-name">{t('admin.title')}</span>
              <span className="ow-brand-sub ow-admin-node" title={node.data?.name}>
                {node.data?.name ?? t('brand.name')}
              </span>
            </span>
          </Link>
          <div className="ow-header-tools">
            <LanguageSwitch compact />
            {!mobile && (
              <Dropdown menu={accountMenu} trigger={['click']} placement="bottomRight">
                <Button type="text" className="ow-header-btn ow-admin-account-btn" icon={<UserOutlined />} aria-label={t('admin.account.menu', { name: me.name })}>
                  {me.name}
                  <DownOutlined className="ow-admin-account-caret" aria-hidden />
                </Button>
              </Dropdown>
            )}
            <Button type="text" className="ow-header-btn" icon={<LogoutOutlined />} onClick={() => void exit()} aria-label={t('admin.signOut')}>
              {!mobile && t('admin.signOut')}
            </Button>
          </div>
        </div>
      </header>
      <div className="ow-admin-body">
        {!mobile && (
          <aside className="ow-admin-sider">
            <div className="ow-admin-sider-inner">
              <nav aria-label={t('nav.menu')}>
                <Menu {...menu} className="ow-admin-menu" />
              </nav>
              <AccountCard />
            </div>
          </aside>
        )}
        <main id="admin-main" className="ow-admin-content" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <Drawer
        open={mobile && open}
        onClose={() => setOpen(false)}
        placement="left"
        size={280}
        title={t('admin.title')}
        className="ow-admin-drawer"
      >
        <AccountCard />
        <nav aria-label={t('nav.menu')}>
          <Menu {...menu} className="ow-admin-menu" />
        </nav>
        <div className="ow-admin-drawer-tools">
          <Button block icon={<KeyOutlined />} onClick={changePassword}>
            {t('admin.account.changePassword')}
          </Button>
        </div>
        <p className="ow-admin-drawer-node ow-muted">{node.data?.name}</p>
      </Drawer>
    </div>
  );
}
