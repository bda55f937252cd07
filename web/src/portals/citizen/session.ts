/** Signing in and out from the citizen pages: the shared `me` answer is kept in step with the cookie. */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { useNavigate } from 'react-router';
import { identityApi, isStatus, ME_KEY } from '../../api/identity';

/** Queries of the personal centre (sessions, passkeys, enterprises …), dropped when the account changes. */
export const ACCOUNT_KEY = ['identity', 'account'] as const;

/** Paths the web app routes itself; anything else (e.g. the SSO consent page of the node) loads in full. */
const SPA_PATHS = /^\/(account|my|me|rate|ratings|complaints|verify|search|items|sso|admin|register|login|forgot-password)?(\/|\?|#|$)/;

/** After a login: read the new account, then go to `next`. */
export function useAfterSignIn() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(
    async (next: string, state?: Record<string, unknown>) => {
      queryClient.removeQueries({ queryKey: ACCOUNT_KEY });
      try {
        queryClient.setQueryData(ME_KEY, await identityApi.me());
      } catch {
        await queryClient.invalidateQueries({ queryKey: ME_KEY });
      }
      if (SPA_PATHS.test(next)) navigate(next, { replace: true, state });
      else window.location.assign(next);
    },
    [queryClient, navigate],
  );
}

/** Forgets the account on this page (after logout, or when the server says the session is gone). */
export function useForgetAccount() {
  const queryClient = useQueryClient();
  return useCallback(() => {
    queryClient.setQueryData(ME_KEY, null);
    queryClient.removeQueries({ queryKey: ACCOUNT_KEY });
  }, [queryClient]);
}

/** Logs out (the server ends the session and clears the cookie), then goes to `to`. */
export function useLogout() {
  const forget = useForgetAccount();
  const navigate = useNavigate();
  return useCallback(
    async (to = '/') => {
      try {
        await identityApi.logout();
      } finally {
        forget();
        navigate(to, { replace: true, state: { loggedOut: true } });
      }
    },
    [forget, navigate],
  );
}

/** A 401 inside the personal centre means the session ended elsewhere: forget it (the page then asks to log in). */
export function useOn401() {
  const forget = useForgetAccount();
  return useCallback(
    (e: unknown) => {
      if (isStatus(e, 401)) forget();
    },
    [forget],
  );
}

/** The same for the error of a query. */
export function useOn401Error(error: unknown) {
  const on401 = useOn401();
  useEffect(() => {
    if (error) on401(error);
  }, [error, on401]);
}
