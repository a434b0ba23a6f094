/**
 * Who may read what, written once. Every synced document carries the reader keys that may read
 * it (`readers`); an account holds keys of its own; a device receives a document only while the
 * two meet. The server computes a document's readers with these functions on every write, and the
 * device uses the same ones to know what it should hold.
 *
 * Keys: `user:<userId>`, `role:<role>`, `agency:<agencyId>`, `booth:<boothId>`.
 */
import type { ApplicationDoc, ApplicationStatus } from '../application-schema.js';
import type { OfficeActionDoc } from '../office-action-schema.js';
import type { Role } from '../sync-protocol.js';

/** The account as the rules see it: always re-read from the account document, never from a cookie. */
export interface Account {
  userId: string;
  role: Role;
  agencyId?: string;
  boothId?: string;
}

export const userKey = (userId: string): string => `user:${userId}`;
export const roleKey = (role: Role): string => `role:${role}`;
export const agencyKey = (agencyId: string): string => `agency:${agencyId}`;
export const boothKey = (boothId: string): string => `booth:${boothId}`;

/** Roles that see every application once it is submitted (the front office and administrators). */
export const OFFICE_ROLES: readonly Role[] = ['front-office', 'admin'];

/** Statuses during which the routed agencies read an application (they receive it when accepted). */
export const AGENCY_STATUSES: readonly ApplicationStatus[] = ['in-review', 'needs-information', 'reviewed'];

/**
 * The keys an account holds now. An agency key only for a reviewer and a booth key only for booth
 * staff: an account moved to another role keeps its agencyId field, but must not keep the reach.
 */
export function readerKeysOf(account: Account): string[] {
  const keys = [userKey(account.userId), roleKey(account.role)];
  const agencyId = reviewingAgencyOf(account);
  if (agencyId) keys.push(agencyKey(agencyId));
  if (account.role === 'booth-staff' && account.boothId) keys.push(boothKey(account.boothId));
  return keys;
}

/**
 * The agency an account reviews for: a reviewer's agencyId, nothing for any other role (an account
 * moved to another role keeps the field, not the agency's reach).
 */
export function reviewingAgencyOf(account: Pick<Account, 'role' | 'agencyId'>): string | undefined {
  return account.role === 'agency-reviewer' && account.agencyId ? account.agencyId : undefined;
}

/** The owner and, after a claim, the citizen who claimed it: the people the application is about. */
export function applicantKeysOf(doc: Pick<ApplicationDoc, 'ownerId' | 'applicantId'>): string[] {
  const keys = [userKey(doc.ownerId)];
  if (doc.applicantId && doc.applicantId !== doc.ownerId) keys.push(userKey(doc.applicantId));
  return keys;
}

/** Whether the account filed the application or claimed it: the applicant side, who may change it while it is theirs to change. */
export function isApplicantOf(account: Pick<Account, 'userId'>, doc: Pick<ApplicationDoc, 'ownerId' | 'applicantId'>): boolean {
  return applicantKeysOf(doc).includes(userKey(account.userId));
}

/**
 * Whether the account may write this application's document from a device: a stored one if it
 * filed or claimed it; a new one only under its own name. The claimant field is the server's to
 * set (a claim), so a device naming itself claimant of a new document gains nothing by it.
 */
export function mayWriteApplication(account: Pick<Account, 'userId'>, stored: Pick<ApplicationDoc, 'ownerId' | 'applicantId'> | undefined,
  next: Pick<ApplicationDoc, 'ownerId'>): boolean {
  return stored ? isApplicantOf(account, stored) : next.ownerId === account.userId;
}

/**
 * Whether the account may claim a booth's filing: applicant accounts only. A claim makes the
 * account's `user:` key a reader of the application, so staff claiming one would gain a reach
 * their role does not give them.
 */
export function mayClaim(account: Pick<Account, 'role'>): boolean {
  return account.role === 'applicant';
}

/** The agency keys of an application: its routed agencies, while it is with them. */
function agencyKeysOf(doc: Pick<ApplicationDoc, 'status' | 'routedAgencies'>): string[] {
  return AGENCY_STATUSES.includes(doc.status) ? (doc.routedAgencies ?? []).map(agencyKey) : [];
}

/**
 * Who may read an application: its owner and claimant always; the office once it is submitted
 * (a draft is the applicant's own business); each routed agency while it reviews (and after, so
 * a reviewer still sees what it recommended). A deleted draft keeps its owner, who must receive
 * the deletion.
 */
export function applicationReaders(doc: Pick<ApplicationDoc, 'ownerId' | 'applicantId' | 'status' | 'routedAgencies'>): string[] {
  const keys = applicantKeysOf(doc);
  if (doc.status !== 'draft') keys.push(...OFFICE_ROLES.map(roleKey));
  keys.push(...agencyKeysOf(doc));
  return unique(keys);
}

/**
 * Whether the applicant may read an action: an answer (their own), a return (its reasons) and the
 * question of a needs-information recommendation. Never a note (internal or not: notes are the
 * office's working papers), never another recommendation, and never a refused action (it changed
 * nothing the applicant should hear about).
 */
export function actionIsForApplicant(action: Pick<OfficeActionDoc, 'kind' | 'recommendation' | 'outcome'>): boolean {
  if (action.outcome === 'refused') return false;
  return action.kind === 'answer' || action.kind === 'return'
    || (action.kind === 'recommend' && action.recommendation === 'needs-information');
}

/**
 * Who may read an action: the person who made it (they must receive its outcome), the office
 * roles, the agencies the application is routed to while it is with them, and the applicant only
 * for what is meant for them (actionIsForApplicant).
 */
export function actionReaders(action: Pick<OfficeActionDoc, 'actorId' | 'kind' | 'recommendation' | 'outcome'>,
  application: Pick<ApplicationDoc, 'ownerId' | 'applicantId' | 'status' | 'routedAgencies'> | undefined): string[] {
  const keys = [userKey(action.actorId), ...OFFICE_ROLES.map(roleKey)];
  if (application) {
    keys.push(...agencyKeysOf(application));
    if (actionIsForApplicant(action)) keys.push(...applicantKeysOf(application));
  }
  return unique(keys);
}

/** Whether an account holding its keys may read a document with these readers. */
export function mayRead(account: Account, readers: readonly string[]): boolean {
  return keysMayRead(readerKeysOf(account), readers);
}

/** mayRead for keys already taken from the account (a pull reads many documents for one account). */
export function keysMayRead(keys: readonly string[], readers: readonly string[]): boolean {
  return keys.some((key) => readers.includes(key));
}

/**
 * Keys in `before` that are not in `after`: the readers a document lost (its former readers, each
 * sent a tombstone once: sync-server/sync/reach.ts), or the keys an account no longer holds (each
 * walked once for the tombstones it is owed: sync-server/sync/collection-sync.ts).
 */
export function lostReaders(before: readonly string[], after: readonly string[]): string[] {
  return before.filter((key) => !after.includes(key));
}

function unique(keys: string[]): string[] {
  return [...new Set(keys)];
}
