import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ApplicationDoc } from '../../../common/application-schema.js';
import { isEditable, type SubmissionProblem } from '../../../common/workflow.js';
import { isVisible } from '../../../common/answer-validation.js';
import type { FieldDefinition, LocalizedText, PermitType } from '../../../common/catalog.js';
import { citizenSourceOf, filledFromCitizen } from '../../data/citizen-fill.js';
import { locale, LocaleController, pick, t } from '../../i18n/localize.js';
import type { PtspFormField } from './ptsp-form-field.js';
import { reasonsFor } from './ptsp-submit-panel.js';
import { deepQuery } from '../../ui/deep-query.js';
import { sharedStyles } from '../../ui/shared-styles.js';
import './ptsp-answers-summary.js';
import './ptsp-application-stages.js';
import './ptsp-citizen-section.js';
import './ptsp-document-list.js';
import './ptsp-form-field.js';
import './ptsp-kind-section.js';
import './ptsp-receipt.js';
import './ptsp-submit-panel.js';
import './ptsp-question-answer.js';

/** Where each kind of problem sits on the form, top to bottom, so focus goes to the first one seen. */
const PROBLEM_ORDER = ['previousPermitNumber', 'citizen', 'consent', 'answers', 'documents'];

/** What `focusInput()` on ptsp-form-field offers (engineer C's), with a fallback for older builds. */
type Focusable = PtspFormField & { focusInput?: () => void };

/**
 * An application's form, rendered from its permit type in the catalog: why the office returned it
 * (at the top, and again at each field or document a reason names), its receipt once submitted,
 * its kind, the walk-in citizen (booth filings), the fields, the documents the type requires, and
 * submission. Every change is reported at once (the app saves it on the device). Once submitted
 * it is read-only until the office returns it.
 * @fires answer-input - from each field, detail: AnswerInputDetail
 * @fires kind-change - detail: KindChangeDetail
 * @fires citizen-input - detail: CitizenInputDetail
 * @fires consent-change - detail: boolean
 * @fires submit-application - detail: string[]
 * @fires back
 */
@customElement('ptsp-draft-form')
export class PtspDraftForm extends LitElement {
  static override styles = [sharedStyles, css`
    :host { max-width: 640px; }
    form { display: grid; gap: 16px; }
    .stack { display: grid; gap: 16px; }
    h1 { font-size: 1.45rem; margin: 8px 0 0; }
    .saved { color: #1e7d32; font-size: 0.9rem; margin: 0; }
    .muted { color: #52606d; font-size: 0.85rem; }
    .returned { background: #fdecea; border-left: 4px solid #a4161a; padding: 8px 12px; border-radius: 4px; }
    .returned h2 { font-size: 1.1rem; margin: 0 0 4px; }
    .returned ul { margin: 4px 0; padding-left: 20px; display: grid; gap: 6px; }
    .returned button { min-height: 36px; padding: 0 10px; margin-left: 6px; font-size: 0.9rem; }
    .reason { background: #fdecea; border-left: 4px solid #a4161a; padding: 6px 10px; border-radius: 4px; font-size: 0.95rem; }
    .field { display: grid; gap: 6px; }
    .from-citizen { display: grid; gap: 2px; padding: 8px 10px; border: 1px dashed #8a939c; border-radius: 6px; background: #f4f7fa; }
    .from-citizen .label { font-weight: 600; }
    .from-citizen .value { font-weight: 600; overflow-wrap: break-word; }
    .from-citizen button { justify-self: start; min-height: 36px; margin-top: 4px; }
  `];

  @property({ attribute: false }) draft: ApplicationDoc | undefined;
  @property({ attribute: false }) permitType: PermitType | undefined;
  /** Set while the last change could not be saved on the device; the app keeps retrying. */
  @property({ attribute: false }) saveFailure: string | undefined;
  /** Filed by booth staff for a walk-in citizen: the citizen's identity and consent are asked. */
  @property({ type: Boolean }) booth = false;
  @property({ attribute: false }) problems: SubmissionProblem[] | undefined;
  @property({ attribute: false }) bundle: ApplicationDoc[] = [];
  @property({ attribute: false }) submitError: string | undefined;
  /** After a submit attempt that found problems: every field shows what is wrong with it. */
  @property({ type: Boolean }) showErrors = false;
  /** The office's public address, for the receipt's QR link. */
  @property({ attribute: false }) publicUrl: string | undefined;
  /** Fields filled from the citizen that the person chose to type differently. */
  @state() private typingOwn = new Set<string>();
  private readonly locale = new LocaleController(this);

  override render() {
    const { draft, permitType } = this;
    if (!draft) return html`<h1 tabindex="-1">${t('form.notFoundTitle')}</h1><p data-testid="draft-not-found">${t('form.notFound')}</p>`;
    // The draft is safe on the device; only the catalog that describes its form is missing.
    if (!permitType) return html`<h1 tabindex="-1">${t('form.notFoundTitle')}</h1><p data-testid="catalog-missing">${t('catalog.unavailable')}</p>`;
    const editable = isEditable(draft.status);
    const problemAt = this.showErrors ? new Map((this.problems ?? []).map((problem) => [problem.path, problem.message])) : new Map<string, LocalizedText>();
    return html`<div class="stack">
      <button class="secondary" style="justify-self: start" data-testid="back" @click=${() => this.dispatchEvent(new CustomEvent('back'))}>${t('form.back')}</button>
      <h1 tabindex="-1" data-testid="draft-title">${pick(permitType.name)}</h1>
      ${draft.status === 'returned' ? this.renderReturned(draft, permitType) : nothing}
      ${draft.status === 'submitted' && draft.provisionalNumber
        ? html`<ptsp-receipt .application=${draft} .permitType=${permitType} .publicUrl=${this.publicUrl}></ptsp-receipt>` : nothing}
      <ptsp-question-answer .application=${draft}></ptsp-question-answer>
      ${draft.status === 'draft' ? nothing : html`<ptsp-application-stages .application=${draft}></ptsp-application-stages>`}
      ${this.saveFailure
        ? html`<p class="error" role="alert" data-testid="save-failed">${t('form.saveFailed', { reason: this.saveFailure })}</p>`
        : editable && Object.keys(draft.answers).length > 0 ? html`<p class="saved" data-testid="saved-locally">✓ ${t('form.savedLocally')}</p>` : nothing}
      ${this.bundle.length > 1 ? html`<p class="muted" data-testid="bundle-label">${t('bundle.label', { names: this.bundle.map((member) => member.permitTypeId.toUpperCase()).join(' + ') })}</p>` : ''}
      <ptsp-kind-section .kind=${draft.kind} .previousPermitNumber=${draft.previousPermitNumber} ?locked=${!editable}></ptsp-kind-section>
      ${this.booth ? html`<ptsp-citizen-section .citizen=${draft.citizen} .consentAt=${draft.consentAt} ?locked=${!editable}
        .showErrors=${this.showErrors}></ptsp-citizen-section>` : ''}
      ${editable ? '' : html`<ptsp-answers-summary .permitType=${permitType} .answers=${draft.answers}></ptsp-answers-summary>`}
      <form @submit=${(event: Event) => event.preventDefault()} data-testid="draft-form" data-draft-id=${draft.id} ?hidden=${!editable}>
        ${!editable ? '' : repeat(
          permitType.fields.filter((field) => isVisible(field, draft.answers)),
          // Keyed by field: when a conditional field appears, no element takes over another field's typing.
          (field) => field.id,
          (field) => this.renderField(draft, field, problemAt),
        )}
      </form>
      <ptsp-document-list .application=${draft} .permitType=${permitType}
        .problems=${problemAt}></ptsp-document-list>
      <ptsp-submit-panel .application=${draft} .permitType=${permitType} .problems=${this.problems} .bundle=${this.bundle}
        .submitError=${this.submitError} .publicUrl=${this.publicUrl}></ptsp-submit-panel>
    </div>`;
  }

  private renderField(draft: ApplicationDoc, field: FieldDefinition, problemAt: Map<string, LocalizedText>) {
    const reasons = reasonsFor(draft, field.id);
    const reasonNotes = reasons.map((reason) => html`<p class="reason" data-testid="field-reason-${field.id}">${t('returned.atField', { text: reason.text })}</p>`);
    if (this.booth && citizenSourceOf(field) && filledFromCitizen(field, draft) && !this.typingOwn.has(field.id)) {
      // Typed once, in the citizen's block: shown here, not asked again.
      return html`<div class="field">${reasonNotes}<div class="from-citizen" data-testid="from-citizen-${field.id}" data-field-id=${field.id}>
        <span class="label">${pick(field.label)}</span>
        <span class="value" data-testid="from-citizen-value-${field.id}">${String(draft.answers[field.id] ?? '')}</span>
        <span class="muted">${t('citizenFill.note')}</span>
        <button type="button" class="secondary" data-testid="from-citizen-edit-${field.id}"
          @click=${() => { this.typingOwn = new Set(this.typingOwn).add(field.id); void this.updateComplete.then(() => this.focusPath(`answers/${field.id}`)); }}>
          ${t('citizenFill.edit')}</button>
      </div></div>`;
    }
    const invalid = [...problemAt.keys()].some((path) => path === `answers/${field.id}` || path.startsWith(`answers/${field.id}/`));
    return html`<div class="field">${reasonNotes}<ptsp-form-field .field=${field} .value=${draft.answers[field.id]}
      .showErrors=${this.showErrors && invalid} data-field-id=${field.id}></ptsp-form-field></div>`;
  }

  private renderReturned(draft: ApplicationDoc, permitType: PermitType) {
    const when = draft.returnedAt ? new Date(draft.returnedAt).toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' }) : '';
    const nameOf = (fieldId: string | undefined): string | undefined => {
      const field = fieldId ? permitType.fields.find((candidate) => candidate.id === fieldId) : undefined;
      const requirement = fieldId ? permitType.requirements.find((candidate) => candidate.id === fieldId) : undefined;
      return field ? pick(field.label) : requirement ? pick(requirement.name) : undefined;
    };
    const pathOf = (fieldId = ''): string => (permitType.requirements.some((requirement) => requirement.id === fieldId) ? `documents/${fieldId}` : `answers/${fieldId}`);
    return html`<section class="returned" role="alert" aria-labelledby="returned-title" data-testid="return-reasons">
      <h2 id="returned-title">${t('returned.title')}</h2>
      <p>${t('returned.intro', { time: when })}</p>
      <ul>${(draft.returnReasons ?? []).map((reason) => {
        const name = nameOf(reason.fieldId);
        return html`<li data-field-id=${reason.fieldId ?? ''}>${name ? `${name}: ` : ''}${reason.text}${name && reason.fieldId ? html`<button type="button"
          class="secondary" data-testid="go-to-reason-${reason.fieldId}" @click=${() => this.focusPath(pathOf(reason.fieldId ?? ''))}>${
          pathOf(reason.fieldId).startsWith('documents/') ? t('returned.goToDocument') : t('returned.goTo')}</button>` : nothing}</li>`;
      })}</ul>
      <p>${t('returned.after')}</p>
    </section>`;
  }

  /**
   * Moves focus to the first of these problems as the form shows them top to bottom (after a
   * submit attempt that found some), so a keyboard or screen-reader user lands where to fix it.
   */
  async focusFirstProblem(problems: SubmissionProblem[]): Promise<void> {
    await this.updateComplete;
    const rank = (path: string): number => {
      const [head, id] = path.split('/');
      const group = PROBLEM_ORDER.indexOf(head ?? '');
      const within = head === 'answers' ? (this.permitType?.fields.findIndex((field) => field.id === id) ?? 0)
        : head === 'documents' ? (this.permitType?.requirements.findIndex((requirement) => requirement.id === id) ?? 0) : 0;
      return (group < 0 ? PROBLEM_ORDER.length : group) * 10_000 + within;
    };
    const first = [...problems].sort((a, b) => rank(a.path) - rank(b.path))[0];
    if (first) await this.focusPath(first.path);
  }

  /** Focuses the input a problem's or reason's path names (`answers/<id>`, `documents/<id>`, `citizen/<part>`, …). */
  async focusPath(path: string): Promise<void> {
    await this.updateComplete;
    const [head, id = ''] = path.split('/');
    const root = this.renderRoot;
    let target: HTMLElement | null | undefined;
    if (head === 'answers') {
      const field = root.querySelector<Focusable>(`ptsp-form-field[data-field-id="${CSS.escape(id)}"]`);
      if (field?.focusInput) {
        field.scrollIntoView({ block: 'center' });
        field.focusInput();
        return;
      }
      target = field ? deepQuery(field, 'input, select, textarea') : root.querySelector<HTMLElement>(`[data-testid="from-citizen-edit-${CSS.escape(id)}"]`);
    } else if (head === 'documents') {
      target = deepQuery(root.querySelector('ptsp-document-list'), `[data-testid="document-input-${CSS.escape(id)}"], [data-testid="document-remove-${CSS.escape(id)}"]`);
    } else if (head === 'citizen') {
      const section = root.querySelector('ptsp-citizen-section');
      const field = section?.shadowRoot?.querySelector<Focusable>(`[data-testid="citizen-${CSS.escape(id)}"]`);
      if (field?.focusInput) {
        field.scrollIntoView({ block: 'center' });
        field.focusInput();
        return;
      }
      target = deepQuery(field ?? section, 'input, select, textarea');
    } else if (head === 'consent') {
      target = deepQuery(root.querySelector('ptsp-citizen-section'), '[data-testid=citizen-consent]');
    } else if (head === 'previousPermitNumber') {
      target = deepQuery(root.querySelector('ptsp-kind-section'), '[data-testid=previous-permit-number]');
    }
    target?.scrollIntoView({ block: 'center' });
    target?.focus();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-draft-form': PtspDraftForm;
  }
}
