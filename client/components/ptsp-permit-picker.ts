import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { PermitCatalog, PermitType } from '../../common/catalog.js';
import { LocaleController, pick, t } from '../i18n/localize.js';
import { sharedStyles } from './shared-styles.js';

/**
 * Lists the permit types of the catalog with what each involves, so the applicant picks the right one.
 * @fires pick-permit - detail: PermitType
 * @fires cancel
 */
@customElement('ptsp-permit-picker')
export class PtspPermitPicker extends LitElement {
  static override styles = [sharedStyles, css`
    ul { list-style: none; padding: 0; display: grid; gap: 10px; }
    li button { width: 100%; text-align: left; background: white; color: inherit; border-color: #c5ccd3; padding: 12px; display: grid; gap: 4px; }
    .name { font-weight: 700; color: #0b5cad; }
    .facts { font-size: 0.85rem; color: #52606d; }
  `];

  @property({ attribute: false }) catalog: PermitCatalog | undefined;
  private readonly locale = new LocaleController(this);

  override render() {
    if (!this.catalog) return html`<p>${t('catalog.unavailable')}</p>`;
    return html`
      <h2>${t('picker.title')}</h2>
      <ul>${this.catalog.permitTypes.map((type) => html`
        <li><button data-testid="permit-${type.id}" @click=${() => this.pick(type)}>
          <span class="name">${pick(type.name)}</span>
          <span>${pick(type.description)}</span>
          <span class="facts">${pick(type.reviewingAgency)} · ${t('picker.sla', { days: type.slaWorkingDays })}
            · ${type.hasFee ? t('picker.fee') : t('picker.free')}${type.needsInspection ? html` · ${t('picker.inspection')}` : ''}</span>
        </button></li>`)}
      </ul>
      <button class="secondary" @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}>${t('picker.cancel')}</button>`;
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
