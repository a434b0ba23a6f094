/**
 * Demo data loaded on start (unless DEMO_DATA=0): the demo catalog and demo accounts. Idempotent:
 * a restart finds them and changes nothing.
 */
import { demoCatalog } from '../common/demo-catalog.js';
import type { Role } from '../common/sync-protocol.js';
import type { CatalogService } from './catalog-service.js';
import type { Store } from './store.js';
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
  await catalogs.publish(demoCatalog);
  for (const user of DEMO_USERS) await ensureUser(store, { ...user, password: DEMO_PASSWORD });
}
