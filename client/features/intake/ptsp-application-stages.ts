import { css, html, LitElement, nothing } from 'lit';
import { consume } from '@lit/context';
import { customElement, property } from 'lit/decorators.js';
import type { ApplicationDoc } from '../../../common/application-schema.js';
import { sessionContext, workspaceContext, type SessionInfo } from '../../app/context.js';
import { applicationHistories, type ApplicationHistories, type HistoryView } from '../../data/application-history.js';
import type { Workspace } from '../../data/workspace.js';
import { dateTimeText, LocaleController, t } from '../../i18n/localize.js';
import { ObserveController } from '../../ui/observe-controller.js';
import { sharedStyles } from '../../ui/shared-styles.js';

/**
 * The stages of the applicant's own submitted application (the applicant's, or the citizen who
 * claimed it): each stage it entered with the server's time, oldest first, as the public tracking
 * page lists them, since for the applicant it is a journey read from its start. Nothing about
 * staff or notes: the server sends the owner and claimant the stages only. From
 * client/data/application-history.ts: the server's answer, or the copy kept on this device marked
 * "as of" when the server cannot be asked; asked again when the application's state changes here.
 */
@customElement('ptsp-application-stages')
export class PtspApplicationStages extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; }
    h2 { font-size: 1.1rem; margin: 0 0 8px; }
    .muted { color: #52606d; font-size: 0.9rem; margin: 0; }
    .as-of { background: #fff4e5; border-left: 4px solid #b35c00; padding: 6px 10px; border-radius: 4px; margin: 0 0 8px; }
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
  /** Where histories come from (the page's own; a test may give its own). */
  @property({ attribute: false }) histories: ApplicationHistories = applicationHistories;
  @consume({ context: workspaceContext, subscribe: true })
  @property({ attribute: false }) workspace: Workspace | undefined;
  @consume({ context: sessionContext, subscribe: true })
  @property({ attribute: false }) session: SessionInfo | undefined;

  private readonly view = new ObserveController<HistoryView>(this);
  private readonly locale = new LocaleController(this);
  private observing = '';
  private seenState = '';

  override willUpdate(changed: Map<string, unknown>): void {
    const application = this.application;
    const userId = this.session?.user?.userId ?? this.workspace?.user.userId;
    const id = application && application.status !== 'draft' ? application.id : undefined;
    const which = id && userId ? `${userId}:${id}` : '';
    const state = application ? `${application.status}:${application.registrationNumber ?? ''}` : '';
    if (which !== this.observing || changed.has('histories')) {
      this.observing = which;
      this.view.observe(id && userId ? this.histories.history$(userId, id) : undefined);
    } else if (state !== this.seenState && id && userId) {
      // A new stage reached this device (a number given, a return): the server has its time.
      void this.histories.refresh(userId, id);
    }
    this.seenState = state;
  }

  override render() {
    if (!this.application || this.application.status === 'draft') return nothing;
    const view = this.view.value;
    return html`<section aria-labelledby="stages-title" data-testid="application-stages">
      <h2 id="stages-title">${t('trackStage.heading')}</h2>
      ${this.renderBody(view)}
    </section>`;
  }

  private renderBody(view: HistoryView | undefined) {
    if (view === undefined || view.state === 'loading') return html`<p class="muted" role="status" data-testid="stages-loading">${t('app.loading')}</p>`;
    if (view.state === 'unavailable') return html`<p class="muted" role="status" data-testid="stages-unavailable">${t('stages.unavailable')}</p>`;
    if (view.state === 'not-found') return html`<p class="muted" role="status" data-testid="stages-not-found">${t('stages.notFound')}</p>`;
    const stages = view.history.stages;
    return html`${view.fresh ? nothing : html`<p class="as-of" role="status" data-testid="stages-as-of" data-fetched-at=${view.fetchedAt}>${
      t(view.refreshing ? 'history.asOfChecking' : 'history.asOf', { time: dateTimeText(view.fetchedAt) })}</p>`}
      ${stages.length === 0 ? html`<p class="muted" data-testid="stages-empty">${t('stages.empty')}</p>` : html`<ol data-testid="stages-list">
        ${stages.map((entry) => html`<li data-stage=${entry.stage}>
          <span class="what">${t(`trackStage.${entry.stage}`)}</span>
          <time datetime=${entry.at}>${dateTimeText(entry.at)}</time></li>`)}
      </ol>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-application-stages': PtspApplicationStages;
  }
}
