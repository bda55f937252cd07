/**
 * Check-digit validators of the national identifier standards (DOMAIN.md §2, §1).
 * Pure functions: no I/O; region-code existence is checked by the server against GB/T 2260 data.
 */

// GB 11643-1999 居民身份证号码
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

export function idCardCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

function isRealDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1800 || m < 1 || m > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function isValidIdCardNumber(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  if (!isRealDate(value.slice(6, 14))) return false;
  return idCardCheckChar(value.slice(0, 17)) === value[17];
}

// GB 32100-2015 统一社会信用代码
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]!);
    if (v < 0) throw new RangeError(`invalid USCC character ${first17[i]}`);
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export function isValidUscc(value: string): boolean {
  if (!USCC_PATTERN.test(value)) return false;
  return usccCheckChar(value.slice(0, 17)) === value[17];
}

// GB/T 2260 行政区划代码: structure only (6 digits, non-zero province); existence checked with data.
export function isRegionCodeShape(value: string): boolean {
  return /^[1-9]\d{5}$/.test(value);
}

/** Parent codes of a 6-digit region code: province (xx0000), prefecture (xxxx00). */
export function regionAncestors(code: string): string[] {
  const out: string[] = [];
  const province = `${code.slice(0, 2)}0000`;
  const city = `${code.slice(0, 4)}00`;
  if (province !== code) out.push(province);
  if (city !== code && city !== province) out.push(city);
  return out;
}

// GB/T 39046-2020 service-item codes (DOMAIN.md §1)
export interface CodeProblem {
  /** message key, translated by the caller */
  key: string;
}

/** 基本编码: region 2 (00 = national) + item type 2 + main item 5 + sub-item 3. */
export function checkBasicCode(code: string, itemTypes: readonly string[]): CodeProblem | null {
  if (!/^\d{12}$/.test(code)) return { key: 'code.basic.shape' };
  if (!itemTypes.includes(code.slice(2, 4))) return { key: 'code.basic.itemType' };
  return null;
}

/** 实施编码: implementing organisation USCC 18 + exercise level 1 + basic code 12. */
export function checkImplementationCode(
  code: string,
  itemTypes: readonly string[],
  levels: readonly string[],
): CodeProblem | null {
  if (code.length !== 31) return { key: 'code.implementation.length' };
  if (!isValidUscc(code.slice(0, 18))) return { key: 'code.implementation.uscc' };
  if (!levels.includes(code[18]!)) return { key: 'code.implementation.level' };
  return checkBasicCode(code.slice(19), itemTypes);
}

export function splitImplementationCode(code: string): { uscc: string; level: string; basicCode: string } {
  return { uscc: code.slice(0, 18), level: code.slice(18, 19), basicCode: code.slice(19) };
}

/** 材料编码: implementation code 31 + sequence 3. */
export function checkMaterialCode(code: string, implementationCode: string): CodeProblem | null {
  if (!/^\d{3}$/.test(code.slice(31)) || code.length !== 34) return { key: 'code.material.shape' };
  if (!code.startsWith(implementationCode)) return { key: 'code.material.prefix' };
  return null;
}
