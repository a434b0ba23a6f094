import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import type { ApplicationKind } from '../../../common/application-schema.js';
import { LocaleController, t } from '../../i18n/localize.js';
import { fieldStyles, sharedStyles } from '../../ui/shared-styles.js';

export interface KindChangeDetail {
  kind: ApplicationKind;
  previousPermitNumber?: string;
}

const KINDS: ApplicationKind[] = ['new', 'change', 'renewal', 're-registration'];

/**
 * New permit, or a change, renewal or re-registration of one the applicant already holds (those
 * cite the old permit's number).
 * @fires kind-change - detail: KindChangeDetail
 */
@customElement('ptsp-kind-section')
export class PtspKindSection extends LitElement {
  // The heading is a field label and the old number's example an example, as the form's fields have them (fieldStyles).
  static override styles = [sharedStyles, fieldStyles, css`
    fieldset { border: 0; padding: 0; margin: 0; display: grid; gap: 8px; }
    legend { padding: 0 0 4px; }
    /* Each row is already a 44 px touch target: wrapped rows need no gap of their own. */
    .kinds { display: flex; gap: 0 16px; flex-wrap: wrap; }
    .kinds label { display: flex; gap: 6px; align-items: center; min-height: 44px; }
    .kinds input { width: 22px; min-height: 22px; }
  `];

  @property({ attribute: false }) kind: ApplicationKind | undefined;
  @property({ attribute: false }) previousPermitNumber: string | undefined;
  @property({ type: Boolean }) locked = false;
  /** What is being typed into the old number, so a slow echo never replaces it. */
  @state() private typing: string | undefined;
  private readonly locale = new LocaleController(this);

  override render() {
    const kind = this.kind ?? 'new';
    return html`<fieldset data-testid="kind-section" ?disabled=${this.locked}>
      <legend class="label">${t('kind.title')}</legend>
      <div class="kinds">${KINDS.map((option) => html`<label>
        <input type="radio" name="kind" value=${option} data-testid="kind-${option}" .checked=${live(kind === option)}
          @change=${() => this.emit({ kind: option, ...(option === 'new' ? {} : { previousPermitNumber: this.typing ?? this.previousPermitNumber ?? '' }) })}>
        ${t(`kind.${option}`)}</label>`)}</div>
      ${kind === 'new' ? '' : html`<label><span class="label">${t('kind.previousNumber')}</span>
        <input data-testid="previous-permit-number" maxlength="64" .value=${live(this.typing ?? this.previousPermitNumber ?? '')}
          @input=${(event: Event) => {
            this.typing = (event.target as HTMLInputElement).value;
            this.emit({ kind, previousPermitNumber: this.typing });
          }}
          @blur=${() => { this.typing = undefined; }}>
        <span class="example">${t('kind.previousNumberExample')}</span></label>`}
    </fieldset>`;
  }

  private emit(detail: KindChangeDetail): void {
    this.dispatchEvent(new CustomEvent<KindChangeDetail>('kind-change', { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-kind-section': PtspKindSection;
  }
}
