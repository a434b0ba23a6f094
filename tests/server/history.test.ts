/**
 * An application's history (sync-server/office/history.ts) through the real server: every step
 * recorded once with actor, role, device and both times; GET /api/applications/:id/history answers
 * everything to the office and the agencies it is routed to, the stages only to the applicant (no
 * notes, no staff names), and the same 404 to anyone else as for an id that does not exist; records
 * never carry whole answers or a NIK; look-ups of personal data and file downloads are recorded.
 */
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import { DEVICE_HEADER, type ApplicationHistoryResponse, type PushRow } from '../../common/sync-protocol.js';
import { newClaimCode, newProvisionalNumber } from '../../common/workflow.js';
import { History, recordFileDownload, recordIntakeMoves, recordPersonalDataLookup } from '../../sync-server/office/history.js';
import { expectError, freshId, startTestServer, type Session, type TestServer } from './helpers.js';
import {
  accept, acted, applied, CITIZEN_NIK, claimedBoothFiling, deviceName, historyOf, makeAction, NAME, NIK, OTHER_AGENCY, PARTNER_NIK, PHONE,
  sessionWithAgency, STREET, submittedTdp, TDP_AGENCY, tdpAnswers,
} from './office-helpers.js';

describe('application history', () => {
  let server: TestServer;
  let office: Session;
  let booth: Session;
  let citizen: Session;
  let reviewer: Session;
  let otherReviewer: Session;
  before(async () => {
    server = await startTestServer();
    office = await server.freshSession('front-office', 'Bu Rina Loket');
    booth = await server.freshSession('booth-staff', 'Pak Budi Gerai');
    citizen = await server.freshSession('applicant');
    reviewer = await sessionWithAgency(server, 'agency-reviewer', TDP_AGENCY, 'Pak Dedi Peninjau');
    otherReviewer = await sessionWithAgency(server, 'agency-reviewer', OTHER_AGENCY);
  });
  after(() => server.close());

  it('lists every step in order with its actor, role, device and both times; the office and the routed agency read it all', async () => {
    const filing = await claimedBoothFiling(server, booth, citizen);
    const desk = deviceName();
    const laptop = deviceName();
    await applied(server, office, makeAction(office, filing.id, 'return', 'submitted', { reasons: [{ text: `Foto KTP ${CITIZEN_NIK} buram.` }] }), desk);
    // The citizen corrects and resubmits on their phone (the device's own move, not an office action).
    const master = (await server.pullAll(citizen.cookie)).documents.filter((doc) => doc.id === filing.id).at(-1);
    assert.equal(master?.status, 'returned', 'the citizen pulls the return');
    const corrected = { ...master, status: 'submitted' as const, answers: { ...master.answers, employeeCount: 9 }, updatedAt: master.updatedAt + 1 };
    assert.deepEqual(await server.pushOk(citizen.cookie, [{ assumedMasterState: master, newDocumentState: corrected }]), { conflicts: [] });
    await accept(server, office, filing, desk);
    await applied(server, reviewer, makeAction(reviewer, filing.id, 'note', 'in-review', { text: `Cek NIK ${NIK} di OSS`, internal: true }), laptop);
    await applied(server, reviewer, makeAction(reviewer, filing.id, 'recommend', 'in-review', { recommendation: 'approve' }), laptop);

    for (const reader of [office, reviewer]) {
      const history = await historyOf(server, reader, filing.id);
      assert.equal(history.status, 200, history.text);
      const events = history.view?.events ?? [];
      assert.deepEqual(events.map((event) => event.event), ['submit', 'claim', 'return', 'resubmit', 'accept', 'note', 'recommend']);
      assert.deepEqual(events.map((event) => event.actorId),
        [booth.user.userId, citizen.user.userId, office.user.userId, citizen.user.userId, office.user.userId, reviewer.user.userId, reviewer.user.userId]);
      assert.deepEqual(events.map((event) => event.actorRole), ['booth-staff', 'applicant', 'front-office', 'applicant', 'front-office', 'agency-reviewer', 'agency-reviewer']);
      assert.deepEqual(events.map((event) => event.device), [undefined, undefined, desk, undefined, desk, laptop, laptop]);
      assert.deepEqual(events.map((event) => [event.fromStatus, event.toStatus]),
        [[undefined, 'submitted'], [undefined, undefined], ['submitted', 'returned'], ['returned', 'submitted'], ['submitted', 'in-review'], ['in-review', 'in-review'], ['in-review', 'reviewed']]);
      assert.deepEqual(events[1]?.changes, [{ field: 'applicantId', value: citizen.user.userId }], 'the claim names the claimant');
      // The claim request carried no device time (claimedBoothFiling sends the code alone).
      for (const event of events.filter((entry) => entry.event !== 'claim')) {
        assert.ok(event.deviceAt && event.at, 'device time and server time');
        assert.ok(Date.parse(event.at) >= Date.parse(event.deviceAt), 'the device made it a minute before the server got it');
      }
      assert.equal(events[6]?.agencyId, TDP_AGENCY);
      assert.ok(events[4]?.changes.some((change) => change.field === 'routedAgencies' && change.value === TDP_AGENCY), JSON.stringify(events[3]?.changes));
      assert.deepEqual(history.view?.stages.map((stage) => stage.stage), ['submitted', 'returned', 'submitted', 'in-review', 'reviewed']);
      // Never whole answers or a NIK, even one typed into a reason or a note.
      for (const secret of [NIK, CITIZEN_NIK, PARTNER_NIK, PHONE, STREET, NAME]) assert.equal(history.text.includes(secret), false, `no ${secret}`);
      assert.match(history.text, /\*{12}0003/, 'a NIK in a note shows its last four digits only');
    }
  });

  it('lists the intake moves a push wrote and the office\'s look-up, through the real routes, in order with each actor and device', async () => {
    const boothDevice = deviceName();
    const citizenPhone = deviceName();
    const desk = deviceName();
    const push = async (session: Session, rows: PushRow[], device: string, conflicts = 0): Promise<void> => {
      const result = await server.api('/api/sync/applications/push', { body: { rows }, cookie: session.cookie, headers: { [DEVICE_HEADER]: device } });
      assert.equal(result.status, 200, result.text.slice(0, 300));
      assert.equal((result.body as { conflicts: unknown[] }).conflicts.length, conflicts, result.text.slice(0, 300));
    };
    // The booth files it as a draft first (a save: no event), then submits it; the citizen claims it.
    const now = Date.now();
    const filing: ApplicationWireDoc = {
      id: freshId(), ownerId: booth.user.userId, permitTypeId: 'tdp', catalogVersion: demoCatalog.version, status: 'draft',
      answers: tdpAnswers(), createdAt: new Date(now).toISOString(), updatedAt: now, _deleted: false,
      citizen: { nik: CITIZEN_NIK, name: NAME, phone: PHONE, address: { ...(tdpAnswers().companyAddress as Record<string, string>) } },
      consentAt: new Date(now).toISOString(), claimCode: newClaimCode(),
      documents: Object.fromEntries(['ktp', 'npwp'].map((requirementId) => [requirementId, {
        fileId: freshId(), fileName: `${requirementId}.jpg`, mimeType: 'image/jpeg', size: 600, sha256: randomBytes(32).toString('hex'),
      }])),
    };
    await push(booth, [{ newDocumentState: filing }], boothDevice);
    const submitted = { ...filing, status: 'submitted' as const, provisionalNumber: newProvisionalNumber(), submittedAt: new Date().toISOString(), updatedAt: filing.updatedAt + 1 };
    await push(booth, [{ assumedMasterState: filing, newDocumentState: submitted }], boothDevice);
    // Pushed again (a device that lost the answer: a conflict, the server's copy comes back): still one submission.
    await push(booth, [{ assumedMasterState: filing, newDocumentState: submitted }], boothDevice, 1);
    const claimed = await server.api('/api/claims', { body: { code: filing.claimCode }, cookie: citizen.cookie });
    assert.equal(claimed.status, 200, claimed.text);
    const lookup = await server.api(`/api/applications/lookup?number=${encodeURIComponent(submitted.provisionalNumber)}`, { cookie: office.cookie, headers: { [DEVICE_HEADER]: desk } });
    assert.equal(lookup.status, 200, lookup.text);
    await applied(server, office, makeAction(office, filing.id, 'return', 'submitted', { reasons: [{ text: 'Foto KTP buram.' }] }), desk);
    const master = (await server.pullAll(citizen.cookie)).documents.filter((doc) => doc.id === filing.id).at(-1);
    assert.equal(master?.status, 'returned', 'the citizen pulls the return');
    await push(citizen, [{ assumedMasterState: master, newDocumentState: { ...master, status: 'submitted', updatedAt: master.updatedAt + 1 } }], citizenPhone);
    await accept(server, office, submitted, desk);

    const history = await historyOf(server, office, filing.id);
    assert.equal(history.status, 200, history.text);
    const events = history.view?.events ?? [];
    assert.deepEqual(events.map((event) => [event.event, event.actorId, event.actorRole, event.device, event.fromStatus, event.toStatus]), [
      ['submit', booth.user.userId, 'booth-staff', boothDevice, 'draft', 'submitted'],
      ['claim', citizen.user.userId, 'applicant', undefined, undefined, undefined],
      ['personal-data-lookup', office.user.userId, 'front-office', desk, undefined, undefined],
      ['return', office.user.userId, 'front-office', desk, 'submitted', 'returned'],
      ['resubmit', citizen.user.userId, 'applicant', citizenPhone, 'returned', 'submitted'],
      ['accept', office.user.userId, 'front-office', desk, 'submitted', 'in-review'],
    ]);
    assert.deepEqual(history.view?.stages.map((stage) => stage.stage), ['submitted', 'returned', 'submitted', 'in-review']);
    // The citizen's own look-up is not an event.
    const own = await server.api(`/api/applications/lookup?number=${encodeURIComponent(submitted.provisionalNumber)}`, { cookie: citizen.cookie });
    assert.equal(own.status, 200, own.text);
    assert.equal((await historyOf(server, office, filing.id)).view?.events?.length, events.length, 'nothing added by the applicant\'s own look-up');
  });

  it('shows the owner and the claiming citizen the stages only: no notes, no staff, no records', async () => {
    const filing = await claimedBoothFiling(server, booth, citizen);
    await accept(server, office, filing);
    await applied(server, reviewer, makeAction(reviewer, filing.id, 'note', 'in-review', { text: 'Catatan rahasia kantor', internal: true }));
    for (const reader of [booth, citizen]) {
      const history = await historyOf(server, reader, filing.id);
      assert.equal(history.status, 200, history.text);
      assert.deepEqual(Object.keys(history.body as object).sort(), ['applicationId', 'stages']);
      const view = history.view as ApplicationHistoryResponse;
      assert.deepEqual(view.stages.map((stage) => stage.stage), ['submitted', 'in-review']);
      for (const hidden of ['rahasia', 'Bu Rina', 'Pak Dedi', office.user.userId, reviewer.user.userId, 'note']) {
        assert.equal(history.text.includes(hidden), false, `the applicant does not see ${hidden}`);
      }
    }
  });

  it('answers anyone else with the same 404 as an id that does not exist', async () => {
    const filing = await submittedTdp(server, citizen);
    const missing = expectError(await historyOf(server, office, freshId()), 404, 'application-not-found');
    const stranger = await server.freshSession('applicant');
    for (const reader of [stranger, otherReviewer, reviewer, booth]) {
      assert.deepEqual(expectError(await historyOf(server, reader, filing.id), 404, 'application-not-found'), missing, reader.user.role);
    }
    expectError(await historyOf(server, office, '_design%2Freach'), 404, 'application-not-found');
    const anonymous = await server.api(`/api/applications/${filing.id}/history`);
    assert.equal(anonymous.status, 401);
    // Routed to the agency: now its reviewer reads it; the other agency still does not.
    await accept(server, office, filing);
    assert.equal((await historyOf(server, reviewer, filing.id)).status, 200);
    expectError(await historyOf(server, otherReviewer, filing.id), 404, 'application-not-found');
  });

  it('records why a refused action was refused, in both languages, and that it changed nothing', async () => {
    const filing = await submittedTdp(server, citizen);
    // Taken on a device that still showed the filing as returned: it moved on before this arrived.
    const stale = await acted(server, office, makeAction(office, filing.id, 'accept', 'returned'), deviceName());
    assert.equal(stale.outcome, 'refused');
    const history = await historyOf(server, office, filing.id);
    const record = history.view?.events?.find((event) => event.actionId === stale.id);
    assert.ok(record, history.text);
    assert.equal(record.outcome, 'refused');
    assert.equal(record.outcomeCode, 'stale-action');
    assert.deepEqual(record.outcomeReason, stale.outcomeReason, 'the reason the device was given');
    assert.match(record.outcomeReason?.id ?? '', /Dikembalikan|Diajukan/);
    assert.match(record.outcomeReason?.en ?? '', /moved/i);
    assert.equal(record.fromStatus, record.toStatus, 'nothing moved');
  });

  it('records each event exactly once, however often it is written, by one process or several', async () => {
    const filing = await submittedTdp(server, citizen);
    const event = { applicationId: filing.id, key: 'lookup:once', event: 'personal-data-lookup' as const, actorId: office.user.userId, actorRole: 'front-office' as const, changes: [] };
    const histories = [new History(server.running.store), new History(server.running.store)];
    const written = await Promise.all([...histories, ...histories].map((history) => history.record(event)));
    assert.equal(written.filter(Boolean).length, 1, `one write: ${written.join(', ')}`);
    const records = await histories[0]!.of(filing.id);
    assert.equal(records.filter((record) => record.key === 'lookup:once').length, 1);
  });

  it('records submissions and resubmissions a push wrote, once for each state however often it is pushed, and no saves', async () => {
    const filing = await submittedTdp(server, citizen);
    const device = deviceName();
    // A state of its own (the push of submittedTdp recorded the submission of its own state already, without a device).
    const doc = { id: filing.id, status: 'submitted' as const, updatedAt: filing.updatedAt + 1, deleted: false, submittedAt: filing.submittedAt };
    const again = { ...doc, updatedAt: filing.updatedAt + 5 };
    for (let push = 0; push < 2; push++) {
      await recordIntakeMoves(server.running.store, citizen.user, [
        { doc, from: 'draft' },
        { doc: again, from: 'returned' },
        { doc: { ...doc, status: 'draft', id: freshId() }, from: 'draft' },
        { doc: { ...again, updatedAt: again.updatedAt + 1 }, from: 'submitted' },
      ], device);
    }
    const events = ((await historyOf(server, office, filing.id)).view?.events ?? []).filter((event) => event.device === device);
    // Written in one request, so at the same instant: the order between them is not the point here.
    assert.deepEqual(events.map((event) => [event.event, event.fromStatus, event.toStatus, event.actorRole, event.device]).sort(),
      [['resubmit', 'returned', 'submitted', 'applicant', device], ['submit', 'draft', 'submitted', 'applicant', device]]);
    assert.equal(events.find((event) => event.event === 'submit')?.deviceAt, filing.submittedAt);
  });

  it('records a routed agency\'s reviewer looking the application up by its number, as the office\'s look-ups are', async () => {
    const filing = await submittedTdp(server, citizen);
    const laptop = deviceName();
    await accept(server, office, filing, deviceName());
    const lookup = await server.api(`/api/applications/lookup?number=${encodeURIComponent(filing.provisionalNumber ?? '')}`, { cookie: reviewer.cookie, headers: { [DEVICE_HEADER]: laptop } });
    assert.equal(lookup.status, 200, lookup.text);
    const events = (await historyOf(server, office, filing.id)).view?.events ?? [];
    assert.deepEqual(events.filter((event) => event.event === 'personal-data-lookup').map((event) => [event.actorId, event.actorRole, event.device, event.agencyId]),
      [[reviewer.user.userId, 'agency-reviewer', laptop, TDP_AGENCY]]);
  });

  it('records the booth staff who filed it looking the citizen\'s application up (staff, though they own the filing); not the citizen', async () => {
    const filing = await claimedBoothFiling(server, booth, citizen);
    const number = encodeURIComponent(filing.provisionalNumber ?? '');
    for (const session of [booth, citizen]) {
      const lookup = await server.api(`/api/applications/lookup?number=${number}`, { cookie: session.cookie });
      assert.equal(lookup.status, 200, lookup.text);
    }
    const events = (await historyOf(server, office, filing.id)).view?.events ?? [];
    assert.deepEqual(events.filter((event) => event.event === 'personal-data-lookup').map((event) => [event.actorId, event.actorRole]),
      [[booth.user.userId, 'booth-staff']]);
  });

  it('records a look-up of the citizen\'s data by the office and a download by someone other than the uploader', async () => {
    const filing = await submittedTdp(server, citizen);
    const device = deviceName();
    await recordPersonalDataLookup(server.running.store, office.user, filing, device);
    // The applicant finding their own application, and the uploader fetching their own file, are not events.
    await recordPersonalDataLookup(server.running.store, citizen.user, filing);
    const fileId = filing.documents?.ktp?.fileId ?? '';
    await recordFileDownload(server.running.store, office.user, { applicationId: filing.id, fileId, uploadedBy: citizen.user.userId, requirementId: 'ktp' }, device);
    await recordFileDownload(server.running.store, citizen.user, { applicationId: filing.id, fileId, uploadedBy: citizen.user.userId });
    const events = (await historyOf(server, office, filing.id)).view?.events ?? [];
    // The submission is the push's own record (no device named), before the look-up and the download.
    assert.deepEqual(events.map((event) => [event.event, event.actorId, event.device]),
      [['submit', citizen.user.userId, undefined], ['personal-data-lookup', office.user.userId, device], ['file-download', office.user.userId, device]]);
    assert.equal(events[2]?.fileId, fileId);
    assert.equal(events[1]?.actorName, 'Bu Rina Loket', 'the office sees who looked');
  });
});
