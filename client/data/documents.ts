/**
 * Requirement documents on the device: compressed, kept locally (shown offline), uploaded in
 * resumable pieces when a connection exists (common/upload-protocol.ts).
 *
 * Each file lives in the account database's `deviceFiles` collection, which is never replicated:
 * its metadata, its bytes (an RxDB attachment, a Blob in IndexedDB) and its upload state. The
 * application document only carries the file's DocumentRef (fileId, name, type, size, SHA-256);
 * the bytes travel through the upload queue below, one file at a time.
 */
import type { Options as CompressionOptions } from 'browser-image-compression';
import { get, set } from 'idb-keyval';
import { RxDBAttachmentsPlugin } from 'rxdb/plugins/attachments';
import { addRxPlugin, type RxCollection, type RxDatabase, type RxDocument } from 'rxdb/plugins/core';
import { BehaviorSubject, type Observable, type Subscription } from 'rxjs';
import type { ApplicationDoc, DocumentRef } from '../../common/application-schema.js';
import type { LocalizedText, RequirementDocument } from '../../common/catalog.js';
import { DEVICE_HEADER, EXPECTED_USER_HEADER, type UserProfile } from '../../common/sync-protocol.js';
import { UPLOAD_CHUNK_BYTES, type UploadDeclaration, type UploadState } from '../../common/upload-protocol.js';
import { apiBlob, apiRequest, ApiRequestError, type ApiRequestInit, type FetchFunction } from './api.js';

addRxPlugin(RxDBAttachmentsPlugin);

/** Records (or clears) which file answers a requirement in the application document; the Workspace provides it. */
export type SetDocumentRef = (applicationId: string, requirementId: string, ref: DocumentRef | undefined) => Promise<void>;

export type UploadProgressState = 'waiting' | 'uploading' | 'done' | 'failed';

/** Where one file kept on this device stands on its way to the store. */
export interface UploadProgress {
  applicationId: string;
  /** Bytes the server has confirmed. */
  sent: number;
  total: number;
  state: UploadProgressState;
  /** Why it failed, or why it is waiting (e.g. the session ended), in both languages. */
  error?: LocalizedText;
}

/** Refusal of a file by `attach`: `text` names the requirement and says what is wrong. */
export class DocumentRefusedError extends Error {
  constructor(readonly text: LocalizedText) {
    super(text.en);
    this.name = 'DocumentRefusedError';
  }
}

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
}

type StoredUploadState = 'pending' | 'uploading' | 'done' | 'failed';

/** One file on this device (collection `deviceFiles`, never replicated). */
export interface DeviceFileDoc extends Omit<UploadDeclaration, 'fileId'> {
  /** The fileId of the DocumentRef. */
  id: string;
  /** Empty when it was fetched for display without knowing the requirement. */
  requirementId: string;
  /** `done`: the store has every byte and checked the digest (or the file came from there). */
  state: StoredUploadState;
  receivedBytes: number;
  /** Milliseconds since the epoch when it was kept here; the queue sends oldest first. */
  createdAt: number;
  lastError?: LocalizedText;
}

type DeviceFileCollection = RxCollection<DeviceFileDoc>;
type DeviceFile = RxDocument<DeviceFileDoc>;

const COLLECTION = 'deviceFiles';
const BYTES_ATTACHMENT = 'bytes';

const deviceFileSchema = {
  title: 'requirement document kept on this device',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 64 },
    applicationId: { type: 'string', maxLength: 64 },
    requirementId: { type: 'string', maxLength: 64 },
    fileName: { type: 'string', maxLength: 200 },
    mimeType: { type: 'string', maxLength: 100 },
    size: { type: 'integer', minimum: 0 },
    sha256: { type: 'string', maxLength: 64 },
    state: { type: 'string', enum: ['pending', 'uploading', 'done', 'failed'], maxLength: 20 },
    receivedBytes: { type: 'integer', minimum: 0 },
    createdAt: { type: 'integer', minimum: 0 },
    lastError: {
      type: 'object',
      properties: { id: { type: 'string' }, en: { type: 'string' } },
      required: ['id', 'en'],
    },
  },
  required: ['id', 'applicationId', 'requirementId', 'fileName', 'mimeType', 'size', 'sha256', 'state', 'receivedBytes', 'createdAt'],
  attachments: {},
} as const;

/** Device setting: the size photos are compressed to (a requirement's own limit may be lower). */
const PHOTO_TARGET_SETTING = 'documents-photo-target-kb';
export const DEFAULT_PHOTO_TARGET_KB = 300;
const MAX_PHOTO_SIDE = 1600;
/** Files not answering any requirement of an application on this device are forgotten after this. */
const FORGET_UNREFERENCED_MS = 24 * 60 * 60 * 1000;
/** A file just kept is not yet in its application (attach saves it first): the queue leaves it alone meanwhile. */
const JUST_KEPT_MS = 60 * 1000;

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf',
};
const KIND_NAMES: Record<string, string> = {
  'image/jpeg': 'JPG', 'image/jpg': 'JPG', 'image/png': 'PNG', 'image/webp': 'WEBP', 'image/heic': 'HEIC',
  'image/heif': 'HEIF', 'application/pdf': 'PDF',
};

// --- words for sizes and kinds, in both languages (also used by the components) ---

/** "300 KB", "1,5 MB" / "1.5 MB". */
export function describeSize(bytes: number): LocalizedText {
  if (bytes < 1024 * 1024) {
    const kb = `${Math.max(1, Math.round(bytes / 1024))} KB`;
    return { id: kb, en: kb };
  }
  const mb = bytes / (1024 * 1024);
  const format = (locale: string): string => `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(mb)} MB`;
  return { id: format('id-ID'), en: format('en-GB') };
}

/** "JPG, PNG atau PDF" / "JPG, PNG or PDF". */
export function describeKinds(accepts: readonly string[]): LocalizedText {
  const names = [...new Set(accepts.map((type) => KIND_NAMES[type.toLowerCase()] ?? type.split('/').pop()?.toUpperCase() ?? type))];
  const last = names.pop() ?? '';
  const join = (or: string): string => (names.length === 0 ? last : `${names.join(', ')} ${or} ${last}`);
  return { id: join('atau'), en: join('or') };
}

// --- refusals ---

function notAccepted(requirement: RequirementDocument): DocumentRefusedError {
  const kinds = describeKinds(requirement.accepts);
  return new DocumentRefusedError({
    id: `${requirement.name.id}: jenis berkas ini tidak diterima. Pilih foto atau berkas ${kinds.id}.`,
    en: `${requirement.name.en}: this kind of file is not accepted. Choose a photo or file in ${kinds.en}.`,
  });
}

function emptyFile(requirement: RequirementDocument): DocumentRefusedError {
  return new DocumentRefusedError({
    id: `${requirement.name.id}: berkas ini kosong. Pilih berkas lain.`,
    en: `${requirement.name.en}: this file is empty. Choose another file.`,
  });
}

function unreadableImage(requirement: RequirementDocument): DocumentRefusedError {
  return new DocumentRefusedError({
    id: `${requirement.name.id}: foto ini tidak dapat dibaca di perangkat ini. Ambil foto lagi atau pilih berkas JPG atau PNG.`,
    en: `${requirement.name.en}: this photo cannot be read on this device. Take the photo again or choose a JPG or PNG file.`,
  });
}

function imageTooLarge(requirement: RequirementDocument, size: number): DocumentRefusedError {
  const [got, limit] = [describeSize(size), describeSize(requirement.maxSizeKb * 1024)];
  return new DocumentRefusedError({
    id: `${requirement.name.id}: foto masih ${got.id} setelah diperkecil, melebihi batas ${limit.id}. Ambil foto yang lebih dekat dan sederhana.`,
    en: `${requirement.name.en}: the photo is still ${got.en} after compression, over the limit of ${limit.en}. Take a closer, simpler photo.`,
  });
}

function pdfTooLarge(requirement: RequirementDocument, size: number): DocumentRefusedError {
  const [got, limit] = [describeSize(size), describeSize(requirement.maxSizeKb * 1024)];
  return new DocumentRefusedError({
    id: `${requirement.name.id}: berkas PDF ini ${got.id}, melebihi batas ${limit.id}. Pindai ulang dengan resolusi lebih rendah, atau kirim fotonya.`,
    en: `${requirement.name.en}: this PDF is ${got.en}, over the limit of ${limit.en}. Scan it again at a lower resolution, or send a photo instead.`,
  });
}

const BYTES_MISSING: LocalizedText = {
  id: 'Isi berkas tidak ada lagi di perangkat ini. Hapus lalu lampirkan lagi.',
  en: 'The file\'s content is no longer on this device. Remove it and attach it again.',
};
const NOT_CONFIRMED: LocalizedText = {
  id: 'Server menerima semua bagian berkas tetapi tidak mengonfirmasinya. Coba kirim lagi.',
  en: 'The server received every piece of the file but did not confirm it. Try sending again.',
};

// --- bytes ---

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** What the bytes are, by their signature (the server checks the same signatures); the declared type only as a last resort. */
async function sniffType(blob: Blob): Promise<string> {
  const head = new Uint8Array(await blob.slice(0, 16).arrayBuffer());
  const ascii = (from: number, to: number): string => String.fromCharCode(...head.subarray(from, to));
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((value, index) => head[index] === value)) return 'image/png';
  if (ascii(0, 5) === '%PDF-') return 'application/pdf';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(4, 8) === 'ftyp' && ['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(ascii(8, 12))) return 'image/heic';
  // Other pictures the browser may decode (GIF, BMP, AVIF): let the decoder decide. Nothing else passes.
  return blob.type.startsWith('image/') ? blob.type.toLowerCase() : 'application/octet-stream';
}

/** The image type to produce: JPEG unless the requirement does not take it. */
function imageOutputType(accepts: readonly string[]): string | undefined {
  if (accepts.includes('image/jpeg') || accepts.includes('image/jpg')) return 'image/jpeg';
  return ['image/png', 'image/webp'].find((type) => accepts.includes(type));
}

function keptFileName(requested: string | undefined, file: Blob, requirement: RequirementDocument, mimeType: string): string {
  const given = requested ?? (file instanceof File ? file.name : '');
  const last = given.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must lose
  const cleaned = last.replace(/[\u0000-\u001f\u007f]/g, '').trim().replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return `${(cleaned || requirement.id).slice(0, 180)}.${EXTENSIONS[mimeType] ?? 'bin'}`;
}

interface PreparedFile {
  bytes: Blob;
  mimeType: string;
  fileName: string;
  size: number;
  sha256: string;
}

export class DocumentStore {
  /** Every file kept on this device, by fileId, and where it stands. */
  readonly progress$: Observable<ReadonlyMap<string, UploadProgress>>;
  /**
   * How many files on this device have not reached the store yet (failed ones included), counting
   * only those an application here still names: a deleted draft's photo (kept a day for an undo)
   * or a replaced one will not be sent, so it does not wait.
   */
  readonly pendingUploads$: Observable<number>;
  private readonly progressSubject = new BehaviorSubject<ReadonlyMap<string, UploadProgress>>(new Map());
  private readonly pendingSubject = new BehaviorSubject<number>(0);
  private readonly urls = new Map<string, string>();
  private readonly downloads = new Map<string, Promise<string | undefined>>();
  private readonly subscriptions: Subscription[] = [];
  /** attach and remove run one after the other, so that two quick choices never delete each other's file. */
  private serial: Promise<unknown> = Promise.resolve();
  private targetKb = DEFAULT_PHOTO_TARGET_KB;
  private queue: UploadQueue | undefined;
  private closed = false;
  /** Files not yet on the server, and whether their application names them (only those are counted). */
  private waitingFiles: { file: DeviceFileDoc; named: boolean }[] = [];
  /** Counts recounts, so an older one finishing late is dropped. */
  private countGeneration = 0;

  private constructor(
    readonly user: UserProfile,
    private readonly setRef: SetDocumentRef,
    private readonly collection: DeviceFileCollection,
    private readonly applications: RxCollection<ApplicationDoc> | undefined,
    private readonly requestInit: Pick<ApiRequestInit, 'headers' | 'fetch'>,
  ) {
    this.progress$ = this.progressSubject.asObservable();
    this.pendingUploads$ = this.pendingSubject.asObservable();
  }

  /** Adds this store's local collection to the account's database; uploads only when `upload` is set. */
  static async open(database: RxDatabase, user: UserProfile, setRef: SetDocumentRef, options: DocumentStoreOptions): Promise<DocumentStore> {
    const existing = database.collections[COLLECTION] as DeviceFileCollection | undefined;
    const collection = existing ?? ((await database.addCollections({ [COLLECTION]: { schema: deviceFileSchema } }))[COLLECTION] as DeviceFileCollection);
    const applications = database.collections['applications'] as RxCollection<ApplicationDoc> | undefined;
    const headers = { [EXPECTED_USER_HEADER]: user.userId, [DEVICE_HEADER]: await database.storageToken };
    const store = new DocumentStore(user, setRef, collection, applications, { headers, ...(options.fetch ? { fetch: options.fetch } : {}) });
    await store.start(options);
    return store;
  }

  private async start(options: DocumentStoreOptions): Promise<void> {
    const saved = await get<number>(PHOTO_TARGET_SETTING).catch(() => undefined);
    if (typeof saved === 'number' && saved > 0) this.targetKb = saved;
    await this.forgetUnreferenced();
    await new Promise<void>((resolve) => {
      this.subscriptions.push(this.collection.find().$.subscribe((docs) => {
        const progress = new Map<string, UploadProgress>();
        for (const doc of docs) progress.set(doc.id, progressOf(doc));
        this.progressSubject.next(progress);
        void this.countWaiting(docs.filter((doc) => doc.state !== 'done').map((doc) => doc.toJSON() as DeviceFileDoc)).then(resolve, resolve);
      }));
    });
    if (this.applications) {
      // A draft deleted, or its photo replaced (here or on another device): the count may change.
      this.subscriptions.push(this.applications.$.subscribe((event) => {
        const data = event.documentData as Partial<ApplicationDoc> & { _deleted?: boolean } | undefined;
        const deleted = event.operation === 'DELETE' || data?._deleted === true;
        const changed = this.waitingFiles.some(({ file, named }) => file.applicationId === event.documentId
          && named !== (!deleted && data?.documents?.[file.requirementId]?.fileId === file.id));
        if (changed) void this.countWaiting(this.waitingFiles.map(({ file }) => file));
      }));
    }
    if (!options.upload) return;
    this.queue = new UploadQueue(this.collection, {
      userId: this.user.userId,
      retryMs: options.retryMs ?? 2000,
      maxRetryMs: options.maxRetryMs ?? 30_000,
      applicationWaitMs: options.applicationWaitMs ?? 10_000,
      request: <T>(path: string, init: ApiRequestInit) => apiRequest<T>(path, { ...this.requestInit, ...init, headers: { ...this.requestInit.headers, ...init.headers } }),
      standing: (file) => this.standing(file),
      bytesOf: (doc) => this.bytesOf(doc),
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
    return this.pendingSubject.value;
  }

  /**
   * Keeps a photo or PDF as the answer to one requirement: photos are compressed (JPEG unless the
   * requirement only takes PNG), PDFs kept as they are. Throws DocumentRefusedError (with
   * `text` in both languages) when the kind is not accepted or the file stays over the limit.
   * The file is on the device before the application names it; a file it replaces is forgotten
   * only after that.
   */
  async attach(applicationId: string, requirement: RequirementDocument, file: File | Blob, fileName?: string): Promise<DocumentRef> {
    const prepared = await this.prepare(requirement, file, fileName);
    return this.exclusively(async () => {
      const fileId = crypto.randomUUID();
      const kept: DeviceFileDoc = {
        id: fileId, applicationId, requirementId: requirement.id, fileName: prepared.fileName, mimeType: prepared.mimeType,
        size: prepared.size, sha256: prepared.sha256, state: 'pending', receivedBytes: 0, createdAt: Date.now(),
      };
      await this.insertWithBytes(kept, prepared.bytes);
      const ref: DocumentRef = { fileId, fileName: prepared.fileName, mimeType: prepared.mimeType, size: prepared.size, sha256: prepared.sha256 };
      try {
        await this.setRef(applicationId, requirement.id, ref);
      } catch (error) {
        await this.deleteLocal(await this.collection.findByIds([fileId]).exec().then((found) => [...found.values()]));
        throw error;
      }
      const replaced = await this.collection.find({ selector: { applicationId, requirementId: requirement.id } }).exec();
      await this.deleteLocal(replaced.filter((doc) => doc.id !== fileId));
      this.queue?.wake();
      return ref;
    });
  }

  /** The requirement is no longer answered; its file is forgotten on this device. */
  async remove(applicationId: string, requirementId: string): Promise<void> {
    await this.exclusively(async () => {
      await this.setRef(applicationId, requirementId, undefined);
      await this.deleteLocal(await this.collection.find({ selector: { applicationId, requirementId } }).exec());
    });
  }

  /** Tries a failed upload again. */
  async retry(fileId: string): Promise<void> {
    const doc = await this.collection.findOne(fileId).exec();
    if (doc?.state === 'failed') await doc.incrementalModify((data) => withoutError({ ...data, state: 'pending' }));
    this.queue?.wake();
  }

  /**
   * An object URL of the file's bytes: from this device, or (for a file attached on another
   * device) fetched once from the server while online, checked against the ref's digest and kept
   * here. The store owns the URL (one per file, revoked when the file is forgotten or the store
   * closes): do not revoke it. `applicationId` lets a fetched file be kept as that application's.
   */
  async objectUrl(ref: DocumentRef, applicationId?: string): Promise<string | undefined> {
    const cached = this.urls.get(ref.fileId);
    if (cached) return cached;
    const doc = await this.collection.findOne(ref.fileId).exec();
    const bytes = doc ? await this.bytesOf(doc) : undefined;
    if (bytes) return this.urlFor(ref.fileId, bytes);
    if (this.closed || !navigator.onLine) return undefined;
    let download = this.downloads.get(ref.fileId);
    if (!download) {
      download = this.download(ref, applicationId).catch(() => undefined).finally(() => this.downloads.delete(ref.fileId));
      this.downloads.set(ref.fileId, download);
    }
    return download;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue?.stop();
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await this.serial.catch(() => undefined);
    await Promise.all([...this.downloads.values()]);
    for (const url of this.urls.values()) URL.revokeObjectURL(url);
    this.urls.clear();
  }

  // --- inside ---

  private exclusively<T>(work: () => Promise<T>): Promise<T> {
    const result = this.serial.then(work, work);
    this.serial = result.catch(() => undefined);
    return result;
  }

  private async prepare(requirement: RequirementDocument, file: Blob, requestedName: string | undefined): Promise<PreparedFile> {
    const accepts = requirement.accepts.map((type) => type.toLowerCase());
    const limit = requirement.maxSizeKb * 1024;
    if (file.size === 0) throw emptyFile(requirement);
    const kind = await sniffType(file);
    let kept: Blob;
    let mimeType: string;
    if (kind === 'application/pdf') {
      if (!accepts.includes(kind)) throw notAccepted(requirement);
      if (file.size > limit) throw pdfTooLarge(requirement, file.size);
      kept = file;
      mimeType = kind;
    } else if (kind.startsWith('image/')) {
      const output = imageOutputType(accepts);
      if (!output) throw notAccepted(requirement);
      const target = Math.min(limit, this.targetKb * 1024);
      let compressed: Blob;
      try {
        compressed = await compressImage(file, kind, output, target);
      } catch {
        throw unreadableImage(requirement);
      }
      if (await sniffType(compressed) !== output) throw unreadableImage(requirement);
      if (compressed.size > limit) throw imageTooLarge(requirement, compressed.size);
      kept = compressed;
      mimeType = output;
    } else {
      throw notAccepted(requirement);
    }
    // The digest is of exactly the bytes kept: hashed and stored from the same buffer.
    const buffer = await kept.arrayBuffer();
    return {
      bytes: new Blob([buffer], { type: mimeType }),
      mimeType,
      fileName: keptFileName(requestedName, file, requirement, mimeType),
      size: buffer.byteLength,
      sha256: await sha256Hex(buffer),
    };
  }

  private async insertWithBytes(data: DeviceFileDoc, bytes: Blob): Promise<void> {
    // One write: the document and its bytes are kept together or not at all.
    await this.collection.insert({
      ...data,
      _attachments: [{ id: BYTES_ATTACHMENT, type: data.mimeType, data: bytes }],
    } as unknown as DeviceFileDoc);
  }

  private async bytesOf(doc: DeviceFile): Promise<Blob | undefined> {
    try {
      return (await doc.getAttachment(BYTES_ATTACHMENT)?.getData()) ?? undefined;
    } catch {
      return undefined;
    }
  }

  private urlFor(fileId: string, bytes: Blob): string {
    let url = this.urls.get(fileId);
    if (!url) {
      url = URL.createObjectURL(bytes);
      this.urls.set(fileId, url);
    }
    return url;
  }

  private async download(ref: DocumentRef, applicationId: string | undefined): Promise<string | undefined> {
    const blob = await apiBlob(`/files/${encodeURIComponent(ref.fileId)}`, { ...this.requestInit, timeoutMs: 120_000 });
    const buffer = await blob.arrayBuffer();
    if (buffer.byteLength !== ref.size || (await sha256Hex(buffer)) !== ref.sha256) return undefined;
    const bytes = new Blob([buffer], { type: ref.mimeType });
    if (this.closed) return undefined;
    let requirementId = '';
    if (applicationId && this.applications) {
      const application = await this.applications.findOne(applicationId).exec();
      const documents = (application?.toJSON() as ApplicationDoc | undefined)?.documents ?? {};
      requirementId = Object.entries(documents).find(([, known]) => known.fileId === ref.fileId)?.[0] ?? '';
    }
    try {
      await this.insertWithBytes({
        id: ref.fileId, applicationId: applicationId ?? '', requirementId, fileName: ref.fileName, mimeType: ref.mimeType,
        size: ref.size, sha256: ref.sha256, state: 'done', receivedBytes: ref.size, createdAt: Date.now(),
      }, bytes);
    } catch {
      // Another tab kept it first; the bytes are the same (same digest).
    }
    return this.urlFor(ref.fileId, bytes);
  }

  /** Whether the file still answers its requirement in its application on this device. */
  private async standing(file: DeviceFileDoc): Promise<'current' | 'replaced' | 'no-application'> {
    if (!this.applications) return 'current';
    const application = await this.applications.findOne(file.applicationId).exec();
    if (!application) return 'no-application';
    const ref = (application.toJSON() as ApplicationDoc).documents?.[file.requirementId];
    return ref?.fileId === file.id ? 'current' : 'replaced';
  }

  private async countWaiting(files: DeviceFileDoc[]): Promise<void> {
    const generation = ++this.countGeneration;
    const named = await Promise.all(files.map(async (file) => (await this.standing(file).catch(() => 'current')) === 'current'));
    if (generation !== this.countGeneration) return;
    this.waitingFiles = files.map((file, index) => ({ file, named: named[index] ?? true }));
    this.pendingSubject.next(named.filter(Boolean).length);
  }

  /** At opening: forgets files that no application here has named for a day (deleted drafts, replaced elsewhere). */
  private async forgetUnreferenced(): Promise<void> {
    const old = (await this.collection.find().exec()).filter((doc) => doc.createdAt < Date.now() - FORGET_UNREFERENCED_MS);
    if (old.length === 0 || !this.applications) return;
    const forget: DeviceFile[] = [];
    for (const doc of old) {
      if (await this.standing(doc.toJSON() as DeviceFileDoc) !== 'current') forget.push(doc);
    }
    await this.deleteLocal(forget);
  }

  private async deleteLocal(docs: DeviceFile[]): Promise<void> {
    for (const doc of docs) {
      this.queue?.cancel(doc.id);
      const url = this.urls.get(doc.id);
      if (url) URL.revokeObjectURL(url);
      this.urls.delete(doc.id);
      await doc.incrementalRemove();
    }
  }
}

function progressOf(doc: DeviceFileDoc): UploadProgress {
  const state: UploadProgressState = doc.state === 'pending' ? 'waiting' : doc.state;
  return {
    applicationId: doc.applicationId,
    sent: state === 'done' ? doc.size : doc.receivedBytes,
    total: doc.size,
    state,
    ...(doc.lastError ? { error: { id: doc.lastError.id, en: doc.lastError.en } } : {}),
  };
}

function withoutError(data: DeviceFileDoc): DeviceFileDoc {
  const { lastError: _dropped, ...rest } = data;
  return rest;
}

type CompressImage = (file: File, options: CompressionOptions) => Promise<File>;

async function compressImage(file: Blob, kind: string, output: string, targetBytes: number): Promise<Blob> {
  // The browser build is the package's ES module (default export: the function); its types
  // describe the CommonJS one, where the function sits one `default` further down.
  const loaded: unknown = (await import('browser-image-compression')).default;
  const imageCompression = (typeof loaded === 'function' ? loaded : (loaded as { default: unknown }).default) as CompressImage;
  // The library reads the type from the file: give it the type the bytes really have.
  const input = new File([file], `photo.${EXTENSIONS[kind] ?? 'img'}`, { type: kind, lastModified: Date.now() });
  return imageCompression(input, {
    maxSizeMB: targetBytes / (1024 * 1024),
    maxWidthOrHeight: MAX_PHOTO_SIDE,
    // Its web worker loads the library from a CDN: unusable offline and not ours to trust.
    useWebWorker: false,
    fileType: output,
    initialQuality: 0.85,
    maxIteration: 10,
  });
}

// --- the upload queue ---

interface QueueContext {
  userId: string;
  retryMs: number;
  maxRetryMs: number;
  applicationWaitMs: number;
  request<T>(path: string, init: ApiRequestInit): Promise<T>;
  standing(file: DeviceFileDoc): Promise<'current' | 'replaced' | 'no-application'>;
  bytesOf(doc: DeviceFile): Promise<Blob | undefined>;
  forget(docs: DeviceFile[]): Promise<void>;
}

/** What became of one attempt at one file. */
type Outcome =
  | { kind: 'done' | 'failed' | 'skipped' }
  /** Try this file again after `ms`; go on with the others. */
  | { kind: 'later'; ms: number }
  /** No server answered: stop this round and back off. */
  | { kind: 'unreachable' };

/** The `UploadState` a 409 carries next to its `error` (sync-server/uploads), if it does. */
function stateInBody(body: unknown): UploadState | undefined {
  const state = (body as { state?: Partial<UploadState> } | undefined)?.state;
  return state && typeof state.receivedBytes === 'number' && typeof state.size === 'number' ? (state as UploadState) : undefined;
}

/**
 * Sends the files kept on this device, oldest first and one at a time (a 3G link), each in
 * resumable pieces. Its state is in the local collection, so it survives reloads; only one tab of
 * the account runs it (a Web Lock).
 */
class UploadQueue {
  private stopped = false;
  /** Something changed since the last round started: do another at once. */
  private dirty = true;
  private wakeUp: (() => void) | undefined;
  private active: { fileId: string; controller: AbortController } | undefined;
  private failures = 0;
  private readonly notBefore = new Map<string, number>();
  private readonly stopController = new AbortController();
  private running: Promise<void> | undefined;
  private readonly onOnline = (): void => {
    this.failures = 0;
    this.notBefore.clear();
    this.wake();
  };

  constructor(private readonly collection: DeviceFileCollection, private readonly context: QueueContext) {}

  start(): void {
    window.addEventListener('online', this.onOnline);
    this.running = this.exclusive(() => this.loop()).catch((error: unknown) => {
      if (!this.stopped) console.error('upload queue stopped', error);
    });
  }

  wake(): void {
    this.dirty = true;
    this.wakeUp?.();
  }

  /** Files that waited for their application on the server are tried at once (it may have arrived). */
  retryWaiting(): void {
    // A "not yet" answered while this happened must not put the file back to sleep: it may predate it.
    this.retryGeneration++;
    this.notBefore.clear();
    this.wake();
  }

  /** Counts retryWaiting calls, so a "not yet" that crossed one is not trusted (see round). */
  private retryGeneration = 0;

  /** The file was forgotten: stop sending it. */
  cancel(fileId: string): void {
    if (this.active?.fileId === fileId) this.active.controller.abort();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    window.removeEventListener('online', this.onOnline);
    this.stopController.abort();
    this.active?.controller.abort();
    this.wakeUp?.();
    await this.running;
  }

  /** One tab of the account sends; another takes over when it closes. */
  private async exclusive(run: () => Promise<void>): Promise<void> {
    const locks = (navigator as Navigator & { locks?: LockManager }).locks;
    if (!locks) return run();
    try {
      await locks.request(`ptsp-uploads-${this.context.userId}`, { signal: this.stopController.signal }, run);
    } catch (error) {
      if (!this.stopped) throw error;
    }
  }

  private async loop(): Promise<void> {
    // A file marked as being sent when the page went away is simply waiting again.
    for (const doc of await this.collection.find({ selector: { state: 'uploading' } }).exec()) {
      await this.patch(doc, (data) => ({ ...data, state: 'pending' }));
    }
    while (!this.stopped) {
      this.dirty = false;
      const wait = navigator.onLine ? await this.round() : this.context.maxRetryMs;
      if (this.stopped) break;
      await this.sleep(wait);
    }
  }

  /** Until woken, or `ms` (undefined: until woken). */
  private sleep(ms: number | undefined): Promise<void> {
    if (this.dirty || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => this.wakeUp?.(), ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
    });
  }

  /** Tries every waiting file once; returns when to try again (undefined: nothing to do until woken). */
  private async round(): Promise<number | undefined> {
    const waiting = (await this.collection.find({ selector: { state: { $in: ['pending', 'uploading'] } } }).exec())
      .sort((a, b) => a.createdAt - b.createdAt);
    let next: number | undefined;
    const soonest = (ms: number): void => {
      next = next === undefined ? ms : Math.min(next, ms);
    };
    for (const doc of waiting) {
      if (this.stopped) return undefined;
      const notBefore = this.notBefore.get(doc.id) ?? 0;
      if (notBefore > Date.now()) {
        soonest(notBefore - Date.now());
        continue;
      }
      const generation = this.retryGeneration;
      const outcome = await this.send(doc);
      if (outcome.kind === 'done') this.failures = 0;
      if (outcome.kind === 'later' && generation === this.retryGeneration) {
        this.notBefore.set(doc.id, Date.now() + outcome.ms);
        soonest(outcome.ms);
      }
      if (outcome.kind === 'unreachable') {
        this.failures++;
        return Math.min(this.context.retryMs * 2 ** (this.failures - 1), this.context.maxRetryMs);
      }
    }
    return next;
  }

  private async send(doc: DeviceFile): Promise<Outcome> {
    const file = doc.toJSON() as DeviceFileDoc;
    const standing = await this.context.standing(file);
    if (standing === 'replaced') {
      // Another device (or a quick second choice here) put another file in its place.
      if (file.createdAt < Date.now() - JUST_KEPT_MS) await this.context.forget([doc]);
      return { kind: 'skipped' };
    }
    // A deleted draft may still be restored (undo); its files wait, and are forgotten a day later.
    if (standing === 'no-application') return { kind: 'skipped' };
    const bytes = await this.context.bytesOf(doc);
    if (!bytes || bytes.size !== file.size) {
      await this.patch(doc, (data) => ({ ...data, state: 'failed', lastError: BYTES_MISSING }));
      return { kind: 'failed' };
    }
    const controller = new AbortController();
    this.active = { fileId: file.id, controller };
    const path = `/uploads/${encodeURIComponent(file.id)}`;
    const init = { signal: controller.signal };
    try {
      await this.patch(doc, (data) => withoutError({ ...data, state: 'uploading' }));
      const declaration: UploadDeclaration = {
        fileId: file.id, applicationId: file.applicationId, requirementId: file.requirementId, fileName: file.fileName,
        mimeType: file.mimeType, size: file.size, sha256: file.sha256,
      };
      let state = await this.context.request<UploadState>('/uploads', { ...init, method: 'POST', body: declaration });
      let stalls = 0;
      while (!state.complete) {
        const start = state.receivedBytes;
        if (start >= file.size) {
          // Every byte arrived but the server has not said complete: ask once more, then give up.
          if (++stalls > 2) {
            await this.patch(doc, (data) => ({ ...data, state: 'failed', lastError: NOT_CONFIRMED }));
            return { kind: 'failed' };
          }
          state = await this.context.request<UploadState>(path, init);
          continue;
        }
        const end = Math.min(start + UPLOAD_CHUNK_BYTES, file.size);
        let next: UploadState;
        try {
          next = await this.context.request<UploadState>(path, {
            ...init, method: 'PUT', bytes: bytes.slice(start, end), timeoutMs: 120_000,
            headers: { 'content-range': `bytes ${start}-${end - 1}/${file.size}` },
          });
        } catch (error) {
          if (!(error instanceof ApiRequestError && error.status === 409 && error.code === 'upload-offset-mismatch')) throw error;
          // The server has a different number of bytes (an earlier answer was lost): go on from its count.
          next = stateInBody(error.body) ?? await this.context.request<UploadState>(path, init);
        }
        stalls = next.complete || next.receivedBytes > start ? 0 : stalls + 1;
        if (stalls > 3) return await this.waiting(doc, undefined, { kind: 'unreachable' });
        state = next;
        const received = Math.min(state.receivedBytes, file.size);
        await this.patch(doc, (data) => ({ ...data, receivedBytes: received }));
      }
      await this.patch(doc, (data) => withoutError({ ...data, state: 'done', receivedBytes: file.size }));
      this.notBefore.delete(file.id);
      return { kind: 'done' };
    } catch (error) {
      // Forgotten (nothing to record), or the page is closing: it waits for the next queue.
      if (controller.signal.aborted) return this.stopped ? this.waiting(doc, undefined, { kind: 'skipped' }) : { kind: 'skipped' };
      if (error instanceof ApiRequestError) {
        // Not replicated yet: the application reaches the server soon.
        if (error.status === 404 && error.code === 'application-not-found') {
          return this.waiting(doc, undefined, { kind: 'later', ms: this.context.applicationWaitMs });
        }
        // The server forgot the upload (it restarts from a new declaration).
        if (error.status === 404 && error.code === 'upload-not-found') {
          return this.waiting(doc, undefined, { kind: 'later', ms: this.context.retryMs });
        }
        // Signed out on the server, or another account's session: nothing wrong with the file; wait for a new sign-in.
        if (error.status === 401) return this.waiting(doc, error.text, { kind: 'unreachable' });
        await this.patch(doc, (data) => ({ ...data, state: 'failed', lastError: error.text }));
        return { kind: 'failed' };
      }
      // No network, a 5xx, a timeout, or a hiccup of the local database: try again later.
      return this.waiting(doc, undefined, { kind: 'unreachable' });
    } finally {
      this.active = undefined;
    }
  }

  private async waiting(doc: DeviceFile, reason: LocalizedText | undefined, outcome: Outcome): Promise<Outcome> {
    await this.patch(doc, (data) => (reason ? { ...data, state: 'pending', lastError: reason } : withoutError({ ...data, state: 'pending' })));
    return outcome;
  }

  private async patch(doc: DeviceFile, change: (data: DeviceFileDoc) => DeviceFileDoc): Promise<void> {
    try {
      await doc.incrementalModify(change);
    } catch {
      // Forgotten meanwhile (removed or replaced): nothing left to record.
    }
  }
}
