/**
 * Idempotency keys (`Idempotency-Key` header): a retried mutation answers the stored result
 * instead of being applied twice. The key is recorded in the same transaction as the change.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from './db.js';
import { ProblemError } from './errors.js';
import { idempotencyKeys } from './schema.js';

export interface Outcome<T> {
  status: number;
  body: T;
}

const KEY = /^[A-Za-z0-9_\-:.]{8,128}$/;

export async function idempotent<T>(
  db: Db,
  scope: string,
  key: string | undefined,
  request: unknown,
  run: (tx: Tx) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  if (key === undefined) return db.transaction(run);
  if (!KEY.test(key)) throw new ProblemError(400, 'validation', 'problem.validation', [{ pointer: '/headers/idempotency-key', code: 'invalid_format' }]);
  const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  const replay = async (): Promise<Outcome<T> | undefined> => {
    const found = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
    const row = found[0];
    if (!row) return undefined;
    if (row.requestHash !== requestHash) throw new ProblemError(422, 'idempotency-mismatch', 'problem.idempotencyMismatch');
    return { status: row.status, body: row.body as T };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  try {
    return await db.transaction(async (tx) => {
      const outcome = await run(tx);
      await tx.insert(idempotencyKeys).values({ scope, key, requestHash, status: outcome.status, body: outcome.body as object, createdAt: new Date() });
      return outcome;
    });
  } catch (e) {
    // a concurrent request with the same key may have committed first: whatever made this attempt
    // fail (a unique violation, or a conflict it saw once the other had committed), answer as it did
    const again = await replay();
    if (again) return again;
    throw e;
  }
}
