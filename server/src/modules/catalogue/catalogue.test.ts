import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ADMIN, engine, type TestApp, sessionOf } from '../../test/harness.js';
import { TEST_ORG, validItem } from '../../test/fixtures.js';
import { verifyAudit } from '../../platform/audit.js';
import { seed } from '../../seed/seed.js';

let t: TestApp;
const json = (r: { body: string }) => JSON.parse(r.body);

beforeAll(async () => {
  t = await createTestApp();
  await seed(t.ctx.database.db, { demo: false }); // divisions only
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: TEST_ORG });
  expect(res.statusCode).toBe(201);
});
afterAll(async () => t?.close());

describe(`catalogue on ${engine}`, () => {
  it('reports health with the database kind and schema version', async () => {
    const res = await t.app.inject('/api/v1/health');
    expect(res.statusCode).toBe(200);
    expect(json(res)).toEqual({ status: 'ok', database: engine, schemaVersion: expect.stringMatching(/^\d{4}_/) });
  });

  it('answers unknown routes with 404 problem+json', async () => {
    const res = await t.app.inject('/api/v1/nope');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(json(res)).toMatchObject({ status: 404, type: expect.stringContaining('not-found') });
  });

  it('requires the catalogue administrator for administration', async () => {
    const none = await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', payload: validItem(1) });
    expect(none.statusCode).toBe(401);
    const citizen = await sessionOf(t, { kind: 'person', level: 3 });
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: { cookie: citizen.cookie }, payload: validItem(1) });
    expect(wrong.statusCode).toBe(403);
    expect(json(wrong).title).toBe('无权执行此操作');
  });

  it('refuses a bad organisation with field errors', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/admin/organisations', headers: { ...ADMIN, 'accept-language': 'en' },
      payload: { ...TEST_ORG, uscc: '91330106MA2KXXXX00', regionCode: '999999' },
    });
    expect(res.statusCode).toBe(400);
    const body = json(res);
    expect(body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(['/body/uscc']);
    expect(body.errors[0].detail).toMatch(/GB 32100/);
  });

  it('refuses a bad item whole, naming every bad field, and writes nothing', async () => {
    const good = validItem(1);
    const bad = {
      ...good,
      basicCode: '12345',
      implementationCode: `${good.implementationCode.slice(0, 17)}Z${good.implementationCode.slice(18)}`,
      promisedTimeLimit: { value: 30, unit: 'working-day' },
      visitsRequired: 2,
      audiences: [],
      materials: [{ ...good.materials[0]!, code: 'x' }],
    };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: ADMIN, payload: bad });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const pointers = json(res).errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining([
      '/body/basicCode', '/body/implementationCode', '/body/audiences', '/body/materials/0/code',
    ]));
    expect(JSON.stringify(json(res))).not.toMatch(/at .*\.ts:\d+/);
    const list = await t.app.inject({ url: '/api/v1/admin/items', headers: ADMIN });
    expect(json(list).total).toBe(0);
  });

  it('checks cross-field rules: promised ≤ statutory, visits with reason, Ⅳ级 needs 0 visits', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/admin/items', headers: ADMIN,
      payload: validItem(1, { promisedTimeLimit: { value: 30, unit: 'working-day' }, visitsRequired: 1 }),
    });
    expect(res.statusCode).toBe(400);
    const codes = json(res).errors.map((e: { code: string }) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['item.promisedExceedsStatutory', 'item.visitsReasonRequired', 'item.fullOnlineZeroVisits']));
  });

  it("refuses an exercise level other than the organisation's", async () => {
    const item = validItem(1);
    const cityLevel = { ...item, exerciseLevel: '3' as const, implementationCode: `${item.implementationCode.slice(0, 18)}3${item.basicCode}` };
    cityLevel.materials = cityLevel.materials!.map((m, i) => ({ ...m, code: `${cityLevel.implementationCode}00${i + 1}` }));
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: ADMIN, payload: cityLevel });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).errors).toEqual([expect.objectContaining({ pointer: '/body/exerciseLevel', code: 'item.organisationLevel' })]);
  });

  it('refuses an item of an unregistered organisation', async () => {
    const other = validItem(1);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: ADMIN, payload: { ...other, organisationUscc: '91330106MA2H2A1234' } });
    expect(res.statusCode).toBe(400);
  });

  it('creates, publishes, versions and withdraws an item', async () => {
    const item = validItem(1);
    const code = item.implementationCode;
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: ADMIN, payload: { ...item, aliases: ['开奶茶店', '开饭店'] } });
    expect(created.statusCode).toBe(201);
    expect(json(created)).toMatchObject({ status: 'draft', version: 1, versionStatus: 'draft', aliases: ['开奶茶店', '开饭店'] });

    // drafts are not public
    expect((await t.app.inject(`/api/v1/items/${code}`)).statusCode).toBe(404);
    expect(json(await t.app.inject('/api/v1/items?q=食品经营')).total).toBe(0);

    const published = await t.app.inject({ method: 'POST', url: `/api/v1/admin/items/${code}/publish`, headers: ADMIN });
    expect(published.statusCode).toBe(200);
    expect(json(published)).toMatchObject({ status: 'published', version: 1, versionStatus: 'published' });
    const again = await t.app.inject({ method: 'POST', url: `/api/v1/admin/items/${code}/publish`, headers: ADMIN });
    expect(again.statusCode).toBe(409);

    const guide = json(await t.app.inject(`/api/v1/items/${code}`));
    expect(guide.guide.name).toBe('食品经营许可证核发');
    expect(guide.organisation).toMatchObject({ uscc: TEST_ORG.uscc, regionName: '西湖区' });

    // editing a published item opens version 2; citizens keep seeing version 1
    const edited = await t.app.inject({ method: 'PUT', url: `/api/v1/admin/items/${code}`, headers: ADMIN, payload: { ...item, name: '食品经营许可证新办' } });
    expect(edited.statusCode).toBe(200);
    expect(json(edited)).toMatchObject({ version: 2, versionStatus: 'draft', status: 'published', publishedVersion: 1, latestVersion: 2 });
    expect(json(await t.app.inject(`/api/v1/items/${code}`)).guide.name).toBe('食品经营许可证核发');
    await t.app.inject({ method: 'POST', url: `/api/v1/admin/items/${code}/publish`, headers: ADMIN });
    const v2 = json(await t.app.inject(`/api/v1/items/${code}`));
    expect(v2).toMatchObject({ version: 2, guide: { name: '食品经营许可证新办' } });
    const versions = json(await t.app.inject({ url: `/api/v1/admin/items/${code}/versions`, headers: ADMIN }));
    expect(versions.items.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([[2, 'published'], [1, 'superseded']]);
    const v1 = json(await t.app.inject({ url: `/api/v1/admin/items/${code}/versions/1`, headers: ADMIN }));
    expect(v1.guide.name).toBe('食品经营许可证核发');

    // the code cannot change through an edit
    const moved = await t.app.inject({ method: 'PUT', url: `/api/v1/admin/items/${code}`, headers: ADMIN, payload: validItem(2) });
    expect(moved.statusCode).toBe(400);

    const withdrawn = await t.app.inject({ method: 'POST', url: `/api/v1/admin/items/${code}/withdraw`, headers: ADMIN, payload: { reason: '事项调整' } });
    expect(withdrawn.statusCode).toBe(200);
    expect(json(withdrawn)).toMatchObject({ status: 'withdrawn', withdrawal: { reason: '事项调整', at: expect.any(String) } });
    expect((await t.app.inject(`/api/v1/items/${code}`)).statusCode).toBe(404);
    expect(json(await t.app.inject('/api/v1/items?q=食品经营')).total).toBe(0);
    const twice = await t.app.inject({ method: 'POST', url: `/api/v1/admin/items/${code}/withdraw`, headers: ADMIN, payload: { reason: '事项调整' } });
    expect(twice.statusCode).toBe(409);

    // every change is in the audit chain, which verifies
    const audit = await verifyAudit(t.ctx.database.db);
    expect(audit.brokenAt).toBeNull();
    expect(audit.entries).toBeGreaterThanOrEqual(6);
  });

  it('refuses lost updates: If-Match carries the revision read', async () => {
    const item = validItem(5);
    const code = item.implementationCode;
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: ADMIN, payload: item });
    const read = await t.app.inject({ url: `/api/v1/admin/items/${code}`, headers: ADMIN });
    const etag = read.headers.etag as string;
    expect(etag).toBe(`"r${json(created).revision}"`);

    const first = await t.app.inject({ method: 'PUT', url: `/api/v1/admin/items/${code}`, headers: { ...ADMIN, 'if-match': etag }, payload: { ...item, name: '第一位管理员的修改' } });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).not.toBe(etag);
    const second = await t.app.inject({ method: 'PUT', url: `/api/v1/admin/items/${code}`, headers: { ...ADMIN, 'if-match': etag }, payload: { ...item, name: '第二位管理员的修改' } });
    expect(second.statusCode).toBe(412);
    expect(json(second)).toMatchObject({ status: 412, revision: json(first).revision });
    const publishStale = await t.app.inject({ method: 'POST', url: `/api/v1/admin/items/${code}/publish`, headers: { ...ADMIN, 'if-match': etag } });
    expect(publishStale.statusCode).toBe(412);
    expect(json(await t.app.inject({ url: `/api/v1/admin/items/${code}`, headers: ADMIN })).guide.name).toBe('第一位管理员的修改');

    const malformed = await t.app.inject({ method: 'POST', url: `/api/v1/admin/items/${code}/publish`, headers: { ...ADMIN, 'if-match': 'yesterday' } });
    expect(malformed.statusCode).toBe(400);
    const published = await t.app.inject({ method: 'POST', url: `/api/v1/admin/items/${code}/publish`, headers: { ...ADMIN, 'if-match': first.headers.etag as string } });
    expect(published.statusCode).toBe(200);
  });

  it('lists items for administrators by status and by name or code', async () => {
    const byName = JSON.parse((await t.app.inject({ url: `/api/v1/admin/items?q=${encodeURIComponent('食品经营许可证新办')}`, headers: ADMIN })).body);
    expect(byName.total).toBe(1);
    expect(byName.items[0]).toMatchObject({ status: 'withdrawn', latestVersion: 2, publishedVersion: 2 });
    const byCode = JSON.parse((await t.app.inject({ url: `/api/v1/admin/items?q=${TEST_ORG.uscc}`, headers: ADMIN })).body);
    expect(byCode.total).toBe(2);
    for (const i of byCode.items) expect(i.implementationCode.startsWith(TEST_ORG.uscc)).toBe(true);
    const byOtherCode = JSON.parse((await t.app.inject({ url: '/api/v1/admin/items?q=9133', headers: ADMIN })).body);
    expect(byOtherCode.total).toBe(0);
    const none = JSON.parse((await t.app.inject({ url: '/api/v1/admin/items?q=%25&status=published', headers: ADMIN })).body);
    expect(none.total).toBe(0);
  });

  it('applies a retried creation once (Idempotency-Key)', async () => {
    const item = validItem(3);
    const headers = { ...ADMIN, 'idempotency-key': 'create-item-3-attempt' };
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers, payload: item });
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers, payload: item });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(json(second).id).toBe(json(first).id);
    const different = await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers, payload: validItem(4) });
    expect(different.statusCode).toBe(422);
    const plainRetry = await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: ADMIN, payload: item });
    expect(plainRetry.statusCode).toBe(409);
  });

  it('creates one item from two concurrent requests with one Idempotency-Key', async () => {
    const item = validItem(6);
    const headers = { ...ADMIN, 'idempotency-key': 'concurrent-create-6' };
    const [a, b] = await Promise.all([
      t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers, payload: item }),
      t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers, payload: item }),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(json(a).id).toBe(json(b).id);
    const versions = json(await t.app.inject({ url: `/api/v1/admin/items/${item.implementationCode}/versions`, headers: ADMIN }));
    expect(versions.items).toHaveLength(1);
  });

  it('refuses an oversized body with 413 problem+json', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: { ...ADMIN, 'content-type': 'application/json' }, payload: JSON.stringify({ legalBasis: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(res.statusCode).toBe(413);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses malformed JSON and bad query parameters with 400', async () => {
    const badJson = await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: { ...ADMIN, 'content-type': 'application/json' }, payload: '{"name":' });
    expect(badJson.statusCode).toBe(400);
    const badQuery = await t.app.inject('/api/v1/items?page=0&pageSize=1000&region=abc');
    expect(badQuery.statusCode).toBe(400);
    expect(json(badQuery).errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/query/page', '/query/pageSize', '/query/region']);
  });

  it('serves the OpenAPI 3.1 document', async () => {
    const res = await t.app.inject('/api/docs/json');
    expect(res.statusCode).toBe(200);
    const doc = json(res);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/items', '/api/v1/items/{implementationCode}', '/api/v1/admin/items']));
  });
});

describe(`organisation look-up on ${engine}`, () => {
  it('finds organisations by part of the name or the start of the credit code', async () => {
    const byName = JSON.parse((await t.app.inject('/api/v1/organisations?q=' + encodeURIComponent('西湖区市场'))).body);
    expect(byName.items.map((o: { uscc: string }) => o.uscc)).toEqual([TEST_ORG.uscc]);
    const byCode = JSON.parse((await t.app.inject(`/api/v1/organisations?q=${TEST_ORG.uscc.slice(0, 10).toLowerCase()}`)).body);
    expect(byCode.total).toBe(1);
    const none = JSON.parse((await t.app.inject('/api/v1/organisations?q=' + encodeURIComponent('不存在的单位%'))).body);
    expect(none.total).toBe(0);
  });
});
