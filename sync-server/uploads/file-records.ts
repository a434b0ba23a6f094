/**
 * Reading and writing the StoredFile documents of `ptsp_files` (one per file, `_id` = the device's
 * fileId), for every upload module. Every write carries the `_rev` it read, so two servers (or two
 * requests) writing the same file at once get CouchDB's 409, turned into StaleRevision here; the
 * callers answer `upload-offset-mismatch` with the current state.
 */
import { DOCUMENT_ID_PATTERN } from '../../common/application-schema.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { getIfExists, isStatus, type Store, type StoredApplication, type StoredFile } from '../store.js';
import { StaleRevision, uploadNotFound } from './upload-errors.js';

/** Which applications an account may attach files to (owner, or the citizen who claimed it) and read files of (common/access). */
export interface ApplicationAccess {
  accessibleApplication(user: UserProfile, applicationId: string): Promise<StoredApplication | undefined>;
  /** Reading follows common/access (the office and the routed agencies check the files); uploading stays the applicant's. */
  readableApplication(user: UserProfile, applicationId: string): Promise<StoredApplication | undefined>;
}

export const FILE_ID = new RegExp(DOCUMENT_ID_PATTERN);

export class FileRecords {
  constructor(
    readonly store: Store,
    readonly access: ApplicationAccess,
  ) {}

  async read(fileId: string): Promise<StoredFile | undefined> {
    const doc = await getIfExists(this.store.files, fileId);
    return doc?.type === 'file' ? doc : undefined;
  }

  /** The file if `user` may see it; the same 404 whether it does not exist or belongs to someone else. */
  async accessible(user: UserProfile, fileId: string): Promise<StoredFile> {
    if (!FILE_ID.test(fileId)) throw uploadNotFound();
    const doc = await this.read(fileId);
    if (!doc || !(await this.access.accessibleApplication(user, doc.applicationId))) throw uploadNotFound();
    return doc;
  }

  /** The file if `user` may read its application (to download it); the same 404 as a missing file otherwise. */
  async readable(user: UserProfile, fileId: string): Promise<StoredFile> {
    if (!FILE_ID.test(fileId)) throw uploadNotFound();
    const doc = await this.read(fileId);
    if (!doc || !(await this.access.readableApplication(user, doc.applicationId))) throw uploadNotFound();
    return doc;
  }

  /** Writes the document (stubs as read), turning CouchDB's revision conflict into StaleRevision. */
  async write(doc: StoredFile): Promise<void> {
    try {
      await this.store.files.insert(doc);
    } catch (error) {
      if (isStatus(error, 409)) throw new StaleRevision();
      throw error;
    }
  }

  /** Adds an attachment at the revision read; returns the document as it is now (new revision, every stub). */
  async putAttachment(doc: StoredFile, name: string, bytes: Buffer, contentType: string): Promise<StoredFile> {
    try {
      await this.store.files.attachment.insert(doc._id, name, bytes, contentType, { rev: doc._rev });
    } catch (error) {
      if (isStatus(error, 409)) throw new StaleRevision();
      throw error;
    }
    // Read back: the next write must carry the new revision and the stubs of every attachment.
    return this.store.files.get(doc._id);
  }

  async attachment(doc: StoredFile, name: string): Promise<Buffer> {
    return Buffer.from(await this.store.files.attachment.get(doc._id, name, { rev: doc._rev }));
  }
}
