/**
 * The create / edit form's model: the ItemInput of @onewindow/domain as the form holds it (every
 * field possibly blank while typing), and the code helpers of GB/T 39046.
 */
import type { ItemGuide, ItemInput } from '@onewindow/domain';

type Blank<T> = T extends string | number | boolean
  ? T | undefined | null
  : T extends readonly (infer U)[]
    ? Blank<U>[] | undefined
    : T extends object
      ? { [K in keyof T]?: Blank<T[K]> }
      : T;

/** What the form holds: ItemInput with blanks allowed, plus the aliases of a new item. */
export type ItemFormValues = Blank<ItemInput> & { aliases?: string[] };

/** A fresh item: sensible defaults for the common case (a 承诺件 at a service window). */
export function emptyItem(supervisionPhone: string): ItemFormValues {
  return {
    name: '',
    basicCode: '',
    implementationCode: '',
    statutoryTimeLimit: { value: 20, unit: 'working-day' },
    promisedTimeLimit: { value: 10, unit: 'working-day' },
    process: [{ name: '' }],
    jointDepartments: [],
    intermediaryServices: [],
    result: { name: '', type: 'licence' },
    fee: { charged: false },
    audiences: [],
    topics: [],
    channels: ['1'],
    handlingType: '2',
    specialProcedures: [],
    supportsAppointment: false,
    supportsOnlinePayment: false,
    supportsDelivery: false,
    online: { available: false, depth: '1' },
    places: [],
    consultPhone: '',
    supervisionPhone,
    visitsRequired: 1,
    materials: [],
    aliases: [],
  };
}

/** The stored guide, as form values. */
export function toFormValues(guide: ItemGuide): ItemFormValues {
  return structuredClone(guide) as ItemFormValues;
}

/**
 * Form values → request body: strings trimmed; a blank field of an object is left out (the server
 * then names what is missing), blanks inside lists stay so that error pointers keep their index.
 */
function clean(value: unknown, inList = false): unknown {
  if (typeof value === 'string') {
    const s = value.trim();
    return s === '' && !inList ? undefined : s;
  }
  if (value === null) return undefined;
  if (Array.isArray(value)) return value.map((v) => clean(v, true));
  if (typeof value === 'object' && value !== undefined) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const c = clean(v);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return value;
}

export function toItemInput(values: ItemFormValues): ItemInput & { aliases?: string[] } {
  const body = clean(values) as ItemInput & { aliases?: string[] };
  if (body.aliases) body.aliases = body.aliases.filter((a) => a !== '');
  return body;
}

/** 实施编码 = USCC of the implementing organisation (18) + exercise level (1) + basic code (12). */
export function composeImplementationCode(uscc: string | null | undefined, level: string | null | undefined, basicCode: string | null | undefined): string {
  return `${(uscc ?? '').trim().toUpperCase()}${level ?? ''}${(basicCode ?? '').trim()}`;
}

export const IMPLEMENTATION_CODE_LENGTH = 31;

/** 材料编码 = implementation code (31) + sequence (3), counted from 001. */
export function materialCode(implementationCode: string | null | undefined, index: number): string {
  return `${(implementationCode ?? '').trim()}${String(index + 1).padStart(3, '0')}`;
}

/** The material codes after the implementation code changed from `before` to `after`: a code derived from the old one keeps its sequence. */
export function rebaseMaterialCodes(codes: (string | null | undefined)[], before: string, after: string): string[] {
  return codes.map((c, i) => {
    const code = (c ?? '').trim();
    if (!code) return materialCode(after, i);
    if (before && code.startsWith(before) && code.length === before.length + 3) return `${after}${code.slice(before.length)}`;
    return code;
  });
}
