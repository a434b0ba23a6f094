/**
 * The life of an application as one table: from which status, which action, to which status, by
 * which roles, under which guard. The device reads it to offer only the actions a person may take
 * (offline too: `allowedActions`); the server enforces the very same rows when an action arrives
 * (`decide`, pure: the server calls it under its write lock). The intake moves a device makes on
 * the application itself (create, save, submit, resubmit) are rows of the same table, and
 * `deviceMayChangeStatus` (common/workflow.ts) is derived from them.
 *
 * Refusals carry a stable `code` (the device and the tests match on it) and a reason in Indonesian
 * and English that the person sees.
 */
import type { ApplicationDoc, ApplicationStatus, ClockStop, ReturnReason, StageEntry } from '../application-schema.js';
import type { LocalizedText, PermitType } from '../catalog.js';
import { ROLES, type OfficeActionDoc, type OfficeActionKind } from '../office-action-schema.js';
import type { Role } from '../sync-protocol.js';
import { isApplicantOf, type Account } from '../access/readers.js';

/** Changes a device makes to the application document itself (not action documents). */
export type IntakeMove = 'create' | 'save' | 'submit' | 'resubmit';
export type TransitionAction = OfficeActionKind | IntakeMove;
/** `new`: the application does not exist on the server yet. */
export type FromStatus = ApplicationStatus | 'new';

/** The permit type as the rules need it: the agencies that review it (catalog versions before 5 lack them). */
export type RoutingPermitType = Pick<PermitType, 'id'> & { reviewAgencyIds?: readonly string[] };

export interface TransitionContext {
  account: Account;
  application: ApplicationDoc;
  action: OfficeActionDoc;
  permitType?: RoutingPermitType;
  /** The active agencies the caller knows (DecideOptions.knownAgencies); undefined: not checked. */
  knownAgencies?: readonly string[];
}

export interface Refusal {
  ok: false;
  code: string;
  reason: LocalizedText;
}

export interface Decision {
  ok: true;
  /** The status after the action (the same one for a note). */
  status: ApplicationStatus;
  /**
   * What to write on the application: `{...application, ...changes}`. Empty when nothing changes
   * (a note). A key whose value is `undefined` means "remove the field" (JSON drops it).
   */
  changes: Partial<ApplicationDoc>;
}

export interface Transition {
  from: FromStatus;
  action: TransitionAction;
  /** Where it goes; a function when that depends on the action (see `recommend`). */
  to: ApplicationStatus | ((context: TransitionContext) => ApplicationStatus);
  roles: readonly Role[];
  /** `device`: a change of the application document; `action`: an action document the server applies. */
  by: 'device' | 'action';
  /** Who may, on this application (no look at the action's content): also decides what is offered. */
  guard?: Guard;
  /** What the action must carry (a reason, a question, ...). */
  check?: Check;
}

export type WhoContext = Pick<TransitionContext, 'account' | 'application'>;
export type Guard = (context: WhoContext) => Refusal | undefined;
export type Check = (context: TransitionContext) => Refusal | undefined;

/** Statuses in which the office waits for the applicant: the service-level clock is stopped. */
export const CLOCK_STOPPED_STATUSES: readonly ApplicationStatus[] = ['returned', 'needs-information'];

/** How the reasons below name statuses, actions and roles to a person (not the ids). */
export const STATUS_LABELS: Record<ApplicationStatus, LocalizedText> = {
  draft: { id: 'Draf', en: 'Draft' },
  submitted: { id: 'Diajukan', en: 'Submitted' },
  returned: { id: 'Dikembalikan untuk perbaikan', en: 'Returned for correction' },
  'in-review': { id: 'Dalam peninjauan dinas', en: 'Under review by the agencies' },
  'needs-information': { id: 'Menunggu jawaban pemohon', en: "Waiting for the applicant's answer" },
  reviewed: { id: 'Selesai ditinjau', en: 'Review complete' },
};
export const ACTION_LABELS: Record<OfficeActionKind, LocalizedText> = {
  accept: { id: 'menerima berkas', en: 'accept the submission' },
  return: { id: 'mengembalikan untuk perbaikan', en: 'return it for correction' },
  note: { id: 'menulis catatan', en: 'write a note' },
  recommend: { id: 'memberi rekomendasi', en: 'give a recommendation' },
  answer: { id: 'menjawab pertanyaan', en: 'answer the question' },
  reroute: { id: 'mengubah dinas peninjau', en: 'change the reviewing agencies' },
};
export const ROLE_LABELS: Record<Role, LocalizedText> = {
  applicant: { id: 'pemohon', en: 'applicant' },
  'booth-staff': { id: 'petugas gerai', en: 'booth staff' },
  'front-office': { id: 'petugas loket', en: 'front office' },
  'agency-reviewer': { id: 'peninjau dinas', en: 'agency reviewer' },
  inspector: { id: 'petugas peninjauan lapangan', en: 'inspector' },
  admin: { id: 'administrator', en: 'administrator' },
};

const OFFICE: readonly Role[] = ['front-office', 'admin'];
const ANYONE: readonly Role[] = ROLES;

export function refusal(code: string, id: string, en: string): Refusal {
  return { ok: false, code, reason: { id, en } };
}

const isBlank = (text: string | undefined): boolean => text === undefined || text.trim() === '';

// --- guards: who may, on this application ---

const isApplicant = ({ account, application }: { account: Account; application: ApplicationDoc }): boolean =>
  isApplicantOf(account, application);

const applicantOnly: Guard = (context) => isApplicant(context) ? undefined
  : refusal('not-your-application', 'Hanya pemohon permohonan ini yang dapat melakukannya.', 'Only the applicant of this application can do this.');

/** Nobody decides on an application they filed or claimed themselves. */
const notOwnApplication: Guard = (context) => isApplicant(context)
  ? refusal('own-application', 'Anda tidak dapat memutuskan permohonan yang Anda ajukan sendiri.', 'You cannot decide on an application you filed yourself.')
  : undefined;

const routedToActorAgency: Guard = ({ account, application }) => {
  if (account.role !== 'agency-reviewer') return undefined;
  return account.agencyId && (application.routedAgencies ?? []).includes(account.agencyId) ? undefined
    : refusal('not-your-agency', 'Permohonan ini tidak diteruskan ke dinas Anda.', 'This application is not routed to your agency.');
};

const notYetRecommended: Guard = ({ account, application }) =>
  account.agencyId && (application.recommendedAgencies ?? []).includes(account.agencyId)
    ? refusal('already-recommended', 'Dinas Anda sudah memberi rekomendasi untuk permohonan ini.', 'Your agency has already given its recommendation on this application.')
    : undefined;

/** While an agency's question is open, that agency waits for the answer before it recommends. */
const notWaitingForOwnQuestion: Guard = ({ account, application }) =>
  application.openQuestion && application.openQuestion.agencyId === account.agencyId
    ? refusal('question-open', 'Pertanyaan dinas Anda belum dijawab pemohon.', "The applicant has not yet answered your agency's question.")
    : undefined;

/** The first refusal of several guards or checks, in order. */
function all<C>(...rules: ((context: C) => Refusal | undefined)[]): (context: C) => Refusal | undefined {
  return (context) => {
    for (const rule of rules) {
      const refused = rule(context);
      if (refused) return refused;
    }
    return undefined;
  };
}

// --- checks: what the action must carry ---

const reasonsGiven: Check = ({ action }) =>
  (action.reasons ?? []).some((reason) => !isBlank(reason.text)) ? undefined
    : refusal('reason-required', 'Tulis paling sedikit satu alasan pengembalian.', 'Give at least one reason for the return.');

const everyCheckOk: Check = ({ action }) => {
  const failed = (action.checks ?? []).filter((check) => !check.ok).map((check) => check.itemId);
  return failed.length === 0 ? undefined
    : refusal('check-failed', `Ada butir yang tidak sesuai (${failed.join(', ')}): kembalikan permohonan, jangan diterima.`,
      `Some items did not pass (${failed.join(', ')}): return the application instead of accepting it.`);
};

const routingKnown: Check = ({ application, permitType }) => {
  if (!permitType || permitType.id !== application.permitTypeId) {
    return refusal('permit-type-unknown', 'Jenis izin permohonan ini tidak ada di katalog.', "This application's permit type is not in the catalog.");
  }
  return permitType.reviewAgencyIds ? undefined
    : refusal('no-review-agencies', 'Katalog belum menyebut dinas yang meninjau jenis izin ini; administrator perlu menerbitkan katalog yang menyebutnya.',
      'The catalog does not yet name the agencies that review this permit type; an administrator must publish a catalog that names them.');
};

const textGiven: Check = ({ action }) => isBlank(action.text)
  ? refusal('text-required', 'Tulis isinya terlebih dahulu.', 'Write the text first.')
  : undefined;

const recommendationComplete: Check = ({ action, application, account }) => {
  switch (action.recommendation) {
    case undefined:
      return refusal('recommendation-required', 'Pilih rekomendasi: setuju, setuju dengan syarat, tolak, atau perlu informasi.',
        'Choose a recommendation: approve, approve with conditions, reject, or needs information.');
    case 'approve-with-conditions':
      return isBlank(action.conditions) ? refusal('conditions-required', 'Tulis syarat persetujuannya.', 'Write the conditions of the approval.') : undefined;
    case 'needs-information':
      if (isBlank(action.question)) return refusal('question-required', 'Tulis pertanyaan untuk pemohon.', 'Write the question for the applicant.');
      // One question at a time: the application carries one open question.
      return application.openQuestion && application.openQuestion.agencyId !== account.agencyId
        ? refusal('question-open', 'Permohonan ini sedang menunggu jawaban pemohon atas pertanyaan dinas lain.', "This application is waiting for the applicant's answer to another agency's question.")
        : undefined;
    default:
      return undefined;
  }
};

const agenciesGiven: Check = ({ action, knownAgencies }) => {
  const agencies = action.agencies ?? [];
  if (agencies.length === 0) return refusal('agencies-required', 'Pilih paling sedikit satu dinas peninjau.', 'Choose at least one reviewing agency.');
  // An agency nobody works for (a typo, a closed one, an Object.prototype name): the application would wait for it for ever.
  const unknown = knownAgencies ? agencies.filter((agency) => !knownAgencies.includes(agency)) : [];
  return unknown.length === 0 ? undefined
    : refusal('unknown-agency', `Dinas peninjau "${unknown.join('", "')}" tidak dikenal atau tidak aktif; permohonan tidak dialihkan.`,
      `The reviewing agency "${unknown.join('", "')}" is unknown or inactive; the application was not re-routed.`);
};

// --- where a recommendation or a re-route goes ---

const everyRoutedRecommended = (routed: readonly string[], recommended: readonly string[]): boolean =>
  routed.every((agency) => recommended.includes(agency));

function recommendedAfter({ account, application, action }: TransitionContext): string[] {
  const recommended = application.recommendedAgencies ?? [];
  if (action.recommendation === 'needs-information' || !account.agencyId || recommended.includes(account.agencyId)) return [...recommended];
  return [...recommended, account.agencyId];
}

const afterRecommendation = (context: TransitionContext): ApplicationStatus => {
  if (context.action.recommendation === 'needs-information' || context.application.status === 'needs-information') return 'needs-information';
  return everyRoutedRecommended(context.application.routedAgencies ?? [], recommendedAfter(context)) ? 'reviewed' : 'in-review';
};

const reroutedAgencies = (action: OfficeActionDoc): string[] => [...new Set(action.agencies ?? [])];

const afterReroute = ({ application, action }: TransitionContext): ApplicationStatus => {
  const routed = reroutedAgencies(action);
  return everyRoutedRecommended(routed, application.recommendedAgencies ?? []) ? 'reviewed' : 'in-review';
};

const afterAccept = ({ permitType }: TransitionContext): ApplicationStatus =>
  // A permit type that names no reviewing agency has nothing to wait for: it is ready at once.
  (permitType?.reviewAgencyIds ?? []).length === 0 ? 'reviewed' : 'in-review';

// --- the table ---

const device = (from: FromStatus, action: IntakeMove, to: ApplicationStatus): Transition =>
  ({ from, action, to, roles: ANYONE, by: 'device', guard: applicantOnly });

const noteRow = (from: ApplicationStatus, roles: readonly Role[]): Transition => ({
  from, action: 'note', to: from, roles, by: 'action', guard: routedToActorAgency, check: textGiven,
});

export const TRANSITIONS: readonly Transition[] = [
  // Intake, on the applicant's (or booth's) device.
  device('new', 'create', 'draft'),
  device('new', 'submit', 'submitted'),
  device('draft', 'save', 'draft'),
  device('draft', 'submit', 'submitted'),
  device('returned', 'save', 'returned'),
  device('returned', 'resubmit', 'submitted'),
  // A device may send an application it cannot change again unchanged (a late echo, a claim).
  device('submitted', 'save', 'submitted'),
  device('in-review', 'save', 'in-review'),
  device('needs-information', 'save', 'needs-information'),
  device('reviewed', 'save', 'reviewed'),

  // The front office checks the submission item by item.
  { from: 'submitted', action: 'accept', to: afterAccept, roles: OFFICE, by: 'action', guard: notOwnApplication, check: all(everyCheckOk, routingKnown) },
  { from: 'submitted', action: 'return', to: 'returned', roles: OFFICE, by: 'action', guard: notOwnApplication, check: reasonsGiven },

  // The agencies review; each recommends once per round.
  {
    from: 'in-review', action: 'recommend', to: afterRecommendation, roles: ['agency-reviewer'], by: 'action',
    guard: all(routedToActorAgency, notYetRecommended, notOwnApplication), check: recommendationComplete,
  },
  {
    // Another agency's question does not hold up an agency that has made up its mind.
    from: 'needs-information', action: 'recommend', to: afterRecommendation, roles: ['agency-reviewer'], by: 'action',
    guard: all(routedToActorAgency, notYetRecommended, notWaitingForOwnQuestion, notOwnApplication),
    check: recommendationComplete,
  },
  { from: 'needs-information', action: 'answer', to: 'in-review', roles: ANYONE, by: 'action', guard: applicantOnly, check: textGiven },

  // The office changes which agencies review (an agency added, or one routed in error taken off).
  { from: 'in-review', action: 'reroute', to: afterReroute, roles: OFFICE, by: 'action', guard: notOwnApplication, check: agenciesGiven },
  { from: 'reviewed', action: 'reroute', to: afterReroute, roles: OFFICE, by: 'action', guard: notOwnApplication, check: agenciesGiven },

  // Notes: the office's working papers, at every stage after submission; an agency's while it has the application.
  noteRow('submitted', OFFICE),
  noteRow('returned', OFFICE),
  noteRow('in-review', [...OFFICE, 'agency-reviewer']),
  noteRow('needs-information', [...OFFICE, 'agency-reviewer']),
  noteRow('reviewed', [...OFFICE, 'agency-reviewer']),
];

const ACTION_ROWS = TRANSITIONS.filter((row) => row.by === 'action');
const OFFICE_ACTION_KIND_LIST: readonly OfficeActionKind[] = ['accept', 'return', 'note', 'recommend', 'answer', 'reroute'];

/** Whether a device may move an application from one status to another by writing it (intake). */
export function deviceMayMove(from: FromStatus, to: ApplicationStatus): boolean {
  return TRANSITIONS.some((row) => row.by === 'device' && row.from === from && row.to === to);
}

function rowFor(status: ApplicationStatus, kind: OfficeActionKind): Transition | undefined {
  return ACTION_ROWS.find((row) => row.from === status && row.action === kind);
}

/** Who-checks, in order; shared by `allowedActions` and `decide` so the device offers what the server accepts. */
function whoRefusal(account: Account, application: ApplicationDoc, kind: OfficeActionKind): Refusal | undefined {
  if (!ACTION_ROWS.some((row) => row.action === kind && row.roles.includes(account.role))) {
    return refusal('role-not-allowed', `Sebagai ${ROLE_LABELS[account.role].id}, Anda tidak dapat ${ACTION_LABELS[kind].id}.`,
      `As ${ROLE_LABELS[account.role].en}, you cannot ${ACTION_LABELS[kind].en}.`);
  }
  const row = rowFor(application.status, kind);
  if (!row) {
    return refusal('not-allowed-now', `Tidak dapat ${ACTION_LABELS[kind].id} pada permohonan berstatus "${STATUS_LABELS[application.status].id}".`,
      `You cannot ${ACTION_LABELS[kind].en} while the application is "${STATUS_LABELS[application.status].en}".`);
  }
  if (!row.roles.includes(account.role)) {
    return refusal('role-not-allowed', `Sebagai ${ROLE_LABELS[account.role].id}, Anda tidak dapat ${ACTION_LABELS[kind].id} pada tahap "${STATUS_LABELS[application.status].id}".`,
      `As ${ROLE_LABELS[account.role].en}, you cannot ${ACTION_LABELS[kind].en} at the stage "${STATUS_LABELS[application.status].en}".`);
  }
  return row.guard?.({ account, application });
}

/** The actions a device offers this account on this application now (offline too). */
export function allowedActions(account: Account, application: ApplicationDoc): OfficeActionKind[] {
  return OFFICE_ACTION_KIND_LIST.filter((kind) => whoRefusal(account, application, kind) === undefined);
}

export interface DecideOptions {
  /** Server time in ms (default: now); the changes' times and `updatedAt` derive from it. */
  now?: number;
  /** Ids of the active agencies (the server's, or the device's copy of GET /api/agencies): a re-route to any other is refused. */
  knownAgencies?: readonly string[];
}

/**
 * Whether the account may take this action on the application, and if so the whole change to
 * write: the new status, `updatedAt`, the stage entered, the clock stop opened or closed, and the
 * fields of the kind. Pure: the caller passes the current application and permit type (the current
 * catalog's, as routing follows today's organisation) and writes the result.
 */
export function decide(account: Account, application: ApplicationDoc, action: OfficeActionDoc, permitType?: RoutingPermitType,
  options: DecideOptions = {}): Decision | Refusal {
  if (action.applicationId !== application.id) {
    return refusal('wrong-application', 'Tindakan ini untuk permohonan lain.', 'This action is for another application.');
  }
  if (action.actorId !== account.userId) {
    return refusal('not-your-action', 'Tindakan ini dibuat oleh akun lain.', 'This action was made by another account.');
  }
  if (!ACTION_ROWS.some((row) => row.action === action.kind && row.roles.includes(account.role))) {
    return whoRefusal(account, application, action.kind) as Refusal;
  }
  if (action.basedOnStatus !== application.status) {
    return refusal('stale-action', `Permohonan sudah berpindah dari "${STATUS_LABELS[action.basedOnStatus].id}" ke "${STATUS_LABELS[application.status].id}" sebelum tindakan ini sampai; tindakan tidak diterapkan.`,
      // English keeps the status ids, which read as words (tests/server/office-actions matches them).
      `The application moved from "${action.basedOnStatus}" to "${application.status}" before this action arrived; it was not applied.`);
  }
  const refused = whoRefusal(account, application, action.kind);
  if (refused) return refused;
  const row = rowFor(application.status, action.kind) as Transition;
  const context: TransitionContext = { account, application, action, permitType, ...(options.knownAgencies ? { knownAgencies: options.knownAgencies } : {}) };
  const checked = row.check?.(context);
  if (checked) return checked;
  const status = typeof row.to === 'function' ? row.to(context) : row.to;
  return { ok: true, status, changes: changesOf(context, status, options.now ?? Date.now()) };
}

/**
 * The application after a decision's changes, with removed fields gone rather than `undefined`
 * (for a device showing the outcome before the server's copy arrives, and for comparisons).
 */
export function withChanges<T extends ApplicationDoc>(application: T, changes: Partial<ApplicationDoc>): T {
  const merged = { ...application, ...changes };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)) as unknown as T;
}

function changesOf(context: TransitionContext, status: ApplicationStatus, now: number): Partial<ApplicationDoc> {
  const { application, action, account } = context;
  const kindChanges: Partial<ApplicationDoc> = {};
  // returnedAt (and every time below) is exactly the instant of updatedAt: changedSinceReturn
  // (common/workflow.ts) compares the two without clock guesswork.
  const updatedAt = Math.max(now, application.updatedAt + 1);
  const at = new Date(updatedAt).toISOString();
  switch (action.kind) {
    case 'note':
      return {};
    case 'accept':
      kindChanges.acceptedAt = at;
      kindChanges.routedAgencies = [...new Set(context.permitType?.reviewAgencyIds ?? [])];
      kindChanges.recommendedAgencies = [];
      break;
    case 'return':
      kindChanges.returnedAt = at;
      kindChanges.returnReasons = returnReasonsOf(action.reasons ?? []);
      break;
    case 'recommend':
      if (action.recommendation === 'needs-information') {
        kindChanges.openQuestion = { actionId: action.id, agencyId: account.agencyId as string, text: (action.question as string).trim(), askedAt: at };
      } else {
        kindChanges.recommendedAgencies = recommendedAfter(context);
      }
      break;
    case 'answer':
      kindChanges.openQuestion = undefined;
      break;
    case 'reroute': {
      const routed = reroutedAgencies(action);
      kindChanges.routedAgencies = routed;
      kindChanges.recommendedAgencies = (application.recommendedAgencies ?? []).filter((agency) => routed.includes(agency));
      break;
    }
  }
  if (status === 'reviewed' && application.status !== 'reviewed') kindChanges.reviewedAt = at;
  if (status !== 'reviewed' && application.reviewedAt !== undefined) kindChanges.reviewedAt = undefined;
  return { ...kindChanges, ...statusChanges(application, status, at), updatedAt };
}

/** The stage entered and the clock stop opened or closed when the status changes (nothing when it stays). */
export function statusChanges(application: Pick<ApplicationDoc, 'status' | 'stages' | 'clockStops'> | undefined,
  status: ApplicationStatus, at: string): Pick<ApplicationDoc, 'status'> & Partial<Pick<ApplicationDoc, 'stages' | 'clockStops'>> {
  if (application && application.status === status) return { status };
  const stages: StageEntry[] = [...(application?.stages ?? []), { stage: status, at }];
  const wasStopped = application !== undefined && CLOCK_STOPPED_STATUSES.includes(application.status);
  const stops = CLOCK_STOPPED_STATUSES.includes(status);
  if (wasStopped === stops) return { status, stages };
  const clockStops: ClockStop[] = [...(application?.clockStops ?? [])];
  if (stops) {
    clockStops.push({ from: at });
  } else {
    // Close the last open stop; an application returned before version 2 has none to close.
    for (let index = clockStops.length - 1; index >= 0; index--) {
      const stop = clockStops[index];
      if (stop && stop.to === undefined) {
        clockStops[index] = { ...stop, to: at };
        break;
      }
    }
  }
  return { status, stages, clockStops };
}

/**
 * The server-owned fields of an intake move a device made (create, submit, resubmit): the stage
 * entered and, on a resubmission, the clock stop closed. The server adds them to what the device
 * wrote; nothing when the status did not change (a save).
 */
export function intakeChanges(previous: Pick<ApplicationDoc, 'status' | 'stages' | 'clockStops'> | undefined,
  status: ApplicationStatus, now: number = Date.now()): Partial<Pick<ApplicationDoc, 'stages' | 'clockStops'>> {
  if (previous && previous.status === status) return {};
  const { status: _status, ...changes } = statusChanges(previous, status, new Date(now).toISOString());
  return changes;
}

function returnReasonsOf(reasons: readonly ReturnReason[]): ReturnReason[] {
  return reasons.filter((reason) => !isBlank(reason.text))
    .map((reason) => ({ ...(reason.fieldId ? { fieldId: reason.fieldId } : {}), text: reason.text.trim() }));
}
