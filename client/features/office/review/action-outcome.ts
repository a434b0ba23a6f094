import { html, nothing } from 'lit';
import type { OfficeActionDoc } from '../../../../common/office-action-schema.js';
import { dateTimeText, refusalText, t } from '../../../i18n/localize.js';

/**
 * Where an action made on a device stands, as its maker reads it: saved here and waiting until the
 * server's outcome comes back, then applied, or refused with the server's reason in the person's
 * language (a stale one also says the application moved on before it arrived).
 */
export function actionOutcome(action: OfficeActionDoc) {
  if (action.outcome === 'applied') {
    return html`<span class="outcome applied" data-testid="outcome" data-outcome="applied">${t('review.applied', { time: dateTimeText(action.appliedAt) })}</span>`;
  }
  if (action.outcome === 'refused') {
    return html`<span class="outcome refused" role="status" data-testid="outcome" data-outcome="refused" data-code=${action.outcomeCode ?? nothing}>
      ${action.outcomeCode === 'stale-action' ? html`<strong>${t('review.staleNote')}</strong> ` : nothing}${
        t('review.refused', { reason: refusalText(action) })}</span>`;
  }
  return html`<span class="outcome waiting" data-testid="outcome" data-outcome="waiting">${t('review.waiting')}</span>`;
}
