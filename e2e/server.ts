/** Starts a real node for browser tests: the built web app, in-memory PGlite, the demo province. */
import path from 'node:path';
import fs from 'node:fs';
import net from 'node:net';
import { buildApp } from '../server/src/app.js';
import { testConfig } from '../server/src/config.js';
import { migrate, openDatabase } from '../server/src/platform/db.js';
import { seed } from '../server/src/seed/seed.js';
import { chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { secretsForTests } from '../server/src/platform/secrets.js';

export const WEB_DIST = path.resolve(import.meta.dirname, '../web/dist');
export const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots');

/** A free local port (closed again at once), so a server can know its public URL before it listens. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * A node on http://localhost:<free port>, which is also its public URL (OpenID issuer, passkey
 * origin). `baseUrl` uses 127.0.0.1 for the pages that need no cookies across hosts.
 */
export async function startNode(overrides: Partial<import('../server/src/config.js').Config> = {}) {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('web/dist is missing: run `npm run build -w web` first');
  const database = await openDatabase({ inMemory: true });
  await migrate(database);
  const port = await freePort();
  const config = testConfig({ webDist: WEB_DIST, publicUrl: `http://localhost:${port}`, ...overrides });
  const { app, ctx } = await buildApp(config, { database, secrets: await secretsForTests(config) });
  // the demo province: items, residents in the population registry, enterprises, staff (README)
  await seed(database.db, { demo: true, identity: ctx.identity });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    publicUrl: config.publicUrl,
    /** the node's context, for tests that move its clock (e.g. run the scheduler on a later day) */
    ctx,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
export const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1280, height: 800 }, isMobile: false, hasTouch: false },
  { name: 'mobile', viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true },
] as const;

/** Debian's Chromium, headless, with the flags this machine needs (CHROMIUM_PATH overrides the path). */
export function launchChromium() {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/** A page must never scroll sideways (at 375 px least of all). */
export async function noHorizontalScroll(page: Page) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll, 'page scrolls sideways').toBeLessThanOrEqual(client + 1);
}
