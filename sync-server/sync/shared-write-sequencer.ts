/**
 * The write order (write-sequencer.ts) when several sync-server processes write to one CouchDB
 * (or one cluster): what a pull can tell must be the same as with one process.
 *
 * Each process keeps a marker document `write-marker:<process>` in ptsp_meta: whether a write of
 * it is in flight, the first sequence that write may give (`from`), the highest sequence it has
 * given once its last write finished (`high`), a count of its writes, and until when (its own clock)
 * an in-flight mark holds. Within a process writes still run one at a time (its local lock).
 *
 * A write: marks itself in flight with `from` = its clock + 1, THEN reads every marker and, if
 * another process has finished a write with a higher sequence (or died in flight, with sequences up
 * to its mark's expiry), moves its clock past it and marks again with the higher `from`. Marking
 * before reading is what makes it safe: a pull that already saw another process's finished write
 * must also see this mark (it was made before this write learnt of that write's end), so it cannot
 * hand out a checkpoint above this write's sequences. Then the work; then the mark is cleared with
 * the new `high` (the change feed waits for that, see settled()).
 *
 * A pull reads every marker before and after its store read. It leaves out documents from the
 * lowest `from` of a write in flight in either reading, and from the next sequence of a process
 * that started a write during the read (its count changed: the write may have begun and ended
 * mid-read, CouchDB's `_bulk_docs` not being atomic). So a checkpoint never passes a write that any
 * process still has in flight, and every later write sorts above every checkpoint given.
 *
 * Clocks: sequences need no agreement between clocks (each write moves past what others
 * finished). Only the expiry of a dead process's mark reads another process's clock: a mark holds
 * until `until` + CLOCK_SKEW_MS (assumed: clocks of the processes differ by at most 1 s, NTP), and a
 * live write renews its mark every third of its lifetime, so it never looks dead while it runs.
 * A process that dies in flight floors pulls until its mark expires (at most `markMs` + 1 s); its
 * partly written documents are then sent like any other.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { log } from '../log.js';
import { isStatus, type Store } from '../store.js';
import { SequenceClock } from './checkpoint.js';
import { OwnerLock } from './owner-lock.js';
import type { FloorCheck, WriteSequencer } from './write-sequencer.js';

const MARKER_PREFIX = 'write-marker:';
/** Assumed largest difference between two processes' clocks. */
export const CLOCK_SKEW_MS = 1000;

interface WriteMarker {
  _id: string;
  _rev?: string;
  type: 'write-marker';
  process: string;
  inFlight: boolean;
  /** The first sequence the write in flight may give (meaningful while inFlight). */
  from: number;
  /** Every sequence this process gave before its last finished write ended is at or below this. */
  high: number;
  /** The lowest `from` this marker ever showed: a marker first seen mid-read may have written from there. */
  firstFrom: number;
  writes: number;
  /** While inFlight: the mark holds until then (ms, the writer's clock). */
  until: number;
  /** Last change (ms, the writer's clock): markers of processes long gone are removed. */
  at: number;
}

export interface SharedSequencerOptions {
  /** How long an in-flight mark holds without renewal (a dead process floors pulls this long at most). */
  markMs?: number;
  /** How often settled() looks again while another process has a write in flight. */
  pollMs?: number;
}

/** Sequences a write that died in flight may have given beyond its `from` (far more than one write gives). */
const DEAD_WRITE_SEQUENCES = 1_000_000;

/** Markers not changed for this long, and not in flight, belong to processes that stopped: removed. */
const STALE_MARKER_MS = 60 * 60 * 1000;

export class SharedWriteSequencer implements WriteSequencer {
  private readonly clock = new SequenceClock();
  private readonly lock = new OwnerLock();
  private readonly process = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly markerId = `${MARKER_PREFIX}${this.process}`;
  private readonly markMs: number;
  private readonly pollMs: number;
  private marker: WriteMarker | undefined;
  /** Marker writes of this process in order (a renewal must not race the clear). */
  private markerWrites: Promise<unknown> = Promise.resolve();
  private writing: Promise<unknown> | undefined;
  private writes = 0;
  private lastCleanup = 0;

  constructor(private readonly store: Store, options: SharedSequencerOptions = {}) {
    this.markMs = options.markMs ?? 15_000;
    this.pollMs = options.pollMs ?? 25;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    return this.lock.run('writes', async () => {
      const running = this.runMarked(work);
      this.writing = running;
      try {
        return await running;
      } finally {
        this.writing = undefined;
      }
    });
  }

  private async runMarked<T>(work: () => Promise<T>): Promise<T> {
    this.writes += 1;
    let from = this.clock.current + 1;
    await this.mark({ inFlight: true, from, until: Date.now() + this.markMs });
    const beyond = highestFinished(await this.readMarkers(), this.process);
    if (beyond >= from) {
      this.clock.advanceTo(beyond);
      from = this.clock.current + 1;
      await this.mark({ inFlight: true, from, until: Date.now() + this.markMs });
    }
    const renewal = setInterval(() => {
      this.mark({ inFlight: true, from, until: Date.now() + this.markMs })
        .catch((error: unknown) => log.warn({ event: 'write-mark-failed', reason: (error as Error).message }, 'renewing the write mark failed'));
    }, this.markMs / 3);
    renewal.unref();
    try {
      return await work();
    } finally {
      clearInterval(renewal);
      // If this fails the mark expires on its own (markMs): pulls are only held back until then.
      await this.mark({ inFlight: false, from, high: this.clock.current, until: 0 })
        .catch((error: unknown) => log.warn({ event: 'write-mark-failed', reason: (error as Error).message }, 'clearing the write mark failed'));
      this.cleanupNow();
    }
  }

  next(): number {
    return this.clock.next();
  }

  async floorForPull(): Promise<FloorCheck> {
    const before = await this.readMarkers();
    // Whether a marker held is judged at the time it was read: a page read ahead is checked up to
    // 30 s later (collection-sync.ts), when a write in flight back then has long expired.
    const beforeAt = Date.now();
    return async () => floorOf(before, await this.readMarkers(), Date.now(), beforeAt);
  }

  async settled(): Promise<void> {
    await this.writing?.catch(() => undefined);
    // Another process's write the change feed saw may still be in flight: the devices told now
    // would pull, be floored by its mark and hear nothing when it ends (marks are not in the feed).
    // Only the writes in flight now can have stored what the feed saw: a write begun later (its
    // count moved on) does not hold the devices back, so a busy process cannot delay them for long.
    const giveUpAt = Date.now() + this.markMs + CLOCK_SKEW_MS;
    const inFlight = new Map((await this.readMarkers())
      .filter((marker) => marker.process !== this.process && holds(marker, Date.now()))
      .map((marker) => [marker.process, marker.writes]));
    while (inFlight.size > 0 && Date.now() < giveUpAt) {
      await new Promise((resolve) => setTimeout(resolve, this.pollMs));
      const now = Date.now();
      const current = new Map((await this.readMarkers()).map((marker) => [marker.process, marker]));
      for (const [writer, writes] of inFlight) {
        const marker = current.get(writer);
        if (!marker || !holds(marker, now) || marker.writes !== writes) inFlight.delete(writer);
      }
    }
  }

  async start(highestStored: number): Promise<void> {
    this.clock.advanceTo(highestStored);
    // Sequences another process gave and has not stored yet, or stored in a database not read at start.
    this.clock.advanceTo(highestFinished(await this.readMarkers(), this.process));
  }

  /** Writes this process's marker (one at a time); creates it again if it was removed. */
  private mark(change: Pick<WriteMarker, 'inFlight' | 'from' | 'until'> & { high?: number }): Promise<void> {
    const write = this.markerWrites.then(async () => {
      const now = Date.now();
      const previous = this.marker;
      const next: WriteMarker = {
        _id: this.markerId, type: 'write-marker', process: this.process,
        high: change.high ?? previous?.high ?? this.clock.current,
        firstFrom: Math.min(previous?.firstFrom ?? change.from, change.from),
        writes: this.writes, at: now, ...change,
        ...(previous?._rev ? { _rev: previous._rev } : {}),
      };
      try {
        const result = await this.store.meta.insert(next as unknown as Record<string, unknown>);
        this.marker = { ...next, _rev: result.rev };
      } catch (error) {
        if (!isStatus(error, 409)) throw error;
        // Removed as stale by another process (or written by an earlier attempt): take its revision.
        const current = await this.store.meta.get(this.markerId).catch(() => undefined);
        const retried = { ...next, _rev: current?._rev, firstFrom: current ? next.firstFrom : change.from };
        if (!current) delete retried._rev;
        const result = await this.store.meta.insert(retried as unknown as Record<string, unknown>);
        this.marker = { ...retried, _rev: result.rev };
      }
    });
    this.markerWrites = write.catch(() => undefined);
    return write;
  }

  private async readMarkers(): Promise<WriteMarker[]> {
    const list = await this.store.meta.list({ startkey: MARKER_PREFIX, endkey: `${MARKER_PREFIX}\ufff0`, include_docs: true });
    return list.rows.map((row) => row.doc as unknown as WriteMarker | undefined).filter((doc): doc is WriteMarker => doc?.type === 'write-marker');
  }

  /** Removes markers of processes that stopped long ago, so a pull's two readings stay small. */
  private cleanupNow(): void {
    const now = Date.now();
    if (now - this.lastCleanup < 10 * 60 * 1000) return;
    this.lastCleanup = now;
    void this.readMarkers().then(async (markers) => {
      for (const marker of markers) {
        if (marker.process === this.process || marker.inFlight || now - marker.at < STALE_MARKER_MS || !marker._rev) continue;
        await this.store.meta.destroy(marker._id, marker._rev).catch(() => undefined);
      }
    }).catch(() => undefined);
  }
}

/** Whether the marker shows a write in flight that still holds (its mark not expired, allowing for clock skew). */
const holds = (marker: WriteMarker, now: number): boolean => marker.inFlight && marker.until + CLOCK_SKEW_MS > now;

/**
 * The highest sequence other processes may have given: what their finished writes gave, and for
 * a write whose mark expired (a process that died in flight) anything up to the mark's end.
 */
function highestFinished(markers: WriteMarker[], self: string, now = Date.now()): number {
  let highest = 0;
  for (const marker of markers) {
    if (marker.process === self) continue;
    highest = Math.max(highest, marker.high);
    // A write still in flight needs nothing: pulls are floored below it until it ends.
    if (marker.inFlight && !holds(marker, now)) {
      highest = Math.max(highest, (marker.until + CLOCK_SKEW_MS) * 1000, marker.from + DEAD_WRITE_SEQUENCES);
    }
  }
  return highest;
}

/**
 * The floor of a pull whose store read lay between the two readings (undefined: no write overlapped
 * it). `beforeAt`: when `before` was read (a marker that held then held during the read).
 */
export function floorOf(before: WriteMarker[], after: WriteMarker[], now: number, beforeAt = now): number | undefined {
  const earlier = new Map(before.map((marker) => [marker.process, marker]));
  let floor: number | undefined;
  const lower = (value: number): void => {
    floor = floor === undefined ? value : Math.min(floor, value);
  };
  for (const marker of before) if (holds(marker, beforeAt)) lower(marker.from);
  for (const marker of after) {
    if (holds(marker, now)) lower(marker.from);
    const was = earlier.get(marker.process);
    if (!was) {
      lower(marker.firstFrom);
    } else if (was.writes !== marker.writes) {
      // A write started during the read: its sequences are above what the process had given before.
      lower(was.inFlight ? was.from : was.high + 1);
    }
  }
  return floor;
}
