/**
 * Rows written directly, for tests that need records of another module in given states at given
 * times (applications ended in a month for the 好差评 statistics, a staff member's rating code for a
 * complaint) rather than the workflow that brings them there (tested in that module).
 */
import type { Executor } from '../platform/db.js';
import { applications } from '../modules/applications/schema.js';
import { ratingCodes } from '../modules/feedback/schema.js';

export interface ApplicationRow {
  id: string;
  number: string;
  item: { id: string; implementationCode: string; name: string };
  applicantAccountId: string;
  handlingOrgId: string;
  regionCode: string;
  status: string;
  /** when it ended (completed, rejected, withdrawn, terminated); null while open */
  closedAt: Date | null;
  channel?: 'online' | 'window';
}

export async function insertApplicationRow(db: Executor, a: ApplicationRow): Promise<void> {
  const at = a.closedAt ?? new Date();
  await db.insert(applications).values({
    id: a.id,
    number: a.number,
    itemId: a.item.id,
    implementationCode: a.item.implementationCode,
    itemVersion: 1,
    itemName: a.item.name,
    definition: {},
    applicantAccountId: a.applicantAccountId,
    channel: a.channel ?? 'online',
    handlingOrgId: a.handlingOrgId,
    regionCode: a.regionCode,
    status: a.status,
    caseState: { status: a.status },
    version: 1,
    form: {},
    formDefinition: {},
    materials: [],
    createdAt: at,
    updatedAt: at,
    closedAt: a.closedAt,
  });
}

/** A staff member's rating code at a window of an organisation (the QR code of 一次一评). */
export async function insertRatingCode(db: Executor, c: { code: string; staffId: string; organisationId: string; window: string | null }): Promise<void> {
  await db.insert(ratingCodes).values({ ...c, createdAt: new Date() });
}
