import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ApplicationDoc, ReturnReason } from '../../../common/application-schema.js';
import type { PermitType } from '../../../common/catalog.js';
import { changedSinceReturn, isEditable, type SubmissionProblem } from '../../../common/workflow.js';
import { LocaleController, pick, t } from '../../i18n/localize.js';
import { sharedStyles } from '../../ui/shared-styles.js';
import './ptsp-receipt.js';

/** The status of an application in words, as the applicant and the booth see it. */
export function statusText(application: ApplicationDoc): string {
  if (application.status === 'returned') return t('status.returned');
  if (application.status === 'submitted') {
    return application.registrationNumber ? `${t('status.registered')} · ${application.registrationNumber}` : t('status.submittedWaiting');
  }
  return t('status.draft');
}

/** The reasons of a return that name a given field or requirement document. */
export function reasonsFor(application: ApplicationDoc, id: string): ReturnReason[] {
  return application.status === 'returned' ? (application.returnReasons ?? []).filter((reason) => reason.fieldId === id) : [];
}

/**
 * The end of the form: what is still missing, the submit button (for a whole bundle at once when
 * the application is part of one; after a return, only once something was corrected), and the
 * receipt of a returned application (a submitted one shows it at the top of the form). The
 * office's reasons for a return are at the top of the form and at each field they name.
 * @fires submit-application - detail: string[], the ids to submit (also when something is still
 *   missing: the app then marks every problem and moves focus to the first)
 */
@customElement('ptsp-submit-panel')
export class PtspSubmitPanel extends LitElement {
  static override styles = [sharedStyles, css`
    section { display: grid; gap: 10px; margin-top: 24px; padding-top: 12px; border-top: 1px solid #d5dbe1; }
    .status { font-weight: 700; }
    ul { margin: 4px 0; padding-left: 20px; }
    .ready { color: #1e7d32; }
    .muted { color: #52606d; font-size: 0.85rem; }
  `];

  @property({ attribute: false }) application: ApplicationDoc | undefined;
  @property({ attribute: false }) permitType: PermitType | undefined;
  /** What still keeps it from being submitted (undefined while being worked out). */
  @property({ attribute: false }) problems: SubmissionProblem[] | undefined;
  /** The other applications of its bundle, if it is part of one. */
  @property({ attribute: false }) bundle: ApplicationDoc[] = [];
  @property({ attribute: false }) submitError: string | undefined;
  /** The office's public address, for the receipt's QR link. */
  @property({ attribute: false }) publicUrl: string | undefined;
  private readonly locale = new LocaleController(this);

  override render() {
    const application = this.application;
    if (!application) return html``;
    const editable = isEditable(application.status);
    const waiting = [application, ...this.bundle.filter((member) => member.id !== application.id)]
      .filter((member) => isEditable(member.status));
    const returned = application.status === 'returned';
    const unchanged = returned && !changedSinceReturn(application);
    return html`<section data-testid="submit-panel">
      <p class="status" data-testid="application-status" data-status=${application.status}>${statusText(application)}</p>
      ${editable ? html`
        ${this.problems === undefined ? '' : this.problems.length > 0 ? html`
          <div data-testid="submission-problems"><p>${t('submit.problems')}</p>
            <ul>${this.problems.map((problem) => html`<li data-path=${problem.path}>${pick(problem.message)}</li>`)}</ul></div>`
          : html`<p class="ready" data-testid="submission-ready">✓ ${t('submit.ready')}</p>`}
        ${this.submitError ? html`<p class="error" role="alert" data-testid="submit-error">${t('submit.failed', { reason: this.submitError })}</p>` : ''}
        ${unchanged ? html`<p class="muted" data-testid="resubmit-after-change">${t('returned.changeFirst')}</p>` : ''}
        <button data-testid="submit-application" ?disabled=${this.problems === undefined || unchanged}
          @click=${() => this.dispatchEvent(new CustomEvent<string[]>('submit-application', { detail: waiting.map((member) => member.id), bubbles: true, composed: true }))}>
          ${returned ? t('submit.resubmit') : waiting.length > 1 ? t('submit.bundleButton', { count: waiting.length }) : t('submit.button')}
        </button>
        <p class="muted">${t('submit.offlineNote')}</p>`
        : html`<p class="muted">${t('submit.locked')}</p>`}
      ${returned && application.provisionalNumber
        ? html`<ptsp-receipt .application=${application} .permitType=${this.permitType} .publicUrl=${this.publicUrl}></ptsp-receipt>` : ''}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-submit-panel': PtspSubmitPanel;
  }
}
