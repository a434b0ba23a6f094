import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { MAX_GROUP_ITEMS, type AnswerValue, type GroupItem, type ScalarAnswer } from '../../../common/application-schema.js';
import { isBlank, validateAnswer } from '../../../common/answer-validation.js';
import type { FieldDefinition, LocalizedText } from '../../../common/catalog.js';
import { sameValue } from '../../../common/merge.js';
import { LocaleController, pick, t } from '../../i18n/localize.js';
import type { AnswerInputDetail } from './ptsp-form-field.js';
import './ptsp-form-field.js';
import { fieldStyles, sharedStyles } from '../../ui/shared-styles.js';

/** One item on screen. The key is this element's own and stays with the item while others come and go. */
interface Item {
  key: number;
  answers: GroupItem;
}

const isItem = (value: unknown): value is GroupItem => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A repeated group (e.g. the partners of a firm): a list of items, each with the group's scalar
 * sub-fields (rendered by ptsp-form-field), an add button and a remove button per item. Every
 * change reports the whole list.
 *
 * Items are rendered by a key kept here, not by position, so removing the second item never moves
 * what was typed in the third into its place. While the person works in the group it shows its own
 * copy of the list; the stored list takes over again after they leave the group, once it has caught
 * up with the last change or is a list this group never sent (another device changed it).
 * `showErrors` (set by the form after a submit attempt) shows the group's and every sub-field's
 * problem at once.
 * @fires answer-input - detail: AnswerInputDetail with the whole list, on every change
 */
@customElement('ptsp-group-field')
export class PtspGroupField extends LitElement {
  static override styles = [sharedStyles, fieldStyles, css`
    .group { display: grid; gap: 12px; }
    .muted { color: #52606d; font-size: 0.85rem; }
    fieldset.item legend { font-weight: 600; }
    .item-actions { display: flex; justify-content: flex-end; }
  `];

  @property({ attribute: false }) field: FieldDefinition | undefined;
  @property({ attribute: false }) value: AnswerValue | undefined;
  /** Show the group's and its sub-fields' problems even if the person never touched them (set after a submit attempt). */
  @property({ type: Boolean, attribute: 'show-errors' }) showErrors = false;
  /** The list as the person is editing it; undefined while the stored list is shown. */
  @state() private local: Item[] | undefined;
  @state() private touched = false;
  /** Keys of the stored list's items, by position, while it is shown. */
  private keys: number[] = [];
  private nextKey = 0;
  /** The person left the group since the last change. */
  private left = false;
  /** Lists this group reported since the person started editing, to recognise their echoes. */
  private sent: GroupItem[][] = [];
  private readonly locale = new LocaleController(this);

  private get storedItems(): GroupItem[] {
    return Array.isArray(this.value) ? this.value.map((item) => (isItem(item) ? item : {})) : [];
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (!changed.has('value')) return;
    const stored = this.storedItems;
    if (this.local && this.left) {
      const last = this.sent[this.sent.length - 1];
      if (sameValue(stored, last) || !this.sent.some((list) => sameValue(stored, list))) this.showStored();
    }
    if (!this.local) this.alignKeys(stored.length);
  }

  /** Stops showing the local copy; its keys stay with the stored items at the same positions. */
  private showStored(): void {
    if (this.local) this.keys = this.local.map((item) => item.key);
    this.local = undefined;
    this.left = false;
    this.sent = [];
    this.alignKeys(this.storedItems.length);
  }

  private alignKeys(length: number): void {
    this.keys = this.keys.slice(0, length);
    while (this.keys.length < length) this.keys.push(this.nextKey++);
  }

  private items(): Item[] {
    return this.local ?? this.storedItems.map((answers, index) => ({ key: this.keys[index] ?? -1 - index, answers }));
  }

  override render() {
    const field = this.field;
    if (!field) return nothing;
    const items = this.items();
    const answers = this.local ? items.map((item) => item.answers) : this.value;
    const problem = validateAnswer(field, answers);
    const shownProblem = problem && (this.touched || this.showErrors || !isBlank(answers)) ? problem : null;
    const max = Math.min(field.maxItems ?? MAX_GROUP_ITEMS, MAX_GROUP_ITEMS);
    const subFields = new Set((field.fields ?? []).map((sub) => sub.id));
    // Problems of a sub-field are shown by its own input; the group shows the rest.
    const [problemItem, problemSub] = problem?.part?.split('.') ?? [];
    const atGroup = shownProblem && problem?.part === undefined ? shownProblem : null;
    const baseId = `field-${field.id}`;
    // The same names the shared rules use in their messages ("Sekutu 2").
    const itemName = (index: number) => `${pick(field.itemLabel ?? DEFAULT_ITEM_LABEL)} ${index + 1}`;
    return html`
      <div class="group" role="group" aria-labelledby="${baseId}-label" aria-describedby="${baseId}-example${atGroup ? ` ${baseId}-error` : ''}"
          aria-invalid=${atGroup ? 'true' : 'false'} aria-errormessage=${atGroup ? `${baseId}-error` : nothing} data-testid="input-${field.id}" @focusout=${(event: FocusEvent) => this.focusOut(event)}>
        <div class="label" id="${baseId}-label">${pick(field.label)}
          ${field.required ? html`<span class="required">(${t('form.requiredMark')})</span>` : nothing}</div>
        <div class="example" id="${baseId}-example">${pick(field.example)}</div>
        ${repeat(items, (item) => item.key, (item, index) => {
          const itemProblem = shownProblem && problemItem === String(index) && (problemSub === undefined || !subFields.has(problemSub))
            ? shownProblem : null;
          return html`<fieldset class="parts item" data-testid="item-${field.id}" data-key=${item.key}
              @answer-input=${(event: CustomEvent<AnswerInputDetail>) => this.subInput(event, item.key)}>
            <legend data-testid="item-label">${itemName(index)}</legend>
            ${(field.fields ?? []).map((sub) => html`<ptsp-form-field .field=${sub} .value=${item.answers[sub.id]}
              .showErrors=${this.showErrors} data-sub=${sub.id}></ptsp-form-field>`)}
            ${itemProblem ? html`<div class="error" id="${baseId}-error-${index}" data-testid="error-${field.id}-${index}">${pick(itemProblem.message)}</div>` : nothing}
            <div class="item-actions">
              <button type="button" class="secondary" data-testid="remove-${field.id}" aria-label=${t('form.group.removeItem', { item: itemName(index) })}
                @click=${() => void this.removeItem(item.key)}>${t('form.group.remove')}</button>
            </div>
          </fieldset>`;
        })}
        <div>
          <button type="button" class="secondary" data-testid="add-${field.id}" ?disabled=${items.length >= max}
            @click=${() => this.add()}>${t('form.group.add', { item: pick(field.itemLabel ?? DEFAULT_ITEM_LABEL) })}</button>
          ${items.length >= max ? html`<span class="muted" data-testid="full-${field.id}">${t('form.group.full', { max })}</span>` : nothing}
        </div>
      </div>
      ${atGroup ? html`<div class="error" id="${baseId}-error" data-testid="error-${field.id}">${pick(atGroup.message)}</div>` : nothing}
      <div class="visually-hidden" aria-live="polite" data-testid="live-${field.id}">${atGroup && this.touched ? pick(atGroup.message) : ''}</div>`;
  }

  /**
   * Moves the keyboard into the group: to the sub-field `part` names (`1.nik`), else the first
   * sub-field showing a problem, else the first input, else the add button (an empty required group).
   */
  focusInput(part?: string): void {
    const root = this.shadowRoot;
    if (!root) return;
    const [index, sub] = part?.split('.') ?? [];
    const items = [...root.querySelectorAll<HTMLElement>('fieldset.item')];
    const inItem = index !== undefined ? items[Number(index)] : undefined;
    const fields = [...(inItem ?? root).querySelectorAll<HTMLElement & { focusInput(): void }>('ptsp-form-field')];
    const target = fields.find((candidate) => sub !== undefined && candidate.dataset.sub === sub)
      ?? fields.find((candidate) => candidate.shadowRoot?.querySelector('[aria-invalid="true"]'))
      ?? fields[0];
    if (target) target.focusInput();
    else root.querySelector<HTMLButtonElement>('[data-testid^="add-"]')?.focus();
  }

  private subInput(event: CustomEvent<AnswerInputDetail>, key: number): void {
    // The sub-field's own event names the sub-field; the draft only knows the group.
    event.stopPropagation();
    const { fieldId, value } = event.detail;
    this.save(this.items().map((item) => (item.key === key ? { key, answers: { ...item.answers, [fieldId]: value as ScalarAnswer } } : item)));
  }

  private add(): void {
    this.save([...this.items(), { key: this.nextKey++, answers: {} }]);
  }

  private async removeItem(key: number): Promise<void> {
    this.save(this.items().filter((item) => item.key !== key));
    // The pressed button is gone; keep the keyboard in the group.
    await this.updateComplete;
    this.shadowRoot?.querySelector<HTMLButtonElement>('[data-testid^="add-"]')?.focus();
  }

  private save(items: Item[]): void {
    this.local = items;
    this.touched = true;
    this.left = false;
    const list = items.map((item) => item.answers);
    this.sent.push(list);
    const field = this.field;
    if (!field) return;
    this.dispatchEvent(new CustomEvent<AnswerInputDetail>('answer-input', {
      detail: { fieldId: field.id, value: list }, bubbles: true, composed: true,
    }));
  }

  private focusOut(event: FocusEvent): void {
    const next = event.relatedTarget as Node | null;
    if (next && this.shadowRoot?.contains(next)) return;
    this.touched = true;
    if (!this.local) return;
    this.left = true;
    if (sameValue(this.storedItems, this.local.map((item) => item.answers))) this.showStored();
  }
}

/** What common/answer-validation.ts calls an item when the catalog names none. */
const DEFAULT_ITEM_LABEL: LocalizedText = { id: 'Isian', en: 'Item' };

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-group-field': PtspGroupField;
  }
}
