/**
 * HTTP routes of electronic licences: public verification and published keys; organisation keys
 * (administrators); the issuing API of existing registers and status changes (approvers).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkLicenceIdentifier, LICENCE_VERIFICATION_RESULTS, licenceDocumentSchema, licenceIssueSchema } from '@onewindow/domain';
import type { AppContext } from '../../app.js';
import { validationProblem } from '../../platform/errors.js';
import { actorOf, PUBLIC, roles } from '../../platform/auth.js';
import * as service from './service.js';

const KEY_ADMINS = roles('platform_admin', 'org_admin');
const APPROVER = roles('approver');
const reasonBody = z.object({ reason: z.string().trim().min(1).max(500) });
const identifierParams = z.object({ identifier: z.string().max(120) });
const verification = z.object({ result: z.enum(LICENCE_VERIFICATION_RESULTS), licence: z.looseObject({}).optional() });

function identifierOf(value: string): string {
  const problem = checkLicenceIdentifier(value);
  if (problem) throw validationProblem([{ pointer: '/params/identifier', code: problem.key }]);
  return value;
}

export function licenceRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const { db } = ctx.database;
    const deps: service.LicenceDeps = { db, keyring: ctx.secrets.keyring, indexKey: ctx.secrets.indexKey, timeZone: ctx.config.timeZone };

    // ---- public ----
    app.get('/licences/verify/:identifier', {
      config: { access: PUBLIC },
      schema: {
        tags: ['licences'],
        summary: 'Verify a licence of this node by its identifier: valid, revoked, suspended, expired, tampered, key-revoked, unknown-key or not-found (holder code masked)',
        params: identifierParams,
        response: { 200: verification },
      },
    }, async (request) => service.verifyIdentifier(db, deps, identifierOf(request.params.identifier)));

    app.post('/licences/verify', {
      config: { access: PUBLIC },
      schema: {
        tags: ['licences'],
        summary: 'Verify a downloaded licence document {payload, signature, keyId}: the SM2 signature over the canonical payload under the published key, then the register',
        body: licenceDocumentSchema,
        response: { 200: verification },
      },
    }, async (request) => service.verifyDocument(db, deps, request.body));

    app.get('/licences/keys', {
      config: { access: PUBLIC },
      schema: {
        tags: ['licences'],
        summary: 'The published SM2 keys of issuing organisations, with their status (active, retired, revoked)',
        querystring: z.object({ organisationId: z.uuid().optional() }),
      },
    }, async (request) => ({ items: await service.publishedKeys(db, request.query.organisationId) }));

    // ---- administrators: organisation keys ----
    app.post('/admin/organisations/:id/keys', {
      config: { access: KEY_ADMINS },
      schema: {
        tags: ['licences'],
        summary: "Generate the organisation's signing key, or rotate it (the previous key is retired and still verifies its licences)",
        params: z.object({ id: z.uuid() }),
      },
    }, async (request, reply) => {
      const key = await db.transaction((tx) => service.generateKeyAsStaff(tx, deps, actorOf(request), request.params.id));
      return reply.status(201).send(key);
    });

    app.post('/admin/organisation-keys/:keyId/revoke', {
      config: { access: KEY_ADMINS },
      schema: {
        tags: ['licences'],
        summary: 'Revoke a key: every licence signed with it then verifies as key-revoked',
        params: z.object({ keyId: z.uuid() }),
        body: reasonBody,
      },
    }, async (request) => db.transaction((tx) => service.revokeKey(tx, actorOf(request), request.params.keyId, request.body.reason)));

    // ---- approvers: issuing API and status changes ----
    app.post('/workbench/licences', {
      config: { access: APPROVER },
      schema: {
        tags: ['licences'],
        summary: 'Issue a licence of the organisation (issuing API for existing registers): signed with its active key; answers the licence and its document',
        body: licenceIssueSchema,
      },
    }, async (request, reply) => {
      const issued = await db.transaction((tx) => service.issueAsStaff(tx, deps, actorOf(request), request.body));
      return reply.status(201).header('location', `/api/v1/licences/verify/${issued.licence.identifier}`).send(issued);
    });

    for (const action of service.STATUS_ACTIONS) {
      app.post(`/workbench/licences/:identifier/${action}`, {
        config: { access: APPROVER },
        schema: {
          tags: ['licences'],
          summary: { revoke: 'Revoke a licence (final)', suspend: 'Suspend a valid licence', reinstate: 'Reinstate a suspended licence' }[action] + ', with the reason (audited)',
          params: identifierParams,
          body: reasonBody,
        },
      }, async (request) => {
        const identifier = identifierOf(request.params.identifier);
        return db.transaction((tx) => service.changeStatus(tx, deps, actorOf(request), identifier, action, request.body.reason));
      });
    }
  };
}
