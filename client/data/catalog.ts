/**
 * The permit catalog on the device: fetched from the server when online and kept in the account's
 * local database, so forms open offline. Every version received is kept: a draft is always shown
 * with the fields of the version it was started under, which is also what the server checks it against.
 */
import type { PermitCatalog } from '../../common/catalog.js';
import { apiRequest } from './api.js';
import type { CatalogCollection } from './database.js';

export class CatalogUnavailableError extends Error {}

const catalogId = (version: number): string => `v${String(version).padStart(7, '0')}`;

export async function loadCatalog(catalogs: CatalogCollection): Promise<PermitCatalog> {
  try {
    const catalog = await apiRequest<PermitCatalog>('/catalog', { timeoutMs: 8000 });
    await catalogs.upsert({ id: catalogId(catalog.version), version: catalog.version, catalog });
    return catalog;
  } catch {
    const newest = await catalogs.findOne({ selector: {}, sort: [{ version: 'desc' }] }).exec();
    if (!newest) throw new CatalogUnavailableError('no catalog on this device');
    return newest.toJSON().catalog as PermitCatalog;
  }
}

/** A given catalog version: from this device if it has it, else from the server (then kept). */
export async function catalogAt(catalogs: CatalogCollection, version: number): Promise<PermitCatalog | undefined> {
  const kept = await catalogs.findOne(catalogId(version)).exec();
  if (kept) return kept.toJSON().catalog as PermitCatalog;
  try {
    const catalog = await apiRequest<PermitCatalog>(`/catalog/${version}`, { timeoutMs: 8000 });
    await catalogs.upsert({ id: catalogId(catalog.version), version: catalog.version, catalog });
    return catalog;
  } catch {
    return undefined;
  }
}
