/**
 * Devices in the field run older app versions for weeks (a booth laptop offline in a village).
 * Every change to the application schema must therefore be additive: an older device's documents
 * must still validate on the server, and newer documents must still be readable by older devices.
 * This compares the schema with the snapshot of the last published one. An additive change still
 * raises `version` (RxDB refuses to open a changed schema under the old version; the migration in
 * client/data/database.ts keeps old documents as they are) and updates the snapshot in the same commit.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { applicationSchema } from '../../common/application-schema.js';

interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  enum?: string[];
  maxLength?: number;
  pattern?: string;
}

const snapshot = JSON.parse(fs.readFileSync(new URL('./application-schema.snapshot.json', import.meta.url), 'utf8')) as SchemaNode & {
  primaryKey: string;
  version: number;
};
const current = applicationSchema as unknown as SchemaNode & { primaryKey: string; version: number };

describe('the application schema changes only additively', () => {
  it('bumps the version whenever the schema changed (devices refuse a changed schema under the same version)', () => {
    const { version: snapshotVersion, ...snapshotRest } = snapshot;
    const { version: currentVersion, ...currentRest } = current;
    if (JSON.stringify(currentRest) !== JSON.stringify(snapshotRest)) {
      assert.ok(currentVersion > snapshotVersion, 'the schema changed: raise `version` and update the snapshot in the same commit');
    } else {
      assert.equal(currentVersion, snapshotVersion);
    }
  });

  it('keeps the primary key', () => {
    assert.equal(current.primaryKey, snapshot.primaryKey);
  });

  it('keeps every property, with the same type', () => {
    for (const [name, before] of Object.entries(snapshot.properties ?? {})) {
      const now = current.properties?.[name];
      assert.ok(now, `property "${name}" was removed`);
      assert.deepEqual(now.type, before.type, `property "${name}" changed its type`);
    }
  });

  it('requires nothing new: an older device does not send new fields', () => {
    const before = new Set(snapshot.required ?? []);
    for (const name of current.required ?? []) assert.ok(before.has(name), `"${name}" became required`);
  });

  it('only widens limits and allowed values', () => {
    for (const [name, before] of Object.entries(snapshot.properties ?? {})) {
      const now = current.properties?.[name];
      if (!now) continue;
      for (const value of before.enum ?? []) assert.ok(now.enum?.includes(value), `"${name}" no longer allows "${value}"`);
      if (before.maxLength !== undefined) assert.ok((now.maxLength ?? Infinity) >= before.maxLength, `"${name}" got a smaller maxLength`);
      assert.equal(now.pattern, before.pattern, `"${name}" changed its pattern`);
    }
  });
});
