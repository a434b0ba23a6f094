/**
 * The order of server writes, for every synced collection at once.
 *
 * A pull answers "everything after sequence S" per reader key, and one document can be read by
 * several accounts (the booth that filed it, the citizen who claimed it, the office, agencies), so
 * the sequence order must equal the commit order across ALL writes: one write at a time, each
 * taking its sequences inside its turn. And because CouchDB's `_bulk_docs` is not atomic (its
 * shards commit on their own; mid-batch a pull could see sequence 12 before 11 and hand out a
 * checkpoint that skips 11 for good, seen on CouchDB 3.5.0), a pull that overlapped a write leaves
 * out everything from that write's first sequence on (the "floor").
 *
 * This interface is what the sync code uses; `InProcessWriteSequencer` holds within one process.
 * A shared implementation (several sync-server processes on one CouchDB cluster) implements the
 * same interface with the lock, the clock and the floor kept in the store
 * (shared-write-sequencer.ts).
 */
import { OwnerLock } from './owner-lock.js';
import { SequenceClock } from './checkpoint.js';

/** Run after a pull's store read: the sequence from which to leave documents out, or undefined for none. */
export type FloorCheck = () => Promise<number | undefined>;

export interface WriteSequencer {
  /** Runs `work` as the one write in flight; sequences given by next() inside it sort after every earlier write's. */
  run<T>(work: () => Promise<T>): Promise<T>;
  /** The next sequence. Only inside run(): outside it, order with other writes is not kept. */
  next(): number;
  /**
   * Taken BEFORE a pull reads the store; the returned check is run AFTER the read and answers the
   * floor (documents at or above it are left out of that page) or undefined when no write overlapped.
   */
  floorForPull(): Promise<FloorCheck>;
  /**
   * Resolves once the write running now (if any) has finished, failed or not. The change feed
   * waits for it before telling devices, so the pull they then make is not cut by that write's floor.
   */
  settled(): Promise<void>;
  /** Called once at start with the highest sequence stored, so no sequence already given out is given again. */
  start(highestStored: number): Promise<void>;
}

export class InProcessWriteSequencer implements WriteSequencer {
  private readonly clock = new SequenceClock();
  private readonly lock = new OwnerLock();
  /** The first sequence the write in flight may give; undefined while none runs. */
  private writingFrom: number | undefined;
  private writing: Promise<unknown> | undefined;
  /** Counts writes started, so a pull can tell that one began (and maybe ended) during its read. */
  private writesStarted = 0;

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.lock.run('writes', async () => {
      this.writesStarted += 1;
      // Every sequence this write gives is above the last one given before it.
      this.writingFrom = this.clock.current + 1;
      const running = work();
      this.writing = running;
      try {
        return await running;
      } finally {
        this.writingFrom = undefined;
        this.writing = undefined;
      }
    });
  }

  next(): number {
    return this.clock.next();
  }

  /**
   * A write in flight at the start has its own start; one that started during the read starts
   * above everything given before the read began (writes run one at a time).
   */
  floorForPull(): Promise<FloorCheck> {
    const inFlight = this.writingFrom;
    const started = this.writesStarted;
    const floor = inFlight ?? this.clock.current + 1;
    return Promise.resolve(() => Promise.resolve(inFlight !== undefined || this.writesStarted !== started ? floor : undefined));
  }

  async settled(): Promise<void> {
    await this.writing?.catch(() => undefined);
  }

  start(highestStored: number): Promise<void> {
    this.clock.advanceTo(highestStored);
    return Promise.resolve();
  }
}
