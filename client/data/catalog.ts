/**
 * The permit catalog on the device: fetched from the server when online, kept as a device setting
 * so forms open offline. Every version loaded is kept under its number, for drafts started under an
 * older version (the form does not use them yet).
 */
import { get, set } from 'idb-keyval';
import type { PermitCatalog } from '../../common/catalog.js';
import { apiRequest } from './api.js';

const LATEST = 'catalog-latest-version';
const versionKey = (version: number): string => `catalog-v${version}`;

export class CatalogUnavailableError extends Error {}

export async function loadCatalog(): Promise<PermitCatalog> {
  try {
    const catalog = await apiRequest<PermitCatalog>('/catalog', { timeoutMs: 8000 });
    await set(versionKey(catalog.version), catalog);
    await set(LATEST, catalog.version);
    return catalog;
  } catch {
    const latest = await get<number>(LATEST);
    const cached = latest === undefined ? undefined : await get<PermitCatalog>(versionKey(latest));
    if (!cached) throw new CatalogUnavailableError('no catalog on this device');
    return cached;
  }
}

