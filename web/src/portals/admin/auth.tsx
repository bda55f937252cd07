/**
 * Interim sign-in of catalogue administrators: the node's static admin token, kept in
 * sessionStorage (gone with the tab) until unified identity (统一身份认证) replaces it.
 */
import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { createAdminApi, type AdminApi } from '../../api/admin';

const STORAGE_KEY = 'onewindow.adminToken';

function readToken(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

function writeToken(token: string | null) {
  try {
    if (token) sessionStorage.setItem(STORAGE_KEY, token);
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    // storage unavailable: the token lives in memory only
  }
}

/** Why the administrator is on the sign-in page. */
export type SignOutReason = 'signed-out' | 'expired';

interface AdminAuth {
  token: string | null;
  api: AdminApi | null;
  /** set when the last session ended */
  reason: SignOutReason | null;
  /** stores a token the server has accepted */
  signIn: (token: string) => void;
  signOut: (reason?: SignOutReason) => void;
}

const AuthContext = createContext<AdminAuth | null>(null);

export function AdminAuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState<string | null>(readToken);
  const [reason, setReason] = useState<SignOutReason | null>(null);

  const signOut = useCallback(
    (why: SignOutReason = 'signed-out') => {
      writeToken(null);
      setToken(null);
      setReason(why);
      queryClient.removeQueries({ queryKey: ['admin'] });
    },
    [queryClient],
  );
  const signIn = useCallback((value: string) => {
    writeToken(value);
    setToken(value);
    setReason(null);
  }, []);
  // a token refused later (changed on the node) ends the session
  const api = useMemo(() => (token ? createAdminApi(token, () => signOut('expired')) : null), [token, signOut]);
  const value = useMemo(() => ({ token, api, reason, signIn, signOut }), [token, api, reason, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAdminAuth(): AdminAuth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAdminAuth outside AdminAuthProvider');
  return ctx;
}

/** The API client of the signed-in administrator (pages under RequireAdmin only). */
export function useAdminApi(): AdminApi {
  const { api } = useAdminAuth();
  if (!api) throw new Error('not signed in');
  return api;
}

/** Sends visitors without a token to the sign-in page, remembering where they were going. */
export function RequireAdmin({ children }: { children: ReactNode }) {
  const { token } = useAdminAuth();
  const location = useLocation();
  if (!token) {
    const next = location.pathname + location.search;
    return <Navigate to={`/admin/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
