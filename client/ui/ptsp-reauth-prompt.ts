import { css, html, LitElement } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import type { SyncStatus } from '../data/replication.js';
import { SignInError } from '../data/session.js';
import type { Workspace } from '../data/workspace.js';
import { workspaceContext } from '../app/context.js';
import { LocaleController, pick, t } from '../i18n/localize.js';
import { sharedStyles } from './shared-styles.js';
import { waitText } from './wait-text.js';

/** How long "connected again" stays after the password was accepted. */
const DONE_MS = 5000;

/**
 * Asks for the password in place when the server no longer knows this account's session (a shared
 * booth device where someone else signed in, an expired cookie). Nobody is signed out and nothing
 * waits on it but sending: the form stays usable underneath. It sits at the bottom of the screen,
 * where a phone shows it whatever is scrolled; "later" folds it into one line.
 * Like the sign-in form, it calls the data layer itself (Workspace.renewSession).
 */
@customElement('ptsp-reauth-prompt')
export class PtspReauthPrompt extends LitElement {
  static override styles = [sharedStyles, css`
    :host { display: contents; }
    .sheet { position: fixed; z-index: 2; left: 0; right: 0; bottom: 0; margin: 0 auto; max-width: 560px; box-sizing: border-box;
      background: #fff; border: 2px solid #a4161a; border-bottom: none; border-radius: 12px 12px 0 0;
      box-shadow: 0 -4px 16px rgb(0 0 0 / 20%); padding: 12px 16px 16px; display: grid; gap: 8px; }
    h2 { font-size: 1.05rem; margin: 0; }
    p { margin: 0; }
    .intro { font-size: 0.9rem; color: #3e4c59; }
    form { display: grid; gap: 8px; }
    label { display: grid; gap: 4px; font-weight: 600; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; }
    .bar { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px; }
    .done { position: fixed; z-index: 2; left: 0; right: 0; bottom: 0; margin: 0 auto; max-width: 560px; box-sizing: border-box;
      background: #e6f4ea; padding: 12px 16px; border-radius: 12px 12px 0 0; }
    @media print { :host { display: none; } }
  `];

  /** The signed-in account's data layer, from the shell's context (or set directly, in a test). */
  @consume({ context: workspaceContext, subscribe: true })
  @property({ attribute: false }) workspace: Workspace | undefined;
  @property({ attribute: false }) status: SyncStatus | undefined;
  @state() private busy = false;
  @state() private error = '';
  @state() private folded = false;
  @state() private done = false;
  private doneTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly locale = new LocaleController(this);

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.doneTimer);
  }

  override render() {
    const workspace = this.workspace;
    if (!workspace) return '';
    if (this.status?.connectivity !== 'session-expired') {
      return this.done ? html`<p class="done" role="status" data-testid="reauth-done">${t('reauth.done')}</p>` : '';
    }
    const user = workspace.user;
    if (this.folded) {
      return html`<div class="sheet bar" data-testid="reauth-prompt" data-folded>
        <strong>${t('sync.needsPassword')}</strong>
        <button data-testid="reauth-unfold" @click=${() => { this.folded = false; }}>${t('reauth.submit')}</button>
      </div>`;
    }
    return html`<section class="sheet" data-testid="reauth-prompt" aria-labelledby="reauth-title">
      <h2 id="reauth-title">${t('reauth.title')}</h2>
      <p class="intro" role="alert">${this.status.sessionProblem?.code === 'account-gone'
        ? t('reauth.accountGone', { reason: pick(this.status.sessionProblem.text) }) : t('reauth.intro', { name: user.displayName })}</p>
      <form novalidate @submit=${(event: SubmitEvent) => void this.submit(event, workspace)}>
        <!-- For password managers: whose password this is. -->
        <input type="text" name="username" autocomplete="username" .value=${user.username} hidden readonly>
        <label>${t('reauth.password')}
          <input name="password" type="password" autocomplete="current-password" required data-testid="reauth-password"></label>
        ${this.error ? html`<p class="error" role="alert" data-testid="reauth-error">${this.error}</p>` : ''}
        <div class="actions">
          <button type="submit" ?disabled=${this.busy} data-testid="reauth-submit">${this.busy ? t('reauth.working') : t('reauth.submit')}</button>
          <button type="button" class="secondary" data-testid="reauth-later" @click=${() => { this.folded = true; }}>${t('reauth.later')}</button>
        </div>
      </form>
    </section>`;
  }

  private async submit(event: SubmitEvent, workspace: Workspace): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const password = String(new FormData(form).get('password') ?? '');
    this.busy = true;
    this.error = '';
    try {
      await workspace.renewSession(password);
      form.reset();
      this.done = true;
      clearTimeout(this.doneTimer);
      this.doneTimer = setTimeout(() => { this.done = false; }, DONE_MS);
    } catch (error) {
      this.error = this.describe(error);
      const input = form.querySelector<HTMLInputElement>('input[name=password]');
      input?.select();
      input?.focus();
    } finally {
      this.busy = false;
    }
  }

  private describe(error: unknown): string {
    if (!(error instanceof SignInError)) return t('reauth.failed', { reason: (error as Error).message });
    switch (error.reason) {
      case 'wrong-credentials': return t('reauth.wrong');
      case 'missing': return t('signIn.missing');
      case 'unreachable': return t('reauth.unreachable');
      case 'too-many-attempts': return t('reauth.tooMany', { wait: waitText(error.retryAfterSeconds ?? 60) });
      default: return t('reauth.failed', { reason: error.serverError ? pick(error.serverError.text) : error.reason });
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-reauth-prompt': PtspReauthPrompt;
  }
}
