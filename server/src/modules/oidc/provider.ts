/**
 * The node's OpenID Provider (oidc-provider 9), issuer `${publicUrl}/oidc`: authorization code flow
 * only, PKCE (S256) for every client, userinfo, revocation and RP-initiated logout.
 *
 * Sign-in rides on the platform's own session: the provider's session is valid only while the
 * browser holds a platform session (`ow_session`) of the same account at the same assurance level,
 * and only when that level reaches what the client (`minimum_level`) and `acr_values` require.
 * Otherwise the user is sent to the web app's page `/sso/<uid>` (interaction), which signs in
 * with the platform's own login and confirms through the routes in routes.ts. A sign-out from a
 * relying party that ends the provider session everywhere ends the platform session too.
 */
import type { FastifyBaseLogger } from 'fastify';
import Provider, { interactionPolicy, type Client, type ErrorOut, type KoaContextWithOIDC } from 'oidc-provider';
import { acrForLevel, ASSURANCE_LEVELS, levelForAcr } from '@onewindow/domain';
import type { AppContext } from '../../app.js';
import type { Actor } from '../../platform/auth.js';
import { pickLocale, translate } from '../../platform/i18n.js';
import { logout, resolveSession, SESSION_COOKIE } from '../identity/service.js';
import { adapterFactory } from './adapter.js';
import { accountFinder, CLAIMS, grantSeconds, minimumLevelOf, requiredLevel, type OidcDeps } from './service.js';

/** Where the provider is mounted; its issuer is the public URL plus this path. */
export const OIDC_MOUNT = '/oidc';

/** The web app's sign-in page of an interaction (the `_interaction` cookie is scoped to it). */
export const interactionUrl = (uid: string) => `/sso/${uid}`;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: unknown) => String(text ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** A small page of the provider itself (errors, sign-out), in the language the browser asks for. */
function page(ctx: KoaContextWithOIDC, titleKey: string, body: (t: (key: string) => string) => string): void {
  const locale = pickLocale(ctx.get('accept-language') || undefined);
  const t = (key: string) => esc(translate(locale, key));
  ctx.type = 'html';
  ctx.body = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t(titleKey)}</title><style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f7fa;margin:0}main{max-width:28rem;margin:10vh auto;background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.1)}h1{font-size:1.3rem}button{font:inherit;padding:.5rem 1rem;margin:.25rem .5rem .25rem 0;border-radius:4px;border:1px solid #1677ff;background:#fff;color:#1677ff;cursor:pointer}button.primary{background:#1677ff;color:#fff}code{color:#888}</style></head><body><main><h1>${t(titleKey)}</h1>${body(t)}</main></body></html>`;
}

/** The platform session of the request (resolved once per request). */
function platformActor(ctx: AppContext, c: KoaContextWithOIDC): Promise<Actor | undefined> {
  const cached = c.state.platformActor as Promise<Actor | undefined> | undefined;
  if (cached) return cached;
  const token = c.cookies.get(SESSION_COOKIE, { signed: false });
  const actor = token ? resolveSession(ctx.identity, token) : Promise.resolve(undefined);
  c.state.platformActor = actor;
  return actor;
}

export function createProvider(ctx: AppContext, log: FastifyBaseLogger): Provider {
  const { config, secrets, identity } = ctx;
  const deps: OidcDeps = { db: ctx.database.db, config, keyring: secrets.keyring, identity };
  const prefix = config.acrPrefix;
  const sessionSeconds = grantSeconds(config);

  const needed = (c: KoaContextWithOIDC) => (c.oidc.client ? requiredLevel(minimumLevelOf(c.oidc.client), c.oidc.params?.acr_values, prefix) : 2);
  const { Check } = interactionPolicy;
  const policy = interactionPolicy.base();
  const login = policy.get('login')!;
  login.checks.add(
    new Check('platform_session', 'End-User has no platform session, or one of another account or level', async (c) => {
      const actor = await platformActor(ctx, c);
      const session = c.oidc.session;
      return !actor || actor.accountId !== session?.accountId || acrForLevel(actor.level, prefix) !== session?.acr;
    }),
  );
  login.checks.add(
    new Check(
      'level_required',
      'the assurance level is below what the client or acr_values require',
      (c) => (levelForAcr(c.oidc.session?.acr ?? '', prefix) ?? 0) < needed(c),
      (c) => ({ requiredLevel: needed(c) }),
    ),
  );

  const provider = new Provider(`${config.publicUrl}${OIDC_MOUNT}`, {
    adapter: adapterFactory(deps.db, deps.keyring),
    jwks: { keys: secrets.oidcJwks },
    cookies: {
      keys: secrets.cookieKeys,
      names: { session: 'ow_op_session', interaction: 'ow_op_interaction', resume: 'ow_op_resume' },
      long: { signed: true, httpOnly: true, sameSite: 'lax' },
      short: { signed: true, httpOnly: true, sameSite: 'lax' },
    },
    findAccount: accountFinder(deps),
    claims: CLAIMS,
    scopes: ['openid'],
    acrValues: ASSURANCE_LEVELS.map((l) => acrForLevel(l.level, prefix)),
    responseTypes: ['code'],
    subjectTypes: ['public'],
    pkce: { required: () => true },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
    clientDefaults: { grant_types: ['authorization_code'], response_types: ['code'], id_token_signed_response_alg: 'RS256', token_endpoint_auth_method: 'client_secret_basic' },
    enabledJWA: { idTokenSigningAlgValues: ['RS256'] },
    extraClientMetadata: {
      properties: ['minimum_level'],
      validator(_c: unknown, key: string, value: unknown) {
        if (key === 'minimum_level' && !(Number.isInteger(value) && (value as number) >= 2 && (value as number) <= 5)) {
          throw new Error('minimum_level must be an assurance level (2–5)');
        }
      },
    },
    interactions: { policy, url: (_c: KoaContextWithOIDC, interaction: { uid: string }) => interactionUrl(interaction.uid) },
    ttl: {
      AccessToken: 30 * 60,
      AuthorizationCode: 60,
      IdToken: 10 * 60,
      Interaction: 30 * 60,
      Grant: sessionSeconds,
      Session: sessionSeconds,
    },
    discovery: { claim_types_supported: ['normal'], ui_locales_supported: ['zh-CN', 'en'] },
    // a browser-based relying party may call userinfo (and a public one the token endpoint) from its own origins
    clientBasedCORS: (c: KoaContextWithOIDC, origin: string, client: Client) =>
      (c.oidc.route === 'userinfo' || client.clientAuthMethod === 'none') && client.redirectUris.some((uri) => new URL(uri).origin === origin),
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: { enabled: false },
      userinfo: { enabled: true },
      revocation: {
        enabled: true,
        allowedPolicy: async (_c: KoaContextWithOIDC, client: Client, token: { clientId?: string }) => token.clientId === client.clientId,
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (c: KoaContextWithOIDC, form: string) =>
          page(c, 'oidc.logout.title', (t) => `${form}<p>${t('oidc.logout.question')}${c.oidc.client ? ` <code>${esc(c.oidc.client.clientName ?? c.oidc.client.clientId)}</code>` : ''}</p><button class="primary" form="op.logoutForm" name="logout" value="yes" autofocus>${t('oidc.logout.everywhere')}</button><button form="op.logoutForm">${t('oidc.logout.thisOnly')}</button>`),
        postLogoutSuccessSource: async (c: KoaContextWithOIDC) => page(c, 'oidc.logout.done', (t) => `<p>${t('oidc.logout.doneDetail')}</p>`),
      },
    },
    renderError: async (c: KoaContextWithOIDC, out: ErrorOut) =>
      page(c, 'oidc.error.title', (t) => `<p>${t('oidc.error.detail')}</p><p><code>${esc(out.error)}${out.error_description ? `: ${esc(out.error_description)}` : ''}</code></p>`),
  });
  // the node runs behind TLS terminators (Fastify trusts X-Forwarded-* too)
  provider.proxy = true;

  // single sign-out: ending the provider session everywhere ends the platform session of that
  // account too (not when the provider logs out a previous account while another signs in)
  provider.use(async (c, next) => {
    await next();
    if (c.oidc?.route !== 'end_session_confirm' || !c.oidc.params?.logout || c.status !== 303) return;
    const token = c.cookies.get(SESSION_COOKIE, { signed: false });
    const accountId = c.oidc.session?.accountId;
    if (!token || !accountId) return;
    const actor = await resolveSession(identity, token);
    if (actor?.accountId !== accountId) return;
    await logout(identity, token);
    c.cookies.set(SESSION_COOKIE, null, { path: '/', httpOnly: true, sameSite: 'lax', signed: false, secure: c.secure });
  });

  provider.on('server_error', (_c: KoaContextWithOIDC, err: Error) => log.error({ err }, 'OpenID Provider error'));
  // Koa's own error event (its default listener would print to stderr)
  provider.on('error', (err: Error) => log.error({ err }, 'OpenID Provider error'));
  return provider;
}
