/**
 * The office queue bench page: the app's own queue (client/data/office/office-queue.ts over a real
 * Workspace on IndexedDB), no server. Measures what the front office waits for when it searches its
 * queue, against opening the plain queue (the index path) on the same device in the same run.
 */
import { BehaviorSubject, filter, firstValueFrom } from 'rxjs';
import type { ApplicationDoc } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import type { QueuePageRequest } from '../../common/workflow/work-queue.js';
import { defaultCalendar } from '../../common/workflow/service-level.js';
import { Workspace } from '../../client/data/workspace.js';
import { toLocal, toWireShape, type ApplicationCollection, type LocalApplicationDoc } from '../../client/data/database.js';
import { officeQueue$, prepareQueueSearch, QUEUE_PAGE_SIZE, type OfficeQueueView } from '../../client/data/office/office-queue.js';

export interface QueueRun {
  /** The plain queue's first page from a freshly opened database (the index path). */
  openMs: number;
  /** The first search after opening (nothing read for a search yet). */
  firstSearchMs: number;
  /** The next search, as the next keystroke's (what the first search read is kept). */
  nextSearchMs: number;
  /**
   * The first search on a freshly opened queue whose search box got focus a second before
   * (prepareQueueSearch, as the screen does on focus; a person takes longer to type a number).
   */
  preparedSearchMs: number;
  /** From one application changing on the device (the sync brought one) to the search's page shown again (with the 50 ms the queue waits for a burst). */
  afterChangeMs: number;
}

export interface QueueBenchApi {
  seed(applications: number): Promise<{ userId: string; seedMs: number }>;
  search(userId: string, size: number, runs: number): Promise<QueueRun[]>;
}

const DAY = 86_400_000;
/** Bracket access to Workspace's private collection: the bench seeds and changes it directly. */
const collectionOf = (workspace: Workspace): ApplicationCollection => workspace['local'].applications;
const profile = (userId: string): UserProfile => ({ userId, username: userId, displayName: 'Bench', role: 'front-office' });
const number = (index: number): string => `P-${String(index).padStart(6, '0')}`;

function application(userId: string, index: number, submittedAt: number): ApplicationDoc {
  const at = new Date(submittedAt).toISOString();
  return {
    id: `app-${String(index).padStart(7, '0')}-${userId.slice(6, 14)}`, ownerId: `applicant-${index % 7}`,
    permitTypeId: index % 3 === 0 ? 'imb' : 'siup', catalogVersion: demoCatalog.version, status: 'submitted',
    answers: { applicantName: `Pemohon ${index}`, companyName: `CV Usaha ${index}` }, createdAt: at, updatedAt: submittedAt,
    submittedAt: at, stages: [{ stage: 'submitted', at }], provisionalNumber: number(index),
  };
}

const api: QueueBenchApi = {
  async seed(applications) {
    const userId = `bench-${crypto.randomUUID()}`;
    const workspace = await Workspace.open(profile(userId), { sync: false });
    const started = performance.now();
    const now = Date.now();
    for (let from = 0; from < applications; from += 2000) {
      const batch: ApplicationDoc[] = [];
      for (let index = from; index < Math.min(applications, from + 2000); index++) batch.push(application(userId, index, now - DAY - (applications - index) * 60_000));
      await collectionOf(workspace).bulkInsert(batch.map(toLocal));
    }
    const seedMs = performance.now() - started;
    await workspace.close();
    return { userId, seedMs };
  },

  async search(userId, size, runs) {
    const results: QueueRun[] = [];
    /** The queue of a freshly opened database (RxDB's query cache would otherwise answer a repeat), shown. */
    const openQueue = async () => {
      const workspace = await Workspace.open(profile(userId), { sync: false });
      const request$ = new BehaviorSubject<QueuePageRequest>({ limit: QUEUE_PAGE_SIZE });
      let latest: OfficeQueueView | undefined;
      const views$ = new BehaviorSubject<OfficeQueueView | undefined>(undefined);
      const subscription = officeQueue$(workspace, request$, { calendar: defaultCalendar }).subscribe((view) => { latest = view; views$.next(view); });
      const shows = (wanted: (view: OfficeQueueView) => boolean): Promise<unknown> => firstValueFrom(views$.pipe(filter((view) => view !== undefined && wanted(view))));
      const searchFor = async (index: number): Promise<number> => {
        const started = performance.now();
        request$.next({ filter: { search: number(index) }, limit: QUEUE_PAGE_SIZE });
        await shows((view) => view.rows.length === 1 && view.rows[0]?.provisionalNumber === number(index));
        return performance.now() - started;
      };
      const started = performance.now();
      await shows((view) => view.rows.length === Math.min(size, QUEUE_PAGE_SIZE));
      const openMs = performance.now() - started;
      const close = async (): Promise<void> => {
        subscription.unsubscribe();
        await workspace.close();
      };
      return { workspace, latest: () => latest, shows, searchFor, openMs, close };
    };
    for (let run = 0; run < runs; run++) {
      const { workspace, latest, shows, searchFor, openMs, close } = await openQueue();
      // The newest ones: a search that must look at the whole queue to find them and to count.
      const firstSearchMs = await searchFor(size - 1 - run);
      const nextSearchMs = await searchFor(size - 11 - run);
      // One application changes (as when the sync brings one): the queue searches again on its own.
      const before = latest();
      const doc = await collectionOf(workspace).findOne(application(userId, run, 0).id).exec();
      if (!doc) throw new Error('the seeded application is not on the device');
      const data = toWireShape(doc.toMutableJSON() as LocalApplicationDoc);
      const changedAt = performance.now();
      await collectionOf(workspace).upsert(toLocal({ ...data, answers: { ...data.answers, companyName: `CV Usaha ${run} (ubah)` }, updatedAt: Date.now() }));
      await shows((view) => view !== before);
      const afterChangeMs = performance.now() - changedAt;
      await close();

      const prepared = await openQueue();
      prepareQueueSearch(prepared.workspace);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const preparedSearchMs = await prepared.searchFor(size - 31 - run);
      await prepared.close();
      results.push({ openMs, firstSearchMs, preparedSearchMs, nextSearchMs, afterChangeMs });
    }
    return results;
  },
};

(window as unknown as { queueBench?: QueueBenchApi }).queueBench = api;
