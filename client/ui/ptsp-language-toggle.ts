import { html, LitElement } from 'lit';
import { customElement } from 'lit/decorators.js';
import { language$, LocaleController, setLanguage, t } from '../i18n/localize.js';
import { sharedStyles } from './shared-styles.js';

/** Switches the UI between Indonesian and English; the choice is remembered on the device. */
@customElement('ptsp-language-toggle')
export class PtspLanguageToggle extends LitElement {
  static override styles = sharedStyles;
  private readonly locale = new LocaleController(this);

  override render() {
    return html`<button class="secondary" lang=${language$.value === 'id' ? 'en' : 'id'}
      aria-label=${t('app.languageLabel')} data-testid="language-toggle"
      @click=${() => void setLanguage(language$.value === 'id' ? 'en' : 'id')}>${t('app.language')}</button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-language-toggle': PtspLanguageToggle;
  }
}
