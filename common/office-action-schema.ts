/**
 * An office action: one thing a person did to an application (the front office accepts or returns
 * it, an agency writes a note or its recommendation, the applicant answers a question, the office
 * re-routes it). Actions are documents made on the device, offline too, with an id made there; the
 * server applies each exactly once through common/workflow/transitions.ts when it arrives, and
 * writes its outcome back. An action is never edited after it is made: the device makes a new one.
 *
 * Like application-schema.ts this single literal is both the device's RxDB schema (collection
 * `actions`) and the JSON Schema the sync server validates every pushed action against. Changes
 * must be additive only (older devices keep syncing).
 */
import {
  AGENCY_ID_PATTERN, APPLICATION_STATUSES, DOCUMENT_ID_PATTERN, MAX_AGENCIES, MAX_QUESTION_LENGTH,
  type ApplicationStatus, type ReturnReason,
} from './application-schema.js';
import type { LocalizedText } from './catalog.js';
import type { Role } from './sync-protocol.js';

export const OFFICE_ACTION_KINDS = ['accept', 'return', 'note', 'recommend', 'answer', 'reroute'] as const;
export type OfficeActionKind = (typeof OFFICE_ACTION_KINDS)[number];

export const RECOMMENDATIONS = ['approve', 'approve-with-conditions', 'reject', 'needs-information'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

/** Written here rather than imported so the schema stays one literal; checked against `Role` below. */
export const ROLES = ['applicant', 'booth-staff', 'front-office', 'agency-reviewer', 'inspector', 'admin'] as const;
// A compile error here means Role and ROLES drifted apart: both directions are checked.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rolesMatch: Same<(typeof ROLES)[number], Role> = true;
void rolesMatch;

export const ACTION_OUTCOMES = ['applied', 'refused'] as const;
export type ActionOutcome = (typeof ACTION_OUTCOMES)[number];

/** A requirement id or a field id, optionally under a group (`citizen/nik`). */
export const CHECK_ITEM_PATTERN = '^[a-zA-Z][a-zA-Z0-9-]{0,63}(/[a-zA-Z][a-zA-Z0-9-]{0,63})?$';
/** Stable refusal codes (`stale-action`, `not-your-agency`, ...): see common/workflow/transitions.ts. */
export const OUTCOME_CODE_PATTERN = '^[a-z][a-z0-9-]{0,63}$';
export const MAX_CHECKS = 200;
export const MAX_REASONS = 50;
export const MAX_REASON_LENGTH = 2000;
export const MAX_ACTION_TEXT_LENGTH = 4000;

const isoTime = { type: 'string', minLength: 20, maxLength: 30 } as const;
const documentId = { type: 'string', maxLength: 64, pattern: DOCUMENT_ID_PATTERN } as const;
const localized = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'en'],
  properties: { id: { type: 'string', maxLength: 2000 }, en: { type: 'string', maxLength: 2000 } },
} as const;

export const officeActionSchema = {
  title: 'office action',
  description: 'One step a person took on an application; applied by the server exactly once',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: documentId,
    applicationId: documentId,
    kind: { type: 'string', enum: OFFICE_ACTION_KINDS, maxLength: 20 },
    /** The account that made it (the server refuses an action whose actor is not the pushing account). */
    actorId: { type: 'string', minLength: 1, maxLength: 64 },
    /** ISO time on the device when the person acted (history shows it next to the server's time). */
    createdAt: isoTime,
    /** Milliseconds since the epoch of the last change (the device's or the server's outcome). */
    updatedAt: { type: 'integer', minimum: 0, maximum: 10000000000000, multipleOf: 1 },
    /** The application status the person saw when acting: another current status makes the action stale. */
    basedOnStatus: { type: 'string', enum: APPLICATION_STATUSES, maxLength: 20 },

    // --- per kind ---
    /** accept / return: the submission checked item by item against the permit type's requirement list. */
    checks: {
      type: 'array',
      maxItems: MAX_CHECKS,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['itemId', 'ok'],
        properties: {
          itemId: { type: 'string', maxLength: 129, pattern: CHECK_ITEM_PATTERN },
          ok: { type: 'boolean' },
          text: { type: 'string', maxLength: MAX_REASON_LENGTH },
        },
      },
    },
    /** return: why, optionally naming a field (they become the application's `returnReasons`). */
    reasons: {
      type: 'array',
      maxItems: MAX_REASONS,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['text'],
        properties: {
          fieldId: { type: 'string', maxLength: 64 },
          text: { type: 'string', minLength: 1, maxLength: MAX_REASON_LENGTH },
        },
      },
    },
    /** note: its body; answer: the applicant's answer to the open question. */
    text: { type: 'string', maxLength: MAX_ACTION_TEXT_LENGTH },
    /** note: true = for the office only, never sent to the applicant. */
    internal: { type: 'boolean' },
    recommendation: { type: 'string', enum: RECOMMENDATIONS, maxLength: 30 },
    /** recommend approve-with-conditions: the conditions. */
    conditions: { type: 'string', maxLength: MAX_ACTION_TEXT_LENGTH },
    /** recommend needs-information: the question the applicant sees. */
    question: { type: 'string', maxLength: MAX_QUESTION_LENGTH },
    /** reroute: the agencies that review it from now on. */
    agencies: { type: 'array', maxItems: MAX_AGENCIES, items: { type: 'string', maxLength: 64, pattern: AGENCY_ID_PATTERN } },

    // --- set by the server only ---
    /** The actor's agency, from the account document (never from the device). */
    agencyId: { type: 'string', maxLength: 64, pattern: AGENCY_ID_PATTERN },
    actorRole: { type: 'string', enum: ROLES, maxLength: 20 },
    outcome: { type: 'string', enum: ACTION_OUTCOMES, maxLength: 10 },
    outcomeCode: { type: 'string', maxLength: 64, pattern: OUTCOME_CODE_PATTERN },
    outcomeReason: localized,
    /** Server time at which it was applied or refused. */
    appliedAt: isoTime,
  },
  required: ['id', 'applicationId', 'kind', 'actorId', 'createdAt', 'updatedAt', 'basedOnStatus'],
  additionalProperties: false,
  // Dexie needs every indexed field required; "the actions of this application, in order" is the read.
  indexes: ['updatedAt', ['applicationId', 'updatedAt']],
} as const;

export interface ActionCheck {
  itemId: string;
  ok: boolean;
  text?: string;
}

/** The document as the device keeps it and as it travels on the wire. */
export interface OfficeActionDoc {
  id: string;
  applicationId: string;
  kind: OfficeActionKind;
  actorId: string;
  createdAt: string;
  updatedAt: number;
  basedOnStatus: ApplicationStatus;
  checks?: ActionCheck[];
  reasons?: ReturnReason[];
  text?: string;
  internal?: boolean;
  recommendation?: Recommendation;
  conditions?: string;
  question?: string;
  agencies?: string[];
  agencyId?: string;
  actorRole?: Role;
  outcome?: ActionOutcome;
  outcomeCode?: string;
  outcomeReason?: LocalizedText;
  appliedAt?: string;
}

/** Fields only the server sets; whatever a device sends for them is dropped. */
export const ACTION_SERVER_OWNED_FIELDS = [
  'agencyId', 'actorRole', 'outcome', 'outcomeCode', 'outcomeReason', 'appliedAt',
] as const satisfies readonly (keyof OfficeActionDoc)[];

/** What the device fills in, per kind (the rest of the kind-specific fields must be absent). */
export const ACTION_FIELDS_BY_KIND: Record<OfficeActionKind, readonly (keyof OfficeActionDoc)[]> = {
  accept: ['checks'],
  return: ['checks', 'reasons'],
  note: ['text', 'internal'],
  recommend: ['recommendation', 'conditions', 'question', 'text'],
  answer: ['text'],
  reroute: ['agencies', 'text'],
};
