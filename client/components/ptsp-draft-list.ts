import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ApplicationDoc } from '../../common/application-schema.js';
import { completion } from '../../common/answer-validation.js';
import type { PermitCatalog } from '../../common/catalog.js';
import { locale, LocaleController, pick, t } from '../i18n/localize.js';
import { sharedStyles } from './shared-styles.js';

/**
 * The account's drafts, most recently changed first, with how far each has come.
 * @fires open-draft - detail: draft id
 * @fires new-draft
 */
@customElement('ptsp-draft-list')
export class PtspDraftList extends LitElement {
  static override styles = [sharedStyles, css`
    header { display: flex; justify-content: space-between; align-items: center; gap: 12px; flex-wrap: wrap; }
    ul { list-style: none; padding: 0; display: grid; gap: 8px; }
    li button { width: 100%; text-align: left; background: white; color: inherit; border-color: #c5ccd3; padding: 10px 12px; display: grid; gap: 2px; }
    .name { font-weight: 700; }
    .meta { font-size: 0.85rem; color: #52606d; }
    progress { width: 100%; }
  `];

  @property({ attribute: false }) drafts: ApplicationDoc[] = [];
  @property({ attribute: false }) catalog: PermitCatalog | undefined;
  private readonly locale = new LocaleController(this);

  override render() {
    return html`
      <header>
        <h2>${t('drafts.title')}</h2>
        <button data-testid="new-draft" @click=${() => this.dispatchEvent(new CustomEvent('new-draft'))}>${t('drafts.new')}</button>
      </header>
      ${this.drafts.length === 0 ? html`<p data-testid="no-drafts">${t('drafts.empty')}</p>` : html`
        <ul data-testid="draft-list">${this.drafts.map((draft) => this.renderDraft(draft))}</ul>`}`;
  }

  private renderDraft(draft: ApplicationDoc) {
    const type = this.catalog?.permitTypes.find((candidate) => candidate.id === draft.permitTypeId);
    const required = type?.fields.filter((field) => field.required).length ?? 0;
    const done = type ? Math.round(completion(type, draft.answers) * required) : 0;
    const when = new Date(draft.updatedAt).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
    return html`<li><button data-testid="draft-${draft.id}" data-draft-id=${draft.id}
        @click=${() => this.dispatchEvent(new CustomEvent<string>('open-draft', { detail: draft.id }))}>
      <span class="name">${type ? pick(type.name) : t('drafts.unknownType', { id: draft.permitTypeId })}</span>
      <progress max=${required || 1} value=${done}></progress>
      <span class="meta">${t('drafts.progress', { done, total: required })} · ${t('drafts.updated', { time: when })}</span>
    </button></li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-draft-list': PtspDraftList;
  }
}
