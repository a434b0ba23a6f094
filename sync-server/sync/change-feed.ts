/**
 * Follows the `_changes` feed of every synced database and tells listeners which reader keys
 * (common/access: `user:`, `role:`, `agency:`, `booth:`) have something new, in which collection.
 * It sees every write, whoever made it (this process, another server process, an administrator),
 * which is what the devices' live streams need. A former reader is told too: its devices must
 * pull the tombstone.
 *
 * The sequence from `_changes` is opaque (a string on CouchDB 3): it is only handed back as `since`.
 */
import { EventEmitter } from 'node:events';
import { userKey } from '../../common/access/readers.js';
import type { SyncCollection } from '../../common/sync-protocol.js';
import { log } from '../log.js';
import { DATABASES, storeAuthHeaders, storeUrlWithoutCredentials, type Store, type StoredSynced } from '../store.js';

interface ChangesBody {
  results: { id: string; doc?: Partial<StoredSynced> & { ownerId?: string; applicantId?: string } }[];
  last_seq: string | number;
}

/** The databases followed, by the collection name devices know them by. */
const FOLLOWED: readonly { collection: SyncCollection; db: string }[] = [
  { collection: 'applications', db: DATABASES.applications },
  { collection: 'actions', db: DATABASES.actions },
];

export class ChangeFeed {
  private readonly emitter = new EventEmitter();
  private running = false;
  private abort = new AbortController();

  /**
   * @param settled resolves once the write of this process now storing documents has finished (see
   *   WriteSequencer.settled). `_changes` can report a document before the write that stores it is
   *   done; a pull in that moment leaves the write's documents out, so the devices are told only
   *   after it, and the pull they then make sees them.
   */
  constructor(private readonly store: Store, private readonly settled: () => Promise<void> = () => Promise.resolve()) {
    this.emitter.setMaxListeners(0);
  }

  /** Calls `listener` with the collection whenever a document readable (or formerly readable) by `key` changes. */
  onReaderChange(key: string, listener: (collection: SyncCollection) => void): () => void {
    this.emitter.on(key, listener);
    return () => this.emitter.off(key, listener);
  }

  /** The one-owner form of the stream (before reader keys): an account's `user:` key. */
  onOwnerChange(owner: string, listener: () => void): () => void {
    return this.onReaderChange(`user:${owner}`, listener);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (const followed of FOLLOWED) {
      const info = await this.store.server.use(followed.db).info();
      void this.follow(followed.collection, followed.db, info.update_seq as string | number);
    }
  }

  stop(): void {
    this.running = false;
    this.abort.abort();
  }

  private async follow(collection: SyncCollection, db: string, initialSince: string | number): Promise<void> {
    let since = initialSince;
    while (this.running) {
      try {
        const url = new URL(`${storeUrlWithoutCredentials(this.store.url).replace(/\/$/, '')}/${db}/_changes`);
        url.searchParams.set('feed', 'longpoll');
        url.searchParams.set('since', String(since));
        url.searchParams.set('timeout', '25000');
        url.searchParams.set('include_docs', 'true');
        url.searchParams.set('limit', '500');
        const response = await fetch(url, { signal: this.abort.signal, headers: storeAuthHeaders(this.store.url) });
        if (!response.ok) throw new Error(`_changes answered ${response.status}`);
        const body = (await response.json()) as ChangesBody;
        const keys = new Set<string>();
        for (const row of body.results) {
          const doc = row.doc;
          if (!doc) continue;
          for (const key of [...(doc.readers ?? []), ...(doc.formerReaders ?? [])]) keys.add(key);
          // Stored before documents carried readers (until the start's backfill reached it).
          if (!doc.readers && doc.ownerId) keys.add(userKey(doc.ownerId));
          if (!doc.readers && doc.applicantId) keys.add(userKey(doc.applicantId));
        }
        if (keys.size > 0) await this.settled();
        for (const key of keys) this.emitter.emit(key, collection);
        since = body.last_seq;
      } catch (error) {
        if (!this.running) return;
        log.warn({ event: 'change-feed-failed', db, reason: (error as Error).message }, 'change feed failed; retrying in 2 s');
        await new Promise((resolve) => setTimeout(resolve, 2000));
      }
    }
  }
}
