import { keepPreviousData, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { listAllOrganisations, searchOrganisations, type AdminListParams, type OrganisationSearch, type StaffListParams } from '../../api/admin';
import { api as publicApi, type Region } from '../../api/client';
import { useAdminApi } from './auth';

/**
 * A list page's filters kept in the address: `update(patch)` sets or clears (undefined, '', a
 * default value, page 1) each key and goes back to page 1 unless the patch names the page.
 */
export function useSearchUpdate(defaults: Record<string, string> = {}) {
  const [params, setParams] = useSearchParams();
  const update = (patch: Record<string, string | number | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '' || (k === 'page' && v === 1) || defaults[k] === String(v)) next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next);
  };
  return [params, update] as const;
}

const HOUR = 60 * 60 * 1000;
/** Administrators see their own changes at once: admin data is never served from a stale cache. */
const FRESH = { staleTime: 0 } as const;

export function useAdminItems(params: AdminListParams, enabled = true) {
  const api = useAdminApi();
  return useQuery({
    queryKey: ['admin', 'items', params],
    queryFn: ({ signal }) => api.listItems(params, signal),
    placeholderData: keepPreviousData,
    enabled,
    ...FRESH,
  });
}

export function useAdminItem(code: string | undefined) {
  const api = useAdminApi();
  return useQuery({
    queryKey: ['admin', 'item', code],
    queryFn: ({ signal }) => api.item(code!, signal),
    enabled: !!code,
    ...FRESH,
  });
}

export function useItemVersions(code: string, enabled: boolean) {
  const api = useAdminApi();
  return useQuery({
    queryKey: ['admin', 'versions', code],
    queryFn: ({ signal }) => api.versions(code, signal),
    enabled,
    ...FRESH,
  });
}

export function useItemVersion(code: string | undefined, version: number | undefined) {
  const api = useAdminApi();
  return useQuery({
    queryKey: ['admin', 'version', code, version],
    queryFn: ({ signal }) => api.version(code!, version!, signal),
    enabled: !!code && version !== undefined,
    // a version other than the latest draft never changes
    staleTime: HOUR,
  });
}

export function useAllOrganisations() {
  return useQuery({
    queryKey: ['organisations', 'every'],
    queryFn: ({ signal }) => listAllOrganisations(signal),
    staleTime: HOUR,
  });
}

/** After a change: the admin views and what citizens see of the item (search, guide, topics). */
export function useRefreshAfterChange() {
  const queryClient = useQueryClient();
  return useCallback(
    async (code?: string) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['admin'] }),
        queryClient.invalidateQueries({ queryKey: ['items'] }),
        queryClient.invalidateQueries({ queryKey: ['topics'] }),
        code ? queryClient.invalidateQueries({ queryKey: ['item', code] }) : Promise.resolve(),
      ]);
    },
    [queryClient],
  );
}

/**
 * A mutation's pending state and error, for the buttons and dialogs that start it. (Not react-query's
 * useMutation: that would add its mutation observer to the vendor chunk every citizen downloads.)
 */
export function useAction<A extends unknown[], R>(
  fn: (...args: A) => Promise<R>,
  handlers: { onSuccess?: (result: R) => void | Promise<void>; onError?: (error: unknown) => void } = {},
) {
  const [state, setState] = useState<{ pending: boolean; error: unknown }>({ pending: false, error: null });
  const latest = useRef({ fn, handlers });
  latest.current = { fn, handlers };
  const run = useCallback(async (...args: A): Promise<R | undefined> => {
    setState({ pending: true, error: null });
    try {
      const result = await latest.current.fn(...args);
      setState({ pending: false, error: null });
      await latest.current.handlers.onSuccess?.(result);
      return result;
    } catch (error) {
      setState({ pending: false, error });
      latest.current.handlers.onError?.(error);
      return undefined;
    }
  }, []);
  const reset = useCallback(() => setState({ pending: false, error: null }), []);
  return { run, reset, pending: state.pending, error: state.error };
}

// ---- staff and relying parties -------------------------------------------------------------

export function useStaffList(params: StaffListParams) {
  const api = useAdminApi();
  return useQuery({
    queryKey: ['admin', 'staff', 'list', params],
    queryFn: ({ signal }) => api.listStaff(params, signal),
    placeholderData: keepPreviousData,
    ...FRESH,
  });
}

export function useStaffMember(id: string | undefined) {
  const api = useAdminApi();
  return useQuery({
    queryKey: ['admin', 'staff', 'one', id],
    queryFn: ({ signal }) => api.staff(id!, signal),
    enabled: !!id,
    ...FRESH,
  });
}

export function useOidcClients() {
  const api = useAdminApi();
  return useQuery({
    queryKey: ['admin', 'oidc-clients'],
    queryFn: ({ signal }) => api.listOidcClients(signal),
    ...FRESH,
  });
}

export function useOidcClient(clientId: string | undefined) {
  const api = useAdminApi();
  return useQuery({
    queryKey: ['admin', 'oidc-client', clientId],
    queryFn: ({ signal }) => api.oidcClient(clientId!, signal),
    enabled: !!clientId,
    ...FRESH,
  });
}

// ---- reference data: regions and organisations for the pickers --------------------------------

/** The region a GB/T 2260 code belongs to: county → city, city → province, province → none. */
export function parentRegion(code: string): string | undefined {
  if (code.endsWith('0000')) return undefined;
  if (code.endsWith('00')) return `${code.slice(0, 2)}0000`;
  return `${code.slice(0, 4)}00`;
}

/** 330106 → [330000, 330100, 330106]; with `root`, the path starts at it (when it is on the path). */
export function regionPath(code: string, root?: string): string[] {
  const path = [code];
  for (let p = parentRegion(code); p; p = parentRegion(p)) path.unshift(p);
  const at = root ? path.indexOf(root) : -1;
  return at >= 0 ? path.slice(at) : path;
}

/** Children of a region (the node's own region and its children without a parent), cached with useRegions. */
export function fetchRegionChildren(queryClient: QueryClient, parent: string | undefined): Promise<Region[]> {
  return queryClient
    .fetchQuery({ queryKey: ['regions', parent ?? 'root'], queryFn: ({ signal }) => publicApi.regions(parent, signal), staleTime: HOUR })
    .then((r) => r.items);
}

/** The value once it has stopped changing for `ms` (search as you type, one request per pause). */
export function useDebouncedValue<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * Organisations found as the administrator types (the caller debounces `q`): one page of a region
 * and below it, so that a region with many departments is searched on the server, not cut short.
 */
export function useOrganisationSearch(search: OrganisationSearch, enabled = true) {
  return useQuery({
    queryKey: ['organisations', 'search', search],
    queryFn: ({ signal }) => searchOrganisations(search, signal),
    placeholderData: keepPreviousData,
    enabled,
    staleTime: 5 * 60_000,
  });
}
