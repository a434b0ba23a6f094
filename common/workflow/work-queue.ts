/**
 * Work queues: what waits for an account, oldest first, as rows with the permit type and the days
 * left against its service level; filtered by permit type or "overdue only", searched by number or
 * business name. Pure functions: the device runs them on what it last synced (offline too), and
 * the same rules decide the local index fields that let RxDB page a queue of 10,000 as fast as 100.
 *
 * Who waits for whom:
 *   front office / admin   `submitted` applications (to check, accept or return)
 *   agency reviewer        `in-review` applications routed to its agency that it has not yet recommended
 *   applicant / booth      its own (owned or claimed) applications `returned` or `needs-information`
 *
 * ## On the device (client/data/database.ts, client/data/office/office-queue.ts)
 * The local fields are only what the document alone decides (not the account-dependent
 * queueKeyOf nor a due date, which needs the catalog's SLA and the holidays), so a role, agency or
 * holiday-list change rewrites nothing (a rewrite of local fields would also make RxDB push every
 * document again):
 *   queueKey   from the status alone: 'front-office' (submitted), 'review' (in-review), 'applicant'
 *              (returned, needs-information), '' otherwise
 *   queueSince ms it has waited since (oldest first sorts on it)
 *   searchText what a search matches (searchTextOf)
 * Indexes ['queueKey', 'queueSince', 'id'] and ['queueKey', 'permitTypeId', 'queueSince', 'id']. A
 * page is one contiguous index range (an equality on queueKey, and permitTypeId, and a range on
 * queueSince after the previous page's last row, limit = page size + 1; never `skip`, Dexie walks
 * every skipped row), so page 1 of 10,000 costs what page 1 of 100 does. The front office's queue
 * (plain, or one permit type) pages this way (queueQuery). A search, "overdue only" (it needs the
 * catalog's SLA and the holidays) and the reviewers' and applicants' queues (who a row waits for
 * depends on the account's agency or ownership) run workQueue over that queueKey's slice in memory;
 * a search there matches each document's stored searchText (Dexie cannot search inside a field, so
 * an index would not help: a `$regex` query walks the same range and was no faster).
 * daysLeft is computed when a row is shown (`queueRow`), so it is right on the day.
 */
import type { ApplicationDoc, ApplicationStatus } from '../application-schema.js';
import type { LocalizedText, PermitType } from '../catalog.js';
import { isApplicantOf, type Account } from '../access/readers.js';
import { defaultCalendar, dueDate, serviceLevelOf, clockStart, type WorkingCalendar } from './service-level.js';

export type QueueKey = 'front-office' | 'review' | 'applicant';
/** The due date of an application whose clock is stopped or that has no service level: after every real one. */
const NO_DUE_AT = 9_999_999_999_999;
/** Answers that name the business, in the order they are looked for (the catalog's field ids). */
export const BUSINESS_NAME_FIELDS = ['companyName', 'businessName', 'facilityName'] as const;

/**
 * The local index fields (see the plan above), as schema properties to spread into the local schema
 * (client/data/database.ts). No due date among them: it needs the SLA and the holidays.
 */
export const QUEUE_INDEX_PROPERTIES = {
  queueKey: { type: 'string', maxLength: 20 },
  queueSince: { type: 'integer', minimum: 0, maximum: 10000000000000, multipleOf: 1 },
  searchText: { type: 'string', maxLength: 2000 },
} as const;

/** What a search looks in; `searchText` when the device stored it (the local field), else it is made from the rest. */
type Searchable = Pick<ApplicationDoc, 'provisionalNumber' | 'registrationNumber' | 'answers' | 'citizen'> & { searchText?: string };

type QueueApplication = Pick<ApplicationDoc, 'id' | 'ownerId' | 'applicantId' | 'status' | 'permitTypeId' | 'routedAgencies'
  | 'recommendedAgencies' | 'stages' | 'clockStops' | 'submittedAt' | 'acceptedAt' | 'updatedAt'> & Searchable & { _deleted?: boolean };

/** The queue an application waits in for this account, or '' when it waits for someone else. */
export function queueKeyOf(account: Account, application: QueueApplication): QueueKey | '' {
  if (application._deleted) return '';
  switch (application.status) {
    case 'submitted':
      return account.role === 'front-office' || account.role === 'admin' ? 'front-office' : '';
    case 'in-review':
      return account.role === 'agency-reviewer' && account.agencyId !== undefined
        && (application.routedAgencies ?? []).includes(account.agencyId)
        && !(application.recommendedAgencies ?? []).includes(account.agencyId) ? 'review' : '';
    case 'returned':
    case 'needs-information':
      return isApplicantOf(account, application) ? 'applicant' : '';
    default:
      return '';
  }
}

export const waitsFor = (account: Account, application: QueueApplication): boolean => queueKeyOf(account, application) !== '';

function lastStageAt(application: QueueApplication, stage: ApplicationStatus): string | undefined {
  const stages = application.stages ?? [];
  for (let index = stages.length - 1; index >= 0; index--) if (stages[index]?.stage === stage) return stages[index]?.at;
  return undefined;
}

/**
 * Since when it has waited in its queue (ms): the front office from the (re)submission, a reviewer
 * from the acceptance (an answered question does not send it to the back), the applicant from the
 * return or the question.
 */
export function queueSince(application: QueueApplication): number {
  const at = application.status === 'submitted' ? lastStageAt(application, 'submitted') ?? application.submittedAt
    : application.status === 'in-review' ? application.acceptedAt ?? lastStageAt(application, 'in-review')
      : lastStageAt(application, application.status);
  const parsed = at === undefined ? Number.NaN : Date.parse(at);
  return Number.isFinite(parsed) ? parsed : application.updatedAt;
}

export interface QueueOptions {
  calendar?: WorkingCalendar;
  /** ms; default Date.now(). */
  now?: number;
}

/** When it is due (ms), for "overdue only" (most overdue first); NO_DUE_AT when its clock is stopped or it has no SLA. */
function dueAtOf(application: QueueApplication, slaWorkingDays: number | undefined, options: QueueOptions): number {
  const start = clockStart(application);
  const paused = (application.clockStops ?? []).some((stop) => stop.to === undefined);
  if (start === undefined || slaWorkingDays === undefined || paused || application.status === 'draft') return NO_DUE_AT;
  return dueDate(start, slaWorkingDays, { calendar: options.calendar ?? defaultCalendar, clockStops: application.clockStops ?? [], now: options.now }).getTime();
}

/** The business's name as the applicant wrote it, if the permit type asks for one. */
export function businessNameOf(application: Pick<ApplicationDoc, 'answers'>): string | undefined {
  for (const field of BUSINESS_NAME_FIELDS) {
    const value = application.answers[field];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** Lower case, without spaces, dots, slashes or dashes: "P-7KQ2 M9XD" and "p7kq2m9xd" meet. */
export const normalizeSearch = (text: string): string => text.toLowerCase().normalize('NFKD').replace(/[\s./\\_-]+/g, '');

/** What a search looks in: the numbers and the business's and applicant's names, normalised, joined by '|'. */
export function searchTextOf(application: Pick<ApplicationDoc, 'provisionalNumber' | 'registrationNumber' | 'answers' | 'citizen'>): string {
  const applicantName = typeof application.answers.applicantName === 'string' ? application.answers.applicantName : application.citizen?.name;
  return [application.provisionalNumber, application.registrationNumber, businessNameOf(application), applicantName]
    .filter((part): part is string => typeof part === 'string' && part !== '')
    .map(normalizeSearch).join('|').slice(0, QUEUE_INDEX_PROPERTIES.searchText.maxLength);
}

/** Whether the search text contains this already normalised search ('' finds everything). */
const containsSearch = (application: Searchable, wanted: string): boolean =>
  wanted === '' || (application.searchText ?? searchTextOf(application)).includes(wanted);

/**
 * Whether a search finds the application: its normalised text contains the normalised search, so
 * a number matches however it is typed and a name by any part. Reads the stored `searchText` when
 * the document carries it (on the device: the same searchTextOf, computed when it was written).
 */
export function matchesSearch(application: Searchable, search: string): boolean {
  return containsSearch(application, normalizeSearch(search));
}

export interface QueueRow {
  id: string;
  status: ApplicationStatus;
  permitTypeId: string;
  /** Absent when the catalog of the application's version is not on the device yet. */
  permitTypeName?: LocalizedText;
  provisionalNumber?: string;
  registrationNumber?: string;
  businessName?: string;
  /** ISO: since when it waits in this queue. */
  waitingSince: string;
  /** ISO due date; absent without a service level. */
  due?: string;
  daysLeft?: number;
  overdue: boolean;
  /** The clock is stopped (the office waits for the applicant). */
  paused: boolean;
}

/** One row of a queue, its days left computed at `now`. */
export function queueRow(application: QueueApplication, permitType: Pick<PermitType, 'name' | 'slaWorkingDays'> | undefined,
  options: QueueOptions = {}): QueueRow {
  const level = serviceLevelOf(application, permitType?.slaWorkingDays, { calendar: options.calendar ?? defaultCalendar, now: options.now ?? Date.now() });
  const businessName = businessNameOf(application);
  return {
    id: application.id,
    status: application.status,
    permitTypeId: application.permitTypeId,
    ...(permitType ? { permitTypeName: permitType.name } : {}),
    ...(application.provisionalNumber ? { provisionalNumber: application.provisionalNumber } : {}),
    ...(application.registrationNumber ? { registrationNumber: application.registrationNumber } : {}),
    ...(businessName ? { businessName } : {}),
    waitingSince: new Date(queueSince(application)).toISOString(),
    ...(level ? { due: level.due.toISOString(), daysLeft: level.daysLeft } : {}),
    overdue: level?.overdue ?? false,
    paused: level?.paused ?? false,
  };
}

export interface QueueFilter {
  /** Only these permit types (empty or absent: all). */
  permitTypeIds?: readonly string[];
  overdueOnly?: boolean;
  /** A number (provisional or registration) or part of the business's or applicant's name. */
  search?: string;
}

/** Where the next page starts: the sort value and id of the last row shown. */
export interface QueueCursor {
  value: number;
  id: string;
}

export interface QueuePageRequest {
  filter?: QueueFilter;
  cursor?: QueueCursor;
  /** Rows per page (1-200). */
  limit: number;
}

/**
 * The RxDB query (Mango) for one page of a queue, following the plan above: `collection.find(query)`
 * returns at most `limit + 1` documents; the extra one only says there is a next page. Oldest first,
 * plain or of permit types: a search and "overdue only" have no index on the device and are paged
 * in memory by workQueue (the request's search and overdueOnly are not looked at here).
 */
export function queueQuery(queueKey: QueueKey, request: QueuePageRequest): {
  selector: Record<string, unknown>;
  sort: Record<string, 'asc'>[];
  limit: number;
  index: string[];
} {
  const { filter = {}, cursor } = request;
  const selector: Record<string, unknown> = { queueKey };
  const onePermitType = filter.permitTypeIds?.length === 1;
  if (filter.permitTypeIds && filter.permitTypeIds.length > 0) {
    selector.permitTypeId = onePermitType ? filter.permitTypeIds[0] : { $in: [...filter.permitTypeIds] };
  }
  if (cursor) selector.queueSince = { $gte: cursor.value };
  // Rows with the cursor's sort value but an id at or before it were on the previous page: a
  // keyset on (value, id) without $or, which Dexie cannot plan as one range.
  if (cursor) selector.$or = [{ queueSince: { $gt: cursor.value } }, { id: { $gt: cursor.id } }];
  return {
    selector,
    sort: [{ queueSince: 'asc' }, { id: 'asc' }],
    limit: Math.max(1, Math.min(200, request.limit)) + 1,
    index: onePermitType ? ['queueKey', 'permitTypeId', 'queueSince', 'id'] : ['queueKey', 'queueSince', 'id'],
  };
}

export interface QueuePage {
  rows: QueueRow[];
  /** How many wait in this queue with this filter. */
  total: number;
  /** Present when there is a next page. */
  next?: QueueCursor;
}

/**
 * The same queue from documents in memory (what the device holds, or a test's): waiting for the
 * account, filtered, sorted as the index sorts, one page from the cursor. `permitTypeOf` finds the
 * permit type of the application's catalog version.
 */
export function workQueue(account: Account, applications: Iterable<QueueApplication>,
  permitTypeOf: (application: QueueApplication) => Pick<PermitType, 'name' | 'slaWorkingDays'> | undefined,
  request: QueuePageRequest, options: QueueOptions = {}): QueuePage {
  const now = options.now ?? Date.now();
  const calendar = options.calendar ?? defaultCalendar;
  const { filter = {}, cursor } = request;
  const limit = Math.max(1, Math.min(200, request.limit));
  const permitTypes = filter.permitTypeIds && filter.permitTypeIds.length > 0 ? new Set(filter.permitTypeIds) : undefined;
  // Normalised once for the whole queue, then matched against each document's (stored) search text.
  const wanted = normalizeSearch(filter.search ?? '');
  const matching: { application: QueueApplication; value: number }[] = [];
  for (const application of applications) {
    if (!waitsFor(account, application)) continue;
    if (permitTypes && !permitTypes.has(application.permitTypeId)) continue;
    if (!containsSearch(application, wanted)) continue;
    let value = queueSince(application);
    if (filter.overdueOnly) {
      value = dueAtOf(application, permitTypeOf(application)?.slaWorkingDays, { calendar, now });
      if (value >= now) continue;
    }
    matching.push({ application, value });
  }
  matching.sort((a, b) => a.value - b.value || (a.application.id < b.application.id ? -1 : a.application.id > b.application.id ? 1 : 0));
  const from = cursor ? matching.findIndex(({ value, application }) => value > cursor.value || (value === cursor.value && application.id > cursor.id)) : 0;
  const page = from < 0 ? [] : matching.slice(from, from + limit);
  const last = page.at(-1);
  const hasNext = from >= 0 && from + limit < matching.length;
  return {
    rows: page.map(({ application }) => queueRow(application, permitTypeOf(application), { calendar, now })),
    total: matching.length,
    ...(hasNext && last ? { next: { value: last.value, id: last.application.id } } : {}),
  };
}
