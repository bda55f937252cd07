/**
 * Role × route matrix: every operation of the OpenAPI document is called by every persona
 * (anonymous, citizens of levels 2 and 3, and staff of each role). The expected access is written
 * here, independently of the routes' own declarations; a route missing from the table fails.
 * Allowed callers must never get 401/403; others get 401 (anonymous) or 403 (signed in).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ADMIN, engine, sessionOf, type TestApp } from '../test/harness.js';
import { TEST_ORG, validItem } from '../test/fixtures.js';
import { seed } from '../seed/seed.js';

const PERSONAS = ['anonymous', 'citizen2', 'citizen3', 'clerk', 'reviewer', 'approver', 'feedbackOfficer', 'orgAdmin', 'catalogue', 'catalogueCounty', 'steward', 'auditor', 'supervisor', 'platformAdmin'] as const;
type PersonaName = (typeof PERSONAS)[number];

const ALL: PersonaName[] = [...PERSONAS];
const SIGNED_IN = ALL.filter((p) => p !== 'anonymous');
const CITIZENS: PersonaName[] = ['citizen2', 'citizen3'];
const STAFF_ADMINS: PersonaName[] = ['orgAdmin', 'platformAdmin'];
const CATALOGUE: PersonaName[] = ['catalogue', 'catalogueCounty', 'platformAdmin'];
const PLATFORM: PersonaName[] = ['platformAdmin'];
/** staff who handle applications in their organisation */
const HANDLING: PersonaName[] = ['clerk', 'reviewer', 'approver'];
const CLERK: PersonaName[] = ['clerk'];
const STAFF: PersonaName[] = ['clerk', 'reviewer', 'approver', 'feedbackOfficer', 'orgAdmin', 'catalogue', 'catalogueCounty', 'steward', 'auditor', 'supervisor', 'platformAdmin'];
/** an organisation's administrator or a data steward acts for it in data sharing */
const STEWARDS: PersonaName[] = ['orgAdmin', 'steward'];
/** 好差评: the organisation's 好差评专员 and administrator, and supervisors of the region */
const FEEDBACK: PersonaName[] = ['feedbackOfficer', 'orgAdmin', 'supervisor'];

/** Who may call each operation (route level; scope checks come on top, tested elsewhere). */
const MATRIX: Record<string, PersonaName[]> = {
  'GET /api/v1/health': ALL,
  'GET /api/v1/node': ALL,
  'GET /api/v1/regions': ALL,
  'GET /api/v1/organisations': ALL,
  'POST /api/v1/admin/organisations': PLATFORM,
  'GET /api/v1/items': ALL,
  'GET /api/v1/items/{implementationCode}': ALL,
  'GET /api/v1/topics': ALL,
  'GET /api/v1/admin/items': CATALOGUE,
  'POST /api/v1/admin/items': CATALOGUE,
  'GET /api/v1/admin/items/{implementationCode}': CATALOGUE,
  'PUT /api/v1/admin/items/{implementationCode}': CATALOGUE,
  'POST /api/v1/admin/items/{implementationCode}/publish': CATALOGUE,
  'POST /api/v1/admin/items/{implementationCode}/withdraw': CATALOGUE,
  'PUT /api/v1/admin/items/{implementationCode}/aliases': CATALOGUE,
  'GET /api/v1/admin/items/{implementationCode}/versions': CATALOGUE,
  'GET /api/v1/admin/items/{implementationCode}/versions/{version}': CATALOGUE,
  'POST /api/v1/auth/otp': ALL,
  'POST /api/v1/auth/register': ALL,
  'POST /api/v1/auth/login': ALL,
  'POST /api/v1/auth/login/sms': ALL,
  'POST /api/v1/auth/login/second-factor': ALL,
  'POST /api/v1/auth/login/second-factor/resend': ALL,
  'POST /api/v1/auth/staff/login': ALL,
  'POST /api/v1/auth/password-reset': ALL,
  'POST /api/v1/auth/logout': ALL,
  'GET /api/v1/me': SIGNED_IN,
  'GET /api/v1/me/sessions': SIGNED_IN,
  'DELETE /api/v1/me/sessions/{id}': SIGNED_IN,
  'POST /api/v1/me/logout-all': SIGNED_IN,
  'POST /api/v1/me/password': SIGNED_IN,
  'POST /api/v1/me/identity-verification': CITIZENS,
  'GET /api/v1/admin/staff': STAFF_ADMINS,
  'POST /api/v1/admin/staff': STAFF_ADMINS,
  'GET /api/v1/admin/staff/{id}': STAFF_ADMINS,
  'PUT /api/v1/admin/staff/{id}/roles': STAFF_ADMINS,
  'POST /api/v1/admin/staff/{id}/status': STAFF_ADMINS,
  'POST /api/v1/admin/staff/{id}/password': STAFF_ADMINS,
  'GET /api/v1/dev/sms': ALL,
  'POST /api/v1/workbench/identity-checks': ['clerk'],
  'GET /api/v1/admin/oidc-clients': PLATFORM,
  'POST /api/v1/admin/oidc-clients': PLATFORM,
  'GET /api/v1/admin/oidc-clients/{clientId}': PLATFORM,
  'PUT /api/v1/admin/oidc-clients/{clientId}': PLATFORM,
  'POST /api/v1/admin/oidc-clients/{clientId}/status': PLATFORM,
  'POST /api/v1/admin/oidc-clients/{clientId}/secret': PLATFORM,
  'GET /sso/{uid}/details': ALL,
  'POST /sso/{uid}/confirm': SIGNED_IN,
  'POST /sso/{uid}/abort': ALL,
  'GET /api/v1/me/enterprises': CITIZENS,
  'POST /api/v1/me/enterprises': CITIZENS,
  'GET /api/v1/me/enterprises/{id}/agents': CITIZENS,
  'POST /api/v1/me/enterprises/{id}/agents': CITIZENS,
  'DELETE /api/v1/me/enterprises/{id}/agents/{agentId}': CITIZENS,
  'GET /api/v1/me/passkeys': SIGNED_IN,
  'POST /api/v1/me/passkeys/options': SIGNED_IN,
  'POST /api/v1/me/passkeys': SIGNED_IN,
  'DELETE /api/v1/me/passkeys/{id}': SIGNED_IN,
  'POST /api/v1/auth/passkey/options': ALL,
  'POST /api/v1/auth/passkey': ALL,
  'POST /api/v1/applications': CITIZENS,
  'GET /api/v1/applications': CITIZENS,
  'GET /api/v1/applications/{id}': CITIZENS,
  'PUT /api/v1/applications/{id}/form': CITIZENS,
  'POST /api/v1/applications/{id}/actions': CITIZENS,
  'POST /api/v1/applications/{id}/files': CITIZENS,
  'GET /api/v1/applications/{id}/files/{fileId}': CITIZENS,
  'DELETE /api/v1/applications/{id}/files/{fileId}': CITIZENS,
  'GET /api/v1/applications/{id}/supply': CITIZENS,
  'POST /api/v1/applications/{id}/supply': CITIZENS,
  'DELETE /api/v1/applications/{id}/supplies/{material}': CITIZENS,
  'GET /api/v1/workbench/applications': HANDLING,
  'POST /api/v1/workbench/applications': CLERK,
  'GET /api/v1/workbench/applications/{id}': HANDLING,
  'PUT /api/v1/workbench/applications/{id}/form': CLERK,
  'POST /api/v1/workbench/applications/{id}/actions': HANDLING,
  'POST /api/v1/workbench/applications/{id}/files': HANDLING,
  'GET /api/v1/workbench/applications/{id}/files/{fileId}': HANDLING,
  'DELETE /api/v1/workbench/applications/{id}/files/{fileId}': HANDLING,
  'POST /api/v1/workbench/applications/{id}/claim': HANDLING,
  'POST /api/v1/workbench/applications/{id}/release': HANDLING,
  'GET /api/v1/workbench/supervision': ['supervisor'],
  'GET /api/v1/notifications': SIGNED_IN,
  'GET /api/v1/notifications/unread-count': SIGNED_IN,
  'POST /api/v1/notifications/{id}/read': SIGNED_IN,
  'POST /api/v1/notifications/read-all': SIGNED_IN,
  'GET /api/v1/licences/verify/{identifier}': ALL,
  'POST /api/v1/licences/verify': ALL,
  'POST /api/v1/licences/verify/pdf': ALL,
  'GET /api/v1/me/licences': CITIZENS,
  'GET /api/v1/me/licences/{identifier}/document': CITIZENS,
  'GET /api/v1/me/licences/{identifier}/pdf': CITIZENS,
  'GET /api/v1/me/licences/{identifier}/authorisations': CITIZENS,
  'POST /api/v1/me/licences/{identifier}/authorisations': CITIZENS,
  'POST /api/v1/me/licences/{identifier}/authorisations/{id}/revoke': CITIZENS,
  'GET /api/v1/licences/keys': ALL,
  'GET /api/v1/licences/types': ALL,
  'POST /api/v1/admin/organisations/{id}/keys': STAFF_ADMINS,
  'POST /api/v1/admin/organisation-keys/{keyId}/revoke': STAFF_ADMINS,
  'POST /api/v1/workbench/licences': ['approver'],
  'GET /api/v1/workbench/licences': ['approver'],
  'POST /api/v1/workbench/licences/{identifier}/revoke': ['approver'],
  'POST /api/v1/workbench/licences/{identifier}/suspend': ['approver'],
  'POST /api/v1/workbench/licences/{identifier}/reinstate': ['approver'],
  'GET /api/v1/sharing/resources': STAFF,
  'POST /api/v1/sharing/resources': STEWARDS,
  'GET /api/v1/sharing/resources/{code}': STAFF,
  'PUT /api/v1/sharing/resources/{code}': STEWARDS,
  'POST /api/v1/sharing/resources/{code}/publish': STEWARDS,
  'POST /api/v1/sharing/resources/{code}/withdraw': STEWARDS,
  'POST /api/v1/sharing/requests': STEWARDS,
  'GET /api/v1/sharing/requests': STEWARDS,
  'GET /api/v1/sharing/requests/{id}': STEWARDS,
  'POST /api/v1/sharing/requests/{id}/approve': STEWARDS,
  'POST /api/v1/sharing/requests/{id}/refuse': STEWARDS,
  'GET /api/v1/sharing/grants': STEWARDS,
  'POST /api/v1/sharing/grants/{id}/revoke': STEWARDS,
  'POST /api/v1/exchange/token': ALL,
  'POST /api/v1/exchange/query': [],
  'GET /api/v1/exchange/credentials': ['orgAdmin', 'platformAdmin'],
  'POST /api/v1/exchange/credentials': ['orgAdmin', 'platformAdmin'],
  'POST /api/v1/exchange/credentials/{clientId}/secret': ['orgAdmin', 'platformAdmin'],
  'POST /api/v1/exchange/credentials/{clientId}/revoke': ['orgAdmin', 'platformAdmin'],
  'PUT /api/v1/exchange/adapters/{code}': STEWARDS,
  'GET /api/v1/exchange/adapters/{code}': STEWARDS,
  'GET /api/v1/exchange/log': ['auditor'],
  'GET /api/v1/exchange/log/verification': ['auditor'],
  'GET /api/v1/me/rateable': CITIZENS,
  'POST /api/v1/ratings': CITIZENS,
  'GET /api/v1/me/ratings': CITIZENS,
  'GET /api/v1/ratings/{id}': SIGNED_IN,
  'POST /api/v1/ratings/{id}/addition': CITIZENS,
  'GET /api/v1/rating-codes/{code}': ALL,
  'GET /api/v1/workbench/rating-codes': CLERK,
  'POST /api/v1/workbench/rating-codes': CLERK,
  'POST /api/v1/workbench/visits': CLERK,
  'GET /api/v1/workbench/visits': CLERK,
  'GET /api/v1/workbench/ratings': FEEDBACK,
  'GET /api/v1/workbench/rectifications': FEEDBACK,
  'GET /api/v1/workbench/rectifications/{id}': FEEDBACK,
  'POST /api/v1/workbench/rectifications/{id}/actions': FEEDBACK,
  'GET /api/v1/workbench/feedback/export/ratings': FEEDBACK,
  'GET /api/v1/workbench/feedback/export/rectifications': FEEDBACK,
  'GET /api/v1/public/feedback/stats': ALL,
  'GET /api/v1/public/feedback/rectifications': ALL,
  'POST /api/v1/complaints/files': CITIZENS,
  'POST /api/v1/complaints': CITIZENS,
  'GET /api/v1/me/complaints': CITIZENS,
  'GET /api/v1/complaints/{id}': SIGNED_IN,
  'GET /api/v1/complaints/{id}/files/{fileId}': SIGNED_IN,
  'POST /api/v1/complaints/{id}/rating': CITIZENS,
  'GET /api/v1/workbench/complaints': FEEDBACK,
  'POST /api/v1/workbench/complaints/{id}/answer': FEEDBACK,
};

/** Machine routes (bearer token, no session): 401 for every persona, whatever its session. */
const BEARER = new Set(['POST /api/v1/exchange/query']);

let t: TestApp;
let operations: { method: string; path: string }[] = [];
const cookies = new Map<PersonaName, string | undefined>();
let itemCode = '';

/** Operations that end the caller's session run last for each persona, with a fresh session. */
const ENDS_SESSION: Record<string, number> = { 'POST /api/v1/me/logout-all': 1, 'POST /api/v1/auth/logout': 2 };

async function makeSession(p: PersonaName, orgId: string): Promise<string | undefined> {
  const region = (role: 'catalogue_admin' | 'data_steward' | 'auditor' | 'supervisor' | 'platform_admin', code = '330000') => ({ kind: 'staff' as const, roles: [{ role, regionCode: code }] });
  const org = (role: 'window_clerk' | 'reviewer' | 'approver' | 'feedback_officer' | 'org_admin') => ({ kind: 'staff' as const, roles: [{ role, regionCode: '330106', organisationId: orgId }] });
  const persona = {
    anonymous: undefined,
    citizen2: { kind: 'person' as const, level: 2 },
    citizen3: { kind: 'person' as const, level: 3 },
    clerk: org('window_clerk'),
    reviewer: org('reviewer'),
    approver: org('approver'),
    feedbackOfficer: org('feedback_officer'),
    orgAdmin: org('org_admin'),
    catalogue: region('catalogue_admin'),
    catalogueCounty: region('catalogue_admin', '330106'),
    steward: region('data_steward'),
    auditor: region('auditor'),
    supervisor: region('supervisor'),
    platformAdmin: region('platform_admin'),
  }[p];
  return persona ? (await sessionOf(t, persona)).cookie : undefined;
}

beforeAll(async () => {
  t = await createTestApp();
  await seed(t.ctx.database.db, { demo: false });
  const org = await t.app.inject({ method: 'POST', url: '/api/v1/admin/organisations', headers: ADMIN, payload: TEST_ORG });
  const orgId = (JSON.parse(org.body) as { id: string }).id;
  const item = validItem(1);
  itemCode = item.implementationCode;
  expect((await t.app.inject({ method: 'POST', url: '/api/v1/admin/items', headers: ADMIN, payload: item })).statusCode).toBe(201);
  for (const p of PERSONAS) cookies.set(p, await makeSession(p, orgId));
  const doc = JSON.parse((await t.app.inject('/api/docs/json')).body) as { paths: Record<string, Record<string, unknown>> };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
}, 120_000);
afterAll(async () => t?.close());

const concrete = (path: string) =>
  path.replace('{implementationCode}', itemCode).replace('{version}', '1').replace('{id}', '0190f5b2-0000-7000-8000-000000000000').replace('{agentId}', '0190f5b2-0000-7000-8000-000000000001').replace('{fileId}', '0190f5b2-0000-7000-8000-000000000002')
    .replace('{clientId}', 'no-such-client').replace('{code}', 'no-such-resource').replace('{uid}', 'no-such-interaction')
    .replace('{keyId}', '0190f5b2-0000-7000-8000-000000000003').replace('{identifier}', '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0');

async function call(method: string, path: string, cookie: string | undefined) {
  const url = concrete(path) + (path === '/api/v1/dev/sms' ? '?phone=13800138000' : '');
  return t.app.inject({ method: method as 'GET', url, headers: cookie ? { cookie } : {}, payload: method === 'GET' || method === 'DELETE' ? undefined : {} });
}

describe(`role × route matrix on ${engine}`, () => {
  it('covers every documented operation, and nothing else', () => {
    const documented = operations.map((o) => `${o.method} ${o.path}`).sort();
    expect(documented).toEqual(Object.keys(MATRIX).sort());
  });

  it('documents a session requirement exactly on the operations closed to anonymous callers', async () => {
    const doc = JSON.parse((await t.app.inject('/api/docs/json')).body) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    for (const [key, allowed] of Object.entries(MATRIX)) {
      const [method, path] = key.split(' ') as [string, string];
      const secured = Boolean(doc.paths[path]?.[method.toLowerCase()]?.security?.length);
      expect(secured, key).toBe(!allowed.includes('anonymous'));
    }
  });

  for (const persona of PERSONAS) {
    it(`enforces the matrix for ${persona}`, async () => {
      const keys = Object.keys(MATRIX).sort((a, b) => (ENDS_SESSION[a] ?? 0) - (ENDS_SESSION[b] ?? 0));
      for (const key of keys) {
        const [method, path] = key.split(' ') as [string, string];
        const res = await call(method, path, cookies.get(persona));
        const allowed = MATRIX[key]!.includes(persona);
        if (allowed) expect([401, 403], `${persona} → ${key} answered ${res.statusCode}: ${res.body.slice(0, 200)}`).not.toContain(res.statusCode);
        else {
          expect(res.statusCode, `${persona} → ${key}`).toBe(persona === 'anonymous' || BEARER.has(key) ? 401 : 403);
          expect(res.headers['content-type']).toContain('application/problem+json');
        }
      }
    }, 60_000);
  }
});
