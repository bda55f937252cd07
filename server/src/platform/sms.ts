/**
 * Text messages (短信) behind one interface. The development sender keeps messages in the
 * node's own outbox table, readable only in development mode (`GET /api/v1/dev/sms`); production
 * posts them to the SMS gateway of the province (SMS_SENDER=http), which holds the signature and
 * templates registered with the carriers.
 */
import { desc, eq } from 'drizzle-orm';
import type { Executor } from './db.js';
import { newId } from './ids.js';
import type { IndexKey } from './crypto.js';
import { maskPersonal, personalIndex } from './personal-data.js';
import { smsOutbox } from './schema.js';

export type SmsTemplate = 'otp' | 'already_registered' | 'password_changed' | 'new_sign_in_locked' | 'application_status' | 'rating_invite';

export interface SmsMessage {
  phone: string;
  template: SmsTemplate;
  params: Record<string, string>;
}

/** Template texts as registered with the gateway (Chinese only: SMS templates are approved text). */
export const SMS_TEXTS: Record<SmsTemplate, (p: Record<string, string>) => string> = {
  otp: (p) => `【${p.node}】验证码 ${p.code}，${p.minutes} 分钟内有效，用于${p.purpose}。请勿告诉他人。`,
  already_registered: (p) => `【${p.node}】您的手机号或证件号已注册账号，如需登录请直接登录或通过“忘记密码”重置。如非本人操作，请忽略。`,
  password_changed: (p) => `【${p.node}】您的账号密码已于 ${p.at} 修改，所有登录已退出。如非本人操作，请立即联系 ${p.hotline}。`,
  new_sign_in_locked: (p) => `【${p.node}】您的账号因多次登录失败已暂时锁定 ${p.minutes} 分钟。如非本人操作，请修改密码。`,
  // no personal data: the case number, the item's name and the new status only
  application_status: (p) => `【${p.node}】您的办件 ${p.number}（${p.item}）${p.status}。详情请登录查看。`,
  // 好差评 by text message: the link opens the rating page, which records the channel `sms`
  rating_invite: (p) => `【${p.node}】您的办件 ${p.number}（${p.item}）已办理结束，欢迎评价本次服务：${p.site}${p.path}`,
};

export interface SmsSender {
  /** `db` is the caller's transaction for senders that write to the database */
  send(db: Executor, message: SmsMessage): Promise<void>;
}

export class OutboxSmsSender implements SmsSender {
  constructor(private readonly indexKey: IndexKey) {}
  async send(db: Executor, m: SmsMessage): Promise<void> {
    await db.insert(smsOutbox).values({
      id: newId(),
      phoneIndex: personalIndex(this.indexKey, 'phone', m.phone),
      phoneMasked: maskPersonal('phone', m.phone),
      template: m.template,
      body: SMS_TEXTS[m.template](m.params),
      createdAt: new Date(),
    });
  }
  /** Latest messages to a phone (development mode only). */
  async latest(db: Executor, phone: string, limit = 10) {
    return db
      .select({ id: smsOutbox.id, phone: smsOutbox.phoneMasked, template: smsOutbox.template, body: smsOutbox.body, createdAt: smsOutbox.createdAt })
      .from(smsOutbox)
      .where(eq(smsOutbox.phoneIndex, personalIndex(this.indexKey, 'phone', phone)))
      .orderBy(desc(smsOutbox.createdAt))
      .limit(limit);
  }
}

/** Posts `{ phone, template, params, text }` as JSON to the gateway, with a bearer token. */
export class HttpSmsSender implements SmsSender {
  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
  ) {}
  async send(_db: Executor, m: SmsMessage): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ phone: m.phone, template: m.template, params: m.params, text: SMS_TEXTS[m.template](m.params) }),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
  }
}
