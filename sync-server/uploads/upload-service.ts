/**
 * Requirement documents arriving from devices (common/upload-protocol.ts). TO BE WRITTEN: this file
 * only fixes the seams the rest of the server uses.
 */
import type { UserProfile } from '../../common/sync-protocol.js';
import type { CatalogService } from '../catalog-service.js';
import type { Store, StoredApplication } from '../store.js';

/** Which applications an account may attach files to and read files of (owner, or the citizen who claimed it). */
export interface ApplicationAccess {
  accessibleApplication(user: UserProfile, applicationId: string): Promise<StoredApplication | undefined>;
}

export interface StoredFileSummary {
  applicationId: string;
  mimeType: string;
  size: number;
  sha256: string;
}

export class UploadService {
  constructor(
    readonly store: Store,
    readonly catalogs: CatalogService,
    readonly access: ApplicationAccess,
    /** Called after a file is complete and verified: the application may now be ready for its registration number. */
    readonly onFileComplete: (applicationId: string) => Promise<void>,
  ) {}

  /** The files among `fileIds` that are complete and verified in the store. */
  async storedFiles(fileIds: string[]): Promise<Map<string, StoredFileSummary>> {
    void fileIds;
    return new Map();
  }
}
