/** HTTP routes of online applications: the applicant's (个人/法人办事) and the handling staff's workbench. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { CASE_STATUSES, pageQuerySchema } from '@onewindow/domain';
import type { AppContext } from '../../app.js';
import { ProblemError } from '../../platform/errors.js';
import { actorOf, PERSON, roles } from '../../platform/auth.js';
import { idempotent } from '../../platform/idempotency.js';
import * as service from './service.js';

const idParams = z.object({ id: z.uuid() });
const form = z.record(z.string().max(100), z.unknown());
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().max(128).optional() }).passthrough();
/** The action's type here; its fields are validated by the workflow engine with the domain's actionSchemas. */
const applicantAction = z.looseObject({ type: z.enum(service.APPLICANT_ACTIONS) }).describe('one applicant action of the workflow (actionSchemas)');
const staffAction = z.looseObject({ type: z.enum(service.STAFF_ACTIONS) }).describe('one staff action of the workflow (actionSchemas)');
const HANDLING = roles('window_clerk', 'reviewer', 'approver');

/** The application's version from `If-Match: "v7"` (absent: no check). */
function expectedVersion(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"v(\d{1,9})"\s*$/.exec(Array.isArray(header) ? header[0]! : header);
  if (!m) throw new ProblemError(400, 'validation', 'problem.ifMatch', [{ pointer: '/headers/if-match', code: 'invalid_format' }]);
  return Number(m[1]);
}

function withEtag<T extends { version: number }>(reply: FastifyReply, a: T): T {
  void reply.header('etag', `"v${a.version}"`);
  return a;
}

export function applicationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;
    const deps: service.ApplicationDeps = { db, identity: ctx.identity, calendar: ctx.calendar, timeZone: ctx.config.timeZone };

    // ---- applicants ----
    app.post('/applications', {
      config: { access: PERSON },
      schema: {
        tags: ['applications'],
        summary: 'Start an application (draft) for a published item',
        headers: idempotencyHeaders,
        body: z.object({ implementationCode: z.string().min(1).max(64), form, enterpriseId: z.uuid().optional() }),
      },
    }, async (request, reply) => {
      const accountId = actorOf(request).accountId;
      const prepared = await service.prepareDraft(deps, accountId, request.body);
      const outcome = await idempotent(db, `application.create:${accountId}`, request.headers['idempotency-key'] as string | undefined, request.body, async (tx) => ({
        status: 201,
        body: await service.createDraft(tx, deps, accountId, prepared),
      }));
      return reply.status(outcome.status).header('location', `/api/v1/applications/${outcome.body.id}`).header('etag', `"v${outcome.body.version}"`).send(outcome.body);
    });

    app.get('/applications', {
      config: { access: PERSON },
      schema: { tags: ['applications'], summary: 'My applications, newest first', querystring: pageQuerySchema },
    }, async (request) => service.listMine(db, actorOf(request).accountId, request.query));

    app.get('/applications/:id', {
      config: { access: PERSON },
      schema: { tags: ['applications'], summary: 'One of my applications, with its timeline and the actions open to me', params: idParams },
    }, async (request, reply) => withEtag(reply, await service.getMine(db, actorOf(request).accountId, request.params.id)));

    app.put('/applications/:id/form', {
      config: { access: PERSON },
      schema: { tags: ['applications'], summary: 'Replace the form data of a draft (If-Match: "v<version>")', params: idParams, body: z.object({ form }) },
    }, async (request, reply) =>
      withEtag(reply, await db.transaction((tx) => service.updateForm(tx, actorOf(request).accountId, request.params.id, request.body.form, expectedVersion(request.headers['if-match'])))));

    app.post('/applications/:id/actions', {
      config: { access: PERSON },
      schema: { tags: ['applications'], summary: 'Take an action: submit, supply_correction, supply_missing, withdraw', params: idParams, body: applicantAction },
    }, async (request, reply) => {
      const caller = { kind: 'applicant' as const, accountId: actorOf(request).accountId };
      const version = expectedVersion(request.headers['if-match']);
      return withEtag(reply, await db.transaction((tx) => service.act(tx, deps, caller, request.params.id, request.body, version)));
    });

    // ---- handling staff (workbench) ----
    app.get('/workbench/applications', {
      config: { access: HANDLING },
      schema: {
        tags: ['workbench'],
        summary: "The queue of the caller's organisations: green channel first, then by deadline",
        querystring: pageQuerySchema.extend({ status: z.enum(CASE_STATUSES).optional(), warning: z.enum(['green', 'yellow', 'red']).optional() }),
      },
    }, async (request) => service.queue(db, actorOf(request), request.query));

    app.get('/workbench/applications/:id', {
      config: { access: HANDLING },
      schema: { tags: ['workbench'], summary: 'An application of the caller’s organisation, applicant data masked', params: idParams },
    }, async (request, reply) => withEtag(reply, await service.getForStaff(deps, actorOf(request), request.params.id)));

    app.post('/workbench/applications/:id/actions', {
      config: { access: HANDLING },
      schema: { tags: ['workbench'], summary: 'Take a handling action (受理, 补正, 不予受理, 审查, 决定, 办结 …)', params: idParams, body: staffAction },
    }, async (request, reply) => {
      const caller = { kind: 'staff' as const, actor: actorOf(request) };
      const version = expectedVersion(request.headers['if-match']);
      return withEtag(reply, await db.transaction((tx) => service.act(tx, deps, caller, request.params.id, request.body, version)));
    });
  };
}
