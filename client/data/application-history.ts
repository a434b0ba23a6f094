/**
 * An application's history as the signed-in account may read it (`GET /api/applications/:id/history`,
 * common/access/history-access.ts): every record for the office and the routed agencies, the stages
 * only for the applicant and the citizen who claimed it. The office's history panel reaches it only
 * here (the applicant's stages read the device's own copy of the application: common/stages.ts).
 *
 * The history lives on the server (`ptsp_history`), not in the replicated collections, so a device
 * offline would have nothing: the last answer per account and application is kept on the device
 * (idb-keyval) with the time it was fetched, and shown, marked "as of" that time, whenever the
 * server cannot be asked. It is kept per account because what the office reads of a history (staff
 * names, notes) is not what the applicant on the same booth laptop may read. A 404 (the account may
 * not, or no longer, read it; or an application submitted offline that has not reached the server)
 * drops the kept copy, and so does the application's leaving the account's reach (`forget`, from the
 * replication's tombstones): a re-routed application's notes must not stay on the old agency's laptop.
 * A copy not fetched again for KEPT_HISTORY_DAYS is dropped too (`prune`, at each replication start):
 * a shared office laptop should not keep staff names and notes of work nobody has opened in months.
 *
 * The server is asked when a screen subscribes and whenever the screen says the application moved
 * (`refresh`); a refresh asked while one is on its way runs once more after it, since it may be
 * about an event the first answer did not include yet. A failed ask is tried again at the `online`
 * event while a screen still shows that history.
 */
import { del, delMany, get, getMany, keys, set } from 'idb-keyval';
import { BehaviorSubject, defer, finalize, type Observable } from 'rxjs';
import { EXPECTED_USER_HEADER, type ApplicationHistoryResponse } from '../../common/sync-protocol.js';
import { apiRequest, ApiRequestError } from './api.js';

/** What a screen shows of one application's history. */
export type HistoryView =
  /** Nothing yet: the device's copy is being read and the server asked. */
  | { state: 'loading' }
  /**
   * An answer of the server: `fresh` when it came in this page and nothing failed since; otherwise
   * the copy kept on this device (or an earlier answer) while the server could not be asked, and
   * the screen says "as of `fetchedAt`". `refreshing` while the server is being asked.
   */
  | { state: 'shown'; history: ApplicationHistoryResponse; fetchedAt: string; fresh: boolean; refreshing: boolean }
  /** The server could not be asked and this device keeps no copy. */
  | { state: 'unavailable' }
  /** The server has no history this account may read (404): not on the server yet, or not theirs. */
  | { state: 'not-found' };

/** One application's history as kept on the device. */
interface KeptHistory {
  history: ApplicationHistoryResponse;
  fetchedAt: string;
}

const HISTORY_SETTING_PREFIX = 'application-history:';

/** The device setting one account's copy of one application's history is kept under. */
export const historySetting = (userId: string, applicationId: string): string => `${HISTORY_SETTING_PREFIX}${userId}:${applicationId}`;

/** How long a kept copy that was not fetched again stays on the device. Each time the panel shows it online, it is fetched again. */
export const KEPT_HISTORY_DAYS = 90;

/** A well-formed answer (from the server or the device), or undefined: a malformed one is never shown. */
function historyOf(value: unknown, applicationId: string): ApplicationHistoryResponse | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const answer = value as Partial<ApplicationHistoryResponse>;
  if (answer.applicationId !== applicationId || !Array.isArray(answer.stages)) return undefined;
  if (answer.events !== undefined && !Array.isArray(answer.events)) return undefined;
  return answer as ApplicationHistoryResponse;
}

function keptOf(value: unknown, applicationId: string): KeptHistory | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { history, fetchedAt } = value as Partial<KeptHistory>;
  const shown = historyOf(history, applicationId);
  return shown && typeof fetchedAt === 'string' && !Number.isNaN(Date.parse(fetchedAt)) ? { history: shown, fetchedAt } : undefined;
}

class Entry {
  readonly view = new BehaviorSubject<HistoryView>({ state: 'loading' });
  kept: Promise<void> | undefined;
  asking: Promise<void> | undefined;
  again = false;
  watchers = 0;
  retryOnline = false;
}

/**
 * The histories this page has shown. The app uses the one `applicationHistories`; a test may make
 * its own to start from what the device kept, as a new page load would.
 */
export class ApplicationHistories {
  private readonly entries = new Map<string, Entry>();

  private entry(userId: string, applicationId: string): Entry {
    const key = historySetting(userId, applicationId);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = new Entry();
      this.entries.set(key, entry);
    }
    return entry;
  }

  /**
   * `userId`'s view of one application's history: the device's copy first (if any), then the
   * server's answer. Subscribing (a screen opening) reads the copy once per page and asks the server.
   */
  history$(userId: string, applicationId: string): Observable<HistoryView> {
    return defer(() => {
      const entry = this.entry(userId, applicationId);
      entry.watchers += 1;
      entry.kept ??= this.readKept(entry, userId, applicationId);
      void this.refresh(userId, applicationId);
      return entry.view.pipe(finalize(() => { entry.watchers -= 1; }));
    });
  }

  /**
   * The applications left this account's reach (re-routed away, the account moved): their kept
   * histories leave the device with them, as the applications and their actions do, and what this
   * page showed of them goes too. Called by the replication for every tombstone it receives.
   */
  async forget(userId: string, applicationIds: readonly string[]): Promise<void> {
    if (applicationIds.length === 0) return;
    const keys = applicationIds.map((id) => historySetting(userId, id));
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (entry && entry.watchers === 0) this.entries.delete(key);
      else entry?.view.next({ state: 'not-found' });
    }
    await delMany(keys).catch(() => undefined);
  }

  /**
   * Drops every account's kept copies fetched more than `maxAgeDays` ago, and any that do not read
   * as a kept copy; a copy this page shows stays. Returns how many were dropped. A blocked
   * IndexedDB drops nothing (the next start tries again).
   */
  async prune(maxAgeDays = KEPT_HISTORY_DAYS, now = Date.now()): Promise<number> {
    try {
      const settings = (await keys()).filter((key): key is string => typeof key === 'string' && key.startsWith(HISTORY_SETTING_PREFIX));
      if (settings.length === 0) return 0;
      const values = await getMany<unknown>(settings);
      const oldest = now - maxAgeDays * 24 * 60 * 60 * 1000;
      const old = settings.filter((key, index) => {
        if ((this.entries.get(key)?.watchers ?? 0) > 0) return false;
        const fetchedAt = (values[index] as Partial<KeptHistory> | undefined)?.fetchedAt;
        const at = typeof fetchedAt === 'string' ? Date.parse(fetchedAt) : Number.NaN;
        return Number.isNaN(at) || at < oldest;
      });
      for (const key of old) this.entries.delete(key);
      if (old.length > 0) await delMany(old);
      return old.length;
    } catch {
      return 0;
    }
  }

  private async readKept(entry: Entry, userId: string, applicationId: string): Promise<void> {
    const kept = keptOf(await get<unknown>(historySetting(userId, applicationId)).catch(() => undefined), applicationId);
    // The server may have answered while IndexedDB was read: its answer is newer.
    if (kept && entry.view.value.state === 'loading') {
      entry.view.next({ state: 'shown', ...kept, fresh: false, refreshing: entry.asking !== undefined });
    }
  }

  /** Asks the server for the history now (a screen saw the application move); resolves when the view has the outcome. */
  refresh(userId: string, applicationId: string): Promise<void> {
    const entry = this.entry(userId, applicationId);
    if (entry.asking) {
      entry.again = true;
      return entry.asking;
    }
    const current = entry.view.value;
    if (current.state === 'shown' && !current.refreshing) entry.view.next({ ...current, refreshing: true });
    entry.asking = this.ask(entry, userId, applicationId).finally(() => {
      entry.asking = undefined;
      if (entry.again) {
        entry.again = false;
        void this.refresh(userId, applicationId);
      }
    });
    return entry.asking;
  }

  private async ask(entry: Entry, userId: string, applicationId: string): Promise<void> {
    const setting = historySetting(userId, applicationId);
    try {
      const answer = await apiRequest<unknown>(`/applications/${encodeURIComponent(applicationId)}/history`, {
        timeoutMs: 15_000,
        // A session cookie another account left on this device is refused (401), never read as this account's.
        headers: { [EXPECTED_USER_HEADER]: userId },
      });
      const history = historyOf(answer, applicationId);
      if (!history) throw new Error('malformed history answer');
      const fetchedAt = new Date().toISOString();
      entry.view.next({ state: 'shown', history, fetchedAt, fresh: true, refreshing: false });
      // A full or blocked IndexedDB only costs the next offline visit its copy.
      await set(setting, { history, fetchedAt } satisfies KeptHistory).catch(() => undefined);
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 404) {
        entry.view.next({ state: 'not-found' });
        await del(setting).catch(() => undefined);
        return;
      }
      // No network, the server down, a session to renew, a malformed answer: what is known stays, marked as not fresh.
      await entry.kept;
      const current = entry.view.value;
      entry.view.next(current.state === 'shown' ? { ...current, fresh: false, refreshing: false } : { state: 'unavailable' });
      this.askWhenOnline(entry, userId, applicationId);
    }
  }

  private askWhenOnline(entry: Entry, userId: string, applicationId: string): void {
    if (entry.retryOnline || typeof window === 'undefined') return;
    entry.retryOnline = true;
    window.addEventListener('online', () => {
      entry.retryOnline = false;
      if (entry.watchers > 0) void this.refresh(userId, applicationId);
    }, { once: true });
  }
}

/** The page's histories (the office's history panel). */
export const applicationHistories = new ApplicationHistories();
