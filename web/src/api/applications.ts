/**
 * Types and calls of online applications (办件): the applicant's API (/applications), the handling
 * staff's workbench (/workbench/applications), files, notifications. Shapes follow the server's
 * views in server/src/modules/applications/service.ts.
 */
import type { ActionName, CaseState, CaseStatus, FormDefinition, MaterialProvenance, MaterialSupply, MaterialTrustLevel, Page, StaffRole, WarningLevel } from '@onewindow/domain';
import { API_BASE, ApiError, apiRequest, type QueryValue } from './client';

export type { FormDefinition };

export interface MaterialTerm {
  code: string;
  name: string;
  required: boolean;
  requiredNote?: string;
  mayBeMissing: boolean;
  /** applicant | platform | … (DOMAIN.md material source) */
  source: string;
  /** the online form is this material: nothing to upload */
  byForm?: boolean;
  /** 免提交: the licence type or shared resource that can supply it */
  supply?: MaterialSupply;
}

/** A material supplied by the applicant's licence or shared data (免提交). */
export interface Supply {
  material: string;
  kind: 'licence' | 'shared';
  /** the licence identifier, or the resource code */
  sourceRef: string;
  sourceName: string;
  provider: { id: string; name: string };
  trustLevel: MaterialTrustLevel;
  digest: string;
  exchangeId: string | null;
  /** the record's fields (shared data), personal numbers and a person's name masked */
  data: Record<string, unknown> | null;
  /** the resource's names of those fields */
  fieldNames: Record<string, string>;
  createdAt: string;
}

/** Why a licence or shared record cannot be used (the server's reasons). */
export type SupplyReason =
  | 'level-required' | 'enterprise-required' | 'no-licence' | 'unknown-licence-type' | 'unknown-resource'
  | 'no-grant' | 'expired' | 'revoked' | 'fields-outside-grant' | 'purpose-mismatch' | 'not-found' | 'provider-error';

export interface SupplyPlan {
  materials: {
    material: string;
    materialName: string;
    kind: 'licence' | 'shared';
    source: { code: string; name: string };
    provider: { id: string; name: string } | null;
    state: 'available' | 'supplied' | 'unavailable';
    reason: SupplyReason | null;
    licence: { identifier: string; number: string; issueDate: string; validTo: string | null } | null;
  }[];
  prefill: { resource: { code: string; name: string }; provider: { id: string; name: string } | null; fields: string[]; state: 'available' | 'unavailable'; reason: SupplyReason | null }[];
}

export interface SupplyOutcome {
  supplied: string[];
  prefilled: string[];
  failed: { material: string | null; resource: string | null; reason: SupplyReason }[];
}

export interface ApplicationFile {
  id: string;
  /** material | result | attachment */
  kind: 'material' | 'result' | 'attachment';
  materialCode: string | null;
  name: string;
  contentType: string;
  size: number;
  sm3: string;
  uploaderKind: 'applicant' | 'staff';
  /** the event (case version) it was handed in with; null while not yet handed in */
  eventSeq: number | null;
  createdAt: string;
}

export interface ApplicationEvent {
  seq: number;
  action: string;
  from: CaseStatus;
  to: CaseStatus;
  actorKind: 'applicant' | 'staff' | 'system';
  /** staff views only */
  actorId?: string;
  opinion: string | null;
  reason: string | null;
  legalBasis: string | null;
  reviewStep: { key: string; name: string; role: StaffRole } | null;
  /** files handed in with the event */
  files: string[];
  /** the validated action (its fields) */
  payload: Record<string, unknown> | null;
  at: string;
}

export interface ApplicationSummary {
  id: string;
  number: string;
  implementationCode: string;
  itemName: string;
  status: CaseStatus;
  version: number;
  enterprise: { id: string; name: string | null } | null;
  promisedDeadline: string | null;
  /** while waiting for acceptance: the last day to accept, reject or ask for 补正 (受理时限) */
  acceptanceDeadline: string | null;
  warning: WarningLevel;
  greenChannel: boolean;
  channel: 'online' | 'window';
  pendingRole: StaffRole | null;
  claimedBy: string | null;
  createdAt: string;
  submittedAt: string | null;
  closedAt: string | null;
  /** 免提交 and 少跑腿 of the application */
  materialsSaved: number;
  tripsSaved: number;
}

export interface Application {
  id: string;
  number: string;
  implementationCode: string;
  itemName: string;
  itemVersion: number;
  channel: 'online' | 'window';
  status: CaseStatus;
  version: number;
  enterprise: { id: string; name: string | null } | null;
  handlingOrganisationId: string;
  regionCode: string;
  /** what the applicant typed (prefilled fields are not in it) */
  form: Record<string, unknown>;
  formDefinition: FormDefinition;
  materials: MaterialTerm[];
  /** the item's 告知承诺 notice, when it offers one */
  commitment: { notice: string; replacesMaterials: string[] } | null;
  commitmentSignedAt: string | null;
  pendingRole: StaffRole | null;
  claimed: boolean;
  promisedLimitDays: number | null;
  statutoryLimitDays: number | null;
  promisedDeadline: string | null;
  statutoryDeadline: string | null;
  acceptanceDeadline: string | null;
  /** a deadline runs into a year whose official holidays are not loaded yet: counted on weekends only for now */
  deadlineProvisional: boolean;
  warning: WarningLevel;
  greenChannel: boolean;
  case: CaseState;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  acceptedAt: string | null;
  decidedAt: string | null;
  closedAt: string | null;
  /** values of the prefilled fields (masked personal data), by field key */
  prefilled: Record<string, string>;
  files: ApplicationFile[];
  events: ApplicationEvent[];
  /** the actions the caller may take now */
  allowedActions: ActionName[];
  /** materials supplied by licences and shared data (免提交) */
  supplies: Supply[];
  /** how every material reached the application, and its trust level (A–D) */
  materialStates: { code: string; provenance: MaterialProvenance; trustLevel: MaterialTrustLevel | null }[];
  materialsSaved: number;
  tripsSaved: number;
}

/** The staff view adds the applicant (masked), the claim and the review steps. */
export interface StaffApplication extends Application {
  claimedBy: string | null;
  claimedByMe: boolean;
  submittedBy: string | null;
  applicant: { name: string | null; idNumber: string | null; phone: string | null; level: number | null };
  reviewSteps: { key: string; role: StaffRole; name: string }[];
}

export interface SupervisionPage extends Page<ApplicationSummary & { organisationName: string | null; statutoryDeadline: string | null }> {
  organisations: { organisationId: string; organisationName: string | null; regionCode: string; yellow: number; red: number }[];
}

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  applicationId: string | null;
  createdAt: string;
  readAt: string | null;
}

/** `If-Match` of a case version. */
export const ifMatch = (version: number) => ({ 'If-Match': `"v${version}"` });

/** A fresh Idempotency-Key: a retried submission with the same key is applied once. */
export const idempotencyKey = () => ({ 'Idempotency-Key': crypto.randomUUID() });

// ---------------------------------------------------------------- applicant

export const myApplications = (params: Record<string, QueryValue> = {}) => apiRequest<Page<ApplicationSummary>>('/applications', { params });
export const myApplication = (id: string) => apiRequest<Application>(`/applications/${id}`);
export const startApplication = (body: { implementationCode: string; form: Record<string, unknown>; enterpriseId?: string }, key = idempotencyKey()) =>
  apiRequest<Application>('/applications', { method: 'POST', body, headers: key });
export const saveForm = (id: string, version: number, form: Record<string, unknown>) =>
  apiRequest<Application>(`/applications/${id}/form`, { method: 'PUT', body: { form }, headers: ifMatch(version) });
export const applicantAction = (id: string, version: number, action: { type: string; [key: string]: unknown }) =>
  apiRequest<Application>(`/applications/${id}/actions`, { method: 'POST', body: action, headers: ifMatch(version) });
export const supplyPlan = (id: string) => apiRequest<SupplyPlan>(`/applications/${id}/supply`);
export const consentToSupply = (id: string, version: number, body: { materials?: string[]; prefill?: boolean } = {}) =>
  apiRequest<Application & { supplyOutcome: SupplyOutcome }>(`/applications/${id}/supply`, { method: 'POST', body: { ...body, consent: true }, headers: ifMatch(version) });
export const withdrawSupply = (id: string, version: number, material: string) =>
  apiRequest<Application>(`/applications/${id}/supplies/${encodeURIComponent(material)}`, { method: 'DELETE', headers: ifMatch(version) });
export const deleteMyFile = (id: string, fileId: string) => apiRequest<void>(`/applications/${id}/files/${fileId}`, { method: 'DELETE' });
export const myFileUrl = (id: string, fileId: string) => `${API_BASE}/applications/${id}/files/${fileId}`;

/**
 * Uploads one file (multipart/form-data: the fields first, then the file), with progress. The
 * server checks the type by content and the size; refusals come back as ApiError with the problem.
 */
export function uploadFile<T = ApplicationFile>(
  path: string,
  fields: Record<string, string>,
  file: File,
  onProgress?: (percent: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.append(k, v);
    data.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}${path}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', document.documentElement.lang || 'zh-CN');
    xhr.withCredentials = false;
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(Math.round((e.loaded / e.total) * 100));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as T);
      else reject(new ApiError(xhr.status, body as ApiError['problem'], `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new ApiError(0, undefined, 'network error'));
    xhr.send(data);
  });
}
export const uploadMaterial = (id: string, materialCode: string, file: File, onProgress?: (p: number) => void) =>
  uploadFile(`/applications/${id}/files`, { materialCode }, file, onProgress);

// ---------------------------------------------------------------- workbench

export const workbenchQueue = (params: Record<string, QueryValue> = {}) => apiRequest<Page<ApplicationSummary>>('/workbench/applications', { params });
export const workbenchApplication = (id: string) => apiRequest<StaffApplication>(`/workbench/applications/${id}`);
export const staffAction = (id: string, version: number, action: { type: string; [key: string]: unknown }) =>
  apiRequest<StaffApplication>(`/workbench/applications/${id}/actions`, { method: 'POST', body: action, headers: ifMatch(version) });
export const claimApplication = (id: string, take: boolean) =>
  apiRequest<{ claimedBy: string | null; claimedAt: string | null }>(`/workbench/applications/${id}/${take ? 'claim' : 'release'}`, { method: 'POST' });
export const startAtWindow = (
  body: { implementationCode: string; applicant: { name: string; idNumber: string }; form: Record<string, unknown>; enterpriseId?: string },
  key = idempotencyKey(),
) => apiRequest<Application>('/workbench/applications', { method: 'POST', body, headers: key });
export const saveWindowForm = (id: string, version: number, form: Record<string, unknown>) =>
  apiRequest<Application>(`/workbench/applications/${id}/form`, { method: 'PUT', body: { form }, headers: ifMatch(version) });
export const staffFileUrl = (id: string, fileId: string) => `${API_BASE}/workbench/applications/${id}/files/${fileId}`;
export const deleteStaffFile = (id: string, fileId: string) => apiRequest<void>(`/workbench/applications/${id}/files/${fileId}`, { method: 'DELETE' });
export const uploadStaffFile = (id: string, fields: { kind: 'material' | 'result' | 'attachment'; materialCode?: string }, file: File, onProgress?: (p: number) => void) =>
  uploadFile(`/workbench/applications/${id}/files`, Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Record<string, string>, file, onProgress);
export const supervision = (params: Record<string, QueryValue> = {}) => apiRequest<SupervisionPage>('/workbench/supervision', { params });

// ---------------------------------------------------------------- notifications

export const notifications = (params: Record<string, QueryValue> = {}) =>
  apiRequest<Page<Notification> & { unread: number }>('/notifications', { params });
export const unreadCount = () => apiRequest<{ unread: number }>('/notifications/unread-count');
export const markRead = (id: string) => apiRequest<void>(`/notifications/${id}/read`, { method: 'POST' });
export const markAllRead = () => apiRequest<void>('/notifications/read-all', { method: 'POST' });
