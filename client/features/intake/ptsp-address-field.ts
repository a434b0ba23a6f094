import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { MAX_ADDRESS_PART_LENGTH, type AddressAnswer, type AnswerValue } from '../../../common/application-schema.js';
import { isBlank, validateAnswer, type AnswerProblem } from '../../../common/answer-validation.js';
import { ADDRESS_PARTS, type AddressPartId, type FieldDefinition } from '../../../common/catalog.js';
import { LocaleController, pick, t } from '../../i18n/localize.js';
import type { AnswerInputDetail } from './ptsp-form-field.js';
import { fieldStyles, sharedStyles } from '../../ui/shared-styles.js';

const isAddress = (value: unknown): value is AddressAnswer =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every part at its example: a valid address, used to check one part on its own. */
const EXAMPLE_ADDRESS: AddressAnswer = Object.fromEntries(ADDRESS_PARTS.map((part) => [part.id, part.example.id]));

/**
 * The problem with one part of an address. The shared rules check the parts in order and report
 * the first problem; checking the part with every other part at its (valid) example tells what is
 * wrong with this part, so each input can show its own message while the person types.
 */
function partProblem(field: FieldDefinition, part: AddressPartId, text: string): AnswerProblem | null {
  const found = validateAnswer({ ...field, required: true }, { ...EXAMPLE_ADDRESS, [part]: text });
  return found?.part === part ? found : null;
}

/**
 * An address answer: one labelled input per part (street, RT/RW, village, district, city, province,
 * postal code), each with its example. Every keystroke reports the whole address object.
 *
 * Like ptsp-form-field, each part keeps showing what the person typed until the stored value has
 * caught up with it: an echo of an earlier keystroke (in this part or another) never replaces it.
 * `showErrors` (set by the form after a submit attempt) shows every part's problem at once; a
 * problem that appears after the person leaves a part is also said by a polite live region.
 * @fires answer-input - detail: AnswerInputDetail with the whole address, on every change
 */
@customElement('ptsp-address-field')
export class PtspAddressField extends LitElement {
  static override styles = [sharedStyles, fieldStyles, css`
    .part { display: grid; gap: 4px; }
    .part label { font-weight: 600; font-size: 0.95rem; }
  `];

  @property({ attribute: false }) field: FieldDefinition | undefined;
  @property({ attribute: false }) value: AnswerValue | undefined;
  /** Show every part's problem even if the person never touched it (the form sets it after a submit attempt). */
  @property({ type: Boolean, attribute: 'show-errors' }) showErrors = false;
  /** What the person typed, per part, until the stored value has caught up with it. */
  @state() private editing: Partial<Record<AddressPartId, string>> = {};
  /** Parts the person has left once: a required part that is still empty is then reported. */
  @state() private touched = new Set<AddressPartId>();
  /** Focus has left the whole address once: every part's problem is shown. */
  @state() private leftField = false;
  /** Parts the person left since typing in them: their stored value may take over again. */
  private readonly leftParts = new Set<AddressPartId>();
  /** Each part's texts in the addresses this field reported, to recognise their echoes. */
  private readonly sent = new Map<AddressPartId, Set<string>>();
  private readonly locale = new LocaleController(this);

  private get stored(): AddressAnswer {
    return isAddress(this.value) ? this.value : {};
  }

  override willUpdate(changed: Map<string, unknown>): void {
    // A part the person has left shows the stored text again once it has caught up with the last
    // keystroke, or once it is a text this field never sent (another device changed that part).
    if (!changed.has('value')) return;
    const stored = this.stored;
    let editing = this.editing;
    for (const part of ADDRESS_PARTS) {
      const typed = this.editing[part.id];
      if (typed === undefined || !this.leftParts.has(part.id)) continue;
      const storedText = stored[part.id] ?? '';
      if (storedText === typed || !this.sent.get(part.id)?.has(storedText)) {
        editing = without(editing, part.id);
        this.leftParts.delete(part.id);
        this.sent.delete(part.id);
      }
    }
    if (editing !== this.editing) this.editing = editing;
  }

  /** The text each part shows: what is being typed, else the stored text. */
  private shownParts(): Record<AddressPartId, string> {
    const stored = this.stored;
    return Object.fromEntries(ADDRESS_PARTS.map((part) => [part.id, this.editing[part.id] ?? stored[part.id] ?? ''])) as Record<AddressPartId, string>;
  }

  override render() {
    const field = this.field;
    if (!field) return nothing;
    const shown = this.shownParts();
    const typing = Object.keys(this.editing).length > 0;
    // Until the person types, the stored answer is checked as it is (it may have the wrong shape).
    const current: AnswerValue | undefined = typing ? compose(shown) : this.value;
    const whole = validateAnswer(field, current);
    const known = new Set<string>(ADDRESS_PARTS.map((part) => part.id));
    const everything = this.leftField || this.showErrors;
    const fieldProblem = whole && (whole.part === undefined || !known.has(whole.part))
      && (this.touched.size > 0 || everything || !isBlank(current)) ? whole : null;
    const heard: string[] = [];
    const blank = isBlank(compose(shown));
    const baseId = `field-${field.id}`;
    return html`
      <fieldset class="parts" data-testid="input-${field.id}" aria-describedby="${baseId}-example${fieldProblem ? ` ${baseId}-error` : ''}"
          aria-invalid=${fieldProblem ? 'true' : 'false'} aria-errormessage=${fieldProblem ? `${baseId}-error` : nothing} @focusout=${(event: FocusEvent) => this.focusOut(event)}>
        <legend class="label">${pick(field.label)}
          ${field.required ? html`<span class="required">(${t('form.requiredMark')})</span>` : nothing}</legend>
        <div class="example" id="${baseId}-example">${pick(field.example)}</div>
        ${ADDRESS_PARTS.map((part) => {
          const id = `${baseId}-${part.id}`;
          const text = shown[part.id];
          const problem = !blank && (text !== '' || this.touched.has(part.id) || everything) ? partProblem(field, part.id, text) : null;
          if (problem && this.touched.has(part.id)) heard.push(pick(problem.message));
          return html`<div class="part">
            <label for=${id}>${pick(part.label)}
              ${part.required ? html`<span class="required">(${t('form.requiredMark')})</span>` : nothing}</label>
            <input id=${id} name="${field.id}.${part.id}" data-testid="input-${field.id}-${part.id}"
              inputmode=${part.id === 'postalCode' ? 'numeric' : nothing} maxlength=${MAX_ADDRESS_PART_LENGTH}
              aria-invalid=${Boolean(problem)} aria-errormessage=${problem ? `${id}-error` : nothing} aria-describedby="${id}-example${problem ? ` ${id}-error` : ''}"
              .value=${live(text)} @input=${(event: Event) => this.changed(part.id, (event.target as HTMLInputElement).value)}
              @blur=${() => this.left(part.id)}>
            <div class="example" id="${id}-example">${t('form.example', { example: pick(part.example) })}</div>
            ${problem ? html`<div class="error" id="${id}-error" data-testid="error-${field.id}-${part.id}">${pick(problem.message)}</div>` : nothing}
          </div>`;
        })}
      </fieldset>
      ${fieldProblem ? html`<div class="error" id="${baseId}-error" data-testid="error-${field.id}">${pick(fieldProblem.message)}</div>` : nothing}
      <div class="visually-hidden" aria-live="polite" data-testid="live-${field.id}">${fieldProblem && (this.touched.size > 0 || this.leftField)
        ? pick(fieldProblem.message) : heard.join(' ')}</div>`;
  }

  /** Moves the keyboard to a part: the one named, else the first with a problem shown, else the first. */
  focusInput(part?: string): void {
    const root = this.shadowRoot;
    const named = part && this.field ? root?.querySelector<HTMLInputElement>(`#field-${CSS.escape(this.field.id)}-${CSS.escape(part)}`) : null;
    (named ?? root?.querySelector<HTMLInputElement>('input[aria-invalid="true"]') ?? root?.querySelector<HTMLInputElement>('input'))?.focus();
  }

  private changed(part: AddressPartId, text: string): void {
    this.editing = { ...this.editing, [part]: text };
    this.leftParts.delete(part);
    const field = this.field;
    if (!field) return;
    const answer = compose(this.shownParts());
    for (const { id } of ADDRESS_PARTS) {
      let texts = this.sent.get(id);
      if (!texts) this.sent.set(id, texts = new Set());
      texts.add(answer[id] ?? '');
    }
    this.dispatchEvent(new CustomEvent<AnswerInputDetail>('answer-input', {
      detail: { fieldId: field.id, value: answer }, bubbles: true, composed: true,
    }));
  }

  private left(part: AddressPartId): void {
    this.touched = new Set(this.touched).add(part);
    this.leftParts.add(part);
    if (this.editing[part] !== undefined && (this.stored[part] ?? '') === this.editing[part]) {
      this.editing = without(this.editing, part);
      this.leftParts.delete(part);
      this.sent.delete(part);
    }
  }

  private focusOut(event: FocusEvent): void {
    const next = event.relatedTarget as Node | null;
    if (next && this.shadowRoot?.contains(next)) return;
    this.leftField = true;
  }
}

function without(editing: Partial<Record<AddressPartId, string>>, part: AddressPartId): Partial<Record<AddressPartId, string>> {
  return Object.fromEntries(Object.entries(editing).filter(([id]) => id !== part));
}

/** The address as stored: the parts with text, in the written order (empty parts are left out). */
function compose(shown: Record<AddressPartId, string>): AddressAnswer {
  return Object.fromEntries(ADDRESS_PARTS.filter((part) => shown[part.id] !== '').map((part) => [part.id, shown[part.id]]));
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-address-field': PtspAddressField;
  }
}
