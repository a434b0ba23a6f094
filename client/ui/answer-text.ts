/**
 * An answer written out for reading (the answers summary, the refused-changes list): kept apart
 * from any element so that the header's list does not load the intake screens.
 */
import type { AnswerValue } from '../../common/application-schema.js';
import { dateInWords, formatNumber, parseNumber } from '../../common/answer-validation.js';
import { ADDRESS_PARTS, type FieldDefinition } from '../../common/catalog.js';
import { language$, pick, t } from '../i18n/localize.js';

/**
 * One answer as a person reads it: option labels, Ya/Tidak, addresses and groups written out, dates
 * in words ("17 Agustus 2018"), numbers as the form read them ("Rp 250.000.000").
 */
export function answerText(field: FieldDefinition, value: AnswerValue | undefined): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'boolean') return value ? t('form.yes') : t('form.no');
  if (Array.isArray(value)) {
    return value.map((item, index) => `${field.itemLabel ? pick(field.itemLabel) : ''} ${index + 1}: ${(field.fields ?? [])
      .map((sub) => answerText(sub, item[sub.id])).join(', ')}`).join('; ');
  }
  if (typeof value === 'object') return ADDRESS_PARTS.map((part) => value[part.id]).filter((part) => part && part.trim()).join(', ');
  const option = field.options?.find((candidate) => candidate.value === value);
  if (option) return pick(option.label);
  if (field.kind === 'date') return dateInWords(String(value).trim(), language$.value) ?? String(value);
  const n = field.kind === 'number' ? parseNumber(value) : null;
  return n === null ? String(value) : formatNumber(n, language$.value, field.currency);
}
