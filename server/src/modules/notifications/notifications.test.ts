import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { createTestApp, engine, sessionOf, type TestApp } from '../../test/harness.js';
import { smsOutbox } from '../../platform/schema.js';
import { OutboxSmsSender, SMS_TEXTS, type SmsMessage, type SmsSender } from '../../platform/sms.js';
import type { Executor } from '../../platform/db.js';
import { accountClaims } from '../identity/service.js';
import { notifications } from './schema.js';
import * as service from './service.js';
import { smsDispatchDeps } from './routes.js';

let t: TestApp;
const json = (r: { body: string }) => JSON.parse(r.body);
type Who = { cookie: string; accountId: string };
let alice: Who, bob: Who, clerk: Who;

beforeAll(async () => {
  t = await createTestApp();
  alice = await sessionOf(t, { kind: 'person', level: 3 });
  bob = await sessionOf(t, { kind: 'person', level: 2 });
  clerk = await sessionOf(t, { kind: 'staff', roles: [{ role: 'window_clerk', regionCode: '330106' }] });
}, 180_000);
afterAll(async () => t?.close());

let seq = 0;
const input = (accountId: string, extra: Partial<service.NotifyInput> = {}): service.NotifyInput => {
  const n = ++seq;
  const applicationId = `0190f5b2-0000-7000-8000-${String(n).padStart(12, '0')}`;
  return {
    accountId,
    kind: 'application.status',
    title: `办件已受理 ${n}`,
    body: '您申请的食品经营许可已受理，承诺 5 个工作日内办结。',
    link: `/my/applications/${applicationId}`,
    applicationId,
    sms: false,
    ...extra,
  };
};
const smsParams = (number: string): service.ApplicationStatusSms => ({ number, item: '食品经营许可', status: '已受理' });
const notify = (i: service.NotifyInput) => t.ctx.database.db.transaction((tx) => service.notify(tx, i));
const get = (who: Who, url: string) => t.app.inject({ url: `/api/v1${url}`, headers: { cookie: who.cookie } });
const post = (who: Who, url: string) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { cookie: who.cookie } });
const deps = (sms: SmsSender = t.ctx.identity.sms) => ({ ...smsDispatchDeps(t.ctx), sms });
const minutes = (n: number, from = Date.now()) => new Date(from + n * 60_000);

/** Records what it is asked to send, after a pause that lets concurrent dispatchers overlap. */
class RecordingSender implements SmsSender {
  sent: SmsMessage[] = [];
  constructor(private readonly pauseMs = 0) {}
  async send(_db: Executor, m: SmsMessage) {
    if (this.pauseMs) await new Promise((r) => setTimeout(r, this.pauseMs));
    this.sent.push(m);
  }
}

class FailingSender implements SmsSender {
  calls = 0;
  async send() {
    this.calls++;
    throw new Error('gateway down');
  }
}

describe(`notifications on ${engine}`, () => {
  it('exists only when the change it reports committed', async () => {
    const marker = input(alice.accountId, { sms: true, smsParams: smsParams('330106202601010000001') });
    await expect(
      t.ctx.database.db.transaction(async (tx) => {
        await service.notify(tx, marker);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const rows = await t.ctx.database.db.select().from(notifications).where(eq(notifications.accountId, alice.accountId));
    expect(rows).toEqual([]);
    expect(await service.pendingSms(t.ctx.database.db)).toBe(0);
    // sms without its parameters is a programming error
    await expect(notify(input(alice.accountId, { sms: true }))).rejects.toThrow(/smsParams/);
  });

  it('lists, counts and marks read the account’s own notifications', async () => {
    const first = await notify(input(alice.accountId));
    const second = await notify(input(alice.accountId));
    const third = await notify(input(alice.accountId));
    await notify(input(bob.accountId));

    const page = await get(alice, '/notifications?page=1&pageSize=2');
    expect(page.statusCode).toBe(200);
    const body = json(page);
    expect(body).toMatchObject({ total: 3, unread: 3, page: 1, pageSize: 2 });
    expect(body.items.map((n: { id: string }) => n.id)).toEqual([third, second]);
    expect(body.items[0]).toMatchObject({ kind: 'application.status', readAt: null, link: expect.stringMatching(/^\/my\/applications\//) });
    expect(body.items[0]).not.toHaveProperty('smsState');
    expect(json(await get(alice, '/notifications?page=2&pageSize=2')).items.map((n: { id: string }) => n.id)).toEqual([first]);
    expect(json(await get(alice, '/notifications/unread-count'))).toEqual({ unread: 3 });

    const read = await post(alice, `/notifications/${second}/read`);
    expect(read.statusCode).toBe(204);
    expect(read.body).toBe('');
    // again: still 204, read_at kept
    const readAt = json(await get(alice, '/notifications')).items.find((n: { id: string }) => n.id === second).readAt;
    expect(readAt).toEqual(expect.any(String));
    expect((await post(alice, `/notifications/${second}/read`)).statusCode).toBe(204);
    expect(json(await get(alice, '/notifications')).items.find((n: { id: string }) => n.id === second).readAt).toBe(readAt);

    expect(json(await get(alice, '/notifications/unread-count'))).toEqual({ unread: 2 });
    const unread = json(await get(alice, '/notifications?unread=true'));
    expect(unread).toMatchObject({ total: 2, unread: 2 });
    expect(unread.items.map((n: { id: string }) => n.id)).toEqual([third, first]);
    expect(json(await get(alice, '/notifications?unread=false')).total).toBe(3);

    expect((await post(alice, '/notifications/read-all')).statusCode).toBe(204);
    expect(json(await get(alice, '/notifications/unread-count'))).toEqual({ unread: 0 });
    expect(json(await get(alice, '/notifications?unread=true'))).toMatchObject({ total: 0, items: [] });
    // bob's are untouched
    expect(json(await get(bob, '/notifications/unread-count'))).toEqual({ unread: 1 });
    // staff have notifications too (none yet)
    expect(json(await get(clerk, '/notifications'))).toMatchObject({ total: 0, unread: 0, items: [] });
  });

  it('answers 404 for another account’s notification and 400 for a malformed id or query', async () => {
    const bobs = await notify(input(bob.accountId));
    const res = await post(alice, `/notifications/${bobs}/read`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(json(res)).toMatchObject({ status: 404, title: '未找到该消息', type: expect.stringContaining('not-found') });
    expect((await post(alice, '/notifications/0190f5b2-0000-7000-8000-00000000ffff/read')).statusCode).toBe(404);
    expect(json(await get(bob, '/notifications?unread=true')).items.map((n: { id: string }) => n.id)).toContain(bobs);

    const bad = await post(alice, '/notifications/not-a-uuid/read');
    expect(bad.statusCode).toBe(400);
    expect(json(bad).errors[0].pointer).toBe('/params/id');
    expect((await get(alice, '/notifications?unread=yes')).statusCode).toBe(400);
    expect((await get(alice, '/notifications?pageSize=1000')).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/notifications' })).statusCode).toBe(401);
  });

  it('sends the text message once, through the outbox sender, to the account’s phone', async () => {
    expect(t.ctx.identity.sms).toBeInstanceOf(OutboxSmsSender);
    const id = await notify(input(alice.accountId, { sms: true, smsParams: smsParams('330106202601010000042') }));
    const silent = await notify(input(alice.accountId));
    expect(await service.smsStateOf(t.ctx.database.db, id)).toMatchObject({ state: 'pending', attempts: 0 });
    expect(await service.smsStateOf(t.ctx.database.db, silent)).toMatchObject({ state: 'none' });

    const result = await service.dispatchSms(deps(), new Date());
    expect(result).toEqual({ claimed: 1, sent: 1, retried: 0, failed: 0 });
    expect(await service.smsStateOf(t.ctx.database.db, id)).toMatchObject({ state: 'sent', attempts: 1, nextAt: null, sentAt: expect.any(Date) });
    // nothing left: a second run sends nothing
    expect(await service.dispatchSms(deps(), minutes(60))).toEqual({ claimed: 0, sent: 0, retried: 0, failed: 0 });

    const phone = (await accountClaims(t.ctx.identity, alice.accountId))!.phone!;
    const outbox = await (t.ctx.identity.sms as OutboxSmsSender).latest(t.ctx.database.db, phone);
    const mine = outbox.filter((m) => m.template === 'application_status');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toBe(`【${t.ctx.config.nodeName}】您的办件 330106202601010000042（食品经营许可）已受理。详情请登录查看。`);
    expect(mine[0]!.phone).not.toBe(phone);
    const all = await t.ctx.database.db.select().from(smsOutbox).where(eq(smsOutbox.template, 'application_status'));
    expect(all).toHaveLength(1);
  });

  it('sends the 好差评 invitation with the node’s address before the rating page’s path', async () => {
    const recorder = new RecordingSender();
    await notify(input(alice.accountId, { kind: 'feedback.invite', sms: true, smsInvite: { number: '330106202601010000043', item: '食品经营许可', path: '/rate/application/x?via=sms' } }));
    expect(await service.dispatchSms(deps(recorder), new Date())).toMatchObject({ sent: 1 });
    expect(recorder.sent).toHaveLength(1);
    expect(recorder.sent[0]).toMatchObject({ template: 'rating_invite', params: { number: '330106202601010000043', item: '食品经营许可', path: '/rate/application/x?via=sms', site: t.ctx.config.publicUrl } });
    expect(SMS_TEXTS.rating_invite(recorder.sent[0]!.params)).toBe(
      `【${t.ctx.config.nodeName}】您的办件 330106202601010000043（食品经营许可）已办理结束，欢迎评价本次服务：${t.ctx.config.publicUrl}/rate/application/x?via=sms`,
    );
  });

  it('retries a failing send after 1, 5 and 30 minutes, and gives up after 5 attempts', async () => {
    const id = await notify(input(bob.accountId, { sms: true, smsParams: smsParams('330106202601010000043') }));
    const failing = new FailingSender();
    const errors: string[] = [];
    const d = { ...deps(failing), onError: (_e: unknown, nid: string) => errors.push(nid) };
    const start = Date.now() + 1000;

    expect(await service.dispatchSms(d, new Date(start))).toMatchObject({ claimed: 1, retried: 1 });
    let state = await service.smsStateOf(t.ctx.database.db, id);
    expect(state).toMatchObject({ state: 'pending', attempts: 1 });
    expect(state!.nextAt!.getTime()).toBe(start + 60_000);
    // not due yet
    expect(await service.dispatchSms(d, new Date(start + 59_000))).toMatchObject({ claimed: 0 });

    let at = start + 60_000;
    const expectedWaits = [5, 30, 30];
    for (const [i, wait] of expectedWaits.entries()) {
      expect(await service.dispatchSms(d, new Date(at))).toMatchObject({ claimed: 1, retried: 1 });
      state = await service.smsStateOf(t.ctx.database.db, id);
      expect(state).toMatchObject({ state: 'pending', attempts: i + 2 });
      expect(state!.nextAt!.getTime()).toBe(at + wait * 60_000);
      at += wait * 60_000;
    }
    expect(await service.dispatchSms(d, new Date(at))).toEqual({ claimed: 1, sent: 0, retried: 0, failed: 1 });
    expect(await service.smsStateOf(t.ctx.database.db, id)).toMatchObject({ state: 'failed', attempts: 5, nextAt: null });
    expect(failing.calls).toBe(5);
    expect(errors).toEqual([id, id, id, id, id]);
    // given up: never sent again
    expect(await service.dispatchSms(deps(), minutes(24 * 60, at))).toMatchObject({ claimed: 0 });

    // a sender failing in the database (a savepoint) leaves the rest of the batch sent
    const ok = await notify(input(bob.accountId, { sms: true, smsParams: smsParams('330106202601010000044') }));
    const broken = await notify(input(bob.accountId, { sms: true, smsParams: smsParams('330106202601010000045') }));
    const outbox = t.ctx.identity.sms;
    const halfBroken: SmsSender = {
      send: async (db, m) => {
        if (m.params.number === '330106202601010000045') {
          await db.insert(smsOutbox).values({ id: 'not-a-uuid', phoneIndex: '', phoneMasked: '', template: '', body: '', createdAt: new Date() });
        }
        await outbox.send(db, m);
      },
    };
    expect(await service.dispatchSms(deps(halfBroken), minutes(1))).toEqual({ claimed: 2, sent: 1, retried: 1, failed: 0 });
    expect(await service.smsStateOf(t.ctx.database.db, ok)).toMatchObject({ state: 'sent' });
    expect(await service.smsStateOf(t.ctx.database.db, broken)).toMatchObject({ state: 'pending', attempts: 1 });
    expect(await service.dispatchSms(deps(), minutes(2))).toMatchObject({ claimed: 1, sent: 1 });
  });

  it('never sends a notification twice when two dispatchers run at once', async () => {
    const numbers = Array.from({ length: 30 }, (_, i) => `33010620260101${String(100 + i).padStart(7, '0')}`);
    const ids: string[] = [];
    for (const [i, n] of numbers.entries()) ids.push(await notify(input(i % 2 ? alice.accountId : bob.accountId, { sms: true, smsParams: smsParams(n) })));
    const a = new RecordingSender(5);
    const b = new RecordingSender(5);
    const now = minutes(3);
    // small batches, so that both dispatchers are claiming while the other holds rows
    const [ra, rb] = await Promise.all([service.dispatchSms(deps(a), now, 4), service.dispatchSms(deps(b), now, 4)]);
    expect(ra.sent + rb.sent).toBe(30);
    expect(ra.claimed + rb.claimed).toBe(30);
    const sent = [...a.sent, ...b.sent].map((m) => m.params.number).sort();
    expect(sent).toEqual([...numbers].sort());
    expect(new Set(sent).size).toBe(30);
    if (engine === 'postgresql') {
      // on a server they really ran side by side
      expect(a.sent.length).toBeGreaterThan(0);
      expect(b.sent.length).toBeGreaterThan(0);
    }
    const states = await t.ctx.database.db.select({ state: notifications.smsState }).from(notifications).where(inArray(notifications.id, ids));
    expect(states.every((s) => s.state === 'sent')).toBe(true);
    expect(await service.pendingSms(t.ctx.database.db, minutes(10))).toBe(0);
  });
});
