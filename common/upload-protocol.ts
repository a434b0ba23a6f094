/**
 * How the bytes of requirement documents travel from a device to the store: declared first,
 * then sent in pieces that can resume after a cut connection, then checked by digest. Both the
 * device's upload queue (client/data/uploads.ts) and the sync server (sync-server/uploads/) import this.
 *
 *   POST /api/uploads            UploadDeclaration (JSON) → 201/200 UploadState
 *   GET  /api/uploads/:fileId    → UploadState (how many bytes arrived; resume from there)
 *   PUT  /api/uploads/:fileId    one piece, `Content-Type: application/octet-stream`,
 *                                `Content-Range: bytes <start>-<end>/<total>` → UploadState
 *                                (409 `upload-offset-mismatch` with the UploadState when start ≠ receivedBytes)
 *   GET  /api/files/:fileId      the stored bytes (owner or claiming applicant only)
 */

/** Bytes per piece: two pieces for a 300 KB photo, about 5 s each on a 400 kbps link. */
export const UPLOAD_CHUNK_BYTES = 256 * 1024;

/** The server refuses larger pieces. */
export const MAX_UPLOAD_CHUNK_BYTES = 1024 * 1024;

export interface UploadDeclaration {
  fileId: string;
  applicationId: string;
  /** The requirement document of the permit type (catalog) this file answers. */
  requirementId: string;
  fileName: string;
  mimeType: string;
  size: number;
  /** Lower-case hex SHA-256 of the whole file as kept on the device. */
  sha256: string;
}

export interface UploadState {
  fileId: string;
  receivedBytes: number;
  size: number;
  /** True once every byte arrived and the digest matched: the file is in the store. */
  complete: boolean;
}
