/**
 * Follows the applications database's `_changes` feed and tells listeners which owners' documents
 * changed. It sees every write, whoever made it (this process, another server process, an
 * administrator), which is what the devices' live streams need.
 *
 * The sequence from `_changes` is opaque (a string on CouchDB 3): it is only handed back as `since`.
 */
import { EventEmitter } from 'node:events';
import { log } from '../log.js';
import { DATABASES, type Store, type StoredApplication } from '../store.js';

interface ChangesBody {
  results: { id: string; doc?: Partial<StoredApplication> }[];
  last_seq: string | number;
}

export class ChangeFeed {
  private readonly emitter = new EventEmitter();
  private running = false;
  private abort = new AbortController();

  /**
   * @param settled resolves once the write of this process now storing documents has finished (see
   *   ApplicationSync.writesSettled). `_changes` can report a document before the write that
   *   stores it is done; a pull in that moment leaves the write's documents out, so the devices are
   *   told only after it, and the pull they then make sees them.
   */
  constructor(private readonly store: Store, private readonly settled: () => Promise<void> = () => Promise.resolve()) {
    this.emitter.setMaxListeners(0);
  }

  onOwnerChange(owner: string, listener: () => void): () => void {
    this.emitter.on(owner, listener);
    return () => this.emitter.off(owner, listener);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const info = await this.store.applications.info();
    void this.follow(info.update_seq as string | number);
  }

  stop(): void {
    this.running = false;
    this.abort.abort();
  }

  private async follow(initialSince: string | number): Promise<void> {
    let since = initialSince;
    while (this.running) {
      try {
        const url = new URL(`${storeUrlWithoutCredentials(this.store.url).replace(/\/$/, '')}/${DATABASES.applications}/_changes`);
        url.searchParams.set('feed', 'longpoll');
        url.searchParams.set('since', String(since));
        url.searchParams.set('timeout', '25000');
        url.searchParams.set('include_docs', 'true');
        url.searchParams.set('limit', '500');
        const response = await fetch(url, { signal: this.abort.signal, headers: authHeaders(this.store.url) });
        if (!response.ok) throw new Error(`_changes answered ${response.status}`);
        const body = (await response.json()) as ChangesBody;
        const owners = new Set<string>();
        for (const row of body.results) {
          if (row.doc?.ownerId) owners.add(row.doc.ownerId);
          // A claimed application is also the citizen's.
          if (row.doc?.applicantId) owners.add(row.doc.applicantId);
        }
        if (owners.size > 0) await this.settled();
        for (const owner of owners) this.emitter.emit(owner);
        since = body.last_seq;
      } catch (error) {
        if (!this.running) return;
        log.warn({ event: 'change-feed-failed', reason: (error as Error).message }, 'change feed failed; retrying in 2 s');
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  }
}

/** fetch() refuses URLs with credentials, so they travel as a Basic header instead. */
function authHeaders(storeUrl: string): Record<string, string> {
  const url = new URL(storeUrl);
  if (!url.username) return {};
  const token = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  return { authorization: `Basic ${token}` };
}

function storeUrlWithoutCredentials(storeUrl: string): string {
  const url = new URL(storeUrl);
  url.username = '';
  url.password = '';
  return url.toString();
}
