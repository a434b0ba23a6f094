/**
 * Who may read a synced document, as stored: `readers` (the keys that may read it now) and
 * `formerReaders` (keys that could read it before and cannot now). A pull walks the reach view
 * (store.ts REACH_VIEW) per reader key; a former reader's row makes the document arrive on that
 * key's devices as a tombstone, so it leaves them.
 */
import { lostReaders } from '../../common/access/readers.js';
import type { StoredSynced } from '../store.js';

export type Reach = Pick<StoredSynced, 'readers' | 'formerReaders'>;

/**
 * The reach of a document whose readers are now `readers`, given its previous stored state. A key
 * stays a former reader once it lost the document (until it reads it again): a device that was
 * offline through several changes still finds the tombstone row under its key.
 */
export function reachAfter(readers: readonly string[], previous?: Partial<Reach>): Reach {
  const now = [...new Set(readers)].sort();
  const former = new Set([...(previous?.formerReaders ?? []), ...(previous?.readers ?? [])]);
  return { readers: now, formerReaders: lostReaders([...former], now).sort() };
}
