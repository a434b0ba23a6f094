/**
 * Service levels in working days, the way an office counts them: weekends and public holidays
 * (common/holidays.ts) do not count, and neither does the time the office waits for the applicant
 * (the application's `clockStops`). Days are the office's days, in its time zone (WIB by default),
 * so a submission at 23:30 WIB on a Friday falls on that Friday, whatever the device's zone.
 *
 * Time is counted exactly: an SLA of N working days is N × 24 hours of working-day time after the
 * clock started. Submitted Monday 10:00 with 2 working days → due Wednesday 10:00; submitted on a
 * Saturday → the clock starts Monday 00:00. A pause from Friday 10:00 to Tuesday 10:00 takes out
 * exactly 2 working days (Friday's 14 hours, Monday, Tuesday's 10 hours). Pure: `now` is passed in.
 */
import type { ApplicationDoc, ClockStop } from '../application-schema.js';
import { DEFAULT_HOLIDAY_DATES } from '../holidays.js';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const OFFICE_TIME_ZONE = 'Asia/Jakarta';
/** Far enough for any SLA; stops a calendar with no working day from looping for ever. */
const MAX_DAYS_WALKED = 366 * 20;

export interface CalendarOptions {
  /** IANA zone of the office (Asia/Jakarta, Asia/Makassar, Asia/Jayapura). */
  timeZone?: string;
  /** ISO dates (YYYY-MM-DD) the office is closed. */
  holidays?: readonly string[];
  /** Days of the week the office is closed, 0 = Sunday (an MPP open on Saturdays passes [0]). */
  weekendDays?: readonly number[];
}

/** Civil dates as whole day numbers (days since 1970-01-01): cheap to step, compare and cache. */
const dayNumberOf = (dateKey: string): number => {
  const [year, month, day] = dateKey.split('-').map(Number) as [number, number, number];
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
};

/**
 * The office's calendar: which local days are working days and where each begins. Day starts are
 * cached by day number, so walking a queue of 10,000 deadlines costs one time-zone conversion per
 * row and a few integer steps per day walked.
 */
export class WorkingCalendar {
  readonly timeZone: string;
  private readonly holidays: ReadonlySet<number>;
  private readonly weekendDays: ReadonlySet<number>;
  private readonly dateFormat: Intl.DateTimeFormat;
  private readonly partsFormat: Intl.DateTimeFormat;
  private readonly dayStarts = new Map<number, number>();

  constructor(options: CalendarOptions = {}) {
    this.timeZone = options.timeZone ?? OFFICE_TIME_ZONE;
    this.holidays = new Set((options.holidays ?? DEFAULT_HOLIDAY_DATES).map(dayNumberOf));
    this.weekendDays = new Set(options.weekendDays ?? [0, 6]);
    this.dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: this.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    this.partsFormat = new Intl.DateTimeFormat('en-US', {
      timeZone: this.timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  }

  /** The office's date (YYYY-MM-DD) at an instant. */
  localDate(instant: number): string {
    return this.dateFormat.format(instant);
  }

  isWorkingDay(dateKey: string): boolean {
    return this.isWorkingDayNumber(dayNumberOf(dateKey));
  }

  /** The instant the office's day begins (local midnight). */
  dayStart(dateKey: string): number {
    return this.dayStartOf(dayNumberOf(dateKey));
  }

  /** The working-day intervals [from, to) between two instants, day by day, in order. */
  *workingIntervals(from: number, to: number): Generator<[number, number]> {
    let day = dayNumberOf(this.localDate(from));
    let start = this.dayStartOf(day);
    for (let walked = 0; walked < MAX_DAYS_WALKED && start < to; walked++, day++) {
      const end = this.dayStartOf(day + 1);
      if (end > from && this.isWorkingDayNumber(day)) yield [Math.max(start, from), Math.min(end, to)];
      start = end;
    }
  }

  private isWorkingDayNumber(day: number): boolean {
    // 1970-01-01 was a Thursday (4).
    return !this.holidays.has(day) && !this.weekendDays.has((day + 4) % 7);
  }

  private dayStartOf(day: number): number {
    const cached = this.dayStarts.get(day);
    if (cached !== undefined) return cached;
    const wall = day * DAY_MS;
    // Two passes: the zone's offset at the first guess, then at the instant found (a DST change).
    let instant = wall - this.offset(wall);
    instant = wall - this.offset(instant);
    this.dayStarts.set(day, instant);
    return instant;
  }

  private offset(instant: number): number {
    const parts: Record<string, number> = {};
    for (const part of this.partsFormat.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
    const wall = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
    return wall - Math.floor(instant / 1000) * 1000;
  }
}

/** The calendar with the built-in holidays, in WIB (replace it when the server's list arrives). */
export const defaultCalendar = new WorkingCalendar();

type Instant = number | string | Date;
const toMs = (value: Instant): number => (typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : value.getTime());

export interface ServiceLevelOptions {
  calendar?: WorkingCalendar;
  /** Pauses of the clock; an open one (no `to`) lasts until `now`. */
  clockStops?: readonly ClockStop[];
  /** The instant "now" (ms); default Date.now(). */
  now?: number;
}

/** Clock stops as sorted, merged [from, to) intervals; an open stop ends at `now`. */
function pauses(stops: readonly ClockStop[], now: number): [number, number][] {
  const intervals = stops
    .map((stop): [number, number] => {
      const from = Date.parse(stop.from);
      return [from, stop.to === undefined ? Math.max(from, now) : Date.parse(stop.to)];
    })
    .filter(([from, to]) => Number.isFinite(from) && Number.isFinite(to) && to > from)
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const interval of intervals) {
    const last = merged.at(-1);
    if (last && interval[0] <= last[1]) last[1] = Math.max(last[1], interval[1]);
    else merged.push([...interval]);
  }
  return merged;
}

/** The parts of [from, to) outside every pause. */
function* minusPauses(from: number, to: number, paused: readonly [number, number][]): Generator<[number, number]> {
  let cursor = from;
  for (const [pauseFrom, pauseTo] of paused) {
    if (pauseTo <= cursor) continue;
    if (pauseFrom >= to) break;
    if (pauseFrom > cursor) yield [cursor, pauseFrom];
    cursor = Math.max(cursor, pauseTo);
    if (cursor >= to) return;
  }
  if (cursor < to) yield [cursor, to];
}

/** Working time (ms) between two instants, pauses left out; negative when `to` is before `from`. */
export function workingMsBetween(from: Instant, to: Instant, options: ServiceLevelOptions = {}): number {
  const [start, end] = [toMs(from), toMs(to)];
  if (end < start) return -workingMsBetween(end, start, options);
  const calendar = options.calendar ?? defaultCalendar;
  const paused = pauses(options.clockStops ?? [], options.now ?? Date.now());
  let total = 0;
  for (const [dayFrom, dayTo] of calendar.workingIntervals(start, end)) {
    for (const [runFrom, runTo] of minusPauses(dayFrom, dayTo, paused)) total += runTo - runFrom;
  }
  return total;
}

/** Working days (fractional) between two instants. */
export function workingDaysBetween(from: Instant, to: Instant, options: ServiceLevelOptions = {}): number {
  return workingMsBetween(from, to, options) / DAY_MS;
}

/** When an SLA of `slaWorkingDays` that started at `start` runs out; while paused, as if it restarted now. */
export function dueDate(start: Instant, slaWorkingDays: number, options: ServiceLevelOptions = {}): Date {
  const calendar = options.calendar ?? defaultCalendar;
  const paused = pauses(options.clockStops ?? [], options.now ?? Date.now());
  let remaining = slaWorkingDays * DAY_MS;
  const from = toMs(start);
  if (remaining <= 0) return new Date(from);
  for (const [dayFrom, dayTo] of calendar.workingIntervals(from, Number.POSITIVE_INFINITY)) {
    for (const [runFrom, runTo] of minusPauses(dayFrom, dayTo, paused)) {
      if (runTo - runFrom >= remaining) return new Date(runFrom + remaining);
      remaining -= runTo - runFrom;
    }
  }
  throw new Error(`no working day within ${MAX_DAYS_WALKED} days of ${new Date(from).toISOString()}`);
}

/**
 * Whole working days left until the due date: a part of a day counts as a day (0.2 left → 1, "due
 * within a working day"); overdue gives a negative count of the days past (0.2 late → -1); 0 only
 * exactly at the due instant.
 */
export function daysLeft(start: Instant, slaWorkingDays: number, options: ServiceLevelOptions = {}): number {
  const now = options.now ?? Date.now();
  return wholeDaysLeft(dueDate(start, slaWorkingDays, { ...options, now }), { ...options, now });
}

function wholeDaysLeft(due: Date, options: ServiceLevelOptions & { now: number }): number {
  const left = workingMsBetween(options.now, due, options) / DAY_MS;
  return left >= 0 ? Math.ceil(left) : -Math.ceil(-left);
}

export function overdue(start: Instant, slaWorkingDays: number, options: ServiceLevelOptions = {}): boolean {
  const now = options.now ?? Date.now();
  return dueDate(start, slaWorkingDays, { ...options, now }).getTime() < now;
}

export interface ServiceLevelState {
  /** When the clock started: the application's first submission (server time). */
  startedAt: string;
  due: Date;
  daysLeft: number;
  overdue: boolean;
  /** The clock is stopped now (returned, or a question open). */
  paused: boolean;
}

/** The instant the SLA clock started: the first `submitted` stage, else the device's submission time. */
export function clockStart(application: Pick<ApplicationDoc, 'stages' | 'submittedAt'>): string | undefined {
  return application.stages?.find((stage) => stage.stage === 'submitted')?.at ?? application.submittedAt;
}

/**
 * The service level of an application at `now`, for a queue row; undefined before submission (or
 * for a permit type without a target).
 */
export function serviceLevelOf(application: Pick<ApplicationDoc, 'status' | 'stages' | 'submittedAt' | 'clockStops'>,
  slaWorkingDays: number | undefined, options: ServiceLevelOptions = {}): ServiceLevelState | undefined {
  const startedAt = clockStart(application);
  if (application.status === 'draft' || startedAt === undefined || slaWorkingDays === undefined || !Number.isFinite(Date.parse(startedAt))) return undefined;
  const now = options.now ?? Date.now();
  const withStops = { ...options, clockStops: application.clockStops ?? [], now };
  const due = dueDate(startedAt, slaWorkingDays, withStops);
  return {
    startedAt,
    due,
    daysLeft: wholeDaysLeft(due, withStops),
    overdue: due.getTime() < now,
    paused: (application.clockStops ?? []).some((stop) => stop.to === undefined),
  };
}
