/**
 * SM2 signatures (GB/T 32918.2, GM/T 0003.2) that interoperate with standard tools: SM3 over
 * Z‖M with the default distinguishing identifier `1234567812345678` (GM/T 0009), DER-encoded
 * (r, s) as in GM/T 0009 and `openssl pkeyutl -pkeyopt distid:1234567812345678`.
 *
 * Why not node:crypto: `crypto.sign('sm3', data, key)` is not a standard SM2 signature (see
 * sm2.test.ts). A key created by `generateKeyPairSync('ec', { namedCurve: 'SM2' })` is signed with
 * ECDSA over the SM2 curve; a key loaded from PEM/DER becomes OpenSSL's SM2 type and is signed with
 * SM2 but an empty identifier; Node cannot set the identifier. Node 20 also aborts the process (a
 * C++ assertion) on `keyObject.export({ type: 'sec1' })` of such a loaded key. So SM2 keys here
 * are plain hex and PEM is parsed in this file, never through KeyObject.
 *
 * The arithmetic is sm-crypto's (jsbn). Its own random numbers come from an RC4 generator seeded
 * once per process; the signing nonce is instead drawn from OpenSSL (an ECDH key pair on the SM2
 * curve: k and the x coordinate of kG), and so are generated key pairs. jsbn is not constant-time;
 * for level 3, long-lived signing keys belong in a certified cryptographic module (密码机/签名服务器),
 * with this code for verification and for keys of lesser value.
 *
 * Keys: private = 64 hex digits; public = '04'‖X‖Y (130 hex digits; compressed 02/03 accepted).
 */
import { createECDH, ECDH } from 'node:crypto';
import { createRequire } from 'node:module';
import smCrypto, { type SmBigInteger, type SmPoint } from 'sm-crypto';
import type { Bytes } from './crypto.js';

const { sm2 } = smCrypto;
// jsbn, resolved from sm-crypto's own location: the nonce must be the BigInteger class sm-crypto uses.
const { BigInteger } = createRequire(createRequire(import.meta.url).resolve('sm-crypto'))('jsbn') as {
  BigInteger: new (value: string, radix: number) => SmBigInteger;
};

/** GM/T 0009-2012 default distinguishing identifier (ASCII). */
export const SM2_DEFAULT_USER_ID = '1234567812345678';
/** OID 1.2.156.10197.1.301, the SM2 curve (GM/T 0006). */
export const SM2_CURVE_OID = '1.2.156.10197.1.301';

const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;
const OID_EC_PUBLIC_KEY = Buffer.from('2a8648ce3d0201', 'hex'); // 1.2.840.10045.2.1
const OID_SM2 = Buffer.from('2a811ccf5501822d', 'hex'); // 1.2.156.10197.1.301
const MAX_DER_SIGNATURE = 72;

export class Sm2KeyError extends Error {
  override readonly name = 'Sm2KeyError';
}

export interface Sm2KeyPair {
  privateKey: string;
  publicKey: string;
}

export interface Sm2Options {
  /** Distinguishing identifier; default `1234567812345678`. */
  userId?: string;
}

/** A key pair from OpenSSL's generator, d in [1, n−2] as GB/T 32918.1 requires. */
export function generateSm2KeyPair(): Sm2KeyPair {
  for (;;) {
    const ecdh = createECDH('SM2');
    ecdh.generateKeys();
    const privateKey = ecdh.getPrivateKey('hex').padStart(64, '0');
    if (BigInt(`0x${privateKey}`) <= N - 2n) return { privateKey, publicKey: ecdh.getPublicKey('hex', 'uncompressed') };
  }
}

export function sm2PublicKeyFromPrivateKey(privateKeyHex: string): string {
  const ecdh = createECDH('SM2');
  ecdh.setPrivateKey(Buffer.from(normalizePrivateKey(privateKeyHex), 'hex'));
  return ecdh.getPublicKey('hex', 'uncompressed');
}

/** DER-encoded SM2 signature of `data` (strings as UTF-8), hashed with SM3 over Z‖M. */
export function sm2Sign(privateKeyHex: string, data: Bytes, { userId = SM2_DEFAULT_USER_ID }: Sm2Options = {}): Buffer {
  const privateKey = normalizePrivateKey(privateKeyHex);
  const der = sm2.doSignature(bytes(data), privateKey, {
    hash: true,
    der: true,
    userId: checkUserId(userId),
    publicKey: sm2PublicKeyFromPrivateKey(privateKey),
    // sm-crypto pops one nonce per attempt; a second attempt happens with probability ~2⁻²⁵⁶
    pointPool: [freshNonce(), freshNonce()],
  });
  return Buffer.from(der, 'hex');
}

/**
 * Verifies a DER-encoded SM2 signature. False for any signature that does not verify, including
 * malformed or non-canonical DER; throws Sm2KeyError only for an unusable public key.
 */
export function sm2Verify(publicKeyHex: string, data: Bytes, signature: Uint8Array, { userId = SM2_DEFAULT_USER_ID }: Sm2Options = {}): boolean {
  const publicKey = normalizePublicKey(publicKeyHex);
  if (!(signature instanceof Uint8Array) || signature.length === 0 || signature.length > MAX_DER_SIGNATURE) return false;
  try {
    return sm2.doVerifySignature(bytes(data), Buffer.from(signature).toString('hex'), publicKey, { der: true, hash: true, userId: checkUserId(userId) });
  } catch {
    return false;
  }
}

/** SubjectPublicKeyInfo (id-ecPublicKey with the SM2 curve OID), as `openssl pkey -pubout` writes it. */
export function sm2PublicKeyToPem(publicKeyHex: string): string {
  const point = Buffer.from(normalizePublicKey(publicKeyHex), 'hex');
  const spki = der(0x30, der(0x30, der(0x06, OID_EC_PUBLIC_KEY), der(0x06, OID_SM2)), der(0x03, Buffer.from([0]), point));
  return pem('PUBLIC KEY', spki);
}

/** The public key (hex) in a `PUBLIC KEY` PEM block on the SM2 curve. */
export function sm2PublicKeyFromPem(text: string): string {
  const spki = readPem(text, 'PUBLIC KEY');
  const [algorithm, key] = children(whole(spki, 0x30, 'SubjectPublicKeyInfo'), 'SubjectPublicKeyInfo');
  checkAlgorithm(algorithm);
  const bits = expect(key, 0x03, 'public key BIT STRING');
  if (bits[0] !== 0) throw new Sm2KeyError('public key BIT STRING has unused bits');
  return normalizePublicKey(bits.subarray(1).toString('hex'));
}

/**
 * The private key (hex) in an unencrypted PKCS#8 `PRIVATE KEY` block (`openssl genpkey -algorithm
 * SM2`) or a SEC1 block naming the SM2 curve (`EC PRIVATE KEY`, or `SM2 PRIVATE KEY` as `openssl ec`
 * writes it). An embedded public key must match the private key.
 */
export function sm2PrivateKeyFromPem(text: string): string {
  if (text.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----')) {
    throw new Sm2KeyError('private key is encrypted; decrypt it first (openssl pkey -in key.pem -out plain.pem)');
  }
  if (text.includes('-----BEGIN PRIVATE KEY-----')) {
    const [version, algorithm, octets] = children(whole(readPem(text, 'PRIVATE KEY'), 0x30, 'PrivateKeyInfo'), 'PrivateKeyInfo');
    if (expect(version, 0x02, 'PKCS#8 version').toString('hex') !== '00') throw new Sm2KeyError('unsupported PKCS#8 version');
    checkAlgorithm(algorithm);
    return ecPrivateKey(expect(octets, 0x04, 'PKCS#8 private key'), false);
  }
  // `openssl ec` labels the SEC1 form of an SM2 key 'SM2 PRIVATE KEY'
  const label = text.includes('-----BEGIN SM2 PRIVATE KEY-----') ? 'SM2 PRIVATE KEY' : 'EC PRIVATE KEY';
  return ecPrivateKey(readPem(text, label), true);
}

// ---- helpers ----------------------------------------------------------------------------------

function bytes(data: Bytes): Buffer {
  return typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function checkUserId(userId: string): string {
  // ENTL is the identifier's length in bits in two bytes
  if (typeof userId !== 'string' || Buffer.byteLength(userId, 'utf8') > 8191) throw new Sm2KeyError('SM2 user id must be a string of at most 8191 bytes');
  return userId;
}

function normalizePrivateKey(hex: string): string {
  if (typeof hex !== 'string' || !/^[0-9a-fA-F]{64}$/.test(hex)) throw new Sm2KeyError('SM2 private key must be 64 hex digits');
  const d = BigInt(`0x${hex}`);
  if (d < 1n || d > N - 2n) throw new Sm2KeyError('SM2 private key is out of range [1, n−2]');
  return hex.toLowerCase();
}

function normalizePublicKey(hex: string): string {
  if (typeof hex !== 'string' || !/^(04[0-9a-fA-F]{128}|0[23][0-9a-fA-F]{64})$/.test(hex)) {
    throw new Sm2KeyError("SM2 public key must be '04'‖X‖Y (130 hex digits) or compressed (66)");
  }
  let uncompressed: string;
  try {
    uncompressed = ECDH.convertKey(hex, 'SM2', 'hex', 'hex', 'uncompressed') as string;
  } catch {
    throw new Sm2KeyError('SM2 public key is not a point on the SM2 curve');
  }
  if (!sm2.verifyPublicKey(uncompressed)) throw new Sm2KeyError('SM2 public key is not a point on the SM2 curve');
  return uncompressed.toLowerCase();
}

/** A signing nonce from OpenSSL: k uniform in [1, n−1], with x₁ of kG. */
function freshNonce(): SmPoint {
  const ecdh = createECDH('SM2');
  const point = ecdh.generateKeys(); // uncompressed 04‖X‖Y
  return { k: new BigInteger(ecdh.getPrivateKey('hex'), 16), x1: new BigInteger(point.subarray(1, 33).toString('hex'), 16) };
}

// A minimal DER reader and writer for the three key structures above.

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

interface Tlv {
  tag: number;
  value: Buffer;
}

function readTlv(buf: Buffer, offset: number): { tlv: Tlv; next: number } {
  const tag = buf[offset];
  let len = buf[offset + 1];
  let at = offset + 2;
  if (tag === undefined || len === undefined) throw new Sm2KeyError('truncated DER');
  if (len & 0x80) {
    const count = len & 0x7f;
    if (count < 1 || count > 2 || at + count > buf.length) throw new Sm2KeyError('unsupported DER length');
    len = buf.readUIntBE(at, count);
    at += count;
  }
  if (at + len > buf.length) throw new Sm2KeyError('truncated DER');
  return { tlv: { tag, value: buf.subarray(at, at + len) }, next: at + len };
}

function expect(tlv: Tlv | undefined, tag: number, what: string): Buffer {
  if (!tlv || tlv.tag !== tag) throw new Sm2KeyError(`expected ${what}`);
  return tlv.value;
}

/** The content of the one TLV that makes up all of `buf`. */
function whole(buf: Buffer, tag: number, what: string): Buffer {
  const { tlv, next } = readTlv(buf, 0);
  if (next !== buf.length) throw new Sm2KeyError(`trailing bytes after ${what}`);
  return expect(tlv, tag, what);
}

function children(value: Buffer, what: string): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < value.length; ) {
    const { tlv, next } = readTlv(value, at);
    out.push(tlv);
    at = next;
  }
  if (out.length === 0) throw new Sm2KeyError(`empty ${what}`);
  return out;
}

function checkAlgorithm(algorithm: Tlv | undefined) {
  const [oid, params] = children(expect(algorithm, 0x30, 'AlgorithmIdentifier'), 'AlgorithmIdentifier');
  if (!expect(oid, 0x06, 'algorithm OID').equals(OID_EC_PUBLIC_KEY)) throw new Sm2KeyError('not an elliptic-curve key');
  if (!(params && params.tag === 0x06 && params.value.equals(OID_SM2))) throw new Sm2KeyError(`not a key on the SM2 curve (${SM2_CURVE_OID})`);
}

/** ECPrivateKey (RFC 5915): version 1, d, [0] curve, [1] public key. */
function ecPrivateKey(value: Buffer, requireCurve: boolean): string {
  const [version, secret, ...rest] = children(whole(value, 0x30, 'ECPrivateKey'), 'ECPrivateKey');
  if (expect(version, 0x02, 'ECPrivateKey version').toString('hex') !== '01') throw new Sm2KeyError('unsupported ECPrivateKey version');
  const d = expect(secret, 0x04, 'private key OCTET STRING');
  if (d.length > 32) throw new Sm2KeyError('private key longer than 32 bytes');
  const curve = rest.find((t) => t.tag === 0xa0);
  if (curve && !whole(curve.value, 0x06, 'curve OID').equals(OID_SM2)) throw new Sm2KeyError(`not a key on the SM2 curve (${SM2_CURVE_OID})`);
  if (requireCurve && !curve) throw new Sm2KeyError('EC PRIVATE KEY does not name its curve');
  const privateKey = normalizePrivateKey(d.toString('hex').padStart(64, '0'));
  const embedded = rest.find((t) => t.tag === 0xa1);
  if (embedded) {
    const bits = whole(embedded.value, 0x03, 'public key BIT STRING');
    if (normalizePublicKey(bits.subarray(1).toString('hex')) !== sm2PublicKeyFromPrivateKey(privateKey)) {
      throw new Sm2KeyError('embedded public key does not belong to the private key');
    }
  }
  return privateKey;
}

function pem(label: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

function readPem(text: string, label: string): Buffer {
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]*)-----END ${label}-----`).exec(text);
  if (!match) throw new Sm2KeyError(`no ${label} PEM block`);
  return Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64');
}
