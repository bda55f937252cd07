/**
 * Citizen flow in Chromium at 1280 px and 375 px: portal home → search 营业执照 → open a guide;
 * everyday words (开奶茶店); unknown pages. Screenshots go to e2e/screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, SCREENSHOTS, VIEWPORTS, startNode, noHorizontalScroll } from './server.js';

let node: Awaited<ReturnType<typeof startNode>>;
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  node = await startNode();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await node?.close();
});


const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });

for (const vp of VIEWPORTS) {
  describe(`portal at ${vp.viewport.width} px`, () => {
    let page: Page;
    const errors: string[] = [];
    beforeAll(async () => {
      const context = await browser.newContext({ viewport: vp.viewport, isMobile: vp.isMobile, hasTouch: vp.hasTouch, locale: 'zh-CN' });
      page = await context.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
    });

    it('home → search 营业执照 → guide', async () => {
      await page.goto(node.baseUrl + '/');
      await expect.poll(() => page.title(), { timeout: 10_000 }).toMatch(/一网通办|政务服务/);
      await page.getByText('个人办事').first().waitFor();
      await page.getByText('法人办事').first().waitFor();
      await noHorizontalScroll(page);
      await shot(page, `home-${vp.name}`);

      const box = page.getByPlaceholder(/搜索/).first();
      await box.fill('营业执照');
      await box.press('Enter');
      await page.waitForURL(/\/search\?.*q=/);
      const firstResult = page.locator('a[href^="/items/"]').filter({ hasText: '营业执照' }).first();
      await firstResult.waitFor();
      await expect.poll(() => page.getByText(/共找到|found/i).first().textContent()).toMatch(/\d+/);
      await noHorizontalScroll(page);
      await shot(page, `search-${vp.name}`);

      await firstResult.click();
      await page.waitForURL(/\/items\/[0-9A-Z]{31}/);
      await page.getByText('申请材料').first().waitFor();
      await page.getByText('办理流程').first().waitFor();
      await page.getByText('法定办结时限').first().waitFor();
      expect(await page.locator('h1').first().textContent()).toContain('营业执照');
      await noHorizontalScroll(page);
      await shot(page, `guide-${vp.name}`);
    });

    it('finds the food-business licence from 开奶茶店', async () => {
      await page.goto(`${node.baseUrl}/search?q=${encodeURIComponent('开奶茶店')}`);
      await page.locator('a[href^="/items/"]').filter({ hasText: '食品经营许可' }).first().waitFor();
      await shot(page, `search-alias-${vp.name}`);
    });

    it('shows a not-found page for unknown addresses', async () => {
      await page.goto(`${node.baseUrl}/no-such-page`);
      await page.getByText('404').first().waitFor();
      await page.goto(`${node.baseUrl}/items/000000000000000000000000000000X`);
      await page.getByText(/未找到|不存在/).first().waitFor();
      await shot(page, `not-found-${vp.name}`);
    });

    it('raised no script errors', () => {
      expect(errors).toEqual([]);
    });
  });
}
