import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ApplicationDoc } from '../../common/application-schema.js';
import { isVisible } from '../../common/answer-validation.js';
import type { PermitType } from '../../common/catalog.js';
import { LocaleController, pick, t } from '../i18n/localize.js';
import { sharedStyles } from './shared-styles.js';
import './ptsp-form-field.js';

/**
 * A draft application's form, rendered from its permit type in the catalog, with the list of
 * documents the type requires. Every change is reported at once (the app saves it on the device).
 * @fires answer-input - from each field, detail: AnswerInputDetail
 * @fires back
 */
@customElement('ptsp-draft-form')
export class PtspDraftForm extends LitElement {
  static override styles = [sharedStyles, css`
    form { display: grid; gap: 16px; max-width: 640px; }
    .saved { color: #1e7d32; font-size: 0.9rem; }
    ul.requirements { padding-left: 20px; }
    .muted { color: #52606d; font-size: 0.85rem; }
  `];

  @property({ attribute: false }) draft: ApplicationDoc | undefined;
  @property({ attribute: false }) permitType: PermitType | undefined;
  /** Set while the last change could not be saved on the device; the app keeps retrying. */
  @property({ attribute: false }) saveFailure: string | undefined;
  private readonly locale = new LocaleController(this);

  override render() {
    const { draft, permitType } = this;
    if (!draft) return html`<p data-testid="draft-not-found">${t('form.notFound')}</p>`;
    // The draft is safe on the device; only the catalog that describes its form is missing.
    if (!permitType) return html`<p data-testid="catalog-missing">${t('catalog.unavailable')}</p>`;
    return html`
      <button class="secondary" data-testid="back" @click=${() => this.dispatchEvent(new CustomEvent('back'))}>${t('form.back')}</button>
      <h2 data-testid="draft-title">${pick(permitType.name)}</h2>
      ${this.saveFailure
        ? html`<p class="error" role="alert" data-testid="save-failed">${t('form.saveFailed', { reason: this.saveFailure })}</p>`
        : html`<p class="saved" data-testid="saved-locally">✓ ${t('form.savedLocally')}</p>`}
      <form @submit=${(event: Event) => event.preventDefault()} data-testid="draft-form" data-draft-id=${draft.id}>
        ${repeat(
          permitType.fields.filter((field) => isVisible(field, draft.answers)),
          // Keyed by field: when a conditional field appears, no element takes over another field's typing.
          (field) => field.id,
          (field) => html`<ptsp-form-field .field=${field} .value=${draft.answers[field.id]}></ptsp-form-field>`,
        )}
      </form>
      <h3>${t('form.requirements')}</h3>
      <ul class="requirements" data-testid="requirements">
        ${permitType.requirements.map((doc) => html`<li>${pick(doc.name)}
          <span class="muted">(${doc.required ? t('form.requiredDoc') : t('form.optionalDoc')})</span></li>`)}
      </ul>
      <p class="muted">${t('form.upload.later')}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-draft-form': PtspDraftForm;
  }
}
