/**
 * The pull checkpoint. Devices treat it as an opaque string; only this file knows what is inside:
 * the server sequence of the last document the device has received.
 */
import { ApiError } from '../http-errors.js';

export interface Checkpoint {
  seq: number;
}

export function encodeCheckpoint(checkpoint: Checkpoint): string {
  return Buffer.from(JSON.stringify({ s: checkpoint.seq })).toString('base64url');
}

export function decodeCheckpoint(text: unknown): Checkpoint | null {
  if (text === undefined || text === null || text === '') return null;
  const invalid = new ApiError(400, 'invalid-checkpoint', 'Checkpoint sinkronisasi tidak valid.', 'The sync checkpoint is not valid.');
  if (typeof text !== 'string' || text.length > 200) throw invalid;
  try {
    const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { s?: unknown };
    if (typeof parsed.s !== 'number' || !Number.isSafeInteger(parsed.s) || parsed.s < 0) throw invalid;
    return { seq: parsed.s };
  } catch {
    throw invalid;
  }
}

/**
 * Sequence numbers for server writes: microseconds since the epoch, strictly increasing within this
 * process even when the clock stands still or steps back.
 */
export class SequenceClock {
  private last = 0;

  /** Never hand out a sequence at or below one already stored (a restart after the clock stepped back). */
  advanceTo(stored: number): void {
    this.last = Math.max(this.last, stored);
  }

  next(): number {
    this.last = Math.max(Date.now() * 1000, this.last + 1);
    return this.last;
  }

  /** The last sequence handed out: every later one is above it. */
  get current(): number {
    return this.last;
  }
}
