/**
 * Housekeeping of identity tables: ended sessions are kept 30 days (the personal centre and
 * audits show recent sign-ins), codes and passkey challenges one day, abuse counters until their
 * windows and lockouts are over. Deletes are idempotent, so every node process may run it.
 */
import { and, isNotNull, lt, or } from 'drizzle-orm';
import type { Executor } from '../../platform/db.js';
import { pruneThrottles } from '../../platform/throttle.js';
import { otpChallenges, sessions, webauthnChallenges } from './schema.js';

export async function purgeExpired(db: Executor, now = new Date()): Promise<void> {
  const monthAgo = new Date(now.getTime() - 30 * 86_400_000);
  const dayAgo = new Date(now.getTime() - 86_400_000);
  await db.delete(sessions).where(or(lt(sessions.expiresAt, monthAgo), and(isNotNull(sessions.revokedAt), lt(sessions.revokedAt, monthAgo))));
  await db.delete(otpChallenges).where(lt(otpChallenges.expiresAt, dayAgo));
  await db.delete(webauthnChallenges).where(lt(webauthnChallenges.expiresAt, dayAgo));
  await pruneThrottles(db, now);
}
