/**
 * One application as the front office checks it on this device (issue 9): the application, its
 * permit type from its own catalog version, the actions made on it here with their outcomes, what
 * the account may do now (allowedActions, offline too), and other open applications on the device
 * with the same NIK and permit type (a possible double filing). Accept and return go through
 * Workspace.office.act, so they are made offline too and sent by the actions replication.
 */
import { combineLatest, from, map, of, switchMap, type Observable } from 'rxjs';
import type { ApplicationDoc, ApplicationStatus, DocumentRef, ReturnReason } from '../../../common/application-schema.js';
import type { PermitType } from '../../../common/catalog.js';
import type { OfficeActionDoc, OfficeActionKind } from '../../../common/office-action-schema.js';
import { allowedActions } from '../../../common/workflow/transitions.js';
import type { Workspace } from '../workspace.js';
import { permitTypeOf } from './office-queue.js';

/** Statuses in which an application is no longer "open" for a double-filing warning. */
const CLOSED_STATUSES: readonly ApplicationStatus[] = ['draft', 'reviewed'];

export type CheckSource = Pick<Workspace, 'user' | 'openOfPermitType$' | 'draft$' | 'catalogAt' | 'office' | 'documents'>;

export interface ApplicationCheckView {
  application: ApplicationDoc;
  /** Undefined when the catalog version of the application is not on the device (and no server). */
  permitType: PermitType | undefined;
  allowed: OfficeActionKind[];
  /** Other open applications here with the same NIK and permit type. */
  sameApplicant: ApplicationDoc[];
  /** Actions made on this application on this device, oldest first. */
  actions: OfficeActionDoc[];
}

/** The NIK the application is for: the applicant's answer, else the citizen it was filed for. */
export function nikOf(application: Pick<ApplicationDoc, 'answers' | 'citizen'>): string | undefined {
  const answer = application.answers.applicantNik;
  const nik = typeof answer === 'string' && answer.trim() !== '' ? answer.trim() : application.citizen?.nik;
  return nik ? nik.replace(/\s+/g, '') : undefined;
}

/** Whether `other` may be `application` filed twice: open, same NIK (`nik`, the application's), same permit type. */
function sameFiling(application: ApplicationDoc, nik: string): (other: ApplicationDoc) => boolean {
  return (other) => other.id !== application.id && other.permitTypeId === application.permitTypeId
    && !CLOSED_STATUSES.includes(other.status) && nikOf(other) === nik;
}

/** Others on `applications` that may be the same filing twice: open, same NIK, same permit type. */
export function sameApplicantOpen(application: ApplicationDoc, applications: readonly ApplicationDoc[]): ApplicationDoc[] {
  const nik = nikOf(application);
  return nik ? applications.filter(sameFiling(application, nik)) : [];
}

/**
 * The other open applications on the device that may be `application` filed twice, live. Only
 * the open ones of its permit type are looked at, on the local index (Workspace.openOfPermitType$),
 * never every document: at 10,000 on the device that is what kept the check screen waiting (see
 * bench/office-home.ts).
 */
export function sameApplicant$(source: Pick<Workspace, 'openOfPermitType$'>, application: ApplicationDoc): Observable<ApplicationDoc[]> {
  const nik = nikOf(application);
  if (!nik) return of([]);
  return source.openOfPermitType$(application.permitTypeId, sameFiling(application, nik));
}

/** The application to check, live; null when it is not on this device. */
export function applicationCheck$(source: CheckSource, applicationId: string): Observable<ApplicationCheckView | null> {
  return source.draft$(applicationId).pipe(
    switchMap((application) => {
      if (!application) return of(null);
      return combineLatest([from(permitTypeOf(source, application)), sameApplicant$(source, application), source.office.actionsOf(applicationId)]).pipe(
        map(([permitType, sameApplicant, actions]) => ({
          application,
          permitType,
          allowed: allowedActions(source.user, application),
          sameApplicant,
          actions,
        })),
      );
    }),
  );
}

/**
 * The newest accept or return made here on this round (since the application was last submitted):
 * still to be sent, applied, or refused with its reason. A return applied before a resubmission
 * belongs to the round before and is not shown.
 */
export function latestDecision(actions: readonly OfficeActionDoc[], application?: Pick<ApplicationDoc, 'stages' | 'submittedAt'>): OfficeActionDoc | undefined {
  const submitted = [...(application?.stages ?? [])].reverse().find((stage) => stage.stage === 'submitted')?.at ?? application?.submittedAt;
  const since = submitted ? Date.parse(submitted) : Number.NaN;
  return [...actions].reverse().find((action) => (action.kind === 'accept' || action.kind === 'return')
    && (action.outcome === undefined || !Number.isFinite(since) || Date.parse(action.createdAt) >= since));
}

export interface ItemCheck {
  itemId: string;
  ok: boolean;
  /** The reason, when not ok (the applicant reads it). */
  text?: string;
}

/** Accepts: the items the person ticked, each in order. */
export function acceptApplication(source: Pick<Workspace, 'office'>, application: ApplicationDoc, checks: readonly ItemCheck[]): Promise<OfficeActionDoc> {
  if (checks.some((check) => !check.ok)) throw new Error('an item not in order: return the application instead');
  return source.office.act('accept', application.id, application.status, { checks: checks.map((check) => ({ itemId: check.itemId, ok: true })) });
}

/** Returns to the applicant: each item not in order with its reason (fieldId = the item's id). */
export function returnApplication(source: Pick<Workspace, 'office'>, application: ApplicationDoc, checks: readonly ItemCheck[]): Promise<OfficeActionDoc> {
  const reasons: ReturnReason[] = checks.filter((check) => !check.ok).map((check) => ({ fieldId: check.itemId, text: (check.text ?? '').trim() }));
  return source.office.act('return', application.id, application.status, {
    checks: checks.map((check) => ({ itemId: check.itemId, ok: check.ok, ...(check.ok ? {} : { text: (check.text ?? '').trim() }) })),
    reasons,
  });
}

export type FileView = { state: 'missing' } | { state: 'here'; url: string; ref: DocumentRef };

/** A requirement's uploaded file for display: from this device, else fetched from the server; 'missing' when neither has it now. */
export async function fileView(source: Pick<Workspace, 'documents'>, application: ApplicationDoc, requirementId: string): Promise<FileView | undefined> {
  const ref = application.documents?.[requirementId];
  if (!ref) return undefined;
  const url = await source.documents.objectUrl(ref, application.id).catch(() => undefined);
  return url ? { state: 'here', url, ref } : { state: 'missing' };
}
