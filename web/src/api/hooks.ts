import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, ApiError, type ItemSearchParams } from './client';

const HOUR = 60 * 60 * 1000;

export function useNodeInfo() {
  return useQuery({ queryKey: ['node'], queryFn: ({ signal }) => api.node(signal), staleTime: HOUR, retry: 1 });
}

export function useItemSearch(params: ItemSearchParams, enabled = true) {
  return useQuery({
    queryKey: ['items', params],
    queryFn: ({ signal }) => api.searchItems(params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useItem(implementationCode: string | undefined) {
  return useQuery({
    queryKey: ['item', implementationCode],
    queryFn: ({ signal }) => api.item(implementationCode!, signal),
    enabled: !!implementationCode,
  });
}

/** Topics with item counts; the server answers one group at a time (personal by default). */
export function useTopics(audienceGroup: 'personal' | 'legal') {
  return useQuery({
    queryKey: ['topics', audienceGroup],
    queryFn: ({ signal }) => api.topics(audienceGroup, signal),
    staleTime: 10 * 60 * 1000,
  });
}

export function useOrganisations(region: string | undefined) {
  return useQuery({
    queryKey: ['organisations', region ?? 'all'],
    queryFn: ({ signal }) => api.organisations(region, signal),
    staleTime: HOUR,
  });
}

export function useRegions(parent?: string) {
  return useQuery({
    queryKey: ['regions', parent ?? 'root'],
    queryFn: ({ signal }) => api.regions(parent, signal),
    staleTime: HOUR,
  });
}

export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/** Client errors (4xx) are answers, not outages: they are not retried. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}
