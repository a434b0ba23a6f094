/**
 * Data loaded on start. Always (demo or not): the standard catalog's agencies and, on a store that
 * has no catalog, the standard catalog itself (loadStandardData). With demo data (unless
 * DEMO_DATA=0): the demo catalog's newest version and demo accounts for every role. Idempotent: a
 * restart finds them and changes nothing.
 */
import { demoCatalog } from '../common/demo-catalog.js';
import { sameValue } from '../common/merge.js';
import { STANDARD_AGENCIES, standardCatalog } from '../common/standard-catalog.js';
import type { Role } from '../common/sync-protocol.js';
import { ensureAgencies } from './admin/agencies.js';
import type { CatalogService } from './catalog-service.js';
import { getIfExists, isStatus, type Store } from './store.js';
import { ensureUser, updateUser } from './users.js';

export const DEMO_PASSWORD = 'demo12345';

export interface DemoUser {
  username: string;
  displayName: string;
  role: Role;
  agencyId?: string;
  boothId?: string;
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'pemohon1', displayName: 'Siti Rahayu', role: 'applicant' },
  { username: 'pemohon2', displayName: 'Budi Santoso', role: 'applicant' },
  { username: 'petugas1', displayName: 'Dewi Lestari (MPS)', role: 'booth-staff', boothId: 'mps-01' },
  { username: 'loket1', displayName: 'Agus Prasetyo (loket)', role: 'front-office' },
  { username: 'pupr1', displayName: 'Hendra Wijaya (Dinas PUPR)', role: 'agency-reviewer', agencyId: 'dinas-pupr' },
  { username: 'bapenda1', displayName: 'Maya Sari (Bapenda)', role: 'agency-reviewer', agencyId: 'bapenda' },
  { username: 'dinkes1', displayName: 'dr. Rudi Hartono (Dinas Kesehatan)', role: 'agency-reviewer', agencyId: 'dinas-kesehatan' },
  { username: 'dagang1', displayName: 'Lina Marlina (Dinas Perdagangan)', role: 'agency-reviewer', agencyId: 'dinas-perdagangan' },
  { username: 'inspector1', displayName: 'Yusuf Hidayat (pemeriksa lapangan)', role: 'inspector', agencyId: 'dinas-pupr' },
  { username: 'admin1', displayName: 'Rina Wulandari (admin)', role: 'admin' },
];

/** The agencies the standard catalog names, and that catalog where none is published yet (a real deployment's first start). */
export async function loadStandardData(store: Store, catalogs: CatalogService): Promise<void> {
  await ensureAgencies(store, STANDARD_AGENCIES);
  if (!(await catalogs.latest())) await catalogs.publish(standardCatalog);
}

/** After loadStandardData. */
export async function loadDemoData(store: Store, catalogs: CatalogService): Promise<void> {
  await publishDemoCatalog(store, catalogs);
  for (const demo of DEMO_USERS) {
    const user = await ensureUser(store, { ...demo, password: DEMO_PASSWORD });
    // A demo account made before agencies and booths were data gets its own once.
    const missing = (demo.agencyId && !user.agencyId) || (demo.boothId && !user.boothId);
    if (missing) {
      await updateUser(store, demo.username, (stored) => ({
        ...stored, ...(demo.agencyId && !stored.agencyId ? { agencyId: demo.agencyId } : {}), ...(demo.boothId && !stored.boothId ? { boothId: demo.boothId } : {}),
      }));
    }
  }
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
