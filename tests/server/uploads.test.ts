import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import nano from 'nano';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import { MAX_UPLOAD_CHUNK_BYTES, UPLOAD_CHUNK_BYTES, type UploadDeclaration, type UploadState } from '../../common/upload-protocol.js';
import { CatalogService } from '../../sync-server/catalog-service.js';
import { startServer } from '../../sync-server/server.js';
import { DATABASES, type StoredFile } from '../../sync-server/store.js';
import { INCOMPLETE_UPLOAD_TTL_MS, UploadService } from '../../sync-server/uploads/upload-service.js';
import {
  apiCall, draft, expectError, freshId, startTestServer, type ApiResult, type Session, type TestServer,
} from './helpers.js';

const JPEG_MAGIC = [0xff, 0xd8, 0xff, 0xe0];
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Random bytes that start like a file of the given kind. */
function fileBytes(size: number, magic: number[]): Buffer {
  const bytes = randomBytes(size);
  Buffer.from(magic).copy(bytes);
  return bytes;
}

function declarationFor(applicationId: string, bytes: Buffer, extra: Partial<UploadDeclaration> = {}): UploadDeclaration {
  return {
    fileId: freshId(),
    applicationId,
    requirementId: 'ktp',
    fileName: 'ktp-siti.jpg',
    mimeType: 'image/jpeg',
    size: bytes.length,
    sha256: sha256(bytes),
    ...extra,
  };
}

/** PUTs bytes[start, end) as one piece; `total` defaults to the whole length. */
async function putPiece(
  baseUrl: string, cookie: string | undefined, fileId: string, bytes: Buffer, start: number, end: number,
  options: { total?: number; contentRange?: string | null; contentType?: string } = {},
): Promise<ApiResult> {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/octet-stream' };
  if (cookie) headers.cookie = cookie;
  const range = options.contentRange === undefined ? `bytes ${start}-${end - 1}/${options.total ?? bytes.length}` : options.contentRange;
  if (range !== null) headers['content-range'] = range;
  const response = await fetch(`${baseUrl}/api/uploads/${fileId}`, { method: 'PUT', headers, body: new Uint8Array(bytes.subarray(start, end)) });
  const text = await response.text();
  const body: unknown = (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, body, text };
}

const stateOf = (result: ApiResult): UploadState => (result.body as { state: UploadState }).state;

describe('requirement document uploads', () => {
  let server: TestServer;
  let me: Session;
  let other: Session;
  let files: nano.DocumentScope<StoredFile>;
  let service: UploadService;
  before(async () => {
    server = await startTestServer();
    me = await server.freshSession('applicant');
    other = await server.freshSession('applicant');
    files = nano({ url: server.storeUrl }).use<StoredFile>(DATABASES.files);
    // Only its storedFiles is used: it reads the store the running server writes.
    service = new UploadService(server.running.store, new CatalogService(server.running.store),
      { accessibleApplication: async () => undefined, readableApplication: async () => undefined }, async () => undefined);
  });
  after(async () => {
    await server.close();
  });

  /** The state each test application has on the server, to name its files in it. */
  const applications = new Map<string, ApplicationWireDoc>();

  /** A TDP application of `session`, pushed through the sync endpoint like a device does. */
  async function application(session: Session): Promise<string> {
    const doc = draft(session.user.userId, {}, { permitTypeId: 'tdp', catalogVersion: demoCatalog.version });
    assert.deepEqual(await server.pushOk(session.cookie, [{ newDocumentState: doc }]), { conflicts: [] });
    applications.set(doc.id, doc);
    return doc.id;
  }

  /**
   * As a device does before it uploads: the application names the file for its requirement. Where
   * the server refuses that (another account's application, a requirement the type lacks, a file
   * too large), the declaration is sent anyway: that refusal is what such a test looks at.
   */
  async function nameFile(session: Session, declaration: unknown): Promise<void> {
    const { fileId, applicationId, requirementId, fileName, mimeType, size, sha256: digest } = (declaration ?? {}) as Partial<UploadDeclaration>;
    const current = applicationId ? applications.get(applicationId) : undefined;
    if (!current || !fileId || !requirementId || !fileName || !mimeType || !size || !digest) return;
    const next: ApplicationWireDoc = {
      ...current, updatedAt: current.updatedAt + 1,
      documents: { ...current.documents, [requirementId]: { fileId, fileName, mimeType: mimeType.toLowerCase(), size, sha256: digest } },
    };
    const pushed = await server.push(session.cookie, [{ assumedMasterState: current, newDocumentState: next }]);
    if (pushed.status === 200) applications.set(next.id, next);
  }

  async function declare(session: Session, declaration: unknown): Promise<ApiResult> {
    await nameFile(session, declaration);
    return server.api('/api/uploads', { body: declaration, cookie: session.cookie });
  }

  async function declareOk(session: Session, declaration: UploadDeclaration): Promise<UploadState> {
    const result = await declare(session, declaration);
    assert.equal(result.status, 201, result.text);
    assert.deepEqual(result.body, { fileId: declaration.fileId, receivedBytes: 0, size: declaration.size, complete: false });
    return result.body as UploadState;
  }

  /** Asserts that nothing of the file is kept: not complete, no attachments at all, not among the stored files. */
  async function assertNothingKept(fileId: string): Promise<void> {
    const stored = await files.get(fileId);
    assert.equal(stored.complete, false);
    assert.equal(stored.receivedBytes, 0);
    assert.deepEqual(Object.keys(stored._attachments ?? {}), []);
    assert.equal((await service.storedFiles([fileId])).size, 0);
    const state = await server.api(`/api/uploads/${fileId}`, { cookie: me.cookie });
    assert.equal((state.body as UploadState).receivedBytes, 0);
  }

  it('stores a file sent in two pieces byte for byte, and gives it back to its owner', async () => {
    const applicationId = await application(me);
    const bytes = fileBytes(300 * 1024, JPEG_MAGIC);
    const declaration = declarationFor(applicationId, bytes);
    await declareOk(me, declaration);

    const first = await putPiece(server.url, me.cookie, declaration.fileId, bytes, 0, UPLOAD_CHUNK_BYTES);
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.body, { fileId: declaration.fileId, receivedBytes: UPLOAD_CHUNK_BYTES, size: bytes.length, complete: false });
    const second = await putPiece(server.url, me.cookie, declaration.fileId, bytes, UPLOAD_CHUNK_BYTES, bytes.length);
    assert.equal(second.status, 200, second.text);
    assert.deepEqual(second.body, { fileId: declaration.fileId, receivedBytes: bytes.length, size: bytes.length, complete: true });

    // Straight from the store: the whole file only, byte-identical, with its declared type.
    const stored = await files.get(declaration.fileId);
    assert.equal(stored.complete, true);
    assert.equal(stored.receivedBytes, bytes.length);
    assert.ok(stored.completedAt, 'the completed upload has completedAt');
    assert.deepEqual(Object.keys(stored._attachments ?? {}), ['file']);
    assert.equal((stored._attachments?.file as { content_type?: string }).content_type, 'image/jpeg');
    const fromStore = await files.attachment.get(declaration.fileId, 'file');
    assert.equal(sha256(fromStore), declaration.sha256);

    const summary = await service.storedFiles([declaration.fileId, freshId()]);
    assert.deepEqual([...summary.entries()], [[declaration.fileId,
      { applicationId, requirementId: 'ktp', mimeType: 'image/jpeg', size: bytes.length, sha256: declaration.sha256 }]]);
    const audit = await server.audit({ action: 'file.upload', target: declaration.fileId });
    assert.equal(audit.length, 1);
    assert.equal(audit[0]?.actor, me.user.userId);

    const download = await fetch(`${server.url}/api/files/${declaration.fileId}`, { headers: { cookie: me.cookie } });
    assert.equal(download.status, 200);
    assert.equal(download.headers.get('content-type'), 'image/jpeg');
    assert.equal(download.headers.get('etag'), `"${declaration.sha256}"`);
    assert.match(download.headers.get('cache-control') ?? '', /no-store/);
    assert.equal(sha256(Buffer.from(await download.arrayBuffer())), declaration.sha256);

    // Sending again after completion: 409 with the state, which says it is complete.
    const again = await putPiece(server.url, me.cookie, declaration.fileId, bytes, UPLOAD_CHUNK_BYTES, bytes.length);
    expectError(again, 409, 'upload-offset-mismatch');
    assert.deepEqual(stateOf(again), { fileId: declaration.fileId, receivedBytes: bytes.length, size: bytes.length, complete: true });
  });

  it('resumes after a cut connection from the bytes the server reports', async () => {
    const applicationId = await application(me);
    const bytes = fileBytes(600 * 1024, PNG_MAGIC);
    const declaration = declarationFor(applicationId, bytes, { mimeType: 'image/png', fileName: 'ktp.png' });
    await declareOk(me, declaration);
    assert.equal((await putPiece(server.url, me.cookie, declaration.fileId, bytes, 0, UPLOAD_CHUNK_BYTES)).status, 200);

    // The device lost the answer: it asks where to go on.
    const state = await server.api(`/api/uploads/${declaration.fileId}`, { cookie: me.cookie });
    assert.equal(state.status, 200);
    const { receivedBytes } = state.body as UploadState;
    assert.equal(receivedBytes, UPLOAD_CHUNK_BYTES);
    for (let start = receivedBytes; start < bytes.length; start += UPLOAD_CHUNK_BYTES) {
      const result = await putPiece(server.url, me.cookie, declaration.fileId, bytes, start, Math.min(start + UPLOAD_CHUNK_BYTES, bytes.length));
      assert.equal(result.status, 200, result.text);
    }
    assert.equal(sha256(await files.attachment.get(declaration.fileId, 'file')), declaration.sha256);
  });

  it('keeps received pieces across a server restart', async () => {
    const first = await startTestServer();
    let restarted: Awaited<ReturnType<typeof startServer>> | undefined;
    try {
      const owner = await first.freshSession('applicant');
      const bytes = fileBytes(400 * 1024, JPEG_MAGIC);
      const fileId = freshId();
      const doc = draft(owner.user.userId, {}, {
        permitTypeId: 'tdp', catalogVersion: demoCatalog.version,
        documents: { ktp: { fileId, fileName: 'ktp-siti.jpg', mimeType: 'image/jpeg', size: bytes.length, sha256: sha256(bytes) } },
      });
      await first.pushOk(owner.cookie, [{ newDocumentState: doc }]);
      const declaration = declarationFor(doc.id, bytes, { fileId });
      assert.equal((await first.api('/api/uploads', { body: declaration, cookie: owner.cookie })).status, 201);
      assert.equal((await putPiece(first.url, owner.cookie, declaration.fileId, bytes, 0, UPLOAD_CHUNK_BYTES)).status, 200);

      await first.running.close();
      restarted = await startServer(first.config);
      const state = await apiCall(restarted.url, `/api/uploads/${declaration.fileId}`, { cookie: owner.cookie });
      assert.equal(state.status, 200, state.text);
      assert.equal((state.body as UploadState).receivedBytes, UPLOAD_CHUNK_BYTES);
      const rest = await putPiece(restarted.url, owner.cookie, declaration.fileId, bytes, UPLOAD_CHUNK_BYTES, bytes.length);
      assert.equal(rest.status, 200, rest.text);
      assert.equal((rest.body as UploadState).complete, true);
      const download = await fetch(`${restarted.url}/api/files/${declaration.fileId}`, { headers: { cookie: owner.cookie } });
      assert.equal(sha256(Buffer.from(await download.arrayBuffer())), declaration.sha256);
    } finally {
      await restarted?.close();
      await fs.rm(first.config.dataDir, { recursive: true, force: true });
    }
  });

  it('removes an upload left incomplete past its time, which the device can then declare again', async () => {
    const backdate = async (fileId: string): Promise<void> => {
      const doc = await files.get(fileId);
      await files.insert({ ...doc, createdAt: new Date(Date.now() - INCOMPLETE_UPLOAD_TTL_MS - 60_000).toISOString() });
    };
    const bytes = fileBytes(300 * 1024, JPEG_MAGIC);
    const abandoned = declarationFor(await application(me), bytes);
    await declareOk(me, abandoned);
    assert.equal((await putPiece(server.url, me.cookie, abandoned.fileId, bytes, 0, UPLOAD_CHUNK_BYTES)).status, 200);
    await backdate(abandoned.fileId);
    // As old, but complete: it stays.
    const finished = declarationFor(await application(me), bytes);
    await declareOk(me, finished);
    assert.equal((await putPiece(server.url, me.cookie, finished.fileId, bytes, 0, bytes.length)).status, 200);
    await backdate(finished.fileId);
    // Incomplete, but recent: it stays.
    const recent = declarationFor(await application(me), bytes);
    await declareOk(me, recent);

    assert.equal(await service.expireIncomplete(), 1, 'exactly the old incomplete upload is removed');
    await assert.rejects(files.get(abandoned.fileId), (error: { statusCode?: number }) => error.statusCode === 404);
    expectError(await server.api(`/api/uploads/${abandoned.fileId}`, { cookie: me.cookie }), 404, 'upload-not-found');
    assert.equal((await files.get(finished.fileId)).complete, true);
    assert.equal((await files.get(recent.fileId)).complete, false);
    const audit = await nano({ url: server.storeUrl }).use(DATABASES.audit).find({ selector: { action: 'file.expire', target: abandoned.fileId } });
    assert.equal(audit.docs.length, 1, 'the removal is in the audit log');
    assert.equal(await service.expireIncomplete(), 0, 'a second sweep finds nothing more');

    // The device still has the file: it declares it again and sends it from byte 0.
    await declareOk(me, abandoned);
    const whole = await putPiece(server.url, me.cookie, abandoned.fileId, bytes, 0, bytes.length);
    assert.equal(whole.status, 200, whole.text);
    assert.equal((whole.body as UploadState).complete, true);
  });

  it('answers a piece at the wrong offset with 409 and the state to resume from', async () => {
    const applicationId = await application(me);
    const bytes = fileBytes(300 * 1024, JPEG_MAGIC);
    const declaration = declarationFor(applicationId, bytes);
    await declareOk(me, declaration);

    const skipped = await putPiece(server.url, me.cookie, declaration.fileId, bytes, 1000, 2000);
    expectError(skipped, 409, 'upload-offset-mismatch');
    assert.deepEqual(stateOf(skipped), { fileId: declaration.fileId, receivedBytes: 0, size: bytes.length, complete: false });

    assert.equal((await putPiece(server.url, me.cookie, declaration.fileId, bytes, 0, 1000)).status, 200);
    const repeated = await putPiece(server.url, me.cookie, declaration.fileId, bytes, 0, 1000);
    expectError(repeated, 409, 'upload-offset-mismatch');
    assert.equal(stateOf(repeated).receivedBytes, 1000);
    assert.equal((await files.get(declaration.fileId)).receivedBytes, 1000);

    // Two devices (or a retry racing the original) send the same next piece at once: one is kept.
    const racing = await Promise.all([0, 1].map(() => putPiece(server.url, me.cookie, declaration.fileId, bytes, 1000, 5000)));
    assert.deepEqual(racing.map((result) => result.status).sort(), [200, 409]);
    assert.equal((await files.get(declaration.fileId)).receivedBytes, 5000);
  });

  it('refuses content that is not the declared kind of file, and keeps nothing', async () => {
    const applicationId = await application(me);
    const png = fileBytes(20 * 1024, PNG_MAGIC);
    const asPdf = declarationFor(applicationId, png, { mimeType: 'application/pdf', fileName: 'ktp.pdf' });
    await declareOk(me, asPdf);
    const refusedPdf = await putPiece(server.url, me.cookie, asPdf.fileId, png, 0, png.length);
    expectError(refusedPdf, 415, 'wrong-file-kind');
    assert.equal(stateOf(refusedPdf).receivedBytes, 0);
    await assertNothingKept(asPdf.fileId);

    // A Windows program (MZ header) declared as a photo, in two pieces: refused at its first piece.
    const program = fileBytes(300 * 1024, [0x4d, 0x5a, 0x90, 0x00]);
    const asJpeg = declarationFor(applicationId, program, { fileName: 'foto.jpg' });
    await declareOk(me, asJpeg);
    expectError(await putPiece(server.url, me.cookie, asJpeg.fileId, program, 0, UPLOAD_CHUNK_BYTES), 415, 'wrong-file-kind');
    await assertNothingKept(asJpeg.fileId);

    // Too small for the early check: refused when it is complete.
    const tiny = Buffer.from('MZ\x90\x00');
    const tinyJpeg = declarationFor(applicationId, tiny, { fileName: 'kecil.jpg' });
    await declareOk(me, tinyJpeg);
    expectError(await putPiece(server.url, me.cookie, tinyJpeg.fileId, tiny, 0, tiny.length), 415, 'wrong-file-kind');
    await assertNothingKept(tinyJpeg.fileId);
    assert.equal((await server.audit({ action: 'file.upload-refused', target: asPdf.fileId })).length, 1);
  });

  it('refuses at declaration a file over the requirement\'s size limit, or of a type it does not accept', async () => {
    const applicationId = await application(me);
    const tooBig = { ...declarationFor(applicationId, fileBytes(10, JPEG_MAGIC)), size: 2048 * 1024 + 1 };
    const error = expectError(await declare(me, tooBig), 413, 'file-too-large');
    assert.match(error.message.id, /2048 KB/);
    assert.match(error.message.en, /2048 KB/);
    const atLimit = { ...declarationFor(applicationId, fileBytes(10, JPEG_MAGIC)), size: 2048 * 1024 };
    assert.equal((await declare(me, atLimit)).status, 201);

    const gif = declarationFor(applicationId, fileBytes(100, [0x47, 0x49, 0x46]), { mimeType: 'image/gif', fileName: 'ktp.gif' });
    expectError(await declare(me, gif), 415, 'unsupported-file-type');
    await assert.rejects(files.get(tooBig.fileId), (e: { statusCode?: number }) => e.statusCode === 404);
  });

  it('refuses a truncated or corrupted upload and keeps nothing of it', async () => {
    const applicationId = await application(me);
    const bytes = fileBytes(300 * 1024, JPEG_MAGIC);
    const declaration = declarationFor(applicationId, bytes);
    await declareOk(me, declaration);

    // The device claims a shorter file than it declared.
    const truncated = await putPiece(server.url, me.cookie, declaration.fileId, bytes, 0, 1000, { total: 1000 });
    expectError(truncated, 400, 'upload-size-mismatch');
    await assertNothingKept(declaration.fileId);

    // Content-Range that does not match the body, missing or malformed.
    expectError(await putPiece(server.url, me.cookie, declaration.fileId, bytes, 0, 1000, { contentRange: `bytes 0-1999/${bytes.length}` }),
      400, 'content-range-mismatch');
    expectError(await putPiece(server.url, me.cookie, declaration.fileId, bytes, 0, 1000, { contentRange: null }), 400, 'invalid-content-range');
    expectError(await putPiece(server.url, me.cookie, declaration.fileId, bytes, 0, 1000, { contentRange: 'bytes=0-999' }), 400, 'invalid-content-range');
    await assertNothingKept(declaration.fileId);

    // The last piece arrives damaged: the digest does not match, and the first piece goes too.
    assert.equal((await putPiece(server.url, me.cookie, declaration.fileId, bytes, 0, UPLOAD_CHUNK_BYTES)).status, 200);
    const damaged = Buffer.from(bytes);
    damaged[bytes.length - 1] = (damaged[bytes.length - 1]! + 1) % 256;
    const mismatch = await putPiece(server.url, me.cookie, declaration.fileId, damaged, UPLOAD_CHUNK_BYTES, bytes.length);
    expectError(mismatch, 422, 'digest-mismatch');
    assert.deepEqual(stateOf(mismatch), { fileId: declaration.fileId, receivedBytes: 0, size: bytes.length, complete: false });
    await assertNothingKept(declaration.fileId);
    expectError(await server.api(`/api/files/${declaration.fileId}`, { cookie: me.cookie }), 404, 'file-not-complete');

    // Sent again from the start, correctly, it is kept.
    for (const [start, end] of [[0, UPLOAD_CHUNK_BYTES], [UPLOAD_CHUNK_BYTES, bytes.length]] as const) {
      assert.equal((await putPiece(server.url, me.cookie, declaration.fileId, bytes, start, end)).status, 200);
    }
    assert.equal((await service.storedFiles([declaration.fileId])).size, 1);
  });

  it('refuses a requirement that is not in the application\'s permit type', async () => {
    const applicationId = await application(me);
    const bytes = fileBytes(100, JPEG_MAGIC);
    // passPhoto belongs to other permit types, not to TDP.
    const error = expectError(await declare(me, declarationFor(applicationId, bytes, { requirementId: 'passPhoto' })), 422, 'unknown-requirement');
    assert.equal(error.problems?.[0]?.path, '/requirementId');
    assert.match(error.message.en, /passPhoto/);
    expectError(await declare(me, declarationFor(applicationId, bytes, { requirementId: 'tidakAda' })), 422, 'unknown-requirement');
  });

  it('validates the declaration strictly', async () => {
    const applicationId = await application(me);
    const good = declarationFor(applicationId, fileBytes(100, JPEG_MAGIC));
    const cases: [unknown, string][] = [
      [{ ...good, extra: 1 }, '/extra'],
      [{ ...good, sha256: good.sha256.toUpperCase() }, '/sha256'],
      [{ ...good, sha256: good.sha256.slice(1) }, '/sha256'],
      [{ ...good, size: 0 }, '/size'],
      [{ ...good, size: 1.5 }, '/size'],
      [{ ...good, fileName: 'a'.repeat(201) }, '/fileName'],
      [{ ...good, fileName: '' }, '/fileName'],
      [{ ...good, fileId: 'pendek' }, '/fileId'],
      [{ ...good, fileId: '_design-files' }, '/fileId'],
      [(({ mimeType, ...rest }) => rest)(good), '/mimeType'],
      [[good], '/'],
    ];
    for (const [body, path] of cases) {
      const error = expectError(await declare(me, body), 400, 'invalid-input');
      assert.ok(error.problems?.some((problem) => problem.path === path), `${path}: ${JSON.stringify(error.problems)}`);
    }
    assert.equal((await declare(me, { ...good, fileName: 'a'.repeat(200) })).status, 201);
  });

  it('answers the same declaration again with 200 and its state, a different one with 409', async () => {
    const applicationId = await application(me);
    const bytes = fileBytes(2000, JPEG_MAGIC);
    const declaration = declarationFor(applicationId, bytes);
    await declareOk(me, declaration);
    assert.equal((await putPiece(server.url, me.cookie, declaration.fileId, bytes, 0, 1000)).status, 200);

    const again = await declare(me, declaration);
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { fileId: declaration.fileId, receivedBytes: 1000, size: bytes.length, complete: false });
    expectError(await declare(me, { ...declaration, fileName: 'lain.jpg' }), 409, 'upload-declaration-conflict');
    expectError(await declare(me, { ...declaration, sha256: sha256(Buffer.from('lain')) }), 409, 'upload-declaration-conflict');
  });

  it('keeps other accounts out of applications and files that are not theirs', async () => {
    const mine = await application(me);
    const theirs = await application(other);
    const bytes = fileBytes(2000, JPEG_MAGIC);

    // Declaring for another account's application, or for one not on the server yet.
    expectError(await declare(me, declarationFor(theirs, bytes)), 404, 'application-not-found');
    expectError(await declare(me, declarationFor(freshId(), bytes)), 404, 'application-not-found');

    const declaration = declarationFor(mine, bytes);
    await declareOk(me, declaration);
    // The same fileId declared by the other account for its own application.
    expectError(await declare(other, { ...declaration, applicationId: theirs }), 404, 'upload-not-found');
    expectError(await server.api(`/api/uploads/${declaration.fileId}`, { cookie: other.cookie }), 404, 'upload-not-found');
    expectError(await putPiece(server.url, other.cookie, declaration.fileId, bytes, 0, bytes.length), 404, 'upload-not-found');
    assert.equal((await files.get(declaration.fileId)).receivedBytes, 0);

    assert.equal((await putPiece(server.url, me.cookie, declaration.fileId, bytes, 0, bytes.length)).status, 200);
    const byOwner = await fetch(`${server.url}/api/files/${declaration.fileId}`, { headers: { cookie: me.cookie } });
    assert.equal(byOwner.status, 200);
    assert.equal(sha256(Buffer.from(await byOwner.arrayBuffer())), declaration.sha256);
    expectError(await server.api(`/api/files/${declaration.fileId}`, { cookie: other.cookie }), 404, 'upload-not-found');
    expectError(await server.api(`/api/files/${freshId()}`, { cookie: me.cookie }), 404, 'upload-not-found');
  });

  it('needs a session for every upload route', async () => {
    const applicationId = await application(me);
    const bytes = fileBytes(2000, JPEG_MAGIC);
    const declaration = declarationFor(applicationId, bytes);
    expectError(await server.api('/api/uploads', { body: declaration }), 401, 'not-signed-in');
    await declareOk(me, declaration);
    expectError(await server.api(`/api/uploads/${declaration.fileId}`), 401, 'not-signed-in');
    expectError(await putPiece(server.url, undefined, declaration.fileId, bytes, 0, bytes.length), 401, 'not-signed-in');
    expectError(await server.api(`/api/files/${declaration.fileId}`), 401, 'not-signed-in');
    assert.equal((await files.get(declaration.fileId)).receivedBytes, 0);
  });

  it('refuses a piece larger than the server takes, or not sent as octet-stream', async () => {
    const applicationId = await application(me);
    const bytes = fileBytes(MAX_UPLOAD_CHUNK_BYTES + 1024, JPEG_MAGIC);
    const declaration = declarationFor(applicationId, bytes);
    await declareOk(me, declaration);
    const error = expectError(await putPiece(server.url, me.cookie, declaration.fileId, bytes, 0, MAX_UPLOAD_CHUNK_BYTES + 1), 413, 'piece-too-large');
    assert.match(error.message.en, /1024 KB/);
    expectError(await putPiece(server.url, me.cookie, declaration.fileId, bytes, 0, 1000, { contentType: 'image/jpeg' }), 415, 'unsupported-media-type');
    await assertNothingKept(declaration.fileId);

    // The largest piece allowed goes through.
    const full = await putPiece(server.url, me.cookie, declaration.fileId, bytes, 0, MAX_UPLOAD_CHUNK_BYTES);
    assert.equal(full.status, 200, full.text);
    assert.equal((full.body as UploadState).receivedBytes, MAX_UPLOAD_CHUNK_BYTES);
  });
});
