/**
 * Abuse limits shared by every process of a node (they live in the database, not in memory):
 * fixed-window counters (`hit`) and lockouts with exponential back-off (`lockout*`).
 * Keys name what is counted: `login:ip:<ip>`, `otp:phone:<blind index>` … never a raw phone number.
 */
import { sql } from 'drizzle-orm';
import { query, type Executor } from './db.js';
import { ProblemError } from './errors.js';

export interface Limit {
  /** requests allowed per window */
  max: number;
  windowSeconds: number;
}

/** Counts one request against the key; answers whether it is within the limit. */
export async function hit(db: Executor, key: string, limit: Limit, now = new Date()): Promise<{ allowed: boolean; retryAfter: number }> {
  const windowStartBefore = new Date(now.getTime() - limit.windowSeconds * 1000);
  const [row] = await query<{ count: number; window_start: Date | string }>(
    db,
    sql`insert into throttles (key, count, window_start) values (${key}, 1, ${now})
        on conflict (key) do update set
          count = case when throttles.window_start <= ${windowStartBefore} then 1 else throttles.count + 1 end,
          window_start = case when throttles.window_start <= ${windowStartBefore} then ${now} else throttles.window_start end
        returning count, window_start`,
  );
  const started = new Date(row!.window_start).getTime();
  const retryAfter = Math.max(1, Math.ceil((started + limit.windowSeconds * 1000 - now.getTime()) / 1000));
  return { allowed: Number(row!.count) <= limit.max, retryAfter };
}

export const rateLimited = (retryAfter: number) =>
  new ProblemError(429, 'rate-limited', 'problem.rateLimited', [], 'problem.rateLimited.detail', { retryAfter });

/** Counts against every limit; throws 429 (with the longest wait) when one is exceeded. */
export async function enforce(db: Executor, checks: { key: string; limit: Limit }[], now = new Date()): Promise<void> {
  let wait = 0;
  for (const c of checks) {
    const r = await hit(db, c.key, c.limit, now);
    if (!r.allowed) wait = Math.max(wait, r.retryAfter);
  }
  if (wait > 0) throw rateLimited(wait);
}

export interface LockoutPolicy {
  /** consecutive failures before the first lockout */
  threshold: number;
  /** first lockout; doubles with each further failure */
  baseSeconds: number;
  maxSeconds: number;
}

/** Seconds until the key may try again (0: not locked). */
export async function lockedFor(db: Executor, key: string, now = new Date()): Promise<number> {
  const [row] = await query<{ locked_until: Date | string | null }>(db, sql`select locked_until from throttles where key = ${`lock:${key}`}`);
  if (!row?.locked_until) return 0;
  return Math.max(0, Math.ceil((new Date(row.locked_until).getTime() - now.getTime()) / 1000));
}

/** Records a failure; from the threshold on, locks the key for base × 2^(failures − threshold). */
export async function recordFailure(db: Executor, key: string, policy: LockoutPolicy, now = new Date()): Promise<number> {
  const [row] = await query<{ failures: number }>(
    db,
    sql`insert into throttles (key, count, window_start, failures) values (${`lock:${key}`}, 0, ${now}, 1)
        on conflict (key) do update set failures = throttles.failures + 1
        returning failures`,
  );
  const failures = Number(row!.failures);
  if (failures < policy.threshold) return 0;
  const seconds = Math.min(policy.maxSeconds, policy.baseSeconds * 2 ** (failures - policy.threshold));
  await db.execute(sql`update throttles set locked_until = ${new Date(now.getTime() + seconds * 1000)} where key = ${`lock:${key}`}`);
  return seconds;
}

export async function recordSuccess(db: Executor, key: string): Promise<void> {
  await db.execute(sql`delete from throttles where key = ${`lock:${key}`}`);
}

/** Removes windows and lockouts that ended more than a day ago (scheduler housekeeping). */
export async function pruneThrottles(db: Executor, now = new Date()): Promise<void> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  await db.execute(sql`delete from throttles where window_start < ${dayAgo} and (locked_until is null or locked_until < ${now})`);
}
