/**
 * How the administrator's screens wait for the server, written once: what a screen reads when it
 * opens (LoadController), a form sent whole (SubmitController), and a change of one row of a list
 * (RowActionsController). Each keeps what it shows (busy, the refusal, the outcome) and asks its
 * element to draw again when that changes.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ApiProblem } from '../../../common/sync-protocol.js';
import { problemsOf } from '../../data/admin.js';
import { t } from '../../i18n/localize.js';
import { failureText } from './admin-support.js';

/** Reads `value` each time the element is put on the page; a failure is said with a retry button. */
export class LoadController<T> implements ReactiveController {
  value: T | undefined;
  error = '';

  constructor(private readonly host: ReactiveControllerHost, private readonly read: () => Promise<T>) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.load();
  }

  async load(): Promise<void> {
    this.error = '';
    this.host.requestUpdate();
    try {
      this.value = await this.read();
    } catch (error) {
      this.error = failureText(error);
    }
    this.host.requestUpdate();
  }

  /** What the element changed itself after the server's answer (a row made, renamed). */
  set(value: T): void {
    this.value = value;
    this.host.requestUpdate();
  }

  /** The failure and a button to read again; nothing while there is none. */
  renderError(testId = ''): TemplateResult | typeof nothing {
    if (!this.error) return nothing;
    return html`<p class="error" role="alert" data-testid=${testId || nothing}>${this.error}</p>
      <button class="secondary" @click=${() => void this.load()}>${t('admin.retry')}</button>`;
  }
}

/** A form sent whole: busy while it goes, then what it came to, or the refusal and its problems by path. */
export class SubmitController implements ReactiveController {
  busy = false;
  /** The refusal (or a problem found on the device), in the current language. */
  error = '';
  problems: ApiProblem[] = [];
  /** What the last send did. */
  done = '';

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    // Nothing to start: a form sends only when the person asks.
  }

  /** Forgets what the last send said. */
  clear(): void {
    this.error = '';
    this.problems = [];
    this.done = '';
    this.host.requestUpdate();
  }

  /** A problem found before anything is sent. */
  fail(text: string): void {
    this.clear();
    this.error = text;
  }

  /** The refusal as an alert; nothing while there is none. */
  renderError(testId: string): TemplateResult | typeof nothing {
    return this.error ? html`<p class="error" role="alert" data-testid=${testId}>${this.error}</p>` : nothing;
  }

  /** What the last send did, as a status; nothing before it. */
  renderDone(testId: string): TemplateResult | typeof nothing {
    return this.done ? html`<p class="ok" role="status" data-testid=${testId}>${this.done}</p>` : nothing;
  }

  /** Sends once at a time; the result, or undefined when it was refused, failed or another send runs. */
  async run<R>(send: () => Promise<R>, done: (result: R) => string): Promise<R | undefined> {
    if (this.busy) return undefined;
    this.clear();
    this.busy = true;
    try {
      const result = await send();
      this.done = done(result);
      return result;
    } catch (error) {
      this.problems = problemsOf(error);
      this.error = failureText(error);
      return undefined;
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }
}

/** What the last change of one row came to, shown at that row. */
export interface RowNote {
  ok: boolean;
  text: string;
}

/** Changes of the rows of a list, by the row's key: the row is busy while its change goes, and then noted. */
export class RowActionsController implements ReactiveController {
  busyFor: string | undefined;
  private notes = new Map<string, RowNote>();

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    // Nothing to start: a row changes only when the person asks.
  }

  isBusy(key: string): boolean {
    return this.busyFor === key;
  }

  /**
   * Runs one change of one row; `apply` puts the server's answer in the list and `done` says it.
   * True when the server took it.
   */
  async run<R>(key: string, change: () => Promise<R>, apply: (updated: R) => void, done: (updated: R) => string): Promise<boolean> {
    this.busyFor = key;
    this.host.requestUpdate();
    try {
      const updated = await change();
      apply(updated);
      this.notes = new Map(this.notes).set(key, { ok: true, text: done(updated) });
      return true;
    } catch (error) {
      this.notes = new Map(this.notes).set(key, { ok: false, text: failureText(error) });
      return false;
    } finally {
      this.busyFor = undefined;
      this.host.requestUpdate();
    }
  }

  /** The row's last outcome: a status when it worked, an alert when it did not. */
  renderNote(key: string, testId: string): TemplateResult | typeof nothing {
    const note = this.notes.get(key);
    return note ? html`<p class=${note.ok ? 'ok' : 'error'} role=${note.ok ? 'status' : 'alert'} data-testid=${testId}>${note.text}</p>` : nothing;
  }
}
