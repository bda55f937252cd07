/**
 * Personal values: protect/reveal with kinds bound to ciphertexts, normalised blind indexes, a
 * wrapper that prints masked; and log masking — text, objects, and real pino lines from Fastify.
 */
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import Fastify from 'fastify';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CryptoError, IndexKey, parseKeyring } from './crypto.js';
import {
  PERSONAL_KINDS,
  PersonalValue,
  maskLogLine,
  maskPersonalDataInText,
  personalDataLogOptions,
  personalIndex,
  protect,
  redactPersonalData,
  reveal,
  rotatePersonal,
} from './personal-data.js';

const k1 = randomBytes(32).toString('base64');
const keyring = parseKeyring(`k1:${k1}`);
const indexKey = new IndexKey(randomBytes(32));

const ID = '110105194912310021';
const ID_MASKED = '1101**********0021';
const MOBILE = '13812345678';
const MOBILE_MASKED = '138****5678';

/** GB 11643-shaped numbers: region 1–8…, a real date, sequence, check digit or X. */
const idNumber = fc
  .tuple(
    fc.integer({ min: 110000, max: 829999 }),
    fc.date({ min: new Date('1900-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
    fc.integer({ min: 0, max: 999 }),
    fc.constantFrom(...'0123456789X'),
  )
  .map(([region, d, seq, check]) => `${region}${d.toISOString().slice(0, 10).replace(/-/g, '')}${String(seq).padStart(3, '0')}${check}`);
const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 })).map(([b, rest]) => `1${b}${String(rest).padStart(9, '0')}`);
/** Text without digits, so it cannot extend a number (between two numbers it is not empty). */
const around = (minLength: number) => fc.string({ unit: fc.constantFrom(...'申请人电话：，。 abcXYZ\n\t"=:'.split('')), minLength, maxLength: 12 });

describe('protect / reveal', () => {
  it('round-trips every kind, and the index equals the look-up index', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PERSONAL_KINDS), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }), (kind, raw) => {
        const value = new PersonalValue(kind, raw);
        const stored = protect(keyring, indexKey, kind, raw);
        expect(reveal(keyring, kind, stored.cipher)).toBe(value.reveal());
        expect(stored.index).toBe(personalIndex(indexKey, kind, raw));
        expect(stored.index).toBe(personalIndex(indexKey, kind, value));
      }),
    );
  });

  it('normalises before indexing, so differently written equal values are found', () => {
    const same = (kind: 'idNumber' | 'phone' | 'name' | 'email', a: string, b: string) =>
      expect(protect(keyring, indexKey, kind, a).index, `${a} ~ ${b}`).toBe(personalIndex(indexKey, kind, b));
    same('idNumber', '11010519491231002x', '11010519491231002X');
    same('idNumber', '１１０１０５１９４９１２３１００２１', ID); // full-width digits
    same('phone', '+86 138-1234-5678', MOBILE);
    same('phone', '0086 13812345678', MOBILE);
    same('phone', '(138) 1234 5678', MOBILE);
    same('name', ' 买买提•艾力 ', '买买提·艾力');
    same('email', 'Zhang.San@Example.CN ', 'zhang.san@example.cn');
    expect(reveal(keyring, 'idNumber', protect(keyring, indexKey, 'idNumber', '11010519491231002x').cipher)).toBe('11010519491231002X');
    expect(personalIndex(indexKey, 'phone', MOBILE)).not.toBe(personalIndex(indexKey, 'phone', '13812345679'));
  });

  it('binds a cipher to its kind: a phone cipher cannot be revealed as an ID number', () => {
    const { cipher } = protect(keyring, indexKey, 'phone', MOBILE);
    expect(() => reveal(keyring, 'idNumber', cipher)).toThrow(CryptoError);
    expect(() => reveal(keyring, 'name', cipher)).toThrow(/integrity/);
    expect(() => protect(keyring, indexKey, 'idNumber', new PersonalValue('phone', MOBILE))).toThrow(TypeError);
  });

  it('rotates a stored cipher without changing its index', () => {
    const stored = protect(keyring, indexKey, 'idNumber', ID);
    const next = parseKeyring(`k2:${randomBytes(32).toString('base64')},k1:${k1}`);
    const rotated = rotatePersonal(next, 'idNumber', stored.cipher);
    expect(next.keyIdOf(rotated)).toBe('k2');
    expect(PersonalValue.fromCipher(next, 'idNumber', rotated).reveal()).toBe(ID);
    expect(protect(next, indexKey, 'idNumber', ID).index).toBe(stored.index);
  });

  it('PersonalValue prints masked everywhere and reveals only on request', () => {
    const id = new PersonalValue('idNumber', ID);
    const name = new PersonalValue('name', '张三丰');
    const shown = [String(id), `${id}`, JSON.stringify({ id, name }), inspect({ id, name }), id.masked, Object.keys(id).join()].join(' | ');
    expect(shown).not.toContain(ID);
    expect(shown).not.toContain('三丰');
    expect(shown).toContain(ID_MASKED);
    expect(shown).toContain('张**');
    expect(id.reveal()).toBe(ID);
    expect(id.equals(new PersonalValue('idNumber', ID))).toBe(true);
    expect(id.equals(new PersonalValue('phone', ID))).toBe(false);
    expect(new PersonalValue('email', 'zhang@example.cn').masked).toBe('z***@example.cn');
    expect(new PersonalValue('address', '北京市东城区东华门街道1号').masked).toBe('北京市东城区*******');
    expect(PersonalValue.fromCipher(keyring, 'name', name.protect(keyring, indexKey).cipher).reveal()).toBe('张三丰');
  });
});

describe('masking ID and mobile numbers in text', () => {
  it.each([
    [`申请人${ID}提交`, `申请人${ID_MASKED}提交`],
    ['身份证号:11010519491231002x;', '身份证号:1101**********002x;'],
    [`电话：${MOBILE}。`, `电话：${MOBILE_MASKED}。`],
    ['tel13812345678', 'tel138****5678'],
    ['\\n13812345678\\n', '\\n138****5678\\n'],
    ['+86 138 1234 5678', '+86 138****5678'],
    ['+86-138-1234-5678', '+86-138****5678'],
    ['008613812345678', '0086138****5678'],
    [`${ID},${MOBILE} ${ID}`, `${ID_MASKED},${MOBILE_MASKED} ${ID_MASKED}`],
  ])('%j → %j', (text, masked) => expect(maskPersonalDataInText(text)).toBe(masked));

  it.each([
    ['order 202401011234567890123 at 1795847601449'], // long numbers and ms timestamps
    ['12345678901 and 10012345678'], // not mobile prefixes
    ['USCC 91350100M000100Y43, region 110105, 2024-01-01'],
    ['110105194913310021 has month 13; 110105194912320021 day 32; 910105194912310021 region 9'],
    ['0192b0c4-7a3e-7cc1-9b0e-2a6f1c9d4e55'],
    ['没有号码的中文说明'],
  ])('leaves %j alone', (text) => expect(maskPersonalDataInText(text)).toBe(text));

  it('finds every embedded ID or mobile number and changes nothing else', () => {
    fc.assert(
      fc.property(around(0), fc.oneof(idNumber, mobile), around(1), fc.oneof(idNumber, mobile), around(0), (a, x, b, y, c) => {
        const masked = maskPersonalDataInText(a + x + b + y + c);
        expect(masked).not.toContain(x);
        expect(masked).not.toContain(y);
        const mask = (v: string) => (v.length === 18 ? `${v.slice(0, 4)}${'*'.repeat(10)}${v.slice(14)}` : `${v.slice(0, 3)}****${v.slice(7)}`);
        expect(masked).toBe(a + mask(x) + b + mask(y) + c);
      }),
    );
  });

  it('never changes text without digits', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }).filter((s) => !/\d/.test(s)), (s) => {
        expect(maskPersonalDataInText(s)).toBe(s);
      }),
    );
  });
});

describe('redactPersonalData (serializer)', () => {
  it('masks by key, by type and by content, deeply, without touching the input', () => {
    const input = {
      user: { idNumber: 'abc', realName: '张三丰', phone: 13812345678, note: `联系 ${MOBILE}`, mobile: null },
      applicant: new PersonalValue('idNumber', ID),
      password: 'hunter2',
      list: [{ Mobile: MOBILE }, `x${ID}`],
      count: 5,
      big: 13912345678,
      when: new Date(0),
    };
    const before = JSON.stringify(input);
    const out = redactPersonalData(input) as typeof input & Record<string, unknown>;
    expect(JSON.stringify(input)).toBe(before);
    expect(out).toEqual({
      user: { idNumber: '***', realName: '张**', phone: MOBILE_MASKED, note: `联系 ${MOBILE_MASKED}`, mobile: null },
      applicant: ID_MASKED,
      password: '[REDACTED]',
      list: [{ Mobile: MOBILE_MASKED }, `x${ID_MASKED}`],
      count: 5,
      big: '139****5678',
      when: new Date(0),
    });
  });

  it('handles errors and cycles', () => {
    const err = new Error(`bad id ${ID}`);
    const cyclic: Record<string, unknown> = { phone: MOBILE };
    cyclic.self = cyclic;
    const out = redactPersonalData({ err, cyclic }) as { err: { type: string; message: string; stack: string }; cyclic: Record<string, unknown> };
    expect(out.err.type).toBe('Error');
    expect(out.err.message).toBe(`bad id ${ID_MASKED}`);
    expect(out.err.stack).not.toContain(ID);
    expect(out.cyclic).toEqual({ phone: MOBILE_MASKED, self: '[Circular]' });
  });
});

describe('pino log lines (through Fastify)', () => {
  async function logged(run: (app: ReturnType<typeof Fastify>) => Promise<void> | void): Promise<string> {
    const lines: string[] = [];
    const app = Fastify({
      logger: { level: 'info', stream: { write: (line: string) => void lines.push(line) }, ...personalDataLogOptions(['req.headers.authorization']) },
    });
    app.get('/people', async () => ({ ok: true }));
    await app.ready();
    await run(app);
    await app.close();
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    return lines.join('');
  }

  it('masks numbers in messages, bindings, errors, URLs and known keys; lines stay JSON', async () => {
    const out = await logged(async (app) => {
      app.log.info(
        { user: { idNumber: ID, realName: '张三丰' }, applicant: new PersonalValue('phone', MOBILE), count: 13912345678, phone: MOBILE },
        `申请人 ${ID} 电话 ${MOBILE}`,
      );
      app.log.child({ mobile: '13712345678' }).warn('child binding');
      app.log.error({ err: new Error(`lookup failed for ${ID}`) }, 'failure');
      await app.inject({ url: `/people?idNumber=${ID}&phone=${MOBILE}`, headers: { authorization: 'Bearer secret-token' } });
    });
    for (const raw of [ID, MOBILE, '13912345678', '13712345678', '张三丰']) expect(out).not.toContain(raw);
    expect(out).toContain(`申请人 ${ID_MASKED} 电话 ${MOBILE_MASKED}`);
    expect(out).toContain('"realName":"张**"');
    expect(out).toContain('"count":"139****5678"');
    expect(out).toContain('137****5678');
    expect(out).toContain(`lookup failed for ${ID_MASKED}`);
    expect(out).toContain(`/people?idNumber=${ID_MASKED}&phone=${MOBILE_MASKED}`);
    expect(out).not.toContain('secret-token');
  });

  it('passes lines without personal data through unchanged', () => {
    const line = '{"level":30,"time":1795847601449,"pid":1,"msg":"ok 12345"}\n';
    expect(maskLogLine(line)).toBe(line);
  });
});
