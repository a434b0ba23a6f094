import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ApplicationDoc } from '../../../common/application-schema.js';
import { completion, isVisible } from '../../../common/answer-validation.js';
import type { PermitCatalog, PermitType } from '../../../common/catalog.js';
import type { Observable } from 'rxjs';
import type { PendingClaim } from '../../data/pending-claims.js';
import { locale, LocaleController, pick, t } from '../../i18n/localize.js';
import { ObserveController } from '../../ui/observe-controller.js';
import { sharedStyles } from '../../ui/shared-styles.js';
import { statusText } from './ptsp-submit-panel.js';

/** Requirements met: required answers given correctly plus required documents attached. */
function progressOf(type: PermitType, application: ApplicationDoc): { done: number; total: number } {
  const fields = type.fields.filter((field) => field.required && isVisible(field, application.answers)).length;
  const documents = type.requirements.filter((requirement) => requirement.required);
  const attached = documents.filter((requirement) => application.documents?.[requirement.id]).length;
  return { done: Math.round(completion(type, application.answers) * fields) + attached, total: fields + documents.length };
}

/**
 * The account's applications, most recently changed first, with how far each has come and its
 * status; searchable by permit type, receipt or registration number, citizen, or anything typed.
 * Applicants can claim an application a booth filed for them.
 * @fires open-draft - detail: draft id
 * @fires new-draft
 * @fires show-more
 * @fires search-change - detail: the query, when it changes
 * @fires claim - detail: the claim code typed
 * @fires dismiss-claim - detail: the code of a pending claim the server refused, once read
 * @fires duplicate-draft - detail: draft id
 * @fires delete-draft - detail: draft id, after the person confirmed
 */
@customElement('ptsp-draft-list')
export class PtspDraftList extends LitElement {
  static override styles = [sharedStyles, css`
    header { display: flex; justify-content: space-between; align-items: center; gap: 12px; flex-wrap: wrap; }
    h1 { font-size: 1.45rem; margin: 8px 0; }
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
    .pending-title { font-size: 1.1rem; margin: 8px 0; }
    .pending-claims { display: grid; gap: 8px; margin: 0 0 16px; padding: 0; }
    .pending-claims li { background: #eef4fb; border: 1px solid #b6cce4; border-radius: 8px; padding: 10px 12px; display: grid; gap: 6px; }
    .pending-claims li.refused { background: #fde7e9; border-color: #e3a3a6; }
    form.claim { margin-top: 24px; padding-top: 12px; border-top: 1px solid #d5dbe1; display: grid; gap: 8px; max-width: 420px; }
  `];

  @property({ attribute: false }) drafts: ApplicationDoc[] = [];
  @property({ attribute: false }) catalog: PermitCatalog | undefined;
  /** A number to look for at once (a scanned receipt). */
  @property({ attribute: false }) initialQuery: string | undefined;
  /** Older applications exist beyond those shown. */
  @property({ attribute: false }) hasMore = false;
  @property({ attribute: false }) claimable = false;
  @property({ attribute: false }) claimMessage: { ok: boolean; text: string } | undefined;
  /** Claim codes entered here whose application has not arrived yet. */
  @property({ attribute: false }) pendingClaims$: Observable<readonly PendingClaim[]> | undefined;
  private readonly pendingClaims = new ObserveController<readonly PendingClaim[]>(this);
  @state() private query = '';
  @state() private claimCode = '';
  /** The draft whose deletion waits for the person's confirmation. */
  @state() private confirming: string | undefined;
  private readonly locale = new LocaleController(this);

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('pendingClaims$')) this.pendingClaims.observe(this.pendingClaims$);
    if (changed.has('initialQuery') && this.initialQuery) this.setQuery(this.initialQuery);
  }

  private setQuery(query: string): void {
    this.query = query;
    this.dispatchEvent(new CustomEvent<string>('search-change', { detail: query }));
  }

  override render() {
    // Texts of states that changed since are dropped now and then, so the cache stays the list's size.
    if (this.searchText.size > this.drafts.length * 2 + 100) this.searchText.clear();
    const shown = this.drafts.filter((draft) => this.matchesQuery(draft));
    return html`
      <header>
        <h1 tabindex="-1">${t('drafts.title')}</h1>
        <button data-testid="new-draft" @click=${() => this.dispatchEvent(new CustomEvent('new-draft'))}>${t('drafts.new')}</button>
      </header>
      ${this.renderPendingClaims()}
      ${this.drafts.length === 0 ? html`<p data-testid="no-drafts">${t('drafts.empty')}</p>` : html`
        <label>${t('drafts.search')}
          <input type="search" data-testid="draft-search" .value=${this.query} placeholder=${t('drafts.searchExample')}
            @input=${(event: Event) => this.setQuery((event.target as HTMLInputElement).value)}>
        </label>
        ${shown.length === 0 ? html`<p data-testid="no-match">${t('drafts.noMatch', { query: this.query })}</p>` : ''}
        <ul data-testid="draft-list">${shown.map((draft) => this.renderDraft(draft))}</ul>
        ${this.hasMore ? html`<button class="secondary" data-testid="show-more"
          @click=${() => this.dispatchEvent(new CustomEvent('show-more'))}>${t('drafts.more')}</button>` : ''}`}
      ${this.claimable ? this.renderClaim() : ''}`;
  }

  /** Codes waiting for the booth's filing: listed first, with what to expect, until the application arrives. */
  private renderPendingClaims() {
    const claims = this.pendingClaims.value ?? [];
    if (claims.length === 0) return '';
    return html`<h2 class="pending-title">${t('claim.pendingTitle')}</h2>
      <ul class="pending-claims" data-testid="pending-claims">${claims.map((claim) => html`
        <li class=${claim.state} data-testid="pending-claim" data-code=${claim.code} data-state=${claim.state}>
          ${claim.state === 'refused'
            ? html`<span class="error">${t('claim.pendingRefused', { code: claim.code, reason: claim.reason ? pick(claim.reason) : '' })}</span>
              <span><button class="secondary" data-testid="dismiss-claim"
                @click=${() => this.dispatchEvent(new CustomEvent<string>('dismiss-claim', { detail: claim.code }))}>${t('claim.pendingDismiss')}</button></span>`
            : html`<span>${t(claim.state === 'waiting' ? 'claim.pendingSent' : 'claim.pendingUnsent', { code: claim.code })}</span>
              <span class="meta">${new Date(claim.enteredAt).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' })}</span>`}
        </li>`)}</ul>`;
  }

  private renderClaim() {
    return html`<form class="claim" data-testid="claim-form" @submit=${(event: Event) => {
      event.preventDefault();
      if (this.claimCode.trim()) this.dispatchEvent(new CustomEvent<string>('claim', { detail: this.claimCode.trim() }));
    }}>
      <h3>${t('claim.title')}</h3>
      <p class="meta">${t('claim.intro')}</p>
      <label>${t('claim.code')}
        <input data-testid="claim-code-input" maxlength="20" autocomplete="off" .value=${this.claimCode} placeholder=${t('claim.codeExample')}
          @input=${(event: Event) => { this.claimCode = (event.target as HTMLInputElement).value; }}></label>
      <button data-testid="claim-submit">${t('claim.submit')}</button>
      ${this.claimMessage ? html`<p class=${this.claimMessage.ok ? 'meta' : 'error'} role="status" data-testid="claim-message">${this.claimMessage.text}</p>` : ''}
    </form>`;
  }

  /** Permit types by id, built once per catalog (a search looks at every application). */
  private typesOf = new Map<string, PermitType>();
  private typesFrom: PermitCatalog | undefined;
  /** Each application's searchable text, kept while the application does not change (`id:updatedAt`). */
  private readonly searchText = new Map<string, string>();

  private typeOf(id: string): PermitType | undefined {
    if (this.typesFrom !== this.catalog) {
      this.typesFrom = this.catalog;
      this.typesOf = new Map((this.catalog?.permitTypes ?? []).map((type) => [type.id, type]));
      this.searchText.clear();
    }
    return this.typesOf.get(id);
  }

  /** Matches the permit type's name (either language), a number, the citizen, or any answer, ignoring case. */
  private matchesQuery(draft: ApplicationDoc): boolean {
    const words = this.query.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return true;
    const key = `${draft.id}:${draft.updatedAt}`;
    let text = this.searchText.get(key);
    if (text === undefined) {
      const type = this.typeOf(draft.permitTypeId);
      text = [type?.name.id, type?.name.en, type?.code, draft.provisionalNumber, draft.registrationNumber, draft.citizen?.name, draft.citizen?.nik,
        // Structured answers (addresses, groups) are searched by their texts.
        JSON.stringify(draft.answers)]
        .join(' ').toLowerCase();
      this.searchText.set(key, text);
    }
    return words.every((word) => text.includes(word));
  }

  private renderDraft(draft: ApplicationDoc) {
    const type = this.typeOf(draft.permitTypeId);
    const { done, total: required } = type ? progressOf(type, draft) : { done: 0, total: 0 };
    const when = new Date(draft.updatedAt).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
    const name = type ? pick(type.name) : t('drafts.unknownType', { id: draft.permitTypeId });
    return html`<li class="item">
      <button data-testid="draft-${draft.id}" data-draft-id=${draft.id}
          @click=${() => this.dispatchEvent(new CustomEvent<string>('open-draft', { detail: draft.id }))}>
        <span class="name">${name}</span>
        <progress max=${required || 1} value=${done}></progress>
        <span class="meta">${t('drafts.progress', { done, total: required })} · ${t('drafts.updated', { time: when })}</span>
        <span class="meta" data-testid="status-${draft.id}" data-status=${draft.status}>${statusText(draft)}${draft.provisionalNumber ? ` · ${draft.provisionalNumber}` : ''}${draft.citizen?.name ? ` · ${t('drafts.citizen', { name: draft.citizen.name })}` : ''}</span>
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
          ${draft.status === 'draft' ? html`<button class="secondary" data-testid="delete-${draft.id}" @click=${() => { this.confirming = draft.id; }}>${t('drafts.delete')}</button>` : ''}
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
