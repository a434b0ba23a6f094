/**
 * The office's HTTP routes: an application's history, and (office-actions.ts) one office action
 * applied online. Devices normally send actions through the actions collection's push; this route
 * serves tests and screens while online, and answers with the stored action as the push would.
 */
import express, { type Request, type RequestHandler } from 'express';
import { DOCUMENT_ID_PATTERN, type ReturnReason } from '../../common/application-schema.js';
import { MAX_REASON_LENGTH, MAX_REASONS } from '../../common/office-action-schema.js';
import { DEVICE_HEADER, type Role } from '../../common/sync-protocol.js';
import { TRANSITIONS } from '../../common/workflow/transitions.js';
import { ApiError } from '../http-errors.js';
import { jsonBody, route, type CurrentUser } from '../http-route.js';
import { getIfExists, type Store } from '../store.js';
import type { OfficeWrites } from '../sync/application-writes.js';
import { toWire } from '../sync/collections/application-wire.js';
import { DEVICE_NAME } from '../sync/sync-routes.js';
import { History } from './history.js';
import { applicationNotFound, type OfficeActions } from './office-actions.js';

/**
 * The office routes' body limits, the one place they are set (app.ts's BODY_LIMITS lists where the others are).
 * Each is sized by what its largest valid body holds, so nothing valid is ever refused as too large.
 */
export const OFFICE_BODY_LIMITS = {
  /** POST /api/office/actions: one action; a return with 50 reasons of 2,000 characters, or a 4,000-character note with its checks, fits with room to spare. */
  action: 256 * 1024,
  /** POST /api/applications/:id/return: its reasons alone, up to 50 of 2,000 characters (100 KB of plain text, more in UTF-8 for other scripts). */
  returnForCorrection: 256 * 1024,
} as const;

/** The roles that return an application for correction: the transition table's `return` rows. */
const RETURNING_ROLES: readonly Role[] = TRANSITIONS.filter((row) => row.action === 'return').flatMap((row) => row.roles);

const DOCUMENT_ID = new RegExp(DOCUMENT_ID_PATTERN);

/** The device's name for the history (the sync routes refuse a malformed one; here it is only left out). */
export function deviceNameOf(req: Request): string | undefined {
  const value = req.get(DEVICE_HEADER);
  return value !== undefined && DEVICE_NAME.test(value) ? value : undefined;
}

const notSubmitted = (): ApiError =>
  new ApiError(409, 'not-submitted', 'Hanya permohonan yang sudah dikirim yang dapat dikembalikan.', 'Only a submitted application can be returned.');

export interface OfficeRouteOptions {
  store: Store;
  currentUser: CurrentUser;
  /** Checks the session before the body is read (http-route.ts requireSession). */
  signedIn: RequestHandler;
  /** The applications' write functions (ApplicationSync.officeWrites): the same lock and sequence as every write. */
  writes: OfficeWrites;
  /** The one OfficeActions the actions collection's push also applies through. */
  actions: OfficeActions;
}

/** The reasons of `POST /api/applications/:id/return`, checked as that route always did (400 `invalid-reasons`). */
function returnReasonsOf(body: unknown): ReturnReason[] {
  const reasons = (body as { reasons?: unknown } | null)?.reasons;
  const valid = Array.isArray(reasons) && reasons.length >= 1 && reasons.length <= MAX_REASONS && reasons.every((reason) => {
    if (typeof reason !== 'object' || reason === null) return false;
    const { text, fieldId } = reason as Partial<ReturnReason>;
    return typeof text === 'string' && text.trim().length >= 1 && text.length <= MAX_REASON_LENGTH
      && (fieldId === undefined || (typeof fieldId === 'string' && fieldId.length <= 64))
      && Object.keys(reason).every((key) => key === 'text' || key === 'fieldId');
  });
  if (!valid) {
    throw new ApiError(400, 'invalid-reasons', `Tulis 1 sampai ${MAX_REASONS} alasan pengembalian, masing-masing berupa teks (paling banyak ${MAX_REASON_LENGTH} karakter).`,
      `Give 1 to ${MAX_REASONS} reasons for the return, each a text of at most ${MAX_REASON_LENGTH} characters.`,
      [{ path: '/reasons', message: { id: 'alasan tidak valid', en: 'invalid reasons' } }]);
  }
  return (reasons as ReturnReason[]).map((reason) => ({ ...(reason.fieldId ? { fieldId: reason.fieldId } : {}), text: reason.text.trim() }));
}

export function officeRoutes(options: OfficeRouteOptions): express.Router {
  const router = express.Router();
  const history = new History(options.store);
  const { actions } = options;

  // One action applied now (online); the answer is the stored action with its outcome, as the push gives it.
  router.post('/office/actions', options.signedIn, jsonBody(OFFICE_BODY_LIMITS.action), route(async (req, res) => {
    const result = await actions.apply(await options.currentUser(req), req.body, deviceNameOf(req));
    res.status(result.fresh ? 201 : 200).json({ action: result.action });
  }));

  // The office's return for correction, with the answers it has always given, carried out as a `return` action made on the caller's behalf.
  router.post('/applications/:id/return', options.signedIn, jsonBody(OFFICE_BODY_LIMITS.returnForCorrection), route(async (req, res) => {
    const user = await options.currentUser(req);
    if (!RETURNING_ROLES.includes(user.role)) {
      throw new ApiError(403, 'forbidden', 'Hanya petugas loket yang dapat mengembalikan permohonan.', 'Only front-office staff can return an application.');
    }
    const reasons = returnReasonsOf(req.body);
    const id = String(req.params.id);
    const current = DOCUMENT_ID.test(id) ? await options.writes.readApplication(id) : undefined;
    if (!current || current.deleted) throw applicationNotFound();
    if (current.status !== 'submitted') throw notSubmitted();
    const result = await actions.returnForCorrection(user, id, reasons);
    // Refused although it was submitted a moment ago: it moved on meanwhile (or the table said no).
    if (result.action.outcome !== 'applied' || !result.application) {
      if (result.action.outcomeCode === 'stale-action' || result.action.outcomeCode === 'not-allowed-now') throw notSubmitted();
      const reason = result.action.outcomeReason;
      throw new ApiError(409, result.action.outcomeCode ?? 'refused', reason?.id ?? 'Ditolak.', reason?.en ?? 'Refused.');
    }
    res.json({ application: toWire(result.application) });
  }));

  router.get('/applications/:id/history', options.signedIn, route(async (req, res) => {
    const user = await options.currentUser(req);
    const id = String(req.params.id);
    // Only well-formed ids reach the store: nano leaves `_design/...` unescaped.
    const doc = DOCUMENT_ID.test(id) ? await getIfExists(options.store.applications, id) : undefined;
    const view = doc?.type === 'application' ? await history.viewFor(user, doc) : undefined;
    if (!view) throw applicationNotFound();
    res.json(view);
  }));

  return router;
}
