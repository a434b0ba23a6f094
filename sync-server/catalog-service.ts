/**
 * Published permit catalogs. Each version is an immutable document `catalog:<version>` in the meta
 * database: a draft started under version 3 is validated against version 3, even after 4 is out.
 */
import type { PermitCatalog } from '../common/catalog.js';
import { isStatus, type Store } from './store.js';

const docId = (version: number): string => `catalog:${String(version).padStart(6, '0')}`;
const CURRENT_TTL_MS = 30_000;

export class CatalogService {
  private readonly versions = new Map<number, PermitCatalog>();
  private current: { catalog: PermitCatalog; readAt: number } | undefined;

  constructor(private readonly store: Store) {}

  /** Publishes a catalog version unless it is already there. */
  async publish(catalog: PermitCatalog): Promise<void> {
    try {
      await this.store.meta.insert({ _id: docId(catalog.version), catalog });
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
    this.current = undefined;
  }

  async latest(): Promise<PermitCatalog | undefined> {
    if (this.current && Date.now() - this.current.readAt < CURRENT_TTL_MS) return this.current.catalog;
    const list = await this.store.meta.list({
      startkey: 'catalog:\ufff0', endkey: 'catalog:', descending: true, limit: 1, include_docs: true,
    });
    const catalog = list.rows[0]?.doc?.catalog as PermitCatalog | undefined;
    if (catalog) {
      this.current = { catalog, readAt: Date.now() };
      this.versions.set(catalog.version, catalog);
    }
    return catalog;
  }

  async version(version: number): Promise<PermitCatalog | undefined> {
    const cached = this.versions.get(version);
    if (cached) return cached;
    try {
      const doc = await this.store.meta.get(docId(version));
      const catalog = doc.catalog as PermitCatalog;
      this.versions.set(version, catalog);
      return catalog;
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
