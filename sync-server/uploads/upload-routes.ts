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
    // Staff opening an applicant's file is on the record (the uploader's own downloads are not).
    await recordFileDownload(service.store, user, file, deviceNameOf(req));
    const etag = `"${file.sha256}"`;
    res.set({
      'Cache-Control': 'private, no-store',
      ETag: etag,
      'Content-Disposition': `inline; filename*=UTF-8''${encodeRfc5987(file.fileName)}`,
    });
    if (req.get('if-none-match') === etag) {
      res.status(304).end();
      return;
    }
    res.type(file.mimeType).send(file.bytes);
  }));

  return router;
}
