import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SyncStatus } from '../data/replication.js';
import { locale, LocaleController, pick, t } from '../i18n/localize.js';
import { sharedStyles } from './shared-styles.js';

/**
 * The always-visible sync indicator: is the device connected, and how many changes wait to be sent.
 * It is a live region, so screen readers hear when the state changes.
 */
@customElement('ptsp-sync-status')
export class PtspSyncStatus extends LitElement {
  static override styles = [sharedStyles, css`
    :host { font-size: 0.9rem; }
    .pill { display: inline-flex; gap: 8px; align-items: center; padding: 4px 10px; border-radius: 999px; background: #e6f4ea; }
    .pill.offline, .pill.unreachable { background: #fff4ce; }
    .pill.session-expired, .pill.rejected { background: #fde7e9; }
    .dot { width: 10px; height: 10px; border-radius: 50%; background: #1e7d32; }
    .offline .dot, .unreachable .dot { background: #b7791f; }
    .session-expired .dot, .rejected .dot { background: #a4161a; }
  `];

  @property({ attribute: false }) status: SyncStatus | undefined;
  private readonly locale = new LocaleController(this);

  override render() {
    const status = this.status;
    if (!status) return html``;
    const state = status.rejected ? 'rejected' : status.connectivity;
    const connection = {
      online: t('sync.online'),
      offline: t('sync.offline'),
      unreachable: t('sync.unreachable'),
      'session-expired': t('sync.signedOut'),
    }[status.connectivity];
    const queue = status.pending > 0 ? t('sync.pending', { count: status.pending })
      : status.syncing && status.received > 0 ? t('sync.receiving', { count: status.received.toLocaleString(locale()) })
        : status.syncing ? t('sync.syncing') : t('sync.allSent');
    return html`<div class="pill ${state}" role="status" aria-live="polite" data-testid="sync-status"
        data-connectivity=${status.connectivity} data-pending=${status.pending}>
      <span class="dot" aria-hidden="true"></span>
      <span data-testid="sync-connectivity">${connection}</span>
      <span>·</span>
      <span data-testid="sync-pending">${queue}</span>
      ${status.rejected ? html`<span class="error">· ${t('sync.rejected', { reason: pick(status.rejected) })}</span>` : ''}
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-sync-status': PtspSyncStatus;
  }
}
