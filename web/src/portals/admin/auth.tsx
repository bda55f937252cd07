/**
 * The staff session of the workbench (统一身份认证): who is signed in is whatever GET /api/v1/me
 * answers for the HttpOnly session cookie. Nothing about the session is kept in the browser's
 * storage; a 401 from any call ends it here too, and the guards (guards.tsx) send the visitor to
 * the sign-in page (remembering where they were going), to the forced password change, or to a
 * page telling a citizen that this is the staff workbench.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { ApiError } from '../../api/client';
import { createAdminApi, staffAuth, type AdminApi, type Me } from '../../api/admin';

/** Query key of the session: apart from ['admin', …] so that clearing the workbench's data keeps it. */
export const SESSION_KEY = ['staff-session'] as const;

/** Why the visitor is on the sign-in page. */
export type SignOutReason = 'signed-out' | 'expired';

export type SessionStatus = 'loading' | 'error' | 'anonymous' | 'person' | 'staff';

interface StaffSession {
  status: SessionStatus;
  /** the signed-in account (staff or person), when there is one */
  me: Me | null;
  error: unknown;
  retry: () => void;
  api: AdminApi;
  /** set when the last session ended */
  reason: SignOutReason | null;
  /** the same, read at once (not at the next render) */
  reasonNow: () => SignOutReason | null;
  /** reloads the session after signing in or changing the password */
  refresh: () => Promise<Me | null>;
  /** ends the session on the server and here */
  signOut: (reason?: SignOutReason) => Promise<void>;
}

const SessionContext = createContext<StaffSession | null>(null);

export function StaffSessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [reason, setReasonState] = useState<SignOutReason | null>(null);
  // read synchronously by the guard, which may render before the state update lands
  const reasonRef = useRef<SignOutReason | null>(null);
  const setReason = useCallback((r: SignOutReason | null) => {
    reasonRef.current = r;
    setReasonState(r);
  }, []);
  const wasSignedIn = useRef(false);

  const query = useQuery({
    queryKey: SESSION_KEY,
    queryFn: async ({ signal }) => {
      const me = await staffAuth.me(signal);
      // the session ended while the workbench was open (idle timeout, roles changed, signed out elsewhere)
      if (!me && wasSignedIn.current) setReason('expired');
      wasSignedIn.current = !!me;
      return me;
    },
    staleTime: 5 * 60_000,
    // coming back to the tab checks that the session still holds
    refetchOnWindowFocus: true,
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 2,
  });

  const ended = useCallback(
    (why: SignOutReason) => {
      wasSignedIn.current = false;
      setReason(why);
      queryClient.setQueryData(SESSION_KEY, null);
      queryClient.removeQueries({ queryKey: ['admin'] });
      // the portal reads the same cookie (its own query of /me)
      void queryClient.invalidateQueries({ queryKey: ['identity'] });
    },
    [queryClient, setReason],
  );

  const signOut = useCallback(
    async (why: SignOutReason = 'signed-out') => {
      try {
        await staffAuth.logout();
      } catch {
        // the cookie may already be gone; the session ends here all the same
      }
      ended(why);
    },
    [ended],
  );

  const refresh = useCallback(async () => {
    setReason(null);
    const me = await queryClient.fetchQuery({ queryKey: SESSION_KEY, queryFn: ({ signal }) => staffAuth.me(signal), staleTime: 0 });
    wasSignedIn.current = !!me;
    queryClient.removeQueries({ queryKey: ['admin'] });
    void queryClient.invalidateQueries({ queryKey: ['identity'] });
    return me;
  }, [queryClient, setReason]);

  const api = useMemo(() => createAdminApi(() => ended('expired')), [ended]);

  const me = query.data ?? null;
  let status: SessionStatus;
  if (query.isPending) status = 'loading';
  else if (query.isError && query.data === undefined) status = 'error';
  else if (!me) status = 'anonymous';
  else status = me.kind === 'staff' ? 'staff' : 'person';

  const { refetch } = query;
  const retry = useCallback(() => void refetch(), [refetch]);
  const reasonNow = useCallback(() => reasonRef.current, []);
  const value = useMemo(
    () => ({ status, me, error: query.error, retry, api, reason, reasonNow, refresh, signOut }),
    [status, me, query.error, retry, api, reason, reasonNow, refresh, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useStaffSession(): StaffSession {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useStaffSession outside StaffSessionProvider');
  return ctx;
}

/** The signed-in staff member (pages under RequireStaff only). */
export function useMe(): Me {
  const { me } = useStaffSession();
  if (!me) throw new Error('not signed in');
  return me;
}

/** The API client of the workbench. */
export function useAdminApi(): AdminApi {
  return useStaffSession().api;
}
