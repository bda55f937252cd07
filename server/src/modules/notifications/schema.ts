/**
 * Notifications (消息提醒): in-app messages to an account, and their text message (短信) delivered
 * through a transactional outbox. A notification is inserted in the transaction of the change it
 * reports, so it exists exactly when that change committed; its text message is then sent by
 * `dispatchSms`, at least once, from the pending rows.
 */

import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { accountRef } from '../identity/schema.js';
import { ts } from '../../platform/columns.js';

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    accountId: accountRef('account_id').notNull(),
    /** e.g. 'application.status' */
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** a path of the web app, e.g. /my/applications/<id> */
    link: text('link').notNull(),
    /** the application it is about, if any (no foreign key: modules meet only through their services) */
    applicationId: uuid('application_id'),
    createdAt: ts('created_at').notNull(),
    readAt: ts('read_at'),
    /** none | pending | sent | failed */
    smsState: text('sms_state').notNull().default('none'),
    /** the SmsTemplate of the text message, and its parameters (no personal data; `node` is added when sent) */
    smsTemplate: text('sms_template'),
    smsParams: jsonb('sms_params'),
    smsAttempts: integer('sms_attempts').notNull().default(0),
    /** when the pending text message is due (next attempt after a failure) */
    smsNextAt: ts('sms_next_at'),
    smsSentAt: ts('sms_sent_at'),
  },
  (t) => [
    index('notifications_account_idx').on(t.accountId, t.createdAt),
    // the dispatcher's scan: only the pending rows, a small part of the table
    index('notifications_sms_due_idx').on(t.smsNextAt).where(sql`sms_state = 'pending'`),
  ],
);
