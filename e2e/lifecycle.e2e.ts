/**
 * One application from start to result, every step in the browser: 王小明 applies on a phone
 * (375 px) for 食品经营许可证核发 with two PDF materials; the window clerk (desktop) finds it in
 * 待我处理, claims and accepts it; the reviewer-approver passes both review steps and grants it; the
 * clerk completes it with the licence PDF; on the phone 王小明 sees 办结, the decision and the result.
 * Screenshots: e2e/screenshots/lifecycle-<step>.png.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PEOPLE } from '../server/src/seed/demo-identity.js';
import { SCREENSHOTS, VIEWPORTS, launchChromium, noHorizontalScroll, startNode } from './server.js';
import { citizenPasswordLogin, pdfFile, selectOption, staffSignIn, visibleButton, workbenchAct } from './steps.js';

const FOOD = '11330106MB1D27406G4000132010001';
const M = (n: number) => `${FOOD}00${n}`;
const WANG = DEMO_PEOPLE[0];

let browser: Browser;
let node: Awaited<ReturnType<typeof startNode>>;
let phone: BrowserContext;
let desk: BrowserContext;
let citizen: Page;
let staff: Page;
let id = '';
let number = '';

beforeAll(async () => {
  [browser, node] = await Promise.all([launchChromium(), startNode()]);
  const mobile = VIEWPORTS.find((v) => v.name === 'mobile')!;
  const desktop = VIEWPORTS.find((v) => v.name === 'desktop')!;
  phone = await browser.newContext({ viewport: mobile.viewport, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  desk = await browser.newContext({ viewport: desktop.viewport, locale: 'zh-CN' });
  citizen = await phone.newPage();
  staff = await desk.newPage();
});
afterAll(async () => {
  await browser?.close();
  await node?.close();
});

const shot = async (page: Page, name: string) => {
  await noHorizontalScroll(page);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOTS, `lifecycle-${name}.png`), fullPage: true });
};

describe('an application from the phone to the result', () => {
  it('the citizen applies on a phone with two uploaded materials', async () => {
    await citizen.goto(`${node.baseUrl}/login?next=${encodeURIComponent(`/items/${FOOD}`)}`);
    await citizenPasswordLogin(citizen, WANG.phone);
    await citizen.waitForURL((u) => u.pathname === `/items/${FOOD}`);
    await citizen.getByTestId('apply-online').filter({ hasText: '在线办理' }).click();
    await citizen.waitForURL(/\/my\/applications\/[0-9a-f-]+\/edit$/, { timeout: 20_000 });
    id = citizen.url().split('/').at(-2)!;
    number = ((await citizen.getByTestId('application-number').textContent()) ?? '').trim();
    expect(number).toMatch(/^330106\d{14}$/);

    await citizen.locator('#root_premises').fill('杭州市西湖区文三路 200 号');
    await selectOption(citizen, 'root_businessType', '餐饮服务经营者');
    await selectOption(citizen, 'root_businessItems', '自制饮品制售');
    await citizen.locator('#root_area').fill('36');
    await citizen.locator('#root_safetyOfficer').fill('王小明');
    for (const [n, name] of [[5, '食品安全规章制度目录.pdf'], [6, '食品安全管理人员基本情况.pdf']] as const) {
      const mat = citizen.locator(`li[data-material="${M(n)}"]`);
      await mat.locator('input[type=file]').setInputFiles(pdfFile(name));
      await mat.locator('.ow-mat-file').filter({ hasText: name }).waitFor();
    }
    await shot(citizen, 'apply-phone');
    await visibleButton(citizen, /提交申请/).click();
    await citizen.getByRole('dialog').filter({ hasText: '确认提交申请' }).getByRole('button', { name: /提交申请/ }).click();
    await citizen.waitForURL((u) => u.pathname === `/my/applications/${id}`);
    await citizen.locator('.ow-app-status[data-status="submitted"]').first().waitFor();
    await shot(citizen, 'submitted-phone');
  });

  it('the window clerk finds it in 待我处理, claims and accepts it', async () => {
    await staffSignIn(staff, node.baseUrl, 'clerk.xihu');
    await staff.waitForURL(/\/admin\/applications$/);
    const row = staff.locator('.ow-wb-table tr').filter({ hasText: number });
    await row.waitFor();
    await row.getByRole('link', { name: number }).click();
    await staff.locator('[data-testid="case-page"][data-status="submitted"]').waitFor();
    await expect.poll(() => staff.locator('.ow-wb-materials .ow-wb-file').count()).toBe(2);
    await staff.getByTestId('claim-bar').getByRole('button', { name: /认领办件/ }).click();
    await staff.locator('.ow-wb-claim-mine').waitFor();
    await workbenchAct(staff, 'accept', 'accepted');
    await shot(staff, 'accepted-desk');
  });

  it('the approver passes both review steps and grants the licence', async () => {
    await staffSignIn(staff, node.baseUrl, 'approver.xihu');
    await staff.goto(`${node.baseUrl}/admin/applications/${id}`);
    await staff.locator('[data-testid="case-page"][data-status="accepted"]').waitFor();
    await workbenchAct(staff, 'approve_step', 'under_review', (form) => form.locator('textarea').fill('材料齐全，符合条件。'));
    await workbenchAct(staff, 'approve_step', 'under_review', (form) => form.locator('textarea').fill('同意准予许可。'));
    await workbenchAct(staff, 'decide', 'decided', (form) => form.locator('[id$="reason"]').fill('申请材料齐全，符合法定条件。'));
    await staff.getByTestId('decision').getByText('准予许可').waitFor();
  });

  it('the clerk completes it with the licence document', async () => {
    await staffSignIn(staff, node.baseUrl, 'clerk.xihu');
    await staff.goto(`${node.baseUrl}/admin/applications/${id}`);
    await staff.locator('[data-testid="case-page"][data-status="decided"]').waitFor();
    await staff.getByTestId('action-panel').locator('button[data-action="complete"]').click();
    const form = staff.getByTestId('form-complete');
    await form.locator('input[type="file"]').setInputFiles(pdfFile('食品经营许可证.pdf'));
    await form.getByText('食品经营许可证.pdf').waitFor();
    await form.getByTestId('action-submit').click();
    await staff.locator('[data-testid="case-page"][data-status="completed"]').waitFor({ timeout: 15_000 });
    await shot(staff, 'completed-desk');
  });

  it('the citizen sees 办结, the decision and the result on the phone', async () => {
    await citizen.reload();
    await citizen.locator('.ow-apps-done').filter({ hasText: '已办结' }).waitFor();
    await citizen.locator('.ow-apps-decision-outcome').filter({ hasText: '准予许可' }).waitFor();
    const link = citizen.locator('.ow-apps-results a').filter({ hasText: '食品经营许可证.pdf' });
    const res = await citizen.request.get(`${node.baseUrl}${await link.getAttribute('href')}`);
    expect(res.status()).toBe(200);
    expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const timeline = (await citizen.locator('.ow-apps-timeline').textContent()) ?? '';
    for (const step of ['提交申请', '受理', '作出决定', '办结']) expect(timeline).toContain(step);
    // the reviewers' internal opinions stay inside the department
    expect(timeline).not.toContain('同意准予许可。');
    await shot(citizen, 'done-phone');
  });
});
