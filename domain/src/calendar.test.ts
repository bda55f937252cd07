import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarError, createWorkingCalendar, dateInZone, officialCalendar, warningLevel, type IsoDate } from './calendar.js';

/** Days from `from` to `to` inclusive. */
function range(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}
const weekday = (date: IsoDate) => new Date(`${date}T00:00:00Z`).getUTCDay();
const isWeekend = (date: IsoDate) => weekday(date) === 0 || weekday(date) === 6;

/**
 * The State Council notices, typed here from the notices themselves (not from the package):
 * the days off (放假) and the 调休 weekend days worked (上班).
 */
const NOTICES: Record<number, { source: string; off: [IsoDate, IsoDate][]; worked: IsoDate[] }> = {
  2025: {
    source: '国办发明电〔2024〕12号',
    off: [
      ['2025-01-01', '2025-01-01'], // 元旦
      ['2025-01-28', '2025-02-04'], // 春节, 8 days
      ['2025-04-04', '2025-04-06'], // 清明
      ['2025-05-01', '2025-05-05'], // 劳动节
      ['2025-05-31', '2025-06-02'], // 端午
      ['2025-10-01', '2025-10-08'], // 国庆 + 中秋
    ],
    // 1月26日(日), 2月8日(六), 4月27日(日), 9月28日(日), 10月11日(六)
    worked: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    source: '国办发明电〔2025〕7号',
    off: [
      ['2026-01-01', '2026-01-03'], // 元旦
      ['2026-02-15', '2026-02-23'], // 春节, 9 days
      ['2026-04-04', '2026-04-06'], // 清明
      ['2026-05-01', '2026-05-05'], // 劳动节
      ['2026-06-19', '2026-06-21'], // 端午
      ['2026-09-25', '2026-09-27'], // 中秋
      ['2026-10-01', '2026-10-07'], // 国庆
    ],
    // 1月4日(日), 2月14日(六), 2月28日(六), 5月9日(六), 9月20日(日), 10月10日(六)
    worked: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

const cal = officialCalendar();

describe('official calendar against the State Council notices', () => {
  it('has the span lengths the notices state', () => {
    expect(range('2025-01-28', '2025-02-04')).toHaveLength(8);
    expect(range('2026-02-15', '2026-02-23')).toHaveLength(9);
    expect(range('2025-10-01', '2025-10-08')).toHaveLength(8);
  });

  for (const [year, notice] of Object.entries(NOTICES)) {
    it(`${year} (${notice.source}): every day off is off, every 调休 day is worked`, () => {
      for (const [from, to] of notice.off) for (const d of range(from, to)) expect(cal.isWorkingDay(d), d).toBe(false);
      for (const d of notice.worked) {
        expect(isWeekend(d), `${d} is a weekend day`).toBe(true);
        expect(cal.isWorkingDay(d), d).toBe(true);
      }
    });

    it(`${year}: every other day of the year is a working day exactly when Monday–Friday`, () => {
      const off = new Set(notice.off.flatMap(([from, to]) => range(from, to)));
      const worked = new Set(notice.worked);
      for (const d of range(`${year}-01-01`, `${year}-12-31`)) {
        const expected = worked.has(d) || (!off.has(d) && !isWeekend(d));
        expect(cal.isWorkingDay(d), d).toBe(expected);
      }
    });
  }

  it('covers 2004–2026', () => {
    expect(cal.years[0]).toBe(2004);
    expect(cal.years.at(-1)).toBe(2026);
  });
});

describe('addWorkingDays: day 1 is the first working day after acceptance', () => {
  it.each([
    // 2/13 Fri (1), 2/14 Sat 调休 (2), 2/15–2/23 春节, 2/24 (3), 2/25 (4), 2/26 (5)
    ['2026-02-12', 5, '2026-02-26'],
    // … 2/27 Fri (6), 2/28 Sat 调休 (7), 3/1 Sun off, 3/2 (8), 3/3 (9), 3/4 (10)
    ['2026-02-12', 10, '2026-03-04'],
    // 9/27 Sat off, 9/28 Sun 调休 (1), 9/29 (2), 9/30 (3)
    ['2025-09-26', 3, '2025-09-30'],
    // 10/1–10/8 off, 10/9 Thu (1)
    ['2025-09-30', 1, '2025-10-09'],
    // 10/9 (1), 10/10 Fri (2), 10/11 Sat 调休 (3)
    ['2025-09-30', 3, '2025-10-11'],
    // across the year: 2026-01-01–03 off, 1/4 Sun 调休 (1)
    ['2025-12-31', 1, '2026-01-04'],
    // 5/1–5/5 off, 5/6 (1), 5/7 (2), 5/8 (3), 5/9 Sat 调休 (4), 5/10 Sun off, 5/11 (5)
    ['2026-04-30', 5, '2026-05-11'],
    // 9/20 Sun 调休 (1), 9/21–9/24 (2–5), 9/25–27 中秋, 9/28–30 (6–8), 10/1–7 国庆, 10/8 (9), 10/9 (10),
    // 10/10 Sat 调休 (11), 10/12–16 (12–16), 10/19–22 (17–20)
    ['2026-09-18', 20, '2026-10-22'],
    // accepted on a Saturday: day 1 is Monday
    ['2026-03-07', 1, '2026-03-09'],
    // 即办件
    ['2026-02-15', 0, '2026-02-15'],
  ] as const)('accepted %s + %i working days → %s', (start, n, deadline) => {
    expect(cal.addWorkingDays(start, n)).toBe(deadline);
    expect(cal.workingDaysBetween(start, deadline)).toBe(n);
  });

  it('rejects bad arguments', () => {
    expect(() => cal.addWorkingDays('2026-02-30', 1)).toThrow(CalendarError);
    expect(() => cal.addWorkingDays('2026-2-3', 1)).toThrow(/not a calendar date/);
    expect(() => cal.addWorkingDays('2026-02-03', -1)).toThrow(/whole number/);
    expect(() => cal.addWorkingDays('2026-02-03', 1.5)).toThrow(/whole number/);
  });
});

describe('workingDaysBetween', () => {
  it('counts (a, b], negative backwards', () => {
    expect(cal.workingDaysBetween('2026-02-12', '2026-02-26')).toBe(5);
    expect(cal.workingDaysBetween('2026-02-26', '2026-02-12')).toBe(-5);
    expect(cal.workingDaysBetween('2026-02-15', '2026-02-23')).toBe(0);
    expect(cal.workingDaysBetween('2026-02-12', '2026-02-12')).toBe(0);
  });
});

describe('deadlineWithPauses', () => {
  it('extends by the whole working days inside a pause (补正)', () => {
    // pause 2/13 → 2/25: inside are 2/14–2/24, of which 2/14 (调休) and 2/24 are working days (k = 2).
    // Clock: 2/13 (1), [2/14, 2/24 paused], 2/25 (2), 2/26 (3), 2/27 (4), 2/28 Sat 调休 (5)
    expect(cal.deadlineWithPauses('2026-02-12', 5, [{ from: '2026-02-13', to: '2026-02-25' }])).toBe('2026-02-28');
    expect(cal.addWorkingDays('2026-02-26', 2)).toBe('2026-02-28');
  });

  it('counts the stop day and the restart day; a one-day pause stops nothing', () => {
    expect(cal.deadlineWithPauses('2026-03-02', 3, [{ from: '2026-03-03', to: '2026-03-04' }])).toBe('2026-03-05');
    expect(cal.deadlineWithPauses('2026-03-02', 3, [{ from: '2026-03-03', to: '2026-03-03' }])).toBe('2026-03-05');
  });

  it('counts overlapping pauses once and ignores pauses after the deadline', () => {
    // 3/2 Mon accepted, 3 days; pauses cover 3/4–3/6 (inside), overlapping: 3 working days paused
    const pauses = [
      { from: '2026-03-03', to: '2026-03-06' },
      { from: '2026-03-04', to: '2026-03-07' },
      { from: '2026-04-01', to: '2026-04-30' },
    ];
    // 3/3 (1), [3/4, 3/5, 3/6 paused], 3/9 (2), 3/10 (3)
    expect(cal.deadlineWithPauses('2026-03-02', 3, pauses)).toBe('2026-03-10');
  });

  it('has no deadline while an open pause stops the clock', () => {
    expect(cal.deadlineWithPauses('2026-02-12', 5, [{ from: '2026-02-13', to: null }])).toBeNull();
    // stopped on the deadline day: the limit was already used up
    expect(cal.deadlineWithPauses('2026-02-12', 5, [{ from: '2026-02-26', to: null }])).toBe('2026-02-26');
  });

  it('rejects a pause that ends before it starts', () => {
    expect(() => cal.deadlineWithPauses('2026-03-02', 3, [{ from: '2026-03-05', to: '2026-03-04' }])).toThrow(/ends/);
  });
});

describe('remainingWorkingDays and warningLevel', () => {
  it('is the limit on the day of acceptance, 0 on the deadline day, negative once overdue', () => {
    expect(cal.remainingWorkingDays('2026-02-26', '2026-02-12')).toBe(5);
    expect(cal.remainingWorkingDays('2026-02-26', '2026-02-20')).toBe(3); // 2/24, 2/25, 2/26
    expect(cal.remainingWorkingDays('2026-02-26', '2026-02-26')).toBe(0);
    expect(cal.remainingWorkingDays('2026-02-26', '2026-02-27')).toBe(-1);
    // deadline Friday 3/6: overdue on the Saturday already, still -1 on Monday, -2 on Tuesday
    expect(cal.remainingWorkingDays('2026-03-06', '2026-03-07')).toBe(-1);
    expect(cal.remainingWorkingDays('2026-03-06', '2026-03-09')).toBe(-1);
    expect(cal.remainingWorkingDays('2026-03-06', '2026-03-10')).toBe(-2);
  });

  it('colours green, yellow at or under the threshold, red when overdue', () => {
    const opts = { yellowWhenAtMost: 2 };
    expect(warningLevel(5, opts)).toBe('green');
    expect(warningLevel(3, opts)).toBe('green');
    expect(warningLevel(2, opts)).toBe('yellow');
    expect(warningLevel(0, opts)).toBe('yellow');
    expect(warningLevel(-1, opts)).toBe('red');
  });
});

describe('dateInZone', () => {
  it('takes the calendar date in the time zone (Asia/Shanghai by default)', () => {
    expect(dateInZone(new Date('2026-02-12T15:59:59Z'))).toBe('2026-02-12');
    expect(dateInZone(new Date('2026-02-12T16:00:00Z'))).toBe('2026-02-13');
    expect(dateInZone(Date.parse('2026-02-12T16:30:00Z'), 'UTC')).toBe('2026-02-12');
    expect(dateInZone(new Date('2026-02-13T03:00:00Z'), 'America/New_York')).toBe('2026-02-12');
    expect(dateInZone(new Date('2025-12-31T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-01-01');
    expect(() => dateInZone(new Date('nope'))).toThrow(CalendarError);
  });
});

describe('coverage', () => {
  it('throws a typed error outside the covered years, never guesses', () => {
    const caught = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e;
      }
      throw new Error('expected a CalendarError, nothing was thrown');
    };
    const e = caught(() => cal.isWorkingDay('2027-01-04'));
    expect(e).toBeInstanceOf(CalendarError);
    expect(e).toMatchObject({ code: 'year-not-covered', year: 2027 });
    expect(caught(() => cal.isWorkingDay('2003-06-02'))).toMatchObject({ code: 'year-not-covered', year: 2003 });
    // 12/31 Thu (1), then 2027 is not covered
    expect(caught(() => cal.addWorkingDays('2026-12-30', 5))).toMatchObject({ code: 'year-not-covered', year: 2027 });
    expect(caught(() => cal.workingDaysBetween('2026-12-01', '2027-01-10'))).toMatchObject({ code: 'year-not-covered' });
  });

  it('refuses malformed data', () => {
    const base = { holidays: ['2030-01-01'], workdays: ['2030-01-05'], years: [2030] };
    expect(createWorkingCalendar(base).isWorkingDay('2030-01-05')).toBe(true); // a Saturday
    expect(() => createWorkingCalendar({ ...base, workdays: ['2030-01-07'] })).toThrow(/not a Saturday or Sunday/);
    expect(() => createWorkingCalendar({ ...base, holidays: ['2030-01-05'] })).toThrow(/both/);
    expect(() => createWorkingCalendar({ ...base, holidays: ['2031-01-01'] })).toThrow(/outside the covered years/);
    expect(() => createWorkingCalendar({ ...base, holidays: ['2030-13-01'] })).toThrow(/not a calendar date/);
  });
});

describe('properties', () => {
  const DAY = 86_400_000;
  const FIRST = Date.UTC(2004, 0, 1) / DAY;
  // leave room after the start for 60 working days and the pause shift within 2026
  const LAST_START = Date.UTC(2026, 6, 31) / DAY;
  const iso = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
  const start = fc.integer({ min: FIRST, max: LAST_START }).map(iso);
  const count = fc.integer({ min: 1, max: 60 });

  it('addWorkingDays(d, n) is a working day after d for n ≥ 1, and workingDaysBetween undoes it', () => {
    fc.assert(
      fc.property(start, count, (d, n) => {
        const deadline = cal.addWorkingDays(d, n);
        expect(deadline > d).toBe(true);
        expect(cal.isWorkingDay(deadline)).toBe(true);
        expect(cal.workingDaysBetween(d, deadline)).toBe(n);
        expect(cal.workingDaysBetween(deadline, d)).toBe(-n);
      }),
    );
  });

  it('is strictly monotonic in n', () => {
    fc.assert(
      fc.property(start, count, (d, n) => {
        expect(cal.addWorkingDays(d, n) > cal.addWorkingDays(d, n - 1)).toBe(true);
      }),
    );
  });

  it('a pause of k working days inside the window moves the deadline by exactly k working days', () => {
    fc.assert(
      fc.property(start, count, fc.nat(), fc.nat(), (d, n, x, y) => {
        const deadline = cal.addWorkingDays(d, n);
        const dDay = Date.parse(d) / DAY;
        // from = d + a, to = from + b ≤ deadline + 1 day: the pause's inside (from, to) lies within (d, deadline]
        const span = Date.parse(deadline) / DAY + 1 - dDay;
        const a = x % (span + 1);
        const b = y % (span - a + 1);
        const from = iso(dDay + a);
        const to = iso(dDay + a + b);
        const inside = range(from, to).slice(1, -1);
        const k = inside.filter((x) => cal.isWorkingDay(x)).length;
        expect(cal.deadlineWithPauses(d, n, [{ from, to }])).toBe(cal.addWorkingDays(deadline, k));
      }),
    );
  });

  it('every date outside 2004–2026 throws year-not-covered', () => {
    const outside = fc.oneof(
      fc.integer({ min: Date.UTC(1900, 0, 1) / DAY, max: FIRST - 1 }),
      fc.integer({ min: Date.UTC(2027, 0, 1) / DAY, max: Date.UTC(2200, 11, 31) / DAY }),
    );
    fc.assert(
      fc.property(outside, (day) => {
        expect(() => cal.isWorkingDay(iso(day))).toThrow(expect.objectContaining({ code: 'year-not-covered' }));
      }),
    );
  });
});
