import { css, html, LitElement } from 'lit';
import { consume } from '@lit/context';
import { customElement, property, state } from 'lit/decorators.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { sessionContext, type SessionInfo } from '../app/context.js';
import { askToPersist, dismissedToday, dismissForToday, roomIsLow, storageState, type StorageState } from '../data/storage.js';
import { locale, LocaleController, t } from '../i18n/localize.js';
import { sharedStyles } from './shared-styles.js';

function bytesText(bytes: number): string {
  const gb = bytes / 1024 ** 3;
  const format = (value: number, unit: string) => `${value.toLocaleString(locale(), { maximumFractionDigits: value < 10 ? 1 : 0 })} ${unit}`;
  return gb >= 1 ? format(gb, 'GB') : format(bytes / 1024 ** 2, 'MB');
}

/**
 * Tells whether this device keeps the offline data and how much room is left. Booth staff (who
 * fill a device for a day) see it prominently until they read it that day; an applicant sees one
 * quiet line. Nothing once the browser keeps the data and there is room. Like the sign-in form it
 * asks the data layer itself (client/data/storage.ts).
 */
@customElement('ptsp-storage-notice')
export class PtspStorageNotice extends LitElement {
  static override styles = [sharedStyles, css`
    :host { margin-bottom: 12px; }
    .notice { border-radius: 8px; padding: 12px 14px; display: grid; gap: 8px; background: #fff4ce; border: 1px solid #b7791f; }
    .notice.low { background: #fde7e9; border-color: #a4161a; }
    .quiet { font-size: 0.85rem; color: #52606d; margin: 0; }
    h2 { font-size: 1rem; margin: 0; }
    p { margin: 0; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; }
    @media print { :host { display: none; } }
  `];

  /** Who is signed in: set directly (a test), or else the shell's session context. */
  @property({ attribute: false }) user: UserProfile | undefined;
  @consume({ context: sessionContext, subscribe: true })
  @state() private session: SessionInfo | undefined;


  private get account(): UserProfile | undefined {
    return this.user ?? this.session?.user;
  }

  @state() private storage: StorageState | undefined;
  @state() private dismissed = true;
  @state() private refused = false;
  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
  }

  /** The account the last check was for: another one (a new sign-in) has its own "not today". */
  private checkedFor: string | undefined;

  override willUpdate(): void {
    const userId = this.account?.userId;
    if (userId === this.checkedFor) return;
    const before = this.checkedFor;
    this.checkedFor = userId;
    if (before !== undefined) void this.refresh();
  }

  private async refresh(): Promise<void> {
    const userId = this.account?.userId;
    // Both known before either is shown: a notice must not flash quiet, then loud.
    const [storage, dismissed] = await Promise.all([storageState(), userId ? dismissedToday(userId) : Promise.resolve(false)]);
    this.storage = storage;
    this.dismissed = dismissed;
    // Says the browser's answer is in (shown or deliberately nothing), for tests and styling.
    this.toggleAttribute('data-checked', true);
  }

  override render() {
    const storage = this.storage;
    const user = this.account;
    if (!storage || !user) return '';
    const low = roomIsLow(storage);
    if (storage.persisted !== false && !low) return '';
    const room = storage.free !== undefined && storage.quota !== undefined
      ? t('storage.room', { free: bytesText(storage.free), quota: bytesText(storage.quota) }) : t('storage.roomUnknown');
    const booth = user.role === 'booth-staff';
    if (!low && (!booth || this.dismissed)) {
      return html`<p class="quiet" data-testid="storage-notice" data-level="quiet" data-persisted=${String(storage.persisted)}>
        ${t('storage.body')} ${room} ${t('storage.adviceQuiet')}</p>`;
    }
    return html`<section class="notice ${low ? 'low' : ''}" role="status" data-testid="storage-notice" data-level=${low ? 'low' : 'prominent'}
        data-persisted=${String(storage.persisted)} aria-labelledby="storage-title">
      <h2 id="storage-title">${low ? t('storage.lowRoom') : t('storage.title')}</h2>
      ${storage.persisted === false ? html`<p>${t('storage.body')}</p>` : ''}
      <p data-testid="storage-room">${room}</p>
      <p>${booth ? t('storage.adviceBooth') : t('storage.adviceQuiet')}</p>
      ${this.refused ? html`<p class="error" data-testid="storage-refused">${t('storage.refused')}</p>` : ''}
      <div class="actions">
        ${storage.persisted === false ? html`<button data-testid="storage-persist" @click=${() => void this.persist()}>${t('storage.persist')}</button>` : ''}
        ${low ? '' : html`<button class="secondary" data-testid="storage-dismiss" @click=${() => void this.dismiss()}>${t('storage.dismiss')}</button>`}
      </div>
    </section>`;
  }

  private async persist(): Promise<void> {
    this.refused = !(await askToPersist());
    await this.refresh();
  }

  private async dismiss(): Promise<void> {
    const user = this.account;
    if (user) await dismissForToday(user.userId);
    this.dismissed = true;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-storage-notice': PtspStorageNotice;
  }
}
