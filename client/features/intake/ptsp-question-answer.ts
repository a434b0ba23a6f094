import { css, html, LitElement, nothing } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import type { ApplicationDoc } from '../../../common/application-schema.js';
import type { OfficeActionDoc } from '../../../common/office-action-schema.js';
import { workspaceContext } from '../../app/context.js';
import type { Workspace } from '../../data/workspace.js';
import { dateTimeText, LocaleController, refusalText, t } from '../../i18n/localize.js';
import type { MessageKey } from '../../i18n/messages.js';
import { ObserveController } from '../../ui/observe-controller.js';
import { saveFailureOf, saveFailureStyles, saveFailureText, type SaveFailure } from '../../ui/save-failure.js';
import { sharedStyles } from '../../ui/shared-styles.js';

/**
 * The applicant's side of "needs information": the agency's question at the top of their
 * application, with an answer box. Sending makes an `answer` action on this device (offline too),
 * shown as waiting until the server applied it. Only the applicant's own answers are read here;
 * the office's other actions (notes never reach this device at all) are not shown. An answer that
 * cannot be saved on the device is said in words (a full storage on its own), the browser's text
 * only under "technical details" (client/ui/save-failure.ts); what was typed stays in the box.
 */
@customElement('ptsp-question-answer')
export class PtspQuestionAnswer extends LitElement {
  static override styles = [sharedStyles, saveFailureStyles, css`
    /* No box of its own: with no question open it takes no room (nor a gap) in the form's grid. */
    :host { display: contents; }
    section { background: #fff4e5; border-left: 4px solid #b35c00; padding: 8px 12px; border-radius: 4px; margin-bottom: 16px; }
    h2 { font-size: 1.1rem; margin: 0 0 4px; }
    .question { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1.05rem; margin: 6px 0; }
    .muted { color: #52606d; font-size: 0.9rem; }
    textarea { width: 100%; min-height: 90px; }
    label { display: block; font-weight: 600; margin: 8px 0 4px; }
    .error { color: #a4161a; font-weight: 600; }
    .state { margin: 6px 0; }
    .applied { background: #e3f9e5; border-left-color: #0e7a22; }
  `];

  @consume({ context: workspaceContext, subscribe: true })
  @property({ attribute: false }) workspace: Workspace | undefined;
  @property({ attribute: false }) application: ApplicationDoc | undefined;
  @state() private text = '';
  /** A message key, not its text, so the language toggle re-says it. */
  @state() private problem: MessageKey | undefined;
  /** The last send that failed on this device (cleared by the next send). */
  @state() private failure: SaveFailure | undefined;
  private readonly actions = new ObserveController<OfficeActionDoc[]>(this);
  private readonly locale = new LocaleController(this);

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('workspace') || changed.has('application')) {
      const id = this.application?.id;
      this.actions.observe(id ? this.workspace?.office.actionsOf(id) : undefined);
    }
  }

  override render() {
    const application = this.application;
    const workspace = this.workspace;
    if (!application || !workspace) return nothing;
    const answers = (this.actions.value ?? []).filter((action) => action.kind === 'answer' && action.actorId === workspace.user.userId);
    const latest = answers.at(-1);
    if (application.status === 'needs-information' && application.openQuestion) {
      const question = application.openQuestion;
      // An answer still waiting, or applied after this question was asked (the application's new status
      // is on its way): no second box. An answer to an earlier question leaves the box open.
      const thisRound = latest && (latest.outcome === undefined || (latest.outcome === 'applied' && (latest.appliedAt ?? '') > question.askedAt))
        ? latest : undefined;
      return html`<section role="region" aria-labelledby="question-title" data-testid="question-answer">
        <h2 id="question-title">${t('question.title')}</h2>
        <p class="muted">${t('question.asked', { time: dateTimeText(question.askedAt) })}</p>
        <p class="question" data-testid="question-text">${question.text}</p>
        ${latest?.outcome === 'refused' ? html`<p class="error" role="alert" data-testid="answer-refused">${
          t('question.refused', { reason: refusalText(latest) })}</p>` : nothing}
        ${thisRound ? html`<p class="state" data-testid="answer-state" data-outcome=${thisRound.outcome ?? 'waiting'}>${t('question.yourAnswer', { text: thisRound.text ?? '' })}<br>
          <strong>${thisRound.outcome === 'applied' ? t('question.applied', { time: dateTimeText(thisRound.appliedAt) }) : t('question.waiting')}</strong></p>` : html`
          <label for="answer">${t('question.answerLabel')}</label>
          <textarea id="answer" data-testid="answer-text" maxlength="4000" .value=${this.text}
            @input=${(event: Event) => { this.text = (event.target as HTMLTextAreaElement).value; this.problem = undefined; }}></textarea>
          ${this.problem ? html`<p class="error" role="alert" data-testid="answer-problem">${t(this.problem)}</p>` : nothing}
          ${this.failure ? saveFailureText(this.failure, 'question.saveFailed', 'question.storageFull', 'answer-save-failed') : nothing}
          <p><button data-testid="answer-send" @click=${() => void this.send(application)}>${t('question.send')}</button></p>`}
      </section>`;
    }
    // After the answer was applied the question is closed: say once that it arrived.
    if (latest?.outcome === 'applied' && application.status !== 'needs-information') {
      return html`<section class="applied" data-testid="question-answer"><p class="state" data-testid="answer-state" data-outcome="applied">${
        t('question.applied', { time: dateTimeText(latest.appliedAt) })}</p></section>`;
    }
    return nothing;
  }

  private async send(application: ApplicationDoc): Promise<void> {
    const text = this.text.trim();
    if (!text) {
      this.problem = 'question.required';
      return;
    }
    this.failure = undefined;
    try {
      await this.workspace?.office.act('answer', application.id, 'needs-information', { text });
      this.text = '';
    } catch (error) {
      this.failure = saveFailureOf(error);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-question-answer': PtspQuestionAnswer;
  }
}
