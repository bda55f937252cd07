/**
 * 好差评 and 投诉建议 in the staff workbench, in Chromium, on one demo node. Prepared through the API:
 * 王小明 applies for 食品经营许可证核发, the 西湖区 market regulator completes it, and 王小明 rates it
 * 非常不满意 (a 差评 opens a rectification); the window clerk records a window service for him, which he
 * rates 不满意 (a second rectification); he files a complaint about the organisation. In the browser
 * at 1280 px: the 好差评专员 (feedback.xihu; the organisation's administrator when the seed lacks it)
 * finds the 差评 in 差评整改, tries 核实结论 first (told to call back first), records the call back,
 * finds it valid, rectifies and replies (已办结); appeals the second as 误评, which the supervisor
 * upholds from 申诉待审核; answers the complaint; sees the ratings and downloads the export; the window
 * clerk creates the rating QR code of a window and records a service. At 375 px the same pages must
 * fit the screen. Screenshots: e2e/screenshots/feedback-workbench-<page>-<viewport>.png.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as apiRequest, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD, DEMO_PEOPLE } from '../server/src/seed/demo-identity.js';
import { SCREENSHOTS, VIEWPORTS, launchChromium, noHorizontalScroll, startNode } from './server.js';
import { apiSession, citizenPasswordLogin, completedApplication, expectStatus, pdfFile, staffSignIn } from './steps.js';

type Node = Awaited<ReturnType<typeof startNode>>;

const WANG = DEMO_PEOPLE[0]!;
const [DESKTOP, MOBILE] = VIEWPORTS;
/** where the web app keeps the chosen language (web/src/i18n/index.ts) */
const LANGUAGE_KEY = 'onewindow.lang';

let browser: Browser;
let node: Node;
/** the 好差评专员 of the 西湖区 market regulator, or its administrator while the seed has no such account */
let officer = 'feedback.xihu';
let organisationId = '';
const rect = { app: { id: '', number: '' }, visit: { id: '', number: '' } };
let complaint = { id: '', number: '' };
let applicationNumber = '';

const session = (kind: 'person' | 'staff', who: string) => apiSession(node.baseUrl, kind, who);
const ok = expectStatus;

beforeAll(async () => {
  [browser, node] = await Promise.all([launchChromium(), startNode()]);
  // the 好差评专员 of the demo seed, or the organisation's administrator while the seed lacks it
  const probe = await apiRequest.newContext({ baseURL: node.baseUrl });
  const tried = await probe.post('/api/v1/auth/staff/login', { data: { username: officer, password: DEMO_PASSWORD } });
  if (tried.status() !== 200) officer = 'orgadmin.xihu';
  await probe.dispose();

  const citizen = await session('person', WANG.phone);
  const clerk = await session('staff', 'clerk.xihu');
  const me = await ok<{ roles: { role: string; organisationId: string | null }[] }>(clerk.get('/api/v1/me'));
  organisationId = me.roles.find((r) => r.role === 'window_clerk')!.organisationId!;

  // a 差评 of the completed application: real name, 非常不满意
  const app = await completedApplication(node.baseUrl, citizen);
  applicationNumber = app.number;
  const rated = await ok<{ rectification: { id: string } | null }>(
    citizen.post('/api/v1/ratings', {
      data: {
        event: { kind: 'application', id: app.id },
        level: 5,
        dimensions: { overall: 5, efficiency: 5, guideAccuracy: 4, convenience: 5, usability: 4 },
        tags: ['slow', 'manyTrips'],
        comment: '材料补了两次才受理，前后跑了三趟，办理时间比承诺的长。',
        channel: 'pc',
        anonymous: false,
      },
    }),
    201,
  );
  expect(rated.rectification).not.toBeNull();
  rect.app.id = rated.rectification!.id;

  // a window service, rated 不满意: the second 差评
  const visit = await ok<{ id: string }>(
    clerk.post('/api/v1/workbench/visits', { data: { idNumber: WANG.idNumber, organisationId, window: 'A08', summary: '咨询食品经营许可办理流程' } }),
    201,
  );
  const rated2 = await ok<{ rectification: { id: string } | null }>(
    citizen.post('/api/v1/ratings', {
      data: { event: { kind: 'visit', id: visit.id }, level: 4, dimensions: { efficiency: 4, skill: 3, attitude: 4 }, tags: ['attitude'], comment: '窗口人员回答不耐烦。', channel: 'qr', anonymous: false },
    }),
    201,
  );
  rect.visit.id = rated2.rectification!.id;

  // a complaint about the organisation, with a photo of the queue (a PDF here)
  const attachment = await ok<{ id: string }>(citizen.post('/api/v1/complaints/files', { multipart: { file: pdfFile('排队现场.pdf') } }), 201);
  const filed = await ok<{ id: string; number: string }>(
    citizen.post('/api/v1/complaints', {
      headers: { 'Idempotency-Key': randomUUID() },
      data: { kind: 'complaint', subject: 'organisation', organisationId, title: '办事大厅排队时间过长', content: '周一上午在西湖区市场监管局办事大厅排队近两个小时，取号机只开放了一台，希望增加窗口。', attachments: [attachment.id] },
    }),
    201,
  );
  complaint = { id: filed.id, number: filed.number };

  const officerApi = await session('staff', officer);
  rect.app.number = (await ok<{ number: string }>(officerApi.get(`/api/v1/workbench/rectifications/${rect.app.id}`))).number;
  rect.visit.number = (await ok<{ number: string }>(officerApi.get(`/api/v1/workbench/rectifications/${rect.visit.id}`))).number;
  await Promise.all([citizen.dispose(), clerk.dispose(), officerApi.dispose()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await node?.close();
});

/** Lists loaded, dialogs and messages gone (a message lasts 3 s), the form's checks done. */
async function settled(page: Page) {
  await expect
    .poll(() => page.locator('.ant-spin-blur, .ant-spin-spinning, .ant-skeleton-active, .ant-zoom-enter, .ant-zoom-leave, .ant-fade-enter, .ant-fade-leave, .ant-message-notice').count(), { timeout: 10_000 })
    .toBe(0);
  await page.waitForTimeout(200);
}

async function shotOf(page: Page, vp: (typeof VIEWPORTS)[number], name: string, fullPage = true) {
  await settled(page);
  await noHorizontalScroll(page);
  // the sticky menu sits where the page was scrolled to: a full page starts from the top
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `feedback-workbench-${name}-${vp.name}.png`), fullPage });
}

/** The row (table) or card (phone) of a list that holds `text`. */
const rowWith = (page: Page, testId: string, text: string): Locator => page.locator(`[data-testid="${testId}"] [data-row]`).filter({ hasText: text }).first();

/** On a rectification page: opens an action's form, fills it, submits, waits for the status. */
async function act(page: Page, action: string, status: string, fill: (form: Locator) => Promise<void>) {
  await page.getByTestId('action-panel').locator(`button[data-action="${action}"]`).click();
  const form = page.getByTestId(`form-${action}`);
  await form.waitFor();
  await fill(form);
  await form.getByTestId('action-submit').click();
  await page.locator(`[data-testid="rect-page"][data-status="${status}"]`).waitFor({ timeout: 15_000 });
  await expect.poll(() => page.getByTestId(`form-${action}`).count(), { timeout: 10_000 }).toBe(0);
}

describe('好差评 workbench at 1280 px', () => {
  let context: BrowserContext;
  let page: Page;
  const shot = (name: string, fullPage = true) => shotOf(page, DESKTOP, name, fullPage);

  beforeAll(async () => {
    context = await browser.newContext({ viewport: DESKTOP.viewport, locale: 'zh-CN', acceptDownloads: true });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  it('the 好差评专员 calls back, verifies, rectifies and replies: 已办结', async () => {
    await staffSignIn(page, node.baseUrl, officer);
    await page.goto(`${node.baseUrl}/admin/feedback/rectifications`);
    await page.getByRole('heading', { name: '差评整改' }).waitFor();
    const row = rowWith(page, 'rect-list', rect.app.number);
    await row.waitFor();
    expect(await row.textContent()).toContain('非常不满意');
    expect(await row.textContent()).toContain('待核实');
    await rowWith(page, 'rect-list', rect.visit.number).waitFor();
    await shot('queue');

    await row.getByRole('link', { name: rect.app.number }).click();
    await page.locator('[data-testid="rect-page"][data-status="verifying"]').waitFor();
    expect(await page.getByTestId('rating-comment').textContent()).toContain('跑了三趟');
    const rater = (await page.getByTestId('rater').textContent()) ?? '';
    expect(rater).not.toContain(WANG.phone);
    expect(await page.getByTestId('callbacks').textContent()).toContain('尚未回访');
    const offered = await page.getByTestId('action-panel').locator('button[data-action]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-action')));
    expect(offered).toEqual(['callback', 'judge', 'appeal']);
    if (applicationNumber) expect(await page.getByTestId('rating').textContent()).toContain(applicationNumber);
    await shot('case');

    // 核实结论 before the call back: the server refuses, the page says to call back first
    await page.getByTestId('action-panel').locator('button[data-action="judge"]').click();
    const judge = page.getByTestId('form-judge');
    await judge.locator('textarea').fill('经核查，受理环节两次要求补正材料，情况属实。');
    await judge.getByTestId('action-submit').click();
    await page.getByTestId('callback-required').getByText('请先登记回访').waitFor();
    await shot('callback-required', false);

    await act(page, 'callback', 'verifying', async (form) => {
      await form.getByLabel('已联系上').check();
      await form.locator('textarea').fill('电话联系王先生，了解到补正要求未一次性告知。');
    });
    expect(await page.getByTestId('callbacks').textContent()).toContain('已回访 1 次');
    await act(page, 'judge', 'rectifying', async (form) => {
      await form.getByLabel('差评属实（有效），进入整改').check();
      await form.locator('textarea').fill('经核查，受理环节两次要求补正材料，情况属实。');
    });
    await act(page, 'rectify', 'replying', async (form) => {
      await form.locator('textarea').fill('制定补正材料一次性告知清单，窗口人员开展业务培训。');
    });
    await act(page, 'reply', 'closed', async (form) => {
      await form.locator('textarea').fill('王先生您好，针对您反映的问题我们已整改：补正材料一次性告知。感谢监督。');
    });
    await page.getByTestId('rect-outcome').getByText('已整改').waitFor();
    await page.getByTestId('no-actions').waitFor();
    await expect.poll(() => page.getByTestId('rect-step').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(5);
    await shot('case-closed');
  });

  it('appeals the window 差评 as 误评', async () => {
    await page.goto(`${node.baseUrl}/admin/feedback/rectifications/${rect.visit.id}`);
    await page.locator('[data-testid="rect-page"][data-status="verifying"]').waitFor();
    await act(page, 'callback', 'verifying', async (form) => {
      await form.getByLabel('已联系上').check();
      await form.locator('textarea').fill('评价人表示本意是评价“满意”，误选了等级。');
    });
    // meanwhile a colleague records another call back: the page's version is stale (412), reloaded
    const colleague = await session('staff', officer);
    const now = await ok<{ version: number }>(colleague.get(`/api/v1/workbench/rectifications/${rect.visit.id}`));
    await ok(colleague.post(`/api/v1/workbench/rectifications/${rect.visit.id}/actions`, { headers: { 'If-Match': `"v${now.version}"` }, data: { type: 'callback', reached: true, note: '再次电话确认，评价人同意更正。' } }));
    await colleague.dispose();
    await page.getByTestId('action-panel').locator('button[data-action="appeal"]').click();
    const appeal = page.getByTestId('form-appeal');
    await appeal.getByLabel('误评').check();
    await appeal.locator('textarea').fill('回访中评价人确认误选评价等级，申请认定为误评。');
    await appeal.getByTestId('action-submit').click();
    await appeal.getByText('该差评刚被他人办理过').waitFor();
    await expect.poll(() => page.getByTestId('callbacks').textContent(), { timeout: 10_000 }).toContain('已回访 2 次');
    await appeal.getByTestId('action-submit').click();
    await page.locator('[data-testid="rect-page"][data-status="appealed"]').waitFor({ timeout: 15_000 });
    await page.getByTestId('no-actions').getByText('等待监察人员审核').waitFor();
  });

  it('the supervisor upholds the appeal from 申诉待审核', async () => {
    await staffSignIn(page, node.baseUrl, 'supervisor');
    await page.goto(`${node.baseUrl}/admin/feedback/rectifications`);
    await page.locator('.ant-tabs-tab-active').filter({ hasText: '申诉待审核' }).waitFor();
    const row = rowWith(page, 'rect-list', rect.visit.number);
    await row.waitFor();
    await page.mouse.move(0, 0);
    await shot('supervisor-queue');
    await row.getByRole('link', { name: rect.visit.number }).click();
    await page.locator('[data-testid="rect-page"][data-status="appealed"]').waitFor();
    const offered = await page.getByTestId('action-panel').locator('button[data-action]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-action')));
    expect(offered).toEqual(['review_appeal']);
    await page.getByTestId('action-panel').locator('button[data-action="review_appeal"]').click();
    await page.getByTestId('form-review_appeal').locator('textarea').fill('回访记录清楚，评价人确认误评，申诉成立。');
    await shot('review-form');
    await page.getByTestId('form-review_appeal').getByTestId('action-submit').click();
    await page.locator('[data-testid="rect-page"][data-status="closed"]').waitFor({ timeout: 15_000 });
    await page.getByTestId('rect-outcome').getByText('申诉成立').waitFor();
  });

  it('the 好差评专员 answers the complaint', async () => {
    await staffSignIn(page, node.baseUrl, officer);
    await page.goto(`${node.baseUrl}/admin/feedback/complaints`);
    await page.getByRole('heading', { name: '投诉建议' }).waitFor();
    const row = rowWith(page, 'complaints-list', complaint.number);
    await row.waitFor();
    expect(await row.textContent()).toContain('待答复');
    await shot('complaints');
    await row.getByRole('link', { name: complaint.number }).click();
    await page.locator('[data-testid="complaint-page"][data-status="open"]').waitFor();
    expect(await page.getByTestId('complaint-content').textContent()).toContain('取号机');
    // the attachment downloads for the organisation's staff
    const file = page.getByTestId('complaint-content').getByRole('link', { name: /排队现场\.pdf/ });
    const fileRes = await page.request.get(`${node.baseUrl}${await file.getAttribute('href')}`);
    expect(fileRes.status()).toBe(200);
    expect((await fileRes.body()).subarray(0, 5).toString()).toBe('%PDF-');
    // the answer is required (10 characters or more)
    await page.getByTestId('answer-submit').click();
    await page.getByTestId('answer-form').getByText('请填写答复内容').waitFor();
    await page.getByTestId('answer-form').locator('textarea').fill('感谢您的反映。我局已于本周起增开两台取号机和两个综合窗口，高峰时段安排人员引导分流。');
    await shot('complaint');
    await page.getByTestId('answer-submit').click();
    await page.locator('[data-testid="complaint-page"][data-status="answered"]').waitFor({ timeout: 15_000 });
    await page.getByTestId('complaint-answer').getByText('增开两台取号机').waitFor();
    await page.getByTestId('filer-rating').getByText('提交人尚未评价答复').waitFor();
    await shot('complaint-answered');
  });

  it('the filer rates the answer in 我的投诉建议; the rectified 差评 is published with what was done', async () => {
    const citizen = await browser.newContext({ viewport: DESKTOP.viewport, locale: 'zh-CN' });
    try {
      const p = await citizen.newPage();
      await p.goto(`${node.baseUrl}/login?next=${encodeURIComponent(`/me/complaints/${complaint.id}`)}`);
      await citizenPasswordLogin(p, WANG.phone);
      await p.waitForURL((u) => u.pathname === `/me/complaints/${complaint.id}`);
      await p.getByTestId('complaint-answer').getByText('增开两台取号机').waitFor();
      const form = p.getByTestId('answer-rate-form');
      await form.getByText('满意', { exact: true }).click();
      await form.locator('textarea').fill('答复及时，措施具体。');
      await form.getByRole('button', { name: /提\s*交/ }).click();
      await p.getByTestId('answer-rating').getByText('答复及时，措施具体。').waitFor();
      await p.getByTestId('answer-rating').getByText('满意').waitFor();

      // 好差评公开: the rectification closed above, with its outcome, measures and reply; no rater
      await p.goto(`${node.baseUrl}/ratings?organisation=${organisationId}`);
      const published = p.getByTestId('public-rectification').filter({ hasText: rect.app.number });
      await published.waitFor();
      const text = (await published.textContent()) ?? '';
      expect(text).toContain('已整改并回复');
      expect(text).toContain('制定补正材料一次性告知清单');
      expect(text).toContain('补正材料一次性告知');
      expect(text).not.toContain(WANG.name);
      // the upheld appeal is published as such and leaves the indicators
      expect(await p.getByTestId('public-rectification').filter({ hasText: rect.visit.number }).textContent()).toContain('经审核为误评或恶意差评');
    } finally {
      await citizen.close();
    }
  });

  it('the ratings list, filtered by level, and the exports', async () => {
    await page.goto(`${node.baseUrl}/admin/feedback/ratings`);
    await page.getByRole('heading', { name: '评价数据' }).waitFor();
    await expect.poll(() => page.locator('[data-testid="ratings-list"] [data-row]').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await rowWith(page, 'ratings-list', '跑了三趟').waitFor();
    expect(await rowWith(page, 'ratings-list', '回答不耐烦').textContent()).toContain('不计入统计');
    await page.getByRole('combobox', { name: '评价等级' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^非常不满意$/ }).click();
    await page.waitForURL(/level=5/);
    // only 非常不满意 (the demo seed has its own ratings besides these)
    await expect.poll(() => page.locator('[data-testid="ratings-list"] [data-row]').filter({ hasText: '回答不耐烦' }).count(), { timeout: 10_000 }).toBe(0);
    await rowWith(page, 'ratings-list', '跑了三趟').waitFor();
    const levels = await page.locator('[data-testid="ratings-list"] [data-row] .ow-fb-level').allTextContents();
    expect(levels.length).toBeGreaterThan(0);
    expect(new Set(levels)).toEqual(new Set(['非常不满意']));
    await page.goto(`${node.baseUrl}/admin/feedback/ratings`);
    await rowWith(page, 'ratings-list', '跑了三趟').waitFor();
    await shot('ratings');

    const csvHref = await page.getByTestId('export-ratings-csv').getAttribute('href');
    expect(csvHref).toContain('/api/v1/workbench/feedback/export/ratings?format=csv');
    const download = page.waitForEvent('download');
    await page.getByTestId('export-ratings-csv').click();
    const file = await download;
    const body = await (await import('node:fs/promises')).readFile((await file.path())!, 'utf8');
    expect(body.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toContain('ratingId');
    expect(body).toContain('跑了三趟');
    const json = await page.request.get(`${node.baseUrl}${await page.getByTestId('export-rect-json').getAttribute('href')}`);
    expect(json.status()).toBe(200);
  });

  it('the window clerk creates a window QR code and records a service', async () => {
    await staffSignIn(page, node.baseUrl, 'clerk.xihu');
    await page.goto(`${node.baseUrl}/admin/feedback/window`);
    await page.getByRole('heading', { name: '窗口评价' }).waitFor();
    // the visit recorded in preparation is listed (and rated)
    await page.getByTestId('visit').filter({ hasText: '咨询食品经营许可办理流程' }).getByText('已评价').waitFor();
    await page.locator('#code-window').fill('A08');
    await page.getByTestId('code-save').click();
    const code = page.getByTestId('rating-code').filter({ hasText: 'A08' });
    await code.waitFor();
    await expect.poll(() => code.getByTestId('qr-image').count(), { timeout: 10_000 }).toBe(1);
    expect(await code.textContent()).toContain('扫码评价');
    expect(await code.textContent()).toContain('冯');

    // a person with no account is told so; a registered one is recorded
    const unregistered = DEMO_PEOPLE.find((p) => !p.registered);
    if (unregistered) {
      await page.locator('#visit-id').fill(unregistered.idNumber);
      await page.locator('#visit-summary').fill('咨询');
      await page.getByTestId('visit-submit').click();
      await page.getByTestId('visit-error').waitFor();
    }
    await page.locator('#visit-id').fill(WANG.idNumber);
    await page.locator('#visit-summary').fill('领取食品经营许可证');
    await page.getByTestId('visit-submit').click();
    await page.getByTestId('visit').filter({ hasText: '领取食品经营许可证' }).getByText('待评价').waitFor();
    await shot('window');

    // 打印 prints the 扫码评价 card alone (what print media shows with the card picked)
    // (the browser's print dialog is replaced by a no-op; print media shows what would be printed)
    await page.evaluate(() => {
      window.print = () => undefined;
    });
    await code.getByTestId('print-code').click();
    await page.getByTestId('print-sheet').getByTestId('qr-image').waitFor({ state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'feedback-workbench-print-desktop.png') });
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await expect.poll(() => page.getByTestId('print-sheet').count(), { timeout: 10_000 }).toBe(0);
  });
});

describe('好差评 workbench at 375 px', () => {
  let context: BrowserContext;
  let page: Page;
  const shot = (name: string, fullPage = true) => shotOf(page, MOBILE, name, fullPage);

  beforeAll(async () => {
    context = await browser.newContext({ viewport: MOBILE.viewport, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  it('the queue, a case, the ratings and the complaints fit the phone', async () => {
    await staffSignIn(page, node.baseUrl, officer);
    await page.goto(`${node.baseUrl}/admin/feedback/rectifications?status=closed`);
    await rowWith(page, 'rect-list', rect.app.number).waitFor();
    await shot('queue');
    await page.goto(`${node.baseUrl}/admin/feedback/rectifications/${rect.app.id}`);
    await page.locator('[data-testid="rect-page"][data-status="closed"]').waitFor();
    await shot('case');
    await page.goto(`${node.baseUrl}/admin/feedback/ratings`);
    await rowWith(page, 'ratings-list', '跑了三趟').waitFor();
    await shot('ratings');
    await page.goto(`${node.baseUrl}/admin/feedback/complaints/${complaint.id}`);
    await page.locator('[data-testid="complaint-page"][data-status="answered"]').waitFor();
    await shot('complaint');
  });

  it('in English, the case reads in English', async () => {
    await page.goto(`${node.baseUrl}/admin/feedback/rectifications/${rect.visit.id}`);
    await page.evaluate((key) => localStorage.setItem(key, 'en'), LANGUAGE_KEY);
    await page.reload();
    await page.locator('[data-testid="rect-page"][data-status="closed"]').waitFor();
    await page.getByTestId('rect-outcome').getByText('Appeal upheld').waitFor();
    await shot('case-en');
    await page.evaluate((key) => localStorage.setItem(key, 'zh-CN'), LANGUAGE_KEY);
  });

  it('the window page fits the phone', async () => {
    await staffSignIn(page, node.baseUrl, 'clerk.xihu');
    await page.goto(`${node.baseUrl}/admin/feedback/window`);
    await page.getByTestId('rating-code').first().waitFor();
    await shot('window');
  });
});
