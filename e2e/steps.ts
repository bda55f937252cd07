/** Steps the browser tests of applications share: sign-ins, form controls, workbench actions, files, API set-up. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { request as apiRequest, type APIRequestContext, type APIResponse, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../server/src/seed/demo-identity.js';

/** A small PDF for an upload (the server recognises it by its first bytes). */
export const pdfFile = (name: string) => ({
  name,
  mimeType: 'application/pdf',
  buffer: Buffer.from(`%PDF-1.4\n% ${name}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`),
});

/** Signs a person in with the password tab of /login (the page must be open). */
export async function citizenPasswordLogin(page: Page, phone: string) {
  await page.getByRole('tab', { name: '密码登录' }).click();
  await page.locator('[id="password-login_identifier"]').fill(phone);
  await page.locator('[id="password-login_password"]').fill(DEMO_PASSWORD);
  await page.locator('form[id="password-login"]').getByRole('button', { name: /登\s*录/ }).click();
}

/** The visible one of a button rendered in the side card (desktop) and the action bar (phone). */
export const visibleButton = (page: Page, name: RegExp) => page.getByRole('button', { name }).locator('visible=true').first();

/** Picks `option` in the antd select with the element id `id`. */
export async function selectOption(page: Page, id: string, option: string) {
  await page.locator(`[id="${id}"]`).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

/**
 * Picks an option of a searchable antd select by typing it first: a long list renders only the
 * options in view (virtual list), and its options may still be loading when the dropdown opens.
 */
export async function searchOption(page: Page, id: string, option: string) {
  const input = page.locator(`[id="${id}"]`);
  await input.click();
  await input.fill(option);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

/** Signs a staff member in at /admin/login (cookies of the page's context cleared first). */
export async function staffSignIn(page: Page, baseUrl: string, username: string) {
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/admin/login`);
  await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
  await page.locator('[id="username"]').fill(username);
  await page.locator('[id="password"]').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/admin/login'));
}

/** On a workbench case page: opens an action's form, fills it, confirms, waits for the new status. */
export async function workbenchAct(page: Page, action: string, status: string, fill?: (form: Locator) => Promise<void>) {
  const panel = page.getByTestId('action-panel');
  await panel.locator(`button[data-action="${action}"]`).click();
  const form = page.getByTestId(`form-${action}`);
  await form.waitFor();
  if (fill) await fill(form);
  await form.getByTestId('action-submit').click();
  await page.locator(`[data-testid="case-page"][data-status="${status}"]`).waitFor({ timeout: 15_000 });
}

/** An API client of the node at `baseUrl`, signed in as a person (phone or ID number) or a staff member (username). */
export async function apiSession(baseUrl: string, kind: 'person' | 'staff', who: string): Promise<APIRequestContext> {
  const ctx = await apiRequest.newContext({ baseURL: baseUrl });
  const login =
    kind === 'person'
      ? await ctx.post('/api/v1/auth/login', { data: { identifier: who, password: DEMO_PASSWORD } })
      : await ctx.post('/api/v1/auth/staff/login', { data: { username: who, password: DEMO_PASSWORD } });
  expect(login.status(), `${who}: ${await login.text()}`).toBe(200);
  return ctx;
}

/** Awaits an API call, expects `status` (the URL and body in the message otherwise) and answers its JSON body. */
export async function expectStatus<T>(res: Promise<APIResponse>, status = 200): Promise<T> {
  const r = await res;
  expect(r.status(), `${r.url()}: ${await r.text()}`).toBe(status);
  return (await r.json()) as T;
}

/** 食品经营许可证核发 of the 西湖区 market regulator, and the materials it requires. */
const FOOD_LICENCE_ITEM = '11330106MB1D27406G4000132010001';
const FOOD_LICENCE_UPLOADS = [`${FOOD_LICENCE_ITEM}005`, `${FOOD_LICENCE_ITEM}006`];

/**
 * Through the API, an application for 食品经营许可证核发 driven to 办结: `citizen` (a signed-in person,
 * e.g. 王小明) applies and submits; clerk.xihu claims and accepts; approver.xihu approves both steps and
 * grants; the clerk completes (pickup). Answers the application's id and number.
 */
export async function completedApplication(baseUrl: string, citizen: APIRequestContext): Promise<{ id: string; number: string }> {
  let app = await expectStatus<{ id: string; number: string; version: number }>(
    citizen.post('/api/v1/applications', {
      headers: { 'Idempotency-Key': randomUUID() },
      data: { implementationCode: FOOD_LICENCE_ITEM, form: { premises: '杭州市西湖区文三路100号1楼', businessType: '餐饮服务经营者', businessItems: '热食类食品制售', area: 60, online: false, safetyOfficer: '王小明' } },
    }),
    201,
  );
  for (const m of FOOD_LICENCE_UPLOADS) {
    await expectStatus(citizen.post(`/api/v1/applications/${app.id}/files`, { multipart: { materialCode: m, file: pdfFile(`${m.slice(-3)}.pdf`) } }), 201);
  }
  app = await expectStatus(citizen.post(`/api/v1/applications/${app.id}/actions`, { headers: { 'If-Match': `"v${app.version}"` }, data: { type: 'submit' } }));
  const act = async (staff: APIRequestContext, body: Record<string, unknown>) => {
    const now = await expectStatus<{ version: number }>(staff.get(`/api/v1/workbench/applications/${app.id}`));
    await expectStatus(staff.post(`/api/v1/workbench/applications/${app.id}/actions`, { headers: { 'If-Match': `"v${now.version}"` }, data: body }));
  };
  const clerk = await apiSession(baseUrl, 'staff', 'clerk.xihu');
  await expectStatus(clerk.post(`/api/v1/workbench/applications/${app.id}/claim`));
  await act(clerk, { type: 'accept' });
  const approver = await apiSession(baseUrl, 'staff', 'approver.xihu');
  await act(approver, { type: 'approve_step', opinion: '材料齐全，符合条件。' });
  await act(approver, { type: 'approve_step', opinion: '同意准予许可。' });
  await act(approver, { type: 'decide', outcome: 'granted', reason: '申请材料齐全，符合法定条件。' });
  await act(clerk, { type: 'complete', delivery: 'pickup' });
  await Promise.all([clerk.dispose(), approver.dispose()]);
  return { id: app.id, number: app.number };
}
