/**
 * Types and calls of electronic licences (电子证照): the holder's wallet (/me/licences), its PDFs,
 * documents and authorisations of use; the public verification (/licences/verify…) and the published
 * keys. Shapes follow the server's views in server/src/modules/licences/service.ts.
 */
import type { LicenceStatus, LicenceTypeField, LicenceVerificationResult, Page } from '@onewindow/domain';
import { API_BASE, ApiError, apiRequest, type Organisation } from './client';

export type { LicenceStatus, LicenceVerificationResult };

/** The e-seal record signed with a licence. */
export interface LicenceSeal {
  name: string;
  organisation: string;
  organisationCode: string;
  keyId: string;
  algorithm: string;
}

/** Directory fields (目录信息) of a licence as the register shows them (a person's code masked). */
export interface LicenceView {
  identifier: string;
  name: string;
  typeCode: string;
  number: string;
  holder: string;
  holderCode: string;
  holderCodeType: '111' | '001';
  issuer: string;
  issuerCode: string;
  issueDate: string;
  jurisdiction: string;
  validFrom: string;
  validTo: string | null;
  status: LicenceStatus;
  seal: LicenceSeal;
  applicationId: string | null;
  revokedAt: string | null;
  suspendedAt: string | null;
}

/** A licence of the wallet: whose it is (the person's own name unmasked) and its active authorisations. */
export interface WalletLicence extends LicenceView {
  holderKind: 'person' | 'enterprise';
  holderName: string;
  activeAuthorisations: number;
}

export interface Wallet {
  items: WalletLicence[];
  /** the person's own licences are shown from level 3 (实名核验) on */
  personLicencesNeedLevel3: boolean;
}

/** The signed document of a licence: payload (directory fields, the type's data, the seal), signature, key. */
export interface LicenceDocument {
  payload: {
    identifier: string;
    name: string;
    data: Record<string, string | number | boolean | null>;
    seal: LicenceSeal;
    [field: string]: unknown;
  };
  signature: string;
  keyId: string;
}

export interface LicenceType {
  code: string;
  name: string;
  definingMinistry: string;
  validityYears: number | null;
  fields: LicenceTypeField[];
}

export type AuthorisationStatus = 'active' | 'expired' | 'revoked';

export interface Authorisation {
  id: string;
  identifier: string;
  granteeKind: 'application' | 'organisation';
  granteeId: string;
  /** the organisation's name; null for an application */
  granteeName: string | null;
  purpose: string;
  validUntil: string;
  status: AuthorisationStatus;
  createdAt: string;
  revokedAt: string | null;
}

export interface AuthorisationInput {
  granteeKind: 'application' | 'organisation';
  granteeId: string;
  purpose: string;
  /** YYYY-MM-DD, the last day of use (today … one year ahead) */
  validUntil: string;
}

export interface Verification {
  result: LicenceVerificationResult;
  /** the register's directory fields (holder code and a person's name masked), when the licence is known */
  licence?: LicenceView;
}

export interface PublishedKey {
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

const enc = encodeURIComponent;

/** A problem+json failure of a non-JSON call (PDF download or upload) as ApiError. */
async function failure(res: Response): Promise<ApiError> {
  let problem;
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try {
      problem = await res.json();
    } catch {
      problem = undefined;
    }
  }
  return new ApiError(res.status, problem, `HTTP ${res.status}`);
}

const headers = () => ({ Accept: 'application/json', 'Accept-Language': document.documentElement.lang || 'zh-CN' });

/** The file name of a download: the UTF-8 `filename*` of Content-Disposition, else its `filename`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1]!);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="([^"]+)"/i.exec(disposition)?.[1] ?? fallback;
}

export const licencesApi = {
  // ---- the holder's wallet
  wallet: () => apiRequest<Wallet>('/me/licences'),
  document: (identifier: string) => apiRequest<LicenceDocument>(`/me/licences/${enc(identifier)}/document`),
  /** The licence PDF with its file name (503 problem when the node lacks the CJK font). */
  pdf: async (identifier: string): Promise<{ blob: Blob; filename: string }> => {
    const res = await fetch(`${API_BASE}/me/licences/${enc(identifier)}/pdf`, { headers: headers(), credentials: 'same-origin' });
    if (!res.ok) throw await failure(res);
    return { blob: await res.blob(), filename: filenameOf(res.headers.get('content-disposition'), 'licence.pdf') };
  },
  authorisations: (identifier: string) => apiRequest<{ items: Authorisation[] }>(`/me/licences/${enc(identifier)}/authorisations`),
  grant: (identifier: string, input: AuthorisationInput) =>
    apiRequest<Authorisation>(`/me/licences/${enc(identifier)}/authorisations`, { method: 'POST', body: input }),
  revoke: (identifier: string, id: string) =>
    apiRequest<Authorisation>(`/me/licences/${enc(identifier)}/authorisations/${enc(id)}/revoke`, { method: 'POST', body: {} }),

  // ---- public
  types: () => apiRequest<{ items: LicenceType[] }>('/licences/types'),
  verify: (identifier: string) => apiRequest<Verification>(`/licences/verify/${enc(identifier)}`),
  /** Verifies a licence PDF as downloaded from a wallet (the raw bytes). */
  verifyPdf: async (file: Blob): Promise<Verification> => {
    const res = await fetch(`${API_BASE}/licences/verify/pdf`, {
      method: 'POST',
      headers: { ...headers(), 'Content-Type': 'application/pdf' },
      body: file,
      credentials: 'same-origin',
    });
    if (!res.ok) throw await failure(res);
    return (await res.json()) as Verification;
  },
  keys: () => apiRequest<{ items: PublishedKey[] }>('/licences/keys'),
  /** Organisations whose name contains `q` (or whose USCC starts with it), for the grantee picker. */
  organisations: (q: string) => apiRequest<Page<Organisation>>('/organisations', { params: { q, pageSize: 20 } }),
};

/** The URL of a licence's public verification page (what the PDF's QR code opens). */
export const verifyPath = (identifier: string) => `/verify/${enc(identifier)}`;
