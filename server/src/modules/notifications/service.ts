/**
 * Notifications (消息提醒) of an account, and their text messages (短信) through a transactional outbox.
 *
 * - `notify` writes the notification in the caller's transaction: it exists exactly when the change
 *   it reports committed. With `sms`, the row is also the outbox entry of its text message
 *   (`sms_state` 'pending', due now).
 * - `dispatchSms` sends the due text messages. Each batch is one transaction that claims its rows
 *   with `for update skip locked`, so several node processes share the work and never hold the same
 *   row at once. The message is sent inside that transaction (the row stays locked meanwhile) and the
 *   row marked 'sent' in it. Delivery is **at least once**: a gateway that accepted a message before
 *   the transaction failed to commit (crash, lost connection) sees it again on the next run. The
 *   development sender (OutboxSmsSender) writes its outbox row in the same transaction, so there it is
 *   exactly once. A failed send is retried after 1, 5, then 30 minutes; the fifth failure is final.
 */
import { and, asc, count, desc, eq, isNull, lte } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db.js';
import { notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { SmsSender, SmsTemplate } from '../../platform/sms.js';
import * as identity from '../identity/service.js';
import { notifications } from './schema.js';

type Row = typeof notifications.$inferSelect;
export type SmsState = 'none' | 'pending' | 'sent' | 'failed';

/** Parameters of the `rating_invite` text message: the case and the path of its rating page (the node prefixes its address). */
export interface RatingInviteSms {
  number: string;
  item: string;
  /** e.g. /rate/application/<id>?via=sms */
  path: string;
}

/** Parameters of the `application_status` text message (no personal data). */
export interface ApplicationStatusSms {
  /** 办件编号 */
  number: string;
  /** the item's name */
  item: string;
  /** the new status in words, e.g. 已受理 */
  status: string;
}

export interface NotifyInput {
  accountId: string;
  /** e.g. 'application.status' */
  kind: string;
  title: string;
  body: string;
  /** a path of the web app, e.g. /my/applications/<id> */
  link: string;
  applicationId?: string | null;
  /** also send a text message to the account's phone (after commit, by dispatchSms) */
  sms: boolean;
  /** the text message's template and parameters; required with `sms` */
  smsParams?: ApplicationStatusSms;
  smsInvite?: RatingInviteSms;
}

/** Writes a notification in the caller's transaction; answers its id. */
export async function notify(tx: Executor, input: NotifyInput): Promise<string> {
  if (input.sms && !input.smsParams && !input.smsInvite) throw new TypeError('notify: sms needs smsParams (number, item, status) or smsInvite (number, item, path)');
  const id = newId();
  const now = new Date();
  const template: SmsTemplate = input.smsInvite ? 'rating_invite' : 'application_status';
  const params = input.smsInvite
    ? { number: input.smsInvite.number, item: input.smsInvite.item, path: input.smsInvite.path }
    : input.smsParams && { number: input.smsParams.number, item: input.smsParams.item, status: input.smsParams.status };
  await tx.insert(notifications).values({
    id,
    accountId: input.accountId,
    kind: input.kind,
    title: input.title,
    body: input.body,
    link: input.link,
    applicationId: input.applicationId ?? null,
    createdAt: now,
    smsState: input.sms ? 'pending' : 'none',
    smsTemplate: input.sms ? template : null,
    smsParams: input.sms ? params : null,
    smsAttempts: 0,
    smsNextAt: input.sms ? now : null,
  });
  return id;
}

// ---------------------------------------------------------------- the account's own notifications

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string;
  applicationId: string | null;
  createdAt: string;
  readAt: string | null;
}

const view = (r: Row): NotificationView => ({
  id: r.id,
  kind: r.kind,
  title: r.title,
  body: r.body,
  link: r.link,
  applicationId: r.applicationId,
  createdAt: r.createdAt.toISOString(),
  readAt: r.readAt ? r.readAt.toISOString() : null,
});

export async function unreadCount(db: Executor, accountId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.accountId, accountId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** The account's notifications, newest first; `unread` only the unread ones. */
export async function list(db: Executor, accountId: string, q: { page: number; pageSize: number; unread?: boolean }) {
  const where = q.unread ? and(eq(notifications.accountId, accountId), isNull(notifications.readAt)) : eq(notifications.accountId, accountId);
  const [total] = await db.select({ n: count() }).from(notifications).where(where);
  const rows = await db
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items: rows.map(view), total: Number(total?.n ?? 0), unread: await unreadCount(db, accountId), page: q.page, pageSize: q.pageSize };
}

/** Marks one of the account's notifications read (again: no change); another account's is 404. */
export async function markRead(db: Executor, accountId: string, id: string): Promise<void> {
  const [row] = await db.select({ accountId: notifications.accountId, readAt: notifications.readAt }).from(notifications).where(eq(notifications.id, id));
  if (!row || row.accountId !== accountId) throw notFound('problem.notificationNotFound');
  if (row.readAt) return;
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.id, id), eq(notifications.accountId, accountId), isNull(notifications.readAt)));
}

/** Marks all the account's notifications read; answers how many were unread. */
export async function markAllRead(db: Executor, accountId: string): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.accountId, accountId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

// ---------------------------------------------------------------- text messages (outbox)

export interface SmsDispatchDeps {
  db: Db;
  identity: identity.IdentityDeps;
  sms: SmsSender;
  /** the node's name, the message's signature 【…】 */
  nodeName: string;
  /** the address users reach the node at, before the paths of links (PUBLIC_URL) */
  publicUrl: string;
  /** told of each failed attempt (for the log; never given the phone number) */
  onError?: (error: unknown, notificationId: string) => void;
}

export interface SmsDispatchResult {
  /** rows claimed */
  claimed: number;
  sent: number;
  /** failed attempts that will be retried */
  retried: number;
  /** given up: the fifth failed attempt, or an account without a phone */
  failed: number;
}

/** Minutes before the next attempt after the n-th failure (n = 1, 2, …); the last one repeats. */
export const SMS_BACKOFF_MINUTES = [1, 5, 30] as const;
/** Attempts before a text message is given up ('failed'). */
export const SMS_MAX_ATTEMPTS = 5;
/** Batches of one dispatchSms call at most, so that one call ends even when the backlog grows. */
const MAX_BATCHES = 20;

const backoffMs = (attempts: number) => SMS_BACKOFF_MINUTES[Math.min(attempts, SMS_BACKOFF_MINUTES.length) - 1]! * 60_000;

/**
 * Sends the text messages due at `now`, `limit` per transaction, until a batch comes back short.
 * Safe to run in every node process at once (see the module comment: at least once).
 */
export async function dispatchSms(deps: SmsDispatchDeps, now: Date = new Date(), limit = 50): Promise<SmsDispatchResult> {
  const total: SmsDispatchResult = { claimed: 0, sent: 0, retried: 0, failed: 0 };
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const r = await dispatchBatch(deps, now, limit);
    total.claimed += r.claimed;
    total.sent += r.sent;
    total.retried += r.retried;
    total.failed += r.failed;
    if (r.claimed < limit) break;
  }
  return total;
}

async function dispatchBatch(deps: SmsDispatchDeps, now: Date, limit: number): Promise<SmsDispatchResult> {
  return deps.db.transaction(async (tx) => {
    const result: SmsDispatchResult = { claimed: 0, sent: 0, retried: 0, failed: 0 };
    const due = await tx
      .select({ id: notifications.id, accountId: notifications.accountId, template: notifications.smsTemplate, params: notifications.smsParams, attempts: notifications.smsAttempts })
      .from(notifications)
      .where(and(eq(notifications.smsState, 'pending'), lte(notifications.smsNextAt, now)))
      .orderBy(asc(notifications.smsNextAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    result.claimed = due.length;
    for (const row of due) {
      try {
        // a savepoint: a sender that writes to the database and fails leaves the batch usable;
        // the phone is read in this transaction (PGlite has one connection only)
        const outcome = await tx.transaction(async (sp) => {
          const claims = await identity.accountClaims({ ...deps.identity, db: sp as unknown as Db }, row.accountId);
          if (!claims?.phone || !row.template) return 'nowhere' as const;
          const params = { ...((row.params ?? {}) as Record<string, string>), node: deps.nodeName, site: deps.publicUrl };
          await deps.sms.send(sp, { phone: claims.phone, template: row.template as SmsTemplate, params });
          return 'sent' as const;
        });
        if (outcome === 'nowhere') {
          // no phone to send it to: given up at once
          await tx.update(notifications).set({ smsState: 'failed', smsNextAt: null }).where(eq(notifications.id, row.id));
          result.failed++;
          continue;
        }
        await tx.update(notifications).set({ smsState: 'sent', smsAttempts: row.attempts + 1, smsNextAt: null, smsSentAt: now }).where(eq(notifications.id, row.id));
        result.sent++;
      } catch (error) {
        deps.onError?.(error, row.id);
        const attempts = row.attempts + 1;
        if (attempts >= SMS_MAX_ATTEMPTS) {
          await tx.update(notifications).set({ smsState: 'failed', smsAttempts: attempts, smsNextAt: null }).where(eq(notifications.id, row.id));
          result.failed++;
        } else {
          await tx
            .update(notifications)
            .set({ smsAttempts: attempts, smsNextAt: new Date(now.getTime() + backoffMs(attempts)) })
            .where(eq(notifications.id, row.id));
          result.retried++;
        }
      }
    }
    return result;
  });
}

/** The text message state of a notification (tests, operations). */
export async function smsStateOf(db: Executor, id: string) {
  const [row] = await db
    .select({ state: notifications.smsState, attempts: notifications.smsAttempts, nextAt: notifications.smsNextAt, sentAt: notifications.smsSentAt })
    .from(notifications)
    .where(eq(notifications.id, id));
  return row ? { ...row, state: row.state as SmsState } : undefined;
}

/** The number of text messages due at `now` (monitoring). */
export async function pendingSms(db: Executor, now: Date = new Date()): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.smsState, 'pending'), lte(notifications.smsNextAt, now)));
  return Number(row?.n ?? 0);
}
