/**
 * Types and calls of 好差评 (ratings of service events, the QR code of a staff member at a window,
 * the published indicators and rectifications) and 投诉建议 (complaints and suggestions with their
 * attachments). Shapes are the shared contracts of domain/src/feedback.ts.
 */
import type {
  ComplaintInput,
  ComplaintView,
  FeedbackScopeQuery,
  FeedbackStatsView,
  Page,
  PublicRectificationView,
  RateableEvent,
  RatingChannel,
  RatingLevel,
  RatingTag,
  RatingView,
  ServiceEventKind,
} from '@onewindow/domain';
import { apiRequest, API_BASE, type QueryValue } from './client';
import { idempotencyKey, uploadFile } from './applications';

export type { ComplaintView, FeedbackStatsView, PublicRectificationView, RateableEvent, RatingView };

/** What the rating page sends (POST /ratings). */
export interface RatingInput {
  event: { kind: ServiceEventKind; id: string };
  level: RatingLevel;
  dimensions: Record<string, RatingLevel>;
  tags: RatingTag[];
  comment: string;
  channel: RatingChannel;
  anonymous: boolean;
}

/** The QR code of a staff member, as the landing page shows it (the name masked). */
export interface RatingCodeInfo {
  code: string;
  staffName: string;
  organisationName: string;
  window: string | null;
}

/** An attachment uploaded before the complaint is filed. */
export interface ComplaintFile {
  id: string;
  name: string;
  contentType: string;
  size: number;
}

export type ComplaintBody = Omit<ComplaintInput, 'attachments'> & { attachments: string[] };

const enc = encodeURIComponent;

export const feedbackApi = {
  // ---- ratings of the signed-in person
  rateable: (staffCode?: string) => apiRequest<{ items: RateableEvent[] }>('/me/rateable', { params: { staffCode } }),
  myRatings: () => apiRequest<{ items: RatingView[] }>('/me/ratings'),
  rating: (id: string) => apiRequest<RatingView>(`/ratings/${enc(id)}`),
  rate: (body: RatingInput) => apiRequest<RatingView>('/ratings', { method: 'POST', body }),
  addition: (id: string, comment: string) => apiRequest<RatingView>(`/ratings/${enc(id)}/addition`, { method: 'POST', body: { comment } }),
  ratingCode: (code: string) => apiRequest<RatingCodeInfo>(`/rating-codes/${enc(code)}`),

  // ---- 投诉建议
  uploadComplaintFile: (file: File, onProgress?: (percent: number) => void) => uploadFile<ComplaintFile>('/complaints/files', {}, file, onProgress),
  /** `key` is the form's Idempotency-Key: a retried submission is filed once */
  fileComplaint: (body: ComplaintBody, key: Record<string, string> = idempotencyKey()) =>
    apiRequest<ComplaintView>('/complaints', { method: 'POST', body, headers: key }),
  myComplaints: () => apiRequest<{ items: ComplaintView[] }>('/me/complaints'),
  complaint: (id: string) => apiRequest<ComplaintView>(`/complaints/${enc(id)}`),
  complaintFileUrl: (id: string, fileId: string) => `${API_BASE}/complaints/${enc(id)}/files/${enc(fileId)}`,
  rateAnswer: (id: string, body: { satisfied: boolean; comment: string }) =>
    apiRequest<ComplaintView>(`/complaints/${enc(id)}/rating`, { method: 'POST', body }),

  // ---- public
  stats: (scope: FeedbackScopeQuery) => apiRequest<FeedbackStatsView>('/public/feedback/stats', { params: scope as Record<string, QueryValue> }),
  publicRectifications: (params: FeedbackScopeQuery & { page?: number; pageSize?: number }) =>
    apiRequest<Page<PublicRectificationView>>('/public/feedback/rectifications', { params: params as Record<string, QueryValue> }),
};
