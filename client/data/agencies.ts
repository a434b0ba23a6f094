/**
 * The agencies' names for their ids (`dinas-pupr` → "Dinas Pekerjaan Umum dan Penataan Ruang"), for
 * the office screens that print an agency: an application's routed and recommending agencies.
 * The names come from `GET /api/agencies` (any signed-in account; the active agencies only) and
 * the last list is kept on the device (idb-keyval), so a reviewer who opened the app online once
 * reads names offline too. The server is asked once per page load, when a screen first wants the
 * names; a failed ask (offline, signed out) is tried again at the `online` event or when a screen
 * next opens, never per render. An id not in the list (an agency made inactive since, or a device
 * that never asked) is shown as the id itself: never a blank.
 */
import { get, set } from 'idb-keyval';
import { BehaviorSubject, defer, filter, type Observable } from 'rxjs';
import type { AgencyInfo } from '../../common/admin-protocol.js';
import type { LocalizedText } from '../../common/catalog.js';
import { apiRequest } from './api.js';

/** An agency's name by its id, as last known on this device. */
export type AgencyNames = ReadonlyMap<string, LocalizedText>;

/** The device setting the last list is kept under (one for every account: agencies' names are nobody's personal data). */
export const AGENCIES_SETTING = 'agency-names';

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** The well-formed entries of a list (from the server or the device): a malformed one is left out, never shown as blank. */
function namesOf(list: unknown): Map<string, LocalizedText> {
  const names = new Map<string, LocalizedText>();
  if (!Array.isArray(list)) return names;
  for (const entry of list as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { id, name } = entry as Partial<AgencyInfo>;
    if (!isText(id) || typeof name !== 'object' || name === null) continue;
    // One language missing: the other is better than the id.
    const idName = isText(name.id) ? name.id : isText(name.en) ? name.en : undefined;
    const enName = isText(name.en) ? name.en : idName;
    if (idName && enName) names.set(id, { id: idName, en: enName });
  }
  return names;
}

/**
 * One device's agency names. The app uses the one `agencyDirectory`; a test may make its own to
 * start from what the device kept, as a new page load would.
 */
export class AgencyDirectory {
  private readonly current = new BehaviorSubject<AgencyNames | undefined>(undefined);
  private stored: Promise<void> | undefined;
  private asking: Promise<boolean> | undefined;
  /** The server answered once in this page: no more asks. */
  private fresh = false;
  private retryOnline = false;

  /**
   * The names as known: the device's list first, then the server's. Subscribing (a screen opening)
   * starts the reading and, until the server answered once in this page, one ask.
   */
  readonly names$: Observable<AgencyNames> = defer(() => {
    this.start();
    return this.current.pipe(filter((names): names is AgencyNames => names !== undefined));
  });

  private start(): void {
    this.stored ??= this.readStored();
    if (!this.fresh) void this.refresh();
  }

  private async readStored(): Promise<void> {
    const saved = await get<unknown>(AGENCIES_SETTING).catch(() => undefined);
    // The server may have answered while IndexedDB was read: its list is newer.
    if (!this.fresh) this.current.next(namesOf(saved));
  }

  /**
   * Asks the server for the list now and keeps it on the device; false when it could not be asked
   * (offline, signed out, the server down): the names known stay. Concurrent calls share one ask.
   */
  refresh(): Promise<boolean> {
    this.asking ??= apiRequest<{ agencies?: unknown }>('/agencies', { timeoutMs: 15_000 })
      .then(async (answer) => {
        if (!Array.isArray(answer.agencies)) return false;
        this.fresh = true;
        this.current.next(namesOf(answer.agencies));
        // A full or blocked IndexedDB only costs the next offline visit its names.
        await set(AGENCIES_SETTING, answer.agencies).catch(() => undefined);
        return true;
      })
      .catch(() => false)
      .then((ok) => {
        if (!ok) this.askWhenOnline();
        return ok;
      })
      .finally(() => { this.asking = undefined; });
    return this.asking;
  }

  private askWhenOnline(): void {
    if (this.retryOnline || typeof window === 'undefined') return;
    this.retryOnline = true;
    window.addEventListener('online', () => {
      this.retryOnline = false;
      if (!this.fresh) void this.refresh();
    }, { once: true });
  }
}

/** The page's agency names (client/features/office/*). */
export const agencyDirectory = new AgencyDirectory();

/** An agency's name in both languages, or its id when this device knows no name for it. */
export function agencyName(names: AgencyNames | undefined, agencyId: string): LocalizedText {
  return names?.get(agencyId) ?? { id: agencyId, en: agencyId };
}
