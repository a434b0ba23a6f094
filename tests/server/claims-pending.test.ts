/**
 * A citizen's claim code that no submitted filing carries yet (the booth has not synced) waits on
 * the server, and completes by itself when the booth's submission arrives: the application then
 * reaches the citizen's devices through the normal pull and live stream.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import nano from 'nano';
import type { AnswerValue, ApplicationWireDoc } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import { DEVICE_HEADER, PENDING_CLAIM_DAYS, type ClaimResponse, type PullResponse } from '../../common/sync-protocol.js';
import { newClaimCode, newProvisionalNumber } from '../../common/workflow.js';
import { DATABASES } from '../../sync-server/store.js';
import { MAX_PENDING_CLAIMS_PER_ACCOUNT } from '../../sync-server/sync/claims.js';
import { expectError, freshId, openEventStream, startTestServer, type ApiResult, type Session, type TestServer } from './helpers.js';

const ADDRESS = {
  street: 'Jl. Jenderal Sudirman No. 12', rtRw: '003/005', village: 'Klandasan Ilir', district: 'Balikpapan Kota',
  city: 'Kota Balikpapan', province: 'Kalimantan Timur', postalCode: '76113',
};

function tdpAnswers(): Record<string, AnswerValue> {
  return {
    applicantNik: '6471021708900003', applicantName: 'Siti Aminah', applicantPhone: '081234567890', companyName: 'CV Maju Jaya',
    businessForm: 'cv', companyAddress: { ...ADDRESS }, partners: [{ name: 'Ahmad Fauzi', nik: '6471051708900002', position: 'active' }],
    kbli: '47112', siupNumber: '', establishmentDate: '2018-03-12', employeeCount: 8,
  };
}

const BOOTH_DEVICE = 'booth-laptop-0001';

describe('claims that wait for the booth\'s filing', () => {
  let server: TestServer;
  let booth: Session;
  let citizen: Session;
  let other: Session;
  let meta: nano.DocumentScope<Record<string, unknown>>;

  before(async () => {
    server = await startTestServer();
    booth = await server.freshSession('booth-staff');
    citizen = await server.freshSession('applicant');
    other = await server.freshSession('applicant');
    meta = nano({ url: server.storeUrl }).use(DATABASES.meta);
  });
  after(() => server.close());

  const claim = (session: Session, code: string): Promise<ApiResult> => server.api('/api/claims', { body: { code }, cookie: session.cookie });

  /** A booth filing for a walk-in citizen, as the booth's device sends it: a draft, or submitted. */
  const filing = (claimCode: string, status: 'draft' | 'submitted'): ApplicationWireDoc => ({
    id: freshId(), ownerId: booth.user.userId, permitTypeId: 'tdp', catalogVersion: demoCatalog.version, status,
    answers: tdpAnswers(), createdAt: new Date().toISOString(), updatedAt: Date.now(), _deleted: false,
    documents: Object.fromEntries(['ktp', 'npwp'].map((requirementId) => [requirementId,
      { fileId: freshId(), fileName: `${requirementId}.jpg`, mimeType: 'image/jpeg', size: 500, sha256: 'a'.repeat(64) }])),
    citizen: { nik: '6471055708900002', name: 'Siti Aminah', phone: '081234567890', address: { ...ADDRESS } },
    consentAt: new Date().toISOString(), claimCode,
    ...(status === 'submitted' ? { provisionalNumber: newProvisionalNumber(), submittedAt: new Date().toISOString() } : {}),
  });

  const pushFromBooth = async (doc: ApplicationWireDoc, assumed?: ApplicationWireDoc): Promise<void> => {
    const result = await server.api('/api/sync/applications/push', {
      cookie: booth.cookie, headers: { [DEVICE_HEADER]: BOOTH_DEVICE },
      body: { rows: [assumed ? { assumedMasterState: assumed, newDocumentState: doc } : { newDocumentState: doc }] },
    });
    assert.equal(result.status, 200, result.text.slice(0, 500));
  };

  const pullAs = async (session: Session, device?: string): Promise<ApplicationWireDoc[]> => {
    const result = await server.api('/api/sync/applications/pull?limit=1000', { cookie: session.cookie, headers: device ? { [DEVICE_HEADER]: device } : {} });
    assert.equal(result.status, 200, result.text);
    return (result.body as PullResponse).documents;
  };

  it('waits (202) for a code whose filing has not arrived, then gives the filing to the citizen when the booth submits it', async () => {
    const code = newClaimCode();
    const typed = code.toLowerCase().replace('-', ' ');
    const first = await claim(citizen, typed);
    assert.equal(first.status, 202, first.text);
    const pending = first.body as Extract<ClaimResponse, { status: 'pending' }>;
    assert.equal(pending.status, 'pending');
    assert.equal(pending.code, code, 'the code as the server reads it');
    const days = (Date.parse(pending.expiresAt) - Date.now()) / 86_400_000;
    assert.ok(Math.abs(days - PENDING_CLAIM_DAYS) < 0.01, `expires in ${PENDING_CLAIM_DAYS} days: ${pending.expiresAt}`);
    const again = await claim(citizen, code);
    assert.equal(again.status, 202, 'claiming again while waiting is harmless');
    assert.equal((again.body as { expiresAt: string }).expiresAt, pending.expiresAt, 'and does not extend the wait');

    const elsewhere = expectError(await claim(other, code), 409, 'claim-pending-elsewhere');
    assert.match(elsewhere.message.en, /Another account is already waiting/);

    // The booth's draft with that code is not yet a filing to claim.
    const draftDoc = filing(code, 'draft');
    await pushFromBooth(draftDoc);
    assert.equal((await server.stored(draftDoc.id))?.applicantId, undefined, 'a draft is never given away');

    const stream = await openEventStream(server.url, citizen.cookie);
    try {
      const before = stream.events.length;
      const submitted: ApplicationWireDoc = { ...filing(code, 'submitted'), id: draftDoc.id, createdAt: draftDoc.createdAt, updatedAt: draftDoc.updatedAt + 1 };
      await pushFromBooth(submitted, draftDoc);
      assert.equal((await server.stored(draftDoc.id))?.applicantId, citizen.user.userId, 'the waiting account is the applicant');
      await stream.waitFor('resync', 10_000, before);
    } finally {
      stream.close();
    }
    const mine = (await pullAs(citizen)).find((doc) => doc.id === draftDoc.id);
    assert.equal(mine?.applicantId, citizen.user.userId, 'the citizen pulls it');
    assert.equal(mine?.status, 'submitted');
    const boothView = (await pullAs(booth, BOOTH_DEVICE)).find((doc) => doc.id === draftDoc.id);
    assert.equal(boothView?.applicantId, citizen.user.userId, 'the booth device pulls the claim back too');

    const events = await server.audit({ action: 'application.claim', target: draftDoc.id });
    assert.equal(events.length, 1);
    assert.equal(events[0]?.actor, citizen.user.userId);
    assert.equal(await meta.get(`pending-claim:${code}`).then(() => 'kept', () => 'removed'), 'removed', 'the waiting claim is gone');

    const claimed = await claim(citizen, code);
    assert.equal(claimed.status, 200, claimed.text);
    const body = claimed.body as Extract<ClaimResponse, { status: 'claimed' }>;
    assert.equal(body.status, 'claimed');
    assert.equal(body.application.id, draftDoc.id);
    expectError(await claim(other, code), 409, 'already-claimed');
  });

  it('answers 200 claimed at once when the filing is already here', async () => {
    const code = newClaimCode();
    const doc = filing(code, 'submitted');
    await pushFromBooth(doc);
    const result = await claim(citizen, code);
    assert.equal(result.status, 200, result.text);
    assert.equal((result.body as ClaimResponse).status, 'claimed');
    assert.equal((await server.stored(doc.id))?.applicantId, citizen.user.userId);
  });

  it('lets a waiting claim lapse after 30 days: the filing then stays unclaimed and another account may wait for the code', async () => {
    const code = newClaimCode();
    const past = new Date(Date.now() - 1000).toISOString();
    await meta.insert({ _id: `pending-claim:${code}`, type: 'pending-claim', code, userId: other.user.userId, at: past, expiresAt: past });
    const result = await claim(citizen, code);
    assert.equal(result.status, 202, `an expired wait of another account is no obstacle: ${result.text}`);
    assert.equal((await meta.get(`pending-claim:${code}`)).userId, citizen.user.userId);

    const lapsed = newClaimCode();
    await meta.insert({ _id: `pending-claim:${lapsed}`, type: 'pending-claim', code: lapsed, userId: citizen.user.userId, at: past, expiresAt: past });
    const doc = filing(lapsed, 'submitted');
    await pushFromBooth(doc);
    assert.equal((await server.stored(doc.id))?.applicantId, undefined, 'a lapsed wait gives nothing away');
  });

  it(`holds at most ${MAX_PENDING_CLAIMS_PER_ACCOUNT} waiting claims per account`, async () => {
    const account = await server.freshSession('applicant');
    for (let index = 0; index < MAX_PENDING_CLAIMS_PER_ACCOUNT; index++) {
      assert.equal((await claim(account, newClaimCode())).status, 202, `claim ${index + 1}`);
    }
    const code = newClaimCode();
    const error = expectError(await claim(account, code), 429, 'too-many-pending-claims');
    assert.match(error.message.id, /belum tiba/);
    assert.equal(await meta.get(`pending-claim:${code}`).then(() => 'kept', () => 'none'), 'none', 'nothing stored');
  });

  it('still refuses a malformed code and accounts that are not applicants', async () => {
    expectError(await claim(citizen, 'ABC'), 400, 'invalid-claim-code');
    expectError(await claim(booth, newClaimCode()), 403, 'forbidden');
  });
});
