/** Health and node information. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app.js';
import { schemaVersion } from '../../platform/db.js';
import { PUBLIC } from '../../platform/auth.js';
import { findRegion } from '../reference/service.js';
import { newId } from '../../platform/ids.js';
import { smsOutbox } from '../../platform/schema.js';

export function systemRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/health', {
      config: { access: PUBLIC },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database state',
        response: { 200: z.object({ status: z.literal('ok'), database: z.enum(['pglite', 'postgresql']), schemaVersion: z.string() }) },
      },
    }, async () => ({ status: 'ok' as const, database: ctx.database.kind, schemaVersion: await schemaVersion(ctx.database.db) }));

    app.get('/node', {
      config: { access: PUBLIC },
      schema: { tags: ['system'], summary: 'This node of the federation' },
    }, async () => {
      const region = await findRegion(ctx.database.db, ctx.config.nodeRegion);
      return { name: ctx.config.nodeName, region: { code: ctx.config.nodeRegion, name: region?.name ?? '' }, hotline: ctx.config.hotline, uploadMaxBytes: ctx.config.files.maxBytes };
    });

    // the baseline of the submission benchmark: one bare INSERT (no validation, session, audit or
    // transaction logic), in development mode with BENCH_BASELINE=true only
    if (ctx.config.benchBaseline) {
      app.post('/dev/bare-insert', {
        config: { access: PUBLIC },
        schema: { tags: ['development'], summary: 'One bare INSERT (benchmark baseline; development mode with BENCH_BASELINE=true only)' },
      }, async (_request, reply) => {
        const id = newId();
        await ctx.database.db.insert(smsOutbox).values({ id, phoneIndex: 'bench', phoneMasked: 'bench', template: 'bench', body: 'bench', createdAt: new Date() });
        return reply.status(201).send({ id });
      });
    }
  };
}
