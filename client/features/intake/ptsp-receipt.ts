import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { generate } from 'lean-qr';
import type { ApplicationDoc } from '../../../common/application-schema.js';
import type { PermitType } from '../../../common/catalog.js';
import { trackingUrl } from '../../../common/sync-protocol.js';
import { locale, LocaleController, pick, t } from '../../i18n/localize.js';
import { sharedStyles } from '../../ui/shared-styles.js';
import { pathOf } from '../../app/router.js';

/** Answers that name the business, by the ids the catalog uses for them (the first one given wins). */
const BUSINESS_NAME_FIELDS = ['companyName', 'businessName', 'facilityName'];

/**
 * What a receipt's QR code holds: the public tracking address of its provisional number, which
 * anyone can open without an account. The provisional number is the one printed at once and never
 * changes, so a receipt printed offline keeps working.
 */
export function receiptLink(application: ApplicationDoc, publicUrl: string = location.origin): string {
  return trackingUrl(publicUrl, application.provisionalNumber ?? application.registrationNumber ?? application.id);
}

/** Who the application is for: the walk-in citizen (booth filings) or the applicant's own answer. */
export function applicantName(application: ApplicationDoc): string | undefined {
  const typed = application.answers.applicantName;
  return application.citizen?.name?.trim() || (typeof typed === 'string' && typed.trim() ? typed.trim() : undefined);
}

export function businessName(application: ApplicationDoc): string | undefined {
  for (const id of BUSINESS_NAME_FIELDS) {
    const answer = application.answers[id];
    if (typeof answer === 'string' && answer.trim()) return answer.trim();
  }
  return undefined;
}

/**
 * The receipt given at submission, online or not: the provisional number at once, the official
 * registration number once the server has given it, who and which business it is for, a QR code
 * with the public tracking link, and for a booth filing the citizen's claim code. Printable on its
 * own (print styles hide the rest of the page). On a narrow screen each label sits above its
 * value, and numbers never break.
 */
@customElement('ptsp-receipt')
export class PtspReceipt extends LitElement {
  static override styles = [sharedStyles, css`
    :host { border: 2px solid #1b1f24; border-radius: 8px; padding: 12px 16px; max-width: 520px; background: white;
      container-type: inline-size; box-sizing: border-box; }
    h1, h2 { font-size: 1.25rem; margin: 0 0 4px; }
    dl { display: grid; grid-template-columns: minmax(8em, 40%) 1fr; gap: 6px 12px; margin: 8px 0; }
    dt { color: #52606d; }
    /* Break between words only; a single word longer than the line may still break rather than overflow. */
    dd { margin: 0; font-weight: 600; overflow-wrap: break-word; min-width: 0; }
    .number { font-family: ui-monospace, monospace; font-size: 1.15rem; letter-spacing: 0.03em; white-space: nowrap; }
    .pending { font-weight: normal; color: #52606d; }
    .qr { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
    img { width: 132px; height: 132px; image-rendering: pixelated; }
    .claim { background: #fff4ce; padding: 8px; border-radius: 6px; margin: 8px 0; }
    .muted { color: #52606d; font-size: 0.85rem; }
    .link { overflow-wrap: anywhere; }
    /* A phone: the label above its value, so neither is squeezed into a sliver. */
    @container (max-width: 440px) {
      dl { grid-template-columns: 1fr; gap: 0; }
      dd { margin-bottom: 8px; }
    }
    @media print { button { display: none; } :host { border-width: 1px; } }
  `];

  @property({ attribute: false }) application: ApplicationDoc | undefined;
  @property({ attribute: false }) permitType: PermitType | undefined;
  /** The office's public address for the QR link (the app knows it; this page's origin until then). */
  @property({ attribute: false }) publicUrl: string | undefined;
  /** On its own page (printable, its heading the page's); inside the form it links to that page instead. */
  @property({ type: Boolean }) standalone = false;
  private readonly locale = new LocaleController(this);
  /** The QR image for the current link: encoded again only when the link changes, not per render. */
  private qr: { link: string; image: string } | undefined;

  /** The link the QR code holds (for tests and for the printed text). */
  get link(): string | undefined {
    return this.application?.provisionalNumber ? receiptLink(this.application, this.publicUrl ?? location.origin) : undefined;
  }

  override willUpdate(): void {
    const link = this.link;
    if (link && link !== this.qr?.link) this.qr = { link, image: generate(link).toDataURL({ scale: 4, padX: 2, padY: 2 }) };
  }

  override render() {
    const application = this.application;
    if (!application?.provisionalNumber) return html``;
    const submitted = application.submittedAt ? new Date(application.submittedAt).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' }) : '';
    const person = applicantName(application);
    const business = businessName(application);
    const title = t('receipt.title');
    return html`
      ${this.standalone ? html`<h1 tabindex="-1" data-testid="receipt-title">${title}</h1>` : html`<h2 data-testid="receipt-title">${title}</h2>`}
      <dl data-testid="receipt-values">
        <dt>${t('receipt.provisional')}</dt><dd><span class="number" data-testid="provisional-number">${application.provisionalNumber}</span></dd>
        <dt>${t('receipt.registration')}</dt>
        <dd>${application.registrationNumber
          ? html`<span class="number" data-testid="registration-number">${application.registrationNumber}</span>`
          : html`<span class="pending" data-testid="registration-pending">${t('receipt.registrationPending')}</span>`}</dd>
        <dt>${t('receipt.permit')}</dt><dd data-testid="receipt-permit">${this.permitType ? pick(this.permitType.name) : application.permitTypeId}</dd>
        ${person ? html`<dt>${t('receipt.applicant')}</dt><dd data-testid="receipt-applicant">${person}</dd>` : ''}
        ${business ? html`<dt>${t('receipt.business')}</dt><dd data-testid="receipt-business">${business}</dd>` : ''}
        <dt>${t('receipt.submittedAt')}</dt><dd data-testid="receipt-submitted">${submitted}</dd>
      </dl>
      ${application.claimCode ? html`<div class="claim">${t('receipt.claimCode')}:
        <strong class="number" data-testid="claim-code">${application.claimCode}</strong>
        <p>${t('receipt.claimHelp')}</p>
        <p class="muted" data-testid="claim-when-online">${t('receipt.claimWhenOnline')}</p></div>` : ''}
      <div class="qr">
        <img src=${this.qr?.image ?? ''} alt=${t('receipt.qrLabel')} data-testid="receipt-qr" data-link=${this.qr?.link ?? ''}>
        ${this.standalone
          ? html`<button class="secondary" data-testid="print-receipt" @click=${() => window.print()}>${t('receipt.print')}</button>`
          : html`<a href=${pathOf({ page: 'receipt', id: application.id })} data-testid="receipt-page">${t('receipt.print')}</a>`}
      </div>
      <p class="muted link">${t('receipt.track', { link: this.qr?.link ?? '' })}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-receipt': PtspReceipt;
  }
}
