/**
 * Helpers shared by the bench pages (browser code, bundled by esbuild into each page).
 */
import type { IdbWriteResult, RequestTiming } from './api.js';

/** Rejects when `work` takes longer than `ms`: a stuck replication must end the bench, not hang it. */
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The default buffer holds 250 entries; PouchDB alone makes ~500 requests for 10k documents. */
export function resetResourceTimings(): void {
  performance.setResourceTimingBufferSize(100_000);
  performance.clearResourceTimings();
}

export function requestsMatching(fragment: string, since = 0): RequestTiming[] {
  return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
    .filter((entry) => entry.name.includes(fragment) && entry.startTime >= since)
    .map((entry) => ({
      url: entry.name.replace(location.origin, ''),
      startMs: Math.round(entry.startTime),
      durationMs: Math.round(entry.duration),
      transferBytes: entry.transferSize,
    }));
}

export const nowEpochMs = (): number => performance.timeOrigin + performance.now();

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/** The raw limit's browser half: fetched first (untimed), then one readwrite transaction (timed). */
export async function rawIdbWrite(allDocsUrl: string): Promise<IdbWriteResult> {
  const response = await fetch(allDocsUrl);
  if (!response.ok) throw new Error(`${allDocsUrl} answered ${response.status}`);
  const body = (await response.json()) as { rows: { doc?: { _id: string } }[] };
  const docs = body.rows.flatMap((row) => (row.doc ? [row.doc] : []));

  const open = indexedDB.open(`bench-raw-${crypto.randomUUID()}`, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('docs', { keyPath: '_id' });
  const db = await request(open);
  try {
    const started = performance.now();
    const transaction = db.transaction('docs', 'readwrite');
    const done = new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
      transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
    });
    const store = transaction.objectStore('docs');
    for (const doc of docs) store.put(doc);
    await done;
    const writeMs = performance.now() - started;
    const count = await request(db.transaction('docs').objectStore('docs').count());
    return { docs: count, writeMs };
  } finally {
    db.close();
  }
}
