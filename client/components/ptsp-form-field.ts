import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { MAX_ANSWER_LENGTH, type AnswerValue } from '../../common/application-schema.js';
import { validateAnswer } from '../../common/answer-validation.js';
import type { FieldDefinition } from '../../common/catalog.js';
import { currentPosition } from '../data/location.js';
import { LocaleController, pick, t } from '../i18n/localize.js';
import { sharedStyles } from './shared-styles.js';
import './ptsp-address-field.js';
import './ptsp-group-field.js';

export interface AnswerInputDetail {
  fieldId: string;
  value: AnswerValue;
}

/**
 * One catalog field: label, input, example of a correct answer, and what is wrong with the answer.
 *
 * While the person types, the input shows what they typed, not the stored value coming back from
 * the database a moment later: otherwise a slow write could put an older value under their cursor.
 * @fires answer-input - detail: AnswerInputDetail, on every change
 */
@customElement('ptsp-form-field')
export class PtspFormField extends LitElement {
  static override styles = [sharedStyles, css`
    label { display: grid; gap: 4px; }
    .label { font-weight: 600; }
    .required { color: #a4161a; font-weight: normal; font-size: 0.85rem; }
    .example { color: #52606d; font-size: 0.85rem; }
    textarea { min-height: 90px; }
    fieldset.yesno { border: 0; padding: 0; margin: 0; display: flex; gap: 24px; flex-wrap: wrap; }
    fieldset.yesno legend { padding: 0 0 4px; }
    fieldset.yesno label { display: flex; gap: 8px; align-items: center; min-height: 44px; }
    fieldset.yesno input { width: 24px; min-height: 24px; }
    .gps { display: flex; gap: 8px; }
    [aria-invalid='true'] { border-color: #a4161a; }
  `];

  @property({ attribute: false }) field: FieldDefinition | undefined;
  @property({ attribute: false }) value: AnswerValue | undefined;
  @state() private editing: string | undefined;
  @state() private touched = false;
  @state() private locating = false;
  @state() private locationError: string | undefined;
  /** The person left the field; show the stored value again as soon as it has caught up. */
  private left = false;
  /** Values this field reported since the person started typing, to recognise their echoes. */
  private readonly sent = new Set<string>();
  private readonly locale = new LocaleController(this);

  override willUpdate(changed: Map<string, unknown>): void {
    // After leaving the field, show the stored value again once it has caught up with the last
    // keystroke, or once it is something this field never sent (another device changed it).
    // An older value of our own still on its way must not replace what was typed.
    if (!changed.has('value') || !this.left || this.editing === undefined) return;
    const stored = this.value === null || this.value === undefined ? '' : String(this.value);
    if (stored === this.editing || !this.sent.has(stored)) {
      this.editing = undefined;
      this.left = false;
      this.sent.clear();
    }
  }

  override render() {
    const field = this.field;
    if (!field) return nothing;
    // Structured answers have their own elements; they report answer-input for this field too.
    if (field.kind === 'address') return html`<ptsp-address-field .field=${field} .value=${this.value}></ptsp-address-field>`;
    if (field.kind === 'group') return html`<ptsp-group-field .field=${field} .value=${this.value}></ptsp-group-field>`;
    const shown = this.editing ?? (this.value === null || this.value === undefined ? '' : String(this.value));
    if (field.kind === 'yesno') return this.renderYesNo(field);
    const problem = this.touched || shown !== '' ? validateAnswer(field, shown) : null;
    const inputId = `field-${field.id}`;
    const describedBy = `${inputId}-example${problem ? ` ${inputId}-error` : ''}`;
    return html`
      <label for=${inputId}>
        <span class="label">${pick(field.label)}
          ${field.required ? html`<span class="required">(${t('form.requiredMark')})</span>` : nothing}</span>
      </label>
      ${this.renderInput(field, inputId, shown, Boolean(problem), describedBy)}
      <div class="example" id="${inputId}-example">${pick(field.example)}</div>
      ${problem ? html`<div class="error" id="${inputId}-error" data-testid="error-${field.id}">${pick(problem.message)}</div>` : nothing}`;
  }

  /** Yes/no as two large radio buttons; the answer is a boolean. */
  private renderYesNo(field: FieldDefinition) {
    const value = typeof this.value === 'boolean' ? this.value : undefined;
    const problem = this.touched ? validateAnswer(field, value ?? null) : null;
    const choose = (answer: boolean): void => {
      this.touched = true;
      this.dispatchEvent(new CustomEvent<AnswerInputDetail>('answer-input', {
        detail: { fieldId: field.id, value: answer }, bubbles: true, composed: true,
      }));
    };
    return html`<fieldset class="yesno" data-testid="input-${field.id}" aria-describedby="field-${field.id}-example">
      <legend class="label">${pick(field.label)}
        ${field.required ? html`<span class="required">(${t('form.requiredMark')})</span>` : nothing}</legend>
      <label><input type="radio" name=${field.id} data-testid="yes-${field.id}" .checked=${value === true} @change=${() => choose(true)}> ${t('form.yes')}</label>
      <label><input type="radio" name=${field.id} data-testid="no-${field.id}" .checked=${value === false} @change=${() => choose(false)}> ${t('form.no')}</label>
    </fieldset>
    <div class="example" id="field-${field.id}-example">${pick(field.example)}</div>
    ${problem ? html`<div class="error" data-testid="error-${field.id}">${pick(problem.message)}</div>` : nothing}`;
  }

  private renderInput(field: FieldDefinition, id: string, shown: string, invalid: boolean, describedBy: string) {
    const common = {
      onInput: (event: Event) => this.changed((event.target as HTMLInputElement).value),
      onBlur: () => {
        this.touched = true;
        this.left = true;
        if (this.value === this.editing) {
          this.editing = undefined;
          this.sent.clear();
        }
      },
    };
    if (field.kind === 'choice') {
      return html`<select id=${id} name=${field.id} data-testid="input-${field.id}" aria-invalid=${invalid} aria-describedby=${describedBy}
          @change=${common.onInput} @blur=${common.onBlur}>
        <option value="" ?selected=${shown === ''}>${t('form.choose')}</option>
        ${(field.options ?? []).map((option) => html`<option value=${option.value} ?selected=${option.value === shown}>${pick(option.label)}</option>`)}
      </select>`;
    }
    if (field.kind === 'textarea') {
      return html`<textarea id=${id} name=${field.id} data-testid="input-${field.id}" aria-invalid=${invalid} aria-describedby=${describedBy}
        maxlength=${field.maxLength ?? MAX_ANSWER_LENGTH} .value=${live(shown)} @input=${common.onInput} @blur=${common.onBlur}></textarea>`;
    }
    if (field.kind === 'gps') {
      return html`<div class="gps">
        <input id=${id} name=${field.id} data-testid="input-${field.id}" inputmode="decimal" maxlength=${field.maxLength ?? 60}
          aria-invalid=${invalid} aria-describedby=${describedBy} .value=${live(shown)} @input=${common.onInput} @blur=${common.onBlur}>
        <button type="button" class="secondary" data-testid="locate-${field.id}" ?disabled=${this.locating}
          @click=${() => void this.useCurrentLocation()}>${this.locating ? t('form.locating') : t('form.useLocation')}</button>
      </div>
      ${this.locationError ? html`<div class="error" role="alert">${t('form.locationFailed', { reason: this.locationError })}</div>` : nothing}`;
    }
    const type = { date: 'date', email: 'email', phone: 'tel' }[field.kind as string] ?? 'text';
    const inputMode = { number: 'decimal', nik: 'numeric', phone: 'tel' }[field.kind as string];
    return html`<input id=${id} name=${field.id} type=${type} inputmode=${inputMode ?? nothing} data-testid="input-${field.id}"
      maxlength=${field.kind === 'nik' ? 16 : field.maxLength ?? MAX_ANSWER_LENGTH} aria-invalid=${invalid} aria-describedby=${describedBy}
      .value=${live(shown)} @input=${common.onInput} @blur=${common.onBlur}>`;
  }

  /** Fills a GPS field from the device's position (works offline: satellites need no network). */
  private async useCurrentLocation(): Promise<void> {
    this.locating = true;
    this.locationError = undefined;
    try {
      const { latitude, longitude } = await currentPosition();
      this.changed(`${latitude.toFixed(6)}, ${longitude.toFixed(6)}`);
      this.touched = true;
    } catch (error) {
      this.locationError = (error as Error).message;
    } finally {
      this.locating = false;
    }
  }

  private changed(value: string): void {
    this.editing = value;
    this.left = false;
    this.sent.add(value);
    if (!this.field) return;
    this.dispatchEvent(new CustomEvent<AnswerInputDetail>('answer-input', {
      detail: { fieldId: this.field.id, value }, bubbles: true, composed: true,
    }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-form-field': PtspFormField;
  }
}
