/**
 * Reference data (GB/T 2260 divisions) on every start, and the demo province on first start:
 * organisations and published items from the data files under seed/data.
 */
import { count } from 'drizzle-orm';
import { itemInputSchema } from '@onewindow/domain';
import type { Db } from '../platform/db.js';
import { ensureRegions } from '../modules/reference/service.js';
import * as reference from '../modules/reference/service.js';
import * as catalogue from '../modules/catalogue/service.js';
import { organisations } from '../modules/reference/schema.js';
import type { IdentityDeps } from '../modules/identity/service.js';
import { seedDemoIdentity } from './demo-identity.js';

const ACTOR = 'system:seed';

export async function seed(db: Db, opts: { demo: boolean; identity?: IdentityDeps }) {
  const regions = await ensureRegions(db);
  if (!opts.demo) return { regions, organisations: 0, items: 0, people: 0, staff: 0 };
  const catalogueResult = await seedCatalogue(db);
  // demo residents, enterprises and staff (development mode only: they share a published password)
  const identity = opts.identity && opts.identity.config.mode === 'development' ? await seedDemoIdentity(db, opts.identity) : { people: 0, staff: 0 };
  return { regions, ...catalogueResult, ...identity };
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
