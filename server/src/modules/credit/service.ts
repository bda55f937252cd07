/**
 * Credit checks for the workflow's guards: whether an applicant (the person, or the enterprise they
 * act for) is on the joint disciplinary list (容缺受理 and 告知承诺 excluded) or has another bad credit
 * record (告知承诺 excluded). Records are loaded from the credit platform's lists (`loadCreditRecords`).
 */
import { and, eq, gte, isNull, lte, or } from 'drizzle-orm';
import type { Executor } from '../../platform/db.js';
import type { IndexKey } from '../../platform/crypto.js';
import { newId } from '../../platform/ids.js';
import { personalIndex } from '../../platform/personal-data.js';
import { creditRecords } from './schema.js';

export type CreditKind = 'blacklist' | 'bad_record';

export interface CreditFacts {
  creditBlacklisted: boolean;
  badCredit: boolean;
}

export interface CreditSubject {
  /** the applicant's ID number (the caller reveals it from the account) */
  idNumber?: string | null | undefined;
  /** the enterprise the applicant acts for */
  uscc?: string | null | undefined;
}

/** The records in force on `day` (YYYY-MM-DD) for the subject, as the engine's context facts. */
export async function creditFacts(db: Executor, indexKey: IndexKey, subject: CreditSubject, day: string): Promise<CreditFacts> {
  const keys = [
    ...(subject.idNumber ? [and(eq(creditRecords.subjectKind, 'person'), eq(creditRecords.subjectKey, personalIndex(indexKey, 'idNumber', subject.idNumber)))] : []),
    ...(subject.uscc ? [and(eq(creditRecords.subjectKind, 'enterprise'), eq(creditRecords.subjectKey, subject.uscc))] : []),
  ];
  if (keys.length === 0) return { creditBlacklisted: false, badCredit: false };
  const rows = await db
    .select({ kind: creditRecords.kind })
    .from(creditRecords)
    .where(and(or(...keys), lte(creditRecords.listedOn, day), or(isNull(creditRecords.until), gte(creditRecords.until, day))));
  return { creditBlacklisted: rows.some((r) => r.kind === 'blacklist'), badCredit: rows.some((r) => r.kind === 'bad_record') };
}

export interface CreditRecordInput {
  subject: { kind: 'person'; idNumber: string } | { kind: 'enterprise'; uscc: string };
  kind: CreditKind;
  reason: string;
  source: string;
  listedOn: string;
  until?: string | null;
}

/** Loads records of a published list (the node keeps no ID numbers: persons by blind index). */
export async function loadCreditRecords(db: Executor, indexKey: IndexKey, records: CreditRecordInput[]): Promise<void> {
  const now = new Date();
  for (const r of records) {
    await db.insert(creditRecords).values({
      id: newId(),
      subjectKind: r.subject.kind,
      subjectKey: r.subject.kind === 'person' ? personalIndex(indexKey, 'idNumber', r.subject.idNumber) : r.subject.uscc,
      kind: r.kind,
      reason: r.reason,
      source: r.source,
      listedOn: r.listedOn,
      until: r.until ?? null,
      createdAt: now,
    });
  }
}
