/**
 * A device pushing back a tombstone it pulled: RxDB 17 pushes a resolved conflict back even when it
 * equals the server's state, so a deletion the device only received comes back as if it were the
 * device's own change. Each must be neither refused (the refused-changes list would show it as the
 * person's own) nor change anything: no new revision, no audit or history event.
 *
 * The rows are what the device holds (client/data/sync/collection-replication.ts: the pulled
 * document with `_gone` stripped; client/data/database.ts toWireShape: without the local fields,
 * which never reach the wire): (a) the owner's draft deleted on another device, (b) the `_gone`
 * tombstone of an application (and its actions) that left an office account's reach.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { DEVICE_HEADER, PER_ROW_REFUSALS_HEADER, type PushResponse, type PushRow } from '../../common/sync-protocol.js';
import { History } from '../../sync-server/office/history.js';
import type { OfficeActionWireDoc } from '../../sync-server/office/office-actions.js';
import type { StoredUser } from '../../sync-server/store.js';
import { userDocId } from '../../sync-server/users.js';
import { draft, freshId, pullEverything, startTestServer, type Session, type TestServer } from './helpers.js';
import { accept, applied, makeAction, OTHER_AGENCY, sessionWithAgency, submittedTdp, TDP_AGENCY } from './office-helpers.js';

type Pulled<T> = T & { _gone?: boolean };

/** An agency that never reviews TDP (the demo catalog's PUPR). */
const THIRD_AGENCY = 'dinas-pupr';

/** What the device keeps of a pulled document and pushes: the `_gone` mark stripped (collection-replication.ts withoutGoneMark). */
function asDeviceHolds<T extends object>(doc: Pulled<T>): T {
  const { _gone: _ignored, ...rest } = doc;
  return rest as T;
}

describe('a device pushing back a tombstone it pulled', () => {
  let server: TestServer;
  before(async () => {
    // Every request re-reads the account: a role change holds from the next request.
    server = await startTestServer({ accountCacheMs: 0 });
  });
  after(() => server.close());

  const pullAll = <T>(session: Session, collection: 'applications' | 'actions', device: string, checkpoint: string | null = null) =>
    pullEverything<Pulled<T>>(server.url, collection, session, device, checkpoint);
  const lastOf = <T extends { id: string }>(docs: T[], id: string): T | undefined => docs.filter((doc) => doc.id === id).at(-1);

  /** Pushes as the current app does (per-row refusals) and expects nothing refused, no conflict. */
  async function pushBack<T>(session: Session, collection: 'applications' | 'actions', device: string, rows: PushRow<T>[], what: string): Promise<void> {
    const result = await server.api(`/api/sync/${collection}/push`, {
      body: { rows }, cookie: session.cookie, headers: { [DEVICE_HEADER]: device, [PER_ROW_REFUSALS_HEADER]: 'rows' },
    });
    assert.equal(result.status, 200, `${what}: ${result.text.slice(0, 500)}`);
    const body = result.body as PushResponse<T>;
    assert.deepEqual(body.refused ?? [], [], `${what}: not refused`);
    assert.deepEqual(body.conflicts, [], `${what}: no conflict`);
  }

  /** What a push could change: the stored revisions, the account's audit events, the application's history. */
  async function footprint(session: Session, applicationId: string, actionIds: string[] = []): Promise<unknown> {
    const store = server.running.store;
    const revisionOf = async (db: typeof store.applications | typeof store.actions, id: string): Promise<string | undefined> =>
      (await db.get(id).catch(() => undefined) as { _rev?: string } | undefined)?._rev;
    return {
      application: await revisionOf(store.applications, applicationId),
      actions: await Promise.all(actionIds.map((id) => revisionOf(store.actions, id))),
      audit: (await server.audit({ actor: session.user.userId })).length,
      history: (await new History(store).of(applicationId)).map((entry) => entry.key),
    };
  }

  it('(a) leaves the owner\'s draft deleted on another device alone when the first device pushes the deletion back', async () => {
    const owner = await server.freshSession('applicant');
    const phone = `phone-${freshId()}`;
    const laptop = `laptop-${freshId()}`;
    const doc = draft(owner.user.userId, { mainGoods: 'kopi' });
    await pushBack(owner, 'applications', phone, [{ newDocumentState: doc }], 'the draft');
    // Deleted on the laptop, with its own time (Workspace.remove).
    const deleted: ApplicationWireDoc = { ...doc, _deleted: true, updatedAt: doc.updatedAt + 1 };
    await pushBack(owner, 'applications', laptop, [{ assumedMasterState: doc, newDocumentState: deleted }], 'the deletion');
    const pulled = lastOf((await pullAll<ApplicationWireDoc>(owner, 'applications', phone)).documents, doc.id);
    assert.equal(pulled?._deleted, true, 'the phone receives the deletion');
    const held = asDeviceHolds(pulled);
    const before = await footprint(owner, doc.id);

    await pushBack(owner, 'applications', phone, [{ newDocumentState: held }], 'as new');
    await pushBack(owner, 'applications', phone, [{ assumedMasterState: held, newDocumentState: held }], 'with the deletion assumed');
    await pushBack(owner, 'applications', phone, [{ assumedMasterState: doc, newDocumentState: held }], 'with the draft the phone had assumed');
    // An installed app of before (no per-row refusals) is answered the same.
    const old = await server.api('/api/sync/applications/push', { body: { rows: [{ newDocumentState: held }] }, cookie: owner.cookie, headers: { [DEVICE_HEADER]: phone } });
    assert.equal(old.status, 200, old.text);
    assert.deepEqual((old.body as PushResponse).conflicts, []);
    assert.deepEqual(await footprint(owner, doc.id), before, 'nothing changed: same revision, no audit or history event');
  });

  it('(b) leaves an application re-routed away alone when the old agency\'s reviewer pushes its tombstone back, and an action\'s once the reviewer moved', async () => {
    const owner = await server.freshSession('applicant');
    const office = await server.freshSession('front-office');
    const reviewer = await sessionWithAgency(server, 'agency-reviewer', TDP_AGENCY);
    const laptop = `laptop-${freshId()}`;
    const application = await submittedTdp(server, owner);
    const accepted = await accept(server, office, application);
    const routed = await pullAll<ApplicationWireDoc>(reviewer, 'applications', laptop);
    const full = lastOf(routed.documents, application.id);
    assert.equal(full?.status, 'in-review', 'the routed agency reads it');
    const routedActions = await pullAll<OfficeActionWireDoc>(reviewer, 'actions', laptop);
    assert.equal(lastOf(routedActions.documents, accepted.id)?._deleted, false, 'and its accept action');
    // The reviewer's own note stays the reviewer's (its maker always reads it).
    const note = await applied(server, reviewer, makeAction(reviewer, application.id, 'note', 'in-review', { text: 'Cek lokasi usaha.' }), laptop);

    const reroute = await applied(server, office, makeAction(office, application.id, 'reroute', 'in-review', { agencies: [OTHER_AGENCY] }));
    const gone = lastOf((await pullAll<ApplicationWireDoc>(reviewer, 'applications', laptop, routed.checkpoint)).documents, application.id);
    assert.equal(gone?._gone, true, 'the old agency\'s device is told to drop it');
    // The other accounts' actions on it left the agency with it (office-actions.ts followReach); the
    // reviewer then moves to another agency too, and the accept's tombstone still reaches the device.
    const account = await server.running.store.users.get(userDocId(reviewer.user.username));
    await server.running.store.users.insert({ ...account, agencyId: THIRD_AGENCY } as StoredUser & { agencyId: string });
    const goneAction = lastOf((await pullAll<OfficeActionWireDoc>(reviewer, 'actions', laptop, routedActions.checkpoint)).documents, accepted.id);
    assert.equal(goneAction?._gone, true, 'the accept action leaves the moved reviewer\'s device');
    const held = asDeviceHolds(gone);
    const heldAction = asDeviceHolds(goneAction);
    const before = await footprint(reviewer, application.id, [accepted.id, note.id, reroute.id]);
    const officeBefore = await footprint(office, application.id);

    await pushBack(reviewer, 'applications', laptop, [{ newDocumentState: held }], 'the tombstone as new');
    await pushBack(reviewer, 'applications', laptop, [{ assumedMasterState: full, newDocumentState: held }], 'over the state it held');
    await pushBack(reviewer, 'applications', laptop, [{ assumedMasterState: held, newDocumentState: held }], 'over the tombstone');
    await pushBack(reviewer, 'actions', laptop, [{ newDocumentState: heldAction }], 'the action\'s tombstone');
    await pushBack(reviewer, 'actions', laptop, [{ assumedMasterState: heldAction, newDocumentState: heldAction }], 'the action\'s tombstone over itself');
    assert.deepEqual(await footprint(reviewer, application.id, [accepted.id, note.id, reroute.id]), before, 'nothing changed');
    assert.deepEqual(await footprint(office, application.id), officeBefore, 'nothing in the office\'s name either');
    assert.equal((await server.stored(application.id))?.status, 'in-review', 'still with the other agency');

    // Deleting one's own action is still refused: that is the person's own change.
    const ownDeleted = { id: note.id, applicationId: note.applicationId, kind: note.kind, actorId: note.actorId, createdAt: note.createdAt,
      updatedAt: note.updatedAt, basedOnStatus: note.basedOnStatus, _deleted: true };
    const own = await server.api('/api/sync/actions/push', {
      body: { rows: [{ newDocumentState: ownDeleted }] }, cookie: reviewer.cookie, headers: { [DEVICE_HEADER]: laptop, [PER_ROW_REFUSALS_HEADER]: 'rows' },
    });
    assert.equal(own.status, 200, own.text);
    assert.deepEqual((own.body as PushResponse).refused?.map((row) => row.code), ['action-immutable']);
  });

  it('(b) gives the application back, as a conflict with its state, when it was re-routed back before the tombstone came', async () => {
    const owner = await server.freshSession('applicant');
    const office = await server.freshSession('front-office');
    const reviewer = await sessionWithAgency(server, 'agency-reviewer', TDP_AGENCY);
    const laptop = `laptop-${freshId()}`;
    const application = await submittedTdp(server, owner);
    await accept(server, office, application);
    const routed = await pullAll<ApplicationWireDoc>(reviewer, 'applications', laptop);
    await applied(server, office, makeAction(office, application.id, 'reroute', 'in-review', { agencies: [OTHER_AGENCY] }));
    const gone = lastOf((await pullAll<ApplicationWireDoc>(reviewer, 'applications', laptop, routed.checkpoint)).documents, application.id);
    assert.equal(gone?._gone, true, 'the old agency\'s device is told to drop it');
    await applied(server, office, makeAction(office, application.id, 'reroute', 'in-review', { agencies: [TDP_AGENCY] }));
    const held = asDeviceHolds(gone);
    const before = await footprint(reviewer, application.id);
    const result = await server.api('/api/sync/applications/push', {
      body: { rows: [{ newDocumentState: held }] }, cookie: reviewer.cookie, headers: { [DEVICE_HEADER]: laptop, [PER_ROW_REFUSALS_HEADER]: 'rows' },
    });
    assert.equal(result.status, 200, result.text);
    const body = result.body as PushResponse<ApplicationWireDoc>;
    assert.deepEqual(body.refused ?? [], [], 'not refused: the person did nothing');
    assert.equal(body.conflicts.length, 1, 'the server\'s state comes back');
    assert.equal(body.conflicts[0]!.id, application.id);
    assert.equal(body.conflicts[0]!._deleted, false);
    assert.deepEqual(body.conflicts[0]!.routedAgencies, [TDP_AGENCY]);
    assert.deepEqual(await footprint(reviewer, application.id), before, 'nothing changed');
    // The device takes it and pushes it back exactly: nothing to do.
    await pushBack(reviewer, 'applications', laptop, [{ assumedMasterState: body.conflicts[0]!, newDocumentState: body.conflicts[0]! }], 'the state it took back');
  });

  it('(b) leaves it alone when the tombstone came from a role change, is stale, or is a stranger\'s guess: the same answer, nothing written', async () => {
    const owner = await server.freshSession('applicant');
    const office = await server.freshSession('front-office');
    const desk = `desk-${freshId()}`;
    const application = await submittedTdp(server, owner);
    const first = await pullAll<ApplicationWireDoc>(office, 'applications', desk);
    assert.equal(lastOf(first.documents, application.id)?._deleted, false, 'the front office reads it');
    // Moved to booth staff: the account now holds neither the key that read it nor one it lost.
    const account = await server.running.store.users.get(userDocId(office.user.username));
    await server.running.store.users.insert({ ...account, role: 'booth-staff' } as StoredUser);
    const gone = lastOf((await pullAll<ApplicationWireDoc>(office, 'applications', desk, first.checkpoint)).documents, application.id);
    assert.equal(gone?._gone, true);
    const held = asDeviceHolds(gone);
    // The application moves on meanwhile: what the device holds is stale.
    const other = await server.freshSession('front-office');
    await accept(server, other, application);
    const stranger = await server.freshSession('applicant');
    const before = await footprint(office, application.id);
    const strangerBefore = await footprint(stranger, application.id);

    await pushBack(office, 'applications', desk, [{ newDocumentState: held }], 'the stale tombstone');
    await pushBack(stranger, 'applications', desk, [{ newDocumentState: held }], 'a stranger\'s copy of it');
    const missing = { ...held, id: freshId() };
    await pushBack(stranger, 'applications', desk, [{ newDocumentState: missing }], 'a tombstone of an id that does not exist');
    assert.deepEqual(await footprint(office, application.id), before, 'nothing changed');
    assert.deepEqual(await footprint(stranger, application.id), strangerBefore, 'nothing in the stranger\'s name');
    assert.equal(await server.stored(missing.id), undefined, 'nothing made of a tombstone');
  });
});
