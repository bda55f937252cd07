/**
 * Passkeys (WebAuthn) as an alternative login, through @simplewebauthn/server. Credentials are
 * discoverable (the login asks for no identifier, so it reveals nothing about who is registered);
 * challenges live in the database, single use and short-lived, so any node process can finish a
 * ceremony another began.
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { appendAudit } from '../../platform/audit.js';
import type { Actor } from '../../platform/auth.js';
import { ProblemError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { maskPersonal, reveal } from '../../platform/personal-data.js';
import { accounts, passkeys, webauthnChallenges } from './schema.js';
import { signInVerified, type IdentityDeps, type LoginResult } from './service.js';

const CHALLENGE_TTL_MS = 5 * 60_000;

export interface RelyingParty {
  id: string;
  origin: string;
}

/**
 * The relying party: the node's public URL; in development also a page served on localhost at
 * any port (WebAuthn accepts `localhost` as a secure context, never a bare IP address).
 */
export function relyingParty(deps: IdentityDeps, origin: string | undefined): RelyingParty {
  if (deps.config.mode === 'development' && origin && /^http:\/\/localhost(:\d+)?$/.test(origin)) return { id: 'localhost', origin };
  const url = new URL(deps.config.publicUrl);
  return { id: url.hostname, origin: url.origin };
}

const failed = () => new ProblemError(400, 'passkey-failed', 'problem.passkeyFailed');

async function saveChallenge(deps: IdentityDeps, purpose: 'register' | 'login', challenge: string, accountId: string | null) {
  const id = newId();
  await deps.db.insert(webauthnChallenges).values({ id, challenge, purpose, accountId, expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS) });
  return id;
}

/** Consumes a challenge atomically: it serves one ceremony, within its lifetime. */
async function takeChallenge(deps: IdentityDeps, id: string, purpose: 'register' | 'login', accountId: string | null) {
  const [row] = await deps.db
    .update(webauthnChallenges)
    .set({ consumedAt: new Date() })
    .where(and(eq(webauthnChallenges.id, id), eq(webauthnChallenges.purpose, purpose), isNull(webauthnChallenges.consumedAt), gt(webauthnChallenges.expiresAt, new Date())))
    .returning();
  if (!row || row.accountId !== accountId) throw failed();
  return row.challenge;
}

export async function registrationOptions(deps: IdentityDeps, actor: Actor, rp: RelyingParty) {
  const [a] = await deps.db.select().from(accounts).where(eq(accounts.id, actor.accountId));
  if (!a) throw failed();
  const existing = await deps.db.select({ id: passkeys.id, transports: passkeys.transports }).from(passkeys).where(eq(passkeys.accountId, a.id));
  // the authenticator shows the masked phone or user name, never the ID number
  const label = a.username ?? (a.phoneCipher ? maskPersonal('phone', reveal(deps.keyring, 'phone', a.phoneCipher)) : a.id);
  const options = await generateRegistrationOptions({
    rpName: deps.config.nodeName,
    rpID: rp.id,
    userName: label,
    userID: new TextEncoder().encode(a.id),
    userDisplayName: maskPersonal('name', reveal(deps.keyring, 'name', a.nameCipher)),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  const challengeId = await saveChallenge(deps, 'register', options.challenge, a.id);
  return { challengeId, options };
}

export async function registerPasskey(deps: IdentityDeps, actor: Actor, rp: RelyingParty, input: { challengeId: string; label: string; response: RegistrationResponseJSON }) {
  const challenge = await takeChallenge(deps, input.challengeId, 'register', actor.accountId);
  const result = await verifyRegistrationResponse({ response: input.response, expectedChallenge: challenge, expectedOrigin: rp.origin, expectedRPID: rp.id, requireUserVerification: true }).catch(() => undefined);
  if (!result?.verified) throw failed();
  const info = result.registrationInfo;
  const row = {
    id: info.credential.id,
    accountId: actor.accountId,
    publicKey: Buffer.from(info.credential.publicKey).toString('base64url'),
    counter: info.credential.counter,
    transports: info.credential.transports ?? [],
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    label: input.label,
    createdAt: new Date(),
    lastUsedAt: null,
  };
  await deps.db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: passkeys.id }).from(passkeys).where(eq(passkeys.id, row.id));
    if (taken) throw failed();
    await tx.insert(passkeys).values(row);
    await appendAudit(tx, { actor: actor.accountId, action: 'passkey.register', entityType: 'account', entityId: actor.accountId, regionCode: deps.config.nodeRegion, detail: { label: row.label, deviceType: row.deviceType } });
  });
  return view(row);
}

function view(p: { id: string; label: string; deviceType: string; backedUp: boolean; createdAt: Date; lastUsedAt: Date | null }) {
  return { id: p.id, label: p.label, deviceType: p.deviceType, backedUp: p.backedUp, createdAt: p.createdAt.toISOString(), lastUsedAt: p.lastUsedAt?.toISOString() ?? null };
}

export async function listPasskeys(deps: IdentityDeps, actor: Actor) {
  const rows = await deps.db.select().from(passkeys).where(eq(passkeys.accountId, actor.accountId));
  return { items: rows.map(view) };
}

export async function deletePasskey(deps: IdentityDeps, actor: Actor, id: string) {
  await deps.db.transaction(async (tx) => {
    const done = await tx.delete(passkeys).where(and(eq(passkeys.id, id), eq(passkeys.accountId, actor.accountId))).returning({ id: passkeys.id });
    if (done.length === 0) throw new ProblemError(404, 'not-found', 'problem.passkeyNotFound');
    await appendAudit(tx, { actor: actor.accountId, action: 'passkey.delete', entityType: 'account', entityId: actor.accountId, regionCode: deps.config.nodeRegion });
  });
}

export async function authenticationOptions(deps: IdentityDeps, rp: RelyingParty) {
  const options = await generateAuthenticationOptions({ rpID: rp.id, userVerification: 'required' });
  const challengeId = await saveChallenge(deps, 'login', options.challenge, null);
  return { challengeId, options };
}

/** Passkey login: the credential names the account; user verification counts as a second factor. */
export async function passkeyLogin(deps: IdentityDeps, rp: RelyingParty, input: { challengeId: string; response: AuthenticationResponseJSON }, client: { ip: string; userAgent?: string }): Promise<LoginResult> {
  const challenge = await takeChallenge(deps, input.challengeId, 'login', null);
  const [stored] = await deps.db.select().from(passkeys).where(eq(passkeys.id, input.response.id));
  if (!stored) throw failed();
  const result = await verifyAuthenticationResponse({
    response: input.response,
    expectedChallenge: challenge,
    expectedOrigin: rp.origin,
    expectedRPID: rp.id,
    requireUserVerification: true,
    credential: { id: stored.id, publicKey: new Uint8Array(Buffer.from(stored.publicKey, 'base64url')), counter: stored.counter, transports: stored.transports },
  }).catch(() => undefined);
  if (!result?.verified) throw failed();
  await deps.db.update(passkeys).set({ counter: result.authenticationInfo.newCounter, lastUsedAt: new Date() }).where(eq(passkeys.id, stored.id));
  return signInVerified(deps, stored.accountId, ['hwk', 'user', 'mfa'], client);
}
