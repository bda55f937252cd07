import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EXERCISE_LEVELS, ITEM_TYPES } from './codes.js';
import {
  USCC_ALPHABET,
  checkBasicCode,
  checkImplementationCode,
  checkMaterialCode,
  idCardCheckChar,
  isRegionCodeShape,
  isValidIdCardNumber,
  isValidUscc,
  regionAncestors,
  splitImplementationCode,
  usccCheckChar,
} from './validators.js';

const ITEM_TYPE_CODES = Object.keys(ITEM_TYPES);
const LEVEL_CODES = Object.keys(EXERCISE_LEVELS);
const DIGITS = '0123456789';

/** Replaces the character at `i`. */
const put = (s: string, i: number, c: string) => s.slice(0, i) + c + s.slice(i + 1);
/** Swaps the characters at `i` and `i + 1`. */
const swap = (s: string, i: number) => s.slice(0, i) + s[i + 1]! + s[i]! + s.slice(i + 2);

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

const digit = fc.constantFrom(...DIGITS.split(''));
const usccChar = fc.constantFrom(...USCC_ALPHABET.split(''));
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((a) => a.join(''));
const usccChars = (n: number) => fc.array(usccChar, { minLength: n, maxLength: n }).map((a) => a.join(''));

/** First 17 characters of an ID number: region 6 + real birth date 8 + sequence 3. */
const idFirst17 = fc
  .tuple(
    digits(6),
    fc.date({ min: new Date('1800-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
    digits(3),
  )
  .map(([region, d, seq]) => `${region}${d.toISOString().slice(0, 10).replace(/-/g, '')}${seq}`);

/** First 17 characters of a USCC: authority 1 + category 1 + region 6 digits + subject 9. */
const usccFirst17 = fc
  .tuple(usccChars(2), digits(6), usccChars(9))
  .map(([head, region, subject]) => `${head}${region}${subject}`);

const validId = idFirst17.map((f) => f + idCardCheckChar(f));
const validUscc = usccFirst17.map((f) => f + usccCheckChar(f));

/** Characters allowed at position `i` by the structure of each code. */
const idAllowed = (i: number) => (i < 17 ? DIGITS : `${DIGITS}X`);
const usccAllowed = (i: number) => (i >= 2 && i <= 7 ? DIGITS : USCC_ALPHABET);

// ---------------------------------------------------------------------------------------------
// GB 11643 居民身份证号码
// ---------------------------------------------------------------------------------------------

describe('GB 11643 ID card number', () => {
  it('accepts the example of the standard (11010519491231002X)', () => {
    // Σ aᵢwᵢ for 11010519491231002 = 167; 167 mod 11 = 2 → "10X98765432"[2] = X
    expect(idCardCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdCardNumber('11010519491231002X')).toBe(true);
  });

  it('accepts other hand-computed numbers', () => {
    // 44030419900101001: Σ = 4·7+4·9+0·10+3·5+0·8+4·4+1·2+9·1+9·6+0·3+0·7+1·9+0·10+1·5+0·8+0·4+1·2 = 176,
    // 176 mod 11 = 0 → check 1
    expect(idCardCheckChar('44030419900101001')).toBe('1');
    expect(isValidIdCardNumber('440304199001010011')).toBe(true);
    // leap day 2000-02-29 is a real date
    const f = '11010520000229123';
    expect(isValidIdCardNumber(f + idCardCheckChar(f))).toBe(true);
  });

  it('rejects a wrong check character', () => {
    expect(isValidIdCardNumber('110105194912310021')).toBe(false);
    expect(isValidIdCardNumber('440304199001010012')).toBe(false);
    expect(isValidIdCardNumber('44030419900101001X')).toBe(false);
  });

  it('rejects impossible dates even when the check character is right', () => {
    for (const date of ['19990230', '19990229', '20230431', '19991301', '19990001', '19990100', '17991231']) {
      const f = `110105${date}123`;
      expect(isValidIdCardNumber(f + idCardCheckChar(f)), date).toBe(false);
    }
  });

  it('rejects lower case x, wrong length and non-digits', () => {
    expect(isValidIdCardNumber('11010519491231002x')).toBe(false);
    expect(isValidIdCardNumber('11010519491231002')).toBe(false);
    expect(isValidIdCardNumber('11010519491231002XX')).toBe(false);
    expect(isValidIdCardNumber('110105194912310')).toBe(false);
    expect(isValidIdCardNumber('')).toBe(false);
    const f = '1101051949123100A';
    expect(isValidIdCardNumber(`${f}X`)).toBe(false);
    expect(isValidIdCardNumber(' 11010519491231002X')).toBe(false);
  });

  it('property: 17 digits with a real date + computed check char validate', () => {
    fc.assert(fc.property(validId, (id) => isValidIdCardNumber(id)));
  });

  it('property: any single substitution is detected', () => {
    fc.assert(
      fc.property(validId, fc.nat(17), fc.nat(10), (id, i, k) => {
        const allowed = idAllowed(i).replace(id[i]!, '');
        const changed = put(id, i, allowed[k % allowed.length]!);
        expect(isValidIdCardNumber(changed)).toBe(false);
      }),
    );
  });

  it('property: any transposition of two adjacent different characters is detected', () => {
    // weights wᵢ = 2^(17-i) mod 11 and the check weight is 1: wᵢ − wᵢ₊₁ ≠ 0 (mod 11) for every
    // neighbouring pair, and digits differ by less than 11, so (a − b)(wᵢ − wᵢ₊₁) ≢ 0 (mod 11).
    fc.assert(
      fc.property(validId, fc.nat(16), (id, i) => {
        fc.pre(id[i] !== id[i + 1]);
        expect(isValidIdCardNumber(swap(id, i))).toBe(false);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// GB 32100 统一社会信用代码
// ---------------------------------------------------------------------------------------------

describe('GB 32100 unified social credit code', () => {
  it('accepts the widely published example 91350100M000100Y43', () => {
    // values 9 1 3 5 0 1 0 0 M=21 0 0 0 1 0 0 Y=30 4; Σ vᵢwᵢ = 1640; 1640 mod 31 = 28; 31 − 28 = 3
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
  });

  it('accepts the organisation code of the DOMAIN.md implementation-code example', () => {
    // 11450721MB1558081: Σ vᵢwᵢ = 1735 (M=21, B=11); 1735 mod 31 = 30; 31 − 30 = 1 → valid
    expect(usccCheckChar('11450721MB1558081')).toBe('1');
    expect(isValidUscc('11450721MB15580811')).toBe(true);
  });

  it('computes check 0 when the weighted sum is a multiple of 31', () => {
    expect(usccCheckChar('00000000000000000')).toBe('0');
    expect(isValidUscc('000000000000000000')).toBe(true);
  });

  it('rejects a wrong check character', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('91350100M000100Y4Y')).toBe(false);
    expect(isValidUscc('11450721MB15580812')).toBe(false);
  });

  it('rejects the letters I, O, Z, S, V whatever the check character', () => {
    for (const letter of 'IOZSV') {
      for (const pos of [0, 1, 8, 12, 16]) {
        const first17 = put('91350100M000100Y4', pos, letter);
        for (const check of USCC_ALPHABET + letter) {
          expect(isValidUscc(first17 + check), `${first17}${check}`).toBe(false);
        }
      }
      // as check character
      expect(isValidUscc(`91350100M000100Y4${letter}`)).toBe(false);
    }
    expect(() => usccCheckChar('91350100I000100Y4')).toThrow(RangeError);
  });

  it('rejects letters in the 6-digit region part even with a matching check character', () => {
    const first17 = '9135A100M000100Y4';
    expect(isValidUscc(first17 + usccCheckChar(first17))).toBe(false);
  });

  it('rejects lower case and wrong lengths', () => {
    expect(isValidUscc('91350100m000100y43')).toBe(false);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M000100Y433')).toBe(false);
    expect(isValidUscc('')).toBe(false);
  });

  it('property: 17 structured characters + computed check char validate', () => {
    fc.assert(fc.property(validUscc, (code) => isValidUscc(code)));
  });

  it('property: any single substitution is detected', () => {
    // weights are 3^i mod 31 (never 0) and the check has weight 1; 31 is prime and values differ by < 31
    fc.assert(
      fc.property(validUscc, fc.nat(17), fc.nat(30), (code, i, k) => {
        const allowed = usccAllowed(i).replace(code[i]!, '');
        const changed = put(code, i, allowed[k % allowed.length]!);
        expect(isValidUscc(changed)).toBe(false);
      }),
    );
  });

  it('property: any transposition of two adjacent different characters is detected', () => {
    // Swapping a ≠ b at i, i+1 changes the sum by (a − b)(wᵢ₊₁ − wᵢ). Inside the first 17,
    // wᵢ₊₁ = 3wᵢ so the factor is 2wᵢ ≢ 0 (mod 31); between position 16 (w = 28) and the check
    // (weight 1) it is 1 − 28 = −27 ≢ 0. 31 is prime, so every such swap is detected; swaps that
    // move a letter into the digit-only region part are rejected by the structure check instead.
    fc.assert(
      fc.property(validUscc, fc.nat(16), (code, i) => {
        fc.pre(code[i] !== code[i + 1]);
        expect(isValidUscc(swap(code, i))).toBe(false);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// GB/T 2260 region codes
// ---------------------------------------------------------------------------------------------

describe('region codes', () => {
  it('isRegionCodeShape accepts 6 digits with a non-zero province', () => {
    expect(isRegionCodeShape('330106')).toBe(true);
    expect(isRegionCodeShape('110000')).toBe(true);
    expect(isRegionCodeShape('030106')).toBe(false);
    expect(isRegionCodeShape('33010')).toBe(false);
    expect(isRegionCodeShape('3301061')).toBe(false);
    expect(isRegionCodeShape('33010a')).toBe(false);
    expect(isRegionCodeShape('')).toBe(false);
  });

  it('regionAncestors lists province then prefecture, never the code itself', () => {
    expect(regionAncestors('330106')).toEqual(['330000', '330100']);
    expect(regionAncestors('330100')).toEqual(['330000']);
    expect(regionAncestors('330000')).toEqual([]);
    expect(regionAncestors('110105')).toEqual(['110000', '110100']);
    // county-level unit directly under a province (省直辖县级行政区划)
    expect(regionAncestors('429004')).toEqual(['420000', '429000']);
    // prefecture digits 00: the code hangs directly under the province
    expect(regionAncestors('120005')).toEqual(['120000']);
  });

  it('property: ancestors are proper, ordered, and share the prefix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100000, max: 999999 }).map(String), (code) => {
        fc.pre(isRegionCodeShape(code));
        const a = regionAncestors(code);
        expect(a).not.toContain(code);
        expect(a.length).toBeLessThanOrEqual(2);
        const isProvince = code.endsWith('0000');
        const hasPrefecture = code.slice(2, 4) !== '00';
        const isPrefecture = !isProvince && code.endsWith('00');
        // the province unless the code is one; the prefecture only for a county-level code whose
        // prefecture digits are not 00 (xx00yy hangs directly under the province)
        const expected: string[] = [];
        if (!isProvince) expected.push(`${code.slice(0, 2)}0000`);
        if (hasPrefecture && !isPrefecture) expected.push(`${code.slice(0, 4)}00`);
        expect(a).toEqual(expected);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// GB/T 39046 service-item codes
// ---------------------------------------------------------------------------------------------

describe('basic code (基本编码)', () => {
  it('accepts national and local codes of known item types', () => {
    expect(checkBasicCode('000104002000', ITEM_TYPE_CODES)).toBeNull();
    expect(checkBasicCode('332012345001', ITEM_TYPE_CODES)).toBeNull();
  });

  it('rejects wrong shape', () => {
    for (const c of ['00010400200', '0001040020000', '00010400200A', '', ' 000104002000']) {
      expect(checkBasicCode(c, ITEM_TYPE_CODES), c).toEqual({ key: 'code.basic.shape' });
    }
  });

  it('rejects unknown item types', () => {
    for (const t of ['11', '19', '21', '99']) {
      expect(checkBasicCode(`00${t}04002000`, ITEM_TYPE_CODES), t).toEqual({ key: 'code.basic.itemType' });
    }
  });

  it('property: every known item type is accepted at positions 3–4', () => {
    fc.assert(
      fc.property(digits(2), fc.constantFrom(...ITEM_TYPE_CODES), digits(8), (region, type, rest) => {
        expect(checkBasicCode(`${region}${type}${rest}`, ITEM_TYPE_CODES)).toBeNull();
      }),
    );
  });
});

describe('implementation code (实施编码)', () => {
  // DOMAIN.md example: 11450721MB15580811 + 4 + 000104002000. Its USCC is valid (check char
  // computed above as "1"), so the example is used as is.
  const example = '11450721MB15580811' + '4' + '000104002000';

  it('accepts the DOMAIN.md example', () => {
    expect(example).toHaveLength(31);
    expect(checkImplementationCode(example, ITEM_TYPE_CODES, LEVEL_CODES)).toBeNull();
    expect(splitImplementationCode(example)).toEqual({
      uscc: '11450721MB15580811',
      level: '4',
      basicCode: '000104002000',
    });
  });

  it('rejects wrong length', () => {
    expect(checkImplementationCode(example.slice(0, 30), ITEM_TYPE_CODES, LEVEL_CODES)).toEqual({
      key: 'code.implementation.length',
    });
    expect(checkImplementationCode(`${example}0`, ITEM_TYPE_CODES, LEVEL_CODES)).toEqual({
      key: 'code.implementation.length',
    });
  });

  it('rejects an invalid organisation USCC', () => {
    const bad = put(example, 17, '2');
    expect(checkImplementationCode(bad, ITEM_TYPE_CODES, LEVEL_CODES)).toEqual({ key: 'code.implementation.uscc' });
  });

  it('rejects an unknown exercise level', () => {
    for (const l of ['0', '8', '9', 'A']) {
      expect(checkImplementationCode(put(example, 18, l), ITEM_TYPE_CODES, LEVEL_CODES), l).toEqual({
        key: 'code.implementation.level',
      });
    }
  });

  it('reports problems of the embedded basic code', () => {
    expect(checkImplementationCode(put(example, 21, '9'), ITEM_TYPE_CODES, LEVEL_CODES)).toEqual({
      key: 'code.basic.itemType',
    });
    expect(checkImplementationCode(put(example, 30, 'A'), ITEM_TYPE_CODES, LEVEL_CODES)).toEqual({
      key: 'code.basic.shape',
    });
  });

  it('property: valid USCC + known level + valid basic code is valid', () => {
    fc.assert(
      fc.property(
        validUscc,
        fc.constantFrom(...LEVEL_CODES),
        digits(2),
        fc.constantFrom(...ITEM_TYPE_CODES),
        digits(8),
        (uscc, level, region, type, rest) => {
          const code = `${uscc}${level}${region}${type}${rest}`;
          expect(checkImplementationCode(code, ITEM_TYPE_CODES, LEVEL_CODES)).toBeNull();
        },
      ),
    );
  });
});

describe('material code (材料编码)', () => {
  const impl = '11450721MB15580811' + '4' + '000104002000';

  it('accepts implementation code + 3-digit sequence', () => {
    expect(checkMaterialCode(`${impl}001`, impl)).toBeNull();
    expect(checkMaterialCode(`${impl}999`, impl)).toBeNull();
  });

  it('rejects a wrong sequence shape', () => {
    for (const seq of ['01', '0001', 'abc', '00a', '']) {
      expect(checkMaterialCode(`${impl}${seq}`, impl), seq).toEqual({ key: 'code.material.shape' });
    }
    expect(checkMaterialCode('001', impl)).toEqual({ key: 'code.material.shape' });
  });

  it("rejects a code of another item's implementation code", () => {
    const other = '11450721MB15580811' + '4' + '000104003000';
    expect(checkMaterialCode(`${other}001`, impl)).toEqual({ key: 'code.material.prefix' });
  });
});
