import { css, html, LitElement, nothing } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import type { ApplicationStatus } from '../../../common/application-schema.js';
import type { Role } from '../../../common/sync-protocol.js';
import { sessionContext, workspaceContext, type SessionInfo } from '../../app/context.js';
import { agencyDirectory, agencyName, type AgencyDirectory, type AgencyNames } from '../../data/agencies.js';
import { roleQueueOf, type StatusCounts, type Workspace } from '../../data/workspace.js';
import { LocaleController, pick, t } from '../../i18n/localize.js';
import type { MessageKey } from '../../i18n/messages.js';
import { ObserveController } from '../../ui/observe-controller.js';
import { RouteController } from '../../app/router.js';
import './ptsp-office-application.js';
import './ptsp-office-queue.js';
import { sharedStyles } from '../../ui/shared-styles.js';

/** The order a person reads the office's piles in: what waits for them first. */
const STATUS_ORDER: readonly ApplicationStatus[] = ['submitted', 'in-review', 'needs-information', 'returned', 'reviewed', 'draft'];

function titleKey(role: Role | undefined): MessageKey {
  switch (role) {
    case 'front-office':
    case 'agency-reviewer':
    case 'inspector':
    case 'admin':
      return `office.title.${role}`;
    default:
      return 'office.title.admin';
  }
}

function countText(count: number): string {
  return count === 1 ? t('office.countOne') : t('office.count', { count });
}

/**
 * Where front-office, agency and inspector accounts land (`/kantor`): the account's work queue
 * (ptsp-office-queue) and, below it, counts by status of what the sync brought to this device;
 * `/kantor/permohonan/<id>` opens one application from the queue (ptsp-office-application).
 * The account's agency is named from the device's list (client/data/agencies.ts), so offline too
 * once the device has asked; its code stays next to the name, as the admin screens print it.
 */
@customElement('ptsp-office-home')
export class PtspOfficeHome extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; }
    .note { background: #eef4fb; border-left: 4px solid #1c5d99; padding: 8px 12px; border-radius: 4px; }
    ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 6px; }
    li { display: flex; justify-content: space-between; gap: 12px; border-bottom: 1px solid #d9dee3; padding: 8px 0; }
    .count { font-weight: 700; font-variant-numeric: tabular-nums; }
    .muted { color: #52606d; font-size: 0.9rem; }
  `];

  @consume({ context: workspaceContext, subscribe: true })
  @state() private workspace: Workspace | undefined;
  @consume({ context: sessionContext, subscribe: true })
  @state() private session: SessionInfo | undefined;
  /** Where the agencies' names come from (the page's own; a test may give one that starts from the device's list). */
  @property({ attribute: false }) agencies: AgencyDirectory = agencyDirectory;
  private readonly agencyNames = new ObserveController<AgencyNames>(this);
  private readonly counts = new ObserveController<StatusCounts>(this);
  private readonly locale = new LocaleController(this);
  /** `/kantor/permohonan/<id>` opens one application; `/kantor` is the queue. */
  private readonly router = new RouteController(this);

  override willUpdate(changed: Map<string, unknown>): void {
    // Only an account with an agency prints one; the directory asks the server at most once per page.
    if (changed.has('agencies') || changed.has('session')) {
      this.agencyNames.observe(this.session?.user?.agencyId ? this.agencies.names$ : undefined);
    }
    // The counts cover every application on the device, counted on the local index (never read
    // all: 10,000 took about half a second and each change another 60 ms; bench/office-home.ts).
    if (changed.has('workspace')) this.counts.observe(this.workspace?.statusCounts$());
  }

  override render() {
    const user = this.session?.user;
    const route = this.router.route;
    if (route.page === 'office' && route.id) return html`<ptsp-office-application .applicationId=${route.id}></ptsp-office-application>`;
    const counts = this.counts.value;
    // The roles with an office queue (workspace.ts roleQueueOf); inspectors have none yet.
    const queue = user ? roleQueueOf(user) : '';
    const hasQueue = queue === 'front-office' || queue === 'review';
    return html`<h1 tabindex="-1" data-testid="office-title">${t(titleKey(user?.role))}</h1>
      ${user?.role === 'agency-reviewer' || user?.agencyId ? html`<p data-testid="office-agency">${user.agencyId ? t('office.agency', { agency: this.agencyName(user.agencyId) }) : t('office.noAgency')}</p>` : nothing}
      ${hasQueue ? html`<ptsp-office-queue></ptsp-office-queue>` : html`<p class="note" data-testid="office-coming-next">${t('office.comingNext')}</p>`}
      <h2>${t('office.onDevice')}</h2>
      ${counts === undefined ? html`<p>${t('office.loading')}</p>` : this.renderCounts(counts)}
      <p class="muted">${t('office.syncNote')}</p>`;
  }

  /** "Name (code)"; the code alone while the device knows no name for it (never a blank). */
  private agencyName(agencyId: string): string {
    const name = pick(agencyName(this.agencyNames.value, agencyId));
    return name === agencyId ? agencyId : `${name} (${agencyId})`;
  }

  private renderCounts(counts: StatusCounts) {
    const shown = STATUS_ORDER.filter((status) => (counts[status] ?? 0) > 0);
    if (shown.length === 0) return html`<p data-testid="office-empty">${t('office.nothingYet')}</p>`;
    return html`<ul data-testid="office-counts">
      ${shown.map((status) => html`<li data-status=${status}>
        <span>${t(`office.byStatus.${status}`)}</span><span class="count">${countText(counts[status] ?? 0)}</span>
      </li>`)}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-office-home': PtspOfficeHome;
  }
}
