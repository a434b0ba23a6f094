/**
 * What the bench pages expose on `window` for bench/run.ts to call through Playwright. Types only:
 * run.ts and the pages share them, no code crosses.
 */
import type { ApplicationDoc } from '../../common/application-schema.js';

/** One HTTP request as the page's Resource Timing saw it. */
export interface RequestTiming {
  url: string;
  startMs: number;
  durationMs: number;
  /** Bytes over the wire (headers + body) as Chromium reports them. */
  transferBytes: number;
}

export interface IdbWriteResult {
  docs: number;
  /** One readwrite transaction, from its creation to `complete`. */
  writeMs: number;
}

export interface OursPullResult {
  /** False when awaitInSync() resolved but the expected documents never all arrived. */
  complete: boolean;
  loginMs: number;
  /** Workspace.open(user) until awaitInSync() resolved. */
  inSyncMs: number;
  /** Until the local collection was seen holding the expected count (≥ inSyncMs), or gave up. */
  totalMs: number;
  localCount: number;
  pullRequests: RequestTiming[];
  /** Every request to /api during the timed window (pull, push, stream). */
  apiRequests: number;
}

export interface OursPushResult {
  loginMs: number;
  /** performance.now() when Workspace.open(user) was called, to place the request timings. */
  openedAtMs: number;
  /** Wall clock (epoch ms) when Workspace.open(user) was called and when awaitInSync() resolved. */
  startEpochMs: number;
  inSyncEpochMs: number;
  pushRequests: RequestTiming[];
  pullRequests: RequestTiming[];
}

export interface OursBenchApi {
  /** Signs in, opens the Workspace and waits for awaitInSync(), then up to `graceMs` for `expected` documents. */
  pull(username: string, password: string, expected: number, timeoutMs: number, graceMs: number): Promise<OursPullResult>;
  /** Puts drafts into the account's local database with no sync (as if typed offline). */
  seedLocalDrafts(userId: string, drafts: ApplicationDoc[]): Promise<number>;
  push(username: string, password: string, timeoutMs: number): Promise<OursPushResult>;
  /** Stops replication and closes the local database of the last measurement. */
  closeWorkspace(): Promise<void>;
}

export interface PouchReplicationResult {
  ms: number;
  docsWritten: number;
  /** Documents in the target database afterwards (local for a pull, the remote for a push). */
  targetCount: number;
  /** Resource Timing entries whose URL goes to the store through the proxy. */
  requests: number;
}

export interface PouchBenchApi {
  /**
   * Fetches `_all_docs?include_docs=true` from `allDocsUrl` (same origin, not timed), then writes the
   * documents into a fresh object store in one IndexedDB transaction (timed).
   */
  rawIdbWrite(allDocsUrl: string): Promise<IdbWriteResult>;
  pull(remoteUrl: string, timeoutMs: number): Promise<PouchReplicationResult>;
  /** Writes docs into a fresh local PouchDB (untimed), then times replicate.to(remoteUrl). */
  push(remoteUrl: string, docs: object[], timeoutMs: number): Promise<PouchReplicationResult>;
}

export interface BenchWindow {
  oursBench?: OursBenchApi;
  pouchBench?: PouchBenchApi;
}
