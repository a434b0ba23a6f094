/**
 * A CouchDB cluster refuses a write that carries attachment stubs with 412 `missing_stub` when one
 * copy of the shard has not yet received the revision that added the attachment, even when the
 * other copies stored the write (CI saw it once on the 3-node cluster: the last piece of an upload
 * answered 500). A proxy in front of the store answers that 412 for the write that completes a
 * file: once after passing the write on (it landed), once without (it did not), and for the
 * attachment of a piece. The upload must end complete and recorded once, never as a 500.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import nano from 'nano';
import { startEmbeddedStore, type EmbeddedStore } from '../../sync-server/embedded-store.js';
import { DATABASES, type StoredFile } from '../../sync-server/store.js';
import { COUCHDB_URL, draft, freshId, startTestServer, type Session, type TestServer } from './helpers.js';
import { fileTdp, jpeg, sha256, storeProxy, type ProxiedRequest, type StoreProxy } from './server-processes.js';

type Refusal = 'after-landing' | 'before-landing' | 'piece-attachment' | 'lasting' | undefined;

const MISSING_STUB = { status: 412, body: JSON.stringify({ error: 'missing_stub', reason: 'Invalid attachment stub in the document for file' }) };

const isCompletingWrite = (request: ProxiedRequest): boolean =>
  request.method === 'POST' && /^\/ptsp_files(\?|$)/.test(request.pathAndQuery) && request.body.includes('"complete":true');

const isAttachmentPut = (request: ProxiedRequest): boolean =>
  request.method === 'PUT' && /^\/ptsp_files\/[^/?]+\/part-\d{12}/.test(request.pathAndQuery);

describe('uploads on a cluster that refuses a write for a missing stub', { timeout: 120_000 }, () => {
  let scratch: string;
  let embedded: EmbeddedStore | undefined;
  let proxy: StoreProxy;
  let server: TestServer;
  let files: nano.DocumentScope<StoredFile>;
  let applicant: Session;
  /** What the proxy does to the next matching request (then it passes requests on again). */
  let refusal: Refusal;
  let refused = 0;

  before(async () => {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-missing-stub-'));
    embedded = COUCHDB_URL ? undefined : await startEmbeddedStore(path.join(scratch, 'store'));
    const storeUrl = COUCHDB_URL ?? embedded?.url ?? '';
    proxy = await storeProxy(storeUrl, async (request, forward) => {
      if ((refusal === 'after-landing' || refusal === 'before-landing') && isCompletingWrite(request)) {
        if (refusal === 'after-landing') {
          const stored = await forward(request.method, request.pathAndQuery, request.body, request.contentType, request.accept);
          assert.ok(stored.ok, `the proxy stored the write: ${stored.status}`);
        }
        refusal = undefined;
        refused++;
        return MISSING_STUB;
      }
      if (refusal === 'lasting' && isCompletingWrite(request)) {
        refused++;
        return MISSING_STUB;
      }
      if (refusal === 'piece-attachment' && isAttachmentPut(request)) {
        refusal = undefined;
        refused++;
        return MISSING_STUB;
      }
      return undefined;
    });
    server = await startTestServer({ couchUrl: proxy.url });
    files = nano({ url: storeUrl }).use<StoredFile>(DATABASES.files);
    applicant = await server.freshSession('applicant');
  });
  after(async () => {
    await server.close();
    await proxy.close();
    await embedded?.stop();
    await fs.rm(scratch, { recursive: true, force: true });
  });

  const filesOf = async (applicationId: string): Promise<StoredFile[]> =>
    (await files.find({ selector: { type: 'file', applicationId }, limit: 10 })).docs;

  for (const when of ['after-landing', 'before-landing'] as const) {
    it(`completes the file when the completing write is refused ${when === 'after-landing' ? 'after a quorum stored it' : 'before any copy stored it'}`, async () => {
      refused = 0;
      refusal = when;
      // fileTdp asserts every piece answers 200.
      const applicationId = await fileTdp(applicant, 'booth-stub', server.url, server.url);
      assert.equal(refused, 1, 'the proxy refused one completing write');
      const stored = await filesOf(applicationId);
      assert.equal(stored.length, 2);
      for (const file of stored) {
        assert.equal(file.complete, true, `${file.requirementId} is complete`);
        assert.deepEqual(Object.keys(file._attachments ?? {}), ['file'], 'only the whole file is kept');
      }
      const uploads = await server.audit({ action: 'file.upload', 'details.applicationId': applicationId });
      assert.equal(uploads.length, 2, 'each file recorded once');
      const application = await server.stored(applicationId);
      assert.equal(typeof application?.registrationNumber, 'string', 'the application was numbered once its files were complete');
    });
  }

  it('answers a piece whose attachment is refused with the state to resume from, and the resend completes the file', async () => {
    const bytes = jpeg(3000);
    const ref = { fileId: freshId(), fileName: 'ktp.jpg', mimeType: 'image/jpeg', size: bytes.length, sha256: sha256(bytes) };
    const fileId = ref.fileId;
    const application = draft(applicant.user.userId, {}, { permitTypeId: 'tdp', documents: { ktp: ref } });
    assert.deepEqual((await server.pushOk(applicant.cookie, [{ newDocumentState: application }])).conflicts, []);
    const declared = await server.api('/api/uploads', {
      body: { ...ref, applicationId: application.id, requirementId: 'ktp' },
      cookie: applicant.cookie,
    });
    assert.equal(declared.status, 201, declared.text);
    const put = (start: number, end: number): Promise<Response> => fetch(`${server.url}/api/uploads/${fileId}`, {
      method: 'PUT',
      headers: { cookie: applicant.cookie, 'content-type': 'application/octet-stream', 'content-range': `bytes ${start}-${end - 1}/${bytes.length}` },
      body: new Uint8Array(bytes.subarray(start, end)),
    });
    refused = 0;
    refusal = 'piece-attachment';
    const first = await put(0, 1000);
    assert.equal(refused, 1);
    assert.equal(first.status, 409, 'the device is told where to resume, not a 500');
    const state = (await first.json() as { state: { receivedBytes: number } }).state;
    assert.equal(state.receivedBytes, 0, 'the refused piece was not stored');
    assert.equal((await put(0, 1000)).status, 200);
    const last = await put(1000, bytes.length);
    assert.equal(last.status, 200, await last.text());
    const stored = await files.get(fileId);
    assert.equal(stored.complete, true);
  });

  it('answers a copy that lags past every retry with the state to resume from, not a 500; the resend completes the file', async () => {
    const bytes = jpeg(1500);
    const ref = { fileId: freshId(), fileName: 'npwp.jpg', mimeType: 'image/jpeg', size: bytes.length, sha256: sha256(bytes) };
    const application = draft(applicant.user.userId, {}, { permitTypeId: 'tdp', documents: { npwp: ref } });
    assert.deepEqual((await server.pushOk(applicant.cookie, [{ newDocumentState: application }])).conflicts, []);
    const declared = await server.api('/api/uploads', { body: { ...ref, applicationId: application.id, requirementId: 'npwp' }, cookie: applicant.cookie });
    assert.equal(declared.status, 201, declared.text);
    const put = (): Promise<Response> => fetch(`${server.url}/api/uploads/${ref.fileId}`, {
      method: 'PUT',
      headers: { cookie: applicant.cookie, 'content-type': 'application/octet-stream', 'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}` },
      body: new Uint8Array(bytes),
    });
    refused = 0;
    refusal = 'lasting';
    const first = await put();
    refusal = undefined;
    assert.equal(refused, 5, 'tried five times');
    assert.equal(first.status, 409, `the device is told where to resume: ${first.status}`);
    assert.equal((await first.json() as { state: { complete: boolean } }).state.complete, false);
    const again = await put();
    assert.equal(again.status, 200, await again.text());
    assert.equal((await files.get(ref.fileId)).complete, true);
  });
});
