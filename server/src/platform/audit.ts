/**
 * Append-only audit log, chained with SM3 (GB/T 32905): each entry's hash covers the previous
 * entry's hash, so that any edit or deletion breaks the chain (`main.ts verify-audit`).
 * Written inside the caller's transaction, so an entry exists exactly when its change does.
 */
import { createHash } from 'node:crypto';
import { asc, desc, sql } from 'drizzle-orm';
import type { Executor } from './db.js';
import { newId } from './ids.js';
import { auditLog } from './schema.js';

export interface AuditEntry {
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  regionCode: string;
  ownerOrgId?: string | null;
  detail?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted, so that a jsonb round trip (which reorders keys) hashes the same. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj).filter((k) => obj[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function entryHash(prev: string, e: { id: string; at: string; actor: string; action: string; entityType: string; entityId: string; detail: unknown }) {
  return createHash('sm3').update(canonical([prev, e.id, e.at, e.actor, e.action, e.entityType, e.entityId, e.detail])).digest('hex');
}

export async function appendAudit(tx: Executor, entry: AuditEntry): Promise<void> {
  // serialise writers of the chain; released at commit
  await tx.execute(sql`select pg_advisory_xact_lock(7410002)`);
  const last = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const prevHash = last[0]?.hash ?? GENESIS;
  const at = new Date();
  const id = newId();
  // hashed as stored: the JSON form (a Date becomes its ISO string, undefined members go), so that
  // verification over the stored jsonb recomputes the same hash
  const detail = JSON.parse(JSON.stringify(entry.detail ?? {})) as Record<string, unknown>;
  const hash = entryHash(prevHash, { id, at: at.toISOString(), actor: entry.actor, action: entry.action, entityType: entry.entityType, entityId: entry.entityId, detail });
  await tx.insert(auditLog).values({
    id,
    at,
    actor: entry.actor,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    regionCode: entry.regionCode,
    ownerOrgId: entry.ownerOrgId ?? null,
    detail,
    prevHash,
    hash,
  });
}

/** Walks the chain; answers the sequence number of the first broken entry, or null when intact. */
export async function verifyAudit(db: Executor): Promise<{ entries: number; brokenAt: number | null }> {
  const all = await db.select().from(auditLog).orderBy(asc(auditLog.seq));
  let prev = GENESIS;
  for (const e of all) {
    const expected = entryHash(prev, { id: e.id, at: e.at.toISOString(), actor: e.actor, action: e.action, entityType: e.entityType, entityId: e.entityId, detail: e.detail });
    if (e.prevHash !== prev || e.hash !== expected) return { entries: all.length, brokenAt: e.seq };
    prev = e.hash;
  }
  return { entries: all.length, brokenAt: null };
}
