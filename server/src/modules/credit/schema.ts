/**
 * Credit records (信用记录) the node consults before 容缺受理 and 告知承诺: entries of the joint
 * disciplinary list for dishonesty (失信联合惩戒对象名单) and other bad records, as published by the
 * credit platform (信用中国 and its provincial sites) and loaded into the node. A person is found by
 * the blind index of the ID number (no ID number is stored), an enterprise by its USCC.
 */
import { date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const creditRecords = pgTable(
  'credit_records',
  {
    id: uuid('id').primaryKey(),
    /** person | enterprise */
    subjectKind: text('subject_kind').notNull(),
    /** person: HMAC-SM3 blind index of the ID number; enterprise: the USCC */
    subjectKey: text('subject_key').notNull(),
    /** blacklist (失信联合惩戒) | bad_record (其他不良信用记录) */
    kind: text('kind').notNull(),
    reason: text('reason').notNull(),
    /** the publishing authority or platform */
    source: text('source').notNull(),
    listedOn: date('listed_on', { mode: 'string' }).notNull(),
    /** the last day the record applies (inclusive); null: until removed */
    until: date('until', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [index('credit_records_subject_idx').on(t.subjectKind, t.subjectKey)],
);
