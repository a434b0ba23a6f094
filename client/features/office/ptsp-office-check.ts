import { css, html, LitElement, nothing } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import type { RequirementDocument } from '../../../common/catalog.js';
import type { OfficeActionDoc } from '../../../common/office-action-schema.js';
import { ACTION_LABELS, STATUS_LABELS } from '../../../common/workflow/transitions.js';
import { workspaceContext } from '../../app/context.js';
import { agencyDirectory, agencyName, type AgencyDirectory, type AgencyNames } from '../../data/agencies.js';
import {
  acceptApplication, fileView, latestDecision, returnApplication, type ApplicationCheckView, type CheckSource, type FileView, type ItemCheck,
} from '../../data/office/application-check.js';
import { LocaleController, pick, refusalText, t } from '../../i18n/localize.js';
import { ObserveController } from '../../ui/observe-controller.js';
import { sharedStyles } from '../../ui/shared-styles.js';
import '../intake/ptsp-answers-summary.js';
import './ptsp-application-history.js';
import { saveFailureOf, saveFailureStyles, saveFailureText, type SaveFailure } from '../../ui/save-failure.js';

type Mark = { ok: true } | { ok: false; text: string };

/** A file not on the server yet is asked for again this many times, this far apart. */
const FILE_RETRIES = 12;
const FILE_RETRY_MS = 5000;

/**
 * The front office's completeness check of one application (laptop first, usable at 360 px): the
 * permit type's requirements, each with its uploaded file beside it (a photo inline, a PDF as a
 * link) and a mark "in order" or a reason; the answers beside them; a warning when another open
 * application here has the same NIK and permit type. Accept (every required item in order) or
 * Return (the reasons) are office actions made on this device, offline too; after acting it shows
 * "waiting to send" until the server's outcome arrives, then applied or the refusal's reason.
 * The agencies it goes to are named (client/data/agencies.ts, offline too once known); a save that
 * fails on the device is said in words, the browser's text only under "technical details".
 */
@customElement('ptsp-office-check')
export class PtspOfficeCheck extends LitElement {
  static override styles = [sharedStyles, saveFailureStyles, css`
    :host { display: block; }
    .layout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; align-items: start; }
    ol { list-style: none; padding: 0; margin: 0; display: grid; gap: 12px; }
    li.item { border: 1px solid #d9dee3; border-radius: 8px; padding: 10px; display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 10px; }
    li.item.bad { border-color: #a4161a; }
    li.item.good { border-color: #2b8a3e; }
    .file img { max-width: 100%; max-height: 260px; border: 1px solid #d9dee3; border-radius: 4px; display: block; }
    .marks { display: flex; gap: 8px; flex-wrap: wrap; }
    .marks label { display: flex; gap: 6px; align-items: center; min-height: 44px; }
    .marks input { width: 22px; min-height: 22px; }
    .warning { background: #fff4e5; border-left: 4px solid #b35c00; padding: 8px 12px; border-radius: 4px; }
    .outcome { padding: 8px 12px; border-radius: 4px; background: #eef4fb; border-left: 4px solid #1c5d99; }
    .outcome.refused { background: #fdecec; border-left-color: #a4161a; }
    .outcome.applied { background: #ebf7ee; border-left-color: #2b8a3e; }
    .actions { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 12px; }
    .muted { color: #52606d; font-size: 0.9rem; }
    h3 { margin: 0 0 4px; font-size: 1rem; }
    @media (max-width: 900px) { .layout { grid-template-columns: 1fr; } }
    @media (max-width: 640px) { li.item { grid-template-columns: 1fr; } }
  `];

  @property({ attribute: false }) view: ApplicationCheckView | undefined;
  @consume({ context: workspaceContext, subscribe: true })
  @state() private workspace: CheckSource | undefined;
  @state() private marks: Record<string, Mark> = {};
  @state() private files: Record<string, FileView | 'loading' | undefined> = {};
  @state() private failure: SaveFailure | undefined;
  /** Where the agencies' names come from (the page's own; a test may give its own). */
  @property({ attribute: false }) agencies: AgencyDirectory = agencyDirectory;
  private readonly agencyNames = new ObserveController<AgencyNames>(this);
  @state() private busy = false;
  private filesFor = '';
  private readonly locale = new LocaleController(this);

  override willUpdate(changed: Map<string, unknown>): void {
    // Observed once per directory: it asks the server at most once per page, never per render.
    if (changed.has('agencies')) this.agencyNames.observe(this.agencies.names$);
    const view = this.view;
    if (!view || !this.workspace) return;
    // Fetch each file once per set of documents (a new upload gives a new ref).
    const key = `${view.application.id}:${Object.values(view.application.documents ?? {}).map((ref) => ref.fileId).join(',')}`;
    if (key === this.filesFor) return;
    this.filesFor = key;
    const workspace = this.workspace;
    const application = view.application;
    this.files = Object.fromEntries(Object.keys(application.documents ?? {}).map((id) => [id, 'loading']));
    for (const id of Object.keys(application.documents ?? {})) this.fetchFile(workspace, application, id, key, 0);
  }

  /**
   * A file named by the application may still be on its way to the server (the application syncs
   * before its upload ends) or the device offline: asked again a few times, then on the person's
   * "try again"; meanwhile shown as not on this device yet.
   */
  private fetchFile(workspace: CheckSource, application: ApplicationCheckView['application'], id: string, key: string, attempt: number): void {
    void fileView(workspace, application, id).then((file) => {
      if (this.filesFor !== key) return;
      this.files = { ...this.files, [id]: file };
      if (file?.state === 'missing' && attempt < FILE_RETRIES && this.isConnected) {
        setTimeout(() => { if (this.filesFor === key) this.fetchFile(workspace, application, id, key, attempt + 1); }, FILE_RETRY_MS);
      }
    });
  }

  private retryFile(id: string): void {
    const view = this.view;
    if (!view || !this.workspace) return;
    this.files = { ...this.files, [id]: 'loading' };
    this.fetchFile(this.workspace, view.application, id, this.filesFor, FILE_RETRIES);
  }

  private get requirements(): RequirementDocument[] {
    return this.view?.permitType?.requirements ?? [];
  }

  /** The items the person marked (an optional item left unmarked is neither in order nor failed). */
  private checks(): ItemCheck[] {
    return this.requirements.flatMap((requirement): ItemCheck[] => {
      const mark = this.marks[requirement.id];
      if (!mark) return [];
      return [mark.ok ? { itemId: requirement.id, ok: true } : { itemId: requirement.id, ok: false, text: mark.text }];
    });
  }

  private get mayAccept(): boolean {
    return this.requirements.length > 0 && this.requirements.every((requirement) => !requirement.required || this.marks[requirement.id]?.ok === true)
      && !Object.values(this.marks).some((mark) => !mark.ok);
  }

  private get mayReturn(): boolean {
    const bad = Object.values(this.marks).filter((mark): mark is { ok: false; text: string } => !mark.ok);
    return bad.length > 0 && bad.every((mark) => mark.text.trim() !== '');
  }

  private async act(kind: 'accept' | 'return'): Promise<void> {
    const view = this.view;
    if (!view || !this.workspace || this.busy) return;
    this.busy = true;
    this.failure = undefined;
    try {
      if (kind === 'accept') await acceptApplication(this.workspace, view.application, this.checks());
      else await returnApplication(this.workspace, view.application, this.checks());
    } catch (error) {
      this.failure = saveFailureOf(error);
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const view = this.view;
    if (!view) return nothing;
    const { application, permitType } = view;
    const decision = latestDecision(view.actions, application);
    const pending = decision !== undefined && decision.outcome === undefined;
    const offered = view.allowed.filter((kind) => kind === 'accept' || kind === 'return');
    return html`
      <p data-testid="check-status">${t('check.status', { status: pick(STATUS_LABELS[application.status]) })}</p>
      ${view.sameApplicant.length > 0 ? html`<p class="warning" role="note" data-testid="check-duplicate">${t('check.duplicate', {
        numbers: view.sameApplicant.map((other) => other.registrationNumber ?? other.provisionalNumber ?? other.id).join(', '),
      })}</p>` : nothing}
      ${decision ? this.renderOutcome(decision) : nothing}
      ${this.failure ? saveFailureText(this.failure, 'check.saveFailed', 'check.storageFull', 'check-save-failed') : nothing}
      ${application.routedAgencies?.length ? html`<p data-testid="check-routed">${t('check.routedTo', { agencies: this.agencyList(application.routedAgencies) })}</p>` : nothing}
      ${permitType ? nothing : html`<p class="error" data-testid="check-catalog-missing">${t('check.catalogMissing', { version: application.catalogVersion })}</p>`}
      <div class="layout">
        <section>
          <h2>${t('check.requirements')}</h2>
          <ol data-testid="check-items">${this.requirements.map((requirement) => this.renderItem(requirement, offered.length > 0 && !pending))}</ol>
          ${offered.length > 0 && !pending ? html`<div class="actions">
            ${offered.includes('accept') ? html`<button data-testid="check-accept" ?disabled=${!this.mayAccept || this.busy} title=${t('check.acceptHint')}
              @click=${() => void this.act('accept')}>${t('check.accept')}</button>` : nothing}
            ${offered.includes('return') ? html`<button class="secondary" data-testid="check-return" ?disabled=${!this.mayReturn || this.busy} title=${t('check.returnHint')}
              @click=${() => void this.act('return')}>${t('check.return')}</button>` : nothing}
          </div>
          <p class="muted">${t('check.acceptHint')} ${t('check.returnHint')}</p>
          ${offered.includes('accept') && permitType?.reviewAgencyIds?.length ? html`<p data-testid="check-goes-to">${t('check.goesTo', {
            agencies: this.agencyList(permitType.reviewAgencyIds),
          })}</p>` : nothing}`
            : pending || decision?.outcome === 'applied' ? nothing : html`<p class="muted" data-testid="check-not-allowed">${t('check.notAllowed', { status: pick(STATUS_LABELS[application.status]) })}</p>`}
        </section>
        <section>
          <h2>${t('check.answers')}</h2>
          <ptsp-answers-summary .permitType=${permitType} .answers=${application.answers}></ptsp-answers-summary>
        </section>
      </div>
      <ptsp-application-history .application=${application} .permitType=${permitType} .agencies=${this.agencies}></ptsp-application-history>`;
  }

  /** Agencies by name in the person's language (an id this device knows no name for: the id). */
  private agencyList(ids: readonly string[]): string {
    return ids.map((id) => pick(agencyName(this.agencyNames.value, id))).join(', ');
  }

  private renderOutcome(action: OfficeActionDoc) {
    const label = pick(ACTION_LABELS[action.kind]);
    if (action.outcome === undefined) return html`<p class="outcome" role="status" data-testid="check-outcome" data-outcome="waiting">${t('check.waiting', { action: label })}</p>`;
    if (action.outcome === 'applied') return html`<p class="outcome applied" role="status" data-testid="check-outcome" data-outcome="applied">${t('check.applied', { action: label })}</p>`;
    return html`<p class="outcome refused" role="alert" data-testid="check-outcome" data-outcome="refused">${t('check.refused', {
      action: label, reason: refusalText(action),
    })}</p>`;
  }

  private renderItem(requirement: RequirementDocument, editable: boolean) {
    const mark = this.marks[requirement.id];
    const set = (next: Mark) => {
      this.marks = { ...this.marks, [requirement.id]: next };
    };
    return html`<li class="item ${mark === undefined ? '' : mark.ok ? 'good' : 'bad'}" data-testid="check-item" data-item=${requirement.id}>
      <div>
        <h3>${pick(requirement.name)} <span class="muted">(${requirement.required ? t('check.required') : t('check.optional')})</span></h3>
        ${editable ? html`<div class="marks">
          <label><input type="radio" name=${`mark-${requirement.id}`} data-testid="check-ok" .checked=${mark?.ok === true} @change=${() => set({ ok: true })}>${t('check.ok')}</label>
          <label><input type="radio" name=${`mark-${requirement.id}`} data-testid="check-bad" .checked=${mark?.ok === false} @change=${() => set({ ok: false, text: mark?.ok === false ? mark.text : '' })}>${t('check.notOk')}</label>
        </div>
        ${mark?.ok === false ? html`<label>${t('check.reason')}
          <textarea data-testid="check-reason" rows="2" maxlength="500" .value=${mark.text} @input=${(event: Event) => set({ ok: false, text: (event.target as HTMLTextAreaElement).value })}></textarea>
          ${mark.text.trim() === '' ? html`<span class="error">${t('check.reasonNeeded')}</span>` : nothing}
        </label>` : nothing}` : nothing}
      </div>
      <div class="file" data-testid="check-file">${this.renderFile(requirement.id)}</div>
    </li>`;
  }

  private renderFile(requirementId: string) {
    const ref = this.view?.application.documents?.[requirementId];
    if (!ref) return html`<span class="muted" data-file="none">${t('check.noFile')}</span>`;
    const file = this.files[requirementId];
    if (file === 'loading' || file === undefined) return html`<span class="muted" data-file="loading">${t('check.fileLoading')}</span>`;
    if (file.state === 'missing') {
      return html`<span class="muted" data-file="missing">${t('check.fileNotHere')} (${ref.fileName})</span>
        <button class="secondary" data-testid="check-file-retry" @click=${() => this.retryFile(requirementId)}>${t('check.fileRetry')}</button>`;
    }
    if (ref.mimeType.startsWith('image/')) return html`<a href=${file.url} target="_blank" rel="noopener"><img data-file="image" src=${file.url} alt=${ref.fileName}></a>`;
    return html`<a data-file="link" href=${file.url} target="_blank" rel="noopener">${t('check.openFile', { name: ref.fileName })}</a>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-office-check': PtspOfficeCheck;
  }
}
