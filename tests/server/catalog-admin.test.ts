/**
 * The permit catalog is data an administrator edits: publishing a new version over the API, with
 * the structure checked, while drafts started under older versions keep theirs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PermitCatalog } from '../../common/catalog.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import { errorBody, expectError, startTestServer, type TestServer } from './helpers.js';

describe('publishing the permit catalog', () => {
  let server: TestServer;
  let admin: string;
  let applicant: string;
  let latest: PermitCatalog;

  before(async () => {
    // Always on an embedded store of its own, even with COUCHDB_URL: the newest catalog is what every
    // account on a store gets, and a version number published here is taken for good, so on a shared
    // CouchDB the next demo catalog version would never be published and every later test and run
    // would fill in this file's test catalog.
    server = await startTestServer({ couchUrl: undefined });
    admin = (await server.freshSession('admin')).cookie;
    applicant = (await server.freshSession('applicant')).cookie;
    latest = (await server.api('/api/catalog')).body as PermitCatalog;
  });
  after(() => server.close());

  const nextVersion = (change: (catalog: PermitCatalog) => void = () => undefined): PermitCatalog => {
    const catalog = structuredClone(latest);
    catalog.version = latest.version + 1;
    change(catalog);
    return catalog;
  };

  it('lets an administrator publish the next version; the previous one stays readable', async () => {
    const catalog = nextVersion((draft) => {
      draft.permitTypes[0]!.slaWorkingDays = 3;
    });
    const published = await server.api('/api/catalog', { body: catalog, cookie: admin });
    assert.equal(published.status, 201, published.text.slice(0, 300));
    const current = (await server.api('/api/catalog')).body as PermitCatalog;
    assert.equal(current.version, catalog.version);
    assert.equal(current.permitTypes[0]!.slaWorkingDays, 3);
    const previous = (await server.api(`/api/catalog/${latest.version}`)).body as PermitCatalog;
    assert.equal(previous.permitTypes[0]!.slaWorkingDays, demoCatalog.permitTypes[0]!.slaWorkingDays);
    assert.equal((await server.audit({ action: 'catalog.publish', 'details.version': catalog.version })).length, 1);
    latest = current;
  });

  it('refuses anyone but an administrator', async () => {
    expectError(await server.api('/api/catalog', { body: nextVersion(), cookie: applicant }), 403, 'forbidden');
    expectError(await server.api('/api/catalog', { body: nextVersion() }), 401, 'not-signed-in');
  });

  it('refuses a version that is not the next one', async () => {
    const stale = structuredClone(latest);
    expectError(await server.api('/api/catalog', { body: stale, cookie: admin }), 409, 'catalog-version');
    const skipping = nextVersion((draft) => {
      draft.version += 5;
    });
    expectError(await server.api('/api/catalog', { body: skipping, cookie: admin }), 409, 'catalog-version');
  });

  it('refuses a malformed catalog, naming where, and publishes nothing', async () => {
    const cases: [string, (catalog: PermitCatalog) => void, string][] = [
      ['unknown field kind', (c) => { (c.permitTypes[0]!.fields[0] as { kind: string }).kind = 'signature'; }, '/permitTypes/0/fields/0/kind'],
      ['choice without options', (c) => { const field = c.permitTypes[0]!.fields.find((f) => f.kind === 'choice')!; delete field.options; }, '/permitTypes/0/fields/'],
      ['missing English label', (c) => { (c.permitTypes[1]!.name as { en?: string }).en = ''; }, '/permitTypes/1/name/en'],
      ['a file kind the server cannot check', (c) => { c.permitTypes[0]!.requirements[0]!.accepts = ['image/heic']; }, '/permitTypes/0/requirements/0/accepts/0'],
      ['repeated field id', (c) => { c.permitTypes[0]!.fields[1]!.id = c.permitTypes[0]!.fields[0]!.id; }, '/permitTypes/0/fields/1/id'],
      ['condition on a later field', (c) => {
        const fields = c.permitTypes[0]!.fields;
        fields[0] = { ...fields[0]!, visibleWhen: { fieldId: fields[3]!.id, equals: 'x' } };
      }, '/permitTypes/0/fields/0/visibleWhen'],
      ['prototype key', (c) => { (c.permitTypes[0] as unknown as Record<string, unknown>).__proto__x = 1; }, '/permitTypes/0'],
    ];
    for (const [name, change, path] of cases) {
      const result = await server.api('/api/catalog', { body: nextVersion(change), cookie: admin });
      assert.equal(result.status, 400, `${name}: ${result.text.slice(0, 300)}`);
      const problems = errorBody(result).problems ?? [];
      assert.ok(problems.some((problem) => problem.path.startsWith(path)), `${name}: expected a problem at ${path}, got ${JSON.stringify(problems.slice(0, 3))}`);
      assert.ok(problems.every((problem) => problem.message.id && problem.message.en), `${name}: bilingual messages`);
    }
    const current = (await server.api('/api/catalog')).body as PermitCatalog;
    assert.equal(current.version, latest.version, 'nothing was published');
  });
});
