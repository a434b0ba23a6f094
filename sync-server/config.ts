/**
 * Configuration comes from the environment only, with defaults that need no setup.
 */
import path from 'node:path';
import { parseHolidayDates } from '../common/holidays.js';
import type { RateLimits } from './auth/rate-limits.js';

export interface ServerConfig {
  port: number;
  /** Loopback by default: a booth laptop must not expose the service to the market's Wi-Fi. */
  host: string;
  /** When set, this Apache CouchDB 3 is used instead of the embedded store. */
  couchUrl: string | undefined;
  dataDir: string;
  /** The built PWA, served on the same origin as the API. */
  staticDir: string;
  loadDemoData: boolean;
  /** Express's `trust proxy` (TRUST_PROXY) when a TLS proxy sits in front. */
  trustProxy?: string | undefined;
  /** The office's time zone (OFFICE_TIME_ZONE): registration numbers restart each month there. */
  timeZone?: string | undefined;
  /**
   * How long (ms) an account's existence is trusted before a request reads it again (ACCOUNT_CACHE_MS,
   * default 5000): a removed account's cookie stops working within that time. 0 reads it every time.
   */
  accountCacheMs?: number | undefined;
  /** Limits on failed sign-ins and claims (auth/rate-limits.ts); SIGN_IN_FAILURES_PER_ADDRESS for a large office behind one address. */
  rateLimits?: Partial<RateLimits> | undefined;
  /** Where receipts' QR links point (PUBLIC_URL, e.g. https://ptsp.example.go.id); default: this server's own address. */
  publicUrl?: string | undefined;
  /**
   * SYNC_PROCESSES=shared when several sync-server processes write to one CouchDB (cluster): the
   * write order and the pulls' floor go through the store (sync/shared-write-sequencer.ts). Default
   * 'one': the in-process sequencer, one process per store.
   */
  syncProcesses?: 'one' | 'shared' | undefined;
  /**
   * The office's holidays (PUBLIC_HOLIDAYS, comma-separated ISO dates), replacing the built-in list
   * of common/holidays.ts; served to devices on GET /api/config. A wrong entry stops the start: a
   * typo would otherwise shift every deadline silently.
   */
  holidays?: string[] | undefined;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    couchUrl: env.COUCHDB_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? '.data'),
    staticDir: path.resolve(env.STATIC_DIR ?? 'dist'),
    // Demo accounts have a published password: never create them in a real CouchDB unless asked.
    loadDemoData: env.DEMO_DATA === undefined ? !env.COUCHDB_URL : env.DEMO_DATA !== '0',
    trustProxy: env.TRUST_PROXY || undefined,
    timeZone: officeTimeZone(env.OFFICE_TIME_ZONE),
    accountCacheMs: wholeNumber(env, 'ACCOUNT_CACHE_MS'),
    publicUrl: publicUrlOf(env.PUBLIC_URL),
    syncProcesses: syncProcessesOf(env.SYNC_PROCESSES),
    holidays: env.PUBLIC_HOLIDAYS ? parseHolidayDates(env.PUBLIC_HOLIDAYS) : undefined,
    rateLimits: env.SIGN_IN_FAILURES_PER_ADDRESS ? { signInFailuresPerAddress: wholeNumber(env, 'SIGN_IN_FAILURES_PER_ADDRESS') } : undefined,
  };
}

function syncProcessesOf(value: string | undefined): 'one' | 'shared' {
  if (!value || value === 'one') return 'one';
  if (value === 'shared') return 'shared';
  throw new Error(`SYNC_PROCESSES must be "one" or "shared", got "${value}"`);
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${text}"`);
  return value;
}

/** An http(s) address without a trailing slash; printed receipts keep it for years, so a typo is refused at start. */
function publicUrlOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`PUBLIC_URL must be an address such as https://ptsp.example.go.id, got "${value}"`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash || url.username) {
    throw new Error(`PUBLIC_URL must be a plain http(s) address such as https://ptsp.example.go.id, got "${value}"`);
  }
  return url.toString().replace(/\/+$/, '');
}

/** WIB by default; Makassar (WITA) and Jayapura (WIT) offices set theirs. Refuses a zone the runtime does not know. */
function officeTimeZone(value: string | undefined): string {
  const zone = value || 'Asia/Jakarta';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    throw new Error(`OFFICE_TIME_ZONE must be an IANA time zone such as Asia/Makassar, got "${zone}"`);
  }
  return zone;
}
