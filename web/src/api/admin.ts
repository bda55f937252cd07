/**
 * Client of the catalogue administration API (/api/v1/admin/…). Every call carries the
 * administrator's bearer token; the shapes follow server/src/modules/catalogue.
 */
import type { ItemDetail, ItemInput, ItemStatus, Page } from '@onewindow/domain';
import { apiRequest, ApiError, type Organisation } from './client';

/** A row of GET /admin/items. */
export interface AdminItemRow {
  implementationCode: string;
  name: string;
  status: ItemStatus;
  latestVersion: number;
  publishedVersion: number | null;
  updatedAt: string;
}

export type VersionStatus = ItemDetail['versionStatus'];

/** A row of GET /admin/items/{code}/versions. */
export interface ItemVersionRow {
  version: number;
  status: VersionStatus;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  createdBy: string;
}

export interface AdminListParams {
  status?: ItemStatus;
  /** part of the name, or the start of the implementation code */
  q?: string;
  page: number;
  pageSize: number;
}

/** The largest page GET /admin/items answers. */
export const ADMIN_MAX_PAGE_SIZE = 100;

export type AdminApi = ReturnType<typeof createAdminApi>;

const ifMatch = (revision: number) => ({ 'If-Match': `"r${revision}"` });

/**
 * @param token the administrator's token
 * @param onAuthError called when the server refuses the token (401/403), e.g. after it changed
 */
export function createAdminApi(token: string, onAuthError?: (error: ApiError) => void) {
  const call = async <T>(path: string, opts: Parameters<typeof apiRequest>[1] = {}): Promise<T> => {
    try {
      return await apiRequest<T>(path, { ...opts, headers: { ...opts.headers, Authorization: `Bearer ${token}` } });
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) onAuthError?.(e);
      throw e;
    }
  };
  const item = (code: string) => `/admin/items/${encodeURIComponent(code)}`;
  return {
    listItems: (params: AdminListParams, signal?: AbortSignal) =>
      call<Page<AdminItemRow>>('/admin/items', { params: { ...params }, signal }),
    item: (code: string, signal?: AbortSignal) => call<ItemDetail>(item(code), { signal }),
    versions: (code: string, signal?: AbortSignal) => call<{ items: ItemVersionRow[] }>(`${item(code)}/versions`, { signal }),
    version: (code: string, version: number, signal?: AbortSignal) =>
      call<ItemDetail>(`${item(code)}/versions/${version}`, { signal }),
    create: (input: ItemInput & { aliases?: string[] }, idempotencyKey: string) =>
      call<ItemDetail>('/admin/items', { method: 'POST', body: input, headers: { 'Idempotency-Key': idempotencyKey } }),
    // every change sends the revision it was based on; a change by someone else meanwhile answers 412
    update: (code: string, input: ItemInput, revision: number) =>
      call<ItemDetail>(item(code), { method: 'PUT', body: input, headers: ifMatch(revision) }),
    publish: (code: string, revision: number) => call<ItemDetail>(`${item(code)}/publish`, { method: 'POST', headers: ifMatch(revision) }),
    withdraw: (code: string, reason: string, revision: number) =>
      call<ItemDetail>(`${item(code)}/withdraw`, { method: 'POST', body: { reason }, headers: ifMatch(revision) }),
    setAliases: (code: string, aliases: string[], revision: number) =>
      call<ItemDetail>(`${item(code)}/aliases`, { method: 'PUT', body: { aliases }, headers: ifMatch(revision) }),
  };
}

/** Every organisation of the node, for the implementing-organisation select (public endpoint, 200 a page). */
export async function listAllOrganisations(signal?: AbortSignal): Promise<Organisation[]> {
  const pageSize = 200;
  const first = await apiRequest<Page<Organisation>>('/organisations', { params: { pageSize }, signal });
  const all = [...first.items];
  const pages = Math.min(Math.ceil(first.total / pageSize), 25);
  for (let page = 2; page <= pages; page++) {
    const next = await apiRequest<Page<Organisation>>('/organisations', { params: { pageSize, page }, signal });
    all.push(...next.items);
  }
  return all;
}

/** Checks a token by listing one item: resolves when the server accepts it, throws ApiError otherwise. */
export async function verifyAdminToken(token: string): Promise<void> {
  await createAdminApi(token).listItems({ page: 1, pageSize: 1 });
}

/** A random UUID (v4) for Idempotency-Key; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
