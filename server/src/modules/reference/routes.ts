/** HTTP routes of reference data: divisions and organisations. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageQuerySchema, regionCodeSchema } from '@onewindow/domain';
import type { AppContext } from '../../app.js';
import { actorOf, PUBLIC, requireRole, roles } from '../../platform/auth.js';
import * as service from './service.js';

export function referenceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;

    app.get('/regions', {
      config: { access: PUBLIC },
      schema: {
        tags: ['reference'],
        summary: 'Administrative divisions (GB/T 2260)',
        description: 'Children of `parent`; without it, the node region and its children.',
        querystring: z.object({ parent: regionCodeSchema.optional() }),
      },
    }, async (request) => {
      const list = await service.regionChildren(db, request.query.parent, ctx.config.nodeRegion);
      return { items: list.map((r) => ({ code: r.code, name: r.name, level: r.level, parentCode: r.parentCode })) };
    });

    app.get('/organisations', {
      config: { access: PUBLIC },
      schema: { tags: ['reference'], summary: 'Organisations (departments) in a region and below it', querystring: pageQuerySchema.extend({ region: regionCodeSchema.optional(), q: z.string().trim().min(1).max(50).optional().describe('part of the name, or the start of the USCC'), pageSize: z.coerce.number().int().min(1).max(200).default(100) }) },
    }, async (request) => service.listOrganisations(db, request.query));

    app.post('/admin/organisations', {
      config: { access: roles('platform_admin') },
      schema: { tags: ['reference admin'], summary: 'Register an organisation (platform administrators of its region)', body: service.organisationInputSchema },
    }, async (request, reply) => {
      const actor = requireRole(actorOf(request), ['platform_admin'], { regionCode: request.body.regionCode });
      const org = await db.transaction((tx) => service.createOrganisation(tx, request.body, actor.accountId));
      return reply.status(201).send(org);
    });
  };
}
