/**
 * Registries identities are checked against: the population registry (人口库) for natural persons
 * and the enterprise registry (法人库) for legal persons. A provider interface, so that the node's
 * own tables can be replaced by a call through the data-sharing exchange gateway.
 */
import { eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db.js';
import type { IndexKey, Keyring } from '../../platform/crypto.js';
import { idCardFacts } from '@onewindow/domain';
import { personalIndex, protect, reveal } from '../../platform/personal-data.js';
import { enterpriseRegistry, populationRegistry } from './schema.js';

export type PersonCheck = 'match' | 'mismatch' | 'not_found' | 'cancelled';
export type EnterpriseCheck =
  | { result: 'representative'; name: string; regionCode: string }
  | { result: 'not_representative' | 'not_found' | 'inactive' };

export interface PopulationRegistry {
  /** Does the registry hold this ID number under this name, as a living resident? */
  verifyPerson(db: Executor, name: string, idNumber: string): Promise<PersonCheck>;
}

export interface EnterpriseRegistry {
  /** Is the person (name + ID number) the legal representative of the enterprise, and is it active? */
  verifyRepresentative(db: Executor, uscc: string, name: string, idNumber: string): Promise<EnterpriseCheck>;
}

/** The registries as tables of this node, compared through blind indexes (no decryption). */
export class LocalRegistries implements PopulationRegistry, EnterpriseRegistry {
  constructor(private readonly indexKey: IndexKey) {}

  async verifyPerson(db: Executor, name: string, idNumber: string): Promise<PersonCheck> {
    const [row] = await db
      .select({ nameIndex: populationRegistry.nameIndex, status: populationRegistry.status })
      .from(populationRegistry)
      .where(eq(populationRegistry.idNumberIndex, personalIndex(this.indexKey, 'idNumber', idNumber)));
    if (!row) return 'not_found';
    if (row.nameIndex !== personalIndex(this.indexKey, 'name', name)) return 'mismatch';
    return row.status === 'normal' ? 'match' : 'cancelled';
  }

  async verifyRepresentative(db: Executor, uscc: string, name: string, idNumber: string): Promise<EnterpriseCheck> {
    const [row] = await db.select().from(enterpriseRegistry).where(eq(enterpriseRegistry.uscc, uscc));
    if (!row) return { result: 'not_found' };
    if (row.status !== 'active') return { result: 'inactive' };
    const same = row.legalRepIdNumberIndex === personalIndex(this.indexKey, 'idNumber', idNumber) && row.legalRepNameIndex === personalIndex(this.indexKey, 'name', name);
    return same ? { result: 'representative', name: row.name, regionCode: row.regionCode } : { result: 'not_representative' };
  }
}

/** A person's entry in the population registry, as the exchange gateway serves it (null: not held). */
export interface PopulationRecord {
  idNumber: string;
  name: string;
  /** GB/T 2261.1: 1 male, 2 female (from the ID number) */
  gender: '1' | '2';
  birthDate: string;
  ethnicity: string | null;
  householdAddress: string | null;
  maritalStatus: null;
  /** normal | cancelled */
  status: string;
  regionCode: string;
}

/** An enterprise's entry in the enterprise registry, as the exchange gateway serves it (null: not held). */
export interface EnterpriseRecord {
  uscc: string;
  name: string;
  legalRepresentative: string;
  /** active | cancelled | revoked */
  status: string;
  regionCode: string;
  entityType: string | null;
  address: string | null;
  registeredCapital: number | null;
  establishedOn: string | null;
  businessScope: string | null;
}

/** The population registry's entry of an ID number (decrypted), or undefined. */
export async function findPopulationRecord(db: Executor, keyring: Keyring, indexKey: IndexKey, idNumber: string): Promise<PopulationRecord | undefined> {
  const [row] = await db.select().from(populationRegistry).where(eq(populationRegistry.idNumberIndex, personalIndex(indexKey, 'idNumber', idNumber)));
  if (!row) return undefined;
  const id = reveal(keyring, 'idNumber', row.idNumberCipher);
  const facts = idCardFacts(id);
  return {
    idNumber: id,
    name: reveal(keyring, 'name', row.nameCipher),
    gender: facts.sex === 'male' ? '1' : '2',
    birthDate: facts.birthDate,
    ethnicity: row.ethnicityCipher ? keyring.decrypt(row.ethnicityCipher, REGISTRY_CONTEXT.ethnicity) : null,
    householdAddress: row.householdAddressCipher ? keyring.decrypt(row.householdAddressCipher, REGISTRY_CONTEXT.householdAddress) : null,
    maritalStatus: null,
    status: row.status,
    regionCode: row.regionCode,
  };
}

/** The enterprise registry's entry of a USCC (the representative's name decrypted), or undefined. */
export async function findEnterpriseRecord(db: Executor, keyring: Keyring, uscc: string): Promise<EnterpriseRecord | undefined> {
  const [row] = await db.select().from(enterpriseRegistry).where(eq(enterpriseRegistry.uscc, uscc));
  if (!row) return undefined;
  return {
    uscc: row.uscc,
    name: row.name,
    legalRepresentative: reveal(keyring, 'name', row.legalRepNameCipher),
    status: row.status,
    regionCode: row.regionCode,
    entityType: row.entityType,
    address: row.address,
    registeredCapital: row.registeredCapital === null ? null : Number(row.registeredCapital),
    establishedOn: row.establishedOn,
    businessScope: row.businessScope,
  };
}

export interface RegistryPerson {
  name: string;
  idNumber: string;
  status?: 'normal' | 'cancelled';
  householdAddress?: string;
  /** GB/T 3304 code, e.g. 01 汉族 */
  ethnicity?: string;
}

/** Key-ring contexts of the registry's sealed facts besides names and ID numbers. */
const REGISTRY_CONTEXT = { householdAddress: 'registry:household-address', ethnicity: 'registry:ethnicity' } as const;
export interface RegistryEnterprise {
  uscc: string;
  name: string;
  regionCode: string;
  status?: 'active' | 'cancelled' | 'revoked';
  legalRepresentative: { name: string; idNumber: string };
  entityType?: string;
  address?: string;
  registeredCapital?: number;
  establishedOn?: string;
  businessScope?: string;
}

/** Loads (or refreshes) registry rows, encrypting and indexing the personal data. */
export async function loadPopulation(db: Executor, keyring: Keyring, indexKey: IndexKey, people: RegistryPerson[]): Promise<void> {
  const now = new Date();
  for (let i = 0; i < people.length; i += 500) {
    const rows = people.slice(i, i + 500).map((p) => {
      const id = protect(keyring, indexKey, 'idNumber', p.idNumber);
      const name = protect(keyring, indexKey, 'name', p.name);
      return {
        idNumberIndex: id.index,
        idNumberCipher: id.cipher,
        nameIndex: name.index,
        nameCipher: name.cipher,
        status: p.status ?? 'normal',
        regionCode: p.idNumber.slice(0, 6),
        householdAddressCipher: p.householdAddress ? keyring.encrypt(p.householdAddress, REGISTRY_CONTEXT.householdAddress) : null,
        ethnicityCipher: p.ethnicity ? keyring.encrypt(p.ethnicity, REGISTRY_CONTEXT.ethnicity) : null,
        updatedAt: now,
      };
    });
    await db
      .insert(populationRegistry)
      .values(rows)
      .onConflictDoNothing();
  }
}

export async function loadEnterprises(db: Executor, keyring: Keyring, indexKey: IndexKey, list: RegistryEnterprise[]): Promise<void> {
  const now = new Date();
  if (list.length === 0) return;
  await db
    .insert(enterpriseRegistry)
    .values(
      list.map((e) => {
        const rep = protect(keyring, indexKey, 'name', e.legalRepresentative.name);
        return {
          uscc: e.uscc,
          name: e.name,
          status: e.status ?? 'active',
          regionCode: e.regionCode,
          legalRepNameIndex: rep.index,
          legalRepNameCipher: rep.cipher,
          legalRepIdNumberIndex: personalIndex(indexKey, 'idNumber', e.legalRepresentative.idNumber),
          entityType: e.entityType ?? null,
          address: e.address ?? null,
          registeredCapital: e.registeredCapital ?? null,
          establishedOn: e.establishedOn ?? null,
          businessScope: e.businessScope ?? null,
          updatedAt: now,
        };
      }),
    )
    .onConflictDoNothing();
}
