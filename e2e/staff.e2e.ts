/**
 * The staff workbench with unified identity (统一身份认证), in Chromium at 1280 px and 375 px, each
 * width on a node of its own: a wrong password (one message) and the lockout after five; the
 * catalogue administrator sees only 事项管理, and 人员与角色 by its address answers 403; a
 * citizen's session is told this is the staff workbench; the platform administrator creates a
 * window clerk of a 西湖区 department (a taken user name refused on its field first); the new clerk
 * must change the initial password, then sees only the window clerk's parts (办件, 窗口受理, 现场核验); the organisation
 * administrator of that department sees its staff only; a relying party is registered and its
 * secret shown once, then rotated and the party disabled, then edited (name, addresses, level,
 * scopes; its type stays). The demo window clerk checks residents in person (现场核验): a typing
 * slip caught in the page, a name the population registry does not hold, a resident not yet
 * registered, then 李华 raised to level 5; staff without the window clerk's role see no such part.
 * Organisations for a role are searched on the server as the administrator types, and grants are
 * labelled with the names the answers carry. Desktop also disables and enables the clerk and
 * resets the initial password; a node that texts a second factor signs staff in with it.
 * Screenshots: e2e/screenshots/staff-<page>-<viewport>.png.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as apiRequest, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '../server/src/seed/demo-identity.js';
import { SCREENSHOTS, VIEWPORTS, startNode, noHorizontalScroll, launchChromium } from './server.js';

type Node = Awaited<ReturnType<typeof startNode>>;

const NEW_CLERK = 'clerk.new';
const NEW_CLERK_PASSWORD = 'Clerk#Xihu2026';
const ORGANISATION = '杭州市西湖区市场监督管理局';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});


const field = (page: Page, id: string) => page.locator(`[id="${id}"]`);
/** The form item (label, control, messages) around a control. */
const itemOf = (page: Page, id: string) => page.locator('.ant-form-item').filter({ has: page.locator(`[id="${id}"]`) }).last();

/** Picks an option of an antd Select, typing first when the select searches; again if a click was lost in the dropdown's animation. */
async function choose(page: Page, id: string, option: string, search?: string) {
  const select = page.locator('.ant-select').filter({ has: page.locator(`[id="${id}"]`) });
  const chosen = async () => (await select.locator('.ant-select-selection-item, .ant-select-content').allTextContents()).join(' ').includes(option);
  for (let attempt = 0; attempt < 3 && !(await chosen()); attempt++) {
    await select.click();
    if (search) await field(page, id).fill(search);
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({ hasText: option }).first().click();
    await page.keyboard.press('Escape');
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').waitFor({ state: 'hidden' });
  }
  expect(await chosen(), `${id}: ${option} chosen`).toBe(true);
}

/** Opens a region cascader and walks 浙江省 → 杭州市 → 西湖区. */
async function chooseRegion(page: Page, id: string, path: string[]) {
  await page.locator('.ant-cascader').filter({ has: field(page, id) }).click();
  const popup = page.locator('.ant-cascader-dropdown:not(.ant-select-dropdown-hidden)');
  for (const [level, name] of path.entries()) {
    await popup.locator('.ant-cascader-menu').nth(level).locator('.ant-cascader-menu-item').filter({ hasText: name }).first().click();
  }
  // a county closes the menus; a province or city is chosen as it is clicked, and stays open
  if (await popup.isVisible()) await page.keyboard.press('Escape');
  await popup.waitFor({ state: 'hidden' });
  await expect.poll(() => page.locator('.ant-cascader').filter({ has: field(page, id) }).textContent()).toContain(path.join(' / '));
}

/** The navigation: the side menu on desktop, the drawer's menu on phones (opened, read, closed). */
async function menuLabels(page: Page, mobile: boolean): Promise<string[]> {
  if (!mobile) return (await page.locator('.ow-admin-sider .ant-menu-item').allTextContents()).map((s) => s.trim());
  await page.getByRole('button', { name: '打开菜单' }).click();
  const drawer = page.locator('.ant-drawer-section').filter({ has: page.locator('.ant-menu') });
  await drawer.locator('.ant-menu-item').first().waitFor();
  const labels = (await drawer.locator('.ant-menu-item').allTextContents()).map((s) => s.trim());
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'hidden' });
  return labels;
}

/** Signs in afresh (whatever session the browser had is dropped first). */
async function signIn(page: Page, base: string, username: string, password: string) {
  await page.context().clearCookies();
  await page.goto(`${base}/admin/login`);
  await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
  await field(page, 'username').fill(username);
  await field(page, 'password').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

async function signOut(page: Page) {
  await page.locator('.ow-admin-header').getByRole('button', { name: '退出' }).click();
  await page.waitForURL(/\/admin\/login$/);
  await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
}

for (const vp of VIEWPORTS) {
  const mobile = vp.isMobile;
  const shot = async (page: Page, name: string, fullPage = true) => {
    await noHorizontalScroll(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, `staff-${name}-${vp.name}.png`), fullPage });
  };

  describe(`staff workbench at ${vp.viewport.width} px`, () => {
    let node: Node;
    let context: BrowserContext;
    let page: Page;
    let initialPassword = '';
    const errors: string[] = [];

    beforeAll(async () => {
      node = await startNode();
      context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: 'zh-CN' });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: node.baseUrl });
      page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
    });
    afterAll(async () => {
      await context?.close();
      await node?.close();
    });

    it('answers a wrong password with one message, and locks out after five', async () => {
      await page.goto(`${node.baseUrl}/admin/items`);
      await page.waitForURL(/\/admin\/login\?next=%2Fadmin%2Fitems$/);
      await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
      await page.getByRole('link', { name: '返回政务服务门户' }).waitFor();
      await shot(page, 'signin');
      await field(page, 'username').fill('catalogue');
      await field(page, 'password').fill('Wrong@2026');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      const alert = page.getByRole('alert').filter({ hasText: '账号或密码错误' });
      await alert.waitFor();
      expect(page.url()).toMatch(/\/admin\/login/);
      await shot(page, 'signin-error');

      // five failures for one user name (known or not) lock it: the sixth answers the wait
      for (let i = 0; i < 5; i++) {
        const res = await page.request.post(`${node.baseUrl}/api/v1/auth/staff/login`, { data: { username: 'no.such.person', password: 'Wrong@2026' } });
        expect(res.status()).toBe(401);
      }
      await field(page, 'username').fill('no.such.person');
      await field(page, 'password').fill('Wrong@2026');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      const locked = page.getByRole('alert').filter({ hasText: '登录尝试过多' });
      await locked.waitFor();
      expect(await locked.textContent()).toMatch(/请 \d+ (秒|分钟)后再试/);
      await shot(page, 'signin-locked');
    });

    it('shows the catalogue administrator only 事项管理; 人员与角色 by its address answers 403', async () => {
      await signIn(page, node.baseUrl, 'catalogue', DEMO_PASSWORD);
      // back where the sign-in was asked for
      await page.waitForURL(/\/admin\/items$/);
      await page.getByRole('heading', { level: 1, name: '事项管理' }).waitFor();
      const labels = await menuLabels(page, mobile);
      expect(labels).toContain('事项管理');
      expect(labels).not.toContain('人员与角色');
      expect(labels).not.toContain('接入系统');
      if (!mobile) {
        const account = page.locator('.ow-admin-sider .ow-admin-account');
        await account.getByText('钱**').waitFor();
        await account.getByText('事项目录管理员').waitFor();
        await account.getByText('浙江省').waitFor();
      }
      // the session is the HttpOnly cookie, nothing in the page's storage
      const cookies = await context.cookies(node.baseUrl);
      expect(cookies.find((c) => c.name === 'ow_session')?.httpOnly).toBe(true);
      expect(await page.evaluate(() => [...Object.keys(sessionStorage), ...Object.keys(localStorage)].filter((k) => /token/i.test(k)))).toEqual([]);
      expect(await page.evaluate(() => document.cookie)).not.toContain('ow_session');

      await page.goto(`${node.baseUrl}/admin/staff`);
      await page.getByText('无权访问').waitFor();
      await page.getByText('您的角色不包含此功能').waitFor();
      await shot(page, 'forbidden');
      await page.goto(`${node.baseUrl}/admin/oidc-clients/new`);
      await page.getByText('无权访问').waitFor();
      await page.getByRole('button', { name: '返回工作台' }).click();
      await page.waitForURL(/\/admin\/items$/);
      await signOut(page);
    });

    it("tells a citizen's session that this is the staff workbench", async () => {
      const res = await page.request.post(`${node.baseUrl}/api/v1/auth/login`, { data: { identifier: DEMO_PEOPLE[0].phone, password: DEMO_PASSWORD } });
      expect((await res.json()).status).toBe('signed_in');
      await page.goto(`${node.baseUrl}/admin`);
      await page.getByRole('heading', { name: '这里是工作人员工作台' }).waitFor();
      await page.getByText('您当前以群众账号（王**）登录。').waitFor();
      await shot(page, 'citizen');
      await page.getByRole('button', { name: '退出并以工作人员身份登录' }).click();
      await page.waitForURL(/\/admin\/login$/);
      await page.getByRole('heading', { name: '工作人员登录' }).waitFor();
    });

    it(`lets the platform administrator create a window clerk of ${ORGANISATION}`, async () => {
      // the demo staff: eleven since the supervisor (电子监察), the 西湖区 data steward and its 好差评专员 joined them
      await signIn(page, node.baseUrl, 'admin', DEMO_PASSWORD);
      await page.waitForURL(/\/admin\/items$/);
      expect(await menuLabels(page, mobile)).toEqual(expect.arrayContaining(['事项管理', '人员与角色', '接入系统']));
      await page.goto(`${node.baseUrl}/admin/staff`);
      await page.getByRole('heading', { level: 1, name: '人员与角色' }).waitFor();
      await page.getByText('共 11 人').waitFor();
      await page.getByRole('link', { name: 'orgadmin.xihu' }).waitFor();
      await page.getByText(ORGANISATION).first().waitFor();
      await shot(page, 'list');

      const search = page.getByPlaceholder('按用户名查找');
      await search.fill('xihu');
      await search.press('Enter');
      await page.getByText('“xihu”：找到 6 人').waitFor();
      await search.fill('');
      await page.getByText('共 11 人').waitFor();

      await page.getByRole('button', { name: '新增人员' }).click();
      await page.waitForURL(/\/admin\/staff\/new$/);
      await page.getByRole('heading', { level: 1, name: '新增人员' }).waitFor();
      await field(page, 'username').fill('admin');
      await field(page, 'name').fill('王小五');
      await field(page, 'phone').fill('139 1234 0001');
      await itemOf(page, 'password').getByRole('button', { name: '生成' }).click();
      initialPassword = await field(page, 'password').inputValue();
      expect(initialPassword).toMatch(/^.{12}$/);
      await choose(page, 'roles_0_role', '窗口受理');
      // an organisation role: the organisation is searched in the administrator's region, or narrowed to one
      expect(await field(page, 'roles_0_organisationId').isDisabled()).toBe(false);
      await chooseRegion(page, 'roles_0_orgRegion', ['浙江省', '杭州市', '西湖区']);
      await choose(page, 'roles_0_organisationId', ORGANISATION, '市场监督');
      await page.getByRole('button', { name: '添加角色' }).click();
      await choose(page, 'roles_1_role', '审查');
      await page.getByRole('button', { name: '删除角色 2' }).click();
      await expect.poll(() => field(page, 'roles_1_role').count()).toBe(0);
      await shot(page, 'create');

      // the user name is taken: the server's answer shows on the field
      await page.getByRole('button', { name: '创建账号' }).click();
      await itemOf(page, 'username').locator('.ant-form-item-explain-error').filter({ hasText: '该用户名已被使用' }).waitFor();
      await page.getByRole('alert').filter({ hasText: '该用户名已被使用' }).waitFor();
      expect(page.url()).toMatch(/\/admin\/staff\/new$/);
      await page.screenshot({ path: path.join(SCREENSHOTS, `staff-create-error-${vp.name}.png`) });
      await field(page, 'username').fill(NEW_CLERK);
      await page.getByRole('button', { name: '创建账号' }).click();

      const created = page.getByRole('dialog').filter({ hasText: '账号已创建' });
      await created.waitFor();
      await created.getByText(initialPassword).waitFor();
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(SCREENSHOTS, `staff-created-${vp.name}.png`) });
      await created.getByRole('button', { name: '复制初始密码' }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(initialPassword);
      await created.getByRole('button', { name: '知道了' }).click();
      await created.waitFor({ state: 'hidden' });

      await page.waitForURL(/\/admin\/staff\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { level: 1, name: NEW_CLERK }).waitFor();
      await page.getByText('王**').waitFor();
      await page.getByText('139****0001').waitFor();
      await page.getByText('初始密码，首次登录须修改').waitFor();
      const roles = page.locator('.ow-admin-grants').last();
      await roles.getByText('窗口受理').waitFor();
      await roles.getByText(ORGANISATION).waitFor();
      await shot(page, 'member');
      await signOut(page);
    });

    it('makes the new clerk change the initial password, then shows only the window clerk’s parts (办件, 窗口受理, 现场核验)', async () => {
      await signIn(page, node.baseUrl, NEW_CLERK, initialPassword);
      await page.waitForURL(/\/admin\/password/);
      await page.getByText('首次登录，请先修改初始密码').waitFor();
      await shot(page, 'password');
      // no way around it (and after the change, not into a part the roles do not open)
      await page.goto(`${node.baseUrl}/admin/items`);
      await page.waitForURL(/\/admin\/password\?next=%2Fadmin%2Fitems$/);
      await page.getByRole('heading', { name: '修改密码' }).waitFor();

      await field(page, 'currentPassword').fill(initialPassword);
      await field(page, 'newPassword').fill('short');
      await field(page, 'confirm').fill('short');
      await page.getByRole('button', { name: '修改密码' }).click();
      await itemOf(page, 'newPassword').getByText('密码须为 8–64 位').waitFor();
      await field(page, 'newPassword').fill(NEW_CLERK_PASSWORD);
      await field(page, 'confirm').fill(NEW_CLERK_PASSWORD);
      await page.getByRole('button', { name: '修改密码' }).click();
      await page.locator('.ant-message').getByText('密码已修改').waitFor();

      // window clerks land on the queue (办件); the home, by its address, lists their roles and parts
      await page.waitForURL(/\/admin\/applications$/);
      await page.getByRole('heading', { level: 1, name: '办件' }).waitFor();
      expect(await menuLabels(page, mobile)).toEqual(['办件', '窗口受理', '现场核验', '窗口评价', '访问门户']);
      await page.goto(`${node.baseUrl}/admin/home`);
      await page.getByRole('heading', { level: 1, name: '您好，王**' }).waitFor();
      await page.locator('.ow-admin-content .ow-admin-grants').getByText(ORGANISATION).waitFor();
      await page.locator('.ow-admin-home-area').filter({ hasText: '现场核验' }).waitFor();
      await shot(page, 'home');
      await page.goto(`${node.baseUrl}/admin/items`);
      await page.getByText('无权访问').waitFor();

      // the new password is the password now
      await signOut(page);
      await signIn(page, node.baseUrl, NEW_CLERK, NEW_CLERK_PASSWORD);
      await page.waitForURL(/\/admin\/applications$/);
      await signOut(page);
    });

    it('shows the organisation administrator the staff of its organisation only', async () => {
      await signIn(page, node.baseUrl, 'orgadmin.xihu', DEMO_PASSWORD);
      await page.waitForURL(/\/admin\/staff$/);
      expect(await menuLabels(page, mobile)).toEqual(['人员与角色', '资源目录', '共享申请与授权', '交换凭证', '签章密钥', '差评整改', '评价数据', '投诉建议', '访问门户']);
      await page.getByText(`管理${ORGANISATION}的工作人员账号和角色。`).waitFor();
      await page.getByText('共 5 人').waitFor();
      const names = mobile ? page.locator('.ow-admin-staff-card .ow-admin-staff-card-head .ow-admin-staff-user') : page.locator('.ant-table-row .ow-admin-staff-user');
      await expect.poll(async () => (await names.allTextContents()).sort()).toEqual(['approver.xihu', NEW_CLERK, 'clerk.xihu', 'feedback.xihu', 'orgadmin.xihu']);
      await shot(page, 'org-list');

      // the roles it may grant: the handling roles and org_admin, in its own organisation
      await page.getByRole('button', { name: '新增人员' }).click();
      await page.waitForURL(/\/admin\/staff\/new$/);
      await page.locator('.ant-select').filter({ has: field(page, 'roles_0_role') }).click();
      const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
      await options.first().waitFor();
      expect(await options.allTextContents()).toEqual(['窗口受理', '审查', '审批（决定）', '单位管理员', '好差评专员']);
      await page.keyboard.press('Escape');
      await choose(page, 'roles_0_role', '窗口受理');
      // its one organisation is filled in, with no region to pick
      await expect.poll(() => page.locator('.ant-select').filter({ has: field(page, 'roles_0_organisationId') }).textContent()).toContain(ORGANISATION);
      expect(await field(page, 'roles_0_orgRegion').count()).toBe(0);
      await signOut(page);
    });

    it('lets the window clerk raise a registered resident to level 5 after checking the ID card in person', async () => {
      const [wang, li, chen] = DEMO_PEOPLE;
      const submit = () => page.getByRole('button', { name: '核验并提升至五级' }).click();
      const confirmed = page.getByRole('checkbox', { name: '已核验申请人本人及其居民身份证原件' });
      await signIn(page, node.baseUrl, 'clerk.xihu', DEMO_PASSWORD);
      await page.waitForURL(/\/admin\/applications$/);
      await page.goto(`${node.baseUrl}/admin/identity-checks`);
      await page.getByRole('heading', { level: 1, name: '现场核验' }).waitFor();
      await page.getByText('账号即提升至五级「窗口现场核验」').waitFor();
      await page.getByRole('heading', { name: '核验须知' }).waitFor();
      expect(await menuLabels(page, mobile)).toEqual(['办件', '窗口受理', '现场核验', '窗口评价', '访问门户']);
      await shot(page, 'identity');

      // caught in the page: a wrong check character, no confirmation
      await field(page, 'name').fill(li.name);
      await field(page, 'idNumber').fill(li.idNumber.slice(0, 17) + (li.idNumber[17] === '0' ? '1' : '0'));
      await submit();
      await itemOf(page, 'idNumber').getByText('身份证号码校验位不正确，请对照证件重新录入').waitFor();
      await itemOf(page, 'documentChecked').getByText('请核验申请人本人及其居民身份证原件后勾选确认').waitFor();
      await shot(page, 'identity-invalid');

      // a name the population registry does not hold with this number (a lower-case x is taken as X)
      await field(page, 'name').fill('王晓明');
      await field(page, 'idNumber').fill(wang.idNumber.toLowerCase());
      expect(await field(page, 'idNumber').inputValue()).toBe(wang.idNumber);
      await confirmed.check();
      await submit();
      const mismatch = page.getByTestId('identity-check-mismatch');
      await mismatch.getByText('实名核验未通过').waitFor();
      await mismatch.getByText('姓名与身份证号码未能在人口库中核验一致').waitFor();
      await shot(page, 'identity-mismatch');

      // in the registry, but never registered: the applicant registers first
      await field(page, 'name').fill(chen.name);
      await expect.poll(() => mismatch.count()).toBe(0);
      await field(page, 'idNumber').fill(chen.idNumber);
      await submit();
      const unregistered = page.getByTestId('identity-check-unregistered');
      await unregistered.getByText('未找到该证件的注册账号').waitFor();
      await unregistered.getByText('请申请人先在网上或自助终端完成注册，再办理现场核验。').waitFor();
      await shot(page, 'identity-unregistered');

      // 李华, registered and in the registry: level 5, shown masked only
      await field(page, 'name').fill(li.name);
      await field(page, 'idNumber').fill(li.idNumber);
      await submit();
      const result = page.getByTestId('identity-check-result');
      await result.getByText('核验通过').waitFor();
      expect(await result.getByTestId('checked-name').textContent()).toMatch(/^李\*+$/);
      expect(await result.getByTestId('checked-id').textContent()).toMatch(/^3301\*+2464$/);
      expect(await result.getByTestId('checked-level').textContent()).toBe('五级「窗口现场核验」');
      expect(await page.getByText(li.idNumber).count()).toBe(0);
      await shot(page, 'identity-done');

      // 李华's own account says so
      const citizen = await apiRequest.newContext({ baseURL: node.baseUrl });
      const login = await citizen.post('/api/v1/auth/login', { data: { identifier: li.phone, password: DEMO_PASSWORD } });
      expect((await login.json()).status).toBe('signed_in');
      expect(await (await citizen.get('/api/v1/me')).json()).toMatchObject({ level: 5, levelSource: 'counter' });
      await citizen.dispose();

      // the next applicant: an empty form, the cursor in the name
      await result.getByRole('button', { name: '核验下一位' }).click();
      await result.waitFor({ state: 'detached' });
      expect(await field(page, 'name').inputValue()).toBe('');
      expect(await field(page, 'idNumber').inputValue()).toBe('');
      expect(await confirmed.isChecked()).toBe(false);
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('name');
      await signOut(page);
    });

    it('keeps 现场核验 to window clerks: no menu entry for other staff, 403 by its address', async () => {
      // reviewer and approver of the same department: handling staff, but not at the window
      await signIn(page, node.baseUrl, 'approver.xihu', DEMO_PASSWORD);
      await page.waitForURL(/\/admin\/applications$/);
      expect(await menuLabels(page, mobile)).toEqual(['办件', '证照管理', '访问门户']);
      await page.goto(`${node.baseUrl}/admin/identity-checks`);
      await page.getByText('无权访问').waitFor();
      await page.getByText('您的角色不包含此功能').waitFor();
      await signOut(page);

      await signIn(page, node.baseUrl, 'admin', DEMO_PASSWORD);
      await page.waitForURL(/\/admin\/items$/);
      expect(await menuLabels(page, mobile)).not.toContain('现场核验');
      await page.goto(`${node.baseUrl}/admin/identity-checks`);
      await page.getByText('无权访问').waitFor();
      await signOut(page);
    });

    it('searches the organisation of a role on the server as the administrator types', async () => {
      await signIn(page, node.baseUrl, 'admin', DEMO_PASSWORD);
      await page.waitForURL(/\/admin\/items$/);
      await page.goto(`${node.baseUrl}/admin/staff/new`);
      await page.getByRole('heading', { level: 1, name: '新增人员' }).waitFor();
      await choose(page, 'roles_0_role', '窗口受理');
      const select = page.locator('.ant-select').filter({ has: field(page, 'roles_0_organisationId') });
      const popup = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
      const options = popup.locator('.ant-select-item-option');

      // opened without a region: the first page of the administrator's province, and how many there are
      await select.click();
      await popup.getByText('显示前 20 个，共 33 个').waitFor();
      await page.waitForTimeout(300);
      await shot(page, 'org-open');

      // typed: the server finds it by part of the name
      const searched = page.waitForRequest((r) => r.url().includes('/api/v1/organisations?') && new URL(r.url()).searchParams.get('q') === '西湖区市场');
      await field(page, 'roles_0_organisationId').pressSequentially('西湖区市场');
      await searched;
      const option = options.filter({ hasText: ORGANISATION });
      await option.getByText('11330106MB1D27406G').waitFor();
      await expect.poll(() => options.count()).toBe(1);
      await page.waitForTimeout(300);
      await shot(page, 'org-search');
      await option.click();
      await expect.poll(() => select.textContent()).toContain(ORGANISATION);
      // the row now says where it is
      await expect.poll(() => page.locator('.ant-cascader').filter({ has: field(page, 'roles_0_orgRegion') }).textContent()).toContain('浙江省 / 杭州市 / 西湖区');

      // nothing matches
      await select.click();
      await field(page, 'roles_0_organisationId').fill('不存在的单位');
      await popup.getByText('没有名称或信用代码匹配“不存在的单位”的单位').waitFor();
      // by the start of the credit code, within the row's region
      await field(page, 'roles_0_organisationId').fill('11330106MB1D2');
      await options.filter({ hasText: ORGANISATION }).waitFor();
      await expect.poll(() => options.count()).toBe(1);
      await page.keyboard.press('Escape');
      await expect.poll(() => select.textContent()).toContain(ORGANISATION);
      await signOut(page);
    });

    it('labels role grants with the names the answers carry, fetching no lists for them', async () => {
      await signIn(page, node.baseUrl, 'admin', DEMO_PASSWORD);
      await page.waitForURL(/\/admin\/items$/);
      const lookups: string[] = [];
      const onRequest = (r: { url: () => string }) => {
        if (/\/api\/v1\/(organisations|regions)\b/.test(r.url())) lookups.push(r.url());
      };
      page.on('request', onRequest);
      await page.goto(`${node.baseUrl}/admin/staff`);
      await page.getByText('管理浙江省及下级地区的工作人员账号和角色。').waitFor();
      await page.getByRole('link', { name: 'clerk.xihu' }).waitFor();
      await page.getByText(ORGANISATION).first().waitFor();
      await page.getByText('事项目录管理员').first().waitFor();
      await page.getByRole('link', { name: 'clerk.xihu' }).click();
      await page.getByRole('heading', { level: 1, name: 'clerk.xihu' }).waitFor();
      const roles = page.locator('.ow-admin-grants').last();
      await roles.getByText('窗口受理').waitFor();
      await roles.getByText(ORGANISATION).waitFor();
      page.off('request', onRequest);
      expect(lookups).toEqual([]);
      await signOut(page);
    });

    it('registers a relying party and shows its secret once', async () => {
      await signIn(page, node.baseUrl, 'admin', DEMO_PASSWORD);
      await page.waitForURL(/\/admin\/items$/);
      await page.goto(`${node.baseUrl}/admin/oidc-clients`);
      await page.getByRole('heading', { level: 1, name: '接入系统' }).waitFor();
      await page.getByText(`${node.baseUrl}/oidc/.well-known/openid-configuration`).waitFor();
      const available = (await page.request.get(`${node.baseUrl}/api/v1/admin/oidc-clients`)).status() === 200;
      if (!available) {
        // the OpenID Provider is not deployed on this node: the page says so
        await page.getByText('本节点尚未启用接入系统管理').waitFor();
        await shot(page, 'oidc-unavailable');
        return;
      }
      await page.getByText('尚未登记接入系统').waitFor();
      await page.getByRole('button', { name: '登记接入系统' }).click();
      await page.waitForURL(/\/admin\/oidc-clients\/new$/);
      await field(page, 'name').fill('杭州市公积金网上服务');
      await field(page, 'redirectUris').fill('https://gjj.example.gov.cn/oidc/callback\nnot a url');
      await page.getByRole('button', { name: /登\s*记/ }).click();
      await itemOf(page, 'redirectUris').getByText('第 2 行不是有效的 http(s) 地址').waitFor();
      await field(page, 'redirectUris').fill('https://gjj.example.gov.cn/oidc/callback');
      await field(page, 'postLogoutRedirectUris').fill('https://gjj.example.gov.cn/');
      await choose(page, 'minimumLevel', '三级：人口库实名核验');
      await page.getByRole('checkbox', { name: '手机号码' }).check();
      await shot(page, 'oidc-form');
      await page.getByRole('button', { name: /登\s*记/ }).click();

      const secret = page.getByTestId('oidc-secret');
      await secret.waitFor();
      await page.getByText('已登记“杭州市公积金网上服务”').waitFor();
      await secret.getByText('密钥只显示这一次').waitFor();
      const clientSecret = (await secret.locator('.ow-admin-copy-secret code').textContent()) ?? '';
      expect(clientSecret.length).toBeGreaterThanOrEqual(20);
      await secret.getByRole('button', { name: '复制客户端密钥（client_secret）' }).click();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(clientSecret);
      await shot(page, 'oidc-secret');

      await page.getByRole('button', { name: '返回接入系统列表' }).click();
      await page.waitForURL(/\/admin\/oidc-clients$/);
      const row = mobile ? page.locator('.ow-admin-client-card').first() : page.locator('.ant-table-row').first();
      await row.getByText('杭州市公积金网上服务').waitFor();
      await row.getByText('三级').first().waitFor();
      await row.getByText('手机号').first().waitFor();
      expect(await page.getByText(clientSecret).count()).toBe(0);
      await shot(page, 'oidc-list');

      // a new secret, shown once in a dialog
      await row.getByRole('button', { name: '重置密钥' }).click();
      const confirm = page.locator('.ant-modal-confirm').filter({ hasText: '重置“杭州市公积金网上服务”的密钥？' });
      await confirm.getByRole('button', { name: '重置密钥' }).click();
      const dialog = page.getByRole('dialog').filter({ hasText: '的新密钥' });
      await dialog.getByText('密钥只显示这一次').waitFor();
      const rotated = (await dialog.locator('.ow-admin-copy-secret code').textContent()) ?? '';
      expect(rotated.length).toBeGreaterThanOrEqual(20);
      expect(rotated).not.toBe(clientSecret);
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(SCREENSHOTS, `staff-oidc-rotated-${vp.name}.png`) });
      await dialog.getByRole('button', { name: '我已保存密钥' }).click();
      await dialog.waitFor({ state: 'hidden' });

      await row.getByRole('button', { name: '停用' }).click();
      await page.locator('.ant-modal-confirm').getByRole('button', { name: /停\s*用/ }).click();
      await page.locator('.ant-message').getByText('已停用“杭州市公积金网上服务”').waitFor();
      await row.getByText('已停用').waitFor();
      await row.getByRole('button', { name: '启用' }).waitFor();
      await signOut(page);
    });

    it('edits a relying party: name, addresses, level and scopes change, the type stays', async () => {
      await signIn(page, node.baseUrl, 'admin', DEMO_PASSWORD);
      await page.waitForURL(/\/admin\/items$/);
      // the OpenID Provider is not deployed on this node (the registration test says so)
      if ((await page.request.get(`${node.baseUrl}/api/v1/admin/oidc-clients`)).status() !== 200) return;
      await page.goto(`${node.baseUrl}/admin/oidc-clients`);
      const rows = mobile ? page.locator('.ow-admin-client-card') : page.locator('.ant-table-row');
      await rows.filter({ hasText: '杭州市公积金网上服务' }).getByRole('button', { name: '编辑' }).click();
      await page.waitForURL(/\/admin\/oidc-clients\/[^/]+\/edit$/);
      const clientId = decodeURIComponent(/oidc-clients\/([^/]+)\/edit/.exec(page.url())![1]!);
      await page.getByRole('heading', { level: 1, name: '编辑：杭州市公积金网上服务' }).waitFor();
      await page.locator('.ow-admin-copy code').filter({ hasText: clientId }).waitFor();
      await page.getByText('（登记后不可更改）').waitFor();
      // disabled by the registration test: saving does not enable it
      await page.getByText('该系统已停用：保存修改不会重新启用它。').waitFor();
      expect(await field(page, 'name').inputValue()).toBe('杭州市公积金网上服务');
      expect(await field(page, 'redirectUris').inputValue()).toBe('https://gjj.example.gov.cn/oidc/callback');
      expect(await field(page, 'postLogoutRedirectUris').inputValue()).toBe('https://gjj.example.gov.cn/');
      expect(await page.getByRole('checkbox', { name: '手机号码' }).isChecked()).toBe(true);
      expect(await page.getByRole('radio').count()).toBe(0);

      await field(page, 'redirectUris').fill('https://gjj.example.gov.cn/oidc/callback\nftp://gjj.example.gov.cn/');
      await page.getByRole('button', { name: '保存修改' }).click();
      await itemOf(page, 'redirectUris').getByText('第 2 行不是有效的 http(s) 地址').waitFor();
      await field(page, 'name').fill('杭州市住房公积金网上服务');
      await field(page, 'redirectUris').fill('https://gjj.example.gov.cn/oidc/callback\nhttps://m.gjj.example.gov.cn/oidc/callback');
      await choose(page, 'minimumLevel', '四级：人脸识别核验');
      await page.getByRole('checkbox', { name: '身份证件号码' }).check();
      await page.waitForTimeout(300);
      await shot(page, 'oidc-edit');
      await page.getByRole('button', { name: '保存修改' }).click();
      await page.locator('.ant-message').getByText('已保存“杭州市住房公积金网上服务”的修改').waitFor();
      await page.waitForURL(/\/admin\/oidc-clients$/);
      const edited = rows.filter({ hasText: '杭州市住房公积金网上服务' });
      await edited.getByText('四级').first().waitFor();
      await edited.getByText('身份证号').first().waitFor();
      await edited.getByText('https://m.gjj.example.gov.cn/oidc/callback').waitFor();
      await shot(page, 'oidc-edited');
      const saved = await (await page.request.get(`${node.baseUrl}/api/v1/admin/oidc-clients/${encodeURIComponent(clientId)}`)).json();
      expect(saved).toMatchObject({
        name: '杭州市住房公积金网上服务',
        redirectUris: ['https://gjj.example.gov.cn/oidc/callback', 'https://m.gjj.example.gov.cn/oidc/callback'],
        postLogoutRedirectUris: ['https://gjj.example.gov.cn/'],
        minimumLevel: 4,
        confidential: true,
        status: 'disabled',
      });
      expect([...saved.scopes].sort()).toEqual(['id_card', 'phone', 'profile']);

      // by the name in the list, too; an unknown one is not found
      await edited.getByRole('link', { name: '杭州市住房公积金网上服务' }).click();
      await page.getByRole('heading', { level: 1, name: '编辑：杭州市住房公积金网上服务' }).waitFor();
      await page.getByRole('button', { name: /取\s*消/ }).click();
      await page.waitForURL(/\/admin\/oidc-clients$/);
      await page.goto(`${node.baseUrl}/admin/oidc-clients/no-such-client/edit`);
      await page.getByText('未找到该接入系统').waitFor();
      await page.getByRole('button', { name: '返回接入系统列表' }).click();
      await page.waitForURL(/\/admin\/oidc-clients$/);
      await signOut(page);
    });

    if (!mobile) {
      it('disables and enables the clerk, and resets the initial password, after confirmations', async () => {
        await signIn(page, node.baseUrl, 'admin', DEMO_PASSWORD);
        await page.waitForURL(/\/admin\/items$/);
        await page.goto(`${node.baseUrl}/admin/staff?q=${NEW_CLERK}`);
        await page.getByRole('link', { name: NEW_CLERK }).click();
        await page.getByRole('heading', { level: 1, name: NEW_CLERK }).waitFor();
        const toolbar = page.getByRole('toolbar', { name: '人员操作' });

        await toolbar.getByRole('button', { name: '停用' }).click();
        const confirm = page.locator('.ant-modal-confirm').filter({ hasText: `停用 ${NEW_CLERK}？` });
        await confirm.getByText('所有登录立即退出').waitFor();
        await page.waitForTimeout(400);
        await page.screenshot({ path: path.join(SCREENSHOTS, 'staff-disable-confirm-desktop.png') });
        await confirm.getByRole('button', { name: /停\s*用/ }).click();
        await page.getByText('该账号已停用，无法登录。').waitFor();
        // a disabled account cannot sign in: the same message as a wrong password
        const refused = await page.request.post(`${node.baseUrl}/api/v1/auth/staff/login`, { data: { username: NEW_CLERK, password: NEW_CLERK_PASSWORD } });
        expect(refused.status()).toBe(401);
        await toolbar.getByRole('button', { name: '启用' }).click();
        await page.locator('.ant-modal-confirm').getByRole('button', { name: /启\s*用/ }).click();
        await page.locator('.ant-message').getByText(`已启用 ${NEW_CLERK}`).waitFor();
        await page.getByText('该账号已停用，无法登录。').waitFor({ state: 'hidden' });

        await toolbar.getByRole('button', { name: '重置初始密码' }).click();
        const dialog = page.getByRole('dialog').filter({ hasText: `重置 ${NEW_CLERK} 的初始密码` });
        await dialog.getByText('下次登录时须修改密码').waitFor();
        await dialog.getByRole('button', { name: /重\s*置/ }).click();
        await dialog.getByText('请设置初始密码').waitFor();
        await dialog.getByRole('button', { name: '生成' }).click();
        const again = await dialog.locator('input[id="password"]').inputValue();
        await dialog.getByRole('button', { name: /重\s*置/ }).click();
        const done = page.getByRole('dialog').filter({ hasText: `已重置 ${NEW_CLERK} 的初始密码` });
        await done.getByText(again).waitFor();
        await done.getByRole('button', { name: '知道了' }).click();
        await page.getByText('初始密码，首次登录须修改').waitFor();

        // editing roles: the region role needs its region
        await page.getByRole('button', { name: '编辑角色' }).click();
        await page.getByText('保存后，该人员的所有登录将退出').waitFor();
        await page.getByRole('button', { name: '添加角色' }).click();
        await choose(page, 'roles_1_role', '审计员');
        await page.getByRole('button', { name: '保存角色' }).click();
        await itemOf(page, 'roles_1_regionCode').getByText('请选择管辖地区').waitFor();
        await chooseRegion(page, 'roles_1_regionCode', ['浙江省', '杭州市']);
        await page.screenshot({ path: path.join(SCREENSHOTS, 'staff-roles-edit-desktop.png'), fullPage: true });
        await page.getByRole('button', { name: '保存角色' }).click();
        await page.locator('.ant-message').getByText('角色已保存').waitFor();
        const roles = page.locator('.ow-admin-grants').last();
        await roles.getByText('审计员').waitFor();
        await roles.getByText('杭州市', { exact: true }).waitFor();
        await signOut(page);
      });
    }

    it('raised no script errors', () => {
      expect(errors).toEqual([]);
    });
  });
}

describe('staff sign-in with a texted second factor', () => {
  let node: Node;
  let page: Page;
  const errors: string[] = [];
  beforeAll(async () => {
    node = await startNode({ secondFactor: 'staff' });
    const context = await browser.newContext({ viewport: VIEWPORTS[1].viewport, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });
  afterAll(async () => {
    await page?.context().close();
    await node?.close();
  });

  it('asks for the code sent to the masked phone, refuses a wrong one, signs in with the right one', async () => {
    await signIn(page, node.baseUrl, 'catalogue', DEMO_PASSWORD);
    await page.getByRole('heading', { name: '短信验证' }).waitFor();
    await page.getByText('验证码已发送至 139****0002').waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'staff-second-factor-mobile.png'), fullPage: true });
    const res = await fetch(`${node.baseUrl}/api/v1/dev/sms?phone=13900000002`);
    const body = (await res.json()) as { items: { body: string }[] };
    const code = /(\d{6})/.exec(body.items[0]?.body ?? '')?.[1];
    expect(code).toMatch(/^\d{6}$/);
    await field(page, 'code').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: '验证并登录' }).click();
    await itemOf(page, 'code').getByText('验证码错误或已失效').waitFor();
    await field(page, 'code').fill(code!);
    await page.getByRole('button', { name: '验证并登录' }).click();
    await page.waitForURL(/\/admin\/items$/);
    await page.getByRole('heading', { level: 1, name: '事项管理' }).waitFor();
  });

  it('raised no script errors', () => {
    expect(errors).toEqual([]);
  });
});
