/**
 * Reading and writing the StoredFile documents of `ptsp_files` (one per file, `_id` = the device's
 * fileId), for every upload module. Every write carries the `_rev` it read, so two servers (or two
 * requests) writing the same file at once get CouchDB's 409, turned into StaleRevision here; the
 * callers answer `upload-offset-mismatch` with the current state.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DOCUMENT_ID_PATTERN } from '../../common/application-schema.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { log } from '../log.js';
import { getIfExists, isStatus, type Store, type StoredApplication, type StoredFile } from '../store.js';
import { StaleRevision, uploadNotFound } from './upload-errors.js';

/** Which applications an account may attach files to (owner, or the citizen who claimed it) and read files of (common/access). */
export interface ApplicationAccess {
  accessibleApplication(user: UserProfile, applicationId: string): Promise<StoredApplication | undefined>;
  /** Reading follows common/access (the office and the routed agencies check the files); uploading stays the applicant's. */
  readableApplication(user: UserProfile, applicationId: string): Promise<StoredApplication | undefined>;
}

export const FILE_ID = new RegExp(DOCUMENT_ID_PATTERN);

/** How often, and after how long a first wait (doubled each time), a write refused for a missing stub is tried. */
const STUB_ATTEMPTS = 5;
const STUB_WAIT_MS = 40;

const isMissingStub = (error: unknown): boolean =>
  isStatus(error, 412) && (error as { error?: unknown }).error === 'missing_stub';

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

  /**
   * Writes the document (stubs as read), turning CouchDB's revision conflict into StaleRevision.
   *
   * On a CouchDB cluster a write that carries attachment stubs is refused with 412 `missing_stub`
   * when one copy of the shard has not yet received the revision that added the attachment, even
   * though the other copies (a quorum) may have stored the write: CouchDB aborts the whole request
   * on the first copy that lacks the stub. So a 412 is not "nothing happened". The document is read
   * again after a short wait: `landed` says whether it is now what this write meant to store; if it
   * is still at the revision the write was based on, the write is tried again; if another revision
   * came, it is StaleRevision as for a 409. After the last try it is StaleRevision too, unless it
   * landed: the caller answers 409 with the state read again, which the device resumes from (never
   * a 500 for a piece that was stored). Seen in CI: one upload in a few hundred on the 3-node cluster.
   */
  async write(doc: StoredFile, landed: (current: StoredFile) => boolean = () => false): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.store.files.insert(doc);
        return;
      } catch (error) {
        if (isStatus(error, 409)) {
          // After a missing stub, the read may not yet have shown the copies that stored it: the
          // retry's conflict is then this very write.
          const current = attempt > 0 ? await this.read(doc._id) : undefined;
          if (current && landed(current)) return;
          throw new StaleRevision();
        }
        if (!isMissingStub(error)) throw error;
        if (attempt >= STUB_ATTEMPTS - 1) {
          const current = await this.read(doc._id);
          if (current && landed(current)) return;
          throw new StaleRevision();
        }
        log.warn({ event: 'upload-missing-stub', fileId: doc._id, attempt: attempt + 1 }, 'a copy of the store lacked an attachment of this file; reading it again');
      }
      await sleep(STUB_WAIT_MS * 2 ** attempt);
      const current = await this.read(doc._id);
      if (current && landed(current)) return;
      if (current?._rev !== doc._rev) throw new StaleRevision();
    }
  }

  /**
   * Adds an attachment at the revision read; returns the document as it is now (new revision, every stub).
   * A cluster's 412 `missing_stub` (the coordinator carries the other attachments as stubs, see
   * write) is StaleRevision: the caller answers with the state read again, and the device resends
   * from there, whether or not this attachment was stored.
   */
  async putAttachment(doc: StoredFile, name: string, bytes: Buffer, contentType: string): Promise<StoredFile> {
    try {
      await this.store.files.attachment.insert(doc._id, name, bytes, contentType, { rev: doc._rev });
    } catch (error) {
      if (isStatus(error, 409) || isMissingStub(error)) throw new StaleRevision();
      throw error;
    }
    // Read back: the next write must carry the new revision and the stubs of every attachment.
    return this.store.files.get(doc._id);
  }

  async attachment(doc: StoredFile, name: string): Promise<Buffer> {
    return Buffer.from(await this.store.files.attachment.get(doc._id, name, { rev: doc._rev }));
  }
}
