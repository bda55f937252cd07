import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ItemStatus } from '@onewindow/domain';
import { useCallback, useRef, useState } from 'react';
import { listAllOrganisations, type AdminListParams } from '../../api/admin';
import { useAdminApi } from './auth';

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
