import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AnswerValue, CitizenIdentity } from '../../../common/application-schema.js';
import { citizenFields } from '../../../common/workflow.js';
import { locale, LocaleController, t } from '../../i18n/localize.js';
import type { AnswerInputDetail } from './ptsp-form-field.js';
import { sharedStyles } from '../../ui/shared-styles.js';
import './ptsp-form-field.js';

export interface CitizenInputDetail {
  part: keyof CitizenIdentity;
  value: AnswerValue;
}

const FIELDS = citizenFields();

/**
 * Booth filings: the walk-in citizen's identity (checked like any field: a NIK is a NIK) and their
 * consent that staff fill in and keep their data.
 * @fires citizen-input - detail: CitizenInputDetail, on every change
 * @fires consent-change - detail: boolean
 */
@customElement('ptsp-citizen-section')
export class PtspCitizenSection extends LitElement {
  static override styles = [sharedStyles, css`
    fieldset { border: 1px solid #c5ccd3; border-radius: 8px; padding: 12px; display: grid; gap: 14px; }
    legend { font-weight: 700; padding: 0 6px; }
    label.consent { display: flex; gap: 10px; align-items: flex-start; }
    label.consent input { width: 24px; min-height: 24px; flex: none; }
    .muted { color: #52606d; font-size: 0.85rem; }
  `];

  @property({ attribute: false }) citizen: CitizenIdentity | undefined;
  @property({ attribute: false }) consentAt: string | undefined;
  @property({ type: Boolean }) locked = false;
  /** After a submit attempt that found problems: each field shows what is wrong with it. */
  @property({ type: Boolean }) showErrors = false;
  private readonly locale = new LocaleController(this);

  override render() {
    const citizen = this.citizen ?? {};
    if (this.locked) {
      return html`<fieldset data-testid="citizen-section"><legend>${t('booth.citizenTitle')}</legend>
        <span data-testid="citizen-name">${citizen.name ?? ''}</span><span>${citizen.nik ?? ''}</span><span>${citizen.phone ?? ''}</span></fieldset>`;
    }
    return html`<fieldset data-testid="citizen-section" @answer-input=${this.onInput}>
      <legend>${t('booth.citizenTitle')}</legend>
      ${FIELDS.map((field) => html`<ptsp-form-field data-testid="citizen-${field.id}" .field=${field}
        .value=${citizen[field.id as keyof CitizenIdentity]} .showErrors=${this.showErrors}></ptsp-form-field>`)}
      <label class="consent">
        <input type="checkbox" data-testid="citizen-consent" .checked=${Boolean(this.consentAt)}
          @change=${(event: Event) => this.dispatchEvent(new CustomEvent<boolean>('consent-change', { detail: (event.target as HTMLInputElement).checked, bubbles: true, composed: true }))}>
        <span>${t('booth.consent')}${this.consentAt
          ? html`<br><span class="muted">${t('booth.consentRecorded', { time: new Date(this.consentAt).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' }) })}</span>` : ''}</span>
      </label>
    </fieldset>`;
  }

  private readonly onInput = (event: CustomEvent<AnswerInputDetail>): void => {
    // These are not answers of the permit form: the app saves them as the citizen's identity.
    event.stopPropagation();
    this.dispatchEvent(new CustomEvent<CitizenInputDetail>('citizen-input', {
      detail: { part: event.detail.fieldId as keyof CitizenIdentity, value: event.detail.value }, bubbles: true, composed: true,
    }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-citizen-section': PtspCitizenSection;
  }
}
