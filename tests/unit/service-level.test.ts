/**
 * Service levels on real dates: a weekend, Lebaran 2026 (SKB 3 Menteri) and 2027 (expected dates),
 * a clock stop over a weekend, the office's time zone. Times are written in WIB (+07:00).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_HOLIDAY_DATES, INDONESIAN_HOLIDAYS, isIsoDate, parseHolidayDates } from '../../common/holidays.js';
import {
  WorkingCalendar, clockStart, daysLeft, defaultCalendar, dueDate, overdue, serviceLevelOf, workingDaysBetween,
} from '../../common/workflow/service-level.js';

const wib = (local: string): number => Date.parse(`${local}+07:00`);
const iso = (local: string): string => new Date(wib(local)).toISOString();

describe('working days and due dates', () => {
  it('skips a weekend: Friday 10:00 + 2 working days is Tuesday 10:00', () => {
    assert.equal(dueDate(wib('2026-11-27T10:00:00'), 2).toISOString(), iso('2026-12-01T10:00:00'));
    assert.equal(workingDaysBetween(wib('2026-11-27T10:00:00'), wib('2026-12-01T10:00:00')), 2);
    assert.equal(workingDaysBetween(wib('2026-11-28T00:00:00'), wib('2026-11-30T00:00:00')), 0, 'a weekend is no working time');
  });

  it('starts a clock that began on a Saturday on Monday morning', () => {
    assert.equal(dueDate(wib('2026-11-28T12:00:00'), 1).toISOString(), iso('2026-12-01T00:00:00'));
  });

  it('skips Nyepi and Lebaran 2026 with their cuti bersama (18-24 March)', () => {
    // Tue 17 March 09:00: 15 h that day; 18 (cuti Nyepi), 19 (Nyepi), 20 (cuti), 21-22 (Idul Fitri, a
    // weekend), 23-24 (cuti) do not count; Wed 25 and Thu 26 do; 9 h of Fri 27 remain.
    assert.equal(dueDate(wib('2026-03-17T09:00:00'), 3).toISOString(), iso('2026-03-27T09:00:00'));
    assert.equal(workingDaysBetween(wib('2026-03-18T00:00:00'), wib('2026-03-25T00:00:00')), 0, 'the whole Lebaran week is closed');
    const withoutHolidays = new WorkingCalendar({ holidays: [] });
    assert.equal(dueDate(wib('2026-03-17T09:00:00'), 3, { calendar: withoutHolidays }).toISOString(), iso('2026-03-20T09:00:00'));
  });

  it('skips Nyepi and Lebaran 2027 (9-11 March, expected dates)', () => {
    // Mon 8 March 09:00: 15 h; Tue 9 (Nyepi), Wed 10-Thu 11 (Idul Fitri) closed; Fri 12 counts; the
    // weekend does not; 9 h of Monday 15 March remain.
    assert.equal(dueDate(wib('2027-03-08T09:00:00'), 2).toISOString(), iso('2027-03-15T09:00:00'));
  });

  it('leaves out a clock stop over a weekend: Friday 10:00 to Tuesday 10:00 is 2 working days', () => {
    const clockStops = [{ from: iso('2026-11-27T10:00:00'), to: iso('2026-12-01T10:00:00') }];
    // Without the stop: Monday 23 November 08:00 + 5 working days = Monday 30 November 08:00.
    assert.equal(dueDate(wib('2026-11-23T08:00:00'), 5).toISOString(), iso('2026-11-30T08:00:00'));
    assert.equal(dueDate(wib('2026-11-23T08:00:00'), 5, { clockStops }).toISOString(), iso('2026-12-02T08:00:00'));
    assert.equal(workingDaysBetween(wib('2026-11-23T08:00:00'), wib('2026-12-02T08:00:00'), { clockStops }), 5);
  });

  it('keeps extending the due date while the clock is still stopped, and keeps the days left', () => {
    const clockStops = [{ from: iso('2026-11-26T12:00:00') }];
    const start = wib('2026-11-23T08:00:00');
    const early = { clockStops, now: wib('2026-11-27T12:00:00') };
    const later = { clockStops, now: wib('2026-12-01T12:00:00') };
    assert.ok(dueDate(start, 5, later) > dueDate(start, 5, early), 'the due date moves with now while stopped');
    assert.equal(dueDate(start, 5, early).toISOString(), iso('2026-12-01T08:00:00'));
    assert.equal(daysLeft(start, 5, early), daysLeft(start, 5, later));
    assert.equal(overdue(start, 5, { clockStops, now: wib('2026-12-20T12:00:00') }), false, 'never overdue while the office waits for the applicant');
  });

  it('counts whole days left, and days past once overdue', () => {
    const start = wib('2026-11-27T10:00:00'); // due Tuesday 1 December 10:00
    assert.equal(daysLeft(start, 2, { now: wib('2026-11-30T09:00:00') }), 2, '25 working hours left');
    assert.equal(daysLeft(start, 2, { now: wib('2026-12-01T09:00:00') }), 1, 'one hour left is a day to go');
    assert.equal(daysLeft(start, 2, { now: wib('2026-12-01T10:00:00') }), 0);
    assert.equal(overdue(start, 2, { now: wib('2026-12-01T10:00:00') }), false);
    assert.equal(daysLeft(start, 2, { now: wib('2026-12-01T11:00:00') }), -1);
    assert.equal(overdue(start, 2, { now: wib('2026-12-01T11:00:00') }), true);
    assert.equal(daysLeft(start, 2, { now: wib('2026-12-02T11:00:00') }), -2);
    assert.equal(daysLeft(start, 2, { now: wib('2026-12-05T11:00:00') }), -4, 'the weekend after does not add days late');
  });

  it('counts days in the office\'s time zone: 23:30 WIB on a Friday is that Friday, 01:30 WIT a Saturday', () => {
    const late = wib('2026-11-27T23:30:00');
    assert.equal(defaultCalendar.localDate(late), '2026-11-27');
    assert.equal(dueDate(late, 1).toISOString(), iso('2026-11-30T23:30:00'));
    const papua = new WorkingCalendar({ timeZone: 'Asia/Jayapura' });
    assert.equal(papua.localDate(late), '2026-11-28');
    assert.equal(dueDate(late, 1, { calendar: papua }).toISOString(), new Date(Date.parse('2026-12-01T00:00:00+09:00')).toISOString());
  });

  it('lets an office open on Saturdays say so', () => {
    const saturdays = new WorkingCalendar({ weekendDays: [0], holidays: [] });
    assert.equal(dueDate(wib('2026-11-27T10:00:00'), 2, { calendar: saturdays }).toISOString(), iso('2026-11-30T10:00:00'));
  });
});

describe('an application\'s service level', () => {
  const base = { status: 'in-review' as const, submittedAt: iso('2026-11-23T07:00:00'), stages: [{ stage: 'submitted' as const, at: iso('2026-11-23T08:00:00') }] };

  it('starts the clock at the first submission the server recorded (else the device\'s time)', () => {
    assert.equal(clockStart(base), iso('2026-11-23T08:00:00'));
    assert.equal(clockStart({ submittedAt: iso('2026-11-23T07:00:00') }), iso('2026-11-23T07:00:00'));
    const resubmitted = { ...base, stages: [...base.stages, { stage: 'returned' as const, at: iso('2026-11-24T08:00:00') }, { stage: 'submitted' as const, at: iso('2026-11-25T08:00:00') }] };
    assert.equal(clockStart(resubmitted), iso('2026-11-23T08:00:00'), 'a resubmission does not restart the clock: the stop covered the wait');
  });

  it('gives due date, days left, overdue and whether the clock is stopped', () => {
    const state = serviceLevelOf({ ...base, clockStops: [{ from: iso('2026-11-27T10:00:00'), to: iso('2026-12-01T10:00:00') }] }, 5, { now: wib('2026-12-01T12:00:00') });
    assert.equal(state?.due.toISOString(), iso('2026-12-02T08:00:00'));
    assert.equal(state?.daysLeft, 1);
    assert.equal(state?.overdue, false);
    assert.equal(state?.paused, false);
    const waiting = serviceLevelOf({ ...base, status: 'needs-information', clockStops: [{ from: iso('2026-11-27T10:00:00') }] }, 5, { now: wib('2026-12-10T12:00:00') });
    assert.equal(waiting?.paused, true);
    assert.equal(waiting?.overdue, false);
    assert.equal(serviceLevelOf({ ...base, status: 'draft' }, 5), undefined);
    assert.equal(serviceLevelOf({ status: 'submitted' }, 5), undefined, 'no submission time, no clock');
  });
});

describe('the holiday list', () => {
  it('holds the SKB 2026: 17 national holidays and 8 days of cuti bersama, every one a real date', () => {
    const of2026 = INDONESIAN_HOLIDAYS.filter((holiday) => holiday.date.startsWith('2026-'));
    assert.equal(of2026.filter((holiday) => holiday.kind === 'national').length, 17);
    assert.equal(of2026.filter((holiday) => holiday.kind === 'collective-leave').length, 8);
    assert.ok(of2026.every((holiday) => !holiday.provisional), '2026 is set by decree');
    assert.ok(INDONESIAN_HOLIDAYS.filter((holiday) => holiday.date.startsWith('2027-')).every((holiday) => holiday.provisional), '2027 is marked expected');
    for (const holiday of INDONESIAN_HOLIDAYS) {
      assert.ok(isIsoDate(holiday.date), holiday.date);
      assert.ok(holiday.name.id && holiday.name.en, `${holiday.date} is named in both languages`);
    }
    assert.deepEqual([...DEFAULT_HOLIDAY_DATES], [...DEFAULT_HOLIDAY_DATES].sort(), 'in date order');
  });

  it('reads a configured list (PUBLIC_HOLIDAYS) and refuses a date that does not exist', () => {
    assert.deepEqual(parseHolidayDates(' 2026-12-25, 2026-01-01,,2026-12-25 '), ['2026-01-01', '2026-12-25']);
    assert.deepEqual(parseHolidayDates(''), []);
    assert.throws(() => parseHolidayDates('2026-01-01,2026-02-30'), /"2026-02-30"/);
    assert.throws(() => parseHolidayDates('1/1/2026'), /YYYY-MM-DD/);
  });
});

// Speed is a bench's business (DEVELOPERS.md), not a timed test's: this only checks a large queue computes.
describe('many rows', () => {
  it('computes 10,000 queue deadlines with one calendar', () => {
    const now = wib('2026-12-01T12:00:00');
    let overdueCount = 0;
    for (let row = 0; row < 10_000; row++) {
      const submitted = new Date(wib('2026-09-01T08:00:00') + row * 3_600_000).toISOString();
      const state = serviceLevelOf({ status: 'in-review', stages: [{ stage: 'submitted', at: submitted }] }, 5 + (row % 10), { now });
      if (state?.overdue) overdueCount++;
    }
    assert.ok(overdueCount > 0 && overdueCount < 10_000, `some are overdue, not all (${overdueCount})`);
  });
});
