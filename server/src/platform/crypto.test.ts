/**
 * SM3 / HMAC-SM3 against published and independent values; SM4 + HMAC-SM3 sealing: round trips
 * over arbitrary text, any tampering detected, key rotation; blind indexes; display masks.
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CryptoError,
  IndexKey,
  Keyring,
  blindIndex,
  hmacSm3,
  maskIdNumber,
  maskName,
  maskPhone,
  parseIndexKey,
  parseKeyring,
  sm3,
} from './crypto.js';

const b64 = () => randomBytes(32).toString('base64');
const K1 = b64();
const K2 = b64();
const ring1 = parseKeyring(`k1:${K1}`);
const ring21 = parseKeyring(`k2:${K2},k1:${K1}`);

function cryptoError(fn: () => unknown): CryptoError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CryptoError);
    return e as CryptoError;
  }
  throw new Error('expected a CryptoError, nothing was thrown');
}

/** Text generators: any Unicode scalar values, and strings made of CJK ideographs. */
const cjk = fc.string({ unit: fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c)), maxLength: 40 });
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), cjk, fc.string({ unit: 'grapheme', maxLength: 30 }));

describe('SM3 and HMAC-SM3', () => {
  it('matches the GB/T 32905-2016 examples', () => {
    expect(sm3('abc').toString('hex')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    expect(sm3('abcd'.repeat(16)).toString('hex')).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('HMAC-SM3 equals the RFC 2104 construction over SM3 (64-byte blocks)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 200 }), (key, data) => {
        const k = Buffer.alloc(64);
        (key.length > 64 ? sm3(key) : Buffer.from(key)).copy(k);
        const pad = (b: number) => Buffer.from(k.map((x) => x ^ b));
        const expected = sm3(Buffer.concat([pad(0x5c), sm3(Buffer.concat([pad(0x36), data]))]));
        expect(hmacSm3(key, data).equals(expected)).toBe(true);
      }),
    );
  });
});

describe('sealing personal data (SM4-CBC + HMAC-SM3)', () => {
  it('round-trips any text, CJK included, with and without a context', () => {
    fc.assert(
      fc.property(anyText, fc.string({ maxLength: 20 }), (text, context) => {
        expect(ring1.decrypt(ring1.encrypt(text, context), context)).toBe(text);
        expect(ring21.decrypt(ring21.encrypt(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('writes v1.<keyId>.<iv>.<ciphertext>.<mac> with a fresh IV each time', () => {
    const a = ring21.encrypt('张三丰');
    const b = ring21.encrypt('张三丰');
    expect(a).toMatch(/^v1\.k2\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
    expect(ring21.keyIdOf(a)).toBe('k2');
  });

  it('refuses a string with a lone surrogate instead of corrupting it', () => {
    expect(cryptoError(() => ring1.encrypt('a\uD800b')).code).toBe('input');
    expect(cryptoError(() => ring1.encrypt('\uDC00')).code).toBe('input');
    expect(ring1.decrypt(ring1.encrypt('😀'))).toBe('😀');
  });

  it('detects a change of any single character of the stored value', () => {
    const value = ring21.encrypt('110105194912310021', 'pd:idNumber');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!';
    let tried = 0;
    for (let i = 0; i < value.length; i++) {
      // a few replacements per position, including ones that keep the base64url decoding length
      for (const c of [alphabet[(alphabet.indexOf(value[i]!) + 1) % alphabet.length]!, 'A', 'w', '.', '=']) {
        if (c === value[i]) continue;
        const tampered = value.slice(0, i) + c + value.slice(i + 1);
        const e = cryptoError(() => ring21.decrypt(tampered, 'pd:idNumber'));
        expect(['malformed', 'unknown-key', 'integrity']).toContain(e.code);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(value.length * 3);
  });

  it('detects any flipped bit in the IV, ciphertext or MAC', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 2, max: 4 }), fc.nat(), fc.integer({ min: 0, max: 7 }), (text, part, at, bit) => {
        const parts = ring1.encrypt(text).split('.');
        const bytes = Buffer.from(parts[part]!, 'base64url');
        bytes[at % bytes.length]! ^= 1 << bit;
        parts[part] = bytes.toString('base64url');
        expect(cryptoError(() => ring1.decrypt(parts.join('.'))).code).toBe('integrity');
      }),
    );
  });

  it('detects truncation, extension and splicing of parts', () => {
    const a = ring1.encrypt('13812345678 and some more text to make two blocks').split('.');
    const b = ring1.encrypt('13912345678').split('.');
    const ctA = Buffer.from(a[3]!, 'base64url');
    const cases = [
      [...a.slice(0, 3), ctA.subarray(0, 16).toString('base64url'), a[4]], // first block only
      [...a.slice(0, 3), Buffer.concat([ctA, ctA.subarray(0, 16)]).toString('base64url'), a[4]],
      [a[0], a[1], b[2], a[3], a[4]], // IV of another value
      [a[0], a[1], a[2], b[3], a[4]], // ciphertext of another value
      [a[0], a[1], a[2], a[3], b[4]], // MAC of another value
    ];
    for (const parts of cases) expect(cryptoError(() => ring1.decrypt(parts.join('.'))).code).toBe('integrity');
    for (const bad of ['', 'v1', a.slice(0, 4).join('.'), [...a, 'x'].join('.'), ['v2', ...a.slice(1)].join('.'), a.join('.') + '=']) {
      expect(cryptoError(() => ring1.decrypt(bad)).code).toBe('malformed');
    }
  });

  it('binds the value to its context', () => {
    const value = ring1.encrypt('13812345678', 'pd:phone');
    expect(ring1.decrypt(value, 'pd:phone')).toBe('13812345678');
    expect(cryptoError(() => ring1.decrypt(value, 'pd:idNumber')).code).toBe('integrity');
    expect(cryptoError(() => ring1.decrypt(value)).code).toBe('integrity');
  });

  it('names an unknown key id, and rejects a known id holding another secret', () => {
    const value = ring21.encrypt('x'); // under k2
    const e = cryptoError(() => ring1.decrypt(value));
    expect(e.code).toBe('unknown-key');
    expect(e.message).toContain('k2');
    const impostor = parseKeyring(`k2:${b64()}`);
    expect(cryptoError(() => impostor.decrypt(value)).code).toBe('integrity');
  });

  it('rotates: old values still decrypt after a new key becomes current, and rotate moves them', () => {
    const before = ring1.encrypt('110105194912310021', 'pd:idNumber');
    expect(ring1.keyIdOf(before)).toBe('k1');
    // configuration changes to "k2:…,k1:…"
    expect(ring21.currentId).toBe('k2');
    expect(ring21.decrypt(before, 'pd:idNumber')).toBe('110105194912310021');
    const after = ring21.rotate(before, 'pd:idNumber');
    expect(ring21.keyIdOf(after)).toBe('k2');
    expect(ring21.decrypt(after, 'pd:idNumber')).toBe('110105194912310021');
    // a value already under the current key is returned as it is (the job skips the write)
    expect(ring21.rotate(after, 'pd:idNumber')).toBe(after);
    // once k1 is dropped, only the rotated value is readable
    const ring2 = parseKeyring(`k2:${K2}`);
    expect(ring2.decrypt(after, 'pd:idNumber')).toBe('110105194912310021');
    expect(cryptoError(() => ring2.decrypt(before, 'pd:idNumber')).code).toBe('unknown-key');
    // rotation checks integrity first
    expect(cryptoError(() => ring21.rotate(before, 'pd:phone')).code).toBe('integrity');
  });

  it('never shows key material when printed', () => {
    const shown = [inspect(ring21), JSON.stringify(ring21), String(Object.keys(ring21)), inspect(parseIndexKey(K1))].join(' ');
    expect(shown).toContain('k2');
    for (const secret of [K1, K2, Buffer.from(K1, 'base64').toString('hex')]) expect(shown).not.toContain(secret);
  });
});

describe('parseKeyring', () => {
  const key = b64();
  it('accepts base64 and base64url, padded or not, with spaces around entries', () => {
    const url = Buffer.from(key, 'base64').toString('base64url');
    const ring = parseKeyring(` a:${key} , b_2:${url}, c-3:${key.replace(/=+$/, '')}`);
    expect(ring.currentId).toBe('a');
    expect(ring.ids).toEqual(['a', 'b_2', 'c-3']);
  });

  it.each([
    [undefined, /empty/],
    ['', /empty/],
    ['  ', /empty/],
    [`${key}`, /entry #1 is not 'id:base64key'/],
    [`k.1:${key}`, /entry #1: key id/],
    [`:${key}`, /entry #1: key id/],
    [`k1:${key},k1:${b64()}`, /entry #2: key id k1 appears twice/],
    ['k1:abc', /entry #1 \(k1\): key must be 32 bytes, got 2/],
    [`k1:${randomBytes(16).toString('base64')}`, /key must be 32 bytes, got 16/],
    [`k1:${key},k2:not base64!`, /entry #2 \(k2\): key is not base64/],
    [`k1:${Buffer.alloc(32).toString('base64')}`, /one byte repeated/],
  ])('rejects %j with a clear message', (spec, message) => {
    const e = cryptoError(() => parseKeyring(spec));
    expect(e.code).toBe('config');
    expect(e.message).toMatch(message);
    expect(e.message).not.toContain(key);
  });
});

describe('blind index', () => {
  const indexKey = new IndexKey(randomBytes(32));

  it('is deterministic per value and kind, and independent of the encryption keys', () => {
    fc.assert(
      fc.property(anyText, (value) => {
        expect(blindIndex(indexKey, 'phone', value)).toBe(blindIndex(indexKey, 'phone', value));
      }),
    );
    expect(blindIndex(indexKey, 'idNumber', '110105194912310021')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('differs across values, kinds and index keys', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        fc.pre(a !== b);
        expect(blindIndex(indexKey, 'phone', a)).not.toBe(blindIndex(indexKey, 'phone', b));
      }),
    );
    expect(blindIndex(indexKey, 'phone', '13812345678')).not.toBe(blindIndex(indexKey, 'bankCard', '13812345678'));
    // the kind and the value are separated unambiguously
    expect(blindIndex(indexKey, 'a', 'b\0c')).not.toBe(blindIndex(indexKey, 'a', 'b') + 'c');
    expect(blindIndex(new IndexKey(randomBytes(32)), 'phone', '13812345678')).not.toBe(blindIndex(indexKey, 'phone', '13812345678'));
  });

  it('is not the HMAC of the value under the configured secret (derived key, labelled input)', () => {
    const secret = randomBytes(32);
    const digest = Buffer.from(blindIndex(new IndexKey(secret), 'phone', '13812345678'), 'base64url');
    expect(digest.equals(hmacSm3(secret, '13812345678'))).toBe(false);
  });

  it('parses its key from configuration and rejects bad ones', () => {
    const secret = randomBytes(32);
    expect(blindIndex(parseIndexKey(secret.toString('base64')), 'phone', 'x')).toBe(blindIndex(new IndexKey(secret), 'phone', 'x'));
    expect(cryptoError(() => parseIndexKey(undefined)).code).toBe('config');
    expect(cryptoError(() => parseIndexKey(randomBytes(31).toString('base64'))).message).toMatch(/32 bytes, got 31/);
    expect(cryptoError(() => blindIndex(indexKey, 'bad kind', 'x')).code).toBe('input');
  });
});

describe('masks', () => {
  it.each([
    ['110105194912310021', '1101**********0021'],
    ['11010519491231002X', '1101**********002X'],
    ['110105491231002', '*'.repeat(15)], // 15-digit first generation: 4 + 4 would leave only 7 hidden
    ['12345678', '********'],
    ['', ''],
  ])('maskIdNumber(%j) = %j', (value, masked) => expect(maskIdNumber(value)).toBe(masked));

  it('maskIdNumber keeps what it is told to, never the birth date by default', () => {
    expect(maskIdNumber('110105194912310021', { keepStart: 6, keepEnd: 4 })).toBe('110105********0021');
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}[\dX]$/), (id) => {
        const masked = maskIdNumber(id);
        expect(masked).toHaveLength(18);
        expect(masked.slice(4, 14)).toBe('*'.repeat(10));
        expect(masked.slice(0, 4) + masked.slice(14)).toBe(id.slice(0, 4) + id.slice(14));
      }),
    );
  });

  it.each([
    ['13812345678', '138****5678'],
    ['01012345678', '010****5678'],
    ['12345678', '********'],
    ['123', '***'],
  ])('maskPhone(%j) = %j', (value, masked) => expect(maskPhone(value)).toBe(masked));

  it.each([
    ['张三丰', '张**'],
    ['张三', '张*'],
    ['欧阳娜娜', '欧***'],
    ['王', '*'],
    ['买买提·艾力', '买**·**'],
    ['𠀋一', '𠀋*'], // surname outside the BMP stays one character
    ['', ''],
  ])('maskName(%j) = %j', (value, masked) => expect(maskName(value)).toBe(masked));
});
