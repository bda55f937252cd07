/** Column builders every table uses the same way. */
import { timestamp } from 'drizzle-orm/pg-core';

/** An instant: `timestamptz`, read as a Date (UTC). */
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
