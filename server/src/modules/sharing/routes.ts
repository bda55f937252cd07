/**
 * HTTP routes of data sharing (政务信息资源目录与共享): the catalogue (every staff member reads it),
 * its administration by providers, access requests and grants. Scope (which organisation the caller
 * acts for) is checked by the service, which knows the records touched.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  accessRequestInputSchema, approveRequestSchema, grantListQuerySchema, refuseRequestSchema, requestListQuerySchema, resourceCodeSchema,
  resourceInputSchema, resourceListQuerySchema, revokeGrantSchema, withdrawResourceSchema,
} from '@onewindow/domain';
import type { AppContext } from '../../app.js';
import { actorOf, roles, type Access } from '../../platform/auth.js';
import * as service from './service.js';

/** every signed-in staff member reads the published catalogue */
const STAFF: Access = { signedIn: 'staff' };
/** an organisation's administrator or a data steward of its region acts for it, as provider or consumer */
const STEWARDS = roles('org_admin', 'data_steward');

const codeParams = z.object({ code: resourceCodeSchema });
const idParams = z.object({ id: z.uuid() });
const TAGS = ['sharing'];

export function sharingRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;
    const deps: service.SharingDeps = { calendar: ctx.calendar, timeZone: ctx.config.timeZone, answerWorkingDays: ctx.config.sharingAnswerWorkingDays };

    // ---- catalogue
    app.get('/sharing/resources', {
      config: { access: STAFF },
      schema: { tags: TAGS, summary: 'The resource catalogue (政务信息资源目录): search and filters', querystring: resourceListQuerySchema },
    }, async (request) => service.listResources(db, actorOf(request), request.query));

    app.get('/sharing/resources/:code', {
      config: { access: STAFF },
      schema: { tags: TAGS, summary: 'One resource with its data items', params: codeParams },
    }, async (request) => service.getResource(db, actorOf(request), request.params.code));

    app.post('/sharing/resources', {
      config: { access: STEWARDS },
      schema: { tags: TAGS, summary: 'Register a resource (draft) of a providing organisation', body: resourceInputSchema },
    }, async (request, reply) => {
      const view = await db.transaction((tx) => service.registerResource(tx, actorOf(request), request.body));
      return reply.status(201).header('location', `/api/v1/sharing/resources/${view.code}`).send(view);
    });

    app.put('/sharing/resources/:code', {
      config: { access: STEWARDS },
      schema: { tags: TAGS, summary: 'Edit a resource’s metadata (its code and provider stay)', params: codeParams, body: resourceInputSchema },
    }, async (request) => db.transaction((tx) => service.updateResource(tx, actorOf(request), request.params.code, request.body)));

    app.post('/sharing/resources/:code/publish', {
      config: { access: STEWARDS },
      schema: { tags: TAGS, summary: 'Publish a resource in the catalogue', params: codeParams },
    }, async (request) => db.transaction((tx) => service.publishResource(tx, deps, actorOf(request), request.params.code)));

    app.post('/sharing/resources/:code/withdraw', {
      config: { access: STEWARDS },
      schema: { tags: TAGS, summary: 'Withdraw a resource from the catalogue (no new requests; grants stay until revoked or expired)', params: codeParams, body: withdrawResourceSchema },
    }, async (request) => db.transaction((tx) => service.withdrawResource(tx, actorOf(request), request.params.code, request.body.reason)));

    // ---- requests
    app.post('/sharing/requests', {
      config: { access: STEWARDS },
      schema: {
        tags: TAGS,
        summary: 'Request a resource for a consuming organisation',
        description: '无条件共享: granted at once (automatic). 有条件共享: pending until the provider answers (due in SHARING_ANSWER_WORKING_DAYS working days). 不予共享: 422.',
        body: accessRequestInputSchema,
      },
    }, async (request, reply) => {
      const view = await db.transaction((tx) => service.createRequest(tx, deps, actorOf(request), request.body));
      return reply.status(201).header('location', `/api/v1/sharing/requests/${view.id}`).send(view);
    });

    app.get('/sharing/requests', {
      config: { access: STEWARDS },
      schema: { tags: TAGS, summary: 'Requests of my organisations (mine) or to them (to-answer), with the overdue flag', querystring: requestListQuerySchema },
    }, async (request) => service.listRequests(db, deps, actorOf(request), request.query));

    app.get('/sharing/requests/:id', {
      config: { access: STEWARDS },
      schema: { tags: TAGS, summary: 'One request (to its consumer or provider)', params: idParams },
    }, async (request) => service.getRequest(db, deps, actorOf(request), request.params.id));

    app.post('/sharing/requests/:id/approve', {
      config: { access: STEWARDS },
      schema: { tags: TAGS, summary: 'Approve a pending request (fields and validity no wider than requested): grants access', params: idParams, body: approveRequestSchema },
    }, async (request) => db.transaction((tx) => service.approveRequest(tx, deps, actorOf(request), request.params.id, request.body)));

    app.post('/sharing/requests/:id/refuse', {
      config: { access: STEWARDS },
      schema: { tags: TAGS, summary: 'Refuse a pending request, with the reason', params: idParams, body: refuseRequestSchema },
    }, async (request) => db.transaction((tx) => service.refuseRequest(tx, deps, actorOf(request), request.params.id, request.body.reason)));

    // ---- grants
    app.get('/sharing/grants', {
      config: { access: STEWARDS },
      schema: { tags: TAGS, summary: 'Grants of my organisations as consumer, or given by them as provider', querystring: grantListQuerySchema },
    }, async (request) => service.listGrants(db, actorOf(request), request.query));

    app.post('/sharing/grants/:id/revoke', {
      config: { access: STEWARDS },
      schema: { tags: TAGS, summary: 'Revoke a grant (provider), with the reason', params: idParams, body: revokeGrantSchema },
    }, async (request) => db.transaction((tx) => service.revokeGrant(tx, actorOf(request), request.params.id, request.body.reason)));
  };
}
