/**
 * Sends the files kept on this device to the store in resumable pieces (common/upload-protocol.ts):
 * oldest first, one at a time, backing off while no server answers, waiting while the server does
 * not know the application yet, and recording every step in the file's local document so a
 * reload resumes where it stopped.
 */
import type { LocalizedText } from '../../../common/catalog.js';
import { UPLOAD_CHUNK_BYTES, type UploadDeclaration, type UploadState } from '../../../common/upload-protocol.js';
import { ApiRequestError, type ApiRequestInit } from '../api.js';
import { withoutError, type DeviceFile, type DeviceFileCollection, type DeviceFileDoc, type Standing } from './device-files.js';

/** A file just kept is not yet in its application (attach saves it first): the queue leaves it alone meanwhile. */
const JUST_KEPT_MS = 60 * 1000;

const BYTES_MISSING: LocalizedText = {
  id: 'Isi berkas tidak ada lagi di perangkat ini. Hapus lalu lampirkan lagi.',
  en: 'The file\'s content is no longer on this device. Remove it and attach it again.',
};
const NOT_CONFIRMED: LocalizedText = {
  id: 'Server menerima semua bagian berkas tetapi tidak mengonfirmasinya. Coba kirim lagi.',
  en: 'The server received every piece of the file but did not confirm it. Try sending again.',
};

export interface QueueContext {
  userId: string;
  retryMs: number;
  maxRetryMs: number;
  applicationWaitMs: number;
  request<T>(path: string, init: ApiRequestInit): Promise<T>;
  standing(file: DeviceFileDoc): Promise<Standing>;
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
export class UploadQueue {
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
    // Listed as not applied (a form submitted elsewhere first): the person may still save it; never sent.
    if (standing === 'kept') return { kind: 'skipped' };
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
