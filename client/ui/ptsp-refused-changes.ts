import { css, html, LitElement, nothing } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { workspaceContext } from '../app/context.js';
import type { AnswerValue, ApplicationDoc, DocumentRef } from '../../common/application-schema.js';
import type { PermitType } from '../../common/catalog.js';
import type { RefusedChange } from '../data/sync/refused-changes.js';
import type { Workspace } from '../data/workspace.js';
import { dateTimeText, LocaleController, pick, t } from '../i18n/localize.js';
import { answerText } from './answer-text.js';
import { ObserveController } from './observe-controller.js';
import { sharedStyles } from './shared-styles.js';

function whatText(change: RefusedChange): string {
  const id = change.id.length > 12 ? `${change.id.slice(0, 8)}…` : change.id;
  switch (change.collection) {
    case 'applications': return t('refused.what.applications', { id });
    case 'actions': return t('refused.what.actions', { id });
    default: return t('refused.what.other', { id });
  }
}

/**
 * The changes the server refused (issue 9: "never retried forever, never dropped"): what, when, the
 * reason in the person's language, and whether the device's copy took the server's state. Shown
 * beside the sync status only when there is one; its count is the list's length; each is dismissed
 * by the person once read (workspace.dismissRefused).
 */
@customElement('ptsp-refused-changes')
export class PtspRefusedChanges extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: inline-block; position: relative; font-size: 0.95rem; }
    button.toggle { min-height: 36px; padding: 0 10px; background: #a4161a; border-color: #a4161a; white-space: nowrap; }
    .panel { position: absolute; right: 0; top: calc(100% + 6px); z-index: 20; width: min(420px, calc(100vw - 24px));
      max-height: 70vh; overflow: auto; background: white; border: 1px solid #d9dee3; border-radius: 8px;
      box-shadow: 0 6px 24px rgba(0, 0, 0, 0.18); padding: 10px 12px; color: #1b1f24; box-sizing: border-box; }
    /* On a phone the header's pill may sit anywhere across it: the list takes the screen's width below the header. */
    @media (max-width: 600px) { .panel { position: fixed; left: 12px; right: 12px; top: 64px; width: auto; } }
    h2 { font-size: 1.05rem; margin: 0 0 8px; }
    ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 10px; }
    li { border-top: 1px solid #e4e7eb; padding-top: 8px; }
    .what { font-weight: 600; overflow-wrap: anywhere; }
    .meta { color: #52606d; font-size: 0.85rem; }
    .reason { margin: 4px 0; overflow-wrap: anywhere; }
    dl.typed { display: grid; grid-template-columns: minmax(90px, 40%) 1fr; gap: 4px 10px; margin: 4px 0; }
    dl.typed dt { color: #52606d; }
    dl.typed dd { margin: 0; overflow-wrap: anywhere; user-select: text; }
    li button { min-height: 36px; padding: 0 10px; }
    .short { display: none; }
    /* In a phone's header the count alone (the full words, visually-hidden-narrow, stay in the list's heading and for screen readers). */
    @media (max-width: 480px) { .short { display: inline; } }
  `];

  @consume({ context: workspaceContext, subscribe: true })
  @property({ attribute: false }) workspace: Workspace | undefined;
  @state() private open = false;
  /** Permit types by `catalogVersion/permitTypeId`, for the labels of answers not applied (undefined: loading or unknown). */
  private readonly permitTypes = new Map<string, PermitType | undefined>();
  private labelledFor: RefusedChange[] | undefined;
  /** Whether this device still holds each document not applied, by fileId (absent: being looked at). */
  @state() private documentsHere = new Map<string, boolean>();
  private readonly documentsAsked = new Set<string>();
  private readonly list = new ObserveController<RefusedChange[]>(this);
  private readonly locale = new LocaleController(this);

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('workspace')) this.list.observe(this.workspace?.refusedChanges$);
  }

  override updated(): void {
    const changes = this.list.value ?? [];
    if (changes === this.labelledFor || !this.workspace) return;
    this.labelledFor = changes;
    const workspace = this.workspace;
    // The answers not applied are shown under their labels, from the catalog version they were typed in.
    for (const change of changes) {
      const sent = change.sent as Partial<ApplicationDoc> | undefined;
      const key = `${sent?.catalogVersion}/${sent?.permitTypeId}`;
      for (const ref of Object.values(change.notAppliedDocuments ?? {})) {
        if (this.documentsAsked.has(ref.fileId)) continue;
        this.documentsAsked.add(ref.fileId);
        // Only this device's copy: the server never had this file.
        void workspace.documents.localCopy(ref.fileId).then((bytes) => {
          this.documentsHere = new Map(this.documentsHere).set(ref.fileId, bytes !== undefined);
        }).catch(() => undefined);
      }
      if ((!change.notApplied && !change.notAppliedDocuments) || !sent?.catalogVersion || this.permitTypes.has(key)) continue;
      this.permitTypes.set(key, undefined);
      void workspace.catalogAt(sent.catalogVersion).then((catalog) => {
        this.permitTypes.set(key, catalog?.permitTypes.find((type) => type.id === sent.permitTypeId));
        this.requestUpdate();
      }).catch(() => undefined);
    }
  }

  /** The permit type the refused change was typed under, once its catalog version is read (updated()). */
  private permitTypeOf(change: RefusedChange): PermitType | undefined {
    const sent = change.sent as Partial<ApplicationDoc> | undefined;
    return this.permitTypes.get(`${sent?.catalogVersion}/${sent?.permitTypeId}`);
  }

  /** What was typed here and not applied, as the form reads it, so the person can copy it. */
  private notAppliedAnswers(change: RefusedChange, answers: Record<string, AnswerValue>) {
    const permitType = this.permitTypeOf(change);
    return html`<p class="meta">${t('refused.notApplied')}</p>
      <dl class="typed" data-testid="refused-not-applied">${Object.entries(answers).map(([fieldId, value]) => {
        const field = permitType?.fields.find((candidate) => candidate.id === fieldId);
        return html`<dt>${field ? pick(field.label) : fieldId}</dt>
          <dd data-field=${fieldId}>${field ? answerText(field, value) : (typeof value === 'object' ? JSON.stringify(value) : String(value))}</dd>`;
      })}</dl>`;
  }

  /** The documents chosen here and not applied: each with a button that saves this device's copy. */
  private notAppliedDocuments(change: RefusedChange, documents: Record<string, DocumentRef>) {
    const permitType = this.permitTypeOf(change);
    return html`<p class="meta">${t('refused.notAppliedDocuments')}</p>
      <dl class="typed" data-testid="refused-not-applied-documents">${Object.entries(documents).map(([requirementId, ref]) => {
        const requirement = permitType?.requirements.find((candidate) => candidate.id === requirementId);
        const here = this.documentsHere.get(ref.fileId);
        let shown: unknown = ref.fileName;
        if (here) {
          shown = html`<button class="secondary" data-testid="refused-save-document"
            @click=${() => void this.save(ref)}>${t('refused.saveDocument', { name: ref.fileName })}</button>`;
        } else if (here === false) shown = t('refused.documentGone', { name: ref.fileName });
        return html`<dt>${requirement ? pick(requirement.name) : requirementId}</dt><dd data-requirement=${requirementId}>${shown}</dd>`;
      })}</dl>`;
  }

  /** Hands this device's copy to the browser as a download under its own name. */
  private async save(ref: DocumentRef): Promise<void> {
    const bytes = await this.workspace?.documents.localCopy(ref.fileId).catch(() => undefined);
    if (!bytes) {
      this.documentsHere = new Map(this.documentsHere).set(ref.fileId, false);
      return;
    }
    const url = URL.createObjectURL(bytes);
    const link = document.createElement('a');
    link.href = url;
    link.download = ref.fileName;
    link.click();
    // Long enough for the browser to start reading it; the bytes stay on the device either way.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  override render() {
    const changes = this.list.value ?? [];
    if (changes.length === 0) return nothing;
    const count = changes.length === 1 ? t('refused.countOne') : t('refused.count', { count: changes.length });
    return html`<button class="toggle" data-testid="refused-toggle" aria-expanded=${this.open ? 'true' : 'false'} aria-controls="refused-panel"
        @click=${() => { this.open = !this.open; }}><span class="long visually-hidden-narrow">${count}</span><span class="short" aria-hidden="true">⚠ ${changes.length}</span></button>
      ${this.open ? html`<div class="panel" id="refused-panel" role="region" aria-labelledby="refused-title" data-testid="refused-list">
        <h2 id="refused-title">${t('refused.title')}</h2>
        <ul>${repeat(changes, (change) => `${change.collection}/${change.id}`, (change) => html`<li data-testid="refused-item" data-id=${change.id} data-code=${change.code}>
          <div class="what">${whatText(change)}</div>
          <div class="meta">${t('refused.when', { time: dateTimeText(change.at) })}</div>
          <p class="reason" data-testid="refused-reason">${pick(change.reason)}</p>
          ${change.notApplied ? this.notAppliedAnswers(change, change.notApplied) : nothing}
          ${change.notAppliedDocuments ? this.notAppliedDocuments(change, change.notAppliedDocuments) : nothing}
          <p class="meta" data-testid="refused-state">${change.tookServerState ? t('refused.tookServer') : t('refused.keptLocal')}</p>
          <button class="secondary" data-testid="refused-dismiss" aria-label=${t('refused.dismissLabel', { what: whatText(change) })}
            @click=${() => void this.workspace?.dismissRefused(change)}>${t('refused.dismiss')}</button>
        </li>`)}</ul>
      </div>` : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-refused-changes': PtspRefusedChanges;
  }
}
