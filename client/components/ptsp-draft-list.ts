import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ApplicationDoc } from '../../common/application-schema.js';
import { completion } from '../../common/answer-validation.js';
import type { PermitCatalog } from '../../common/catalog.js';
import { locale, LocaleController, pick, t } from '../i18n/localize.js';
import { sharedStyles } from './shared-styles.js';

/**
 * The account's drafts, most recently changed first, with how far each has come; searchable by
 * permit type or by anything typed into them.
 * @fires open-draft - detail: draft id
 * @fires new-draft
 * @fires duplicate-draft - detail: draft id
 * @fires delete-draft - detail: draft id, after the person confirmed
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
    .item { display: grid; gap: 6px; }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; }
    .actions button { min-height: 36px; }
    .confirm { background: #fff4ce; border-radius: 8px; padding: 8px 12px; display: grid; gap: 8px; }
    input[type=search] { margin: 4px 0 8px; }
  `];

  @property({ attribute: false }) drafts: ApplicationDoc[] = [];
  @property({ attribute: false }) catalog: PermitCatalog | undefined;
  @state() private query = '';
  /** The draft whose deletion waits for the person's confirmation. */
  @state() private confirming: string | undefined;
  private readonly locale = new LocaleController(this);

  override render() {
    const shown = this.drafts.filter((draft) => this.matchesQuery(draft));
    return html`
      <header>
        <h2>${t('drafts.title')}</h2>
        <button data-testid="new-draft" @click=${() => this.dispatchEvent(new CustomEvent('new-draft'))}>${t('drafts.new')}</button>
      </header>
      ${this.drafts.length === 0 ? html`<p data-testid="no-drafts">${t('drafts.empty')}</p>` : html`
        <label>${t('drafts.search')}
          <input type="search" data-testid="draft-search" .value=${this.query} placeholder=${t('drafts.searchExample')}
            @input=${(event: Event) => { this.query = (event.target as HTMLInputElement).value; }}>
        </label>
        ${shown.length === 0 ? html`<p data-testid="no-match">${t('drafts.noMatch', { query: this.query })}</p>` : ''}
        <ul data-testid="draft-list">${shown.map((draft) => this.renderDraft(draft))}</ul>`}`;
  }

  /** Matches the permit type's name (either language) or any answer, ignoring case. */
  private matchesQuery(draft: ApplicationDoc): boolean {
    const words = this.query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return true;
    const type = this.catalog?.permitTypes.find((candidate) => candidate.id === draft.permitTypeId);
    const text = [type?.name.id, type?.name.en, type?.code, ...Object.values(draft.answers).map((value) => (value === null ? '' : String(value)))]
      .join(' ').toLowerCase();
    return words.every((word) => text.includes(word));
  }

  private renderDraft(draft: ApplicationDoc) {
    const type = this.catalog?.permitTypes.find((candidate) => candidate.id === draft.permitTypeId);
    const required = type?.fields.filter((field) => field.required).length ?? 0;
    const done = type ? Math.round(completion(type, draft.answers) * required) : 0;
    const when = new Date(draft.updatedAt).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
    const name = type ? pick(type.name) : t('drafts.unknownType', { id: draft.permitTypeId });
    return html`<li class="item">
      <button data-testid="draft-${draft.id}" data-draft-id=${draft.id}
          @click=${() => this.dispatchEvent(new CustomEvent<string>('open-draft', { detail: draft.id }))}>
        <span class="name">${name}</span>
        <progress max=${required || 1} value=${done}></progress>
        <span class="meta">${t('drafts.progress', { done, total: required })} · ${t('drafts.updated', { time: when })}</span>
      </button>
      ${this.confirming === draft.id ? html`
        <div class="confirm" role="alertdialog" aria-label=${t('drafts.confirmDelete', { name })}>
          <span>${t('drafts.confirmDelete', { name })}</span>
          <span class="actions">
            <button data-testid="confirm-delete-${draft.id}" @click=${() => this.confirmDelete(draft.id)}>${t('drafts.delete')}</button>
            <button class="secondary" data-testid="cancel-delete-${draft.id}" @click=${() => { this.confirming = undefined; }}>${t('picker.cancel')}</button>
          </span>
        </div>` : html`
        <span class="actions">
          <button class="secondary" data-testid="duplicate-${draft.id}"
            @click=${() => this.dispatchEvent(new CustomEvent<string>('duplicate-draft', { detail: draft.id }))}>${t('drafts.duplicate')}</button>
          <button class="secondary" data-testid="delete-${draft.id}" @click=${() => { this.confirming = draft.id; }}>${t('drafts.delete')}</button>
        </span>`}
    </li>`;
  }

  private confirmDelete(id: string): void {
    this.confirming = undefined;
    this.dispatchEvent(new CustomEvent<string>('delete-draft', { detail: id }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-draft-list': PtspDraftList;
  }
}
