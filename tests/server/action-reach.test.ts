/**
 * An application's office actions follow its reach (office/office-actions.ts followReach): after
 * a re-route, the agency it left pulls tombstones for the other accounts' actions on it (never
 * their content), the agency it reached pulls them whole, and each reviewer keeps their own
 * actions through their own key. Repeating it changes nothing; a re-route whose process stopped
 * between the application write and its actions is completed by the device's resend.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { agencyKey, userKey } from '../../common/access/readers.js';
import type { OfficeActionWireDoc } from '../../sync-server/office/office-actions.js';
import type { StoredAction, StoredApplication } from '../../sync-server/store.js';
import { withReach } from '../../sync-server/sync/collections/application-wire.js';
import { freshId, pullEverything, startTestServer, type Session, type TestServer } from './helpers.js';
import { newClaimCode } from '../../common/workflow.js';
import {
  accept, applied, CITIZEN_NIK, makeAction, NAME, OTHER_AGENCY, PHONE, sendAction, sessionWithAgency, submittedTdp, TDP_AGENCY, tdpAnswers,
} from './office-helpers.js';

type Pulled = OfficeActionWireDoc & { _gone?: boolean };

const OFFICE_NOTE = 'Catatan loket: berkas asli sudah dilihat';
const COLLEAGUE_NOTE = 'Catatan rekan dinas: lokasi pernah disegel';
const OWN_NOTE = 'Catatan saya sendiri: cek izin lingkungan';

describe('office actions follow their application\'s reach', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const pullActions = (session: Session, device: string, checkpoint: string | null = null) =>
    pullEverything<Pulled>(server.url, 'actions', session, device, checkpoint);
  const lastOf = (docs: Pulled[], id: string): Pulled | undefined => docs.filter((doc) => doc.id === id).at(-1);
  const storedAction = (id: string): Promise<StoredAction> => server.running.store.actions.get(id);

  /** An application routed to TDP_AGENCY with an accept, a front-office note, a colleague's note and the reviewer's own. */
  async function reviewedByTwo(): Promise<{
    office: Session; reviewer: Session; colleague: Session; newcomer: Session; application: ApplicationWireDoc;
    ids: { accepted: string; officeNote: string; colleagueNote: string; ownNote: string };
  }> {
    const owner = await server.freshSession('applicant');
    const office = await server.freshSession('front-office');
    const reviewer = await sessionWithAgency(server, 'agency-reviewer', TDP_AGENCY);
    const colleague = await sessionWithAgency(server, 'agency-reviewer', TDP_AGENCY);
    const newcomer = await sessionWithAgency(server, 'agency-reviewer', OTHER_AGENCY);
    const application = await submittedTdp(server, owner);
    const accepted = await accept(server, office, application);
    const officeNote = await applied(server, office, makeAction(office, application.id, 'note', 'in-review', { text: OFFICE_NOTE, internal: true }));
    const colleagueNote = await applied(server, colleague, makeAction(colleague, application.id, 'note', 'in-review', { text: COLLEAGUE_NOTE, internal: true }));
    const ownNote = await applied(server, reviewer, makeAction(reviewer, application.id, 'note', 'in-review', { text: OWN_NOTE, internal: true }));
    return { office, reviewer, colleague, newcomer, application, ids: { accepted: accepted.id, officeNote: officeNote.id, colleagueNote: colleagueNote.id, ownNote: ownNote.id } };
  }

  it('sends the old agency tombstones for others\' actions, never their content; the new agency gets them whole; the maker keeps their own', async () => {
    const { office, reviewer, colleague, newcomer, application, ids } = await reviewedByTwo();
    const laptop = `laptop-${freshId()}`;
    const colleagueLaptop = `laptop-${freshId()}`;
    const newLaptop = `laptop-${freshId()}`;
    const held = await pullActions(reviewer, laptop);
    for (const id of Object.values(ids)) assert.equal(lastOf(held.documents, id)?._deleted, false, `the routed agency reads ${id} before`);
    const colleagueHeld = await pullActions(colleague, colleagueLaptop);
    const newHeld = await pullActions(newcomer, newLaptop);
    assert.ok(!Object.values(ids).some((id) => newHeld.documents.some((doc) => doc.id === id)), 'the other agency reads none of them before');

    const reroute = await applied(server, office, makeAction(office, application.id, 'reroute', 'in-review', { agencies: [OTHER_AGENCY] }));

    const after = await pullActions(reviewer, laptop, held.checkpoint);
    for (const id of [ids.accepted, ids.officeNote, ids.colleagueNote]) {
      const gone = lastOf(after.documents, id);
      assert.equal(gone?._gone, true, `the old agency's device is told to drop ${id}: ${JSON.stringify(gone)}`);
      assert.equal(gone?._deleted, true);
      assert.deepEqual(Object.keys(gone ?? {}).sort(), ['_deleted', '_gone', 'actorId', 'applicationId', 'basedOnStatus', 'createdAt', 'id', 'kind', 'updatedAt'],
        'a tombstone carries no content');
    }
    for (const secret of [OFFICE_NOTE, COLLEAGUE_NOTE]) assert.ok(!after.text.includes(secret), `no answer to the old agency carries "${secret}"`);
    assert.ok(!after.text.includes('"checks"'), 'nor the accept\'s checks');
    assert.equal(lastOf(after.documents, reroute.id), undefined, 'the re-route itself is not the old agency\'s');
    const own = lastOf(after.documents, ids.ownNote);
    assert.ok(own === undefined || (own._deleted === false && own.text === OWN_NOTE), `the reviewer's own note is never a tombstone: ${JSON.stringify(own)}`);
    const fresh = await pullActions(reviewer, `laptop-${freshId()}`);
    assert.equal(lastOf(fresh.documents, ids.ownNote)?.text, OWN_NOTE, 'a fresh device of the reviewer still receives their own note');
    // (Its agency key still finds the former readers' rows: at most tombstones.)
    assert.ok([ids.accepted, ids.officeNote, ids.colleagueNote].every((id) => fresh.documents.every((doc) => doc.id !== id || doc._gone === true)), 'and nothing else of the application');
    assert.ok(!fresh.text.includes(OFFICE_NOTE) && !fresh.text.includes(COLLEAGUE_NOTE), 'no content of the others\' actions');

    const colleagueAfter = await pullActions(colleague, colleagueLaptop, colleagueHeld.checkpoint);
    assert.equal(lastOf(colleagueAfter.documents, ids.ownNote)?._gone, true, 'the colleague loses the reviewer\'s note');
    assert.ok(!colleagueAfter.text.includes(OWN_NOTE), 'without its text');
    assert.equal(lastOf((await pullActions(colleague, `laptop-${freshId()}`)).documents, ids.colleagueNote)?.text, COLLEAGUE_NOTE, 'and keeps its own');

    const arrived = await pullActions(newcomer, newLaptop, newHeld.checkpoint);
    for (const id of [...Object.values(ids), reroute.id]) assert.equal(lastOf(arrived.documents, id)?._deleted, false, `the new agency receives ${id}`);
    assert.equal(lastOf(arrived.documents, ids.officeNote)?.text, OFFICE_NOTE, 'whole');

    const stored = await storedAction(ids.accepted);
    assert.ok(stored.readers.includes(agencyKey(OTHER_AGENCY)) && !stored.readers.includes(agencyKey(TDP_AGENCY)), `readers follow: ${stored.readers.join()}`);
    assert.ok(stored.formerReaders.includes(agencyKey(TDP_AGENCY)), 'the old agency is a former reader');
    const ownStored = await storedAction(ids.ownNote);
    assert.ok(ownStored.readers.includes(userKey(reviewer.user.userId)), 'the maker still reads their own');

    // Sent again (a device that did not hear the answer): the stored answer, nothing written again.
    const revisions = await Promise.all(Object.values(ids).map(async (id) => (await storedAction(id))._rev));
    const again = await sendAction(server, office, makeAction(office, application.id, 'reroute', 'in-review', { agencies: [OTHER_AGENCY], id: reroute.id }));
    assert.equal(again.status, 200, again.text);
    assert.deepEqual(await Promise.all(Object.values(ids).map(async (id) => (await storedAction(id))._rev)), revisions, 'no action written again');
    assert.equal(lastOf((await pullActions(reviewer, laptop, after.checkpoint)).documents, ids.accepted), undefined, 'and nothing new to pull');
  });

  it('completes a re-route whose process stopped after writing the application, when the device sends it again', async () => {
    const { office, reviewer, newcomer, application, ids } = await reviewedByTwo();
    const laptop = `laptop-${freshId()}`;
    const held = await pullActions(reviewer, laptop);
    const reroute = makeAction(office, application.id, 'reroute', 'in-review', { agencies: [OTHER_AGENCY] });
    // What a process leaves when it stops between the application write and the actions: the
    // application re-routed and marked with the action, the actions and the action itself unwritten.
    const stored = await server.running.store.applications.get(application.id) as StoredApplication;
    const rerouted: StoredApplication = { ...stored, routedAgencies: [OTHER_AGENCY], lastActionId: reroute.id, serverSeq: stored.serverSeq + 1 };
    withReach(rerouted, stored);
    await server.running.store.applications.insert(rerouted);
    assert.ok((await storedAction(ids.accepted)).readers.includes(agencyKey(TDP_AGENCY)), 'the actions still have the old agency');

    const resent = await sendAction(server, office, reroute);
    assert.equal(resent.status, 201, resent.text);
    assert.equal((resent.body as { action: OfficeActionWireDoc }).action.outcome, 'applied', 'recognized as the change it made');
    const after = await pullActions(reviewer, laptop, held.checkpoint);
    for (const id of [ids.accepted, ids.officeNote, ids.colleagueNote]) assert.equal(lastOf(after.documents, id)?._gone, true, `${id} leaves the old agency`);
    assert.ok(!after.text.includes(OFFICE_NOTE) && !after.text.includes(COLLEAGUE_NOTE), 'without content');
    assert.equal(lastOf((await pullActions(newcomer, `laptop-${freshId()}`)).documents, ids.colleagueNote)?.text, COLLEAGUE_NOTE, 'the new agency has them');
  });

  it('gives a citizen who claims a returned booth filing its return (the reasons to correct), never the office\'s notes', async () => {
    const booth = await server.freshSession('booth-staff');
    const citizen = await server.freshSession('applicant');
    const office = await server.freshSession('front-office');
    const filing = await submittedTdp(server, booth, {
      citizen: { nik: CITIZEN_NIK, name: NAME, phone: PHONE, address: { ...(tdpAnswers().companyAddress as Record<string, string>) } },
      consentAt: new Date().toISOString(), claimCode: newClaimCode(),
    });
    const note = await applied(server, office, makeAction(office, filing.id, 'note', 'submitted', { text: OFFICE_NOTE, internal: true }));
    const returned = await applied(server, office, makeAction(office, filing.id, 'return', 'submitted', { reasons: [{ text: 'Foto KTP buram.' }] }));
    const phone = `phone-${freshId()}`;
    const before = await pullActions(citizen, phone);
    assert.equal(lastOf(before.documents, returned.id), undefined, 'not the citizen\'s before the claim');

    const claimed = await server.api('/api/claims', { body: { code: filing.claimCode }, cookie: citizen.cookie });
    assert.equal(claimed.status, 200, claimed.text);
    const afterClaim = await pullActions(citizen, phone, before.checkpoint);
    const got = lastOf(afterClaim.documents, returned.id);
    assert.equal(got?._deleted, false, 'the return reaches the claimant');
    assert.deepEqual(got?.reasons?.map((reason) => reason.text), ['Foto KTP buram.']);
    assert.equal(lastOf(afterClaim.documents, note.id), undefined, 'the office\'s note never');
    assert.ok(!afterClaim.text.includes(OFFICE_NOTE), 'nor its text');
    assert.ok((await storedAction(returned.id)).readers.includes(userKey(citizen.user.userId)), 'stored with the claimant as a reader');
    // The booth that filed it still reads the return too (it owns the filing).
    assert.equal(lastOf((await pullActions(booth, `booth-${freshId()}`)).documents, returned.id)?._deleted, false);

    // A repeated claim (the device's retry after a lost answer) changes nothing more.
    const seq = (await storedAction(returned.id)).serverSeq;
    assert.equal((await server.api('/api/claims', { body: { code: filing.claimCode }, cookie: citizen.cookie })).status, 200);
    assert.equal((await storedAction(returned.id)).serverSeq, seq, 'an action already right is not written again');
  });
});
