/**
 * Requirement documents on the device: the one object the Workspace and the screens hold. It
 * keeps a chosen file (prepared by file-preparation.ts) in the device's file collection
 * (device-files.ts) before the application names it, hands it to the upload queue
 * (upload-queue.ts), shows files from here or fetched from the server (file-downloads.ts), and
 * says how many still wait (pending-uploads.ts).
 */
import { get, set } from 'idb-keyval';
import type { RxCollection, RxDatabase } from 'rxdb/plugins/core';
import { BehaviorSubject, type Observable, type Subscription } from 'rxjs';
import type { ApplicationDoc, DocumentRef } from '../../../common/application-schema.js';
import type { RequirementDocument } from '../../../common/catalog.js';
import { DEVICE_HEADER, EXPECTED_USER_HEADER, type UserProfile } from '../../../common/sync-protocol.js';
import { apiRequest, type ApiRequestInit, type FetchFunction } from '../api.js';
import {
  bytesOf, insertWithBytes, openDeviceFiles, progressOf, standingOf, withoutError,
  type DeviceFile, type DeviceFileCollection, type DeviceFileDoc, type Standing, type UploadProgress,
} from './device-files.js';
import { FileDownloads } from './file-downloads.js';
import { prepareFile } from './file-preparation.js';
import { PendingUploadCount } from './pending-uploads.js';
import { UploadQueue } from './upload-queue.js';

/** Records (or clears) which file answers a requirement in the application document; the Workspace provides it. */
export type SetDocumentRef = (applicationId: string, requirementId: string, ref: DocumentRef | undefined) => Promise<void>;

export interface DocumentStoreOptions {
  /** Sends files to the server (off in tests of the local layer, like the Workspace's `sync`). */
  upload: boolean;
  /** A stand-in for `fetch` (tests of the upload queue). */
  fetch?: FetchFunction;
  /** First wait after no server answered; it doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Wait before declaring again when the server does not know the application yet (not replicated). */
  applicationWaitMs?: number;
  /** Files a listed refused change names as not applied (refused-changes.ts): kept, neither sent nor forgotten. */
  keptFileIds?: () => ReadonlySet<string>;
}

/** Device setting: the size photos are compressed to (a requirement's own limit may be lower). */
const PHOTO_TARGET_SETTING = 'documents-photo-target-kb';
export const DEFAULT_PHOTO_TARGET_KB = 300;
/** Files not answering any requirement of an application on this device are forgotten after this. */
const FORGET_UNREFERENCED_MS = 24 * 60 * 60 * 1000;

export class DocumentStore {
  /** Every file kept on this device, by fileId, and where it stands. */
  readonly progress$: Observable<ReadonlyMap<string, UploadProgress>>;
  /** How many files here have not reached the store yet and are still named by their application (pending-uploads.ts). */
  readonly pendingUploads$: Observable<number>;
  private readonly progressSubject = new BehaviorSubject<ReadonlyMap<string, UploadProgress>>(new Map());
  private readonly pending: PendingUploadCount;
  private readonly downloads: FileDownloads;
  private readonly subscriptions: Subscription[] = [];
  /** attach and remove run one after the other, so that two quick choices never delete each other's file. */
  private serial: Promise<unknown> = Promise.resolve();
  private targetKb = DEFAULT_PHOTO_TARGET_KB;
  private queue: UploadQueue | undefined;
  private keptFileIds: (() => ReadonlySet<string>) | undefined;

  private constructor(
    readonly user: UserProfile,
    private readonly setRef: SetDocumentRef,
    private readonly collection: DeviceFileCollection,
    private readonly applications: RxCollection<ApplicationDoc> | undefined,
    private readonly requestInit: Pick<ApiRequestInit, 'headers' | 'fetch'>,
  ) {
    this.progress$ = this.progressSubject.asObservable();
    this.pending = new PendingUploadCount((file) => this.standing(file));
    this.pendingUploads$ = this.pending.count$;
    this.downloads = new FileDownloads(collection, applications, requestInit);
  }

  /** Adds this store's local collection to the account's database; uploads only when `upload` is set. */
  static async open(database: RxDatabase, user: UserProfile, setRef: SetDocumentRef, options: DocumentStoreOptions): Promise<DocumentStore> {
    const collection = await openDeviceFiles(database);
    const applications = database.collections['applications'] as RxCollection<ApplicationDoc> | undefined;
    const headers = { [EXPECTED_USER_HEADER]: user.userId, [DEVICE_HEADER]: await database.storageToken };
    const store = new DocumentStore(user, setRef, collection, applications, { headers, ...(options.fetch ? { fetch: options.fetch } : {}) });
    await store.start(options);
    return store;
  }

  private async start(options: DocumentStoreOptions): Promise<void> {
    this.keptFileIds = options.keptFileIds;
    const saved = await get<number>(PHOTO_TARGET_SETTING).catch(() => undefined);
    if (typeof saved === 'number' && saved > 0) this.targetKb = saved;
    await this.forgetUnreferenced();
    await new Promise<void>((resolve) => {
      this.subscriptions.push(this.collection.find().$.subscribe((docs) => {
        const progress = new Map<string, UploadProgress>();
        for (const doc of docs) progress.set(doc.id, progressOf(doc));
        this.progressSubject.next(progress);
        void this.pending.recount(docs.filter((doc) => doc.state !== 'done').map((doc) => doc.toJSON() as DeviceFileDoc)).then(resolve, resolve);
      }));
    });
    if (this.applications) {
      this.subscriptions.push(this.applications.$.subscribe((event) => this.pending.applicationChanged(event)));
    }
    if (!options.upload) return;
    this.queue = new UploadQueue(this.collection, {
      userId: this.user.userId,
      retryMs: options.retryMs ?? 2000,
      maxRetryMs: options.maxRetryMs ?? 30_000,
      applicationWaitMs: options.applicationWaitMs ?? 10_000,
      request: <T>(path: string, init: ApiRequestInit) => apiRequest<T>(path, { ...this.requestInit, ...init, headers: { ...this.requestInit.headers, ...init.headers } }),
      standing: (file) => this.standing(file),
      bytesOf,
      forget: (docs) => this.deleteLocal(docs),
    });
    // Another tab of this account kept a file, or a failed one is to be tried again: the queue (whichever tab runs it) wakes.
    this.subscriptions.push(this.collection.$.subscribe((event) => {
      const data = event.documentData as DeviceFileDoc | undefined;
      const previous = event.previousDocumentData as DeviceFileDoc | undefined;
      if (data?.state === 'pending' && (event.operation === 'INSERT' || previous?.state === 'failed')) this.queue?.wake();
    }));
    this.queue.start();
  }

  /** The size photos are compressed to on this device (a requirement's own limit may be lower). */
  get photoTargetKb(): number {
    return this.targetKb;
  }

  /** The server may now know what the queue waited for (an application, or a file it names): try at once. */
  wake(): void {
    this.queue?.retryWaiting();
  }

  async setPhotoTargetKb(kb: number): Promise<void> {
    this.targetKb = Math.min(10_240, Math.max(50, Math.round(kb)));
    await set(PHOTO_TARGET_SETTING, this.targetKb);
  }

  pendingUploads(): number {
    return this.pending.value;
  }

  /**
   * Keeps a photo or PDF as the answer to one requirement: photos are compressed (JPEG unless the
   * requirement only takes PNG), PDFs kept as they are. Throws DocumentRefusedError (with
   * `text` in both languages) when the kind is not accepted or the file stays over the limit.
   * The file is on the device before the application names it; a file it replaces is forgotten
   * only after that.
   */
  async attach(applicationId: string, requirement: RequirementDocument, file: File | Blob, fileName?: string): Promise<DocumentRef> {
    const prepared = await prepareFile(requirement, file, fileName, this.targetKb);
    return this.exclusively(async () => {
      const fileId = crypto.randomUUID();
      const kept: DeviceFileDoc = {
        id: fileId, applicationId, requirementId: requirement.id, fileName: prepared.fileName, mimeType: prepared.mimeType,
        size: prepared.size, sha256: prepared.sha256, state: 'pending', receivedBytes: 0, createdAt: Date.now(),
      };
      await insertWithBytes(this.collection, kept, prepared.bytes);
      const ref: DocumentRef = { fileId, fileName: prepared.fileName, mimeType: prepared.mimeType, size: prepared.size, sha256: prepared.sha256 };
      try {
        await this.setRef(applicationId, requirement.id, ref);
      } catch (error) {
        await this.deleteLocal(await this.collection.findByIds([fileId]).exec().then((found) => [...found.values()]));
        throw error;
      }
      const replaced = await this.collection.find({ selector: { applicationId, requirementId: requirement.id } }).exec();
      await this.deleteLocal(replaced.filter((doc) => doc.id !== fileId && !this.isKept(doc.id)));
      this.queue?.wake();
      return ref;
    });
  }

  /** The requirement is no longer answered; its file is forgotten on this device. */
  async remove(applicationId: string, requirementId: string): Promise<void> {
    await this.exclusively(async () => {
      await this.setRef(applicationId, requirementId, undefined);
      const files = await this.collection.find({ selector: { applicationId, requirementId } }).exec();
      await this.deleteLocal(files.filter((doc) => !this.isKept(doc.id)));
    });
  }

  /** Tries a failed upload again. */
  async retry(fileId: string): Promise<void> {
    const doc = await this.collection.findOne(fileId).exec();
    if (doc?.state === 'failed') await doc.incrementalModify((data) => withoutError({ ...data, state: 'pending' }));
    this.queue?.wake();
  }

  /**
   * An object URL of the file's bytes, from this device or fetched once from the server
   * (file-downloads.ts). The store owns the URL: do not revoke it. `applicationId` lets a fetched
   * file be kept as that application's.
   */
  objectUrl(ref: DocumentRef, applicationId?: string): Promise<string | undefined> {
    return this.downloads.objectUrl(ref, applicationId);
  }

  /**
   * This device's copy of a file, read now (undefined when it is not here). Not the cached object
   * URL of objectUrl: a Blob read from IndexedDB before its record was written again may no longer
   * be readable, and a copy to save must be the bytes as they are.
   */
  async localCopy(fileId: string): Promise<Blob | undefined> {
    const doc = await this.collection.findOne(fileId).exec();
    return doc ? bytesOf(doc) : undefined;
  }

  async close(): Promise<void> {
    // First, so that nothing fetched from now on is kept or shown.
    const downloadsClosed = this.downloads.close();
    await this.queue?.stop();
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await this.serial.catch(() => undefined);
    await downloadsClosed;
  }

  // --- inside ---

  private exclusively<T>(work: () => Promise<T>): Promise<T> {
    const result = this.serial.then(work, work);
    this.serial = result.catch(() => undefined);
    return result;
  }

  /** Listed in a change the server did not apply: the person may still save it (DocumentStoreOptions.keptFileIds). */
  private isKept(fileId: string): boolean {
    return this.keptFileIds?.().has(fileId) ?? false;
  }

  private async standing(file: DeviceFileDoc): Promise<Standing> {
    const standing = await standingOf(this.applications, file);
    return standing !== 'current' && this.isKept(file.id) ? 'kept' : standing;
  }

  /** At opening: forgets files that no application here has named for a day (deleted drafts, replaced elsewhere). */
  private async forgetUnreferenced(): Promise<void> {
    const old = (await this.collection.find().exec()).filter((doc) => doc.createdAt < Date.now() - FORGET_UNREFERENCED_MS);
    if (old.length === 0 || !this.applications) return;
    const forget: DeviceFile[] = [];
    for (const doc of old) {
      const standing = await this.standing(doc.toJSON() as DeviceFileDoc);
      if (standing === 'replaced' || standing === 'no-application') forget.push(doc);
    }
    await this.deleteLocal(forget);
  }

  private async deleteLocal(docs: DeviceFile[]): Promise<void> {
    for (const doc of docs) {
      this.queue?.cancel(doc.id);
      this.downloads.forget(doc.id);
      await doc.incrementalRemove();
    }
  }
}
