/**
 * Personal data as a type of its own (ARCHITECTURE.md, conventions): a service keeps a value as
 * `{ cipher, index }` — SM4 + HMAC-SM3 ciphertext bound to its kind, plus a blind index for exact
 * look-up — holds it in memory as a `PersonalValue` that prints masked, and logs through
 * `personalDataLogOptions()`, which masks ID and mobile numbers wherever they appear.
 */
import { inspect } from 'node:util';
import { blindIndex, maskIdNumber, maskName, maskPhone, type IndexKey, type Keyring } from './crypto.js';

export const PERSONAL_KINDS = ['idNumber', 'phone', 'name', 'email', 'address'] as const;
export type PersonalKind = (typeof PERSONAL_KINDS)[number];

/** What a service stores for one value: two text columns. */
export interface ProtectedValue {
  cipher: string;
  index: string;
}

const collapse = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ');

/**
 * Canonical form, so that the index of `11010519491231002x` equals that of `11010519491231002X`
 * and `+86 138-1234-5678` that of `13812345678`. NFKC folds full-width digits and letters.
 * Normalisation is not validation: check values at the edge (domain/validators).
 */
const NORMALIZE: Record<PersonalKind, (value: string) => string> = {
  idNumber: (v) => v.normalize('NFKC').replace(/\s+/g, '').toUpperCase(),
  phone: (v) => {
    const digits = v.normalize('NFKC').replace(/[\s()-]/g, '');
    const mobile = /^(?:\+?86|0086)(1\d{10})$/.exec(digits);
    return mobile ? mobile[1]! : digits;
  },
  name: (v) => collapse(v).replace(/[•・‧]/g, '·'),
  email: (v) => collapse(v).toLowerCase(),
  address: collapse,
};

const MASK: Record<PersonalKind, (value: string) => string> = {
  idNumber: (v) => maskIdNumber(v),
  phone: (v) => maskPhone(v),
  name: maskName,
  // z***@example.com: the domain stays (it is rarely personal), the local part keeps one character
  email: (v) => {
    const at = v.lastIndexOf('@');
    return at < 1 ? '*'.repeat(Array.from(v).length) : `${Array.from(v)[0]}***${v.slice(at)}`;
  },
  // keeps the first 6 characters (usually province and city), hides the rest
  address: (v) => {
    const chars = Array.from(v);
    return chars.length <= 6 ? '*'.repeat(chars.length) : chars.slice(0, 6).join('') + '*'.repeat(chars.length - 6);
  },
};

export function normalizePersonal(kind: PersonalKind, value: string): string {
  return NORMALIZE[kind](value);
}

export function maskPersonal(kind: PersonalKind, value: string): string {
  return MASK[kind](value);
}

/** The authenticated context of a kind's ciphertexts: a phone cipher cannot be revealed as a name. */
const context = (kind: PersonalKind) => `pd:${kind}`;

/** The blind index to look a value up by (normalised first, like `protect`). */
export function personalIndex(indexKey: IndexKey, kind: PersonalKind, value: string | PersonalValue): string {
  return blindIndex(indexKey, kind, plain(kind, value));
}

/** Encrypts (under the key ring's current key) and indexes a normalised value. */
export function protect(keyring: Keyring, indexKey: IndexKey, kind: PersonalKind, value: string | PersonalValue): ProtectedValue {
  const normalized = plain(kind, value);
  return { cipher: keyring.encrypt(normalized, context(kind)), index: blindIndex(indexKey, kind, normalized) };
}

/**
 * Decrypts a stored cipher of the given kind (throws CryptoError if it is of another kind, was
 * tampered with, or names an unknown key). The kind is required because it is authenticated.
 */
export function reveal(keyring: Keyring, kind: PersonalKind, cipher: string): string {
  return keyring.decrypt(cipher, context(kind));
}

/** Re-encrypts a stored cipher under the current key (the index does not change). */
export function rotatePersonal(keyring: Keyring, kind: PersonalKind, cipher: string): string {
  return keyring.rotate(cipher, context(kind));
}

function plain(kind: PersonalKind, value: string | PersonalValue): string {
  if (value instanceof PersonalValue) {
    if (value.kind !== kind) throw new TypeError(`a ${value.kind} value was given where a ${kind} is expected`);
    return value.reveal();
  }
  return normalizePersonal(kind, value);
}

/**
 * A personal value in memory. Everything that might print it — `String()`, template literals,
 * `JSON.stringify`, `console.log`/`util.inspect`, pino — sees the mask; `reveal()` is the one way
 * to the plaintext, so reading it is explicit at the call site.
 */
export class PersonalValue<K extends PersonalKind = PersonalKind> {
  readonly #value: string;

  constructor(
    readonly kind: K,
    value: string,
  ) {
    this.#value = normalizePersonal(kind, value);
  }

  static fromCipher<K extends PersonalKind>(keyring: Keyring, kind: K, cipher: string): PersonalValue<K> {
    return new PersonalValue(kind, reveal(keyring, kind, cipher));
  }

  reveal(): string {
    return this.#value;
  }

  get masked(): string {
    return maskPersonal(this.kind, this.#value);
  }

  equals(other: PersonalValue): boolean {
    return other.kind === this.kind && other.reveal() === this.#value;
  }

  protect(keyring: Keyring, indexKey: IndexKey): ProtectedValue {
    return protect(keyring, indexKey, this.kind, this);
  }

  toString(): string {
    return this.masked;
  }

  toJSON(): string {
    return this.masked;
  }

  [inspect.custom](): string {
    return `PersonalValue<${this.kind}> ${this.masked}`;
  }
}

// ---- logs -------------------------------------------------------------------------------------

/**
 * ID numbers (GB 11643 shape: region whose first digit is 1–8, a birth date in 1800–2099, sequence,
 * check digit or X; the checksum is NOT required — a mistyped ID number is personal data too) and
 * mainland mobile numbers (1[3-9] + 9 digits, optionally +86/0086/86 and separated 3-4-4 by spaces
 * or hyphens). A match must not touch another digit, so longer numbers (timestamps in ms, order
 * numbers) are left alone; letters may touch it, so that `tel13812345678` and `\n13812345678` inside
 * JSON are caught — at the cost of masking, rarely, a digit run inside a hex hash or UUID.
 * Not recognised: 15-digit first-generation ID numbers, full-width digits, names, addresses (mask
 * those by key: PERSONAL_DATA_LOG_KEYS).
 */
const ID_NUMBER = String.raw`[1-8]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]`;
const MOBILE = String.raw`(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}`;
const PATTERN = new RegExp(String.raw`(?<!\d)(?:(${ID_NUMBER})|(${MOBILE}))(?!\d)`, 'g');
const ANY = new RegExp(PATTERN.source);

function maskMobileMatch(match: string): string {
  // the country prefix stays as written; the 11 national digits are masked without their separators
  const [, prefix = '', national = ''] = /^((?:\+|00)?86[ -]?)?(.*)$/.exec(match) ?? [];
  return prefix + maskPhone(national.replace(/[ -]/g, ''));
}

/** Masks every ID number and mobile number in a string; everything else is left as it was. */
export function maskPersonalDataInText(text: string): string {
  return text.replace(PATTERN, (match, id: string | undefined) => (id ? maskIdNumber(id) : maskMobileMatch(match)));
}

/** Keys whose values are personal data whatever their shape, and how each is masked. */
export const PERSONAL_DATA_LOG_KEYS: Readonly<Record<string, PersonalKind | 'secret'>> = {
  idNumber: 'idNumber',
  idCard: 'idNumber',
  idCardNumber: 'idNumber',
  identityNumber: 'idNumber',
  phone: 'phone',
  phoneNumber: 'phone',
  mobile: 'phone',
  mobileNumber: 'phone',
  telephone: 'phone',
  realName: 'name',
  fullName: 'name',
  personName: 'name',
  email: 'email',
  address: 'address',
  password: 'secret',
};

const KEY_KIND = new Map(Object.entries(PERSONAL_DATA_LOG_KEYS).map(([k, v]) => [k.toLowerCase(), v]));
const REDACTED = '[REDACTED]';

function maskByKey(kind: PersonalKind | 'secret', value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (kind === 'secret') return REDACTED;
  if (value instanceof PersonalValue) return value.masked;
  if (typeof value === 'string' || typeof value === 'number') return maskPersonal(kind, String(value));
  return REDACTED;
}

/**
 * pino `redact.paths` for the keys above at the top level and one level down (pino's wildcards
 * match a single level; deeper values are still caught by the text masking of `streamWrite`).
 */
export const PERSONAL_DATA_LOG_PATHS: readonly string[] = Object.keys(PERSONAL_DATA_LOG_KEYS).flatMap((k) => [k, `*.${k}`]);

/** pino `redact.censor`: masks by the kind of the redacted key (path elements may be symbols). */
export function censorPersonalData(value: unknown, path: readonly unknown[]): unknown {
  const key = String(path[path.length - 1] ?? '').toLowerCase();
  return maskByKey(KEY_KIND.get(key) ?? 'secret', value);
}

/**
 * A deep copy with personal data masked — by key (PERSONAL_DATA_LOG_KEYS), by type (PersonalValue)
 * and by content (ID and mobile numbers in any string or number). Usable as a pino serializer,
 * e.g. `serializers: { body: redactPersonalData }`. Never throws; cycles become '[Circular]'.
 */
export function redactPersonalData(value: unknown): unknown {
  return walk(value, new WeakSet(), 0);
}

function walk(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return maskPersonalDataInText(value);
  if (typeof value === 'number' || typeof value === 'bigint') {
    const text = String(value);
    const masked = maskPersonalDataInText(text);
    return masked === text ? value : masked;
  }
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof PersonalValue) return value.masked;
  if (value instanceof Date || ArrayBuffer.isView(value)) return value;
  if (seen.has(value)) return '[Circular]';
  if (depth >= 16) return '[Depth]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => walk(v, seen, depth + 1));
    const out: Record<string, unknown> = {};
    if (value instanceof Error) {
      out.type = value.name;
      out.message = maskPersonalDataInText(value.message);
      if (value.stack) out.stack = maskPersonalDataInText(value.stack);
    }
    for (const [k, v] of Object.entries(value)) {
      const kind = KEY_KIND.get(k.toLowerCase());
      out[k] = kind ? maskByKey(kind, v) : walk(v, seen, depth + 1);
    }
    return out;
  } catch {
    return REDACTED;
  } finally {
    seen.delete(value);
  }
}

/**
 * pino `hooks.streamWrite`: the finished log line, masked. Lines without a match pass unchanged (one
 * regex test); a matching line is re-serialised from its parsed JSON, so that a number matched
 * outside a string (`"n":13812345678`) becomes a masked string and the line stays valid JSON.
 */
export function maskLogLine(line: string): string {
  if (!ANY.test(line)) return line;
  const newline = line.endsWith('\n') ? '\n' : '';
  try {
    return JSON.stringify(walk(JSON.parse(line), new WeakSet(), 0)) + newline;
  } catch {
    return maskPersonalDataInText(line);
  }
}

export interface PersonalDataLogOptions {
  redact: { paths: string[]; censor: (value: unknown, path: string[]) => unknown };
  hooks: { streamWrite: (line: string) => string };
}

/**
 * Options to spread into Fastify's `logger` (pino) options:
 * `logger: { level, ...personalDataLogOptions(LOG_REDACT) }`. Extra paths (credentials) are
 * replaced by '[REDACTED]'; personal keys are masked; every line is then scanned for ID and
 * mobile numbers.
 */
export function personalDataLogOptions(extraPaths: readonly string[] = []): PersonalDataLogOptions {
  return {
    redact: { paths: [...extraPaths, ...PERSONAL_DATA_LOG_PATHS], censor: censorPersonalData },
    hooks: { streamWrite: maskLogLine },
  };
}
