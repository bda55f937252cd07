/**
 * Working-day arithmetic for time limits (办结时限) counted in 工作日, with the official State Council
 * holiday calendar including 调休 working weekends (DOMAIN.md §3).
 *
 * Dates are calendar dates, `YYYY-MM-DD` strings, in the node's time zone: convert an instant with
 * {@link dateInZone} first. A calendar covers a set of years; any date outside them throws a
 * {@link CalendarError} (`year-not-covered`) rather than guessing from weekends alone — a missing
 * year is an operations problem (load the year's file, see docs/operations.md "Holiday calendar").
 */
import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

/** The data of a working calendar. */
export interface CalendarData {
  /** off days: official holidays and the weekdays given off for 调休 (weekend days may be listed too) */
  holidays: readonly IsoDate[];
  /** 调休 weekend days that are working days */
  workdays: readonly IsoDate[];
  /** the years the data covers, completely */
  years: readonly number[];
}

/** A stop of the clock (补正, special procedures): `to` is null while it lasts. */
export interface ClockPause {
  from: IsoDate;
  to: IsoDate | null;
}

export type WarningLevel = 'green' | 'yellow' | 'red';

export type CalendarErrorCode = 'year-not-covered' | 'invalid-date' | 'invalid-data' | 'invalid-argument';

/** Every failure of this module. `year` is set for `year-not-covered`. */
export class CalendarError extends Error {
  override readonly name = 'CalendarError';
  constructor(
    readonly code: CalendarErrorCode,
    message: string,
    readonly year?: number,
  ) {
    super(message);
  }
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD` date; throws `invalid-date`. */
function toDay(date: IsoDate, what = 'date'): number {
  const m = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (new Date(ms).toISOString().slice(0, 10) === date) return ms / DAY_MS;
  }
  throw new CalendarError('invalid-date', `${what} ${JSON.stringify(date)} is not a calendar date YYYY-MM-DD`);
}

function fromDay(day: number): IsoDate {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const yearOf = (day: number) => new Date(day * DAY_MS).getUTCFullYear();
/** 0 = Sunday … 6 = Saturday */
const weekdayOf = (day: number) => new Date(day * DAY_MS).getUTCDay();
const isWeekend = (day: number) => weekdayOf(day) === 0 || weekdayOf(day) === 6;

function checkCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new CalendarError('invalid-argument', `${what} must be a whole number ≥ 0, got ${n}`);
  }
}

/**
 * Working days of a jurisdiction: Monday–Friday, minus `holidays`, plus the 调休 `workdays`, over the
 * covered `years` only. Immutable; build it with {@link createWorkingCalendar} or {@link officialCalendar}.
 */
export class WorkingCalendar {
  readonly #holidays: ReadonlySet<number>;
  readonly #workdays: ReadonlySet<number>;
  readonly #years: ReadonlySet<number>;

  /** Validates the data: dates well formed and inside `years`, workdays on weekends, no date both. */
  constructor(data: CalendarData) {
    const years = new Set<number>();
    for (const y of data.years) {
      if (!Number.isInteger(y) || y < 1900 || y > 9999) throw new CalendarError('invalid-data', `year ${y} is not a year`);
      years.add(y);
    }
    const load = (dates: readonly IsoDate[], what: string) => {
      const set = new Set<number>();
      for (const date of dates) {
        const day = toDay(date, what);
        if (!years.has(yearOf(day))) {
          throw new CalendarError('invalid-data', `${what} ${date} lies outside the covered years`, yearOf(day));
        }
        set.add(day);
      }
      return set;
    };
    const holidays = load(data.holidays, 'holiday');
    const workdays = load(data.workdays, 'working day');
    for (const day of workdays) {
      if (!isWeekend(day)) throw new CalendarError('invalid-data', `working day ${fromDay(day)} is not a Saturday or Sunday`);
      if (holidays.has(day)) throw new CalendarError('invalid-data', `${fromDay(day)} is listed both as a holiday and as a working day`);
    }
    this.#holidays = holidays;
    this.#workdays = workdays;
    this.#years = years;
  }

  /** The covered years, ascending. */
  get years(): number[] {
    return [...this.#years].sort((a, b) => a - b);
  }

  /** The data back, sorted (for merging or exporting). */
  toData(): CalendarData {
    const dates = (s: ReadonlySet<number>) => [...s].sort((a, b) => a - b).map(fromDay);
    return { holidays: dates(this.#holidays), workdays: dates(this.#workdays), years: this.years };
  }

  /** Whether `date` is a working day. Throws `year-not-covered` outside the covered years. */
  isWorkingDay(date: IsoDate): boolean {
    return this.#isWorking(this.#covered(toDay(date)));
  }

  /**
   * The deadline of a case accepted on `startDate` with a limit of `n` working days.
   *
   * Counting rule (common 政务服务 practice, as for 期间 in law: the day of acceptance is not counted):
   * **day 1 is the first working day after `startDate`**, whether or not `startDate` itself is a working
   * day; the deadline is the n-th working day so counted, the case being due by the end of it.
   * `n = 0` (即办件) gives `startDate` itself.
   */
  addWorkingDays(startDate: IsoDate, n: number): IsoDate {
    checkCount(n, 'the number of working days');
    let day = this.#covered(toDay(startDate, 'start date'));
    for (let counted = 0; counted < n; ) {
      day = this.#covered(day + 1);
      if (this.#isWorking(day)) counted++;
    }
    return fromDay(day);
  }

  /**
   * The working days in the half-open interval (a, b]: after `a`, up to and including `b`; negative
   * (the count of (b, a]) when `b` is before `a`. Hence `workingDaysBetween(d, addWorkingDays(d, n)) = n`.
   */
  workingDaysBetween(a: IsoDate, b: IsoDate): number {
    const from = this.#covered(toDay(a));
    const to = this.#covered(toDay(b));
    const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let day = lo + 1; day <= hi; day++) if (this.#isWorking(day)) count++;
    return sign * count;
  }

  /**
   * The deadline when the clock stops during `pauses` (补正, special procedures).
   *
   * A pause stops the clock for the **whole working days inside it**: the working days strictly after
   * `from` and strictly before `to`. The day the clock stops and the day it restarts still count (each
   * is partly run), which is the reading that favours the applicant. Overlapping pauses count a day
   * once; pauses before acceptance or after the deadline change nothing. Counting is otherwise that of
   * {@link addWorkingDays}.
   *
   * Returns `null` when an open pause (`to: null`) stops the clock before the limit is used up: there
   * is no deadline while the clock stands. (The working days left at the stop are
   * `remainingWorkingDays(deadlineWithPauses(accepted, limit, closedPauses), pause.from)`.)
   */
  deadlineWithPauses(acceptedDate: IsoDate, limit: number, pauses: readonly ClockPause[]): IsoDate | null {
    checkCount(limit, 'the time limit');
    const spans = pauses.map((p, i) => {
      const from = toDay(p.from, `pause ${i} from`);
      const to = p.to === null ? Infinity : toDay(p.to, `pause ${i} to`);
      if (to < from) throw new CalendarError('invalid-argument', `pause ${i} ends (${p.to}) before it starts (${p.from})`);
      return { from, to };
    });
    let day = this.#covered(toDay(acceptedDate, 'acceptance date'));
    for (let counted = 0; counted < limit; ) {
      day++;
      const pausedBy = spans.filter((s) => s.from < day && day < s.to);
      if (pausedBy.some((s) => s.to === Infinity)) return null;
      if (this.#isWorking(this.#covered(day)) && pausedBy.length === 0) counted++;
    }
    return fromDay(day);
  }

  /**
   * Working days left until `deadline`, seen on `today`: the working days in (today, deadline], so it
   * equals the limit on the day of acceptance and is 0 on the deadline day itself (due today).
   * Once `today` is after the deadline the case is overdue and the value is negative: minus the working
   * days in (deadline, today], and at least -1 (a case still open on the weekend after a Friday
   * deadline is overdue).
   */
  remainingWorkingDays(deadline: IsoDate, today: IsoDate): number {
    const d = toDay(deadline, 'deadline');
    const t = toDay(today, 'today');
    const between = this.workingDaysBetween(today, deadline);
    return t > d ? Math.min(-1, between) : between;
  }

  #isWorking(day: number): boolean {
    if (this.#workdays.has(day)) return true;
    if (this.#holidays.has(day)) return false;
    return !isWeekend(day);
  }

  #covered(day: number): number {
    const year = yearOf(day);
    if (!this.#years.has(year)) {
      const ys = this.years;
      const range = ys.length ? `${ys[0]}–${ys[ys.length - 1]}` : 'none';
      throw new CalendarError(
        'year-not-covered',
        `the holiday calendar does not cover ${year} (covered: ${range}); load the year's calendar file`,
        year,
      );
    }
    return day;
  }
}

/** A validated calendar from data (throws `invalid-data` / `invalid-date`). */
export function createWorkingCalendar(data: CalendarData): WorkingCalendar {
  return new WorkingCalendar(data);
}

/**
 * Warning colour of the electronic supervision (红黄牌): red when overdue (`remaining < 0`), yellow
 * when at most `yellowWhenAtMost` working days are left (so also on the deadline day), green otherwise.
 */
export function warningLevel(remaining: number, options: { yellowWhenAtMost: number }): WarningLevel {
  if (remaining < 0) return 'red';
  return remaining <= options.yellowWhenAtMost ? 'yellow' : 'green';
}

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of `instant` in `timeZone` (IANA name, Asia/Shanghai by default). */
export function dateInZone(instant: Date | number, timeZone: string = DEFAULT_TIME_ZONE): IsoDate {
  const ms = instant instanceof Date ? instant.getTime() : instant;
  if (!Number.isFinite(ms)) throw new CalendarError('invalid-date', 'the instant is not a valid time');
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', calendar: 'gregory', numberingSystem: 'latn' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
  return `${String(parts.year).padStart(4, '0')}-${parts.month}-${parts.day}`;
}

interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/**
 * The official data of the npm package chinese-days (State Council notices, 2004–2026) as
 * {@link CalendarData}. Its years are those it lists holidays for. (`inLieuDays`, the weekdays given
 * off for 调休, are already among its holidays.)
 */
export function officialCalendarData(): CalendarData {
  const json = chineseDays as ChineseDaysJson;
  const holidays = Object.keys(json.holidays).sort();
  const workdays = Object.keys(json.workdays).sort();
  const years = [...new Set(holidays.map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b);
  return { holidays, workdays, years };
}

let official: WorkingCalendar | undefined;

/** The official calendar of the package data, built once. */
export function officialCalendar(): WorkingCalendar {
  official ??= new WorkingCalendar(officialCalendarData());
  return official;
}
