import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { itemInputSchema, type ItemInput } from './item.js';
import { organUscc, sampleItem } from './testing.js';

// DOMAIN.md example 11450721MB15580811 + 4 + 000104002000; its USCC is valid (see validators.test.ts).
const ORG_USCC = '11450721MB15580811';
const BASIC = '000104002000';
const IMPL = `${ORG_USCC}4${BASIC}`;

const validItem = (): ItemInput => sampleItem(ORG_USCC, BASIC);

type Mutable = Record<string, unknown> & ItemInput;
/** A valid item changed by `edit`. */
function itemWith(edit: (item: Mutable) => void): unknown {
  const item = structuredClone(validItem()) as Mutable;
  edit(item);
  return item;
}

/** Issues as `path → message`, for exact comparison. */
function issues(input: unknown): { path: (string | number)[]; message: string }[] {
  const r = itemInputSchema.safeParse(input);
  if (r.success) return [];
  return r.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message }));
}

describe('itemInputSchema: a complete item', () => {
  it('parses and applies defaults', () => {
    const r = itemInputSchema.safeParse(validItem());
    expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
    const { jointDepartments: _j, topics: _t, specialProcedures: _s, intermediaryServices: _i, ...rest } = validItem();
    const minimal = itemInputSchema.parse(rest);
    expect(minimal.jointDepartments).toEqual([]);
    expect(minimal.topics).toEqual([]);
    expect(minimal.specialProcedures).toEqual([]);
    expect(minimal.intermediaryServices).toEqual([]);
  });

  it('trims text and defaults mayBeMissing to false', () => {
    const parsed = itemInputSchema.parse(
      itemWith((i) => {
        i.name = '  食品经营许可证核发  ';
        delete (i.materials[0] as { mayBeMissing?: boolean }).mayBeMissing;
      }),
    );
    expect(parsed.name).toBe('食品经营许可证核发');
    expect(parsed.materials[0]!.mayBeMissing).toBe(false);
  });
});

describe('itemInputSchema: cross-field rules', () => {
  // implementation code = USCC + exercise level + basic code
  it('implementation code must embed the basic code', () => {
    expect(issues(itemWith((i) => (i.basicCode = '000104003000')))).toEqual([
      { path: ['implementationCode'], message: 'item.implementationCode.basicMismatch' },
    ]);
  });

  it('implementation code must embed the organisation USCC', () => {
    expect(issues(itemWith((i) => (i.organisationUscc = organUscc('330106', '00250287A'))))).toEqual([
      { path: ['implementationCode'], message: 'item.implementationCode.usccMismatch' },
    ]);
  });

  it('implementation code must embed the exercise level', () => {
    expect(issues(itemWith((i) => (i.exerciseLevel = '3')))).toEqual([
      { path: ['implementationCode'], message: 'item.implementationCode.levelMismatch' },
    ]);
  });

  it('an invalid code is reported by its own schema (at its own path)', () => {
    // zod 4 keeps running the object-level superRefine after non-fatal issues of a field's own
    // refinement, so the mismatch rules may add further issues; only the field's own key is pinned here.
    const badImpl = issues(itemWith((i) => (i.implementationCode = `${ORG_USCC.slice(0, 17)}2` + `4${BASIC}`)));
    expect(badImpl[0]).toEqual({ path: ['implementationCode'], message: 'code.implementation.uscc' });
    const badBasic = issues(itemWith((i) => (i.basicCode = '00010400200')));
    expect(badBasic[0]).toEqual({ path: ['basicCode'], message: 'code.basic.shape' });
  });

  it('item type must match the basic code', () => {
    expect(issues(itemWith((i) => (i.itemType = '20')))).toEqual([
      { path: ['itemType'], message: 'item.itemType.basicMismatch' },
    ]);
  });

  it('promised time limit may not exceed the statutory one (same unit)', () => {
    expect(issues(itemWith((i) => (i.promisedTimeLimit = { value: 21, unit: 'working-day' })))).toEqual([
      { path: ['promisedTimeLimit', 'value'], message: 'item.promisedExceedsStatutory' },
    ]);
    expect(issues(itemWith((i) => (i.promisedTimeLimit = { value: 20, unit: 'working-day' })))).toEqual([]);
    // different units are not compared (a month is not a fixed number of working days)
    expect(issues(itemWith((i) => (i.statutoryTimeLimit = { value: 2, unit: 'month' })))).toEqual([]);
  });

  it('即办件 needs a promised time limit of 0', () => {
    expect(issues(itemWith((i) => (i.handlingType = '1')))).toEqual([
      { path: ['promisedTimeLimit', 'value'], message: 'item.immediateHasZeroLimit' },
    ]);
    expect(
      issues(
        itemWith((i) => {
          i.handlingType = '1';
          i.promisedTimeLimit = { value: 1, unit: 'working-day' };
        }),
      ),
    ).toEqual([{ path: ['promisedTimeLimit', 'value'], message: 'item.immediateHasZeroLimit' }]);
    expect(
      issues(
        itemWith((i) => {
          i.handlingType = '1';
          i.promisedTimeLimit = { value: 0, unit: 'working-day' };
        }),
      ),
    ).toEqual([]);
  });

  it('visits > 0 need a reason', () => {
    const visits = (reason?: string) =>
      itemWith((i) => {
        i.online.depth = '3';
        i.visitsRequired = 1;
        if (reason !== undefined) i.visitsReason = reason;
      });
    expect(issues(visits())).toEqual([{ path: ['visitsReason'], message: 'item.visitsReasonRequired' }]);
    // blank after trimming counts as missing
    expect(issues(visits('   '))).toEqual([{ path: ['visitsReason'], message: 'item.visitsReasonRequired' }]);
    expect(issues(visits('现场核验原件'))).toEqual([]);
  });

  it('全程网办 (depth Ⅳ) needs 0 visits', () => {
    expect(
      issues(
        itemWith((i) => {
          i.visitsRequired = 1;
          i.visitsReason = '现场核验原件';
        }),
      ),
    ).toEqual([{ path: ['visitsRequired'], message: 'item.fullOnlineZeroVisits' }]);
  });

  it('online handling needs an address', () => {
    expect(issues(itemWith((i) => delete i.online.url))).toEqual([
      { path: ['online', 'url'], message: 'item.onlineUrlRequired' },
    ]);
  });

  it('an online depth above Ⅰ needs online handling', () => {
    const offline = (depth: '1' | '2' | '3' | '4') =>
      itemWith((i) => {
        i.online = { available: false, depth };
      });
    for (const depth of ['2', '3', '4'] as const) {
      expect(issues(offline(depth)), depth).toEqual([{ path: ['online', 'depth'], message: 'item.onlineDepthWithoutOnline' }]);
    }
    expect(issues(offline('1'))).toEqual([]);
  });

  it('online handling needs an online channel (computer or mobile)', () => {
    expect(issues(itemWith((i) => (i.channels = ['1', '4'])))).toEqual([
      { path: ['channels'], message: 'item.onlineChannelMissing' },
    ]);
    expect(issues(itemWith((i) => (i.channels = ['1', '3'])))).toEqual([]);
    expect(issues(itemWith((i) => (i.channels = ['2'])))).toEqual([]);
  });

  it('the window channel needs a place', () => {
    expect(issues(itemWith((i) => (i.places = [])))).toEqual([{ path: ['places'], message: 'item.placeRequired' }]);
    expect(
      issues(
        itemWith((i) => {
          i.places = [];
          i.channels = ['2', '3'];
        }),
      ),
    ).toEqual([]);
  });

  it('material codes must start with the implementation code', () => {
    const other = `${ORG_USCC}4000104003000`;
    expect(issues(itemWith((i) => (i.materials[1]!.code = `${other}002`)))).toEqual([
      { path: ['materials', 1, 'code'], message: 'code.material.prefix' },
    ]);
  });

  it('material codes must have a 3-digit sequence', () => {
    expect(issues(itemWith((i) => (i.materials[2]!.code = `${IMPL}03`)))).toEqual([
      { path: ['materials', 2, 'code'], message: 'code.material.shape' },
    ]);
  });

  it('material codes must be unique', () => {
    expect(issues(itemWith((i) => (i.materials[2]!.code = `${IMPL}001`)))).toEqual([
      { path: ['materials', 2, 'code'], message: 'material.codeDuplicate' },
    ]);
  });

  it('materials not supplied by the applicant need a source note', () => {
    expect(issues(itemWith((i) => delete i.materials[1]!.sourceNote))).toEqual([
      { path: ['materials', 1, 'sourceNote'], message: 'material.sourceNote' },
    ]);
    expect(issues(itemWith((i) => (i.materials[0]!.source = 'issuer')))).toEqual([
      { path: ['materials', 0, 'sourceNote'], message: 'material.sourceNote' },
    ]);
    expect(
      issues(
        itemWith((i) => {
          i.materials[0]!.source = 'issuer';
          i.materials[0]!.sourceNote = '户籍所在地公安机关';
        }),
      ),
    ).toEqual([]);
  });

  it('only required materials may be missing at acceptance (容缺)', () => {
    expect(issues(itemWith((i) => (i.materials[2]!.required = false)))).toEqual([
      { path: ['materials', 2, 'mayBeMissing'], message: 'material.mayBeMissingOptional' },
    ]);
    expect(
      issues(
        itemWith((i) => {
          i.materials[2]!.required = false;
          i.materials[2]!.mayBeMissing = false;
        }),
      ),
    ).toEqual([]);
  });

  it('a charged fee needs its basis; an uncharged one no amount', () => {
    expect(issues(itemWith((i) => (i.fee = { charged: true, amountFen: 1000 })))).toEqual([
      { path: ['fee', 'basis'], message: 'fee.basisRequired' },
    ]);
    expect(issues(itemWith((i) => (i.fee = { charged: false, amountFen: 1000 })))).toEqual([
      { path: ['fee', 'amountFen'], message: 'fee.notCharged' },
    ]);
    expect(issues(itemWith((i) => (i.fee = { charged: true, basis: '《行政事业性收费标准》', amountFen: 1000 })))).toEqual([]);
    expect(issues(itemWith((i) => (i.fee = { charged: false, amountFen: 0 })))).toEqual([]);
  });

  it('reports several broken rules at once', () => {
    const got = issues(
      itemWith((i) => {
        i.itemType = '20';
        i.places = [];
        i.online.url = undefined;
      }),
    );
    expect(got).toEqual(
      expect.arrayContaining([
        { path: ['itemType'], message: 'item.itemType.basicMismatch' },
        { path: ['places'], message: 'item.placeRequired' },
        { path: ['online', 'url'], message: 'item.onlineUrlRequired' },
      ]),
    );
    expect(got).toHaveLength(3);
  });
});

describe('itemInputSchema: required fields', () => {
  const REQUIRED = [
    'name', 'basicCode', 'implementationCode', 'itemType', 'legalBasis', 'exerciseLevel', 'organisationUscc',
    'organisationNature', 'statutoryTimeLimit', 'promisedTimeLimit', 'acceptanceConditions', 'process',
    'handlingOrganisation', 'result', 'fee', 'serviceScope', 'audiences', 'channels', 'handlingType',
    'supportsAppointment', 'supportsOnlinePayment', 'supportsDelivery', 'online', 'consultPhone',
    'supervisionPhone', 'visitsRequired', 'materials',
  ] as const;
  /** optional, or defaulted to an empty list (places is defaulted but needed by the window channel) */
  const OPTIONAL = ['summary', 'jointDepartments', 'intermediaryServices', 'topics', 'specialProcedures'] as const;

  it('the lists cover every field of the valid item and of the schema', () => {
    const keys = Object.keys(itemInputSchema.shape).sort();
    expect([...REQUIRED, ...OPTIONAL, 'places', 'quantityLimit', 'visitsReason', 'application'].sort()).toEqual(keys);
    for (const k of [...REQUIRED, ...OPTIONAL]) expect(validItem()).toHaveProperty(k);
  });

  it('property: deleting any non-empty set of required fields fails with an issue at each of them', () => {
    fc.assert(
      fc.property(
        fc.subarray([...REQUIRED], { minLength: 1 }),
        fc.subarray([...OPTIONAL, 'places' as const]),
        (deleted, alsoDeleted) => {
          const item = validItem() as Record<string, unknown>;
          for (const k of [...deleted, ...alsoDeleted]) delete item[k];
          const r = itemInputSchema.safeParse(item);
          expect(r.success).toBe(false);
          for (const k of deleted) {
            expect(r.error!.issues.some((i) => i.path[0] === k), k).toBe(true);
          }
        },
      ),
    );
  });

  it('property: deleting optional fields keeps the item valid', () => {
    fc.assert(
      fc.property(fc.subarray([...OPTIONAL]), (deleted) => {
        const item = validItem() as Record<string, unknown>;
        for (const k of deleted) delete item[k];
        expect(issues(item)).toEqual([]);
      }),
    );
  });
});
