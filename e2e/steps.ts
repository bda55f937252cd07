/** Steps the browser tests of applications share: sign-ins, form controls, workbench actions, files. */
import type { Locator, Page } from 'playwright-core';
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
