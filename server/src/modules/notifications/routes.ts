/** HTTP routes of the signed-in account's notifications (消息提醒). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageQuerySchema } from '@onewindow/domain';
import type { AppContext } from '../../app.js';
import { actorOf, SIGNED_IN } from '../../platform/auth.js';
import * as service from './service.js';

const idParams = z.object({ id: z.uuid() });
const listQuery = pageQuerySchema.extend({
  /** only the unread ones */
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

export function notificationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;

    app.get('/notifications', {
      config: { access: SIGNED_IN },
      schema: { tags: ['notifications'], summary: 'My notifications, newest first, with the unread count', querystring: listQuery },
    }, async (request) => service.list(db, actorOf(request).accountId, request.query));

    app.get('/notifications/unread-count', {
      config: { access: SIGNED_IN },
      schema: { tags: ['notifications'], summary: 'How many of my notifications are unread' },
    }, async (request) => ({ unread: await service.unreadCount(db, actorOf(request).accountId) }));

    app.post('/notifications/:id/read', {
      config: { access: SIGNED_IN },
      schema: { tags: ['notifications'], summary: 'Mark one of my notifications read', params: idParams },
    }, async (request, reply) => {
      await service.markRead(db, actorOf(request).accountId, request.params.id);
      return reply.status(204).send();
    });

    app.post('/notifications/read-all', {
      config: { access: SIGNED_IN },
      schema: { tags: ['notifications'], summary: 'Mark all my notifications read' },
    }, async (request, reply) => {
      await service.markAllRead(db, actorOf(request).accountId);
      return reply.status(204).send();
    });
  };
}

/** The dispatcher's dependencies from the app's context (main.ts runs it every 30 s). */
export function smsDispatchDeps(ctx: AppContext, onError?: service.SmsDispatchDeps['onError']): service.SmsDispatchDeps {
  return { db: ctx.database.db, identity: ctx.identity, sms: ctx.identity.sms, nodeName: ctx.config.nodeName, publicUrl: ctx.config.publicUrl, ...(onError ? { onError } : {}) };
}
