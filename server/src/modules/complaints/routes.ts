/** HTTP routes of 投诉建议: the filer's (file, attach, read, rate the answer) and the workbench's (list, answer). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import { complaintAnswerSchema, complaintInputSchema, complaintListQuerySchema, complaintRatingSchema } from '@onewindow/domain';
import type { AppContext } from '../../app.js';
import { actorOf, PERSON, roles, SIGNED_IN } from '../../platform/auth.js';
import { uploadPolicy } from '../../platform/files.js';
import { expectedVersion, multipartFile, sendDownload, withEtag } from '../../platform/http.js';
import { idempotent } from '../../platform/idempotency.js';
import * as service from './service.js';

const TAGS = ['complaints'];
const idParams = z.object({ id: z.uuid() });
const fileParams = z.object({ id: z.uuid(), fileId: z.uuid() });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().max(128).optional() }).passthrough();
/** the organisation's 好差评专员 and administrator, and the supervisors of the region (scope checked by the service) */
const HANDLERS = roles('feedback_officer', 'org_admin', 'supervisor');

export function complaintRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;
    const policy = uploadPolicy(ctx.config);
    const deps: service.ComplaintDeps = {
      db,
      identity: ctx.identity,
      calendar: ctx.calendar,
      timeZone: ctx.config.timeZone,
      answerDays: ctx.config.complaintAnswerDays,
      nodeRegion: ctx.config.nodeRegion,
    };
    const fileDeps: service.ComplaintFileDeps = { ...deps, files: ctx.files, policy };
    await app.register(fastifyMultipart, { limits: { fileSize: policy.maxBytes + 1, files: 1 } });

    app.post('/complaints/files', {
      config: { access: PERSON },
      schema: {
        tags: TAGS,
        summary: 'Upload an attachment before filing (multipart/form-data, one file): PDF, JPEG or PNG, checked by content, within UPLOAD_MAX_BYTES',
        consumes: ['multipart/form-data'],
      },
    }, async (request, reply) => {
      const { filename, mimetype, stream } = await multipartFile(request, policy.maxBytes, z.object({}));
      return reply.status(201).send(await service.uploadFile(fileDeps, actorOf(request).accountId, { filename, mimetype, stream }));
    });

    app.post('/complaints', {
      config: { access: PERSON },
      schema: {
        tags: TAGS,
        summary: 'File a complaint or suggestion (routed to the responsible organisation, due in COMPLAINT_ANSWER_DAYS working days; 10 a day per account)',
        headers: idempotencyHeaders,
        body: complaintInputSchema,
      },
    }, async (request, reply) => {
      const accountId = actorOf(request).accountId;
      const outcome = await idempotent(db, `complaint.create:${accountId}`, request.headers['idempotency-key'] as string | undefined, request.body, async (tx) => ({
        status: 201,
        body: await service.fileComplaint(tx, deps, accountId, request.body),
      }));
      return reply.status(outcome.status).header('location', `/api/v1/complaints/${outcome.body.id}`).header('etag', `"v${outcome.body.version}"`).send(outcome.body);
    });

    app.get('/me/complaints', {
      config: { access: PERSON },
      schema: { tags: TAGS, summary: 'My complaints and suggestions, newest first' },
    }, async (request) => service.listMine(deps, actorOf(request).accountId));

    app.get('/complaints/:id', {
      config: { access: SIGNED_IN },
      schema: { tags: TAGS, summary: 'A complaint: for its filer, its organisation’s 好差评专员 or administrator, or a supervisor of its region', params: idParams },
    }, async (request, reply) => withEtag(reply, await service.getComplaint(deps, actorOf(request), request.params.id)));

    app.get('/complaints/:id/files/:fileId', {
      config: { access: SIGNED_IN },
      schema: { tags: TAGS, summary: 'Download an attachment of a complaint (the same people)', params: fileParams },
    }, async (request, reply) => {
      const { file, body } = await service.downloadFile(fileDeps, actorOf(request), request.params.id, request.params.fileId);
      return sendDownload(reply, file, body);
    });

    app.post('/complaints/:id/rating', {
      config: { access: PERSON },
      schema: { tags: TAGS, summary: 'The filer rates the answer (once, after it)', params: idParams, body: complaintRatingSchema },
    }, async (request, reply) =>
      withEtag(reply, await db.transaction((tx) => service.rateAnswer(tx, deps, actorOf(request).accountId, request.params.id, request.body))));

    app.get('/workbench/complaints', {
      config: { access: HANDLERS },
      schema: { tags: ['workbench'], summary: 'Complaints of the caller’s organisations and supervised regions: open first, earliest deadline first', querystring: complaintListQuerySchema },
    }, async (request) => service.listForStaff(deps, actorOf(request), request.query));

    app.post('/workbench/complaints/:id/answer', {
      config: { access: HANDLERS },
      schema: {
        tags: ['workbench'],
        summary: 'Answer a complaint (If-Match: "v<version>"): its organisation, or a supervisor of its region once escalated; the filer is told',
        params: idParams,
        body: complaintAnswerSchema,
      },
    }, async (request, reply) => {
      const version = expectedVersion(request.headers['if-match']);
      return withEtag(reply, await db.transaction((tx) => service.answerComplaint(tx, deps, actorOf(request), request.params.id, request.body, version)));
    });
  };
}
