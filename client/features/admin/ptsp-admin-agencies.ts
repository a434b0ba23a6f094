import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { AdminAgency } from '../../../common/admin-protocol.js';
import type { LocalizedText } from '../../../common/catalog.js';
import { createAgency, listAgencies, updateAgency } from '../../data/admin.js';
import { LocaleController, pick, t } from '../../i18n/localize.js';
import { sharedStyles } from '../../ui/shared-styles.js';
import { adminStyles, fieldErrorOf } from './admin-support.js';
import { LoadController, RowActionsController, SubmitController } from './request-controllers.js';

/**
 * The agencies section (`/admin/instansi`): the agencies (OPD) that review applications, each
 * with its name in both languages; add one, rename one, deactivate or activate it. The server
 * refuses to deactivate an agency the newest catalog still routes applications to, and says so.
 */
@customElement('ptsp-admin-agencies')
export class PtspAdminAgencies extends LitElement {
  static override styles = [sharedStyles, adminStyles, css`
    code { font-size: 0.9rem; }
  `];

  @state() private renamingFor: string | undefined;
  private readonly agencies = new LoadController<AdminAgency[]>(this, listAgencies);
  private readonly creating = new SubmitController(this);
  private readonly rows = new RowActionsController(this);
  private readonly locale = new LocaleController(this);

  override render() {
    return html`<details data-testid="agency-create-section">
        <summary>${t('agencies.create')}</summary>
        ${this.renderCreate()}
      </details>
      <h3>${t('agencies.list')}</h3>
      ${this.renderList()}`;
  }

  private renderCreate() {
    const creating = this.creating;
    const fieldError = fieldErrorOf(creating.problems);
    return html`<form novalidate data-testid="agency-create" @submit=${(event: SubmitEvent) => void this.create(event)}>
      <label>${t('agencies.id')}
        <input name="id" autocomplete="off" autocapitalize="none" spellcheck="false" required maxlength="40" data-testid="new-agency-id">
        <span class="hint">${t('agencies.idHint')}</span>${fieldError('/id')}
      </label>
      ${this.nameInputs(undefined, fieldError)}
      ${creating.renderError('agency-create-error')}
      ${creating.renderDone('agency-created')}
      <div class="actions"><button type="submit" ?disabled=${creating.busy} data-testid="agency-create-submit">
        ${creating.busy ? t('admin.saving') : t('agencies.create')}</button></div>
    </form>`;
  }

  private nameInputs(name: LocalizedText | undefined, fieldError: (path: string) => unknown) {
    return html`<label>${t('agencies.nameId')}
        <input name="nameId" autocomplete="off" required maxlength="200" .value=${name?.id ?? ''} data-testid="agency-name-id">
        <span class="hint">${t('agencies.nameExample')}</span>${fieldError('/name/id')}
      </label>
      <label>${t('agencies.nameEn')}
        <input name="nameEn" autocomplete="off" required maxlength="200" .value=${name?.en ?? ''} data-testid="agency-name-en">${fieldError('/name/en')}
      </label>`;
  }

  private renderList() {
    if (this.agencies.error) return this.agencies.renderError('agencies-load-error');
    const agencies = this.agencies.value;
    if (!agencies) return html`<p>${t('admin.loading')}</p>`;
    if (agencies.length === 0) return html`<p data-testid="agencies-none">${t('agencies.none')}</p>`;
    return html`<ul class="items" data-testid="agencies">
      ${repeat(agencies, (agency) => agency.id, (agency) => this.renderAgency(agency))}
    </ul>`;
  }

  private renderAgency(agency: AdminAgency) {
    const busy = this.rows.isBusy(agency.id);
    return html`<li data-testid="agency-${agency.id}" data-active=${String(agency.active)}>
      <div class="head">
        <span class="name" data-testid="agency-name">${pick(agency.name)}</span>
        ${agency.active ? nothing : html`<span class="tag off" data-testid="agency-inactive">${t('agencies.inactive')}</span>`}
      </div>
      <div class="muted"><code>${agency.id}</code> · ${agency.name.id} / ${agency.name.en}</div>
      ${this.renamingFor === agency.id ? html`<form novalidate data-testid="agency-rename-form" @submit=${(event: SubmitEvent) => void this.rename(event, agency)}>
          ${this.nameInputs(agency.name, () => nothing)}
          <div class="actions">
            <button type="submit" ?disabled=${busy} data-testid="agency-rename-submit">${busy ? t('admin.saving') : t('admin.save')}</button>
            <button type="button" class="secondary" @click=${() => { this.renamingFor = undefined; }}>${t('admin.cancel')}</button>
          </div>
        </form>` : html`<div class="actions">
          <button class="secondary" ?disabled=${busy} data-testid="agency-rename" @click=${() => { this.renamingFor = agency.id; }}>${t('agencies.rename')}</button>
          <button class="secondary" ?disabled=${busy} data-testid="agency-toggle" @click=${() => void this.toggle(agency)}>
            ${agency.active ? t('agencies.deactivate') : t('agencies.activate')}</button>
        </div>`}
      ${this.rows.renderNote(agency.id, 'agency-note')}
    </li>`;
  }

  private async create(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string): string => String(data.get(name) ?? '').trim();
    const agency = await this.creating.run(() => createAgency({ id: text('id'), name: { id: text('nameId'), en: text('nameEn') } }),
      (made) => t('agencies.created', { name: pick(made.name) }));
    if (!agency) return;
    form.reset();
    this.agencies.set([...(this.agencies.value ?? []), agency].sort((a, b) => a.id.localeCompare(b.id)));
  }

  /** One change of one agency; the server's answer replaces it in the list. */
  private act(agency: AdminAgency, change: () => Promise<AdminAgency>, done: (updated: AdminAgency) => string): Promise<boolean> {
    return this.rows.run(agency.id, change,
      (updated) => this.agencies.set((this.agencies.value ?? []).map((known) => (known.id === updated.id ? updated : known))), done);
  }

  private async rename(event: SubmitEvent, agency: AdminAgency): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const name = { id: String(data.get('nameId') ?? '').trim(), en: String(data.get('nameEn') ?? '').trim() };
    if (await this.act(agency, () => updateAgency(agency.id, { name }), () => t('agencies.renamed', { id: agency.id }))) this.renamingFor = undefined;
  }

  private async toggle(agency: AdminAgency): Promise<void> {
    const name = pick(agency.name);
    if (agency.active && !confirm(t('agencies.confirmDeactivate', { name }))) return;
    await this.act(agency, () => updateAgency(agency.id, { active: !agency.active }),
      (updated) => (updated.active ? t('agencies.activated', { name }) : t('agencies.deactivated', { name })));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-admin-agencies': PtspAdminAgencies;
  }
}
