import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiRequestError } from '../../data/api.js';
import { trackApplication, type PublicTracking } from '../../data/public-tracking.js';
import type { TrackingStage } from '../../../common/sync-protocol.js';
import { locale, LocaleController, pick, t } from '../../i18n/localize.js';
import { sharedStyles } from '../../ui/shared-styles.js';

type Shown = { state: 'loading' } | { state: 'found'; tracking: PublicTracking } | { state: 'not-found' } | { state: 'offline' };

const when = (value: string | undefined): string | undefined =>
  value ? new Date(value).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' }) : undefined;

/**
 * The public tracking page a receipt's QR code opens (`/lacak/<number>`): anyone, signed in or
 * not, sees the application's permit type, its current stage, every stage it went through with
 * its date (as SICANTIK's tracking page lists them), and its registration number once given. No
 * names and no answers: the number alone must not tell who applied.
 */
@customElement('ptsp-public-tracking')
export class PtspPublicTracking extends LitElement {
  static override styles = [sharedStyles, css`
    /* A receipt number is one word: it must not break at its dashes. */
    .number-inline { white-space: nowrap; }
    h1 { font-size: 1.45rem; margin: 8px 0; }
    dl { display: grid; grid-template-columns: minmax(8em, 40%) 1fr; gap: 6px 12px; max-width: 520px; }
    dt { color: #52606d; }
    dd { margin: 0; font-weight: 600; overflow-wrap: break-word; min-width: 0; }
    .number { font-family: ui-monospace, monospace; white-space: nowrap; }
    .stage { font-size: 1.1rem; }
    h2 { font-size: 1.1rem; margin: 20px 0 8px; }
    ol.stages { list-style: none; padding: 0; margin: 0; max-width: 520px; border-left: 3px solid #9aa5b1; }
    ol.stages li { position: relative; padding: 0 0 12px 16px; }
    ol.stages li::before { content: ''; position: absolute; left: -8px; top: 0.3em; width: 13px; height: 13px; border-radius: 50%; background: #52606d; }
    ol.stages li:last-child::before { background: #0b6e4f; }
    ol.stages .what { display: block; font-weight: 600; }
    ol.stages time { color: #52606d; }
    @media (max-width: 440px) { dl { grid-template-columns: 1fr; gap: 0; } dd { margin-bottom: 8px; } }
  `];

  /** The receipt number from the address. */
  @property({ attribute: false }) number = '';
  @state() private shown: Shown = { state: 'loading' };
  private readonly locale = new LocaleController(this);

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('number')) void this.load();
  }

  private async load(): Promise<void> {
    const number = this.number;
    this.shown = { state: 'loading' };
    try {
      const tracking = await trackApplication(number);
      if (number === this.number) this.shown = { state: 'found', tracking };
    } catch (error) {
      if (number !== this.number) return;
      this.shown = error instanceof ApiRequestError && error.status === 404 ? { state: 'not-found' } : { state: 'offline' };
    }
  }

  /** A message with the number in place of its \u0000 marker, the number kept on one line. */
  private withNumber(text: string) {
    const [before, after] = text.split('\u0000');
    return html`${before}<span class="number-inline">${this.number}</span>${after ?? ''}`;
  }

  override render() {
    return html`<h1 tabindex="-1" data-testid="tracking-title">${t('tracking.title')}</h1>
      <dl><dt>${t('tracking.number')}</dt><dd><span class="number" data-testid="tracking-number">${this.number}</span></dd>
      ${this.shown.state === 'found' ? this.renderFound(this.shown.tracking) : nothing}</dl>
      ${this.shown.state === 'found' ? this.renderStages(this.shown.tracking.stages ?? []) : nothing}
      ${this.shown.state === 'loading' ? html`<p role="status" data-testid="tracking-loading">${t('tracking.loading')}</p>` : nothing}
      ${this.shown.state === 'not-found' ? html`<p role="status" data-testid="tracking-not-found">${this.withNumber(t('tracking.notFound', { number: '\u0000' }))}</p>` : nothing}
      ${this.shown.state === 'offline' ? html`<p class="error" role="alert" data-testid="tracking-offline">${t('tracking.offline')}</p>
        <button class="secondary" data-testid="tracking-retry" @click=${() => void this.load()}>${t('tracking.retry')}</button>` : nothing}
      <p><a href="/" data-testid="tracking-sign-in">${t('tracking.signIn')}</a></p>`;
  }

  private renderFound(tracking: PublicTracking) {
    const typeName = tracking.permitTypeName ? pick(tracking.permitTypeName) : tracking.permitTypeId;
    const registration = tracking.registrationNumber;
    const stage = tracking.status === 'returned' ? t('tracking.stage.returned')
      : tracking.status === 'submitted' ? (registration ? t('tracking.stage.registered') : t('tracking.stage.submitted'))
        : tracking.status === 'in-review' || tracking.status === 'needs-information' || tracking.status === 'reviewed'
          ? t(`trackStage.current.${tracking.status}`)
          : t('tracking.stage.other', { status: String(tracking.status) });
    const dates: [string, string | undefined][] = [
      [t('tracking.submittedAt'), when(tracking.submittedAt)],
      [t('tracking.registeredAt'), when(tracking.registeredAt)],
      [t('tracking.returnedAt'), tracking.status === 'returned' ? when(tracking.returnedAt) : undefined],
    ];
    return html`
      <dt>${t('tracking.permit')}</dt><dd data-testid="tracking-permit">${typeName}</dd>
      <dt>${t('tracking.stage')}</dt><dd class="stage" data-testid="tracking-stage" data-status=${tracking.status}>${stage}</dd>
      ${registration ? html`<dt>${t('tracking.registration')}</dt><dd><span class="number" data-testid="tracking-registration">${registration}</span></dd>` : nothing}
      ${(tracking.stages ?? []).length > 0 ? nothing : dates.filter(([, value]) => value).map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}`;
  }

  /** Every stage with its date, oldest first; the latest is where the application stands now. */
  private renderStages(stages: TrackingStage[]) {
    if (stages.length === 0) return nothing;
    return html`<h2>${t('trackStage.heading')}</h2>
      <ol class="stages" data-testid="tracking-stages">
        ${stages.map((entry) => html`<li data-stage=${entry.stage}>
          <span class="what">${t(`trackStage.${entry.stage}`)}</span>
          <time datetime=${entry.at}>${when(entry.at)}</time></li>`)}
      </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-public-tracking': PtspPublicTracking;
  }
}
