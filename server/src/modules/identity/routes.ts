/** HTTP routes of unified identity: registration, login, sessions, the personal centre, staff. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  agentGrantSchema,
  idNumberSchema,
  personNameSchema,
  enterpriseBindSchema,
  mobileSchema,
  otpLoginSchema,
  otpRequestSchema,
  pageQuerySchema,
  passwordChangeSchema,
  passwordLoginSchema,
  passwordResetSchema,
  passwordSchema,
  registerSchema,
  roleGrantsSchema,
  secondFactorSchema,
  staffCreateSchema,
  staffLoginSchema,
} from '@onewindow/domain';
import type { AppContext } from '../../app.js';
import { actorOf, PERSON, PUBLIC, roles, SIGNED_IN } from '../../platform/auth.js';
import { OutboxSmsSender } from '../../platform/sms.js';
import { enforce } from '../../platform/throttle.js';
import * as service from './service.js';
import * as staff from './staff.js';
import * as enterprises from './enterprises.js';
import * as passkeys from './passkeys.js';

const idParams = z.object({ id: z.uuid() });
const agentParams = z.object({ id: z.uuid(), agentId: z.uuid() });
/** A WebAuthn credential response as the browser library serialises it (verified by @simplewebauthn/server). */
const credentialResponse = z.object({
  id: z.string().min(1).max(1400),
  rawId: z.string().min(1).max(1400),
  type: z.literal('public-key'),
  response: z.record(z.string(), z.unknown()),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
});
const STAFF_ADMINS = roles('platform_admin', 'org_admin');

export function setSessionCookie(ctx: AppContext, reply: FastifyReply, session: service.NewSession) {
  void reply.setCookie(service.SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.config.publicUrl.startsWith('https://'),
    maxAge: session.maxAgeSeconds,
  });
}

export function clearSessionCookie(ctx: AppContext, reply: FastifyReply) {
  void reply.clearCookie(service.SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: ctx.config.publicUrl.startsWith('https://') });
}

const client = (request: FastifyRequest) => ({ ip: request.ip, userAgent: request.headers['user-agent'] });

/** The answer to a login: the session cookie, or the second step. */
function loginAnswer(ctx: AppContext, reply: FastifyReply, result: service.LoginResult) {
  if (result.status === 'signed_in') {
    setSessionCookie(ctx, reply, result.session);
    return { status: 'signed_in' as const };
  }
  return result;
}

export function identityRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    const deps = ctx.identity;

    // ---------------- registration and login (public) ----------------
    app.post('/auth/otp', {
      config: { access: PUBLIC },
      schema: {
        tags: ['identity'],
        summary: 'Text a one-time code (registration, SMS login, password reset)',
        description: 'Answers the same whether or not the phone is registered; limited per phone and per IP.',
        body: otpRequestSchema,
      },
    }, async (request) => service.requestOtp(deps, request.body.purpose, request.body.phone, request.ip));

    app.post('/auth/register', {
      config: { access: PUBLIC },
      schema: {
        tags: ['identity'],
        summary: 'Register a natural person (level 2)',
        description: 'Name, ID number (GB 11643), phone verified by the code, password. Answers 202 whether or not an account was created; then sign in.',
        body: registerSchema,
      },
    }, async (request, reply) => reply.status(202).send(await service.register(deps, request.body, request.ip)));

    app.post('/auth/login', {
      config: { access: PUBLIC },
      schema: { tags: ['identity'], summary: 'Password login of a person (phone or ID number)', body: passwordLoginSchema },
    }, async (request, reply) => loginAnswer(ctx, reply, await service.passwordLogin(deps, 'person', request.body.identifier, request.body.password, client(request))));

    app.post('/auth/login/sms', {
      config: { access: PUBLIC },
      schema: { tags: ['identity'], summary: 'Login of a person by a texted code', body: otpLoginSchema },
    }, async (request, reply) => loginAnswer(ctx, reply, await service.smsLogin(deps, request.body.phone, request.body.challengeId, request.body.code, client(request))));

    app.post('/auth/login/second-factor', {
      config: { access: PUBLIC },
      schema: { tags: ['identity'], summary: 'Second step of a password login: the code texted to the account phone', body: secondFactorSchema },
    }, async (request, reply) => loginAnswer(ctx, reply, await service.completeSecondFactor(deps, request.body.challengeId, request.body.code, client(request))));

    app.post('/auth/login/second-factor/resend', {
      config: { access: PUBLIC },
      schema: { tags: ['identity'], summary: 'Text a new code for the second step of a password login (the old one stops working)', body: z.object({ challengeId: z.uuid() }) },
    }, async (request) => service.resendSecondFactor(deps, request.body.challengeId, request.ip));

    app.post('/auth/staff/login', {
      config: { access: PUBLIC },
      schema: { tags: ['identity'], summary: 'Password login of staff (user name)', body: staffLoginSchema },
    }, async (request, reply) => loginAnswer(ctx, reply, await service.passwordLogin(deps, 'staff', request.body.username, request.body.password, client(request))));

    app.post('/auth/password-reset', {
      config: { access: PUBLIC },
      schema: { tags: ['identity'], summary: 'Reset a forgotten password with a texted code; every session ends', body: passwordResetSchema },
    }, async (request, reply) => reply.status(202).send(await service.resetPassword(deps, request.body.phone, request.body.challengeId, request.body.code, request.body.newPassword, request.ip)));

    app.post('/auth/logout', {
      config: { access: PUBLIC },
      schema: { tags: ['identity'], summary: 'End this session' },
    }, async (request, reply) => {
      await service.logout(deps, request.cookies[service.SESSION_COOKIE]);
      clearSessionCookie(ctx, reply);
      return reply.status(204).send();
    });

    // ---------------- the signed-in account ----------------
    app.get('/me', {
      config: { access: SIGNED_IN, beforePasswordChange: true },
      schema: { tags: ['identity'], summary: 'The signed-in account (personal data masked)' },
    }, async (request) => service.me(deps, actorOf(request)));

    app.get('/me/sessions', {
      config: { access: SIGNED_IN, beforePasswordChange: true },
      schema: { tags: ['identity'], summary: 'Active sessions of the account' },
    }, async (request) => ({ items: await service.listSessions(deps.db, actorOf(request)) }));

    app.delete('/me/sessions/:id', {
      config: { access: SIGNED_IN, beforePasswordChange: true },
      schema: { tags: ['identity'], summary: 'End one session of the account', params: idParams },
    }, async (request, reply) => {
      await service.revokeSession(deps, actorOf(request), request.params.id);
      return reply.status(204).send();
    });

    app.post('/me/logout-all', {
      config: { access: SIGNED_IN, beforePasswordChange: true },
      schema: { tags: ['identity'], summary: 'End every session of the account, this one included' },
    }, async (request, reply) => {
      await service.revokeAllSessions(deps.db, actorOf(request).accountId);
      clearSessionCookie(ctx, reply);
      return reply.status(204).send();
    });

    app.post('/me/password', {
      config: { access: SIGNED_IN, beforePasswordChange: true },
      schema: { tags: ['identity'], summary: 'Change the password; other sessions end', body: passwordChangeSchema },
    }, async (request, reply) => {
      const session = await service.changePassword(deps, actorOf(request), request.body.currentPassword, request.body.newPassword, client(request));
      setSessionCookie(ctx, reply, session);
      return reply.status(204).send();
    });

    app.post('/me/identity-verification', {
      config: { access: PERSON },
      schema: {
        tags: ['identity'],
        summary: 'Raise the assurance level to 3: name and ID number checked against the population registry',
      },
    }, async (request) => service.verifyWithRegistry(deps, actorOf(request)));

    // ---------------- enterprises (法人) and their agents ----------------
    app.get('/me/enterprises', {
      config: { access: PERSON },
      schema: { tags: ['enterprises'], summary: 'Enterprises the person may act for (as legal representative or authorised agent)' },
    }, async (request) => ({ items: await enterprises.actableEnterprises(deps, actorOf(request).accountId) }));

    app.post('/me/enterprises', {
      config: { access: PERSON },
      schema: { tags: ['enterprises'], summary: 'Bind an enterprise as its legal representative (level 3; checked against the enterprise registry)', body: enterpriseBindSchema },
    }, async (request, reply) => reply.status(201).send(await enterprises.bindEnterprise(deps, ctx.registries, actorOf(request), request.body.uscc)));

    app.get('/me/enterprises/:id/agents', {
      config: { access: PERSON },
      schema: { tags: ['enterprises'], summary: 'Agents (经办人) the representative has authorised', params: idParams },
    }, async (request) => enterprises.listAgents(deps, actorOf(request), request.params.id));

    app.post('/me/enterprises/:id/agents', {
      config: { access: PERSON },
      schema: { tags: ['enterprises'], summary: 'Authorise an agent by name and ID number (effective when they sign in at level 3)', params: idParams, body: agentGrantSchema },
    }, async (request, reply) => reply.status(201).send(await enterprises.grantAgent(deps, actorOf(request), request.params.id, request.body)));

    app.delete('/me/enterprises/:id/agents/:agentId', {
      config: { access: PERSON },
      schema: { tags: ['enterprises'], summary: 'Revoke an agent authorisation', params: agentParams },
    }, async (request, reply) => {
      await enterprises.revokeAgent(deps, actorOf(request), request.params.id, request.params.agentId);
      return reply.status(204).send();
    });

    // ---------------- passkeys (WebAuthn) ----------------
    const rp = (request: FastifyRequest) => passkeys.relyingParty(deps, request.headers.origin);

    app.get('/me/passkeys', {
      config: { access: SIGNED_IN },
      schema: { tags: ['passkeys'], summary: 'Passkeys of the account' },
    }, async (request) => passkeys.listPasskeys(deps, actorOf(request)));

    app.post('/me/passkeys/options', {
      config: { access: SIGNED_IN },
      schema: { tags: ['passkeys'], summary: 'Options to create a passkey (navigator.credentials.create)' },
    }, async (request) => passkeys.registrationOptions(deps, actorOf(request), rp(request)));

    app.post('/me/passkeys', {
      config: { access: SIGNED_IN },
      schema: { tags: ['passkeys'], summary: 'Register the passkey the browser created', body: z.object({ challengeId: z.uuid(), label: z.string().trim().min(1).max(40), response: credentialResponse }) },
    }, async (request, reply) => reply.status(201).send(await passkeys.registerPasskey(deps, actorOf(request), rp(request), request.body as never)));

    app.delete('/me/passkeys/:id', {
      config: { access: SIGNED_IN },
      schema: { tags: ['passkeys'], summary: 'Delete a passkey', params: z.object({ id: z.string().min(1).max(1400) }) },
    }, async (request, reply) => {
      await passkeys.deletePasskey(deps, actorOf(request), request.params.id);
      return reply.status(204).send();
    });

    app.post('/auth/passkey/options', {
      config: { access: PUBLIC },
      schema: { tags: ['passkeys'], summary: 'Options to sign in with a passkey (navigator.credentials.get)' },
    }, async (request) => {
      await enforce(deps.db, [{ key: `login:ip:${request.ip}`, limit: service.LIMITS.loginPerIp }]);
      return passkeys.authenticationOptions(deps, rp(request));
    });

    app.post('/auth/passkey', {
      config: { access: PUBLIC },
      schema: { tags: ['passkeys'], summary: 'Sign in with a passkey', body: z.object({ challengeId: z.uuid(), response: credentialResponse }) },
    }, async (request, reply) => loginAnswer(ctx, reply, await passkeys.passkeyLogin(deps, rp(request), request.body as never, client(request))));

    // ---------------- service-hall window ----------------
    app.post('/workbench/identity-checks', {
      config: { access: roles('window_clerk') },
      schema: {
        tags: ['identity'],
        summary: 'Raise a person to level 5 after checking the ID card in person at the window (窗口现场核验)',
        body: z.object({ name: personNameSchema, idNumber: idNumberSchema, documentChecked: z.literal(true) }),
      },
    }, async (request) => {
      const { accountId: _id, ...checked } = await service.verifyAtCounter(deps, actorOf(request), request.body);
      return checked;
    });

    // ---------------- staff administration ----------------
    app.get('/admin/staff', {
      config: { access: STAFF_ADMINS },
      schema: { tags: ['staff admin'], summary: 'Staff the caller may administer', querystring: pageQuerySchema.extend({ q: z.string().trim().min(1).max(32).optional() }) },
    }, async (request) => staff.listStaff(deps, actorOf(request), request.query));

    app.post('/admin/staff', {
      config: { access: STAFF_ADMINS },
      schema: { tags: ['staff admin'], summary: 'Create a staff account with roles (initial password, changed at first login)', body: staffCreateSchema },
    }, async (request, reply) => reply.status(201).send(await staff.createStaff(deps, actorOf(request), request.body)));

    app.get('/admin/staff/:id', {
      config: { access: STAFF_ADMINS },
      schema: { tags: ['staff admin'], summary: 'One staff account', params: idParams },
    }, async (request) => staff.getStaff(deps, actorOf(request), request.params.id));

    app.put('/admin/staff/:id/roles', {
      config: { access: STAFF_ADMINS },
      schema: { tags: ['staff admin'], summary: 'Replace the roles of a staff account (its sessions end)', params: idParams, body: z.object({ roles: roleGrantsSchema }) },
    }, async (request) => staff.setStaffRoles(deps, actorOf(request), request.params.id, request.body.roles));

    app.post('/admin/staff/:id/status', {
      config: { access: STAFF_ADMINS },
      schema: { tags: ['staff admin'], summary: 'Disable or enable a staff account', params: idParams, body: z.object({ status: z.enum(['active', 'disabled']) }) },
    }, async (request) => staff.setStaffStatus(deps, actorOf(request), request.params.id, request.body.status));

    app.post('/admin/staff/:id/password', {
      config: { access: STAFF_ADMINS },
      schema: { tags: ['staff admin'], summary: 'Set a new initial password (changed at next login; sessions end)', params: idParams, body: z.object({ password: passwordSchema }) },
    }, async (request) => staff.resetStaffPassword(deps, actorOf(request), request.params.id, request.body.password));

    // ---------------- development only ----------------
    if (ctx.config.mode === 'development' && deps.sms instanceof OutboxSmsSender) {
      const outbox = deps.sms;
      app.get('/dev/sms', {
        config: { access: PUBLIC },
        schema: { tags: ['development'], summary: 'Text messages the development sender kept for a phone (development mode only)', querystring: z.object({ phone: mobileSchema }) },
      }, async (request) => ({ items: await outbox.latest(deps.db, request.query.phone) }));
    }
  };
}
