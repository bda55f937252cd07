/**
 * Authorization on every route: each operation of the OpenAPI document is called without
 * credentials, with a wrong token and with the catalogue-admin token. Administration operations
 * must refuse the first two; public ones must never ask for credentials.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ADMIN, engine, type TestApp } from '../test/harness.js';

let t: TestApp;
let operations: { method: string; path: string; secured: boolean }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const doc = JSON.parse((await t.app.inject('/api/docs/json')).body) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
  operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, secured: Array.isArray(op.security) && op.security.length > 0 })),
  );
});
afterAll(async () => t?.close());

const concrete = (path: string) => path.replace('{implementationCode}', '113301060025028704000120001000').replace('{version}', '1');

describe(`route × role matrix on ${engine}`, () => {
  it('documents every API route', () => {
    const documented = new Set(operations.map((o) => `${o.method} ${o.path}`));
    expect(documented.size).toBeGreaterThanOrEqual(14);
    // every /admin/ route is marked as secured in the document, and no public route is
    for (const o of operations) expect(o.secured, `${o.method} ${o.path}`).toBe(o.path.includes('/admin/'));
  });

  it('refuses anonymous and wrong-token callers on every administration route', async () => {
    for (const o of operations.filter((x) => x.secured)) {
      const anonymous = await t.app.inject({ method: o.method as 'GET', url: concrete(o.path), payload: o.method === 'GET' ? undefined : {} });
      expect(anonymous.statusCode, `${o.method} ${o.path}`).toBe(401);
      expect(anonymous.headers['content-type']).toContain('application/problem+json');
      const wrong = await t.app.inject({ method: o.method as 'GET', url: concrete(o.path), headers: { authorization: 'Bearer not-the-token-xxxxxxxxxxxx' }, payload: o.method === 'GET' ? undefined : {} });
      expect(wrong.statusCode, `${o.method} ${o.path}`).toBe(403);
    }
  });

  it('lets the catalogue administrator through on every administration route', async () => {
    for (const o of operations.filter((x) => x.secured)) {
      const res = await t.app.inject({ method: o.method as 'GET', url: concrete(o.path), headers: ADMIN, payload: o.method === 'GET' ? undefined : {} });
      expect([200, 400, 404], `${o.method} ${o.path}`).toContain(res.statusCode);
    }
  });

  it('never asks for credentials on public routes', async () => {
    for (const o of operations.filter((x) => !x.secured)) {
      const res = await t.app.inject({ method: o.method as 'GET', url: concrete(o.path) });
      expect([200, 404], `${o.method} ${o.path}`).toContain(res.statusCode);
    }
  });
});
