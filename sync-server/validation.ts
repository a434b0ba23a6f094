/**
 * Structural validation of what devices send, with the same schema literal the devices' RxDB uses.
 * Catalog-aware checks of the answers (common/answer-validation.ts) run after this passes.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { ANSWER_KEY_PATTERN, applicationSchema } from '../common/application-schema.js';
import { ADDRESS_PARTS } from '../common/catalog.js';
import { catalogSchema } from '../common/catalog-schema.js';
import type { ApiProblem } from '../common/sync-protocol.js';
import { MAX_BATCH_SIZE } from '../common/sync-protocol.js';

// RxDB-only keywords are not JSON Schema; everything else is used as it is.
const { primaryKey, version, indexes, ...jsonSchemaPart } = applicationSchema;

/**
 * Names that are Object.prototype's machinery (`constructor`, `toString`, `__proto__`, ...) plus
 * `prototype`. An object keyed by one of them cannot be kept as sent: code reading `answers[id]` or
 * `address[part]` would find the inherited function where no answer was given.
 */
export const PROTOTYPE_NAMES: readonly string[] = [...new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype'])];
const notPrototypeName = { not: { enum: PROTOTYPE_NAMES } };

/**
 * Most answers a document can carry: a permit type has at most 200 fields (catalog-schema.ts), so
 * more keys are never valid. Checked before anything is looked at key by key, so a draft with
 * 400,000 keys is refused with one problem, not one per key.
 */
export const MAX_ANSWERS = catalogSchema.properties.permitTypes.items.properties.fields.maxItems;
/** A permit type asks for at most as many documents as catalog-schema.ts allows requirements. */
const MAX_DOCUMENTS = catalogSchema.properties.permitTypes.items.properties.requirements.maxItems;

const answerNode = jsonSchemaPart.properties.answers.patternProperties[ANSWER_KEY_PATTERN];
const addressPartNames = ADDRESS_PARTS.map((part) => part.id);

/*
 * The server's wire schema adds rules to the shared literal that only the server needs (the
 * literal is also the devices' RxDB schema, where a change needs a schema version). They refuse
 * what the literal would let through but the server cannot keep as sent.
 */
export const wireDocumentSchema = {
  ...jsonSchemaPart,
  properties: {
    ...jsonSchemaPart.properties,
    answers: {
      ...jsonSchemaPart.properties.answers,
      maxProperties: MAX_ANSWERS,
      propertyNames: notPrototypeName,
      patternProperties: {
        [ANSWER_KEY_PATTERN]: {
          ...answerNode,
          // An address's parts and a group item's sub-fields are keys too.
          propertyNames: notPrototypeName,
          items: { ...answerNode.items, propertyNames: notPrototypeName },
        },
      },
    },
    citizen: {
      ...jsonSchemaPart.properties.citizen,
      properties: {
        ...jsonSchemaPart.properties.citizen.properties,
        // Only the parts an Indonesian address has (common/catalog.ts), even in a draft: the form
        // has no input for any other, so such a part could never be seen or corrected.
        address: { ...jsonSchemaPart.properties.citizen.properties.address, propertyNames: { enum: addressPartNames } },
      },
    },
    documents: { ...jsonSchemaPart.properties.documents, maxProperties: MAX_DOCUMENTS, propertyNames: notPrototypeName },
    _deleted: { type: 'boolean' },
  },
  required: [...jsonSchemaPart.required, '_deleted'],
};

const pushRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rows'],
  properties: {
    rows: {
      type: 'array',
      minItems: 1,
      maxItems: MAX_BATCH_SIZE,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['newDocumentState'],
        properties: { assumedMasterState: wireDocumentSchema, newDocumentState: wireDocumentSchema },
      },
    },
  },
};

const loginRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['username', 'password'],
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64 },
    password: { type: 'string', minLength: 1, maxLength: 256 },
  },
};

// strict: false because the shared schema carries `maxLength` on a union type for RxDB's sake.
// Two compilations of each schema: the first stops at the first problem (cheap whatever the body
// holds, and all a valid body ever needs); the second lists every problem, for bodies small enough.
const quick = new Ajv({ allErrors: false, strict: false });
const thorough = new Ajv({ allErrors: true, strict: false });
const compileBoth = (schema: object): { quick: ValidateFunction; thorough: ValidateFunction } =>
  ({ quick: quick.compile(schema), thorough: thorough.compile(schema) });
const checkPush = compileBoth(pushRequestSchema);
const checkLogin = compileBoth(loginRequestSchema);
const checkCatalog = compileBoth(catalogSchema);

/** At most this many problems are listed in one answer, the last one saying how many more there are. */
export const MAX_LISTED_PROBLEMS = 50;

/**
 * Bodies with more JSON values than this get only their first problem. Listing them all is as
 * costly as the body is large (ajv with allErrors makes one error per bad key: 400,000 for a draft
 * with 400,000 unknown keys); a batch of 1,000 ordinary drafts stays well under it.
 */
const LIST_ALL_BUDGET = 60_000;

/** Whether `value` has at most `budget` JSON values (objects, arrays and scalars), counted without recursion. */
function withinBudget(value: unknown, budget: number): boolean {
  const stack: unknown[] = [value];
  let count = 0;
  while (stack.length > 0) {
    const next = stack.pop();
    if (++count > budget) return false;
    if (typeof next === 'object' && next !== null) {
      for (const child of Array.isArray(next) ? next : Object.values(next)) stack.push(child);
    }
  }
  return true;
}

/**
 * The first problems and, when there are more, one last line counting the rest, in both
 * languages: an answer's size never grows with what is wrong in the request.
 */
export function capProblems(problems: ApiProblem[], total = problems.length, max = MAX_LISTED_PROBLEMS): ApiProblem[] {
  if (total <= max) return problems;
  const rest = total - (max - 1);
  return [...problems.slice(0, max - 1), {
    path: '/',
    message: { id: `dan ${rest} masalah lain`, en: `and ${rest} more problem${rest === 1 ? '' : 's'}` },
  }];
}

function check(validators: { quick: ValidateFunction; thorough: ValidateFunction }, body: unknown): ApiProblem[] {
  if (validators.quick(body)) return [];
  // Over a size limit (too many answers, rows, items): that is the problem to fix, and walking
  // the body to list more would cost as much as the body is large.
  const oversized = validators.quick.errors?.some((error) => error.keyword === 'maxProperties' || error.keyword === 'maxItems');
  if (oversized || !withinBudget(body, LIST_ALL_BUDGET)) {
    return [...toProblems(validators.quick.errors), {
      path: '/',
      message: { id: 'data terlalu besar untuk mendaftar semua masalahnya; perbaiki yang ini dulu',
        en: 'the body is too large to list all its problems; fix this one first' },
    }];
  }
  validators.thorough(body);
  const errors = validators.thorough.errors ?? [];
  // Only the listed ones are described; the rest are only counted.
  const listed = toProblems(errors.slice(0, MAX_LISTED_PROBLEMS));
  return capProblems(listed, errors.length);
}

const INDONESIAN: Record<string, (error: ErrorObject) => string> = {
  required: (e) => `wajib ada: ${String(e.params.missingProperty)}`,
  additionalProperties: (e) => `isian tidak dikenal: ${String(e.params.additionalProperty)}`,
  maxLength: (e) => `terlalu panjang (paling banyak ${String(e.params.limit)} karakter)`,
  minLength: (e) => `terlalu pendek (paling sedikit ${String(e.params.limit)} karakter)`,
  maxItems: (e) => `terlalu banyak (paling banyak ${String(e.params.limit)})`,
  minItems: (e) => `terlalu sedikit (paling sedikit ${String(e.params.limit)})`,
  type: (e) => `tipe data salah (seharusnya ${String(e.params.type)})`,
  pattern: () => 'format tidak sesuai',
  propertyNames: (e) => `nama isian tidak diizinkan: ${String(e.params.propertyName)}`,
  not: (e) => `nama isian tidak diizinkan: ${String(e.propertyName)}`,
  enum: (e) => (e.propertyName === undefined ? 'nilai tidak diizinkan'
    : `nama "${e.propertyName}" tidak dikenal di sini (yang dikenal: ${allowedOf(e)})`),
  maxProperties: (e) => `terlalu banyak isian (paling banyak ${String(e.params.limit)})`,
  const: () => 'nilai tidak diizinkan',
  uniqueItems: () => 'ada nilai yang berulang',
  minimum: (e) => `terlalu kecil (paling sedikit ${String(e.params.limit)})`,
  maximum: (e) => `terlalu besar (paling banyak ${String(e.params.limit)})`,
  if: () => 'isian pendamping wajib ada untuk jenis ini',
};

/** ajv's own English is clear enough except where it describes schema logic instead of the data. */
const ENGLISH_OVERRIDES: Record<string, (error: ErrorObject) => string> = {
  not: (e) => `"${String(e.propertyName)}" is not allowed as a name here`,
  enum: (e) => (e.propertyName === undefined ? 'must be one of the allowed values'
    : `"${e.propertyName}" is not a known name here (known: ${allowedOf(e)})`),
  maxProperties: (e) => `too many entries (at most ${String(e.params.limit)})`,
  propertyNames: (e) => `a name that is not allowed: ${String(e.params.propertyName)}`,
};

const allowedOf = (error: ErrorObject): string => ((error.params.allowedValues ?? []) as unknown[]).map(String).join(', ');

function toProblems(errors: ErrorObject[] | null | undefined): ApiProblem[] {
  return (errors ?? []).map((error) => {
    // Name the offending key itself, not only the object that holds it.
    const key = error.keyword === 'additionalProperties' ? error.params.additionalProperty : error.propertyName;
    const extra = key === undefined ? '' : `/${String(key)}`;
    const translate = INDONESIAN[error.keyword];
    return {
      path: `${error.instancePath}${extra}` || '/',
      message: {
        id: translate ? translate(error) : `tidak sesuai aturan "${error.keyword}"`,
        en: ENGLISH_OVERRIDES[error.keyword]?.(error) ?? error.message ?? error.keyword,
      },
    };
  });
}

export function pushRequestProblems(body: unknown): ApiProblem[] {
  return check(checkPush, body);
}

export function catalogProblems(body: unknown): ApiProblem[] {
  return check(checkCatalog, body);
}

export function loginRequestProblems(body: unknown): ApiProblem[] {
  return check(checkLogin, body);
}

/**
 * A checker for another route's body schema (the admin API's), answering in the same problems as
 * the sync routes: Indonesian and English, each naming its path.
 */
export function schemaChecker(schema: object): (body: unknown) => ApiProblem[] {
  const validators = compileBoth(schema);
  return (body) => check(validators, body);
}
