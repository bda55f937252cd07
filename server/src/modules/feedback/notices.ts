/**
 * What a rater is told about their 差评 (in-app). Texts are Chinese, as the applications' notices:
 * a notice is stored once and shown as written, whatever the reader's language.
 */
import type { Executor } from '../../platform/db.js';
import { notify } from '../notifications/service.js';

/** The organisation's reply closes the rectification: the rater reads it among their notices. */
export async function notifyReply(tx: Executor, rater: { accountId: string; itemName: string }, rectificationNumber: string, message: string): Promise<void> {
  await notify(tx, {
    accountId: rater.accountId,
    kind: 'feedback.reply',
    title: `${rater.itemName}：差评处理回复`,
    body: `整改编号 ${rectificationNumber}。${message}`,
    link: '/me/ratings',
    sms: false,
  });
}
