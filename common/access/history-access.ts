/**
 * Who may read how much of an application's history (GET /api/applications/:id/history), written
 * once next to who reads the application itself (readers.ts). The office and the agencies it was
 * routed to read every record (notes, staff names, look-ups, downloads); the applicant reads only
 * the stages with their dates; anyone else nothing (the server answers 404, as for an id that does
 * not exist).
 */
import type { ApplicationDoc } from '../application-schema.js';
import { agencyKey, isApplicantOf, mayRead, OFFICE_ROLES, roleKey, type Account } from './readers.js';

/** `whole`: every record and the stages; `stages`: the stages only; `none`: nothing at all. */
export type HistoryAccess = 'whole' | 'stages' | 'none';

/**
 * The reader keys that read an application's whole history: the office roles (their work is every
 * application) and every agency it is routed to. Keyed on the routing alone, not also on the status
 * as applicationReaders is (AGENCY_STATUSES): the two agree while routedAgencies is set only from
 * the acceptance on, and the history of what an agency reviewed stays with it while the
 * application is routed to it (a reroute replaces routedAgencies: the agency it left reads none).
 */
export function wholeHistoryReaders(doc: Pick<ApplicationDoc, 'routedAgencies'>): string[] {
  return [...OFFICE_ROLES.map(roleKey), ...(doc.routedAgencies ?? []).map(agencyKey)];
}

/** Whether the account may read the whole history of `doc` (see wholeHistoryReaders). */
export function seesWholeHistory(account: Account, doc: Pick<ApplicationDoc, 'routedAgencies'>): boolean {
  return mayRead(account, wholeHistoryReaders(doc));
}

/**
 * How much of the history of `doc` the account may read. A draft has none to show to anyone (it is
 * the applicant's own business until submitted); a person both office staff and applicant of it
 * reads it as office staff.
 */
export function historyAccess(account: Account, doc: Pick<ApplicationDoc, 'ownerId' | 'applicantId' | 'status' | 'routedAgencies'>): HistoryAccess {
  if (doc.status === 'draft') return 'none';
  if (seesWholeHistory(account, doc)) return 'whole';
  return isApplicantOf(account, doc) ? 'stages' : 'none';
}
