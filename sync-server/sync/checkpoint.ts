/**
 * The pull checkpoint. Devices treat it as an opaque string; only this file knows what is inside:
 * per reader key of the account, the server sequence of the last document received through it
 * (`keys`), and per key the account lost, how far its walk for tombstones has come (`lost`).
 * A checkpoint of the one-sequence era (`{s}`) reads as `legacySeq`: the account's own documents.
 *
 * The checkpoint says which keys the account held, and a pull walks a key it lost for tombstones
 * (id, owner, type, status, dates), so it is sealed: an HMAC over the account and the content,
 * with a key derived from the store's shared session secret (every process agrees). A device that
 * made one up, or kept another account's, would otherwise learn of documents it never could read.
 * A well-formed one whose seal does not hold (a secret changed, or a made-up one) starts from the
 * beginning, walking only the keys the account holds now: safe, and a device never stays stuck.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../http-errors.js';

export interface Checkpoint {
  keys?: Record<string, number>;
  lost?: Record<string, number>;
  legacySeq?: number;
}

/** Enough for a few dozen reader keys; an account holds two to four. */
const MAX_CHECKPOINT_LENGTH = 4000;

/** Random until the server sets the shared one (useCheckpointKey): tests of this file need no store. */
let sealKey = randomBytes(32);

/** Sets the sealing key from the store's session secret, once at start (sync-server/server.ts). */
export function useCheckpointKey(sessionSecret: Buffer): void {
  sealKey = createHmac('sha256', sessionSecret).update('ptsp pull checkpoint').digest();
}

const sealOf = (account: string, payload: string): string =>
  createHmac('sha256', sealKey).update(`${account}\n${payload}`).digest('base64url').slice(0, 22);

/** @param account the account's `user:` key: a checkpoint holds only for the account it was given to. */
export function encodeCheckpoint(checkpoint: Checkpoint, account: string): string {
  const body: { k: Record<string, number>; g?: Record<string, number> } = { k: checkpoint.keys ?? {} };
  if (checkpoint.lost && Object.keys(checkpoint.lost).length > 0) body.g = checkpoint.lost;
  const payload = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${payload}.${sealOf(account, payload)}`;
}

function sealHolds(account: string, payload: string, seal: string | undefined): boolean {
  if (seal === undefined) return false;
  const expected = Buffer.from(sealOf(account, payload));
  const given = Buffer.from(seal);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const validSeq = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= -1;

function seqMap(value: unknown): Record<string, number> | undefined {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value as Record<string, unknown>);
  if (!entries.every(([key, seq]) => key.length <= 200 && validSeq(seq))) return undefined;
  // A null-prototype object: a key named like an Object.prototype member stays a plain key.
  return Object.assign(Object.create(null) as Record<string, number>, Object.fromEntries(entries));
}

export function decodeCheckpoint(text: unknown, account: string): Checkpoint | null {
  if (text === undefined || text === null || text === '') return null;
  const invalid = new ApiError(400, 'invalid-checkpoint', 'Checkpoint sinkronisasi tidak valid.', 'The sync checkpoint is not valid.');
  if (typeof text !== 'string' || text.length > MAX_CHECKPOINT_LENGTH) throw invalid;
  const [payload = '', seal, ...extra] = text.split('.');
  if (extra.length > 0) throw invalid;
  let parsed: { s?: unknown; k?: unknown; g?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw invalid;
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid;
  if (parsed.s !== undefined) {
    if (typeof parsed.s !== 'number' || !Number.isSafeInteger(parsed.s) || parsed.s < 0) throw invalid;
    return { legacySeq: parsed.s };
  }
  const keys = seqMap(parsed.k);
  const lost = seqMap(parsed.g);
  if (parsed.k === undefined || !keys || !lost) throw invalid;
  return sealHolds(account, payload, seal) ? { keys, lost } : null;
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
