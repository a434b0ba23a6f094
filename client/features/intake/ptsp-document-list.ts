import { css, html, LitElement, nothing } from 'lit';
import { consume } from '@lit/context';
import { customElement, property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { ApplicationDoc } from '../../../common/application-schema.js';
import type { LocalizedText, PermitType } from '../../../common/catalog.js';
import { isEditable } from '../../../common/workflow.js';
import type { UploadProgress } from '../../data/documents.js';
import type { Workspace } from '../../data/workspace.js';
import { workspaceContext } from '../../app/context.js';
import { LocaleController, pick, t } from '../../i18n/localize.js';
import { ObserveController } from '../../ui/observe-controller.js';
import { sharedStyles } from '../../ui/shared-styles.js';
import { reasonsFor } from './ptsp-submit-panel.js';
import './ptsp-document-field.js';

/**
 * The requirement documents of one application: one `ptsp-document-field` per document its
 * permit type asks for, the office's reasons at each document a return names, what is still
 * missing after a submit attempt, and how many of its files still wait to be sent.
 */
@customElement('ptsp-document-list')
export class PtspDocumentList extends LitElement {
  static override styles = [sharedStyles, css`
    ul { list-style: none; padding: 0; margin: 0; display: grid; gap: 20px; }
    li { border-top: 1px solid #d9dee3; padding-top: 12px; }
    .muted { color: #52606d; font-size: 0.9rem; }
    h2 { font-size: 1.15rem; }
    .reason { background: #fdecea; border-left: 4px solid #a4161a; padding: 6px 10px; border-radius: 4px; font-size: 0.95rem; margin: 0 0 6px; }
    .error { margin: 0 0 6px; font-weight: 600; }
  `];

  /** The shell's data layer (its files), from the context; a test may set it as a property. */
  @consume({ context: workspaceContext, subscribe: true })
  @property({ attribute: false }) workspace: Workspace | undefined;
  @property({ attribute: false }) application: ApplicationDoc | undefined;
  @property({ attribute: false }) permitType: PermitType | undefined;
  /** Problems to show at their documents (after a submit attempt), by path (`documents/<id>`). */
  @property({ attribute: false }) problems: ReadonlyMap<string, LocalizedText> | undefined;
  private readonly uploads = new ObserveController<ReadonlyMap<string, UploadProgress>>(this);
  private readonly locale = new LocaleController(this);

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('workspace')) this.uploads.observe(this.workspace?.documents.progress$);
  }

  override render() {
    const { workspace, application, permitType } = this;
    // Without a workspace (still opening) the requirements and the office's reasons show; files come with it.
    if (!application || !permitType || permitType.requirements.length === 0) return nothing;
    const uploads = this.uploads.value;
    // Only the files the application names: a replaced one, or one kept from a form submitted
    // elsewhere (listed among the refused changes), is not waiting to be sent.
    const named = new Set(Object.values(application.documents ?? {}).map((ref) => ref.fileId));
    const waiting = [...(uploads?.entries() ?? [])]
      .filter(([fileId, upload]) => named.has(fileId) && upload.applicationId === application.id && upload.state !== 'done').length;
    return html`<section data-testid="documents" aria-labelledby="documents-title">
      <h2 id="documents-title">${t('docs.title')}</h2>
      ${waiting > 0 ? html`<p class="muted" data-testid="documents-waiting">${t('docs.pendingCount', { count: waiting })}</p>` : nothing}
      <ul>
        ${repeat(permitType.requirements, (requirement) => requirement.id, (requirement) => html`<li data-requirement-id=${requirement.id}>
          ${reasonsFor(application, requirement.id).map((reason) => html`<p class="reason" data-testid="document-reason-${requirement.id}">${t('returned.atField', { text: reason.text })}</p>`)}
          ${this.renderProblem(requirement.id)}
          <ptsp-document-field .documents=${workspace?.documents} .applicationId=${application.id} .requirement=${requirement}
            .ref=${application.documents?.[requirement.id]} .uploads=${uploads} ?readonly=${!isEditable(application.status)}></ptsp-document-field>
        </li>`)}
      </ul>
    </section>`;
  }

  private renderProblem(requirementId: string) {
    const problem = this.problems?.get(`documents/${requirementId}`);
    return problem ? html`<p class="error" data-testid="document-problem-${requirementId}">${pick(problem)}</p>` : nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-document-list': PtspDocumentList;
  }
}
