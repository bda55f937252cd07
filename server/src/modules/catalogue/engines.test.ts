/**
 * The same catalogue answers the same on both engines: the demo province is loaded into PGlite and
 * into the PostgreSQL server, and a set of citizen queries must give identical pages. Runs in the
 * PostgreSQL pass (TEST_DATABASE_URL set), where both engines are at hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { seed } from '../../seed/seed.js';

const server = process.env.TEST_DATABASE_URL;
let pglite: TestApp;
let postgres: TestApp;

const QUERIES = [
  'q=营业执照', 'q=开奶茶店', 'q=营业执照丢了', 'q=怎么办理公积金提取', 'q=身份证', 'q=证', 'q=ICP',
  'q=营业执照&region=330106', 'q=许可&audienceGroup=legal&page=2', 'sort=popular&audienceGroup=personal',
  'itemType=07&pageSize=50', 'topic=公积金', 'q=出生&onlineDepth=4', 'q=我想开个奶茶店',
];

describe.skipIf(!server)('PGlite and PostgreSQL give the same answers', () => {
  beforeAll(async () => {
    const saved = process.env.TEST_DATABASE_URL;
    delete process.env.TEST_DATABASE_URL;
    pglite = await createTestApp();
    process.env.TEST_DATABASE_URL = saved;
    postgres = await createTestApp();
    expect(pglite.ctx.database.kind).toBe('pglite');
    expect(postgres.ctx.database.kind).toBe('postgresql');
    await seed(pglite.ctx.database.db, { demo: true });
    await seed(postgres.ctx.database.db, { demo: true });
  });
  afterAll(async () => {
    await pglite?.close();
    await postgres?.close();
  });

  it.each(QUERIES)('/api/v1/items?%s', async (query) => {
    const url = `/api/v1/items?${query.replace(/=([^&]+)/g, (_m, v: string) => `=${encodeURIComponent(v)}`)}`;
    const [a, b] = await Promise.all([pglite.app.inject(url), postgres.app.inject(url)]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    const strip = (body: string) => {
      const page = JSON.parse(body);
      // organisation ids are generated per database; everything else must match
      return { ...page, items: page.items.map((i: { organisation: object }) => ({ ...i, organisation: { ...i.organisation, id: undefined } })) };
    };
    expect(strip(b.body)).toEqual(strip(a.body));
  });
});
