import { and, asc, count, eq, ilike, inArray, like, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db.js';
import { organisations, regions } from './schema.js';

export type RegionRow = typeof regions.$inferSelect;
export type OrganisationRow = typeof organisations.$inferSelect;

export async function countRegions(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(regions);
  return row?.n ?? 0;
}

export async function insertRegions(db: Executor, rows: (typeof regions.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db.insert(regions).values(rows.slice(i, i + 500)).onConflictDoNothing();
  }
}

export async function findRegion(db: Executor, code: string): Promise<RegionRow | undefined> {
  const [row] = await db.select().from(regions).where(eq(regions.code, code));
  return row;
}

/** Codes of a region's descendants (prefix of its code: 33 for 330000, 3301 for 330100). */
export async function descendantCodes(db: Executor, code: string): Promise<string[]> {
  const prefix = code.replace(/(00)+$/, '');
  if (prefix.length === 6) return [];
  const rows = await db.select({ code: regions.code }).from(regions).where(and(like(regions.code, `${prefix}%`), sql`${regions.code} <> ${code}`));
  return rows.map((r) => r.code);
}

export async function listRegionChildren(db: Executor, parent: string): Promise<RegionRow[]> {
  return db.select().from(regions).where(eq(regions.parentCode, parent)).orderBy(asc(regions.code));
}

export async function insertOrganisation(db: Executor, row: typeof organisations.$inferInsert): Promise<void> {
  await db.insert(organisations).values(row);
}

export async function findOrganisationByUscc(db: Executor, uscc: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.uscc, uscc));
  return row;
}

export async function findOrganisationById(db: Executor, id: string): Promise<OrganisationRow | undefined> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  return row;
}

/** Organisations in a region and below it (prefix of the region code), with region names. */
export async function listOrganisations(db: Executor, opts: { regionPrefix?: string; q?: string; limit: number; offset: number }) {
  const text = opts.q?.replace(/[\\%_]/g, (c) => `\\${c}`);
  const where = and(
    opts.regionPrefix ? like(organisations.regionCode, `${opts.regionPrefix}%`) : undefined,
    text ? or(ilike(organisations.name, `%${text}%`), ilike(organisations.shortName, `%${text}%`), like(organisations.uscc, `${text.toUpperCase()}%`)) : undefined,
  );
  const [total] = await db.select({ n: count() }).from(organisations).where(where);
  const list = await db
    .select({ org: organisations, regionName: regions.name })
    .from(organisations)
    .innerJoin(regions, eq(regions.code, organisations.regionCode))
    .where(where)
    .orderBy(asc(organisations.level), asc(organisations.regionCode), asc(organisations.name))
    .limit(opts.limit)
    .offset(opts.offset);
  return { total: total?.n ?? 0, list };
}


/** Names of organisations by id (ids not found are left out). */
export async function organisationNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}
