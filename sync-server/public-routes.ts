/**
 * What the API answers without a sign-in, besides signing in: the device's configuration and the
 * public tracking of an application by the number on its receipt (the QR code's link, see
 * trackingUrl in common/sync-protocol.ts). Tracking shows where an application stands and nothing
 * personal, and is rate-limited per address so that numbers cannot be walked. Its stages are the
 * ones the applicant sees too (common/stages.ts stagesOf).
 */
import express, { type RequestHandler } from 'express';
import { attemptLimiter } from './auth/rate-limits.js';
import { PROVISIONAL_NUMBER_PATTERN } from '../common/application-schema.js';
import type { LocalizedText } from '../common/catalog.js';
import { DEFAULT_HOLIDAY_DATES } from '../common/holidays.js';
import type { PublicConfigResponse, PublicTrackingResponse } from '../common/sync-protocol.js';
import { ApiError, tooManyAttempts } from './http-errors.js';
import { route } from './http-route.js';
import { stagesOf } from '../common/stages.js';
import { CatalogService } from './catalog-service.js';
import { PROVISIONAL_NUMBER_INDEX, REGISTRATION_NUMBER_INDEX, type Store, type StoredApplication } from './store.js';

export interface TrackingLimits {
  windowMs: number;
  /** Lookups of unknown (or malformed) numbers one address may make per window: walking numbers is all misses. */
  failuresPerAddress: number;
  /** Lookups of any kind per address and window: a citizen checks a few times a day, an office a few hundred. */
  requestsPerAddress: number;
}

export const DEFAULT_TRACKING_LIMITS: TrackingLimits = {
  windowMs: 15 * 60 * 1000,
  failuresPerAddress: 30,
  requestsPerAddress: 600,
};

const PROVISIONAL_NUMBER = new RegExp(PROVISIONAL_NUMBER_PATTERN);
/** `0001/TDP/11/2026` (formatRegistrationNumber in common/workflow.ts). */
const REGISTRATION_NUMBER = /^\d{4,6}\/[A-Z0-9]{1,10}\/\d{2}\/\d{4}$/;

function trackingLimiters(limits: TrackingLimits): RequestHandler[] {
  const failures = attemptLimiter({
    windowMs: limits.windowMs,
    limit: limits.failuresPerAddress,
    isFailure: (res) => res.statusCode >= 400,
    refusal: (seconds) => tooManyAttempts({ id: 'pencarian nomor', en: 'number lookups' }, seconds),
  });
  const all = attemptLimiter({
    windowMs: limits.windowMs,
    limit: limits.requestsPerAddress,
    refusal: (seconds) => new ApiError(429, 'too-many-lookups', `Terlalu banyak pencarian dari alamat ini. Coba lagi dalam ${Math.ceil(seconds / 60)} menit.`,
      `Too many lookups from this address. Try again in ${Math.ceil(seconds / 60)} minutes.`),
  });
  return [all, failures];
}

/**
 * The public face of a submitted application: its stages with their dates and its permit type,
 * nothing that names a person (no answers, identity, account ids, reasons or notes).
 */
function publicView(doc: StoredApplication, permitTypeName: LocalizedText | undefined): PublicTrackingResponse {
  return {
    permitTypeId: doc.permitTypeId,
    ...(permitTypeName ? { permitTypeName: { id: permitTypeName.id, en: permitTypeName.en } } : {}),
    status: doc.status === 'draft' ? 'submitted' : doc.status,
    ...(doc.submittedAt ? { submittedAt: doc.submittedAt } : {}),
    ...(doc.registrationNumber ? { registrationNumber: doc.registrationNumber } : {}),
    ...(doc.registeredAt ? { registeredAt: doc.registeredAt } : {}),
    ...(doc.returnedAt ? { returnedAt: doc.returnedAt } : {}),
    stages: stagesOf(doc),
  };
}

async function findSubmitted(store: Store, number: string): Promise<StoredApplication | undefined> {
  const byRegistration = REGISTRATION_NUMBER.test(number);
  const [field, index] = byRegistration ? ['registrationNumber', REGISTRATION_NUMBER_INDEX] as const : ['provisionalNumber', PROVISIONAL_NUMBER_INDEX] as const;
  // Only submitted applications count (any status past draft): a draft can carry any number a device put in it.
  const found = await store.applications.find({
    selector: { [field]: number, status: { $ne: 'draft' }, deleted: false },
    limit: 10,
    use_index: [index.ddoc, index.name],
  });
  return (found.docs as StoredApplication[]).find((doc) => doc.type === 'application' && !doc.deleted && doc.status !== 'draft');
}

export interface PublicRouteOptions {
  store: Store;
  /** PUBLIC_URL; without it, the address the request came to (this server as the device sees it). */
  publicUrl?: string | undefined;
  /** PUBLIC_HOLIDAYS (already checked by config.ts); without it, the built-in DEFAULT_HOLIDAY_DATES. */
  holidays?: readonly string[] | undefined;
  trackingLimits?: Partial<TrackingLimits> | undefined;
  /** For the permit type's name; without it, one of this router's own (catalog versions never change). */
  catalogs?: CatalogService | undefined;
}

export function publicRoutes(options: PublicRouteOptions): express.Router {
  const router = express.Router();
  const limits = { ...DEFAULT_TRACKING_LIMITS, ...options.trackingLimits };
  const catalogs = options.catalogs ?? new CatalogService(options.store);

  router.get('/config', route(async (req, res) => {
    const publicUrl = (options.publicUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
    res.json({ publicUrl, holidays: [...(options.holidays ?? DEFAULT_HOLIDAY_DATES)] } satisfies PublicConfigResponse);
  }));

  router.get('/public/track/:number', ...trackingLimiters(limits), route(async (req, res) => {
    // Express has decoded the segment: a registration number arrives with its '/' as %2F.
    const number = String(req.params.number).trim().toUpperCase();
    if (!PROVISIONAL_NUMBER.test(number) && !REGISTRATION_NUMBER.test(number)) {
      throw new ApiError(400, 'invalid-number',
        'Tulis nomor tanda terima (misalnya P-7KQ2-M9XD) atau nomor pendaftaran (misalnya 0001/SIUP/11/2026).',
        'Give a receipt number (e.g. P-7KQ2-M9XD) or a registration number (e.g. 0001/SIUP/11/2026).');
    }
    const doc = await findSubmitted(options.store, number);
    if (!doc) {
      throw new ApiError(404, 'application-not-found',
        `Tidak ada permohonan terkirim dengan nomor ${number}. Periksa nomornya; permohonan dari loket muncul setelah loket tersambung internet.`,
        `No submitted application has number ${number}. Check the number; a booth filing appears once the booth is online.`);
    }
    const catalog = await catalogs.version(doc.catalogVersion);
    res.json(publicView(doc, catalog?.permitTypes.find((type) => type.id === doc.permitTypeId)?.name));
  }));

  return router;
}
