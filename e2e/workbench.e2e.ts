/**
 * The handling workbench (办件) in Chromium at 1280 px and 375 px, on one demo node: 王小明 applies
 * online through the HTTP API for 食品经营许可证核发 (form, the required materials as small PDFs,
 * submit); the window clerk of the 西湖区 market regulator finds the case in 待我处理, claims and
 * accepts it; the reviewer-approver approves both review steps and grants the licence; the clerk
 * completes it with a result PDF (e-licence); the history shows every step; the supervisor's 电子监察
 * page renders. Desktop also checks 窗口受理 with a person not yet registered (told to register
 * first) and the 逾期办件 view. Screenshots: e2e/screenshots/workbench-<page>-<viewport>.png.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as apiRequest, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '../server/src/seed/demo-identity.js';
import { SCREENSHOTS, VIEWPORTS, launchChromium, noHorizontalScroll, startNode } from './server.js';
import { staffSignIn, workbenchAct } from './steps.js';

type Node = Awaited<ReturnType<typeof startNode>>;

const ITEM = '11330106MB1D27406G4000132010001';
const REQUIRED_UPLOADS = ['11330106MB1D27406G4000132010001005', '11330106MB1D27406G4000132010001006'];
const WANG = DEMO_PEOPLE[0];
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

let browser: Browser;
let node: Node;

beforeAll(async () => {
  [browser, node] = await Promise.all([launchChromium(), startNode()]);
});
afterAll(async () => {
  await browser?.close();
  await node?.close();
});

/** 王小明 applies online: draft, materials, submit. Answers the case's id and number. */
async function applyAsCitizen(base: string): Promise<{ id: string; number: string }> {
  const citizen = await apiRequest.newContext({ baseURL: base });
  try {
    const login = await citizen.post('/api/v1/auth/login', { data: { identifier: WANG.phone, password: DEMO_PASSWORD } });
    expect(login.status(), await login.text()).toBe(200);
    const created = await citizen.post('/api/v1/applications', {
      headers: { 'Idempotency-Key': randomUUID() },
      data: {
        implementationCode: ITEM,
        form: { premises: '杭州市西湖区文三路100号1楼', businessType: '餐饮服务经营者', businessItems: '热食类食品制售', area: 60, online: false, safetyOfficer: '王小明' },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const app = (await created.json()) as { id: string; number: string; version: number };
    for (const code of REQUIRED_UPLOADS) {
      const up = await citizen.post(`/api/v1/applications/${app.id}/files`, {
        multipart: { materialCode: code, file: { name: `${code.slice(-3)}.pdf`, mimeType: 'application/pdf', buffer: PDF } },
      });
      expect(up.status(), await up.text()).toBe(201);
    }
    const submitted = await citizen.post(`/api/v1/applications/${app.id}/actions`, { headers: { 'If-Match': `"v${app.version}"` }, data: { type: 'submit' } });
    expect(submitted.status(), await submitted.text()).toBe(200);
    return { id: app.id, number: app.number };
  } finally {
    await citizen.dispose();
  }
}

const signIn = (page: Page, username: string) => staffSignIn(page, node.baseUrl, username);
const act = workbenchAct;

for (const vp of VIEWPORTS) {
  const mobile = vp.isMobile;
  const shot = async (page: Page, name: string, fullPage = true) => {
    await noHorizontalScroll(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, `workbench-${name}-${vp.name}.png`), fullPage });
  };

  describe(`handling workbench at ${vp.viewport.width} px`, () => {
    let context: BrowserContext;
    let page: Page;
    let kase: { id: string; number: string };

    beforeAll(async () => {
      kase = await applyAsCitizen(node.baseUrl);
      context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: 'zh-CN' });
      page = await context.newPage();
    });
    afterAll(async () => {
      await context?.close();
    });

    it('the window clerk finds the case in 待我处理, claims and accepts it', async () => {
      await signIn(page, 'clerk.xihu');
      await page.waitForURL(/\/admin\/applications$/);
      await page.getByRole('heading', { name: '办件' }).waitFor();
      const entry = mobile ? page.getByTestId('case-card').filter({ hasText: kase.number }) : page.locator('.ow-wb-table tr').filter({ hasText: kase.number });
      await entry.waitFor();
      expect(await entry.textContent()).toContain('待受理');
      expect(await entry.textContent()).toContain('网上');
      await shot(page, 'queue');

      await entry.getByRole('link', { name: kase.number }).click();
      await page.locator('[data-testid="case-page"][data-status="submitted"]').waitFor();
      // masked applicant, the form in its order with the titles, the uploaded materials
      const applicant = await page.getByTestId('applicant').textContent();
      expect(applicant).toContain('王*明'.slice(0, 1));
      expect(applicant).not.toContain(WANG.idNumber);
      expect(await page.locator('.ow-wb-form-data').textContent()).toContain('经营场所');
      expect(await page.locator('.ow-wb-form-data').textContent()).toContain('杭州市西湖区文三路100号1楼');
      await expect.poll(() => page.locator('.ow-wb-materials .ow-wb-file').count()).toBe(2);
      // exactly the actions allowed: accept, 容缺, correction, rejection, green channel (no 告知承诺: not signed)
      const offered = await page.getByTestId('action-panel').locator('button[data-action]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-action')));
      expect(offered).toContain('accept');
      expect(offered).toContain('request_correction');
      expect(offered).toContain('reject');
      expect(offered).not.toContain('accept_with_commitment');
      expect(offered).not.toContain('decide');

      await page.getByTestId('claim-bar').getByRole('button', { name: /认领办件/ }).click();
      await page.locator('.ow-wb-claim-mine').waitFor();
      await shot(page, 'case-submitted');
      if (mobile) {
        await page.evaluate(() => window.scrollTo(0, 0));
        await shot(page, 'case-top', false);
      }

      // the rejection form asks for reason and legal basis before anything is sent
      await page.getByTestId('action-panel').locator('button[data-action="reject"]').click();
      await page.getByTestId('form-reject').getByTestId('action-submit').click();
      await page.getByTestId('form-reject').getByText('请填写理由').waitFor();
      await page.getByTestId('form-reject').getByText('请填写法律依据').waitFor();
      if (!mobile) await shot(page, 'case-reject-form');

      await act(page, 'accept', 'accepted');
      // the claim ends with the action; the history shows submit and accept
      await expect.poll(() => page.getByTestId('history-event').count()).toBe(2);
      expect(await page.getByTestId('promised-deadline').textContent()).toMatch(/\d{4}/);
    });

    it('the reviewer-approver approves both steps and grants the licence', async () => {
      await signIn(page, 'approver.xihu');
      await page.waitForURL(/\/admin\/applications$/);
      const entry = mobile ? page.getByTestId('case-card').filter({ hasText: kase.number }) : page.locator('.ow-wb-table tr').filter({ hasText: kase.number });
      await entry.waitFor();
      await entry.getByRole('link', { name: kase.number }).click();
      await page.locator('[data-testid="case-page"][data-status="accepted"]').waitFor();

      // the opinion is required
      await page.getByTestId('action-panel').locator('button[data-action="approve_step"]').click();
      await page.getByTestId('form-approve_step').getByTestId('action-submit').click();
      await page.getByTestId('form-approve_step').getByText('请填写审查意见').waitFor();
      await page.getByTestId('form-approve_step').locator('textarea').fill('材料齐全，经营场所符合要求，同意。');
      await page.getByTestId('form-approve_step').getByTestId('action-submit').click();
      await page.locator('[data-testid="case-page"][data-status="under_review"]').waitFor();
      await act(page, 'approve_step', 'under_review', async (form) => {
        await form.locator('textarea').fill('同意准予许可。');
      });
      await expect.poll(() => page.getByTestId('action-panel').locator('button[data-action="decide"]').count()).toBe(1);
      await shot(page, 'case-review');
      await act(page, 'decide', 'decided', async (form) => {
        await form.locator('[id$="reason"]').fill('申请材料齐全，符合《食品经营许可和备案管理办法》规定的条件。');
      });
      await page.getByTestId('decision').getByText('准予许可').waitFor();
    });

    it('the clerk completes it with the result document', async () => {
      await signIn(page, 'clerk.xihu');
      await page.goto(`${node.baseUrl}/admin/applications/${kase.id}`);
      await page.locator('[data-testid="case-page"][data-status="decided"]').waitFor();
      await page.getByTestId('action-panel').locator('button[data-action="complete"]').click();
      const form = page.getByTestId('form-complete');
      await form.locator('input[type="file"]').setInputFiles({ name: '食品经营许可证.pdf', mimeType: 'application/pdf', buffer: PDF });
      await form.getByText('食品经营许可证.pdf').waitFor();
      if (mobile) {
        await form.getByTestId('action-submit').scrollIntoViewIfNeeded();
        await shot(page, 'case-complete-form', false);
      }
      await form.getByTestId('action-submit').click();
      await page.locator('[data-testid="case-page"][data-status="completed"]').waitFor({ timeout: 15_000 });
      await expect.poll(() => page.getByTestId('history-event').count()).toBe(6);
      await page.locator('.ow-wb-timeline').getByText('食品经营许可证.pdf').waitFor();
      await page.getByTestId('no-actions').waitFor();
      await shot(page, 'case-completed');

      // 全部办件 lists it as completed; 逾期办件 is the red-card view
      await page.goto(`${node.baseUrl}/admin/applications?forMe=0`);
      const entry = mobile ? page.getByTestId('case-card').filter({ hasText: kase.number }) : page.locator('.ow-wb-table tr').filter({ hasText: kase.number });
      await entry.waitFor();
      expect(await entry.textContent()).toContain('已办结');
      await page.getByTestId('queue-tab-overdue').click();
      await page.waitForURL(/warning=red/);
      await page.getByText('已亮红牌的办件').waitFor();
      await page.locator('.ant-tabs-tab-active').filter({ hasText: '逾期办件' }).waitFor();
      await page.mouse.move(0, 0);
      await page.waitForTimeout(400); // the tab's ink bar slides over
      if (!mobile) await shot(page, 'queue-overdue');
    });

    if (!mobile) {
      it('窗口受理: a person without an account is told to register first', async () => {
        await page.goto(`${node.baseUrl}/admin/applications/new`);
        await page.getByRole('heading', { name: '窗口受理' }).waitFor();
        const unregistered = DEMO_PEOPLE.find((p) => !p.registered)!;
        await page.locator('[id="name"]').fill(unregistered.name);
        await page.locator('[id="idNumber"]').fill(unregistered.idNumber);
        await page.getByText('已核验申请人的居民身份证原件').click();
        await page.locator('.ant-select').filter({ has: page.locator('[id="item"]') }).click();
        await page.locator('[id="item"]').fill('食品经营许可');
        await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: ITEM }).first().click();
        await page.getByRole('button', { name: '开始录入' }).click();
        await page.getByTestId('unregistered').waitFor();
        await shot(page, 'window-unregistered');
      });
    }

    if (!mobile) {
      it('窗口受理: the clerk enters the application of 王小明 at the counter; a claim by someone else blocks the clerk (409)', async () => {
        await signIn(page, 'clerk.xihu');
        await page.goto(`${node.baseUrl}/admin/applications/new`);
        await page.locator('[id="name"]').fill(WANG.name);
        await page.locator('[id="idNumber"]').fill(WANG.idNumber);
        await page.getByText('已核验申请人的居民身份证原件').click();
        await page.locator('.ant-select').filter({ has: page.locator('[id="item"]') }).click();
        await page.locator('[id="item"]').fill('食品经营许可');
        await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: ITEM }).first().click();
        await page.getByRole('button', { name: '开始录入' }).click();
        await page.getByTestId('window-draft').waitFor();
        const caseId = page.url().split('/').pop()!;

        // the form: typed fields; prefilled ones read-only from the verified profile
        await page.locator('[id="root_premises"]').fill('杭州市西湖区天目山路200号');
        await page.locator('.ant-select').filter({ has: page.locator('[id="root_businessType"]') }).click();
        await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '餐饮服务经营者' }).first().click();
        await page.locator('.ant-select').filter({ has: page.locator('[id="root_businessItems"]') }).click();
        await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: '自制饮品制售' }).first().click();
        await page.locator('[id="root_area"]').fill('35');
        await page.locator('[id="root_safetyOfficer"]').fill('王小明');
        // submitting without the required materials names them
        await page.getByTestId('window-submit').click();
        await page.getByTestId(`window-material-${REQUIRED_UPLOADS[0]}`).locator('.ow-wb-error').waitFor();
        for (const code of REQUIRED_UPLOADS) {
          const item = page.getByTestId(`window-material-${code}`);
          await item.locator('input[type="file"]').setInputFiles({ name: `窗口-${code.slice(-3)}.pdf`, mimeType: 'application/pdf', buffer: PDF });
          await item.getByText(`窗口-${code.slice(-3)}.pdf`).waitFor();
        }
        await shot(page, 'window-draft');
        await page.getByTestId('window-submit').click();
        await page.locator('[data-testid="case-page"][data-status="submitted"]').waitFor({ timeout: 15_000 });
        expect(await page.locator('.ow-wb-case-head').textContent()).toContain('窗口');

        // another handler claims it meanwhile: the clerk's 受理 answers 409, the page says so and locks
        const other = await apiRequest.newContext({ baseURL: node.baseUrl });
        expect((await other.post('/api/v1/auth/staff/login', { data: { username: 'approver.xihu', password: DEMO_PASSWORD } })).status()).toBe(200);
        expect((await other.post(`/api/v1/workbench/applications/${caseId}/claim`)).status()).toBe(200);
        await page.getByTestId('action-panel').locator('button[data-action="accept"]').click();
        await page.getByTestId('form-accept').getByTestId('action-submit').click();
        await page.locator('.ow-wb-claim-other').waitFor();
        await page.getByTestId('action-panel').getByText('已被他人认领').first().waitFor();
        expect(await page.getByTestId('action-panel').locator('button[data-action="accept"]').isDisabled()).toBe(true);
        await shot(page, 'case-claimed-by-other');
        expect((await other.post(`/api/v1/workbench/applications/${caseId}/release`)).status()).toBe(200);
        await other.dispose();

        // released: 补正 with one complete list (一次性告知), then 不予受理 with reason and legal basis
        await page.reload();
        await page.locator('[data-testid="case-page"][data-status="submitted"]').waitFor();
        await act(page, 'request_correction', 'correction_requested', async (form) => {
          await form.locator('input').first().fill('经营场所平面布局图未标明食品处理区');
          await form.getByRole('button', { name: '添加一项' }).click();
          await form.locator('input').nth(1).fill('食品安全管理人员基本情况缺少联系方式');
          await form.locator('textarea').fill('请一次性补齐上述材料。');
        });
        await page.locator('.ow-wb-outcome').getByText('食品安全管理人员基本情况缺少联系方式').waitFor();
        await act(page, 'reject', 'rejected', async (form) => {
          await form.locator('[id$="reason"]').fill('申请人书面表示不再补正。');
          await form.locator('[id$="legalBasis"]').fill('《中华人民共和国行政许可法》第三十二条');
        });
        await page.locator('.ow-wb-outcome').getByText('不予受理').waitFor();
        await shot(page, 'case-rejected');
      });
    }

    it('the supervisor sees 电子监察', async () => {
      await signIn(page, 'supervisor');
      await page.waitForURL(/\/admin\/supervision$/);
      await page.getByRole('heading', { name: '电子监察' }).waitFor();
      await page.getByTestId('supervision-orgs').waitFor();
      await page.getByText(/共 \d+ 件/).waitFor();
      await shot(page, 'supervision');
    });
  });
}
