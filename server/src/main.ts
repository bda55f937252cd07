/** CLI of a node: start | migrate | seed | reindex | verify-audit */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig, ConfigError, type Config } from './config.js';
import { buildApp } from './app.js';
import { migrate, openDatabase } from './platform/db.js';
import { verifyAudit } from './platform/audit.js';
import { seed } from './seed/seed.js';
import { reindexSearch } from './modules/catalogue/service.js';

/** The catalogue-admin token: from ADMIN_TOKEN, else generated once and kept in DATA_DIR/admin-token. */
function ensureAdminToken(config: Config): Config {
  if (config.adminToken) return config;
  const file = path.join(config.dataDir, 'admin-token');
  fs.mkdirSync(config.dataDir, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(24).toString('base64url'), { mode: 0o600 });
  return { ...config, adminToken: fs.readFileSync(file, 'utf8').trim() };
}

async function main(command: string) {
  const loaded = loadConfig();
  const tokenFromEnv = loaded.adminToken !== undefined;
  const config = ensureAdminToken(loaded);
  if (command === 'migrate') {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await migrate(db);
    await db.close();
    console.log(`migrations applied (${db.kind})`);
    return;
  }
  if (command === 'seed') {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await migrate(db);
    const result = await seed(db.db, { demo: true });
    await db.close();
    console.log(`seeded: ${JSON.stringify(result)}`);
    return;
  }
  if (command === 'verify-audit') {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const result = await verifyAudit(db.db);
    await db.close();
    console.log(result.brokenAt === null ? `audit log intact: ${result.entries} entries` : `audit log BROKEN at entry ${result.brokenAt}`);
    process.exitCode = result.brokenAt === null ? 0 : 1;
    return;
  }
  if (command === 'reindex') {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await migrate(db);
    const n = await reindexSearch(db.db, { all: true });
    await db.close();
    console.log(`search documents rebuilt for ${n} items`);
    return;
  }
  if (command !== 'start') throw new ConfigError(`unknown command "${command}"; use start | migrate | seed | reindex | verify-audit`);

  const { app, ctx } = await buildApp(config);
  const seeded = await seed(ctx.database.db, { demo: config.seedDemo });
  if (seeded.items > 0) app.log.info(seeded, 'demo data loaded');
  await app.listen({ port: config.port, host: config.host });
  // search documents missing after a migration are built in the background, so a large catalogue
  // does not delay start-up (until then those items are found through their full document only)
  void reindexSearch(ctx.database.db, { all: false })
    .then((n) => n > 0 && app.log.info(`search documents built for ${n} items`))
    .catch((err: unknown) => app.log.error({ err }, 'building search documents failed'));
  app.log.info(`OneWindow node "${config.nodeName}" (${config.nodeRegion}) on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}  database: ${ctx.database.kind}`);
  app.log.info(`catalogue admin token: ${tokenFromEnv ? 'from ADMIN_TOKEN' : `in ${path.join(config.dataDir, 'admin-token')}`}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info(`${signal}: closing`);
      void app.close().then(() => process.exit(0));
    });
  }
}

main(process.argv[2] ?? 'start').catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
