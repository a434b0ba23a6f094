/**
 * When a submitted application gets its registration number: once every document it names is
 * stored, byte for byte what the device declared. Either in the push that submits it (all files
 * already uploaded), or when its last upload completes (registerIfReady), or at start for those a
 * crash or a failing store left waiting (`waiting:<id>` markers in ptsp_registrations).
 * Numbers themselves come from registration-numbers.ts; all of this runs under the write lock.
 */
import type { PermitType } from '../../common/catalog.js';
import { recordAudit } from '../audit.js';
import type { CatalogService } from '../catalog-service.js';
import { log } from '../log.js';
import { getIfExists, type Store, type StoredApplication, type StoredRegistration } from '../store.js';
import type { StoredFileSummary } from '../uploads/upload-service.js';
import type { ApplicationWrites } from './application-writes.js';
import { permitTypeOf, type CatalogsByVersion } from './collections/application-rules.js';
import { RegistrationNumbers } from './registration-numbers.js';

/** `waiting:<application id>` in ptsp_registrations: submitted, not yet numbered. */
const WAITING_PREFIX = 'waiting:';

/** What tells whether an application's files are all stored (the upload service). */
export interface StoredFiles {
  storedFiles(fileIds: string[]): Promise<Map<string, StoredFileSummary>>;
}

const awaitsNumber = (doc: StoredApplication): boolean => doc.status === 'submitted' && !doc.registrationNumber && !doc.deleted;

export class Registration {
  private readonly numbers: RegistrationNumbers;
  private files: StoredFiles | undefined;

  constructor(private readonly store: Store, private readonly catalogs: CatalogService, private readonly writes: ApplicationWrites,
    timeZone: string) {
    this.numbers = new RegistrationNumbers(store, timeZone);
  }

  useFiles(files: StoredFiles): void {
    this.files = files;
  }

  /** Numbers every submitted application in `writes` whose documents are all stored (under the write lock, before they are stored). */
  async giveNumbers(writes: StoredApplication[], catalogsByVersion: CatalogsByVersion): Promise<void> {
    const waiting = writes.filter(awaitsNumber);
    if (waiting.length === 0) return;
    const stored = await this.storedFiles(waiting);
    for (const doc of waiting) {
      if (!this.documentsStored(doc, stored)) continue;
      const permitType = await permitTypeOf(catalogsByVersion, doc);
      if (!permitType) continue;
      Object.assign(doc, await this.numbers.numberFor(doc.id, doc.permitTypeId, permitType.code));
      // The device does not know the number yet: it must pull this state.
      delete doc.writerDevice;
    }
  }

  /** Remembers the applications just written that wait for their number, so a restart finds them (resumeWaiting). */
  async markWaiting(written: StoredApplication[]): Promise<void> {
    const ids = written.filter(awaitsNumber).map((doc) => doc._id);
    if (ids.length === 0) return;
    // An existing marker answers 409 in its row: it already says what this one would.
    await this.store.registrations.bulk({ docs: ids.map((id) => ({ _id: `${WAITING_PREFIX}${id}` }) as unknown as StoredRegistration) });
  }

  /** At start: tries again every application still waiting for its number (a crash, or a store that failed too long). */
  async resumeWaiting(): Promise<void> {
    const waiting = await this.store.registrations.list({ startkey: WAITING_PREFIX, endkey: `${WAITING_PREFIX}\ufff0` });
    for (const row of waiting.rows) {
      void this.registerIfReady(row.id.slice(WAITING_PREFIX.length)).catch((error: unknown) => log.error({ event: 'registration-failed', err: error }, 'registration of a waiting application failed'));
    }
  }

  /**
   * Gives a submitted application its registration number once every document it names is stored.
   * Called when an upload completes; if the store fails meanwhile, it tries again a few times
   * (the device has nothing left to send that would trigger it again).
   */
  async registerIfReady(applicationId: string, attempt = 1): Promise<void> {
    try {
      await this.registerNow(applicationId);
    } catch (error) {
      if (attempt >= 5) throw error;
      log.warn({ event: 'registration-retry', attempt, reason: (error as Error).message }, 'registration failed; trying again');
      const timer = setTimeout(() => void this.registerIfReady(applicationId, attempt + 1).catch((final: unknown) => {
        log.error({ event: 'registration-failed', err: final }, 'registration failed for good');
      }), 5000 * attempt);
      timer.unref();
    }
  }

  private async registerNow(applicationId: string): Promise<void> {
    await this.writes.underWriteLock(async () => {
      const doc = await this.writes.readApplication(applicationId);
      if (!doc || !awaitsNumber(doc)) return;
      const catalog = await this.catalogs.version(doc.catalogVersion);
      const permitType: PermitType | undefined = catalog?.permitTypes.find((type) => type.id === doc.permitTypeId);
      if (!permitType || !this.documentsStored(doc, await this.storedFiles([doc]))) return;
      const given = await this.numbers.numberFor(doc.id, doc.permitTypeId, permitType.code);
      await this.writes.writeApplicationChange(doc, given);
      await this.clearWaiting(doc.id);
      await recordAudit(this.store, [{ actor: 'system', action: 'application.register', target: doc.id, details: { registrationNumber: given.registrationNumber } }]);
    });
  }

  private async clearWaiting(id: string): Promise<void> {
    const marker = await getIfExists(this.store.registrations, `${WAITING_PREFIX}${id}`);
    if (marker) await this.store.registrations.destroy(marker._id, marker._rev).catch(() => undefined);
  }

  private async storedFiles(docs: StoredApplication[]): Promise<Map<string, StoredFileSummary>> {
    const ids = docs.flatMap((doc) => Object.values(doc.documents ?? {}).map((ref) => ref.fileId));
    if (ids.length === 0 || !this.files) return new Map();
    return this.files.storedFiles(ids);
  }

  /** Every document the application names is in the store, byte for byte what the device declared. */
  private documentsStored(doc: StoredApplication, stored: Map<string, StoredFileSummary>): boolean {
    return Object.entries(doc.documents ?? {}).every(([requirementId, ref]) => {
      const file = stored.get(ref.fileId);
      return file !== undefined && file.sha256 === ref.sha256 && file.size === ref.size && file.applicationId === doc.id
        && file.requirementId === requirementId && file.mimeType === ref.mimeType;
    });
  }
}
