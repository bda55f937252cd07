import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ADMIN, engine, type TestApp } from '../../test/harness.js';
import { sql } from 'drizzle-orm';
import { seed } from '../../seed/seed.js';
import { reindexSearch } from './service.js';

let t: TestApp;
const get = async (url: string) => {
  const res = await t.app.inject(url);
  expect(res.statusCode, res.body).toBe(200);
  return JSON.parse(res.body);
};
const q = encodeURIComponent;

beforeAll(async () => {
  t = await createTestApp();
  const result = await seed(t.ctx.database.db, { demo: true });
  expect(result.items).toBeGreaterThanOrEqual(150);
});
afterAll(async () => t?.close());

describe(`search over the demo catalogue on ${engine}`, () => {
  it('finds business-licence items, name matches first, with highlights', async () => {
    const page = await get(`/api/v1/items?q=${q('营业执照')}`);
    expect(Object.keys(page).sort()).toEqual(['items', 'page', 'pageSize', 'relaxed', 'total']);
    expect(page.total).toBeGreaterThanOrEqual(3);
    expect(page.relaxed).toBe(false);
    const first = page.items[0];
    expect(first.name).toContain('营业执照');
    expect(first.highlight.filter((s: { hit: boolean }) => s.hit).map((s: { text: string }) => s.text).join('')).toContain('营业执照');
    // name matches come before items that only mention the licence in materials
    const nameHits = page.items.map((i: { name: string }) => i.name.includes('营业执照'));
    const firstMiss = nameHits.indexOf(false);
    if (firstMiss >= 0) expect(nameHits.slice(firstMiss).every((h: boolean) => !h)).toBe(true);
  });

  it('finds the food-business licence from everyday words (开奶茶店)', async () => {
    const page = await get(`/api/v1/items?q=${q('开奶茶店')}`);
    expect(page.total).toBeGreaterThanOrEqual(1);
    expect(page.items[0].name).toMatch(/食品经营许可/);
    expect(page.items[0].matchedIn).toEqual(['alias']);
  });

  it('finds the licence replacement from 营业执照丢了', async () => {
    const page = await get(`/api/v1/items?q=${q('营业执照丢了')}`);
    expect(page.total).toBeGreaterThanOrEqual(1);
    expect(page.items[0].name).toMatch(/营业执照.*(遗失|补|丢失)/);
  });

  it('drops filler words from questions', async () => {
    const plain = await get(`/api/v1/items?q=${q('公积金提取')}`);
    const asked = await get(`/api/v1/items?q=${q('怎么办理公积金提取')}`);
    expect(plain.total).toBeGreaterThan(0);
    expect(asked.items.map((i: { implementationCode: string }) => i.implementationCode)).toEqual(plain.items.map((i: { implementationCode: string }) => i.implementationCode));
  });

  it('filters by audience group, item type, topic, online depth, organisation and region', async () => {
    const personal = await get('/api/v1/items?audienceGroup=personal&pageSize=100');
    expect(personal.total).toBeGreaterThan(20);
    for (const i of personal.items) expect(i.audiences).toContain('1');

    const licences = await get('/api/v1/items?itemType=01&pageSize=100');
    expect(licences.total).toBeGreaterThan(0);
    for (const i of licences.items) expect(i.itemType).toBe('01');

    const online = await get('/api/v1/items?onlineDepth=4&pageSize=100');
    for (const i of online.items) expect(i.onlineDepth).toBe('4');

    const topic = await get(`/api/v1/items?topic=${q('公积金')}&pageSize=100`);
    for (const i of topic.items) expect(i.topics).toContain('公积金');

    const all = await get('/api/v1/items?pageSize=100');
    const org = all.items[0].organisation;
    const byOrg = await get(`/api/v1/items?organisation=${org.uscc}&pageSize=100`);
    expect(byOrg.total).toBeGreaterThan(0);
    for (const i of byOrg.items) expect(i.organisation.uscc).toBe(org.uscc);

    // a county sees its own items and those of its city and province, not another county's
    const xihu = await get('/api/v1/items?region=330106&pageSize=100');
    for (const i of xihu.items) expect(['330000', '330100', '330106']).toContain(i.organisation.regionCode);
    expect(xihu.total).toBeLessThan(all.total);
    // a city sees its counties' items too, and not another city's
    const hangzhou = await get('/api/v1/items?region=330100&pageSize=100');
    const codes = new Set(hangzhou.items.map((i: { organisation: { regionCode: string } }) => i.organisation.regionCode));
    expect(codes.has('330106')).toBe(true);
    for (const c of codes) expect(c === '330000' || String(c).startsWith('3301')).toBe(true);
  });

  it('paginates with stable totals', async () => {
    const p1 = await get('/api/v1/items?page=1&pageSize=10');
    const p2 = await get('/api/v1/items?page=2&pageSize=10');
    expect(p1.total).toBe(p2.total);
    expect(p1.items).toHaveLength(10);
    const ids = new Set([...p1.items, ...p2.items].map((i: { implementationCode: string }) => i.implementationCode));
    expect(ids.size).toBe(20);
    const beyond = await get('/api/v1/items?page=1000&pageSize=10');
    expect(beyond.items).toHaveLength(0);
    expect(beyond.total).toBe(p1.total);
  });

  it('pages through name matches and other matches in one order', async () => {
    const all = await get(`/api/v1/items?q=${q('营业执照')}&pageSize=100`);
    expect(all.items.length).toBe(all.total);
    const paged = [];
    for (let page = 1; page <= Math.ceil(all.total / 3); page++) {
      const p = await get(`/api/v1/items?q=${q('营业执照')}&pageSize=3&page=${page}`);
      expect(p.total).toBe(all.total);
      paged.push(...p.items);
    }
    expect(paged.map((i: { implementationCode: string }) => i.implementationCode)).toEqual(all.items.map((i: { implementationCode: string }) => i.implementationCode));
    // both tiers are present: name matches, then items matching through aliases or materials
    expect(all.items.some((i: { matchedIn?: string[] }) => i.matchedIn)).toBe(true);
  });

  it('caps totals of very common searches and says so', async () => {
    const exact = await get('/api/v1/items?pageSize=5');
    expect(exact.totalCapped).toBeUndefined();
    t.ctx.config.searchTotalCap = 20;
    try {
      const capped = await get('/api/v1/items?pageSize=5');
      expect(capped).toMatchObject({ total: 20, totalCapped: true });
      expect(capped.items).toHaveLength(5);
      const small = await get(`/api/v1/items?q=${q('开奶茶店')}`);
      expect(small.totalCapped).toBeUndefined();
    } finally {
      t.ctx.config.searchTotalCap = 10_000;
    }
  });

  it('shows a complete guide for every search result', async () => {
    const page = await get(`/api/v1/items?q=${q('营业执照')}`);
    const detail = await get(`/api/v1/items/${page.items[0].implementationCode}`);
    expect(detail.guide.materials.length).toBeGreaterThan(0);
    expect(detail.guide.implementationCode).toHaveLength(31);
    expect(detail.organisation.name).toBeTruthy();
  });

  it('makes a new alias searchable at once', async () => {
    const before = await get(`/api/v1/items?q=${q('小区门口摆摊')}`);
    const target = (await get(`/api/v1/items?q=${q('个体工商户')}`)).items[0];
    const res = await t.app.inject({ method: 'PUT', url: `/api/v1/admin/items/${target.implementationCode}/aliases`, headers: ADMIN, payload: { aliases: ['小区门口摆摊'] } });
    expect(res.statusCode).toBe(200);
    const after = await get(`/api/v1/items?q=${q('小区门口摆摊')}`);
    expect(after.items[0].implementationCode).toBe(target.implementationCode);
    expect(after.relaxed).toBe(false);
    expect(before.relaxed === true || before.total === 0 || before.items[0].implementationCode !== target.implementationCode).toBe(true);
  });

  it('rebuilds missing search documents (after a migration adds one)', async () => {
    const before = await get(`/api/v1/items?q=${q('营业执照')}`);
    await t.ctx.database.db.execute(sql`update items set name_doc = null where name like '%营业执照%'`);
    const degraded = await get(`/api/v1/items?q=${q('营业执照')}`);
    expect(degraded.items[0].matchedIn).toBeDefined(); // no name matches without the name document
    const rebuilt = await reindexSearch(t.ctx.database.db, { all: false });
    expect(rebuilt).toBeGreaterThan(0);
    expect(await reindexSearch(t.ctx.database.db, { all: false })).toBe(0);
    const after = await get(`/api/v1/items?q=${q('营业执照')}`);
    expect(after.items.map((i: { implementationCode: string }) => i.implementationCode)).toEqual(before.items.map((i: { implementationCode: string }) => i.implementationCode));
  });

  it('lists topics with counts and regions of the node', async () => {
    const topics = await get('/api/v1/topics?audienceGroup=personal');
    expect(topics.items.find((x: { name: string }) => x.name === '公积金').count).toBeGreaterThan(0);
    const regions = await get('/api/v1/regions');
    expect(regions.items[0]).toMatchObject({ code: '330000', name: '浙江省' });
    expect(regions.items.map((r: { name: string }) => r.name)).toContain('杭州市');
    const counties = await get('/api/v1/regions?parent=330100');
    expect(counties.items.map((r: { name: string }) => r.name)).toContain('西湖区');
    const orgs = await get('/api/v1/organisations?region=330100');
    expect(orgs.total).toBeGreaterThan(0);
    for (const o of orgs.items) expect(o.regionCode.startsWith('3301')).toBe(true);
  });
});
