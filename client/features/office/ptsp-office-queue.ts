import { css, html, LitElement, nothing } from 'lit';
import { consume } from '@lit/context';
import { customElement, state } from 'lit/decorators.js';
import { BehaviorSubject } from 'rxjs';
import { normalizeSearch, type QueueCursor, type QueueFilter, type QueuePageRequest, type QueueRow } from '../../../common/workflow/work-queue.js';
import { workspaceContext } from '../../app/context.js';
import { officeQueue$, prepareQueueSearch, QUEUE_PAGE_SIZE, type OfficeQueueView, type QueueSource } from '../../data/office/office-queue.js';
import { LocaleController, pick, t } from '../../i18n/localize.js';
import { ObserveController } from '../../ui/observe-controller.js';
import { sharedStyles } from '../../ui/shared-styles.js';

/** How a row's service level reads: days left, due today, overdue by, or stopped. */
export function daysText(row: Pick<QueueRow, 'daysLeft' | 'overdue' | 'paused'>): string {
  if (row.paused) return t('queue.paused');
  if (row.daysLeft === undefined) return t('queue.noSla');
  if (row.overdue) return t('queue.overdue', { days: Math.max(1, -row.daysLeft) });
  if (row.daysLeft === 0) return t('queue.dueToday');
  return row.daysLeft === 1 ? t('queue.dayLeft') : t('queue.daysLeft', { days: row.daysLeft });
}

/** How long the search waits after the last keystroke (a search at 10,000 reads the whole queue once). */
export const SEARCH_DELAY_MS = 250;

/**
 * The work queue of the signed-in office account (`/kantor`): what waits for it on this device,
 * oldest first, 50 a page (keyset: the next page starts after the last row shown), filtered by
 * permit type or overdue only, searched by number or business name. Each row opens the application
 * (`/kantor/permohonan/<id>`). A table on a laptop; each row a card on a phone.
 *
 * The search runs once the typing pauses (SEARCH_DELAY_MS), at once on Enter, and a cleared box
 * shows the whole queue at once; the box always shows what was typed (it is bound to `typed`, not to
 * the filter asked). Only the newest request's page is shown (office-queue.ts drops earlier ones);
 * until it comes the results say aria-busy.
 */
@customElement('ptsp-office-queue')
export class PtspOfficeQueue extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; }
    .filters { display: grid; grid-template-columns: 1fr 1fr auto; gap: 8px 12px; align-items: end; margin: 8px 0 12px; }
    .filters label { display: grid; gap: 4px; font-size: 0.9rem; }
    .filters label.inline { display: flex; align-items: center; gap: 8px; min-height: 44px; }
    .filters input[type=checkbox] { width: 22px; min-height: 22px; }
    table { width: 100%; border-collapse: collapse; }
    th, td { text-align: left; padding: 8px 6px; border-bottom: 1px solid #d9dee3; vertical-align: top; }
    th { font-size: 0.85rem; color: #52606d; }
    tr.overdue td.days { color: #a4161a; font-weight: 700; }
    td.days { white-space: nowrap; font-variant-numeric: tabular-nums; }
    a.open { display: inline-flex; align-items: center; min-height: 44px; padding: 0 12px; border: 1px solid #0b5cad; border-radius: 8px; text-decoration: none; color: #0b5cad; }
    .number { font-family: ui-monospace, monospace; word-break: break-all; }
    .pager { display: flex; gap: 8px; align-items: center; margin-top: 12px; flex-wrap: wrap; }
    .muted { color: #52606d; }
    /* A search waiting for the typing to pause, or still reading: dimmed after a moment (a quick answer does not flicker). */
    .results[aria-busy=true] { opacity: 0.6; transition: opacity 0.2s 0.15s; }
    @media (max-width: 640px) {
      .filters { grid-template-columns: 1fr; }
      thead { display: none; }
      table, tbody, tr, td { display: block; width: 100%; box-sizing: border-box; }
      tr { border: 1px solid #d9dee3; border-radius: 8px; margin-bottom: 8px; padding: 4px 8px; }
      td { border: none; padding: 4px 0; }
    }
  `];

  @consume({ context: workspaceContext, subscribe: true })
  @state() private workspace: QueueSource | undefined;
  /** The filter last asked of the queue (its search lags the box while the typing goes on). */
  @state() private filter: QueueFilter = {};
  /** What the search box holds. */
  @state() private typed = '';
  /** ms the search waits for the typing to pause (a test sets a long one to see that Enter and clearing do not wait). */
  searchDelay = SEARCH_DELAY_MS;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** The cursors of the pages before this one (Previous goes back one). */
  @state() private cursors: (QueueCursor | undefined)[] = [undefined];
  private readonly request$ = new BehaviorSubject<QueuePageRequest>({ filter: {}, limit: QUEUE_PAGE_SIZE });
  private readonly queue = new ObserveController<OfficeQueueView>(this);
  private readonly locale = new LocaleController(this);

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('workspace')) this.queue.observe(this.workspace ? officeQueue$(this.workspace, this.request$) : undefined);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.searchTimer);
    this.searchTimer = undefined;
  }

  /** Asks for page 1 of the filter with this change, and with the search as typed now (a waiting search goes with it). */
  private setFilter(change: QueueFilter): void {
    clearTimeout(this.searchTimer);
    this.searchTimer = undefined;
    const filter = { ...this.filter, search: this.typed, ...change };
    this.filter = filter;
    this.cursors = [undefined];
    this.request$.next({ filter, limit: QUEUE_PAGE_SIZE });
  }

  private searchTyped(value: string): void {
    this.typed = value;
    clearTimeout(this.searchTimer);
    this.searchTimer = undefined;
    // Cleared: the whole queue at once, no search to wait for. Else once the typing pauses.
    if (normalizeSearch(value) === '') this.searchNow();
    else this.searchTimer = setTimeout(() => this.searchNow(), this.searchDelay);
  }

  /** Searches for what is typed now, unless that finds what the current search finds (a space, a dash added). */
  private searchNow(): void {
    if (normalizeSearch(this.typed) === normalizeSearch(this.filter.search ?? '')) {
      clearTimeout(this.searchTimer);
      this.searchTimer = undefined;
      return;
    }
    this.setFilter({ search: this.typed });
  }

  private page(cursors: (QueueCursor | undefined)[]): void {
    this.cursors = cursors;
    const cursor = cursors.at(-1);
    this.request$.next({ filter: this.filter, ...(cursor ? { cursor } : {}), limit: QUEUE_PAGE_SIZE });
  }

  override render() {
    const view = this.queue.value;
    // Of the filter the page shown answers ("nothing matches" or "nothing waits").
    const shown = view?.request.filter ?? {};
    const filtered = (shown.permitTypeIds?.length ?? 0) > 0 || shown.overdueOnly === true || normalizeSearch(shown.search ?? '') !== '';
    // The page answers the last request and the box holds what was searched: until then, busy.
    const settled = view?.request === this.request$.value && normalizeSearch(this.typed) === normalizeSearch(this.filter.search ?? '');
    return html`<h2>${t('queue.heading')}</h2>
      <div class="filters">
        <label>${t('queue.filterType')}
          <select data-testid="queue-type" @change=${(event: Event) => {
            const value = (event.target as HTMLSelectElement).value;
            this.setFilter({ permitTypeIds: value ? [value] : [] });
          }}>
            <option value="">${t('queue.allTypes')}</option>
            ${(view?.permitTypes ?? []).map((type) => html`<option value=${type.id} ?selected=${this.filter.permitTypeIds?.[0] === type.id}>${type.name ? pick(type.name) : type.id}</option>`)}
          </select>
        </label>
        <label>${t('queue.search')}
          <input type="search" data-testid="queue-search" .value=${this.typed}
            @focus=${() => { if (this.workspace) prepareQueueSearch(this.workspace); }}
            @input=${(event: Event) => this.searchTyped((event.target as HTMLInputElement).value)}
            @keydown=${(event: KeyboardEvent) => { if (event.key === 'Enter') this.searchNow(); }}>
        </label>
        <label class="inline"><input type="checkbox" data-testid="queue-overdue" .checked=${this.filter.overdueOnly === true}
          @change=${(event: Event) => this.setFilter({ overdueOnly: (event.target as HTMLInputElement).checked })}>${t('queue.overdueOnly')}</label>
      </div>
      <div class="results" data-testid="queue-results" aria-busy=${settled ? 'false' : 'true'}>
        ${view === undefined ? html`<p>${t('office.loading')}</p>` : this.renderPage(view, filtered)}
      </div>`;
  }

  private renderPage(view: OfficeQueueView, filtered: boolean) {
    if (view.total === 0) return html`<p data-testid="queue-empty">${filtered ? t('queue.noMatch') : t('queue.empty')}</p>`;
    return html`<p class="muted" data-testid="queue-total">${t('queue.total', { count: view.total })}</p>
      <table data-testid="queue">
        <thead><tr><th>${t('queue.colType')}</th><th>${t('queue.colNumber')}</th><th>${t('queue.colBusiness')}</th><th>${t('queue.colDays')}</th><th></th></tr></thead>
        <tbody>${view.rows.map((row) => html`<tr class=${row.overdue ? 'overdue' : ''} data-testid="queue-row" data-id=${row.id}>
          <td>${row.permitTypeName ? pick(row.permitTypeName) : t('queue.unknownType', { id: row.permitTypeId })}</td>
          <td class="number">${row.registrationNumber ?? row.provisionalNumber ?? t('queue.noNumber')}</td>
          <td>${row.businessName ?? '—'}</td>
          <td class="days" data-testid="queue-days">${daysText(row)}</td>
          <td><a class="open" data-testid="queue-open" href=${`/kantor/permohonan/${row.id}`}>${t('queue.open')}</a></td>
        </tr>`)}</tbody>
      </table>
      ${view.next || this.cursors.length > 1 ? html`<div class="pager">
        <button class="secondary" data-testid="queue-previous" ?disabled=${this.cursors.length <= 1} @click=${() => this.page(this.cursors.slice(0, -1))}>${t('queue.previous')}</button>
        <span data-testid="queue-page">${t('queue.pageOf', { page: this.cursors.length })}</span>
        ${view.next ? html`<button class="secondary" data-testid="queue-next" @click=${() => this.page([...this.cursors, view.next])}>${t('queue.next')}</button>` : nothing}
      </div>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-office-queue': PtspOfficeQueue;
  }
}
