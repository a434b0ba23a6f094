import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AnswerValue } from '../../../common/application-schema.js';
import { isVisible } from '../../../common/answer-validation.js';
import type { PermitType } from '../../../common/catalog.js';
import { LocaleController, pick } from '../../i18n/localize.js';
import { answerText } from '../../ui/answer-text.js';
import { sharedStyles } from '../../ui/shared-styles.js';

/** The answers of a submitted application, read-only: it is locked until the office returns it. */
@customElement('ptsp-answers-summary')
export class PtspAnswersSummary extends LitElement {
  static override styles = [sharedStyles, css`
    dl { display: grid; grid-template-columns: minmax(120px, 40%) 1fr; gap: 6px 12px; }
    dt { color: #52606d; }
    dd { margin: 0; overflow-wrap: anywhere; }
  `];

  @property({ attribute: false }) permitType: PermitType | undefined;
  @property({ attribute: false }) answers: Record<string, AnswerValue> = {};
  private readonly locale = new LocaleController(this);

  override render() {
    const fields = this.permitType?.fields.filter((field) => isVisible(field, this.answers)) ?? [];
    return html`<dl data-testid="answers-summary">${fields.map((field) => html`
      <dt>${pick(field.label)}</dt><dd data-field=${field.id}>${answerText(field, this.answers[field.id])}</dd>`)}</dl>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-answers-summary': PtspAnswersSummary;
  }
}
