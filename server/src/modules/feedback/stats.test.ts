/**
 * 好差评 publication and exports over a fixed data set written straight into the tables (ratings,
 * rectifications, window visits, ended applications), with the expected counts and indicators
 * worked out by hand below. Times are in Asia/Shanghai: a rating at 23:30 on 31 March counts in March,
 * one at 00:30 on 1 April (still 31 March in UTC) does not. Runs on PGlite, or PostgreSQL with
 * TEST_DATABASE_URL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATING_EXPORT_COLUMNS, RECTIFICATION_EXPORT_COLUMNS, type FeedbackStatsView, type PublicRectificationView } from '@onewindow/domain';
import { organUscc } from '@onewindow/domain/testing';
import { createTestApp, ADMIN, engine, sessionOf, type TestApp } from '../../test/harness.js';
import { TEST_ORG, validItem } from '../../test/fixtures.js';
import { insertApplicationRow } from '../../test/rows.js';
import { seed } from '../../seed/seed.js';
import { newId } from '../../platform/ids.js';
import { ratings, rectifications, serviceVisits } from './schema.js';
import { publicCache } from './stats-routes.js';

const ORG_B = { ...TEST_ORG, uscc: organUscc('330102', '00250277D'), name: '杭州市上城区行政审批局', shortName: '上城区审批局', regionCode: '330102' };
const MARCH = 'from=2026-03-01&to=2026-03-31';

let t: TestApp;
const h = new Map<string, { cookie: string; accountId: string }>();
const org = { A: '', B: '' };
let item = { id: '', implementationCode: '', name: '' };
/** rating name → id, rectification of a rating → number */
const ids = new Map<string, string>();

const get = (url: string, who?: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: who ? { cookie: h.get(who)!.cookie } : {} });
const json = <T>(res: { body: string }) => JSON.parse(res.body) as T;
const at = (local: string) => new Date(`${local}+08:00`);

interface RatingSpec {
  level: number;
  at: string;
  org?: 'A' | 'B';
  withItem?: boolean;
  anonymous?: boolean;
  excluded?: boolean;
  event?: { kind: 'application' | 'visit'; id: string };
  comment?: string;
  rect?: { status: string; outcome: string | null; valid: boolean | null; calledBack: boolean; closedAt: string | null; rectifyDue: string };
}

async function rating(name: string, s: RatingSpec) {
  const db = t.ctx.database.db;
  const id = newId();
  ids.set(name, id);
  const o = s.org ?? 'A';
  const region = o === 'A' ? '330106' : '330102';
  await db.insert(ratings).values({
    id,
    eventKind: s.event?.kind ?? 'visit',
    eventId: s.event?.id ?? newId(),
    eventNumber: null,
    eventAt: at(s.at),
    raterAccountId: h.get('rater')!.accountId,
    realName: true,
    anonymous: s.anonymous ?? false,
    mode: 'online',
    level: s.level,
    dimensions: { overall: s.level },
    tags: [],
    comment: s.comment ?? '',
    channel: 'pc',
    itemId: s.withItem ? item.id : null,
    itemName: s.withItem ? item.name : '咨询',
    implementationCode: s.withItem ? item.implementationCode : null,
    organisationId: org[o],
    staffId: null,
    regionCode: region,
    excluded: s.excluded ?? false,
    createdAt: at(s.at),
  });
  if (s.rect) {
    const r = s.rect;
    const number = `ZG${region}${s.at.slice(0, 10).replaceAll('-', '')}${String(ids.size).padStart(4, '0')}`;
    ids.set(`${name}.rect`, number);
    await db.insert(rectifications).values({
      id: newId(),
      number,
      ratingId: id,
      organisationId: org[o],
      regionCode: region,
      status: r.status,
      outcome: r.outcome,
      valid: r.valid,
      realName: !(s.anonymous ?? false),
      callbacks: r.calledBack ? 1 : 0,
      calledBack: r.calledBack,
      measures: r.outcome === 'rectified' ? '增加窗口，联系人 13900001111' : null,
      reply: r.status === 'closed' ? '已整改并回复' : null,
      verifyDue: '2026-03-25',
      rectifyDue: r.rectifyDue,
      version: 1,
      openedAt: at(s.at),
      closedAt: r.closedAt ? at(r.closedAt) : null,
      updatedAt: at(s.at),
    });
  }
}

beforeAll(async () => {
  t = await createTestApp();
  await seed(t.ctx.database.db, { demo: false });
  for (const o of [TEST_ORG, ORG_B]) expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: o })).statusCode).toBe(201);
  const orgs = json<{ items: { id: string; uscc: string }[] }>(await t.app.inject({ method: 'GET', url: '/api/v1/organisations?pageSize=100' }));
  org.A = orgs.items.find((o) => o.uscc === TEST_ORG.uscc)!.id;
  org.B = orgs.items.find((o) => o.uscc === ORG_B.uscc)!.id;
  const input = validItem(1);
  const created = await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: ADMIN, payload: input });
  item = { id: json<{ id: string }>(created).id, implementationCode: input.implementationCode, name: input.name };
  expect((await t.app.inject({ method: 'POST', url: `/api/v1/admin/items/${input.implementationCode}/publish`, headers: ADMIN })).statusCode).toBe(200);

  h.set('rater', await sessionOf(t, { kind: 'person', level: 3 }));
  h.set('clerk', await sessionOf(t, { kind: 'staff', roles: [{ role: 'window_clerk', regionCode: '330106', organisationId: org.A }] }));
  h.set('officerA', await sessionOf(t, { kind: 'staff', roles: [{ role: 'feedback_officer', regionCode: '330106', organisationId: org.A }] }));
  h.set('adminB', await sessionOf(t, { kind: 'staff', roles: [{ role: 'org_admin', regionCode: '330102', organisationId: org.B }] }));
  h.set('supervisorHZ', await sessionOf(t, { kind: 'staff', roles: [{ role: 'supervisor', regionCode: '330100' }] }));
  h.set('supervisorJS', await sessionOf(t, { kind: 'staff', roles: [{ role: 'supervisor', regionCode: '320000' }] }));

  const db = t.ctx.database.db;
  // applications of organisation A (all of the item): three ended in March, one open, one ended in
  // February, one terminated at 00:30 on 1 April (Shanghai)
  const apps: [string, string, string | null][] = [
    ['app1', 'completed', '2026-03-05T10:00:00'],
    ['app2', 'rejected', '2026-03-10T10:00:00'],
    ['app3', 'withdrawn', '2026-03-12T10:00:00'],
    ['app4', 'under_review', null],
    ['app5', 'completed', '2026-02-20T10:00:00'],
    ['app6', 'terminated', '2026-04-01T00:30:00'],
  ];
  for (const [i, [name, status, closed]] of apps.entries()) {
    ids.set(name, newId());
    await insertApplicationRow(db, {
      id: ids.get(name)!, number: `330106202603${String(i + 1).padStart(6, '0')}`, item, applicantAccountId: h.get('rater')!.accountId,
      handlingOrgId: org.A, regionCode: '330106', status, closedAt: closed ? at(closed) : null,
    });
  }
  // window visits of organisation A: two in March (one of the item), one in April
  for (const [name, when, withItem] of [['v1', '2026-03-08T09:00:00', true], ['v2', '2026-03-20T09:00:00', false], ['v3', '2026-04-02T09:00:00', false]] as const) {
    ids.set(name, newId());
    await db.insert(serviceVisits).values({
      id: ids.get(name)!, organisationId: org.A, regionCode: '330106', window: 'A01', staffId: h.get('clerk')!.accountId, personAccountId: h.get('rater')!.accountId,
      itemId: withItem ? item.id : null, itemName: withItem ? item.name : '咨询', visitedAt: at(when),
    });
  }

  await rating('r1', { level: 1, at: '2026-03-06T09:00:00', withItem: true, event: { kind: 'application', id: ids.get('app1')! } });
  await rating('r2', { level: 2, at: '2026-03-07T09:00:00', withItem: true, comment: '=1+2' });
  await rating('r3', { level: 3, at: '2026-03-09T09:00:00' });
  await rating('r4', { level: 2, at: '2026-03-15T09:00:00' });
  await rating('r5', { level: 1, at: '2026-03-31T23:30:00' });
  await rating('r6', {
    level: 4, at: '2026-03-08T15:00:00', withItem: true, event: { kind: 'visit', id: ids.get('v1')! }, comment: '办理太慢，联系电话13812345678',
    rect: { status: 'closed', outcome: 'rectified', valid: true, calledBack: true, closedAt: '2026-03-15T10:00:00', rectifyDue: '2026-03-29' },
  });
  await rating('r7', { level: 5, at: '2026-03-18T09:00:00', anonymous: true, comment: '态度很差，不耐烦', rect: { status: 'rectifying', outcome: null, valid: true, calledBack: false, closedAt: null, rectifyDue: '2026-04-08' } });
  await rating('r8', { level: 4, at: '2026-03-22T09:00:00', comment: '指南写得不清楚', rect: { status: 'closed', outcome: 'not_valid', valid: false, calledBack: true, closedAt: '2026-03-25T10:00:00', rectifyDue: '2026-04-10' } });
  await rating('r9', {
    level: 5, at: '2026-03-12T12:00:00', withItem: true, excluded: true, event: { kind: 'application', id: ids.get('app3')! }, comment: '乱评的差评内容',
    rect: { status: 'closed', outcome: 'appeal_upheld', valid: false, calledBack: true, closedAt: '2026-03-20T10:00:00', rectifyDue: '2026-04-02' },
  });
  await rating('r10', { level: 1, at: '2026-04-01T00:30:00' });
  await rating('r11', { level: 2, at: '2026-02-10T09:00:00' });
  await rating('r12', { level: 5, at: '2026-03-10T09:00:00', org: 'B', comment: '多次跑腿', rect: { status: 'closed', outcome: 'rectified', valid: true, calledBack: true, closedAt: '2026-03-30T10:00:00', rectifyDue: '2026-03-27' } });
}, 180_000);
afterAll(async () => t?.close());

describe(`好差评 publication and exports on ${engine}`, () => {
  it('counts an organisation’s March by hand: 8 ratings (r9 appeal upheld left out), 5 good, 3 bad; 5 events, 3 rated', async () => {
    const res = await get(`/public/feedback/stats?organisationId=${org.A}&${MARCH}`);
    expect(res.statusCode, res.body).toBe(200);
    const view = json<FeedbackStatsView>(res);
    expect(view.scope).toEqual({ regionCode: null, organisation: { id: org.A, name: TEST_ORG.name }, item: null });
    expect([view.from, view.to]).toEqual(['2026-03-01', '2026-03-31']);
    expect(view.counts).toEqual({ ratings: 8, good: 5, bad: 3, badValid: 2, badRectified: 1, badRealName: 2, badRealNameCalledBack: 2, events: 5, eventsRated: 3 });
    // 5/8, 1/2, 2/2, 3/5
    expect(view.indicators).toEqual({ goodRate: 0.625, rectificationRate: 0.5, callbackRate: 1, activeRate: 0.6 });
    expect(view.levels).toEqual({ 1: 2, 2: 2, 3: 1, 4: 2, 5: 1 });
  });

  it('counts a region with its sub-regions, and an item', async () => {
    const city = json<FeedbackStatsView>(await get(`/public/feedback/stats?regionCode=330100&${MARCH}`));
    expect(city.counts).toEqual({ ratings: 9, good: 5, bad: 4, badValid: 3, badRectified: 2, badRealName: 3, badRealNameCalledBack: 3, events: 5, eventsRated: 3 });
    // 5/9, 2/3, 3/3, 3/5
    expect(city.indicators).toEqual({ goodRate: 0.5556, rectificationRate: 0.6667, callbackRate: 1, activeRate: 0.6 });
    expect(json<FeedbackStatsView>(await get(`/public/feedback/stats?regionCode=330106&${MARCH}`)).counts.ratings).toBe(8);
    const elsewhere = json<FeedbackStatsView>(await get(`/public/feedback/stats?regionCode=320000&${MARCH}`));
    expect(elsewhere.indicators).toEqual({ goodRate: null, rectificationRate: null, callbackRate: null, activeRate: null });
    const byItem = json<FeedbackStatsView>(await get(`/public/feedback/stats?itemId=${item.id}&${MARCH}`));
    expect(byItem.scope.item).toEqual({ id: item.id, name: item.name });
    // r1, r2, r6 (r9 left out); app1, app2, app3 and v1 ended, app1, app3 and v1 rated
    expect(byItem.counts).toEqual({ ratings: 3, good: 2, bad: 1, badValid: 1, badRectified: 1, badRealName: 1, badRealNameCalledBack: 1, events: 4, eventsRated: 3 });
    expect(byItem.indicators).toEqual({ goodRate: 0.6667, rectificationRate: 1, callbackRate: 1, activeRate: 0.75 });
  });

  it('buckets 12 months ending with the period’s month, in the node’s time zone', async () => {
    const view = json<FeedbackStatsView>(await get(`/public/feedback/stats?organisationId=${org.A}&${MARCH}`));
    expect(view.months.map((m) => m.month)).toEqual(['2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03']);
    expect(view.months.at(-1)).toEqual({ month: '2026-03', ratings: 8, good: 5, bad: 3, goodRate: 0.625 });
    expect(view.months.at(-2)).toEqual({ month: '2026-02', ratings: 1, good: 1, bad: 0, goodRate: 1 });
    expect(view.months[0]).toEqual({ month: '2025-04', ratings: 0, good: 0, bad: 0, goodRate: null });
    const april = json<FeedbackStatsView>(await get(`/public/feedback/stats?organisationId=${org.A}&from=2026-04-01&to=2026-04-30`));
    expect(april.counts).toMatchObject({ ratings: 1, good: 1, events: 2, eventsRated: 0 });
  });

  it('refuses a period that ends before it starts and an unknown organisation, naming the field', async () => {
    const res = await get(`/public/feedback/stats?from=2026-04-01&to=2026-03-01`);
    expect(res.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string }[] }>(res).errors[0]!.pointer).toBe('/query/from');
    expect((await get(`/public/feedback/stats?regionCode=33`)).statusCode).toBe(400);
    const notADay = await get('/public/feedback/stats?from=2026-02-31');
    expect(notADay.statusCode).toBe(400);
    expect(json<{ errors: { pointer: string; code: string }[] }>(notADay).errors[0]).toMatchObject({ pointer: '/query/from', code: 'feedback.dateInvalid' });
    expect((await get(`/public/feedback/stats?organisationId=0190f5b2-0000-7000-8000-00000000beef`)).statusCode).toBe(404);
    const defaults = json<FeedbackStatsView>(await get('/public/feedback/stats'));
    expect(defaults.months).toHaveLength(12);
    expect(defaults.from.slice(8)).toBe('01');
  });

  it('publishes closed rectifications with personal data masked and no rater', async () => {
    const res = await get(`/public/feedback/rectifications?organisationId=${org.A}`);
    expect(res.statusCode, res.body).toBe(200);
    const page = json<{ items: PublicRectificationView[]; total: number }>(res);
    expect(page.total).toBe(3);
    expect(page.items.map((i) => i.number)).toEqual([ids.get('r8.rect'), ids.get('r9.rect'), ids.get('r6.rect')]);
    const r6 = page.items[2]!;
    expect(r6).toMatchObject({ organisationName: TEST_ORG.name, level: 4, outcome: 'rectified', comment: '办理太慢，联系电话138****5678', measures: '增加窗口，联系人 139****1111' });
    expect(Object.keys(r6).sort()).toEqual(['closedAt', 'comment', 'itemName', 'level', 'measures', 'number', 'organisationName', 'outcome', 'ratedAt', 'reply']);
    expect(json<{ total: number }>(await get('/public/feedback/rectifications?regionCode=330100')).total).toBe(4);
  });

  it('exports the ratings of the officer’s organisation as CSV: BOM, the contract’s columns, formulas neutralised', async () => {
    const res = await get(`/workbench/feedback/export/ratings?${MARCH}`, 'officerA');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('attachment; filename="ratings-2026-03-01-2026-03-31.csv"');
    const body = res.body;
    expect(body.charCodeAt(0)).toBe(0xfeff);
    const lines = body.slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe(RATING_EXPORT_COLUMNS.join(','));
    // r1…r9 (an upheld appeal is exported, flagged excluded); not r10 (April), r11 (February) nor B's r12
    expect(lines).toHaveLength(1 + 9);
    expect(body).toContain(`,'=1+2,`);
    expect(body).toContain('"{""overall"":2}"');
    expect(body).not.toContain('13812345678');
  });

  it('exports JSON with the same keys, scoped: 403 outside the caller’s organisations or regions', async () => {
    const rects = await get(`/workbench/feedback/export/rectifications?format=json&${MARCH}`, 'officerA');
    expect(rects.statusCode, rects.body).toBe(200);
    const rows = json<Record<string, unknown>[]>(rects);
    expect(rows).toHaveLength(4);
    for (const r of rows) expect(Object.keys(r)).toEqual([...RECTIFICATION_EXPORT_COLUMNS]);
    const byNumber = new Map(rows.map((r) => [r.rectificationNumber, r]));
    expect(byNumber.get(ids.get('r6.rect'))).toMatchObject({ level: 4, status: 'closed', outcome: 'rectified', valid: true, calledBack: true, rectifyDue: '2026-03-29', overdue: false, organisationUscc: TEST_ORG.uscc });
    expect(byNumber.get(ids.get('r7.rect'))).toMatchObject({ status: 'rectifying', closedAt: null, overdue: true });

    const city = json<Record<string, unknown>[]>(await get(`/workbench/feedback/export/ratings?format=json&regionCode=330100&${MARCH}`, 'supervisorHZ'));
    expect(city).toHaveLength(10);
    for (const r of city) expect(Object.keys(r)).toEqual([...RATING_EXPORT_COLUMNS]);
    expect(city.find((r) => r.ratingId === ids.get('r9'))).toMatchObject({ excluded: true, level: 5, itemName: item.name, implementationCode: item.implementationCode });
    const b = json<Record<string, unknown>[]>(await get(`/workbench/feedback/export/rectifications?format=json&${MARCH}`, 'adminB'));
    expect(b.map((r) => r.rectificationNumber)).toEqual([ids.get('r12.rect')]);
    expect(b[0]).toMatchObject({ overdue: true });

    expect((await get(`/workbench/feedback/export/ratings?organisationId=${org.B}&${MARCH}`, 'officerA')).statusCode).toBe(403);
    expect((await get(`/workbench/feedback/export/ratings?regionCode=330100&${MARCH}`, 'supervisorJS')).statusCode).toBe(403);
    expect((await get(`/workbench/feedback/export/ratings?format=xml`, 'officerA')).statusCode).toBe(400);
  });
});

describe('the public answers’ cache', () => {
  it('shares one computation among concurrent requests, keeps it for the TTL, forgets failures, and is off at 0 seconds', async () => {
    let runs = 0;
    const compute = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 20));
      return runs;
    };
    const cached = publicCache(60);
    expect(await Promise.all([cached('a', compute), cached('a', compute), cached('a', compute)])).toEqual([1, 1, 1]);
    expect(await cached('a', compute)).toBe(1);
    expect(await cached('b', compute)).toBe(2);
    await expect(cached('c', () => Promise.reject(new Error('database down')))).rejects.toThrow('database down');
    expect(await cached('c', compute)).toBe(3);
    const off = publicCache(0);
    expect([await off('a', compute), await off('a', compute)]).toEqual([4, 5]);
  });
});
