import { css, html, LitElement, nothing } from 'lit';
import { consume } from '@lit/context';
import { customElement, state } from 'lit/decorators.js';
import { BehaviorSubject } from 'rxjs';
import type { QueueCursor, QueueFilter, QueueRow } from '../../../common/workflow/work-queue.js';
import { workspaceContext } from '../../app/context.js';
import { officeQueue$, QUEUE_PAGE_SIZE, type OfficeQueueView, type QueueSource } from '../../data/office/office-queue.js';
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

/**
 * The work queue of the signed-in office account (`/kantor`): what waits for it on this device,
 * oldest first, 50 a page (keyset: the next page starts after the last row shown), filtered by
 * permit type or overdue only, searched by number or business name. Each row opens the application
 * (`/kantor/permohonan/<id>`). A table on a laptop; each row a card on a phone.
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
  @state() private filter: QueueFilter = {};
  /** The cursors of the pages before this one (Previous goes back one). */
  @state() private cursors: (QueueCursor | undefined)[] = [undefined];
  private readonly request$ = new BehaviorSubject<{ filter: QueueFilter; cursor?: QueueCursor; limit: number }>({ filter: {}, limit: QUEUE_PAGE_SIZE });
  private readonly queue = new ObserveController<OfficeQueueView>(this);
  private readonly locale = new LocaleController(this);

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('workspace')) this.queue.observe(this.workspace ? officeQueue$(this.workspace, this.request$) : undefined);
  }

  private setFilter(filter: QueueFilter): void {
    this.filter = filter;
    this.cursors = [undefined];
    this.request$.next({ filter, limit: QUEUE_PAGE_SIZE });
  }

  private page(cursors: (QueueCursor | undefined)[]): void {
    this.cursors = cursors;
    const cursor = cursors.at(-1);
    this.request$.next({ filter: this.filter, ...(cursor ? { cursor } : {}), limit: QUEUE_PAGE_SIZE });
  }

  override render() {
    const view = this.queue.value;
    const filtered = (this.filter.permitTypeIds?.length ?? 0) > 0 || this.filter.overdueOnly === true || (this.filter.search ?? '') !== '';
    return html`<h2>${t('queue.heading')}</h2>
      <div class="filters">
        <label>${t('queue.filterType')}
          <select data-testid="queue-type" @change=${(event: Event) => {
            const value = (event.target as HTMLSelectElement).value;
            this.setFilter({ ...this.filter, permitTypeIds: value ? [value] : [] });
          }}>
            <option value="">${t('queue.allTypes')}</option>
            ${(view?.permitTypes ?? []).map((type) => html`<option value=${type.id} ?selected=${this.filter.permitTypeIds?.[0] === type.id}>${type.name ? pick(type.name) : type.id}</option>`)}
          </select>
        </label>
        <label>${t('queue.search')}
          <input type="search" data-testid="queue-search" .value=${this.filter.search ?? ''}
            @input=${(event: Event) => this.setFilter({ ...this.filter, search: (event.target as HTMLInputElement).value })}>
        </label>
        <label class="inline"><input type="checkbox" data-testid="queue-overdue" .checked=${this.filter.overdueOnly === true}
          @change=${(event: Event) => this.setFilter({ ...this.filter, overdueOnly: (event.target as HTMLInputElement).checked })}>${t('queue.overdueOnly')}</label>
      </div>
      ${view === undefined ? html`<p>${t('office.loading')}</p>` : this.renderPage(view, filtered)}`;
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
