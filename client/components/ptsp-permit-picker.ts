import { css, html, LitElement } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PermitCatalog, PermitType } from '../../common/catalog.js';
import { LocaleController, pick, t } from '../i18n/localize.js';
import { sharedStyles } from './shared-styles.js';

/**
 * Lists the permit types of the catalog with what each involves, so the applicant picks the right
 * one, or ticks several to file them together as a bundle (e.g. SIUP with TDP).
 * @fires pick-permit - detail: PermitType
 * @fires pick-bundle - detail: PermitType[]
 * @fires cancel
 */
@customElement('ptsp-permit-picker')
export class PtspPermitPicker extends LitElement {
  static override styles = [sharedStyles, css`
    ul { list-style: none; padding: 0; display: grid; gap: 10px; }
    li button { width: 100%; text-align: left; background: white; color: inherit; border-color: #c5ccd3; padding: 12px; display: grid; gap: 4px; }
    .name { font-weight: 700; color: #0b5cad; }
    .facts { font-size: 0.85rem; color: #52606d; }
    li { display: grid; grid-template-columns: 1fr auto; gap: 8px; align-items: stretch; }
    label.bundle { display: flex; align-items: center; gap: 6px; font-size: 0.85rem; padding: 0 6px; border: 1px dashed #c5ccd3; border-radius: 8px; }
    label.bundle input { width: 22px; min-height: 22px; }
    .bundle-bar { position: sticky; bottom: 0; background: #f4f7fa; padding: 8px; border-top: 1px solid #d5dbe1; display: grid; gap: 6px; }
  `];

  /** Permit types ticked for a bundle, in the order ticked. */
  @state() private bundle: PermitType[] = [];

  @property({ attribute: false }) catalog: PermitCatalog | undefined;
  private readonly locale = new LocaleController(this);

  override render() {
    if (!this.catalog) return html`<p>${t('catalog.unavailable')}</p>`;
    return html`
      <h2>${t('picker.title')}</h2>
      <p class="facts">${t('bundle.help')}</p>
      <ul>${this.catalog.permitTypes.map((type) => html`
        <li><button data-testid="permit-${type.id}" @click=${() => this.pick(type)}>
          <span class="name">${pick(type.name)}</span>
          <span>${pick(type.description)}</span>
          <span class="facts">${pick(type.reviewingAgency)} · ${t('picker.sla', { days: type.slaWorkingDays })}
            · ${type.hasFee ? t('picker.fee') : t('picker.free')}${type.needsInspection ? html` · ${t('picker.inspection')}` : ''}</span>
        </button>
        <label class="bundle" title=${t('bundle.title')}><input type="checkbox" data-testid="bundle-${type.id}"
          .checked=${this.bundle.includes(type)} @change=${(event: Event) => this.toggle(type, (event.target as HTMLInputElement).checked)}>
          ${t('bundle.member')}</label></li>`)}
      </ul>
      ${this.bundle.length >= 2 ? html`<div class="bundle-bar"><span>${this.bundle.map((type) => type.code).join(' + ')}</span>
        <button data-testid="start-bundle" @click=${() => this.dispatchEvent(new CustomEvent<PermitType[]>('pick-bundle', { detail: this.bundle }))}>
          ${t('bundle.start', { count: this.bundle.length })}</button></div>` : ''}
      <button class="secondary" @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}>${t('picker.cancel')}</button>`;
  }

  private toggle(type: PermitType, ticked: boolean): void {
    this.bundle = ticked ? [...this.bundle.filter((member) => member !== type), type] : this.bundle.filter((member) => member !== type);
  }

  private pick(type: PermitType): void {
    this.dispatchEvent(new CustomEvent<PermitType>('pick-permit', { detail: type }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-permit-picker': PtspPermitPicker;
  }
}
