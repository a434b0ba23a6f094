import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ApplicationDoc } from '../../common/application-schema.js';
import type { PermitType } from '../../common/catalog.js';
import { isEditable, type SubmissionProblem } from '../../common/workflow.js';
import { locale, LocaleController, pick, t } from '../i18n/localize.js';
import { sharedStyles } from './shared-styles.js';
import './ptsp-receipt.js';

/** The status of an application in words, as the applicant and the booth see it. */
export function statusText(application: ApplicationDoc): string {
  if (application.status === 'returned') return t('status.returned');
  if (application.status === 'submitted') {
    return application.registrationNumber ? `${t('status.registered')} · ${application.registrationNumber}` : t('status.submittedWaiting');
  }
  return t('status.draft');
}

/**
 * The end of the form: why the office returned it (if it did), what is still missing, the submit
 * button (for a whole bundle at once when the application is part of one), and the receipt.
 * @fires submit-application - detail: string[], the ids to submit
 */
@customElement('ptsp-submit-panel')
export class PtspSubmitPanel extends LitElement {
  static override styles = [sharedStyles, css`
    section { display: grid; gap: 10px; margin-top: 24px; padding-top: 12px; border-top: 1px solid #d5dbe1; }
    .status { font-weight: 700; }
    .returned { background: #fdecea; border-left: 4px solid #a4161a; padding: 8px 12px; border-radius: 4px; }
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
  private readonly locale = new LocaleController(this);

  override render() {
    const application = this.application;
    if (!application) return html``;
    const editable = isEditable(application.status);
    const waiting = [application, ...this.bundle.filter((member) => member.id !== application.id)]
      .filter((member) => isEditable(member.status));
    return html`<section data-testid="submit-panel">
      <p class="status" data-testid="application-status" data-status=${application.status}>${statusText(application)}</p>
      ${application.status === 'returned' ? this.renderReturned(application) : ''}
      ${editable ? html`
        ${this.problems === undefined ? '' : this.problems.length > 0 ? html`
          <div data-testid="submission-problems"><p>${t('submit.problems')}</p>
            <ul>${this.problems.map((problem) => html`<li data-path=${problem.path}>${pick(problem.message)}</li>`)}</ul></div>`
          : html`<p class="ready" data-testid="submission-ready">✓ ${t('submit.ready')}</p>`}
        ${this.submitError ? html`<p class="error" role="alert" data-testid="submit-error">${t('submit.failed', { reason: this.submitError })}</p>` : ''}
        <button data-testid="submit-application" ?disabled=${!this.problems || this.problems.length > 0}
          @click=${() => this.dispatchEvent(new CustomEvent<string[]>('submit-application', { detail: waiting.map((member) => member.id), bubbles: true, composed: true }))}>
          ${application.status === 'returned' ? t('submit.resubmit') : waiting.length > 1 ? t('submit.bundleButton', { count: waiting.length }) : t('submit.button')}
        </button>
        <p class="muted">${t('submit.offlineNote')}</p>`
        : html`<p class="muted">${t('submit.locked')}</p>`}
      ${application.provisionalNumber ? html`<ptsp-receipt .application=${application} .permitType=${this.permitType}></ptsp-receipt>` : ''}
    </section>`;
  }

  private renderReturned(application: ApplicationDoc) {
    const when = application.returnedAt ? new Date(application.returnedAt).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' }) : '';
    const labelOf = (fieldId: string | undefined): string => {
      const field = fieldId ? this.permitType?.fields.find((candidate) => candidate.id === fieldId) : undefined;
      const requirement = fieldId ? this.permitType?.requirements.find((candidate) => candidate.id === fieldId) : undefined;
      return field ? `${pick(field.label)}: ` : requirement ? `${pick(requirement.name)}: ` : '';
    };
    return html`<div class="returned" role="alert" data-testid="return-reasons">
      <strong>${t('returned.title')}</strong>
      <p>${t('returned.intro', { time: when })}</p>
      <ul>${(application.returnReasons ?? []).map((reason) => html`<li>${labelOf(reason.fieldId)}${reason.text}</li>`)}</ul>
      <p>${t('returned.after')}</p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-submit-panel': PtspSubmitPanel;
  }
}
