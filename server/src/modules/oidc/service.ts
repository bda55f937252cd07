/**
 * Use cases of the OpenID Provider (统一身份认证 for other government systems):
 * - registration of relying parties by the platform administrator (list, create, disable/enable,
 *   rotate the secret), each change with its audit entry in the same transaction;
 * - the sign-in interaction on the platform's own session: what the page shows (details), the
 *   user's confirmation (login and consent in one step, optionally acting for an enterprise), and
 *   cancelling it;
 * - the claims an account releases to a relying party, limited to the granted scopes.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { asc, eq } from 'drizzle-orm';
import { errors, type AccountClaims, type Client, type FindAccount, type Interaction, type Provider } from 'oidc-provider';
import { acrForLevel, levelForAcr, type OidcClientInput } from '@onewindow/domain';
import type { Config } from '../../config.js';
import type { Actor } from '../../platform/auth.js';
import { appendAudit } from '../../platform/audit.js';
import type { Keyring } from '../../platform/crypto.js';
import type { Db, Executor } from '../../platform/db.js';
import { ProblemError, validationProblem, type FieldIssue } from '../../platform/errors.js';
import { maskPersonal } from '../../platform/personal-data.js';
import { accountClaims, actableEnterprises, me, type IdentityDeps } from '../identity/service.js';
import { ACTING_FOR_MODEL, CLIENT_SECRET_CONTEXT, PayloadAdapter } from './adapter.js';
import { oidcClients } from './schema.js';

export interface OidcDeps {
  db: Db;
  config: Config;
  keyring: Keyring;
  identity: IdentityDeps;
}

/** An enterprise the account may act for (as legal representative or authorised agent). */
export interface ActableEnterprise {
  id: string;
  uscc: string;
  name: string;
  role: string;
}

/** Enterprises the account may act for (as legal representative or authorised agent). */
const actable = (deps: IdentityDeps, accountId: string): Promise<ActableEnterprise[]> => actableEnterprises(deps, accountId);

// ---------------------------------------------------------------- scopes and claims

/** Scopes a relying party may be registered for (besides `openid`). */
export type OidcScope = OidcClientInput['scopes'][number];
const SCOPES: ReadonlySet<string> = new Set<string>(['openid', 'profile', 'phone', 'id_card', 'enterprise']);

/**
 * The claims of each scope (oidc-provider's `claims` configuration). `openid` carries `sub_type`
 * (natural_person | legal_person), `acr` and `amr` in every ID token.
 */
export const CLAIMS = {
  acr: null,
  auth_time: null,
  iss: null,
  sid: null,
  openid: ['sub', 'sub_type', 'acr', 'amr'],
  profile: ['name'],
  phone: ['phone_number', 'phone_number_verified'],
  id_card: ['id_number'],
  enterprise: ['enterprise'],
} as const;

type Claimed = NonNullable<Awaited<ReturnType<typeof accountClaims>>>;

/** E.164, as OpenID Connect recommends: 13812345678 → +8613812345678. */
const e164 = (phone: string) => (/^1\d{10}$/.test(phone) ? `+86${phone}` : phone);

/** The claims an account releases for a scope string: nothing beyond what the scopes name. */
export function releasedClaims(account: Claimed, enterprise: ActableEnterprise | undefined, scope: string): AccountClaims {
  const scopes = new Set(scope.split(' '));
  const claims: AccountClaims = { sub: account.id, sub_type: enterprise ? 'legal_person' : 'natural_person' };
  if (scopes.has('profile')) claims.name = account.name;
  if (scopes.has('phone') && account.phone) {
    claims.phone_number = e164(account.phone);
    // a person's phone was verified by a texted code at registration; a staff phone was typed in
    claims.phone_number_verified = account.kind === 'person';
  }
  if (scopes.has('id_card') && account.idNumber) claims.id_number = account.idNumber;
  if (scopes.has('enterprise') && enterprise) claims.enterprise = { uscc: enterprise.uscc, name: enterprise.name, role: enterprise.role };
  return claims;
}

const actingFor = (db: Executor) => new PayloadAdapter(db, ACTING_FOR_MODEL);

/**
 * oidc-provider's `findAccount`: active accounts only. When the token belongs to a grant made while
 * acting for an enterprise, the authority is checked again: once it has ended, the account is not
 * found and the relying party gets no more tokens or claims from that grant.
 */
export function accountFinder(deps: OidcDeps): FindAccount {
  return async (_ctx, sub, token) => {
    const account = await accountClaims(deps.identity, sub);
    if (!account || account.status !== 'active') return undefined;
    let enterprise: ActableEnterprise | undefined;
    const acting = token?.grantId ? await actingFor(deps.db).find(token.grantId) : undefined;
    if (acting) {
      enterprise = (await actable(deps.identity, sub)).find((e) => e.id === acting.enterpriseId);
      if (!enterprise) return undefined;
    }
    return { accountId: account.id, claims: (_use, scope) => releasedClaims(account, enterprise, scope) };
  };
}

// ---------------------------------------------------------------- levels

/** The relying party's lowest accepted assurance level (client metadata `minimum_level`). */
export const minimumLevelOf = (client: Client): number => Number(client.metadata().minimum_level ?? 2);

/**
 * The level a sign-in needs: the client's minimum, raised by `acr_values`. The values are
 * alternatives in order of preference, and a higher level satisfies a lower one, so the lowest
 * level named counts; values of another scheme are ignored.
 */
export function requiredLevel(minimumLevel: number, acrValues: unknown, acrPrefix: string): number {
  const asked = (typeof acrValues === 'string' ? acrValues.split(' ') : [])
    .map((v) => levelForAcr(v, acrPrefix))
    .filter((n): n is number => n !== undefined && n >= 2 && n <= 5);
  return Math.max(minimumLevel, asked.length ? Math.min(...asked) : 0);
}

/** Lifetime of the provider's sessions and grants: as long as a platform session may last. */
export const grantSeconds = (config: Config) => config.sessionMaxHours * 3600;

const levelRequired = (requiredLevel: number, currentLevel: number) =>
  new ProblemError(403, 'level-required', 'problem.levelRequired', [], 'problem.levelRequired.detail', { requiredLevel, currentLevel });

// ---------------------------------------------------------------- relying parties (administration)

export interface ClientAnswer {
  clientId: string;
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  minimumLevel: number;
  scopes: string[];
  confidential: boolean;
  status: 'active' | 'disabled';
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

function clientAnswer(row: typeof oidcClients.$inferSelect): ClientAnswer {
  const metadata = row.metadata as { redirect_uris?: string[]; post_logout_redirect_uris?: string[]; token_endpoint_auth_method?: string };
  return {
    clientId: row.clientId,
    name: row.name,
    redirectUris: metadata.redirect_uris ?? [],
    postLogoutRedirectUris: metadata.post_logout_redirect_uris ?? [],
    minimumLevel: row.minimumLevel,
    scopes: row.scopes,
    confidential: metadata.token_endpoint_auth_method !== 'none',
    status: row.status as 'active' | 'disabled',
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const clientNotFound = () => new ProblemError(404, 'not-found', 'problem.clientNotFound');
const newSecret = () => randomBytes(32).toString('base64url');
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Redirect URIs: no fragment (RFC 6749 §3.1.2); in production https, loopback excepted. */
function checkRedirectUris(config: Config, input: OidcClientInput): void {
  const fields: FieldIssue[] = [];
  const check = (uris: string[], field: string) =>
    uris.forEach((uri, i) => {
      const url = new URL(uri);
      if (uri.includes('#')) fields.push({ pointer: `/body/${field}/${i}`, code: 'redirectUriFragment' });
      else if (config.mode === 'production' && url.protocol !== 'https:' && !LOOPBACK.has(url.hostname)) fields.push({ pointer: `/body/${field}/${i}`, code: 'redirectUriHttps' });
    });
  check(input.redirectUris, 'redirectUris');
  check(input.postLogoutRedirectUris, 'postLogoutRedirectUris');
  if (fields.length) throw validationProblem(fields);
}

/** Client metadata as oidc-provider reads it: authorization code flow only, PKCE enforced by the provider. */
function clientMetadata(input: OidcClientInput) {
  return {
    application_type: 'web',
    redirect_uris: input.redirectUris,
    post_logout_redirect_uris: input.postLogoutRedirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: input.confidential ? 'client_secret_basic' : 'none',
    id_token_signed_response_alg: 'RS256',
    scope: ['openid', ...new Set(input.scopes)].join(' '),
  };
}

export async function listClients(db: Executor): Promise<{ items: ClientAnswer[] }> {
  const rows = await db.select().from(oidcClients).orderBy(asc(oidcClients.createdAt));
  return { items: rows.map(clientAnswer) };
}

/** Registers a relying party; the secret (confidential clients) is answered here and never again. */
export async function createClient(deps: OidcDeps, actor: Actor, input: OidcClientInput): Promise<ClientAnswer & { clientSecret?: string }> {
  checkRedirectUris(deps.config, input);
  const clientId = randomBytes(16).toString('base64url');
  const secret = input.confidential ? newSecret() : undefined;
  const now = new Date();
  const row = await deps.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(oidcClients)
      .values({
        clientId,
        name: input.name,
        metadata: clientMetadata(input),
        secretCipher: secret ? deps.keyring.encrypt(secret, CLIENT_SECRET_CONTEXT) : null,
        minimumLevel: input.minimumLevel,
        scopes: [...new Set(input.scopes)],
        status: 'active',
        createdBy: actor.accountId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await appendAudit(tx, {
      actor: actor.accountId,
      action: 'oidc.client.create',
      entityType: 'oidc_client',
      entityId: clientId,
      regionCode: deps.config.nodeRegion,
      detail: { name: input.name, redirectUris: input.redirectUris, minimumLevel: input.minimumLevel, scopes: input.scopes, confidential: input.confidential },
    });
    return inserted!;
  });
  return { ...clientAnswer(row), ...(secret ? { clientSecret: secret } : {}) };
}

export async function getClient(db: Executor, clientId: string): Promise<ClientAnswer> {
  const [row] = await db.select().from(oidcClients).where(eq(oidcClients.clientId, clientId));
  if (!row) throw clientNotFound();
  return clientAnswer(row);
}

/** Changes a registration (name, addresses, scopes, minimum level); whether it has a secret stays. */
export async function updateClient(deps: OidcDeps, actor: Actor, clientId: string, input: Omit<OidcClientInput, 'confidential'>): Promise<ClientAnswer> {
  return deps.db.transaction(async (tx) => {
    const [current] = await tx.select().from(oidcClients).where(eq(oidcClients.clientId, clientId)).for('update');
    if (!current) throw clientNotFound();
    const confidential = (current.metadata as { token_endpoint_auth_method?: string }).token_endpoint_auth_method !== 'none';
    const full = { ...input, confidential };
    checkRedirectUris(deps.config, full);
    const [row] = await tx
      .update(oidcClients)
      .set({ name: input.name, metadata: clientMetadata(full), minimumLevel: input.minimumLevel, scopes: [...new Set(input.scopes)], updatedAt: new Date() })
      .where(eq(oidcClients.clientId, clientId))
      .returning();
    await appendAudit(tx, {
      actor: actor.accountId,
      action: 'oidc.client.update',
      entityType: 'oidc_client',
      entityId: clientId,
      regionCode: deps.config.nodeRegion,
      detail: { name: input.name, redirectUris: input.redirectUris, minimumLevel: input.minimumLevel, scopes: input.scopes },
    });
    return clientAnswer(row!);
  });
}

/** Disables (refused at once, tokens included) or re-enables a relying party. */
export async function setClientStatus(deps: OidcDeps, actor: Actor, clientId: string, status: 'active' | 'disabled'): Promise<ClientAnswer> {
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.update(oidcClients).set({ status, updatedAt: new Date() }).where(eq(oidcClients.clientId, clientId)).returning();
    if (!row) throw clientNotFound();
    await appendAudit(tx, { actor: actor.accountId, action: 'oidc.client.status', entityType: 'oidc_client', entityId: clientId, regionCode: deps.config.nodeRegion, detail: { status } });
    return clientAnswer(row);
  });
}

/** A new secret for a confidential client; the old one stops working at once. */
export async function rotateClientSecret(deps: OidcDeps, actor: Actor, clientId: string): Promise<{ clientId: string; clientSecret: string }> {
  const secret = newSecret();
  await deps.db.transaction(async (tx) => {
    const [row] = await tx.select({ secretCipher: oidcClients.secretCipher }).from(oidcClients).where(eq(oidcClients.clientId, clientId)).for('update');
    if (!row) throw clientNotFound();
    if (!row.secretCipher) throw new ProblemError(409, 'conflict', 'problem.clientPublic');
    await tx.update(oidcClients).set({ secretCipher: deps.keyring.encrypt(secret, CLIENT_SECRET_CONTEXT), updatedAt: new Date() }).where(eq(oidcClients.clientId, clientId));
    await appendAudit(tx, { actor: actor.accountId, action: 'oidc.client.secret.rotate', entityType: 'oidc_client', entityId: clientId, regionCode: deps.config.nodeRegion });
  });
  return { clientId, clientSecret: secret };
}

// ---------------------------------------------------------------- the sign-in interaction

export interface Raw {
  req: IncomingMessage;
  res: ServerResponse;
}

export interface InteractionDetails {
  uid: string;
  prompt: 'login' | 'consent';
  client: { id: string; name: string };
  scopes: string[];
  minimumLevel: number;
  requiredLevel: number;
  account: null | { name: string; level: number; kind: 'person' | 'staff' };
  enterprises: ActableEnterprise[];
}

const interactionExpired = () => new ProblemError(404, 'interaction-expired', 'problem.interactionExpired', [], 'problem.interactionExpired.detail');

/** The interaction of the `_interaction` cookie, which must be the one the URL names. */
async function loadInteraction(provider: Provider, raw: Raw, uid: string): Promise<Interaction> {
  let interaction: Interaction;
  try {
    interaction = await provider.interactionDetails(raw.req, raw.res);
  } catch (error) {
    if (error instanceof errors.SessionNotFound) throw interactionExpired();
    throw error;
  }
  if (interaction.uid !== uid) throw interactionExpired();
  return interaction;
}

async function interactionClient(provider: Provider, interaction: Interaction): Promise<Client> {
  const client = await provider.Client.find(String(interaction.params.client_id ?? ''));
  if (!client) throw clientNotFound();
  return client;
}

const requestedScopes = (interaction: Interaction) => [...new Set(String(interaction.params.scope ?? '').split(' '))].filter((s) => SCOPES.has(s));

const epoch = (date = new Date()) => Math.floor(date.getTime() / 1000);

/** What the sign-in page shows: the relying party, what it asks for, and who is signed in. */
export async function interactionDetails(deps: OidcDeps, provider: Provider, raw: Raw, uid: string, actor: Actor | undefined): Promise<InteractionDetails> {
  const interaction = await loadInteraction(provider, raw, uid);
  const client = await interactionClient(provider, interaction);
  const minimumLevel = minimumLevelOf(client);
  const claimed = actor ? await accountClaims(deps.identity, actor.accountId) : undefined;
  return {
    uid,
    prompt: interaction.prompt.name === 'consent' ? 'consent' : 'login',
    client: { id: client.clientId, name: client.clientName ?? client.clientId },
    scopes: requestedScopes(interaction),
    minimumLevel,
    requiredLevel: requiredLevel(minimumLevel, interaction.params.acr_values, deps.config.acrPrefix),
    account: actor && claimed ? { name: maskPersonal('name', claimed.name), level: actor.level, kind: actor.kind } : null,
    enterprises: actor?.kind === 'person' ? (await actable(deps.identity, actor.accountId)).map(({ id, uscc, name, role }) => ({ id, uscc, name, role })) : [],
  };
}

/**
 * When the platform session began. The relying party may ask for a recent authentication
 * (`max_age`, `prompt=login`); an older session must sign in again rather than be passed off as new.
 */
async function authenticatedAt(deps: OidcDeps, actor: Actor, interaction: Interaction): Promise<number> {
  const authTime = epoch(new Date((await me(deps.identity, actor)).session.createdAt));
  const prompts = String(interaction.params.prompt ?? '').split(' ');
  const maxAge = interaction.params.max_age === undefined ? undefined : Number(interaction.params.max_age);
  const stale = (prompts.includes('login') && authTime < interaction.iat) || (maxAge !== undefined && Number.isFinite(maxAge) && epoch() - authTime > maxAge);
  if (stale) throw new ProblemError(401, 'reauthentication-required', 'problem.reauthenticationRequired', [], 'problem.reauthenticationRequired.detail');
  return authTime;
}

/**
 * The user confirms: sign-in and consent in one step. The account's session level must reach the
 * client's minimum and any `acr_values`; the grant covers the requested scopes; an enterprise may
 * be chosen when the `enterprise` scope is asked for. Answers where the browser goes next.
 */
export async function confirmInteraction(deps: OidcDeps, provider: Provider, raw: Raw, uid: string, actor: Actor, enterpriseId?: string): Promise<{ redirectTo: string }> {
  const interaction = await loadInteraction(provider, raw, uid);
  const client = await interactionClient(provider, interaction);
  const required = requiredLevel(minimumLevelOf(client), interaction.params.acr_values, deps.config.acrPrefix);
  if (actor.level < required) throw levelRequired(required, actor.level);
  const scopes = requestedScopes(interaction);
  let enterprise: ActableEnterprise | undefined;
  if (enterpriseId !== undefined) {
    if (!scopes.includes('enterprise')) throw validationProblem([{ pointer: '/body/enterpriseId', code: 'enterpriseScopeMissing' }]);
    enterprise = (await actable(deps.identity, actor.accountId)).find((e) => e.id === enterpriseId);
    if (!enterprise) throw new ProblemError(404, 'not-found', 'problem.enterpriseNotFound');
  }
  const authTime = await authenticatedAt(deps, actor, interaction);

  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing && existing.accountId === actor.accountId && existing.clientId === client.clientId ? existing : new provider.Grant({ accountId: actor.accountId, clientId: client.clientId });
  grant.addOIDCScope(scopes.join(' '));
  const missingClaims = interaction.prompt.details.missingOIDCClaims;
  if (Array.isArray(missingClaims)) grant.addOIDCClaims(missingClaims.map(String));
  const grantId = await grant.save();
  // a grant found keeps its expiry; a new one lives as configured (its `exp` is not set on the object)
  const grantTtl = grant.exp ? Math.max(1, grant.exp - epoch()) : grantSeconds(deps.config);

  await deps.db.transaction(async (tx) => {
    if (enterprise) await actingFor(tx).upsert(grantId, { grantId, enterpriseId: enterprise.id }, grantTtl);
    else await actingFor(tx).destroy(grantId);
    // personal data given to another system is on record (whom, which scopes, acting for whom)
    await appendAudit(tx, {
      actor: actor.accountId,
      action: 'oidc.consent',
      entityType: 'oidc_client',
      entityId: client.clientId,
      regionCode: deps.config.nodeRegion,
      detail: { scopes, level: actor.level, ...(enterprise ? { enterpriseId: enterprise.id } : {}) },
    });
  });

  const redirectTo = await provider.interactionResult(
    raw.req,
    raw.res,
    {
      login: { accountId: actor.accountId, acr: acrForLevel(actor.level, deps.config.acrPrefix), amr: actor.amr, ts: authTime, remember: true },
      consent: { grantId },
    },
    { mergeWithLastSubmission: false },
  );
  return { redirectTo };
}

/** The user declines: the relying party gets `error=access_denied`. */
export async function abortInteraction(provider: Provider, raw: Raw, uid: string): Promise<{ redirectTo: string }> {
  await loadInteraction(provider, raw, uid);
  const redirectTo = await provider.interactionResult(raw.req, raw.res, { error: 'access_denied', error_description: 'End-User aborted interaction' }, { mergeWithLastSubmission: false });
  return { redirectTo };
}
