/**
 * The generic sync (issue 9): per-row refusals, documents leaving an account's reach as tombstones
 * (re-routed away, or the account's role changed), the actions collection, the one live stream for
 * every collection, and the old applications-only paths still answering as installed apps expect.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import {
  PER_ROW_REFUSALS_HEADER, type PullResponse, type PushResponse, type PushRow, type ResyncEvent,
} from '../../common/sync-protocol.js';
import type { OfficeActionWireDoc } from '../../sync-server/office/office-actions.js';
import type { StoredUser } from '../../sync-server/store.js';
import { userDocId } from '../../sync-server/users.js';
import { draft, expectError, readSseBlocks, startTestServer, TEST_PASSWORD, type ApiResult, type Session, type TestServer } from './helpers.js';
import { accept, applied, makeAction, OTHER_AGENCY, sessionWithAgency, submittedTdp, TDP_AGENCY } from './office-helpers.js';

type Gone = ApplicationWireDoc & { _gone?: boolean };

describe('generic sync', () => {
  let server: TestServer;
  before(async () => {
    // Every request re-reads the account: a role change holds from the next request.
    server = await startTestServer({ accountCacheMs: 0 });
  });
  after(() => server.close());

  const pushRows = (session: Session, rows: PushRow[], collection = 'applications', perRow = true): Promise<ApiResult> =>
    server.api(`/api/sync/${collection}/push`, { body: { rows }, cookie: session.cookie, headers: perRow ? { [PER_ROW_REFUSALS_HEADER]: 'rows' } : {} });

  /** Every page from `checkpoint` on, as RxDB's pull loop walks them (until a page shorter than the limit). */
  async function pullAll<T = Gone>(session: Session, checkpoint: string | null = null, collection = 'applications'): Promise<PullResponse<T>> {
    const documents: T[] = [];
    let at = checkpoint;
    for (;;) {
      const query = new URLSearchParams({ limit: '200' });
      if (at) query.set('checkpoint', at);
      const result = await server.api(`/api/sync/${collection}/pull?${query.toString()}`, { cookie: session.cookie });
      assert.equal(result.status, 200, `pull ${collection}: ${result.text.slice(0, 300)}`);
      const page = result.body as PullResponse<T>;
      documents.push(...page.documents);
      at = page.checkpoint;
      if (page.documents.length < 200) return { documents, checkpoint: at };
    }
  }
  const lastOf = <T extends { id: string }>(docs: T[], id: string): T | undefined => docs.filter((doc) => doc.id === id).at(-1);

  describe('per-row refusals', () => {
    it('refuses a bad row with its reason and stores the others', async () => {
      const me = await server.freshSession('applicant');
      const other = await server.freshSession('applicant');
      const theirs = draft(other.user.userId);
      await server.pushOk(other.cookie, [{ newDocumentState: theirs }]);
      const good = draft(me.user.userId);
      const unknownType = draft(me.user.userId, {}, { permitTypeId: 'no-such-type' });
      const unknownKey = { ...draft(me.user.userId), surprise: true } as unknown as ApplicationWireDoc;
      const result = await pushRows(me, [
        { newDocumentState: unknownType },
        { newDocumentState: good },
        { newDocumentState: { ...theirs, ownerId: me.user.userId, updatedAt: theirs.updatedAt + 1 } },
        { newDocumentState: unknownKey },
      ]);
      assert.equal(result.status, 200, result.text);
      const body = result.body as PushResponse;
      assert.deepEqual(body.conflicts, []);
      const refused = new Map((body.refused ?? []).map((row) => [row.id, row]));
      assert.equal(refused.size, 3, `three rows refused: ${JSON.stringify(body.refused)}`);
      assert.equal(refused.get(unknownType.id)?.code, 'invalid-input');
      assert.ok(refused.get(unknownType.id)?.problems?.some((problem) => problem.path === '/rows/0/newDocumentState/permitTypeId'), 'names the row and field');
      assert.equal(refused.get(theirs.id)?.code, 'not-owner');
      assert.equal(refused.get(theirs.id)?.state, undefined, 'another account\'s document is never revealed');
      assert.equal(refused.get(unknownKey.id)?.code, 'invalid-input');
      assert.ok(refused.get(unknownKey.id)?.reason.id && refused.get(unknownKey.id)?.reason.en, 'a reason in both languages');
      assert.ok(await server.stored(good.id), 'the good row is stored');
      assert.equal(await server.stored(unknownType.id), undefined, 'a refused row is not stored');
      assert.equal((await server.stored(theirs.id))?.ownerId, other.user.userId, 'the other account\'s document is untouched');
    });

    it('sends the server\'s state with a row the workflow refuses', async () => {
      const me = await server.freshSession('applicant');
      const sent = await submittedTdp(server, me);
      // The server's state (it recorded the submission's stage).
      const submitted = lastOf((await pullAll(me)).documents, sent.id)!;
      const result = await pushRows(me, [{ assumedMasterState: submitted, newDocumentState: { ...submitted, _deleted: true, updatedAt: submitted.updatedAt + 1 } }]);
      assert.equal(result.status, 200, result.text);
      const [row] = (result.body as PushResponse).refused ?? [];
      assert.equal(row?.code, "workflow-refused", JSON.stringify(result.body).slice(0, 600));
      assert.equal(row?.state?.id, submitted.id);
      assert.equal(row?.state?._deleted, false, 'the state is the server\'s: still there');
    });

    it('answers a malformed body as a whole with 400', async () => {
      const me = await server.freshSession('applicant');
      expectError(await server.api('/api/sync/applications/push', { body: { rows: 'no' }, cookie: me.cookie, headers: { [PER_ROW_REFUSALS_HEADER]: 'rows' } }), 400, 'invalid-input');
      expectError(await server.api('/api/sync/applications/push', { body: { rows: [{ newDocumentState: {} }] }, cookie: me.cookie, headers: { [PER_ROW_REFUSALS_HEADER]: 'rows' } }), 400, 'invalid-input');
      expectError(await server.api('/api/sync/nothing-here/push', { body: { rows: [] }, cookie: me.cookie }), 404, 'unknown-collection');
      expectError(await server.api('/api/sync/nothing-here/pull', { cookie: me.cookie }), 404, 'unknown-collection');
    });

    it('keeps a batch all or nothing for a device that does not ask for per-row refusals (installed apps)', async () => {
      const me = await server.freshSession('applicant');
      const good = draft(me.user.userId);
      const bad = draft(me.user.userId, {}, { permitTypeId: 'no-such-type' });
      expectError(await pushRows(me, [{ newDocumentState: good }, { newDocumentState: bad }], 'applications', false), 400, 'invalid-input');
      assert.equal(await server.stored(good.id), undefined, 'nothing of the batch is stored');
    });
  });

  describe('reach', () => {
    it('sends an application re-routed away to the old agency\'s reviewer as a tombstone, and to the new one in full', async () => {
      const owner = await server.freshSession('applicant');
      const office = await server.freshSession('front-office');
      const oldReviewer = await sessionWithAgency(server, 'agency-reviewer', TDP_AGENCY);
      const newReviewer = await sessionWithAgency(server, 'agency-reviewer', OTHER_AGENCY);
      const application = await submittedTdp(server, owner);
      const before = await pullAll(oldReviewer);
      assert.equal(lastOf(before.documents, application.id), undefined, 'a submitted application is not the agency\'s yet');
      await accept(server, office, application);
      const routed = await pullAll(oldReviewer, before.checkpoint);
      assert.equal(lastOf(routed.documents, application.id)?.status, 'in-review', 'accepted: the routed agency receives it');
      assert.ok(lastOf(routed.documents, application.id)?.answers.companyName, 'with its content');

      await applied(server, office, makeAction(office, application.id, 'reroute', 'in-review', { agencies: [OTHER_AGENCY] }));
      const gone = lastOf((await pullAll(oldReviewer, routed.checkpoint)).documents, application.id);
      assert.ok(gone, 'the old agency hears of it');
      assert.equal(gone._deleted, true);
      assert.equal(gone._gone, true);
      assert.deepEqual(gone.answers, {}, 'no answers');
      assert.equal((gone as unknown as Record<string, unknown>).citizen, undefined, 'no citizen');
      assert.equal((gone as unknown as Record<string, unknown>).documents, undefined, 'no documents');
      const arrived = lastOf((await pullAll(newReviewer)).documents, application.id);
      assert.equal(arrived?._deleted, false, 'the new agency receives it whole');
      assert.ok(arrived?.answers.companyName, 'with its content');
    });

    it('follows a role change: what the account no longer reads comes as tombstones, what it now reads from the beginning', async () => {
      const owner = await server.freshSession('applicant');
      const application = await submittedTdp(server, owner);
      const office = await server.freshSession('front-office');
      const first = await pullAll(office);
      assert.equal(lastOf(first.documents, application.id)?._deleted, false, 'the front office reads a submitted application');

      // An administrator moves the account to booth staff, directly in the account document.
      const stored = await server.running.store.users.get(userDocId(office.user.username));
      await server.running.store.users.insert({ ...stored, role: 'booth-staff' } as StoredUser);
      const afterChange = await pullAll(office, first.checkpoint);
      const gone = lastOf(afterChange.documents, application.id);
      assert.equal(gone?._deleted, true, 'the application leaves the device');
      assert.equal(gone?._gone, true);
      const again = await pullAll(office, afterChange.checkpoint);
      assert.equal(lastOf(again.documents, application.id), undefined, 'the lost key is walked once');

      // And back: the key gained starts from the beginning.
      const current = await server.running.store.users.get(userDocId(office.user.username));
      await server.running.store.users.insert({ ...current, role: 'front-office' } as StoredUser);
      const back = await pullAll(office, again.checkpoint);
      assert.equal(lastOf(back.documents, application.id)?._deleted, false, 'read again, the application comes back whole');
    });

    it('gives an application stored before readers existed its readers at start, so its owner still pulls it', async () => {
      const me = await server.freshSession('applicant');
      const legacy = draft(me.user.userId);
      const { _deleted: deleted, ...content } = legacy;
      // As the store held it before documents carried readers (written straight into the store).
      await server.running.store.applications.insert({
        ...content, _id: legacy.id, type: 'application', deleted, serverSeq: Date.now() * 1000, serverUpdatedAt: new Date().toISOString(),
      } as never);
      // A second server on the same store: its start backfills before it listens.
      const second = await startTestServer({ couchUrl: server.running.storeUrl, loadDemoData: false });
      try {
        const stored = await second.stored(legacy.id);
        assert.deepEqual(stored?.readers, [`user:${me.user.userId}`], 'readers backfilled from the owner');
        assert.deepEqual(stored?.formerReaders, []);
        const mine = await second.session(me.user.username, TEST_PASSWORD);
        const query = await second.api('/api/sync/applications/pull?limit=1000', { cookie: mine.cookie });
        assert.ok((query.body as PullResponse).documents.some((doc) => doc.id === legacy.id), 'the owner pulls it');
      } finally {
        await second.close();
      }
    });

    it('walks for tombstones only keys the server itself put in the checkpoint (a made-up one reveals nothing of others)', async () => {
      const alice = await server.freshSession('applicant');
      const bob = await server.freshSession('applicant');
      const hers = draft(alice.user.userId);
      await server.pushOk(alice.cookie, [{ newDocumentState: hers }]);
      const raw = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
      // Bob claims to have lost Alice's key and the front office's: an unsealed checkpoint.
      const forged = raw({ k: { [`user:${bob.user.userId}`]: -1 }, g: { [`user:${alice.user.userId}`]: -1, 'role:front-office': -1 } });
      const ids = (await pullAll(bob, forged)).documents.map((doc) => doc.id);
      assert.ok(!ids.includes(hers.id), 'nothing of Alice\'s draft, not even a tombstone');
      // A sealed checkpoint of Alice's does not hold for Bob either.
      const first = await server.api('/api/sync/applications/pull?limit=1000', { cookie: alice.cookie });
      const sealed = (first.body as PullResponse).checkpoint;
      assert.ok(sealed, 'Alice got a checkpoint');
      const replayed = (await pullAll(bob, sealed)).documents.map((doc) => doc.id);
      assert.ok(!replayed.includes(hers.id), 'nothing of hers through her checkpoint');
    });

    it('continues a checkpoint of the one-sequence era as the account\'s own documents', async () => {
      const me = await server.freshSession('applicant');
      const older = draft(me.user.userId);
      await server.pushOk(me.cookie, [{ newDocumentState: older }]);
      const seq = (await server.stored(older.id))?.serverSeq as number;
      const newer = draft(me.user.userId);
      await server.pushOk(me.cookie, [{ newDocumentState: newer }]);
      const legacy = Buffer.from(JSON.stringify({ s: seq })).toString('base64url');
      const ids = (await pullAll(me, legacy)).documents.map((doc) => doc.id);
      assert.deepEqual(ids, [newer.id], 'only what came after the old checkpoint');
    });
  });

  describe('the actions collection', () => {
    it('applies a pushed action, refuses a stale one with its reason, and pulls both back with their outcomes', async () => {
      const owner = await server.freshSession('applicant');
      const office = await server.freshSession('front-office');
      const application = await submittedTdp(server, owner);
      const acceptAction = makeAction(office, application.id, 'accept', 'submitted', {
        checks: [{ itemId: 'ktp', ok: true }, { itemId: 'npwp', ok: true }, { itemId: 'companyName', ok: true }],
      });
      // Taken offline on a status that has meanwhile moved on.
      const stale = makeAction(office, application.id, 'return', 'returned', { reasons: [{ text: 'KTP buram' }] });
      const result = await pushRows(office, [{ newDocumentState: { ...acceptAction, _deleted: false } as never }, { newDocumentState: { ...stale, _deleted: false } as never }], 'actions');
      assert.equal(result.status, 200, result.text);
      const body = result.body as PushResponse<OfficeActionWireDoc>;
      assert.deepEqual((body.refused ?? []).map((row) => row.id), [stale.id], 'only the stale action is refused');
      assert.ok(body.refused?.[0]?.reason.id && body.refused[0].reason.en, 'with a reason in both languages');
      assert.equal(body.refused?.[0]?.state?.outcome, 'refused', 'and the stored action as its state');
      assert.equal((await server.stored(application.id))?.status, 'in-review', 'the accept was applied');
      // The device takes the refused action's stored state as its copy, and RxDB pushes that write
      // as an edit: it repeats the server's state, so it must not be refused again (as immutable).
      const echoed = await pushRows(office, [{ assumedMasterState: { ...stale, _deleted: false } as never, newDocumentState: body.refused?.[0]?.state as never }], 'actions');
      assert.deepEqual((echoed.body as PushResponse).refused, [], 'the server state pushed back changes nothing and is not refused');

      const pulled = await pullAll<OfficeActionWireDoc>(office, null, 'actions');
      assert.equal(lastOf(pulled.documents, acceptAction.id)?.outcome, 'applied');
      assert.equal(lastOf(pulled.documents, stale.id)?.outcome, 'refused');
      const twice = await pushRows(office, [{ newDocumentState: { ...acceptAction, _deleted: false } as never }], 'actions');
      assert.deepEqual((twice.body as PushResponse).refused, [], 'the same action again: its stored result, nothing applied twice');
      const deleting = await pushRows(office, [{ newDocumentState: { ...acceptAction, _deleted: true } as never }], 'actions');
      assert.equal((deleting.body as PushResponse).refused?.[0]?.code, 'action-immutable');
    });

    it('takes back, as nothing to do, an application a reviewer\'s device pushes exactly as it pulled it', async () => {
      const owner = await server.freshSession('applicant');
      const office = await server.freshSession('front-office');
      const reviewer = await sessionWithAgency(server, 'agency-reviewer', TDP_AGENCY);
      const application = await submittedTdp(server, owner);
      await accept(server, office, application);
      const pulled = lastOf((await pullAll(reviewer)).documents, application.id);
      assert.equal(pulled?.status, 'in-review');
      const revision = (await server.stored(application.id))?._rev;
      for (const row of [{ newDocumentState: pulled as never }, { assumedMasterState: pulled as never, newDocumentState: pulled as never }]) {
        const echoed = await pushRows(reviewer, [row]);
        assert.equal(echoed.status, 200, echoed.text);
        assert.deepEqual((echoed.body as PushResponse).refused ?? [], [], `an echo is not refused: ${echoed.text.slice(0, 300)}`);
      }
      assert.equal((await server.stored(application.id))?._rev, revision, 'nothing written');
      // An account that does not read it gets the refusal every stranger gets, even for an exact copy.
      const stranger = await server.freshSession('applicant');
      const copied = await pushRows(stranger, [{ newDocumentState: pulled as never }]);
      assert.equal((copied.body as PushResponse).refused?.[0]?.code, 'not-owner', copied.text.slice(0, 300));
      assert.equal((await server.stored(application.id))?._rev, revision);
    });

    it('takes back, as nothing to do, another account\'s action a device pushes exactly as it pulled it, refused or applied, with or without an assumed state', async () => {
      const owner = await server.freshSession('applicant');
      const office = await server.freshSession('front-office');
      const colleague = await server.freshSession('front-office');
      const application = await submittedTdp(server, owner);
      const stale = makeAction(office, application.id, 'return', 'returned', { reasons: [{ text: 'KTP buram' }] });
      const acceptAction = makeAction(office, application.id, 'accept', 'submitted', { checks: [{ itemId: 'ktp', ok: true }] });
      await pushRows(office, [{ newDocumentState: { ...stale, _deleted: false } as never }, { newDocumentState: { ...acceptAction, _deleted: false } as never }], 'actions');
      // The colleague's device holds both (the office reads every office action) and, in a replication
      // race, pushes what it pulled back as if it were new: it carries nothing new, so it is neither
      // applied again nor refused (a refusal would list someone else's refused action on this device).
      const pulled = (await pullAll<OfficeActionWireDoc>(colleague, null, 'actions')).documents;
      const echoes = [lastOf(pulled, stale.id), lastOf(pulled, acceptAction.id)];
      assert.deepEqual(echoes.map((doc) => doc?.outcome), ['refused', 'applied']);
      for (const doc of echoes) {
        for (const row of [{ newDocumentState: doc as never }, { assumedMasterState: doc as never, newDocumentState: doc as never }]) {
          const echoed = await pushRows(colleague, [row], 'actions');
          assert.equal(echoed.status, 200, echoed.text);
          assert.deepEqual((echoed.body as PushResponse).refused, [], `an echo of ${doc?.outcome ?? '?'} is not refused`);
        }
      }
      assert.equal((await server.stored(application.id))?.status, 'in-review', 'applied once');
      // Changed in any way, it is still another account's action: refused, and nothing changes.
      const altered = await pushRows(colleague, [{ newDocumentState: { ...echoes[0], updatedAt: (echoes[0]?.updatedAt ?? 0) + 1 } as never }], 'actions');
      assert.equal((altered.body as PushResponse).refused?.[0]?.code, 'not-your-action', altered.text);
      assert.equal((await server.stored(application.id))?.status, 'in-review');
      // An account that does not read them gets the stranger's refusal for an exact copy too: an
      // empty answer would confirm a guessed copy of someone else's action.
      const stranger = await server.freshSession('applicant');
      const copied = await pushRows(stranger, [{ newDocumentState: echoes[1] as never }], 'actions');
      assert.equal((copied.body as PushResponse).refused?.[0]?.code, 'not-your-action', copied.text);
    });
  });

  /** Opens a live stream and collects its resync events, until `close`. */
  async function resyncEvents(session: Session, path = '/api/sync/stream'): Promise<{ seen: ResyncEvent[]; close(): void }> {
    const abort = new AbortController();
    const response = await fetch(`${server.url}${path}`, { headers: { cookie: session.cookie }, signal: abort.signal });
    assert.equal(response.status, 200);
    assert.ok(response.body, 'the stream has a body');
    const seen: ResyncEvent[] = [];
    readSseBlocks(response.body, (block) => {
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (block.startsWith('event: resync') && data) seen.push(JSON.parse(data) as ResyncEvent);
    });
    return { seen, close: () => abort.abort() };
  }

  const waitFor = async (condition: () => boolean, ms: number): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  };

  describe('one live stream', () => {
    it('hears a role change within a heartbeat and asks for every collection', async () => {
      const office = await server.freshSession('front-office');
      const stream = await resyncEvents(office);
      try {
        const stored = await server.running.store.users.get(userDocId(office.user.username));
        await server.running.store.users.insert({ ...stored, role: 'booth-staff' } as StoredUser);
        await waitFor(() => stream.seen.length > 0, 12_000);
        const named = new Set(stream.seen.flatMap((event) => event.collections));
        assert.ok(named.has('applications') && named.has('actions'), `every collection is pulled again: ${JSON.stringify(stream.seen)}`);
      } finally {
        stream.close();
      }
    });


    it('ends an open stream at the next heartbeat once its session ended', async () => {
      const me = await server.freshSession('applicant');
      const response = await fetch(`${server.url}/api/sync/stream`, { headers: { cookie: me.cookie } });
      assert.equal(response.status, 200);
      assert.ok(response.body, 'the stream has a body');
      const reader = response.body.getReader();
      assert.equal((await server.api('/api/auth/logout', { cookie: me.cookie, body: {} })).status, 200);
      const ended = (async () => {
        for (;;) if ((await reader.read()).done) return true;
      })();
      const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000));
      const closed = await Promise.race([ended, timeout]);
      if (!closed) await reader.cancel();
      assert.ok(closed, 'the server ended the stream');
    });

    it('names the collection that changed, on the new stream and on the old applications path', async () => {
      const me = await server.freshSession('applicant');
      const streams = await Promise.all(['/api/sync/stream', '/api/sync/applications/stream'].map(async (path) => ({ path, ...(await resyncEvents(me, path)) })));
      try {
        await server.pushOk(me.cookie, [{ newDocumentState: draft(me.user.userId) }]);
        await waitFor(() => streams.every(({ seen }) => seen.length > 0), 10_000);
        for (const { path, seen } of streams) {
          assert.ok(seen.some((event) => event.collections.includes('applications')), `${path} names the applications collection`);
        }
      } finally {
        for (const stream of streams) stream.close();
      }
    });
  });
});
