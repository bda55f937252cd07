/**
 * Loading newer years of the holiday calendar from DATA_DIR/calendars/<year>.json.
 * The 2027 data here is made up (well formed, not an official notice).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CalendarError } from '@onewindow/domain';
import { CalendarFileError, loadCalendar } from './calendar.js';

const MADE_UP_2027 = {
  source: 'made up for the test',
  // 1/1 Fri; 2/8 Mon – 2/12 Fri
  holidays: ['2027-01-01', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'],
  // both Saturdays
  workdays: ['2027-02-06', '2027-02-20'],
};

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'onewindow-calendar-'));
});
afterEach(() => {
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function write(name: string, content: unknown) {
  fs.mkdirSync(path.join(dataDir, 'calendars'), { recursive: true });
  const text = typeof content === 'string' ? content : JSON.stringify(content);
  fs.writeFileSync(path.join(dataDir, 'calendars', name), text);
}

function fileError(fn: () => unknown): CalendarFileError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CalendarFileError) return e;
    throw e;
  }
  throw new Error('expected a CalendarFileError, nothing was thrown');
}

describe('loadCalendar', () => {
  it('is the package data alone without a calendars directory', () => {
    const cal = loadCalendar(dataDir);
    expect(cal.years.at(-1)).toBe(2026);
    expect(() => cal.isWorkingDay('2027-01-04')).toThrow(CalendarError);
  });

  it('adds a year from <year>.json over the package data', () => {
    write('2027.json', MADE_UP_2027);
    const cal = loadCalendar(dataDir);
    expect(cal.years.slice(-2)).toEqual([2026, 2027]);
    expect(cal.isWorkingDay('2027-01-01')).toBe(false);
    expect(cal.isWorkingDay('2027-01-04')).toBe(true);
    expect(cal.isWorkingDay('2027-02-06')).toBe(true); // Saturday worked
    expect(cal.isWorkingDay('2027-02-10')).toBe(false);
    // the package years are untouched: 2026-02-14 is a 调休 Saturday
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    // a deadline now runs across into 2027: 12/31 Thu (1), 1/1 off, 1/4 Mon (2)
    expect(cal.addWorkingDays('2026-12-30', 2)).toBe('2027-01-04');
    // 2/5 Fri (1), 2/6 Sat worked (2), 2/8–2/12 off, 2/15 Mon (3)
    expect(cal.addWorkingDays('2027-02-04', 3)).toBe('2027-02-15');
    expect(() => cal.isWorkingDay('2028-01-03')).toThrow(expect.objectContaining({ code: 'year-not-covered', year: 2028 }));
  });

  it('lets a file replace a shipped year entirely (a correction)', () => {
    write('2026.json', { holidays: ['2026-01-01'], workdays: [] });
    const cal = loadCalendar(dataDir);
    expect(cal.isWorkingDay('2026-01-01')).toBe(false);
    expect(cal.isWorkingDay('2026-01-02')).toBe(true);
    expect(cal.isWorkingDay('2026-02-14')).toBe(false);
    expect(cal.isWorkingDay('2025-01-26')).toBe(true); // 2025 still from the package
  });

  it.each([
    ['not JSON', '2027.json', '{ "holidays": [', /cannot be read as JSON/],
    ['an impossible date', '2027.json', { ...MADE_UP_2027, holidays: ['2027-02-30'] }, /malformed: holidays\.0: not a calendar date/],
    ['a missing list', '2027.json', { holidays: [] }, /malformed: workdays/],
    ['an unknown key', '2027.json', { ...MADE_UP_2027, inLieuDays: [] }, /malformed/],
    ['a date of another year', '2027.json', { ...MADE_UP_2027, holidays: ['2028-01-01'] }, /2028-01-01 is not in 2027/],
    ['a day both off and worked', '2027.json', { ...MADE_UP_2027, holidays: ['2027-02-06'] }, /2027-02-06 is listed twice/],
    ['a weekday as 调休 working day', '2027.json', { ...MADE_UP_2027, workdays: ['2027-02-15'] }, /not a Saturday or Sunday/],
    ['a file not named by its year', 'next.json', MADE_UP_2027, /not named <year>\.json/],
  ])('refuses %s, naming the file', (_what, name, content, message) => {
    write(name, content);
    const e = fileError(() => loadCalendar(dataDir));
    expect(e.file).toBe(path.join(dataDir, 'calendars', name));
    expect(e.message).toContain(e.file);
    expect(e.message).toMatch(message);
  });
});
