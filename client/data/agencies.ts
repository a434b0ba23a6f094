/**
 * The agencies' names for their ids (`dinas-pupr` → "Dinas Pekerjaan Umum dan Penataan Ruang"), for
 * the office screens that print an agency: an application's routed and recommending agencies.
 * The names come from `GET /api/agencies` (any signed-in account): its `agencies` are the active
 * ones and its `inactiveAgencies` those made inactive since (never deleted, so an older application
 * routed to one still names it). `names$` knows both, so such an application shows a name, not an
 * id; `active$` only the active ones, for a screen that offers agencies for a new choice (no
 * screen re-routes yet: the front office's re-route is an API action), which the server refuses
 * for an inactive one. The last list is kept on the device
 * (idb-keyval), so a reviewer who opened the app online once reads names offline too. The server is
 * asked once per page load, when a screen first wants the names; a failed ask (offline, signed out)
 * is tried again at the `online` event or when a screen next opens, never per render. An id not in
 * the list (a device that never asked, an agency made since) is shown as the id itself: never a blank.
 */
import { get, set } from 'idb-keyval';
import { BehaviorSubject, defer, filter, map, type Observable } from 'rxjs';
import type { AgencyInfo, AgencyList } from '../../common/admin-protocol.js';
import type { LocalizedText } from '../../common/catalog.js';
import { apiRequest } from './api.js';

/** An agency's name by its id, as last known on this device. */
export type AgencyNames = ReadonlyMap<string, LocalizedText>;

/** The device setting the last list is kept under (one for every account: agencies' names are nobody's personal data). */
export const AGENCIES_SETTING = 'agency-names';

/**
 * An entry of the kept list. `active` is absent in a list kept by an app before inactive agencies
 * were sent: that list held the active ones only.
 */
type KeptAgency = AgencyInfo & { active?: boolean };

interface Known {
  /** Every agency's name, active or not. */
  names: AgencyNames;
  /** The active agencies' names. */
  active: AgencyNames;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** The well-formed entries of a list (from the server or the device): a malformed one is left out, never shown as blank. */
function knownOf(list: unknown): Known {
  const names = new Map<string, LocalizedText>();
  const active = new Map<string, LocalizedText>();
  if (!Array.isArray(list)) return { names, active };
  for (const entry of list as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { id, name, active: isActive } = entry as Partial<KeptAgency>;
    if (!isText(id) || typeof name !== 'object' || name === null) continue;
    // One language missing: the other is better than the id.
    const idName = isText(name.id) ? name.id : isText(name.en) ? name.en : undefined;
    const enName = isText(name.en) ? name.en : idName;
    if (!idName || !enName) continue;
    // An id listed twice (both lists, by a mistake): active wins, since the server lets it be chosen.
    if (isActive !== false) active.set(id, { id: idName, en: enName });
    if (isActive !== false || !names.has(id)) names.set(id, { id: idName, en: enName });
  }
  return { names, active };
}

/** The server's answer as one list to keep, each entry marked; undefined when it is not a list at all. */
function keptOf(answer: Partial<AgencyList>): KeptAgency[] | undefined {
  if (!Array.isArray(answer.agencies)) return undefined;
  // A server before inactiveAgencies sends only the active ones.
  const inactive: unknown[] = Array.isArray(answer.inactiveAgencies) ? answer.inactiveAgencies : [];
  const marked = (entries: unknown[], active: boolean): KeptAgency[] =>
    entries.flatMap((entry) => (typeof entry === 'object' && entry !== null ? [{ ...(entry as AgencyInfo), active }] : []));
  return [...marked(answer.agencies, true), ...marked(inactive, false)];
}

/**
 * One device's agency names. The app uses the one `agencyDirectory`; a test may make its own to
 * start from what the device kept, as a new page load would.
 */
export class AgencyDirectory {
  private readonly current = new BehaviorSubject<Known | undefined>(undefined);
  private stored: Promise<void> | undefined;
  private asking: Promise<boolean> | undefined;
  /** The server answered once in this page: no more asks. */
  private fresh = false;
  private retryOnline = false;

  private known$(): Observable<Known> {
    return defer(() => {
      this.start();
      return this.current.pipe(filter((known): known is Known => known !== undefined));
    });
  }

  /**
   * Every agency's name as known, active or not (what a screen prints for an id): the device's list
   * first, then the server's. Subscribing (a screen opening) starts the reading and, until the
   * server answered once in this page, one ask.
   */
  readonly names$: Observable<AgencyNames> = this.known$().pipe(map((known) => known.names));

  /** The active agencies' names only, read and asked like names$: what to offer for a new choice (a re-route). */
  readonly active$: Observable<AgencyNames> = this.known$().pipe(map((known) => known.active));

  private start(): void {
    this.stored ??= this.readStored();
    if (!this.fresh) void this.refresh();
  }

  private async readStored(): Promise<void> {
    const saved = await get<unknown>(AGENCIES_SETTING).catch(() => undefined);
    // The server may have answered while IndexedDB was read: its list is newer.
    if (!this.fresh) this.current.next(knownOf(saved));
  }

  /**
   * Asks the server for the list now and keeps it on the device; false when it could not be asked
   * (offline, signed out, the server down): the names known stay. Concurrent calls share one ask.
   */
  refresh(): Promise<boolean> {
    this.asking ??= apiRequest<Partial<AgencyList>>('/agencies', { timeoutMs: 15_000 })
      .then(async (answer) => {
        const kept = keptOf(answer);
        if (!kept) return false;
        this.fresh = true;
        this.current.next(knownOf(kept));
        // A full or blocked IndexedDB only costs the next offline visit its names.
        await set(AGENCIES_SETTING, kept).catch(() => undefined);
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
