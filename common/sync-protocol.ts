/**
 * The wire format between the device's replication and the sync server. Both sides import these
 * types, so a change here is a change of protocol: additive only.
 */
import type { ApplicationWireDoc } from './application-schema.js';
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

/** Upper bound of documents in one pull answer and one push request. */
export const MAX_BATCH_SIZE = 1000;

export interface PullResponse {
  documents: ApplicationWireDoc[];
  /** Opaque to the client: stored by RxDB and sent back as it is. */
  checkpoint: string | null;
}

export interface PushRow {
  assumedMasterState?: ApplicationWireDoc;
  newDocumentState: ApplicationWireDoc;
}

export interface PushRequest {
  rows: PushRow[];
}

export interface PushResponse {
  /** The server's current state of every document whose assumed state was out of date. */
  conflicts: ApplicationWireDoc[];
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
}
