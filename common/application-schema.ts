/**
 * The application document: one permit application, from first keystroke (a draft) onwards.
 *
 * This single literal is the RxDB schema in the browser AND the JSON Schema the sync server
 * validates every pushed document against (house style: "the server imports the same literal").
 * Changes must be additive only, so that devices on an older app version keep syncing.
 */
export const ANSWER_KEY_PATTERN = '^[a-z][a-zA-Z0-9]{0,63}$';
export const DOCUMENT_ID_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9-]{7,63}$';
/** Longest answer text we accept; catalog fields usually set a tighter `maxLength`. */
export const MAX_ANSWER_LENGTH = 4000;

export const applicationSchema = {
  title: 'application',
  description: 'A permit application; a draft until it is submitted',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 64, pattern: DOCUMENT_ID_PATTERN },
    /** The account that owns the application; the server checks it against the session. */
    ownerId: { type: 'string', minLength: 1, maxLength: 64 },
    permitTypeId: { type: 'string', minLength: 1, maxLength: 64 },
    /** The catalog version the draft was started under, so an old draft still opens. */
    catalogVersion: { type: 'integer', minimum: 1, maximum: 1000000 },
    status: { type: 'string', enum: ['draft'], maxLength: 20 },
    answers: {
      type: 'object',
      additionalProperties: false,
      patternProperties: {
        [ANSWER_KEY_PATTERN]: {
          type: ['string', 'number', 'boolean', 'null'],
          maxLength: MAX_ANSWER_LENGTH,
        },
      },
    },
    /** ISO time of creation on the device. */
    createdAt: { type: 'string', minLength: 20, maxLength: 30 },
    /** Milliseconds since the epoch of the last change on the device; indexed for "last changed" lists. */
    updatedAt: { type: 'integer', minimum: 0, maximum: 10000000000000, multipleOf: 1 },
  },
  required: ['id', 'ownerId', 'permitTypeId', 'catalogVersion', 'status', 'answers', 'createdAt', 'updatedAt'],
  additionalProperties: false,
  indexes: ['updatedAt'],
} as const;

export type AnswerValue = string | number | boolean | null;

/** The document as the device keeps it and as it travels on the wire (plus `_deleted`). */
export interface ApplicationDoc {
  id: string;
  ownerId: string;
  permitTypeId: string;
  catalogVersion: number;
  status: 'draft';
  answers: Record<string, AnswerValue>;
  createdAt: string;
  updatedAt: number;
}

export type ApplicationWireDoc = ApplicationDoc & { _deleted: boolean };
