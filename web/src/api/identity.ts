/**
 * Client of unified identity (统一身份认证): registration, login, the personal centre.
 * The session is the HttpOnly cookie `ow_session`, set and cleared by the server; fetch sends it on
 * same-origin requests (the default `credentials: 'same-origin'`), so no token is ever held here.
 * Shapes follow server/src/modules/identity and the contracts of @onewindow/domain.
 */
import type { MeAnswer } from '@onewindow/domain';
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/browser';
import { useQuery } from '@tanstack/react-query';
import { apiRequest, ApiError, type RequestOptions } from './client';

// ---------------------------------------------------------------- answers

export type Me = MeAnswer;

export type OtpPurpose = 'register' | 'login' | 'reset';

export interface OtpIssued {
  challengeId: string;
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

/** A login either signs in (the cookie is set) or asks for the code texted to the account phone. */
export type LoginAnswer =
  | { status: 'signed_in' }
  | { status: 'second_factor'; challengeId: string; /** masked */ phone: string; expiresInSeconds: number };

export interface RegisterInput {
  name: string;
  idNumber: string;
  phone: string;
  password: string;
  challengeId: string;
  code: string;
}

export interface SessionRow {
  id: string;
  current: boolean;
  amr: string[];
  /** masked: 203.0.113.* */
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  lastSeenAt: string;
}

export interface PasskeyRow {
  id: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export type EnterpriseRole = 'representative' | 'agent';

export interface EnterpriseRow {
  id: string;
  uscc: string;
  name: string;
  role: EnterpriseRole;
  /** for agents: last day of the authorisation */
  validUntil: string | null;
  level?: number;
}

export type AgentStatus = 'active' | 'revoked' | 'expired';

export interface AgentRow {
  id: string;
  /** masked */
  name: string;
  /** masked */
  idNumber: string;
  validUntil: string | null;
  status: AgentStatus;
  grantedAt: string;
  revokedAt: string | null;
}

export interface AgentInput {
  name: string;
  idNumber: string;
  /** YYYY-MM-DD, inclusive; open-ended when absent */
  validUntil?: string;
}

export interface VerificationAnswer {
  level: number;
  result: 'verified' | 'already';
}

interface Items<T> {
  items: T[];
}

// ---------------------------------------------------------------- calls

/** A call whose success carries nothing the page needs (202 accepted, 204 no content). */
async function send(path: string, opts: RequestOptions = {}): Promise<void> {
  await apiRequest<unknown>(path, { method: 'POST', ...opts });
}

const post = <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body: body ?? {} });
const enc = encodeURIComponent;

export const identityApi = {
  // ---- public
  requestOtp: (purpose: OtpPurpose, phone: string) => post<OtpIssued>('/auth/otp', { purpose, phone }),
  register: (input: RegisterInput) => post<{ status: 'accepted' }>('/auth/register', input),
  login: (identifier: string, password: string) => post<LoginAnswer>('/auth/login', { identifier, password }),
  smsLogin: (phone: string, challengeId: string, code: string) => post<LoginAnswer>('/auth/login/sms', { phone, challengeId, code }),
  secondFactor: (challengeId: string, code: string) => post<LoginAnswer>('/auth/login/second-factor', { challengeId, code }),
  resendSecondFactor: (challengeId: string) => post<LoginAnswer>('/auth/login/second-factor/resend', { challengeId }),
  passkeyLoginOptions: () => post<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }>('/auth/passkey/options'),
  passkeyLogin: (challengeId: string, response: AuthenticationResponseJSON) => post<LoginAnswer>('/auth/passkey', { challengeId, response }),
  resetPassword: (input: { phone: string; challengeId: string; code: string; newPassword: string }) => send('/auth/password-reset', { body: input }),
  logout: () => send('/auth/logout'),

  // ---- the signed-in account
  me: (signal?: AbortSignal) => apiRequest<Me>('/me', { signal }),
  verifyIdentity: () => post<VerificationAnswer>('/me/identity-verification'),
  changePassword: (currentPassword: string, newPassword: string) => send('/me/password', { body: { currentPassword, newPassword } }),
  sessions: (signal?: AbortSignal) => apiRequest<Items<SessionRow>>('/me/sessions', { signal }),
  endSession: (id: string) => send(`/me/sessions/${enc(id)}`, { method: 'DELETE' }),
  logoutAll: () => send('/me/logout-all'),

  passkeys: (signal?: AbortSignal) => apiRequest<Items<PasskeyRow>>('/me/passkeys', { signal }),
  passkeyRegistrationOptions: () => post<{ challengeId: string; options: PublicKeyCredentialCreationOptionsJSON }>('/me/passkeys/options'),
  addPasskey: (challengeId: string, label: string, response: RegistrationResponseJSON) =>
    post<PasskeyRow>('/me/passkeys', { challengeId, label, response }),
  deletePasskey: (id: string) => send(`/me/passkeys/${enc(id)}`, { method: 'DELETE' }),

  enterprises: (signal?: AbortSignal) => apiRequest<Items<EnterpriseRow>>('/me/enterprises', { signal }),
  bindEnterprise: (uscc: string) => post<EnterpriseRow>('/me/enterprises', { uscc }),
  agents: (enterpriseId: string, signal?: AbortSignal) => apiRequest<Items<AgentRow>>(`/me/enterprises/${enc(enterpriseId)}/agents`, { signal }),
  grantAgent: (enterpriseId: string, input: AgentInput) => post<AgentRow>(`/me/enterprises/${enc(enterpriseId)}/agents`, input),
  revokeAgent: (enterpriseId: string, agentId: string) =>
    send(`/me/enterprises/${enc(enterpriseId)}/agents/${enc(agentId)}`, { method: 'DELETE' }),
};

// ---------------------------------------------------------------- problems

export const problemSlug = (e: unknown): string | undefined =>
  e instanceof ApiError && typeof e.problem?.type === 'string' ? e.problem.type.split('/').pop() : undefined;

export const isStatus = (e: unknown, status: number): boolean => e instanceof ApiError && e.status === status;

/** Seconds to wait after a 429 (the problem's `retryAfter`; a minute when the server said nothing). */
export function retryAfterOf(e: unknown): number | undefined {
  if (!(e instanceof ApiError) || e.status !== 429) return undefined;
  const n = Number(e.problem?.retryAfter);
  return Number.isFinite(n) && n > 0 ? Math.ceil(n) : 60;
}

// ---------------------------------------------------------------- the session, for every page

export const ME_KEY = ['identity', 'me'] as const;

/**
 * The signed-in account, or null when signed out (a 401 is an answer, not a failure, and is not
 * retried). The header and the personal centre share it; login and logout update it.
 */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async ({ signal }) => {
      try {
        return await identityApi.me(signal);
      } catch (e) {
        if (isStatus(e, 401)) return null;
        throw e;
      }
    },
    staleTime: 5 * 60_000,
  });
}
