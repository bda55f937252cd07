/**
 * Passkeys through the API with a software authenticator (ES256, attestation "none", user
 * verification), on PGlite and PostgreSQL: register a passkey, sign in with it, refuse a replayed
 * challenge, a signature by another key and a deleted credential. The browser ceremony itself is
 * covered by the citizen browser test with Chromium's virtual authenticator.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCBOR } from '@levischuck/tiny-cbor';
import { createTestApp, engine, sessionOf, type TestApp } from '../../test/harness.js';

let t: TestApp;
const ORIGIN = 'http://localhost:3000';
const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();
const json = (r: { body: string }) => JSON.parse(r.body);

/** A platform authenticator holding one credential. */
class SoftAuthenticator {
  readonly credentialId = randomBytes(32);
  private readonly key: { privateKey: KeyObject; publicKey: KeyObject } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  private counter = 0;
  userHandle = '';

  private authData(rpId: string, flags: number, attested?: Uint8Array) {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(++this.counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), count, ...(attested ? [attested] : [])]);
  }

  create(options: { challenge: string; rp: { id: string }; user: { id: string } }) {
    this.userHandle = options.user.id;
    const jwk = this.key.publicKey.export({ format: 'jwk' });
    const cose = encodeCBOR(new Map<number, number | Uint8Array>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.from(jwk.x!, 'base64url')], [-3, Buffer.from(jwk.y!, 'base64url')]]));
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, Buffer.from(cose)]);
    const authData = this.authData(options.rp.id, 0x01 | 0x04 | 0x40, attested);
    const attestationObject = encodeCBOR(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]) as never);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin: ORIGIN, crossOrigin: false }));
    return {
      id: b64u(this.credentialId),
      rawId: b64u(this.credentialId),
      type: 'public-key',
      response: { clientDataJSON: b64u(clientDataJSON), attestationObject: b64u(attestationObject), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  get(options: { challenge: string; rpId: string }, signer: KeyObject = this.key.privateKey) {
    const authenticatorData = this.authData(options.rpId, 0x01 | 0x04);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin: ORIGIN, crossOrigin: false }));
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), signer);
    return {
      id: b64u(this.credentialId),
      rawId: b64u(this.credentialId),
      type: 'public-key',
      response: { clientDataJSON: b64u(clientDataJSON), authenticatorData: b64u(authenticatorData), signature: b64u(signature), userHandle: this.userHandle },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const post = (url: string, payload: object, cookie?: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}) } });

describe(`passkeys on ${engine}`, () => {
  it('registers a passkey and signs in with it, once per challenge', async () => {
    const person = await sessionOf(t, { kind: 'person', level: 3 });
    const authenticator = new SoftAuthenticator();
    const created = json(await post('/me/passkeys/options', {}, person.cookie));
    expect(created.options).toMatchObject({ rp: { id: 'localhost' }, authenticatorSelection: { residentKey: 'required', userVerification: 'required' } });
    const registered = await post('/me/passkeys', { challengeId: created.challengeId, label: '我的手机', response: authenticator.create(created.options) }, person.cookie);
    expect(registered.statusCode).toBe(201);
    expect(json(registered)).toMatchObject({ label: '我的手机', deviceType: 'singleDevice' });
    // the same registration challenge cannot be used twice
    const again = await post('/me/passkeys', { challengeId: created.challengeId, label: 'x', response: authenticator.create(created.options) }, person.cookie);
    expect(again.statusCode).toBe(400);

    const options = json(await post('/auth/passkey/options', {}));
    expect(options.options.allowCredentials ?? []).toEqual([]);
    const login = await post('/auth/passkey', { challengeId: options.challengeId, response: authenticator.get(options.options) });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'ow_session')!;
    const me = json(await t.app.inject({ url: '/api/v1/me', headers: { cookie: `ow_session=${cookie.value}` } }));
    expect(me).toMatchObject({ id: person.accountId, session: { amr: ['hwk', 'user', 'mfa'], acr: 'urn:onewindow:loa:3' } });
    const replay = await post('/auth/passkey', { challengeId: options.challengeId, response: authenticator.get(options.options) });
    expect(replay.statusCode).toBe(400);
    expect(json(replay).type).toContain('passkey-failed');
  });

  it('refuses a signature by another key, and a deleted passkey', async () => {
    const person = await sessionOf(t, { kind: 'person', level: 2 });
    const authenticator = new SoftAuthenticator();
    const created = json(await post('/me/passkeys/options', {}, person.cookie));
    expect((await post('/me/passkeys', { challengeId: created.challengeId, label: '平板', response: authenticator.create(created.options) }, person.cookie)).statusCode).toBe(201);

    const forged = json(await post('/auth/passkey/options', {}));
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect((await post('/auth/passkey', { challengeId: forged.challengeId, response: authenticator.get(forged.options, other) })).statusCode).toBe(400);

    const list = json(await t.app.inject({ url: '/api/v1/me/passkeys', headers: { cookie: person.cookie } })).items as { id: string }[];
    expect(list).toHaveLength(1);
    const del = await t.app.inject({ method: 'DELETE', url: `/api/v1/me/passkeys/${list[0]!.id}`, headers: { cookie: person.cookie, origin: ORIGIN } });
    expect(del.statusCode).toBe(204);
    const after = json(await post('/auth/passkey/options', {}));
    expect((await post('/auth/passkey', { challengeId: after.challengeId, response: authenticator.get(after.options) })).statusCode).toBe(400);
  });
});
