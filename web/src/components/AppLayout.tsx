import { Suspense, useEffect } from 'react';
import { Outlet, useLocation } from 'react-router';
import { SiteFooter } from './SiteFooter';
import { SiteHeader } from './SiteHeader';
import { PageLoading } from './QueryState';
import { FooterVerifyLink } from '../portals/citizen/licences/FooterVerifyLink';

export function AppLayout() {
  const { pathname } = useLocation();
  useEffect(() => {
    if (!window.location.hash) window.scrollTo(0, 0);
  }, [pathname]);
  return (
    <div className="ow-app">
      <SiteHeader />
      <main id="main" className="ow-main" tabIndex={-1}>
        <Suspense fallback={<PageLoading />}>
          <Outlet />
        </Suspense>
      </main>
      <SiteFooter />
      <FooterVerifyLink />
    </div>
  );
}
