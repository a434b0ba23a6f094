/**
 * What is stored once uploads are complete: the bytes for GET /api/files/:fileId, and which files
 * of a list are complete and verified (the registration number waits for them).
 */
import type { UserProfile } from '../../common/sync-protocol.js';
import { ApiError } from '../http-errors.js';
import type { StoredFile } from '../store.js';
import { FILE_ID, type FileRecords } from './file-records.js';
import { FILE_ATTACHMENT } from './upload-state.js';

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
  /** Who uploaded it and for what: a download by anyone else is a history record (office/history.ts recordFileDownload). */
  fileId: string;
  applicationId: string;
  requirementId: string;
  uploadedBy: string;
  /**
   * The bytes, read only when asked: a device revalidating its copy (If-None-Match with the digest)
   * is answered 304 from the record alone, without reading the attachment from the store.
   */
  readBytes(): Promise<Buffer>;
  mimeType: string;
  sha256: string;
  fileName: string;
}

export class StoredFiles {
  constructor(private readonly files: FileRecords) {}

  /** The files among `fileIds` that are complete and verified in the store. */
  async complete(fileIds: string[]): Promise<Map<string, StoredFileSummary>> {
    const found = new Map<string, StoredFileSummary>();
    const keys = [...new Set(fileIds)].filter((id) => FILE_ID.test(id));
    if (keys.length === 0) return found;
    const result = await this.files.store.files.fetch({ keys });
    for (const row of result.rows) {
      const doc = 'doc' in row ? (row.doc as StoredFile | null | undefined) : undefined;
      if (!doc || doc.type !== 'file' || !doc.complete) continue;
      found.set(doc._id, { applicationId: doc.applicationId, requirementId: doc.requirementId, mimeType: doc.mimeType, size: doc.size, sha256: doc.sha256 });
    }
    return found;
  }

  /** A complete file `user` may read (its bytes read on demand). */
  async content(user: UserProfile, fileId: string): Promise<FileContent> {
    const doc = await this.files.readable(user, fileId);
    if (!doc.complete) {
      throw new ApiError(404, 'file-not-complete', 'Berkas ini belum selesai diunggah.', 'This file has not finished uploading.');
    }
    return {
      fileId: doc._id, applicationId: doc.applicationId, requirementId: doc.requirementId, uploadedBy: doc.uploadedBy,
      readBytes: () => this.files.attachment(doc, FILE_ATTACHMENT), mimeType: doc.mimeType, sha256: doc.sha256, fileName: doc.fileName,
    };
  }
}
