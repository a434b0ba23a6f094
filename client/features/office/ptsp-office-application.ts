import { css, html, LitElement, nothing } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import { sessionContext, workspaceContext, type SessionInfo } from '../../app/context.js';
import { applicationCheck$, type ApplicationCheckView, type CheckSource } from '../../data/office/application-check.js';
import { LocaleController, pick, t } from '../../i18n/localize.js';
import { ObserveController } from '../../ui/observe-controller.js';
import { sharedStyles } from '../../ui/shared-styles.js';
import './ptsp-office-check.js';
import './review/ptsp-office-review.js';

/**
 * One application opened from an office queue (`/kantor/permohonan/<id>`): the front office (and
 * the administrator) get the completeness check, an agency reviewer the agency review
 * (`<ptsp-office-review>`, client/features/office/review/, given `application`).
 */
@customElement('ptsp-office-application')
export class PtspOfficeApplication extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; }
    .head { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: baseline; }
    .number { font-family: ui-monospace, monospace; }
    a.back { display: inline-flex; align-items: center; min-height: 44px; }
  `];

  @property() applicationId = '';
  @consume({ context: workspaceContext, subscribe: true })
  @state() private workspace: CheckSource | undefined;
  @consume({ context: sessionContext, subscribe: true })
  @state() private session: SessionInfo | undefined;
  private readonly check = new ObserveController<ApplicationCheckView | null>(this);
  private observed = '';
  private readonly locale = new LocaleController(this);

  override willUpdate(): void {
    const key = this.workspace && this.applicationId ? this.applicationId : '';
    if (key === this.observed) return;
    this.observed = key;
    this.check.observe(this.workspace && key ? applicationCheck$(this.workspace, key) : undefined);
  }

  override render() {
    const view = this.check.value;
    return html`<p><a class="back" href="/kantor" data-testid="check-back">← ${t('check.back')}</a></p>
      ${view === undefined ? html`<p>${t('check.loading')}</p>` : view === null ? html`<p data-testid="check-not-here">${t('check.notHere')}</p>` : this.renderView(view)}`;
  }

  private renderView(view: ApplicationCheckView) {
    const { application, permitType } = view;
    const role = this.session?.user?.role ?? this.workspace?.user.role;
    const reviewer = role === 'agency-reviewer';
    return html`<div class="head">
        <h1 tabindex="-1" data-testid="check-title">${reviewer ? (permitType ? pick(permitType.name) : application.permitTypeId) : t('check.title')}</h1>
        <span class="number" data-testid="check-number">${application.registrationNumber ?? application.provisionalNumber ?? t('queue.noNumber')}</span>
        ${!reviewer && permitType ? html`<span>${pick(permitType.name)}</span>` : nothing}
      </div>
      ${reviewer
        ? html`<ptsp-office-review .application=${application}></ptsp-office-review>`
        : html`<ptsp-office-check .view=${view}></ptsp-office-check>`}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-office-application': PtspOfficeApplication;
  }
}
