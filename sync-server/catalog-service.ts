/**
 * Published permit catalogs. Each version is an immutable document `catalog:<version>` in the meta
 * database: a draft started under version 3 is validated against version 3, even after 4 is out.
 */
import type { PermitCatalog } from '../common/catalog.js';
import type { ApiProblem, UserProfile } from '../common/sync-protocol.js';
import { listAgencies } from './admin/agencies.js';
import { recordAudit } from './audit.js';
import { ApiError, invalidInput } from './http-errors.js';
import { isStatus, type Store } from './store.js';
import { capProblems, catalogProblems, PROTOTYPE_NAMES } from './validation.js';

/**
 * An id that names Object.prototype's machinery (`toString`, `constructor`, ...): answers and
 * documents are objects keyed by these ids, where such a key would find the inherited function.
 */
function prototypeNameProblem(path: string, id: string): ApiProblem | undefined {
  return PROTOTYPE_NAMES.includes(id) ? { path, message: {
    id: `id "${id}" tidak boleh dipakai (nama bawaan JavaScript); pilih id lain`,
    en: `the id "${id}" cannot be used (a built-in JavaScript name); choose another id`,
  } } : undefined;
}

/** Rules JSON Schema cannot say: unique ids, ids that are not built-in names, and conditions that point at an earlier field. */
function consistencyProblems(catalog: PermitCatalog): ApiProblem[] {
  const problems: ApiProblem[] = [];
  const refuseBuiltIn = (path: string, id: string): void => {
    const found = prototypeNameProblem(path, id);
    if (found) problems.push(found);
  };
  const seenTypes = new Set<string>();
  const seenCodes = new Set<string>();
  catalog.permitTypes.forEach((type, typeIndex) => {
    const at = `/permitTypes/${typeIndex}`;
    if (seenTypes.has(type.id)) problems.push({ path: `${at}/id`, message: { id: `id jenis izin "${type.id}" berulang`, en: `permit type id "${type.id}" repeats` } });
    if (seenCodes.has(type.code)) problems.push({ path: `${at}/code`, message: { id: `kode "${type.code}" berulang`, en: `code "${type.code}" repeats` } });
    seenTypes.add(type.id);
    refuseBuiltIn(`${at}/id`, type.id);
    seenCodes.add(type.code);
    const earlier = new Map<string, (typeof type.fields)[number]>();
    type.fields.forEach((field, fieldIndex) => {
      refuseBuiltIn(`${at}/fields/${fieldIndex}/id`, field.id);
      field.fields?.forEach((sub, subIndex) => refuseBuiltIn(`${at}/fields/${fieldIndex}/fields/${subIndex}/id`, sub.id));
      if (earlier.has(field.id)) problems.push({ path: `${at}/fields/${fieldIndex}/id`, message: { id: `isian "${field.id}" berulang`, en: `field "${field.id}" repeats` } });
      const source = field.visibleWhen ? earlier.get(field.visibleWhen.fieldId) : undefined;
      if (field.visibleWhen && !source) {
        problems.push({ path: `${at}/fields/${fieldIndex}/visibleWhen`, message: {
          id: `syarat tampil merujuk isian "${field.visibleWhen.fieldId}" yang tidak ada sebelumnya`,
          en: `the condition refers to "${field.visibleWhen.fieldId}", which is not an earlier field` } });
      }
      earlier.set(field.id, field);
    });
    const requirementIds = new Set<string>();
    type.requirements.forEach((requirement, index) => {
      if (requirementIds.has(requirement.id)) {
        problems.push({ path: `${at}/requirements/${index}/id`, message: { id: `dokumen "${requirement.id}" berulang`, en: `document "${requirement.id}" repeats` } });
      }
      requirementIds.add(requirement.id);
      refuseBuiltIn(`${at}/requirements/${index}/id`, requirement.id);
    });
  });
  return problems;
}

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

  /**
   * An administrator publishes the next catalog version. Earlier versions stay as they are: drafts
   * started under them keep their forms.
   */
  async publishByAdmin(user: UserProfile, body: unknown): Promise<PermitCatalog> {
    if (user.role !== 'admin') {
      throw new ApiError(403, 'forbidden', 'Hanya administrator yang dapat menerbitkan katalog izin.', 'Only administrators can publish the permit catalog.');
    }
    const structural = catalogProblems(body);
    if (structural.length > 0) throw invalidInput(structural);
    const catalog = body as PermitCatalog;
    const consistency = [...consistencyProblems(catalog), ...await this.agencyProblems(catalog)];
    if (consistency.length > 0) throw invalidInput(capProblems(consistency));
    this.current = undefined;
    const latest = await this.latest();
    const expected = (latest?.version ?? 0) + 1;
    if (catalog.version !== expected) {
      throw new ApiError(409, 'catalog-version', `Versi katalog berikutnya harus ${expected}.`, `The next catalog version must be ${expected}.`,
        [{ path: '/version', message: { id: `harus ${expected}`, en: `must be ${expected}` } }]);
    }
    try {
      await this.store.meta.insert({ _id: docId(catalog.version), catalog });
    } catch (error) {
      if (isStatus(error, 409)) {
        throw new ApiError(409, 'catalog-version', `Versi ${catalog.version} baru saja diterbitkan orang lain.`, `Version ${catalog.version} was just published by someone else.`);
      }
      throw error;
    }
    this.current = undefined;
    await recordAudit(this.store, [{ actor: user.userId, action: 'catalog.publish', target: docId(catalog.version),
      details: { version: catalog.version, permitTypes: catalog.permitTypes.length } }]);
    return catalog;
  }

  /**
   * A new version names, for every permit type, the agencies that review it, each a known and
   * active one: an accepted application is routed to them. (Versions published before agencies
   * were data have none; drafts started under them keep their version.)
   */
  private async agencyProblems(catalog: PermitCatalog): Promise<ApiProblem[]> {
    const active = new Set((await listAgencies(this.store)).filter((agency) => agency.active).map((agency) => agency.id));
    const problems: ApiProblem[] = [];
    catalog.permitTypes.forEach((type, index) => {
      const path = `/permitTypes/${index}/reviewAgencyIds`;
      if (!type.reviewAgencyIds) {
        problems.push({ path, message: { id: `jenis izin "${type.id}" belum menunjuk instansi peninjau`, en: `the permit type "${type.id}" names no reviewing agency` } });
        return;
      }
      for (const id of type.reviewAgencyIds) {
        if (!active.has(id)) problems.push({ path, message: { id: `instansi "${id}" tidak ada atau tidak aktif`, en: `the agency "${id}" does not exist or is not active` } });
      }
    });
    return problems;
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
