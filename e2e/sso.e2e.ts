/**
 * Single sign-on into a sample relying party (examples/sample-rp, openid-client) in Chromium at
 * 1280 px and 375 px. A resident registers and raises her level; the legal representative of a demo
 * enterprise binds it and authorises her as agent; she then signs in to the sample system through
 * the node's OpenID Provider: login page → consent page (acting for the enterprise) → back in the
 * sample system with her name, level 3 and the enterprise. A system that requires level 3 is refused
 * to a level-2 account with a way to raise the level. Screenshots go to e2e/screenshots.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type APIRequestContext, type Browser, type Page } from 'playwright-core';
import { startSampleRp } from '../examples/sample-rp/app.js';
import { DEMO_ENTERPRISES, DEMO_PASSWORD, DEMO_PEOPLE } from '../server/src/seed/demo-identity.js';
import { SCREENSHOTS, VIEWPORTS, freePort, startNode, noHorizontalScroll, launchChromium } from './server.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });


/** API calls in the browser's context (its cookies), as the pages themselves would make them. */
async function api(request: APIRequestContext, base: string, method: 'GET' | 'POST', url: string, data?: object) {
  const res = await request.fetch(`${base}/api/v1${url}`, { method, data, headers: { origin: base } });
  const body = res.headers()['content-type']?.includes('json') ? await res.json() : undefined;
  return { status: res.status(), body };
}

const chen = DEMO_PEOPLE[2];
const wang = DEMO_PEOPLE[0];

for (const vp of VIEWPORTS) {
  describe(`single sign-on at ${vp.viewport.width} px`, () => {
    let node: Awaited<ReturnType<typeof startNode>>;
    let rp: Awaited<ReturnType<typeof startSampleRp>>;
    let strictRp: Awaited<ReturnType<typeof startSampleRp>>;
    const errors: string[] = [];

    beforeAll(async () => {
      node = await startNode();
      const admin = await browser.newContext();
      const base = node.publicUrl;
      expect((await api(admin.request, base, 'POST', '/auth/staff/login', { username: 'admin', password: DEMO_PASSWORD })).status).toBe(200);
      const register = async (minimumLevel: number) => {
        const port = await freePort();
        const client = await api(admin.request, base, 'POST', '/admin/oidc-clients', {
          name: minimumLevel > 2 ? '示例业务系统（公积金）' : '示例业务系统（不动产登记）',
          redirectUris: [`http://localhost:${port}/callback`],
          scopes: ['profile', 'enterprise'],
          minimumLevel,
          confidential: true,
        });
        expect(client.status).toBe(201);
        return startSampleRp({ issuer: `${base}/oidc`, clientId: client.body.clientId, clientSecret: client.body.clientSecret, port, scope: 'openid profile enterprise', minimumLevel });
      };
      rp = await register(2);
      strictRp = await register(3);
      await admin.close();
    });
    afterAll(async () => {
      await rp?.close();
      await strictRp?.close();
      await node?.close();
    });

    it('a system requiring level 3 sends a level-2 account to raise its level', async () => {
      const context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: 'zh-CN' });
      const page = await context.newPage();
      expect((await api(context.request, node.publicUrl, 'POST', '/auth/login', { identifier: DEMO_PEOPLE[1].phone, password: DEMO_PASSWORD })).status).toBe(200);
      await page.goto(strictRp.url);
      await page.locator('#sso').click();
      await page.waitForURL(/\/sso\//);
      await page.getByText('该系统要求实名等级不低于 3 级').waitFor();
      expect(await page.getByRole('button', { name: '同意并登录' }).isDisabled()).toBe(true);
      await noHorizontalScroll(page);
      await shot(page, `sso-level-required-${vp.name}`);
      await page.getByRole('button', { name: '拒 绝' }).or(page.getByRole('button', { name: '拒绝' })).first().click();
      await page.waitForURL(new RegExp(`^${strictRp.url}`));
      await page.getByText('登录未完成').waitFor();
      await context.close();
    });

    it('an enterprise agent signs in to the sample system, acting for the enterprise', async () => {
      const base = node.publicUrl;
      // the legal representative binds the enterprise and authorises 陈静 as agent
      const rep = await browser.newContext();
      expect((await api(rep.request, base, 'POST', '/auth/login', { identifier: wang.phone, password: DEMO_PASSWORD })).status).toBe(200);
      expect((await api(rep.request, base, 'POST', '/me/identity-verification')).body).toEqual({ level: 3, result: 'verified' });
      const bound = await api(rep.request, base, 'POST', '/me/enterprises', { uscc: DEMO_ENTERPRISES[0]!.uscc });
      expect(bound.status).toBe(201);
      expect((await api(rep.request, base, 'POST', `/me/enterprises/${bound.body.id}/agents`, { name: chen.name, idNumber: chen.idNumber })).status).toBe(201);
      await rep.close();

      // 陈静 registers (code from the development outbox) and raises her level to 3
      const context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: 'zh-CN' });
      const page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      const otp = await api(context.request, base, 'POST', '/auth/otp', { purpose: 'register', phone: chen.phone });
      const sms = await api(context.request, base, 'GET', `/dev/sms?phone=${chen.phone}`);
      const code = /验证码 (\d{6})/.exec(sms.body.items[0].body)![1];
      const password = 'Chenjing@2026';
      expect((await api(context.request, base, 'POST', '/auth/register', { name: chen.name, idNumber: chen.idNumber, phone: chen.phone, password, challengeId: otp.body.challengeId, code })).status).toBe(202);

      // she opens the sample system and chooses unified sign-on: the node asks her to log in first
      await page.goto(rp.url);
      await shot(page, `sso-rp-home-${vp.name}`);
      await page.locator('#sso').click();
      await page.waitForURL(/\/sso\//);
      await page.getByText('请先登录统一身份认证平台').waitFor();
      await noHorizontalScroll(page);
      await shot(page, `sso-sign-in-first-${vp.name}`);
      const consentUrl = page.url();

      expect((await api(context.request, base, 'POST', '/auth/login', { identifier: chen.phone, password })).status).toBe(200);
      expect((await api(context.request, base, 'POST', '/me/identity-verification')).body).toEqual({ level: 3, result: 'verified' });
      await page.goto(consentUrl);
      await page.getByText('当前登录：陈*（实名等级 3 级）').waitFor();
      await page.getByText('杭州西湖云帆科技有限公司').waitFor();
      await page.getByText(/代表 杭州西湖云帆科技有限公司（经办人）/).click();
      await page.getByText('所代表企业的名称').waitFor();
      await noHorizontalScroll(page);
      await shot(page, `sso-consent-${vp.name}`);

      await page.getByRole('button', { name: '同意并登录' }).click();
      await page.waitForURL(new RegExp(`^${rp.url}/?$`));
      await page.locator('#signed-in').waitFor();
      const claim = (k: string) => page.locator(`dd[data-claim="${k}"]`).textContent();
      expect(await claim('姓名')).toBe(chen.name);
      expect(await claim('实名等级（acr）')).toBe('urn:onewindow:loa:3');
      expect(await claim('主体类型')).toBe('法人（代表企业）');
      expect(await claim('代表企业')).toContain('杭州西湖云帆科技有限公司');
      expect(await claim('代表企业')).toContain('经办人');
      await shot(page, `sso-rp-signed-in-${vp.name}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  });
}
