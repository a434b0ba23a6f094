import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ApplicationDoc } from '../../../common/application-schema.js';
import { stagesOf } from '../../../common/stages.js';
import { dateTimeText, LocaleController, t } from '../../i18n/localize.js';
import { sharedStyles } from '../../ui/shared-styles.js';

/**
 * The stages of the applicant's own submitted application (the applicant's, or the citizen who
 * claimed it): each stage it entered with the server's time, oldest first, as the public tracking
 * page lists them, since for the applicant it is a journey read from its start. Read from the
 * device's own copy of the application (its server-owned `stages`, `submittedAt`, `registeredAt`,
 * through the same common/stages.ts the server's tracking uses), so it shows offline too and
 * follows each change the replication brings, with nothing to ask. Nothing about staff or notes:
 * those never reach the applicant's device.
 */
@customElement('ptsp-application-stages')
export class PtspApplicationStages extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; }
    h2 { font-size: 1.1rem; margin: 0 0 8px; }
    .muted { color: #52606d; font-size: 0.9rem; margin: 0; }
    ol { list-style: none; padding: 0; margin: 0 0 0 6px; border-left: 3px solid #9aa5b1; }
    li { position: relative; padding: 0 0 12px 16px; }
    li::before { content: ''; position: absolute; left: -8px; top: 0.3em; width: 13px; height: 13px; border-radius: 50%; background: #52606d; }
    li:last-child { padding-bottom: 0; }
    li:last-child::before { background: #0b6e4f; }
    .what { display: block; font-weight: 600; }
    time { color: #52606d; }
  `];

  /** The application whose stages show (never a draft: it has none). */
  @property({ attribute: false }) application: ApplicationDoc | undefined;
  private readonly locale = new LocaleController(this);

  override render() {
    if (!this.application || this.application.status === 'draft') return nothing;
    const stages = stagesOf(this.application);
    return html`<section aria-labelledby="stages-title" data-testid="application-stages">
      <h2 id="stages-title">${t('trackStage.heading')}</h2>
      ${stages.length === 0 ? html`<p class="muted" data-testid="stages-empty">${t('stages.empty')}</p>` : html`<ol data-testid="stages-list">
        ${stages.map((entry) => html`<li data-stage=${entry.stage}>
          <span class="what">${t(`trackStage.${entry.stage}`)}</span>
          <time datetime=${entry.at}>${dateTimeText(entry.at)}</time></li>`)}
      </ol>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-application-stages': PtspApplicationStages;
  }
}
