import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { PermitCatalog } from '../../../common/catalog.js';
import type { ApiProblem } from '../../../common/sync-protocol.js';
import { latestCatalog, problemsOf, publishCatalog } from '../../data/admin.js';
import { LocaleController, pick, t } from '../../i18n/localize.js';
import { sharedStyles } from '../../ui/shared-styles.js';
import { adminStyles, failureText } from './admin-support.js';

/**
 * Publishing a catalog version (`/admin/katalog`): the version in force, the next one pasted or
 * read from a JSON file (or started as a copy of the newest), checked whole by the server. A
 * refusal lists every problem at its path in the catalog, so the administrator can find it.
 */
@customElement('ptsp-catalog-publish')
export class PtspCatalogPublish extends LitElement {
  static override styles = [sharedStyles, adminStyles, css`
    textarea { font-weight: normal; min-height: 320px; font-family: ui-monospace, 'DejaVu Sans Mono', monospace; font-size: 0.85rem; white-space: pre; }
    form { max-width: none; }
    /* The browser's own file button speaks the browser's language: this one speaks the app's. */
    .file { display: inline-flex; align-items: center; min-height: 44px; padding: 0 16px; border: 1px solid #0b5cad; border-radius: 8px;
      color: #0b5cad; background: white; cursor: pointer; font-weight: normal; justify-self: start; }
    .file:focus-within { outline: 2px solid #0b5cad; outline-offset: 2px; }
    .file input { position: absolute; width: 1px; height: 1px; opacity: 0; }
    .problems { display: grid; gap: 6px; padding-left: 1.2em; margin: 0; }
    .problems code { font-size: 0.85rem; overflow-wrap: anywhere; background: #f1f3f5; padding: 0 4px; border-radius: 3px; }
  `];

  /** undefined: not asked yet; null: the server has none. */
  @state() private latest: PermitCatalog | null | undefined;
  @state() private loadError = '';
  @state() private text = '';
  @state() private busy = false;
  @state() private error = '';
  @state() private problems: ApiProblem[] = [];
  @state() private published = '';
  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.loadError = '';
    try {
      this.latest = (await latestCatalog()) ?? null;
    } catch (error) {
      this.loadError = failureText(error);
    }
  }

  override render() {
    const latest = this.latest;
    return html`<p class="muted">${t('catalog.intro')}</p>
      ${this.loadError ? html`<p class="error" role="alert">${this.loadError}</p>
        <button class="secondary" @click=${() => void this.load()}>${t('admin.retry')}</button>` : nothing}
      ${latest === undefined ? (this.loadError ? nothing : html`<p>${t('admin.loading')}</p>`)
        : html`<p data-testid="catalog-current">${latest ? t('catalog.current', { version: latest.version, count: latest.permitTypes.length }) : t('catalog.noneYet')}</p>`}
      <form novalidate data-testid="catalog-form" @submit=${(event: SubmitEvent) => void this.publish(event)}>
        <div class="actions">
          ${latest ? html`<button type="button" class="secondary" data-testid="catalog-start-from-latest"
            @click=${() => this.startFrom(latest)}>${t('catalog.startFromLatest', { version: latest.version + 1 })}</button>` : nothing}
        </div>
        <label class="file">${t('catalog.file')}
          <input type="file" accept="application/json,.json" data-testid="catalog-file" @change=${(event: Event) => void this.readFile(event)}>
        </label>
        <label>${t('catalog.json')}
          <textarea spellcheck="false" autocapitalize="none" data-testid="catalog-json" .value=${this.text}
            @input=${(event: Event) => { this.text = (event.target as HTMLTextAreaElement).value; }}></textarea>
        </label>
        ${this.error ? html`<div class="error" role="alert" data-testid="catalog-error"><p>${this.error}</p>${this.renderProblems()}</div>` : nothing}
        ${this.published ? html`<p class="ok" role="status" data-testid="catalog-published">${this.published}</p>` : nothing}
        <div class="actions"><button type="submit" ?disabled=${this.busy} data-testid="catalog-publish">
          ${this.busy ? t('catalog.publishing') : t('catalog.publish')}</button></div>
      </form>`;
  }

  private renderProblems() {
    if (this.problems.length === 0) return nothing;
    return html`<p>${t('catalog.problems', { count: this.problems.length })}</p>
      <ul class="problems" data-testid="catalog-problems">
        ${this.problems.map((problem) => html`<li data-path=${problem.path}><code>${problem.path || t('catalog.wholeCatalog')}</code> ${pick(problem.message)}</li>`)}
      </ul>`;
  }

  private startFrom(latest: PermitCatalog): void {
    this.text = JSON.stringify({ ...latest, version: latest.version + 1 }, null, 2);
    this.error = '';
    this.problems = [];
  }

  private async readFile(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      this.text = await file.text();
      this.error = '';
      this.problems = [];
    } catch (error) {
      this.error = t('catalog.fileUnreadable', { reason: (error as Error).message });
    }
  }

  private async publish(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.busy) return;
    this.error = '';
    this.problems = [];
    this.published = '';
    if (this.text.trim() === '') {
      this.error = t('catalog.empty');
      return;
    }
    let catalog: unknown;
    try {
      catalog = JSON.parse(this.text);
    } catch (error) {
      this.error = t('catalog.notJson', { reason: (error as Error).message });
      return;
    }
    this.busy = true;
    try {
      const published = await publishCatalog(catalog);
      this.latest = published;
      this.text = '';
      this.published = t('catalog.published', { version: published.version, count: published.permitTypes.length });
    } catch (error) {
      this.problems = problemsOf(error);
      this.error = failureText(error);
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-catalog-publish': PtspCatalogPublish;
  }
}
