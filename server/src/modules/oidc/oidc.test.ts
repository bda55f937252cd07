/**
 * The OpenID Provider end to end, over real HTTP: a relying party registered through the admin API
 * signs citizens in with openid-client (discovery, PKCE S256, code exchange, ID token validation,
 * userinfo), the browser's redirects followed by hand with its cookies, the sign-in page's API
 * (/sso/:uid/…) called as the web app calls it. Also the refusals: assurance level below the
 * client's minimum or acr_values, disabled client, missing PKCE, wrong or rotated secret.
 *
 * The issuer must be the address the test listens on, so a free port is chosen first and the app
 * is built with that public URL, then listens on it.
 */
import net from 'node:net';
import { and, eq } from 'drizzle-orm';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, engine, sessionOf, type TestApp } from '../../test/harness.js';
import { seed } from '../../seed/seed.js';
import { demoIdNumber } from '../../seed/demo-identity.js';
import { auditLog } from '../../platform/schema.js';

let t: TestApp;
let base: string;
const RP = 'https://rp.example.gov.cn';
const CALLBACK = `${RP}/callback`;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A browser: cookies kept by name (paths ignored), redirects not followed. */
class Browser {
  readonly jar = new Map<string, string>();
  constructor(cookie?: string) {
    if (cookie) for (const pair of cookie.split('; ')) this.keep(pair, []);
  }

  private keep(pair: string, attributes: string[]) {
    const i = pair.indexOf('=');
    const name = pair.slice(0, i).trim();
    const value = pair.slice(i + 1).trim();
    const expired = attributes.some((a) => /^expires=/i.test(a) && Date.parse(a.slice(8)) < Date.now()) || attributes.some((a) => /^max-age=0$/i.test(a));
    if (expired || value === '') this.jar.delete(name);
    else this.jar.set(name, value);
  }

  async fetch(url: string | URL, init: { method?: string; json?: unknown; form?: Record<string, string> } = {}): Promise<Response> {
    const headers: Record<string, string> = { cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ') };
    let body: string | undefined;
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(new URL(url, base), { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      this.keep(pair!, attributes);
    }
    return res;
  }

  /** Follows redirects until the browser would leave for the relying party. */
  async follow(url: string): Promise<string> {
    let next = url;
    for (let i = 0; i < 5; i++) {
      if (next.startsWith(RP)) return next;
      const res = await this.fetch(next);
      const location = res.headers.get('location');
      if (!location) throw new Error(`no redirect from ${next}: ${res.status} ${(await res.text()).slice(0, 300)}`);
      next = new URL(location, base).href;
    }
    throw new Error('too many redirects');
  }
}

interface Registered {
  clientId: string;
  clientSecret: string;
}

async function register(input: Record<string, unknown>): Promise<Registered> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/admin/oidc-clients', headers: ADMIN, payload: { name: '浙江省不动产登记系统', redirectUris: [CALLBACK], postLogoutRedirectUris: [`${RP}/bye`], ...input } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const insecure = { execute: [oidc.allowInsecureRequests] };
const relyingParty = (c: Registered, secret = c.clientSecret) => oidc.discovery(new URL(`${base}/oidc`), c.clientId, undefined, oidc.ClientSecretBasic(secret), insecure);

/** Starts a sign-in at the relying party: the browser lands on the sign-in page /sso/<uid>. */
async function start(browser: Browser, config: oidc.Configuration, params: Record<string, string> = {}) {
  const pkceCodeVerifier = oidc.randomPKCECodeVerifier();
  const expectedState = oidc.randomState();
  const expectedNonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: 'openid profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(pkceCodeVerifier),
    code_challenge_method: 'S256',
    state: expectedState,
    nonce: expectedNonce,
    ...params,
  });
  const res = await browser.fetch(url);
  const location = res.headers.get('location') ?? '';
  return { res, location, uid: /^\/sso\/([^/?#]+)$/.exec(location)?.[1], checks: { pkceCodeVerifier, expectedState, expectedNonce, idTokenExpected: true } };
}

/** The OAuth error of a refused call (from the body, or the WWW-Authenticate challenge of a 401). */
async function oauthError(call: Promise<unknown>): Promise<string | undefined> {
  const error = (await call.then(() => undefined, (e: unknown) => e)) as { error?: string; cause?: { parameters?: { error?: string } }[] } | undefined;
  return error?.error ?? error?.cause?.[0]?.parameters?.error;
}

async function details(browser: Browser, uid: string) {
  const res = await browser.fetch(`/sso/${uid}/details`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function confirm(browser: Browser, uid: string, json: unknown = {}) {
  const res = await browser.fetch(`/sso/${uid}/confirm`, { json });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A person registered through the API (texted code from the development outbox), then signed in. */
async function registeredPerson(phone: string, idNumber: string): Promise<string> {
  const password = 'Shui-Tian@2026';
  const otp = await t.app.inject({ method: 'POST', url: '/api/v1/auth/otp', payload: { purpose: 'register', phone } });
  const { challengeId } = otp.json() as { challengeId: string };
  const sms = (await t.app.inject({ url: `/api/v1/dev/sms?phone=${phone}` })).json() as { items: { body: string }[] };
  const code = /\d{6}/.exec(sms.items[0]!.body)![0];
  const reg = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { name: '林晓', idNumber, phone, password, challengeId, code } });
  expect(reg.statusCode, reg.body).toBe(202);
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { identifier: phone, password } });
  expect(login.statusCode, login.body).toBe(200);
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  expect(cookie).toMatch(/^ow_session=/);
  return cookie;
}

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  t = await createTestApp({ publicUrl: base });
  await t.app.listen({ port, host: '127.0.0.1' });
  await seed(t.ctx.database.db, { demo: false });
}, 120_000);
afterAll(async () => t?.close());

describe(`OpenID Provider on ${engine}`, () => {
  let main: Registered;
  let mainConfig: oidc.Configuration;
  let citizen: { cookie: string; accountId: string };
  let accessToken = '';

  beforeAll(async () => {
    main = await register({ scopes: ['profile', 'phone'], minimumLevel: 2 });
    mainConfig = await relyingParty(main);
    citizen = await sessionOf(t, { kind: 'person', level: 3 });
  });

  it('publishes its configuration: code flow with S256 only, levels 2–5 as acr values, the custom claims', async () => {
    const metadata = mainConfig.serverMetadata();
    expect(metadata.issuer).toBe(`${base}/oidc`);
    expect(metadata.response_types_supported).toEqual(['code']);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    expect(metadata.acr_values_supported).toEqual([2, 3, 4, 5].map((l) => `urn:onewindow:loa:${l}`));
    expect(metadata.claims_supported).toEqual(expect.arrayContaining(['sub', 'sub_type', 'acr', 'name', 'phone_number', 'id_number', 'enterprise']));
    expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'phone', 'id_card', 'enterprise']));
    expect(metadata.end_session_endpoint).toBe(`${base}/oidc/session/end`);
    expect(metadata.revocation_endpoint).toBeDefined();
  });

  it('records the registration of a relying party in the audit log, and never answers the secret again', async () => {
    const [entry] = await t.ctx.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'oidc.client.create'), eq(auditLog.entityId, main.clientId)));
    expect(entry).toMatchObject({ entityType: 'oidc_client', detail: { minimumLevel: 2, scopes: ['profile', 'phone'], confidential: true } });
    expect(JSON.stringify(entry!.detail)).not.toContain(main.clientSecret);
    expect(main.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const list = await t.app.inject({ url: '/api/v1/admin/oidc-clients', headers: ADMIN });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(main.clientId);
    expect(list.body).not.toContain(main.clientSecret);
  });

  it('changes a registration without touching its secret, and audits it', async () => {
    const one = await t.app.inject({ url: `/api/v1/admin/oidc-clients/${main.clientId}`, headers: ADMIN });
    expect(one.statusCode).toBe(200);
    const current = JSON.parse(one.body);
    const changed = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/admin/oidc-clients/${main.clientId}`,
      headers: ADMIN,
      payload: { name: `${current.name}（新）`, redirectUris: [...current.redirectUris, 'https://rp.example.gov.cn/cb'], postLogoutRedirectUris: current.postLogoutRedirectUris, minimumLevel: current.minimumLevel, scopes: current.scopes },
    });
    expect(changed.statusCode).toBe(200);
    expect(JSON.parse(changed.body)).toMatchObject({ name: `${current.name}（新）`, confidential: true, redirectUris: expect.arrayContaining(['https://rp.example.gov.cn/cb']) });
    const fragment = await t.app.inject({ method: 'PUT', url: `/api/v1/admin/oidc-clients/${main.clientId}`, headers: ADMIN, payload: { ...current, confidential: undefined, redirectUris: ['https://rp.example.gov.cn/cb#x'] } });
    expect(fragment.statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/admin/oidc-clients/nope', headers: ADMIN })).statusCode).toBe(404);
    const [entry] = await t.ctx.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'oidc.client.update'), eq(auditLog.entityId, main.clientId)));
    expect(entry).toBeDefined();
    // back as it was, for the sign-ins below
    await t.app.inject({ method: 'PUT', url: `/api/v1/admin/oidc-clients/${main.clientId}`, headers: ADMIN, payload: { name: current.name, redirectUris: current.redirectUris, postLogoutRedirectUris: current.postLogoutRedirectUris, minimumLevel: current.minimumLevel, scopes: current.scopes } });
  });

  it('signs a level-3 citizen in: acr, sub_type, profile claims only as granted, userinfo', async () => {
    const browser = new Browser(citizen.cookie);
    const flow = await start(browser, mainConfig, { acr_values: 'urn:onewindow:loa:3' });
    expect(flow.res.status).toBe(303);
    expect(flow.uid).toBeDefined();

    const shown = await details(browser, flow.uid!);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      uid: flow.uid,
      prompt: 'login',
      client: { id: main.clientId, name: '浙江省不动产登记系统' },
      scopes: ['openid', 'profile'],
      minimumLevel: 2,
      requiredLevel: 3,
      account: { name: '测***', level: 3, kind: 'person' },
      enterprises: [],
    });

    const confirmed = await confirm(browser, flow.uid!);
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const callback = await browser.follow(String(confirmed.body.redirectTo));
    const tokens = await oidc.authorizationCodeGrant(mainConfig, new URL(callback), flow.checks);
    const idToken = tokens.claims()!;
    expect(idToken).toMatchObject({ iss: `${base}/oidc`, aud: main.clientId, sub: citizen.accountId, acr: 'urn:onewindow:loa:3', sub_type: 'natural_person', amr: ['pwd'] });
    expect(idToken.name).toBeUndefined(); // profile claims come from userinfo in the code flow
    accessToken = tokens.access_token;

    const userinfo = await oidc.fetchUserInfo(mainConfig, accessToken, citizen.accountId);
    expect(userinfo).toEqual({ sub: citizen.accountId, sub_type: 'natural_person', name: '测试居民' });
    expect(userinfo.phone_number).toBeUndefined(); // registered for, not asked for
  });

  it('signs the same browser in again without a page (single sign-on), and not without the platform session', async () => {
    const browser = new Browser(citizen.cookie);
    const first = await start(browser, mainConfig);
    await confirm(browser, first.uid!).then((c) => browser.follow(String(c.body.redirectTo)));
    const again = await start(browser, mainConfig, { scope: 'openid profile' });
    expect(again.location.startsWith(CALLBACK)).toBe(true);
    await oidc.authorizationCodeGrant(mainConfig, new URL(again.location), again.checks);

    browser.jar.delete('ow_session');
    const signedOut = await start(browser, mainConfig);
    expect(signedOut.uid).toBeDefined();
    expect((await details(browser, signedOut.uid!)).body.account).toBeNull();
    const refused = await confirm(browser, signedOut.uid!);
    expect(refused.status).toBe(401);
  });

  it('answers 404 for a sign-in page without its interaction cookie', async () => {
    const res = await new Browser(citizen.cookie).fetch('/sso/no-such-interaction/details');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { type: string }).type).toContain('interaction-expired');
  });

  it('refuses a level-2 citizen where the client requires level 3, or acr_values ask for it; the user may decline', async () => {
    const level3 = await register({ name: '浙江省公积金管理系统', scopes: ['profile'], minimumLevel: 3 });
    const config3 = await relyingParty(level3);
    const cookie = await registeredPerson('13700009876', demoIdNumber('330106', '19920315', 731));
    const browser = new Browser(cookie);

    const flow = await start(browser, config3);
    const shown = await details(browser, flow.uid!);
    expect(shown.body).toMatchObject({ minimumLevel: 3, requiredLevel: 3, account: { name: '林*', level: 2, kind: 'person' } });
    const refused = await confirm(browser, flow.uid!);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ type: expect.stringContaining('level-required'), requiredLevel: 3, currentLevel: 2 });

    // a level-2 client, but the request asks for level 3
    const byAcr = await start(browser, mainConfig, { acr_values: 'urn:onewindow:loa:3 urn:onewindow:loa:4' });
    expect((await details(browser, byAcr.uid!)).body).toMatchObject({ minimumLevel: 2, requiredLevel: 3 });
    expect((await confirm(browser, byAcr.uid!)).status).toBe(403);

    const aborted = await browser.fetch(`/sso/${byAcr.uid}/abort`, { method: 'POST' });
    expect(aborted.status).toBe(200);
    const back = new URL(await browser.follow(String(((await aborted.json()) as { redirectTo: string }).redirectTo)));
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe(byAcr.checks.expectedState);

    // level 2 is enough for the level-2 client: acr says so, and only the phone is released
    const ok = await start(browser, mainConfig, { scope: 'openid phone' });
    const done = await confirm(browser, ok.uid!);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    const tokens = await oidc.authorizationCodeGrant(mainConfig, new URL(await browser.follow(String(done.body.redirectTo))), ok.checks);
    const idToken = tokens.claims()!;
    expect(idToken.acr).toBe('urn:onewindow:loa:2');
    const userinfo = await oidc.fetchUserInfo(mainConfig, tokens.access_token, idToken.sub);
    expect(userinfo).toEqual({ sub: idToken.sub, sub_type: 'natural_person', phone_number: '+8613700009876', phone_number_verified: true });
  });

  it('releases the ID number only to a client registered for id_card, and no scope it was not registered for', async () => {
    const browser = new Browser(citizen.cookie);
    const notRegistered = await start(browser, mainConfig, { scope: 'openid id_card' });
    expect(new URL(notRegistered.location).searchParams.get('error')).toBe('invalid_scope');

    const rp = await register({ name: '浙江省医保系统', scopes: ['id_card', 'enterprise'] });
    const config = await relyingParty(rp);
    const flow = await start(browser, config, { scope: 'openid id_card enterprise' });
    expect((await details(browser, flow.uid!)).body.scopes).toEqual(['openid', 'id_card', 'enterprise']);
    // an enterprise is chosen only among those the account may act for, and only when asked for
    expect((await confirm(browser, flow.uid!, { enterpriseId: '0190f5b2-0000-7000-8000-0000000000ee' })).status).toBe(404);
    const done = await confirm(browser, flow.uid!);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(await browser.follow(String(done.body.redirectTo))), flow.checks);
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, citizen.accountId);
    expect(userinfo).toEqual({ sub: citizen.accountId, sub_type: 'natural_person', id_number: expect.stringMatching(/^33010619800101\d{3}[\dX]$/) });

    const withoutScope = await start(browser, mainConfig, { scope: 'openid', prompt: 'consent' });
    const refused = await confirm(browser, withoutScope.uid!, { enterpriseId: '0190f5b2-0000-7000-8000-0000000000ee' });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ pointer: '/body/enterpriseId', code: 'enterpriseScopeMissing' })]);
  });

  it('refuses an authorization request without PKCE', async () => {
    const browser = new Browser(citizen.cookie);
    const url = oidc.buildAuthorizationUrl(mainConfig, { redirect_uri: CALLBACK, scope: 'openid', state: 'xyz' });
    const res = await browser.fetch(url);
    const back = new URL(res.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(CALLBACK);
    expect(back.searchParams.get('error')).toBe('invalid_request');
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('refuses a wrong client secret, and the old secret after a rotation', async () => {
    const rp = await register({ name: '浙江省社保系统' });
    const browser = new Browser(citizen.cookie);
    const config = await relyingParty(rp);
    const flow = await start(browser, config);
    const callback = await browser.follow(String((await confirm(browser, flow.uid!)).body.redirectTo));
    const wrong = await relyingParty(rp, 'not-the-secret');
    expect(await oauthError(oidc.authorizationCodeGrant(wrong, new URL(callback), flow.checks))).toBe('invalid_client');

    const rotated = await t.app.inject({ method: 'POST', url: `/api/v1/admin/oidc-clients/${rp.clientId}/secret`, headers: ADMIN });
    expect(rotated.statusCode).toBe(200);
    const { clientSecret } = rotated.json() as { clientSecret: string };
    expect(clientSecret).not.toBe(rp.clientSecret);
    const second = await start(browser, config);
    const callback2 = second.location.startsWith(CALLBACK) ? second.location : await browser.follow(String((await confirm(browser, second.uid!)).body.redirectTo));
    expect(await oauthError(oidc.authorizationCodeGrant(config, new URL(callback2), second.checks))).toBe('invalid_client');
    const third = await start(browser, config);
    const tokens = await oidc.authorizationCodeGrant(await relyingParty(rp, clientSecret), new URL(third.location), third.checks);
    expect(tokens.claims()!.sub).toBe(citizen.accountId);
  });

  it('refuses a disabled client at once, its tokens included, and serves it again once enabled', async () => {
    const status = (s: string) => t.app.inject({ method: 'POST', url: `/api/v1/admin/oidc-clients/${main.clientId}/status`, headers: ADMIN, payload: { status: s } });
    expect((await status('disabled')).statusCode).toBe(200);
    const browser = new Browser(citizen.cookie);
    const flow = await start(browser, mainConfig);
    expect(flow.res.status).toBe(400);
    expect(await flow.res.text()).toContain('invalid_client');
    expect(await oauthError(oidc.fetchUserInfo(mainConfig, accessToken, citizen.accountId))).toBe('invalid_token');

    expect((await status('active')).statusCode).toBe(200);
    const [entry] = await t.ctx.database.db.select().from(auditLog).where(and(eq(auditLog.action, 'oidc.client.status'), eq(auditLog.entityId, main.clientId)));
    expect(entry?.detail).toEqual({ status: 'disabled' });
    const again = await start(browser, mainConfig);
    expect(again.res.status).toBe(303);
  });

  it('signs out everywhere from a relying party: the platform session ends too', async () => {
    const { cookie } = await sessionOf(t, { kind: 'person', level: 2 });
    const browser = new Browser(cookie);
    const flow = await start(browser, mainConfig);
    const tokens = await oidc.authorizationCodeGrant(mainConfig, new URL(await browser.follow(String((await confirm(browser, flow.uid!)).body.redirectTo))), flow.checks);

    const end = oidc.buildEndSessionUrl(mainConfig, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: `${RP}/bye`, state: 'bye' });
    const form = await (await browser.fetch(end)).text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)?.[1];
    expect(xsrf).toBeDefined();
    const confirmed = await browser.fetch('/oidc/session/end/confirm', { form: { xsrf: xsrf!, logout: 'yes' } });
    expect(confirmed.status).toBe(303);
    expect(confirmed.headers.get('location')).toBe(`${RP}/bye?state=bye`);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
  });
});
