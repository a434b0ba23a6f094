/**
 * The pull every synced collection shares: "the documents this account may read now, written after
 * its checkpoint", read from the reach view (store.ts REACH_VIEW) one reader key at a time and
 * merged in sequence order. A document that left the account's reach comes as a tombstone.
 *
 * The checkpoint (opaque to the device) holds one sequence per reader key of the account, so a key
 * it gains (a new role, an agency) starts from the beginning, and a key it loses is walked once
 * from the beginning to send tombstones for what the account can no longer read.
 *
 * Why RxDB's pull loop stays correct (it stops at a page shorter than `limit`, and stores no
 * checkpoint from an empty page). Each key's window reads at most `limit + PULL_SCAN_WINDOW` view
 * rows (id, sequence, writer only). Let `cap` be the lowest last sequence of a FULL window (beyond
 * it that key may have more) and `end` the sequence of the last row looked at (never above `cap`);
 * every key's checkpoint becomes `end`, and every document of any key at or before `end` is in
 * this page or was written in that state by the asking device itself (it has it).
 * - `limit` documents found: a full page.
 * - A window was full: the page is padded up to `limit` with the device's own documents (there
 *   are enough: the window holds more than `limit` rows), so it is not short and RxDB asks again.
 * - Nothing was full: the page is short only because nothing is left; if it holds nothing but the
 *   checkpoint moved (only own writes), it carries one own document so RxDB stores the checkpoint.
 * A pull also leaves out every row from the floor of a write that overlapped its read (see
 * write-sequencer.ts): a window cut by the floor counts as full, nothing beyond it is settled.
 */
import type nano from 'nano';
import { keysMayRead, lostReaders, readerKeysOf, userKey, type Account } from '../../common/access/readers.js';
import { MAX_BATCH_SIZE, type PullResponse } from '../../common/sync-protocol.js';
import { ApiError } from '../http-errors.js';
import { log } from '../log.js';
import { REACH_VIEW, type StoredSynced } from '../store.js';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from './checkpoint.js';
import type { FloorCheck, WriteSequencer } from './write-sequencer.js';

/** View rows one key's window reads beyond `limit` when the device's own writes are skipped. */
export const PULL_SCAN_WINDOW = 500;

/** The envelope the generic pull needs of a stored document. */
export interface SyncedStoredDoc extends StoredSynced {
  _id: string;
  _rev?: string;
  type: string;
}

/** What a collection tells the generic pull: where its documents are and how they go on the wire. */
export interface PullRules<Stored extends SyncedStoredDoc, Wire> {
  db: nano.DocumentScope<Stored>;
  /** The stored `type` of this collection's documents (anything else in the db is never sent). */
  type: Stored['type'];
  toWire(stored: Stored): Wire;
  /** The minimal form of a document that left the account's reach: `_deleted: true, _gone: true`, no content. */
  tombstone(stored: Stored): Wire;
}

interface ViewRow {
  id: string;
  key: [string, number];
  value: string | null;
  /** With include_docs (a pull that skips nothing: every row read is sent). */
  doc?: unknown;
}

/** One reader key's walk: a key the account reads through, or a key it lost (walked for tombstones). */
interface Source {
  key: string;
  lost: boolean;
  from: number;
}

export function pullLimit(limitText: unknown): number {
  const limit = limitText === undefined ? 100 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_BATCH_SIZE) {
    throw new ApiError(400, 'invalid-limit', `Batas harus bilangan bulat 1-${MAX_BATCH_SIZE}.`, `limit must be an integer from 1 to ${MAX_BATCH_SIZE}.`);
  }
  return limit;
}

/**
 * The walks a pull makes. A checkpoint of the one-sequence era (before reader keys) was the
 * account's own documents: it continues as the account's `user:` key.
 */
function sourcesOf(checkpoint: Checkpoint | null, keys: readonly string[], ownKey: string): Source[] {
  const known = checkpoint?.keys ?? (checkpoint?.legacySeq !== undefined ? { [ownKey]: checkpoint.legacySeq } : {});
  const sources: Source[] = keys.map((key) => ({ key, lost: false, from: known[key] ?? -1 }));
  const lostKeys = new Map(Object.entries(checkpoint?.lost ?? {}));
  // A key held before and not now: walked from the beginning for tombstones.
  for (const key of lostReaders(Object.keys(known), keys)) if (!lostKeys.has(key)) lostKeys.set(key, -1);
  // A lost key held again is read through again (a source above), no longer walked for tombstones.
  for (const key of lostReaders([...lostKeys.keys()], keys)) sources.push({ key, lost: true, from: lostKeys.get(key) ?? -1 });
  return sources;
}

/**
 * One page of `account`'s pull: the documents its reader keys (common/access readerKeysOf, taken
 * from the account as re-read for this request) read now, and tombstones for those it lost.
 */
export async function pullCollection<Stored extends SyncedStoredDoc, Wire>(
  rules: PullRules<Stored, Wire>,
  sequencer: WriteSequencer,
  account: Account,
  checkpointText: unknown,
  limitText: unknown,
  device: string | undefined,
): Promise<PullResponse<Wire>> {
  const limit = pullLimit(limitText);
  const keys = readerKeysOf(account);
  const ahead = aheadOf<Wire>(rules);
  const name = aheadName(account, device, limit, checkpointText);
  const read = ahead.get(name);
  ahead.delete(name);
  const page = (read && (await stillCurrent(rules, read, keys))) ?? (await readPage(rules, sequencer, account, checkpointText, limit, device));
  // A full page: RxDB asks for the next one as soon as it has stored this one. Reading it now
  // overlaps the store's work with the device's writes instead of adding the two up.
  if (limit >= AHEAD_MIN_LIMIT && page.documents.length === limit && page.checkpoint) {
    readAhead(rules, sequencer, account, page.checkpoint, limit, device);
  }
  return page;
}

/**
 * Reading the next page ahead. A page read ahead is handed out only if the store is exactly as it
 * was when that read began, so it is the page a read now would give: no write of any server
 * process began or was in flight since (the sequencer's floor check, taken before the read), the
 * database's update sequence is the same (no write at all, through the server or not), and the
 * account holds the same reader keys (re-read for this request). Otherwise it is read again.
 * Only pages of AHEAD_MIN_LIMIT or more: a small page's store read is too short to be worth the
 * memory (a page of 1,000 applications is about 1.7 MB), and at most MAX_AHEAD are kept, each for
 * AHEAD_MS (a device that went away mid-pull leaves its page behind).
 */
export const AHEAD_MIN_LIMIT = 100;
const MAX_AHEAD = 16;
const AHEAD_MS = 30_000;

interface ReadAhead<Wire> {
  expires: number;
  read: Promise<{ keys: string; check: FloorCheck; stamp: string; page: PullResponse<Wire> } | undefined>;
}

const aheadByRules = new WeakMap<object, Map<string, ReadAhead<unknown>>>();

function aheadOf<Wire>(rules: object): Map<string, ReadAhead<Wire>> {
  let ahead = aheadByRules.get(rules);
  if (!ahead) aheadByRules.set(rules, (ahead = new Map()));
  return ahead as Map<string, ReadAhead<Wire>>;
}

/** The request a page read ahead answers: the same account, device, limit and (sealed) checkpoint. */
const aheadName = (account: Account, device: string | undefined, limit: number, checkpointText: unknown): string =>
  `${account.userId}\n${device ?? ''}\n${limit}\n${typeof checkpointText === 'string' ? checkpointText : ''}`;

/** What changes with every write to the database (opaque: only compared for equality). */
async function storeStamp(db: Pick<nano.DocumentScope<unknown>, 'info'>): Promise<string> {
  return JSON.stringify((await db.info()).update_seq);
}

function readAhead<Stored extends SyncedStoredDoc, Wire>(rules: PullRules<Stored, Wire>, sequencer: WriteSequencer, account: Account,
  checkpointText: string, limit: number, device: string | undefined): void {
  const ahead = aheadOf<Wire>(rules);
  const now = Date.now();
  for (const [name, entry] of ahead) if (entry.expires <= now) ahead.delete(name);
  if (ahead.size >= MAX_AHEAD) return;
  const read = (async () => {
    // Both taken before anything is read, so they cover every write from here to the hand-out.
    const check = await sequencer.floorForPull();
    const stamp = await storeStamp(rules.db);
    const page = await readPage(rules, sequencer, account, checkpointText, limit, device);
    return { keys: readerKeysOf(account).join('\n'), check, stamp, page };
  })().catch((error: unknown) => {
    // The device's next pull reads the page itself; a failing store still shows in the log.
    log.warn({ event: 'pull-read-ahead-failed', reason: (error as Error).message }, 'reading the next page ahead failed');
    return undefined;
  });
  const name = aheadName(account, device, limit, checkpointText);
  const entry = { expires: now + AHEAD_MS, read };
  ahead.set(name, entry);
  // Not kept past its time even if no other pull comes to sweep it.
  setTimeout(() => {
    if (ahead.get(name) === entry) ahead.delete(name);
  }, AHEAD_MS).unref();
}

/** The page read ahead, if nothing it depends on changed since its read began; else undefined. */
async function stillCurrent<Stored extends SyncedStoredDoc, Wire>(rules: PullRules<Stored, Wire>, entry: ReadAhead<Wire>,
  keys: readonly string[]): Promise<PullResponse<Wire> | undefined> {
  if (entry.expires <= Date.now()) return undefined;
  const read = await entry.read;
  if (!read || read.keys !== keys.join('\n')) return undefined;
  // A check that fails says nothing about the store: read again (that read has its own check).
  if ((await read.check().catch(() => 0)) !== undefined) return undefined;
  return (await storeStamp(rules.db).catch(() => undefined)) === read.stamp ? read.page : undefined;
}

/** One page read from the store now (pullCollection's work when nothing was read ahead). */
async function readPage<Stored extends SyncedStoredDoc, Wire>(
  rules: PullRules<Stored, Wire>,
  sequencer: WriteSequencer,
  account: Account,
  checkpointText: unknown,
  limit: number,
  device: string | undefined,
): Promise<PullResponse<Wire>> {
  const keys = readerKeysOf(account);
  // The checkpoint is sealed to the account's own key (checkpoint.ts).
  const ownKey = userKey(account.userId);
  const checkpoint = decodeCheckpoint(checkpointText, ownKey);
  const sources = sourcesOf(checkpoint, keys, ownKey);
  const window = device === undefined ? limit : limit + PULL_SCAN_WINDOW;

  // Only what writes have finished storing. A page cut short here ends RxDB's pull loop early; the
  // write's change then reaches the live stream (announced only once the write has finished), which starts the next pull.
  const floorOf = await sequencer.floorForPull();
  // Without a device nothing is skipped, so every row read is sent: the view brings the documents
  // along (one store read per key instead of a read of rows and a fetch of their documents).
  const withDocs = device === undefined;
  const read = await Promise.all(sources.map(async (source) => ({ source, rows: await readWindow(rules.db, source, window, withDocs) })));
  const floor = await floorOf();

  let cap = Number.POSITIVE_INFINITY;
  const walks = read.map(({ source, rows }) => {
    // A window cut by the floor is not full: nothing beyond the floor is settled, for any key.
    const kept = floor === undefined ? rows : rows.filter((row) => row.key[1] < floor);
    const last = kept.at(-1)?.key[1];
    if (kept.length === window && last !== undefined) cap = Math.min(cap, last);
    return { source, rows: kept, full: kept.length === window, last };
  });
  const windowFull = cap !== Number.POSITIVE_INFINITY;

  // One entry per document, in sequence order; "own" only if every row of it says this device wrote it.
  const byId = new Map<string, { id: string; seq: number; own: boolean }>();
  for (const { source, rows } of walks) {
    for (const row of rows) {
      const seq = row.key[1];
      if (seq > cap) break;
      const own = !source.lost && device !== undefined && row.value === device;
      const entry = byId.get(row.id);
      if (!entry) byId.set(row.id, { id: row.id, seq, own });
      else {
        entry.seq = Math.max(entry.seq, seq);
        entry.own &&= own;
      }
    }
  }
  const merged = [...byId.values()].sort((a, b) => a.seq - b.seq);

  const chosen: { id: string; seq: number }[] = [];
  const own: { id: string; seq: number }[] = [];
  let end: number | undefined;
  for (const entry of merged) {
    if (chosen.length === limit) break;
    end = entry.seq;
    (entry.own ? own : chosen).push(entry);
  }
  if (chosen.length < limit && own.length > 0 && (windowFull || chosen.length === 0)) {
    chosen.push(...own.slice(-(windowFull ? limit - chosen.length : 1)));
    chosen.sort((a, b) => a.seq - b.seq);
  }

  const included = new Map<string, Stored>();
  if (withDocs) for (const { rows } of walks) for (const row of rows) if (row.doc) included.set(row.id, row.doc as Stored);
  const documents = await documentsFor(rules, keys, chosen.map((entry) => entry.id), included);
  const heldAt: Record<string, number> = {};
  const lost: Record<string, number> = {};
  let lostDone = false;
  for (const { source, full, last } of walks) {
    const at = end === undefined ? source.from : Math.max(source.from, end);
    if (!source.lost) heldAt[source.key] = at;
    // A lost key's walk is done once it read to its end with nothing unsettled above.
    else if (floor === undefined && !full && (last ?? -1) <= at) lostDone = true;
    else lost[source.key] = at;
  }
  // Unmoved (nothing read), the old checkpoint stays: a changed set of keys is derived from it again next time.
  const moved = end !== undefined && sources.some((source) => end > source.from);
  return { documents, checkpoint: moved || lostDone ? encodeCheckpoint({ keys: heldAt, lost }, ownKey) : (checkpointText as string | undefined) || null };
}

async function readWindow<Stored>(db: nano.DocumentScope<Stored>, source: Source, window: number, includeDocs: boolean): Promise<ViewRow[]> {
  const result = await db.view<string | null>(REACH_VIEW.ddoc, REACH_VIEW.name, {
    ...(includeDocs ? { include_docs: true } : {}),
    // Sequences are integers, so `from + 1` is "after the checkpoint".
    startkey: [source.key, source.from + 1],
    endkey: [source.key, Number.MAX_SAFE_INTEGER],
    limit: window,
  });
  return result.rows as unknown as ViewRow[];
}

/**
 * The documents with these ids, in this order, each as the account may have it now: its content if
 * one of the account's keys reads it, else a tombstone. A document written since its view row was
 * read comes in its newer state: also fine, and its new sequence brings it once more with the next pull.
 */
async function documentsFor<Stored extends SyncedStoredDoc, Wire>(rules: PullRules<Stored, Wire>, keys: readonly string[],
  ids: string[], included: Map<string, Stored>): Promise<Wire[]> {
  if (ids.length === 0) return [];
  const missing = ids.filter((id) => !included.has(id));
  const fetched = missing.length === 0 ? [] : (await rules.db.fetch({ keys: missing })).rows;
  for (const row of fetched) if ('doc' in row && row.doc) included.set(row.id, row.doc as Stored);
  return ids.flatMap((id) => {
    const doc = included.get(id);
    if (doc?.type !== rules.type) return [];
    return [keysMayRead(keys, doc.readers ?? []) ? rules.toWire(doc) : rules.tombstone(doc)];
  });
}
