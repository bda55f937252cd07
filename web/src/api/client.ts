/**
 * Typed fetch client of the node's JSON API (/api/v1). Errors are RFC 9457 problem+json and
 * surface as ApiError carrying the problem details.
 */
import type { ItemDetail, ItemSummary, Page, ProblemDetails, SearchQuery } from '@onewindow/domain';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly problem: ProblemDetails | undefined;
  constructor(status: number, problem: ProblemDetails | undefined, fallback: string) {
    super(problem?.detail ?? problem?.title ?? fallback);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

export type QueryValue = string | number | boolean | undefined | null;

export function toQueryString(params: Record<string, QueryValue>): string {
  const usp = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    usp.set(key, String(value));
  }
  const s = usp.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  params?: Record<string, QueryValue>;
  /** sent as JSON */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** One call of the JSON API; a non-2xx answer throws ApiError with the problem details. */
export async function apiRequest<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': document.documentElement.lang || 'zh-CN',
    ...opts.headers,
  };
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${API_BASE}${path}${toQueryString(opts.params ?? {})}`, {
    method: opts.method ?? 'GET',
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    signal: opts.signal,
    // the session cookie (HttpOnly) goes with every call of the node's own API, never elsewhere
    credentials: 'same-origin',
  });
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    let problem: ProblemDetails | undefined;
    if (type.includes('json')) {
      try {
        problem = (await res.json()) as ProblemDetails;
      } catch {
        problem = undefined;
      }
    }
    throw new ApiError(res.status, problem, `HTTP ${res.status}`);
  }
  // 204 No Content (logout, deletions): a success without a body
  if (res.status === 204) return undefined as T;
  if (!type.includes('json')) {
    // e.g. the SPA fallback answering index.html because the API is not mounted
    throw new ApiError(res.status, undefined, `unexpected ${type || 'response'}`);
  }
  return (await res.json()) as T;
}

export function apiGet<T>(path: string, params: Record<string, QueryValue> = {}, signal?: AbortSignal): Promise<T> {
  return apiRequest<T>(path, { params, signal });
}

// ---- answers of the public read API -------------------------------------------------------

export interface NodeInfo {
  name: string;
  region: { code: string; name: string };
  hotline: string;
  /** the largest file an upload may have, in bytes */
  uploadMaxBytes: number;
}

export interface Health {
  status: 'ok';
  database: 'pglite' | 'postgresql';
  schemaVersion: string;
}

export interface SearchResult extends Page<ItemSummary> {
  /** true when no item matched every term and the answer lists partial matches */
  relaxed?: boolean;
  /** the total is the server's counting cap: there are more matches */
  totalCapped?: boolean;
}

export interface TopicCount {
  name: string;
  count: number;
}

export interface Organisation {
  id: string;
  uscc: string;
  name: string;
  shortName: string | null;
  regionCode: string;
  regionName: string;
  /** exercise level code (EXERCISE_LEVELS) */
  level: string;
  nature?: string;
  phone?: string | null;
  address?: string | null;
}

export type RegionLevel = 'province' | 'city' | 'county';
export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

/** Query parameters of GET /items; every field optional, as in the URL. */
export type ItemSearchParams = Partial<SearchQuery>;

export const api = {
  health: (signal?: AbortSignal) => apiGet<Health>('/health', {}, signal),
  node: (signal?: AbortSignal) => apiGet<NodeInfo>('/node', {}, signal),
  searchItems: (params: ItemSearchParams, signal?: AbortSignal) =>
    apiGet<SearchResult>('/items', params as Record<string, QueryValue>, signal),
  item: (implementationCode: string, signal?: AbortSignal) =>
    apiGet<ItemDetail>(`/items/${encodeURIComponent(implementationCode)}`, {}, signal),
  topics: (audienceGroup: 'personal' | 'legal', signal?: AbortSignal) =>
    apiGet<{ items: TopicCount[] }>('/topics', { audienceGroup }, signal),
  organisations: (region: string | undefined, signal?: AbortSignal) =>
    apiGet<Page<Organisation>>('/organisations', { region, pageSize: 100 }, signal),
  regions: (parent: string | undefined, signal?: AbortSignal) =>
    apiGet<{ items: Region[] }>('/regions', { parent }, signal),
};
