import { css, html, LitElement } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import { firstValueFrom } from 'rxjs';
import { mayClaim } from '../../../common/access/readers.js';
import type { AnswerValue, ApplicationDoc, CitizenIdentity } from '../../../common/application-schema.js';
import type { PermitCatalog, PermitType } from '../../../common/catalog.js';
import { filedByBooth, type SubmissionProblem } from '../../../common/workflow.js';
import { workspaceContext } from '../../app/context.js';
import { navigate, type Route } from '../../app/router.js';
import { ApiRequestError, TooManyAttemptsError } from '../../data/api.js';
// This element is part of what loads after sign-in (client/signed-in.ts), with the workspace.
import { NotReadyError, type Workspace } from '../../data/workspace.js';
import { LocaleController, pick, t } from '../../i18n/localize.js';
import { ObserveController } from '../../ui/observe-controller.js';
import { sharedStyles } from '../../ui/shared-styles.js';
import { waitText } from '../../ui/wait-text.js';
import type { CitizenInputDetail } from './ptsp-citizen-section.js';
import type { PtspDraftForm } from './ptsp-draft-form.js';
import type { AnswerInputDetail } from './ptsp-form-field.js';
import type { KindChangeDetail } from './ptsp-kind-section.js';
import type { PtspPermitPicker } from './ptsp-permit-picker.js';
import './ptsp-draft-form.js';
import './ptsp-draft-list.js';
import './ptsp-permit-picker.js';
import './ptsp-receipt.js';

/** How long a deletion can be undone from the drafts list. */
const UNDO_MS = 15_000;

/** The drafts list shows this many at first, and this many more per "show more". */
const PAGE_SIZE = 50;

/** The intake screens: the drafts list, the permit picker, an application's form, its receipt. */
export type IntakeRoute = Extract<Route, { page: 'home' | 'new' | 'draft' | 'receipt' }>;

/**
 * Intake, for applicants and booth staff: connects its screens (list, picker, form, receipt) to
 * the data layer (the Workspace, from the shell's context). Its screens only render and raise
 * events; this element saves, submits, claims, deletes and undoes.
 * @fires screen-moved - the screen's content changed in place (the receipt appeared at the top): the shell focuses its heading again
 */
@customElement('ptsp-intake-area')
export class PtspIntakeArea extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; }
    /* A printed receipt is the receipt only. */
    @media print { .no-print { display: none; } }
  `];

  @property({ attribute: false }) route: IntakeRoute = { page: 'home' };
  /** The newest catalog (the shell loads it with the workspace); undefined: not on this device yet. */
  @property({ attribute: false }) catalog: PermitCatalog | undefined;
  /** The office's public address for receipts' QR links. */
  @property({ attribute: false }) publicUrl: string | undefined;
  @consume({ context: workspaceContext, subscribe: true })
  @property({ attribute: false }) workspace: Workspace | undefined;

  /** After a submit attempt that found problems: every field shows its error. */
  @state() private showErrors = false;
  /** A draft is being created from the picker: a second tap must not create another. */
  private starting = false;
  /** Saves still on their way to the device's database; a submission waits for them. */
  private readonly saving = new Set<Promise<unknown>>();
  /** Older catalog versions that open drafts were started under, by version. */
  @state() private olderCatalogs = new Map<number, PermitCatalog | undefined>();
  /** The last deleted draft, while its deletion can still be undone. */
  @state() private lastDeleted: ApplicationDoc | undefined;
  private undoTimer: ReturnType<typeof setTimeout> | undefined;
  /** Why the last keystroke could not be saved on the device (full disk, closed database). */
  @state() private saveFailure: string | undefined;
  /** The newest value typed per draft field, so a retry never writes an older one over it. */
  private readonly latestTyped = new Map<string, AnswerValue>();
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

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.undoTimer);
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

  override willUpdate(changed: Map<string, unknown>): void {
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

  override render() {
    const workspace = this.workspace;
    if (!workspace) return html`<p>${t('app.loading')}</p>`;
    switch (this.route.page) {
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
          .claimable=${mayClaim(workspace.user)} .claimMessage=${this.claimMessage}
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
      this.dispatchEvent(new CustomEvent('screen-moved', { bubbles: true, composed: true }));
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

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-intake-area': PtspIntakeArea;
  }
}
