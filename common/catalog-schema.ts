/**
 * The JSON Schema a permit catalog must satisfy before an administrator can publish it. The sync
 * server checks every published version with it (the device trusts what the server publishes), so
 * a typo in the catalog cannot produce forms the renderer or the validation do not understand.
 */
import { ANSWER_KEY_PATTERN, MAX_ANSWER_LENGTH, MAX_GROUP_ITEMS } from './application-schema.js';
import { AGENCY_ID_PATTERN, MAX_REVIEW_AGENCIES } from './catalog.js';

const localizedText = (maxLength: number) => ({
  type: 'object',
  additionalProperties: false,
  required: ['id', 'en'],
  properties: { id: { type: 'string', minLength: 1, maxLength }, en: { type: 'string', minLength: 1, maxLength } },
});

const SCALAR_KINDS = ['text', 'textarea', 'number', 'date', 'choice', 'phone', 'nik', 'email', 'yesno', 'gps', 'kbli', 'npwp'];

const ISO_DATE = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$';

const fieldProperties = (kinds: string[]) => ({
  id: { type: 'string', pattern: ANSWER_KEY_PATTERN },
  kind: { enum: kinds },
  label: localizedText(300),
  example: localizedText(300),
  required: { type: 'boolean' },
  maxLength: { type: 'integer', minimum: 1, maximum: MAX_ANSWER_LENGTH },
  min: { type: 'number' },
  max: { type: 'number' },
  currency: { const: 'IDR' },
  // "today" only as the upper bound (common/catalog.ts DateBound says why).
  minDate: { type: 'string', pattern: ISO_DATE },
  maxDate: { type: 'string', pattern: `^today$|${ISO_DATE}` },
  options: {
    type: 'array',
    minItems: 1,
    maxItems: 200,
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['value', 'label'],
      properties: { value: { type: 'string', minLength: 1, maxLength: 100 }, label: localizedText(200) },
    },
  },
});

const scalarField = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'label', 'example', 'required'],
  properties: fieldProperties(SCALAR_KINDS),
};

const field = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'label', 'example', 'required'],
  properties: {
    ...fieldProperties([...SCALAR_KINDS, 'address', 'group']),
    visibleWhen: {
      type: 'object',
      additionalProperties: false,
      required: ['fieldId', 'equals'],
      properties: { fieldId: { type: 'string', pattern: ANSWER_KEY_PATTERN }, equals: { type: ['string', 'boolean'] } },
    },
    fields: { type: 'array', minItems: 1, maxItems: 40, items: scalarField },
    minItems: { type: 'integer', minimum: 0, maximum: MAX_GROUP_ITEMS },
    maxItems: { type: 'integer', minimum: 1, maximum: MAX_GROUP_ITEMS },
    itemLabel: localizedText(100),
    // Only top-level fields: the citizen block fills one answer, not a group item.
    fromCitizen: { enum: ['nik', 'name', 'phone'] },
  },
  // A choice needs options; a group needs sub-fields and a name for its items.
  allOf: [
    { if: { properties: { kind: { const: 'choice' } } }, then: { required: ['options'] } },
    { if: { properties: { kind: { const: 'group' } } }, then: { required: ['fields', 'itemLabel'] } },
  ],
};

const requirement = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'required', 'accepts', 'maxSizeKb'],
  properties: {
    id: { type: 'string', pattern: ANSWER_KEY_PATTERN },
    name: localizedText(300),
    required: { type: 'boolean' },
    // Only kinds the server can recognise by their first bytes (sync-server/uploads).
    accepts: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] } },
    maxSizeKb: { type: 'integer', minimum: 10, maximum: 20480 },
  },
};

export const catalogSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'permitTypes'],
  properties: {
    version: { type: 'integer', minimum: 1, maximum: 1000000 },
    permitTypes: {
      type: 'array',
      minItems: 1,
      maxItems: 500,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'code', 'name', 'description', 'reviewingAgency', 'needsInspection', 'hasFee', 'slaWorkingDays', 'fields', 'requirements'],
        properties: {
          id: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,63}$' },
          code: { type: 'string', pattern: '^[A-Z0-9]{1,10}$' },
          name: localizedText(300),
          description: localizedText(2000),
          reviewingAgency: localizedText(300),
          // Optional: versions published before agencies were data have none (catalog-service checks new ones).
          reviewAgencyIds: {
            type: 'array', minItems: 1, maxItems: MAX_REVIEW_AGENCIES, uniqueItems: true,
            items: { type: 'string', pattern: AGENCY_ID_PATTERN },
          },
          needsInspection: { type: 'boolean' },
          hasFee: { type: 'boolean' },
          slaWorkingDays: { type: 'integer', minimum: 1, maximum: 365 },
          fields: { type: 'array', minItems: 1, maxItems: 200, items: field },
          requirements: { type: 'array', maxItems: 100, items: requirement },
        },
      },
    },
  },
} as const;
