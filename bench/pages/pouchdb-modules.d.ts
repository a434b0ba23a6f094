/**
 * The little of PouchDB 9 the baseline page uses, typed here on purpose: @types/pouchdb-core
 * declares a global `interface Buffer` that merges with Node's and breaks the type checking of the
 * whole project (sync-server's crypto calls). Importing the packages' ES builds by path keeps those
 * typings out; esbuild bundles the same code as `pouchdb-browser` / `pouchdb-adapter-idb`.
 */
declare module 'pouchdb-browser/lib/index.es.js' {
  interface ReplicationResult {
    ok: boolean;
    docs_read: number;
    docs_written: number;
  }
  /** A replication is an event emitter that is also a promise of its result. */
  interface Replication extends PromiseLike<ReplicationResult> {
    cancel(): void;
  }
  interface BulkDocsRow {
    ok?: boolean;
    id?: string;
    error?: string | boolean;
    reason?: string;
  }
  interface Database {
    info(): Promise<{ doc_count: number; update_seq: number | string }>;
    bulkDocs(docs: object[]): Promise<BulkDocsRow[]>;
    close(): Promise<void>;
    replicate: {
      from(source: Database | string, options?: object): Replication;
      to(target: Database | string, options?: object): Replication;
    };
  }
  interface PouchStatic {
    new (name: string, options?: { adapter?: string; skip_setup?: boolean }): Database;
    plugin(plugin: (pouch: PouchStatic) => void): PouchStatic;
  }
  const PouchDB: PouchStatic;
  export default PouchDB;
}

declare module 'pouchdb-adapter-idb/lib/index.es.js' {
  const idbAdapter: (pouch: object) => void;
  export default idbAdapter;
}
