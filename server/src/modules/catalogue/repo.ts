/** SQL of the catalogue. */
import { and, asc, count, desc, eq, ilike, like, or, sql, type SQL } from 'drizzle-orm';
import { query, type Executor } from '../../platform/db.js';
import { itemVersions, items } from './schema.js';

export type ItemRow = typeof items.$inferSelect;
export type ItemVersionRow = typeof itemVersions.$inferSelect;

export async function findItemByCode(db: Executor, code: string, forUpdate = false): Promise<ItemRow | undefined> {
  const q = db.select().from(items).where(eq(items.implementationCode, code));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function findItemById(db: Executor, id: string): Promise<ItemRow | undefined> {
  const [row] = await db.select().from(items).where(eq(items.id, id));
  return row;
}

export async function findVersion(db: Executor, itemId: string, version: number): Promise<ItemVersionRow | undefined> {
  const [row] = await db.select().from(itemVersions).where(and(eq(itemVersions.itemId, itemId), eq(itemVersions.version, version)));
  return row;
}

export async function listVersions(db: Executor, itemId: string) {
  return db
    .select({ version: itemVersions.version, status: itemVersions.status, createdAt: itemVersions.createdAt, updatedAt: itemVersions.updatedAt, publishedAt: itemVersions.publishedAt, createdBy: itemVersions.createdBy })
    .from(itemVersions)
    .where(eq(itemVersions.itemId, itemId))
    .orderBy(desc(itemVersions.version));
}

export async function insertItem(db: Executor, row: typeof items.$inferInsert) {
  await db.insert(items).values(row);
}

export async function insertVersion(db: Executor, row: typeof itemVersions.$inferInsert) {
  await db.insert(itemVersions).values(row);
}

export async function updateItem(db: Executor, id: string, patch: Partial<typeof items.$inferInsert>) {
  await db.update(items).set(patch).where(eq(items.id, id));
}

export async function updateVersion(db: Executor, id: string, patch: Partial<typeof itemVersions.$inferInsert>) {
  await db.update(itemVersions).set(patch).where(eq(itemVersions.id, id));
}

export interface SearchDocuments {
  search: string;
  title: string;
  name: string;
}

export async function setSearchDocs(db: Executor, id: string, docs: SearchDocuments) {
  await db.execute(sql`update items set search_doc = ${docs.search}::tsvector, title_doc = ${docs.title}::tsvector, name_doc = ${docs.name}::tsvector where id = ${id}`);
}

/** Published items whose search documents are missing (or all of them), in batches. */
export async function itemsToReindex(db: Executor, opts: { all: boolean; afterId?: string; limit: number }) {
  return db
    .select({ id: items.id, publishedVersion: items.publishedVersion, aliases: items.aliases, ownerOrgId: items.ownerOrgId })
    .from(items)
    .where(
      and(
        eq(items.status, 'published'),
        opts.all ? undefined : sql`(${items.titleDoc} is null or ${items.searchDoc} is null or ${items.nameDoc} is null)`,
        opts.afterId ? sql`${items.id} > ${opts.afterId}` : undefined,
      ),
    )
    .orderBy(asc(items.id))
    .limit(opts.limit);
}

/** `like` patterns matching a region and everything below it (330000 → 33%, 330100 → 3301%). */
export function regionPrefixes(scopes: string[]): string[] {
  return scopes.map((c) => (c.endsWith('0000') ? c.slice(0, 2) : c.endsWith('00') ? c.slice(0, 4) : c) + '%');
}

export async function listAdminItems(db: Executor, opts: { status?: string; q?: string; regionScopes?: string[]; limit: number; offset: number }) {
  const text = opts.q?.replace(/[\\%_]/g, (c) => `\\${c}`);
  const where = and(
    opts.status ? eq(items.status, opts.status) : undefined,
    text ? or(ilike(items.name, `%${text}%`), ilike(items.implementationCode, `${text}%`)) : undefined,
    opts.regionScopes ? (opts.regionScopes.length ? or(...regionPrefixes(opts.regionScopes).map((p) => like(items.regionCode, p))) : sql`false`) : undefined,
  );
  const [total] = await db.select({ n: count() }).from(items).where(where);
  const list = await db
    .select({
      implementationCode: items.implementationCode,
      name: items.name,
      status: items.status,
      latestVersion: items.latestVersion,
      publishedVersion: items.publishedVersion,
      updatedAt: items.updatedAt,
    })
    .from(items)
    .where(where)
    .orderBy(desc(items.updatedAt), asc(items.implementationCode))
    .limit(opts.limit)
    .offset(opts.offset);
  return { total: total?.n ?? 0, list };
}

export interface SearchFilters {
  regionCodes?: string[];
  organisationUscc?: string;
  itemType?: string;
  audience?: string;
  audiences?: string[];
  topic?: string;
  onlineDepth?: string;
}

export interface SearchRow {
  id: string;
  implementation_code: string;
  name: string;
  summary: string | null;
  item_type: string;
  audiences: string[];
  topics: string[];
  online_depth: string;
  handling_type: string;
  card: { promisedTimeLimit: { value: number; unit: string; note?: string }; visitsRequired: number };
  aliases: string[];
  published_version: number;
  org_id: string;
  org_uscc: string;
  org_name: string;
  region_code: string;
  region_name: string;
  name_hit: boolean | null;
  popularity: number;
}

const pgArray = (values: string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, '')}"`).join(',')}}`;

function filterSql(f: SearchFilters): SQL[] {
  const where: SQL[] = [sql`i.status = 'published'`];
  if (f.regionCodes) where.push(sql`i.region_code = any(${pgArray(f.regionCodes)}::text[])`);
  if (f.organisationUscc) where.push(sql`i.owner_org_id = (select id from organisations where uscc = ${f.organisationUscc})`);
  if (f.itemType) where.push(sql`i.item_type = ${f.itemType}`);
  if (f.onlineDepth) where.push(sql`i.online_depth = ${f.onlineDepth}`);
  if (f.audience) where.push(sql`i.audiences @> ${pgArray([f.audience])}::text[]`);
  if (f.audiences) where.push(sql`i.audiences && ${pgArray(f.audiences)}::text[]`);
  if (f.topic) where.push(sql`i.topics @> ${pgArray([f.topic])}::text[]`);
  return where;
}

/**
 * The rows to search. A county or city portal serves few regions: reading their rows first (the
 * `offset 0` keeps the planner from merging the subquery) beats intersecting with the posting list
 * of a common word over the whole catalogue.
 */
function source(f: SearchFilters): SQL {
  if (f.regionCodes && f.regionCodes.length <= 64) {
    return sql`(select * from items where region_code = any(${pgArray(f.regionCodes)}::text[]) offset 0)`;
  }
  return sql`items`;
}

/**
 * One page of published items. With a query, relevance order is in tiers: items whose name holds
 * every term (found through the small title index), then the other matches; within a tier, by the
 * title rank (name before aliases), then popularity. Only when a page reaches past the name tier
 * are the other matches ranked, so the common first page never ranks the whole match set.
 */
export async function searchItems(
  db: Executor,
  opts: { tsquery?: string; nameTsquery?: string; filters: SearchFilters; sort: 'relevance' | 'popular'; limit: number; offset: number },
): Promise<SearchRow[]> {
  const base = filterSql(opts.filters);
  const columns = sql`i.id, i.implementation_code, i.name, i.summary, i.item_type, i.audiences, i.topics, i.online_depth,
           i.handling_type, i.card, i.aliases, i.published_version, i.region_code, i.popularity, i.owner_org_id as org_id`;
  type PageRow = Omit<SearchRow, 'org_uscc' | 'org_name' | 'region_name'>;
  let page: PageRow[];
  if (!opts.tsquery) {
    page = await query<PageRow>(db, sql`select ${columns}, null::boolean as name_hit from ${source(opts.filters)} i where ${sql.join(base, sql` and `)}
      order by i.popularity desc, i.implementation_code limit ${opts.limit} offset ${opts.offset}`);
  } else if (opts.sort === 'popular') {
    page = await query<PageRow>(db, sql`select ${columns}, coalesce(i.name_doc @@ ${opts.nameTsquery}::tsquery, false) as name_hit from ${source(opts.filters)} i
      where ${sql.join([...base, sql`i.search_doc @@ ${opts.tsquery}::tsquery`], sql` and `)}
      order by i.popularity desc, i.implementation_code limit ${opts.limit} offset ${opts.offset}`);
  } else {
    const want = opts.offset + opts.limit;
    // within the name tier, shorter names (closer to the query) first: rank normalised by length
    const nameTier = await query<PageRow>(db, sql`select ${columns}, true as name_hit from ${source(opts.filters)} i
      where ${sql.join([...base, sql`i.name_doc @@ ${opts.nameTsquery}::tsquery`], sql` and `)}
      order by ts_rank(i.name_doc, ${opts.nameTsquery}::tsquery, 1) desc, i.popularity desc, i.implementation_code limit ${want}`);
    page = nameTier.slice(opts.offset);
    if (nameTier.length < want) {
      const rest = await query<PageRow>(db, sql`select ${columns}, false as name_hit from ${source(opts.filters)} i
        where ${sql.join([...base, sql`i.search_doc @@ ${opts.tsquery}::tsquery`, sql`not coalesce(i.name_doc @@ ${opts.nameTsquery}::tsquery, false)`], sql` and `)}
        order by coalesce(ts_rank(i.title_doc, ${opts.tsquery}::tsquery), 0) desc, i.popularity desc, i.implementation_code
        limit ${opts.limit - page.length} offset ${Math.max(0, opts.offset - nameTier.length)}`);
      page = [...page, ...rest].slice(0, opts.limit);
    }
  }
  if (page.length === 0) return [];
  const orgIds = [...new Set(page.map((r) => r.org_id))];
  const orgs = await query<{ id: string; uscc: string; name: string; region_name: string }>(db, sql`
    select o.id, o.uscc, o.name, r.name as region_name
      from organisations o join regions r on r.code = o.region_code
     where o.id = any(${pgArray(orgIds)}::uuid[])`);
  const byId = new Map(orgs.map((o) => [o.id, o]));
  return page.map((r) => {
    const o = byId.get(r.org_id)!;
    return { ...r, org_uscc: o.uscc, org_name: o.name, region_name: o.region_name };
  });
}

/** Number of matches, counted up to `cap` (exact below it): counting stops once the cap is reached. */
export async function countMatches(db: Executor, opts: { tsquery?: string; filters: SearchFilters; cap: number }): Promise<number> {
  const where = filterSql(opts.filters);
  if (opts.tsquery) where.push(sql`i.search_doc @@ ${opts.tsquery}::tsquery`);
  const [row] = await query<{ n: number }>(db, sql`select count(*)::int as n from (select 1 from ${source(opts.filters)} i where ${sql.join(where, sql` and `)} limit ${opts.cap}) m`);
  return Number(row?.n ?? 0);
}

export async function topicCounts(db: Executor, audiences: string[]): Promise<{ topic: string; n: number }[]> {
  return query<{ topic: string; n: number }>(db, sql`
    select t as topic, count(*)::int as n
      from items i, unnest(i.topics) as t
     where i.status = 'published' and i.audiences && ${pgArray(audiences)}::text[]
     group by t`);
}
