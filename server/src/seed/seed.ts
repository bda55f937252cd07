/**
 * Reference data (GB/T 2260 divisions) on every start, and the demo province on first start:
 * organisations and published items from the data files under seed/data.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { DEFAULT_TIME_ZONE, itemInputSchema, resourceInputSchema } from '@onewindow/domain';
import type { Db } from '../platform/db.js';
import { ensureRegions } from '../modules/reference/service.js';
import * as reference from '../modules/reference/service.js';
import * as catalogue from '../modules/catalogue/service.js';
import { organisations } from '../modules/reference/schema.js';
import type { IdentityDeps } from '../modules/identity/service.js';
import { seedDemoIdentity } from './demo-identity.js';
import { seedDemoExchange } from './demo-exchange.js';
import { loadCalendar } from '../platform/calendar.js';
import { seedDemoHolderLicences, seedDemoLicences } from './demo-licences.js';
import { seedDemoFeedback } from './demo-feedback.js';
import * as sharing from '../modules/sharing/service.js';

const ACTOR = 'system:seed';

export async function seed(db: Db, opts: { demo: boolean; identity?: IdentityDeps }) {
  const regions = await ensureRegions(db);
  if (!opts.demo) return { regions, organisations: 0, items: 0, resources: 0, people: 0, staff: 0 };
  const catalogueResult = await seedCatalogue(db);
  const sharingResult = await seedSharing(db, opts.identity?.config.timeZone ?? DEFAULT_TIME_ZONE);
  const licenceResult = await seedDemoLicences(db, opts.identity?.keyring);
  // the registers behind the exchange gateway, and the demo departments' grants for 免提交
  const exchangeResult = opts.identity ? await seedDemoExchange(db, { timeZone: opts.identity.config.timeZone, calendar: loadCalendar(opts.identity.config.dataDir) }) : { adapters: 0, grants: 0 };
  // demo residents, enterprises and staff (development mode only: they share a published password)
  const identity = opts.identity && opts.identity.config.mode === 'development' ? await seedDemoIdentity(db, opts.identity) : { people: 0, staff: 0 };
  // their licences (营业执照, 驾驶证, 不动产权证书), issued once on fixed days
  const holderLicences = opts.identity && opts.identity.config.mode === 'development' ? await seedDemoHolderLicences(db, { keyring: opts.identity.keyring, indexKey: opts.identity.indexKey, timeZone: opts.identity.config.timeZone }) : { licences: 0 };
  // 好差评: clerk.xihu's rating code, window visits of the demo residents, their ratings and two 差评
  const feedbackResult = opts.identity && opts.identity.config.mode === 'development'
    ? await seedDemoFeedback(db, { identity: opts.identity, calendar: loadCalendar(opts.identity.config.dataDir), timeZone: opts.identity.config.timeZone, limits: opts.identity.config.feedbackLimits, publicUrl: opts.identity.config.publicUrl })
    : { visits: 0, ratings: 0 };
  return { regions, ...catalogueResult, ...sharingResult, ...licenceResult, ...exchangeResult, ...identity, ...holderLicences, ...feedbackResult };
}

async function seedCatalogue(db: Db) {
  const [existing] = await db.select({ n: count() }).from(organisations);
  if ((existing?.n ?? 0) > 0) return { organisations: 0, items: 0 };
  const { loadDemoData } = await import('./check-data.js');
  const data = loadDemoData();
  let items = 0;
  await db.transaction(async (tx) => {
    for (const org of data.organisations) {
      await reference.createOrganisation(tx, reference.organisationInputSchema.parse(org), ACTOR);
    }
    for (const demo of data.items) {
      const { aliases, popularity, ...raw } = demo;
      const guide = itemInputSchema.parse(raw);
      await catalogue.createItem(tx, guide, ACTOR, { aliases, popularity });
      await catalogue.publishItem(tx, guide.implementationCode, ACTOR);
      items++;
    }
  });
  catalogue.clearSearchTotals();
  return { organisations: data.organisations.length, items };
}

/**
 * The demo resource catalogue (data/sharing.json): population, enterprise registration, social
 * security and real-estate registers of demo departments, published; once, into an empty catalogue.
 * A resource whose provider is not registered is left out.
 */
async function seedSharing(db: Db, timeZone: string) {
  if (await sharing.hasResources(db)) return { resources: 0 };
  const file = path.join(import.meta.dirname, 'data', 'sharing.json');
  const list = (JSON.parse(readFileSync(file, 'utf8')) as unknown[]).map((r) => resourceInputSchema.parse(r));
  let resources = 0;
  await db.transaction(async (tx) => {
    for (const input of list) {
      if (!(await reference.findOrganisationByUscc(tx, input.providerUscc))) continue;
      await sharing.registerResource(tx, { system: ACTOR }, input);
      await sharing.publishResource(tx, { timeZone }, { system: ACTOR }, input.code);
      resources++;
    }
  });
  return { resources };
}
