/**
 * Unified identity end to end through the API, on PGlite and PostgreSQL: registration → level 3 →
 * login (password, SMS, second factor) → sessions; privacy of existence; brute force and code
 * limits; password reset; enterprises and agents; staff administration within scope;
 * personal data encrypted at rest and audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, ADMIN, engine, sessionOf, type TestApp } from '../../test/harness.js';
import { TEST_ORG } from '../../test/fixtures.js';
import { seed } from '../../seed/seed.js';
import { query } from '../../platform/db.js';
import { DEMO_ENTERPRISES, demoIdNumber } from '../../seed/demo-identity.js';
import { loadEnterprises, loadPopulation } from './registry.js';

let t: TestApp;
const json = (r: { body: string }) => JSON.parse(r.body);

const PEOPLE = {
  wang: { name: '王小明', idNumber: demoIdNumber('330106', '19900101', 123), phone: '13800138001' },
  chen: { name: '陈静', idNumber: demoIdNumber('330105', '19950620', 322), phone: '13800138003' },
  lin: { name: '林晓', idNumber: demoIdNumber('330102', '19880808', 456), phone: '13800138005' },
  /** not in the population registry */
  ghost: { name: '赵无名', idNumber: demoIdNumber('330110', '19700101', 777), phone: '13800138009' },
};
const PASSWORD = 'Zhejiang@2026';

let ipSeq = 0;
/** Each scenario comes from its own address, so per-IP limits of one do not bleed into another. */
const newIp = () => `10.0.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

async function post(url: string, payload: unknown, opts: { ip?: string; cookie?: string } = {}) {
  return t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload: payload as object, remoteAddress: opts.ip ?? '10.9.9.9', headers: opts.cookie ? { cookie: opts.cookie } : {} });
}
async function get(url: string, cookie?: string) {
  return t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: cookie ? { cookie } : {} });
}
const cookieOf = (res: { cookies: { name: string; value: string }[] }) => {
  const c = res.cookies.find((x) => x.name === 'ow_session');
  return c ? `ow_session=${c.value}` : undefined;
};

/** The latest code texted to a phone (development outbox). */
async function lastCode(phone: string): Promise<string> {
  const res = await get(`/dev/sms?phone=${phone}`);
  const body = (json(res).items as { body: string }[])[0]?.body ?? '';
  const m = /验证码 (\d{6})/.exec(body);
  if (!m) throw new Error(`no code texted to ${phone}: ${body}`);
  return m[1]!;
}

/** Lets the next code go to any phone at once (the one-per-minute limit has its own test). */
const allowNextCode = () => t.ctx.database.db.execute(sql`delete from throttles where key like 'otp:phone-minute:%'`);

async function register(p: { name: string; idNumber: string; phone: string }, ip = newIp()) {
  await allowNextCode();
  const otp = await post('/auth/otp', { purpose: 'register', phone: p.phone }, { ip });
  expect(otp.statusCode).toBe(200);
  const { challengeId } = json(otp);
  const code = await lastCode(p.phone).catch(() => '000000');
  return post('/auth/register', { ...p, password: PASSWORD, challengeId, code }, { ip });
}

async function login(identifier: string, password = PASSWORD, ip = newIp()) {
  return post('/auth/login', { identifier, password }, { ip });
}

beforeAll(async () => {
  t = await createTestApp();
  await seed(t.ctx.database.db, { demo: false });
  const { keyring, indexKey } = t.ctx.identity;
  await loadPopulation(t.ctx.database.db, keyring, indexKey, [PEOPLE.wang, PEOPLE.chen, PEOPLE.lin]);
  await loadEnterprises(t.ctx.database.db, keyring, indexKey, DEMO_ENTERPRISES);
  expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: TEST_ORG })).statusCode).toBe(201);
}, 60_000);
afterAll(async () => t?.close());

describe(`identity on ${engine}`, () => {
  let wangCookie = '';

  it('registers a person, raises the level through the population registry, and signs in', async () => {
    const res = await register(PEOPLE.wang);
    expect(res.statusCode).toBe(202);
    expect(json(res)).toEqual({ status: 'accepted' });

    const signedIn = await login(PEOPLE.wang.phone);
    expect(signedIn.statusCode).toBe(200);
    expect(json(signedIn)).toEqual({ status: 'signed_in' });
    const cookie = signedIn.cookies.find((c) => c.name === 'ow_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    wangCookie = cookieOf(signedIn)!;

    const me = json(await get('/me', wangCookie));
    expect(me).toMatchObject({ kind: 'person', level: 2, name: '王**', phone: '138****8001', idNumber: `3301**********${PEOPLE.wang.idNumber.slice(-4)}`, session: { acr: 'urn:onewindow:loa:2', amr: ['pwd'] } });

    const verified = await post('/me/identity-verification', {}, { cookie: wangCookie });
    expect(verified.statusCode).toBe(200);
    expect(json(verified)).toEqual({ level: 3, result: 'verified' });
    expect(json(await get('/me', wangCookie))).toMatchObject({ level: 3, levelSource: 'population_registry', session: { acr: 'urn:onewindow:loa:3' } });

    // the ID number signs in as well as the phone, in either case of the check character
    expect((await login(PEOPLE.wang.idNumber.toLowerCase())).statusCode).toBe(200);
  });

  it('keeps ID numbers and phones encrypted at rest, with the password as argon2id', async () => {
    const rows = await query<Record<string, string>>(t.ctx.database.db, sql`select * from accounts where kind = 'person'`);
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(PEOPLE.wang.idNumber);
    expect(dump).not.toContain(PEOPLE.wang.phone);
    expect(dump).not.toContain(PEOPLE.wang.name);
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const audit = await query<{ action: string }>(t.ctx.database.db, sql`select action from audit_log where entity_type = 'account' order by seq`);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['account.register', 'session.create', 'account.level.raise']));
  });

  it('refuses a person the registry does not know, without changing the level', async () => {
    await register(PEOPLE.ghost);
    const cookie = cookieOf(await login(PEOPLE.ghost.phone))!;
    const res = await post('/me/identity-verification', {}, { cookie });
    expect(res.statusCode).toBe(422);
    expect(json(res)).toMatchObject({ type: expect.stringContaining('registry-mismatch'), detail: expect.stringContaining('人口库') });
    expect(json(await get('/me', cookie)).level).toBe(2);
  });

  it('never reveals whether an ID number or phone is registered', async () => {
    // a code request answers alike for a registered and an unregistered phone
    await allowNextCode();
    const known = await post('/auth/otp', { purpose: 'login', phone: PEOPLE.wang.phone }, { ip: newIp() });
    const unknown = await post('/auth/otp', { purpose: 'login', phone: '13900139999' }, { ip: newIp() });
    expect(known.statusCode).toBe(unknown.statusCode);
    expect(Object.keys(json(known)).sort()).toEqual(Object.keys(json(unknown)).sort());

    // registering a taken ID number with a fresh phone: the same answer, no account, a text to the owner
    const before = await query<{ n: number }>(t.ctx.database.db, sql`select count(*)::int as n from accounts`);
    const again = await register({ ...PEOPLE.wang, phone: '13700137001' });
    expect(again.statusCode).toBe(202);
    expect(json(again)).toEqual({ status: 'accepted' });
    const after = await query<{ n: number }>(t.ctx.database.db, sql`select count(*)::int as n from accounts`);
    expect(after[0]!.n).toBe(before[0]!.n);
    const texts = json(await get(`/dev/sms?phone=${PEOPLE.wang.phone}`)).items as { template: string }[];
    expect(texts[0]!.template).toBe('already_registered');
    // and the would-be registrant cannot sign in with that phone
    expect((await login('13700137001')).statusCode).toBe(401);
  });

  it('locks a login identifier after repeated failures, alike for known and unknown accounts', async () => {
    const ip = newIp();
    const attempt = (identifier: string, password = 'Wrong-pass-1') => login(identifier, password, ip);
    const statuses = async (identifier: string) => {
      const out: number[] = [];
      for (let i = 0; i < 7; i++) out.push((await attempt(identifier)).statusCode);
      return out;
    };
    const knownRun = await statuses(PEOPLE.wang.idNumber);
    const unknownRun = await statuses(demoIdNumber('330106', '19991231', 999));
    expect(knownRun).toEqual([401, 401, 401, 401, 401, 429, 429]);
    expect(unknownRun).toEqual(knownRun);
    const locked = await attempt(PEOPLE.wang.idNumber, PASSWORD);
    expect(locked.statusCode).toBe(429);
    expect(json(locked)).toMatchObject({ type: expect.stringContaining('rate-limited'), retryAfter: expect.any(Number) });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const wrong = json(await login(PEOPLE.chen.phone, 'Wrong-pass-1'));
    expect(wrong.title).toBe('账号或密码错误');
    // a successful password reset (or the lockout's end) frees the account; here the test lifts it
    await t.ctx.database.db.execute(sql`delete from throttles where key like 'lock:%'`);
  });

  it('limits logins per IP address', async () => {
    const ip = newIp();
    const codes: number[] = [];
    for (let i = 0; i < 32; i++) codes.push((await post('/auth/login', { identifier: `1380000${String(i).padStart(4, '0')}`, password: 'x' }, { ip })).statusCode);
    expect(codes.slice(0, 30).every((c) => c === 401)).toBe(true);
    expect(codes.slice(30)).toEqual([429, 429]);
  });

  it('limits codes per phone, uses each code once, and stops guessing after five attempts', async () => {
    const ip = newIp();
    await allowNextCode();
    const first = await post('/auth/otp', { purpose: 'login', phone: PEOPLE.wang.phone }, { ip: newIp() });
    expect(first.statusCode).toBe(200);
    const tooSoon = await post('/auth/otp', { purpose: 'login', phone: PEOPLE.wang.phone }, { ip: newIp() });
    expect(tooSoon.statusCode).toBe(429);

    const { challengeId } = json(first);
    const code = await lastCode(PEOPLE.wang.phone);
    const ok = await post('/auth/login/sms', { phone: PEOPLE.wang.phone, challengeId, code }, { ip });
    expect(ok.statusCode).toBe(200);
    expect(json(await get('/me', cookieOf(ok))).session.amr).toEqual(['sms']);
    const replay = await post('/auth/login/sms', { phone: PEOPLE.wang.phone, challengeId, code }, { ip });
    expect(replay.statusCode).toBe(400);
    expect(json(replay).errors[0]).toMatchObject({ pointer: '/body/code', code: 'otpInvalid' });

    // codes are stored hashed
    const stored = await query<{ code_hash: string }>(t.ctx.database.db, sql`select code_hash from otp_challenges where id = ${challengeId}`);
    expect(stored[0]!.code_hash).not.toContain(code);

    // five wrong guesses spend the challenge: the right code no longer works
    await allowNextCode();
    const second = json(await post('/auth/otp', { purpose: 'login', phone: PEOPLE.wang.phone }, { ip: newIp() }));
    const right = await lastCode(PEOPLE.wang.phone);
    const wrongCode = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expect((await post('/auth/login/sms', { phone: PEOPLE.wang.phone, challengeId: second.challengeId, code: wrongCode }, { ip })).statusCode).toBe(400);
    expect((await post('/auth/login/sms', { phone: PEOPLE.wang.phone, challengeId: second.challengeId, code: right }, { ip })).statusCode).toBe(400);
  });

  it('resets a forgotten password by SMS and ends every session', async () => {
    await register(PEOPLE.chen);
    const old = cookieOf(await login(PEOPLE.chen.phone))!;
    expect((await get('/me', old)).statusCode).toBe(200);
    await allowNextCode();
    const otp = json(await post('/auth/otp', { purpose: 'reset', phone: PEOPLE.chen.phone }, { ip: newIp() }));
    const code = await lastCode(PEOPLE.chen.phone);
    const weak = await post('/auth/password-reset', { phone: PEOPLE.chen.phone, challengeId: otp.challengeId, code, newPassword: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(json(weak).errors[0].pointer).toBe('/body/newPassword');
    const reset = await post('/auth/password-reset', { phone: PEOPLE.chen.phone, challengeId: otp.challengeId, code, newPassword: 'Xihu-lake-2026' });
    expect(reset.statusCode).toBe(202);
    expect((await get('/me', old)).statusCode).toBe(401);
    expect((await login(PEOPLE.chen.phone)).statusCode).toBe(401);
    expect((await login(PEOPLE.chen.phone, 'Xihu-lake-2026')).statusCode).toBe(200);
    const texts = json(await get(`/dev/sms?phone=${PEOPLE.chen.phone}`)).items as { template: string }[];
    expect(texts[0]!.template).toBe('password_changed');
  });

  it('lists sessions, ends one, and ends them all', async () => {
    const a = cookieOf(await login(PEOPLE.wang.phone))!;
    const b = cookieOf(await login(PEOPLE.wang.phone))!;
    const list = json(await get('/me/sessions', a)).items as { id: string; current: boolean; ip: string }[];
    expect(list.filter((s) => s.current)).toHaveLength(1);
    expect(list[0]!.ip).toMatch(/\.\*$/);
    const other = list.find((s) => !s.current)!;
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${other.id}`, headers: { cookie: a } })).statusCode).toBe(204);
    expect((await post('/me/logout-all', {}, { cookie: a })).statusCode).toBe(204);
    expect((await get('/me', a)).statusCode).toBe(401);
    // b may have been the one ended first, or ended with all of them
    expect((await get('/me', b)).statusCode).toBe(401);
    expect((await get('/me', wangCookie)).statusCode).toBe(401);
  });

  it('binds an enterprise as its legal representative and authorises an agent, who can then act for it', async () => {
    const wang = cookieOf(await login(PEOPLE.wang.phone))!;
    const cancelled = await post('/me/enterprises', { uscc: DEMO_ENTERPRISES[2]!.uscc }, { cookie: wang });
    expect(cancelled.statusCode).toBe(422);
    expect(json(cancelled).errors[0]).toMatchObject({ pointer: '/body/uscc', code: 'enterprise.inactive' });
    const notMine = await post('/me/enterprises', { uscc: DEMO_ENTERPRISES[1]!.uscc }, { cookie: wang });
    expect(json(notMine).errors[0].code).toBe('enterprise.not_representative');
    const badCode = await post('/me/enterprises', { uscc: '91330106MA2H0XK11X' }, { cookie: wang });
    expect(badCode.statusCode).toBe(400);

    const bound = await post('/me/enterprises', { uscc: DEMO_ENTERPRISES[0]!.uscc.toLowerCase() }, { cookie: wang });
    expect(bound.statusCode).toBe(201);
    const enterprise = json(bound);
    expect(enterprise).toMatchObject({ name: '杭州西湖云帆科技有限公司', role: 'representative' });

    // 林晓 registers (level 2): an authorisation names her, and counts once she reaches level 3
    await register(PEOPLE.lin);
    const lin = cookieOf(await login(PEOPLE.lin.phone))!;
    const linBinds = await post('/me/enterprises', { uscc: DEMO_ENTERPRISES[0]!.uscc }, { cookie: lin });
    expect(linBinds.statusCode).toBe(403);
    expect(json(linBinds)).toMatchObject({ type: expect.stringContaining('level-required'), requiredLevel: 3 });

    const grant = await post(`/me/enterprises/${enterprise.id}/agents`, { name: PEOPLE.lin.name, idNumber: PEOPLE.lin.idNumber, validUntil: '2099-12-31' }, { cookie: wang });
    expect(grant.statusCode).toBe(201);
    expect(json(grant)).toMatchObject({ name: '林*', status: 'active', validUntil: '2099-12-31' });
    expect(json(grant).idNumber).toMatch(/^3301\*{10}\d{3}[\dX]$/);
    expect(json(await get('/me/enterprises', lin)).items).toEqual([]);
    await post('/me/identity-verification', {}, { cookie: lin });
    expect(json(await get('/me/enterprises', lin)).items).toEqual([expect.objectContaining({ uscc: DEMO_ENTERPRISES[0]!.uscc, role: 'agent' })]);

    // only the representative sees and manages the agents
    expect((await get(`/me/enterprises/${enterprise.id}/agents`, lin)).statusCode).toBe(404);
    const agents = json(await get(`/me/enterprises/${enterprise.id}/agents`, wang)).items as { id: string }[];
    const revoke = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/enterprises/${enterprise.id}/agents/${agents[0]!.id}`, headers: { cookie: wang } });
    expect(revoke.statusCode).toBe(204);
    expect(json(await get('/me/enterprises', lin)).items).toEqual([]);
    const audit = await query<{ action: string }>(t.ctx.database.db, sql`select action from audit_log where entity_type = 'enterprise' order by seq`);
    expect(audit.map((a) => a.action)).toEqual(['enterprise.bind', 'enterprise.agent.grant', 'enterprise.agent.revoke']);
  });

  it('lets a platform administrator create staff, who must change the initial password', async () => {
    const orgs = json(await get('/organisations?region=330106')).items as { id: string }[];
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/staff',
      headers: ADMIN,
      payload: { username: 'Clerk.Test', name: '窗口甲', phone: '13912345678', password: 'Initial-2026', roles: [{ role: 'window_clerk', organisationId: orgs[0]!.id }] },
    });
    expect(created.statusCode).toBe(201);
    expect(json(created)).toMatchObject({ username: 'clerk.test', name: '窗**', phone: '139****5678', passwordChangeRequired: true, roles: [{ role: 'window_clerk', regionCode: '330106' }] });
    const dup = await t.app.inject({ method: 'POST', url: '/api/v1/admin/staff', headers: ADMIN, payload: { username: 'clerk.test', name: '窗口乙', phone: '13912345679', password: 'Initial-2026', roles: [] } });
    expect(dup.statusCode).toBe(409);

    const staffLogin = await post('/auth/staff/login', { username: 'clerk.test', password: 'Initial-2026' }, { ip: newIp() });
    expect(staffLogin.statusCode).toBe(200);
    const cookie = cookieOf(staffLogin)!;
    expect(json(await get('/me', cookie))).toMatchObject({ kind: 'staff', passwordChangeRequired: true, roles: [{ role: 'window_clerk', organisationName: TEST_ORG.name }] });
    // a staff account is not a citizen login, and the other way round
    expect((await login('clerk.test', 'Initial-2026')).statusCode).toBe(401);
    // until the initial password is changed, only the profile, sessions and the change itself answer
    const early = await post('/workbench/identity-checks', { name: PEOPLE.lin.name, idNumber: PEOPLE.lin.idNumber, documentChecked: true }, { cookie });
    expect(early.statusCode).toBe(403);
    expect(json(early).type).toContain('password-change-required');
    expect((await get('/me/sessions', cookie)).statusCode).toBe(200);
    const changed = await post('/me/password', { currentPassword: 'Initial-2026', newPassword: 'Clerk-own-2026' }, { cookie });
    expect(changed.statusCode).toBe(204);
    expect(json(await get('/me', cookieOf(changed))).passwordChangeRequired).toBe(false);
  });

  it('keeps organisation administrators inside their organisation', async () => {
    const orgs = json(await get('/organisations?region=330106')).items as { id: string }[];
    const orgAdmin = await sessionOf(t, { kind: 'staff', roles: [{ role: 'org_admin', regionCode: '330106', organisationId: orgs[0]!.id }] });
    const tooMuch = await t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/staff',
      headers: { cookie: orgAdmin.cookie },
      payload: { username: 'sneaky', name: '越权者', phone: '13912340000', password: 'Initial-2026', roles: [{ role: 'platform_admin', regionCode: '330000' }] },
    });
    expect(tooMuch.statusCode).toBe(403);
    expect(json(tooMuch).errors[0]).toMatchObject({ pointer: '/body/roles/0', code: 'grantForbidden' });
    const list = json(await t.app.inject({ method: 'GET', url: '/api/v1/admin/staff', headers: { cookie: orgAdmin.cookie } }));
    expect(list.items.every((s: { roles: { organisationId: string }[] }) => s.roles.some((r) => r.organisationId === orgs[0]!.id))).toBe(true);
    expect(list.items.map((s: { username: string }) => s.username)).not.toContain('test.admin');
  });

  it('keeps a county catalogue administrator inside the county', async () => {
    const county = await sessionOf(t, { kind: 'staff', roles: [{ role: 'catalogue_admin', regionCode: '330102' }] });
    const { validItem } = await import('../../test/fixtures.js');
    const item = validItem(77);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: { cookie: county.cookie }, payload: item })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: ADMIN, payload: item })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/admin/items/${item.implementationCode}`, headers: { cookie: county.cookie } })).statusCode).toBe(403);
    expect(json(await t.app.inject({ method: 'GET', url: '/api/v1/admin/items', headers: { cookie: county.cookie } })).total).toBe(0);
  });

  it('asks for an SMS code after the password when the node requires a second factor', async () => {
    const strict = await createTestApp({ secondFactor: 'all' });
    try {
      const { keyring, indexKey } = strict.ctx.identity;
      await seed(strict.ctx.database.db, { demo: false });
      await loadPopulation(strict.ctx.database.db, keyring, indexKey, [PEOPLE.wang]);
      const otp = json(await strict.app.inject({ method: 'POST', url: '/api/v1/auth/otp', payload: { purpose: 'register', phone: PEOPLE.wang.phone } }));
      const code = (s: string) => /验证码 (\d{6})/.exec(s)![1]!;
      const sms = async () => code(JSON.parse((await strict.app.inject(`/api/v1/dev/sms?phone=${PEOPLE.wang.phone}`)).body).items[0].body);
      await strict.app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { ...PEOPLE.wang, password: PASSWORD, challengeId: otp.challengeId, code: await sms() } });
      const first = await strict.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { identifier: PEOPLE.wang.phone, password: PASSWORD } });
      expect(json(first)).toMatchObject({ status: 'second_factor', phone: '138****8001' });
      expect(cookieOf(first)).toBeUndefined();
      // a lost code: a new one replaces it (after the one-a-minute limit), the old challenge stops working
      const oldCode = await sms();
      const tooSoon = await strict.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor/resend', payload: { challengeId: json(first).challengeId } });
      expect(tooSoon.statusCode).toBe(429);
      await strict.ctx.database.db.execute(sql`delete from throttles where key like 'otp:phone-minute:%'`);
      const resent = await strict.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor/resend', payload: { challengeId: json(first).challengeId } });
      expect(json(resent)).toMatchObject({ status: 'second_factor', phone: '138****8001' });
      const stale = await strict.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { challengeId: json(first).challengeId, code: oldCode } });
      expect(stale.statusCode).toBe(400);
      const second = await strict.app.inject({ method: 'POST', url: '/api/v1/auth/login/second-factor', payload: { challengeId: json(resent).challengeId, code: await sms() } });
      expect(json(second)).toEqual({ status: 'signed_in' });
      const me = JSON.parse((await strict.app.inject({ url: '/api/v1/me', headers: { cookie: cookieOf(second)! } })).body);
      expect(me.session.amr).toEqual(['pwd', 'sms', 'mfa']);
    } finally {
      await strict.close();
    }
  });

  it('raises a person to level 5 when a window clerk has checked the ID card in person', async () => {
    const orgs = json(await get('/organisations?region=330106')).items as { id: string }[];
    const clerk = await sessionOf(t, { kind: 'staff', roles: [{ role: 'window_clerk', regionCode: '330106', organisationId: orgs[0]!.id }] });
    const check = (body: object) => t.app.inject({ method: 'POST', url: '/api/v1/workbench/identity-checks', headers: { cookie: clerk.cookie }, payload: body });
    expect((await check({ name: PEOPLE.lin.name, idNumber: PEOPLE.lin.idNumber })).statusCode).toBe(400);
    const wrongName = await check({ name: '林小晓', idNumber: PEOPLE.lin.idNumber, documentChecked: true });
    expect(wrongName.statusCode).toBe(422);
    const refused = await query<{ detail: { reason: string }; entity_id: string }>(t.ctx.database.db, sql`select detail, entity_id from audit_log where action = 'account.counter_check.refused' order by seq desc limit 1`);
    expect(refused[0]!.detail.reason).toBe('registry_mismatch');
    expect(refused[0]!.entity_id).not.toContain(PEOPLE.lin.idNumber.slice(0, 10));
    const raised = await check({ name: PEOPLE.lin.name, idNumber: PEOPLE.lin.idNumber, documentChecked: true });
    expect(raised.statusCode).toBe(200);
    expect(json(raised)).toEqual({ level: 5, name: '林*', idNumber: expect.stringMatching(/^3301\*{10}/) });
    const lin = cookieOf(await login(PEOPLE.lin.phone))!;
    expect(json(await get('/me', lin))).toMatchObject({ level: 5, levelSource: 'counter', session: { acr: 'urn:onewindow:loa:5' } });
    const audit = await query<{ actor: string; detail: { source: string } }>(t.ctx.database.db, sql`select actor, detail from audit_log where action = 'account.level.raise' order by seq desc limit 1`);
    expect(audit[0]).toMatchObject({ actor: clerk.accountId, detail: { source: 'counter' } });
  });

  it('refuses state changes with a session cookie from another site', async () => {
    const cookie = cookieOf(await login(PEOPLE.wang.phone))!;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/me/logout-all', headers: { cookie, origin: 'https://evil.example.com' } });
    expect(res.statusCode).toBe(403);
    expect((await get('/me', cookie)).statusCode).toBe(200);
  });
});

describe(`identity housekeeping on ${engine}`, () => {
  it('removes long-ended sessions and stale codes, and keeps live ones', async () => {
    const { purgeExpired } = await import('./housekeeping.js');
    const before = await query<{ n: number }>(t.ctx.database.db, sql`select count(*)::int as n from sessions where expires_at > now()`);
    const future = new Date(Date.now() + 40 * 86_400_000);
    await purgeExpired(t.ctx.database.db);
    const live = await query<{ n: number }>(t.ctx.database.db, sql`select count(*)::int as n from sessions where expires_at > now()`);
    expect(live[0]!.n).toBe(before[0]!.n);
    await purgeExpired(t.ctx.database.db, future);
    const left = await query<{ n: number }>(t.ctx.database.db, sql`select (select count(*) from sessions)::int + (select count(*) from otp_challenges)::int as n`);
    expect(left[0]!.n).toBe(0);
  });
});
