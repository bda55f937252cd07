/** Guards of the workbench's routes: who may see a page, and what the others see instead. */
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { PageLoading } from '../../components/QueryState';
import { mayEnter, type Area } from './access';
import { useMe, useStaffSession } from './auth';
import { AdminForbidden, CitizenSessionPage, SessionFailure } from './SessionPages';

/** The sign-in page's address, remembering where the visitor was going. */
export function signInHref(next: string): string {
  return next && next !== '/admin' && next !== '/admin/' ? `/admin/login?next=${encodeURIComponent(next)}` : '/admin/login';
}

/**
 * Lets only signed-in staff through: others go to sign in; a citizen learns this is the staff
 * workbench; staff with an initial password change it first (unless this is that page).
 */
export function RequireStaff({ children, passwordPage = false }: { children: ReactNode; passwordPage?: boolean }) {
  const { status, me, error, retry, reasonNow } = useStaffSession();
  const location = useLocation();
  const here = location.pathname + location.search;
  if (status === 'loading') return <PageLoading />;
  if (status === 'error') return <SessionFailure error={error} onRetry={retry} />;
  // after 退出 the next sign-in starts afresh; an ended session brings its user back here
  if (status === 'anonymous') return <Navigate to={signInHref(passwordPage || reasonNow() === 'signed-out' ? '' : here)} replace />;
  if (status === 'person') return <CitizenSessionPage />;
  if (me?.passwordChangeRequired && !passwordPage) {
    return <Navigate to={`/admin/password?next=${encodeURIComponent(here)}`} replace />;
  }
  return <>{children}</>;
}

/** A part of the workbench for some roles only: the others see 403 (the server refuses them anyway). */
export function RequireArea({ area, children }: { area: Area; children: ReactNode }) {
  const me = useMe();
  if (!mayEnter(me, area)) return <AdminForbidden />;
  return <>{children}</>;
}
