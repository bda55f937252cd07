/**
 * Client of data sharing and the exchange gateway for the staff workbench: the resource catalogue
 * (政务信息资源目录), access requests and grants (共享申请 / 授权), exchange credentials and
 * adapters, the exchange log and its chain verification (审计员), organisation signing keys and the
 * issuing organisation's licence register. Every call goes through the workbench's own `call`
 * (session cookie, 401 ends the session); errors are ApiError with problem details.
 */
import type {
  AccessRequestInput,
  AccessRequestView,
  ApproveRequestInput,
  GrantState,
  GrantView,
  LicenceStatus,
  Page,
  RequestStatus,
  ResourceInput,
  ResourceStatus,
  ResourceView,
  SharingType,
} from '@onewindow/domain';
import type { RequestOptions } from './client';

type Call = <T>(path: string, opts?: RequestOptions) => Promise<T>;

export interface ResourceSearch {
  q?: string;
  sharingType?: SharingType;
  /** the provider's USCC */
  provider?: string;
  status?: ResourceStatus;
  page: number;
  pageSize: number;
}

export interface RequestSearch {
  view: 'mine' | 'to-answer';
  status?: RequestStatus;
  overdue?: boolean;
  page: number;
  pageSize: number;
}

export interface GrantSearch {
  view: 'consumer' | 'provider';
  state?: GrantState;
  resourceCode?: string;
  page: number;
  pageSize: number;
}

// ---- exchange gateway

export const ADAPTER_KINDS = ['population', 'enterprise', 'http'] as const;
export type AdapterKind = (typeof ADAPTER_KINDS)[number];

export interface ResourceAdapter {
  resourceCode: string;
  adapter: { kind: AdapterKind; url: string | null; updatedBy: string; updatedAt: string } | null;
}

export interface ExchangeCredential {
  clientId: string;
  organisationId: string;
  name: string;
  status: 'active' | 'revoked';
  createdBy: string;
  createdAt: string;
  rotatedAt: string | null;
  revokedAt: string | null;
}

/** A credential as created or rotated: the secret is in this answer only. */
export type ExchangeCredentialWithSecret = ExchangeCredential & { clientSecret: string };

export interface ExchangeLogRow {
  seq: number;
  id: string;
  at: string;
  clientId: string;
  consumerOrgId: string;
  consumerName: string | null;
  providerOrgId: string | null;
  providerName: string | null;
  resourceCode: string;
  purpose: string;
  fields: string[];
  /** granted, or why not: no-grant, expired, revoked, fields-outside-grant, purpose-mismatch, no-adapter, bad-key, provider-error, not-found */
  outcome: string;
  grantId: string | null;
  responseDigest: string | null;
  hash: string;
}

export interface ExchangeLogSearch {
  resourceCode?: string;
  consumerOrgId?: string;
  outcome?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

export interface ChainVerification {
  entries: number;
  /** sequence number of the first entry that breaks the chain; null when intact */
  brokenAt: number | null;
  checkedAt: string;
}

// ---- licences

export interface OrganisationKey {
  keyId: string;
  organisationId: string;
  organisation: string;
  organisationCode: string;
  algorithm: string;
  publicKey: string;
  publicKeyPem: string;
  status: 'active' | 'retired' | 'revoked';
  createdAt: string;
  retiredAt: string | null;
  revokedAt: string | null;
}

export interface IssuedLicenceRow {
  identifier: string;
  name: string;
  typeCode: string;
  typeName: string;
  number: string;
  holder: string;
  /** masked for persons */
  holderCode: string;
  holderCodeType: '111' | '001';
  issuer: string;
  issuerCode: string;
  issueDate: string;
  jurisdiction: string;
  validFrom: string;
  validTo: string | null;
  status: LicenceStatus;
  suspendedAt: string | null;
  suspendReason: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
  createdAt: string;
}

export interface IssuedLicenceSearch {
  status?: LicenceStatus;
  typeCode?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export type LicenceStatusAction = 'suspend' | 'reinstate' | 'revoke';

const enc = encodeURIComponent;

export function createSharingApi(call: Call) {
  const resource = (code: string) => `/sharing/resources/${enc(code)}`;
  return {
    // catalogue
    resources: (search: ResourceSearch, signal?: AbortSignal) => call<Page<ResourceView>>('/sharing/resources', { params: { ...search }, signal }),
    resource: (code: string, signal?: AbortSignal) => call<ResourceView>(resource(code), { signal }),
    registerResource: (input: ResourceInput) => call<ResourceView>('/sharing/resources', { method: 'POST', body: input }),
    updateResource: (code: string, input: ResourceInput) => call<ResourceView>(resource(code), { method: 'PUT', body: input }),
    publishResource: (code: string) => call<ResourceView>(`${resource(code)}/publish`, { method: 'POST' }),
    withdrawResource: (code: string, reason: string) => call<ResourceView>(`${resource(code)}/withdraw`, { method: 'POST', body: { reason } }),

    // requests and grants
    createRequest: (input: AccessRequestInput) => call<AccessRequestView>('/sharing/requests', { method: 'POST', body: input }),
    requests: (search: RequestSearch, signal?: AbortSignal) => call<Page<AccessRequestView>>('/sharing/requests', { params: { ...search }, signal }),
    request: (id: string, signal?: AbortSignal) => call<AccessRequestView>(`/sharing/requests/${enc(id)}`, { signal }),
    approveRequest: (id: string, input: ApproveRequestInput) => call<AccessRequestView>(`/sharing/requests/${enc(id)}/approve`, { method: 'POST', body: input }),
    refuseRequest: (id: string, reason: string) => call<AccessRequestView>(`/sharing/requests/${enc(id)}/refuse`, { method: 'POST', body: { reason } }),
    grants: (search: GrantSearch, signal?: AbortSignal) => call<Page<GrantView>>('/sharing/grants', { params: { ...search }, signal }),
    revokeGrant: (id: string, reason: string) => call<GrantView>(`/sharing/grants/${enc(id)}/revoke`, { method: 'POST', body: { reason } }),

    // exchange gateway
    adapter: (code: string, signal?: AbortSignal) => call<ResourceAdapter>(`/exchange/adapters/${enc(code)}`, { signal }),
    setAdapter: (code: string, body: { kind: AdapterKind; url?: string }) =>
      call<{ resourceCode: string; kind: AdapterKind; url: string | null }>(`/exchange/adapters/${enc(code)}`, { method: 'PUT', body }),
    credentials: (organisationId: string, signal?: AbortSignal) => call<{ items: ExchangeCredential[] }>('/exchange/credentials', { params: { organisationId }, signal }),
    createCredential: (organisationId: string, name: string) =>
      call<ExchangeCredentialWithSecret>('/exchange/credentials', { method: 'POST', body: { organisationId, name } }),
    rotateCredential: (clientId: string) => call<ExchangeCredentialWithSecret>(`/exchange/credentials/${enc(clientId)}/secret`, { method: 'POST' }),
    revokeCredential: (clientId: string) => call<ExchangeCredential>(`/exchange/credentials/${enc(clientId)}/revoke`, { method: 'POST' }),
    exchangeLog: (search: ExchangeLogSearch, signal?: AbortSignal) => call<Page<ExchangeLogRow>>('/exchange/log', { params: { ...search }, signal }),
    verifyExchangeLog: (signal?: AbortSignal) => call<ChainVerification>('/exchange/log/verification', { signal }),

    // organisation keys and the licence register
    keys: (organisationId: string, signal?: AbortSignal) => call<{ items: OrganisationKey[] }>('/licences/keys', { params: { organisationId }, signal }),
    generateKey: (organisationId: string) => call<OrganisationKey>(`/admin/organisations/${enc(organisationId)}/keys`, { method: 'POST' }),
    revokeKey: (keyId: string, reason: string) => call<OrganisationKey>(`/admin/organisation-keys/${enc(keyId)}/revoke`, { method: 'POST', body: { reason } }),
    issuedLicences: (search: IssuedLicenceSearch, signal?: AbortSignal) =>
      call<Page<IssuedLicenceRow> & { types: { code: string; name: string }[] }>('/workbench/licences', { params: { ...search }, signal }),
    changeLicenceStatus: (identifier: string, action: LicenceStatusAction, reason: string) =>
      call<IssuedLicenceRow>(`/workbench/licences/${enc(identifier)}/${action}`, { method: 'POST', body: { reason } }),
  };
}

export type SharingApi = ReturnType<typeof createSharingApi>;
