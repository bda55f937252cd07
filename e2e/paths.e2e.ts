/**
 * The other handling paths, walked in the browser by the citizen (375 px) and the staff (1280 px):
 * - 告知承诺: the citizen signs the commitment when applying; the clerk accepts on it; the approver
 *   holds a hearing (clock paused, no decision meanwhile), extends the time limit and grants;
 * - 容缺受理: the clerk accepts with a material missing and a supplement deadline; the citizen
 *   uploads it and hands it in from the case page; the approver then grants;
 * - 即办件: the clerk accepts and decides at once, then completes.
 * Screenshots: e2e/screenshots/paths-<step>.png.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as apiRequest, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '../server/src/seed/demo-identity.js';
import { SCREENSHOTS, VIEWPORTS, launchChromium, noHorizontalScroll, startNode } from './server.js';
import { citizenPasswordLogin, pdfFile, selectOption, staffSignIn, visibleButton, workbenchAct } from './steps.js';
import { recolour } from '../server/src/modules/applications/scheduler.js';

const FOOD = '11330106MB1D27406G4000132010001';
const SOLE_TRADER = '11330106MB1D27406G4000132003001';
const WANG = DEMO_PEOPLE[0];

let browser: Browser;
let node: Awaited<ReturnType<typeof startNode>>;
let phone: BrowserContext;
let desk: BrowserContext;
let citizen: Page;
let staff: Page;

beforeAll(async () => {
  [browser, node] = await Promise.all([launchChromium(), startNode()]);
  const mobile = VIEWPORTS.find((v) => v.name === 'mobile')!;
  const desktop = VIEWPORTS.find((v) => v.name === 'desktop')!;
  phone = await browser.newContext({ viewport: mobile.viewport, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  desk = await browser.newContext({ viewport: desktop.viewport, locale: 'zh-CN' });
  citizen = await phone.newPage();
  staff = await desk.newPage();
  await citizen.goto(`${node.baseUrl}/login?next=${encodeURIComponent('/my/applications')}`);
  await citizenPasswordLogin(citizen, WANG.phone);
  await citizen.waitForURL((u) => u.pathname === '/my/applications');
});
afterAll(async () => {
  await browser?.close();
  await node?.close();
});

const shot = async (page: Page, name: string) => {
  await noHorizontalScroll(page);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOTS, `paths-${name}.png`), fullPage: true });
};

/** 王小明 applies through the API: a draft of `code` with `form`, the materials uploaded, submitted. */
async function appliedByApi(code: string, form: Record<string, unknown>, uploads: string[]): Promise<string> {
  const api = await apiRequest.newContext({ baseURL: node.baseUrl });
  try {
    expect((await api.post('/api/v1/auth/login', { data: { identifier: WANG.phone, password: DEMO_PASSWORD } })).status()).toBe(200);
    const created = await api.post('/api/v1/applications', { headers: { 'Idempotency-Key': randomUUID() }, data: { implementationCode: code, form } });
    expect(created.status(), await created.text()).toBe(201);
    const app = (await created.json()) as { id: string; version: number };
    for (const materialCode of uploads) {
      const up = await api.post(`/api/v1/applications/${app.id}/files`, { multipart: { materialCode, file: pdfFile(`${materialCode.slice(-3)}.pdf`) } });
      expect(up.status(), await up.text()).toBe(201);
    }
    const res = await api.post(`/api/v1/applications/${app.id}/actions`, { headers: { 'If-Match': `"v${app.version}"` }, data: { type: 'submit' } });
    expect(res.status(), await res.text()).toBe(200);
    return app.id;
  } finally {
    await api.dispose();
  }
}

async function openCase(username: string, id: string, status: string) {
  await staffSignIn(staff, node.baseUrl, username);
  await staff.goto(`${node.baseUrl}/admin/applications/${id}`);
  await staff.locator(`[data-testid="case-page"][data-status="${status}"]`).waitFor();
}

const offered = () => staff.getByTestId('action-panel').locator('button[data-action]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-action')));
const FOOD_FORM = { premises: '杭州市西湖区天目山路 18 号', businessType: '餐饮服务经营者', businessItems: '热食类食品制售', area: 120, safetyOfficer: '王小明' };

describe('告知承诺 with a hearing and an extension', () => {
  let id = '';

  it('the citizen signs the commitment when applying on the phone', async () => {
    await citizen.goto(`${node.baseUrl}/items/${FOOD}`);
    await citizen.getByTestId('apply-online').filter({ hasText: '在线办理' }).click();
    await citizen.waitForURL(/\/my\/applications\/[0-9a-f-]+\/edit$/, { timeout: 20_000 });
    id = citizen.url().split('/').at(-2)!;
    await citizen.locator('#root_premises').fill(FOOD_FORM.premises);
    await selectOption(citizen, 'root_businessType', FOOD_FORM.businessType);
    await selectOption(citizen, 'root_businessItems', FOOD_FORM.businessItems);
    await citizen.locator('#root_area').fill(String(FOOD_FORM.area));
    await citizen.locator('#root_safetyOfficer').fill(FOOD_FORM.safetyOfficer);
    for (const n of [5, 6]) {
      const mat = citizen.locator(`li[data-material="${FOOD}00${n}"]`);
      await mat.locator('input[type=file]').setInputFiles(pdfFile(`材料${n}.pdf`));
      await mat.locator('.ow-mat-file').first().waitFor();
    }
    await citizen.getByTestId('commitment-checkbox').click();
    await visibleButton(citizen, /提交申请/).click();
    await citizen.getByRole('dialog').filter({ hasText: '确认提交申请' }).getByRole('button', { name: /提交申请/ }).click();
    await citizen.waitForURL((u) => u.pathname === `/my/applications/${id}`);
    await citizen.getByText(/已签署告知承诺/).first().waitFor();
  });

  it('the clerk accepts on the commitment', async () => {
    await openCase('clerk.xihu', id, 'submitted');
    expect(await offered()).toContain('accept_with_commitment');
    await workbenchAct(staff, 'accept_with_commitment', 'accepted');
  });

  it('the approver holds a hearing, extends the limit and grants', async () => {
    await openCase('approver.xihu', id, 'accepted');
    const before = (await staff.getByTestId('promised-deadline').textContent()) ?? '';
    await workbenchAct(staff, 'start_special_procedure', 'accepted', async (form) => {
      await form.locator('[id$="procedure"]').click();
      await staff.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '听证' }).first().click();
      await form.locator('[id$="reason"]').fill('涉及相邻居民重大利益，依申请举行听证。');
    });
    await expect.poll(offered).toContain('end_special_procedure');
    expect(await offered()).not.toContain('approve_step');
    await shot(staff, 'hearing-desk');
    await workbenchAct(staff, 'end_special_procedure', 'accepted', (form) => form.locator('textarea').fill('听证会已举行，相邻居民无异议。'));
    await workbenchAct(staff, 'extend_time_limit', 'accepted', async (form) => {
      await form.locator('[id$="reason"]').fill('需要现场核查经营场所。');
      await form.locator('[id$="legalBasis"]').fill('《中华人民共和国行政许可法》第四十二条');
    });
    await expect.poll(async () => (await staff.getByTestId('promised-deadline').textContent()) ?? '').not.toBe(before);
    await workbenchAct(staff, 'approve_step', 'under_review', (form) => form.locator('textarea').fill('材料齐全。'));
    await workbenchAct(staff, 'approve_step', 'under_review', (form) => form.locator('textarea').fill('同意。'));
    await workbenchAct(staff, 'decide', 'decided', (form) => form.locator('[id$="reason"]').fill('符合法定条件，准予许可。'));
    await shot(staff, 'commitment-decided-desk');
  });

  it('the citizen sees the hearing in the timeline and the extension', async () => {
    await citizen.goto(`${node.baseUrl}/my/applications/${id}`);
    await citizen.locator('.ow-apps-decision-outcome').filter({ hasText: '准予许可' }).waitFor();
    await citizen.getByText('已延长 10 个工作日').first().waitFor();
    const timeline = (await citizen.locator('.ow-apps-timeline').textContent()) ?? '';
    expect(timeline).toMatch(/特别程序/);
    await shot(citizen, 'commitment-phone');
  });
});

describe('容缺受理', () => {
  let id = '';

  it('the clerk accepts with the layout plan missing and a supplement deadline', async () => {
    id = await appliedByApi(FOOD, FOOD_FORM, [`${FOOD}005`, `${FOOD}006`]);
    await openCase('clerk.xihu', id, 'submitted');
    expect(await offered()).not.toContain('accept_with_commitment');
    await workbenchAct(staff, 'accept_with_tolerance', 'accepted', async (form) => {
      await form.getByText('与食品经营相适应的主要设备设施').click();
      const tomorrow = new Date(Date.now() + 86_400_000);
      const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(tomorrow);
      await form.locator('[id$="supplementDeadline"]').fill(`${day} 17:00`);
      await form.locator('[id$="supplementDeadline"]').press('Enter');
      await form.getByText('申请人已签署容缺补交承诺书').click();
    });
    await shot(staff, 'tolerance-desk');
  });

  it('the citizen uploads the missing material and hands it in on the phone', async () => {
    await citizen.goto(`${node.baseUrl}/my/applications/${id}`);
    await citizen.getByText('容缺受理：请补齐以下材料').waitFor();
    const mat = citizen.locator(`li[data-material="${FOOD}004"]`);
    await mat.locator('input[type=file]').setInputFiles(pdfFile('经营布局平面图.pdf'));
    await mat.locator('.ow-mat-file').first().waitFor();
    await shot(citizen, 'tolerance-phone');
    await citizen.getByRole('button', { name: /提交容缺材料/ }).click();
    await citizen.getByText(/容缺材料已于 .* 补齐/).waitFor();
  });

  it('the approver grants once the material is in', async () => {
    await openCase('approver.xihu', id, 'accepted');
    await workbenchAct(staff, 'approve_step', 'under_review', (form) => form.locator('textarea').fill('所缺材料已补齐。'));
    await workbenchAct(staff, 'approve_step', 'under_review', (form) => form.locator('textarea').fill('同意。'));
    await workbenchAct(staff, 'decide', 'decided', (form) => form.locator('[id$="reason"]').fill('符合条件。'));
  });
});

describe('即办件', () => {
  it('the clerk accepts and decides at once, then completes', async () => {
    const id = await appliedByApi(
      SOLE_TRADER,
      { tradeName: '西湖区小明面馆', premises: '杭州市西湖区古荡新村 5 幢', scope: '餐饮服务（小餐饮）', organisationForm: '个人经营', capital: 5 },
      [`${SOLE_TRADER}003`],
    );
    await openCase('clerk.xihu', id, 'submitted');
    await workbenchAct(staff, 'accept_and_decide', 'decided', (form) => form.locator('[id$="reason"]').fill('材料齐全，当场登记。'));
    await workbenchAct(staff, 'complete', 'completed');
    await citizen.goto(`${node.baseUrl}/my/applications/${id}`);
    await citizen.locator('.ow-apps-done').filter({ hasText: '已办结' }).waitFor();
  });
});

describe('电子监察', () => {
  it('the supervisor of the city sees the red cards of the district department, by department and by case', async () => {
    const id = await appliedByApi(FOOD, FOOD_FORM, [`${FOOD}005`, `${FOOD}006`]);
    // nobody accepts it: three weeks on, the acceptance limit (five working days) is long past
    const ctx = node.ctx;
    await recolour({ db: ctx.database.db, calendar: ctx.calendar, timeZone: ctx.config.timeZone }, new Date(Date.now() + 21 * 86_400_000));
    await staffSignIn(staff, node.baseUrl, 'supervisor');
    await staff.goto(`${node.baseUrl}/admin/supervision`);
    await staff.getByTestId('supervision-orgs').waitFor();
    await staff.getByTestId('supervision-orgs').getByText('杭州市西湖区市场监督管理局').first().waitFor();
    // the case is listed with its red card, and opens in the workbench's case page only for its department
    await staff.locator(`a[href="/admin/applications/${id}"], tr, [data-testid="case-card"]`).filter({ hasText: '待受理' }).first().waitFor();
    await shot(staff, 'supervision-desk');
    const mobile = VIEWPORTS.find((v) => v.name === 'mobile')!;
    await staff.setViewportSize(mobile.viewport);
    await staff.reload();
    await staff.getByTestId('supervision-orgs').waitFor();
    await shot(staff, 'supervision-phone');
  });
});
