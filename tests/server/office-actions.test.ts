/**
 * Office actions applied by the real server (sync-server/office/office-actions.ts), through
 * POST /api/office/actions: every kind applied and refused, exactly once by action id, stale
 * actions refused with their reason, the two-agency review, the SLA clock stopped while the office
 * waits for the applicant, internal notes kept from the applicant, and the old return route going
 * through the same path.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import type { ApplicationHistoryResponse } from '../../common/sync-protocol.js';
import { CatalogService } from '../../sync-server/catalog-service.js';
import { OfficeActions, type Actor } from '../../sync-server/office/office-actions.js';
import type { StoredAction, StoredApplication } from '../../sync-server/store.js';
import { expectError, freshId, startTestServer, type Session, type TestServer } from './helpers.js';
import {
  accept, acted, applied, deviceName, historyOf, makeAction, OTHER_AGENCY, sendAction, sessionWithAgency, storedApplication,
  submittedTdp, TDP_AGENCY,
} from './office-helpers.js';

describe('office actions on the server', () => {
  let server: TestServer;
  let office: Session;
  let applicant: Session;
  let reviewer: Session;
  let otherReviewer: Session;
  before(async () => {
    server = await startTestServer();
    office = await server.freshSession('front-office', 'Petugas Loket Uji');
    applicant = await server.freshSession('applicant');
    reviewer = await sessionWithAgency(server, 'agency-reviewer', TDP_AGENCY);
    otherReviewer = await sessionWithAgency(server, 'agency-reviewer', OTHER_AGENCY);
  });
  after(() => server.close());

  const storedAction = async (id: string): Promise<StoredAction> => server.running.store.actions.get(id);
  const eventsOf = async (id: string): Promise<NonNullable<ApplicationHistoryResponse['events']>> => {
    const history = await historyOf(server, office, id);
    assert.equal(history.status, 200, history.text);
    // The office's records; the applicant's own submission (tests/server/history.test.ts) is not what this suite checks.
    const first = history.view?.events?.[0];
    assert.equal(first?.event, 'submit', `the submission is the first record: ${JSON.stringify(first)}`);
    return (history.view?.events ?? []).slice(1);
  };

  it('accepts a submission: in review by the agencies its type names, a stage with the server time, and the action comes back applied', async () => {
    const application = await submittedTdp(server, applicant);
    const device = deviceName();
    const before_ = Date.now();
    const action = await accept(server, office, application, device);
    assert.equal(action.actorRole, 'front-office');
    assert.ok(action.appliedAt && Date.parse(action.appliedAt) >= before_ - 1000, 'appliedAt is the server time');
    const stored = await storedApplication(server, application.id);
    assert.equal(stored.status, 'in-review');
    assert.deepEqual(stored.routedAgencies, [TDP_AGENCY]);
    assert.deepEqual(stored.recommendedAgencies, []);
    assert.ok(stored.acceptedAt, 'acceptedAt');
    assert.deepEqual((stored.stages as { stage: string }[]).map((stage) => stage.stage).slice(-1), ['in-review']);
    const kept = await storedAction(action.id);
    assert.equal(kept.writerDevice, undefined, 'a server-changed document names no writer, so its own device pulls the outcome');
    assert.ok(typeof kept.serverSeq === 'number' && kept.serverSeq > 0, 'the action has a sequence');
    assert.ok(kept.readers.includes(`agency:${TDP_AGENCY}`), `the routed agency reads it: ${kept.readers.join(', ')}`);
    assert.equal(kept.readers.includes(`user:${applicant.user.userId}`), false, 'the applicant does not read an accept');
    const events = await eventsOf(application.id);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.device, device);
    assert.equal(events[0]?.deviceAt, action.createdAt);
    assert.equal(events[0]?.fromStatus, 'submitted');
    assert.equal(events[0]?.toStatus, 'in-review');
  });

  it('applies the same action once however often it is sent, and records one history entry', async () => {
    const application = await submittedTdp(server, applicant);
    const action = makeAction(office, application.id, 'accept', 'submitted', { checks: [{ itemId: 'ktp', ok: true }] });
    const first = await sendAction(server, office, action);
    assert.equal(first.status, 201, first.text);
    const seq = (await storedApplication(server, application.id)).serverSeq;
    for (let again = 0; again < 3; again++) {
      const repeat = await sendAction(server, office, { ...action, updatedAt: action.updatedAt + again });
      assert.equal(repeat.status, 200, repeat.text);
      assert.deepEqual(repeat.body, first.body, 'the stored action, as first answered');
    }
    assert.equal((await storedApplication(server, application.id)).serverSeq, seq, 'the application was written once');
    assert.equal((await eventsOf(application.id)).length, 1, 'one history entry');
    // The same id for something else is not "the same action".
    expectError(await sendAction(server, office, { ...action, kind: 'note', checks: undefined, text: 'lain' }), 409, 'action-id-in-use');
  });

  it('refuses a stale action with its reason and changes nothing; the refusal is stored and goes back to its device', async () => {
    const application = await submittedTdp(server, applicant);
    await accept(server, office, application);
    const seq = (await storedApplication(server, application.id)).serverSeq;
    // A second desk, offline, returned it while it was still submitted.
    const late = makeAction(office, application.id, 'return', 'submitted', { reasons: [{ text: 'Foto KTP buram.' }] });
    const refused = await acted(server, office, late);
    assert.equal(refused.outcome, 'refused');
    assert.equal(refused.outcomeCode, 'stale-action');
    assert.match(refused.outcomeReason?.en ?? '', /moved from .+ to .+ before this action arrived/);
    assert.match(refused.outcomeReason?.id ?? '', /berpindah/);
    const stored = await storedApplication(server, application.id);
    assert.equal(stored.status, 'in-review');
    assert.equal(stored.serverSeq, seq, 'nothing written on the application');
    assert.equal((await storedAction(late.id)).outcome, 'refused');
    const events = await eventsOf(application.id);
    assert.deepEqual(events.map((event) => [event.event, event.outcome]), [['accept', 'applied'], ['return', 'refused']]);
  });

  it('refuses what the table forbids: a role that may not, an agency it is not routed to, a return without reasons', async () => {
    const application = await submittedTdp(server, applicant);
    const byApplicant = await acted(server, applicant, makeAction(applicant, application.id, 'accept', 'submitted', { checks: [] }));
    assert.equal(byApplicant.outcome, 'refused');
    assert.equal(byApplicant.outcomeCode, 'role-not-allowed');
    const noReasons = await acted(server, office, makeAction(office, application.id, 'return', 'submitted', { reasons: [{ text: '   ' }] }));
    assert.equal(noReasons.outcomeCode, 'reason-required');
    await accept(server, office, application);
    // A reviewer of an agency it is not routed to cannot read it: the 404 of a missing application, nothing stored.
    const elsewhere = makeAction(otherReviewer, application.id, 'recommend', 'in-review', { recommendation: 'approve' });
    expectError(await sendAction(server, otherReviewer, elsewhere), 404, 'application-not-found');
    await assert.rejects(storedAction(elsewhere.id), (error: { statusCode?: number }) => error.statusCode === 404, 'the probe is not stored');
    const answerNow = await acted(server, applicant, makeAction(applicant, application.id, 'answer', 'in-review', { text: 'Jawaban' }));
    assert.equal(answerNow.outcomeCode, 'not-allowed-now', 'no question is open');
    assert.equal((await storedApplication(server, application.id)).status, 'in-review', 'nothing refused changed the application');
  });

  it('refuses malformed actions, actions in another account\'s name and unknown applications with a 4xx, storing nothing', async () => {
    const application = await submittedTdp(server, applicant);
    const good = makeAction(office, application.id, 'accept', 'submitted', { checks: [{ itemId: 'ktp', ok: true }] });
    const cases: [unknown, number, string][] = [
      [{ ...good, kind: 'approve-everything' }, 400, 'invalid-input'],
      [{ ...good, basedOnStatus: undefined }, 400, 'invalid-input'],
      [{ ...good, text: 'a note field on an accept' }, 400, 'invalid-input'],
      [{ ...good, surprise: 1 }, 400, 'invalid-input'],
      [{ ...good, _deleted: true }, 400, 'invalid-input'],
      [[good], 400, 'invalid-input'],
      [{ ...good, actorId: applicant.user.userId }, 403, 'not-your-action'],
      [{ ...good, applicationId: freshId() }, 404, 'application-not-found'],
    ];
    for (const [body, status, code] of cases) {
      const result = await sendAction(server, office, body);
      expectError(result, status, code);
      const id = (body as { id?: string }).id;
      if (id) assert.equal(await server.running.store.actions.get(id).then(() => true, () => false), false, `${code}: nothing stored`);
    }
    // The applicant's own application of another applicant: the same 404 as a missing one.
    const stranger = await server.freshSession('applicant');
    expectError(await sendAction(server, stranger, makeAction(stranger, application.id, 'answer', 'submitted', { text: 'x' })), 404, 'application-not-found');
    // What only the server sets is dropped, whatever the device claims.
    const forged = await acted(server, office, { ...good, outcome: 'applied', actorRole: 'admin', agencyId: 'bapenda', outcomeCode: 'ok' } as never);
    assert.equal(forged.actorRole, 'front-office');
    assert.equal(forged.agencyId, undefined);
    assert.equal(forged.outcome, 'applied');
    assert.equal(forged.outcomeCode, undefined);
  });

  it('returns through an action: reasons reach the application, the clock stops; the applicant reads the return action', async () => {
    const application = await submittedTdp(server, applicant);
    const action = await applied(server, office, makeAction(office, application.id, 'return', 'submitted', {
      checks: [{ itemId: 'ktp', ok: false, text: 'Foto KTP buram.' }], reasons: [{ fieldId: 'ktp', text: 'Foto KTP buram.' }],
    }));
    const stored = await storedApplication(server, application.id);
    assert.equal(stored.status, 'returned');
    assert.deepEqual(stored.returnReasons, [{ fieldId: 'ktp', text: 'Foto KTP buram.' }]);
    assert.equal(stored.returnedAt, new Date(stored.updatedAt).toISOString(), 'returnedAt is the instant of updatedAt');
    assert.deepEqual(stored.clockStops, [{ from: stored.returnedAt }], 'the SLA clock stops while the applicant corrects');
    assert.ok((await storedAction(action.id)).readers.includes(`user:${applicant.user.userId}`), 'the applicant reads the return');
  });

  it('needs information stops the clock; the applicant\'s answer restarts it; then the agency recommends and it is reviewed', async () => {
    const application = await submittedTdp(server, applicant);
    await accept(server, office, application);
    const question = await applied(server, reviewer, makeAction(reviewer, application.id, 'recommend', 'in-review', {
      recommendation: 'needs-information', question: 'Lampirkan denah lokasi usaha.',
    }));
    assert.equal(question.agencyId, TDP_AGENCY);
    let stored = await storedApplication(server, application.id);
    assert.equal(stored.status, 'needs-information');
    assert.deepEqual(stored.openQuestion, { actionId: question.id, agencyId: TDP_AGENCY, text: 'Lampirkan denah lokasi usaha.', askedAt: (stored.openQuestion as { askedAt: string }).askedAt });
    const stops = stored.clockStops as { from: string; to?: string }[];
    assert.equal(stops.length, 1);
    assert.equal(stops[0]?.to, undefined, 'the clock is stopped');
    assert.ok((await storedAction(question.id)).readers.includes(`user:${applicant.user.userId}`), 'the applicant reads the question');

    // The reviewer cannot recommend while their own question is open.
    const early = await acted(server, reviewer, makeAction(reviewer, application.id, 'recommend', 'needs-information', { recommendation: 'approve' }));
    assert.equal(early.outcomeCode, 'question-open');

    const answer = await applied(server, applicant, makeAction(applicant, application.id, 'answer', 'needs-information', { text: 'Denah sudah dilampirkan.' }));
    stored = await storedApplication(server, application.id);
    assert.equal(stored.status, 'in-review');
    assert.equal(stored.openQuestion, undefined, 'the question is answered');
    const restarted = stored.clockStops as { from: string; to?: string }[];
    assert.equal(restarted.length, 1);
    assert.ok(restarted[0]?.to && restarted[0].to >= restarted[0].from, `the clock runs again: ${JSON.stringify(restarted)}`);
    assert.equal(answer.actorRole, 'applicant');

    await applied(server, reviewer, makeAction(reviewer, application.id, 'recommend', 'in-review', { recommendation: 'approve-with-conditions', conditions: 'Papan nama dipasang.' }));
    stored = await storedApplication(server, application.id);
    assert.equal(stored.status, 'reviewed', 'the only routed agency recommended');
    assert.ok(stored.reviewedAt, 'reviewedAt');
    const again = await acted(server, reviewer, makeAction(reviewer, application.id, 'recommend', 'reviewed', { recommendation: 'reject' }));
    assert.equal(again.outcome, 'refused', 'once per agency per round');
  });

  it('moves to reviewed only after both routed agencies recommended (re-routed to two agencies)', async () => {
    const application = await submittedTdp(server, applicant);
    await accept(server, office, application);
    await applied(server, office, makeAction(office, application.id, 'reroute', 'in-review', { agencies: [TDP_AGENCY, OTHER_AGENCY], text: 'Ada reklame.' }));
    assert.deepEqual((await storedApplication(server, application.id)).routedAgencies, [TDP_AGENCY, OTHER_AGENCY]);
    await applied(server, reviewer, makeAction(reviewer, application.id, 'recommend', 'in-review', { recommendation: 'approve' }));
    let stored = await storedApplication(server, application.id);
    assert.equal(stored.status, 'in-review', 'one of two agencies recommended: still in review');
    assert.deepEqual(stored.recommendedAgencies, [TDP_AGENCY]);
    await applied(server, otherReviewer, makeAction(otherReviewer, application.id, 'recommend', 'in-review', { recommendation: 'approve' }));
    stored = await storedApplication(server, application.id);
    assert.equal(stored.status, 'reviewed');
    assert.deepEqual([...(stored.recommendedAgencies as string[])].sort(), [OTHER_AGENCY, TDP_AGENCY].sort());
    const events = await eventsOf(application.id);
    assert.deepEqual(events.map((event) => event.event), ['accept', 'reroute', 'recommend', 'recommend']);
    assert.deepEqual(events.map((event) => event.toStatus), ['in-review', 'in-review', 'in-review', 'reviewed']);
    assert.deepEqual(events.slice(2).map((event) => event.agencyId), [TDP_AGENCY, OTHER_AGENCY]);
  });

  it('keeps internal notes from the applicant: not among the action\'s readers, not in the applicant\'s history', async () => {
    const application = await submittedTdp(server, applicant);
    await accept(server, office, application);
    const secret = 'Catatan internal: pemohon pernah ditolak 2024';
    const note = await applied(server, reviewer, makeAction(reviewer, application.id, 'note', 'in-review', { text: secret, internal: true }));
    const readers = (await storedAction(note.id)).readers;
    assert.equal(readers.some((key) => key === `user:${applicant.user.userId}` || key === `user:${application.ownerId}`), false, readers.join(', '));
    assert.ok(readers.includes(`agency:${TDP_AGENCY}`) && readers.includes('role:front-office'), 'the office and the agency read it');
    const own = await historyOf(server, applicant, application.id);
    assert.equal(own.status, 200, own.text);
    assert.equal(own.text.includes('Catatan'), false, 'no note in the applicant\'s history');
    assert.equal(own.view?.events, undefined, 'the applicant sees the stages only');
    const events = await eventsOf(application.id);
    assert.equal(events.at(-1)?.event, 'note');
    assert.equal(events.at(-1)?.internal, true);
  });

  it('sends the applicant only the actions meant for them through the actions pull: never a note, internal or not', async () => {
    const application = await submittedTdp(server, applicant);
    await accept(server, office, application);
    const internal = await applied(server, reviewer, makeAction(reviewer, application.id, 'note', 'in-review', { text: 'Catatan dalam kantor saja', internal: true }));
    const plain = await applied(server, office, makeAction(office, application.id, 'note', 'in-review', { text: 'Catatan kerja loket' }));
    const question = await applied(server, reviewer, makeAction(reviewer, application.id, 'recommend', 'in-review', { recommendation: 'needs-information', question: 'Kapan usaha mulai buka?' }));
    const pullAll = async (session: Session): Promise<{ ids: string[]; text: string }> => {
      const ids: string[] = [];
      let text = '';
      let checkpoint: string | null = null;
      for (;;) {
        const query: string = checkpoint ? `?checkpoint=${encodeURIComponent(checkpoint)}&limit=1000` : '?limit=1000';
        const page = await server.api(`/api/sync/actions/pull${query}`, { cookie: session.cookie });
        assert.equal(page.status, 200, page.text);
        const body = page.body as { documents: { id: string }[]; checkpoint: string | null };
        text += page.text;
        if (body.documents.length === 0) return { ids, text };
        ids.push(...body.documents.map((doc) => doc.id));
        checkpoint = body.checkpoint;
      }
    };
    const mine = await pullAll(applicant);
    assert.ok(mine.ids.includes(question.id), 'the applicant receives the question');
    for (const hidden of [internal.id, plain.id]) assert.equal(mine.ids.includes(hidden), false, `the applicant never receives note ${hidden}`);
    for (const text of ['Catatan dalam kantor', 'Catatan kerja']) assert.equal(mine.text.includes(text), false, `no "${text}" on the applicant's wire`);
    const theirs = await pullAll(reviewer);
    for (const id of [internal.id, plain.id, question.id]) assert.ok(theirs.ids.includes(id), `the routed agency receives ${id}`);
    const elsewhere = await pullAll(otherReviewer);
    assert.equal(elsewhere.ids.includes(internal.id), false, 'another agency never receives it');
  });

  it('POST /api/applications/:id/return is a return action made on the caller\'s behalf', async () => {
    const application = await submittedTdp(server, applicant);
    const result = await server.api(`/api/applications/${application.id}/return`, { cookie: office.cookie, body: { reasons: [{ text: 'NPWP tidak terbaca.', fieldId: 'npwp' }] } });
    assert.equal(result.status, 200, result.text);
    const returned = (result.body as { application: ApplicationWireDoc }).application;
    assert.equal(returned.status, 'returned');
    const events = await eventsOf(application.id);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.event, 'return');
    assert.equal(events[0]?.actorId, office.user.userId);
    const action = await storedAction(events[0]?.actionId ?? '');
    assert.equal(action.kind, 'return');
    assert.equal(action.outcome, 'applied');
    expectError(await server.api(`/api/applications/${application.id}/return`, { cookie: office.cookie, body: { reasons: [{ text: 'lagi' }] } }), 409, 'not-submitted');
  });
});

describe('office actions when another process writes the application meanwhile', () => {
  let server: TestServer;
  let office: Session;
  let applicant: Session;
  before(async () => {
    server = await startTestServer();
    office = await server.freshSession('front-office');
    applicant = await server.freshSession('applicant');
  });
  after(() => server.close());

  /**
   * The write functions of a second process on the same store: the application is read, then
   * `meanwhile` changes it in the store (as another process would) before this one writes, so the
   * write meets CouchDB's 409 the first time.
   */
  function racedWrites(meanwhile: (doc: StoredApplication) => Partial<StoredApplication>): { writes: ConstructorParameters<typeof OfficeActions>[1]; reads: () => number } {
    const store = server.running.store;
    let reads = 0;
    let seq = Date.now();
    return {
      reads: () => reads,
      writes: {
        underWriteLock: (work) => work(),
        readApplication: async (id) => {
          const doc = await store.applications.get(id);
          reads += 1;
          if (reads === 1) await store.applications.insert({ ...doc, ...meanwhile(doc), serverSeq: (seq += 1) });
          return doc;
        },
        writeApplicationChange: async (doc, change) => {
          const next = { ...doc, ...change, serverSeq: (seq += 1), serverUpdatedAt: new Date().toISOString() };
          const result = await store.applications.insert(next);
          return { ...next, _rev: result.rev };
        },
        nextSeq: () => (seq += 1),
      },
    };
  }

  /** The write functions of a process of its own on the same store, with hooks into its read and its write. */
  function processWrites(hooks: { afterRead?: () => Promise<void>; afterWrite?: () => Promise<void> } = {}): ConstructorParameters<typeof OfficeActions>[1] {
    const store = server.running.store;
    let seq = Date.now() * 10;
    let reads = 0;
    return {
      underWriteLock: (work) => work(),
      readApplication: async (id) => {
        const doc = await store.applications.get(id);
        if ((reads += 1) === 1) await hooks.afterRead?.();
        return doc;
      },
      writeApplicationChange: async (doc, change) => {
        const next = { ...doc, ...change, serverSeq: (seq += 1), serverUpdatedAt: new Date().toISOString() };
        const result = await store.applications.insert(next);
        await hooks.afterWrite?.();
        return { ...next, _rev: result.rev };
      },
      nextSeq: () => (seq += 1),
    };
  }

  it('the same action applied by two processes at once is applied once, whichever stores it first', async () => {
    const catalogs = new CatalogService(server.running.store);
    const actor = office_(office);
    for (const race of ['the other applies it between this one\'s read and write', 'the other refuses it between this one\'s write and its storing']) {
      const application = await submittedTdp(server, applicant);
      const action = makeAction(office, application.id, 'accept', 'submitted', { checks: [{ itemId: 'ktp', ok: true }] });
      const other = new OfficeActions(server.running.store, processWrites(), catalogs);
      const otherResults: string[] = [];
      const runOther = async (): Promise<void> => {
        otherResults.push((await other.apply(actor, action)).action.outcome ?? '');
      };
      const first = race.startsWith('the other applies') ? processWrites({ afterRead: runOther }) : processWrites({ afterWrite: runOther });
      const result = await new OfficeActions(server.running.store, first, catalogs).apply(actor, action);
      assert.equal(result.action.outcome, 'applied', `${race}: ${result.action.outcomeCode ?? ''}`);
      const stored = await server.running.store.actions.get(action.id);
      assert.equal(stored.outcome, 'applied', `${race}: the stored action says applied`);
      assert.equal((await storedApplication(server, application.id)).status, 'in-review');
      const applyRecords = (await eventsOf(application.id)).filter((event) => event.outcome === 'applied');
      assert.equal(applyRecords.length, 1, `${race}: one applied record (other process: ${otherResults.join(', ')})`);
    }
  });

  const office_ = (session: Session): Actor => ({ userId: session.user.userId, role: session.user.role, displayName: session.user.displayName });
  const eventsOf = async (id: string): Promise<NonNullable<ApplicationHistoryResponse['events']>> => (await historyOf(server, office, id)).view?.events ?? [];

  it('decides again on what the other process wrote: applied when it still may be', async () => {
    const application = await submittedTdp(server, applicant);
    const { writes, reads } = racedWrites(() => ({ registrationNumber: '0001/TDP/03/2026', registeredAt: new Date().toISOString() }));
    const actions = new OfficeActions(server.running.store, writes, new CatalogService(server.running.store));
    const result = await actions.apply(office_(office), makeAction(office, application.id, 'accept', 'submitted', { checks: [{ itemId: 'ktp', ok: true }] }));
    assert.equal(result.action.outcome, 'applied');
    assert.equal(reads(), 2, 'read again after the 409');
    const stored = await storedApplication(server, application.id);
    assert.equal(stored.status, 'in-review');
    assert.equal(stored.registrationNumber, '0001/TDP/03/2026', 'the other process\'s change is kept');
  });

  it('decides again on what the other process wrote: refused as stale when it moved on', async () => {
    const application = await submittedTdp(server, applicant);
    const { writes } = racedWrites((doc) => ({ status: 'returned', returnedAt: new Date().toISOString(), returnReasons: [{ text: 'x' }], updatedAt: doc.updatedAt + 1 }));
    const actions = new OfficeActions(server.running.store, writes, new CatalogService(server.running.store));
    const result = await actions.apply(office_(office), makeAction(office, application.id, 'accept', 'submitted', { checks: [{ itemId: 'ktp', ok: true }] }));
    assert.equal(result.action.outcome, 'refused');
    assert.equal(result.action.outcomeCode, 'stale-action');
    assert.equal((await storedApplication(server, application.id)).status, 'returned');
  });

  it('a process that stopped after writing the application but before storing the action: the resend is recognized as applied, once', async () => {
    const catalogs = new CatalogService(server.running.store);
    const actor = office_(office);
    const application = await submittedTdp(server, applicant);
    const action = makeAction(office, application.id, 'accept', 'submitted', { checks: [{ itemId: 'ktp', ok: true }] });
    // The first process writes the application's change, then dies before the action is stored.
    const dying = new OfficeActions(server.running.store, processWrites({ afterWrite: () => Promise.reject(new Error('the process stopped')) }), catalogs);
    await assert.rejects(dying.apply(actor, action), /the process stopped/);
    assert.equal((await storedApplication(server, application.id)).status, 'in-review', 'the change was written');
    const storedAction = async (id: string): Promise<StoredAction> => server.running.store.actions.get(id);
    await assert.rejects(storedAction(action.id), (error: { statusCode?: number }) => error.statusCode === 404, 'the action was not stored');
    assert.equal((await storedApplication(server, application.id)).lastActionId, action.id, 'the application names the action that changed it');
    const pulled = (await server.pullAll(office.cookie)).documents.filter((doc) => doc.id === application.id).at(-1);
    assert.equal(pulled?.status, 'in-review');
    assert.equal('lastActionId' in (pulled ?? {}), false, 'the mark is stored only, never on the wire');
    // The device sends it again, to a process started afresh: the same action made that change.
    const restarted = new OfficeActions(server.running.store, processWrites(), catalogs);
    const resent = await restarted.apply(actor, action);
    assert.equal(resent.action.outcome, 'applied', `recognized, not refused as stale: ${JSON.stringify(resent.action.outcomeReason)}`);
    assert.equal((await storedAction(action.id)).outcome, 'applied');
    const again = await restarted.apply(actor, action);
    assert.equal(again.fresh, false, 'a third send is the stored action');
    const stored = await storedApplication(server, application.id);
    assert.equal(stored.status, 'in-review');
    assert.equal(stored.stages?.filter((stage) => stage.stage === 'in-review').length, 1, 'accepted once');
    const events = (await eventsOf(application.id)).filter((event) => event.event !== 'submit');
    assert.deepEqual(events.map((event) => [event.event, event.outcome, event.fromStatus, event.toStatus]), [['accept', 'applied', 'submitted', 'in-review']]);
  });
});
