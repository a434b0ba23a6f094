/**
 * The office's work queue on this device (issue 9): what waits for the signed-in account, oldest
 * first, paged, from the applications the sync brought here (offline too). The rules (who waits for
 * whom, days left, filters, keyset paging) are common/workflow/work-queue.ts; this module reads the
 * local queue index (client/data/database.ts LocalFields, Workspace.queuePage) and feeds the rules
 * each application's permit type from its own catalog version. What reads the index and what
 * pages in memory is said at officeQueue$; the measured cost is in tests/browser/office-queue.test.ts
 * and bench/queue.ts (the search).
 */
import { combineLatest, defer, finalize, from, map, switchMap, tap, type Observable } from 'rxjs';
import type { ApplicationDoc } from '../../../common/application-schema.js';
import type { LocalizedText, PermitCatalog, PermitType } from '../../../common/catalog.js';
import { normalizeSearch, queueRow, queueSince, waitsFor, workQueue, type QueuePage, type QueuePageRequest } from '../../../common/workflow/work-queue.js';
import type { WorkingCalendar } from '../../../common/workflow/service-level.js';
import { officeCalendar } from '../public-tracking.js';
import { roleQueueOf, type QueueDoc, type Workspace } from '../workspace.js';

/** Rows per page of a queue screen. */
export const QUEUE_PAGE_SIZE = 50;

export interface PermitTypeChoice {
  id: string;
  name?: LocalizedText;
}

export interface OfficeQueueView extends QueuePage {
  /** The permit types of the applications waiting (for the filter), whatever the filter is. */
  permitTypes: PermitTypeChoice[];
  /** The request this page answers (the very object given): a screen can tell an answer to an earlier request from the current one's. */
  request: QueuePageRequest;
}

/** What the queue needs of the Workspace (a test may hand a smaller one). */
export type QueueSource = Pick<Workspace, 'user' | 'catalogAt' | 'applicationChanges$' | 'queuePage' | 'queueRange' | 'queueCount' | 'queuePermitTypes'>;

/** The catalogs of these versions, each asked once per source (from the device, else the server). */
const catalogsBySource = new WeakMap<QueueSource, Map<number, Promise<PermitCatalog | undefined>>>();

export function catalogOf(source: Pick<Workspace, 'catalogAt'>, version: number): Promise<PermitCatalog | undefined> {
  let cache = catalogsBySource.get(source as QueueSource);
  if (!cache) {
    cache = new Map();
    catalogsBySource.set(source as QueueSource, cache);
  }
  let catalog = cache.get(version);
  if (!catalog) {
    catalog = Promise.resolve().then(() => source.catalogAt(version)).catch(() => undefined);
    const kept = cache;
    // Not on the device and no server: ask again next time rather than keep the miss.
    void catalog.then((found) => { if (!found) kept.delete(version); });
    cache.set(version, catalog);
  }
  return catalog;
}

/** The permit type an application was filed under (its catalog version), when that catalog is here. */
export async function permitTypeOf(source: Pick<Workspace, 'catalogAt'>, application: Pick<ApplicationDoc, 'catalogVersion' | 'permitTypeId'>): Promise<PermitType | undefined> {
  return (await catalogOf(source, application.catalogVersion))?.permitTypes.find((type) => type.id === application.permitTypeId);
}

/** The catalogs of these versions, as a lookup of each application's permit type. */
async function permitTypeLookup(source: Pick<Workspace, 'catalogAt'>, applications: readonly Pick<ApplicationDoc, 'catalogVersion'>[]):
  Promise<(application: Pick<ApplicationDoc, 'permitTypeId'>) => PermitType | undefined> {
  const versions = [...new Set(applications.map((application) => application.catalogVersion))];
  const catalogs = new Map<number, PermitCatalog | undefined>();
  await Promise.all(versions.map(async (version) => { catalogs.set(version, await catalogOf(source, version)); }));
  // workQueue hands back the documents it was given (full ApplicationDocs), typed by the fields it reads.
  return (application) => catalogs.get((application as ApplicationDoc).catalogVersion)?.permitTypes.find((type) => type.id === application.permitTypeId);
}

/**
 * Starts reading what a search looks through (the role's queue range), without waiting: called when
 * the search box gets focus, so the read (about half a second at 10,000 on the device) runs while
 * the person types instead of after the first search is asked. RxDB keeps the result (its query
 * cache), so the search's own read then costs little (bench/queue.ts: a first search at 10,000 after
 * focus 14 ms, without it 0.3-0.7 s). An account with no queue (an inspector) reads nothing.
 */
export function prepareQueueSearch(source: Pick<QueueSource, 'queueRange'>): void {
  void Promise.resolve().then(() => source.queueRange()).catch(() => undefined);
}

/** How long an idle read waits for the browser to be idle before it starts anyway. */
const IDLE_READ_TIMEOUT_MS = 3_000;

/**
 * Runs `work` once the page is idle (requestIdleCallback; Safari has none: a short timer), and at the
 * latest after IDLE_READ_TIMEOUT_MS. Returns what cancels it if it has not started.
 */
function whenIdle(work: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(() => work(), { timeout: IDLE_READ_TIMEOUT_MS });
    return () => cancelIdleCallback(handle);
  }
  const timer = setTimeout(work, 300);
  return () => clearTimeout(timer);
}

const byId = (a: PermitTypeChoice, b: PermitTypeChoice): number => a.id.localeCompare(b.id);

/**
 * One page of the account's queue, live: a new page whenever an application on the device changes
 * (the sync brings one, an action here moves one on).
 *
 * The front office's (and admin's) plain queue, or one permit type of it, is read from the local
 * index (Workspace.queuePage: one index range of a page, the count and the filter's choices from
 * the index): what waits for them is exactly the status's queue. A search, "overdue only" (it needs
 * the SLA and the holidays, which the local fields leave out) and the other roles' queues (whose
 * rows depend on the account's agency or ownership) read the role's queue range once per change
 * and page it in memory (work-queue.ts workQueue); a search does not use the index (Dexie cannot
 * search inside a field), so the range is kept between keystrokes until something changes, and a
 * search matches each document's stored searchText (Workspace.queueRange). Only the newest request
 * is answered: switchMap drops a slower earlier search's page, so it never replaces a later one.
 */
export function officeQueue$(source: QueueSource, request$: Observable<QueuePageRequest>,
  options: { calendar?: WorkingCalendar; now?: () => number } = {}): Observable<OfficeQueueView> {
  return defer(() => {
    const account = source.user;
    let kept: { tick: number; docs: Promise<QueueDoc[]> } | undefined;
    const range = (tick: number): Promise<QueueDoc[]> => {
      if (kept?.tick !== tick) {
        const entry = { tick, docs: source.queueRange() };
        // A failed read is not kept: the next search reads again instead of failing the same way.
        entry.docs.catch(() => { if (kept === entry) kept = undefined; });
        kept = entry;
      }
      return kept.docs;
    };
    let latestTick = 0;
    let cancelIdleRead: (() => void) | undefined;
    // Once the first page is shown, what a search reads is read while the page is idle, so the
    // first search, typed a moment later, finds it read (at 10,000 on the loaded 2-core machine: a
    // search 1.5 s after the queue showed 1.1-1.2 s before, 11-12 ms now; the read is one or two
    // long tasks of 50-90 ms while idle). Reading less is not in reach of a query: a raw IndexedDB
    // getAll of the same index range took about half of RxDB's time, and Dexie cannot search
    // inside searchText. The front office's plain queue reads only its page from the index; the
    // other queues and a filter already read the range, and this then costs nothing.
    const readAheadOnce = (): void => {
      if (cancelIdleRead) return;
      cancelIdleRead = whenIdle(() => { range(latestTick).catch(() => undefined); });
    };
    return combineLatest([source.applicationChanges$().pipe(map((_, tick) => tick)), request$]).pipe(
      tap(([tick]) => { latestTick = tick; }),
      switchMap(([tick, request]) => from(pageOf(tick, request))),
      tap(() => readAheadOnce()),
      finalize(() => cancelIdleRead?.()),
    );

    async function pageOf(tick: number, request: QueuePageRequest): Promise<OfficeQueueView> {
      // The server's holidays as kept on the device (GET /api/config), so days left match the server's.
      const queueOptions = { calendar: options.calendar ?? await officeCalendar(), now: options.now?.() ?? Date.now() };
      const filter = request.filter ?? {};
      const typeIds = filter.permitTypeIds ?? [];
      const indexed = roleQueueOf(account) === 'front-office' && !filter.overdueOnly && normalizeSearch(filter.search ?? '') === '' && typeIds.length <= 1;
      if (!indexed) {
        const applications = await range(tick);
        const typeOf = await permitTypeLookup(source, applications);
        const page = workQueue(account, applications, typeOf, request, queueOptions);
        // The filter offers the types that have something waiting (one pass, no second read).
        const permitTypes = new Map<string, PermitTypeChoice>();
        for (const application of applications) {
          if (permitTypes.has(application.permitTypeId) || !waitsFor(account, application)) continue;
          const name = typeOf(application)?.name;
          permitTypes.set(application.permitTypeId, { id: application.permitTypeId, ...(name ? { name } : {}) });
        }
        return { ...page, permitTypes: [...permitTypes.values()].sort(byId), request };
      }
      const limit = Math.max(1, Math.min(200, request.limit));
      const [docs, total, kinds] = await Promise.all([source.queuePage(request), source.queueCount(typeIds[0]), source.queuePermitTypes()]);
      const shown = docs.slice(0, limit);
      const typeOf = await permitTypeLookup(source, [...shown, ...kinds]);
      const last = shown.at(-1);
      return {
        rows: shown.map((application) => queueRow(application, typeOf(application), queueOptions)),
        total,
        ...(docs.length > limit && last ? { next: { value: queueSince(last), id: last.id } } : {}),
        permitTypes: kinds.map((kind) => {
          const name = typeOf(kind as ApplicationDoc)?.name;
          return { id: kind.permitTypeId, ...(name ? { name } : {}) };
        }).sort(byId),
        request,
      };
    }
  });
}
