/**
 * HTTP of the OpenID Provider:
 * - `oidcRoutes` (root): the provider itself under /oidc (the raw request handed to oidc-provider,
 *   body unread by Fastify), and the JSON API of the sign-in page under /sso/:uid/… (the
 *   provider's interaction cookie is scoped to /sso/<uid>);
 * - `oidcAdminRoutes` (under /api/v1): registration of relying parties by the platform administrator.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { oidcClientCreateSchema } from '@onewindow/domain';
import type { AppContext } from '../../app.js';
import { actorOf, PUBLIC, roles, SIGNED_IN } from '../../platform/auth.js';
import { createProvider, OIDC_MOUNT } from './provider.js';
import * as service from './service.js';

const PLATFORM = roles('platform_admin');
const clientParams = z.object({ clientId: z.string().min(1).max(64) });
const uidParams = z.object({ uid: z.string().min(1).max(64) });

const depsOf = (ctx: AppContext): service.OidcDeps => ({ db: ctx.database.db, config: ctx.config, keyring: ctx.secrets.keyring, identity: ctx.identity });

/** The provider under /oidc and the sign-in page's API under /sso/:uid. */
export function oidcRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const deps = depsOf(ctx);
    const provider = createProvider(ctx, app.log);
    const handle = provider.callback();

    await app.register(async (mount) => {
      // oidc-provider reads (and limits) request bodies itself: Fastify passes the stream through
      mount.removeAllContentTypeParsers();
      mount.addContentTypeParser('*', (_request, _payload, done) => done(null));
      const forward = async (request: FastifyRequest, reply: FastifyReply) => {
        reply.hijack();
        const raw = request.raw as IncomingMessage & { originalUrl?: string };
        const url = raw.url ?? '/';
        const rest = url.slice(OIDC_MOUNT.length);
        raw.originalUrl = url;
        raw.url = rest.startsWith('/') ? rest : `/${rest}`;
        await handle(raw, reply.raw);
      };
      // oidc-provider authenticates its clients itself; the platform session is not involved here
      mount.all(`${OIDC_MOUNT}/*`, { schema: { hide: true } }, forward);
    });

    const raw = (request: FastifyRequest, reply: FastifyReply): service.Raw => ({ req: request.raw, res: reply.raw });

    app.get('/sso/:uid/details', {
      config: { access: PUBLIC },
      schema: {
        tags: ['sso'],
        summary: 'The pending sign-in to another government system: who asks, for what, and who is signed in',
        description: 'Needs the interaction cookie the provider set for /sso/<uid>. `account` is null without a platform session; `requiredLevel` is the client minimum raised by acr_values.',
        params: uidParams,
      },
    }, async (request, reply) => {
      const answer = await service.interactionDetails(deps, provider, raw(request, reply), request.params.uid, request.actor);
      return reply.header('cache-control', 'no-store').send(answer);
    });

    app.post('/sso/:uid/confirm', {
      config: { access: SIGNED_IN },
      schema: {
        tags: ['sso'],
        summary: 'Sign in to the other system as the signed-in account (login and consent in one step)',
        description: 'Answers `{ redirectTo }`, where the browser goes next. 403 level-required (with requiredLevel) when the session level is too low; 401 reauthentication-required when the system asks for a fresher sign-in.',
        params: uidParams,
        body: z.object({ enterpriseId: z.uuid().optional() }).optional(),
      },
    }, async (request, reply) => service.confirmInteraction(deps, provider, raw(request, reply), request.params.uid, actorOf(request), request.body?.enterpriseId));

    app.post('/sso/:uid/abort', {
      config: { access: PUBLIC },
      schema: { tags: ['sso'], summary: 'Decline the sign-in; the other system gets error=access_denied', params: uidParams },
    }, async (request, reply) => service.abortInteraction(provider, raw(request, reply), request.params.uid));
  };
}

/** Registration of relying parties (platform administrator). */
export function oidcAdminRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const deps = depsOf(ctx);

    app.get('/admin/oidc-clients', {
      config: { access: PLATFORM },
      schema: { tags: ['sso admin'], summary: 'Relying parties registered with the OpenID Provider' },
    }, async () => service.listClients(deps.db));

    app.post('/admin/oidc-clients', {
      config: { access: PLATFORM },
      schema: {
        tags: ['sso admin'],
        summary: 'Register a relying party (another government system)',
        description: 'Answers 201 with the client id, and for confidential clients the secret: shown this once only.',
        body: oidcClientCreateSchema,
      },
    }, async (request, reply) => reply.status(201).send(await service.createClient(deps, actorOf(request), request.body)));

    app.get('/admin/oidc-clients/:clientId', {
      config: { access: PLATFORM },
      schema: { tags: ['sso admin'], summary: 'One relying party', params: clientParams },
    }, async (request) => service.getClient(deps.db, request.params.clientId));

    app.put('/admin/oidc-clients/:clientId', {
      config: { access: PLATFORM },
      schema: { tags: ['sso admin'], summary: 'Change a registration: name, redirect addresses, scopes, minimum level', params: clientParams, body: oidcClientCreateSchema.omit({ confidential: true }) },
    }, async (request) => service.updateClient(deps, actorOf(request), request.params.clientId, request.body));

    app.post('/admin/oidc-clients/:clientId/status', {
      config: { access: PLATFORM },
      schema: { tags: ['sso admin'], summary: 'Disable (refused at once) or enable a relying party', params: clientParams, body: z.object({ status: z.enum(['active', 'disabled']) }) },
    }, async (request) => service.setClientStatus(deps, actorOf(request), request.params.clientId, request.body.status));

    app.post('/admin/oidc-clients/:clientId/secret', {
      config: { access: PLATFORM },
      schema: { tags: ['sso admin'], summary: 'Rotate the secret of a confidential relying party (answered this once only)', params: clientParams },
    }, async (request) => service.rotateClientSecret(deps, actorOf(request), request.params.clientId));
  };
}
