/**
 * HTTP routes of 好差评: what a person may rate and their ratings, the QR landing of a staff member's
 * rating code, the window clerk's codes and visits, and the workbench of ratings and 差评
 * rectifications (the organisation's 好差评专员 or administrator, a supervisor of the region). Scope
 * is checked by the service, which knows the records.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  pageQuerySchema, ratingAdditionSchema, ratingCreateSchema, ratingLevelSchema, rectificationActionSchema, rectificationListQuerySchema, visitInputSchema, WINDOW_MAX,
} from '@onewindow/domain';
import type { AppContext } from '../../app.js';
import { actorOf, PERSON, PUBLIC, roles, SIGNED_IN } from '../../platform/auth.js';
import { expectedVersion, withEtag } from '../../platform/http.js';
import * as service from './service.js';

const TAGS = ['feedback'];
const WORKBENCH = ['workbench'];
/** the organisation's 好差评专员 and administrator, and supervisors of the region */
const FEEDBACK_STAFF = roles('feedback_officer', 'org_admin', 'supervisor');
const CLERK = roles('window_clerk');
const idParams = z.object({ id: z.uuid() });

export function feedbackRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;
    const deps: service.FeedbackDeps = {
      identity: ctx.identity,
      calendar: ctx.calendar,
      timeZone: ctx.config.timeZone,
      limits: ctx.config.feedbackLimits,
      publicUrl: ctx.config.publicUrl,
    };

    // ---- the person
    app.get('/me/rateable', {
      config: { access: PERSON },
      schema: {
        tags: TAGS,
        summary: 'Service events I may rate: my ended applications (last 180 days) and window visits, newest first, with my rating when rated',
        querystring: z.object({ staffCode: z.string().trim().min(1).max(64).optional().describe('a staff member’s rating code (QR): only my visits with them in the last 7 days') }),
      },
    }, async (request) => service.rateable(db, deps, actorOf(request).accountId, request.query.staffCode));

    app.post('/ratings', {
      config: { access: PERSON },
      schema: {
        tags: TAGS,
        summary: 'Rate a service event of mine (once); a 差评 (level 4 or 5) opens its rectification',
        description: '403 not-your-event; 404 unknown event; 409 already-rated; 422 event-not-ended; 400 when `dimensions` is not exactly the mode’s set; 429 over 20 ratings an hour.',
        body: ratingCreateSchema,
      },
    }, async (request, reply) => {
      const view = await service.rate(db, deps, actorOf(request), request.body);
      return reply.status(201).header('location', `/api/v1/ratings/${view.id}`).send(view);
    });

    app.get('/me/ratings', {
      config: { access: PERSON },
      schema: { tags: TAGS, summary: '我的评价: my ratings, newest first' },
    }, async (request) => service.myRatings(db, deps, actorOf(request).accountId));

    app.get('/ratings/:id', {
      config: { access: SIGNED_IN },
      schema: { tags: TAGS, summary: 'One rating: to its rater, the organisation’s 好差评专员 or administrator, or a supervisor of the region', params: idParams },
    }, async (request) => service.getRating(db, deps, actorOf(request), request.params.id));

    app.post('/ratings/:id/addition', {
      config: { access: PERSON },
      schema: { tags: TAGS, summary: '追评: add to my rating, once (409 already-added)', params: idParams, body: ratingAdditionSchema },
    }, async (request) => db.transaction((tx) => service.addToRating(tx, deps, actorOf(request), request.params.id, request.body.comment)));

    app.get('/rating-codes/:code', {
      config: { access: PUBLIC },
      schema: { tags: TAGS, summary: 'The QR landing: the staff member (masked), organisation and window of a rating code', params: z.object({ code: z.string().min(1).max(64) }) },
    }, async (request) => service.publicRatingCode(db, deps, request.params.code));

    // ---- the window clerk
    app.get('/workbench/rating-codes', {
      config: { access: CLERK },
      schema: { tags: WORKBENCH, summary: 'My rating codes (QR), one per organisation I serve at' },
    }, async (request) => service.myRatingCodes(db, deps, actorOf(request)));

    app.post('/workbench/rating-codes', {
      config: { access: CLERK },
      schema: {
        tags: WORKBENCH,
        summary: 'My rating code at an organisation of mine: created, or its window updated',
        body: z.object({ organisationId: z.uuid(), window: z.string().trim().min(1).max(WINDOW_MAX) }),
      },
    }, async (request) => db.transaction((tx) => service.saveRatingCode(tx, deps, actorOf(request), request.body)));

    app.post('/workbench/visits', {
      config: { access: CLERK },
      schema: {
        tags: WORKBENCH,
        summary: 'Record a person served at my window (a service event they may rate); 422 no-account when the person holds no account',
        body: visitInputSchema.extend({ applicationId: z.uuid().optional() }),
      },
    }, async (request, reply) => reply.status(201).send(await db.transaction((tx) => service.recordVisit(tx, deps, actorOf(request), request.body))));

    app.get('/workbench/visits', {
      config: { access: CLERK },
      schema: { tags: WORKBENCH, summary: 'My visits of the last 7 days, newest first' },
    }, async (request) => service.myVisits(db, deps, actorOf(request)));

    // ---- ratings and rectifications (好差评专员, administrator, supervisor)
    app.get('/workbench/ratings', {
      config: { access: FEEDBACK_STAFF },
      schema: {
        tags: WORKBENCH,
        summary: 'Ratings of my organisations (or my supervised region), newest first',
        querystring: pageQuerySchema.extend({ level: z.coerce.number().pipe(ratingLevelSchema).optional(), organisationId: z.uuid().optional() }),
      },
    }, async (request) => service.listRatings(db, deps, actorOf(request), request.query));

    app.get('/workbench/rectifications', {
      config: { access: FEEDBACK_STAFF },
      schema: { tags: WORKBENCH, summary: '差评整改 of my organisations (or my supervised region), the most urgent deadline first', querystring: rectificationListQuerySchema },
    }, async (request) => service.listRectifications(db, deps, actorOf(request), request.query));

    app.get('/workbench/rectifications/:id', {
      config: { access: FEEDBACK_STAFF },
      schema: { tags: WORKBENCH, summary: 'One rectification with its steps and the actions open to me (ETag "v<version>")', params: idParams },
    }, async (request, reply) => withEtag(reply, await service.getRectification(db, deps, actorOf(request), request.params.id)));

    app.post('/workbench/rectifications/:id/actions', {
      config: { access: FEEDBACK_STAFF },
      schema: {
        tags: WORKBENCH,
        summary: 'One step of a rectification (If-Match: "v<version>"): callback, judge, appeal, rectify, reply (organisation); review_appeal (supervisor)',
        description: '409 illegal-transition with `allowed`; 422 callback-required (a real-name 差评 not called back); 403 when my side may not take the action; 412 on a stale If-Match.',
        params: idParams,
        body: rectificationActionSchema,
      },
    }, async (request, reply) => {
      const version = expectedVersion(request.headers['if-match']);
      return withEtag(reply, await db.transaction((tx) => service.actOnRectification(tx, deps, actorOf(request), request.params.id, request.body, version)));
    });
  };
}
