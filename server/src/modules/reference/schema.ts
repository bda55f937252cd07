/** Reference data: administrative divisions (GB/T 2260) and organisations (departments). */
import { index, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    /** province | city | county */
    level: text('level').notNull(),
    parentCode: text('parent_code'),
    /** the region a record belongs to: for a division, itself */
    regionCode: text('region_code').notNull(),
  },
  (t) => [index('regions_parent_idx').on(t.parentCode)],
);

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey(),
    uscc: text('uscc').notNull().unique(),
    name: text('name').notNull(),
    shortName: text('short_name'),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    /** GB/T 39046 exercise level of the organisation (2 province, 3 city, 4 county …) */
    level: text('level').notNull(),
    /** 实施主体性质 */
    nature: text('nature').notNull(),
    phone: text('phone'),
    address: text('address'),
    officeHours: text('office_hours'),
    /** owning organisation (an organisation owns itself; a department may belong to a parent) */
    ownerOrgId: uuid('owner_org_id').references((): AnyPgColumn => organisations.id),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('organisations_region_idx').on(t.regionCode)],
);

/** A column naming an organisation (`uuid … references organisations(id)`). */
export const organisationRef = (name: string) => uuid(name).references(() => organisations.id);
/** A column naming a region (`text … references regions(code)`, GB/T 2260). */
export const regionRef = (name: string) => text(name).references(() => regions.code);
