/**
 * One local RxDB database per signed-in account, on IndexedDB through Dexie, so a booth laptop
 * shared by several staff never mixes their data.
 */
import { addRxPlugin, createRxDatabase, type MigrationStrategies, type RxCollection, type RxDatabase } from 'rxdb/plugins/core';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { applicationSchema, type ApplicationDoc, type ApplicationWireDoc } from '../../common/application-schema.js';
import type { PermitCatalog } from '../../common/catalog.js';
import { officeActionSchema, type OfficeActionDoc } from '../../common/office-action-schema.js';
import { mergeApplication, sameApplicationState } from '../../common/merge.js';
import { QUEUE_INDEX_PROPERTIES, queueSince, searchTextOf, type QueueKey } from '../../common/workflow/work-queue.js';

/**
 * The application as this device keeps it: the wire document plus local index fields that never
 * leave the device (replication.ts removes them before pushing and adds them to what it pulls).
 *
 * `recency`: RxDB's Dexie storage reads every document to answer `sort: updatedAt desc` (7.3 s
 * for the newest 20 of 100k drafts), while an ascending sort walks the index (5 ms): `recency`
 * falls as `updatedAt` rises, so "newest first" is an ascending walk.
 */
export type LocalApplicationDoc = ApplicationDoc & LocalFields;

/**
 * The office queue's index fields (common/workflow/work-queue.ts's plan), computed from the
 * document alone, so they need no recompute when the account's role or agency or the holiday list
 * changes: `queueKey` is the queue the STATUS puts it in (who of the account's kind it waits for is
 * filtered on the page: office-queue.ts), `queueSince` and `searchText` as the plan says. `dueAt`
 * is left out: it needs the catalog's SLA and the server's holidays, so "overdue only" is computed
 * over the queue's index range instead.
 */
export interface LocalFields {
  recency: number;
  queueKey: QueueKey | '';
  queueSince: number;
  searchText: string;
}

/** The queue an application's status puts it in, whoever the account (see LocalFields). */
export function statusQueueOf(doc: Pick<ApplicationDoc, 'status'> & { _deleted?: boolean }): QueueKey | '' {
  if (doc._deleted) return '';
  switch (doc.status) {
    case 'submitted': return 'front-office';
    case 'in-review': return 'review';
    case 'returned':
    case 'needs-information': return 'applicant';
    default: return '';
  }
}

const RECENCY_ORIGIN = 10000000000000;

export const recencyOf = (updatedAt: number): number => RECENCY_ORIGIN - updatedAt;

/** The local form of an application (any local fields it carries are recomputed). */
export function toLocal<T extends ApplicationDoc>(doc: T): T & LocalFields {
  return {
    ...doc,
    recency: recencyOf(doc.updatedAt),
    queueKey: statusQueueOf(doc),
    queueSince: Math.max(0, Math.min(RECENCY_ORIGIN, queueSince(doc))),
    searchText: searchTextOf(doc),
  };
}

/** The wire form: without the local-only fields (the server's schema refuses unknown ones). */
export function toWireShape<T extends ApplicationDoc>(doc: T & Partial<LocalFields>): T {
  const { recency: _recency, queueKey: _queueKey, queueSince: _queueSince, searchText: _searchText, ...rest } = doc;
  return rest as unknown as T;
}

/**
 * The local schema's own steps, beyond the wire schema's versions: 1 = the queue index fields.
 * The local version is applicationSchema.version + this, so either change raises it.
 */
const LOCAL_APPLICATION_STEPS = 1;

export const localApplicationSchema = {
  ...applicationSchema,
  version: applicationSchema.version + LOCAL_APPLICATION_STEPS,
  properties: {
    ...applicationSchema.properties,
    recency: { type: 'integer', minimum: 0, maximum: RECENCY_ORIGIN, multipleOf: 1 },
    ...QUEUE_INDEX_PROPERTIES,
  },
  // Dexie indexes only required fields.
  required: [...applicationSchema.required, 'recency', 'queueKey', 'queueSince', 'searchText'],
  indexes: ['updatedAt', 'recency', ['queueKey', 'queueSince', 'id'], ['queueKey', 'permitTypeId', 'queueSince', 'id']],
} as const;

export type ApplicationCollection = RxCollection<LocalApplicationDoc>;

/** A published permit catalog as this device received it; never replicated, only fetched. */
export interface StoredCatalogDoc {
  /** `v` and the zero-padded version, so the newest sorts last. */
  id: string;
  version: number;
  catalog: PermitCatalog;
}

const catalogSchema = {
  title: 'permit catalog',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 20 },
    version: { type: 'integer', minimum: 1, maximum: 1000000, multipleOf: 1 },
    catalog: { type: 'object' },
  },
  required: ['id', 'version', 'catalog'],
  indexes: ['version'],
} as const;

export type CatalogCollection = RxCollection<StoredCatalogDoc>;

/** Office actions made on this device or received (their outcomes come back from the server). */
export type ActionCollection = RxCollection<OfficeActionDoc>;

export interface UserDatabase {
  database: RxDatabase;
  applications: ApplicationCollection;
  catalogs: CatalogCollection;
  actions: ActionCollection;
}

addRxPlugin(RxDBMigrationSchemaPlugin);

/**
 * RxDB refuses to open a collection whose schema changed without a version bump and a migration
 * strategy for every version. Our schema changes are additive only (tests/unit/schema-additive),
 * so a stored document of an older version is already valid under the newer one: each step keeps
 * it as it is. A non-additive change would need a real strategy here.
 */
export function additiveMigrations(version: number): MigrationStrategies {
  const strategies: MigrationStrategies = {};
  for (let step = 1; step <= version; step++) strategies[step] = (doc: unknown) => doc;
  return strategies;
}

/** Every step of the local applications' schema: the document as it is, its local fields recomputed. */
export function localMigrations(version: number): MigrationStrategies {
  const strategies: MigrationStrategies = {};
  for (let step = 1; step <= version; step++) strategies[step] = (doc: ApplicationDoc) => toLocal(doc);
  return strategies;
}

/**
 * How a conflict on an application is resolved, in the wire shape: the collection's conflict
 * handler uses it, and so does the push handler that tells the person what of theirs it left out
 * (replication.ts), so the two cannot differ.
 */
export function resolveApplicationConflict(assumed: (ApplicationWireDoc & Partial<LocalFields>) | undefined,
  real: ApplicationWireDoc & Partial<LocalFields>, local: ApplicationWireDoc & Partial<LocalFields>): ApplicationWireDoc {
  return mergeApplication(assumed ? toWireShape(assumed) : undefined, toWireShape(real), toWireShape(local));
}

/** RxDB database names allow lowercase letters, digits, `_` and `-`. */
export const databaseName = (userId: string): string => `ptsp_${userId.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}`;

export async function openUserDatabase(userId: string): Promise<UserDatabase> {
  const database = await createRxDatabase({
    name: databaseName(userId),
    storage: getRxStorageDexie(),
    multiInstance: true,
  });
  const { applications, catalogs, actions } = await database.addCollections({
    catalogs: { schema: catalogSchema, migrationStrategies: additiveMigrations(catalogSchema.version) },
    // Never changed once made, so the server's state is the only one: RxDB's default conflict handling (the server wins) fits.
    actions: { schema: officeActionSchema, migrationStrategies: additiveMigrations(officeActionSchema.version) },
    applications: {
      schema: localApplicationSchema,
      // Version 1 added `recency`, version 3 the queue fields (the wire schema's own steps only added
      // optional fields): every step recomputes the local fields from the wire document, which is
      // idempotent, so no step number is special.
      migrationStrategies: localMigrations(localApplicationSchema.version),
      // When another device changed the same draft first, merge answer by answer (common/merge.ts)
      // instead of RxDB's default "the server wins", which would drop what was typed here.
      conflictHandler: {
        isEqual: (a, b) => sameApplicationState(a as ApplicationWireDoc, b as ApplicationWireDoc),
        resolve: async (input) => toLocal(resolveApplicationConflict(
          input.assumedMasterState as ApplicationWireDoc | undefined, input.realMasterState as ApplicationWireDoc, input.newDocumentState as ApplicationWireDoc,
        )),
      },
    },
  });
  return { database, applications: applications as ApplicationCollection, catalogs: catalogs as CatalogCollection, actions: actions as ActionCollection };
}
