import { css, html, LitElement } from 'lit';
import { ContextProvider } from '@lit/context';
import { customElement, state } from 'lit/decorators.js';
import { firstValueFrom } from 'rxjs';
import type { AnswerValue, ApplicationDoc, CitizenIdentity } from '../../common/application-schema.js';
import { filedByBooth, type SubmissionProblem } from '../../common/workflow.js';
import type { PermitCatalog, PermitType } from '../../common/catalog.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import type { SyncStatus } from '../data/replication.js';
import { currentUser, signOut } from '../data/session.js';
import { ApiRequestError, TooManyAttemptsError } from '../data/api.js';
import { publicUrl } from '../data/public-tracking.js';
// Types only: the workspace (RxDB) and the signed-in screens load after sign-in (client/signed-in.ts).
import type { Workspace } from '../data/workspace.js';
import { language$, LocaleController, pick, t } from '../i18n/localize.js';
import { ObserveController } from '../ui/observe-controller.js';
import type { CitizenInputDetail } from '../features/intake/ptsp-citizen-section.js';
import type { AnswerInputDetail } from '../features/intake/ptsp-form-field.js';
import type { KindChangeDetail } from '../features/intake/ptsp-kind-section.js';
import type { PtspDraftForm } from '../features/intake/ptsp-draft-form.js';
import type { PtspPermitPicker } from '../features/intake/ptsp-permit-picker.js';
import { deepQuery } from '../ui/deep-query.js';
import { sharedStyles } from '../ui/shared-styles.js';
import { waitText } from '../ui/wait-text.js';
import '../ui/ptsp-language-toggle.js';
import './ptsp-sign-in.js';
import { sessionContext, workspaceContext } from './context.js';
import { areaOf, followLink, navigate, pathOf, RouteController, type Area, type Route } from './router.js';

/** How long a deletion can be undone from the drafts list. */
const UNDO_MS = 15_000;

/** The drafts list shows this many at first, and this many more per "show more". */
const PAGE_SIZE = 50;

/**
 * The application shell: who is signed in, which page is shown, and the always-visible header with
 * the sync status. It connects pages to the data layer (Workspace); pages only render and raise events.
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
  /** After a submit attempt that found problems: every field shows its error. */
  @state() private showErrors = false;
  /** A draft is being created from the picker: a second tap must not create another. */
  private starting = false;
  /** Saves still on their way to the device's database; a submission waits for them. */
  private readonly saving = new Set<Promise<unknown>>();
  /** The screen changed: once its level-one heading is there, focus it and show the top. */
  private headingPending = true;
  /** Older catalog versions that open drafts were started under, by version. */
  @state() private olderCatalogs = new Map<number, PermitCatalog | undefined>();
  /** The last deleted draft, while its deletion can still be undone. */
  @state() private lastDeleted: ApplicationDoc | undefined;
  private undoTimer: ReturnType<typeof setTimeout> | undefined;
  /** Why the last keystroke could not be saved on the device (full disk, closed database). */
  @state() private saveFailure: string | undefined;
  /** The newest value typed per draft field, so a retry never writes an older one over it. */
  private readonly latestTyped = new Map<string, AnswerValue>();
  /** Why the account's local data could not be opened (storage blocked, quota, a browser bug). */
  @state() private failure: string | undefined;
  private readonly locale = new LocaleController(this);
  private readonly drafts = new ObserveController<ApplicationDoc[]>(this);
  private readonly draft = new ObserveController<ApplicationDoc | null>(this);
  private readonly bundle = new ObserveController<ApplicationDoc[]>(this);
  /** How many of the newest applications the list shows; searching looks through all of them. */
  @state() private listLimit = PAGE_SIZE;
  @state() private searching = false;
  /** What keeps the open application from being submitted, worked out whenever it changes. */
  @state() private problems: SubmissionProblem[] | undefined;
  private problemsFor: ApplicationDoc | undefined;
  @state() private submitError: string | undefined;
  @state() private claimMessage: { ok: boolean; text: string } | undefined;
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

  /** The catalog a draft was started under: the newest, or an older one fetched on demand. */
  private catalogFor(draft: ApplicationDoc): PermitCatalog | undefined {
    if (!this.catalog || draft.catalogVersion === this.catalog.version) return this.catalog;
    if (!this.olderCatalogs.has(draft.catalogVersion) && this.workspace) {
      const version = draft.catalogVersion;
      this.olderCatalogs.set(version, undefined);
      void this.workspace.catalogAt(version).then((catalog) => {
        this.olderCatalogs = new Map(this.olderCatalogs).set(version, catalog);
      });
    }
    return this.olderCatalogs.get(draft.catalogVersion);
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
    // Only a new route or account changes which draft is watched; re-observing on every render
    // would resubscribe, emit, and render again forever.
    if (changed.has('route') || changed.has('workspace')) {
      this.draft.observe(this.workspace && (this.route.page === 'draft' || this.route.page === 'receipt') ? this.workspace.draft$(this.route.id) : undefined);
      this.submitError = undefined;
      this.showErrors = false;
    }
    if (changed.has('listLimit') || changed.has('searching') || changed.has('workspace') || changed.has('route')) {
      // Only while the list is shown. Searching needs every application; the plain list only the
      // newest page (fast with 100k).
      this.drafts.observe(this.workspace && this.route.page === 'home' ? this.workspace.drafts$(this.searching ? undefined : this.listLimit) : undefined);
    }
    const draft = this.draft.value ?? undefined;
    if (draft !== this.problemsFor) {
      // A new bundle query only for another bundle, not for every keystroke's new state.
      if (draft?.bundleId !== this.problemsFor?.bundleId) {
        this.bundle.observe(draft?.bundleId && this.workspace ? this.workspace.bundle$(draft.bundleId) : undefined);
      }
      this.problemsFor = draft;
      if (draft && this.workspace) {
        void this.workspace.submissionProblems(draft).then((problems) => {
          if (this.problemsFor === draft) this.problems = problems;
        });
      } else {
        this.problems = undefined;
      }
    }
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
    this.drafts.observe(undefined);
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
      case 'receipt': {
        const application = this.draft.value ?? undefined;
        if (this.draft.value === undefined) return html`<p>${t('app.loading')}</p>`;
        if (!application) return html`<p data-testid="draft-not-found">${t('form.notFound')}</p>`;
        return html`<button class="secondary no-print" data-testid="back" @click=${() => navigate({ page: 'draft', id: application.id })}>${t('form.back')}</button>
          <ptsp-receipt standalone .application=${application} .publicUrl=${this.publicUrl}
            .permitType=${this.catalogFor(application)?.permitTypes.find((type) => type.id === application.permitTypeId)}></ptsp-receipt>`;
      }
      case 'new':
        return html`<ptsp-permit-picker .catalog=${this.catalog}
          @pick-permit=${(event: CustomEvent<PermitType>) => void this.startDraft(event.detail)}
          @pick-bundle=${(event: CustomEvent<PermitType[]>) => void this.startBundle(event.detail)}
          @cancel=${() => navigate('/')}></ptsp-permit-picker>`;
      case 'draft': {
        const draft = this.draft.value ?? undefined;
        if (this.draft.value === undefined) return html`<p>${t('app.loading')}</p>`;
        const id = draft?.id ?? '';
        return html`<ptsp-draft-form .draft=${draft}
          .permitType=${draft ? this.catalogFor(draft)?.permitTypes.find((type) => type.id === draft.permitTypeId) : undefined}
          .saveFailure=${this.saveFailure} ?booth=${Boolean(draft && filedByBooth(draft, workspace.user))}
          .problems=${this.problems} .bundle=${this.bundle.value ?? []} .submitError=${this.submitError}
          .publicUrl=${this.publicUrl} ?showErrors=${this.showErrors}
          @answer-input=${(event: CustomEvent<AnswerInputDetail>) => void this.track(this.save(workspace, id, event.detail.fieldId, event.detail.value))}
          @kind-change=${(event: CustomEvent<KindChangeDetail>) => void this.guard(workspace.setKind(id, event.detail.kind, event.detail.previousPermitNumber))}
          @citizen-input=${(event: CustomEvent<CitizenInputDetail>) => void this.guard(workspace.saveCitizen(id, { [event.detail.part]: event.detail.value } as CitizenIdentity))}
          @consent-change=${(event: CustomEvent<boolean>) => void this.guard(workspace.recordConsent(id, event.detail))}
          @submit-application=${(event: CustomEvent<string[]>) => void this.submit(workspace, event.detail)}
          @back=${() => navigate('/')}></ptsp-draft-form>`;
      }
      default:
        return html`${this.renderUndo(workspace)}<ptsp-draft-list .drafts=${this.drafts.value ?? []} .catalog=${this.catalog}
          .initialQuery=${this.route.page === 'home' ? this.route.find : undefined}
          .hasMore=${!this.searching && (this.drafts.value?.length ?? 0) >= this.listLimit}
          .claimable=${workspace.user.role === 'applicant'} .claimMessage=${this.claimMessage}
          @show-more=${() => { this.listLimit += PAGE_SIZE; }}
          @search-change=${(event: CustomEvent<string>) => { this.searching = event.detail.trim() !== ''; }}
          @claim=${(event: CustomEvent<string>) => void this.claim(workspace, event.detail)}
          .pendingClaims$=${workspace.pendingClaims.claims$} @dismiss-claim=${(event: CustomEvent<string>) => void workspace.dismissClaim(event.detail)}
          @new-draft=${() => navigate({ page: 'new' })}
          @duplicate-draft=${(event: CustomEvent<string>) => void workspace.duplicateDraft(event.detail)}
          @delete-draft=${(event: CustomEvent<string>) => void this.deleteDraft(workspace, event.detail)}
          @open-draft=${(event: CustomEvent<string>) => navigate({ page: 'draft', id: event.detail })}></ptsp-draft-list>`;
    }
  }

  /** An address of another role's area (a shared link, a typed URL): say so, and offer the way to one's own. */
  private renderNotForRole(role: UserProfile['role']) {
    return html`<h1 tabindex="-1" data-testid="not-for-role">${t('area.notForRole')}</h1>
      <p>${t('area.notForRoleBody', { role: t(`role.${role}`) })}</p>
      <p><a href="/" data-testid="go-home">${t('area.goHome')}</a></p>`;
  }

  /**
   * Saves one keystroke. If the device refuses (a full disk, say), the person is told at once and
   * the newest value is tried again until it is kept: what they typed is still in the input.
   */
  private async save(workspace: Workspace, draftId: string, fieldId: string, value: AnswerValue): Promise<void> {
    const key = `${draftId}/${fieldId}`;
    this.latestTyped.set(key, value);
    try {
      await workspace.saveAnswer(draftId, fieldId, value);
      if (this.latestTyped.get(key) === value) this.saveFailure = undefined;
    } catch (error) {
      this.saveFailure = (error as Error).message;
      setTimeout(() => {
        if (this.latestTyped.get(key) === value && this.workspace === workspace) void this.save(workspace, draftId, fieldId, value);
      }, 2000);
    }
  }

  /** A change other than a keystroke (kind, citizen, consent): a failure to save is shown like a keystroke's. */
  private async guard(work: Promise<unknown>): Promise<void> {
    try {
      await this.track(work);
      this.saveFailure = undefined;
    } catch (error) {
      this.saveFailure = (error as Error).message;
    }
  }

  /** Keeps a save in `saving` until it is done, so a submission right after the last keystroke sees it. */
  private track<T>(work: Promise<T>): Promise<T> {
    this.saving.add(work);
    const done = (): void => { this.saving.delete(work); };
    work.then(done, done);
    return work;
  }

  /**
   * Submits one application, or every open one of its bundle; the receipt appears at once, online
   * or not, at the top of the form. When something is missing, every field shows its error and
   * focus goes to the first one.
   */
  private async submit(workspace: Workspace, ids: string[]): Promise<void> {
    this.submitError = undefined;
    const { NotReadyError } = await import('../signed-in.js');
    try {
      // The last keystroke may still be on its way to the database: check what it leaves.
      await Promise.allSettled([...this.saving]);
      // Check them all first, so a bundle is submitted whole or not at all.
      const members = (await Promise.all(ids.map((id) => firstValueFrom(workspace.draft$(id))))).filter((doc): doc is ApplicationDoc => doc !== null);
      for (const doc of members) {
        const problems = await workspace.submissionProblems(doc);
        if (problems.length > 0) throw new NotReadyError(problems);
      }
      for (const id of ids) await workspace.submit(id);
      this.showErrors = false;
      // The receipt is now at the top of the form.
      this.headingPending = true;
      this.requestUpdate();
    } catch (error) {
      if (error instanceof NotReadyError) {
        this.submitError = t('submit.checkMarked');
        this.showErrors = true;
        await this.updateComplete;
        await this.renderRoot.querySelector<PtspDraftForm>('ptsp-draft-form')?.focusFirstProblem(error.problems);
      } else {
        this.submitError = (error as Error).message;
      }
    }
  }

  private async claim(workspace: Workspace, code: string): Promise<void> {
    this.claimMessage = { ok: true, text: t('claim.working') };
    try {
      const outcome = await workspace.claim(code);
      // Not arrived yet (the booth is offline), or entered offline: listed as pending, completes by itself.
      const application = outcome.status === 'claimed' ? outcome.application : undefined;
      this.claimMessage = { ok: true, text: application
        ? t('claim.done', { number: application.registrationNumber ?? application.provisionalNumber ?? application.id }) : t('claim.queued') };
    } catch (error) {
      this.claimMessage = {
        ok: false,
        text: error instanceof TooManyAttemptsError ? t('claim.tooMany', { wait: waitText(error.retryAfterSeconds) })
          : error instanceof ApiRequestError ? t('claim.failed', { reason: pick(error.text) }) : t('claim.offline'),
      };
    }
  }

  private async deleteDraft(workspace: Workspace, id: string): Promise<void> {
    this.lastDeleted = await workspace.deleteDraft(id);
    clearTimeout(this.undoTimer);
    this.undoTimer = setTimeout(() => {
      this.lastDeleted = undefined;
    }, UNDO_MS);
  }

  private renderUndo(workspace: Workspace) {
    const deleted = this.lastDeleted;
    if (!deleted) return '';
    return html`<p role="status" data-testid="undo-bar">${t('drafts.deleted')}
      <button class="secondary" data-testid="undo-delete" @click=${() => {
        this.lastDeleted = undefined;
        void workspace.restoreDraft(deleted);
      }}>${t('drafts.undo')}</button></p>`;
  }

  /** Creates one draft per pick: a second tap while the first is being created does nothing. */
  private async startDraft(type: PermitType): Promise<void> {
    await this.start(async (workspace, catalog) => workspace.createDraft(type, catalog.version));
  }

  private async startBundle(types: PermitType[]): Promise<void> {
    if (types.length === 0) return;
    await this.start(async (workspace, catalog) => (await workspace.createBundle(types, catalog.version))[0]);
  }

  private async start(create: (workspace: Workspace, catalog: PermitCatalog) => Promise<string | undefined>): Promise<void> {
    if (!this.workspace || !this.catalog || this.starting) return;
    this.starting = true;
    try {
      const first = await create(this.workspace, this.catalog);
      if (first) navigate({ page: 'draft', id: first });
    } catch (error) {
      this.saveFailure = (error as Error).message;
      this.renderRoot.querySelector<PtspPermitPicker>('ptsp-permit-picker')?.reset();
    } finally {
      this.starting = false;
    }
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
