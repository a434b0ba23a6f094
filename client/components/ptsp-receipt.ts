import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { generate } from 'lean-qr';
import type { ApplicationDoc } from '../../common/application-schema.js';
import type { PermitType } from '../../common/catalog.js';
import { locale, LocaleController, pick, t } from '../i18n/localize.js';
import { sharedStyles } from './shared-styles.js';

/** What a receipt's QR code holds: the address that finds the application by its receipt number. */
export function receiptLink(application: ApplicationDoc): string {
  return `${location.origin}/#/find/${encodeURIComponent(application.registrationNumber ?? application.provisionalNumber ?? application.id)}`;
}

/**
 * The receipt given at submission, online or not: the provisional number at once, the official
 * registration number once the server has given it, a QR code, and for a booth filing the
 * citizen's claim code. Printable on its own (print styles hide the rest of the page).
 */
@customElement('ptsp-receipt')
export class PtspReceipt extends LitElement {
  static override styles = [sharedStyles, css`
    :host { border: 2px solid #1b1f24; border-radius: 8px; padding: 12px 16px; max-width: 520px; background: white; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; margin: 8px 0; }
    dt { color: #52606d; }
    dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
    .number { font-family: ui-monospace, monospace; font-size: 1.2rem; letter-spacing: 0.05em; }
    .pending { font-weight: normal; color: #52606d; }
    .qr { display: flex; gap: 12px; align-items: center; }
    img { width: 132px; height: 132px; image-rendering: pixelated; }
    .claim { background: #fff4ce; padding: 8px; border-radius: 6px; }
    @media print { button { display: none; } :host { border-width: 1px; } }
  `];

  @property({ attribute: false }) application: ApplicationDoc | undefined;
  @property({ attribute: false }) permitType: PermitType | undefined;
  /** On its own page (printable); inside the form it links to that page instead. */
  @property({ type: Boolean }) standalone = false;
  private readonly locale = new LocaleController(this);
  /** The QR image for the current link: encoded again only when the link changes, not per render. */
  private qr: { link: string; image: string } | undefined;

  override willUpdate(): void {
    const link = this.application?.provisionalNumber ? receiptLink(this.application) : undefined;
    if (link && link !== this.qr?.link) this.qr = { link, image: generate(link).toDataURL({ scale: 4, padX: 2, padY: 2 }) };
  }

  override render() {
    const application = this.application;
    if (!application?.provisionalNumber) return html``;
    const submitted = application.submittedAt ? new Date(application.submittedAt).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' }) : '';
    return html`
      <h3>${t('receipt.title')}</h3>
      <dl>
        <dt>${t('receipt.permit')}</dt><dd>${this.permitType ? pick(this.permitType.name) : application.permitTypeId}</dd>
        ${application.citizen?.name ? html`<dt>${t('receipt.applicant')}</dt><dd>${application.citizen.name}</dd>` : ''}
        <dt>${t('receipt.provisional')}</dt><dd class="number" data-testid="provisional-number">${application.provisionalNumber}</dd>
        <dt>${t('receipt.registration')}</dt>
        <dd>${application.registrationNumber
          ? html`<span class="number" data-testid="registration-number">${application.registrationNumber}</span>`
          : html`<span class="pending" data-testid="registration-pending">${t('receipt.registrationPending')}</span>`}</dd>
        <dt>${t('receipt.submittedAt')}</dt><dd>${submitted}</dd>
      </dl>
      ${application.claimCode ? html`<p class="claim">${t('receipt.claimCode')}:
        <strong class="number" data-testid="claim-code">${application.claimCode}</strong><br>${t('receipt.claimHelp')}</p>` : ''}
      <div class="qr">
        <img src=${this.qr?.image ?? ''} alt=${t('receipt.qrLabel')} data-testid="receipt-qr">
        ${this.standalone
          ? html`<button class="secondary" data-testid="print-receipt" @click=${() => window.print()}>${t('receipt.print')}</button>`
          : html`<a href="#/receipts/${application.id}" data-testid="receipt-page">${t('receipt.print')}</a>`}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-receipt': PtspReceipt;
  }
}
