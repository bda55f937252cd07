import { MenuOutlined } from '@ant-design/icons';
import { Button, Drawer } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useNodeInfo } from '../api/hooks';
import { searchHref } from '../lib/searchParams';
import { useIsMobile } from '../lib/useMedia';
import { DrawerAccountLinks, HeaderAccount } from '../portals/citizen/HeaderAccount';
import { BrandMark } from './BrandMark';
import { LanguageSwitch } from './LanguageSwitch';

function useNavItems() {
  const { t } = useTranslation();
  return [
    { to: '/', label: t('nav.home'), key: 'home' },
    { to: searchHref({ audienceGroup: 'personal' }), label: t('nav.personal'), key: 'personal' },
    { to: searchHref({ audienceGroup: 'legal' }), label: t('nav.legal'), key: 'legal' },
    { to: searchHref({ onlineDepth: '4' }), label: t('nav.online'), key: 'online' },
  ];
}

/** Government-portal header band: brand on the left, navigation and language on the right. */
export function SiteHeader() {
  const { t } = useTranslation();
  const node = useNodeInfo();
  const nav = useNavItems();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const mobile = useIsMobile();
  const current = location.pathname + location.search;
  const isActive = (to: string) => (to === '/' ? location.pathname === '/' : current === to);

  return (
    <header className="ow-header">
      <a className="ow-skip" href="#main">
        {t('nav.skip')}
      </a>
      <div className="ow-container ow-header-inner">
        <Link to="/" className="ow-brand" aria-label={t('brand.name')}>
          <BrandMark />
          <span className="ow-brand-text">
            <span className="ow-brand-name">{t('brand.name')}</span>
            <span className="ow-brand-sub">{node.data?.name ?? t('brand.tagline')}</span>
          </span>
        </Link>
        {!mobile && (
          <nav className="ow-nav" aria-label={t('nav.menu')}>
            {nav.map((item) => (
              <Link
                key={item.key}
                to={item.to}
                className={isActive(item.to) ? 'ow-nav-link active' : 'ow-nav-link'}
                aria-current={isActive(item.to) ? 'page' : undefined}
              >
                {item.label}
              </Link>
            ))}
          </nav>
        )}
        <div className="ow-header-tools">
          <LanguageSwitch compact />
          <HeaderAccount compact={mobile} />
          {mobile && (
            <Button
              type="text"
              className="ow-header-btn"
              icon={<MenuOutlined />}
              aria-label={t('nav.menu')}
              aria-expanded={open}
              onClick={() => setOpen(true)}
            />
          )}
        </div>
      </div>
      <Drawer
        open={mobile && open}
        onClose={() => setOpen(false)}
        placement="right"
        size={260}
        title={t('nav.menu')}
        className="ow-menu-drawer"
      >
        <nav className="ow-drawer-nav" aria-label={t('nav.menu')}>
          {nav.map((item) => (
            <Link
              key={item.key}
              to={item.to}
              className={isActive(item.to) ? 'ow-drawer-link active' : 'ow-drawer-link'}
              aria-current={isActive(item.to) ? 'page' : undefined}
              onClick={() => setOpen(false)}
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <DrawerAccountLinks onNavigate={() => setOpen(false)} />
      </Drawer>
    </header>
  );
}
