import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ApplicationDoc } from '../../common/application-schema.js';
import { isEditable, type SubmissionProblem } from '../../common/workflow.js';
import { isVisible } from '../../common/answer-validation.js';
import type { PermitType } from '../../common/catalog.js';
import type { Workspace } from '../data/workspace.js';
import { LocaleController, pick, t } from '../i18n/localize.js';
import { sharedStyles } from './shared-styles.js';
import './ptsp-answers-summary.js';
import './ptsp-citizen-section.js';
import './ptsp-document-list.js';
import './ptsp-form-field.js';
import './ptsp-kind-section.js';
import './ptsp-submit-panel.js';

/**
 * An application's form, rendered from its permit type in the catalog: its kind, the walk-in
 * citizen (booth filings), the fields, the documents the type requires, and submission. Every
 * change is reported at once (the app saves it on the device). Once submitted it is read-only
 * until the office returns it.
 * @fires answer-input - from each field, detail: AnswerInputDetail
 * @fires kind-change - detail: KindChangeDetail
 * @fires citizen-input - detail: CitizenInputDetail
 * @fires consent-change - detail: boolean
 * @fires submit-application - detail: string[]
 * @fires back
 */
@customElement('ptsp-draft-form')
export class PtspDraftForm extends LitElement {
  static override styles = [sharedStyles, css`
    form { display: grid; gap: 16px; max-width: 640px; }
    .saved { color: #1e7d32; font-size: 0.9rem; }
    .muted { color: #52606d; font-size: 0.85rem; }
  `];

  @property({ attribute: false }) draft: ApplicationDoc | undefined;
  @property({ attribute: false }) permitType: PermitType | undefined;
  /** Set while the last change could not be saved on the device; the app keeps retrying. */
  @property({ attribute: false }) saveFailure: string | undefined;
  /** Filed by booth staff for a walk-in citizen: the citizen's identity and consent are asked. */
  @property({ type: Boolean }) booth = false;
  @property({ attribute: false }) problems: SubmissionProblem[] | undefined;
  @property({ attribute: false }) bundle: ApplicationDoc[] = [];
  @property({ attribute: false }) submitError: string | undefined;
  /** For the requirement documents (they call `workspace.documents`). */
  @property({ attribute: false }) workspace: Workspace | undefined;
  private readonly locale = new LocaleController(this);

  override render() {
    const { draft, permitType } = this;
    if (!draft) return html`<p data-testid="draft-not-found">${t('form.notFound')}</p>`;
    // The draft is safe on the device; only the catalog that describes its form is missing.
    if (!permitType) return html`<p data-testid="catalog-missing">${t('catalog.unavailable')}</p>`;
    const editable = isEditable(draft.status);
    return html`
      <button class="secondary" data-testid="back" @click=${() => this.dispatchEvent(new CustomEvent('back'))}>${t('form.back')}</button>
      <h2 data-testid="draft-title">${pick(permitType.name)}</h2>
      ${this.saveFailure
        ? html`<p class="error" role="alert" data-testid="save-failed">${t('form.saveFailed', { reason: this.saveFailure })}</p>`
        : html`<p class="saved" data-testid="saved-locally">✓ ${t('form.savedLocally')}</p>`}
      ${this.bundle.length > 1 ? html`<p class="muted" data-testid="bundle-label">${t('bundle.label', { names: this.bundle.map((member) => member.permitTypeId.toUpperCase()).join(' + ') })}</p>` : ''}
      <ptsp-kind-section .kind=${draft.kind} .previousPermitNumber=${draft.previousPermitNumber} ?locked=${!editable}></ptsp-kind-section>
      ${this.booth ? html`<ptsp-citizen-section .citizen=${draft.citizen} .consentAt=${draft.consentAt} ?locked=${!editable}></ptsp-citizen-section>` : ''}
      ${editable ? '' : html`<ptsp-answers-summary .permitType=${permitType} .answers=${draft.answers}></ptsp-answers-summary>`}
      <form @submit=${(event: Event) => event.preventDefault()} data-testid="draft-form" data-draft-id=${draft.id} ?hidden=${!editable}>
        ${!editable ? '' : repeat(
          permitType.fields.filter((field) => isVisible(field, draft.answers)),
          // Keyed by field: when a conditional field appears, no element takes over another field's typing.
          (field) => field.id,
          (field) => html`<ptsp-form-field .field=${field} .value=${draft.answers[field.id]}></ptsp-form-field>`,
        )}
      </form>
      <ptsp-document-list .workspace=${this.workspace} .application=${draft} .permitType=${permitType}></ptsp-document-list>
      <ptsp-submit-panel .application=${draft} .permitType=${permitType} .problems=${this.problems} .bundle=${this.bundle}
        .submitError=${this.submitError}></ptsp-submit-panel>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-draft-form': PtspDraftForm;
  }
}
