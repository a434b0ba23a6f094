import { expect } from '@open-wc/testing';
import { createRxDatabase } from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { applicationSchema } from '../../common/application-schema.js';
import { additiveMigrations } from '../../client/data/database.js';

/**
 * The day the application schema gains a field, devices that already hold drafts must still open
 * them. This opens a database with today's schema, then with a next version that adds an optional
 * property (an additive change), and checks the draft is still there.
 */
describe('an additive schema change on a device that holds drafts', () => {
  it('opens the database and keeps every draft', async () => {
    const name = `migration_${Date.now()}`;
    const draft = {
      id: crypto.randomUUID(), ownerId: 'u1', permitTypeId: 'siup', catalogVersion: 1, status: 'draft' as const,
      answers: { companyName: 'CV Maju' }, createdAt: new Date().toISOString(), updatedAt: Date.now(),
    };
    const before = await createRxDatabase({ name, storage: getRxStorageDexie() });
    await before.addCollections({ applications: { schema: applicationSchema, migrationStrategies: additiveMigrations(applicationSchema.version) } });
    await before.collections.applications!.insert(draft);
    await before.close();

    const nextSchema = {
      ...applicationSchema,
      version: applicationSchema.version + 1,
      properties: { ...applicationSchema.properties, kind: { type: 'string', maxLength: 20 } },
    };
    const after = await createRxDatabase({ name, storage: getRxStorageDexie() });
    await after.addCollections({ applications: { schema: nextSchema, migrationStrategies: additiveMigrations(nextSchema.version) } });
    const kept = await after.collections.applications!.findOne(draft.id).exec();
    expect(kept?.toJSON().answers).to.deep.equal({ companyName: 'CV Maju' });
    await after.remove();
  });
});
