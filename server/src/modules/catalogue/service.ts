/** Catalogue use cases: item lifecycle (draft → published → withdrawn), versions, search. */
import {
  LEGAL_PERSON_AUDIENCES, PERSONAL_AUDIENCES, PERSONAL_TOPICS, ENTERPRISE_TOPICS, highlight, normalizeText, queryTerms,
  toTsQuery, toTsVector, type ItemDetail, type ItemGuide, type ItemSummary, type Page, type SearchQuery,
} from '@onewindow/domain';
import { sql } from 'drizzle-orm';
import { query, type Db, type Executor, type Tx } from '../../platform/db.js';
import { appendAudit } from '../../platform/audit.js';
import { ProblemError, conflict, notFound, validationProblem } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import * as reference from '../reference/service.js';
import { LRUCache } from 'lru-cache';
import * as repo from './repo.js';

/**
 * Totals of searches, kept for a minute: counting every match of a common word over millions of
 * items costs more than ranking the page. The routes clear this process's cache once a catalogue
 * change has committed (clearing inside the transaction would let a concurrent read re-cache the
 * old total); other processes see a new total within the TTL. Pages themselves are never cached.
 */
const totals = new LRUCache<string, number>({ max: 5000, ttl: 60_000 });

export const clearSearchTotals = () => totals.clear();

function projection(guide: ItemGuide) {
  return {
    name: guide.name,
    summary: guide.summary ?? null,
    itemType: guide.itemType,
    audiences: guide.audiences,
    topics: guide.topics,
    onlineDepth: guide.online.depth,
    handlingType: guide.handlingType,
    card: { promisedTimeLimit: guide.promisedTimeLimit, visitsRequired: guide.visitsRequired },
  };
}

/** The weighted search documents of a published guide (see docs/architecture.md, Search). */
export function searchDocuments(guide: ItemGuide, aliases: readonly string[], orgName: string): repo.SearchDocuments {
  return {
    search: toTsVector({
      A: [guide.name],
      B: aliases,
      C: [orgName, guide.handlingOrganisation, ...guide.topics, guide.result.name],
      D: [...guide.materials.map((m) => m.name), guide.summary ?? ''],
    }),
    title: toTsVector({ A: [guide.name], B: aliases }),
    name: toTsVector({ A: [guide.name] }),
  };
}

/** The implementing organisation, which must be registered and act at the item's exercise level (or 7 分级管理). */
async function organisationFor(db: Executor, guide: ItemGuide) {
  const org = await reference.findOrganisationByUscc(db, guide.organisationUscc);
  if (!org) throw validationProblem([{ pointer: '/body/organisationUscc', code: 'item.organisationUnknown' }]);
  if (guide.exerciseLevel !== '7' && guide.exerciseLevel !== org.level) {
    throw validationProblem([{ pointer: '/body/exerciseLevel', code: 'item.organisationLevel' }]);
  }
  return org;
}

async function requireItem(db: Executor, code: string, forUpdate = false) {
  const item = await repo.findItemByCode(db, code, forUpdate);
  if (!item) throw notFound('problem.itemNotFound');
  return item;
}

/**
 * Locks the item for a change; with `expectedRevision` (from If-Match), refuses with 412 when
 * someone else changed it since the caller read it.
 */
async function lockItem(tx: Tx, code: string, expectedRevision: number | undefined) {
  const item = await requireItem(tx, code, true);
  if (expectedRevision !== undefined && expectedRevision !== item.revision) {
    throw new ProblemError(412, 'precondition-failed', 'problem.staleRevision', [], 'problem.staleRevision.detail', { revision: item.revision });
  }
  return item;
}

function dedupeAliases(aliases: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const a of aliases) {
    const key = normalizeText(a.trim());
    if (key && !seen.has(key)) {
      seen.add(key);
      out.push(a.trim());
    }
  }
  return out;
}

async function detail(db: Executor, item: repo.ItemRow, version: repo.ItemVersionRow): Promise<ItemDetail> {
  const org = (await reference.findOrganisationById(db, item.ownerOrgId))!;
  const region = await reference.findRegion(db, org.regionCode);
  return {
    id: item.id,
    status: item.status as ItemDetail['status'],
    version: version.version,
    versionStatus: version.status as ItemDetail['versionStatus'],
    publishedVersion: item.publishedVersion,
    latestVersion: item.latestVersion,
    revision: item.revision,
    withdrawal: item.withdrawnAt ? { reason: item.withdrawnReason ?? '', at: item.withdrawnAt.toISOString() } : null,
    publishedAt: version.publishedAt?.toISOString() ?? null,
    updatedAt: version.updatedAt.toISOString(),
    aliases: item.aliases,
    organisation: { id: org.id, uscc: org.uscc, name: org.name, regionCode: org.regionCode, regionName: region?.name ?? '', nature: org.nature as never },
    regionCode: item.regionCode,
    guide: version.guide as ItemGuide,
  };
}

export async function createItem(tx: Tx, guide: ItemGuide, actor: string, extra: { aliases?: string[]; popularity?: number } = {}) {
  const org = await organisationFor(tx, guide);
  if (await repo.findItemByCode(tx, guide.implementationCode)) throw conflict('problem.itemExists');
  const now = new Date();
  const id = newId();
  await repo.insertItem(tx, {
    id,
    implementationCode: guide.implementationCode,
    basicCode: guide.basicCode,
    regionCode: org.regionCode,
    ownerOrgId: org.id,
    status: 'draft',
    aliases: dedupeAliases(extra.aliases ?? []),
    popularity: extra.popularity ?? 0,
    latestVersion: 1,
    publishedVersion: null,
    ...projection(guide),
    createdAt: now,
    updatedAt: now,
  });
  await repo.insertVersion(tx, { id: newId(), itemId: id, version: 1, status: 'draft', guide, regionCode: org.regionCode, ownerOrgId: org.id, createdBy: actor, createdAt: now, updatedAt: now });
  await appendAudit(tx, { actor, action: 'item.create', entityType: 'item', entityId: guide.implementationCode, regionCode: org.regionCode, ownerOrgId: org.id, detail: { version: 1, name: guide.name } });
  return adminItem(tx, guide.implementationCode);
}

/** Edits the draft, or opens a new draft version when the latest one is published (published versions never change). */
export async function updateItem(tx: Tx, code: string, guide: ItemGuide, actor: string, expectedRevision?: number) {
  if (guide.implementationCode !== code) throw validationProblem([{ pointer: '/body/implementationCode', code: 'problem.codeChange' }]);
  const item = await lockItem(tx, code, expectedRevision);
  const org = await organisationFor(tx, guide);
  const latest = (await repo.findVersion(tx, item.id, item.latestVersion))!;
  const now = new Date();
  let version = latest.version;
  if (latest.status === 'draft') {
    await repo.updateVersion(tx, latest.id, { guide, updatedAt: now, regionCode: org.regionCode, ownerOrgId: org.id });
  } else {
    version = latest.version + 1;
    await repo.insertVersion(tx, { id: newId(), itemId: item.id, version, status: 'draft', guide, regionCode: org.regionCode, ownerOrgId: org.id, createdBy: actor, createdAt: now, updatedAt: now });
  }
  await repo.updateItem(tx, item.id, {
    revision: item.revision + 1,
    latestVersion: version,
    basicCode: guide.basicCode,
    updatedAt: now,
    // an item never published shows its draft in admin lists
    ...(item.publishedVersion === null ? projection(guide) : {}),
  });
  await appendAudit(tx, { actor, action: latest.status === 'draft' ? 'item.edit-draft' : 'item.new-version', entityType: 'item', entityId: code, regionCode: item.regionCode, ownerOrgId: item.ownerOrgId, detail: { version } });
  return adminItem(tx, code);
}

export async function publishItem(tx: Tx, code: string, actor: string, expectedRevision?: number) {
  const item = await lockItem(tx, code, expectedRevision);
  const draft = (await repo.findVersion(tx, item.id, item.latestVersion))!;
  if (draft.status !== 'draft') throw conflict('problem.noDraft', { status: item.status, version: draft.version });
  const guide = draft.guide as ItemGuide;
  const org = (await reference.findOrganisationById(tx, draft.ownerOrgId))!;
  const now = new Date();
  if (item.publishedVersion !== null) {
    const previous = await repo.findVersion(tx, item.id, item.publishedVersion);
    if (previous) await repo.updateVersion(tx, previous.id, { status: 'superseded', updatedAt: now });
  }
  await repo.updateVersion(tx, draft.id, { status: 'published', publishedAt: now, updatedAt: now });
  await repo.updateItem(tx, item.id, {
    revision: item.revision + 1,
    withdrawnReason: null,
    withdrawnAt: null,
    status: 'published',
    publishedVersion: draft.version,
    publishedAt: now,
    updatedAt: now,
    regionCode: org.regionCode,
    ownerOrgId: org.id,
    ...projection(guide),
  });
  await repo.setSearchDocs(tx, item.id, searchDocuments(guide, item.aliases, org.name));
  await appendAudit(tx, { actor, action: 'item.publish', entityType: 'item', entityId: code, regionCode: org.regionCode, ownerOrgId: org.id, detail: { version: draft.version, previous: item.publishedVersion } });
  return adminItem(tx, code);
}

export async function withdrawItem(tx: Tx, code: string, actor: string, reason: string, expectedRevision?: number) {
  const item = await lockItem(tx, code, expectedRevision);
  if (item.status === 'withdrawn') throw conflict('problem.alreadyWithdrawn');
  if (item.status !== 'published') throw conflict('problem.notPublished', { status: item.status });
  const now = new Date();
  await repo.updateItem(tx, item.id, { revision: item.revision + 1, status: 'withdrawn', withdrawnReason: reason, withdrawnAt: now, updatedAt: now });
  await appendAudit(tx, { actor, action: 'item.withdraw', entityType: 'item', entityId: code, regionCode: item.regionCode, ownerOrgId: item.ownerOrgId, detail: { version: item.publishedVersion, reason } });
  return adminItem(tx, code);
}

export async function setAliases(tx: Tx, code: string, aliases: string[], actor: string, expectedRevision?: number) {
  const item = await lockItem(tx, code, expectedRevision);
  const clean = dedupeAliases(aliases);
  await repo.updateItem(tx, item.id, { revision: item.revision + 1, aliases: clean, updatedAt: new Date() });
  if (item.publishedVersion !== null) {
    const published = (await repo.findVersion(tx, item.id, item.publishedVersion))!;
    const org = (await reference.findOrganisationById(tx, item.ownerOrgId))!;
    await repo.setSearchDocs(tx, item.id, searchDocuments(published.guide as ItemGuide, clean, org.name));
  }
  await appendAudit(tx, { actor, action: 'item.aliases', entityType: 'item', entityId: code, regionCode: item.regionCode, ownerOrgId: item.ownerOrgId, detail: { before: item.aliases, after: clean } });
  return adminItem(tx, code);
}

/** The region an item is implemented in (for the caller's scope); 404 when there is no such item. */
export async function itemRegion(db: Executor, code: string): Promise<string> {
  return (await requireItem(db, code)).regionCode;
}

/** The region of an organisation by USCC, if registered (an unknown one fails validation later). */
export async function organisationRegion(db: Executor, uscc: string): Promise<string | undefined> {
  return (await reference.findOrganisationByUscc(db, uscc))?.regionCode;
}

/** An item by id, briefly (name, code, owning organisation, region), for other modules' records; undefined when unknown. */
export async function itemRef(db: Executor, id: string): Promise<{ id: string; name: string; implementationCode: string; ownerOrgId: string; regionCode: string; status: string } | undefined> {
  const row = await repo.findItemById(db, id);
  return row && { id: row.id, name: row.name, implementationCode: row.implementationCode, ownerOrgId: row.ownerOrgId, regionCode: row.regionCode, status: row.status };
}

/** Administrators see the latest version (the draft when there is one), or a given version. */
export async function adminItem(db: Executor, code: string, versionNumber?: number): Promise<ItemDetail> {
  const item = await requireItem(db, code);
  const version = await repo.findVersion(db, item.id, versionNumber ?? item.latestVersion);
  if (!version) throw notFound('problem.itemNotFound');
  return detail(db, item, version);
}

export async function itemVersions(db: Executor, code: string) {
  const item = await requireItem(db, code);
  const list = await repo.listVersions(db, item.id);
  return {
    items: list.map((v) => ({ ...v, createdAt: v.createdAt.toISOString(), updatedAt: v.updatedAt.toISOString(), publishedAt: v.publishedAt?.toISOString() ?? null })),
  };
}

export async function listAdminItems(db: Executor, q: { status?: string; q?: string; page: number; pageSize: number; regionScopes?: string[] }) {
  const { total, list } = await repo.listAdminItems(db, { status: q.status, q: q.q, regionScopes: q.regionScopes, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { items: list.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() })), total, page: q.page, pageSize: q.pageSize };
}

/** The published guide, as citizens see it. */
export async function publicItem(db: Executor, code: string): Promise<ItemDetail> {
  const item = await repo.findItemByCode(db, code);
  if (!item || item.status !== 'published' || item.publishedVersion === null) throw notFound('problem.itemNotFound');
  const version = (await repo.findVersion(db, item.id, item.publishedVersion))!;
  return detail(db, item, version);
}

/** Totals are exact up to `totalCap` matches; above it the answer says `totalCapped: true`. */
export async function search(db: Executor, q: SearchQuery, totalCap = 10_000): Promise<Page<ItemSummary> & { relaxed?: boolean; totalCapped?: boolean }> {
  const filters: repo.SearchFilters = {
    organisationUscc: q.organisation,
    itemType: q.itemType,
    audience: q.audience,
    topic: q.topic,
    onlineDepth: q.onlineDepth,
  };
  if (q.audienceGroup) filters.audiences = [...(q.audienceGroup === 'personal' ? PERSONAL_AUDIENCES : LEGAL_PERSON_AUDIENCES)];
  if (q.region) {
    // items serving the region: implemented there, above it, or below it
    filters.regionCodes = await reference.regionsServing(db, q.region);
  }
  const terms = q.q ? queryTerms(q.q) : [];
  const limit = q.pageSize;
  const offset = (q.page - 1) * q.pageSize;
  const run = async (op: '&' | '|') => {
    const tsquery = terms.length ? toTsQuery(terms, op) : undefined;
    const nameTsquery = terms.length ? toTsQuery(terms, '&') : undefined;
    const rows = await repo.searchItems(db, { tsquery, nameTsquery, filters, sort: q.sort, limit, offset });
    // a short first page is the whole answer; otherwise count (cached)
    let total: number;
    if (offset === 0 && rows.length < limit) total = rows.length;
    else {
      const key = JSON.stringify([tsquery ?? '', filters, totalCap]);
      total = totals.get(key) ?? (await repo.countMatches(db, { tsquery, filters, cap: totalCap + 1 }));
      totals.set(key, total);
    }
    return { rows, total };
  };
  let relaxed = false;
  let { rows, total } = await run('&');
  if (total === 0 && terms.length > 1) {
    ({ rows, total } = await run('|'));
    relaxed = total > 0;
  }
  const items: ItemSummary[] = rows.map((r) => {
    const summary: ItemSummary = {
      implementationCode: r.implementation_code,
      name: r.name,
      summary: r.summary,
      itemType: r.item_type as ItemSummary['itemType'],
      audiences: r.audiences as ItemSummary['audiences'],
      topics: r.topics,
      onlineDepth: r.online_depth as ItemSummary['onlineDepth'],
      handlingType: r.handling_type as ItemSummary['handlingType'],
      promisedTimeLimit: r.card.promisedTimeLimit as ItemSummary['promisedTimeLimit'],
      visitsRequired: r.card.visitsRequired,
      organisation: { id: r.org_id, uscc: r.org_uscc, name: r.org_name, regionCode: r.region_code, regionName: r.region_name },
      version: r.published_version,
    };
    if (terms.length) {
      summary.highlight = highlight(r.name, terms);
      if (!r.name_hit) {
        const viaAlias = r.aliases.some((a) => highlight(a, terms).some((s) => s.hit));
        summary.matchedIn = [viaAlias ? 'alias' : 'content'];
      }
    }
    return summary;
  });
  const capped = total > totalCap;
  return { items, total: capped ? totalCap : total, page: q.page, pageSize: q.pageSize, ...(capped ? { totalCapped: true } : {}), ...(terms.length ? { relaxed } : {}) };
}

/**
 * Rebuilds the search documents of published items: those missing them (after a migration that
 * adds a document), or all (after a change of the text rules). Batched; safe to run while serving.
 */
export async function reindexSearch(db: Db, opts: { all: boolean }): Promise<number> {
  let done = 0;
  let afterId: string | undefined;
  for (;;) {
    const batch = await repo.itemsToReindex(db, { all: opts.all, afterId, limit: 500 });
    if (batch.length === 0) return done;
    const claimed = await db.transaction(async (tx) => {
      // one process rebuilds at a time; the others leave it to that one
      const [lock] = await query<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(7410003) as ok`);
      if (!lock?.ok) return false;
      for (const row of batch) {
        const version = (await repo.findVersion(tx, row.id, row.publishedVersion!))!;
        const org = (await reference.findOrganisationById(tx, row.ownerOrgId))!;
        await repo.setSearchDocs(tx, row.id, searchDocuments(version.guide as ItemGuide, row.aliases, org.name));
      }
      return true;
    });
    if (!claimed) return done;
    done += batch.length;
    afterId = batch[batch.length - 1]!.id;
  }
}

export async function topics(db: Executor, group: 'personal' | 'legal') {
  const audiences = [...(group === 'personal' ? PERSONAL_AUDIENCES : LEGAL_PERSON_AUDIENCES)];
  const counts = new Map((await repo.topicCounts(db, audiences)).map((r) => [r.topic, Number(r.n)]));
  const names: readonly string[] = group === 'personal' ? PERSONAL_TOPICS : ENTERPRISE_TOPICS;
  return { items: names.map((name) => ({ name, count: counts.get(name) ?? 0 })) };
}
