import { css, html, LitElement } from 'lit';
import { ContextProvider } from '@lit/context';
import { customElement, state } from 'lit/decorators.js';
import type { PermitCatalog } from '../../common/catalog.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import type { SyncStatus } from '../data/replication.js';
import { currentUser, signOut } from '../data/session.js';
import { publicUrl } from '../data/public-tracking.js';
// Types only: the workspace (RxDB) and the signed-in screens load after sign-in (client/signed-in.ts).
import type { Workspace } from '../data/workspace.js';
import { language$, LocaleController, t } from '../i18n/localize.js';
import { ObserveController } from '../ui/observe-controller.js';
import { deepQuery } from '../ui/deep-query.js';
import { sharedStyles } from '../ui/shared-styles.js';
import '../ui/ptsp-language-toggle.js';
import './ptsp-sign-in.js';
import { sessionContext, workspaceContext } from './context.js';
import { areaOf, followLink, navigate, pathOf, RouteController, type Area, type Route } from './router.js';

/**
 * The application shell: who is signed in, which screen the address names (router.ts), the
 * always-visible header with the sync status, and each role's area: intake (ptsp-intake-area),
 * the office, the administrator's. It provides the data layer (Workspace) and the signed-in user
 * to everything below through @lit/context (context.ts).
 */
@customElement('ptsp-app')
export class PtspApp extends LitElement {
  static override styles = [sharedStyles, css`
    /* One compact row, also on a 360 px phone: brand, the sync pill taking the room left, who is signed in. */
    header.bar { position: sticky; top: 0; z-index: 1; background: #f4f7fa; border-bottom: 1px solid #d5dbe1;
      padding: 4px 12px; display: flex; flex-wrap: nowrap; gap: 8px; align-items: center; min-height: 48px; box-sizing: border-box; }
    .brand { font-weight: 700; white-space: nowrap; }
    .brand .short { display: none; }
    /* The pill takes the room the others leave (its words wrap at spaces, D's ptsp-sync-status). */
    ptsp-sync-status { flex: 1 1 0; min-width: 0; }
    .user { display: flex; gap: 6px; align-items: center; margin-left: auto; min-width: 0; flex: 0 1 auto; }
    .who { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; max-width: 14em; min-width: 4em; font-size: 0.9rem; }
    header button { min-height: 40px; padding: 0 10px; }
    @media (max-width: 600px) {
      header.bar { padding: 4px 8px; gap: 6px; }
      .brand .long { display: none; }
      .brand .short { display: inline; }
      .who { max-width: 5.5em; font-size: 0.8rem; }
      header button { padding: 0 8px; font-size: 0.9rem; }
    }
    /* A small phone: every screen names itself in its heading, so the brand gives its room to the
       pill; signed out (sign-in, public tracking) there is no pill, and the short brand stays. */
    @media (max-width: 400px) {
      header.signed-in .brand { display: none; }
      .who { max-width: 4.5em; min-width: 3em; }
      header button { padding: 0 6px; }
    }
    main { padding: 16px; max-width: 760px; margin: 0 auto; }
    /* A printed receipt is the receipt only. */
    @media print { header.bar, .no-print { display: none; } main { padding: 0; } }
  `];

  @state() private booting = true;
  @state() private workspace: Workspace | undefined;
  @state() private catalog: PermitCatalog | undefined;
  /** The screen the address names (client/app/router.ts); Back and Forward change it. */
  @state() private route: Route;
  private readonly router = new RouteController(this, (route) => { this.route = route; });
  /** The data layer and who is signed in, for every screen below (client/app/context.ts). */
  private readonly workspaceProvider = new ContextProvider(this, { context: workspaceContext, initialValue: undefined });
  private readonly sessionProvider = new ContextProvider(this, { context: sessionContext, initialValue: { user: undefined, language: language$.value } });
  /** The office's public address for receipts' QR links (kept on the device; this origin until known). */
  @state() private publicUrl: string | undefined;
  /** The screen changed: once its level-one heading is there, focus it and show the top. */
  private headingPending = true;
  /** Why the account's local data could not be opened (storage blocked, quota, a browser bug). */
  @state() private failure: string | undefined;
  private readonly locale = new LocaleController(this);
  private readonly sync = new ObserveController<SyncStatus>(this);
  /** A link to one of the app's screens (inside any screen's shadow root) opens it in place. */
  private readonly onClick = (event: MouseEvent): void => {
    followLink(event);
  };

  constructor() {
    super();
    this.route = this.router.route;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('click', this.onClick);
    void this.boot();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('click', this.onClick);
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('route') || changed.has('workspace') || changed.has('booting')) this.headingPending = true;
    if (this.headingPending) {
      this.headingPending = false;
      void this.focusHeading();
    }
  }

  /**
   * A new screen opens at its top with focus on its level-one heading (tabindex=-1), so a screen
   * reader says where the person is and the page is not left scrolled where the last one was.
   * Pages render a moment after the route (their data loads), so this looks for the heading for up
   * to about a second. Focus the person already moved themselves (into a field) is left alone.
   */
  private async focusHeading(): Promise<void> {
    window.scrollTo(0, 0);
    const before = deepActiveElement();
    // An area element (intake, office, admin) renders its new screen after this one: until then
    // the heading found would be the last screen's, about to go.
    for (const area of this.renderRoot.querySelectorAll('main > *')) {
      if (area instanceof LitElement) await area.updateComplete;
    }
    for (let frame = 0; frame < 60; frame++) {
      const heading = deepQuery(this.renderRoot, 'h1');
      if (heading) {
        const active = deepActiveElement();
        if (active !== before && active?.matches('input, select, textarea')) return;
        heading.focus({ preventScroll: true });
        window.scrollTo(0, 0);
        return;
      }
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('workspace')) this.workspaceProvider.setValue(this.workspace);
    const session = this.sessionProvider.value;
    if (session.user !== this.workspace?.user || session.language !== language$.value) {
      this.sessionProvider.setValue({ user: this.workspace?.user, language: language$.value });
    }
    // `/` is where each role's work is: an office or admin account lands in its area, and the
    // address says so (Back does not return to a `/` that would only send it there again).
    if (this.workspace && this.route.page === 'home') {
      const area = areaOf(this.workspace.user.role);
      if (area !== 'intake') {
        this.route = area === 'office' ? { page: 'office' } : { page: 'admin', section: 'accounts' };
        history.replaceState(null, '', pathOf(this.route));
      }
    }
    if (changed.has('route') && this.route.page === 'track') void import('../features/public/ptsp-public-tracking.js');
    // Only administrators need the admin screens: their code comes when one opens them.
    if (this.route.page === 'admin' && this.workspace) void import('../features/admin/ptsp-admin-area.js');
  }

  private async boot(): Promise<void> {
    try {
      const user = await currentUser();
      if (user) await this.enter(user);
    } catch (error) {
      this.failure = (error as Error).message;
    } finally {
      this.booting = false;
    }
  }

  private async enter(user: UserProfile): Promise<void> {
    this.failure = undefined;
    try {
      const { Workspace } = await import('../signed-in.js');
      const workspace = await Workspace.open(user);
      // Without a catalog the drafts are still listed; forms say the catalog is missing.
      this.catalog = await workspace.loadCatalog().catch(() => undefined);
      this.workspace = workspace;
      this.sync.observe(workspace.syncStatus$);
      void publicUrl().then((url) => { this.publicUrl = url; });
    } catch (error) {
      this.failure = (error as Error).message;
    }
  }

  private async leave(): Promise<void> {
    const workspace = this.workspace;
    if (!workspace) return;
    const pending = workspace.pendingCount();
    if (pending > 0 && !confirm(t('app.signOutPending', { count: pending }))) return;
    this.sync.observe(undefined);
    this.workspace = undefined;
    await workspace.close();
    await signOut();
    navigate('/');
  }

  override render() {
    return html`
      <header class="bar ${this.workspace ? 'signed-in' : ''}">
        <span class="brand"><span class="long">${t('app.title')}</span><span class="short" aria-hidden="true">${t('app.shortTitle')}</span></span>
        ${this.workspace ? html`<ptsp-sync-status .status=${this.sync.value}></ptsp-sync-status>` : ''}
        <span class="user">
          ${this.workspace ? html`<span class="who" data-testid="signed-in-as" title=${this.workspace.user.displayName}>${this.workspace.user.displayName}</span>
            <button class="secondary" data-testid="sign-out" @click=${() => void this.leave()}>${t('app.signOut')}</button>` : ''}
          <ptsp-language-toggle></ptsp-language-toggle>
        </span>
      </header>
      <main>${this.workspace ? html`${
        // Where a day's work starts (the list, the picker): above a form it would push the fields down
        // on every screen, and the receipt is shown to the citizen and printed.
        this.route.page !== 'home' && this.route.page !== 'new' ? ''
          : html`<ptsp-storage-notice class="no-print" .user=${this.workspace.user}></ptsp-storage-notice>`}
        <ptsp-reauth-prompt .workspace=${this.workspace} .status=${this.sync.value}></ptsp-reauth-prompt>` : ''}${this.renderPage()}</main>`;
  }

  private renderPage() {
    // Anyone with a receipt, signed in or not.
    if (this.route.page === 'track') return html`<ptsp-public-tracking .number=${this.route.number}></ptsp-public-tracking>`;
    if (this.booting) return html`<p>${t('app.loading')}</p>`;
    if (this.failure) {
      // Signing out forgets who is signed in, nothing else: the local data stays for a later try.
      return html`<p class="error" role="alert" data-testid="open-failed">${t('app.openFailed', { reason: this.failure })}</p>
        <button class="secondary" @click=${() => void signOut().then(() => location.reload())}>${t('app.signOut')}</button>`;
    }
    const workspace = this.workspace;
    if (!workspace) return html`<ptsp-sign-in @signed-in=${(event: CustomEvent<UserProfile>) => void this.enter(event.detail)}></ptsp-sign-in>`;
    const area = areaOf(workspace.user.role);
    if (!mayOpen(area, this.route)) return this.renderNotForRole(workspace.user.role);
    switch (this.route.page) {
      case 'office':
        return html`<ptsp-office-home></ptsp-office-home>`;
      case 'admin':
        return html`<ptsp-admin-area .section=${this.route.section}></ptsp-admin-area>`;
      default:
        return html`<ptsp-intake-area .route=${this.route} .catalog=${this.catalog} .publicUrl=${this.publicUrl}
          @screen-moved=${() => { this.headingPending = true; this.requestUpdate(); }}></ptsp-intake-area>`;
    }
  }

  /** An address of another role's area (a shared link, a typed URL): say so, and offer the way to one's own. */
  private renderNotForRole(role: UserProfile['role']) {
    return html`<h1 tabindex="-1" data-testid="not-for-role">${t('area.notForRole')}</h1>
      <p>${t('area.notForRoleBody', { role: t(`role.${role}`) })}</p>
      <p><a href="/" data-testid="go-home">${t('area.goHome')}</a></p>`;
  }
}

/**
 * Which areas' screens an account opens: intake's (the drafts list, the picker) for applicants and
 * booth staff, the office's for office accounts and the administrator, the admin's for the
 * administrator. An application and its receipt open for anyone the sync brought it to.
 */
function mayOpen(area: Area, route: Route): boolean {
  switch (route.page) {
    case 'new':
      return area === 'intake';
    case 'office':
      return area === 'office' || area === 'admin';
    case 'admin':
      return area === 'admin';
    default:
      return true;
  }
}

/** The element that has focus, inside shadow roots too. */
function deepActiveElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-app': PtspApp;
  }
}
