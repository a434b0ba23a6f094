/**
 * Requirement documents on the device: compressed, kept locally (shown offline), uploaded in
 * resumable pieces when a connection exists (common/upload-protocol.ts). TO BE WRITTEN: this
 * file only fixes the seams the Workspace uses.
 */
import type { RxDatabase } from 'rxdb/plugins/core';
import type { DocumentRef } from '../../common/application-schema.js';
import type { UserProfile } from '../../common/sync-protocol.js';

/** Records (or clears) which file answers a requirement in the application document; the Workspace provides it. */
export type SetDocumentRef = (applicationId: string, requirementId: string, ref: DocumentRef | undefined) => Promise<void>;

export class DocumentStore {
  private constructor(
    readonly user: UserProfile,
    private readonly setRef: SetDocumentRef,
  ) {}

  /** Adds this store's local collection to the account's database; uploads only when `upload` is set. */
  static async open(database: RxDatabase, user: UserProfile, setRef: SetDocumentRef, options: { upload: boolean }): Promise<DocumentStore> {
    void database;
    void options;
    return new DocumentStore(user, setRef);
  }

  async close(): Promise<void> {
    void this.setRef;
  }
}
