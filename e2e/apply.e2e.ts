/**
 * Online application (在线办理) by the applicant in Chromium. Phone (375 px): 王小明 opens the guide
 * of 食品经营许可证核发 signed out, 在线办理 → login → back, a personal draft opens; an item that
 * needs level 3 explains the level and links to 个人中心; raised to level 3 and bound to 杭州西湖云帆
 * 科技有限公司, he starts as the enterprise, fills the form (enterprise fields prefilled), saves the
 * draft, reloads (resume), uploads PDFs for the required materials, sees a disguised .exe refused,
 * signs the 告知承诺, submits → 待受理 in 我的办件, the notification under the bell. Desktop
 * (1280 px): the list, the detail with its timeline, withdrawing the personal draft's sibling.
 * Screenshots: e2e/screenshots/apply-<page>-<viewport>.png.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { request as apiRequest, type APIRequestContext, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_ENTERPRISES, DEMO_PASSWORD, DEMO_PEOPLE } from '../server/src/seed/demo-identity.js';
import { SCREENSHOTS, VIEWPORTS, launchChromium, noHorizontalScroll, startNode } from './server.js';
import { citizenPasswordLogin, pdfFile, selectOption, visibleButton } from './steps.js';

type Node = Awaited<ReturnType<typeof startNode>>;

const FOOD = '11330106MB1D27406G4000132010001';
const DRUGS = '11330106MB1D27406G4000136001001';
const M = (n: number) => `${FOOD}00${n}`;
const [WANG] = DEMO_PEOPLE;
const YUNFAN = DEMO_ENTERPRISES[0]!;

const pdf = pdfFile;
/** an executable dressed up as a PDF: the server reads the content and refuses it */
const exe = { name: '营业执照.pdf.exe', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(256, 0x90)]) };

let browser: Browser;
let node: Node;

beforeAll(async () => {
  browser = await launchChromium();
  node = await startNode();
});
afterAll(async () => {
  await browser?.close();
  await node?.close();
});

const shot = async (page: Page, name: string) => {
  await noHorizontalScroll(page);
  // let dialogs, menus and messages finish their animations
  await page.waitForTimeout(400);
  await page.screenshot({ path: path.join(SCREENSHOTS, `apply-${name}.png`), fullPage: true });
};

/** An API client signed in as `identifier` (a person's phone, or a staff username). */
async function signedIn(identifier: string): Promise<APIRequestContext> {
  const ctx = await apiRequest.newContext({ baseURL: node.baseUrl });
  const staff = !/^\d+$/.test(identifier);
  const login = staff
    ? await ctx.post('/api/v1/auth/staff/login', { data: { username: identifier, password: DEMO_PASSWORD } })
    : await ctx.post('/api/v1/auth/login', { data: { identifier, password: DEMO_PASSWORD } });
  expect(login.status(), await login.text()).toBe(200);
  return ctx;
}

/** A staff action on the case at its current version; answers the case after it. */
async function staffAct(staff: APIRequestContext, id: string, action: Record<string, unknown>) {
  const current = (await (await staff.get(`/api/v1/workbench/applications/${id}`)).json()) as { version: number };
  const res = await staff.post(`/api/v1/workbench/applications/${id}/actions`, { headers: { 'If-Match': `"v${current.version}"` }, data: action });
  expect(res.status(), `${String(action.type)}: ${await res.text()}`).toBe(200);
  return (await res.json()) as { status: string; version: number };
}

const passwordLogin = (page: Page) => citizenPasswordLogin(page, WANG.phone);

describe('online application', () => {
  let context: BrowserContext;
  let page: Page;
  let applicationId = '';
  let personalId = '';

  it('phone: signed out, 在线办理 goes to login and back, and a personal draft opens', async () => {
    const vp = VIEWPORTS.find((v) => v.name === 'mobile')!;
    context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: 'zh-CN' });
    page = await context.newPage();
    await page.goto(`${node.baseUrl}/items/${FOOD}`);
    const apply = page.getByTestId('apply-online');
    await apply.filter({ hasText: '登录后在线办理' }).waitFor();
    await shot(page, 'guide-mobile');
    await apply.click();
    await page.waitForURL((u) => u.pathname === '/login' && (u.searchParams.get('next') ?? '').startsWith(`/items/${FOOD}`));
    await passwordLogin(page);
    // back on the guide with ?apply=1: the start resumes; no enterprise yet: a personal draft
    await page.waitForURL(/\/my\/applications\/[0-9a-f-]+\/edit$/, { timeout: 20_000 });
    personalId = page.url().split('/').at(-2)!;
    await page.getByTestId('application-number').waitFor();
    expect(await page.getByTestId('application-number').textContent()).toMatch(/^330106\d{14}$/);
    await page.getByText('个人办理').first().waitFor();
  });

  it('phone: an item that needs level 3 says so and links to 个人中心', async () => {
    await page.goto(`${node.baseUrl}/items/${DRUGS}`);
    await page.getByTestId('apply-online').filter({ hasText: '在线办理' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '您的实名认证等级不足' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('3 级');
    expect(await dialog.locator('a[href="/account"]').count()).toBe(1);
    await shot(page, 'level-too-low-mobile');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
  });

  it('phone: as the enterprise: fill, save, resume, upload, refuse an .exe, sign, submit', async () => {
    // level 3 through the population registry, then the enterprise he represents
    expect((await page.request.post(`${node.baseUrl}/api/v1/me/identity-verification`, { data: {} })).status()).toBe(200);
    const bound = await page.request.post(`${node.baseUrl}/api/v1/me/enterprises`, { data: { uscc: YUNFAN.uscc } });
    expect(bound.status(), await bound.text()).toBeLessThan(300);
    await page.goto(`${node.baseUrl}/items/${FOOD}`);
    await page.getByTestId('apply-online').filter({ hasText: '在线办理' }).click();
    const chooser = page.getByRole('dialog').filter({ hasText: '选择办理身份' });
    await chooser.waitFor();
    await chooser.getByText(YUNFAN.name).click();
    await shot(page, 'choose-mobile');
    await chooser.getByRole('button', { name: /开始办理/ }).click();
    await page.waitForURL(/\/my\/applications\/[0-9a-f-]+\/edit$/);
    applicationId = page.url().split('/').at(-2)!;
    expect(applicationId).not.toBe(personalId);

    // prefilled from the enterprise and the verified account: read-only, masked
    await expect.poll(() => page.locator('#root_operatorName').inputValue()).toBe(YUNFAN.name);
    expect(await page.locator('#root_uscc').inputValue()).toBe(YUNFAN.uscc);
    expect(await page.locator('#root_contactName').inputValue()).toMatch(/^王\*/);
    expect(await page.locator('#root_operatorName').getAttribute('readonly')).not.toBeNull();
    // required fields are marked
    expect(await page.locator('label[for="root_premises"].ant-form-item-required').count()).toBe(1);

    // a draft is checked by the server only: too short an address comes back under its field
    await page.locator('#root_premises').fill('西湖');
    await visibleButton(page, /保存草稿/).click();
    const premisesItem = page.locator('.ant-form-item').filter({ has: page.locator('#root_premises') }).last();
    await premisesItem.locator('.ant-form-item-explain-error').filter({ hasText: '至少填写 5 个字符' }).waitFor();
    await shot(page, 'server-error-mobile');
    await page.locator('#root_premises').fill('杭州市西湖区文三路 100 号 1 楼');
    await expect.poll(() => premisesItem.locator('.ant-form-item-explain-error').count()).toBe(0);
    await selectOption(page, 'root_businessType', '餐饮服务经营者');
    await selectOption(page, 'root_businessItems', '热食类食品制售');
    await page.locator('#root_area').fill('85');
    await page.locator('#root_safetyOfficer').fill('赵安全');
    await visibleButton(page, /保存草稿/).click();
    await page.getByText('草稿已保存').first().waitFor();

    // changed on another device meanwhile: this page's save is refused (412), it reloads and says so
    const current = (await (await page.request.get(`${node.baseUrl}/api/v1/applications/${applicationId}`)).json()) as { version: number; form: Record<string, unknown> };
    const elsewhere = await page.request.put(`${node.baseUrl}/api/v1/applications/${applicationId}/form`, {
      headers: { 'If-Match': `"v${current.version}"` },
      data: { form: { ...current.form, safetyOfficer: '钱管理' } },
    });
    expect(elsewhere.status()).toBe(200);
    await page.locator('#root_safetyOfficer').fill('赵安全员');
    await visibleButton(page, /保存草稿/).click();
    await page.getByText('该办件已在其他页面或设备上修改').first().waitFor();
    await expect.poll(() => page.locator('#root_safetyOfficer').inputValue()).toBe('钱管理');
    await page.locator('#root_safetyOfficer').fill('赵安全');
    await visibleButton(page, /保存草稿/).click();
    await page.getByText('草稿已保存').first().waitFor();

    // another device would load the same: the draft is on the server
    await page.reload();
    await expect.poll(() => page.locator('#root_premises').inputValue(), { timeout: 15_000 }).toBe('杭州市西湖区文三路 100 号 1 楼');
    expect(await page.locator('#root_area').inputValue()).toBe('85');
    expect(await page.locator('#root_safetyOfficer').inputValue()).toBe('赵安全');

    // materials: the form is the 申请书; the licence and ID card come through data sharing
    const mat = (n: number) => page.locator(`li[data-material="${M(n)}"]`);
    expect(await mat(1).textContent()).toContain('在线填写，无需上传');
    expect(await mat(2).textContent()).toContain('由部门通过共享获取，无需提交');
    expect(await mat(4).textContent()).toContain('可容缺');
    expect(await mat(2).locator('input[type=file]').count()).toBe(0);

    // submitting without the required uploads: the server names each missing material, shown at it
    await visibleButton(page, /提交申请/).click();
    await page.getByRole('dialog').filter({ hasText: '确认提交申请' }).getByRole('button', { name: /提交申请/ }).click();
    await mat(5).locator('.ow-mat-error').filter({ hasText: '请上传此材料' }).waitFor();
    await mat(6).locator('.ow-mat-error').filter({ hasText: '请上传此材料' }).waitFor();
    expect(await mat(4).locator('.ow-mat-error').count()).toBe(0);
    expect(page.url()).toContain('/edit');

    // an executable named .pdf: refused by content, the server's words shown at the material
    await mat(5).locator('input[type=file]').setInputFiles(exe);
    await mat(5).locator('.ow-mat-error').filter({ hasText: /不支持的文件类型|文件内容与文件类型不符/ }).waitFor();
    expect(await mat(5).locator('.ow-mat-file').count()).toBe(0);
    await shot(page, 'refused-mobile');

    await mat(5).locator('input[type=file]').setInputFiles(pdf('规章制度目录.pdf'));
    await mat(5).locator('.ow-mat-file').filter({ hasText: '规章制度目录.pdf' }).waitFor();
    await mat(6).locator('input[type=file]').setInputFiles(pdf('食品安全管理人员.pdf'));
    await mat(6).locator('.ow-mat-file').filter({ hasText: '食品安全管理人员.pdf' }).waitFor();
    // the uploaded file downloads
    const href = await mat(6).locator('.ow-mat-file a').getAttribute('href');
    const download = await page.request.get(`${node.baseUrl}${href}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-');

    // 告知承诺: the layout plan (004) is then not required
    await page.getByText('根据《国务院办公厅关于全面推行证明事项').waitFor();
    await page.getByTestId('commitment-checkbox').click();
    expect(await mat(4).textContent()).toContain('已告知承诺，无需提交');
    await shot(page, 'edit-mobile');

    await visibleButton(page, /提交申请/).click();
    const confirm = page.getByRole('dialog').filter({ hasText: '确认提交申请' });
    await confirm.getByRole('button', { name: /提交申请/ }).click();
    await page.waitForURL((u) => u.pathname === `/my/applications/${applicationId}`);
    await page.getByText('申请已提交，等待受理').first().waitFor();
    await page.locator('.ow-app-status[data-status="submitted"]').first().waitFor();
    expect(await page.locator('.ow-apps-timeline').textContent()).toContain('提交申请');
    await shot(page, 'detail-mobile');

    // 我的办件: 待受理
    await page.goto(`${node.baseUrl}/my/applications`);
    const card = page.locator('.ow-apps-carditem').filter({ hasText: '食品经营许可证核发' }).filter({ hasText: '待受理' });
    await card.first().waitFor();
    await shot(page, 'list-mobile');

    // on phones the unread count sits on the avatar, and the account menu leads to 消息提醒
    const avatar = page.locator('.ow-header').getByRole('button', { name: /账号菜单/ });
    await expect.poll(async () => (await avatar.getAttribute('aria-label')) ?? '', { timeout: 15_000 }).toMatch(/1 条未读/);
    await page.getByTestId('notification-badge').locator('.ant-badge-count').waitFor();
    await shot(page, 'badge-mobile');
    await avatar.click();
    await page.getByRole('menuitem', { name: /消息提醒/ }).click();
    await page.waitForURL((u) => u.pathname === '/my/notifications');
    await page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').waitFor({ state: 'detached' }).catch(() => undefined);
    const note = page.locator('.ow-note.unread').filter({ hasText: '食品经营许可证核发：已提交' });
    await note.waitFor();
    await shot(page, 'notifications-mobile');
    await note.locator('button').click();
    await page.waitForURL((u) => u.pathname === `/my/applications/${applicationId}`);
    await expect.poll(async () => (await avatar.getAttribute('aria-label')) ?? '').not.toMatch(/未读/);
    await context.close();
  });

  it('desktop: the list, the detail, and withdrawing a submitted application', async () => {
    const vp = VIEWPORTS.find((v) => v.name === 'desktop')!;
    context = await browser.newContext({ viewport: vp.viewport, locale: 'zh-CN' });
    page = await context.newPage();
    await page.goto(`${node.baseUrl}/login?next=${encodeURIComponent('/my/applications')}`);
    await passwordLogin(page);
    await page.waitForURL((u) => u.pathname === '/my/applications');
    // the bell of the desktop header: everything read on the phone
    const bell = page.getByTestId('notification-bell');
    await bell.waitFor();
    expect(await bell.getAttribute('aria-label')).toBe('消息');
    const rows = page.locator('.ow-apps-table tbody tr');
    await rows.filter({ hasText: '待受理' }).first().waitFor();
    expect(await rows.count()).toBe(2);
    await page.locator('.ow-apps-table').getByText('草稿').first().waitFor();
    await shot(page, 'list-desktop');

    // the status groups
    await page.getByText('办理中', { exact: true }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByText('草稿', { exact: true }).first().click();
    await expect.poll(() => page.locator('.ow-apps-table tbody tr').filter({ hasText: '继续填写' }).count()).toBe(1);
    await page.getByText('全部', { exact: true }).click();
    await expect.poll(() => rows.count()).toBe(2);

    // the detail of the submitted one
    await rows.filter({ hasText: '待受理' }).getByRole('link').first().click();
    await page.waitForURL((u) => u.pathname === `/my/applications/${applicationId}`);
    await page.getByRole('heading', { name: '办理进程' }).waitFor();
    expect(await page.locator('.ow-apps-facts').textContent()).toContain(YUNFAN.name);
    expect(await page.locator('.ow-appform-readonly').textContent()).toContain('热食类食品制售');
    await page.getByText(/已签署告知承诺/).waitFor();
    await shot(page, 'detail-desktop');

    // 撤回申请, with a reason
    await page.getByRole('button', { name: /撤回申请/ }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '确认撤回申请' });
    await dialog.locator('#withdraw-reason').fill('经营场所变更，重新申请');
    await dialog.getByRole('button', { name: /撤回申请/ }).click();
    await page.locator('.ow-app-status[data-status="withdrawn"]').first().waitFor();
    await page.getByText('经营场所变更，重新申请').first().waitFor();
    await expect.poll(() => page.getByRole('button', { name: /撤回申请/ }).count()).toBe(0);
    await shot(page, 'withdrawn-desktop');
    // the withdrawal is notified, with the invitation to rate the service (好差评): the bell counts both
    await expect.poll(async () => (await bell.getAttribute('aria-label')) ?? '', { timeout: 15_000 }).toMatch(/2 条未读/);

    // the draft's edit page at desktop width
    await page.goto(`${node.baseUrl}/my/applications/${personalId}/edit`);
    await page.getByRole('heading', { name: /填写申请表/ }).waitFor();
    await shot(page, 'edit-desktop');

    // 个人中心 leads to 我的办件
    await page.goto(`${node.baseUrl}/account`);
    await page.locator('.ow-account-quick').getByRole('link', { name: '我的办件' }).click();
    await page.waitForURL((u) => u.pathname === '/my/applications');
    await context.close();
  });

  it('phone: 补正 from the one complete list, then the decision, 办结 and the result', async () => {
    // 王小明 submits through the API (the browser part above covers the forms)
    const citizen = await signedIn(WANG.phone);
    const created = await citizen.post('/api/v1/applications', {
      headers: { 'Idempotency-Key': randomUUID() },
      data: { implementationCode: FOOD, form: { premises: '杭州市西湖区文二路 8 号', businessType: '餐饮服务经营者', businessItems: '自制饮品制售', area: 40, safetyOfficer: '王小明' } },
    });
    expect(created.status(), await created.text()).toBe(201);
    const app = (await created.json()) as { id: string; number: string; version: number };
    for (const n of [5, 6]) {
      const up = await citizen.post(`/api/v1/applications/${app.id}/files`, { multipart: { materialCode: M(n), file: pdf(`${n}.pdf`) } });
      expect(up.status(), await up.text()).toBe(201);
    }
    const submitted = await citizen.post(`/api/v1/applications/${app.id}/actions`, { headers: { 'If-Match': `"v${app.version}"` }, data: { type: 'submit' } });
    expect(submitted.status(), await submitted.text()).toBe(200);
    await citizen.dispose();

    const clerk = await signedIn('clerk.xihu');
    await staffAct(clerk, app.id, { type: 'request_correction', items: ['请上传经营场所平面布局图（标明功能分区）', '食品安全管理人员基本情况缺少联系方式'] });

    const vp = VIEWPORTS.find((v) => v.name === 'mobile')!;
    context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: 'zh-CN' });
    page = await context.newPage();
    await page.goto(`${node.baseUrl}/login?next=${encodeURIComponent(`/my/applications/${app.id}`)}`);
    await passwordLogin(page);
    await page.waitForURL((u) => u.pathname === `/my/applications/${app.id}`);
    await page.locator('.ow-app-status[data-status="correction_requested"]').first().waitFor();
    await page.getByText('请上传经营场所平面布局图（标明功能分区）').first().waitFor();
    await shot(page, 'correction-mobile');
    await page.getByRole('button', { name: /去补正/ }).click();
    await page.waitForURL((u) => u.pathname === `/my/applications/${app.id}/edit`);
    await page.getByText('一次性告知补正清单').first().waitFor();
    const mat = (n: number) => page.locator(`li[data-material="${M(n)}"]`);
    await mat(4).locator('input[type=file]').setInputFiles(pdf('平面布局图.pdf'));
    await mat(4).locator('.ow-mat-file').filter({ hasText: '平面布局图.pdf' }).waitFor();
    await mat(6).locator('input[type=file]').setInputFiles(pdf('食品安全管理人员（含联系方式）.pdf'));
    await mat(6).locator('.ow-mat-file').filter({ hasText: '含联系方式' }).waitFor();
    // the files handed in with the submission cannot be deleted any more; the new ones can
    expect(await mat(5).locator('.ow-mat-file .ant-tag').filter({ hasText: '已提交' }).count()).toBe(1);
    expect(await mat(4).getByRole('button', { name: /删除/ }).count()).toBe(1);
    await page.locator('#supply-note').fill('已按清单补正');
    await shot(page, 'correction-edit-mobile');
    await visibleButton(page, /提交补正材料/).click();
    await page.getByRole('dialog').getByRole('button', { name: /提交补正材料/ }).click();
    await page.waitForURL((u) => u.pathname === `/my/applications/${app.id}`);
    await page.locator('.ow-app-status[data-status="submitted"]').first().waitFor();

    // the department accepts, reviews, grants, and delivers the electronic licence
    await staffAct(clerk, app.id, { type: 'accept' });
    const approver = await signedIn('approver.xihu');
    await staffAct(approver, app.id, { type: 'approve_step', opinion: '材料齐全，符合法定条件' });
    await staffAct(approver, app.id, { type: 'approve_step', opinion: '同意许可' });
    await staffAct(approver, app.id, { type: 'decide', outcome: 'granted', reason: '申请材料齐全，符合《食品经营许可和备案管理办法》规定的条件', legalBasis: '《中华人民共和国食品安全法》第三十五条' });
    const result = await clerk.post(`/api/v1/workbench/applications/${app.id}/files`, { multipart: { kind: 'result', file: pdf('食品经营许可证.pdf') } });
    expect(result.status(), await result.text()).toBe(201);
    await staffAct(clerk, app.id, { type: 'complete', delivery: 'e_licence' });
    await clerk.dispose();
    await approver.dispose();

    await page.reload();
    await page.locator('.ow-apps-done').filter({ hasText: '已办结' }).waitFor();
    await page.locator('.ow-apps-decision-outcome').filter({ hasText: '准予许可' }).waitFor();
    const link = page.locator('.ow-apps-results a').filter({ hasText: '食品经营许可证.pdf' });
    const res = await page.request.get(`${node.baseUrl}${await link.getAttribute('href')}`);
    expect(res.status()).toBe(200);
    const timeline = (await page.locator('.ow-apps-timeline').textContent()) ?? '';
    for (const step of ['一次性告知补正', '提交补正材料', '受理', '作出决定', '办结']) expect(timeline).toContain(step);
    await shot(page, 'completed-mobile');
    await context.close();
  });
});
