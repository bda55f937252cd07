/**
 * Identity contracts: ID-number consistency (GB 11643 check digit, birth date, address code),
 * normalisation of what people type, password rule, region scope of roles, acr mapping.
 * Property tests with fast-check.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  acrForLevel,
  checkIdNumber,
  idCardFacts,
  idNumberSchema,
  levelForAcr,
  mobileSchema,
  passwordSchema,
  personNameSchema,
  regionCovers,
  enterpriseUsccSchema,
} from './identity.js';
import { idCardCheckChar, usccCheckChar, USCC_ALPHABET } from './validators.js';

const TODAY = new Date('2026-11-28T00:00:00Z');
const digits = (n: number) => fc.array(fc.constantFrom(...'0123456789'.split('')), { minLength: n, maxLength: n }).map((a) => a.join(''));
const region = fc.tuple(fc.integer({ min: 11, max: 82 }), digits(4)).map(([p, rest]) => `${p}${rest}`);
const birth = (min: string, max: string) =>
  fc.date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10).replace(/-/g, ''));
const idOf = (r: string, b: string, seq: string) => {
  const first17 = `${r}${b}${seq}`;
  return first17 + idCardCheckChar(first17);
};
const plausibleId = fc.tuple(region, birth('1880-01-01', '2026-11-27'), digits(3)).map(([r, b, s]) => idOf(r, b, s));

describe('ID numbers (GB 11643) beyond the check digit', () => {
  it('accepts every ID number with a valid check digit, a past birth date within 150 years and a region-shaped address code', () => {
    fc.assert(fc.property(plausibleId, (id) => {
      expect(checkIdNumber(id, TODAY)).toBeNull();
    }));
  });

  it('refuses a birth date in the future or more than 150 years back', () => {
    fc.assert(fc.property(region, birth('2026-11-29', '2099-12-31'), digits(3), (r, b, s) => {
      expect(checkIdNumber(idOf(r, b, s), TODAY)).toEqual({ key: 'idNumber.birthDate' });
    }));
    fc.assert(fc.property(region, birth('1800-01-01', '1876-11-27'), digits(3), (r, b, s) => {
      expect(checkIdNumber(idOf(r, b, s), TODAY)).toEqual({ key: 'idNumber.birthDate' });
    }));
  });

  it('refuses an address code starting with 0 even with a correct check digit', () => {
    fc.assert(fc.property(digits(5), birth('1950-01-01', '2000-01-01'), digits(3), (r, b, s) => {
      expect(checkIdNumber(idOf(`0${r}`, b, s), TODAY)).toEqual({ key: 'idNumber.region' });
    }));
  });

  it('names the check digit when only it is wrong, and the shape when the length is', () => {
    fc.assert(
      fc.property(plausibleId, fc.constantFrom(...'0123456789X'.split('')), (id, c) => {
        fc.pre(c !== id[17]);
        expect(checkIdNumber(id.slice(0, 17) + c, TODAY)).toEqual({ key: 'idNumber.checksum' });
      }),
    );
    expect(checkIdNumber('11010519491231002', TODAY)).toEqual({ key: 'idNumber.shape' });
  });

  it('reads region, birth date and sex (odd sequence = male) from the number', () => {
    fc.assert(
      fc.property(region, birth('1950-01-01', '2020-12-31'), digits(3), (r, b, s) => {
        const facts = idCardFacts(idOf(r, b, s));
        expect(facts.regionCode).toBe(r);
        expect(facts.birthDate.replace(/-/g, '')).toBe(b);
        expect(facts.sex).toBe(Number(s[2]) % 2 === 1 ? 'male' : 'female');
      }),
    );
  });

  it('normalises what people type: lower-case x, full-width digits, spaces', () => {
    fc.assert(
      fc.property(plausibleId, (id) => {
        const fullWidth = Array.from(id.toLowerCase()).map((c) => (/\d/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');
        const spaced = `${fullWidth.slice(0, 6)} ${fullWidth.slice(6, 14)} ${fullWidth.slice(14)}`;
        const parsed = idNumberSchema.safeParse(spaced);
        // ages computed from "now" may exclude the youngest generated birthdays; the form is what matters
        if (parsed.success) expect(parsed.data).toBe(id);
        else expect(parsed.error.issues[0]!.message).toBe('idNumber.birthDate');
      }),
    );
  });
});

describe('what people type', () => {
  it('reads a mainland mobile number with +86, spaces and dashes as 11 digits', () => {
    fc.assert(
      fc.property(fc.constantFrom('3', '4', '5', '6', '7', '8', '9'), digits(9), fc.constantFrom('', '+86', '0086', '+86 '), (second, rest, prefix) => {
        const plain = `1${second}${rest}`;
        const typed = `${prefix}${plain.slice(0, 3)}-${plain.slice(3, 7)} ${plain.slice(7)}`;
        expect(mobileSchema.parse(typed)).toBe(plain);
      }),
    );
    for (const bad of ['12012345678', '1381234567', '138123456789', '021-12345678']) expect(mobileSchema.safeParse(bad).success).toBe(false);
  });

  it('accepts names as on ID cards (Han with ·, or Latin) and nothing else', () => {
    for (const ok of ['王小明', '李华', '买买提·艾力', '迪丽热巴•迪力木拉提', 'John Smith']) expect(personNameSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['王', '王小明1', '<script>', '  ', 'a']) expect(personNameSchema.safeParse(bad).success, bad).toBe(false);
    expect(personNameSchema.parse('迪丽热巴•迪力木拉提')).toBe('迪丽热巴·迪力木拉提');
  });

  it('requires passwords of 8–64 characters with three kinds of character', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 64 }), (p) => {
        const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(p)).length;
        expect(passwordSchema.safeParse(p).success).toBe(kinds >= 3);
      }),
    );
    expect(passwordSchema.safeParse('Ab1!').success).toBe(false);
  });

  it('normalises a typed credit code to upper case and checks GB 32100', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...USCC_ALPHABET.split('')), { minLength: 17, maxLength: 17 }), (chars) => {
        const first17 = `91${'330106'}${chars.slice(8).join('')}`;
        const code = first17 + usccCheckChar(first17);
        expect(enterpriseUsccSchema.parse(` ${code.toLowerCase()} `)).toBe(code);
      }),
    );
  });
});

describe('region scope of roles (GB/T 2260 prefixes)', () => {
  it('a province covers its cities and counties, a city its counties, a county itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 11, max: 65 }), fc.integer({ min: 1, max: 90 }), fc.integer({ min: 1, max: 99 }), (p, c, d) => {
        const province = `${p}0000`;
        const city = `${p}${String(c).padStart(2, '0')}00`;
        const county = `${p}${String(c).padStart(2, '0')}${String(d).padStart(2, '0')}`;
        expect(regionCovers(province, city) && regionCovers(province, county) && regionCovers(city, county) && regionCovers(county, county)).toBe(true);
        expect(regionCovers(county, city) || regionCovers(city, province) || regionCovers(county, province)).toBe(false);
      }),
    );
    expect(regionCovers('330100', '330206')).toBe(false);
    expect(regionCovers('330000', '320106')).toBe(false);
  });
});

describe('assurance levels as acr', () => {
  it('maps a level to acr and back, with any prefix', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 5 }), fc.constantFrom('urn:onewindow:loa:', 'https://id.example.gov.cn/loa/'), (level, prefix) => {
      expect(levelForAcr(acrForLevel(level, prefix), prefix)).toBe(level);
    }));
    expect(levelForAcr('urn:other:3')).toBeUndefined();
  });
});
