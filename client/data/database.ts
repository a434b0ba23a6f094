/**
 * One local RxDB database per signed-in account, on IndexedDB through Dexie, so a booth laptop
 * shared by several staff never mixes their data.
 */
import { addRxPlugin, createRxDatabase, type MigrationStrategies, type RxCollection, type RxDatabase } from 'rxdb/plugins/core';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { applicationSchema, type ApplicationDoc, type ApplicationWireDoc } from '../../common/application-schema.js';
import type { PermitCatalog } from '../../common/catalog.js';
import { mergeApplication, sameApplicationState } from '../../common/merge.js';

export type ApplicationCollection = RxCollection<ApplicationDoc>;

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

export interface UserDatabase {
  database: RxDatabase;
  applications: ApplicationCollection;
  catalogs: CatalogCollection;
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

/** RxDB database names allow lowercase letters, digits, `_` and `-`. */
export const databaseName = (userId: string): string => `ptsp_${userId.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}`;

export async function openUserDatabase(userId: string): Promise<UserDatabase> {
  const database = await createRxDatabase({
    name: databaseName(userId),
    storage: getRxStorageDexie(),
    multiInstance: true,
  });
  const { applications, catalogs } = await database.addCollections({
    catalogs: { schema: catalogSchema, migrationStrategies: additiveMigrations(catalogSchema.version) },
    applications: {
      schema: applicationSchema,
      migrationStrategies: additiveMigrations(applicationSchema.version),
      // When another device changed the same draft first, merge answer by answer (common/merge.ts)
      // instead of RxDB's default "the server wins", which would drop what was typed here.
      conflictHandler: {
        isEqual: (a, b) => sameApplicationState(a as ApplicationWireDoc, b as ApplicationWireDoc),
        resolve: async (input) => mergeApplication(
          input.assumedMasterState as ApplicationWireDoc | undefined,
          input.realMasterState as ApplicationWireDoc,
          input.newDocumentState as ApplicationWireDoc,
        ),
      },
    },
  });
  return { database, applications: applications as ApplicationCollection, catalogs: catalogs as CatalogCollection };
}
