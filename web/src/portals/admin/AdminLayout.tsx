import { GlobalOutlined, LogoutOutlined, MenuOutlined, ProfileOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Menu } from 'antd';
import type { MenuProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useNodeInfo } from '../../api/hooks';
import { BrandMark } from '../../components/BrandMark';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { useIsMobile } from '../../lib/useMedia';
import { useAdminAuth } from './auth';

function useMenu(onNavigate: () => void): MenuProps {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const selected = pathname.startsWith('/admin/items') ? ['items'] : [];
  return {
    mode: 'inline',
    selectedKeys: selected,
    items: [
      { key: 'items', icon: <ProfileOutlined />, label: t('admin.menu.items') },
      { type: 'divider' },
      { key: 'portal', icon: <GlobalOutlined />, label: t('admin.menu.portal') },
    ],
    onClick: ({ key }) => {
      onNavigate();
      if (key === 'items') navigate('/admin/items');
      else if (key === 'portal') window.open('/', '_blank', 'noopener');
    },
  };
}

/** The workbench frame: brand band with the node's name, language and 退出; the menu on the left (a drawer on phones). */
export function AdminLayout() {
  const { t } = useTranslation();
  const node = useNodeInfo();
  const { signOut } = useAdminAuth();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [open, setOpen] = useState(false);
  const menu = useMenu(() => setOpen(false));
  const { pathname } = useLocation();
  useEffect(() => {
    if (!window.location.hash) window.scrollTo(0, 0);
  }, [pathname]);

  const exit = () => {
    signOut('signed-out');
    void message.success(t('admin.signIn.signedOut'));
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
          <Link to="/admin/items" className="ow-brand" aria-label={t('admin.title')}>
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
            <Button type="text" className="ow-header-btn" icon={<LogoutOutlined />} onClick={exit} aria-label={t('admin.signOut')}>
              {!mobile && t('admin.signOut')}
            </Button>
          </div>
        </div>
      </header>
      <div className="ow-admin-body">
        {!mobile && (
          <aside className="ow-admin-sider">
            <nav aria-label={t('nav.menu')}>
              <Menu {...menu} className="ow-admin-menu" />
            </nav>
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
        size={248}
        title={t('admin.title')}
        className="ow-admin-drawer"
      >
        <nav aria-label={t('nav.menu')}>
          <Menu {...menu} className="ow-admin-menu" />
        </nav>
        <p className="ow-admin-drawer-node ow-muted">{node.data?.name}</p>
      </Drawer>
    </div>
  );
}
