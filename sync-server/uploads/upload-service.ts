/**
 * Requirement documents arriving from devices (common/upload-protocol.ts): the one object the
 * routes and the server hold, made of one module per job:
 * - upload-declarations.ts  POST /api/uploads (what may be uploaded at all)
 * - upload-pieces.ts        PUT /api/uploads/:fileId (pieces with Content-Range)
 * - file-assembly.ts        joining and verifying the last piece's file, or refusing it
 * - upload-expiry.ts        removing uploads left incomplete
 * - file-content.ts         serving complete files, and which files are complete
 * - file-records.ts, upload-state.ts, file-kinds.ts, upload-errors.ts: what they share.
 * Per file, one request at a time in this process (OwnerLock); `_rev` guards against other processes.
 */
import type { UserProfile } from '../../common/sync-protocol.js';
import type { UploadState } from '../../common/upload-protocol.js';
import type { CatalogService } from '../catalog-service.js';
import type { Store } from '../store.js';
import { OwnerLock } from '../sync/owner-lock.js';
import { FileAssembly } from './file-assembly.js';
import { type FileContent, StoredFiles, type StoredFileSummary } from './file-content.js';
import { type ApplicationAccess, FileRecords } from './file-records.js';
import { UploadDeclarations } from './upload-declarations.js';
import { INCOMPLETE_UPLOAD_TTL_MS, UploadExpiry } from './upload-expiry.js';
import { UploadPieces } from './upload-pieces.js';
import { uploadState } from './upload-state.js';

export type { ApplicationAccess } from './file-records.js';
export type { FileContent, StoredFileSummary } from './file-content.js';
export { INCOMPLETE_UPLOAD_TTL_MS } from './upload-expiry.js';
export { parseContentRange, type ContentRange } from './upload-pieces.js';
export { UploadStateError } from './upload-errors.js';
export { uploadState } from './upload-state.js';

export class UploadService {
  private readonly files: FileRecords;
  private readonly declarations: UploadDeclarations;
  private readonly pieces: UploadPieces;
  private readonly expiry: UploadExpiry;
  private readonly stored: StoredFiles;

  constructor(
    readonly store: Store,
    readonly catalogs: CatalogService,
    readonly access: ApplicationAccess,
    /** Called after a file is complete and verified: the application may now be ready for its registration number. */
    readonly onFileComplete: (applicationId: string) => Promise<void>,
  ) {
    const locks = new OwnerLock();
    this.files = new FileRecords(store, access);
    this.declarations = new UploadDeclarations(this.files, catalogs, locks, onFileComplete);
    this.pieces = new UploadPieces(this.files, new FileAssembly(this.files, onFileComplete), locks);
    this.expiry = new UploadExpiry(this.files, locks);
    this.stored = new StoredFiles(this.files);
  }

  /** The files among `fileIds` that are complete and verified in the store. */
  storedFiles(fileIds: string[]): Promise<Map<string, StoredFileSummary>> {
    return this.stored.complete(fileIds);
  }

  /** POST /api/uploads: creates the file record (201), or answers the existing one when declared the same way again (200). */
  declare(user: UserProfile, body: unknown): Promise<{ created: boolean; state: UploadState }> {
    return this.declarations.declare(user, body);
  }

  /** GET /api/uploads/:fileId */
  async state(user: UserProfile, fileId: string): Promise<UploadState> {
    return uploadState(await this.files.accessible(user, fileId));
  }

  /** PUT /api/uploads/:fileId: one piece of the file. */
  receivePiece(user: UserProfile, fileId: string, contentRange: string | undefined, body: unknown): Promise<UploadState> {
    return this.pieces.receive(user, fileId, contentRange, body);
  }

  /** GET /api/files/:fileId: the bytes of a complete file. */
  content(user: UserProfile, fileId: string): Promise<FileContent> {
    return this.stored.content(user, fileId);
  }

  /** Removes uploads declared before `now - maxAgeMs` and still incomplete, pieces and all (audited); how many. */
  expireIncomplete(maxAgeMs = INCOMPLETE_UPLOAD_TTL_MS, now = Date.now()): Promise<number> {
    return this.expiry.expireIncomplete(maxAgeMs, now);
  }
}
