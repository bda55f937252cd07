/**
 * Commercial cryptography for personal data (GB/T 39786-2021 level 3, DOMAIN.md §7): SM3 hashing,
 * authenticated SM4 encryption with rotating keys, blind indexes for exact look-up, display masks.
 *
 * Node's OpenSSL has SM4-CBC/CTR but no SM4-GCM, so encryption is SM4-CBC with a random IV, then
 * HMAC-SM3 over everything that identifies the value (encrypt-then-MAC). The MAC is checked, in
 * constant time, before anything is decrypted, so there is no padding oracle.
 *
 * Stored form (ASCII, fits a text column): `v1.<keyId>.<iv>.<ciphertext>.<mac>`, the last three in
 * canonical base64url (16-byte IV, n×16-byte ciphertext, 32-byte MAC).
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { inspect } from 'node:util';

/** Bytes, or a string taken as UTF-8. */
export type Bytes = string | Uint8Array;

export const sm3 = (data: Bytes): Buffer => createHash('sm3').update(data).digest();

export const hmacSm3 = (key: Bytes, data: Bytes): Buffer => createHmac('sm3', key).update(data).digest();

export type CryptoErrorCode =
  /** the configured key specification is unusable */
  | 'config'
  /** the value cannot be encrypted (e.g. a string with a lone UTF-16 surrogate) */
  | 'input'
  /** not a v1 value: wrong shape, encoding or lengths */
  | 'malformed'
  /** made under a key id this key ring does not hold */
  | 'unknown-key'
  /** the MAC does not match: tampered with, or the wrong key or context */
  | 'integrity';

/** Messages name positions and key ids, never key material or plaintext. */
export class CryptoError extends Error {
  override readonly name = 'CryptoError';
  constructor(
    readonly code: CryptoErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 16;
const MAC_BYTES = 32;
/** Key ids travel inside the stored value, so they use the base64url alphabet and never '.'. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const HKDF_SALT = Buffer.from('onewindow personal data', 'utf8');

/**
 * Subkeys come from the configured 32-byte secret through HKDF-SM3 (RFC 5869 over HMAC-SM3), not by
 * cutting it in halves. Both would be sound for a uniformly random secret; HKDF is chosen because
 * (1) the MAC key gets 256 bits instead of 128, (2) every use has its own label, so a secret that is
 * by mistake configured twice (say as a ring key and as the index key) still yields unrelated keys,
 * and (3) a new scheme (v2) can derive new subkeys from the same configured secrets.
 * Derived once per key ring; the configured secret itself is not kept.
 */
function subkey(secret: Uint8Array, label: string, length: number): Buffer {
  return Buffer.from(hkdfSync('sm3', secret, HKDF_SALT, `onewindow/${label}`, length));
}

interface RingKey {
  id: string;
  enc: Buffer; // SM4 key, 16 bytes
  mac: Buffer; // HMAC-SM3 key, 32 bytes
}

export interface KeySecret {
  id: string;
  /** 32 random bytes */
  secret: Uint8Array;
}

/**
 * The keys personal data is encrypted under: the first is current (new values), the others only
 * decrypt values written before a rotation. Rotating = prepend a new key to the configuration,
 * deploy, re-encrypt stored values with `rotate` (a background job), then drop the old key.
 * A key id must never be reused for a different secret: stored values name their key by id.
 */
export class Keyring {
  readonly #keys = new Map<string, RingKey>();
  readonly #current: RingKey;

  constructor(keys: readonly KeySecret[]) {
    if (keys.length === 0) throw new CryptoError('config', 'key ring is empty');
    for (const [i, k] of keys.entries()) {
      const where = `key ring entry #${i + 1}`;
      if (!KEY_ID.test(k.id)) throw new CryptoError('config', `${where}: key id must be 1–32 characters of A–Z a–z 0–9 _ -`);
      if (this.#keys.has(k.id)) throw new CryptoError('config', `${where}: key id ${k.id} appears twice`);
      checkSecret(k.secret, `${where} (${k.id})`);
      this.#keys.set(k.id, { id: k.id, enc: subkey(k.secret, 'pd/v1/sm4-cbc', 16), mac: subkey(k.secret, 'pd/v1/hmac-sm3', MAC_BYTES) });
    }
    this.#current = this.#keys.get(keys[0]!.id)!;
  }

  /** Id of the key new values are encrypted under. */
  get currentId(): string {
    return this.#current.id;
  }

  get ids(): string[] {
    return [...this.#keys.keys()];
  }

  /**
   * Encrypts a (small) string under the current key. `context` is authenticated but not stored:
   * the same context must be given to decrypt, which stops a value being moved to another column
   * (personal-data.ts passes the kind, e.g. an encrypted phone number cannot pose as an ID number).
   */
  encrypt(plaintext: string, context = ''): string {
    if (typeof plaintext !== 'string') throw new CryptoError('input', 'only strings are encrypted');
    if (LONE_SURROGATE.test(plaintext)) throw new CryptoError('input', 'string has a lone UTF-16 surrogate and cannot be stored as UTF-8');
    const key = this.#current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('sm4-cbc', key.enc, iv);
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const mac = macOf(key, context, iv, ct);
    return [VERSION, key.id, iv.toString('base64url'), ct.toString('base64url'), mac.toString('base64url')].join('.');
  }

  /** Checks the MAC, then decrypts. Throws CryptoError ('malformed' | 'unknown-key' | 'integrity'). */
  decrypt(value: string, context = ''): string {
    const parsed = parseValue(value);
    const key = this.#keys.get(parsed.keyId);
    if (!key) throw new CryptoError('unknown-key', `no key ${parsed.keyId} in the key ring (holds ${this.ids.join(', ')})`);
    if (!timingSafeEqual(macOf(key, context, parsed.iv, parsed.ct), parsed.mac)) {
      throw new CryptoError('integrity', `value under key ${key.id} fails its integrity check`);
    }
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('sm4-cbc', key.enc, parsed.iv);
      plain = Buffer.concat([decipher.update(parsed.ct), decipher.final()]);
    } catch {
      // unreachable unless the MAC key matches and the encryption key does not
      throw new CryptoError('integrity', `value under key ${key.id} does not decrypt`);
    }
    try {
      return UTF8.decode(plain);
    } catch {
      throw new CryptoError('integrity', `value under key ${key.id} is not UTF-8`);
    }
  }

  /** The key id a stored value names (throws 'malformed'). */
  keyIdOf(value: string): string {
    return parseValue(value).keyId;
  }

  /**
   * The value encrypted under the current key. A value already under it is checked and returned
   * unchanged, so a rotation job writes only the rows that need it (compare the result).
   */
  rotate(value: string, context = ''): string {
    const plaintext = this.decrypt(value, context);
    return parseValue(value).keyId === this.#current.id ? value : this.encrypt(plaintext, context);
  }

  toJSON() {
    return { current: this.currentId, ids: this.ids };
  }

  [inspect.custom]() {
    return `Keyring { current: ${this.currentId}, ids: [${this.ids.join(', ')}] }`;
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function checkSecret(secret: Uint8Array, where: string) {
  if (secret.length !== KEY_BYTES) throw new CryptoError('config', `${where}: key must be ${KEY_BYTES} bytes, got ${secret.length}`);
  if (secret.every((b) => b === secret[0])) throw new CryptoError('config', `${where}: key is one byte repeated; generate it with \`openssl rand -base64 32\``);
}

/** MAC input: every field before the ciphertext has a fixed or prefixed length, so it parses one way. */
function macOf(key: RingKey, context: string, iv: Buffer, ct: Buffer): Buffer {
  const ctx = Buffer.from(context, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(ctx.length);
  return createHmac('sm3', key.mac).update(`onewindow-pd\0${VERSION}\0${key.id}\0`).update(len).update(ctx).update(iv).update(ct).digest();
}

function parseValue(value: string): { keyId: string; iv: Buffer; ct: Buffer; mac: Buffer } {
  if (typeof value !== 'string') throw new CryptoError('malformed', 'encrypted value is not a string');
  const parts = value.split('.');
  if (parts.length !== 5) throw new CryptoError('malformed', 'encrypted value must have 5 dot-separated parts');
  const [version, keyId, iv, ct, mac] = parts as [string, string, string, string, string];
  if (version !== VERSION) throw new CryptoError('malformed', 'encrypted value is not version v1');
  if (!KEY_ID.test(keyId)) throw new CryptoError('malformed', 'encrypted value has an invalid key id');
  const ivBytes = base64url(iv, 'IV');
  const ctBytes = base64url(ct, 'ciphertext');
  const macBytes = base64url(mac, 'MAC');
  if (ivBytes.length !== IV_BYTES) throw new CryptoError('malformed', `IV must be ${IV_BYTES} bytes`);
  if (ctBytes.length === 0 || ctBytes.length % 16 !== 0) throw new CryptoError('malformed', 'ciphertext must be whole SM4 blocks');
  if (macBytes.length !== MAC_BYTES) throw new CryptoError('malformed', `MAC must be ${MAC_BYTES} bytes`);
  return { keyId, iv: ivBytes, ct: ctBytes, mac: macBytes };
}

/**
 * Strict base64url: Buffer's decoder skips foreign characters and ignores the unused low bits of the
 * last character, so two different strings could decode alike; only the canonical form is accepted.
 */
function base64url(text: string, what: string): Buffer {
  const bytes = BASE64URL.test(text) ? Buffer.from(text, 'base64url') : undefined;
  if (!bytes || bytes.toString('base64url') !== text) throw new CryptoError('malformed', `${what} is not canonical base64url`);
  return bytes;
}

/** Standard or URL-safe base64, padding optional, decoding to exactly 32 bytes. */
function decodeSecret(text: string, where: string): Buffer {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) throw new CryptoError('config', `${where}: key is not base64`);
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  checkSecret(bytes, where);
  return bytes;
}

/**
 * Parses the key ring from configuration: `k2:<base64>,k1:<base64>` — comma-separated
 * `id:key` entries, the current key first, each key 32 random bytes (`openssl rand -base64 32`).
 */
export function parseKeyring(spec: string | undefined): Keyring {
  const format = "expected 'id:base64key[,id:base64key…]' with the current key first";
  if (!spec || !spec.trim()) throw new CryptoError('config', `key ring is empty: ${format}`);
  const keys = spec.split(',').map((entry, i): KeySecret => {
    const where = `key ring entry #${i + 1}`;
    const trimmed = entry.trim();
    const colon = trimmed.indexOf(':');
    if (colon < 0) throw new CryptoError('config', `${where} is not 'id:base64key' (${format})`);
    const id = trimmed.slice(0, colon).trim();
    if (!KEY_ID.test(id)) throw new CryptoError('config', `${where}: key id must be 1–32 characters of A–Z a–z 0–9 _ -`);
    return { id, secret: decodeSecret(trimmed.slice(colon + 1).trim(), `${where} (${id})`) };
  });
  return new Keyring(keys);
}

/**
 * The key of blind indexes. It is configured on its own and is NOT rotated with the encryption
 * keys: an index must be the same for every row holding a value, whatever key encrypted that row,
 * or an equality look-up would have to try every historical key (and a unique constraint would no
 * longer hold). It is as secret as the encryption keys — ID and phone numbers have ~10¹¹ possible
 * values, so whoever holds this key can brute-force an index back to its value. Replacing it (after
 * a compromise) is a planned migration: decrypt each row, recompute its index, query both meanwhile.
 */
export class IndexKey {
  readonly #key: Buffer;

  constructor(secret: Uint8Array) {
    checkSecret(secret, 'index key');
    this.#key = subkey(secret, 'pd/v1/blind-index', 32);
  }

  /** @internal used by blindIndex */
  mac(data: string): Buffer {
    return hmacSm3(this.#key, data);
  }

  toJSON() {
    return 'IndexKey';
  }

  [inspect.custom]() {
    return 'IndexKey { … }';
  }
}

/** Parses the blind-index key from configuration: 32 random bytes in base64. */
export function parseIndexKey(spec: string | undefined): IndexKey {
  if (!spec || !spec.trim()) throw new CryptoError('config', 'index key is empty: expected 32 random bytes in base64');
  return new IndexKey(decodeSecret(spec.trim(), 'index key'));
}

const KIND = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/**
 * Deterministic keyed digest (HMAC-SM3, base64url, 43 characters) of a normalised value, for exact
 * look-up without decrypting. The kind is part of the input, so equal digits in different kinds
 * (a phone and a bank-card fragment, say) do not collide or reveal that they are equal.
 */
export function blindIndex(indexKey: IndexKey, kind: string, normalizedValue: string): string {
  if (!KIND.test(kind)) throw new CryptoError('input', 'blind index kind must be a short identifier');
  return indexKey.mac(`onewindow-bi\0${kind}\0${normalizedValue}`).toString('base64url');
}

// ---- masks ------------------------------------------------------------------------------------
//
// Display masks (去标识化 in the sense of GB/T 35273-2020). The exact convention is local practice
// and DOMAIN.md states none, so the kept lengths are parameters. Defaults: ID number keeps its
// first 4 and last 4 (1101**********0021: province and prefecture, sequence and check digit; the
// birth date is hidden); mobile 3 + 4 (138****5678); a name keeps its surname character (张**), as
// on most 政务 portals. A value too short to keep anything safely is all '*'. Characters are
// counted in code points, so names in CJK extension planes mask correctly.

const STAR = '*';

function maskMiddle(value: string, keepStart: number, keepEnd: number, minHidden: number): string {
  const chars = Array.from(value);
  const hidden = chars.length - keepStart - keepEnd;
  if (hidden < minHidden) return STAR.repeat(chars.length);
  return chars.slice(0, keepStart).join('') + STAR.repeat(hidden) + chars.slice(chars.length - keepEnd).join('');
}

export interface MaskOptions {
  keepStart?: number;
  keepEnd?: number;
}

/** `110105194912310021` → `1101**********0021`; at least 8 characters are always hidden. */
export function maskIdNumber(value: string, { keepStart = 4, keepEnd = 4 }: MaskOptions = {}): string {
  return maskMiddle(value, keepStart, keepEnd, 8);
}

/** `13812345678` → `138****5678`; other numbers keep the same 3 + 4 when at least 4 stay hidden. */
export function maskPhone(value: string, { keepStart = 3, keepEnd = 4 }: MaskOptions = {}): string {
  return maskMiddle(value, keepStart, keepEnd, 4);
}

/** `张三丰` → `张**`, `张三` → `张*`; a one-character name becomes `*`. Separators (`·`, space) stay. */
export function maskName(value: string): string {
  const chars = Array.from(value);
  if (chars.length <= 1) return STAR.repeat(chars.length);
  return chars.map((c, i) => (i === 0 || c === '·' || c === ' ' ? c : STAR)).join('');
}
