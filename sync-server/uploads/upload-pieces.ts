/**
 * PUT /api/uploads/:fileId: one piece of a declared file, with `Content-Range`. A piece must
 * continue exactly where the stored parts end (else 409 with the state to resume from); the first
 * piece must already show the declared kind; the last one hands over to FileAssembly.
 */
import type { UserProfile } from '../../common/sync-protocol.js';
import type { UploadState } from '../../common/upload-protocol.js';
import { ApiError } from '../http-errors.js';
import type { StoredFile } from '../store.js';
import type { OwnerLock } from '../sync/owner-lock.js';
import type { FileAssembly } from './file-assembly.js';
import { SIGNATURE_BYTES, showsKind } from './file-kinds.js';
import type { FileRecords } from './file-records.js';
import { offsetMismatch, StaleRevision } from './upload-errors.js';
import { PART_CONTENT_TYPE, partName, uploadState } from './upload-state.js';

export interface ContentRange {
  start: number;
  end: number;
  total: number;
}

/** `bytes <start>-<end>/<total>`, inclusive end, as in RFC 9110; anything else is undefined. */
export function parseContentRange(header: string | undefined): ContentRange | undefined {
  const match = /^bytes (\d{1,15})-(\d{1,15})\/(\d{1,15})$/.exec(header?.trim() ?? '');
  if (!match) return undefined;
  const [start, end, total] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (start > end || end >= total) return undefined;
  return { start, end, total };
}

export class UploadPieces {
  constructor(
    private readonly files: FileRecords,
    private readonly assembly: FileAssembly,
    private readonly locks: OwnerLock,
  ) {}

  async receive(user: UserProfile, fileId: string, contentRange: string | undefined, body: unknown): Promise<UploadState> {
    const piece = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    return this.locks.run(fileId, async () => {
      const doc = await this.files.accessible(user, fileId);
      const range = parseContentRange(contentRange);
      if (!range) {
        throw new ApiError(400, 'invalid-content-range',
          'Header Content-Range wajib ada dan berbentuk "bytes awal-akhir/total".',
          'The Content-Range header is required, in the form "bytes start-end/total".');
      }
      if (range.total !== doc.size) {
        throw new ApiError(400, 'upload-size-mismatch',
          `Ukuran total pada Content-Range (${range.total}) berbeda dengan ukuran berkas yang didaftarkan (${doc.size}).`,
          `The total in Content-Range (${range.total}) differs from the declared file size (${doc.size}).`);
      }
      if (range.end - range.start + 1 !== piece.length) {
        throw new ApiError(400, 'content-range-mismatch',
          `Content-Range menyebut ${range.end - range.start + 1} byte, tetapi yang diterima ${piece.length} byte.`,
          `Content-Range names ${range.end - range.start + 1} bytes but ${piece.length} arrived.`);
      }
      try {
        const state = uploadState(doc);
        if (doc.complete || range.start !== state.receivedBytes) throw offsetMismatch(state);
        // A first piece that already shows the wrong kind of file is refused before the rest is sent.
        if (range.start === 0 && piece.length < Math.min(SIGNATURE_BYTES, doc.size)) {
          // Too short to show what kind of file it is: the kind is always checked on the first piece.
          throw new ApiError(400, 'first-piece-too-short', `Potongan pertama harus paling sedikit ${SIGNATURE_BYTES} byte.`,
            `The first piece must be at least ${SIGNATURE_BYTES} bytes.`);
        }
        if (range.start === 0 && !showsKind(doc.mimeType, piece)) {
          await this.assembly.refuse(user, doc, 'wrong-file-kind');
        }
        if (range.end + 1 < doc.size) return await this.storePart(doc, range.start, piece);
        return await this.assembly.finish(user, doc, piece);
      } catch (error) {
        if (!(error instanceof StaleRevision)) throw error;
        throw offsetMismatch(uploadState(await this.files.accessible(user, fileId)));
      }
    });
  }

  private async storePart(doc: StoredFile, start: number, piece: Buffer): Promise<UploadState> {
    const withPart = await this.files.putAttachment(doc, partName(start), piece, PART_CONTENT_TYPE);
    const state = uploadState(withPart);
    try {
      await this.files.write({ ...withPart, receivedBytes: state.receivedBytes });
    } catch (error) {
      // The piece is stored and the state is read from the parts; the field catches up next time.
      if (!(error instanceof StaleRevision)) throw error;
    }
    return state;
  }
}
