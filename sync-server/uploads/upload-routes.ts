/**
 * HTTP routes of uploads (common/upload-protocol.ts). Mounted under /api; every body (the JSON
 * declaration, the binary pieces) is read only after the session was checked.
 */
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { MAX_UPLOAD_CHUNK_BYTES } from '../../common/upload-protocol.js';
import { ApiError } from '../http-errors.js';
import { requireSession, route, type CurrentUser } from '../http-route.js';
import { recordFileDownload } from '../office/history.js';
import { deviceNameOf } from '../office/office-routes.js';
import type { UploadService } from './upload-service.js';

const PIECE_TYPE = 'application/octet-stream';
const MAX_PIECE_KB = MAX_UPLOAD_CHUNK_BYTES / 1024;

/** A file name as an RFC 8187 ext-value (encodeURIComponent leaves ' ( ) * unescaped). */
const encodeRfc5987 = (name: string): string =>
  encodeURIComponent(name).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Whether an If-None-Match header names this file (RFC 9110 13.1.2: `*`, or any tag in the list by
 * the weak comparison, so `W/"<digest>"` too). Not Express's req.fresh: that answers as a cache
 * would and gives up on a request's `Cache-Control: no-cache`, which fetch() adds to every request
 * carrying If-None-Match; an origin server decides the condition whatever the request says to caches.
 */
function matchesIfNoneMatch(header: string | undefined, sha256: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === `"${sha256}"`);
}

/** `declarationBody` is the JSON parser with the declaration's limit (http-route.ts jsonBody). */
export function uploadRoutes(service: UploadService, currentUser: CurrentUser, declarationBody: RequestHandler): express.Router {
  const router = express.Router();
  const signedIn = requireSession(currentUser);

  router.post('/uploads', signedIn, declarationBody, route(async (req, res) => {
    const user = await currentUser(req);
    const { created, state } = await service.declare(user, req.body);
    res.status(created ? 201 : 200).json(state);
  }));

  router.get('/uploads/:fileId', route(async (req, res) => {
    const user = await currentUser(req);
    res.json(await service.state(user, String(req.params.fileId)));
  }));

  // The session (signedIn) and the content type are checked before a byte of the body is read; a
  // refused request's connection is closed by the error handler instead of drained.
  const pieceType = (req: Request, _res: Response, next: NextFunction): void => {
    if (req.is(PIECE_TYPE) !== PIECE_TYPE) {
      next(new ApiError(415, 'unsupported-media-type', `Kirim potongan berkas sebagai ${PIECE_TYPE}.`,
        `Send file pieces as ${PIECE_TYPE}.`));
      return;
    }
    next();
  };
  const rawBody = express.raw({ type: PIECE_TYPE, limit: MAX_UPLOAD_CHUNK_BYTES });
  const pieceTooLarge = (): ApiError => new ApiError(413, 'piece-too-large', `Potongan berkas terlalu besar (paling besar ${MAX_PIECE_KB} KB per potongan).`,
    `The file piece is too large (at most ${MAX_PIECE_KB} KB per piece).`, undefined, { limitBytes: MAX_UPLOAD_CHUNK_BYTES });
  const readPiece = (req: Request, res: Response, next: NextFunction): void => {
    // Refused by its declared length before reading: body-parser would read a refused body to its end first.
    if (Number(req.headers['content-length']) > MAX_UPLOAD_CHUNK_BYTES) {
      next(pieceTooLarge());
      return;
    }
    rawBody(req, res, (error?: unknown) => {
      if ((error as { type?: unknown } | undefined)?.type === 'entity.too.large') {
        next(pieceTooLarge());
        return;
      }
      next(error);
    });
  };

  router.put('/uploads/:fileId', signedIn, pieceType, readPiece, route(async (req, res) => {
    const user = await currentUser(req);
    res.json(await service.receivePiece(user, String(req.params.fileId), req.get('content-range'), req.body));
  }));

  router.get('/files/:fileId', route(async (req, res) => {
    const user = await currentUser(req);
    const file = await service.content(user, String(req.params.fileId));
    res.set({
      'Cache-Control': 'private, no-store',
      ETag: `"${file.sha256}"`,
      'Content-Disposition': `inline; filename*=UTF-8''${encodeRfc5987(file.fileName)}`,
    });
    // A revalidation of the copy the device holds sends no bytes: nothing was shown that was not before.
    if (matchesIfNoneMatch(req.get('if-none-match'), file.sha256)) {
      res.status(304).end();
      return;
    }
    const bytes = await file.readBytes();
    // Only a response that carries the bytes (200 here; no Range requests are served, so no 206)
    // is a download on the application's record, and never a HEAD. Recorded before the bytes go
    // out, so a file is never shown unrecorded; the uploader's own downloads are not recorded.
    if (req.method !== 'HEAD') await recordFileDownload(service.store, user, file, deviceNameOf(req));
    res.type(file.mimeType).send(bytes);
  }));

  return router;
}
