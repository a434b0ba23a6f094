import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AnswerValue } from '../../../common/application-schema.js';
import { dateInWords, formatNumber, isVisible, parseNumber } from '../../../common/answer-validation.js';
import { ADDRESS_PARTS, type FieldDefinition, type PermitType } from '../../../common/catalog.js';
import { language$, LocaleController, pick, t } from '../../i18n/localize.js';
import { sharedStyles } from '../../ui/shared-styles.js';

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

/** The answers of a submitted application, read-only: it is locked until the office returns it. */
@customElement('ptsp-answers-summary')
export class PtspAnswersSummary extends LitElement {
  static override styles = [sharedStyles, css`
    dl { display: grid; grid-template-columns: minmax(120px, 40%) 1fr; gap: 6px 12px; }
    dt { color: #52606d; }
    dd { margin: 0; overflow-wrap: anywhere; }
  `];

  @property({ attribute: false }) permitType: PermitType | undefined;
  @property({ attribute: false }) answers: Record<string, AnswerValue> = {};
  private readonly locale = new LocaleController(this);

  override render() {
    const fields = this.permitType?.fields.filter((field) => isVisible(field, this.answers)) ?? [];
    return html`<dl data-testid="answers-summary">${fields.map((field) => html`
      <dt>${pick(field.label)}</dt><dd data-field=${field.id}>${answerText(field, this.answers[field.id])}</dd>`)}</dl>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-answers-summary': PtspAnswersSummary;
  }
}
