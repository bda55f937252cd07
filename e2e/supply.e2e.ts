/**
 * 免提交 in Chromium. Phone (375 px): 王小明, verified (level 3) and bound to 杭州西湖云帆科技有限公司,
 * opens a draft of 食品经营许可证核发 for the enterprise: the page offers its 营业执照 (an e-licence
 * of the enterprise) and the form's 法定代表人 and 住所 (enterprise registration data); he agrees,
 * the licence-backed material is filled without an upload and the fields come prefilled; he
 * uploads the rest and submits; the detail shows what the application saved. Desktop (1280 px):
 * the window clerk sees the source and trust level of every material; as a person, 养老服务补贴申领
 * takes his ID card and household register from the population data. The exchanges are in the
 * auditor's log. Screenshots: e2e/screenshots/supply-<page>-<viewport>.png.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as apiRequest, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { SUPPLY_PURPOSE } from '@onewindow/domain';
import { DEMO_ENTERPRISES, DEMO_PASSWORD, DEMO_PEOPLE } from '../server/src/seed/demo-identity.js';
import { demoHolderLicenceIdentifier } from '../server/src/seed/demo-licences.js';
import { SCREENSHOTS, VIEWPORTS, launchChromium, noHorizontalScroll, startNode } from './server.js';
import { citizenPasswordLogin, pdfFile, selectOption, staffSignIn, visibleButton } from './steps.js';

type Node = Awaited<ReturnType<typeof startNode>>;

const FOOD = '11330106MB1D27406G4000132010001';
const ELDER = '11330106002527038F4330510030000';
const M = (n: number) => `${FOOD}00${n}`;
const [WANG] = DEMO_PEOPLE;
const YUNFAN = DEMO_ENTERPRISES[0]!;
const phone = VIEWPORTS.find((v) => v.name === 'mobile')!;
const desktop = VIEWPORTS.find((v) => v.name === 'desktop')!;

let browser: Browser;
let node: Node;
let citizen: BrowserContext;
let page: Page;
let foodId = '';

beforeAll(async () => {
  browser = await launchChromium();
  node = await startNode();
  citizen = await browser.newContext({ viewport: phone.viewport, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  page = await citizen.newPage();
  await page.goto(`${node.baseUrl}/login`);
  await citizenPasswordLogin(page, WANG.phone);
  await page.waitForURL((u) => u.pathname !== '/login');
  // level 3 through the population registry, then the enterprise he represents
  expect((await page.request.post(`${node.baseUrl}/api/v1/me/identity-verification`, { data: {} })).status()).toBe(200);
  const bound = await page.request.post(`${node.baseUrl}/api/v1/me/enterprises`, { data: { uscc: YUNFAN.uscc } });
  expect(bound.status(), await bound.text()).toBeLessThan(300);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await node?.close();
});

const shot = async (p: Page, name: string) => {
  await noHorizontalScroll(p);
  await p.waitForTimeout(400);
  await p.screenshot({ path: path.join(SCREENSHOTS, `supply-${name}.png`), fullPage: true });
};

async function draft(implementationCode: string, enterprise: boolean): Promise<string> {
  const me = (await (await page.request.get(`${node.baseUrl}/api/v1/me/enterprises`)).json()) as { items: { id: string; uscc: string }[] };
  const enterpriseId = me.items.find((e) => e.uscc === YUNFAN.uscc)?.id;
  const res = await page.request.post(`${node.baseUrl}/api/v1/applications`, { data: { implementationCode, form: {}, ...(enterprise ? { enterpriseId } : {}) } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('免提交 in the browser', () => {
  it('phone: the licence-backed material is filled without an upload, the form prefilled from shared data', async () => {
    foodId = await draft(FOOD, true);
    await page.goto(`${node.baseUrl}/my/applications/${foodId}/edit`);
    const panel = page.getByTestId('supply-panel');
    await panel.waitFor();
    const licenceRow = panel.locator('.ow-supply-row').filter({ hasText: '营业执照' });
    await licenceRow.filter({ hasText: '可调用' }).waitFor();
    expect(await licenceRow.textContent()).toContain('杭州市西湖区市场监督管理局');
    await panel.locator('.ow-supply-row').filter({ hasText: '法定代表人（负责人）、住所' }).filter({ hasText: '可调用' }).waitFor();
    // nothing is fetched before consent: the button waits for the tick
    expect(await page.getByTestId('supply-button').isDisabled()).toBe(true);
    expect(await page.locator('#root_address').inputValue()).toBe('');
    await shot(page, 'offer-mobile');

    await page.getByTestId('supply-consent').click();
    await page.getByTestId('supply-button').click();
    await page.getByText('已免提交 1 份材料，已带出 2 项表单信息').first().waitFor();
    await expect.poll(() => page.locator('#root_address').inputValue()).toBe(YUNFAN.address);
    expect(await page.locator('#root_legalRepresentative').inputValue()).toBe('王小明');
    const licenceMaterial = page.locator(`li[data-material="${M(2)}"]`);
    await licenceMaterial.getByTestId('material-supplied').filter({ hasText: '已由电子证照「营业执照」免提交' }).waitFor();
    expect(await licenceMaterial.locator('input[type=file]').count()).toBe(0);
    await panel.getByTestId('supply-saved').filter({ hasText: '本次办理已免提交 1 份材料' }).waitFor();
    await shot(page, 'done-mobile');

    // the rest as before: the form, two uploads, submit
    await page.locator('#root_premises').fill('杭州市西湖区文三路 478 号华星时代广场 1 楼');
    await selectOption(page, 'root_businessType', '餐饮服务经营者');
    await selectOption(page, 'root_businessItems', '热食类食品制售');
    await page.locator('#root_area').fill('60');
    await page.locator('#root_safetyOfficer').fill('赵安全');
    for (const [n, name] of [[5, '规章制度目录.pdf'], [6, '食品安全管理人员.pdf']] as const) {
      const row = page.locator(`li[data-material="${M(n)}"]`);
      await row.locator('input[type=file]').setInputFiles(pdfFile(name));
      await row.locator('.ow-mat-file').filter({ hasText: name }).waitFor();
    }
    await visibleButton(page, /提交申请/).click();
    await page.getByRole('dialog').filter({ hasText: '确认提交申请' }).getByRole('button', { name: /提交申请/ }).click();
    await page.waitForURL((u) => u.pathname === `/my/applications/${foodId}`);
    await page.getByTestId('savings').filter({ hasText: '免提交材料 1 份，少跑 2 次' }).waitFor();
    await shot(page, 'detail-mobile');

    // the consent is an authorisation of use for this application, in the enterprise's wallet
    const licence = demoHolderLicenceIdentifier('businessLicence');
    const auths = (await (await page.request.get(`${node.baseUrl}/api/v1/me/licences/${encodeURIComponent(licence)}/authorisations`)).json()) as { items: { granteeId: string; status: string }[] };
    expect(auths.items).toEqual([expect.objectContaining({ granteeId: foodId, status: 'active' })]);
  });

  it('desktop: the window clerk sees the source and trust level of every material', async () => {
    const ctx = await browser.newContext({ viewport: desktop.viewport, locale: 'zh-CN' });
    const staff = await ctx.newPage();
    await staffSignIn(staff, node.baseUrl, 'clerk.xihu');
    await staff.goto(`${node.baseUrl}/admin/applications/${foodId}`);
    const trust = (n: number) => staff.getByTestId(`trust-${M(n)}`);
    await trust(2).filter({ hasText: '电子证照（免提交）' }).filter({ hasText: '可信等级 A' }).waitFor();
    expect(await trust(5).textContent()).toContain('申请人上传 · 可信等级 C');
    expect(await trust(1).textContent()).toContain('在线填写');
    const material = staff.getByTestId(`material-${M(2)}`);
    expect(await material.textContent()).toContain('申请人已授权本办件使用');
    expect(await material.getByRole('link', { name: '核验证照' }).getAttribute('href')).toMatch(/^\/verify\/1\.2\.156\.3005\.2\./);
    await staff.getByTestId(`material-${M(2)}`).scrollIntoViewIfNeeded();
    await shot(staff, 'staff-desktop');
    await staff.setViewportSize(phone.viewport);
    await shot(staff, 'staff-mobile');
    await ctx.close();
  });

  it('desktop: as a person, the ID card and household register come from the population data', async () => {
    const ctx = await browser.newContext({ viewport: desktop.viewport, locale: 'zh-CN' });
    await ctx.addCookies(await citizen.cookies());
    const p = await ctx.newPage();
    const id = await draft(ELDER, false);
    await p.goto(`${node.baseUrl}/my/applications/${id}/edit`);
    const panel = p.getByTestId('supply-panel');
    await panel.locator('.ow-supply-row').filter({ hasText: '居民户口簿' }).filter({ hasText: '可调用' }).waitFor();
    expect(await panel.locator('.ow-supply-row').filter({ hasText: '居民户口簿' }).textContent()).toContain('共享数据：人口基础信息');
    await p.getByTestId('supply-consent').click();
    await p.getByTestId('supply-button').click();
    await p.getByText('已免提交 2 份材料，已带出 1 项表单信息').first().waitFor();
    await expect.poll(() => p.locator('#root_address').inputValue()).toBe(WANG.householdAddress);
    expect(await p.getByTestId('material-supplied').count()).toBe(2);
    await shot(p, 'person-desktop');
    await ctx.close();

    // every read is in the exchange log, for the handling organisation and the 免提交 purpose
    const auditor = await apiRequest.newContext({ baseURL: node.baseUrl });
    expect((await auditor.post('/api/v1/auth/staff/login', { data: { username: 'auditor', password: DEMO_PASSWORD } })).status()).toBe(200);
    const log = (await (await auditor.get('/api/v1/exchange/log', { params: { pageSize: 50 } })).json()) as { items: { purpose: string; outcome: string; resourceCode: string }[] };
    const reads = log.items.filter((e) => e.purpose === SUPPLY_PURPOSE && e.outcome === 'granted').map((e) => e.resourceCode).sort();
    expect(reads).toEqual(['330000-QY-0001', '330000-RK-0001']);
    await auditor.dispose();
  });
});
