/**
 * buildApp(config): the Fastify app of one node with every module. Tests build it too.
 */
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import fastifyCookie from '@fastify/cookie';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { migrate, openDatabase, type Database } from './platform/db.js';
import { installErrorHandling, problemNotFound } from './platform/errors.js';
import { installAuthorization } from './platform/auth.js';
import { loadSecrets, type Secrets } from './platform/secrets.js';
import { loadCalendar } from './platform/calendar.js';
import { createFileStore, type FileStore } from './platform/files.js';
import type { WorkingCalendar } from '@onewindow/domain';
import { HttpSmsSender, OutboxSmsSender } from './platform/sms.js';
import { identityRoutes } from './modules/identity/routes.js';
import { LocalRegistries } from './modules/identity/registry.js';
import { resolveSession, SESSION_COOKIE, type IdentityDeps } from './modules/identity/service.js';
import { personalDataLogOptions } from './platform/personal-data.js';
import { catalogueRoutes } from './modules/catalogue/routes.js';
import { referenceRoutes } from './modules/reference/routes.js';
import { systemRoutes } from './modules/system/routes.js';
import { oidcAdminRoutes, oidcRoutes } from './modules/oidc/routes.js';
import { applicationRoutes } from './modules/applications/routes.js';
import { notificationRoutes } from './modules/notifications/routes.js';
import { licenceRoutes } from './modules/licences/routes.js';
import { sharingRoutes } from './modules/sharing/routes.js';
import { exchangeDeps, exchangeRoutes } from './modules/exchange/routes.js';
import { feedbackRoutes } from './modules/feedback/routes.js';
import { feedbackStatsRoutes } from './modules/feedback/stats-routes.js';
import { complaintRoutes } from './modules/complaints/routes.js';
import { GatewayPopulationRegistry } from './modules/exchange/service.js';

export interface AppContext {
  config: Config;
  database: Database;
  secrets: Secrets;
  identity: IdentityDeps;
  registries: LocalRegistries;
  /** official holidays and 调休 working days, with years added under DATA_DIR/calendars */
  calendar: WorkingCalendar;
  /** materials and results of applications: a local directory, or S3-compatible object storage */
  files: FileStore;
}

export interface BuiltApp {
  app: FastifyInstance;
  ctx: AppContext;
}

/** Log redaction: credentials and personal data never reach a log line. */
export const LOG_REDACT = ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'];

export async function buildApp(config: Config, opts: { database?: Database; secrets?: Secrets } = {}): Promise<BuiltApp> {
  const secrets = opts.secrets ?? (await loadSecrets(config));
  const database = opts.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  if (!opts.database) await migrate(database);

  const app = Fastify({
    // credentials removed, and ID numbers / phone numbers masked wherever they appear in a log line
    logger: { level: config.logLevel, ...personalDataLogOptions(LOG_REDACT) },
    bodyLimit: config.bodyLimit,
    trustProxy: true,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  // requests still running at close (a rolling restart under load) finish before the database goes.
  // A request ends when its connection has closed and its handler has replied: a client that hangs
  // up early does not stop the handler, which may still be using the database.
  let inFlight = 0;
  const pendingClose = new WeakSet<object>();
  app.addHook('onRequest', async (request, reply) => {
    inFlight++;
    reply.raw.once('close', () => {
      if (reply.sent) inFlight--;
      else pendingClose.add(request);
    });
  });
  app.addHook('onSend', async (request) => {
    if (pendingClose.delete(request)) inFlight--;
  });

  const registries = new LocalRegistries(secrets.indexKey);
  const identity: IdentityDeps = {
    db: database.db,
    config,
    keyring: secrets.keyring,
    indexKey: secrets.indexKey,
    sms: config.sms.sender === 'http' ? new HttpSmsSender(config.sms.url, config.sms.token) : new OutboxSmsSender(secrets.indexKey),
    population: registries,
  };
  // a malformed calendar file stops the node here, at start, rather than at the first deadline
  const calendar = loadCalendar(config.dataDir);
  const ctx: AppContext = { config, database, secrets, identity, registries, calendar, files: createFileStore(config) };
  // the population registry behind the exchange gateway (logged as exchanges of the node's own organisation)
  if (config.registryExchange) identity.population = new GatewayPopulationRegistry(exchangeDeps(ctx), config.registryExchange);

  await app.register(fastifyCookie);
  installAuthorization(app, {
    covered: (url) => url.startsWith('/api/v1/') || url.startsWith('/sso/'),
    allowedOrigins: [new URL(config.publicUrl).origin],
    resolve: async (request: FastifyRequest) => {
      const token = request.cookies[SESSION_COOKIE];
      return token ? resolveSession(identity, token) : undefined;
    },
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OneWindow API',
        description: 'OneWindow (一网通办) node API. Errors are RFC 9457 problem+json.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ow_session' },
          // consuming systems of the data-exchange gateway (POST /api/v1/exchange/token)
          exchangeToken: { type: 'http', scheme: 'bearer' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  await app.register(
    async (api) => {
      await api.register(systemRoutes(ctx));
      await api.register(referenceRoutes(ctx));
      await api.register(catalogueRoutes(ctx));
      await api.register(identityRoutes(ctx));
      await api.register(oidcAdminRoutes(ctx));
      await api.register(applicationRoutes(ctx));
      await api.register(notificationRoutes(ctx));
      await api.register(licenceRoutes(ctx));
      await api.register(sharingRoutes(ctx));
      await api.register(exchangeRoutes(ctx));
      await api.register(feedbackRoutes(ctx));
      await api.register(feedbackStatsRoutes(ctx));
      await api.register(complaintRoutes(ctx));
    },
    { prefix: '/api/v1' },
  );
  // the OpenID Provider (/oidc) and its sign-in page's API (/sso/:uid/…)
  await app.register(oidcRoutes(ctx));

  const webIndex = path.join(config.webDist, 'index.html');
  const hasWeb = fs.existsSync(webIndex);
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: config.webDist,
      index: false,
      // hashed build assets never change; everything else is revalidated
      setHeaders: (res, filePath) => {
        res.setHeader('cache-control', filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  if (hasWeb) {
    app.get('/', { schema: { hide: true } }, (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/') && (request.headers.accept ?? '').includes('text/html');
    if (hasWeb && wantsPage) {
      // the web app routes on the client
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return problemNotFound(request, reply);
  });

  app.addHook('onClose', async () => {
    const until = Date.now() + 10_000;
    while (inFlight > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    if (!opts.database) await database.close();
  });
  return { app, ctx };
}
