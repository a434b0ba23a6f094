/**
 * What the parts that change applications outside a device's push share (claims, registration
 * numbers, returns, office actions): the one write lock and the way a server change is written.
 */
import type { StoredApplication } from '../store.js';

export interface ApplicationWrites {
  /** Runs `work` as the one write in flight (sync/write-sequencer.ts), ordered with every device push. */
  underWriteLock<T>(work: () => Promise<T>): Promise<T>;
  /** The stored application (undefined for an unknown or malformed id). Read it inside the lock. */
  readApplication(id: string): Promise<StoredApplication | undefined>;
  /** Writes a server change: a new serverSeq, readers recomputed, no writerDevice (every device pulls it). */
  writeApplicationChange(doc: StoredApplication, change: Partial<StoredApplication>): Promise<StoredApplication>;
}

/** What office actions (sync-server/office/office-actions.ts) get from ApplicationSync.officeWrites(). */
export interface OfficeWrites extends ApplicationWrites {
  /** A sequence for another document written in the same turn (the action itself). Only inside underWriteLock. */
  nextSeq(): number;
}
