import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SyncStatus } from '../data/replication.js';
import { locale, LocaleController, pick, t } from '../i18n/localize.js';
import { sharedStyles } from './shared-styles.js';
import './ptsp-refused-changes.js';

/**
 * What the queue part of the pill says. "All sent" only when the server answered, nothing is being
 * exchanged, and no draft or file waits: never while offline, unreachable, or a photo uploads.
 */
function queueText(status: SyncStatus): string {
  const files = status.uploads ?? 0;
  const online = status.connectivity === 'online';
  if (status.pending > 0 && files > 0) return t('sync.waitingBoth', { changes: status.pending, files });
  if (status.pending > 0) return t('sync.pending', { count: status.pending });
  if (files > 0) return online ? t('sync.uploadingFiles', { count: files }) : t('sync.waitingFiles', { count: files });
  if (status.connectivity === 'connecting') return '';
  if (!online) return t('sync.keptOnDevice');
  if (status.syncing && status.received > 0) return t('sync.receiving', { count: status.received.toLocaleString(locale()) });
  if (status.syncing) return t('sync.syncing');
  return t('sync.allSent');
}

/**
 * The always-visible sync indicator: is the server there, and how many drafts and files wait to be
 * sent. It is a live region, so screen readers hear when the state changes.
 */
@customElement('ptsp-sync-status')
export class PtspSyncStatus extends LitElement {
  static override styles = [sharedStyles, css`
    :host { font-size: 0.9rem; }
    /* Inline text: on a 360 px phone it wraps at spaces only, never inside a word. */
    .pill { display: inline-block; padding: 4px 10px; border-radius: 12px; background: #e6f4ea; overflow-wrap: normal; word-break: normal; }
    .sep { margin: 0 4px; }
    .pill.offline, .pill.unreachable, .pill.waiting { background: #fff4ce; }
    .pill.connecting { background: #eef1f4; }
    .pill.session-expired, .pill.rejected { background: #fde7e9; }
    .dot { display: inline-block; vertical-align: middle; margin: -2px 6px 0 0; width: 10px; height: 10px; border-radius: 50%; background: #1e7d32; }
    .offline .dot, .unreachable .dot, .waiting .dot { background: #b7791f; }
    .connecting .dot { background: #6b7785; }
    .session-expired .dot, .rejected .dot { background: #a4161a; }
  `];

  @property({ attribute: false }) status: SyncStatus | undefined;
  private readonly locale = new LocaleController(this);

  override render() {
    const status = this.status;
    if (!status) return html``;
    const waiting = status.pending + (status.uploads ?? 0);
    const state = status.rejected ? 'rejected'
      : status.connectivity === 'online' && waiting > 0 ? 'waiting' : status.connectivity;
    const connection = {
      connecting: t('sync.connecting'),
      online: t('sync.online'),
      offline: t('sync.offline'),
      unreachable: t('sync.unreachable'),
      'session-expired': t('sync.needsPassword'),
    }[status.connectivity];
    const queue = queueText(status);
    // On a phone, "online" is the green dot: its words (visually-hidden-narrow) are left to screen
    // readers, so the header keeps its room.
    return html`<div class="pill ${state}" role="status" aria-live="polite" data-testid="sync-status"
        data-connectivity=${status.connectivity} data-pending=${waiting} data-uploads=${status.uploads ?? 0}>
      <span class="dot" aria-hidden="true"></span>
      <span data-testid="sync-connectivity" class=${status.connectivity === 'online' && queue ? 'visually-hidden-narrow' : ''}>${connection}</span>
      ${queue ? html`<span aria-hidden="true" class="sep ${status.connectivity === 'online' ? 'visually-hidden-narrow' : ''}">·</span> <span data-testid="sync-pending">${queue}</span>` : ''}
      ${status.rejected ? html`<span class="error"><span class="sep">·</span>${t('sync.rejected', { reason: pick(status.rejected) })}</span>` : ''}
    </div>
    <ptsp-refused-changes></ptsp-refused-changes>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-sync-status': PtspSyncStatus;
  }
}
