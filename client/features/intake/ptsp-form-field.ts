import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { MAX_ANSWER_LENGTH, type AnswerValue } from '../../../common/application-schema.js';
import {
  answerFromInput, dateInWords, formatNumber, inputFromAnswer, parseNumber, validateAnswer, type AnswerProblem,
} from '../../../common/answer-validation.js';
import type { FieldDefinition } from '../../../common/catalog.js';
import { currentPosition } from '../../data/location.js';
import { language$, LocaleController, pick, t } from '../../i18n/localize.js';
import { fieldStyles, sharedStyles } from '../../ui/shared-styles.js';
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
 * What is stored is what common/answer-validation.ts `answerFromInput` makes of the text: a whole
 * date typed HH-BB-TTTT as ISO, a NIK without the spaces it was pasted with.
 *
 * A problem is shown once the person has left the field, or typed in it, or when the form sets
 * `showErrors` (after a submit attempt, so untouched fields say what they lack too). The input
 * then has aria-invalid and aria-errormessage/aria-describedby pointing at the message, and a
 * polite live region says a problem that appears after the person leaves or changes the field.
 * @fires answer-input - detail: AnswerInputDetail, on every change
 */
@customElement('ptsp-form-field')
export class PtspFormField extends LitElement {
  static override styles = [sharedStyles, fieldStyles, css`
    label { display: grid; gap: 4px; }
    textarea { min-height: 90px; }
    fieldset.yesno { border: 0; padding: 0; margin: 0; display: flex; gap: 24px; flex-wrap: wrap; }
    fieldset.yesno legend { padding: 0 0 4px; }
    fieldset.yesno label { display: flex; gap: 8px; align-items: center; min-height: 44px; }
    fieldset.yesno input { width: 24px; min-height: 24px; }
    .gps { display: flex; gap: 8px; }
    .reading { color: #1f4e79; font-size: 0.9rem; }
    .format { font-weight: normal; color: #52606d; font-size: 0.85rem; }
  `];

  @property({ attribute: false }) field: FieldDefinition | undefined;
  @property({ attribute: false }) value: AnswerValue | undefined;
  /** Show this field's problem even if the person never touched it (the form sets it after a submit attempt). */
  @property({ type: Boolean, attribute: 'show-errors' }) showErrors = false;
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
    if (!changed.has('value') || !this.left || this.editing === undefined || !this.field) return;
    const stored = this.value === null || this.value === undefined ? '' : String(this.value);
    if (stored === answerFromInput(this.field, this.editing) || !this.sent.has(stored)) {
      this.editing = undefined;
      this.left = false;
      this.sent.clear();
    }
  }

  override render() {
    const field = this.field;
    if (!field) return nothing;
    // Structured answers have their own elements; they report answer-input for this field too.
    if (field.kind === 'address') {
      return html`<ptsp-address-field .field=${field} .value=${this.value} .showErrors=${this.showErrors}></ptsp-address-field>`;
    }
    if (field.kind === 'group') {
      return html`<ptsp-group-field .field=${field} .value=${this.value} .showErrors=${this.showErrors}></ptsp-group-field>`;
    }
    if (field.kind === 'yesno') return this.renderYesNo(field);
    const shown = this.editing ?? inputFromAnswer(field, this.value);
    const answer = this.editing === undefined ? this.value : answerFromInput(field, this.editing);
    const problem = this.touched || this.showErrors || shown !== '' ? validateAnswer(field, answer) : null;
    const inputId = `field-${field.id}`;
    // Shown with a problem too: "Dibaca: 1.500" next to "at most 50" says why. Not for a small
    // whole number ("8"), where there is nothing to read differently.
    const reading = field.kind === 'number' && !field.currency && /^\s*\d{1,3}\s*$/.test(shown) ? undefined : this.reading(field, answer);
    const describedBy = [`${inputId}-example`, reading ? `${inputId}-reading` : '', problem ? `${inputId}-error` : ''].filter(Boolean).join(' ');
    return html`
      <label for=${inputId}>
        <span class="label">${pick(field.label)}
          ${field.kind === 'date' ? html`<span class="format">(${t('form.dateFormat')})</span>` : nothing}
          ${field.required ? html`<span class="required">(${t('form.requiredMark')})</span>` : nothing}</span>
      </label>
      ${this.renderInput(field, inputId, shown, problem ? `${inputId}-error` : undefined, describedBy)}
      ${reading ? html`<div class="reading" id="${inputId}-reading" data-testid="reading-${field.id}">${t('form.readAs', { value: reading })}</div>` : nothing}
      <div class="example" id="${inputId}-example">${pick(field.example)}</div>
      ${problem ? html`<div class="error" id="${inputId}-error" data-testid="error-${field.id}">${pick(problem.message)}</div>` : nothing}
      ${this.renderLive(field, problem)}`;
  }

  /** How a number or a date was read, in words the person can check ("Rp 250.000.000", "17 Agustus 2018"). */
  private reading(field: FieldDefinition, answer: AnswerValue | undefined): string | undefined {
    if (typeof answer !== 'string' && typeof answer !== 'number') return undefined;
    if (field.kind === 'number') {
      const n = parseNumber(answer);
      return n === null ? undefined : formatNumber(n, language$.value, field.currency);
    }
    if (field.kind === 'date') return dateInWords(String(answer).trim(), language$.value);
    return undefined;
  }

  /**
   * The polite live region: it says a problem once the person has left the field or typed in it,
   * so it is heard where it arises. Problems shown by `showErrors` alone stay silent here: after a
   * submit attempt every empty field would speak at once; the form moves focus to the first one
   * instead, whose description includes its message.
   */
  private renderLive(field: FieldDefinition, problem: AnswerProblem | null) {
    const heard = problem && this.touched ? pick(problem.message) : '';
    return html`<div class="visually-hidden" aria-live="polite" data-testid="live-${field.id}">${heard}</div>`;
  }

  /**
   * Moves the keyboard to this field's input (the form calls it for the first field with a
   * problem after a submit attempt). `part` names an address part or a group item's sub-field
   * (`district`, `1.nik`), as AnswerProblem.part does.
   */
  focusInput(part?: string): void {
    const root = this.shadowRoot;
    const structured = root?.querySelector<HTMLElement & { focusInput?: (part?: string) => void }>('ptsp-address-field, ptsp-group-field');
    if (structured?.focusInput) {
      structured.focusInput(part);
      return;
    }
    root?.querySelector<HTMLElement>('input:checked, input, select, textarea')?.focus();
  }

  /** Yes/no as two large radio buttons; the answer is a boolean. */
  private renderYesNo(field: FieldDefinition) {
    const value = typeof this.value === 'boolean' ? this.value : undefined;
    const problem = this.touched || this.showErrors ? validateAnswer(field, value ?? null) : null;
    const errorId = `field-${field.id}-error`;
    const choose = (answer: boolean): void => {
      this.touched = true;
      this.dispatchEvent(new CustomEvent<AnswerInputDetail>('answer-input', {
        detail: { fieldId: field.id, value: answer }, bubbles: true, composed: true,
      }));
    };
    // A radio group is named invalid on its fieldset (role radiogroup) and on each radio.
    const invalid = problem ? 'true' : 'false';
    const errorMessage = problem ? errorId : nothing;
    return html`<fieldset class="yesno" role="radiogroup" data-testid="input-${field.id}" aria-invalid=${invalid} aria-errormessage=${errorMessage}
        aria-describedby="field-${field.id}-example${problem ? ` ${errorId}` : ''}" @focusout=${(event: FocusEvent) => this.radiosLeft(event)}>
      <legend class="label">${pick(field.label)}
        ${field.required ? html`<span class="required">(${t('form.requiredMark')})</span>` : nothing}</legend>
      <label><input type="radio" name=${field.id} data-testid="yes-${field.id}" aria-invalid=${invalid} aria-errormessage=${errorMessage}
        .checked=${value === true} @change=${() => choose(true)}> ${t('form.yes')}</label>
      <label><input type="radio" name=${field.id} data-testid="no-${field.id}" aria-invalid=${invalid} aria-errormessage=${errorMessage}
        .checked=${value === false} @change=${() => choose(false)}> ${t('form.no')}</label>
    </fieldset>
    <div class="example" id="field-${field.id}-example">${pick(field.example)}</div>
    ${problem ? html`<div class="error" id=${errorId} data-testid="error-${field.id}">${pick(problem.message)}</div>` : nothing}
    ${this.renderLive(field, problem)}`;
  }

  private radiosLeft(event: FocusEvent): void {
    const next = event.relatedTarget as Node | null;
    if (next && this.shadowRoot?.contains(next)) return;
    this.touched = true;
  }

  private renderInput(field: FieldDefinition, id: string, shown: string, errorId: string | undefined, describedBy: string) {
    const invalid = errorId !== undefined;
    const errorMessage = errorId ?? nothing;
    const common = {
      onInput: (event: Event) => this.changed((event.target as HTMLInputElement).value),
      onBlur: () => {
        this.touched = true;
        this.left = true;
        const stored = this.value === null || this.value === undefined ? '' : String(this.value);
        if (this.editing !== undefined && stored === answerFromInput(field, this.editing)) {
          this.editing = undefined;
          this.sent.clear();
        }
      },
    };
    if (field.kind === 'choice') {
      return html`<select id=${id} name=${field.id} data-testid="input-${field.id}" aria-invalid=${invalid} aria-errormessage=${errorMessage}
          aria-describedby=${describedBy} @change=${common.onInput} @blur=${common.onBlur}>
        <option value="" ?selected=${shown === ''}>${t('form.choose')}</option>
        ${(field.options ?? []).map((option) => html`<option value=${option.value} ?selected=${option.value === shown}>${pick(option.label)}</option>`)}
      </select>`;
    }
    if (field.kind === 'textarea') {
      return html`<textarea id=${id} name=${field.id} data-testid="input-${field.id}" aria-invalid=${invalid} aria-errormessage=${errorMessage}
        aria-describedby=${describedBy} maxlength=${field.maxLength ?? MAX_ANSWER_LENGTH} .value=${live(shown)} @input=${common.onInput} @blur=${common.onBlur}></textarea>`;
    }
    if (field.kind === 'gps') {
      return html`<div class="gps">
        <input id=${id} name=${field.id} data-testid="input-${field.id}" inputmode="decimal" maxlength=${field.maxLength ?? 60}
          aria-invalid=${invalid} aria-errormessage=${errorMessage} aria-describedby=${describedBy} .value=${live(shown)}
          @input=${common.onInput} @blur=${common.onBlur}>
        <button type="button" class="secondary" data-testid="locate-${field.id}" ?disabled=${this.locating}
          @click=${() => void this.useCurrentLocation()}>${this.locating ? t('form.locating') : t('form.useLocation')}</button>
      </div>
      ${this.locationError ? html`<div class="error" role="alert">${t('form.locationFailed', { reason: this.locationError })}</div>` : nothing}`;
    }
    // Dates are typed as text, HH-BB-TTTT: the native date input shows the browser's own format
    // (mm/dd/yyyy in most builds), not the one the example and the message name.
    const type = { email: 'email', phone: 'tel' }[field.kind as string] ?? 'text';
    const inputMode = { number: 'decimal', nik: 'numeric', kbli: 'numeric', date: 'numeric', phone: 'tel' }[field.kind as string];
    return html`<input id=${id} name=${field.id} type=${type} inputmode=${inputMode ?? nothing} data-testid="input-${field.id}"
      maxlength=${maxLengthOf(field)} placeholder=${field.kind === 'date' ? t('form.dateFormat') : nothing}
      autocomplete=${field.kind === 'date' || field.kind === 'nik' || field.kind === 'kbli' || field.kind === 'npwp' ? 'off' : nothing}
      aria-invalid=${invalid} aria-errormessage=${errorMessage} aria-describedby=${describedBy}
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

  private changed(typed: string): void {
    this.editing = typed;
    this.left = false;
    if (!this.field) return;
    const value = answerFromInput(this.field, typed);
    this.sent.add(value);
    this.dispatchEvent(new CustomEvent<AnswerInputDetail>('answer-input', {
      detail: { fieldId: this.field.id, value }, bubbles: true, composed: true,
    }));
  }
}

/**
 * The input's own limit. A NIK, KBLI or date is pasted with spaces or dots more often than not,
 * and `maxlength` would silently cut it ("6471 0217 0890 0003" to 16 characters): their limit
 * leaves room for that, and the rules say what is wrong with what remains.
 */
function maxLengthOf(field: FieldDefinition): number {
  switch (field.kind) {
    case 'nik': return 40;
    case 'kbli': return 20;
    case 'date': return 20;
    default: return field.maxLength ?? MAX_ANSWER_LENGTH;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-form-field': PtspFormField;
  }
}
