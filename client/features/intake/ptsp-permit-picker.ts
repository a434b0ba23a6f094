import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PermitCatalog, PermitType } from '../../../common/catalog.js';
import { LocaleController, pick, t } from '../../i18n/localize.js';
import { sharedStyles } from '../../ui/shared-styles.js';

/** Whether a permit type matches every word typed: its name, code or description, in either language. */
export function permitMatches(type: PermitType, query: string): boolean {
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const text = [type.code, type.id, type.name.id, type.name.en, type.description.id, type.description.en].join(' ').toLowerCase();
  return words.every((word) => text.includes(word));
}

/**
 * Lists the permit types of the catalog, searchable by name, code or description, as compact
 * cards with what each involves, so the applicant picks the right one, or ticks several to file
 * them together as a bundle (e.g. SIUP with TDP). A pick starts one draft only: a double tap, or
 * a tap while the first is still being created, is not a second draft.
 * @fires pick-permit - detail: PermitType (once)
 * @fires pick-bundle - detail: PermitType[] (once)
 * @fires cancel
 */
@customElement('ptsp-permit-picker')
export class PtspPermitPicker extends LitElement {
  static override styles = [sharedStyles, css`
    h1 { font-size: 1.45rem; margin: 8px 0 4px; }
    ul { list-style: none; padding: 0; display: grid; gap: 8px; margin: 8px 0; }
    li { display: grid; grid-template-columns: 1fr auto; gap: 6px; align-items: stretch; }
    li button.card { width: 100%; text-align: left; background: white; color: inherit; border-color: #c5ccd3; padding: 8px 10px;
      display: grid; gap: 2px; min-width: 0; }
    .title { display: flex; gap: 8px; align-items: baseline; }
    .name { font-weight: 700; color: #0b5cad; overflow-wrap: break-word; min-width: 0; }
    .code { font-size: 0.8rem; font-weight: 700; color: #52606d; border: 1px solid #c5ccd3; border-radius: 4px; padding: 0 4px; flex: none; }
    /* Two lines of the description: enough to tell types apart; the search looks through all of it. */
    .description { font-size: 0.9rem; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
    .facts { font-size: 0.8rem; color: #52606d; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
    label.bundle { display: grid; justify-items: center; align-content: center; gap: 2px; font-size: 0.75rem; color: #52606d;
      width: 48px; padding: 0 2px; border: 1px dashed #c5ccd3; border-radius: 8px; text-align: center; }
    label.bundle input { width: 22px; min-height: 22px; margin: 0; }
    .bundle-bar { position: sticky; bottom: 0; background: #f4f7fa; padding: 8px; border-top: 1px solid #d5dbe1; display: grid; gap: 6px; }
    .search { display: grid; gap: 4px; font-weight: 600; }
    .help { font-size: 0.85rem; color: #52606d; margin: 4px 0; }
  `];

  /** Permit types ticked for a bundle, in the order ticked. */
  @state() private bundle: PermitType[] = [];
  @state() private query = '';
  /** Set by the first pick: the draft is being created, further taps do nothing. */
  @state() private picked = false;

  @property({ attribute: false }) catalog: PermitCatalog | undefined;
  private readonly locale = new LocaleController(this);

  override render() {
    if (!this.catalog) return html`<h1 tabindex="-1">${t('picker.title')}</h1><p>${t('catalog.unavailable')}</p>`;
    const shown = this.catalog.permitTypes.filter((type) => permitMatches(type, this.query));
    return html`
      <h1 tabindex="-1">${t('picker.title')}</h1>
      <label class="search">${t('picker.search')}
        <input type="search" data-testid="permit-search" .value=${this.query} placeholder=${t('picker.searchExample')}
          @input=${(event: Event) => { this.query = (event.target as HTMLInputElement).value; }}>
      </label>
      <p class="help">${t('bundle.help')}</p>
      ${this.picked ? html`<p role="status" data-testid="picker-starting">${t('picker.starting')}</p>` : ''}
      ${shown.length === 0 ? html`<p data-testid="permit-no-match">${t('picker.noMatch', { query: this.query })}</p>` : ''}
      <ul data-testid="permit-list">${shown.map((type) => html`
        <li><button class="card" data-testid="permit-${type.id}" aria-disabled=${this.picked ? 'true' : 'false'}
            @click=${() => this.pick(type)} @dblclick=${(event: Event) => event.preventDefault()}>
          <span class="title"><span class="name">${pick(type.name)}</span><span class="code">${type.code}</span></span>
          <span class="description">${pick(type.description)}</span>
          <span class="facts">${pick(type.reviewingAgency)} · ${t('picker.sla', { days: type.slaWorkingDays })}
            · ${type.hasFee ? t('picker.fee') : t('picker.free')}${type.needsInspection ? html` · ${t('picker.inspection')}` : ''}</span>
        </button>
        <label class="bundle" title=${t('bundle.title')}><input type="checkbox" data-testid="bundle-${type.id}"
          .checked=${this.bundle.includes(type)} @change=${(event: Event) => this.toggle(type, (event.target as HTMLInputElement).checked)}>
          ${t('bundle.member')}</label></li>`)}
      </ul>
      ${this.bundle.length >= 2 ? html`<div class="bundle-bar"><span>${this.bundle.map((type) => type.code).join(' + ')}</span>
        <button data-testid="start-bundle" ?disabled=${this.picked} @click=${() => this.pickBundle()}>
          ${t('bundle.start', { count: this.bundle.length })}</button></div>` : ''}
      <button class="secondary" @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}>${t('picker.cancel')}</button>`;
  }

  /** Lets the picker be used again (the app calls it if creating the draft failed). */
  reset(): void {
    this.picked = false;
  }

  private toggle(type: PermitType, ticked: boolean): void {
    this.bundle = ticked ? [...this.bundle.filter((member) => member !== type), type] : this.bundle.filter((member) => member !== type);
  }

  private pick(type: PermitType): void {
    // A double tap is two clicks: only the first starts a draft.
    if (this.picked) return;
    this.picked = true;
    this.dispatchEvent(new CustomEvent<PermitType>('pick-permit', { detail: type }));
  }

  private pickBundle(): void {
    if (this.picked) return;
    this.picked = true;
    this.dispatchEvent(new CustomEvent<PermitType[]>('pick-bundle', { detail: this.bundle }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-permit-picker': PtspPermitPicker;
  }
}
