/**
 * The wire format between the device's replication and the sync server. Both sides import these
 * types, so a change here is a change of protocol: additive only.
 */
import type { ApplicationStatus, ApplicationWireDoc } from './application-schema.js';
import type { LocalizedText } from './catalog.js';

/**
 * Header naming the device (its local database's token) on sync requests, so a pull can leave out
 * what that device wrote itself.
 */
export const DEVICE_HEADER = 'x-ptsp-device';

/**
 * Header (or `user` query parameter, for the event stream) naming the account the device believes
 * is signed in. The session cookie belongs to the whole origin: after an offline sign-out and an
 * offline sign-in of someone else it may still name the previous person. The server refuses such
 * a request, so one account's documents never land in another account's local database.
 */
export const EXPECTED_USER_HEADER = 'x-ptsp-user';

/**
 * Header a device sends on pushes (value `rows`) to say it understands per-row refusals: a bad row
 * comes back in `refused` and the others are stored. Without it, an applications push stays all or
 * nothing (400/403/422 and nothing stored), as installed apps from before expect.
 */
export const PER_ROW_REFUSALS_HEADER = 'x-ptsp-refusals';

/** Upper bound of documents in one pull answer and one push request. */
export const MAX_BATCH_SIZE = 1000;

/**
 * The collections devices replicate, each at `/api/sync/<collection>/{pull,push}`; one live stream
 * (`SYNC_STREAM_PATH`) tells a device which of them changed. `/api/sync/applications/stream` stays
 * as an alias for installed apps.
 */
export const SYNC_COLLECTIONS = ['applications', 'actions'] as const;
export type SyncCollection = (typeof SYNC_COLLECTIONS)[number];
export const SYNC_STREAM_PATH = '/api/sync/stream';

/** The data of a `resync` event on the live stream: the collections that have something new for this account. */
export interface ResyncEvent {
  collections: SyncCollection[];
}

export interface PullResponse<Doc = ApplicationWireDoc> {
  /**
   * The documents the account may read now, written after the checkpoint, oldest first. A document
   * that left the account's reach comes as a tombstone: `_deleted: true` and `_gone: true`, its
   * required fields only, no content (see GoneMark).
   */
  documents: Doc[];
  /** Opaque to the client: stored by RxDB and sent back as it is. */
  checkpoint: string | null;
}

/** What a tombstone of a document that left the account's reach carries besides its minimal fields. */
export interface GoneMark {
  _deleted: true;
  _gone: true;
}

export interface PushRow<Doc = ApplicationWireDoc> {
  assumedMasterState?: Doc;
  newDocumentState: Doc;
}

export interface PushRequest<Doc = ApplicationWireDoc> {
  rows: PushRow<Doc>[];
}

/**
 * A row the server will not store, and why. Never retried as it is: the device keeps it in a list
 * the person sees (client/data/sync/refused-changes.ts) and its local document takes `state`, the
 * server's current state, when the server has one.
 */
export interface RefusedRow<Doc = ApplicationWireDoc> {
  id: string;
  /** Stable machine-readable code, e.g. `workflow-refused`, `invalid-document`, `not-owner`, `unavailable`. */
  code: string;
  reason: LocalizedText;
  /** Where in the row (e.g. `newDocumentState/answers/businessName`), when one field is the cause. */
  problems?: ApiProblem[];
  state?: Doc;
}

export interface PushResponse<Doc = ApplicationWireDoc> {
  /** The server's current state of every document whose assumed state was out of date. */
  conflicts: Doc[];
  /** Rows refused one by one; the other rows of the batch were handled as if alone. Absent from servers before per-row refusals. */
  refused?: RefusedRow<Doc>[];
}

/** How long a claim waits for its booth filing to arrive before it lapses (the citizen may claim again). */
export const PENDING_CLAIM_DAYS = 30;

/**
 * The answer of `POST /api/claims {code}`. `claimed` (HTTP 200): the application is the citizen's
 * now (or already was). `pending` (HTTP 202): the code is well formed but no submitted filing
 * carries it yet (the booth has not synced); the server keeps the claim until `expiresAt`, and when
 * the filing arrives it becomes the citizen's and reaches their devices through the normal pull.
 */
export type ClaimResponse =
  | { status: 'claimed'; application: ApplicationWireDoc }
  | { status: 'pending'; code: string; expiresAt: string };

/** `GET /api/config`: what a device keeps for offline use. */
export interface PublicConfigResponse {
  /** Where the office's public pages are (PUBLIC_URL), without a trailing slash. */
  publicUrl: string;
  /**
   * The office's holidays (PUBLIC_HOLIDAYS, else common/holidays.ts's DEFAULT_HOLIDAY_DATES): ISO
   * dates, sorted. The device keeps them so days left in its queue count the same days as the server.
   * Additive: an older server leaves it out and the device keeps the built-in list.
   */
  holidays: string[];
}

/** The public tracking page of an application, e.g. `https://ptsp.example.go.id/lacak/P-7KQ2-M9XD`. */
export const TRACKING_PATH = '/lacak/';

/** The link a receipt's QR code carries: anyone can open it, no sign-in, nothing personal shown. */
export function trackingUrl(publicUrl: string, number: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${TRACKING_PATH}${encodeURIComponent(number)}`;
}

/**
 * `GET /api/public/track/:number` (no sign-in; a registration number URL-encoded, its '/' as %2F):
 * where a submitted application stands. Nothing personal: no names, NIK, phone, address, answers
 * or account ids. Drafts are never found.
 */
export interface PublicTrackingResponse {
  permitTypeId: string;
  /** Any status but draft (the office's stages included: in-review, needs-information, reviewed). */
  status: Exclude<ApplicationStatus, 'draft'>;
  /** The device's time of the (last) submission. */
  submittedAt?: string;
  registrationNumber?: string;
  registeredAt?: string;
  returnedAt?: string;
  /** Every stage the application entered, oldest first, with the server's time (common/stages.ts stagesOf: made from the dated fields for an application stored before `stages` was kept). */
  stages?: TrackingStage[];
  /** The permit type's name in the catalog version the application was filed under. */
  permitTypeName?: LocalizedText;
}

export interface ApiProblem {
  /** Where the problem is, e.g. `rows/3/newDocumentState/answers/businessName`. */
  path: string;
  message: LocalizedText;
}

/** Every 4xx/5xx answer of the API has this body. */
export interface ApiErrorBody {
  error: {
    /** Stable machine-readable code, e.g. `invalid-document`. */
    code: string;
    message: LocalizedText;
    problems?: ApiProblem[];
  };
}

export type Role = 'applicant' | 'booth-staff' | 'front-office' | 'agency-reviewer' | 'inspector' | 'admin';

/** What the server tells the device about the signed-in account. */
export interface UserProfile {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** An agency reviewer's agency (OPD), from the account document, never from the device. */
  agencyId?: string;
  /** Booth staff's booth (e.g. `mps-01`), from the account document. */
  boothId?: string;
}

// --- Office history and public stages (sync-server/office/history.ts) ---

/** A stage an application entered, with the server's time: its statuses, and `registered` when it got its number. */
export interface TrackingStage {
  stage: ApplicationStatus | 'registered';
  at: string;
}

/** What happened in one history record: office actions by kind, and the events that are not actions. */
export type HistoryEventKind = 'accept' | 'return' | 'note' | 'recommend' | 'answer' | 'reroute'
  | 'personal-data-lookup' | 'file-download'
  /** The applicant's (or booth's) own moves, made by pushing the application. */
  | 'submit' | 'resubmit'
  /** A citizen claimed a booth's filing with the code on its receipt (the claimant is `applicantId`). */
  | 'claim';

/** One changed field of the application, with a short value when the value says something by itself (never answers or a NIK). */
export interface HistoryChange {
  field: string;
  value?: string;
}

/** One record of an application's history, as the office and the routed agencies read it. */
export interface HistoryEntry {
  applicationId: string;
  /** Unique within the application: the action's id, or the event's own key. */
  key: string;
  event: HistoryEventKind;
  /** Server time of the record. */
  at: string;
  actorId: string;
  actorRole: Role;
  actorName?: string;
  /** The agency the actor acted for (a reviewer). */
  agencyId?: string;
  /** The device (its local database's token) the event came from, when it said. */
  device?: string;
  /** The device's own time of the action (its clock may be off; `at` is the server's). */
  deviceAt?: string;
  actionId?: string;
  outcome?: 'applied' | 'refused';
  outcomeCode?: string;
  /** Why a refused action was refused, in both languages (digit runs masked as in every record). */
  outcomeReason?: LocalizedText;
  fromStatus?: ApplicationStatus;
  toStatus?: ApplicationStatus;
  changes: HistoryChange[];
  /** A note meant for the office only (never shown to the applicant). */
  internal?: boolean;
  /** A downloaded file's id. */
  fileId?: string;
}

/**
 * `GET /api/applications/:id/history`: the stages for everyone who may see the application; the
 * records (`events`) only for the office and the agencies it is routed to.
 */
export interface ApplicationHistoryResponse {
  applicationId: string;
  stages: TrackingStage[];
  events?: HistoryEntry[];
}
