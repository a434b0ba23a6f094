import { css, html, LitElement, nothing } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import type { ApplicationDoc } from '../../../../common/application-schema.js';
import type { PermitType } from '../../../../common/catalog.js';
import { RECOMMENDATIONS, type OfficeActionDoc, type Recommendation } from '../../../../common/office-action-schema.js';
import type { UserProfile } from '../../../../common/sync-protocol.js';
import { allowedActions, decide, STATUS_LABELS } from '../../../../common/workflow/transitions.js';
import { sessionContext, workspaceContext, type SessionInfo } from '../../../app/context.js';
import { agencyDirectory, agencyName, type AgencyDirectory, type AgencyNames } from '../../../data/agencies.js';
import { permitTypeOf } from '../../../data/office/office-queue.js';
import type { Workspace } from '../../../data/workspace.js';
import { dateTimeText, LocaleController, pick, t } from '../../../i18n/localize.js';
import type { MessageKey } from '../../../i18n/messages.js';
import { ObserveController } from '../../../ui/observe-controller.js';
import { sharedStyles } from '../../../ui/shared-styles.js';
import '../../intake/ptsp-answers-summary.js';
import '../../intake/ptsp-document-list.js';
import '../ptsp-application-history.js';
import { actionOutcome } from './action-outcome.js';
import { saveFailureOf, saveFailureStyles, saveFailureText, type SaveFailure } from '../../../ui/save-failure.js';

/** Whether an action belongs to this reviewer's agency (one not yet on the server has no agencyId: it is ours if we made it). */
function isOurs(action: OfficeActionDoc, user: UserProfile): boolean {
  return action.actorId === user.userId || (user.agencyId !== undefined && action.agencyId === user.agencyId);
}

/** Why the rules would refuse this kind now (shown instead of the form), or undefined when it is offered. */
function whyNot(user: UserProfile, application: ApplicationDoc, kind: 'note' | 'recommend'): string | undefined {
  if (allowedActions(user, application).includes(kind)) return undefined;
  // decide with a well-formed sample gives the guard's own reason in the person's language.
  const probe: OfficeActionDoc = {
    id: 'probe', applicationId: application.id, kind, actorId: user.userId, createdAt: new Date().toISOString(), updatedAt: 0,
    basedOnStatus: application.status, text: 'x', recommendation: 'approve',
  };
  const decision = decide(user, application, probe);
  return decision.ok ? '' : pick(decision.reason);
}

/**
 * An agency reviewer's technical review of one application (issue 9, "Technical review (OPD),
 * offline on a laptop"): its answers and documents read-only, what the reviewer's own agency has
 * already written on it, an internal note and the agency's recommendation. Both are action
 * documents made on this device, so they work with the network off: each shows "saved on this
 * device, waiting to send" until the server's outcome arrives (applied, or refused with its reason).
 * Forms are offered only when the shared transition table allows them (the server enforces the same).
 * Agencies show by name (client/data/agencies.ts: the device's last list, so offline too; an unknown
 * id as itself); a save that fails here is said in words under its form, the browser's text in details.
 */
@customElement('ptsp-office-review')
export class PtspOfficeReview extends LitElement {
  static override styles = [sharedStyles, saveFailureStyles, css`
    :host { max-width: 1100px; margin: 0 auto; }
    .layout { display: grid; gap: 24px; }
    @media (min-width: 900px) { .layout { grid-template-columns: minmax(0, 3fr) minmax(320px, 2fr); align-items: start; } }
    /* The page's h1 and the application's number are the office screen's around it (ptsp-office-application). */
    h2.title { font-size: 1.25rem; margin: 0 0 6px; overflow-wrap: anywhere; }
    h2 { font-size: 1.15rem; margin: 0 0 8px; }
    .facts { margin: 0 0 12px; padding: 0; list-style: none; color: #3e4c59; display: grid; gap: 2px; }
    .question { background: #fff4e5; border-left: 4px solid #b35c00; padding: 6px 10px; border-radius: 4px; }
    section.panel { border: 1px solid #d9dee3; border-radius: 8px; padding: 12px; margin-bottom: 16px; }
    .side { display: grid; gap: 0; }
    ul.actions { list-style: none; padding: 0; margin: 0; display: grid; gap: 10px; }
    ul.actions li { border-top: 1px solid #e4e7eb; padding-top: 8px; }
    .meta { color: #52606d; font-size: 0.9rem; }
    .body { margin: 4px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    .outcome { display: inline-block; font-size: 0.9rem; padding: 2px 8px; border-radius: 10px; margin-top: 4px; }
    .outcome.waiting { background: #fff4e5; color: #7a3e00; }
    .outcome.applied { background: #e3f9e5; color: #0e5e1a; }
    .outcome.refused { background: #fdecea; color: #8a1116; border-radius: 4px; }
    textarea { width: 100%; min-height: 90px; }
    label.block { display: block; font-weight: 600; margin: 8px 0 4px; }
    fieldset { border: none; padding: 0; margin: 0; }
    legend { font-weight: 600; margin-bottom: 4px; }
    .choice { display: flex; align-items: center; gap: 8px; min-height: 40px; }
    .choice input { width: 20px; height: 20px; }
    .internal { background: #eef2f7; border-radius: 4px; padding: 6px 10px; font-size: 0.95rem; }
    .error { color: #a4161a; font-weight: 600; margin: 6px 0; }
    .saved { color: #0e5e1a; margin: 6px 0; }
    .muted { color: #52606d; }
    .row { margin-top: 10px; }
  `];

  @property({ attribute: false }) application: ApplicationDoc | undefined;
  /** From the shell's context; a test may set them as properties. */
  @consume({ context: workspaceContext, subscribe: true })
  @property({ attribute: false }) workspace: Workspace | undefined;
  @consume({ context: sessionContext, subscribe: true })
  @property({ attribute: false }) session: SessionInfo | undefined;
  /** Where the agencies' names come from (the page's own; a test may give one that starts from the device's list). */
  @property({ attribute: false }) agencies: AgencyDirectory = agencyDirectory;

  @state() private permitType: PermitType | undefined;
  @state() private permitTypeMissing = false;
  @state() private noteText = '';
  @state() private noteProblem: MessageKey | undefined;
  @state() private recommendation: Recommendation | undefined;
  @state() private conditions = '';
  @state() private question = '';
  @state() private recommendProblem: MessageKey | undefined;
  /** The last save that failed on this device, and which form it came from (shown under that form). */
  @state() private saveError: (SaveFailure & { form: 'note' | 'recommend' }) | undefined;
  @state() private justSaved: 'note' | 'recommend' | undefined;

  /** The device's live copy of the application (the property is where it started). */
  private readonly live = new ObserveController<ApplicationDoc | null>(this);
  private readonly actions = new ObserveController<OfficeActionDoc[]>(this);
  private readonly agencyNames = new ObserveController<AgencyNames>(this);
  private readonly locale = new LocaleController(this);
  private loadedFor = '';

  override willUpdate(changed: Map<string, unknown>): void {
    // Observed once per directory: the directory asks the server at most once per page, never per render.
    if (changed.has('agencies')) this.agencyNames.observe(this.agencies.names$);
    if (changed.has('workspace') || changed.has('application')) {
      const id = this.application?.id;
      this.live.observe(id ? this.workspace?.draft$(id) : undefined);
      this.actions.observe(id ? this.workspace?.office.actionsOf(id) : undefined);
      void this.loadPermitType();
    }
  }

  private get current(): ApplicationDoc | undefined {
    return this.live.value ?? this.application;
  }

  /** Agencies by name in the person's language (an id this device knows no name for: the id). */
  private agencyList(ids: readonly string[]): string {
    return ids.map((id) => pick(agencyName(this.agencyNames.value, id))).join(', ');
  }

  private get user(): UserProfile | undefined {
    return this.session?.user ?? this.workspace?.user;
  }

  private async loadPermitType(): Promise<void> {
    const { workspace, application } = this;
    if (!workspace || !application) return;
    const key = `${application.catalogVersion}/${application.permitTypeId}`;
    if (key === this.loadedFor) return;
    this.loadedFor = key;
    this.permitType = await permitTypeOf(workspace, application);
    this.permitTypeMissing = !this.permitType;
  }

  override render() {
    const application = this.current;
    const user = this.user;
    if (!application || !user) return html`<p class="muted">${t('review.loading')}</p>`;
    const ours = (this.actions.value ?? []).filter((action) => isOurs(action, user) && (action.kind === 'note' || action.kind === 'recommend'));
    return html`<article data-testid="office-review">
      <h2 class="title">${t('review.title')}</h2>
      <ul class="facts">
        <li data-testid="review-status" data-status=${application.status}>${t('review.status', { status: pick(STATUS_LABELS[application.status]) })}</li>
        ${application.routedAgencies?.length ? html`<li data-testid="review-routed">${t('review.routed', { agencies: this.agencyList(application.routedAgencies) })}</li>` : nothing}
        ${application.recommendedAgencies?.length ? html`<li data-testid="review-recommended">${t('review.recommended', { agencies: this.agencyList(application.recommendedAgencies) })}</li>` : nothing}
        ${application.openQuestion ? html`<li class="question" data-testid="review-open-question">${t('review.openQuestion', { text: application.openQuestion.text })}</li>` : nothing}
      </ul>
      <div class="layout">
        <div class="main">
          <section class="panel" aria-labelledby="answers-title">
            <h2 id="answers-title">${t('review.answers')}</h2>
            ${this.permitType ? html`<ptsp-answers-summary .permitType=${this.permitType} .answers=${application.answers}></ptsp-answers-summary>`
              : this.permitTypeMissing ? this.renderRawAnswers(application) : html`<p class="muted">${t('review.loading')}</p>`}
          </section>
          ${this.permitType ? html`<section class="panel"><ptsp-document-list .application=${application} .permitType=${this.permitType}></ptsp-document-list></section>` : nothing}
        </div>
        <div class="side">
          ${this.renderOurs(ours)}
          ${this.renderNoteForm(application, user)}
          ${this.renderRecommendForm(application, user, ours)}
        </div>
      </div>
      <ptsp-application-history .application=${application} .permitType=${this.permitType} .agencies=${this.agencies}></ptsp-application-history>
    </article>`;
  }

  private renderRawAnswers(application: ApplicationDoc) {
    return html`<p class="muted">${t('review.noPermitType')}</p>
      <dl>${Object.entries(application.answers).map(([key, value]) => html`<dt>${key}</dt><dd>${JSON.stringify(value)}</dd>`)}</dl>`;
  }

  private renderOurs(ours: OfficeActionDoc[]) {
    return html`<section class="panel" aria-labelledby="ours-title" data-testid="review-ours">
      <h2 id="ours-title">${t('review.ours')}</h2>
      ${ours.length === 0 ? html`<p class="muted">${t('review.oursEmpty')}</p>` : html`<ul class="actions">
        ${[...ours].reverse().map((action) => html`<li data-testid="review-action" data-kind=${action.kind} data-action-id=${action.id}>
          <div class="meta"><strong>${t(action.kind === 'note' ? 'review.kind.note' : 'review.kind.recommend')}</strong>
            ${action.recommendation ? html` · ${t(`review.rec.${action.recommendation}`)}` : nothing}
            · ${t('review.made', { time: dateTimeText(action.createdAt) })}</div>
          ${action.text ? html`<p class="body">${action.text}</p>` : nothing}
          ${action.conditions ? html`<p class="body">${action.conditions}</p>` : nothing}
          ${action.question ? html`<p class="body">${action.question}</p>` : nothing}
          ${actionOutcome(action)}
        </li>`)}
      </ul>`}
    </section>`;
  }

  private renderNoteForm(application: ApplicationDoc, user: UserProfile) {
    const why = whyNot(user, application, 'note');
    return html`<section class="panel" aria-labelledby="note-title">
      <h2 id="note-title">${t('review.noteTitle')}</h2>
      ${why !== undefined ? html`<p class="muted" data-testid="note-not-offered">${t('review.noteNotOffered', { reason: why })}</p>` : html`
        <p class="internal" data-testid="note-internal">${t('review.noteInternal')}</p>
        <label class="block" for="note">${t('review.noteLabel')}</label>
        <textarea id="note" data-testid="note-text" maxlength="4000" .value=${this.noteText}
          @input=${(event: Event) => { this.noteText = (event.target as HTMLTextAreaElement).value; this.noteProblem = undefined; }}></textarea>
        ${this.noteProblem ? html`<p class="error" role="alert" data-testid="note-problem">${t(this.noteProblem)}</p>` : nothing}
        ${this.justSaved === 'note' ? html`<p class="saved" role="status">${t('review.saved')}</p>` : nothing}
        ${this.saveError?.form === 'note' ? saveFailureText(this.saveError, 'review.noteFailed', 'review.storageFull', 'note-save-failed') : nothing}
        <div class="row"><button data-testid="note-send" @click=${() => void this.sendNote(application)}>${t('review.noteSend')}</button></div>`}
    </section>`;
  }

  private renderRecommendForm(application: ApplicationDoc, user: UserProfile, ours: OfficeActionDoc[]) {
    // The device's copy of the application changes only when the server's answer arrives: until then a
    // recommendation already made here must not be offered again (the server would refuse the second).
    const waiting = ours.some((action) => action.kind === 'recommend' && action.outcome === undefined && action.basedOnStatus === application.status);
    const why = waiting ? undefined : whyNot(user, application, 'recommend');
    return html`<section class="panel" aria-labelledby="recommend-title">
      <h2 id="recommend-title">${t('review.recommendTitle')}</h2>
      ${waiting ? html`<p class="muted" data-testid="recommend-waiting">${t('review.recommendWaiting')}</p>`
        : why !== undefined ? html`<p class="muted" data-testid="recommend-not-offered">${t('review.notOffered', { reason: why })}</p>`
          : this.renderRecommendFields(application)}
      ${this.saveError?.form === 'recommend' ? saveFailureText(this.saveError, 'review.recommendFailed', 'review.storageFull', 'recommend-save-failed') : nothing}
    </section>`;
  }

  private renderRecommendFields(application: ApplicationDoc) {
    return html`<fieldset data-testid="recommend-form">
        <legend>${t('review.recommendLegend')}</legend>
        ${RECOMMENDATIONS.map((choice) => html`<label class="choice">
          <input type="radio" name="recommendation" value=${choice} data-testid="rec-${choice}" .checked=${this.recommendation === choice}
            @change=${() => { this.recommendation = choice; this.recommendProblem = undefined; }}>${t(`review.rec.${choice}`)}</label>`)}
      </fieldset>
      ${this.recommendation === 'approve-with-conditions' ? html`<label class="block" for="conditions">${t('review.conditionsLabel')}</label>
        <textarea id="conditions" data-testid="rec-conditions" maxlength="4000" required .value=${this.conditions}
          @input=${(event: Event) => { this.conditions = (event.target as HTMLTextAreaElement).value; this.recommendProblem = undefined; }}></textarea>` : nothing}
      ${this.recommendation === 'needs-information' ? html`<label class="block" for="question">${t('review.questionLabel')}</label>
        <textarea id="question" data-testid="rec-question" maxlength="2000" required .value=${this.question}
          @input=${(event: Event) => { this.question = (event.target as HTMLTextAreaElement).value; this.recommendProblem = undefined; }}></textarea>` : nothing}
      ${this.recommendation === 'reject' ? html`<p class="muted">${t('review.rejectHint')}</p>` : nothing}
      ${this.recommendProblem ? html`<p class="error" role="alert" data-testid="recommend-problem">${t(this.recommendProblem)}</p>` : nothing}
      ${this.justSaved === 'recommend' ? html`<p class="saved" role="status">${t('review.saved')}</p>` : nothing}
      <div class="row"><button data-testid="recommend-send" @click=${() => void this.sendRecommendation(application)}>${t('review.recommendSend')}</button></div>`;
  }

  private async sendNote(application: ApplicationDoc): Promise<void> {
    const text = this.noteText.trim();
    if (!text) {
      this.noteProblem = 'review.noteRequired';
      return;
    }
    const { workspace } = this;
    if (!workspace) return;
    // Notes are always internal: the readers (common/access/readers.ts) never give them to the applicant.
    await this.save('note', () => workspace.office.act('note', application.id, application.status, { text, internal: true }), () => {
      this.noteText = '';
    });
  }

  /** Saves one form's action on the device: on success clears the form and says so; on failure says why under that form. */
  private async save(form: 'note' | 'recommend', act: () => Promise<unknown>, clear: () => void): Promise<void> {
    try {
      await act();
      clear();
      this.justSaved = form;
      this.saveError = undefined;
    } catch (error) {
      this.saveError = { ...saveFailureOf(error), form };
      this.justSaved = undefined;
    }
  }

  private async sendRecommendation(application: ApplicationDoc): Promise<void> {
    const choice = this.recommendation;
    if (!choice) {
      this.recommendProblem = 'review.recommendChoose';
      return;
    }
    if (choice === 'approve-with-conditions' && !this.conditions.trim()) {
      this.recommendProblem = 'review.conditionsRequired';
      return;
    }
    if (choice === 'needs-information' && !this.question.trim()) {
      this.recommendProblem = 'review.questionRequired';
      return;
    }
    const { workspace } = this;
    if (!workspace) return;
    await this.save('recommend', () => workspace.office.act('recommend', application.id, application.status, {
      recommendation: choice,
      ...(choice === 'approve-with-conditions' ? { conditions: this.conditions.trim() } : {}),
      ...(choice === 'needs-information' ? { question: this.question.trim() } : {}),
    }), () => {
      this.recommendation = undefined;
      this.conditions = '';
      this.question = '';
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-office-review': PtspOfficeReview;
  }
}
