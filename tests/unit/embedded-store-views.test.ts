/**
 * The embedded store's fast view path (sync-server/embedded-store-views.ts) must give exactly the
 * rows PouchDB's own per-document vm program gives, and must really be the path taken.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { after, describe, it } from 'node:test';
import { installFastViews } from '../../sync-server/embedded-store-views.js';
import { REACH_DESIGN_DOC, REACH_VIEW } from '../../sync-server/store.js';

const require = createRequire(import.meta.url);

interface ViewRow { id: string; key: unknown; value: unknown }
interface QueryablePouch {
  put(doc: object): Promise<unknown>;
  bulkDocs(docs: object[]): Promise<unknown>;
  query(view: string, options: object): Promise<{ rows: ViewRow[] }>;
  destroy(): Promise<unknown>;
}
// pouchdb ships no types we rely on here: a database with put, bulkDocs and query is all we use.
const PouchDB = require('pouchdb') as new (name: string) => QueryablePouch;

const docs = [
  { _id: 'a', serverSeq: 1, readers: ['user:u1', 'role:front-office'], writerDevice: 'dev-1', answers: { name: 'Toko "Maju" \\ </script>' } },
  { _id: 'b', serverSeq: 2, readers: ['agency:x'], formerReaders: ['agency:y'] },
  { _id: 'c', serverSeq: 3 },
  { _id: 'd', type: 'no-sequence' },
];
/** What the map source in store.ts says for these documents, sorted as a view sorts. */
const expected: ViewRow[] = [
  { id: 'c', key: ['', 3], value: null },
  { id: 'b', key: ['agency:x', 2], value: null },
  { id: 'b', key: ['agency:y', 2], value: 'gone' },
  { id: 'a', key: ['role:front-office', 1], value: 'dev-1' },
  { id: 'a', key: ['user:u1', 1], value: 'dev-1' },
];

describe('embedded store views', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ptsp-views-'));
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('gives the rows the map source says, through the compiled function and not a new vm context per document', async () => {
    const original = vm.runInNewContext;
    let slowMapPrograms = 0;
    // Stands in for the original before the fast path is installed: every program that falls back reaches it.
    (vm as { runInNewContext: unknown }).runInNewContext = (code: string, ...rest: unknown[]) => {
      if (typeof code === 'string' && code.includes('__emitteds__')) slowMapPrograms += 1;
      return (original as (code: string, ...rest: unknown[]) => unknown)(code, ...rest);
    };
    try {
      installFastViews(Object.values(REACH_DESIGN_DOC.views).map((view) => view.map));
      const db = new PouchDB(path.join(folder, 'views'));
      await db.put(REACH_DESIGN_DOC);
      await db.bulkDocs(docs);
      const { rows } = await db.query(`${REACH_VIEW.ddoc}/${REACH_VIEW.name}`, {});
      assert.deepEqual(rows.map(({ id, key, value }) => ({ id, key, value })), expected, 'the reach rows');
      assert.equal(slowMapPrograms, 0, 'no map call went to a new vm context');
      await db.destroy();
    } finally {
      (vm as { runInNewContext: unknown }).runInNewContext = original;
    }
  });
});
