/**
 * Data sharing, the exchange gateway, signing keys and the licence register in Chromium, on one
 * demo node. At 1280 px: the 西湖区 steward requests a conditional resource (不动产登记信息) and an
 * unconditional one (企业登记信息, granted at once); the provincial steward approves the first in
 * 待我审批 and refuses another with a reason; the grants are listed; the provider's steward sets the
 * real-estate resource's adapter (HTTP); the 西湖区 market regulator's administrator creates an exchange
 * credential (secret shown once), with which this test takes a token and queries the gateway; the
 * auditor sees that exchange in the log with the chain verified; the administrator rotates the
 * organisation's signing key; the approver suspends and reinstates a licence. At 375 px the same
 * pages must fit the screen. Screenshots: e2e/screenshots/sharing-<page>-<viewport>.png.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as apiRequest, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { DEMO_ENTERPRISES, DEMO_PASSWORD } from '../server/src/seed/demo-identity.js';
import { DEMO_LICENCE_TYPES } from '../server/src/seed/demo-licences.js';
import { SCREENSHOTS, VIEWPORTS, launchChromium, noHorizontalScroll, startNode } from './server.js';
import { searchOption, staffSignIn } from './steps.js';

type Node = Awaited<ReturnType<typeof startNode>>;

const CONDITIONAL = '330100-BDC-0001';
const REFUSED = '330000-SB-0001';
const UNCONDITIONAL = '330000-QY-0001';
const CONSUMER = '杭州市西湖区市场监督管理局';
const PURPOSE = '个体工商户登记住所核验';
const ENTERPRISE = DEMO_ENTERPRISES[0]!;
const FOOD = DEMO_LICENCE_TYPES.find((x) => x.name === '食品经营许可证')!.code;

let browser: Browser;
let node: Node;
let licence = '';

beforeAll(async () => {
  [browser, node] = await Promise.all([launchChromium(), startNode()]);
});
afterAll(async () => {
  await browser?.close();
  await node?.close();
});

/** A staff member's API session (for the steps the test prepares rather than clicks). */
async function staffApi(username: string) {
  const ctx = await apiRequest.newContext({ baseURL: node.baseUrl });
  const login = await ctx.post('/api/v1/auth/staff/login', { data: { username, password: DEMO_PASSWORD } });
  expect(login.status(), await login.text()).toBe(200);
  return ctx;
}

const [DESKTOP, MOBILE] = VIEWPORTS;

async function shotOf(page: Page, vp: (typeof VIEWPORTS)[number], name: string, fullPage = true) {
  // lists have finished loading
  await expect.poll(() => page.locator('.ant-spin-blur, .ant-skeleton-active').count(), { timeout: 10_000 }).toBe(0);
  await noHorizontalScroll(page);
  await page.screenshot({ path: path.join(SCREENSHOTS, `sharing-${name}-${vp.name}.png`), fullPage });
}

/** Dialogs and messages have finished opening or closing (antd's zoom and fade motions). */
async function settled(page: Page) {
  await expect.poll(() => page.locator('.ant-zoom-appear, .ant-zoom-enter, .ant-zoom-leave, .ant-fade-appear, .ant-fade-enter, .ant-fade-leave').count()).toBe(0);
}

/** The row (table) or card (phone) of a list that holds `text`. */
const rowWith = (page: Page, testId: string, text: string): Locator => page.locator(`[data-testid="${testId}"] [data-row]`).filter({ hasText: text }).first();

describe('data sharing at 1280 px', () => {
  let context: BrowserContext;
  let page: Page;
  const shot = (name: string, fullPage = true) => shotOf(page, DESKTOP, name, fullPage);
  const signIn = (username: string) => staffSignIn(page, node.baseUrl, username);

  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP.viewport, locale: 'zh-CN' });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: node.baseUrl });
    page = await context.newPage();
    // a licence of the 西湖区 market regulator, issued through the issuing API by its approver
    const approver = await staffApi('approver.xihu');
    const me = (await (await approver.get('/api/v1/me')).json()) as { roles: { role: string; organisationId: string | null }[] };
    const organisationId = me.roles.find((r) => r.role === 'approver')!.organisationId!;
    const issued = await approver.post('/api/v1/workbench/licences', {
      data: {
        organisationId,
        typeCode: FOOD,
        holder: ENTERPRISE.name,
        holderCode: ENTERPRISE.uscc,
        holderCodeType: '001',
        data: { legalRepresentative: '王小明', premises: '杭州市西湖区文三路100号', mainActivity: '餐饮服务经营者', scope: '热食类食品制售' },
      },
    });
    expect(issued.status(), await issued.text()).toBe(201);
    licence = ((await issued.json()) as { licence: { identifier: string } }).licence.identifier;
    await approver.dispose();
  });
  afterAll(async () => {
    await context?.close();
  });

  it('the 西湖区 steward requests a conditional resource (pending) and an unconditional one (granted at once)', async () => {
    await signIn('steward.xihu');
    await page.waitForURL(/\/admin\/sharing\/resources$/);
    await page.getByRole('heading', { name: '政务信息资源目录' }).waitFor();
    await rowWith(page, 'resource-list', CONDITIONAL).waitFor();
    // the filters: by sharing type
    await page.getByRole('combobox', { name: '共享类型' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '无条件共享' }).click();
    await page.waitForURL(/type=unconditional/);
    await rowWith(page, 'resource-list', UNCONDITIONAL).waitFor();
    await expect.poll(() => page.locator('[data-testid="resource-list"] [data-row]').count()).toBe(1);
    await page.goto(`${node.baseUrl}/admin/sharing/resources`);
    await rowWith(page, 'resource-list', CONDITIONAL).waitFor();
    await shot('catalogue');

    const request = async (code: string, fields: number) => {
      await page.goto(`${node.baseUrl}/admin/sharing/resources/${code}`);
      await page.getByTestId('resource-metadata').waitFor();
      await page.getByTestId('request-open').click();
      const form = page.getByTestId('request-form');
      await form.waitFor();
      await searchOption(page, 'request-consumer', CONSUMER);
      await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
      const boxes = form.locator('.ow-share-field-checks input[type="checkbox"]');
      for (let i = 0; i < fields; i++) await boxes.nth(i).check();
      await page.locator('#request-purpose').fill(PURPOSE);
      await page.locator('#request-basis').fill('《市场主体登记管理条例》第二十一条');
    };

    await request(CONDITIONAL, 3);
    expect(await page.getByTestId('resource-metadata').textContent()).toContain('杭州市规划和自然资源局');
    await settled(page);
    await shot('request-form', false);
    await page.getByTestId('request-submit').click();
    await page.locator('[data-testid="request-done"][data-status="pending"]').waitFor();
    expect(await page.getByTestId('request-done').textContent()).toContain('等待提供方审批');
    await page.getByRole('button', { name: '知道了' }).click();

    await request(UNCONDITIONAL, 9);
    await page.getByTestId('request-submit').click();
    await page.locator('[data-testid="request-done"][data-status="granted"]').waitFor();
    expect(await page.getByTestId('request-done').textContent()).toContain('已自动授权');
    await page.getByRole('button', { name: '知道了' }).click();

    // a third, to be refused (prepared through the API)
    const steward = await staffApi('steward.xihu');
    const orgs = (await (await steward.get('/api/v1/organisations', { params: { q: CONSUMER } })).json()) as { items: { uscc: string; name: string }[] };
    const consumerUscc = orgs.items.find((o) => o.name === CONSUMER)!.uscc;
    const third = await steward.post('/api/v1/sharing/requests', {
      data: { resourceCode: REFUSED, consumerUscc, fields: ['idNumber', 'name'], purpose: '就业补贴审核', legalBasis: '《就业促进法》', until: '2027-12-31' },
    });
    expect(third.status(), await third.text()).toBe(201);
    await steward.dispose();

    await page.goto(`${node.baseUrl}/admin/sharing/requests?tab=mine`);
    await rowWith(page, 'requests-mine', CONDITIONAL).waitFor();
    expect(await rowWith(page, 'requests-mine', CONDITIONAL).textContent()).toContain('待审批');
    expect(await rowWith(page, 'requests-mine', UNCONDITIONAL).textContent()).toContain('已自动授权');
  });

  it('the provincial steward approves one in 待我审批 (narrowed) and refuses the other with a reason', async () => {
    await signIn('steward');
    await page.goto(`${node.baseUrl}/admin/sharing/requests`);
    const row = rowWith(page, 'requests-to-answer', CONDITIONAL);
    await row.waitFor();
    expect(await row.textContent()).toContain(CONSUMER);
    // the answer date (10 working days) is shown; nothing is overdue today
    expect(await row.locator('.ow-share-due').textContent()).toMatch(/\d{4}/);
    expect(await page.getByTestId('overdue').count()).toBe(0);
    await shot('to-answer');

    await row.getByTestId('approve-open').click();
    const dialog = page.getByTestId('approve-dialog');
    await dialog.waitFor();
    // leave the third data item out
    await dialog.locator('.ow-share-field-checks input[type="checkbox"]').nth(2).uncheck();
    await settled(page);
    await shot('approve', false);
    await page.getByTestId('approve-ok').click();
    await page.getByText('授权已生效').waitFor();
    await expect.poll(() => rowWith(page, 'requests-to-answer', CONDITIONAL).count()).toBe(0);

    const other = rowWith(page, 'requests-to-answer', REFUSED);
    await other.getByTestId('refuse-open').click();
    // a reason is required
    await page.getByTestId('reason-ok').click();
    await page.getByText('请填写原因').waitFor();
    await page.locator('#share-reason').fill('申请用途与社保数据共享范围不符');
    await page.getByTestId('reason-ok').click();
    await page.getByText('已答复不同意').waitFor();

    await page.getByTestId('tab-answered').click();
    const refused = rowWith(page, 'requests-to-answer', REFUSED);
    await refused.waitFor();
    expect(await refused.textContent()).toContain('申请用途与社保数据共享范围不符');
    expect(await rowWith(page, 'requests-to-answer', CONDITIONAL).textContent()).toContain('已授权');

    // the provider's grants: the approved one is active, with the two items granted
    await page.getByTestId('tab-grants-out').click();
    const grant = rowWith(page, 'grants-provider', CONDITIONAL);
    await grant.waitFor();
    expect(await grant.locator('.ow-share-fields .ant-tag').count()).toBe(2);
    expect(await grant.textContent()).toContain('有效');
    await shot('grants-out');
  });

  it('the consumer sees its grants; the provider’s steward sets a resource’s adapter', async () => {
    await signIn('steward.xihu');
    await page.goto(`${node.baseUrl}/admin/sharing/requests?tab=grants-in`);
    await rowWith(page, 'grants-consumer', CONDITIONAL).waitFor();
    expect(await rowWith(page, 'grants-consumer', UNCONDITIONAL).textContent()).toContain('自动授权');
    await page.getByTestId('tab-mine').click();
    expect(await rowWith(page, 'requests-mine', REFUSED).textContent()).toContain('申请用途与社保数据共享范围不符');

    await signIn('steward');
    // the enterprise register answers the enterprise resource (the node's own table)
    await page.goto(`${node.baseUrl}/admin/sharing/resources/${UNCONDITIONAL}`);
    await page.locator('[data-testid="adapter-current"][data-kind="enterprise"]').waitFor();
    // the real-estate register is the provider's own system, reached over HTTP
    await page.goto(`${node.baseUrl}/admin/sharing/resources/${CONDITIONAL}`);
    const card = page.getByTestId('adapter-card');
    await card.getByText('尚未配置交换接口').waitFor();
    await card.getByText('提供方接口（HTTP）').click();
    await page.locator('#adapter-url').fill('https://bdc.example.gov.cn/share/query');
    await card.getByTestId('adapter-save').click();
    await page.locator('[data-testid="adapter-current"][data-kind="http"]').waitFor();
    expect(await card.textContent()).toContain('https://bdc.example.gov.cn/share/query');
    await shot('resource');
  });

  it('an organisation administrator creates an exchange credential (secret once) that queries the gateway; the auditor sees the exchange, chain verified', async () => {
    await signIn('orgadmin.xihu');
    await page.goto(`${node.baseUrl}/admin/exchange/credentials`);
    await page.getByTestId('org-scope').getByText(CONSUMER).waitFor();
    await page.getByTestId('credential-create').click();
    await page.locator('#credential-name').fill('个体工商户登记系统');
    await page.getByTestId('credential-create-ok').click();
    const secretPanel = page.getByTestId('credential-secret');
    await secretPanel.waitFor();
    const [clientId, clientSecret] = await secretPanel.locator('code').allTextContents();
    expect(clientId).toMatch(/^owx-/);
    expect(clientSecret!.length).toBeGreaterThan(30);
    await settled(page);
    await shot('credential-secret', false);
    await page.getByTestId('credential-secret-saved').click();
    await secretPanel.waitFor({ state: 'detached' });
    const row = rowWith(page, 'credential-list', clientId!);
    await row.waitFor();
    // shown once: the list never carries the secret
    expect(await page.content()).not.toContain(clientSecret);
    await shot('credentials');

    const token = await fetch(`${node.baseUrl}/api/v1/exchange/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
    });
    expect(token.status).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };
    const query = await fetch(`${node.baseUrl}/api/v1/exchange/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
      body: JSON.stringify({ resourceCode: UNCONDITIONAL, purpose: PURPOSE, fields: ['name', 'status'], key: { uscc: ENTERPRISE.uscc } }),
    });
    expect(query.status, await query.clone().text()).toBe(200);
    const answer = (await query.json()) as { exchangeId: string; data: Record<string, unknown> };
    expect(answer.data).toEqual({ name: ENTERPRISE.name, status: 'active' });

    await signIn('auditor');
    await page.waitForURL(/\/admin\/exchange\/log$/);
    await page.locator('[data-testid="chain-status"][data-intact="true"]').waitFor();
    const entry = rowWith(page, 'exchange-log', clientId!);
    await entry.waitFor();
    const text = await entry.textContent();
    expect(text).toContain(CONSUMER);
    expect(text).toContain('浙江省市场监督管理局');
    expect(text).toContain(UNCONDITIONAL);
    expect(text).toContain(PURPOSE);
    expect(await entry.locator('[data-outcome="granted"]').count()).toBe(1);
    // filter by result: a refusal-only view does not hold it
    await page.getByRole('combobox', { name: '结果' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: '无授权' }).click();
    await page.waitForURL(/outcome=no-grant/);
    await expect.poll(() => rowWith(page, 'exchange-log', clientId!).count()).toBe(0);
    await page.goto(`${node.baseUrl}/admin/exchange/log`);
    await rowWith(page, 'exchange-log', clientId!).waitFor();
    await shot('log');
  });

  it('the organisation administrator rotates the signing key; the approver suspends and reinstates a licence', async () => {
    await signIn('orgadmin.xihu');
    await page.goto(`${node.baseUrl}/admin/organisation-keys`);
    const active = page.getByTestId('key-active');
    await active.waitFor();
    const before = await active.getAttribute('data-key');
    await page.getByTestId('key-generate').click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '轮换密钥' }).click();
    await expect.poll(() => page.getByTestId('key-active').getAttribute('data-key')).not.toBe(before);
    await rowWith(page, 'key-list', before!).locator('[data-status="retired"]').waitFor();
    await page.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
    await shot('keys');

    await signIn('approver.xihu');
    await page.goto(`${node.baseUrl}/admin/licences`);
    await page.locator('#licence-q').fill(licence);
    await page.locator('#licence-q').press('Enter');
    const row = rowWith(page, 'licence-list', licence);
    await row.locator('[data-status="valid"]').waitFor();
    await expect.poll(() => page.locator('[data-testid="licence-list"] [data-row]').count()).toBe(1);
    await row.getByTestId('licence-suspend').click();
    await page.locator('#share-reason').fill('经营场所不符合许可条件，责令整改');
    await page.getByTestId('reason-ok').click();
    await row.locator('[data-status="suspended"]').waitFor();
    expect(await row.textContent()).toContain('责令整改');
    await page.getByTestId('reason-dialog').waitFor({ state: 'detached' });
    await shot('licences');
    await row.getByTestId('licence-reinstate').click();
    await page.locator('#share-reason').fill('整改完成，经复查符合条件');
    await page.getByTestId('reason-ok').click();
    await row.locator('[data-status="valid"]').waitFor();
    // the public verification agrees
    const verified = (await (await fetch(`${node.baseUrl}/api/v1/licences/verify/${licence}`)).json()) as { result: string };
    expect(verified.result).toBe('valid');
  });
});

describe('data sharing at 375 px', () => {
  let context: BrowserContext;
  let page: Page;
  const shot = (name: string, fullPage = true) => shotOf(page, MOBILE, name, fullPage);
  const signIn = (username: string) => staffSignIn(page, node.baseUrl, username);

  beforeAll(async () => {
    context = await browser.newContext({ viewport: MOBILE.viewport, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  it('the steward’s pages fit a phone: catalogue, resource with its request form, requests and grants', async () => {
    await signIn('steward.xihu');
    await page.getByTestId('resource-list').waitFor();
    await shot('catalogue');
    await page.goto(`${node.baseUrl}/admin/sharing/resources/${REFUSED}`);
    await page.getByTestId('resource-metadata').waitFor();
    await shot('resource');
    await page.getByTestId('request-open').click();
    await page.getByTestId('request-form').waitFor();
    await settled(page);
    await shot('request-form', false);
    await page.goto(`${node.baseUrl}/admin/sharing/requests?tab=grants-in`);
    await rowWith(page, 'grants-consumer', CONDITIONAL).waitFor();
    await shot('grants-in');

    await signIn('steward');
    await page.goto(`${node.baseUrl}/admin/sharing/requests?tab=answered`);
    await rowWith(page, 'requests-to-answer', REFUSED).waitFor();
    await shot('answered');
  });

  it('the administrator’s, the auditor’s and the approver’s pages fit a phone', async () => {
    await signIn('orgadmin.xihu');
    await page.goto(`${node.baseUrl}/admin/exchange/credentials`);
    await page.locator('[data-testid="credential-list"] [data-row]').first().waitFor();
    await shot('credentials');
    await page.goto(`${node.baseUrl}/admin/organisation-keys`);
    await page.getByTestId('key-active').waitFor();
    await shot('keys');

    await signIn('auditor');
    await page.locator('[data-testid="chain-status"][data-intact="true"]').waitFor();
    await page.locator('[data-testid="exchange-log"] [data-row]').first().waitFor();
    await shot('log');

    await signIn('approver.xihu');
    await page.goto(`${node.baseUrl}/admin/licences`);
    await rowWith(page, 'licence-list', licence).waitFor();
    await shot('licences');
  });
});
