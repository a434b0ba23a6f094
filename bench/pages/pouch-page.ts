/**
 * The baselines' bench page, served by bench/proxy.ts next to `/couch/*` (the store, proxied, so
 * no CORS is needed): PouchDB 9 native replication into IndexedDB (`idb` adapter) and the raw
 * IndexedDB write of the raw limit.
 */
// By path, not by package name: see pouchdb-modules.d.ts for why.
import PouchDB from 'pouchdb-browser/lib/index.es.js';
import idbAdapter from 'pouchdb-adapter-idb/lib/index.es.js';
import type { BenchWindow, PouchBenchApi } from './api.js';
import { rawIdbWrite, requestsMatching, resetResourceTimings, withTimeout } from './common.js';

// pouchdb-browser registers `idb` already; the plugin makes the adapter choice explicit.
PouchDB.plugin(idbAdapter);

const STORE_PATH = '/couch/';

const api: PouchBenchApi = {
  rawIdbWrite,

  async pull(remoteUrl, timeoutMs) {
    resetResourceTimings();
    const local = new PouchDB(`bench-pull-${crypto.randomUUID()}`, { adapter: 'idb' });
    const remote = new PouchDB(remoteUrl, { skip_setup: true });
    try {
      const started = performance.now();
      const result = await withTimeout(Promise.resolve(local.replicate.from(remote)), timeoutMs, 'PouchDB replicate.from');
      const ms = performance.now() - started;
      const requests = requestsMatching(STORE_PATH, started).length;
      const info = await local.info();
      return { ms, docsWritten: result.docs_written, targetCount: info.doc_count, requests };
    } finally {
      await local.close();
      await remote.close();
    }
  },

  async push(remoteUrl, docs, timeoutMs) {
    resetResourceTimings();
    const local = new PouchDB(`bench-push-${crypto.randomUUID()}`, { adapter: 'idb' });
    const remote = new PouchDB(remoteUrl, { skip_setup: true });
    try {
      const written = await local.bulkDocs(docs);
      const refused = written.filter((row) => row.error);
      if (refused.length > 0) throw new Error(`local bulkDocs refused ${refused.length} documents`);
      const started = performance.now();
      const result = await withTimeout(Promise.resolve(local.replicate.to(remote)), timeoutMs, 'PouchDB replicate.to');
      const ms = performance.now() - started;
      const requests = requestsMatching(STORE_PATH, started).length;
      const info = await remote.info();
      return { ms, docsWritten: result.docs_written, targetCount: info.doc_count, requests };
    } finally {
      await local.close();
      await remote.close();
    }
  },
};

(window as unknown as BenchWindow).pouchBench = api;
