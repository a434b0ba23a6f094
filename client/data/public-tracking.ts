/**
 * What anyone may know about an application without signing in: the address printed in a
 * receipt's QR code, and the public tracking answer behind it. Components reach both only here.
 */
import { get, set } from 'idb-keyval';
import { apiRequest } from './api.js';

/** The office's public address, kept on the device so an offline receipt still prints the right link. */
const PUBLIC_URL_SETTING = 'public-url';

/**
 * The path a receipt's QR code opens: `/lacak/<number>` ("lacak" is "track"). It is a path, not a
 * hash, so that any phone's camera app opens it in any browser and the server can answer it; it
 * must never change, printed receipts carry it.
 */
export const TRACKING_PATH = '/lacak/';

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
  asking ??= apiRequest<{ publicUrl?: unknown }>('/config', { timeoutMs: 10_000 })
    .then(async (config) => {
      const url = typeof config.publicUrl === 'string' ? clean(config.publicUrl) : undefined;
      if (url) {
        known = url;
        await set(PUBLIC_URL_SETTING, url).catch(() => undefined);
      }
      return url;
    })
    // Offline, or a server without the endpoint yet: the saved address (or the origin) stays.
    .catch(() => undefined)
    .finally(() => { asking = undefined; });
  return asking;
}

/** The link a receipt's QR code holds for an application's receipt number. */
export function trackingLink(base: string, number: string): string {
  return `${base}${TRACKING_PATH}${encodeURIComponent(number)}`;
}

/** The number in a tracking path (`/lacak/P-7KQ2-M9XD`), or undefined for any other path. */
export function trackedNumber(pathname: string): string | undefined {
  if (!pathname.startsWith(TRACKING_PATH)) return undefined;
  try {
    const number = decodeURIComponent(pathname.slice(TRACKING_PATH.length)).trim();
    return number === '' || number.includes('/') ? undefined : number;
  } catch {
    return undefined;
  }
}

/** What the public tracking endpoint tells about an application (no names, no answers). */
export interface PublicTracking {
  permitType?: { id?: string; code?: string; name?: { id: string; en: string } } | string;
  status: string;
  provisionalNumber?: string;
  registrationNumber?: string;
  submittedAt?: string;
  registeredAt?: string;
  returnedAt?: string;
  updatedAt?: string | number;
}

/**
 * Asks `GET /api/public/track/:number` (no sign-in). Throws ApiRequestError (e.g. 404: no such
 * number yet) or UnreachableError (no network), as every API call does.
 */
export async function trackApplication(number: string): Promise<PublicTracking> {
  const answer = await apiRequest<PublicTracking | { application: PublicTracking }>(`/public/track/${encodeURIComponent(number)}`, { timeoutMs: 15_000 });
  // Either the tracking itself or wrapped in `application`: whichever the server sends.
  return 'application' in answer ? answer.application : answer;
}
