/**
 * Accounts, one-time codes, login and sessions (统一身份认证).
 *
 * Privacy of existence: no answer tells whether an ID number or phone is registered. A code request
 * answers the same for every phone (messages go only where they may); registration answers the same
 * whether or not it created an account (the owner of a taken number gets a text instead); a failed
 * login is one message for every cause, and lockouts count per identifier, known or not.
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm';
import type { MeAnswer, OtpPurpose, RoleGrant, StaffRole } from '@onewindow/domain';
import { acrForLevel, idCardFacts, regionCovers } from '@onewindow/domain';
import type { Config } from '../../config.js';
import type { Actor } from '../../platform/auth.js';
import { appendAudit } from '../../platform/audit.js';
import type { IndexKey, Keyring } from '../../platform/crypto.js';
import type { Db, Executor, Tx } from '../../platform/db.js';
import { ProblemError, validationProblem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { maskPersonal, personalIndex, protect, reveal } from '../../platform/personal-data.js';
import type { SmsSender } from '../../platform/sms.js';
import { enforce, lockedFor, rateLimited, recordFailure, recordSuccess, type Limit, type LockoutPolicy } from '../../platform/throttle.js';
import * as reference from '../reference/service.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { findEnterpriseRecord, findPopulationRecord, type EnterpriseRecord, type PopulationRecord, type PopulationRegistry } from './registry.js';
import { accounts, otpChallenges, roleAssignments, sessions } from './schema.js';

export type { EnterpriseRecord, PersonCheck, PopulationRecord, PopulationRegistry } from './registry.js';
/** loading registry rows (the node's own population and enterprise registers: imports, demo data) */
export { loadEnterprises, loadPopulation, type RegistryEnterprise, type RegistryPerson } from './registry.js';

/** The population registry's entry of an ID number (for the exchange gateway's own-tables adapter). */
export const populationRecord = (deps: Pick<IdentityDeps, 'db' | 'keyring' | 'indexKey'>, idNumber: string): Promise<PopulationRecord | undefined> =>
  findPopulationRecord(deps.db, deps.keyring, deps.indexKey, idNumber);

/** The enterprise registry's entry of a USCC (for the exchange gateway's own-tables adapter). */
export const enterpriseRecord = (deps: Pick<IdentityDeps, 'db' | 'keyring'>, uscc: string): Promise<EnterpriseRecord | undefined> => findEnterpriseRecord(deps.db, deps.keyring, uscc);

/** argon2id, for other modules' machine credentials (the exchange gateway's client secrets) */
export { hashPassword, verifyPassword };

// other modules reach enterprises through this service
export { actableEnterprises, enterpriseFacts, mayActFor, type ActableEnterprise } from './enterprises.js';

export interface IdentityDeps {
  db: Db;
  config: Config;
  keyring: Keyring;
  indexKey: IndexKey;
  sms: SmsSender;
  population: PopulationRegistry;
}

// ---------------------------------------------------------------- limits

export const LIMITS = {
  loginPerIp: { max: 30, windowSeconds: 15 * 60 },
  otpPerIp: { max: 20, windowSeconds: 60 * 60 },
  otpPerPhoneMinute: { max: 1, windowSeconds: 60 },
  otpPerPhoneDay: { max: 10, windowSeconds: 24 * 60 * 60 },
  registerPerIp: { max: 10, windowSeconds: 60 * 60 },
  verifyPerAccount: { max: 5, windowSeconds: 24 * 60 * 60 },
} satisfies Record<string, Limit>;
export const LOGIN_LOCKOUT: LockoutPolicy = { threshold: 5, baseSeconds: 60, maxSeconds: 60 * 60 };
export const OTP_TTL_SECONDS = 300;
export const OTP_MAX_ATTEMPTS = 5;

const OTP_PURPOSE_TEXT: Record<OtpPurpose, string> = { register: '注册账号', login: '登录', reset: '重置密码', second_factor: '登录验证' };

const credentialsRejected = () => new ProblemError(401, 'bad-credentials', 'problem.badCredentials', [], 'problem.badCredentials.detail');
const otpRejected = (pointer = '/body/code') => validationProblem([{ pointer, code: 'otpInvalid' }]);

export const tokenHash = (token: string) => createHash('sm3').update(token).digest('hex');

// ---------------------------------------------------------------- one-time codes

export interface OtpIssued {
  challengeId: string;
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

function codeHash(deps: IdentityDeps, challengeId: string, code: string) {
  return deps.indexKey.mac(`otp\0${challengeId}\0${code}`).toString('base64url');
}

async function personByPhone(db: Executor, deps: IdentityDeps, phone: string) {
  const [row] = await db
    .select({ id: accounts.id, status: accounts.status })
    .from(accounts)
    .where(and(eq(accounts.kind, 'person'), eq(accounts.phoneIndex, personalIndex(deps.indexKey, 'phone', phone))));
  return row;
}

/** Creates a challenge and, when it may, texts the code. Same answer for every phone. */
async function issueOtp(deps: IdentityDeps, purpose: OtpPurpose, phone: string, accountId: string | null, send: boolean): Promise<OtpIssued> {
  const id = newId();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const now = new Date();
  await deps.db.transaction(async (tx) => {
    await tx.insert(otpChallenges).values({
      id,
      purpose,
      phoneIndex: personalIndex(deps.indexKey, 'phone', phone),
      accountId,
      codeHash: send ? codeHash(deps, id, code) : null,
      expiresAt: new Date(now.getTime() + OTP_TTL_SECONDS * 1000),
      createdAt: now,
    });
    if (send) {
      await deps.sms.send(tx, { phone, template: 'otp', params: { node: deps.config.nodeName, code, minutes: String(OTP_TTL_SECONDS / 60), purpose: OTP_PURPOSE_TEXT[purpose] } });
    }
  });
  return { challengeId: id, expiresInSeconds: OTP_TTL_SECONDS, resendAfterSeconds: LIMITS.otpPerPhoneMinute.windowSeconds };
}

/** A code for registration, SMS login or password reset. */
export async function requestOtp(deps: IdentityDeps, purpose: 'register' | 'login' | 'reset', phone: string, ip: string): Promise<OtpIssued> {
  const phoneKey = personalIndex(deps.indexKey, 'phone', phone);
  await enforce(deps.db, [
    { key: `otp:ip:${ip}`, limit: LIMITS.otpPerIp },
    { key: `otp:phone-minute:${phoneKey}`, limit: LIMITS.otpPerPhoneMinute },
    { key: `otp:phone-day:${phoneKey}`, limit: LIMITS.otpPerPhoneDay },
  ]);
  const existing = await personByPhone(deps.db, deps, phone);
  if (purpose === 'register') {
    if (existing) {
      // the phone's owner learns it is taken by text, not the caller by the answer
      const issued = await issueOtp(deps, purpose, phone, null, false);
      await deps.sms.send(deps.db, { phone, template: 'already_registered', params: { node: deps.config.nodeName } });
      return issued;
    }
    return issueOtp(deps, purpose, phone, null, true);
  }
  const usable = existing && existing.status === 'active';
  return issueOtp(deps, purpose, phone, usable ? existing.id : null, Boolean(usable));
}

/**
 * Checks a code: counts the attempt first (atomically), then compares in constant time, then
 * consumes it, so a code works once, within its lifetime, and only for its purpose and phone.
 * Answers the account the code was issued for (null for registration).
 */
export async function consumeOtp(deps: IdentityDeps, challengeId: string, purpose: OtpPurpose, phoneIndex: string | null, code: string, pointer?: string): Promise<string | null> {
  const now = new Date();
  const [row] = await deps.db
    .update(otpChallenges)
    .set({ attempts: sql`${otpChallenges.attempts} + 1` })
    .where(and(eq(otpChallenges.id, challengeId), isNull(otpChallenges.consumedAt), gt(otpChallenges.expiresAt, now), sql`${otpChallenges.attempts} < ${OTP_MAX_ATTEMPTS}`))
    .returning();
  if (!row || !row.codeHash || row.purpose !== purpose || (phoneIndex !== null && row.phoneIndex !== phoneIndex)) throw otpRejected(pointer);
  const expected = Buffer.from(row.codeHash);
  const given = Buffer.from(codeHash(deps, challengeId, code));
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw otpRejected(pointer);
  const consumed = await deps.db
    .update(otpChallenges)
    .set({ consumedAt: now })
    .where(and(eq(otpChallenges.id, challengeId), isNull(otpChallenges.consumedAt)))
    .returning({ id: otpChallenges.id });
  if (consumed.length === 0) throw otpRejected(pointer);
  return row.accountId;
}

// ---------------------------------------------------------------- registration

export interface RegistrationInput {
  name: string;
  idNumber: string;
  phone: string;
  password: string;
  challengeId: string;
  code: string;
}

/**
 * Registers a natural person at level 2 (ID number + name + verified phone). Answers the same
 * whether or not an account was created; the caller then signs in with the password it chose.
 */
export async function register(deps: IdentityDeps, input: RegistrationInput, ip: string): Promise<{ status: 'accepted' }> {
  await enforce(deps.db, [{ key: `register:ip:${ip}`, limit: LIMITS.registerPerIp }]);
  const phoneIndex = personalIndex(deps.indexKey, 'phone', input.phone);
  await consumeOtp(deps, input.challengeId, 'register', phoneIndex, input.code);
  const facts = idCardFacts(input.idNumber);
  // the address code must name a province of GB/T 2260 (older county codes stay valid on old cards)
  const province = await reference.findRegion(deps.db, `${facts.regionCode.slice(0, 2)}0000`);
  if (!province) throw validationProblem([{ pointer: '/body/idNumber', code: 'idNumber.region' }]);

  const passwordHash = await hashPassword(input.password);
  const id = protect(deps.keyring, deps.indexKey, 'idNumber', input.idNumber);
  const phone = protect(deps.keyring, deps.indexKey, 'phone', input.phone);
  const name = protect(deps.keyring, deps.indexKey, 'name', input.name);
  await deps.db.transaction(async (tx) => {
    const taken = await tx
      .select({ id: accounts.id, phoneCipher: accounts.phoneCipher })
      .from(accounts)
      .where(and(eq(accounts.kind, 'person'), or(eq(accounts.idNumberIndex, id.index), eq(accounts.phoneIndex, phone.index))));
    if (taken.length > 0) {
      for (const t of taken) {
        if (t.phoneCipher) await deps.sms.send(tx, { phone: reveal(deps.keyring, 'phone', t.phoneCipher), template: 'already_registered', params: { node: deps.config.nodeName } });
      }
      return;
    }
    const now = new Date();
    const accountId = newId();
    await tx.insert(accounts).values({
      id: accountId,
      kind: 'person',
      nameCipher: name.cipher,
      nameIndex: name.index,
      idNumberCipher: id.cipher,
      idNumberIndex: id.index,
      phoneCipher: phone.cipher,
      phoneIndex: phone.index,
      passwordHash,
      passwordChangedAt: now,
      level: 2,
      levelSource: 'registration',
      createdAt: now,
      updatedAt: now,
    });
    await appendAudit(tx, { actor: accountId, action: 'account.register', entityType: 'account', entityId: accountId, regionCode: deps.config.nodeRegion, detail: { kind: 'person', level: 2 } });
  });
  return { status: 'accepted' };
}

// ---------------------------------------------------------------- sessions

export const SESSION_COOKIE = 'ow_session';

export interface NewSession {
  token: string;
  sessionId: string;
  maxAgeSeconds: number;
}

async function createSession(tx: Executor, deps: IdentityDeps, account: { id: string; level: number }, amr: string[], client: { ip: string; userAgent?: string }): Promise<NewSession> {
  const token = randomBytes(32).toString('base64url');
  const now = new Date();
  const id = newId();
  const absolute = new Date(now.getTime() + deps.config.sessionMaxHours * 3600_000);
  await tx.insert(sessions).values({
    id,
    tokenHash: tokenHash(token),
    accountId: account.id,
    level: account.level,
    amr,
    ip: client.ip,
    userAgent: client.userAgent?.slice(0, 300) ?? null,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(Math.min(absolute.getTime(), now.getTime() + deps.config.sessionIdleMinutes * 60_000)),
    absoluteExpiresAt: absolute,
  });
  return { token, sessionId: id, maxAgeSeconds: deps.config.sessionMaxHours * 3600 };
}

async function rolesOf(db: Executor, accountId: string): Promise<RoleGrant[]> {
  const rows = await db
    .select({ role: roleAssignments.role, regionCode: roleAssignments.regionCode, organisationId: roleAssignments.organisationId })
    .from(roleAssignments)
    .where(eq(roleAssignments.accountId, accountId));
  return rows.map((r) => ({ role: r.role as StaffRole, regionCode: r.regionCode, organisationId: r.organisationId }));
}

/** The actor of a session token, extending its idle expiry (at most once a minute). */
export async function resolveSession(deps: IdentityDeps, token: string): Promise<Actor | undefined> {
  const now = new Date();
  const [row] = await deps.db
    .select({ session: sessions, kind: accounts.kind, status: accounts.status, passwordChangeRequired: accounts.passwordChangeRequired })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(and(eq(sessions.tokenHash, tokenHash(token)), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
  if (!row || row.status !== 'active') return undefined;
  const s = row.session;
  if (now.getTime() - s.lastSeenAt.getTime() > 60_000) {
    const idle = new Date(Math.min(s.absoluteExpiresAt.getTime(), now.getTime() + deps.config.sessionIdleMinutes * 60_000));
    await deps.db.update(sessions).set({ lastSeenAt: now, expiresAt: idle }).where(eq(sessions.id, s.id));
  }
  return {
    accountId: s.accountId,
    sessionId: s.id,
    kind: row.kind as 'person' | 'staff',
    level: s.level,
    amr: s.amr,
    roles: row.kind === 'staff' ? await rolesOf(deps.db, s.accountId) : [],
    passwordChangeRequired: row.passwordChangeRequired,
  };
}

export async function listSessions(db: Executor, actor: Actor) {
  const rows = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.accountId, actor.accountId), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date())))
    .orderBy(desc(sessions.lastSeenAt));
  return rows.map((s) => ({
    id: s.id,
    current: s.id === actor.sessionId,
    amr: s.amr,
    ip: s.ip ? maskIp(s.ip) : null,
    userAgent: s.userAgent,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
  }));
}

/** 203.0.113.* / 2001:db8:1:* — enough to recognise a network, not to locate a person. */
function maskIp(ip: string): string {
  if (ip.includes(':')) return `${ip.split(':').slice(0, 3).join(':')}:*`;
  return `${ip.split('.').slice(0, 3).join('.')}.*`;
}

export async function revokeSession(deps: IdentityDeps, actor: Actor, sessionId: string): Promise<void> {
  const done = await deps.db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.id, sessionId), eq(sessions.accountId, actor.accountId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  if (done.length === 0) throw new ProblemError(404, 'not-found', 'problem.sessionNotFound');
}

export async function revokeAllSessions(db: Executor, accountId: string): Promise<number> {
  const done = await db.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.accountId, accountId), isNull(sessions.revokedAt))).returning({ id: sessions.id });
  return done.length;
}

export async function logout(deps: IdentityDeps, token: string | undefined): Promise<void> {
  if (!token) return;
  await deps.db.update(sessions).set({ revokedAt: new Date() }).where(and(eq(sessions.tokenHash, tokenHash(token)), isNull(sessions.revokedAt)));
}

// ---------------------------------------------------------------- login

export type LoginResult = { status: 'signed_in'; session: NewSession } | { status: 'second_factor'; challengeId: string; phone: string; expiresInSeconds: number };

interface Client {
  ip: string;
  userAgent?: string;
}

async function findForLogin(db: Executor, deps: IdentityDeps, kind: 'person' | 'staff', identifier: string) {
  const base = db.select().from(accounts);
  if (kind === 'staff') return (await base.where(and(eq(accounts.kind, 'staff'), eq(accounts.username, identifier.toLowerCase()))))[0];
  const cleaned = identifier.normalize('NFKC').replace(/[\s()-]/g, '');
  const asPhone = /^(?:\+?86|0086)?1[3-9]\d{9}$/.test(cleaned);
  const where = asPhone
    ? eq(accounts.phoneIndex, personalIndex(deps.indexKey, 'phone', cleaned))
    : eq(accounts.idNumberIndex, personalIndex(deps.indexKey, 'idNumber', cleaned));
  return (await base.where(and(eq(accounts.kind, 'person'), where)))[0];
}

/** Password login of a person (phone or ID number) or of staff (username). */
export async function passwordLogin(deps: IdentityDeps, kind: 'person' | 'staff', identifier: string, password: string, client: Client): Promise<LoginResult> {
  await enforce(deps.db, [{ key: `login:ip:${client.ip}`, limit: LIMITS.loginPerIp }]);
  const idKey = `login:${kind}:${deps.indexKey.mac(`login\0${identifier.normalize('NFKC').replace(/[\s()-]/g, '').toUpperCase()}`).toString('base64url')}`;
  const wait = await lockedFor(deps.db, idKey);
  if (wait > 0) throw rateLimited(wait);
  const account = await findForLogin(deps.db, deps, kind, identifier);
  const ok = await verifyPassword(account?.passwordHash, password);
  if (!account || !ok || account.status !== 'active') {
    await recordFailure(deps.db, idKey, LOGIN_LOCKOUT);
    if (account) await recordFailure(deps.db, `login:account:${account.id}`, LOGIN_LOCKOUT);
    throw credentialsRejected();
  }
  const accountWait = await lockedFor(deps.db, `login:account:${account.id}`);
  if (accountWait > 0) throw rateLimited(accountWait);
  await recordSuccess(deps.db, idKey);
  await recordSuccess(deps.db, `login:account:${account.id}`);

  const needsSecond = deps.config.secondFactor === 'all' || (deps.config.secondFactor === 'staff' && kind === 'staff');
  if (needsSecond && account.phoneCipher) {
    const phone = reveal(deps.keyring, 'phone', account.phoneCipher);
    const issued = await issueOtp(deps, 'second_factor', phone, account.id, true);
    return { status: 'second_factor', challengeId: issued.challengeId, phone: maskPersonal('phone', phone), expiresInSeconds: issued.expiresInSeconds };
  }
  return signIn(deps, account, ['pwd'], client);
}

async function signIn(deps: IdentityDeps, account: { id: string; level: number; kind: string }, amr: string[], client: Client): Promise<LoginResult> {
  const session = await deps.db.transaction(async (tx) => {
    const s = await createSession(tx, deps, account, amr, client);
    await appendAudit(tx, { actor: account.id, action: 'session.create', entityType: 'account', entityId: account.id, regionCode: deps.config.nodeRegion, detail: { amr, sessionId: s.sessionId } });
    return s;
  });
  return { status: 'signed_in', session };
}

/** Second step of a password login: the code texted to the account's phone. */
export async function completeSecondFactor(deps: IdentityDeps, challengeId: string, code: string, client: Client): Promise<LoginResult> {
  await enforce(deps.db, [{ key: `login:ip:${client.ip}`, limit: LIMITS.loginPerIp }]);
  const accountId = await consumeOtp(deps, challengeId, 'second_factor', null, code);
  const [account] = accountId ? await deps.db.select().from(accounts).where(eq(accounts.id, accountId)) : [];
  if (!account || account.status !== 'active') throw otpRejected();
  return signIn(deps, account, ['pwd', 'sms', 'mfa'], client);
}

/**
 * A new code for the second step of a password login, after the first was lost or expired. The
 * challenge id is only known to whoever passed the password; the old challenge stops working, and
 * the per-phone limits apply as to every code.
 */
export async function resendSecondFactor(deps: IdentityDeps, challengeId: string, ip: string): Promise<LoginResult> {
  const [old] = await deps.db
    .select()
    .from(otpChallenges)
    .where(and(eq(otpChallenges.id, challengeId), eq(otpChallenges.purpose, 'second_factor'), isNull(otpChallenges.consumedAt)));
  const [account] = old?.accountId ? await deps.db.select().from(accounts).where(eq(accounts.id, old.accountId)) : [];
  if (!old || !account || account.status !== 'active' || !account.phoneCipher) throw otpRejected('/body/challengeId');
  // limits first: a refused resend leaves the current code usable
  await enforce(deps.db, [
    { key: `otp:ip:${ip}`, limit: LIMITS.otpPerIp },
    { key: `otp:phone-minute:${old.phoneIndex}`, limit: LIMITS.otpPerPhoneMinute },
    { key: `otp:phone-day:${old.phoneIndex}`, limit: LIMITS.otpPerPhoneDay },
  ]);
  const retired = await deps.db
    .update(otpChallenges)
    .set({ consumedAt: new Date() })
    .where(and(eq(otpChallenges.id, challengeId), isNull(otpChallenges.consumedAt)))
    .returning({ id: otpChallenges.id });
  if (retired.length === 0) throw otpRejected('/body/challengeId');
  const phone = reveal(deps.keyring, 'phone', account.phoneCipher);
  const issued = await issueOtp(deps, 'second_factor', phone, account.id, true);
  return { status: 'second_factor', challengeId: issued.challengeId, phone: maskPersonal('phone', phone), expiresInSeconds: issued.expiresInSeconds };
}

/** Login of a person by a code texted to the registered phone. */
export async function smsLogin(deps: IdentityDeps, phone: string, challengeId: string, code: string, client: Client): Promise<LoginResult> {
  await enforce(deps.db, [{ key: `login:ip:${client.ip}`, limit: LIMITS.loginPerIp }]);
  const accountId = await consumeOtp(deps, challengeId, 'login', personalIndex(deps.indexKey, 'phone', phone), code);
  const [account] = accountId ? await deps.db.select().from(accounts).where(eq(accounts.id, accountId)) : [];
  if (!account || account.status !== 'active') throw otpRejected();
  return signIn(deps, account, ['sms'], client);
}

/** Signs in an account already authenticated another way (passkey). */
export async function signInVerified(deps: IdentityDeps, accountId: string, amr: string[], client: Client): Promise<LoginResult> {
  const [account] = await deps.db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!account || account.status !== 'active') throw credentialsRejected();
  return signIn(deps, account, amr, client);
}

// ---------------------------------------------------------------- passwords

async function setPassword(tx: Tx, deps: IdentityDeps, account: typeof accounts.$inferSelect, newPassword: string, actor: string, action: string) {
  const now = new Date();
  await tx.update(accounts).set({ passwordHash: await hashPassword(newPassword), passwordChangedAt: now, passwordChangeRequired: false, updatedAt: now }).where(eq(accounts.id, account.id));
  const revoked = await revokeAllSessions(tx, account.id);
  await appendAudit(tx, { actor, action, entityType: 'account', entityId: account.id, regionCode: deps.config.nodeRegion, detail: { sessionsRevoked: revoked } });
  if (account.phoneCipher) {
    const at = new Intl.DateTimeFormat('zh-CN', { timeZone: deps.config.timeZone, dateStyle: 'short', timeStyle: 'short' }).format(now);
    await deps.sms.send(tx, { phone: reveal(deps.keyring, 'phone', account.phoneCipher), template: 'password_changed', params: { node: deps.config.nodeName, at, hotline: deps.config.hotline } });
  }
}

/** Password reset by a code texted to the registered phone; every session ends. */
export async function resetPassword(deps: IdentityDeps, phone: string, challengeId: string, code: string, newPassword: string, ip: string): Promise<{ status: 'accepted' }> {
  await enforce(deps.db, [{ key: `login:ip:${ip}`, limit: LIMITS.loginPerIp }]);
  const accountId = await consumeOtp(deps, challengeId, 'reset', personalIndex(deps.indexKey, 'phone', phone), code);
  const [account] = accountId ? await deps.db.select().from(accounts).where(eq(accounts.id, accountId)) : [];
  if (!account) throw otpRejected();
  await deps.db.transaction((tx) => setPassword(tx, deps, account, newPassword, account.id, 'account.password.reset'));
  await recordSuccess(deps.db, `login:account:${account.id}`);
  return { status: 'accepted' };
}

/** Change of password by the signed-in owner; other sessions end, this one continues. */
export async function changePassword(deps: IdentityDeps, actor: Actor, current: string, next: string, client: Client): Promise<NewSession> {
  const [account] = await deps.db.select().from(accounts).where(eq(accounts.id, actor.accountId));
  if (!account || !(await verifyPassword(account.passwordHash, current))) {
    throw validationProblem([{ pointer: '/body/currentPassword', code: 'passwordWrong' }]);
  }
  if (current === next) throw validationProblem([{ pointer: '/body/newPassword', code: 'passwordUnchanged' }]);
  return deps.db.transaction(async (tx) => {
    await setPassword(tx, deps, account, next, actor.accountId, 'account.password.change');
    return createSession(tx, deps, { id: account.id, level: account.level }, actor.amr, client);
  });
}

/** An audit entry in a transaction of its own (for refusals, which change nothing else). */
async function appendAuditAlone(deps: IdentityDeps, entry: Parameters<typeof appendAudit>[1]) {
  await deps.db.transaction((tx) => appendAudit(tx, entry));
}

// ---------------------------------------------------------------- profile and level

/** Grants with the names of their organisation and region, for display. */
export async function namedGrants(deps: IdentityDeps, grants: RoleGrant[]) {
  const out = [];
  for (const g of grants) {
    const org = g.organisationId ? await reference.findOrganisationById(deps.db, g.organisationId) : undefined;
    const region = await reference.findRegion(deps.db, g.regionCode);
    out.push({ ...g, organisationName: org?.name ?? null, regionName: region?.name ?? null });
  }
  return out;
}

export async function me(deps: IdentityDeps, actor: Actor): Promise<MeAnswer> {
  const [a] = await deps.db.select().from(accounts).where(eq(accounts.id, actor.accountId));
  if (!a) throw new ProblemError(401, 'unauthorized', 'problem.unauthorized');
  const [s] = await deps.db.select().from(sessions).where(eq(sessions.id, actor.sessionId));
  return {
    id: a.id,
    kind: a.kind as 'person' | 'staff',
    name: maskPersonal('name', reveal(deps.keyring, 'name', a.nameCipher)),
    idNumber: a.idNumberCipher ? maskPersonal('idNumber', reveal(deps.keyring, 'idNumber', a.idNumberCipher)) : null,
    phone: a.phoneCipher ? maskPersonal('phone', reveal(deps.keyring, 'phone', a.phoneCipher)) : null,
    username: a.username,
    level: a.level,
    levelSource: a.levelSource,
    roles: await namedGrants(deps, actor.roles),
    passwordChangeRequired: a.passwordChangeRequired,
    session: { id: actor.sessionId, acr: acrForLevel(actor.level, deps.config.acrPrefix), amr: actor.amr, createdAt: (s?.createdAt ?? new Date()).toISOString() },
  };
}

/**
 * Raises a person to level 3 by checking name + ID number against the population registry.
 * The current session takes the new level at once.
 */
export async function verifyWithRegistry(deps: IdentityDeps, actor: Actor): Promise<{ level: number; result: 'verified' | 'already' }> {
  const [a] = await deps.db.select().from(accounts).where(eq(accounts.id, actor.accountId));
  if (!a || !a.idNumberCipher) throw new ProblemError(403, 'forbidden', 'problem.forbidden');
  if (a.level >= 3) return { level: a.level, result: 'already' };
  await enforce(deps.db, [{ key: `verify:account:${a.id}`, limit: LIMITS.verifyPerAccount }]);
  const name = reveal(deps.keyring, 'name', a.nameCipher);
  const idNumber = reveal(deps.keyring, 'idNumber', a.idNumberCipher);
  const check = await deps.population.verifyPerson(deps.db, name, idNumber);
  if (check !== 'match') {
    throw new ProblemError(422, 'registry-mismatch', 'problem.registryMismatch', [], 'problem.registryMismatch.detail');
  }
  const now = new Date();
  await deps.db.transaction(async (tx) => {
    await tx.update(accounts).set({ level: 3, levelSource: 'population_registry', levelVerifiedAt: now, updatedAt: now }).where(eq(accounts.id, a.id));
    await tx.update(sessions).set({ level: 3 }).where(and(eq(sessions.accountId, a.id), isNull(sessions.revokedAt)));
    await appendAudit(tx, { actor: a.id, action: 'account.level.raise', entityType: 'account', entityId: a.id, regionCode: deps.config.nodeRegion, detail: { from: a.level, to: 3, source: 'population_registry' } });
  });
  return { level: 3, result: 'verified' };
}

/** Display name (unmasked) of an account, for the account's own use (SSO claims with consent). */
export async function accountClaims(deps: IdentityDeps, accountId: string) {
  const [a] = await deps.db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!a) return undefined;
  return {
    id: a.id,
    kind: a.kind as 'person' | 'staff',
    level: a.level,
    status: a.status,
    name: reveal(deps.keyring, 'name', a.nameCipher),
    idNumber: a.idNumberCipher ? reveal(deps.keyring, 'idNumber', a.idNumberCipher) : null,
    phone: a.phoneCipher ? reveal(deps.keyring, 'phone', a.phoneCipher) : null,
  };
}

/**
 * Level 5 at a service-hall window (窗口现场核验): a window clerk has checked the person's ID card in
 * person. The person is present, so the clerk may learn whether they have an account; the registry
 * must still match. Audited with the clerk and their organisation.
 */
export async function verifyAtCounter(deps: IdentityDeps, clerk: Actor, input: { name: string; idNumber: string }): Promise<{ accountId: string; level: number; name: string; idNumber: string }> {
  const grant = clerk.roles.find((r) => r.role === 'window_clerk');
  if (!grant) throw new ProblemError(403, 'forbidden', 'problem.forbidden');
  const idIndex = personalIndex(deps.indexKey, 'idNumber', input.idNumber);
  /** a refused check is audited too (by blind index: the log holds no ID number) */
  const refuse = async (reason: string, error: ProblemError) => {
    await appendAuditAlone(deps, { actor: clerk.accountId, action: 'account.counter_check.refused', entityType: 'person', entityId: idIndex, regionCode: grant.regionCode, ownerOrgId: grant.organisationId, detail: { reason } });
    return error;
  };
  const check = await deps.population.verifyPerson(deps.db, input.name, input.idNumber);
  if (check !== 'match') throw await refuse(`registry_${check}`, new ProblemError(422, 'registry-mismatch', 'problem.registryMismatch', [], 'problem.registryMismatch.detail'));
  const [a] = await deps.db
    .select()
    .from(accounts)
    .where(and(eq(accounts.kind, 'person'), eq(accounts.idNumberIndex, idIndex)));
  if (!a || a.nameIndex !== personalIndex(deps.indexKey, 'name', input.name)) throw await refuse('no_account', new ProblemError(404, 'not-found', 'problem.accountNotFound', [], 'problem.accountNotFound.detail'));
  const now = new Date();
  await deps.db.transaction(async (tx) => {
    await tx.update(accounts).set({ level: 5, levelSource: 'counter', levelVerifiedAt: now, updatedAt: now }).where(eq(accounts.id, a.id));
    await appendAudit(tx, {
      actor: clerk.accountId,
      action: 'account.level.raise',
      entityType: 'account',
      entityId: a.id,
      regionCode: grant.regionCode,
      ownerOrgId: grant.organisationId,
      detail: { from: a.level, to: 5, source: 'counter' },
    });
  });
  return { accountId: a.id, level: 5, name: maskPersonal('name', input.name), idNumber: maskPersonal('idNumber', input.idNumber) };
}

/** The person account holding an ID number (by its blind index), for a window clerk serving the person in person. */
export async function personAccountIdByIdNumber(deps: Pick<IdentityDeps, 'indexKey'>, db: Executor, idNumber: string): Promise<string | undefined> {
  const [a] = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.kind, 'person'), eq(accounts.idNumberIndex, personalIndex(deps.indexKey, 'idNumber', idNumber))));
  return a?.id;
}

/** Masked name and phone of accounts, for staff views (nothing unmasked leaves this function). */
export async function maskedContacts(deps: Pick<IdentityDeps, 'keyring'>, db: Executor, ids: Iterable<string>): Promise<Map<string, { name: string; phone: string | null }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: accounts.id, nameCipher: accounts.nameCipher, phoneCipher: accounts.phoneCipher }).from(accounts).where(inArray(accounts.id, unique));
  return new Map(
    rows.map((a) => [
      a.id,
      { name: maskPersonal('name', reveal(deps.keyring, 'name', a.nameCipher)), phone: a.phoneCipher ? maskPersonal('phone', reveal(deps.keyring, 'phone', a.phoneCipher)) : null },
    ]),
  );
}

/** Active staff accounts holding the role over the region (a region role covers its sub-regions), e.g. the supervisors to tell of an escalation. */
export async function staffHoldingRole(db: Executor, role: StaffRole, regionCode: string): Promise<string[]> {
  const rows = await db
    .select({ accountId: roleAssignments.accountId, scope: roleAssignments.regionCode })
    .from(roleAssignments)
    .innerJoin(accounts, eq(accounts.id, roleAssignments.accountId))
    .where(and(eq(roleAssignments.role, role), eq(accounts.kind, 'staff'), eq(accounts.status, 'active')));
  return [...new Set(rows.filter((r) => regionCovers(r.scope, regionCode)).map((r) => r.accountId))].sort();
}
