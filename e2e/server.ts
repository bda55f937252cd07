/** Starts a real node for browser tests: the built web app, in-memory PGlite, the demo province. */
import path from 'node:path';
import fs from 'node:fs';
import { buildApp } from '../server/src/app.js';
import { testConfig } from '../server/src/config.js';
import { migrate, openDatabase } from '../server/src/platform/db.js';
import { seed } from '../server/src/seed/seed.js';
import { secretsForTests } from '../server/src/platform/secrets.js';

export const WEB_DIST = path.resolve(import.meta.dirname, '../web/dist');
export const SCREENSHOTS = path.resolve(import.meta.dirname, 'screenshots');

export async function startNode(overrides: Partial<import('../server/src/config.js').Config> = {}) {
  if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('web/dist is missing: run `npm run build -w web` first');
  const database = await openDatabase({ inMemory: true });
  await migrate(database);
  const config = testConfig({ webDist: WEB_DIST, ...overrides });
  const { app, ctx } = await buildApp(config, { database, secrets: await secretsForTests(config) });
  // the demo province: items, residents in the population registry, enterprises, staff (README)
  await seed(database.db, { demo: true, identity: ctx.identity });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
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
