/**
 * The exchange log: one row per exchange (granted or refused), chained with SM3 exactly as the audit
 * log is (platform/audit.ts: canonical JSON of [previous hash, …fields], SM3, hex). The log is written
 * in transactions of its own (not the caller's), serialised on an advisory lock so that every process
 * of the node extends one chain; within a process, concurrent entries share a write (group commit).
 */
import { createHash } from 'node:crypto';
import { asc, desc, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db.js';
import { canonical } from '../../platform/audit.js';
import { newId } from '../../platform/ids.js';
import { exchangeLog } from './schema.js';

const GENESIS = '0'.repeat(64);
/** advisory lock of the exchange chain (the audit log holds 7410002) */
const CHAIN_LOCK = 7410003;

export interface ExchangeEntry {
  clientId: string;
  consumerOrgId: string;
  consumerRegionCode: string;
  providerOrgId: string | null;
  providerRegionCode: string | null;
  resourceCode: string;
  purpose: string;
  fields: string[];
  outcome: string;
  grantId: string | null;
  responseDigest: string | null;
}

type Hashed = ExchangeEntry & { id: string; at: string };

function entryHash(prev: string, e: Hashed): string {
  return createHash('sm3')
    .update(canonical([prev, e.id, e.at, e.clientId, e.consumerOrgId, e.consumerRegionCode, e.providerOrgId, e.providerRegionCode, e.resourceCode, e.purpose, e.fields, e.outcome, e.grantId, e.responseDigest]))
    .digest('hex');
}

/** SM3 of a response body, hex. */
export const sm3Hex = (body: string) => createHash('sm3').update(body).digest('hex');

interface Pending {
  entry: Hashed;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** entries waiting for the next write, per database, and whether a write is running */
const queues = new WeakMap<Db, { pending: Pending[]; writing: boolean }>();

/**
 * Appends one entry; answers its id once it is committed. Entries arriving while a write runs are
 * written together in the next one (group commit: one lock, one chain step per entry, one commit),
 * so the chain's lock is held once per batch rather than once per exchange.
 */
export function appendExchange(db: Db, entry: ExchangeEntry, id = newId(), at = new Date()): Promise<string> {
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = { pending: [], writing: false }));
  const q = queue;
  return new Promise<string>((resolve, reject) => {
    q.pending.push({ entry: { ...entry, id, at: at.toISOString() }, resolve: () => resolve(id), reject });
    if (!q.writing) void drain(db, q);
  });
}

async function drain(db: Db, q: { pending: Pending[]; writing: boolean }): Promise<void> {
  q.writing = true;
  try {
    while (q.pending.length > 0) {
      const batch = q.pending.splice(0, 500);
      try {
        await db.transaction(async (tx) => {
          await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
          const last = await tx.select({ hash: exchangeLog.hash }).from(exchangeLog).orderBy(desc(exchangeLog.seq)).limit(1);
          let prevHash = last[0]?.hash ?? GENESIS;
          // one insert per entry, in chain order, so that seq follows the chain
          for (const { entry } of batch) {
            const hash = entryHash(prevHash, entry);
            await tx.insert(exchangeLog).values({ ...entry, at: new Date(entry.at), prevHash, hash });
            prevHash = hash;
          }
        });
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
  } finally {
    q.writing = false;
  }
}

/** Walks the chain; answers the sequence number of the first broken entry, or null when intact. */
export async function verifyExchangeLog(db: Executor): Promise<{ entries: number; brokenAt: number | null }> {
  const all = await db.select().from(exchangeLog).orderBy(asc(exchangeLog.seq));
  let prev = GENESIS;
  for (const e of all) {
    const expected = entryHash(prev, {
      id: e.id,
      at: e.at.toISOString(),
      clientId: e.clientId,
      consumerOrgId: e.consumerOrgId,
      consumerRegionCode: e.consumerRegionCode,
      providerOrgId: e.providerOrgId,
      providerRegionCode: e.providerRegionCode,
      resourceCode: e.resourceCode,
      purpose: e.purpose,
      fields: e.fields as string[],
      outcome: e.outcome,
      grantId: e.grantId,
      responseDigest: e.responseDigest,
    });
    if (e.prevHash !== prev || e.hash !== expected) return { entries: all.length, brokenAt: e.seq };
    prev = e.hash;
  }
  return { entries: all.length, brokenAt: null };
}
