/**
 * Demo data loaded on start (unless DEMO_DATA=0): the demo catalog and demo accounts. Idempotent:
 * a restart finds them and changes nothing.
 */
import { demoCatalog } from '../common/demo-catalog.js';
import { sameValue } from '../common/merge.js';
import type { Role } from '../common/sync-protocol.js';
import type { CatalogService } from './catalog-service.js';
import { getIfExists, isStatus, type Store } from './store.js';
import { ensureUser } from './users.js';

export const DEMO_PASSWORD = 'demo12345';

export const DEMO_USERS: { username: string; displayName: string; role: Role }[] = [
  { username: 'pemohon1', displayName: 'Siti Rahayu', role: 'applicant' },
  { username: 'pemohon2', displayName: 'Budi Santoso', role: 'applicant' },
  { username: 'petugas1', displayName: 'Dewi Lestari (MPS)', role: 'booth-staff' },
  { username: 'loket1', displayName: 'Agus Prasetyo (loket)', role: 'front-office' },
  { username: 'admin1', displayName: 'Rina Wulandari (admin)', role: 'admin' },
];

export async function loadDemoData(store: Store, catalogs: CatalogService): Promise<void> {
  await publishDemoCatalog(store, catalogs);
  for (const user of DEMO_USERS) await ensureUser(store, { ...user, password: DEMO_PASSWORD });
}

/**
 * Each demo catalog version goes in once. Where its version number is already taken by other
 * content (an administrator's edit, or a test that published the next version), it is published
 * as the next version instead, so a new demo version always reaches the forms; drafts keep the
 * version they were started under either way. A marker remembers that it went in, so a restart
 * never publishes it over a later administrator's version.
 */
async function publishDemoCatalog(store: Store, catalogs: CatalogService): Promise<void> {
  const marker = `demo-catalog:${demoCatalog.version}`;
  if (await getIfExists(store.meta, marker)) return;
  const taken = await catalogs.version(demoCatalog.version);
  let version = demoCatalog.version;
  if (taken && !sameValue(taken, demoCatalog)) version = ((await catalogs.latest())?.version ?? 0) + 1;
  await catalogs.publish({ ...demoCatalog, version });
  try {
    await store.meta.insert({ _id: marker, version });
  } catch (error) {
    if (!isStatus(error, 409)) throw error;
  }
}
