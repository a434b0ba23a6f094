/**
 * The local-data bench page: the app's own data layer on IndexedDB, no server. Measures what a
 * person feels while typing (keystroke → IndexedDB → the query that shows it) and how the drafts
 * list scales with the number of drafts on the device.
 */
import { firstValueFrom, filter } from 'rxjs';
import type { ApplicationDoc } from '../../common/application-schema.js';
import { draftProblems } from '../../common/answer-validation.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { Workspace } from '../../client/data/workspace.js';
import { toLocal, type ApplicationCollection } from '../../client/data/database.js';

export interface LocalBenchApi {
  seed(drafts: number): Promise<{ userId: string; seedMs: number }>;
  draftsPage(userId: string, runs: number): Promise<{ first20Ms: number[]; appListMs: number[] }>;
  autosave(userId: string, keystrokes: number): Promise<number[]>;
  rawPut(keystrokes: number): Promise<number[]>;
}

const siup = demoCatalog.permitTypes.find((type) => type.id === 'siup')!;
const filler = 'Sembako, alat tulis kantor, kebutuhan rumah tangga dan barang kelontong lain. ';

/** Bracket access to Workspace's private collection: the bench counts and queries it directly. */
const collectionOf = (workspace: Workspace): ApplicationCollection => workspace['local'].applications;
const profile = (userId: string): UserProfile => ({ userId, username: userId, displayName: 'Bench', role: 'applicant' });

const api: LocalBenchApi = {
  async seed(drafts) {
    const userId = `bench-${crypto.randomUUID()}`;
    const workspace = await Workspace.open(profile(userId), { sync: false });
    const started = performance.now();
    const now = Date.now();
    for (let from = 0; from < drafts; from += 2000) {
      const batch: ApplicationDoc[] = [];
      for (let index = from; index < Math.min(drafts, from + 2000); index++) {
        batch.push({
          id: `draft-${index.toString().padStart(7, '0')}-${userId.slice(6, 14)}`,
          ownerId: userId, permitTypeId: 'siup', catalogVersion: demoCatalog.version, status: 'draft',
          answers: { companyName: `CV Bench ${index}`, applicantName: 'Siti Rahayu', mainGoods: filler.repeat(4) },
          createdAt: new Date(now - index * 1000).toISOString(), updatedAt: now - index * 1000,
        });
      }
      if (from === 0) {
        // All drafts share these answers: a catalog change that makes them unstorable stops the bench here.
        const problems = draftProblems(siup, batch[0]!.answers);
        if (problems.length > 0) throw new Error(`bench drafts fail the catalog's draft checks: ${problems.map((problem) => `${problem.fieldId} ${problem.code}`).join(', ')}`);
      }
      await collectionOf(workspace).bulkInsert(batch.map(toLocal));
    }
    const seedMs = performance.now() - started;
    await workspace.close();
    return { userId, seedMs };
  },

  async draftsPage(userId, runs) {
    const first20Ms: number[] = [];
    const appListMs: number[] = [];
    for (let run = 0; run < runs; run++) {
      // A freshly opened database each run: RxDB's query cache would otherwise answer the repeat.
      let workspace = await Workspace.open(profile(userId), { sync: false });
      let started = performance.now();
      // The newest 20 through the `recency` index (what the drafts screen's first page asks).
      await firstValueFrom(workspace.drafts$(20));
      first20Ms.push(performance.now() - started);
      await workspace.close();
      workspace = await Workspace.open(profile(userId), { sync: false });
      started = performance.now();
      // The drafts screen's first page (50), as the app subscribes to it.
      await firstValueFrom(workspace.drafts$(50));
      appListMs.push(performance.now() - started);
      await workspace.close();
    }
    return { first20Ms, appListMs };
  },

  async autosave(userId, keystrokes) {
    const workspace = await Workspace.open(profile(userId), { sync: false });
    const id = await workspace.createDraft(siup, demoCatalog.version);
    const latencies: number[] = [];
    let typed = '';
    for (let key = 0; key < keystrokes; key++) {
      typed += 'abcdefghij'[key % 10];
      const expected = typed;
      const started = performance.now();
      const shown = firstValueFrom(workspace.draft$(id).pipe(filter((draft) => draft?.answers.companyName === expected)));
      await workspace.saveAnswer(id, 'companyName', expected.slice(0, 120));
      await shown;
      latencies.push(performance.now() - started);
      if (typed.length >= 120) typed = '';
    }
    await workspace.close();
    return latencies;
  },

  async rawPut(keystrokes) {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(`raw-put-${crypto.randomUUID()}`, 1);
      request.onupgradeneeded = () => request.result.createObjectStore('drafts', { keyPath: 'id' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const latencies: number[] = [];
    for (let key = 0; key < keystrokes; key++) {
      const started = performance.now();
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction('drafts', 'readwrite');
        transaction.objectStore('drafts').put({ id: 'draft', answers: { companyName: 'x'.repeat(key % 120) }, updatedAt: Date.now() });
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
      latencies.push(performance.now() - started);
    }
    db.close();
    return latencies;
  },
};

(window as unknown as { localBench?: LocalBenchApi }).localBench = api;
