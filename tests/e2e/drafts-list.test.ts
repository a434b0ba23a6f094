/**
 * The drafts list as a person uses it: delete with confirmation and undo, duplicate, search, with
 * what reached CouchDB checked over HTTP after each step.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import nano from 'nano';
import { DATABASES, type StoredApplication } from '../../sync-server/store.js';
import { AppPage } from './app-page.js';
import { eventually, startSystem, type TestSystem } from './harness.js';

describe('the drafts list: delete, undo, duplicate, search', () => {
  let system: TestSystem;
  let app: AppPage;
  let firstDraft = '';
  const stored = (id: string): Promise<StoredApplication> => nano(system.storeUrl).use<StoredApplication>(DATABASES.applications).get(id);

  before(async () => {
    system = await startSystem();
    app = new AppPage(await (await system.newProfile()).newPage(), system.url);
    // An account of its own: the list must hold only the drafts this file makes.
    const account = await system.account('applicant');
    await app.open();
    await app.signIn(account.username, account.password);
  });
  after(async () => {
    await system?.close();
  });

  it('deletes a draft everywhere after confirmation, and brings it back whole on undo', async () => {
    const id = await app.startDraft('siup');
    firstDraft = id;
    await app.type('companyName', 'CV Jangan Hilang');
    await app.backToList();
    await eventually(async () => assert.equal((await stored(id)).answers.companyName, 'CV Jangan Hilang'));

    await app.deleteDraft(id);
    await eventually(async () => assert.ok(!(await app.draftIdsInList()).includes(id), 'the deleted draft is gone from the list'));
    await eventually(async () => assert.equal((await stored(id)).deleted, true));
    // Stored on the server, the deletion no longer waits on the device.
    await eventually(async () => assert.equal((await app.syncStatus()).pending, 0));

    await app.undoDelete();
    await eventually(async () => assert.ok((await app.draftIdsInList()).includes(id), 'the undone draft is back on the list'));
    await eventually(async () => {
      const back = await stored(id);
      assert.equal(back.deleted, false);
      assert.equal(back.answers.companyName, 'CV Jangan Hilang');
    });
  });

  it('asks a follow-up question only when a yes/no answer calls for it, and stores both', async () => {
    const id = await app.startDraft('siup');
    assert.equal(await app.isFieldShown('premisesOwnerName'), false);
    await app.answerYesNo('premisesOwned', false);
    await app.page.getByTestId('input-premisesOwnerName').waitFor();
    await app.type('premisesOwnerName', 'H. Abdul Rahman');
    await eventually(async () => {
      const doc = await stored(id);
      assert.equal(doc.answers.premisesOwned, false);
      assert.equal(doc.answers.premisesOwnerName, 'H. Abdul Rahman');
    });
    await app.answerYesNo('premisesOwned', true);
    await eventually(async () => assert.equal(await app.isFieldShown('premisesOwnerName'), false));
    await app.backToList();
    await app.deleteDraft(id);
  });

  it('duplicates a draft and finds drafts by what was typed', async () => {
    const id = await app.startDraft('tdp');
    await app.type('companyName', 'UD Sumber Rejeki');
    await app.backToList();
    await app.duplicateDraft(id);
    const ids = await eventually(async () => {
      const list = await app.draftIdsInList();
      assert.equal(list.length, 3);
      return list;
    });
    const copy = ids.find((candidate) => candidate !== id && candidate !== firstDraft);
    assert.ok(copy, 'the copy is a new draft');
    await eventually(async () => assert.equal((await stored(copy)).answers.companyName, 'UD Sumber Rejeki'));
    await app.search('sumber rejeki');
    await eventually(async () => assert.equal((await app.draftIdsInList()).length, 2));
    await app.search('tidak ada yang seperti ini');
    await eventually(async () => assert.equal((await app.draftIdsInList()).length, 0));
  });
});
