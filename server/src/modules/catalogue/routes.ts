/** HTTP routes of the catalogue: public search and guides, and catalogue administration. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { aliasesSchema, itemInputSchema, itemStatusSchema, pageQuerySchema, searchQuerySchema } from '@onewindow/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app.js';
import type { Tx } from '../../platform/db.js';
import { ProblemError } from '../../platform/errors.js';
import { actorOf, PUBLIC, requireRole, roles, type Actor } from '../../platform/auth.js';
import { idempotent } from '../../platform/idempotency.js';
import * as service from './service.js';

const codeParams = z.object({ implementationCode: z.string().min(1).max(64) });

/** The item's revision from `If-Match: "r7"` (absent: no check). */
function expectedRevision(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"r(\d{1,9})"\s*$/.exec(Array.isArray(header) ? header[0]! : header);
  if (!m) throw new ProblemError(400, 'validation', 'problem.ifMatch', [{ pointer: '/headers/if-match', code: 'invalid_format' }]);
  return Number(m[1]);
}

/** Answers an item with its revision as ETag. */
function withEtag<T extends { revision: number }>(reply: FastifyReply, item: T): T {
  void reply.header('etag', `"r${item.revision}"`);
  return item;
}
/** Catalogue administrators (and platform administrators) act on items of their region and below. */
const CATALOGUE = roles('catalogue_admin', 'platform_admin');
const inScope = (actor: Actor, regionCode: string) => requireRole(actor, ['catalogue_admin', 'platform_admin'], { regionCode });
const scopesOf = (actor: Actor) => actor.roles.filter((g) => g.role === 'catalogue_admin' || g.role === 'platform_admin').map((g) => g.regionCode);

const idempotencyHeaders = z.object({ 'idempotency-key': z.string().max(128).optional() }).passthrough();

export function catalogueRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;
    /** One catalogue change: its transaction, then (committed) the search totals are stale. */
    const change = async <T>(run: (tx: Tx) => Promise<T>): Promise<T> => {
      const result = await db.transaction(run);
      service.clearSearchTotals();
      return result;
    };

    app.get('/items', {
      config: { access: PUBLIC },
      schema: {
        tags: ['catalogue'],
        summary: 'Search published service items (统一搜索)',
        description: 'Chinese full-text search over name, aliases, materials, organisation and topics, with filters. `region` answers items implemented in the region, above it or below it.',
        querystring: searchQuerySchema,
      },
    }, async (request) => service.search(db, request.query, ctx.config.searchTotalCap));

    app.get('/items/:implementationCode', {
      config: { access: PUBLIC },
      schema: { tags: ['catalogue'], summary: 'The published guide (办事指南) of an item', params: codeParams },
    }, async (request) => service.publicItem(db, request.params.implementationCode));

    app.get('/topics', {
      config: { access: PUBLIC },
      schema: { tags: ['catalogue'], summary: 'Life-event topics with item counts', querystring: z.object({ audienceGroup: z.enum(['personal', 'legal']).default('personal') }) },
    }, async (request) => service.topics(db, request.query.audienceGroup));

    // ---- catalogue administration: catalogue administrators of the item's region ----
    {
      const admin = app;
      const actor = (r: FastifyRequest) => actorOf(r).accountId;
      /** the item's region must be in the caller's scope */
      const scoped = async (r: FastifyRequest) => {
        inScope(actorOf(r), await service.itemRegion(db, (r.params as { implementationCode: string }).implementationCode));
      };

      admin.get('/admin/items', {
        config: { access: CATALOGUE },
        schema: { tags: ['catalogue admin'], summary: 'List items in every state', querystring: pageQuerySchema.extend({ status: itemStatusSchema.optional(), q: z.string().trim().min(1).max(100).optional().describe('part of the name, or the start of the implementation code') }) },
      }, async (request) => service.listAdminItems(db, { ...request.query, regionScopes: scopesOf(actorOf(request)) }));

      admin.post('/admin/items', {
        config: { access: CATALOGUE },
        schema: {
          tags: ['catalogue admin'],
          summary: 'Create an item (version 1, draft)',
          headers: idempotencyHeaders,
          body: itemInputSchema.and(z.object({ aliases: z.array(z.string().trim().min(1).max(50)).max(100).optional() })),
        },
      }, async (request, reply) => {
        const { aliases, ...guide } = request.body as z.infer<typeof itemInputSchema> & { aliases?: string[] };
        const region = await service.organisationRegion(db, guide.organisationUscc);
        if (region) inScope(actorOf(request), region);
        const outcome = await idempotent(db, 'item.create', request.headers['idempotency-key'] as string | undefined, request.body, async (tx) => ({
          status: 201,
          body: await service.createItem(tx, guide, actor(request), { aliases }),
        }));
        service.clearSearchTotals();
        return reply.status(outcome.status).header('location', `/api/v1/admin/items/${guide.implementationCode}`).send(outcome.body);
      });

      admin.get('/admin/items/:implementationCode', {
        config: { access: CATALOGUE },
        preHandler: scoped,
        schema: { tags: ['catalogue admin'], summary: 'The latest version (draft or published) of an item', params: codeParams },
      }, async (request, reply) => withEtag(reply, await service.adminItem(db, request.params.implementationCode)));

      admin.put('/admin/items/:implementationCode', {
        config: { access: CATALOGUE },
        preHandler: scoped,
        schema: { tags: ['catalogue admin'], summary: 'Edit an item: changes the draft, or opens a new draft version of a published item', params: codeParams, body: itemInputSchema },
      }, async (request, reply) => {
        // moving an item to another organisation needs scope over that organisation's region too
        const region = await service.organisationRegion(db, request.body.organisationUscc);
        if (region) inScope(actorOf(request), region);
        return withEtag(reply, await change((tx) => service.updateItem(tx, request.params.implementationCode, request.body, actor(request), expectedRevision(request.headers['if-match']))));
      });

      admin.post('/admin/items/:implementationCode/publish', {
        config: { access: CATALOGUE },
        preHandler: scoped,
        schema: { tags: ['catalogue admin'], summary: 'Publish the draft version; the previous published version is superseded', params: codeParams },
      }, async (request, reply) => withEtag(reply, await change((tx) => service.publishItem(tx, request.params.implementationCode, actor(request), expectedRevision(request.headers['if-match'])))));

      admin.post('/admin/items/:implementationCode/withdraw', {
        config: { access: CATALOGUE },
        preHandler: scoped,
        schema: {
          tags: ['catalogue admin'],
          summary: 'Withdraw a published item from the catalogue',
          params: codeParams,
          body: z.object({ reason: z.string().trim().min(2).max(500) }),
        },
      }, async (request, reply) => withEtag(reply, await change((tx) => service.withdrawItem(tx, request.params.implementationCode, actor(request), request.body.reason, expectedRevision(request.headers['if-match'])))));

      admin.put('/admin/items/:implementationCode/aliases', {
        config: { access: CATALOGUE },
        preHandler: scoped,
        schema: { tags: ['catalogue admin'], summary: 'Replace the alias / synonym list of an item (takes effect in search at once)', params: codeParams, body: aliasesSchema },
      }, async (request, reply) => withEtag(reply, await change((tx) => service.setAliases(tx, request.params.implementationCode, request.body.aliases, actor(request), expectedRevision(request.headers['if-match'])))));

      admin.get('/admin/items/:implementationCode/versions', {
        config: { access: CATALOGUE },
        preHandler: scoped,
        schema: { tags: ['catalogue admin'], summary: 'Versions of an item', params: codeParams },
      }, async (request) => service.itemVersions(db, request.params.implementationCode));

      admin.get('/admin/items/:implementationCode/versions/:version', {
        config: { access: CATALOGUE },
        preHandler: scoped,
        schema: { tags: ['catalogue admin'], summary: 'One version of an item', params: codeParams.extend({ version: z.coerce.number().int().min(1) }) },
      }, async (request) => service.adminItem(db, request.params.implementationCode, request.params.version));
    }
  };
}
