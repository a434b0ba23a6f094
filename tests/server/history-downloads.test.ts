/**
 * A file download is on the application's history only when the bytes were sent (GET
 * /api/files/:fileId answered 200): a revalidation answered 304 and a HEAD show nothing, and the
 * uploader's own downloads are never recorded.
 */
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentRef } from '../../common/application-schema.js';
import { DEVICE_HEADER } from '../../common/sync-protocol.js';
import { startTestServer, freshId, type Session, type TestServer } from './helpers.js';
import { deviceName, historyOf, submittedTdp } from './office-helpers.js';

describe('file downloads on the history', () => {
  let server: TestServer;
  let citizen: Session;
  let office: Session;
  before(async () => {
    server = await startTestServer();
    citizen = await server.freshSession('applicant');
    office = await server.freshSession('front-office');
  });
  after(() => server.close());

  /** A submitted application whose KTP photo is stored whole; returns its id, the file's id and digest. */
  async function withStoredFile(): Promise<{ applicationId: string; fileId: string; sha256: string; bytes: Buffer }> {
    const bytes = randomBytes(700);
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const ktp: DocumentRef = { fileId: freshId(), fileName: 'ktp.jpg', mimeType: 'image/jpeg', size: bytes.length, sha256 };
    const npwp: DocumentRef = { fileId: freshId(), fileName: 'npwp.jpg', mimeType: 'image/jpeg', size: 600, sha256: randomBytes(32).toString('hex') };
    const application = await submittedTdp(server, citizen, { documents: { ktp, npwp } });
    const declared = await server.api('/api/uploads', { body: { ...ktp, applicationId: application.id, requirementId: 'ktp' }, cookie: citizen.cookie });
    assert.equal(declared.status, 201, declared.text);
    const piece = await fetch(`${server.url}/api/uploads/${ktp.fileId}`, {
      method: 'PUT', body: new Uint8Array(bytes),
      headers: { cookie: citizen.cookie, 'content-type': 'application/octet-stream', 'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}` },
    });
    assert.equal(piece.status, 200, await piece.text());
    return { applicationId: application.id, fileId: ktp.fileId, sha256, bytes };
  }

  const downloadsOf = async (applicationId: string): Promise<{ actorId: string; device?: string }[]> =>
    ((await historyOf(server, office, applicationId)).view?.events ?? []).filter((event) => event.event === 'file-download');

  const fetchFile = (session: Session, fileId: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> =>
    fetch(`${server.url}/api/files/${fileId}`, { method, headers: { cookie: session.cookie, ...headers } });

  it('records a full fetch, not a revalidation answered 304, nor a HEAD', async () => {
    const file = await withStoredFile();
    const desk = deviceName();
    const etag = `"${file.sha256}"`;

    const full = await fetchFile(office, file.fileId, { [DEVICE_HEADER]: desk });
    assert.equal(full.status, 200);
    assert.equal(full.headers.get('etag'), etag);
    assert.deepEqual(Buffer.from(await full.arrayBuffer()), file.bytes, 'the bytes were sent');
    assert.deepEqual((await downloadsOf(file.applicationId)).map((event) => [event.actorId, event.device]), [[office.user.userId, desk]], 'one download');

    // The device holds these bytes already: it asks whether they changed, as a browser revalidates.
    for (const ifNoneMatch of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const revalidated = await fetchFile(office, file.fileId, { [DEVICE_HEADER]: desk, 'if-none-match': ifNoneMatch });
      assert.equal(revalidated.status, 304, `If-None-Match: ${ifNoneMatch}`);
      assert.equal((await revalidated.arrayBuffer()).byteLength, 0, 'no bytes');
    }
    const head = await fetchFile(office, file.fileId, { [DEVICE_HEADER]: desk }, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal((await downloadsOf(file.applicationId)).length, 1, 'a 304 or a HEAD adds no record');

    // A digest that is not this file's: the bytes are sent, and that is a download.
    const changed = await fetchFile(office, file.fileId, { 'if-none-match': `"${'0'.repeat(64)}"` });
    assert.equal(changed.status, 200);
    assert.deepEqual(Buffer.from(await changed.arrayBuffer()), file.bytes);
    assert.equal((await downloadsOf(file.applicationId)).length, 2, 'the second full fetch is the second record');
  });

  it('never records the uploader\'s own download', async () => {
    const file = await withStoredFile();
    const own = await fetchFile(citizen, file.fileId);
    assert.equal(own.status, 200);
    assert.deepEqual(Buffer.from(await own.arrayBuffer()), file.bytes);
    assert.deepEqual(await downloadsOf(file.applicationId), []);
  });
});
