/**
 * Requirement documents arriving from devices (common/upload-protocol.ts).
 *
 * One StoredFile document per file in `ptsp_files`, `_id` = the device's fileId. While pieces
 * arrive, each piece is an attachment `part-<start offset, 12 digits>` written with CouchDB's
 * standalone attachment API (binary, no base64). How many bytes arrived is read from those
 * attachments (the contiguous run of parts from offset 0), so a crash between storing a piece and
 * updating `receivedBytes` loses nothing: the parts are the truth, the field follows them.
 * When the last byte arrives the pieces are joined, checked against the declared SHA-256 and the
 * declared file kind's magic bytes, stored as the attachment `file`, and the parts are removed in
 * the same write that sets `complete: true`. A refused file keeps nothing (parts removed,
 * `receivedBytes` back to 0), so the device can start again from 0.
 *
 * Every write carries the `_rev` it read, so two servers (or two requests) writing the same file at
 * once get CouchDB's 409 and the loser answers `upload-offset-mismatch` with the current state.
 */
import { createHash } from 'node:crypto';
import { Ajv, type ErrorObject } from 'ajv';
import type { RequirementDocument } from '../../common/catalog.js';
import { ANSWER_KEY_PATTERN, DOCUMENT_ID_PATTERN, SHA256_PATTERN } from '../../common/application-schema.js';
import type { ApiErrorBody, ApiProblem, UserProfile } from '../../common/sync-protocol.js';
import type { UploadDeclaration, UploadState } from '../../common/upload-protocol.js';
import { recordAudit } from '../audit.js';
import type { CatalogService } from '../catalog-service.js';
import { ApiError, invalidInput } from '../http-errors.js';
import { log } from '../log.js';
import { getIfExists, INCOMPLETE_UPLOAD_INDEX, isStatus, type Store, type StoredApplication, type StoredFile } from '../store.js';
import { OwnerLock } from '../sync/owner-lock.js';

/** Which applications an account may attach files to and read files of (owner, or the citizen who claimed it). */
export interface ApplicationAccess {
  accessibleApplication(user: UserProfile, applicationId: string): Promise<StoredApplication | undefined>;
}

export interface StoredFileSummary {
  applicationId: string;
  /** The requirement the file was declared for: it counts for that requirement only. */
  requirementId: string;
  mimeType: string;
  size: number;
  sha256: string;
}

/** A complete file as read back for GET /api/files/:fileId. */
export interface FileContent {
  bytes: Buffer;
  mimeType: string;
  sha256: string;
  fileName: string;
}

/**
 * An upload still incomplete this long after its declaration is removed with its pieces. A device
 * that comes back later declares it again (as it always does first) and sends it from byte 0: its
 * copy is kept until the server has the whole file. 30 days is as long as a session lasts offline.
 */
export const INCOMPLETE_UPLOAD_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const EXPIRY_PAGE = 100;

/** Largest file the protocol allows at all (the catalog's maxSizeKb is the real limit per requirement). */
const MAX_FILE_BYTES = 100_000_000;
const FILE_ATTACHMENT = 'file';
const PART_CONTENT_TYPE = 'application/octet-stream';
const PART_NAME = /^part-(\d{12})$/;
const partName = (start: number): string => `part-${String(start).padStart(12, '0')}`;
const FILE_ID = new RegExp(DOCUMENT_ID_PATTERN);

/**
 * The first bytes every file of a kind starts with. A type the catalog accepts but that is not
 * listed here is refused at declaration: the server would not be able to check what arrives.
 */
const SIGNATURES: Record<string, (bytes: Buffer) => boolean> = {
  'image/jpeg': (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]),
  'image/png': (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'application/pdf': (bytes) => startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]), // %PDF-
  'image/webp': (bytes) => startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && bytes.subarray(8, 12).toString('latin1') === 'WEBP',
};
/** Bytes needed before a signature can be judged (WebP's is the longest). */
const SIGNATURE_BYTES = 12;

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((value, index) => bytes[index] === value);
}

const declarationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['fileId', 'applicationId', 'requirementId', 'fileName', 'mimeType', 'size', 'sha256'],
  properties: {
    fileId: { type: 'string', maxLength: 64, pattern: DOCUMENT_ID_PATTERN },
    applicationId: { type: 'string', maxLength: 64, pattern: DOCUMENT_ID_PATTERN },
    requirementId: { type: 'string', maxLength: 64, pattern: ANSWER_KEY_PATTERN },
    // A display name only; control characters would end up in a Content-Disposition header.
    fileName: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]+$' },
    mimeType: { type: 'string', minLength: 3, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$' },
    size: { type: 'integer', minimum: 1, maximum: MAX_FILE_BYTES },
    sha256: { type: 'string', pattern: SHA256_PATTERN },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strict: true });
const checkDeclaration = ajv.compile<UploadDeclaration>(declarationSchema);

const INDONESIAN: Record<string, (error: ErrorObject) => string> = {
  required: (e) => `wajib ada: ${String(e.params.missingProperty)}`,
  additionalProperties: (e) => `isian tidak dikenal: ${String(e.params.additionalProperty)}`,
  maxLength: (e) => `terlalu panjang (paling banyak ${String(e.params.limit)} karakter)`,
  minLength: (e) => `terlalu pendek (paling sedikit ${String(e.params.limit)} karakter)`,
  type: (e) => `tipe data salah (seharusnya ${String(e.params.type)})`,
  pattern: () => 'format tidak sesuai',
  minimum: (e) => `terlalu kecil (paling sedikit ${String(e.params.limit)})`,
  maximum: (e) => `terlalu besar (paling banyak ${String(e.params.limit)})`,
};

function declarationProblems(errors: ErrorObject[] | null | undefined): ApiProblem[] {
  return (errors ?? []).slice(0, 20).map((error) => {
    const key = error.keyword === 'additionalProperties' ? `/${String(error.params.additionalProperty)}`
      : error.keyword === 'required' ? `/${String(error.params.missingProperty)}` : '';
    return {
      path: `${error.instancePath}${key}` || '/',
      message: {
        id: INDONESIAN[error.keyword]?.(error) ?? `tidak sesuai aturan "${error.keyword}"`,
        en: error.message ?? error.keyword,
      },
    };
  });
}

/** An error whose body also carries the upload's state (next to `error`), so the device knows where to resume. */
export class UploadStateError extends ApiError {
  constructor(status: number, code: string, messageId: string, messageEn: string, readonly state: UploadState) {
    super(status, code, messageId, messageEn);
  }

  override toBody(): ApiErrorBody & { state: UploadState } {
    return { ...super.toBody(), state: this.state };
  }
}

const uploadNotFound = (): ApiError =>
  new ApiError(404, 'upload-not-found', 'Unggahan berkas ini tidak ditemukan.', 'This file upload was not found.');

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

type Stub = { length?: unknown };

/** The parts that form the contiguous run from offset 0, in order: what has really arrived. */
function contiguousParts(doc: StoredFile): { name: string; start: number; length: number }[] {
  const parts = Object.entries(doc._attachments ?? {})
    .map(([name, stub]) => {
      const match = PART_NAME.exec(name);
      const length = (stub as Stub | null)?.length;
      return match && typeof length === 'number' ? { name, start: Number(match[1]), length } : undefined;
    })
    .filter((part) => part !== undefined)
    .sort((a, b) => a.start - b.start);
  const run: typeof parts = [];
  let next = 0;
  for (const part of parts) {
    if (part.start !== next || part.length <= 0) break;
    run.push(part);
    next += part.length;
  }
  return run;
}

function receivedBytesOf(doc: StoredFile): number {
  if (doc.complete) return doc.size;
  return Math.min(doc.size, contiguousParts(doc).reduce((sum, part) => sum + part.length, 0));
}

export function uploadState(doc: StoredFile): UploadState {
  return { fileId: doc._id, receivedBytes: receivedBytesOf(doc), size: doc.size, complete: doc.complete };
}

const sameDeclaration = (doc: StoredFile, declaration: UploadDeclaration): boolean =>
  doc.applicationId === declaration.applicationId && doc.requirementId === declaration.requirementId
  && doc.fileName === declaration.fileName && doc.mimeType === declaration.mimeType
  && doc.size === declaration.size && doc.sha256 === declaration.sha256;

/** Thrown when CouchDB refused a write because the document changed since it was read. */
class StaleRevision extends Error {}

export class UploadService {
  /** One request at a time per file in this process; `_rev` guards against other processes. */
  private readonly locks = new OwnerLock();

  constructor(
    readonly store: Store,
    readonly catalogs: CatalogService,
    readonly access: ApplicationAccess,
    /** Called after a file is complete and verified: the application may now be ready for its registration number. */
    readonly onFileComplete: (applicationId: string) => Promise<void>,
  ) {}

  /** The files among `fileIds` that are complete and verified in the store. */
  async storedFiles(fileIds: string[]): Promise<Map<string, StoredFileSummary>> {
    const found = new Map<string, StoredFileSummary>();
    const keys = [...new Set(fileIds)].filter((id) => FILE_ID.test(id));
    if (keys.length === 0) return found;
    const result = await this.store.files.fetch({ keys });
    for (const row of result.rows) {
      const doc = 'doc' in row ? (row.doc as StoredFile | null | undefined) : undefined;
      if (!doc || doc.type !== 'file' || !doc.complete) continue;
      found.set(doc._id, { applicationId: doc.applicationId, requirementId: doc.requirementId, mimeType: doc.mimeType, size: doc.size, sha256: doc.sha256 });
    }
    return found;
  }

  /** POST /api/uploads: creates the file record (201), or answers the existing one when declared the same way again (200). */
  async declare(user: UserProfile, body: unknown): Promise<{ created: boolean; state: UploadState }> {
    if (!checkDeclaration(body)) throw invalidInput(declarationProblems(checkDeclaration.errors));
    const declaration: UploadDeclaration = { ...body, mimeType: body.mimeType.toLowerCase() };
    return this.locks.run(declaration.fileId, () => this.declareLocked(user, declaration, true));
  }

  private async declareLocked(user: UserProfile, declaration: UploadDeclaration, retry: boolean): Promise<{ created: boolean; state: UploadState }> {
    const application = await this.access.accessibleApplication(user, declaration.applicationId);
    if (!application) {
      throw new ApiError(404, 'application-not-found',
        'Permohonan untuk berkas ini belum ada di server (atau bukan milik Anda). Berkas dikirim lagi nanti.',
        'The application of this file is not on the server yet (or is not yours). The file will be sent again later.');
    }
    const existing = await this.readFile(declaration.fileId);
    if (existing) {
      if (existing.applicationId !== declaration.applicationId
        && !(await this.access.accessibleApplication(user, existing.applicationId))) throw uploadNotFound();
      if (sameDeclaration(existing, declaration)) {
        // Declared again after it was complete (a device that lost the answer): the application may
        // still wait for its number if the server stopped in between.
        if (existing.complete) await this.onFileComplete(existing.applicationId).catch((error: unknown) => log.error({ event: 'registration-failed', err: error }, 'registration after a repeated declaration failed'));
        return { created: false, state: uploadState(existing) };
      }
      throw new ApiError(409, 'upload-declaration-conflict',
        'Berkas dengan kode ini sudah didaftarkan dengan data lain (nama, jenis, ukuran, atau sidik berbeda).',
        'A file with this id was already declared with other details (name, type, size or digest differ).');
    }

    const requirement = await this.requirementOf(application, declaration.requirementId);
    const accepted = requirement.accepts.map((type) => type.toLowerCase());
    if (!accepted.includes(declaration.mimeType) || !SIGNATURES[declaration.mimeType]) {
      throw new ApiError(415, 'unsupported-file-type',
        `Jenis berkas ${declaration.mimeType} tidak diterima untuk "${requirement.name.id}". Yang diterima: ${accepted.join(', ')}.`,
        `The file type ${declaration.mimeType} is not accepted for "${requirement.name.en}". Accepted: ${accepted.join(', ')}.`);
    }
    if (declaration.size > requirement.maxSizeKb * 1024) {
      throw new ApiError(413, 'file-too-large',
        `Berkas terlalu besar untuk "${requirement.name.id}": paling besar ${requirement.maxSizeKb} KB.`,
        `The file is too large for "${requirement.name.en}": at most ${requirement.maxSizeKb} KB.`);
    }

    // Only a file the application itself names, for that requirement: nobody can park other bytes
    // behind an application, or take the id of a file another application names. Until the
    // application's new state arrives, the device hears "not yet" and tries again later.
    const named = application.documents?.[declaration.requirementId];
    if (named?.fileId !== declaration.fileId || named.sha256 !== declaration.sha256 || named.size !== declaration.size
      || named.mimeType.toLowerCase() !== declaration.mimeType) {
      throw new ApiError(404, 'application-not-found',
        'Permohonan di server belum menyebut berkas ini. Berkas dikirim lagi nanti.',
        'The application on the server does not name this file yet. The file will be sent again later.');
    }
    const doc: StoredFile = {
      _id: declaration.fileId,
      type: 'file',
      applicationId: declaration.applicationId,
      requirementId: declaration.requirementId,
      fileName: declaration.fileName,
      mimeType: declaration.mimeType,
      size: declaration.size,
      sha256: declaration.sha256,
      uploadedBy: user.userId,
      receivedBytes: 0,
      complete: false,
      createdAt: new Date().toISOString(),
    };
    try {
      await this.store.files.insert(doc);
    } catch (error) {
      // Another server process created it in between: answer as if it had been there.
      if (isStatus(error, 409) && retry) return this.declareLocked(user, declaration, false);
      throw error;
    }
    return { created: true, state: uploadState(doc) };
  }

  private async requirementOf(application: StoredApplication, requirementId: string): Promise<RequirementDocument> {
    const catalog = await this.catalogs.version(application.catalogVersion);
    const permitType = catalog?.permitTypes.find((type) => type.id === application.permitTypeId);
    const requirement = permitType?.requirements.find((candidate) => candidate.id === requirementId);
    if (!requirement) {
      const shown = requirementId.slice(0, 64);
      throw new ApiError(422, 'unknown-requirement',
        `Dokumen persyaratan "${shown}" tidak ada pada jenis izin ${application.permitTypeId} (katalog versi ${application.catalogVersion}).`,
        `The requirement document "${shown}" does not belong to permit type ${application.permitTypeId} (catalog version ${application.catalogVersion}).`,
        [{ path: '/requirementId', message: { id: `tidak dikenal: ${shown}`, en: `unknown: ${shown}` } }]);
    }
    return requirement;
  }

  /** GET /api/uploads/:fileId */
  async state(user: UserProfile, fileId: string): Promise<UploadState> {
    return uploadState(await this.accessibleFile(user, fileId));
  }

  /** PUT /api/uploads/:fileId: one piece of the file. */
  async receivePiece(user: UserProfile, fileId: string, contentRange: string | undefined, body: unknown): Promise<UploadState> {
    const piece = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
    return this.locks.run(fileId, async () => {
      const doc = await this.accessibleFile(user, fileId);
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
        if (range.start === 0 && !SIGNATURES[doc.mimeType]?.(piece)) {
          await this.refuse(user, doc, 'wrong-file-kind');
        }
        if (range.end + 1 < doc.size) return await this.storePart(doc, range.start, piece);
        return await this.finish(user, doc, piece);
      } catch (error) {
        if (!(error instanceof StaleRevision)) throw error;
        throw offsetMismatch(uploadState(await this.accessibleFile(user, fileId)));
      }
    });
  }

  /** GET /api/files/:fileId: the bytes of a complete file. */
  async content(user: UserProfile, fileId: string): Promise<FileContent> {
    const doc = await this.accessibleFile(user, fileId);
    if (!doc.complete) {
      throw new ApiError(404, 'file-not-complete', 'Berkas ini belum selesai diunggah.', 'This file has not finished uploading.');
    }
    const bytes = await this.store.files.attachment.get(fileId, FILE_ATTACHMENT, { rev: doc._rev });
    return { bytes: Buffer.from(bytes), mimeType: doc.mimeType, sha256: doc.sha256, fileName: doc.fileName };
  }

  private async readFile(fileId: string): Promise<StoredFile | undefined> {
    const doc = await getIfExists(this.store.files, fileId);
    return doc?.type === 'file' ? doc : undefined;
  }

  /** The file if `user` may see it; the same 404 whether it does not exist or belongs to someone else. */
  private async accessibleFile(user: UserProfile, fileId: string): Promise<StoredFile> {
    if (!FILE_ID.test(fileId)) throw uploadNotFound();
    const doc = await this.readFile(fileId);
    if (!doc || !(await this.access.accessibleApplication(user, doc.applicationId))) throw uploadNotFound();
    return doc;
  }

  /** Writes the document (stubs as read), turning CouchDB's revision conflict into StaleRevision. */
  private async write(doc: StoredFile): Promise<void> {
    try {
      await this.store.files.insert(doc);
    } catch (error) {
      if (isStatus(error, 409)) throw new StaleRevision();
      throw error;
    }
  }

  private async putAttachment(doc: StoredFile, name: string, bytes: Buffer, contentType: string): Promise<StoredFile> {
    try {
      await this.store.files.attachment.insert(doc._id, name, bytes, contentType, { rev: doc._rev });
    } catch (error) {
      if (isStatus(error, 409)) throw new StaleRevision();
      throw error;
    }
    // Read back: the next write must carry the new revision and the stubs of every attachment.
    return this.store.files.get(doc._id);
  }

  private async storePart(doc: StoredFile, start: number, piece: Buffer): Promise<UploadState> {
    const withPart = await this.putAttachment(doc, partName(start), piece, PART_CONTENT_TYPE);
    const state = uploadState(withPart);
    try {
      await this.write({ ...withPart, receivedBytes: state.receivedBytes });
    } catch (error) {
      // The piece is stored and the state is read from the parts; the field catches up next time.
      if (!(error instanceof StaleRevision)) throw error;
    }
    return state;
  }

  private async finish(user: UserProfile, doc: StoredFile, lastPiece: Buffer): Promise<UploadState> {
    const pieces: Buffer[] = [];
    for (const part of contiguousParts(doc)) {
      pieces.push(Buffer.from(await this.store.files.attachment.get(doc._id, part.name, { rev: doc._rev })));
    }
    pieces.push(lastPiece);
    const whole = Buffer.concat(pieces);
    const digest = createHash('sha256').update(whole).digest('hex');
    if (whole.length !== doc.size || digest !== doc.sha256) await this.refuse(user, doc, 'digest-mismatch');
    if (!SIGNATURES[doc.mimeType]?.(whole)) await this.refuse(user, doc, 'wrong-file-kind');

    const withFile = await this.putAttachment(doc, FILE_ATTACHMENT, whole, doc.mimeType);
    const fileStub = withFile._attachments?.[FILE_ATTACHMENT];
    const complete: StoredFile = {
      ...withFile,
      // Only the whole file stays: the parts' stubs are left out, which removes them.
      _attachments: { [FILE_ATTACHMENT]: fileStub },
      receivedBytes: doc.size,
      complete: true,
      completedAt: new Date().toISOString(),
    };
    await this.write(complete);
    await recordAudit(this.store, [{
      actor: user.userId,
      action: 'file.upload',
      target: doc._id,
      details: { applicationId: doc.applicationId, requirementId: doc.requirementId, mimeType: doc.mimeType, size: doc.size, sha256: doc.sha256 },
    }]);
    try {
      await this.onFileComplete(doc.applicationId);
    } catch (error) {
      log.error({ event: 'registration-failed', err: error }, 'registration after a completed upload failed');
    }
    return uploadState(complete);
  }

  /**
   * Removes uploads declared before `now - maxAgeMs` and still incomplete, pieces and all, and
   * records each in the audit log. Returns how many were removed.
   */
  async expireIncomplete(maxAgeMs = INCOMPLETE_UPLOAD_TTL_MS, now = Date.now()): Promise<number> {
    const before = new Date(now - maxAgeMs).toISOString();
    let removed = 0;
    for (;;) {
      const found = await this.store.files.find({
        selector: { complete: false, createdAt: { $lt: before } },
        fields: ['_id'],
        limit: EXPIRY_PAGE,
        use_index: [INCOMPLETE_UPLOAD_INDEX.ddoc, INCOMPLETE_UPLOAD_INDEX.name],
      });
      let removedNow = 0;
      for (const { _id: fileId } of found.docs) {
        // Under the file's lock, on a fresh read: a piece that completed it meanwhile keeps it.
        const gone = await this.locks.run(fileId, async () => {
          const doc = await this.readFile(fileId);
          if (!doc || doc.complete || doc.createdAt >= before) return false;
          try {
            await this.store.files.destroy(fileId, doc._rev ?? '');
          } catch (error) {
            if (isStatus(error, 409) || isStatus(error, 404)) return false;
            throw error;
          }
          await recordAudit(this.store, [{
            actor: 'system', action: 'file.expire', target: fileId,
            details: { applicationId: doc.applicationId, requirementId: doc.requirementId, receivedBytes: doc.receivedBytes, createdAt: doc.createdAt },
          }]);
          return true;
        });
        if (gone) removedNow++;
      }
      removed += removedNow;
      // A short page is the last one; a page where nothing could go would come back the same.
      if (found.docs.length < EXPIRY_PAGE || removedNow === 0) return removed;
    }
  }

  /** Drops every piece (and any half-written file), so the upload starts again from 0; then throws the reason. */
  private async refuse(user: UserProfile, doc: StoredFile, reason: 'digest-mismatch' | 'wrong-file-kind'): Promise<never> {
    const { _attachments, ...rest } = doc;
    const emptied: StoredFile = { ...rest, receivedBytes: 0, complete: false };
    await this.write(emptied);
    await recordAudit(this.store, [{
      actor: user.userId,
      action: 'file.upload-refused',
      target: doc._id,
      details: { applicationId: doc.applicationId, requirementId: doc.requirementId, reason },
    }]);
    const state = uploadState(emptied);
    if (reason === 'digest-mismatch') {
      throw new UploadStateError(422, 'digest-mismatch',
        'Isi berkas yang diterima tidak cocok dengan sidiknya (SHA-256); berkas tidak disimpan. Kirim ulang dari awal.',
        'The bytes received do not match the file\'s digest (SHA-256); nothing was kept. Send the file again from the start.', state);
    }
    throw new UploadStateError(415, 'wrong-file-kind',
      `Isi berkas bukan ${doc.mimeType} seperti yang dinyatakan; berkas tidak disimpan.`,
      `The file's content is not ${doc.mimeType} as declared; nothing was kept.`, state);
  }
}

function offsetMismatch(state: UploadState): UploadStateError {
  if (state.complete) {
    return new UploadStateError(409, 'upload-offset-mismatch',
      'Berkas ini sudah lengkap diterima; tidak perlu dikirim lagi.',
      'This file has already been received in full; there is nothing more to send.', state);
  }
  return new UploadStateError(409, 'upload-offset-mismatch',
    `Server sudah menerima ${state.receivedBytes} byte; lanjutkan pengiriman dari byte itu.`,
    `The server has received ${state.receivedBytes} bytes; continue sending from there.`, state);
}
