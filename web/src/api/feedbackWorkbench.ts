/**
 * Client of 好差评 and 投诉建议 for the staff workbench: the 差评 rectification queue and cases, the
 * ratings in scope and their exports, the complaints to answer, and the window clerk's rating codes
 * (QR) and service visits. Every call goes through the workbench's own `call` (session cookie, 401
 * ends the session); errors are ApiError with problem details.
 */
import type {
  ComplaintView,
  Page,
  RatingLevel,
  RatingView,
  RectificationAction,
  RectificationStatus,
  RectificationView,
  StaffRatingCode,
  VisitInput,
  VisitView,
} from '@onewindow/domain';
import { API_BASE, toQueryString, type QueryValue, type RequestOptions } from './client';

type Call = <T>(path: string, opts?: RequestOptions) => Promise<T>;

const ifMatch = (version: number) => ({ 'If-Match': `"v${version}"` });

export interface RectificationSearch {
  status?: RectificationStatus | 'open';
  warning?: 'due' | 'overdue';
  organisationId?: string;
  page: number;
  pageSize: number;
}

export interface RatingSearch {
  level?: RatingLevel;
  organisationId?: string;
  page: number;
  pageSize?: number;
}

export interface ComplaintSearch {
  status?: 'open' | 'answered';
  escalated?: boolean;
  page: number;
  pageSize: number;
}

export interface ExportScope {
  from?: string;
  to?: string;
  regionCode?: string;
  organisationId?: string;
  itemId?: string;
}

/** The address of an export (CSV with BOM or JSON, sent as an attachment): a plain link downloads it with the session cookie. */
export const feedbackExportUrl = (what: 'ratings' | 'rectifications', format: 'csv' | 'json', scope: ExportScope) =>
  `${API_BASE}/workbench/feedback/export/${what}${toQueryString({ format, ...scope } as Record<string, QueryValue>)}`;

/** An attachment of a complaint (the server sends it as a download). */
export const complaintFileUrl = (id: string, fileId: string) => `${API_BASE}/complaints/${encodeURIComponent(id)}/files/${encodeURIComponent(fileId)}`;

export function createFeedbackWorkbenchApi(call: Call) {
  const rect = (id: string) => `/workbench/rectifications/${encodeURIComponent(id)}`;
  return {
    rectifications: (q: RectificationSearch, signal?: AbortSignal) =>
      call<Page<RectificationView>>('/workbench/rectifications', { params: { ...q }, signal }),
    rectification: (id: string, signal?: AbortSignal) => call<RectificationView>(rect(id), { signal }),
    act: (id: string, version: number, action: RectificationAction) =>
      call<RectificationView>(`${rect(id)}/actions`, { method: 'POST', body: action, headers: ifMatch(version) }),

    ratings: (q: RatingSearch, signal?: AbortSignal) => call<Page<RatingView>>('/workbench/ratings', { params: { ...q }, signal }),

    complaints: (q: ComplaintSearch, signal?: AbortSignal) => call<Page<ComplaintView>>('/workbench/complaints', { params: { ...q }, signal }),
    complaint: (id: string, signal?: AbortSignal) => call<ComplaintView>(`/complaints/${encodeURIComponent(id)}`, { signal }),
    answerComplaint: (id: string, version: number, answer: string) =>
      call<ComplaintView>(`/workbench/complaints/${encodeURIComponent(id)}/answer`, { method: 'POST', body: { answer }, headers: ifMatch(version) }),

    ratingCodes: (signal?: AbortSignal) => call<{ items: StaffRatingCode[] }>('/workbench/rating-codes', { signal }),
    saveRatingCode: (organisationId: string, window: string) =>
      call<StaffRatingCode>('/workbench/rating-codes', { method: 'POST', body: { organisationId, window } }),
    visits: (signal?: AbortSignal) => call<{ items: VisitView[] }>('/workbench/visits', { signal }),
    recordVisit: (input: Omit<VisitInput, 'summary'> & { summary?: string; applicationId?: string }) =>
      call<VisitView>('/workbench/visits', { method: 'POST', body: input }),
  };
}
export type FeedbackWorkbenchApi = ReturnType<typeof createFeedbackWorkbenchApi>;
