/**
 * Structural validation of what devices send, with the same schema literal the devices' RxDB uses.
 * Catalog-aware checks of the answers (common/answer-validation.ts) run after this passes.
 */
import { Ajv, type ErrorObject } from 'ajv';
import { applicationSchema } from '../common/application-schema.js';
import { catalogSchema } from '../common/catalog-schema.js';
import type { ApiProblem } from '../common/sync-protocol.js';
import { MAX_BATCH_SIZE } from '../common/sync-protocol.js';

// RxDB-only keywords are not JSON Schema; everything else is used as it is.
const { primaryKey, version, indexes, ...jsonSchemaPart } = applicationSchema;

export const wireDocumentSchema = {
  ...jsonSchemaPart,
  properties: {
    ...jsonSchemaPart.properties,
    // Keys that name Object.prototype's machinery are never answers, whatever the pattern allows.
    answers: { ...jsonSchemaPart.properties.answers, propertyNames: { not: { enum: ['__proto__', 'constructor', 'prototype'] } } },
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
const ajv = new Ajv({ allErrors: true, strict: false });
const checkPush = ajv.compile(pushRequestSchema);
const checkLogin = ajv.compile(loginRequestSchema);
const checkCatalog = ajv.compile(catalogSchema);

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
  enum: () => 'nilai tidak diizinkan',
  const: () => 'nilai tidak diizinkan',
  uniqueItems: () => 'ada nilai yang berulang',
  minimum: (e) => `terlalu kecil (paling sedikit ${String(e.params.limit)})`,
  maximum: (e) => `terlalu besar (paling banyak ${String(e.params.limit)})`,
  if: () => 'isian pendamping wajib ada untuk jenis ini',
};

/** ajv's own English is clear enough except where it describes schema logic instead of the data. */
const ENGLISH_OVERRIDES: Record<string, (error: ErrorObject) => string> = {
  not: (e) => `"${String(e.propertyName)}" is not allowed as an answer name`,
  propertyNames: (e) => `an answer has a name that is not allowed: ${String(e.params.propertyName)}`,
};

function toProblems(errors: ErrorObject[] | null | undefined): ApiProblem[] {
  return (errors ?? []).slice(0, 50).map((error) => {
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
  return checkPush(body) ? [] : toProblems(checkPush.errors);
}

export function catalogProblems(body: unknown): ApiProblem[] {
  return checkCatalog(body) ? [] : toProblems(checkCatalog.errors);
}

export function loginRequestProblems(body: unknown): ApiProblem[] {
  return checkLogin(body) ? [] : toProblems(checkLogin.errors);
}
