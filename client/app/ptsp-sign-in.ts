import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { signIn, SignInError } from '../data/session.js';
import { LocaleController, pick, t } from '../i18n/localize.js';
import type { MessageKey } from '../i18n/messages.js';
import { sharedStyles } from '../ui/shared-styles.js';
import { waitText } from '../ui/wait-text.js';

const FAILURE_MESSAGES: Record<string, MessageKey> = {
  'wrong-credentials': 'signIn.wrongCredentials',
  'offline-unknown-user': 'signIn.offlineUnknown',
  'offline-wrong-password': 'signIn.offlineWrong',
  missing: 'signIn.missing',
};

/**
 * The sign-in form. Works online (server check) and offline (this device's verifier).
 * @fires signed-in - detail: UserProfile
 */
@customElement('ptsp-sign-in')
export class PtspSignIn extends LitElement {
  static override styles = [sharedStyles, css`
    form { display: grid; gap: 12px; max-width: 360px; }
    label { display: grid; gap: 4px; font-weight: 600; }
    .hint { font-weight: normal; color: #52606d; font-size: 0.9rem; }
  `];

  @state() private busy = false;
  @state() private error = '';
  private readonly locale = new LocaleController(this);

  override render() {
    return html`
      <h1 tabindex="-1">${t('signIn.title')}</h1>
      <p>${t('signIn.intro')}</p>
      <form @submit=${this.submit} novalidate>
        <label>${t('signIn.username')}
          <input name="username" autocomplete="username" autocapitalize="none" required data-testid="username">
          <span class="hint">${t('signIn.usernameExample')}</span>
        </label>
        <label>${t('signIn.password')}
          <input name="password" type="password" autocomplete="current-password" required data-testid="password">
        </label>
        ${this.error ? html`<p class="error" role="alert" data-testid="sign-in-error">${this.error}</p>` : ''}
        <button type="submit" ?disabled=${this.busy} data-testid="sign-in">${this.busy ? t('signIn.working') : t('signIn.submit')}</button>
      </form>`;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.busy = true;
    this.error = '';
    try {
      const user: UserProfile = await signIn(String(form.get('username') ?? ''), String(form.get('password') ?? ''));
      this.dispatchEvent(new CustomEvent<UserProfile>('signed-in', { detail: user, bubbles: true, composed: true }));
    } catch (error) {
      if (error instanceof SignInError) {
        const key = FAILURE_MESSAGES[error.reason];
        this.error = error.reason === 'too-many-attempts' ? t('signIn.tooMany', { wait: waitText(error.retryAfterSeconds ?? 60) })
          : key ? t(key) : t('signIn.failed', { reason: error.serverError ? pick(error.serverError.text) : error.reason });
      } else {
        this.error = t('signIn.failed', { reason: (error as Error).message });
      }
    } finally {
      this.busy = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-sign-in': PtspSignIn;
  }
}
