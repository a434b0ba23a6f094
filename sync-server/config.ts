/**
 * Configuration comes from the environment only, with defaults that need no setup.
 */
import path from 'node:path';

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
  };
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
