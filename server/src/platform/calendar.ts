/**
 * The node's holiday calendar: the official data shipped with chinese-days, plus years loaded from
 * `DATA_DIR/calendars/<year>.json` so that a newly published year (or a correction) needs no release.
 * File format: docs/operations.md, "Holiday calendar".
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CalendarError, WorkingCalendar, officialCalendarData, type CalendarData } from '@onewindow/domain';

/** A calendar file that is missing pieces, malformed, or contradicts itself; names the file. */
export class CalendarFileError extends Error {
  override readonly name = 'CalendarFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`holiday calendar file ${file}: ${problem}`);
  }
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'not a date YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(d)) && new Date(Date.parse(d)).toISOString().slice(0, 10) === d, 'not a calendar date');

/** One year of official data, as published by the State Council. */
export const calendarFileSchema = z
  .object({
    /** days off: the holidays and the weekdays given off for 调休 */
    holidays: z.array(isoDate),
    /** 调休 weekend days that are working days */
    workdays: z.array(isoDate),
    /** where the data comes from, e.g. the notice's number (国办发明电〔…〕…号) */
    source: z.string().max(200).optional(),
  })
  .strict();

const FILE_NAME = /^(\d{4})\.json$/;

/** The directory of the calendar files under the data directory. */
export const calendarDir = (dataDir: string) => path.join(dataDir, 'calendars');

/** Reads and checks one file; its dates must all lie in `year`, with no date twice. */
function readYear(file: string, year: number): { holidays: string[]; workdays: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CalendarFileError(file, `cannot be read as JSON (${(e as Error).message})`);
  }
  const parsed = calendarFileSchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new CalendarFileError(file, `is malformed: ${issues}`);
  }
  const { holidays, workdays } = parsed.data;
  const seen = new Set<string>();
  for (const d of [...holidays, ...workdays]) {
    if (Number(d.slice(0, 4)) !== year) throw new CalendarFileError(file, `${d} is not in ${year}`);
    if (seen.has(d)) throw new CalendarFileError(file, `${d} is listed twice (holiday and working day, or repeated)`);
    seen.add(d);
  }
  return { holidays, workdays };
}

/**
 * The node's working calendar: the package data (2004–2026), with each `DATA_DIR/calendars/<year>.json`
 * replacing that year entirely (a new year, or a correction of a shipped one). No directory: the package
 * data alone. Throws a {@link CalendarFileError} naming the file for any malformed or contradictory file;
 * the caller should refuse to start.
 */
export function loadCalendar(dataDir: string): WorkingCalendar {
  const base = officialCalendarData();
  const dir = calendarDir(dataDir);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort() : [];
  const loaded = new Map<number, { holidays: string[]; workdays: string[] }>();
  for (const name of files) {
    const file = path.join(dir, name);
    const match = FILE_NAME.exec(name);
    if (!match) throw new CalendarFileError(file, 'is not named <year>.json (e.g. 2027.json)');
    const year = Number(match[1]);
    const data = readYear(file, year);
    try {
      // checks what the schema cannot: 调休 working days on weekends only
      new WorkingCalendar({ ...data, years: [year] });
    } catch (e) {
      if (e instanceof CalendarError) throw new CalendarFileError(file, e.message);
      throw e;
    }
    loaded.set(year, data);
  }
  const keep = (d: string) => !loaded.has(Number(d.slice(0, 4)));
  const merged: CalendarData = {
    holidays: [...base.holidays.filter(keep), ...[...loaded.values()].flatMap((y) => y.holidays)],
    workdays: [...base.workdays.filter(keep), ...[...loaded.values()].flatMap((y) => y.workdays)],
    years: [...new Set([...base.years, ...loaded.keys()])].sort((a, b) => a - b),
  };
  return new WorkingCalendar(merged);
}
