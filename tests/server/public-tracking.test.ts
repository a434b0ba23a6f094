/**
 * Public tracking: anyone with a receipt's number (the QR code's link) sees where the application
 * stands, without signing in, and nothing personal; numbers cannot be walked (rate limit per
 * address); the device learns the public address for its offline receipts from GET /api/config.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AnswerValue, ApplicationWireDoc, DocumentRef } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import { trackingUrl, type PublicConfigResponse, type PublicTrackingResponse, type PullResponse } from '../../common/sync-protocol.js';
import { newClaimCode, newProvisionalNumber } from '../../common/workflow.js';
import { readConfig } from '../../sync-server/config.js';
import { DEFAULT_HOLIDAY_DATES } from '../../common/holidays.js';
import { expectError, freshId, startTestServer, type ApiResult, type Session, type TestServer } from './helpers.js';
import {
  accept, applied, makeAction, NAME as HELPER_NAME, NIK as HELPER_NIK, PHONE as HELPER_PHONE, sessionWithAgency, STREET as HELPER_STREET,
  submittedTdp, TDP_AGENCY,
} from './office-helpers.js';

const ADDRESS = {
  street: 'Jl. Kenanga Rahasia No. 77', rtRw: '003/005', village: 'Klandasan Ilir', district: 'Balikpapan Kota',
  city: 'Kota Balikpapan', province: 'Kalimantan Timur', postalCode: '76113',
};
const NIK = '6471055708900002';
const PHONE = '081298765432';
const NAME = 'Siti Aminah Tersembunyi';

function tdpAnswers(): Record<string, AnswerValue> {
  return {
    applicantNik: '6471021708900003', applicantName: NAME, applicantPhone: PHONE, companyName: 'CV Rahasia Jaya',
    businessForm: 'cv', companyAddress: { ...ADDRESS }, partners: [{ name: 'Ahmad Fauzi', nik: '6471051708900002', position: 'active' }],
    kbli: '47112', siupNumber: '', establishmentDate: '2018-03-12', employeeCount: 8,
  };
}

const allowedKeys = new Set(['permitTypeId', 'permitTypeName', 'status', 'submittedAt', 'registrationNumber', 'registeredAt', 'returnedAt', 'stages']);

/** The stage names of an answer, in order. */
const stageNames = (body: PublicTrackingResponse): string[] => (body.stages ?? []).map((stage) => stage.stage);

describe('public tracking by receipt or registration number', () => {
  let server: TestServer;
  let booth: Session;
  let office: Session;
  before(async () => {
    server = await startTestServer();
    booth = await server.freshSession('booth-staff');
    office = await server.freshSession('front-office');
  });
  after(() => server.close());

  const track = (number: string): Promise<ApiResult> => server.api(`/api/public/track/${encodeURIComponent(number)}`);

  /** A booth filing submitted with its two files stored, so it has its registration number. */
  const submitNumbered = async (): Promise<ApplicationWireDoc> => {
    const id = freshId();
    const files = ['ktp', 'npwp'].map((requirementId) => {
      const bytes = randomBytes(600);
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(bytes);
      const ref: DocumentRef = { fileId: freshId(), fileName: `${requirementId}.jpg`, mimeType: 'image/jpeg', size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
      return { requirementId, bytes, ref };
    });
    const doc: ApplicationWireDoc = {
      id, ownerId: booth.user.userId, permitTypeId: 'tdp', catalogVersion: demoCatalog.version, status: 'submitted',
      answers: tdpAnswers(), createdAt: new Date().toISOString(), updatedAt: Date.now(), _deleted: false,
      documents: Object.fromEntries(files.map((file) => [file.requirementId, file.ref])),
      citizen: { nik: NIK, name: NAME, phone: PHONE, address: { ...ADDRESS } }, consentAt: new Date().toISOString(), claimCode: newClaimCode(),
      provisionalNumber: newProvisionalNumber(), submittedAt: new Date().toISOString(),
    };
    await server.pushOk(booth.cookie, [{ newDocumentState: doc }]);
    for (const file of files) {
      const declared = await server.api('/api/uploads', { cookie: booth.cookie, body: { ...file.ref, applicationId: id, requirementId: file.requirementId } });
      assert.equal(declared.status, 201, declared.text);
      const response = await fetch(`${server.url}/api/uploads/${file.ref.fileId}`, {
        method: 'PUT',
        headers: { cookie: booth.cookie, 'content-type': 'application/octet-stream', 'content-range': `bytes 0-${file.bytes.length - 1}/${file.bytes.length}` },
        body: new Uint8Array(file.bytes),
      });
      assert.equal(response.status, 200, await response.text());
    }
    for (let attempt = 0; attempt < 50; attempt++) {
      const mine = ((await server.pullAll(booth.cookie)).documents as ApplicationWireDoc[]).filter((found) => found.id === id).at(-1);
      if (mine?.registrationNumber) return mine;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no registration number');
  };

  it('finds a submitted application by either number, without a sign-in, showing nothing personal', async () => {
    const doc = await submitNumbered();
    assert.ok(doc.registrationNumber?.includes('/'), 'a registration number has slashes');
    for (const number of [doc.provisionalNumber!, doc.provisionalNumber!.toLowerCase(), doc.registrationNumber!]) {
      const result = await track(number);
      assert.equal(result.status, 200, `${number}: ${result.text}`);
      const body = result.body as PublicTrackingResponse;
      assert.equal(body.permitTypeId, 'tdp');
      assert.equal(body.status, 'submitted');
      assert.equal(body.registrationNumber, doc.registrationNumber);
      assert.equal(body.registeredAt, doc.registeredAt);
      assert.equal(body.submittedAt, doc.submittedAt);
      assert.deepEqual(body.permitTypeName, demoCatalog.permitTypes.find((type) => type.id === 'tdp')?.name, 'the permit type\'s name');
      assert.deepEqual(stageNames(body), ['submitted', 'registered'], 'the stages so far, oldest first');
      assert.equal(body.stages?.find((stage) => stage.stage === 'registered')?.at, doc.registeredAt, 'each stage with its date');
      for (const key of Object.keys(body)) assert.ok(allowedKeys.has(key), `only public fields, not ${key}`);
      for (const secret of [NIK, PHONE, NAME, 'Kenanga', 'Rahasia', booth.user.userId, doc.id, doc.claimCode!, doc.ownerId]) {
        assert.equal(result.text.includes(secret), false, `the answer must not contain ${secret}`);
      }
    }
  });

  it('shows a returned application as returned, with the time of the return', async () => {
    const doc = await submitNumbered();
    const returned = await server.api(`/api/applications/${doc.id}/return`, { cookie: office.cookie, body: { reasons: [{ text: 'Foto KTP buram.' }] } });
    assert.equal(returned.status, 200, returned.text);
    const body = (await track(doc.provisionalNumber!)).body as PublicTrackingResponse;
    assert.equal(body.status, 'returned');
    assert.ok(body.returnedAt, 'returnedAt');
    assert.equal(stageNames(body).at(-1), 'returned', `the return is the latest stage: ${stageNames(body).join(', ')}`);
    assert.ok(stageNames(body).includes('submitted'), 'the submission stays a stage');
    assert.equal(JSON.stringify(body).includes('buram'), false, 'the office\'s reasons are not public');
    // Resubmitting is offered once the applicant changed something: returnedAt is exactly updatedAt.
    const pulled = ((await server.pullAll(booth.cookie)) as PullResponse).documents.filter((found) => found.id === doc.id).at(-1);
    assert.equal(pulled?.returnedAt, new Date(pulled?.updatedAt ?? 0).toISOString(), 'returnedAt is the instant of updatedAt');
  });

  it('shows an application in review by its stages, and none of the office\'s notes, questions or people', async () => {
    const applicant = await server.freshSession('applicant');
    const reviewer = await sessionWithAgency(server, 'agency-reviewer', TDP_AGENCY, 'Pak Dedi Peninjau Rahasia');
    const doc = await submittedTdp(server, applicant);
    await accept(server, office, doc);
    await applied(server, reviewer, makeAction(reviewer, doc.id, 'note', 'in-review', { text: 'Catatan internal tersembunyi', internal: true }));
    await applied(server, reviewer, makeAction(reviewer, doc.id, 'recommend', 'in-review', { recommendation: 'needs-information', question: 'Pertanyaan tersembunyi?' }));
    const result = await track(doc.provisionalNumber!);
    assert.equal(result.status, 200, result.text);
    const body = result.body as PublicTrackingResponse;
    assert.equal(body.status, 'needs-information');
    assert.deepEqual(stageNames(body), ['submitted', 'in-review', 'needs-information']);
    for (const stage of body.stages ?? []) assert.ok(!Number.isNaN(Date.parse(stage.at)), `a date for ${stage.stage}`);
    for (const key of Object.keys(body)) assert.ok(allowedKeys.has(key), `only public fields, not ${key}`);
    for (const secret of [HELPER_NIK, HELPER_NAME, HELPER_PHONE, HELPER_STREET, 'tersembunyi', 'Rahasia', applicant.user.userId, reviewer.user.userId,
      office.user.userId, doc.id, TDP_AGENCY]) {
      assert.equal(result.text.includes(secret), false, `the answer must not contain ${secret}`);
    }
  });

  it('never finds a draft, whatever number it carries, and says so in both languages', async () => {
    const number = newProvisionalNumber();
    const draftDoc: ApplicationWireDoc = {
      id: freshId(), ownerId: booth.user.userId, permitTypeId: 'tdp', catalogVersion: demoCatalog.version, status: 'draft',
      answers: { companyName: 'CV Draf' }, createdAt: new Date().toISOString(), updatedAt: Date.now(), _deleted: false, provisionalNumber: number,
    };
    await server.pushOk(booth.cookie, [{ newDocumentState: draftDoc }]);
    const error = expectError(await track(number), 404, 'application-not-found');
    assert.match(error.message.en, /No submitted application/);
    expectError(await track('0001/TDP/01/1999'), 404, 'application-not-found');
    expectError(await track('tidak-ada'), 400, 'invalid-number');
  });

  it('tells the device the public address for its receipts (default: this server), and the shell opens at the link', async () => {
    const config = (await server.api('/api/config')).body as PublicConfigResponse;
    assert.equal(config.publicUrl, server.url);
    const link = trackingUrl(config.publicUrl, '0001/TDP/11/2026');
    assert.equal(link, `${server.url}/lacak/0001%2FTDP%2F11%2F2026`);
    for (const url of [link, trackingUrl(config.publicUrl, 'P-7KQ2-M9XD')]) {
      const shell = await fetch(url);
      assert.equal(shell.status, 200, url);
      assert.match(await shell.text(), /PTSP test shell/);
    }
  });
});

describe('PUBLIC_URL', () => {
  it('is given to devices as set, and refused at start when it is not a plain http(s) address', async () => {
    assert.equal(readConfig({ PUBLIC_URL: 'https://ptsp.example.go.id/' }).publicUrl, 'https://ptsp.example.go.id');
    assert.equal(readConfig({}).publicUrl, undefined);
    for (const wrong of ['ptsp.example.go.id', 'ftp://ptsp.example.go.id', 'https://ptsp.example.go.id/?a=1']) {
      assert.throws(() => readConfig({ PUBLIC_URL: wrong }), /PUBLIC_URL/, wrong);
    }
    const server = await startTestServer({ publicUrl: 'https://ptsp.example.go.id' });
    try {
      assert.deepEqual((await server.api('/api/config')).body, { publicUrl: 'https://ptsp.example.go.id', holidays: [...DEFAULT_HOLIDAY_DATES] });
    } finally {
      await server.close();
    }
  });
});

describe('PUBLIC_HOLIDAYS', () => {
  it('replaces the built-in holidays on GET /api/config (sorted, repeats dropped); unset, the built-in list is served', async () => {
    assert.deepEqual(readConfig({ PUBLIC_HOLIDAYS: ' 2026-12-31, 2026-06-01,,2026-06-01 ' }).holidays, ['2026-06-01', '2026-12-31']);
    assert.equal(readConfig({}).holidays, undefined);
    const configured = await startTestServer({ holidays: readConfig({ PUBLIC_HOLIDAYS: '2026-06-01,2026-12-31' }).holidays });
    try {
      const config = (await configured.api('/api/config')).body as PublicConfigResponse;
      assert.deepEqual(config.holidays, ['2026-06-01', '2026-12-31']);
    } finally {
      await configured.close();
    }
    const builtIn = await startTestServer();
    try {
      const config = (await builtIn.api('/api/config')).body as PublicConfigResponse;
      assert.deepEqual(config.holidays, [...DEFAULT_HOLIDAY_DATES]);
      assert.ok(config.holidays.includes('2026-08-17'), 'the built-in list holds Independence Day 2026');
    } finally {
      await builtIn.close();
    }
  });

  it('with a wrong entry, the server refuses to start and names the entry', async () => {
    for (const wrong of ['2026-13-01', '17-08-2026', '2026-02-30']) {
      assert.throws(() => readConfig({ PUBLIC_HOLIDAYS: `2026-01-01,${wrong}` }), (error: Error) => error.message.includes(`"${wrong}"`) && /PUBLIC_HOLIDAYS/.test(error.message), wrong);
    }
    // The real start (npm start runs sync-server/main.ts): it exits before listening, saying why.
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-holidays-'));
    const started = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
        env: { ...process.env, PUBLIC_HOLIDAYS: '2026-01-01,2026-13-01', PORT: '0', DATA_DIR: dataDir, COUCHDB_URL: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      const timer = setTimeout(() => child.kill('SIGTERM'), 30_000);
      child.on('exit', (code) => { clearTimeout(timer); resolve({ code, stderr }); });
    });
    assert.notEqual(started.code, 0, `the server must not start: ${started.stderr}`);
    assert.notEqual(started.code, null, 'it exits by itself instead of running until killed');
    assert.match(started.stderr, /PUBLIC_HOLIDAYS: "2026-13-01" is not a date written YYYY-MM-DD/);
    await fs.rm(dataDir, { recursive: true, force: true });
  });
});

describe('walking tracking numbers', () => {
  it('stops an address after 30 unknown numbers with 429 and Retry-After', async () => {
    const server = await startTestServer();
    try {
      for (let index = 0; index < 30; index++) {
        expectError(await server.api(`/api/public/track/${newProvisionalNumber()}`), 404, 'application-not-found');
      }
      const limited = await server.api(`/api/public/track/${newProvisionalNumber()}`);
      const error = expectError(limited, 429, 'too-many-attempts');
      assert.match(error.message.id, /pencarian nomor/);
      assert.ok(Number(limited.headers.get('retry-after')) > 0, `Retry-After: ${limited.headers.get('retry-after')}`);
      assert.equal(limited.headers.get('ratelimit-remaining'), null, 'the budget left is not told');
    } finally {
      await server.close();
    }
  });
});
