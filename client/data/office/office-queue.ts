/**
 * The office's work queue on this device (issue 9): what waits for the signed-in account, oldest
 * first, paged, from the applications the sync brought here (offline too). The rules (who waits for
 * whom, days left, filters, keyset paging) are common/workflow/work-queue.ts; this module only feeds
 * them the local documents and each one's permit type from its own catalog version.
 *
 * For now it pages in memory over every local application (one RxDB query, selector {}): the local
 * schema (client/data/database.ts) has no queue index fields yet. With `queueKey`, `queueSince`,
 * `dueAt`, `searchText` and the indexes of work-queue.ts's plan, `queueQuery` would read one index
 * range per page instead; the measured cost of both sizes is in tests/browser/office-queue.test.ts.
 */
import { combineLatest, from, switchMap, type Observable } from 'rxjs';
import type { ApplicationDoc } from '../../../common/application-schema.js';
import type { LocalizedText, PermitCatalog, PermitType } from '../../../common/catalog.js';
import { waitsFor, workQueue, type QueuePage, type QueuePageRequest } from '../../../common/workflow/work-queue.js';
import type { WorkingCalendar } from '../../../common/workflow/service-level.js';
import { officeCalendar } from '../public-tracking.js';
import type { Workspace } from '../workspace.js';

/** Rows per page of a queue screen. */
export const QUEUE_PAGE_SIZE = 50;

export interface PermitTypeChoice {
  id: string;
  name?: LocalizedText;
}

export interface OfficeQueueView extends QueuePage {
  /** The permit types of the applications waiting (for the filter), whatever the filter is. */
  permitTypes: PermitTypeChoice[];
}

/** What the queue needs of the Workspace (a test may hand a smaller one). */
export type QueueSource = Pick<Workspace, 'user' | 'drafts$' | 'catalogAt'>;

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

/**
 * One page of the account's queue, live: a new page whenever an application on the device changes
 * (the sync brings one, an action here moves one on).
 */
export function officeQueue$(source: QueueSource, request$: Observable<QueuePageRequest>,
  options: { calendar?: WorkingCalendar; now?: () => number } = {}): Observable<OfficeQueueView> {
  const account = source.user;
  return combineLatest([source.drafts$(), request$]).pipe(
    switchMap(([applications, request]) => from((async () => {
      const versions = [...new Set(applications.map((application) => application.catalogVersion))];
      const catalogs = new Map<number, PermitCatalog | undefined>();
      await Promise.all(versions.map(async (version) => { catalogs.set(version, await catalogOf(source, version)); }));
      // workQueue hands back the documents it was given (full ApplicationDocs), typed by the fields it reads.
      const typeOf = (application: Pick<ApplicationDoc, 'permitTypeId'>) =>
        catalogs.get((application as ApplicationDoc).catalogVersion)?.permitTypes.find((type) => type.id === application.permitTypeId);
      // The server's holidays as kept on the device (GET /api/config), so days left match the server's.
      const queueOptions = { calendar: options.calendar ?? await officeCalendar(), now: options.now?.() ?? Date.now() };
      const page = workQueue(account, applications, typeOf, request, queueOptions);
      // The filter offers the types that have something waiting (one pass, no second page read).
      const permitTypes = new Map<string, PermitTypeChoice>();
      for (const application of applications) {
        if (permitTypes.has(application.permitTypeId) || !waitsFor(account, application)) continue;
        const name = typeOf(application)?.name;
        permitTypes.set(application.permitTypeId, { id: application.permitTypeId, ...(name ? { name } : {}) });
      }
      return { ...page, permitTypes: [...permitTypes.values()].sort((a, b) => a.id.localeCompare(b.id)) };
    })())),
  );
}
