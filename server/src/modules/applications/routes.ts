/** HTTP routes of online applications: the applicant's (个人/法人办事) and the handling staff's workbench. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import { CASE_STATUSES, idNumberSchema, pageQuerySchema, personNameSchema, type CaseStatus } from '@onewindow/domain';
import type { AppContext } from '../../app.js';
import { actorOf, PERSON, roles, type Access } from '../../platform/auth.js';
import { idempotent } from '../../platform/idempotency.js';
import { uploadPolicy } from '../../platform/files.js';
import { expectedVersion, multipartFile, sendDownload, withEtag } from '../../platform/http.js';
import * as service from './service.js';
import * as supply from './supply.js';
import { notifyApplicant } from './notices.js';
import { DEFAULT_TOKEN_SECONDS, REMOTE_TIMEOUT_MS } from '../exchange/service.js';

const idParams = z.object({ id: z.uuid() });
const form = z.record(z.string().max(100), z.unknown());
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().max(128).optional() }).passthrough();
/** The action's type here; its fields are validated by the workflow engine with the domain's actionSchemas. */
const fileParams = z.object({ id: z.uuid(), fileId: z.uuid() });
const attachments = z.array(z.uuid()).max(50).optional().describe('files uploaded to this application by the caller, handed in with the action');
/** The action's type here; its fields are validated by the workflow engine with the domain's actionSchemas. */
const applicantAction = z
  .looseObject({ type: z.enum(service.APPLICANT_ACTIONS), attachments, commitmentSigned: z.boolean().optional().describe('on submit: the applicant signs the item’s 告知承诺') })
  .describe('one applicant action of the workflow (actionSchemas)');
const staffAction = z.looseObject({ type: z.enum(service.STAFF_ACTIONS), attachments }).describe('one staff action of the workflow (actionSchemas)');
const HANDLING = roles('window_clerk', 'reviewer', 'approver');
const CLERK = roles('window_clerk');
const queueQuery = pageQuerySchema.extend({
  status: z.enum(CASE_STATUSES.filter((s) => s !== 'draft') as [CaseStatus, ...CaseStatus[]]).optional(),
  warning: z.enum(['green', 'yellow', 'red']).optional(),
  item: z.string().max(64).optional().describe('implementation code'),
  claim: z.enum(['mine', 'unclaimed']).optional(),
  forMe: z.stringbool().optional().describe('only cases whose next step is one of my roles'),
});
const multipartFields = z.object({
  kind: z.enum(['material', 'result', 'attachment']).default('material'),
  materialCode: z.string().min(1).max(64).optional(),
});

export function applicationRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;
    const deps: service.ApplicationDeps = { db, identity: ctx.identity, calendar: ctx.calendar, timeZone: ctx.config.timeZone, notify: notifyApplicant };
    const policy = uploadPolicy(ctx.config);
    const fileDeps = { ...deps, files: ctx.files, policy };
    await app.register(fastifyMultipart, { limits: { fileSize: policy.maxBytes + 1, files: 1 } });
    const sendFile = async (reply: FastifyReply, caller: service.Caller, id: string, fileId: string) => {
      const { file, body } = await service.downloadFile(fileDeps, caller, id, fileId);
      return sendDownload(reply, file, body);
    };
    const applicant = (request: FastifyRequest): service.Caller => ({ kind: 'applicant', accountId: actorOf(request).accountId });
    const staff = (request: FastifyRequest): service.Caller => ({ kind: 'staff', actor: actorOf(request) });

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
      schema: {
        tags: ['applications'],
        summary: 'My applications, newest first (stage: draft, open = in handling, closed)',
        querystring: pageQuerySchema.extend({ stage: z.enum(service.STAGES).optional() }),
      },
    }, async (request) => service.listMine(db, actorOf(request).accountId, request.query));

    app.get('/applications/:id', {
      config: { access: PERSON },
      schema: { tags: ['applications'], summary: 'One of my applications, with its form, files, timeline and the actions open to me', params: idParams },
    }, async (request, reply) => withEtag(reply, await service.getMine(deps, actorOf(request).accountId, request.params.id)));

    app.put('/applications/:id/form', {
      config: { access: PERSON },
      schema: { tags: ['applications'], summary: 'Replace the form data of a draft (If-Match: "v<version>"); required fields may still be empty', params: idParams, body: z.object({ form }) },
    }, async (request, reply) => {
      await db.transaction((tx) => service.updateForm(tx, ctx.identity.keyring, applicant(request), request.params.id, request.body.form, expectedVersion(request.headers['if-match'])));
      return withEtag(reply, await service.getMine(deps, actorOf(request).accountId, request.params.id));
    });

    app.post('/applications/:id/actions', {
      config: { access: PERSON },
      schema: { tags: ['applications'], summary: 'Take an action: submit, supply_correction, supply_missing, withdraw', params: idParams, body: applicantAction },
    }, async (request, reply) => {
      const version = expectedVersion(request.headers['if-match']);
      await db.transaction((tx) => service.act(tx, deps, applicant(request), request.params.id, request.body, version));
      // the whole view (prefilled fields, files, timeline) as GET answers it
      return withEtag(reply, await service.getMine(deps, actorOf(request).accountId, request.params.id));
    });

    // ---- 免提交: materials from the applicant's licences and shared data, with consent ----
    const supplyDeps: supply.SupplyDeps = {
      db,
      identity: ctx.identity,
      timeZone: ctx.config.timeZone,
      exchange: { db, identity: ctx.identity, timeZone: ctx.config.timeZone, tokenSeconds: DEFAULT_TOKEN_SECONDS, remoteTimeoutMs: REMOTE_TIMEOUT_MS },
    };
    const supplyMaterial = z.string().min(1).max(64);

    app.get('/applications/:id/supply', {
      config: { access: PERSON },
      schema: {
        tags: ['applications'],
        summary: 'What the applicant’s own licences and shared government data can supply to the draft (免提交), and what they already did',
        params: idParams,
      },
    }, async (request) => {
      const row = await service.ownDraft(db, actorOf(request).accountId, request.params.id);
      return supply.planOf(supplyDeps, db, row);
    });

    app.post('/applications/:id/supply', {
      config: { access: PERSON },
      schema: {
        tags: ['applications'],
        summary: 'The applicant consents: supply the available materials (licence authorised for this application; shared records read through the gateway, logged) and prefill the shared-data fields still empty (If-Match: "v<version>")',
        params: idParams,
        body: z.object({
          materials: z.array(supplyMaterial).max(100).optional().describe('the materials to supply; absent: every available one'),
          prefill: z.boolean().default(true),
          consent: z.literal(true).describe('the applicant agrees that their licences and records are used for this application'),
        }),
      },
    }, async (request, reply) => {
      const accountId = actorOf(request).accountId;
      const outcome = await supply.supply(supplyDeps, actorOf(request), request.params.id, request.body, expectedVersion(request.headers['if-match']));
      return withEtag(reply, { ...(await service.getMine(deps, accountId, request.params.id)), supplyOutcome: outcome });
    });

    app.delete('/applications/:id/supplies/:material', {
      config: { access: PERSON },
      schema: {
        tags: ['applications'],
        summary: 'Withdraw a supplied material from the draft (the licence authorisation is revoked; the material is then uploaded instead)',
        params: idParams.extend({ material: supplyMaterial }),
      },
    }, async (request, reply) => {
      await db.transaction((tx) => supply.withdrawSupply(tx, supplyDeps, actorOf(request), request.params.id, request.params.material, expectedVersion(request.headers['if-match'])));
      return withEtag(reply, await service.getMine(deps, actorOf(request).accountId, request.params.id));
    });

    /** Upload, download and removal of an application's files, for one side (applicant or staff). */
    const fileRoutes = (base: string, access: Access, callerOf: (r: FastifyRequest) => service.Caller, tag: string, texts: { upload: string; download: string; remove: string }) => {
      app.post(`${base}/:id/files`, {
        config: { access },
        schema: { tags: [tag], summary: texts.upload, params: idParams, consumes: ['multipart/form-data'] },
      }, async (request, reply) => {
        const { fields, ...file } = await multipartFile(request, policy.maxBytes, multipartFields);
        return reply.status(201).send(await service.uploadFile(fileDeps, callerOf(request), request.params.id, { ...fields, ...file }));
      });
      app.get(`${base}/:id/files/:fileId`, {
        config: { access },
        schema: { tags: [tag], summary: texts.download, params: fileParams },
      }, async (request, reply) => sendFile(reply, callerOf(request), request.params.id, request.params.fileId));
      app.delete(`${base}/:id/files/:fileId`, {
        config: { access },
        schema: { tags: [tag], summary: texts.remove, params: fileParams },
      }, async (request, reply) => {
        await service.deleteFile(fileDeps, callerOf(request), request.params.id, request.params.fileId);
        return reply.status(204).send();
      });
    };
    fileRoutes('/applications', PERSON, applicant, 'applications', {
      upload: 'Upload a material (multipart/form-data: the field materialCode, then the file): PDF, JPEG or PNG, checked by content, within UPLOAD_MAX_BYTES',
      download: 'Download a material or result document of my application',
      remove: 'Remove a file I uploaded and have not handed in yet',
    });

    // ---- handling staff (workbench) ----
    app.get('/workbench/applications', {
      config: { access: HANDLING },
      schema: {
        tags: ['workbench'],
        summary: "The queue of the caller's organisations: green channel first, then by deadline",
        querystring: queueQuery,
      },
    }, async (request) => service.queue(db, actorOf(request), request.query));

    app.post('/workbench/applications', {
      config: { access: CLERK },
      schema: {
        tags: ['workbench'],
        summary: '综合窗口: start an application on behalf of the person at the counter (ID card checked in person: level 5)',
        headers: idempotencyHeaders,
        body: z.object({
          implementationCode: z.string().min(1).max(64),
          applicant: z.object({ name: personNameSchema, idNumber: idNumberSchema }),
          form,
          enterpriseId: z.uuid().optional(),
        }),
      },
    }, async (request, reply) => {
      const clerk = actorOf(request);
      const { accountId } = await service.checkAtCounter(deps, clerk, request.body.applicant);
      const prepared = await service.prepareDraft(deps, accountId, request.body, { clerkId: clerk.accountId });
      service.requireWindowClerk(clerk, prepared);
      const outcome = await idempotent(db, `application.window:${clerk.accountId}`, request.headers['idempotency-key'] as string | undefined, request.body, async (tx) => ({
        status: 201,
        body: await service.createDraft(tx, deps, accountId, prepared),
      }));
      return reply.status(outcome.status).header('location', `/api/v1/workbench/applications/${outcome.body.id}`).header('etag', `"v${outcome.body.version}"`).send(outcome.body);
    });

    app.put('/workbench/applications/:id/form', {
      config: { access: CLERK },
      schema: { tags: ['workbench'], summary: 'Replace the form data of a window draft the caller entered (If-Match)', params: idParams, body: z.object({ form }) },
    }, async (request, reply) => {
      await db.transaction((tx) => service.updateForm(tx, ctx.identity.keyring, staff(request), request.params.id, request.body.form, expectedVersion(request.headers['if-match'])));
      return withEtag(reply, await service.getForStaff(deps, actorOf(request), request.params.id));
    });

    fileRoutes('/workbench/applications', HANDLING, staff, 'workbench', {
      upload: 'Upload a file (multipart/form-data: kind, materialCode, file): materials of a window draft, result documents, attachments of an action',
      download: 'Download a file of an application of the caller’s organisation',
      remove: 'Remove a file the caller uploaded and has not handed in yet',
    });

    for (const [verb, take] of [['claim', true], ['release', false]] as const) {
      app.post(`/workbench/applications/:id/${verb}`, {
        config: { access: HANDLING },
        schema: { tags: ['workbench'], summary: take ? '认领: take the case (others cannot act on it until released)' : 'Release the case the caller claimed', params: idParams },
      }, async (request) => db.transaction((tx) => service.claim(tx, actorOf(request), request.params.id, take, expectedVersion(request.headers['if-match']))));
    }

    app.get('/workbench/supervision', {
      config: { access: roles('supervisor') },
      schema: {
        tags: ['workbench'],
        summary: '电子监察: the open cases with yellow or red cards in the supervisor’s regions, and the counts per organisation',
        querystring: pageQuerySchema.extend({ warning: z.enum(['yellow', 'red']).optional(), regionCode: z.string().regex(/^\d{6}$/).optional() }),
      },
    }, async (request) => service.supervision(db, actorOf(request), request.query));

    app.get('/workbench/applications/:id', {
      config: { access: HANDLING },
      schema: { tags: ['workbench'], summary: 'An application of the caller’s organisation, applicant data masked', params: idParams },
    }, async (request, reply) => withEtag(reply, await service.getForStaff(deps, actorOf(request), request.params.id)));

    app.post('/workbench/applications/:id/actions', {
      config: { access: HANDLING },
      schema: { tags: ['workbench'], summary: 'Take a handling action (受理, 补正, 不予受理, 审查, 特别程序, 延长, 决定, 办结 …); submit for a window draft', params: idParams, body: staffAction },
    }, async (request, reply) => {
      const version = expectedVersion(request.headers['if-match']);
      await db.transaction((tx) => service.act(tx, deps, staff(request), request.params.id, request.body, version));
      return withEtag(reply, await service.getForStaff(deps, actorOf(request), request.params.id));
    });
  };
}
