/**
 * HTTP of the data-exchange gateway (数据共享交换):
 * - consuming systems: `POST /exchange/token` (OAuth 2.0 client credentials; JSON or form body,
 *   or HTTP Basic) and `POST /exchange/query` (bearer token);
 * - management: credentials (the organisation's administrator or a platform administrator),
 *   adapters (the provider's administrator or data steward), the log (auditors of the region).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resourceCodeSchema } from '@onewindow/domain';
import type { AppContext } from '../../app.js';
import { actorOf, PUBLIC, roles, type Access } from '../../platform/auth.js';
import { ProblemError } from '../../platform/errors.js';
import * as service from './service.js';

const TAGS = ['exchange'];
const EXCHANGE: Access = { bearer: 'exchange' };
const MANAGERS = roles('org_admin', 'platform_admin');
const STEWARDS = roles('org_admin', 'data_steward');
const AUDITORS = roles('auditor');

const clientParams = z.object({ clientId: z.string().min(1).max(64) });
const codeParams = z.object({ code: resourceCodeSchema });

const tokenBody = z.object({
  grant_type: z.literal('client_credentials'),
  client_id: z.string().min(1).max(64).optional(),
  client_secret: z.string().min(1).max(256).optional(),
});

const keySchema = z
  .object({ idNumber: z.string().min(1).max(32).optional(), uscc: z.string().min(1).max(32).optional() })
  .catchall(z.string().min(1).max(128))
  .refine((k) => Object.keys(k).length > 0, { message: 'required' });

const queryBody = z.object({
  resourceCode: resourceCodeSchema,
  purpose: z.string().trim().min(1).max(200),
  fields: z.array(z.string().min(1).max(64)).min(1).max(100),
  key: keySchema,
});

const logQuery = z.object({
  resourceCode: z.string().max(64).optional(),
  consumerOrgId: z.uuid().optional(),
  outcome: z.string().max(40).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** client id and secret from HTTP Basic (RFC 6749 §2.3.1: form-urlencoded inside) */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
}

export function exchangeDeps(ctx: AppContext): service.ExchangeDeps {
  return { db: ctx.database.db, identity: ctx.identity, timeZone: ctx.config.timeZone, tokenSeconds: service.DEFAULT_TOKEN_SECONDS, remoteTimeoutMs: service.REMOTE_TIMEOUT_MS };
}

export function exchangeRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const deps = exchangeDeps(ctx);
    const { db } = deps;
    // the token endpoint takes OAuth's form encoding as well as JSON (this plugin only)
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    app.post('/exchange/token', {
      config: { access: PUBLIC },
      schema: {
        tags: TAGS,
        summary: 'A bearer token for a consuming system (OAuth 2.0 client credentials)',
        description: 'Client id and secret in HTTP Basic or in the body (client_secret_post). Answers { access_token, token_type: "Bearer", expires_in }; 401 invalid-client.',
        body: tokenBody,
      },
    }, async (request, reply) => {
      const basic = basicCredentials(request.headers.authorization);
      const id = basic?.id ?? request.body.client_id;
      const secret = basic?.secret ?? request.body.client_secret;
      if (!id || !secret) throw new ProblemError(401, 'invalid-client', 'problem.invalidClient', [], undefined, { error: 'invalid_client' });
      const token = await service.issueToken(deps, id, secret);
      return reply.header('cache-control', 'no-store').send(token);
    });

    // the bearer token is checked before the body is read, so an unauthenticated caller learns nothing
    const consumers = new WeakMap<FastifyRequest, service.Consumer>();
    app.post('/exchange/query', {
      config: { access: EXCHANGE },
      onRequest: async (request) => {
        const m = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '');
        if (!m) throw service.invalidToken();
        consumers.set(request, await service.consumerOfToken(db, m[1]!));
      },
      schema: {
        tags: TAGS,
        summary: 'Query a shared resource for the token’s organisation',
        description: 'Checked against the sharing grants; answers only the requested fields (all within the grant). 403 exchange-refused with `reason` (no-grant, expired, revoked, fields-outside-grant, purpose-mismatch). Every call is logged.',
        body: queryBody,
      },
    }, async (request, reply) => {
      const consumer = consumers.get(request);
      if (!consumer) throw service.invalidToken();
      const { exchangeId, body } = await service.query(deps, consumer, request.body as service.QueryInput);
      return reply.header('content-type', 'application/json; charset=utf-8').header('x-exchange-id', exchangeId).header('cache-control', 'no-store').serializer((p: unknown) => p as string).send(body);
    });

    // ---- credentials
    app.get('/exchange/credentials', {
      config: { access: MANAGERS },
      schema: { tags: TAGS, summary: 'Consuming systems (credentials) of an organisation', querystring: z.object({ organisationId: z.uuid() }) },
    }, async (request) => service.listCredentials(db, actorOf(request), request.query.organisationId));

    app.post('/exchange/credentials', {
      config: { access: MANAGERS },
      schema: {
        tags: TAGS,
        summary: 'Register a consuming system of an organisation',
        description: 'Answers 201 with the client id and secret; the secret is shown this once only.',
        body: z.object({ organisationId: z.uuid(), name: z.string().trim().min(1).max(100) }),
      },
    }, async (request, reply) => reply.status(201).header('cache-control', 'no-store').send(await db.transaction((tx) => service.createCredential(tx, actorOf(request), request.body))));

    app.post('/exchange/credentials/:clientId/secret', {
      config: { access: MANAGERS },
      schema: { tags: TAGS, summary: 'Rotate the secret of a consuming system (answered this once; its tokens end)', params: clientParams },
    }, async (request, reply) => reply.header('cache-control', 'no-store').send(await db.transaction((tx) => service.rotateCredential(tx, actorOf(request), request.params.clientId))));

    app.post('/exchange/credentials/:clientId/revoke', {
      config: { access: MANAGERS },
      schema: { tags: TAGS, summary: 'Revoke a consuming system’s credentials and tokens', params: clientParams },
    }, async (request) => db.transaction((tx) => service.revokeCredential(tx, actorOf(request), request.params.clientId)));

    // ---- adapters
    app.put('/exchange/adapters/:code', {
      config: { access: STEWARDS },
      schema: {
        tags: TAGS,
        summary: 'How the gateway fetches a resource: the node’s population or enterprise registry, or the provider’s HTTP endpoint',
        params: codeParams,
        body: z.object({ kind: z.enum(service.ADAPTER_KINDS), url: z.url({ protocol: /^https?$/ }).optional() }),
      },
    }, async (request) => db.transaction((tx) => service.setAdapter(tx, actorOf(request), request.params.code, request.body)));

    app.get('/exchange/adapters/:code', {
      config: { access: STEWARDS },
      schema: { tags: TAGS, summary: 'How the gateway fetches a resource (its provider’s administrator or data steward): the adapter, or null when none is set', params: codeParams },
    }, async (request) => service.getAdapter(db, actorOf(request), request.params.code));

    // ---- the log
    app.get('/exchange/log/verification', {
      config: { access: AUDITORS },
      schema: {
        tags: TAGS,
        summary: 'Walks the SM3 chain of the whole exchange log (as verify-exchange-log does)',
        description: 'Answers { entries, brokenAt, checkedAt }: brokenAt is the sequence number of the first entry that does not follow from the one before (edited or deleted rows), null when the chain is intact.',
      },
    }, async (request) => service.verifyLogAsAuditor(db, actorOf(request)));

    app.get('/exchange/log', {
      config: { access: AUDITORS },
      schema: { tags: TAGS, summary: 'The exchange log (auditors: consumers or providers of their region)', querystring: logQuery },
    }, async (request) => service.listLog(db, deps, actorOf(request), request.query));
  };
}
