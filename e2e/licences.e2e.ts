/**
 * Electronic licences (电子证照) in Chromium, on one demo node. 我的证照: 李华 (level 2) is sent to
 * login and sees the 实名核验 notice; 王小明 (level 2, legal representative of 杭州西湖云帆科技有限公司)
 * raises his level in 个人中心 from the notice's link, binds the enterprise and then holds its 营业执照
 * and his own 机动车驾驶证; on the licence page he reads the fields, downloads the PDF, grants a
 * purpose-bound authorisation to an organisation and revokes it. 公开核验 (signed out): a valid
 * identifier, an unknown one, a malformed one, a licence revoked by its issuer, the downloaded PDF
 * and a tampered copy of it, the published keys; the footer link. Desktop (1280) and phone (375).
 * Screenshots: e2e/screenshots/licences-<page>-<viewport>.png.
 */
import path from 'node:path';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as apiRequest, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { licenceIdentifier, parseLicenceIdentifier } from '@onewindow/domain';
import { DEMO_ENTERPRISES, DEMO_PASSWORD, DEMO_PEOPLE } from '../server/src/seed/demo-identity.js';
import { DEMO_LICENCE_TYPES, demoHolderLicenceIdentifier } from '../server/src/seed/demo-licences.js';
import { SCREENSHOTS, VIEWPORTS, launchChromium, noHorizontalScroll, startNode } from './server.js';
import { citizenPasswordLogin } from './steps.js';

type Node = Awaited<ReturnType<typeof startNode>>;
type Viewport = (typeof VIEWPORTS)[number];

const [WANG, LI] = DEMO_PEOPLE;
const YUNFAN = DEMO_ENTERPRISES[0]!;
const QINGHE = DEMO_ENTERPRISES[1]!;
const BUSINESS = demoHolderLicenceIdentifier('businessLicence');
const DRIVING = demoHolderLicenceIdentifier('drivingLicence');
const FOOD = DEMO_LICENCE_TYPES.find((x) => x.name === '食品经营许可证')!.code;
const XIHU_SAMR = '杭州市西湖区市场监督管理局';

let browser: Browser;
let node: Node;
/** the driving licence PDF as 王小明 downloaded it */
let drivingPdf: Buffer;
/** a licence its issuer revoked */
let revoked = '';

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
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOTS, `licences-${name}.png`), fullPage: true });
};

/** A page at the viewport; `signedIn` carries the cookies of another context (one login per person). */
const newPage = async (vp: Viewport, signedIn?: BrowserContext): Promise<{ context: BrowserContext; page: Page }> => {
  const storageState = signedIn ? await signedIn.storageState() : undefined;
  const context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: 'zh-CN', acceptDownloads: true, storageState });
  return { context, page: await context.newPage() };
};
const [DESKTOP, MOBILE] = [VIEWPORTS.find((v) => v.name === 'desktop')!, VIEWPORTS.find((v) => v.name === 'mobile')!];

const cards = (page: Page) => page.getByTestId('licence-card');

describe('我的证照', () => {
  it('李华 (level 2): signed out → login → back; the 实名核验 notice links to 个人中心; no licence shown', async () => {
    let desktop: BrowserContext | undefined;
    for (const vp of [DESKTOP, MOBILE]) {
      const { context, page } = await newPage(vp, desktop);
      await page.goto(`${node.baseUrl}/my/licences`);
      if (!desktop) {
        await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('next') === '/my/licences');
        await citizenPasswordLogin(page, LI.phone);
        await page.waitForURL((u) => u.pathname === '/my/licences');
      }
      const notice = page.getByTestId('licences-level3');
      await notice.getByText('个人证照需完成实名核验（3 级）后才能查看').waitFor();
      expect(await notice.locator('a[href="/account"]').count()).toBe(1);
      // her 不动产权证书 is issued under her ID number: not shown at level 2
      await page.getByText('暂无电子证照').waitFor();
      expect(await cards(page).count()).toBe(0);
      await shot(page, `level2-${vp.name}`);
      if (desktop) await context.close();
      desktop ??= context;
    }
    await desktop?.close();
  });

  describe('王小明', () => {
    let context: BrowserContext;
    let page: Page;

    it('raises his level from the notice, binds 云帆科技: its 营业执照 and his 驾驶证 are listed', async () => {
      ({ context, page } = await newPage(DESKTOP));
      await page.goto(`${node.baseUrl}/login?next=${encodeURIComponent('/my/licences')}`);
      await citizenPasswordLogin(page, WANG.phone);
      await page.waitForURL((u) => u.pathname === '/my/licences');
      // level 2, no enterprise bound yet: nothing, and the notice
      await page.getByText('暂无电子证照').waitFor();
      // the header menu has 我的证照 next to 我的办件
      await page.locator('.ow-hdr-user').click();
      await page.getByRole('menuitem', { name: /我的证照/ }).waitFor();
      await page.keyboard.press('Escape');

      await page.getByTestId('licences-level3').getByRole('link').click();
      await page.waitForURL((u) => u.pathname === '/account');
      await page.getByRole('button', { name: '通过人口库核验提升至三级' }).click();
      await page.getByText('核验通过，您的账号已提升至三级实名').waitFor();
      // the enterprise he represents (binding is checked against the enterprise registry; level 3)
      const bound = await page.request.post(`${node.baseUrl}/api/v1/me/enterprises`, { data: { uscc: YUNFAN.uscc } });
      expect(bound.status(), await bound.text()).toBeLessThan(300);

      await page.goto(`${node.baseUrl}/my/licences`);
      await expect.poll(() => cards(page).count()).toBe(2);
      expect(await page.getByTestId('licences-level3').count()).toBe(0);
      const business = page.locator(`[data-testid="licence-card"][data-identifier="${BUSINESS}"]`);
      const driving = page.locator(`[data-testid="licence-card"][data-identifier="${DRIVING}"]`);
      expect(await business.textContent()).toContain('营业执照');
      expect(await business.textContent()).toContain(YUNFAN.name);
      expect(await business.textContent()).toContain(YUNFAN.uscc); // its number
      expect(await business.textContent()).toContain(XIHU_SAMR);
      expect(await business.textContent()).toContain('长期有效');
      expect(await driving.textContent()).toContain('机动车驾驶证');
      expect(await driving.textContent()).toContain(WANG.name);
      expect(await driving.textContent()).toContain('杭州市公安局交通警察支队');
      expect(await driving.textContent()).toContain('2022年8月16日');
      expect(await driving.locator('.ow-lic-status').textContent()).toBe('有效');
      // filtered by holder
      await page.getByText('企业证照', { exact: true }).click();
      await expect.poll(() => cards(page).count()).toBe(1);
      await page.getByText('全部', { exact: true }).click();
      await expect.poll(() => cards(page).count()).toBe(2);
      await shot(page, 'wallet-desktop');
    });

    it('the driving licence: fields, PDF download, grant an authorisation and revoke it', async () => {
      await page.locator(`[data-testid="licence-card"][data-identifier="${DRIVING}"]`).click();
      await page.waitForURL((u) => decodeURIComponent(u.pathname) === `/my/licences/${DRIVING}`);
      const detail = page.getByTestId('licence-detail');
      await detail.waitFor();
      expect(await page.getByTestId('licence-identifier').textContent()).toBe(DRIVING);
      // 照面信息, labelled by the licence type
      const face = page.locator('section[aria-labelledby="sec-face"]');
      await face.getByText('准驾车型').waitFor();
      await face.getByText('C1', { exact: true }).waitFor();
      await face.getByText('1990年1月1日').waitFor();
      expect(await page.getByTestId('licence-verify-link').getAttribute('href')).toBe(`/verify/${encodeURIComponent(DRIVING)}`);

      // a node without the CJK font answers 503 (this one has the font: its answer is stood in for once)
      const pdfUrl = `**/api/v1/me/licences/${encodeURIComponent(DRIVING)}/pdf`;
      await page.route(pdfUrl, (route) =>
        route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ type: 'https://onewindow.dev/problems/licence-font-missing', title: '证照版式文件暂不可用：服务器缺少中文字体', status: 503 }) }),
      );
      await page.getByTestId('licence-download').click();
      await page.getByTestId('licence-font-missing').getByText('证照版式文件暂时无法生成').waitFor();
      await page.unroute(pdfUrl);

      // the PDF (the node has the CJK font)
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('licence-download').click()]);
      expect(download.suggestedFilename()).toMatch(/^机动车驾驶证-.+\.pdf$/);
      drivingPdf = fs.readFileSync((await download.path())!);
      expect(drivingPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await page.getByText('证照文件已下载').waitFor();
      expect(await page.getByTestId('licence-font-missing').count()).toBe(0);

      // grant: the purpose is required; the organisation is found by part of its name
      await page.getByTestId('grant-open').click();
      const dialog = page.getByRole('dialog').filter({ hasText: '新增用证授权' });
      await dialog.waitFor();
      await dialog.getByTestId('grant-submit').click();
      await dialog.getByText('请选择被授权的机构').waitFor();
      await dialog.getByText('请填写用途（2–200 个字）').waitFor();
      await dialog.locator('#grant_granteeId').fill('西湖区市场');
      await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: XIHU_SAMR }).first().click();
      await dialog.locator('#grant_purpose').fill('办理食品经营许可证核发时核验驾驶证');
      await shot(page, 'grant-desktop');
      await dialog.getByTestId('grant-submit').click();
      await page.getByText('授权成功').first().waitFor();
      const auth = page.getByTestId('authorisation').first();
      await expect.poll(() => auth.getAttribute('data-status')).toBe('active');
      expect(await auth.textContent()).toContain(XIHU_SAMR);
      expect(await auth.textContent()).toContain('办理食品经营许可证核发时核验驾驶证');
      await page.getByText('授权成功').first().waitFor({ state: 'hidden' });
      await shot(page, 'detail-desktop');

      // the wallet counts it
      const wallet = (await (await page.request.get(`${node.baseUrl}/api/v1/me/licences`)).json()) as { items: { identifier: string; activeAuthorisations: number }[] };
      expect(wallet.items.find((l) => l.identifier === DRIVING)?.activeAuthorisations).toBe(1);

      // revoke, after a confirmation
      await auth.getByTestId('revoke-open').click();
      const confirm = page.getByRole('dialog').filter({ hasText: '撤销该授权？' });
      await confirm.getByText(`${XIHU_SAMR}将立即不能再使用本证照`).waitFor();
      await confirm.getByTestId('revoke-confirm').click();
      await page.getByText('授权已撤销').first().waitFor();
      await expect.poll(() => page.getByTestId('authorisation').first().getAttribute('data-status')).toBe('revoked');
    });

    it('phone: the wallet and the enterprise licence', async () => {
      const desktop = context;
      ({ context, page } = await newPage(MOBILE, desktop));
      await desktop.close();
      await page.goto(`${node.baseUrl}/my/licences`);
      await expect.poll(() => cards(page).count()).toBe(2);
      await shot(page, 'wallet-mobile');
      await page.locator(`[data-testid="licence-card"][data-identifier="${BUSINESS}"]`).click();
      const face = page.locator('section[aria-labelledby="sec-face"]');
      await face.getByText('经营范围').waitFor();
      await face.getByText('伍佰万元整').waitFor();
      await page.getByText('暂无授权记录').waitFor();
      await shot(page, 'detail-mobile');
      await context.close();
    });
  });
});

describe('公开核验', () => {
  /** the issuer's approver issues a licence through the issuing API, then revokes it */
  it('an issuer revokes a licence (issuing API)', async () => {
    const staff = await apiRequest.newContext({ baseURL: node.baseUrl });
    expect((await staff.post('/api/v1/auth/staff/login', { data: { username: 'approver.xihu', password: DEMO_PASSWORD } })).status()).toBe(200);
    const orgs = (await (await staff.get(`/api/v1/organisations?q=${encodeURIComponent(XIHU_SAMR)}`)).json()) as { items: { id: string; name: string }[] };
    const org = orgs.items.find((o) => o.name === XIHU_SAMR)!;
    const issued = await staff.post('/api/v1/workbench/licences', {
      data: { organisationId: org.id, typeCode: FOOD, holder: QINGHE.name, holderCode: QINGHE.uscc, holderCodeType: '001', data: { legalRepresentative: '李华', premises: '杭州市上城区清泰街 88 号', mainActivity: '餐饮服务经营者', scope: '热食类食品制售' } },
    });
    expect(issued.status(), await issued.text()).toBe(201);
    revoked = ((await issued.json()) as { licence: { identifier: string } }).licence.identifier;
    const r = await staff.post(`/api/v1/workbench/licences/${revoked}/revoke`, { data: { reason: '申请人申请注销' } });
    expect(r.status(), await r.text()).toBe(200);
    await staff.dispose();
  });

  for (const vp of [DESKTOP, MOBILE]) {
    it(`${vp.name}: valid, unknown, malformed and revoked identifiers; the PDF and a tampered copy; the keys`, async () => {
      const { context, page } = await newPage(vp);
      const result = page.getByTestId('verify-result');

      // from the footer of any page
      await page.goto(`${node.baseUrl}/`);
      await page.getByTestId('footer-verify').click();
      await page.waitForURL((u) => u.pathname === '/verify');
      await page.getByRole('heading', { name: '电子证照公开核验' }).waitFor();
      if (vp.name === 'desktop') await shot(page, 'verify-desktop');

      // valid: what the QR code of the PDF opens
      await page.goto(`${node.baseUrl}/verify/${BUSINESS}`);
      await expect.poll(() => result.getAttribute('data-result')).toBe('valid');
      expect(await result.locator('.ow-verify-title').textContent()).toContain('有效');
      expect(await result.textContent()).toContain(YUNFAN.name);
      expect(await result.textContent()).toContain(XIHU_SAMR);
      expect(await result.textContent()).toContain(`${XIHU_SAMR}电子证照专用章`);
      const keys = (await (await page.request.get(`${node.baseUrl}/api/v1/licences/keys`)).json()) as { items: { keyId: string; organisation: string; status: string }[] };
      const samrKey = keys.items.find((k) => k.organisation === XIHU_SAMR && k.status === 'active')!;
      expect(await page.getByTestId('verify-key-id').textContent()).toBe(samrKey.keyId);
      await shot(page, `verify-valid-${vp.name}`);

      // a person's licence: the register masks the name and the ID number
      await page.goto(`${node.baseUrl}/verify/${DRIVING}`);
      await expect.poll(() => result.getAttribute('data-result')).toBe('valid');
      const text = (await result.textContent())!;
      expect(text).not.toContain(WANG.idNumber);
      expect(text).not.toContain(WANG.name);
      await page.getByText('为保护个人信息，持证主体代码及个人姓名已部分隐藏。').waitFor();

      // unknown: a well-formed identifier the register does not hold, typed into the form
      const p = parseLicenceIdentifier(BUSINESS)!;
      const unknown = licenceIdentifier({ ...p, serial: '1999010199' });
      const input = page.locator('#verify_identifier');
      await input.fill(unknown);
      await page.getByTestId('verify-submit').click();
      await page.waitForURL((u) => decodeURIComponent(u.pathname) === `/verify/${unknown}`);
      await expect.poll(() => result.getAttribute('data-result')).toBe('not-found');
      expect(await result.locator('.ow-verify-title').textContent()).toBe('未找到');
      if (vp.name === 'mobile') await shot(page, 'verify-unknown-mobile');

      // malformed: a changed check character is caught before asking
      const wrongCheck = BUSINESS.slice(0, -1) + (BUSINESS.endsWith('0') ? '1' : '0');
      await input.fill(wrongCheck);
      await page.getByTestId('verify-submit').click();
      await page.getByText('证照标识格式不正确：应为 1.2.156.3005.2 开头、以校验位结尾的标识').waitFor();

      // revoked by its issuer
      await page.goto(`${node.baseUrl}/verify/${revoked}`);
      await expect.poll(() => result.getAttribute('data-result')).toBe('revoked');
      expect(await result.locator('.ow-verify-title').textContent()).toContain('已撤销');
      expect(await result.textContent()).toContain(QINGHE.name);
      await shot(page, `verify-revoked-${vp.name}`);

      // the downloaded PDF verifies (its embedded signed document)
      await page.goto(`${node.baseUrl}/verify`);
      await page.getByRole('tab', { name: /上传证照文件核验/ }).click();
      const upload = page.locator('.ow-verify-file input[type=file]');
      await upload.setInputFiles({ name: '机动车驾驶证.pdf', mimeType: 'application/pdf', buffer: drivingPdf });
      await expect.poll(() => result.getAttribute('data-result')).toBe('valid');
      expect(await result.textContent()).toContain('文件：机动车驾驶证.pdf');
      expect(await result.textContent()).toContain('机动车驾驶证');

      // a copy whose embedded licence data was changed (C1 → A1) fails
      await upload.setInputFiles({ name: '改动的驾驶证.pdf', mimeType: 'application/pdf', buffer: tampered(drivingPdf) });
      await expect.poll(() => result.getAttribute('data-result')).toBe('tampered');
      expect(await result.locator('.ow-verify-title').textContent()).toBe('验证失败');
      await shot(page, `verify-tampered-${vp.name}`);

      // the published keys
      await page.getByTestId('keys-open').click();
      const list = page.getByTestId('keys-list');
      await list.getByText(XIHU_SAMR).first().waitFor();
      await page.getByRole('dialog').getByRole('link', { name: /\/api\/v1\/licences\/keys/ }).waitFor();
      if (vp.name === 'desktop') await shot(page, 'keys-desktop');
      await context.close();
    });
  }
});

/**
 * The PDF with its embedded licence document changed: the base64 JSON string of the document
 * information dictionary decoded, the vehicle class changed, encoded again.
 */
function tampered(pdf: Buffer): Buffer {
  const text = pdf.toString('latin1');
  let changed = 0;
  const out = text.replace(/\(([A-Za-z0-9+/=]{200,})\)/g, (whole, b64: string) => {
    const json = Buffer.from(b64, 'base64').toString('utf8');
    if (!json.includes('"vehicleClass":"C1"')) return whole;
    changed++;
    return `(${Buffer.from(json.replace('"vehicleClass":"C1"', '"vehicleClass":"A1"'), 'utf8').toString('base64')})`;
  });
  expect(changed).toBeGreaterThan(0);
  return Buffer.from(out, 'latin1');
}
