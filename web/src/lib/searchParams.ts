/**
 * The search page keeps its whole state in the URL (/search?q=…&itemType=…&page=…), so that results
 * can be shared, bookmarked and navigated with the browser's back button.
 */
import { ITEM_TYPES, ONLINE_DEPTHS, type ItemType, type OnlineDepth } from '@onewindow/domain';
import type { ItemSearchParams } from '../api/client';

export type AudienceGroup = 'personal' | 'legal';
export type SortOrder = 'relevance' | 'popular';

export interface SearchState {
  q?: string;
  itemType?: ItemType;
  audienceGroup?: AudienceGroup;
  topic?: string;
  onlineDepth?: OnlineDepth;
  organisation?: string;
  region?: string;
  sort?: SortOrder;
  page: number;
  pageSize: number;
}

export const PAGE_SIZES = [10, 20, 50] as const;
export const DEFAULT_PAGE_SIZE = 10;
/** filters, as opposed to the query text, the sort order and the page */
export const FILTER_KEYS = ['itemType', 'audienceGroup', 'topic', 'onlineDepth', 'organisation', 'region'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

const isItemType = (v: string): v is ItemType => Object.hasOwn(ITEM_TYPES, v);
const isOnlineDepth = (v: string): v is OnlineDepth => Object.hasOwn(ONLINE_DEPTHS, v);

function positiveInt(v: string | null, fallback: number, max: number): number {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : fallback;
}

/** Reads the URL, dropping values the API would refuse. */
export function parseSearch(usp: URLSearchParams): SearchState {
  const state: SearchState = { page: positiveInt(usp.get('page'), 1, 10000), pageSize: DEFAULT_PAGE_SIZE };
  const size = Number(usp.get('pageSize'));
  if ((PAGE_SIZES as readonly number[]).includes(size)) state.pageSize = size;
  const q = usp.get('q')?.trim().slice(0, 100);
  if (q) state.q = q;
  const itemType = usp.get('itemType');
  if (itemType && isItemType(itemType)) state.itemType = itemType;
  const group = usp.get('audienceGroup');
  if (group === 'personal' || group === 'legal') state.audienceGroup = group;
  const topic = usp.get('topic')?.trim().slice(0, 50);
  if (topic) state.topic = topic;
  const depth = usp.get('onlineDepth');
  if (depth && isOnlineDepth(depth)) state.onlineDepth = depth;
  const org = usp.get('organisation')?.trim().toUpperCase();
  if (org && /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(org)) state.organisation = org;
  const region = usp.get('region');
  if (region && /^[1-9]\d{5}$/.test(region)) state.region = region;
  const sort = usp.get('sort');
  if (sort === 'relevance' || sort === 'popular') state.sort = sort;
  return state;
}

export function toUrlParams(state: Partial<SearchState>): URLSearchParams {
  const usp = new URLSearchParams();
  if (state.q) usp.set('q', state.q);
  for (const key of FILTER_KEYS) {
    const v = state[key];
    if (v) usp.set(key, v);
  }
  if (state.sort) usp.set('sort', state.sort);
  if (state.page && state.page > 1) usp.set('page', String(state.page));
  if (state.pageSize && state.pageSize !== DEFAULT_PAGE_SIZE) usp.set('pageSize', String(state.pageSize));
  return usp;
}

export function searchHref(state: Partial<SearchState>): string {
  const qs = toUrlParams(state).toString();
  return qs ? `/search?${qs}` : '/search';
}

export function toApiParams(state: SearchState): ItemSearchParams {
  const { page, pageSize, sort, ...rest } = state;
  const params: ItemSearchParams = { ...rest, page, pageSize };
  // without query text there is nothing to rank by relevance: list the most used items first
  params.sort = sort ?? (state.q ? 'relevance' : 'popular');
  return params;
}

export function activeFilterCount(state: SearchState): number {
  return FILTER_KEYS.filter((k) => state[k] !== undefined).length;
}
