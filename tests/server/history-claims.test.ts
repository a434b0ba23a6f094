/**
 * A citizen's claim of a booth's filing is one event on the application's history (sync/claims.ts,
 * office/history.ts recordClaims): the claimant as actor, their role and name, the device and the
 * device's time when known, the server's time, and what changed (the claimant). Once, whether the
 * claim came at once or waited for the filing, however often it is repeated.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { DEVICE_HEADER, type HistoryEntry } from '../../common/sync-protocol.js';
import { newClaimCode } from '../../common/workflow.js';
import { expectError, type ApiResult, type Session, type TestServer, startTestServer } from './helpers.js';
import { CITIZEN_NIK, deviceName, historyOf, NAME, PHONE, submittedTdp, tdpAnswers } from './office-helpers.js';

describe('a claim on the application\'s history', () => {
  let server: TestServer;
  let office: Session;
  let booth: Session;
  before(async () => {
    server = await startTestServer();
    office = await server.freshSession('front-office');
    booth = await server.freshSession('booth-staff');
  });
  after(() => server.close());

  /** POST /api/claims as the device sends it: the device's name in x-ptsp-device (workspace.ts sendClaim). */
  const claim = (session: Session, body: Record<string, unknown>, device?: string): Promise<ApiResult> =>
    server.api('/api/claims', { body, cookie: session.cookie, ...(device ? { headers: { [DEVICE_HEADER]: device } } : {}) });

  /** What a booth files for a walk-in citizen: the citizen's identity and consent, and the code on the receipt. */
  const boothFiling = (claimCode: string): Partial<ApplicationWireDoc> => ({
    citizen: { nik: CITIZEN_NIK, name: NAME, phone: PHONE, address: { ...(tdpAnswers().companyAddress as Record<string, string>) } },
    consentAt: new Date().toISOString(), claimCode,
  });

  const claimsOf = async (applicationId: string): Promise<HistoryEntry[]> => {
    const history = await historyOf(server, office, applicationId);
    assert.equal(history.status, 200, history.text);
    return (history.view?.events ?? []).filter((event) => event.event === 'claim');
  };

  it('records a claim made at once with the claimant, the device and its time and what changed; repeated, still once', async () => {
    const citizen = await server.freshSession('applicant', 'Siti Pemohon');
    const code = newClaimCode();
    const filing = await submittedTdp(server, booth, boothFiling(code));
    const enteredAt = new Date(Date.now() - 90_000).toISOString();
    const phone = deviceName();
    const first = await claim(citizen, { code, enteredAt }, phone);
    assert.equal(first.status, 200, first.text);
    // The device's retry after a lost answer, typed again, and three at once.
    assert.equal((await claim(citizen, { code: code.toLowerCase(), enteredAt }, deviceName())).status, 200);
    const together = await Promise.all([0, 1, 2].map(() => claim(citizen, { code })));
    assert.deepEqual(together.map((result) => result.status), [200, 200, 200]);
    expectError(await claim(await server.freshSession('applicant'), { code }), 409, 'already-claimed');

    const records = await claimsOf(filing.id);
    assert.equal(records.length, 1, `one record: ${JSON.stringify(records)}`);
    const [record] = records;
    assert.equal(record?.actorId, citizen.user.userId);
    assert.equal(record?.actorRole, 'applicant');
    assert.equal(record?.actorName, 'Siti Pemohon');
    assert.equal(record?.device, phone, 'the device the claim came from (its x-ptsp-device header), not the retry\'s');
    assert.equal(record?.deviceAt, enteredAt, 'the device\'s own time of the claim');
    assert.ok(record && Date.parse(record.at) >= Date.parse(enteredAt), 'and the server\'s');
    assert.deepEqual(record?.changes, [{ field: 'applicantId', value: citizen.user.userId }]);
    assert.equal(record?.fromStatus, undefined, 'a claim moves no status');
    const audit = await server.audit({ action: 'application.claim', target: filing.id });
    assert.equal(audit.length, 1, 'audited once too');
  });

  it('records a waiting claim once when the filing arrives, with the device and time of the claim request; repeated afterwards, still once', async () => {
    const citizen = await server.freshSession('applicant', 'Budi Menunggu');
    const code = newClaimCode();
    const phone = deviceName();
    const enteredAt = new Date(Date.now() - 3_600_000).toISOString();
    // The route passes the device's name (x-ptsp-device); it is kept with the waiting claim.
    const waiting = await claim(citizen, { code, enteredAt }, phone);
    assert.equal(waiting.status, 202, waiting.text);

    const boothLaptop = deviceName();
    const filing = await submittedTdp(server, booth, boothFiling(code));
    assert.equal((await server.stored(filing.id))?.applicantId, citizen.user.userId, 'the push gave it to the waiting citizen');
    // The booth pushes the same state again (a lost answer): nothing more.
    const again = await server.api('/api/sync/applications/push', { body: { rows: [{ newDocumentState: filing }] }, cookie: booth.cookie, headers: { [DEVICE_HEADER]: boothLaptop } });
    assert.equal(again.status, 200, again.text);
    // The citizen's device sends the code again (it had not heard): claimed, still one record.
    const repeated = await claim(citizen, { code });
    assert.equal(repeated.status, 200, repeated.text);

    const records = await claimsOf(filing.id);
    assert.deepEqual(records.map((record) => [record.actorId, record.actorRole, record.actorName, record.device, record.deviceAt]),
      [[citizen.user.userId, 'applicant', 'Budi Menunggu', phone, enteredAt]], 'the claimant, not the booth that pushed');
    assert.deepEqual(records[0]?.changes, [{ field: 'applicantId', value: citizen.user.userId }]);
  });

  it('keeps a device time only when it is one (an ISO instant), and shows the applicant no records', async () => {
    const citizen = await server.freshSession('applicant');
    const code = newClaimCode();
    const filing = await submittedTdp(server, booth, boothFiling(code));
    assert.equal((await claim(citizen, { code, enteredAt: 'kemarin sore' }, 'bukan nama perangkat!')).status, 200);
    const [record] = await claimsOf(filing.id);
    assert.equal(record?.deviceAt, undefined);
    assert.equal(record?.device, undefined, 'nor a device name that is none');
    const own = await historyOf(server, citizen, filing.id);
    assert.equal(own.status, 200, own.text);
    assert.equal(own.view?.events, undefined, 'the citizen sees the stages only');
  });
});
