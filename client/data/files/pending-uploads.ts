/**
 * How many files on this device have not reached the store yet (failed ones included), counting
 * only those an application here still names: a deleted draft's photo (kept a day for an undo)
 * or a replaced one will not be sent, so the sync pill does not say it waits.
 */
import { BehaviorSubject, type Observable } from 'rxjs';
import type { ApplicationDoc } from '../../../common/application-schema.js';
import type { DeviceFileDoc, Standing } from './device-files.js';

/** What an applications change event carries that matters here (RxDB's change event). */
export interface ApplicationChange {
  operation: string;
  documentId: string;
  documentData: unknown;
}

export class PendingUploadCount {
  readonly count$: Observable<number>;
  private readonly subject = new BehaviorSubject<number>(0);
  /** Files not yet on the server, and whether their application names them (only those are counted). */
  private waitingFiles: { file: DeviceFileDoc; named: boolean }[] = [];
  /** Counts recounts, so an older one finishing late is dropped. */
  private generation = 0;

  constructor(private readonly standing: (file: DeviceFileDoc) => Promise<Standing>) {
    this.count$ = this.subject.asObservable();
  }

  get value(): number {
    return this.subject.value;
  }

  /** The files not yet on the server changed: count those their application still names. */
  async recount(files: DeviceFileDoc[]): Promise<void> {
    const generation = ++this.generation;
    const named = await Promise.all(files.map(async (file) => (await this.standing(file).catch(() => 'current')) === 'current'));
    if (generation !== this.generation) return;
    this.waitingFiles = files.map((file, index) => ({ file, named: named[index] ?? true }));
    this.subject.next(named.filter(Boolean).length);
  }

  /** A draft deleted, or its photo replaced (here or on another device): the count may change. */
  applicationChanged(event: ApplicationChange): void {
    const data = event.documentData as Partial<ApplicationDoc> & { _deleted?: boolean } | undefined;
    const deleted = event.operation === 'DELETE' || data?._deleted === true;
    const changed = this.waitingFiles.some(({ file, named }) => file.applicationId === event.documentId
      && named !== (!deleted && data?.documents?.[file.requirementId]?.fileId === file.id));
    if (changed) void this.recount(this.waitingFiles.map(({ file }) => file));
  }
}
