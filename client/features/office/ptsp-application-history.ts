import { css, html, LitElement, nothing } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import type { ApplicationDoc } from '../../../common/application-schema.js';
import type { PermitType } from '../../../common/catalog.js';
import type { OfficeActionDoc } from '../../../common/office-action-schema.js';
import type { HistoryChange, HistoryEntry } from '../../../common/sync-protocol.js';
import { ACTION_LABELS, ROLE_LABELS, STATUS_LABELS } from '../../../common/workflow/transitions.js';
import { sessionContext, workspaceContext, type SessionInfo } from '../../app/context.js';
import { agencyDirectory, agencyName, type AgencyDirectory, type AgencyNames } from '../../data/agencies.js';
import { applicationHistories, type ApplicationHistories, type HistoryView } from '../../data/application-history.js';
import type { Workspace } from '../../data/workspace.js';
import { dateTimeText, LocaleController, pick, t } from '../../i18n/localize.js';
import type { MessageKey } from '../../i18n/messages.js';
import { ObserveController } from '../../ui/observe-controller.js';
import { sharedStyles } from '../../ui/shared-styles.js';

/** How many events show before "show all": a permit's usual life fits, a long one is cut to its latest. */
export const HISTORY_SHOWN = 20;

/** Fields whose change repeats what the record already says (its time, its stage) or names personal data the history never holds. */
const UNSHOWN_FIELDS = new Set(['status', 'stages', 'clockStops', 'updatedAt', 'acceptedAt', 'returnedAt', 'reviewedAt', 'returnReasons', 'openQuestion']);

/** Fields whose value is a list of agency ids (history.ts shortValue joins them with ', '). */
const AGENCY_FIELDS = new Set(['agencies', 'routedAgencies', 'recommendedAgencies']);

const RECOMMENDATION_KEYS: Record<string, MessageKey> = {
  approve: 'review.rec.approve',
  'approve-with-conditions': 'review.rec.approve-with-conditions',
  reject: 'review.rec.reject',
  'needs-information': 'review.rec.needs-information',
};

const EVENT_KEYS: Record<HistoryEntry['event'], MessageKey> = {
  accept: 'history.event.accept',
  return: 'history.event.return',
  note: 'history.event.note',
  recommend: 'history.event.recommend',
  answer: 'history.event.answer',
  reroute: 'history.event.reroute',
  'personal-data-lookup': 'history.event.personal-data-lookup',
  'file-download': 'history.event.file-download',
  submit: 'history.event.submit',
  resubmit: 'history.event.resubmit',
  claim: 'history.event.claim',
};

const CHANGE_KEYS: Partial<Record<string, MessageKey>> = {
  recommendation: 'history.change.recommendation',
  conditions: 'history.change.conditions',
  question: 'history.change.question',
  text: 'history.change.text',
  agencies: 'history.change.agencies',
  routedAgencies: 'history.change.routedAgencies',
  recommendedAgencies: 'history.change.recommendedAgencies',
  reasons: 'history.change.reasons',
  documents: 'history.change.documents',
  applicantId: 'history.change.applicantId',
  registrationNumber: 'history.change.registrationNumber',
};

/**
 * An application's whole history for the office and the routed agencies (on the front office's
 * check and an agency's technical review): every event, newest first, since what the person opening
 * the screen needs is what happened last (who returned it and why, which agency already
 * recommended); each with what happened and what changed in words, who (name, role, agency by
 * name), the device's time and the server's, the device. The latest 20 show, then "show all".
 * The data is client/data/application-history.ts: the server's answer, or the copy kept on this
 * device marked "as of" when the server cannot be asked; asked again whenever the application or
 * one of its actions here changes, so an action just applied appears.
 */
@customElement('ptsp-application-history')
export class PtspApplicationHistory extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; }
    section { border: 1px solid #d9dee3; border-radius: 8px; padding: 12px; margin-top: 16px; }
    .head { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; justify-content: space-between; }
    h2 { font-size: 1.15rem; margin: 0; }
    .head button { min-height: 40px; }
    .muted { color: #52606d; font-size: 0.9rem; }
    .as-of { background: #fff4e5; border-left: 4px solid #b35c00; padding: 6px 10px; border-radius: 4px; }
    ol { list-style: none; padding: 0; margin: 8px 0 0; display: grid; gap: 0; }
    li.event { border-top: 1px solid #e4e7eb; padding: 8px 0; display: grid; gap: 2px; min-width: 0; }
    li.event:first-child { border-top: none; }
    .what { font-weight: 600; margin: 0; }
    .who, .times, .changes { margin: 0; overflow-wrap: break-word; }
    .changes { padding-left: 18px; }
    .times { color: #52606d; font-size: 0.9rem; display: flex; flex-wrap: wrap; column-gap: 12px; }
    .refused { color: #8a1116; }
    .refused-reason { color: #8a1116; margin: 0; overflow-wrap: break-word; }
    .internal { color: #3e4c59; font-size: 0.9rem; font-style: italic; margin: 0; }
    @media (min-width: 900px) {
      li.event { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); column-gap: 16px; }
      li.event > .times { grid-column: 2; grid-row: 1 / span 5; flex-direction: column; align-content: start; }
    }
  `];

  /** The application whose history shows; a change of its state asks the server again. */
  @property({ attribute: false }) application: ApplicationDoc | undefined;
  /** Its permit type, to name a downloaded document's requirement (its id when absent). */
  @property({ attribute: false }) permitType: PermitType | undefined;
  /** Where histories come from (the page's own; a test may give its own). */
  @property({ attribute: false }) histories: ApplicationHistories = applicationHistories;
  /** Where the agencies' names come from (the page's own; a test may give its own). */
  @property({ attribute: false }) agencies: AgencyDirectory = agencyDirectory;
  @consume({ context: workspaceContext, subscribe: true })
  @property({ attribute: false }) workspace: Workspace | undefined;
  @consume({ context: sessionContext, subscribe: true })
  @property({ attribute: false }) session: SessionInfo | undefined;

  @state() private showAll = false;
  private readonly view = new ObserveController<HistoryView>(this);
  private readonly actions = new ObserveController<OfficeActionDoc[]>(this);
  private readonly agencyNames = new ObserveController<AgencyNames>(this);
  private readonly locale = new LocaleController(this);
  private observing = '';
  /** The application's state and its actions' outcomes last seen (undefined: the actions not read yet). */
  private seenState = '';
  private seenOutcomes: string | undefined;

  private get userId(): string | undefined {
    return this.session?.user?.userId ?? this.workspace?.user.userId;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('agencies')) this.agencyNames.observe(this.agencies.names$);
    const id = this.application?.id;
    const userId = this.userId;
    const which = id && userId ? `${userId}:${id}` : '';
    if (which !== this.observing || changed.has('histories')) {
      this.observing = which;
      this.showAll = false;
      this.view.observe(id && userId ? this.histories.history$(userId, id) : undefined);
      this.actions.observe(id ? this.workspace?.office.actionsOf(id) : undefined);
      this.seenState = this.stateKey();
      this.seenOutcomes = undefined;
      return;
    }
    // The application moved, or an action of it here got its outcome: the history has a new record.
    // The actions' first reading is what was there when the screen opened: nothing new.
    const state = this.stateKey();
    const outcomes = this.actions.value?.map((action) => `${action.id}:${action.outcome ?? ''}`).join(',');
    const moved = state !== this.seenState || (this.seenOutcomes !== undefined && outcomes !== this.seenOutcomes);
    this.seenState = state;
    if (outcomes !== undefined) this.seenOutcomes = outcomes;
    if (moved && id && userId) void this.histories.refresh(userId, id);
  }

  private stateKey(): string {
    const application = this.application;
    return application ? `${application.status}:${application.updatedAt}:${application.registrationNumber ?? ''}` : '';
  }

  override render() {
    const view = this.view.value;
    if (!this.application) return nothing;
    return html`<section aria-labelledby="history-title" data-testid="application-history" aria-busy=${view === undefined || view.state === 'loading' || (view.state === 'shown' && view.refreshing) ? 'true' : 'false'}>
      <div class="head">
        <h2 id="history-title">${t('history.title')}</h2>
        <button class="secondary" data-testid="history-refresh" @click=${() => this.refresh()}>${t('history.refresh')}</button>
      </div>
      ${this.renderBody(view)}
    </section>`;
  }

  private refresh(): void {
    const id = this.application?.id;
    const userId = this.userId;
    if (id && userId) void this.histories.refresh(userId, id);
  }

  private renderBody(view: HistoryView | undefined) {
    if (view === undefined || view.state === 'loading') return html`<p class="muted" role="status" data-testid="history-loading">${t('history.loading')}</p>`;
    if (view.state === 'unavailable') return html`<p class="as-of" role="status" data-testid="history-unavailable">${t('history.unavailable')}</p>`;
    if (view.state === 'not-found') return html`<p class="muted" role="status" data-testid="history-not-found">${t('history.notFound')}</p>`;
    const events = [...(view.history.events ?? [])].reverse();
    const shown = this.showAll ? events : events.slice(0, HISTORY_SHOWN);
    return html`
      ${view.fresh ? nothing : html`<p class="as-of" role="status" data-testid="history-as-of" data-fetched-at=${view.fetchedAt}>${
        t(view.refreshing ? 'history.asOfChecking' : 'history.asOf', { time: dateTimeText(view.fetchedAt) })}</p>`}
      ${events.length === 0 ? html`<p class="muted" data-testid="history-empty">${t('history.empty')}</p>` : html`
        <p class="muted" data-testid="history-count">${shown.length < events.length
          ? t('history.count', { shown: shown.length, total: events.length }) : t('history.countAll', { total: events.length })}</p>
        <ol data-testid="history-events">${shown.map((entry) => this.renderEvent(entry))}</ol>
        ${events.length > HISTORY_SHOWN ? html`<button class="secondary" data-testid="history-show-all" aria-expanded=${this.showAll ? 'true' : 'false'}
          @click=${() => { this.showAll = !this.showAll; }}>${this.showAll ? t('history.showLatest', { count: HISTORY_SHOWN }) : t('history.showAll', { total: events.length })}</button>` : nothing}`}`;
  }

  private renderEvent(entry: HistoryEntry) {
    const name = entry.actorName ?? t('history.unnamed', { id: entry.actorId });
    const role = ROLE_LABELS[entry.actorRole] ? pick(ROLE_LABELS[entry.actorRole]) : entry.actorRole;
    const who = entry.agencyId ? t('history.actorAgency', { name, role, agency: pick(agencyName(this.agencyNames.value, entry.agencyId)) })
      : t('history.actor', { name, role });
    const changes = this.changesOf(entry);
    return html`<li class="event" data-testid="history-event" data-event=${entry.event} data-key=${entry.key}>
      <p class="what">${this.renderWhat(entry)}</p>
      ${entry.outcome === 'refused' && entry.outcomeReason
        ? html`<p class="refused-reason" data-testid="history-refused-reason">${t('history.refusedReason', { reason: pick(entry.outcomeReason) })}</p>` : nothing}
      <p class="who" data-testid="history-who">${who}</p>
      ${changes.length > 0 ? html`<ul class="changes" data-testid="history-changes">${changes.map((text) => html`<li>${text}</li>`)}</ul>` : nothing}
      ${entry.internal ? html`<p class="internal">${t('history.internal')}</p>` : nothing}
      <p class="times">
        <span data-testid="history-server-at"><time datetime=${entry.at}>${t('history.serverAt', { time: dateTimeText(entry.at) })}</time></span>
        ${entry.deviceAt ? html`<span data-testid="history-device-at"><time datetime=${entry.deviceAt}>${t('history.deviceAt', { time: dateTimeText(entry.deviceAt) })}</time></span>` : nothing}
        ${entry.device ? html`<span data-testid="history-device" title=${entry.device}>${t('history.device', { device: entry.device.slice(0, 8) })}</span>` : nothing}
      </p>
    </li>`;
  }

  /** What happened: a refused action as the action asked and refused (it changed nothing), anything else by its event. */
  private renderWhat(entry: HistoryEntry) {
    const kind = entry.event as keyof typeof ACTION_LABELS;
    if (entry.outcome === 'refused' && ACTION_LABELS[kind]) {
      return html`<span class="refused" data-testid="history-what" data-refused="true">${t('history.refused', { action: pick(ACTION_LABELS[kind]) })}</span>`;
    }
    return html`<span data-testid="history-what">${EVENT_KEYS[entry.event] ? t(EVENT_KEYS[entry.event]) : t('history.event.other')}</span>`;
  }

  /** What changed, in words: the status move from the record's own from/to, then each changed field that says something. */
  private changesOf(entry: HistoryEntry): string[] {
    const said: string[] = [];
    if (entry.fromStatus && entry.toStatus && entry.fromStatus !== entry.toStatus && entry.outcome !== 'refused') {
      said.push(t('history.change.status', { from: pick(STATUS_LABELS[entry.fromStatus]), to: pick(STATUS_LABELS[entry.toStatus]) }));
    }
    for (const change of entry.changes ?? []) {
      if (UNSHOWN_FIELDS.has(change.field)) continue;
      if (entry.event === 'claim' && change.field === 'applicantId') continue; // The record's actor is the claimant already.
      const text = this.changeText(change);
      if (text !== undefined) said.push(text);
    }
    return said;
  }

  private changeText(change: HistoryChange): string | undefined {
    const { field, value } = change;
    if (field === 'checks' && value && /^\d+\/\d+$/.test(value)) {
      const [ok, total] = value.split('/');
      return t('history.change.checks', { ok: ok ?? '', total: total ?? '' });
    }
    let shown = value;
    if (value !== undefined && AGENCY_FIELDS.has(field)) {
      const ids = value.split(',').map((id) => id.trim()).filter((id) => id !== '');
      // An acceptance starts every round with no recommendation yet: saying so adds nothing.
      if (ids.length === 0 && field === 'recommendedAgencies') return undefined;
      shown = ids.length === 0 ? t('history.none') : ids.map((id) => pick(agencyName(this.agencyNames.value, id))).join(', ');
    } else if (value !== undefined && field === 'recommendation' && RECOMMENDATION_KEYS[value]) {
      shown = t(RECOMMENDATION_KEYS[value]);
    } else if (value !== undefined && field === 'documents') {
      const requirement = this.permitType?.requirements.find((candidate) => candidate.id === value);
      shown = requirement ? pick(requirement.name) : value;
    }
    const key = CHANGE_KEYS[field];
    if (shown === undefined) return t('history.change.otherName', { field });
    return key ? t(key, { value: shown }) : t('history.change.other', { field, value: shown });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-application-history': PtspApplicationHistory;
  }
}
