/**
 * Licences as application materials (免提交): the applicant's own valid licence of a type, found by
 * the holder's code (a person's ID number through its blind index, an enterprise's USCC).
 */
import { and, desc, eq, gte, isNull, or } from 'drizzle-orm';
import type { Executor } from '../../platform/db.js';
import { personalIndex } from '../../platform/personal-data.js';
import type { IndexKey } from '../../platform/crypto.js';
import { licences, licenceTypes } from './schema.js';

export type LicenceHolder = { kind: 'person'; idNumber: string } | { kind: 'enterprise'; uscc: string };

export interface HeldLicence {
  identifier: string;
  name: string;
  number: string;
  issuerOrgId: string;
  issuer: string;
  issueDate: string;
  validTo: string | null;
  /** SM3 of the signed canonical payload */
  digest: string;
}

/** The licence type's name, or null when the node does not know the type. */
export async function licenceTypeName(db: Executor, code: string): Promise<string | null> {
  const [row] = await db.select({ name: licenceTypes.name }).from(licenceTypes).where(eq(licenceTypes.code, code));
  return row?.name ?? null;
}

/** The holder's newest licence of the type that is valid on `today` (node time zone), or null. */
export async function validLicenceOf(db: Executor, indexKey: IndexKey, typeCode: string, holder: LicenceHolder, today: string): Promise<HeldLicence | null> {
  const index = holder.kind === 'person' ? personalIndex(indexKey, 'idNumber', holder.idNumber) : holder.uscc;
  const [row] = await db
    .select({
      identifier: licences.identifier,
      name: licences.name,
      number: licences.number,
      issuerOrgId: licences.issuerOrgId,
      issuer: licences.issuer,
      issueDate: licences.issueDate,
      validTo: licences.validTo,
      digest: licences.digest,
    })
    .from(licences)
    .where(
      and(
        eq(licences.holderCodeIndex, index),
        eq(licences.holderCodeType, holder.kind === 'person' ? '111' : '001'),
        eq(licences.typeCode, typeCode),
        eq(licences.status, 'valid'),
        or(isNull(licences.validTo), gte(licences.validTo, today)),
      ),
    )
    .orderBy(desc(licences.issueDate), desc(licences.createdAt))
    .limit(1);
  return row ?? null;
}
