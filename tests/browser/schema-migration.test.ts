import { expect } from '@open-wc/testing';
import { createRxDatabase } from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { applicationSchema } from '../../common/application-schema.js';
import { additiveMigrations, databaseName, openUserDatabase, recencyOf } from '../../client/data/database.js';

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

/**
 * The device's own local fields (client/data/database.ts): a database written before the office
 * queue's index fields existed (local schema = the wire schema + `recency`, same version) opens
 * with them computed by the migration, so the queue finds what was already on the device.
 */
describe('the local queue fields on a device that already holds applications', () => {
  it('computes queueKey, queueSince and searchText for every stored application, keeping the drafts', async () => {
    const userId = `migration-${crypto.randomUUID()}`;
    const submittedAt = new Date(Date.now() - 3_600_000).toISOString();
    const base = { ownerId: userId, permitTypeId: 'siup', catalogVersion: 1, createdAt: submittedAt, updatedAt: Date.now() };
    const draft = { ...base, id: crypto.randomUUID(), status: 'draft' as const, answers: { companyName: 'CV Maju' } };
    const submitted = {
      ...base, id: crypto.randomUUID(), status: 'submitted' as const, answers: { companyName: 'PT Sentosa' }, submittedAt,
      stages: [{ stage: 'submitted' as const, at: submittedAt }], provisionalNumber: 'P-7KQ2-M9XD',
    };
    const oldLocalSchema = {
      ...applicationSchema,
      properties: { ...applicationSchema.properties, recency: { type: 'integer', minimum: 0, maximum: 10000000000000, multipleOf: 1 } },
      required: [...applicationSchema.required, 'recency'],
      indexes: ['updatedAt', 'recency'],
    };
    const before = await createRxDatabase({ name: databaseName(userId), storage: getRxStorageDexie(), multiInstance: true });
    await before.addCollections({ applications: { schema: oldLocalSchema, migrationStrategies: additiveMigrations(oldLocalSchema.version) } });
    await before.collections.applications!.bulkInsert([draft, submitted].map((doc) => ({ ...doc, recency: recencyOf(doc.updatedAt) })));
    await before.close();

    const local = await openUserDatabase(userId);
    try {
      const waiting = await local.applications.find({ selector: { queueKey: 'front-office' }, index: ['queueKey', 'queueSince', 'id'] }).exec();
      expect(waiting.map((doc) => doc.id)).to.deep.equal([submitted.id], 'the submitted one is in the front office queue');
      expect(waiting[0]!.toJSON().queueSince).to.equal(Date.parse(submittedAt));
      expect(waiting[0]!.toJSON().searchText).to.equal('p7kq2m9xd|ptsentosa');
      const kept = await local.applications.findOne(draft.id).exec();
      expect(kept?.toJSON().answers, 'the draft is kept').to.deep.equal({ companyName: 'CV Maju' });
      expect(kept?.toJSON().queueKey, 'a draft waits in no queue').to.equal('');
      const newest = await local.applications.find({ selector: {}, sort: [{ recency: 'asc' }] }).exec();
      expect(newest).to.have.length(2, 'the drafts list (recency index) still reads both');
    } finally {
      await local.database.remove();
    }
  });
});
