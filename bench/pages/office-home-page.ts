/**
 * The office home bench page: the counts by status of ptsp-office-home and the double-filing
 * warning of the front office's check (client/data/office/application-check.ts) over a real
 * Workspace on IndexedDB, no server. Each figure is taken two ways in the same run: every
 * application on the device (`drafts$()`, what both did before) and the indexed way
 * (`statusCounts$()`, `openOfPermitType$()`); the baseline is the queue's first page, opened on the
 * same device in the same run.
 */
import { combineLatest, filter, map, switchMap, type Observable } from 'rxjs';
import type { ApplicationDoc, ApplicationStatus } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { Workspace, type StatusCounts } from '../../client/data/workspace.js';
import { toLocal, toWireShape, type ApplicationCollection, type LocalApplicationDoc } from '../../client/data/database.js';
import { sameApplicantOpen, sameApplicant$ } from '../../client/data/office/application-check.js';

export interface OfficeHomeRun {
  /** The baseline: the queue's first page (50) from a freshly opened database (the local index path). */
  queuePageMs: number;
  /** From subscribing on a freshly opened database to the first counts: every document, counted in memory (before). */
  countsAllMs: number;
  /** The same through statusCounts$ (after). */
  countsIndexedMs: number;
  /** One application changes status (the sync brought its acceptance) → the counts show it: before / after. */
  changeAllMs: number;
  changeIndexedMs: number;
  /** Long tasks (> 50 ms) on the main thread from that change until 300 ms after the counts showed it, summed: before / after. */
  changeBusyAllMs: number;
  changeBusyIndexedMs: number;
  /** The double-filing lookup of one application, on a freshly opened database: over every document / narrowed. */
  checkAllMs: number;
  checkIndexedMs: number;
  /** Its twin (same NIK, same type) changes → the warning shows it: before / after. */
  checkChangeAllMs: number;
  checkChangeIndexedMs: number;
}

export interface OfficeHomeBenchApi {
  seed(applications: number): Promise<{ userId: string; seedMs: number; checkedId: string }>;
  measure(userId: string, checkedId: string, runs: number): Promise<OfficeHomeRun[]>;
}

const DAY = 86_400_000;
/** Bracket access to Workspace's private collection: the bench seeds and changes it directly. */
const collectionOf = (workspace: Workspace): ApplicationCollection => workspace['local'].applications;
const profile = (userId: string): UserProfile => ({ userId, username: userId, displayName: 'Bench', role: 'front-office' });

/** A front office's device: a fifth waiting, most in review or done, a few with the applicant. */
function statusOf(index: number): ApplicationStatus {
  const slot = index % 100;
  if (slot < 20) return 'submitted';
  if (slot < 50) return 'in-review';
  if (slot < 55) return 'needs-information';
  if (slot < 60) return 'returned';
  if (slot < 99) return 'reviewed';
  return 'draft';
}

function application(userId: string, index: number, at: number, status = statusOf(index), nik = `3201${String(index).padStart(12, '0')}`): ApplicationDoc {
  const iso = new Date(at).toISOString();
  return {
    id: `app-${String(index).padStart(7, '0')}-${userId.slice(6, 14)}`, ownerId: `applicant-${index % 7}`,
    permitTypeId: index % 3 === 0 ? 'imb' : 'siup', catalogVersion: demoCatalog.version, status,
    answers: { applicantNik: nik, applicantName: `Pemohon ${index}`, companyName: `CV Usaha ${index}` }, createdAt: iso, updatedAt: at,
    ...(status === 'draft' ? {} : { submittedAt: iso, stages: [{ stage: 'submitted' as const, at: iso }], provisionalNumber: `P-${String(index).padStart(6, '0')}` }),
    ...(status === 'in-review' || status === 'reviewed' || status === 'needs-information' ? { acceptedAt: iso } : {}),
  };
}

/** What ptsp-office-home did before: every document, counted in memory. */
const countsFromAll = (workspace: Workspace): Observable<StatusCounts> => workspace.drafts$().pipe(map((docs) => {
  const counts: StatusCounts = {};
  for (const doc of docs) counts[doc.status] = (counts[doc.status] ?? 0) + 1;
  return counts;
}));

/** What applicationCheck$ did before for the warning: the application and every document. */
const sameFromAll = (workspace: Workspace, id: string): Observable<ApplicationDoc[]> => combineLatest([workspace.draft$(id), workspace.drafts$()])
  .pipe(map(([doc, all]) => (doc ? sameApplicantOpen(doc, all) : [])));

/** Long tasks seen so far (the observer is page-wide). */
const longTasks: PerformanceEntry[] = [];
new PerformanceObserver((list) => longTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: false });
const busyBetween = (from: number, to: number): number => longTasks
  .filter((entry) => entry.startTime + entry.duration > from && entry.startTime < to)
  .reduce((sum, entry) => sum + Math.min(entry.startTime + entry.duration, to) - Math.max(entry.startTime, from), 0);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Subscribes once (as the screen does) and records when each value came: `until` is how long
 * from `from` until a value `wanted` accepts (one already seen counts).
 */
function watch<T>(source: Observable<T>) {
  const seen: { value: T; at: number }[] = [];
  const waiters: (() => void)[] = [];
  const subscription = source.subscribe((value) => {
    seen.push({ value, at: performance.now() });
    for (const wake of waiters.splice(0)) wake();
  });
  const until = async (wanted: (value: T) => boolean, from: number): Promise<{ value: T; ms: number }> => {
    for (; ;) {
      const found = seen.find((entry) => entry.at >= from && wanted(entry.value));
      if (found) return { value: found.value, ms: found.at - from };
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { until, latest: () => seen.at(-1)?.value, stop: () => subscription.unsubscribe() };
}

const api: OfficeHomeBenchApi = {
  async seed(applications) {
    const userId = `bench-${crypto.randomUUID()}`;
    const workspace = await Workspace.open(profile(userId), { sync: false });
    const started = performance.now();
    const now = Date.now();
    const twinNik = '3201999999999999';
    for (let from = 0; from < applications; from += 2000) {
      const batch: ApplicationDoc[] = [];
      for (let index = from; index < Math.min(applications, from + 2000); index++) {
        // The checked application (submitted, siup) and its open twin of the same type share a NIK.
        const nik = index === 1 || index === 2 ? twinNik : undefined;
        batch.push(application(userId, index, now - DAY - (applications - index) * 60_000, index === 1 ? 'submitted' : index === 2 ? 'in-review' : undefined, nik));
      }
      await collectionOf(workspace).bulkInsert(batch.map(toLocal));
    }
    const seedMs = performance.now() - started;
    await workspace.close();
    return { userId, seedMs, checkedId: application(userId, 1, 0).id };
  },

  async measure(userId, checkedId, runs) {
    const results: OfficeHomeRun[] = [];
    const fresh = () => Workspace.open(profile(userId), { sync: false });
    /** One submitted application (a different one each time) becomes in review, as a pulled acceptance does. */
    let next = 10;
    const accept = async (workspace: Workspace): Promise<void> => {
      for (; ; next++) {
        const doc = await collectionOf(workspace).findOne(application(userId, next, 0).id).exec();
        if (doc?.status !== 'submitted' || next === 1) continue;
        const data = toWireShape(doc.toMutableJSON() as LocalApplicationDoc);
        next++;
        await collectionOf(workspace).upsert(toLocal({ ...data, status: 'in-review', acceptedAt: new Date().toISOString(), updatedAt: Date.now() }));
        return;
      }
    };
    const countsAfterChange = async (workspace: Workspace, counts$: Observable<StatusCounts>) => {
      const started = performance.now();
      const counts = watch(counts$);
      const first = await counts.until(() => true, started);
      const submitted = first.value.submitted ?? 0;
      await pause(300);
      const changedAt = performance.now();
      await accept(workspace);
      const shown = await counts.until((value) => (value.submitted ?? 0) === submitted - 1, changedAt);
      await pause(300);
      counts.stop();
      return { firstMs: first.ms, changeMs: shown.ms, busyMs: busyBetween(changedAt, changedAt + shown.ms + 300) };
    };
    /** Its twin goes from in review to needs information (or back): the warning names it again, with its new status. */
    const twinChange = async (workspace: Workspace, same$: Observable<ApplicationDoc[]>) => {
      const started = performance.now();
      const same = watch(same$);
      const first = await same.until((value) => value.length === 1, started);
      await pause(300);
      const twin = await collectionOf(workspace).findOne(application(userId, 2, 0).id).exec();
      if (!twin) throw new Error('the twin is not on the device');
      const data = toWireShape(twin.toMutableJSON() as LocalApplicationDoc);
      const status: ApplicationStatus = data.status === 'in-review' ? 'needs-information' : 'in-review';
      const changedAt = performance.now();
      await collectionOf(workspace).upsert(toLocal({ ...data, status, updatedAt: Date.now() }));
      const shown = await same.until((value) => value[0]?.status === status, changedAt);
      same.stop();
      return { firstMs: first.ms, changeMs: shown.ms };
    };
    for (let run = 0; run < runs; run++) {
      let workspace = await fresh();
      const started = performance.now();
      await workspace.queuePage({ limit: 50 });
      const queuePageMs = performance.now() - started;
      await workspace.close();

      workspace = await fresh();
      const all = await countsAfterChange(workspace, countsFromAll(workspace));
      await workspace.close();
      workspace = await fresh();
      const indexed = await countsAfterChange(workspace, workspace.statusCounts$());
      await workspace.close();

      workspace = await fresh();
      const checkAll = await twinChange(workspace, sameFromAll(workspace, checkedId));
      await workspace.close();
      workspace = await fresh();
      const current = workspace;
      const checkIndexed = await twinChange(workspace, workspace.draft$(checkedId).pipe(
        filter((doc): doc is ApplicationDoc => doc !== null), switchMap((doc) => sameApplicant$(current, doc))));
      await workspace.close();
      results.push({
        queuePageMs, countsAllMs: all.firstMs, countsIndexedMs: indexed.firstMs, changeAllMs: all.changeMs, changeIndexedMs: indexed.changeMs,
        changeBusyAllMs: all.busyMs, changeBusyIndexedMs: indexed.busyMs, checkAllMs: checkAll.firstMs, checkIndexedMs: checkIndexed.firstMs,
        checkChangeAllMs: checkAll.changeMs, checkChangeIndexedMs: checkIndexed.changeMs,
      });
    }
    return results;
  },
};

(window as unknown as { officeHomeBench?: OfficeHomeBenchApi }).officeHomeBench = api;
