/**
 * The part of oidc-provider 9 that the OpenID Provider module uses. The package ships no types and
 * @types/oidc-provider describes 8.x; one declaration we own is smaller than a second dependency.
 * Shapes follow the 9.x sources (lib/provider.js, lib/models, lib/helpers/interaction_policy).
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** What an adapter stores for one model instance (a token, session, interaction, grant …). */
  export interface AdapterPayload {
    [key: string]: unknown;
    jti?: string;
    kind?: string;
    exp?: number;
    iat?: number;
    grantId?: string;
    userCode?: string;
    uid?: string;
    /** epoch seconds when consumed (authorization codes, refresh tokens) */
    consumed?: number;
  }

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export interface CookieOptions {
    signed?: boolean;
    httpOnly?: boolean;
    sameSite?: 'lax' | 'strict' | 'none' | boolean;
    secure?: boolean;
    path?: string;
    maxAge?: number;
  }

  export interface Cookies {
    get(name: string, opts?: CookieOptions): string | undefined;
    set(name: string, value: string | null, opts?: CookieOptions): unknown;
  }

  export interface Client {
    readonly clientId: string;
    readonly clientName?: string;
    readonly redirectUris: string[];
    readonly postLogoutRedirectUris?: string[];
    readonly clientAuthMethod: string;
    readonly scope?: string;
    metadata(): Record<string, unknown>;
  }

  export interface Session {
    readonly uid: string;
    accountId?: string;
    acr?: string;
    amr?: string[];
    loginTs?: number;
  }

  export interface OIDCContext {
    readonly route: string;
    readonly issuer: string;
    readonly client?: Client;
    readonly session?: Session;
    readonly params?: Record<string, unknown>;
    readonly entities: Record<string, unknown>;
    readonly prompts: Set<string>;
    readonly acr?: string;
  }

  /** The Koa context oidc-provider hands to configuration functions. */
  export interface KoaContextWithOIDC {
    oidc: OIDCContext;
    cookies: Cookies;
    state: Record<string, unknown>;
    secure: boolean;
    status: number;
    type: string;
    body: unknown;
    get(field: string): string;
  }

  export type AccountClaims = Record<string, unknown> & { sub: string };

  export interface Account {
    accountId: string;
    claims(use: string, scope: string, claims: Record<string, unknown>, rejected: string[]): Promise<AccountClaims> | AccountClaims;
  }

  /** The token an account is looked up for (authorization code, access token …), when there is one. */
  export interface FindAccountToken {
    kind?: string;
    grantId?: string;
    scope?: string;
  }

  export type FindAccount = (ctx: KoaContextWithOIDC, sub: string, token?: FindAccountToken) => Promise<Account | undefined>;

  export type CheckFunction = (ctx: KoaContextWithOIDC) => boolean | Promise<boolean>;
  export type DetailsFunction = (ctx: KoaContextWithOIDC) => Record<string, unknown> | undefined | Promise<Record<string, unknown> | undefined>;

  export class Check {
    constructor(reason: string, description: string, error: string, check: CheckFunction, details?: DetailsFunction);
    constructor(reason: string, description: string, check: CheckFunction, details?: DetailsFunction);
    static readonly REQUEST_PROMPT: true;
    static readonly NO_NEED_TO_PROMPT: false;
  }

  export interface Checks extends Array<Check> {
    add(check: Check, index?: number): void;
    get(reason: string): Check | undefined;
    remove(reason: string): void;
  }

  export interface Prompt {
    readonly name: string;
    readonly checks: Checks;
  }

  export interface Policy extends Array<Prompt> {
    get(name: string): Prompt | undefined;
  }

  export const interactionPolicy: {
    base(): Policy;
    Check: typeof Check;
  };

  export interface Interaction {
    readonly uid: string;
    readonly jti: string;
    readonly iat: number;
    readonly exp: number;
    readonly returnTo: string;
    readonly prompt: { name: string; reasons: string[]; details: Record<string, unknown> };
    readonly params: Record<string, unknown>;
    readonly session?: { uid: string; accountId?: string };
    readonly grantId?: string;
  }

  export interface InteractionResults {
    login?: { accountId: string; acr?: string; amr?: string[]; remember?: boolean; ts?: number };
    consent?: { grantId: string };
    error?: string;
    error_description?: string;
  }

  export interface Grant {
    jti?: string;
    readonly accountId: string;
    readonly clientId: string;
    exp?: number;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    getOIDCScope(): string;
    save(): Promise<string>;
    destroy(): Promise<void>;
  }

  export interface GrantModel {
    new (init: { accountId: string; clientId: string }): Grant;
    find(id: string): Promise<Grant | undefined>;
  }

  export interface ClientModel {
    find(id: string): Promise<Client | undefined>;
  }

  export type ErrorOut = { error: string; error_description?: string; state?: string; iss?: string };

  export type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

  export type Configuration = Record<string, unknown>;

  class Provider {
    constructor(issuer: string, configuration: Configuration);
    readonly issuer: string;
    proxy: boolean;
    readonly Client: ClientModel;
    readonly Grant: GrantModel;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    use(middleware: Middleware): this;
    on(event: string, listener: (...args: never[]) => void): this;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    interactionResult(req: IncomingMessage, res: ServerResponse, result: InteractionResults, options?: { mergeWithLastSubmission?: boolean }): Promise<string>;
  }

  export class OIDCProviderError extends Error {
    error: string;
    error_description?: string;
    status: number;
  }

  export const errors: {
    OIDCProviderError: typeof OIDCProviderError;
    SessionNotFound: typeof OIDCProviderError;
    InvalidClientMetadata: new (description: string) => OIDCProviderError;
  };

  export { Provider };
  export default Provider;
}
