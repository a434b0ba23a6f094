import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { PermitCatalog } from '../../../common/catalog.js';
import { latestCatalog, publishCatalog } from '../../data/admin.js';
import { LocaleController, pick, t } from '../../i18n/localize.js';
import { sharedStyles } from '../../ui/shared-styles.js';
import { adminStyles } from './admin-support.js';
import { LoadController, SubmitController } from './request-controllers.js';

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

  @state() private text = '';
  /** The version in force; undefined: not read yet, null: the server has none. */
  private readonly latest = new LoadController<PermitCatalog | null>(this, async () => (await latestCatalog()) ?? null);
  private readonly publishing = new SubmitController(this);
  private readonly locale = new LocaleController(this);

  override render() {
    const latest = this.latest.value;
    const publishing = this.publishing;
    return html`<p class="muted">${t('catalog.intro')}</p>
      ${this.latest.renderError()}
      ${latest === undefined ? (this.latest.error ? nothing : html`<p>${t('admin.loading')}</p>`)
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
        ${publishing.error ? html`<div class="error" role="alert" data-testid="catalog-error"><p>${publishing.error}</p>${this.renderProblems()}</div>` : nothing}
        ${publishing.renderDone('catalog-published')}
        <div class="actions"><button type="submit" ?disabled=${publishing.busy} data-testid="catalog-publish">
          ${publishing.busy ? t('catalog.publishing') : t('catalog.publish')}</button></div>
      </form>`;
  }

  private renderProblems() {
    const problems = this.publishing.problems;
    if (problems.length === 0) return nothing;
    return html`<p>${t('catalog.problems', { count: problems.length })}</p>
      <ul class="problems" data-testid="catalog-problems">
        ${problems.map((problem) => html`<li data-path=${problem.path}><code>${problem.path || t('catalog.wholeCatalog')}</code> ${pick(problem.message)}</li>`)}
      </ul>`;
  }

  private startFrom(latest: PermitCatalog): void {
    this.text = JSON.stringify({ ...latest, version: latest.version + 1 }, null, 2);
    this.publishing.clear();
  }

  private async readFile(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (!file) return;
    try {
      this.text = await file.text();
      this.publishing.clear();
    } catch (error) {
      this.publishing.fail(t('catalog.fileUnreadable', { reason: (error as Error).message }));
    }
  }

  private async publish(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.publishing.busy) return;
    if (this.text.trim() === '') {
      this.publishing.fail(t('catalog.empty'));
      return;
    }
    let catalog: unknown;
    try {
      catalog = JSON.parse(this.text);
    } catch (error) {
      this.publishing.fail(t('catalog.notJson', { reason: (error as Error).message }));
      return;
    }
    const published = await this.publishing.run(() => publishCatalog(catalog),
      (version) => t('catalog.published', { version: version.version, count: version.permitTypes.length }));
    if (!published) return;
    this.latest.set(published);
    this.text = '';
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-catalog-publish': PtspCatalogPublish;
  }
}
