import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { DocumentRef } from '../../../common/application-schema.js';
import type { LocalizedText, RequirementDocument } from '../../../common/catalog.js';
import { describeKinds, describeSize, DocumentRefusedError, type DocumentStore, type UploadProgress } from '../../data/documents.js';
import { LocaleController, pick, t } from '../../i18n/localize.js';
import { fieldStyles, sharedStyles } from '../../ui/shared-styles.js';

/**
 * One requirement document of an application: what is asked (name, required or not, kinds and
 * size limit), the file kept for it (a thumbnail, or the PDF's name), how far its upload got, and
 * a camera / file input. Compression, refusals and uploads are the document store's; this element
 * only calls `attach`, `remove`, `retry` and `objectUrl`.
 */
@customElement('ptsp-document-field')
export class PtspDocumentField extends LitElement {
  // The label and its "required" mark as the form's other fields have them (fieldStyles).
  static override styles = [sharedStyles, fieldStyles, css`
    :host { display: grid; gap: 6px; }
    .optional { color: #52606d; font-weight: normal; font-size: 0.85rem; }
    .muted { color: #52606d; font-size: 0.85rem; }
    .file { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
    .thumb { width: 96px; height: 96px; object-fit: cover; border: 1px solid #8a939c; border-radius: 6px; background: #f1f3f5; }
    .pdf { font-weight: 600; word-break: break-all; }
    .status { display: grid; gap: 4px; font-size: 0.9rem; }
    progress { width: 100%; max-width: 280px; height: 12px; }
    .done { color: #1e7d32; }
    .choose { font-weight: 600; }
    input[type='file'] { padding: 8px; }
  `];

  @property({ attribute: false }) documents: DocumentStore | undefined;
  @property({ attribute: false }) applicationId: string | undefined;
  @property({ attribute: false }) requirement: RequirementDocument | undefined;
  /** The file the application names for this requirement (from the application document). */
  @property({ attribute: false }) ref: DocumentRef | undefined;
  /** The document store's `progress$` value: uploads of the files on this device, by fileId. */
  @property({ attribute: false }) uploads: ReadonlyMap<string, UploadProgress> | undefined;
  /** Submitted applications show their documents but take no new ones. */
  @property({ type: Boolean }) readonly = false;

  @state() private busy = false;
  @state() private refusal: LocalizedText | undefined;
  @state() private failure: string | undefined;
  /** Shown until the application document (a property from above) catches up with the attach. */
  @state() private attached: DocumentRef | undefined;
  /** Removed here; hidden until the application document catches up. */
  @state() private removedFileId: string | undefined;
  @state() private url: string | undefined;
  @state() private urlMissing = false;
  /** The fileId `url` belongs to (or is being looked up for). */
  private urlFileId: string | undefined;
  private readonly locale = new LocaleController(this);

  private get shown(): DocumentRef | undefined {
    return this.attached ?? (this.ref?.fileId === this.removedFileId ? undefined : this.ref);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('ref')) {
      this.attached = undefined;
      this.removedFileId = undefined;
    }
    const shown = this.shown;
    if (shown?.fileId !== this.urlFileId || (changed.has('documents') && this.url === undefined)) {
      this.urlFileId = shown?.fileId;
      this.url = undefined;
      this.urlMissing = false;
      if (shown && this.documents) void this.loadUrl(this.documents, shown);
    }
  }

  private async loadUrl(documents: DocumentStore, ref: DocumentRef): Promise<void> {
    const url = await documents.objectUrl(ref, this.applicationId).catch(() => undefined);
    if (this.urlFileId !== ref.fileId) return;
    this.url = url;
    this.urlMissing = url === undefined;
  }

  override render() {
    const requirement = this.requirement;
    if (!requirement) return nothing;
    const inputId = `document-${requirement.id}`;
    const rules = t('docs.rules', { kinds: pick(describeKinds(requirement.accepts)), size: pick(describeSize(requirement.maxSizeKb * 1024)) });
    const accept = [...requirement.accepts, ...(requirement.accepts.some((type) => type.startsWith('image/')) ? ['image/*'] : [])].join(',');
    const shown = this.shown;
    return html`
      <div>
        <span class="label" data-testid="document-name-${requirement.id}">${pick(requirement.name)}</span>
        ${requirement.required
          ? html`<span class="required">(${t('form.requiredDoc')})</span>`
          : html`<span class="optional">(${t('form.optionalDoc')})</span>`}
      </div>
      <div class="muted" id="${inputId}-rules" data-testid="document-rules-${requirement.id}">${rules}</div>
      ${shown ? this.renderFile(requirement, shown) : html`<div class="muted">${t('docs.missing')}</div>`}
      ${this.busy ? html`<div class="muted" role="status" data-testid="document-busy-${requirement.id}">${t('docs.preparing')}</div>` : nothing}
      ${this.refusal ? html`<div class="error" role="alert" data-testid="document-error-${requirement.id}">${pick(this.refusal)}</div>` : nothing}
      ${this.failure ? html`<div class="error" role="alert" data-testid="document-error-${requirement.id}">${t('docs.saveFailed', { reason: this.failure })}</div>` : nothing}
      ${this.readonly ? nothing : html`
        <label class="choose" for=${inputId}>${t('docs.choose')}</label>
        <input id=${inputId} type="file" accept=${accept} capture="environment" data-testid="document-input-${requirement.id}"
          aria-describedby="${inputId}-rules" ?disabled=${this.busy || !this.documents} @change=${(event: Event) => void this.chosen(event)}>`}`;
  }

  private renderFile(requirement: RequirementDocument, ref: DocumentRef) {
    const image = ref.mimeType.startsWith('image/');
    let preview;
    if (image && this.url) {
      preview = html`<img class="thumb" src=${this.url} alt=${t('docs.thumbnail', { name: pick(requirement.name) })}
        data-testid="document-thumbnail-${requirement.id}">`;
    } else if (!image) {
      preview = this.url
        ? html`<a class="pdf" href=${this.url} target="_blank" rel="noopener" data-testid="document-file-${requirement.id}">📄 ${ref.fileName}</a>`
        : html`<span class="pdf" data-testid="document-file-${requirement.id}">📄 ${ref.fileName}</span>`;
    }
    return html`<div class="file">
        ${preview ?? nothing}
        <div class="status">
          <span class="muted" data-testid="document-size-${requirement.id}">${t('docs.fileSize', { size: pick(describeSize(ref.size)) })}</span>
          ${this.urlMissing ? html`<span class="muted">${t('docs.notHere')}</span>` : nothing}
          ${this.renderProgress(requirement, this.uploads?.get(ref.fileId))}
        </div>
        ${this.readonly ? nothing : html`<button type="button" class="secondary" data-testid="document-remove-${requirement.id}"
          ?disabled=${this.busy} @click=${() => void this.removeFile()}>${t('docs.remove')}</button>`}
      </div>`;
  }

  private renderProgress(requirement: RequirementDocument, progress: UploadProgress | undefined) {
    if (!progress) return nothing;
    const testId = `document-status-${requirement.id}`;
    switch (progress.state) {
      case 'done':
        return html`<span class="done" data-testid=${testId}>✓ ${t('docs.done')}</span>`;
      case 'failed':
        return html`<span class="error" role="alert" data-testid=${testId}>${t('docs.failed', { reason: progress.error ? pick(progress.error) : '' })}</span>
          ${this.readonly || !this.shown ? nothing : html`<button type="button" class="secondary" data-testid="document-retry-${requirement.id}"
            @click=${() => void this.retry()}>${t('docs.retry')}</button>`}`;
      case 'uploading': {
        const words = t('docs.uploading', { sent: pick(describeSize(progress.sent)), total: pick(describeSize(progress.total)) });
        return html`<progress max=${progress.total} .value=${progress.sent} aria-label=${words}></progress>
          <span data-testid=${testId}>${words}</span>`;
      }
      default:
        return html`<span class="muted" data-testid=${testId}>${t('docs.waiting')}</span>
          ${progress.error ? html`<span class="muted">${pick(progress.error)}</span>` : nothing}`;
    }
  }

  private async chosen(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    // Cleared, so that choosing the same file again is a change too.
    input.value = '';
    const { documents, applicationId, requirement } = this;
    if (!file || !documents || !applicationId || !requirement) return;
    this.busy = true;
    this.refusal = undefined;
    this.failure = undefined;
    try {
      this.attached = await documents.attach(applicationId, requirement, file);
    } catch (error) {
      if (error instanceof DocumentRefusedError) this.refusal = error.text;
      else this.failure = (error as Error).message;
    } finally {
      this.busy = false;
    }
  }

  private async retry(): Promise<void> {
    const fileId = this.shown?.fileId;
    if (!fileId || !this.documents) return;
    try {
      await this.documents.retry(fileId);
    } catch (error) {
      this.failure = (error as Error).message;
    }
  }

  private async removeFile(): Promise<void> {
    const { documents, applicationId, requirement } = this;
    if (!documents || !applicationId || !requirement) return;
    this.busy = true;
    this.refusal = undefined;
    this.failure = undefined;
    try {
      await documents.remove(applicationId, requirement.id);
      this.removedFileId = this.ref?.fileId;
      this.attached = undefined;
    } catch (error) {
      this.failure = (error as Error).message;
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-document-field': PtspDocumentField;
  }
}
