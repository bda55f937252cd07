/**
 * Search benchmark: generates N published items (default 100,000) on top of the demo province,
 * starts a node in a child process, and measures search latency (p50/p99) and requests/s with
 * autocannon beside a bare GET /api/v1/health on the same server in the same run.
 *
 *   npm run bench:search                          # 100k items on PGlite (bench/.data)
 *   npm run bench:search -- --items 3600000 --database-url postgres://postgres@127.0.0.1:5432/ow_bench
 *   options: --items N  --duration S (10)  --connections C (10)  --port P (3999)
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { count, sql } from 'drizzle-orm';
import { itemInputSchema, usccCheckChar, USCC_ALPHABET, type ItemGuide } from '@onewindow/domain';
import { migrate, openDatabase } from '../server/src/platform/db.js';
import { newId } from '../server/src/platform/ids.js';
import { seed } from '../server/src/seed/seed.js';
import { items, itemVersions } from '../server/src/modules/catalogue/schema.js';
import { organisations, regions } from '../server/src/modules/reference/schema.js';
import { loadDemoData } from '../server/src/seed/check-data.js';
import { reindexSearch, searchDocuments } from '../server/src/modules/catalogue/service.js';
import { idle, measure, printTable, startNodeProcess, type Figures } from './lib.js';

const { values: args } = parseArgs({
  options: {
    items: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    port: { type: 'string', default: '3999' },
    'database-url': { type: 'string' },
  },
});
const N = Number(args.items);
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const PORT = Number(args.port);
const databaseUrl = args['database-url'] ?? process.env.DATABASE_URL;
const dataDir = path.resolve(import.meta.dirname, '.data', String(N));

function subjectId(k: number): string {
  let s = '';
  for (let i = 0; i < 9; i++) {
    s = USCC_ALPHABET[k % 31]! + s;
    k = Math.floor(k / 31);
  }
  return s;
}

async function generate() {
  const database = await openDatabase({ databaseUrl, dataDir });
  await migrate(database);
  const { db } = database;
  await seed(db, { demo: true });
  const [have] = await db.select({ n: count() }).from(items);
  let total = have?.n ?? 0;
  if (total >= N) {
    console.log(`database already holds ${total} items`);
    const rebuilt = await reindexSearch(db, { all: false });
    if (rebuilt) console.log(`search documents built for ${rebuilt} items`);
    // measure a settled table: PGlite runs no autovacuum, and a rebuild leaves every row's old version behind
    await db.execute(sql`vacuum analyze items`);
    await database.close();
    return;
  }
  const demo = loadDemoData().items.map(({ aliases, popularity, ...raw }) => ({ guide: itemInputSchema.parse(raw), aliases, popularity }));
  const seen = new Set<string>();
  const templates = demo.filter((d) => !seen.has(d.guide.basicCode) && seen.add(d.guide.basicCode));
  const counties = (await db.select({ code: regions.code, name: regions.name }).from(regions).where(sql`level = 'county'`)).filter((r) => !r.code.startsWith('33'));
  console.log(`generating ${N - total} items (${templates.length} templates × counties of ${counties.length}) …`);
  const started = Date.now();
  let orgIndex = 0;
  while (total < N) {
    const county = counties[orgIndex % counties.length]!;
    const uscc17 = `11${county.code}${subjectId(100000 + orgIndex)}`;
    const uscc = uscc17 + usccCheckChar(uscc17);
    const orgId = newId();
    const orgName = `${county.name}${['市场监督管理局', '行政审批局', '人力资源和社会保障局', '公安分局', '民政局'][orgIndex % 5]}`;
    const now = new Date();
    const batch = templates.slice(0, Math.min(templates.length, N - total));
    await db.transaction(async (tx) => {
      await tx.insert(organisations).values({ id: orgId, uscc, name: orgName, regionCode: county.code, level: '4', nature: '1', ownerOrgId: orgId, createdAt: now, updatedAt: now });
      const itemRows = [];
      const versionRows = [];
      for (const t of batch) {
        const code = `${uscc}4${t.guide.basicCode}`;
        const guide: ItemGuide = {
          ...t.guide,
          implementationCode: code,
          organisationUscc: uscc,
          exerciseLevel: '4',
          materials: t.guide.materials.map((m, i) => ({ ...m, code: `${code}${String(i + 1).padStart(3, '0')}` })),
        };
        const id = newId();
        const docs = searchDocuments(guide, t.aliases, orgName);
        itemRows.push({
          id, implementationCode: code, basicCode: guide.basicCode, regionCode: county.code, ownerOrgId: orgId, status: 'published',
          aliases: t.aliases, popularity: Math.floor(t.popularity / 10), latestVersion: 1, publishedVersion: 1,
          name: guide.name, summary: guide.summary ?? null, itemType: guide.itemType, audiences: guide.audiences, topics: guide.topics,
          onlineDepth: guide.online.depth, handlingType: guide.handlingType,
          card: { promisedTimeLimit: guide.promisedTimeLimit, visitsRequired: guide.visitsRequired },
          searchDoc: sql`${docs.search}::tsvector`,
          titleDoc: sql`${docs.title}::tsvector`,
          nameDoc: sql`${docs.name}::tsvector`,
          createdAt: now, updatedAt: now, publishedAt: now,
        });
        versionRows.push({ id: newId(), itemId: id, version: 1, status: 'published', guide, regionCode: county.code, ownerOrgId: orgId, createdBy: 'bench', createdAt: now, updatedAt: now, publishedAt: now });
      }
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      await tx.insert(items).values(itemRows as any);
      await tx.insert(itemVersions).values(versionRows);
    });
    total += batch.length;
    orgIndex++;
    if (orgIndex % 100 === 0) console.log(`  ${total} items (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  await db.execute(sql`vacuum analyze items`);
  console.log(`generated in ${Math.round((Date.now() - started) / 1000)} s`);
  await database.close();
}

async function main() {
  await generate();
  const server = await startNodeProcess({ DATA_DIR: dataDir, SEED_DEMO: 'true', DATABASE_URL: databaseUrl ?? '' }, PORT);
  try {
    const q = (s: string) => encodeURIComponent(s);
    // warm up caches briefly, then let the queue drain before every measurement
    await autocannon({ url: `http://127.0.0.1:${PORT}/api/v1/items?q=${q('营业执照')}`, connections: 2, amount: 50 });
    const scenarios: [string, string][] = [
      ['baseline: GET /api/v1/health', '/api/v1/health'],
      ['search 营业执照 (whole catalogue)', `/api/v1/items?q=${q('营业执照')}`],
      ['search 开奶茶店 (alias)', `/api/v1/items?q=${q('开奶茶店')}`],
      ['search 营业执照 in 西湖区', `/api/v1/items?q=${q('营业执照')}&region=330106`],
      ['search 公积金提取, personal', `/api/v1/items?q=${q('公积金提取')}&audienceGroup=personal`],
      ['popular items, legal persons', '/api/v1/items?sort=popular&audienceGroup=legal&pageSize=8'],
    ];
    const rows: Figures[] = [];
    for (const [name, p] of scenarios) {
      await idle(PORT);
      rows.push(await measure(name, { url: `http://127.0.0.1:${PORT}${p}`, connections: CONNECTIONS, duration: DURATION }));
    }
    printTable(`items: ${N} published · engine: ${databaseUrl ? 'postgresql' : 'pglite'} · ${CONNECTIONS} connections × ${DURATION} s · node ${process.version}`, rows);
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
