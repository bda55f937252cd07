/** CLI of a node: start | migrate | seed | reindex | verify-audit | verify-exchange-log */
import { loadConfig, ConfigError } from './config.js';
import { buildApp } from './app.js';
import { migrate, openDatabase } from './platform/db.js';
import { verifyAudit } from './platform/audit.js';
import { purgeExpiredTokens, verifyLog as verifyExchangeLog } from './modules/exchange/service.js';
import { seed } from './seed/seed.js';
import { reindexSearch } from './modules/catalogue/service.js';
import { bootstrapAdmin } from './modules/identity/staff.js';
import { purgeExpired } from './modules/identity/housekeeping.js';
import { purgeExpiredPayloads } from './modules/oidc/adapter.js';
import { DEMO_PASSWORD } from './seed/demo-identity.js';
import { runApplicationJobs } from './modules/applications/scheduler.js';
import { runComplaintJobs } from './modules/complaints/scheduler.js';
import { notifyApplicant } from './modules/applications/notices.js';
import { dispatchSms } from './modules/notifications/service.js';
import { smsDispatchDeps } from './modules/notifications/routes.js';

async function main(command: string) {
  const config = loadConfig();
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
    const { ctx, app } = await buildApp(config, { database: db });
    const result = await seed(db.db, { demo: true, identity: ctx.identity });
    await app.close();
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
  if (command === 'verify-exchange-log') {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const result = await verifyExchangeLog(db.db);
    await db.close();
    console.log(result.brokenAt === null ? `exchange log intact: ${result.entries} entries` : `exchange log BROKEN at entry ${result.brokenAt}`);
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
  if (command !== 'start') throw new ConfigError(`unknown command "${command}"; use start | migrate | seed | reindex | verify-audit | verify-exchange-log`);

  const { app, ctx } = await buildApp(config);
  const seeded = await seed(ctx.database.db, { demo: config.seedDemo, identity: ctx.identity });
  if (seeded.items > 0 || seeded.staff > 0) app.log.info(seeded, 'demo data loaded');
  if (config.bootstrapAdminPassword && (await bootstrapAdmin(ctx.identity, config.bootstrapAdminPassword))) {
    app.log.info('platform administrator "admin" created (change the initial password at first login)');
  }
  await app.listen({ port: config.port, host: config.host });
  // search documents missing after a migration are built in the background, so a large catalogue
  // does not delay start-up (until then those items are found through their full document only)
  void reindexSearch(ctx.database.db, { all: false })
    .then((n) => n > 0 && app.log.info(`search documents built for ${n} items`))
    .catch((err: unknown) => app.log.error({ err }, 'building search documents failed'));
  app.log.info(`OneWindow node "${config.nodeName}" (${config.nodeRegion}) on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}  database: ${ctx.database.kind}`);
  if (config.mode === 'development' && config.seedDemo) app.log.info(`demo accounts (README): staff "admin", "catalogue" …, citizens 13800138001 …, password ${DEMO_PASSWORD}`);
  // expired sessions, codes and counters: every 10 minutes, in every process (idempotent deletes)
  const housekeeping = setInterval(() => {
    Promise.all([purgeExpired(ctx.database.db), purgeExpiredPayloads(ctx.database.db), purgeExpiredTokens(ctx.database.db)]).catch((err: unknown) => app.log.error({ err }, 'identity housekeeping failed'));
  }, 10 * 60_000);
  housekeeping.unref();
  // 容缺 expiry, 红黄牌, the escalation of overdue complaints and the notifications' text messages: every 30 s, in every process (rows are
  // claimed with skip locked, so processes share the work); a round still running skips the tick
  const jobDeps = { db: ctx.database.db, calendar: ctx.calendar, timeZone: config.timeZone, notify: notifyApplicant };
  const smsDeps = smsDispatchDeps(ctx, (err, notificationId) => app.log.warn({ err, notificationId }, 'text message not sent'));
  let running = false;
  const jobs = setInterval(() => {
    if (running) return;
    running = true;
    runApplicationJobs(jobDeps)
      .then((r) => (r.terminated > 0 || r.changed > 0) && app.log.info(r, 'applications: deadlines checked'))
      .then(() => runComplaintJobs(jobDeps))
      .then((r) => r.escalated > 0 && app.log.info(r, 'complaints: overdue ones escalated to the supervisors'))
      .then(() => dispatchSms(smsDeps))
      .then((r) => r.claimed > 0 && app.log.info(r, 'notification text messages dispatched'))
      .catch((err: unknown) => app.log.error({ err }, 'background jobs failed'))
      .finally(() => (running = false));
  }, 30_000);
  jobs.unref();
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
