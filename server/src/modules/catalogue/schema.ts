/** The service-item catalogue (事项管理): items and their immutable published versions. */
import { customType, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisationRef, regionRef } from '../reference/schema.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * One row per implemented item (实施清单 entry). The search columns hold the published version,
 * so that a search reads one table.
 */
export const items = pgTable(
  'items',
  {
    id: uuid('id').primaryKey(),
    implementationCode: text('implementation_code').notNull().unique(),
    basicCode: text('basic_code').notNull(),
    regionCode: regionRef('region_code').notNull(),
    ownerOrgId: organisationRef('owner_org_id').notNull(),
    /** draft | published | withdrawn */
    status: text('status').notNull(),
    /** everyday words citizens use (synonyms), maintained by catalogue administrators; not versioned */
    aliases: text('aliases').array().notNull().default([]),
    popularity: integer('popularity').notNull().default(0),
    latestVersion: integer('latest_version').notNull(),
    /** incremented by every change; the ETag of the item for optimistic concurrency (If-Match) */
    revision: integer('revision').notNull().default(1),
    withdrawnReason: text('withdrawn_reason'),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true, mode: 'date' }),
    publishedVersion: integer('published_version'),
    // search projection of the published version
    name: text('name').notNull(),
    summary: text('summary'),
    itemType: text('item_type').notNull(),
    audiences: text('audiences').array().notNull(),
    topics: text('topics').array().notNull(),
    onlineDepth: text('online_depth').notNull(),
    handlingType: text('handling_type').notNull(),
    card: jsonb('card').notNull(),
    /** every searchable text, weighted: A name, B aliases, C organisation/topics/result, D materials/summary */
    searchDoc: tsvector('search_doc'),
    /** name (A) and aliases (B) only: small, so ranking the matches never reads the large document */
    titleDoc: tsvector('title_doc'),
    /** name only: the name tier is found in the index without rechecking weights */
    nameDoc: tsvector('name_doc'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('items_search_idx').using('gin', t.searchDoc),
    index('items_title_idx').using('gin', t.titleDoc),
    index('items_name_idx').using('gin', t.nameDoc),
    index('items_status_popularity_idx').on(t.status, t.popularity),
    index('items_region_idx').on(t.regionCode),
    index('items_org_idx').on(t.ownerOrgId),
    index('items_topics_idx').using('gin', t.topics),
    index('items_audiences_idx').using('gin', t.audiences),
    index('items_basic_code_idx').on(t.basicCode),
  ],
);

export const itemVersions = pgTable(
  'item_versions',
  {
    id: uuid('id').primaryKey(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => items.id),
    version: integer('version').notNull(),
    /** draft | published | superseded */
    status: text('status').notNull(),
    guide: jsonb('guide').notNull(),
    regionCode: text('region_code').notNull(),
    ownerOrgId: uuid('owner_org_id').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [unique('item_versions_item_version_uq').on(t.itemId, t.version)],
);
