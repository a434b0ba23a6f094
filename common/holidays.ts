/**
 * Indonesian national holidays (libur nasional) and collective leave days (cuti bersama) on which
 * the office is closed, as data: service levels are counted in working days without them
 * (common/workflow/service-level.ts). The server may replace the whole list from its configuration
 * (`PUBLIC_HOLIDAYS`, comma-separated ISO dates: parseHolidayDates) and serves it on GET /api/config,
 * so a region's own days off or a late government change need no new app version.
 *
 * 2026: SKB 3 Menteri No. 1497/2025, 2/2025, 5/2025 (17 holidays, 8 cuti bersama).
 * 2027: no SKB was at hand when this was written; the dates are the expected ones (Islamic
 * holidays by the calendar, which the government's sighting may move by a day) and carry
 * `provisional: true`, without cuti bersama. Replace them from the SKB once it is published.
 */
import type { LocalizedText } from './catalog.js';

export interface Holiday {
  /** ISO date (YYYY-MM-DD) in the office's calendar. */
  date: string;
  name: LocalizedText;
  kind: 'national' | 'collective-leave';
  /** Expected, not yet set by decree. */
  provisional?: boolean;
}

const national = (date: string, id: string, en: string, provisional?: true): Holiday =>
  ({ date, name: { id, en }, kind: 'national', ...(provisional ? { provisional } : {}) });
const leave = (date: string, id: string, en: string): Holiday =>
  ({ date, name: { id: `Cuti bersama ${id}`, en: `Collective leave: ${en}` }, kind: 'collective-leave' });

export const INDONESIAN_HOLIDAYS: readonly Holiday[] = [
  // --- 2026 (SKB 3 Menteri) ---
  national('2026-01-01', 'Tahun Baru 2026 Masehi', "New Year's Day"),
  national('2026-01-16', 'Isra Mikraj Nabi Muhammad SAW', "The Prophet's Ascension (Isra Mi'raj)"),
  leave('2026-02-16', 'Tahun Baru Imlek', 'Chinese New Year'),
  national('2026-02-17', 'Tahun Baru Imlek 2577 Kongzili', 'Chinese New Year'),
  leave('2026-03-18', 'Hari Suci Nyepi', 'Day of Silence (Nyepi)'),
  national('2026-03-19', 'Hari Suci Nyepi (Tahun Baru Saka 1948)', 'Day of Silence (Nyepi)'),
  leave('2026-03-20', 'Idul Fitri 1447 H', 'Eid al-Fitr'),
  national('2026-03-21', 'Idul Fitri 1447 H', 'Eid al-Fitr'),
  national('2026-03-22', 'Idul Fitri 1447 H', 'Eid al-Fitr (second day)'),
  leave('2026-03-23', 'Idul Fitri 1447 H', 'Eid al-Fitr'),
  leave('2026-03-24', 'Idul Fitri 1447 H', 'Eid al-Fitr'),
  national('2026-04-03', 'Wafat Yesus Kristus', 'Good Friday'),
  national('2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)', 'Easter Sunday'),
  national('2026-05-01', 'Hari Buruh Internasional', 'Labour Day'),
  national('2026-05-14', 'Kenaikan Yesus Kristus', 'Ascension Day'),
  leave('2026-05-15', 'Kenaikan Yesus Kristus', 'Ascension Day'),
  national('2026-05-27', 'Idul Adha 1447 H', 'Eid al-Adha'),
  leave('2026-05-28', 'Idul Adha 1447 H', 'Eid al-Adha'),
  national('2026-05-31', 'Hari Raya Waisak 2570 BE', 'Vesak Day'),
  national('2026-06-01', 'Hari Lahir Pancasila', 'Pancasila Day'),
  national('2026-06-16', 'Tahun Baru Islam 1448 H', 'Islamic New Year'),
  national('2026-08-17', 'Proklamasi Kemerdekaan', 'Independence Day'),
  national('2026-08-25', 'Maulid Nabi Muhammad SAW', "The Prophet's Birthday"),
  leave('2026-12-24', 'Hari Raya Natal', 'Christmas'),
  national('2026-12-25', 'Hari Raya Natal', 'Christmas Day'),

  // --- 2027 (expected dates; no decree yet) ---
  national('2027-01-01', 'Tahun Baru 2027 Masehi', "New Year's Day", true),
  national('2027-01-05', 'Isra Mikraj Nabi Muhammad SAW', "The Prophet's Ascension (Isra Mi'raj)", true),
  national('2027-02-06', 'Tahun Baru Imlek 2578 Kongzili', 'Chinese New Year', true),
  national('2027-03-09', 'Hari Suci Nyepi (Tahun Baru Saka 1949)', 'Day of Silence (Nyepi)', true),
  national('2027-03-10', 'Idul Fitri 1448 H', 'Eid al-Fitr', true),
  national('2027-03-11', 'Idul Fitri 1448 H', 'Eid al-Fitr (second day)', true),
  national('2027-03-26', 'Wafat Yesus Kristus', 'Good Friday', true),
  national('2027-03-28', 'Kebangkitan Yesus Kristus (Paskah)', 'Easter Sunday', true),
  national('2027-05-01', 'Hari Buruh Internasional', 'Labour Day', true),
  national('2027-05-06', 'Kenaikan Yesus Kristus', 'Ascension Day', true),
  national('2027-05-17', 'Idul Adha 1448 H', 'Eid al-Adha', true),
  national('2027-05-20', 'Hari Raya Waisak 2571 BE', 'Vesak Day', true),
  national('2027-06-01', 'Hari Lahir Pancasila', 'Pancasila Day', true),
  national('2027-06-06', 'Tahun Baru Islam 1449 H', 'Islamic New Year', true),
  national('2027-08-15', 'Maulid Nabi Muhammad SAW', "The Prophet's Birthday", true),
  national('2027-08-17', 'Proklamasi Kemerdekaan', 'Independence Day', true),
  national('2027-12-25', 'Hari Raya Natal', 'Christmas Day', true),
];

/** The dates of the built-in list: what a device uses until the server's list arrives. */
export const DEFAULT_HOLIDAY_DATES: readonly string[] = INDONESIAN_HOLIDAYS.map((holiday) => holiday.date);

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether the text is a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Reads a holiday list from configuration: ISO dates separated by commas (spaces and empty entries
 * forgiven), sorted, without repeats. Throws naming the first entry that is not a real date, so a
 * typo stops the server at start instead of silently shortening every deadline.
 */
export function parseHolidayDates(text: string): string[] {
  const entries = text.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  const wrong = entries.find((entry) => !isIsoDate(entry));
  if (wrong !== undefined) throw new Error(`PUBLIC_HOLIDAYS: "${wrong}" is not a date written YYYY-MM-DD`);
  return [...new Set(entries)].sort();
}
