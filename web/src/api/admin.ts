/**
 * Client of the staff workbench API: staff sign-in and session (统一身份认证), catalogue
 * administration (/admin/items), staff and roles (/admin/staff), relying parties
 * (/admin/oidc-clients) and the window clerk's in-person identity check (/workbench/identity-checks). Every call authenticates with the HttpOnly session cookie `ow_session`
 * (same origin only, never a header); errors are RFC 9457 problem details (ApiError).
 */
import type { ItemDetail, ItemInput, ItemStatus, MeAnswer, OidcClientInput, Page, StaffRole } from '@onewindow/domain';
import { apiRequest, ApiError, type Organisation, type RequestOptions } from './client';
import { createFeedbackWorkbenchApi } from './feedbackWorkbench';
import { createSharingApi } from './sharing';

/** One call of the JSON API; the session cookie goes with it (same origin), errors are ApiError. */
export const staffRequest = apiRequest;

// ---- staff sign-in and session ------------------------------------------------------------

export type LoginAnswer =
  | { status: 'signed_in' }
  | { status: 'second_factor'; challengeId: string; /** masked */ phone: string; expiresInSeconds: number };

export type Me = MeAnswer;
export type MeRole = MeAnswer['roles'][number];

export const staffAuth = {
  login: (username: string, password: string) =>
    staffRequest<LoginAnswer>('/auth/staff/login', { method: 'POST', body: { username, password } }),
  secondFactor: (challengeId: string, code: string) =>
    staffRequest<LoginAnswer>('/auth/login/second-factor', { method: 'POST', body: { challengeId, code } }),
  /** a new code for the second step (the old one stops working) */
  resendSecondFactor: (challengeId: string) =>
    staffRequest<LoginAnswer>('/auth/login/second-factor/resend', { method: 'POST', body: { challengeId } }),
  /** the signed-in account; null when nobody is signed in (401) */
  me: async (signal?: AbortSignal): Promise<Me | null> => {
    try {
      return await staffRequest<Me>('/me', { signal });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return null;
      throw e;
    }
  },
  changePassword: (currentPassword: string, newPassword: string) =>
    staffRequest<void>('/me/password', { method: 'POST', body: { currentPassword, newPassword } }),
  logout: () => staffRequest<void>('/auth/logout', { method: 'POST' }),
};

/** Seconds to wait from a 429 answer (its `retryAfter`), when it says. */
export function retryAfterOf(e: unknown): number | undefined {
  if (!(e instanceof ApiError) || e.status !== 429) return undefined;
  const v = e.problem?.retryAfter;
  return typeof v === 'number' && v > 0 ? v : undefined;
}

// ---- catalogue --------------------------------------------------------------------------------

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

// ---- staff administration ---------------------------------------------------------------------

/** A role grant as the server answers it (GET /me, /admin/staff…): with the names of its scope. */
export interface StaffGrant {
  role: StaffRole;
  regionCode: string;
  organisationId: string | null;
  /** the organisation of an organisation role (null for region roles, or when it is gone) */
  organisationName: string | null;
  /** the region's name (null when the code is not in the division table) */
  regionName: string | null;
}

/** What a grant is sent as: an organisation role names its organisation, a region role its region. */
export interface StaffGrantInput {
  role: StaffRole;
  regionCode?: string;
  organisationId?: string;
}

export interface StaffMember {
  id: string;
  username: string;
  /** masked */
  name: string;
  /** masked */
  phone: string | null;
  status: 'active' | 'disabled';
  passwordChangeRequired: boolean;
  roles: StaffGrant[];
  createdAt: string;
}

export interface StaffCreateBody {
  username: string;
  name: string;
  phone: string;
  /** initial password, changed at first sign-in */
  password: string;
  roles: StaffGrantInput[];
}

export interface StaffListParams {
  q?: string;
  page: number;
  pageSize: number;
}

// ---- relying parties (OIDC clients) -------------------------------------------------------------

export const OIDC_SCOPES = ['profile', 'phone', 'id_card', 'enterprise'] as const;
export type OidcScope = (typeof OIDC_SCOPES)[number];

export interface OidcClient {
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  minimumLevel: number;
  scopes: OidcScope[];
  confidential: boolean;
  status: 'active' | 'disabled';
  createdAt: string;
  updatedAt?: string;
  /** account id of who registered it */
  createdBy?: string;
}

/** What a registration may change (PUT): everything but whether the client holds a secret. */
export type OidcClientUpdate = Omit<OidcClientInput, 'confidential'>;

/** The answer to a registration or a new secret: the secret is shown this once. */
export type OidcClientWithSecret = Partial<OidcClient> & { clientId: string; clientSecret?: string | null };

// ---- in-person identity check at the window (窗口现场核验) ---------------------------------------

export interface IdentityCheckBody {
  name: string;
  idNumber: string;
  /** the clerk confirms having checked the applicant and the original ID card */
  documentChecked: true;
}

/** The raised account: level 5, with masked name and ID number. */
export interface IdentityCheckAnswer {
  level: number;
  /** masked */
  name: string;
  /** masked */
  idNumber: string;
}

// ---- organisations ------------------------------------------------------------------------------

export interface OrganisationSearch {
  /** the region (and everything below it) */
  region?: string;
  /** part of the name, or the start of the USCC */
  q?: string;
  pageSize: number;
}

export type AdminApi = ReturnType<typeof createAdminApi>;

const ifMatch = (revision: number) => ({ 'If-Match': `"r${revision}"` });

/**
 * @param onUnauthorized called when the server answers 401: the session ended (expired, signed
 *   out elsewhere, roles changed). A 403 is an answer about one action, not about the session.
 */
export function createAdminApi(onUnauthorized?: (error: ApiError) => void) {
  const call = async <T>(path: string, opts: RequestOptions = {}): Promise<T> => {
    try {
      return await staffRequest<T>(path, opts);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) onUnauthorized?.(e);
      throw e;
    }
  };
  const item = (code: string) => `/admin/items/${encodeURIComponent(code)}`;
  const staff = (id: string) => `/admin/staff/${encodeURIComponent(id)}`;
  const client = (id: string) => `/admin/oidc-clients/${encodeURIComponent(id)}`;
  return {
    // catalogue
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

    // staff and roles
    listStaff: (params: StaffListParams, signal?: AbortSignal) =>
      call<Page<StaffMember>>('/admin/staff', { params: { ...params }, signal }),
    staff: (id: string, signal?: AbortSignal) => call<StaffMember>(staff(id), { signal }),
    createStaff: (body: StaffCreateBody) => call<StaffMember>('/admin/staff', { method: 'POST', body }),
    setStaffRoles: (id: string, roles: StaffGrantInput[]) => call<StaffMember>(`${staff(id)}/roles`, { method: 'PUT', body: { roles } }),
    setStaffStatus: (id: string, status: StaffMember['status']) =>
      call<StaffMember>(`${staff(id)}/status`, { method: 'POST', body: { status } }),
    resetStaffPassword: (id: string, password: string) => call<StaffMember>(`${staff(id)}/password`, { method: 'POST', body: { password } }),

    // relying parties
    listOidcClients: (signal?: AbortSignal) => call<{ items: OidcClient[] }>('/admin/oidc-clients', { signal }),
    oidcClient: (clientId: string, signal?: AbortSignal) => call<OidcClient>(client(clientId), { signal }),
    updateOidcClient: (clientId: string, body: OidcClientUpdate) => call<OidcClient>(client(clientId), { method: 'PUT', body }),
    createOidcClient: (body: OidcClientInput) => call<OidcClientWithSecret>('/admin/oidc-clients', { method: 'POST', body }),
    setOidcClientStatus: (clientId: string, status: OidcClient['status']) =>
      call<OidcClient>(`${client(clientId)}/status`, { method: 'POST', body: { status } }),
    rotateOidcSecret: (clientId: string) => call<OidcClientWithSecret>(`${client(clientId)}/secret`, { method: 'POST' }),

    // the window clerk's in-person check: 422 registry-mismatch, 404 not-found (not registered)
    checkIdentity: (body: IdentityCheckBody) =>
      call<IdentityCheckAnswer>('/workbench/identity-checks', { method: 'POST', body }),

    // data sharing, the exchange gateway, organisation keys and the licence register
    sharing: createSharingApi(call),
    // 好差评 (差评整改, ratings, exports), 投诉建议 and the window clerk's rating codes and visits
    feedback: createFeedbackWorkbenchApi(call),
  };
}

/** Every organisation of the node, for the implementing-organisation select (public endpoint, 200 a page). */
export async function listAllOrganisations(signal?: AbortSignal): Promise<Organisation[]> {
  const pageSize = 200;
  const first = await staffRequest<Page<Organisation>>('/organisations', { params: { pageSize }, signal });
  const all = [...first.items];
  const pages = Math.min(Math.ceil(first.total / pageSize), 25);
  for (let page = 2; page <= pages; page++) {
    const next = await staffRequest<Page<Organisation>>('/organisations', { params: { pageSize, page }, signal });
    all.push(...next.items);
  }
  return all;
}

/** Organisations found by name or USCC (start), in a region and below it: one page, with the total. */
export function searchOrganisations(search: OrganisationSearch, signal?: AbortSignal): Promise<Page<Organisation>> {
  return staffRequest<Page<Organisation>>('/organisations', { params: { ...search }, signal });
}

function randomBytes(n: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(n));
}

/** A random UUID (v4) for Idempotency-Key; crypto.randomUUID needs a secure context, getRandomValues does not. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function' && window.isSecureContext) return crypto.randomUUID();
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * A random initial password of 12 characters with upper- and lower-case letters, digits and a
 * symbol (the password rule asks for three of the four). Characters easily confused when read
 * aloud or copied by hand (0/O, 1/l/I) are left out.
 */
export function randomInitialPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', '@#%+=!?'];
  const all = sets.join('');
  const bytes = randomBytes(24);
  const chars = sets.map((s, i) => s[bytes[i]! % s.length]!);
  for (let i = chars.length; i < 12; i++) chars.push(all[bytes[i]! % all.length]!);
  // shuffle (Fisher–Yates) so the classes are not always in the same places
  for (let i = chars.length - 1; i > 0; i--) {
    const j = bytes[12 + (i % 12)]! % (i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

/** Does a new password follow the rule (8–64 characters, three of upper/lower/digit/symbol)? */
export function passwordStrongEnough(v: string): boolean {
  return v.length >= 8 && v.length <= 64 && [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(v)).length >= 3;
}
