/**
 * oidc-provider's storage on the node's own database, so that every node process behind the load
 * balancer shares sessions, interactions, grants and tokens: one `oidc_payloads` row per model
 * instance (PGlite and PostgreSQL alike, through drizzle). Registered relying parties are not
 * stored there: the `Client` model reads `oidc_clients`, active ones only, with the secret
 * decrypted from the node's personal-data key ring.
 */
import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { Keyring } from '../../platform/crypto.js';
import type { Db, Executor } from '../../platform/db.js';
import { oidcClients, oidcPayloads } from './schema.js';

/** Authenticated context of an encrypted client secret (it cannot be moved to another column). */
export const CLIENT_SECRET_CONTEXT = 'oidc:client-secret';

/**
 * Our own record beside a grant: the enterprise the user chose to act for. oidc-provider keeps no
 * custom data on a Grant, so it lives in its own row, keyed by the grant id and removed with it.
 */
export const ACTING_FOR_MODEL = 'ActingFor';

const notExpired = (now: Date) => or(isNull(oidcPayloads.expiresAt), gt(oidcPayloads.expiresAt, now));

/** One oidc-provider model (Session, Interaction, Grant, AuthorizationCode, AccessToken …). */
export class PayloadAdapter implements Adapter {
  constructor(
    private readonly db: Executor,
    readonly model: string,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const row = {
      payload,
      grantId: typeof payload.grantId === 'string' ? payload.grantId : null,
      userCode: typeof payload.userCode === 'string' ? payload.userCode : null,
      uid: typeof payload.uid === 'string' ? payload.uid : null,
      expiresAt: typeof expiresIn === 'number' ? new Date(Date.now() + expiresIn * 1000) : null,
      // a new payload replaces the old one entirely, as in oidc-provider's own memory adapter
      consumedAt: null,
    };
    await this.db
      .insert(oidcPayloads)
      .values({ model: this.model, id, ...row })
      .onConflictDoUpdate({ target: [oidcPayloads.model, oidcPayloads.id], set: row });
  }

  private async findWhere(where: ReturnType<typeof eq>): Promise<AdapterPayload | undefined> {
    const [row] = await this.db
      .select({ payload: oidcPayloads.payload, consumedAt: oidcPayloads.consumedAt })
      .from(oidcPayloads)
      .where(and(eq(oidcPayloads.model, this.model), where, notExpired(new Date())))
      .limit(1);
    if (!row) return undefined;
    const payload = row.payload as AdapterPayload;
    return row.consumedAt ? { ...payload, consumed: Math.floor(row.consumedAt.getTime() / 1000) } : payload;
  }

  find(id: string) {
    return this.findWhere(eq(oidcPayloads.id, id));
  }

  findByUid(uid: string) {
    return this.findWhere(eq(oidcPayloads.uid, uid));
  }

  findByUserCode(userCode: string) {
    return this.findWhere(eq(oidcPayloads.userCode, userCode));
  }

  async consume(id: string): Promise<void> {
    await this.db.update(oidcPayloads).set({ consumedAt: new Date() }).where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.id, id)));
  }

  async destroy(id: string): Promise<void> {
    await this.db.delete(oidcPayloads).where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.id, id)));
    if (this.model === 'Grant') {
      await this.db.delete(oidcPayloads).where(and(eq(oidcPayloads.model, ACTING_FOR_MODEL), eq(oidcPayloads.id, id)));
    }
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db.delete(oidcPayloads).where(and(eq(oidcPayloads.model, this.model), eq(oidcPayloads.grantId, grantId)));
  }
}

/**
 * The `Client` model: registered relying parties from `oidc_clients`. A disabled or unknown client
 * is not found, so oidc-provider refuses it everywhere (authorization, token, userinfo, logout).
 * Clients are registered through the administration API, never through the provider.
 */
export class ClientAdapter implements Adapter {
  constructor(
    private readonly db: Db,
    private readonly keyring: Keyring,
  ) {}

  async find(clientId: string): Promise<AdapterPayload | undefined> {
    const [row] = await this.db
      .select()
      .from(oidcClients)
      .where(and(eq(oidcClients.clientId, clientId), eq(oidcClients.status, 'active')));
    if (!row) return undefined;
    return {
      ...(row.metadata as Record<string, unknown>),
      client_id: row.clientId,
      client_name: row.name,
      minimum_level: row.minimumLevel,
      ...(row.secretCipher ? { client_secret: this.keyring.decrypt(row.secretCipher, CLIENT_SECRET_CONTEXT) } : {}),
    };
  }

  private readOnly(): never {
    throw new Error('relying parties are registered through the administration API (/api/v1/admin/oidc-clients)');
  }

  upsert(): Promise<void> {
    return this.readOnly();
  }
  findByUid(): Promise<undefined> {
    return this.readOnly();
  }
  findByUserCode(): Promise<undefined> {
    return this.readOnly();
  }
  consume(): Promise<void> {
    return this.readOnly();
  }
  destroy(): Promise<void> {
    return this.readOnly();
  }
  revokeByGrantId(): Promise<void> {
    return this.readOnly();
  }
}

/** The adapter factory handed to oidc-provider (`adapter` in its configuration). */
export function adapterFactory(db: Db, keyring: Keyring): (model: string) => Adapter {
  const clients = new ClientAdapter(db, keyring);
  return (model) => (model === 'Client' ? clients : new PayloadAdapter(db, model));
}

/** Deletes expired rows (any model); safe to run from every node process at once. */
export async function purgeExpiredPayloads(db: Executor, now = new Date()): Promise<number> {
  const gone = await db.delete(oidcPayloads).where(lte(oidcPayloads.expiresAt, now)).returning({ id: oidcPayloads.id });
  return gone.length;
}
