/**
 * What anyone may know about an application without signing in: the address printed in a
 * receipt's QR code, the public tracking answer behind it, and the office's holidays (the same
 * GET /api/config answer). Components reach them only here.
 */
import { get, set } from 'idb-keyval';
import type { LocalizedText, PermitCatalog } from '../../common/catalog.js';
import { isIsoDate } from '../../common/holidays.js';
import { WorkingCalendar, defaultCalendar } from '../../common/workflow/service-level.js';
import { TRACKING_PATH, type PublicConfigResponse, type PublicTrackingResponse } from '../../common/sync-protocol.js';
import { apiRequest } from './api.js';


/** The office's public address, kept on the device so an offline receipt still prints the right link. */
const PUBLIC_URL_SETTING = 'public-url';

let known: string | undefined;

function clean(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/**
 * The office's public address as last known: from memory, else from the device (an offline
 * receipt), else this page's own origin. Asks the server in the background for the newest.
 */
export async function publicUrl(): Promise<string> {
  if (known) return known;
  const saved = await get<string>(PUBLIC_URL_SETTING).catch(() => undefined);
  known = (saved && clean(saved)) || undefined;
  const asked = refreshPublicUrl();
  return known ?? (await asked) ?? location.origin;
}

let asking: Promise<string | undefined> | undefined;

/** Asks the server for its public address (`GET /api/config`) and keeps it on the device. */
export function refreshPublicUrl(): Promise<string | undefined> {
  asking ??= apiRequest<Partial<PublicConfigResponse>>('/config', { timeoutMs: 10_000 })
    .then(async (config) => {
      const url = typeof config.publicUrl === 'string' ? clean(config.publicUrl) : undefined;
      if (url) {
        known = url;
        await set(PUBLIC_URL_SETTING, url).catch(() => undefined);
      }
      await keepHolidays(config.holidays);
      return url;
    })
    // Offline, or a server without the endpoint yet: the saved address (or the origin) stays.
    .catch(() => undefined)
    .finally(() => { asking = undefined; });
  return asking;
}

/** The office's holidays as the server last said (PUBLIC_HOLIDAYS or its built-in list), kept for offline days-left. */
const HOLIDAYS_SETTING = 'holidays';

let keptCalendar: { dates: readonly string[]; calendar: WorkingCalendar } | undefined;

/** Keeps the server's holiday list; an answer without one (an older server) or with a wrong entry changes nothing. */
async function keepHolidays(holidays: unknown): Promise<void> {
  if (!Array.isArray(holidays) || !holidays.every((date): date is string => typeof date === 'string' && isIsoDate(date))) return;
  const dates = [...new Set(holidays)].sort();
  await set(HOLIDAYS_SETTING, dates).catch(() => undefined);
  calendarOf(dates);
}

/** One calendar per list: a calendar caches its day starts, so a queue's pages should share it. */
function calendarOf(dates: readonly string[]): WorkingCalendar {
  if (keptCalendar && keptCalendar.dates.join() === dates.join()) return keptCalendar.calendar;
  keptCalendar = { dates, calendar: new WorkingCalendar({ holidays: dates }) };
  return keptCalendar.calendar;
}

/**
 * The office's working calendar: the holidays the server last gave this device (kept in IndexedDB,
 * so offline too), else the built-in list (common/holidays.ts) until the device has asked once.
 */
export async function officeCalendar(): Promise<WorkingCalendar> {
  if (keptCalendar) return keptCalendar.calendar;
  const saved = await get<unknown>(HOLIDAYS_SETTING).catch(() => undefined);
  if (Array.isArray(saved) && saved.every((date): date is string => typeof date === 'string' && isIsoDate(date))) return calendarOf(saved);
  return defaultCalendar;
}

/** The number in a tracking path (`/lacak/P-7KQ2-M9XD`), or undefined for any other path. */
export function trackedNumber(pathname: string): string | undefined {
  if (!pathname.startsWith(TRACKING_PATH)) return undefined;
  const raw = pathname.slice(TRACKING_PATH.length);
  // `/lacak/a/b` is no number; a registration number's own slashes come escaped (%2F, trackingUrl).
  if (raw.includes('/')) return undefined;
  try {
    const number = decodeURIComponent(raw).trim();
    return number === '' ? undefined : number;
  } catch {
    return undefined;
  }
}

/** What anyone may see of an application: the server's answer, and its permit type's name from the catalog. */
export interface PublicTracking extends PublicTrackingResponse {
  permitTypeName?: LocalizedText;
}

/**
 * Asks `GET /api/public/track/:number` (no sign-in), and the public catalog for the permit
 * type's name. Throws ApiRequestError (e.g. 404: no such number yet) or UnreachableError (no
 * network), as every API call does.
 */
export async function trackApplication(number: string): Promise<PublicTracking> {
  const [tracking, catalog] = await Promise.all([
    apiRequest<PublicTrackingResponse>(`/public/track/${encodeURIComponent(number)}`, { timeoutMs: 15_000 }),
    // The name only makes the page friendlier: without the catalog the type's id is shown.
    apiRequest<PermitCatalog>('/catalog', { timeoutMs: 15_000 }).catch(() => undefined),
  ]);
  const type = catalog?.permitTypes.find((candidate) => candidate.id === tracking.permitTypeId);
  return { ...tracking, ...(type ? { permitTypeName: type.name } : {}) };
}
