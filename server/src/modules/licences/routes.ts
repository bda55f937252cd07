/**
 * HTTP routes of electronic licences: public verification and published keys; organisation keys
 * (administrators); the issuing API of existing registers and status changes (approvers).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkLicenceIdentifier, LICENCE_VERIFICATION_RESULTS, licenceDocumentSchema, licenceIssueSchema } from '@onewindow/domain';
import type { AppContext } from '../../app.js';
import { ConfigError } from '../../config.js';
import { ProblemError, validationProblem } from '../../platform/errors.js';
import { actorOf, PERSON, PUBLIC, roles } from '../../platform/auth.js';
import { fontAvailable, LicenceFontMissing } from './pdf.js';
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
    const walletDeps: service.WalletDeps = { ...deps, identity: ctx.identity };
    const pdfOptions: service.PdfOptions = { publicUrl: ctx.config.publicUrl, fontPath: ctx.config.licenceFont, nodeName: ctx.config.nodeName };

    // licence PDFs need a CJK font: a production node does not start without it
    if (!fontAvailable(ctx.config.licenceFont)) {
      const message = `LICENCE_FONT ${ctx.config.licenceFont} is not readable: licence PDFs need a CJK TrueType/OpenType font (Debian: apt-get install fonts-noto-cjk)`;
      if (ctx.config.mode === 'production') throw new ConfigError(message);
      app.log.warn(`${message}; PDF downloads answer 503 until it is installed`);
    }

    // uploaded licence PDFs (POST /licences/verify/pdf): the raw bytes
    app.addContentTypeParser('application/pdf', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

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

    app.post('/licences/verify/pdf', {
      config: { access: PUBLIC },
      schema: {
        tags: ['licences'],
        summary: 'Verify a licence PDF as downloaded from the wallet (Content-Type: application/pdf): the signed document embedded in it is verified like POST /licences/verify; a PDF without one answers not-found',
        response: { 200: verification },
      },
    }, async (request) => {
      if (!Buffer.isBuffer(request.body)) throw new ProblemError(415, 'unsupported-media-type', 'problem.unsupportedMediaType');
      return service.verifyPdf(db, deps, request.body);
    });

    app.get('/licences/keys', {
      config: { access: PUBLIC },
      schema: {
        tags: ['licences'],
        summary: 'The published SM2 keys of issuing organisations, with their status (active, retired, revoked)',
        querystring: z.object({ organisationId: z.uuid().optional() }),
      },
    }, async (request) => ({ items: await service.publishedKeys(db, request.query.organisationId) }));

    app.get('/licences/types', {
      config: { access: PUBLIC },
      schema: {
        tags: ['licences'],
        summary: 'The licence types (电子证照类型) of this node: code, name, defining ministry, default validity and the labelled fields of their 照面信息',
      },
    }, async () => ({
      items: (await service.listTypes(db)).map((t) => ({ code: t.code, name: t.name, definingMinistry: t.definingMinistry, validityYears: t.validityYears, fields: t.fields })),
    }));

    // ---- holders: the wallet (我的证照), downloads and authorisations of use ----
    const authorisationParams = identifierParams.extend({ id: z.uuid() });

    app.get('/me/licences', {
      config: { access: PERSON },
      schema: {
        tags: ['licences'],
        summary: "The signed-in person's licences (by their ID number, from level 3) and those of the enterprises they may act for",
      },
    }, async (request) => service.wallet(walletDeps, actorOf(request)));

    app.get('/me/licences/:identifier/document', {
      config: { access: PERSON },
      schema: {
        tags: ['licences'],
        summary: 'The signed licence document {payload, signature, keyId} of a licence of the wallet (verifiable with POST /licences/verify)',
        params: identifierParams,
      },
    }, async (request, reply) => {
      const doc = await service.heldDocument(walletDeps, actorOf(request), identifierOf(request.params.identifier));
      return reply.header('content-disposition', `attachment; filename="licence-${doc.payload.number}.json"`).header('cache-control', 'no-store').send(doc);
    });

    app.get('/me/licences/:identifier/pdf', {
      config: { access: PERSON },
      schema: {
        tags: ['licences'],
        summary: 'The licence as a PDF (fields, e-seal, QR code of the verification page; the signed document embedded)',
        params: identifierParams,
      },
    }, async (request, reply) => {
      try {
        const { pdf, number, name } = await service.heldPdf(walletDeps, actorOf(request), identifierOf(request.params.identifier), pdfOptions);
        const filename = `${name}-${number}.pdf`;
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="licence-${number.replace(/[^\w.-]/g, '_')}.pdf"; filename*=UTF-8''${encodeURIComponent(filename)}`)
          .header('cache-control', 'no-store')
          .send(pdf);
      } catch (e) {
        if (e instanceof LicenceFontMissing) throw new ProblemError(503, 'licence-font-missing', 'problem.licenceFontMissing');
        throw e;
      }
    });

    app.get('/me/licences/:identifier/authorisations', {
      config: { access: PERSON },
      schema: { tags: ['licences'], summary: 'The authorisations of use of a licence of the wallet (active, expired, revoked)', params: identifierParams },
    }, async (request) => ({ items: await service.listAuthorisations(walletDeps, actorOf(request), identifierOf(request.params.identifier)) }));

    app.post('/me/licences/:identifier/authorisations', {
      config: { access: PERSON },
      schema: {
        tags: ['licences'],
        summary: 'Authorise an application of your own or an organisation to use a valid licence for a purpose until a day (audited)',
        params: identifierParams,
        body: service.authorisationInputSchema,
      },
    }, async (request, reply) => {
      const identifier = identifierOf(request.params.identifier);
      const created = await db.transaction((tx) => service.grantAuthorisation(tx, walletDeps, actorOf(request), identifier, request.body));
      return reply.status(201).send(created);
    });

    app.post('/me/licences/:identifier/authorisations/:id/revoke', {
      config: { access: PERSON },
      schema: { tags: ['licences'], summary: 'Revoke an authorisation of use (audited)', params: authorisationParams },
    }, async (request) => {
      const identifier = identifierOf(request.params.identifier);
      return db.transaction((tx) => service.revokeAuthorisation(tx, walletDeps, actorOf(request), identifier, request.params.id));
    });

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

    app.get('/workbench/licences', {
      config: { access: APPROVER },
      schema: {
        tags: ['licences'],
        summary: "The licences of the approver's organisations (newest first): filters by status, type, identifier, number or holder; with the types among them",
        querystring: service.issuedListQuerySchema,
      },
    }, async (request) => service.listIssued(db, deps, actorOf(request), request.query));

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
