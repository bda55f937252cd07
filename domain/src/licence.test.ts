import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MOD37_36_ALPHABET,
  canonicalJson,
  checkLicenceIdentifier,
  isValidMod37_36,
  licenceDirectorySchema,
  licenceIdentifier,
  licenceIssueSchema,
  MATERIAL_TRUST_LEVELS,
  mod37_36CheckChar,
  parseLicenceIdentifier,
} from './licence.js';
import { usccCheckChar } from './validators.js';
import { organUscc } from './testing.js';

const EXAMPLE = '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0';
const ministry = (subject: string) => `11100000${subject}${usccCheckChar(`11100000${subject}`)}`;

describe('ISO 7064 MOD 37,36', () => {
  it('is the hybrid system: the check character makes the whole verify', () => {
    // worked by hand: "A" → S = (36 + 10) mod 36 = 10, P = 20; c = 37 − 20 = 17 → 'H'
    expect(mod37_36CheckChar('A')).toBe('H');
    expect(isValidMod37_36('AH')).toBe(true);
    expect(isValidMod37_36('AG')).toBe(false);
  });

  it('rejects characters outside 0-9A-Z', () => {
    expect(() => mod37_36CheckChar('a')).toThrow(RangeError);
    expect(() => mod37_36CheckChar('1.2')).toThrow(RangeError);
  });

  it('detects every single-character substitution (and nearly every adjacent transposition)', () => {
    const body = fc.string({ unit: fc.constantFrom(...MOD37_36_ALPHABET), minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(body, fc.nat(), fc.constantFrom(...MOD37_36_ALPHABET), (s, at, replacement) => {
        const full = s + mod37_36CheckChar(s);
        const i = at % full.length;
        fc.pre(full[i] !== replacement);
        const changed = full.slice(0, i) + replacement + full.slice(i + 1);
        expect(isValidMod37_36(changed)).toBe(false);
      }),
      { numRuns: 2000 },
    );
    // adjacent transpositions are caught at a high rate but not always (a hybrid system's known limit)
    let missed = 0;
    let total = 0;
    for (const a of MOD37_36_ALPHABET) {
      for (const b of MOD37_36_ALPHABET) {
        if (a === b) continue;
        total++;
        if (mod37_36CheckChar(`X${a}${b}Q`) === mod37_36CheckChar(`X${b}${a}Q`)) missed++;
      }
    }
    expect(missed / total).toBeLessThan(0.01);
  });
});

describe('licence identifier', () => {
  it("verifies DOMAIN.md's example (check over type ‖ issuer ‖ serial ‖ version, no dots)", () => {
    expect(checkLicenceIdentifier(EXAMPLE)).toBeNull();
    expect(parseLicenceIdentifier(EXAMPLE)).toEqual({
      typeCode: '11100000000013338W009',
      issuerUscc: '11330105002500287C',
      serial: '2025052201',
      version: 2,
      check: '0',
    });
    expect(licenceIdentifier({ typeCode: '11100000000013338W009', issuerUscc: '11330105002500287C', serial: '2025052201', version: 2 })).toBe(EXAMPLE);
  });

  it('names what is wrong', () => {
    expect(checkLicenceIdentifier('')?.key).toBe('licence.id.shape');
    expect(checkLicenceIdentifier(EXAMPLE.replace('.0', '.1').replace(/\.1$/, '.1'))).not.toBeNull();
    expect(checkLicenceIdentifier(EXAMPLE.slice(0, -1) + '1')?.key).toBe('licence.id.check');
    // the ministry's USCC with a wrong check character
    expect(checkLicenceIdentifier(EXAMPLE.replace('13338W009', '13338X009'))?.key).toBe('licence.id.typeCode');
    expect(checkLicenceIdentifier(EXAMPLE.replace('00287C', '00287D'))?.key).toBe('licence.id.issuer');
    expect(checkLicenceIdentifier(EXAMPLE.replace('.002.', '.000.'))?.key).toBe('licence.id.version');
    expect(checkLicenceIdentifier(`x${EXAMPLE}`)?.key).toBe('licence.id.shape');
    expect(parseLicenceIdentifier(EXAMPLE.slice(0, -1) + 'Z')).toBeNull();
    expect(() => licenceIdentifier({ typeCode: '11100000000013338W00', issuerUscc: '11330105002500287C', serial: '1', version: 1 })).toThrow(RangeError);
  });

  const parts = fc.record({
    typeCode: fc.tuple(fc.stringMatching(/^[0-9A-Z]{9}$/), fc.stringMatching(/^\d{3}$/)).map(([s, n]) => {
      const subject = s.replace(/[IOSVZ]/g, '0');
      return ministry(subject) + n;
    }),
    issuerUscc: fc.tuple(fc.stringMatching(/^33\d{4}$/), fc.stringMatching(/^\d{9}$/)).map(([r, s]) => organUscc(r, s)),
    serial: fc.stringMatching(/^[0-9A-Z]{1,20}$/),
    version: fc.integer({ min: 1, max: 999 }),
  });

  it('round-trips: any identifier built is valid and parses back to its parts', () => {
    fc.assert(
      fc.property(parts, (p) => {
        const id = licenceIdentifier(p);
        expect(checkLicenceIdentifier(id)).toBeNull();
        const { check: _check, ...back } = parseLicenceIdentifier(id)!;
        expect(back).toEqual(p);
      }),
    );
  });

  it('detects any single-character change of an identifier', () => {
    const chars = `${MOD37_36_ALPHABET}.`;
    fc.assert(
      fc.property(parts, fc.nat(), fc.constantFrom(...chars), (p, at, replacement) => {
        const id = licenceIdentifier(p);
        const i = at % id.length;
        fc.pre(id[i] !== replacement);
        const changed = id.slice(0, i) + replacement + id.slice(i + 1);
        expect(checkLicenceIdentifier(changed)).not.toBeNull();
      }),
      { numRuns: 3000 },
    );
  });
});

describe('directory fields', () => {
  const base = {
    name: '食品经营许可证',
    typeCode: '11100000000013338W011',
    number: 'JY13301060000001',
    holder: '杭州西湖奶茶店',
    holderCode: organUscc('330106', 'MA2H00001'),
    holderCodeType: '001',
    issuer: '杭州市西湖区市场监督管理局',
    issueDate: '2026-03-01',
    issuerCode: organUscc('330106', 'MB1D27406'),
    jurisdiction: '330106',
    validFrom: '2026-03-01',
    validTo: '2031-02-28',
    status: 'valid',
  };

  it('accepts a complete directory entry and checks the holder code against its type', () => {
    expect(licenceDirectorySchema.safeParse(base).success).toBe(true);
    expect(licenceDirectorySchema.safeParse({ ...base, holderCodeType: '111' }).success).toBe(false);
    expect(licenceDirectorySchema.safeParse({ ...base, holderCodeType: '111', holderCode: '11010519491231002x' }).data?.holderCode).toBe('11010519491231002X');
    expect(licenceDirectorySchema.safeParse({ ...base, validTo: null }).success).toBe(true);
    expect(licenceDirectorySchema.safeParse({ ...base, validTo: '2020-01-01' }).success).toBe(false);
    expect(licenceDirectorySchema.safeParse({ ...base, status: 'lost' }).success).toBe(false);
    expect(licenceDirectorySchema.safeParse({ ...base, typeCode: '11100000000013338W01' }).success).toBe(false);
  });

  it('issue input: defaults', () => {
    const r = licenceIssueSchema.parse({ organisationId: '0190f5b2-0000-7000-8000-000000000000', typeCode: base.typeCode, holder: base.holder, holderCode: base.holderCode, holderCodeType: '001' });
    expect(r.data).toEqual({});
    expect(r.version).toBe(1);
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x', null], c: true }, u: undefined })).toBe('{"a":{"c":true,"d":[1,"x",null]},"b":1}');
  });
  it('does not depend on key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.integer(), fc.boolean())), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(obj);
      }),
    );
  });
});

it('has four material trust levels A–D', () => {
  expect(Object.keys(MATERIAL_TRUST_LEVELS)).toEqual(['A', 'B', 'C', 'D']);
});
