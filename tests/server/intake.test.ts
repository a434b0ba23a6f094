/**
 * Intake on the server (domain.md, steps 1-3): submissions and their checks, registration numbers
 * (given once, unique and gap-free per permit type and month, when the application is submitted and
 * every file it names is stored), server-owned fields, the lock on a submitted application, returns
 * for correction, claims of booth filings by citizens, and lookup by number.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import nano from 'nano';
import type { AnswerValue, ApplicationWireDoc, DocumentRef } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import { DEVICE_HEADER, type PullResponse, type PushResponse, type PushRow } from '../../common/sync-protocol.js';
import type { UploadDeclaration, UploadState } from '../../common/upload-protocol.js';
import { newClaimCode, newProvisionalNumber, registrationPeriod } from '../../common/workflow.js';
import { startServer } from '../../sync-server/server.js';
import { DATABASES, type AuditEvent, type StoredRegistration } from '../../sync-server/store.js';
import {
  COUCHDB_URL, expectError, freshId, startTestServer, type ApiResult, type Session, type TestServer,
} from './helpers.js';

const REGISTRATION = /^(\d{4})\/TDP\/(\d{2})\/(\d{4})$/;
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A small file that starts like a JPEG (FF D8 FF), as the server checks. */
function jpeg(size = 600): Buffer {
  const bytes = randomBytes(size);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(bytes);
  return bytes;
}

const ADDRESS = {
  street: 'Jl. Jenderal Sudirman No. 12',
  rtRw: '003/005',
  village: 'Klandasan Ilir',
  district: 'Balikpapan Kota',
  city: 'Kota Balikpapan',
  province: 'Kalimantan Timur',
  postalCode: '76113',
};

/** A complete, valid answer set for TDP (catalog version 3: structured address, partners group). */
function tdpAnswers(): Record<string, AnswerValue> {
  return {
    applicantNik: '6471021708900003',
    applicantName: 'Siti Rahayu',
    applicantPhone: '081234567890',
    companyName: 'CV Maju Jaya',
    businessForm: 'cv',
    companyAddress: { ...ADDRESS },
    partners: [{ name: 'Ahmad Fauzi', nik: '6471051708900002', position: 'active' }],
    kbli: '47112',
    siupNumber: '',
    establishmentDate: '2018-03-12',
    employeeCount: 8,
  };
}

const CITIZEN = { nik: '6471055708900002', name: 'Siti Aminah', phone: '0812 3456 7890', address: { ...ADDRESS } };

interface PreparedFile {
  bytes: Buffer;
  declaration: UploadDeclaration;
}

interface Filing {
  owner: Session;
  /** The state the server has (as the device last saw it). */
  doc: ApplicationWireDoc;
  files: PreparedFile[];
  provisionalNumber: string;
}

const latest = (docs: ApplicationWireDoc[], id: string): ApplicationWireDoc | undefined => docs.filter((doc) => doc.id === id).at(-1);
const problemPaths = (result: ApiResult): string[] => (expectError(result, 422, 'workflow-refused').problems ?? []).map((problem) => problem.path);

/** Intake helpers bound to one running server. */
function intake(server: TestServer) {
  const registrationsDb = nano({ url: server.storeUrl }).use<StoredRegistration>(DATABASES.registrations);

  const push = (session: Session, rows: PushRow[], device?: string): Promise<ApiResult> =>
    server.api('/api/sync/applications/push', { body: { rows }, cookie: session.cookie, headers: device ? { [DEVICE_HEADER]: device } : {} });

  const pushOk = async (session: Session, rows: PushRow[], device?: string): Promise<PushResponse> => {
    const result = await push(session, rows, device);
    assert.equal(result.status, 200, `push: ${result.text.slice(0, 800)}`);
    return result.body as PushResponse;
  };

  /** Pulls page after page (as `device`, if given) until nothing new comes. */
  const pullAll = async (session: Session, checkpoint: string | null = null, device?: string): Promise<PullResponse> => {
    const documents: ApplicationWireDoc[] = [];
    let current = checkpoint;
    for (let guard = 0; guard < 100; guard++) {
      const query = new URLSearchParams({ limit: '1000' });
      if (current) query.set('checkpoint', current);
      const result = await server.api(`/api/sync/applications/pull?${query.toString()}`, {
        cookie: session.cookie, headers: device ? { [DEVICE_HEADER]: device } : {},
      });
      assert.equal(result.status, 200, result.text.slice(0, 500));
      const page = result.body as PullResponse;
      documents.push(...page.documents);
      current = page.checkpoint;
      if (page.documents.length === 0) return { documents, checkpoint: current };
    }
    throw new Error('the pull never ended');
  };

  const pulled = async (session: Session, id: string, checkpoint: string | null = null, device?: string): Promise<ApplicationWireDoc | undefined> =>
    latest((await pullAll(session, checkpoint, device)).documents, id);

  /**
   * A complete TDP application of `owner` with its KTP and NPWP referenced, pushed as a draft, its
   * files declared (not yet sent). Booth staff also record the citizen, the consent and a claim code.
   */
  const prepare = async (owner: Session, extra: Partial<ApplicationWireDoc> = {}, device?: string): Promise<Filing> => {
    const id = freshId();
    const files = ['ktp', 'npwp'].map((requirementId): PreparedFile => {
      const bytes = jpeg(400 + Math.floor(Math.random() * 400));
      return {
        bytes,
        declaration: {
          fileId: freshId(), applicationId: id, requirementId, fileName: `${requirementId}.jpg`, mimeType: 'image/jpeg', size: bytes.length, sha256: sha256(bytes),
        },
      };
    });
    const documents: Record<string, DocumentRef> = Object.fromEntries(files.map(({ declaration }) => [declaration.requirementId,
      { fileId: declaration.fileId, fileName: declaration.fileName, mimeType: declaration.mimeType, size: declaration.size, sha256: declaration.sha256 }]));
    const booth = owner.user.role === 'booth-staff'
      ? { citizen: structuredClone(CITIZEN), consentAt: new Date().toISOString(), claimCode: newClaimCode() } : {};
    const doc: ApplicationWireDoc = {
      id,
      ownerId: owner.user.userId,
      permitTypeId: 'tdp',
      catalogVersion: demoCatalog.version,
      status: 'draft',
      answers: tdpAnswers(),
      createdAt: new Date().toISOString(),
      updatedAt: Date.now(),
      _deleted: false,
      documents,
      ...booth,
      ...extra,
    };
    assert.deepEqual(await pushOk(owner, [{ newDocumentState: doc }], device), { conflicts: [] });
    for (const { declaration } of files) {
      const result = await server.api('/api/uploads', { body: declaration, cookie: owner.cookie });
      assert.equal(result.status, 201, result.text);
    }
    return { owner, doc, files, provisionalNumber: newProvisionalNumber() };
  };

  /** Sends one file whole, in one piece. */
  const upload = async (session: Session, file: PreparedFile): Promise<UploadState> => {
    const response = await fetch(`${server.url}/api/uploads/${file.declaration.fileId}`, {
      method: 'PUT',
      headers: { cookie: session.cookie, 'content-type': 'application/octet-stream', 'content-range': `bytes 0-${file.bytes.length - 1}/${file.bytes.length}` },
      body: new Uint8Array(file.bytes),
    });
    const text = await response.text();
    assert.equal(response.status, 200, text);
    const state = JSON.parse(text) as UploadState;
    assert.equal(state.complete, true);
    return state;
  };

  const uploadAll = async (filing: Filing): Promise<void> => {
    for (const file of filing.files) await upload(filing.owner, file);
  };

  /** The filing's draft as the device sends it when the person presses "submit". */
  const submission = (filing: Filing, extra: Partial<ApplicationWireDoc> = {}): ApplicationWireDoc => ({
    ...filing.doc,
    status: 'submitted',
    provisionalNumber: filing.provisionalNumber,
    submittedAt: new Date(filing.doc.updatedAt + 1).toISOString(),
    updatedAt: filing.doc.updatedAt + 1,
    ...extra,
  });

  /** Submits (the files already stored) and returns the server's numbered state. */
  const submitNumbered = async (filing: Filing): Promise<ApplicationWireDoc> => {
    await uploadAll(filing);
    assert.deepEqual(await pushOk(filing.owner, [{ assumedMasterState: filing.doc, newDocumentState: submission(filing) }]), { conflicts: [] });
    const stored = await pulled(filing.owner, filing.doc.id);
    assert.ok(stored?.registrationNumber, `numbered: ${JSON.stringify(stored)}`);
    filing.doc = stored;
    return stored;
  };

  /** Every `number:` document naming the application, and its `application:` record. */
  const registrationsOf = async (applicationIds: string[]): Promise<{ numbers: StoredRegistration[]; records: StoredRegistration[] }> => {
    const wanted = new Set(applicationIds);
    const all = await registrationsDb.list({ startkey: 'number:', endkey: 'number:\ufff0', include_docs: true });
    const numbers = all.rows.flatMap((row): StoredRegistration[] => (row.doc && wanted.has(row.doc.applicationId) ? [row.doc] : []));
    const fetched = await registrationsDb.fetch({ keys: applicationIds.map((id) => `application:${id}`) });
    const records = fetched.rows.flatMap((row): StoredRegistration[] => ('doc' in row && row.doc ? [row.doc] : []));
    return { numbers, records };
  };

  const allTdpNumbers = async (): Promise<StoredRegistration[]> => {
    const all = await registrationsDb.list({ startkey: 'number:TDP:', endkey: 'number:TDP:\ufff0', include_docs: true });
    return all.rows.flatMap((row): StoredRegistration[] => (row.doc ? [row.doc] : []));
  };

  const auditOf = (action: string, target: string): Promise<AuditEvent[]> =>
    server.audit({ action, $or: [{ target }, { targets: { $elemMatch: { $eq: target } } }] });

  const returnFor = (session: Session, id: string, body: unknown): Promise<ApiResult> =>
    server.api(`/api/applications/${id}/return`, { body, cookie: session.cookie });

  const claim = (session: Session, code: unknown): Promise<ApiResult> => server.api('/api/claims', { body: { code }, cookie: session.cookie });

  const lookup = (session: Session, number: string): Promise<ApiResult> =>
    server.api(`/api/applications/lookup?number=${encodeURIComponent(number)}`, { cookie: session.cookie });

  return {
    push, pushOk, pullAll, pulled, prepare, upload, uploadAll, submission, submitNumbered, registrationsOf, allTdpNumbers, auditOf, returnFor, claim, lookup,
  };
}

/** Asserts a registration number of the current month (Asia/Jakarta) and returns its sequence. */
function checkNumber(doc: ApplicationWireDoc | undefined, since: number): number {
  assert.ok(doc?.registrationNumber, `registration number in ${JSON.stringify(doc)}`);
  const match = REGISTRATION.exec(doc.registrationNumber);
  assert.ok(match, `format of ${doc.registrationNumber}`);
  const period = registrationPeriod(new Date());
  assert.equal(`${match[3]}-${match[2]}`, period, 'month and year of the submission in Asia/Jakarta');
  assert.ok(Number(match[1]) >= 1, 'the sequence number is at least 1');
  assert.ok(doc.registeredAt, 'registeredAt');
  const at = Date.parse(doc.registeredAt);
  assert.ok(at >= since - 1000 && at <= Date.now() + 1000, `registeredAt ${doc.registeredAt} is now`);
  return Number(match[1]);
}

describe('intake: submissions, registration numbers, returns, claims', () => {
  let server: TestServer;
  let desk: ReturnType<typeof intake>;
  let me: Session;
  let other: Session;
  let booth: Session;
  let office: Session;

  before(async () => {
    server = await startTestServer();
    desk = intake(server);
    // Accounts of this file's own, so that what they pull is only what this file made.
    [me, other, booth, office] = await Promise.all([server.freshSession('applicant'), server.freshSession('applicant'),
      server.freshSession('booth-staff'), server.freshSession('front-office')]);
  });
  after(async () => {
    await server.close();
  });

  it('numbers a submission whose files are already stored, and the pushing device pulls the number', async () => {
    const phone = `phone-${randomBytes(4).toString('hex')}`;
    const filing = await desk.prepare(me, {}, phone);
    await desk.uploadAll(filing);
    const checkpoint = (await desk.pullAll(me, null, phone)).checkpoint;
    const startedAt = Date.now();
    const sent = desk.submission(filing);
    assert.deepEqual(await desk.pushOk(me, [{ assumedMasterState: filing.doc, newDocumentState: sent }], phone), { conflicts: [] });

    const doc = await desk.pulled(me, filing.doc.id, checkpoint, phone);
    assert.equal(doc?.status, 'submitted');
    checkNumber(doc, startedAt);
    assert.equal(doc?.provisionalNumber, filing.provisionalNumber);
    assert.deepEqual(doc?.answers, sent.answers);
    const stored = await server.stored(filing.doc.id);
    assert.equal(stored?.registrationNumber, doc?.registrationNumber);
    assert.equal(stored?.registeredAt, doc?.registeredAt);

    const events = await desk.auditOf('application.submit', filing.doc.id);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.actor, me.user.userId);
    assert.deepEqual(events[0]?.details?.registrationNumbers, [doc?.registrationNumber]);
  });

  it('submitted before its files arrive: no number until the last file is stored, then every device pulls it', async () => {
    const phone = `phone-${randomBytes(4).toString('hex')}`;
    const filing = await desk.prepare(me, {}, phone);
    const start = (await desk.pullAll(me, null, phone)).checkpoint;
    assert.deepEqual(await desk.pushOk(me, [{ assumedMasterState: filing.doc, newDocumentState: desk.submission(filing) }], phone), { conflicts: [] });

    const waiting = await server.stored(filing.doc.id);
    assert.equal(waiting?.status, 'submitted');
    assert.equal(waiting?.registrationNumber, undefined);
    assert.equal(waiting?.registeredAt, undefined);
    const afterSubmit = await desk.pullAll(me, start, phone);
    assert.equal(latest(afterSubmit.documents, filing.doc.id)?.registrationNumber, undefined);

    await desk.upload(me, filing.files[0]!);
    assert.equal((await server.stored(filing.doc.id))?.registrationNumber, undefined, 'one of two files is not a complete submission');

    const startedAt = Date.now();
    await desk.upload(me, filing.files[1]!);
    const stored = await server.stored(filing.doc.id);
    assert.ok(stored?.registrationNumber, 'numbered when the last file completed');

    // The pushing device sent the submission itself, yet it must receive the number.
    const fromPhone = await desk.pulled(me, filing.doc.id, afterSubmit.checkpoint, phone);
    checkNumber(fromPhone, startedAt);
    assert.equal(fromPhone?.registrationNumber, stored.registrationNumber);
    assert.equal((await desk.pulled(me, filing.doc.id, null, 'laptop-0001'))?.registrationNumber, stored.registrationNumber);

    const registered = await desk.auditOf('application.register', filing.doc.id);
    assert.equal(registered.length, 1);
    assert.equal(registered[0]?.actor, 'system');
    assert.equal(registered[0]?.details?.registrationNumber, stored.registrationNumber);
  });

  it('gives one number per application however often (and however concurrently) its submission arrives', async () => {
    const filing = await desk.prepare(me);
    const draftState = filing.doc;
    const sent = desk.submission(filing);
    const numbered = await desk.submitNumbered(filing);

    // The same push again (the device never got the answer): the server's numbered state comes back as a conflict.
    const replay = await desk.pushOk(me, [{ assumedMasterState: draftState, newDocumentState: sent }]);
    assert.deepEqual(replay.conflicts, [numbered]);
    // The device assumed its own submission was the master state: the same.
    const assumedOwn = await desk.pushOk(me, [{ assumedMasterState: sent, newDocumentState: sent }]);
    assert.deepEqual(assumedOwn.conflicts, [numbered]);
    // Without an assumed state at all.
    assert.deepEqual((await desk.pushOk(me, [{ newDocumentState: sent }])).conflicts, [numbered]);
    // The device took the server's state: pushing it back changes nothing.
    assert.deepEqual(await desk.pushOk(me, [{ assumedMasterState: numbered, newDocumentState: numbered }]), { conflicts: [] });
    assert.deepEqual(await desk.pulled(me, filing.doc.id), numbered);

    // Two devices (or a retry racing the original) submit a second application at once.
    const twin = await desk.prepare(me);
    await desk.uploadAll(twin);
    const twinSent = desk.submission(twin);
    const answers = await Promise.all([0, 1, 2].map(() => desk.pushOk(me, [{ assumedMasterState: twin.doc, newDocumentState: twinSent }])));
    assert.equal(answers.filter((answer) => answer.conflicts.length === 0).length, 1, 'one push wins, the others get the numbered state');
    const twinNumbered = await desk.pulled(me, twin.doc.id);
    assert.ok(twinNumbered?.registrationNumber, 'the twin submission got a registration number');
    for (const answer of answers) {
      if (answer.conflicts.length > 0) assert.equal(answer.conflicts[0]?.registrationNumber, twinNumbered.registrationNumber);
    }
    assert.notEqual(twinNumbered.registrationNumber, numbered.registrationNumber);

    const { numbers, records } = await desk.registrationsOf([filing.doc.id, twin.doc.id]);
    assert.deepEqual(numbers.map((doc) => [doc.applicationId, doc.registrationNumber]).sort(),
      [[filing.doc.id, numbered.registrationNumber], [twin.doc.id, twinNumbered.registrationNumber]].sort(), 'one number document per application');
    assert.deepEqual(records.map((doc) => doc.registrationNumber).sort(), [numbered.registrationNumber, twinNumbered.registrationNumber].sort());
    assert.equal((await desk.auditOf('application.submit', filing.doc.id)).length, 1);
  });

  it('refuses an incomplete submission naming the missing answer and document, and stores nothing of the batch', async () => {
    const filing = await desk.prepare(me);
    const { companyName: _dropped, ...answers } = tdpAnswers();
    const incomplete = desk.submission(filing, {
      answers: { ...answers, companyAddress: { ...ADDRESS, district: ' ' } },
      documents: { ktp: filing.doc.documents!.ktp! },
    });
    const bystander: ApplicationWireDoc = { ...filing.doc, id: freshId(), updatedAt: Date.now() };
    const refused = await desk.push(me, [{ newDocumentState: bystander }, { assumedMasterState: filing.doc, newDocumentState: incomplete }]);
    const error = expectError(refused, 422, 'workflow-refused');
    const paths = (error.problems ?? []).map((problem) => problem.path);
    for (const path of ['answers/companyName', 'answers/companyAddress/district', 'documents/npwp']) {
      assert.ok(paths.includes(`/rows/1/newDocumentState/${path}`), `${path} in ${JSON.stringify(paths)}`);
    }
    assert.ok(!paths.some((path) => path.includes('documents/ktp') || path.startsWith('/rows/0/')), JSON.stringify(paths));
    const npwp = error.problems?.find((problem) => problem.path.endsWith('documents/npwp'));
    assert.match(npwp?.message.id ?? '', /NPWP/);
    assert.match(npwp?.message.en ?? '', /required/);
    const companyName = error.problems?.find((problem) => problem.path.endsWith('answers/companyName'));
    assert.match(companyName?.message.en ?? '', /Company name/);
    assert.equal((await server.stored(filing.doc.id))?.status, 'draft');
    assert.equal(await server.stored(bystander.id), undefined, 'the batch is all or nothing');

    // A brand-new document submitted at once, without a provisional number.
    const { provisionalNumber: _none, ...unnumbered } = desk.submission(filing, { id: freshId() });
    assert.deepEqual(problemPaths(await desk.push(me, [{ newDocumentState: unnumbered }])), ['/rows/0/newDocumentState/provisionalNumber']);
    assert.equal(await server.stored(unnumbered.id), undefined);
    // The same on the existing draft.
    const { provisionalNumber: _also, ...noReceipt } = desk.submission(filing);
    assert.deepEqual(problemPaths(await desk.push(me, [{ assumedMasterState: filing.doc, newDocumentState: noReceipt }])),
      ['/rows/0/newDocumentState/provisionalNumber']);
    assert.equal((await server.stored(filing.doc.id))?.status, 'draft');
  });

  it('refuses a document the permit type does not have, even in a draft (it could never be uploaded, so never numbered)', async () => {
    const filing = await desk.prepare(me);
    await desk.uploadAll(filing);
    const stray = { ...filing.doc.documents!.ktp!, fileId: freshId() };
    const sent = desk.submission(filing, { documents: { ...filing.doc.documents, passPhoto: stray } });
    const result = await desk.push(me, [{ assumedMasterState: filing.doc, newDocumentState: sent }]);
    assert.equal((await server.stored(filing.doc.id))?.status, 'draft', 'not stored as submitted');
    assert.deepEqual((expectError(result, 400, 'invalid-input').problems ?? []).map((problem) => problem.path), ['/rows/0/newDocumentState/documents/passPhoto']);
  });

  it('does not count a file declared for one requirement as the document of another', async () => {
    const filing = await desk.prepare(me);
    const npwp = filing.files.find((file) => file.declaration.requirementId === 'npwp')!;
    await desk.upload(me, npwp);
    const sent = desk.submission(filing, { documents: { ktp: filing.doc.documents!.npwp!, npwp: filing.doc.documents!.npwp! } });
    await desk.push(me, [{ assumedMasterState: filing.doc, newDocumentState: sent }]);
    assert.equal((await server.stored(filing.doc.id))?.registrationNumber, undefined, 'no KTP was ever uploaded');
  });

  it('refuses a booth submission without the citizen, the consent or the claim code, naming each', async () => {
    const filing = await desk.prepare(booth);
    const { citizen: _c, consentAt: _a, claimCode: _k, ...bare } = desk.submission(filing);
    const paths = problemPaths(await desk.push(booth, [{ assumedMasterState: filing.doc, newDocumentState: bare }]));
    assert.deepEqual(paths.sort(), ['citizen/address', 'citizen/name', 'citizen/nik', 'citizen/phone', 'claimCode', 'consent']
      .map((path) => `/rows/0/newDocumentState/${path}`).sort());

    // A citizen with a NIK of the wrong length and half an address.
    const wrongNik = desk.submission(filing, { citizen: { ...CITIZEN, nik: '647105570890', address: { street: ADDRESS.street } } });
    const error = expectError(await desk.push(booth, [{ assumedMasterState: filing.doc, newDocumentState: wrongNik }]), 422, 'workflow-refused');
    const nik = error.problems?.find((problem) => problem.path === '/rows/0/newDocumentState/citizen/nik');
    assert.ok(nik, JSON.stringify(error.problems));
    assert.match(nik.message.id, /NIK.*16 angka/);
    assert.match(nik.message.en, /NIK.*16 digits/);
    assert.ok(error.problems?.some((problem) => problem.path === '/rows/0/newDocumentState/citizen/address/village'), JSON.stringify(error.problems));
    assert.equal((await server.stored(filing.doc.id))?.status, 'draft');

    // The same rules for a booth filing that never was a draft on the server.
    const fresh = { ...bare, id: freshId() };
    assert.ok(problemPaths(await desk.push(booth, [{ newDocumentState: fresh }])).includes('/rows/0/newDocumentState/consent'),
      'a fresh booth filing without consent is refused at /consent');
    assert.equal(await server.stored(fresh.id), undefined);
  });

  it('takes the server-owned fields from the stored document, and the pushing device pulls the server\'s state', async () => {
    const phone = `phone-${randomBytes(4).toString('hex')}`;
    const start = (await desk.pullAll(me, null, phone)).checkpoint;
    const forged: ApplicationWireDoc = {
      id: freshId(), ownerId: me.user.userId, permitTypeId: 'tdp', catalogVersion: demoCatalog.version, status: 'draft',
      answers: { companyName: 'CV Palsu' }, createdAt: new Date().toISOString(), updatedAt: Date.now(), _deleted: false,
      registrationNumber: '0001/TDP/01/2020', registeredAt: '2020-01-02T03:04:05.000Z', returnedAt: '2020-01-03T03:04:05.000Z',
      returnReasons: [{ fieldId: 'companyName', text: 'alasan palsu' }], applicantId: other.user.userId,
    };
    assert.deepEqual(await desk.pushOk(me, [{ newDocumentState: forged }], phone), { conflicts: [] });
    const stored = await server.stored(forged.id);
    for (const field of ['registrationNumber', 'registeredAt', 'returnedAt', 'returnReasons', 'applicantId']) {
      assert.equal(stored?.[field], undefined, field);
    }
    const back = await desk.pulled(me, forged.id, start, phone);
    assert.ok(back, 'the device that sent forged fields pulls the stored state back');
    const { registrationNumber: _r, registeredAt: _ra, returnedAt: _t, returnReasons: _rr, applicantId: _ap, ...expected } = forged;
    assert.deepEqual(back, expected);
    assert.equal((await desk.pullAll(other)).documents.some((doc) => doc.id === forged.id), false, 'applicantId sent by a device grants nothing');

    // On a numbered application: a forged number is replaced by the real one.
    const filing = await desk.prepare(me, {}, phone);
    const numbered = await desk.submitNumbered(filing);
    const since = (await desk.pullAll(me, null, phone)).checkpoint;
    const renumbered = { ...numbered, registrationNumber: '9999/TDP/01/2020', returnReasons: [{ text: 'x' }], updatedAt: numbered.updatedAt + 1 };
    assert.deepEqual(await desk.pushOk(me, [{ assumedMasterState: numbered, newDocumentState: renumbered }], phone), { conflicts: [] });
    assert.equal((await server.stored(filing.doc.id))?.registrationNumber, numbered.registrationNumber);
    const corrected = await desk.pulled(me, filing.doc.id, since, phone);
    assert.equal(corrected?.registrationNumber, numbered.registrationNumber);
    assert.equal(corrected?.returnReasons, undefined);
  });

  it('locks a submitted application: no answer or document changes, no deletion, no status set by a device', async () => {
    const filing = await desk.prepare(me);
    const numbered = await desk.submitNumbered(filing);
    const storedBefore = await server.stored(filing.doc.id);
    const next = numbered.updatedAt + 1;
    const attempts: [Partial<ApplicationWireDoc>, string][] = [
      [{ answers: { ...numbered.answers, companyName: 'CV Lain' } }, 'answers'],
      [{ answers: { ...numbered.answers, companyAddress: { ...ADDRESS, district: 'Balikpapan Selatan' } } }, 'answers'],
      [{ documents: { ktp: numbered.documents!.ktp! } }, 'documents'],
      [{ kind: 'renewal', previousPermitNumber: '503/1/TDP/2019' }, 'kind'],
      [{ provisionalNumber: newProvisionalNumber() }, 'provisionalNumber'],
      [{ _deleted: true }, '_deleted'],
      [{ status: 'returned' }, 'status'],
      [{ status: 'draft' }, 'status'],
    ];
    for (const [change, path] of attempts) {
      const result = await desk.push(me, [{ assumedMasterState: numbered, newDocumentState: { ...numbered, ...change, updatedAt: next } }]);
      assert.deepEqual(problemPaths(result), [`/rows/0/newDocumentState/${path}`], JSON.stringify(change));
    }
    assert.deepEqual(await server.stored(filing.doc.id), storedBefore, 'nothing changed');

    // Nor can a device create an application as "returned".
    const invented = { ...filing.doc, id: freshId(), status: 'returned' as const };
    assert.deepEqual(problemPaths(await desk.push(me, [{ newDocumentState: invented }])), ['/rows/0/newDocumentState/status']);
  });

  it('returns for correction with reasons; the owner corrects and resubmits under the same number', async () => {
    const phone = `phone-${randomBytes(4).toString('hex')}`;
    const filing = await desk.prepare(me, {}, phone);
    const numbered = await desk.submitNumbered(filing);

    expectError(await desk.returnFor(me, filing.doc.id, { reasons: [{ text: 'sendiri' }] }), 403, 'forbidden');
    expectError(await desk.returnFor(booth, filing.doc.id, { reasons: [{ text: 'loket?' }] }), 403, 'forbidden');
    const badBodies: unknown[] = [
      {}, { reasons: [] }, { reasons: 'KTP buram' }, { reasons: [{ text: '   ' }] }, { reasons: [{ text: 'x', extra: 1 }] },
      { reasons: [{ text: 'x'.repeat(2001) }] }, { reasons: [{ fieldId: 5, text: 'x' }] }, { reasons: Array.from({ length: 51 }, () => ({ text: 'x' })) },
      { reasons: [null] },
    ];
    for (const body of badBodies) expectError(await desk.returnFor(office, filing.doc.id, body), 400, 'invalid-reasons');
    const draftOnly = await desk.prepare(me);
    expectError(await desk.returnFor(office, draftOnly.doc.id, { reasons: [{ text: 'belum dikirim' }] }), 409, 'not-submitted');
    expectError(await desk.returnFor(office, freshId(), { reasons: [{ text: 'tidak ada' }] }), 404, 'application-not-found');
    assert.equal((await server.stored(filing.doc.id))?.status, 'submitted', 'refused returns change nothing');

    const start = (await desk.pullAll(me, null, phone)).checkpoint;
    const returned = await desk.returnFor(office, filing.doc.id, {
      reasons: [{ fieldId: 'companyName', text: '  Nama tidak sesuai akta pendirian.  ' }, { text: 'Foto KTP buram.' }],
    });
    assert.equal(returned.status, 200, returned.text);
    const reasons = [{ fieldId: 'companyName', text: 'Nama tidak sesuai akta pendirian.' }, { text: 'Foto KTP buram.' }];
    assert.deepEqual((returned.body as { application: ApplicationWireDoc }).application.returnReasons, reasons);
    expectError(await desk.returnFor(office, filing.doc.id, { reasons: [{ text: 'lagi' }] }), 409, 'not-submitted');

    const atOwner = await desk.pulled(me, filing.doc.id, start, phone);
    assert.ok(atOwner, 'the owner pulls the returned application');
    assert.equal(atOwner.status, 'returned');
    assert.deepEqual(atOwner?.returnReasons, reasons);
    assert.ok(atOwner?.returnedAt, 'the returned application has returnedAt');
    assert.equal(atOwner?.registrationNumber, numbered.registrationNumber);
    assert.deepEqual(atOwner?.answers, numbered.answers);

    // The owner saves a half-done correction (still returned), then resubmits.
    const saving: ApplicationWireDoc = { ...atOwner, answers: { ...atOwner.answers, companyName: 'CV Maju' }, updatedAt: atOwner.updatedAt + 1 };
    assert.deepEqual(await desk.pushOk(me, [{ assumedMasterState: atOwner, newDocumentState: saving }], phone), { conflicts: [] });
    assert.equal((await server.stored(filing.doc.id))?.status, 'returned');
    const resubmitted: ApplicationWireDoc = {
      ...saving, status: 'submitted', answers: { ...saving.answers, companyName: 'CV Maju Jaya Abadi' }, updatedAt: saving.updatedAt + 1,
    };
    const checkpoint = (await desk.pullAll(me, start, phone)).checkpoint;
    assert.deepEqual(await desk.pushOk(me, [{ assumedMasterState: saving, newDocumentState: resubmitted }], phone), { conflicts: [] });

    const stored = await server.stored(filing.doc.id);
    assert.equal(stored?.status, 'submitted');
    assert.equal(stored?.registrationNumber, numbered.registrationNumber);
    assert.equal(stored?.registeredAt, numbered.registeredAt);
    assert.equal(stored?.returnReasons, undefined);
    assert.equal(stored?.returnedAt, undefined);
    assert.equal((stored?.answers as Record<string, unknown> | undefined)?.companyName, 'CV Maju Jaya Abadi');
    // The device sent the reasons along; the server dropped them, so the device pulls its document back.
    const atPhone = await desk.pulled(me, filing.doc.id, checkpoint, phone);
    assert.equal(atPhone?.status, 'submitted');
    assert.equal(atPhone?.returnReasons, undefined);
    assert.equal(atPhone?.registrationNumber, numbered.registrationNumber);

    assert.equal((await desk.auditOf('application.return', filing.doc.id))[0]?.actor, office.user.userId);
    assert.equal((await desk.auditOf('application.resubmit', filing.doc.id))[0]?.actor, me.user.userId);
    assert.equal((await desk.registrationsOf([filing.doc.id])).numbers.length, 1, 'still exactly one number');
  });

  it('lets a citizen claim a booth filing with its code; both accounts then see it, and the citizen corrects it after a return', async () => {
    // A code with a 0 and a 1 in it, so that the typed O and l below are forgiven.
    const claimCode = `01${newClaimCode().slice(2)}`;
    const filing = await desk.prepare(booth, { claimCode });
    assert.equal(filing.doc.ownerId, booth.user.userId);

    const numbered = await desk.submitNumbered(filing);
    const boothCheckpoint = (await desk.pullAll(booth)).checkpoint;
    const myCheckpoint = (await desk.pullAll(me)).checkpoint;
    const typed = ` ${claimCode.slice(0, 5).toLowerCase().replace('0', 'o').replace('1', 'l')}  ${claimCode.slice(6).toLowerCase()} `;
    const claimed = await desk.claim(me, typed);
    assert.equal(claimed.status, 200, claimed.text);
    assert.equal((claimed.body as { application: ApplicationWireDoc }).application.applicantId, me.user.userId);

    const mine = await desk.pulled(me, filing.doc.id, myCheckpoint);
    assert.ok(mine, 'the citizen pulls the claimed application');
    assert.equal(mine.applicantId, me.user.userId);
    assert.equal(mine?.registrationNumber, numbered.registrationNumber);
    assert.equal(mine?.ownerId, booth.user.userId);
    const boothView = await desk.pulled(booth, filing.doc.id, boothCheckpoint);
    assert.equal(boothView?.applicantId, me.user.userId, 'the booth still pulls it, with the claim');

    assert.equal((await desk.claim(me, claimCode)).status, 200, 'claiming again is harmless');
    for (const number of [filing.provisionalNumber, numbered.registrationNumber!]) {
      assert.equal((await desk.lookup(me, number)).status, 200, `the citizen finds ${number}`);
      assert.equal((await desk.lookup(booth, number)).status, 200, `the booth finds ${number}`);
    }
    expectError(await desk.claim(other, claimCode), 409, 'already-claimed');
    // A code no submitted filing carries waits for it (tests/server/claims-pending.test.ts).
    assert.equal((await desk.claim(me, newClaimCode())).status, 202, 'an unknown code waits for its filing');
    expectError(await desk.claim(booth, claimCode), 403, 'forbidden');
    expectError(await desk.claim(office, claimCode), 403, 'forbidden');
    expectError(await desk.claim(me, 'ABC'), 400, 'invalid-claim-code');
    expectError(await desk.claim(me, 12345), 400, 'invalid-claim-code');
    assert.equal((await desk.pullAll(other)).documents.some((doc) => doc.id === filing.doc.id), false);
    expectError(await desk.push(other, [{ assumedMasterState: mine, newDocumentState: { ...mine, updatedAt: mine.updatedAt + 1 } }]), 403, 'not-owner');

    // The office returns it; the citizen corrects it from their own account and resubmits.
    assert.equal((await desk.returnFor(office, filing.doc.id, { reasons: [{ fieldId: 'employeeCount', text: 'Jumlah karyawan keliru.' }] })).status, 200);
    const returned = await desk.pulled(me, filing.doc.id);
    assert.ok(returned, 'the citizen pulls the returned application');
    assert.equal(returned.status, 'returned');
    const correction: ApplicationWireDoc = {
      ...returned, status: 'submitted', answers: { ...returned.answers, employeeCount: 12 }, updatedAt: returned.updatedAt + 1,
    };
    assert.deepEqual(await desk.pushOk(me, [{ assumedMasterState: returned, newDocumentState: correction }]), { conflicts: [] });
    for (const session of [me, booth]) {
      const seen = await desk.pulled(session, filing.doc.id);
      assert.equal(seen?.status, 'submitted', session.user.username);
      assert.equal(seen?.answers.employeeCount, 12, session.user.username);
      assert.equal(seen?.registrationNumber, numbered.registrationNumber, session.user.username);
      assert.equal(seen?.applicantId, me.user.userId, session.user.username);
      assert.equal(seen?.returnReasons, undefined, session.user.username);
    }
    assert.equal((await desk.auditOf('application.claim', filing.doc.id)).length, 1);
  });

  it('finds an application by its provisional or registration number, for its owner and the office only', async () => {
    const filing = await desk.prepare(me);
    const numbered = await desk.submitNumbered(filing);
    const found = (result: ApiResult): string => {
      assert.equal(result.status, 200, result.text);
      return (result.body as { application: ApplicationWireDoc }).application.id;
    };
    for (const number of [filing.provisionalNumber, filing.provisionalNumber.toLowerCase(), numbered.registrationNumber!]) {
      assert.equal(found(await desk.lookup(me, number)), filing.doc.id, number);
      assert.equal(found(await desk.lookup(office, number)), filing.doc.id, number);
      expectError(await desk.lookup(other, number), 404, 'application-not-found');
      expectError(await desk.lookup(booth, number), 404, 'application-not-found');
    }
    expectError(await desk.lookup(me, newProvisionalNumber()), 404, 'application-not-found');
    expectError(await desk.lookup(me, 'P-'), 400, 'invalid-number');
    expectError(await server.api('/api/applications/lookup', { cookie: me.cookie }), 400, 'invalid-number');
    expectError(await server.api(`/api/applications/lookup?number=${filing.provisionalNumber}`), 401, 'not-signed-in');
  });
});

describe('intake: what a review found (hardening)', () => {
  let server: TestServer;
  let desk: ReturnType<typeof intake>;
  let me: Session;
  let other: Session;
  let office: Session;
  before(async () => {
    server = await startTestServer();
    desk = intake(server);
    [me, other, office] = await Promise.all([server.freshSession('applicant'), server.freshSession('applicant'), server.freshSession('front-office')]);
  });
  after(async () => {
    await server.close();
  });

  it('never lets an application change its permit type or catalog version, even after a return', async () => {
    const filing = await desk.prepare(me);
    const numbered = await desk.submitNumbered(filing);
    assert.equal((await desk.returnFor(office, numbered.id, { reasons: [{ text: 'Periksa lagi.' }] })).status, 200);
    const returned = await desk.pulled(me, numbered.id);
    assert.equal(returned?.status, 'returned');
    for (const change of [{ permitTypeId: 'siup' }, { catalogVersion: 1 }]) {
      const result = await desk.push(me, [{ assumedMasterState: returned!, newDocumentState: { ...returned!, ...change, status: 'submitted', updatedAt: returned!.updatedAt + 1 } }]);
      assert.ok(result.status === 422 || result.status === 400, `refused: ${result.text.slice(0, 200)}`);
    }
    const stored = await server.stored(numbered.id);
    assert.equal(stored?.permitTypeId, 'tdp');
    assert.equal(stored?.status, 'returned');
  });

  it('refuses a second application carrying the same receipt number, and drafts with that number crowd out neither lookup nor claim', async () => {
    const first = await desk.prepare(me);
    const numbered = await desk.submitNumbered(first);
    // Another account copies the number into drafts (any text is allowed in a draft)...
    for (let copy = 0; copy < 6; copy++) await desk.prepare(other, { provisionalNumber: numbered.provisionalNumber } as Partial<ApplicationWireDoc>);
    // ...and into a submission, which is refused.
    const thief = await desk.prepare(other);
    await desk.uploadAll(thief);
    const stolen = desk.submission(thief, { provisionalNumber: numbered.provisionalNumber });
    const refused = await desk.push(other, [{ assumedMasterState: thief.doc, newDocumentState: stolen }]);
    expectError(refused, 422, 'workflow-refused');
    // The office and the owner still find the right application by it.
    for (const session of [me, office]) {
      const found = await desk.lookup(session, numbered.provisionalNumber ?? '');
      assert.equal(found.status, 200, found.text);
      assert.equal((found.body as { application: ApplicationWireDoc }).application.id, numbered.id);
    }
  });

  it('gives a number after a restart to an application that was waiting for it when the server stopped', async () => {
    const running = await startTestServer();
    let restarted: Awaited<ReturnType<typeof startServer>> | undefined;
    try {
      const local = intake(running);
      const owner = await running.freshSession('applicant');
      const filing = await local.prepare(owner);
      // Submitted first, files after: the number is given when the last file completes. Here the
      // server "crashes" in between: the number never gets written, only the waiting marker stays.
      assert.deepEqual(await local.pushOk(owner, [{ assumedMasterState: filing.doc, newDocumentState: local.submission(filing) }]), { conflicts: [] });
      await local.uploadAll(filing);
      const store = nano({ url: running.storeUrl });
      const applicationsDb = store.use<Record<string, unknown>>(DATABASES.applications);
      const registrationsDb = store.use<Record<string, unknown>>(DATABASES.registrations);
      const numbered = await applicationsDb.get(filing.doc.id);
      assert.ok(numbered.registrationNumber, 'numbered when its files completed');
      const { registrationNumber: _number, registeredAt: _at, ...unnumbered } = numbered;
      await applicationsDb.insert(unnumbered);
      // Only this application's number documents go (a shared CouchDB holds other tests' numbers):
      // its number was the newest of its type and month, so it is the one to be given again.
      const { numbers, records } = await local.registrationsOf([filing.doc.id]);
      assert.equal(numbers.length, 1, 'one number document for the application');
      for (const doc of [...numbers, ...records]) {
        const current = await registrationsDb.get(String(doc._id));
        await registrationsDb.destroy(current._id, current._rev);
      }
      await registrationsDb.insert({ _id: `waiting:${filing.doc.id}` });

      await running.running.close();
      restarted = await startServer(running.config);
      // The embedded store comes back on another port.
      const storeAfter = nano({ url: restarted.storeUrl });
      const applicationsAfter = storeAfter.use<Record<string, unknown>>(DATABASES.applications);
      const deadline = Date.now() + 15_000;
      let after: Record<string, unknown> = {};
      while (Date.now() < deadline) {
        after = await applicationsAfter.get(filing.doc.id);
        if (after.registrationNumber) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      assert.equal(after.registrationNumber, numbered.registrationNumber, 'numbered again after the restart, with the same number: no gap');
      // The marker goes just after the numbered application is written: give it that moment.
      const markerGone = async (): Promise<boolean> => storeAfter.use(DATABASES.registrations).get(`waiting:${filing.doc.id}`).then(() => false, () => true);
      while (!(await markerGone()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(await markerGone(), 'the marker is gone');
    } finally {
      await restarted?.close();
      await fs.rm(running.config.dataDir, { recursive: true, force: true });
    }
  });
});

describe('registration numbers under concurrency', () => {
  it('numbers 3 accounts × 8 concurrent submissions 1..N without duplicates or gaps', async () => {
    const server = await startTestServer();
    try {
      const desk = intake(server);
      const accounts = await Promise.all((['applicant', 'applicant', 'booth-staff'] as const).map((role) => server.freshSession(role)));
      const filings = (await Promise.all(accounts.map((account) => Promise.all(Array.from({ length: 8 }, () => desk.prepare(account)))))).flat();
      assert.equal(filings.length, 24);

      // Every submission and every upload at once, in three orders: files first, submission first, all together.
      await Promise.all(filings.map(async (filing, index) => {
        const submit = (): Promise<PushResponse> => desk.pushOk(filing.owner, [{ assumedMasterState: filing.doc, newDocumentState: desk.submission(filing) }]);
        const uploads = (): Promise<UploadState[]> => Promise.all(filing.files.map((file) => desk.upload(filing.owner, file)));
        if (index % 3 === 0) {
          await uploads();
          await submit();
        } else if (index % 3 === 1) {
          await submit();
          await uploads();
        } else {
          // The same submission twice (a retry racing the original), alongside both uploads.
          await Promise.all([submit(), submit(), uploads()]);
        }
      }));

      const numberOf = new Map<string, string>();
      for (const account of accounts) {
        for (const doc of (await desk.pullAll(account)).documents) numberOf.set(doc.id, doc.registrationNumber ?? '');
      }
      const numbers = filings.map((filing) => numberOf.get(filing.doc.id) ?? '');
      assert.ok(numbers.every((number) => REGISTRATION.test(number)), `every application numbered: ${JSON.stringify(numbers)}`);
      assert.equal(new Set(numbers).size, numbers.length, 'no number twice');

      // Per month (a run across midnight at the month's end splits them), sequences are contiguous.
      const byPeriod = new Map<string, number[]>();
      for (const number of numbers) {
        const [, sequence, month, year] = REGISTRATION.exec(number)!;
        byPeriod.set(`${year}-${month}`, [...(byPeriod.get(`${year}-${month}`) ?? []), Number(sequence)]);
      }
      for (const [period, sequences] of byPeriod) {
        sequences.sort((a, b) => a - b);
        const first = COUCHDB_URL ? sequences[0]! : 1;
        assert.deepEqual(sequences, Array.from({ length: sequences.length }, (_, index) => first + index), `${period}: gap-free`);
      }

      // Both ways of getting a number were taken: at the push (files first) and at the last upload (submission first).
      const byUpload = await server.audit({ action: 'application.register', target: { $in: filings.map((filing) => filing.doc.id) } });
      const numberedByUpload = new Set(byUpload.map((event) => event.target));
      assert.ok(filings.filter((_, index) => index % 3 === 1).every((filing) => numberedByUpload.has(filing.doc.id)), 'submission first: numbered by the upload');
      assert.ok(filings.filter((_, index) => index % 3 === 0).every((filing) => !numberedByUpload.has(filing.doc.id)), 'files first: numbered by the push');

      const { numbers: numberDocs, records } = await desk.registrationsOf(filings.map((filing) => filing.doc.id));
      assert.equal(numberDocs.length, 24, 'one number document per application');
      assert.equal(records.length, 24);
      for (const doc of [...numberDocs, ...records]) assert.equal(doc.registrationNumber, numberOf.get(doc.applicationId));
      if (!COUCHDB_URL) {
        const all = await desk.allTdpNumbers();
        assert.equal(all.length, 24, 'no number document without its application');
        assert.deepEqual(all.map((doc) => doc._id).sort(), numberDocs.map((doc) => doc._id).sort());
      }
    } finally {
      await server.close();
    }
  });
});
