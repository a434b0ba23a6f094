/**
 * The application document: one permit application, from first keystroke (a draft) onwards.
 *
 * This single literal is the JSON Schema the sync server validates every pushed document against
 * and the base of the device's RxDB schema (client/data/database.ts adds only local index fields).
 * Changes must be additive only, so that devices on an older app version keep syncing.
 */
export const ANSWER_KEY_PATTERN = '^[a-z][a-zA-Z0-9]{0,63}$';
export const DOCUMENT_ID_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9-]{7,63}$';
/** Longest answer text we accept; catalog fields usually set a tighter `maxLength`. */
export const MAX_ANSWER_LENGTH = 4000;
/** Longest part of an address (street, village, ...). */
export const MAX_ADDRESS_PART_LENGTH = 200;
/** Most items a repeated group (e.g. partners of a firm) may hold. */
export const MAX_GROUP_ITEMS = 50;
/** Provisional receipt numbers and claim codes: Crockford base32, no I, L, O or U to misread. */
export const PROVISIONAL_NUMBER_PATTERN = '^P-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$';
export const CLAIM_CODE_PATTERN = '^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$';
export const SHA256_PATTERN = '^[0-9a-f]{64}$';
/** Agency (OPD) ids, e.g. `dinas-pupr`: they appear in reader keys (`agency:<id>`) and in URLs. */
export const AGENCY_ID_PATTERN = '^[a-z0-9][a-z0-9-]{1,63}$';
/** Every status an application can be in, in the order of its life (common/workflow/transitions.ts moves it). */
export const APPLICATION_STATUSES = ['draft', 'submitted', 'returned', 'in-review', 'needs-information', 'reviewed'] as const;
/** Most routed agencies, stages and clock stops one application may carry (bounds for the server's validation). */
export const MAX_AGENCIES = 20;
export const MAX_STAGES = 200;
export const MAX_CLOCK_STOPS = 100;
/** Longest question an agency asks the applicant (office-action-schema.ts uses the same bound). */
export const MAX_QUESTION_LENGTH = 2000;

const isoTime = { type: 'string', minLength: 20, maxLength: 30 } as const;
const agencyIds = { type: 'array', maxItems: MAX_AGENCIES, items: { type: 'string', maxLength: 64, pattern: AGENCY_ID_PATTERN } } as const;

const scalarAnswer = { type: ['string', 'number', 'boolean', 'null'], maxLength: MAX_ANSWER_LENGTH } as const;

/** An address: named parts, each a short text (see common/catalog.ts ADDRESS_PARTS). */
const addressValue = {
  type: 'object',
  additionalProperties: false,
  maxProperties: 12,
  patternProperties: { [ANSWER_KEY_PATTERN]: { type: 'string', maxLength: MAX_ADDRESS_PART_LENGTH } },
} as const;

export const applicationSchema = {
  title: 'application',
  description: 'A permit application; a draft until it is submitted',
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 64, pattern: DOCUMENT_ID_PATTERN },
    /** The account that filed the application (the applicant, or the booth staff for a walk-in citizen). */
    ownerId: { type: 'string', minLength: 1, maxLength: 64 },
    permitTypeId: { type: 'string', minLength: 1, maxLength: 64 },
    /** The catalog version the draft was started under, so an old draft still opens. */
    catalogVersion: { type: 'integer', minimum: 1, maximum: 1000000 },
    /** common/workflow.ts says who may move an application from which status to which. */
    status: { type: 'string', enum: APPLICATION_STATUSES, maxLength: 20 },
    answers: {
      type: 'object',
      additionalProperties: false,
      patternProperties: {
        // One JSON Schema node for every field kind: a scalar, an address (an object of short
        // texts) or a repeated group (an array of objects of scalars). Nesting stops there.
        [ANSWER_KEY_PATTERN]: {
          type: ['string', 'number', 'boolean', 'null', 'object', 'array'],
          maxLength: MAX_ANSWER_LENGTH,
          maxProperties: addressValue.maxProperties,
          additionalProperties: false,
          patternProperties: addressValue.patternProperties,
          maxItems: MAX_GROUP_ITEMS,
          items: {
            type: 'object',
            additionalProperties: false,
            maxProperties: 40,
            patternProperties: { [ANSWER_KEY_PATTERN]: scalarAnswer },
          },
        },
      },
    },
    /** ISO time of creation on the device. */
    createdAt: { type: 'string', minLength: 20, maxLength: 30 },
    /** Milliseconds since the epoch of the last change on the device. */
    updatedAt: { type: 'integer', minimum: 0, maximum: 10000000000000, multipleOf: 1 },

    // --- since version 1 ---
    /** New permit, or a change / renewal / re-registration of an existing one (absent: new). */
    kind: { type: 'string', enum: ['new', 'change', 'renewal', 're-registration'], maxLength: 20 },
    /** The permit a change, renewal or re-registration is about. */
    previousPermitNumber: { type: 'string', maxLength: 64 },
    /** Applications filed together as one bundle (e.g. SIUP with TDP) share this id. */
    bundleId: { type: 'string', maxLength: 64, pattern: DOCUMENT_ID_PATTERN },
    /** Device time of the (last) submission. */
    submittedAt: { type: 'string', minLength: 20, maxLength: 30 },
    /** Given by the device at submission, online or not; printed on the receipt. */
    provisionalNumber: { type: 'string', maxLength: 16, pattern: PROVISIONAL_NUMBER_PATTERN },
    /** Set by the server only: the official registration number. */
    registrationNumber: { type: 'string', maxLength: 64 },
    /** Set by the server only. */
    registeredAt: { type: 'string', maxLength: 30 },
    /** Set by the server only, when the office returns the application for correction. */
    returnedAt: { type: 'string', maxLength: 30 },
    /** Set by the server only: why the office returned it, optionally naming a field. */
    returnReasons: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['text'],
        properties: {
          fieldId: { type: 'string', maxLength: 64 },
          text: { type: 'string', minLength: 1, maxLength: 2000 },
        },
      },
    },
    /** Booth filings: the walk-in citizen the application is for. */
    citizen: {
      type: 'object',
      additionalProperties: false,
      properties: {
        nik: { type: 'string', maxLength: 32 },
        name: { type: 'string', maxLength: 200 },
        phone: { type: 'string', maxLength: 32 },
        address: addressValue,
      },
    },
    /** Booth filings: when the citizen agreed that staff file and keep their data. */
    consentAt: { type: 'string', maxLength: 30 },
    /** Booth filings: the code with which the citizen claims the application into their own account. */
    claimCode: { type: 'string', maxLength: 16, pattern: CLAIM_CODE_PATTERN },
    /** Set by the server only: the citizen's account after a claim; it may then read and correct it. */
    applicantId: { type: 'string', maxLength: 64 },
    /** Uploaded requirement documents, by requirement id; the bytes travel separately (uploads). */
    documents: {
      type: 'object',
      additionalProperties: false,
      patternProperties: {
        [ANSWER_KEY_PATTERN]: {
          type: 'object',
          additionalProperties: false,
          required: ['fileId', 'fileName', 'mimeType', 'size', 'sha256'],
          properties: {
            fileId: { type: 'string', maxLength: 64, pattern: DOCUMENT_ID_PATTERN },
            fileName: { type: 'string', minLength: 1, maxLength: 200 },
            mimeType: { type: 'string', maxLength: 100 },
            size: { type: 'integer', minimum: 1, maximum: 100000000 },
            sha256: { type: 'string', maxLength: 64, pattern: SHA256_PATTERN },
          },
        },
      },
    },

    // --- since version 2: the office's part, every field set by the server only ---
    /** When the front office accepted the submission (server time). */
    acceptedAt: isoTime,
    /** The agencies (OPD) that review it, from the permit type's `reviewAgencyIds` at acceptance (or a reroute). */
    routedAgencies: agencyIds,
    /** The routed agencies that gave their recommendation this round. */
    recommendedAgencies: agencyIds,
    /** When the last routed agency recommended ("ready for the next stage"). */
    reviewedAt: isoTime,
    /** The question an agency asked the applicant; present only while `needs-information`. */
    openQuestion: {
      type: 'object',
      additionalProperties: false,
      required: ['actionId', 'agencyId', 'text', 'askedAt'],
      properties: {
        actionId: { type: 'string', maxLength: 64, pattern: DOCUMENT_ID_PATTERN },
        agencyId: { type: 'string', maxLength: 64, pattern: AGENCY_ID_PATTERN },
        text: { type: 'string', minLength: 1, maxLength: MAX_QUESTION_LENGTH },
        askedAt: isoTime,
      },
    },
    /** Every status the application entered, in order, with the server's time: tracking and the stage list read it. */
    stages: {
      type: 'array',
      maxItems: MAX_STAGES,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['stage', 'at'],
        properties: {
          stage: { type: 'string', enum: APPLICATION_STATUSES, maxLength: 20 },
          at: isoTime,
        },
      },
    },
    /** Pauses of the service-level clock: while the office waits for the applicant (returned, needs-information). */
    clockStops: {
      type: 'array',
      maxItems: MAX_CLOCK_STOPS,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['from'],
        properties: { from: isoTime, to: isoTime },
      },
    },
  },
  required: ['id', 'ownerId', 'permitTypeId', 'catalogVersion', 'status', 'answers', 'createdAt', 'updatedAt'],
  additionalProperties: false,
  indexes: ['updatedAt'],
} as const;

export type ScalarAnswer = string | number | boolean | null;
/** An address answer: see ADDRESS_PARTS in common/catalog.ts. */
export type AddressAnswer = Record<string, string>;
/** One item of a repeated group: sub-field id → answer. */
export type GroupItem = Record<string, ScalarAnswer>;
export type AnswerValue = ScalarAnswer | AddressAnswer | GroupItem[];

export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export type ApplicationKind = 'new' | 'change' | 'renewal' | 're-registration';

export interface ReturnReason {
  fieldId?: string;
  text: string;
}

export interface OpenQuestion {
  /** The `recommend` action (recommendation `needs-information`) that asked it. */
  actionId: string;
  agencyId: string;
  text: string;
  askedAt: string;
}

export interface StageEntry {
  stage: ApplicationStatus;
  /** Server time (ISO) at which the application entered the stage. */
  at: string;
}

/** A pause of the service-level clock; `to` is absent while it is still stopped. */
export interface ClockStop {
  from: string;
  to?: string;
}

export interface CitizenIdentity {
  nik?: string;
  name?: string;
  phone?: string;
  address?: AddressAnswer;
}

export interface DocumentRef {
  fileId: string;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
}

/** The document as the device keeps it and as it travels on the wire (plus `_deleted`). */
export interface ApplicationDoc {
  id: string;
  ownerId: string;
  permitTypeId: string;
  catalogVersion: number;
  status: ApplicationStatus;
  answers: Record<string, AnswerValue>;
  createdAt: string;
  updatedAt: number;
  kind?: ApplicationKind;
  previousPermitNumber?: string;
  bundleId?: string;
  submittedAt?: string;
  provisionalNumber?: string;
  registrationNumber?: string;
  registeredAt?: string;
  returnedAt?: string;
  returnReasons?: ReturnReason[];
  citizen?: CitizenIdentity;
  consentAt?: string;
  claimCode?: string;
  applicantId?: string;
  documents?: Record<string, DocumentRef>;
  acceptedAt?: string;
  routedAgencies?: string[];
  recommendedAgencies?: string[];
  reviewedAt?: string;
  openQuestion?: OpenQuestion;
  stages?: StageEntry[];
  clockStops?: ClockStop[];
}

export type ApplicationWireDoc = ApplicationDoc & { _deleted: boolean };

/** Fields only the server sets; whatever a device sends for them is replaced by the stored value. */
export const SERVER_OWNED_FIELDS = [
  'registrationNumber', 'registeredAt', 'returnedAt', 'returnReasons', 'applicantId',
  'acceptedAt', 'routedAgencies', 'recommendedAgencies', 'reviewedAt', 'openQuestion', 'stages', 'clockStops',
] as const;

/** Every optional field of the document, in a fixed order (used to copy and compare documents). */
export const OPTIONAL_FIELDS = [
  'kind', 'previousPermitNumber', 'bundleId', 'submittedAt', 'provisionalNumber', 'registrationNumber', 'registeredAt',
  'returnedAt', 'returnReasons', 'citizen', 'consentAt', 'claimCode', 'applicantId', 'documents',
  'acceptedAt', 'routedAgencies', 'recommendedAgencies', 'reviewedAt', 'openQuestion', 'stages', 'clockStops',
] as const satisfies readonly (keyof ApplicationDoc)[];
