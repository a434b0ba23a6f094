import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { pathOf, type AdminSection } from '../../app/router.js';
import { LocaleController, t } from '../../i18n/localize.js';
import { sharedStyles } from '../../ui/shared-styles.js';
import './ptsp-admin-accounts.js';
import './ptsp-admin-agencies.js';
import './ptsp-catalog-publish.js';

const SECTIONS: readonly AdminSection[] = ['accounts', 'agencies', 'catalog'];

/**
 * Where the administrator lands (`/admin`): the sections as links (each its own address, so a
 * section can be bookmarked and Back works), and the chosen section below.
 */
@customElement('ptsp-admin-area')
export class PtspAdminArea extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: block; }
    nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 8px; padding: 0; margin: 0 0 16px; }
    nav a { display: inline-block; padding: 8px 14px; border-radius: 18px; border: 1px solid #1c5d99; text-decoration: none; color: #1c5d99; }
    nav a[aria-current='page'] { background: #1c5d99; color: #fff; }
    .muted { color: #52606d; font-size: 0.9rem; }
  `];

  @property() section: AdminSection = 'accounts';
  private readonly locale = new LocaleController(this);

  override render() {
    return html`<h1 tabindex="-1" data-testid="admin-title">${t('admin.title')}</h1>
      <nav aria-label=${t('admin.nav')}><ul>
        ${SECTIONS.map((section) => html`<li><a href=${pathOf({ page: 'admin', section })} data-testid="admin-nav-${section}"
          aria-current=${section === this.section ? 'page' : 'false'}>${t(`admin.section.${section}`)}</a></li>`)}
      </ul></nav>
      <p class="muted">${t('admin.online')}</p>
      <h2 data-testid="admin-section-title">${t(`admin.section.${this.section}`)}</h2>
      ${this.renderSection()}`;
  }

  private renderSection() {
    switch (this.section) {
      case 'accounts':
        return html`<ptsp-admin-accounts></ptsp-admin-accounts>`;
      case 'agencies':
        return html`<ptsp-admin-agencies></ptsp-admin-agencies>`;
      case 'catalog':
        return html`<ptsp-catalog-publish></ptsp-catalog-publish>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-admin-area': PtspAdminArea;
  }
}
