/**
 * Uploads still incomplete long after their declaration are removed with their pieces (at start
 * and every 6 hours, server.ts), each recorded in the audit log.
 */
import { recordAudit } from '../audit.js';
import { INCOMPLETE_UPLOAD_INDEX, isStatus } from '../store.js';
import type { OwnerLock } from '../sync/owner-lock.js';
import type { FileRecords } from './file-records.js';

/**
 * An upload still incomplete this long after its declaration is removed with its pieces. A device
 * that comes back later declares it again (as it always does first) and sends it from byte 0: its
 * copy is kept until the server has the whole file. 30 days is as long as a session lasts offline.
 */
export const INCOMPLETE_UPLOAD_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const EXPIRY_PAGE = 100;

export class UploadExpiry {
  constructor(
    private readonly files: FileRecords,
    private readonly locks: OwnerLock,
  ) {}

  /** Removes uploads declared before `now - maxAgeMs` and still incomplete. Returns how many were removed. */
  async expireIncomplete(maxAgeMs = INCOMPLETE_UPLOAD_TTL_MS, now = Date.now()): Promise<number> {
    const before = new Date(now - maxAgeMs).toISOString();
    const store = this.files.store;
    let removed = 0;
    for (;;) {
      const found = await store.files.find({
        selector: { complete: false, createdAt: { $lt: before } },
        fields: ['_id'],
        limit: EXPIRY_PAGE,
        use_index: [INCOMPLETE_UPLOAD_INDEX.ddoc, INCOMPLETE_UPLOAD_INDEX.name],
      });
      let removedNow = 0;
      for (const { _id: fileId } of found.docs) {
        // Under the file's lock, on a fresh read: a piece that completed it meanwhile keeps it. (A
        // piece arriving at another process meanwhile changes the _rev, and the destroy gets a 409.)
        const gone = await this.locks.run(fileId, async () => {
          const doc = await this.files.read(fileId);
          if (!doc || doc.complete || doc.createdAt >= before) return false;
          try {
            await store.files.destroy(fileId, doc._rev ?? '');
          } catch (error) {
            if (isStatus(error, 409) || isStatus(error, 404)) return false;
            throw error;
          }
          await recordAudit(store, [{
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
}
