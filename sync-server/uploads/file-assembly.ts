/**
 * The end of an upload: when the last byte arrives the pieces are joined, checked against the
 * declared SHA-256 and the declared kind's magic bytes, and stored as the attachment `file`; the
 * parts go in the same write that sets `complete: true`. A refused file keeps nothing (parts
 * removed, `receivedBytes` back to 0), so the device can start again from 0.
 */
import { createHash } from 'node:crypto';
import type { UserProfile } from '../../common/sync-protocol.js';
import type { UploadState } from '../../common/upload-protocol.js';
import { recordAudit } from '../audit.js';
import { log } from '../log.js';
import type { StoredFile } from '../store.js';
import { showsKind } from './file-kinds.js';
import type { FileRecords } from './file-records.js';
import { UploadStateError } from './upload-errors.js';
import { contiguousParts, FILE_ATTACHMENT, uploadState } from './upload-state.js';

export type RefusalReason = 'digest-mismatch' | 'wrong-file-kind';

export class FileAssembly {
  constructor(
    private readonly files: FileRecords,
    /** Called after a file is complete and verified: the application may now be ready for its registration number. */
    private readonly onFileComplete: (applicationId: string) => Promise<void>,
  ) {}

  /** Joins the stored parts and `lastPiece`, verifies the whole and stores it as the complete file. */
  async finish(user: UserProfile, doc: StoredFile, lastPiece: Buffer): Promise<UploadState> {
    const pieces: Buffer[] = [];
    for (const part of contiguousParts(doc)) pieces.push(await this.files.attachment(doc, part.name));
    pieces.push(lastPiece);
    const whole = Buffer.concat(pieces);
    const digest = createHash('sha256').update(whole).digest('hex');
    if (whole.length !== doc.size || digest !== doc.sha256) await this.refuse(user, doc, 'digest-mismatch');
    if (!showsKind(doc.mimeType, whole)) await this.refuse(user, doc, 'wrong-file-kind');

    const withFile = await this.files.putAttachment(doc, FILE_ATTACHMENT, whole, doc.mimeType);
    const fileStub = withFile._attachments?.[FILE_ATTACHMENT];
    const complete: StoredFile = {
      ...withFile,
      // Only the whole file stays: the parts' stubs are left out, which removes them.
      _attachments: { [FILE_ATTACHMENT]: fileStub },
      receivedBytes: doc.size,
      complete: true,
      completedAt: new Date().toISOString(),
    };
    // Landed: a cluster refused the write for a missing stub after a quorum had stored it (FileRecords.write).
    const fileDigest = (fileStub as { digest?: unknown } | undefined)?.digest;
    await this.files.write(complete, (current) =>
      current.complete && (current._attachments?.[FILE_ATTACHMENT] as { digest?: unknown } | undefined)?.digest === fileDigest);
    await recordAudit(this.files.store, [{
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

  /** Drops every piece (and any half-written file), so the upload starts again from 0; then throws the reason. */
  async refuse(user: UserProfile, doc: StoredFile, reason: RefusalReason): Promise<never> {
    const { _attachments, ...rest } = doc;
    const emptied: StoredFile = { ...rest, receivedBytes: 0, complete: false };
    await this.files.write(emptied);
    await recordAudit(this.files.store, [{
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
