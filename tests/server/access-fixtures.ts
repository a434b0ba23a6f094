/**
 * What the access matrix builds on: accounts of every role made through the admin API (fresh
 * agencies and booths, so no other test's data is in reach), applications with real uploaded
 * files, a generic pull of any collection, and a live stream that keeps which collections each
 * event named.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import type { ApplicationWireDoc, DocumentRef } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { Role } from '../../common/sync-protocol.js';
import { newProvisionalNumber } from '../../common/workflow.js';
import { freshId, readSseBlocks, type ApiResult, type Session, type TestServer } from './helpers.js';
import { tdpAnswers } from './office-helpers.js';

export const hex = (bytes = 4): string => randomBytes(bytes).toString('hex');
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** A fresh active agency made by the administrator. */
export async function createAgency(server: TestServer, admin: Session, label: string): Promise<string> {
  const id = `uji-${label}-${hex()}`;
  const result = await server.api('/api/admin/agencies', { body: { id, name: { id: `Dinas Uji ${label}`, en: `Test agency ${label}` } }, cookie: admin.cookie });
  assert.equal(result.status, 201, `agency ${id}: ${result.text}`);
  return id;
}

export interface AdminMadeAccount extends Session {
  username: string;
  password: string;
}

/** An account made by the administrator (POST /api/admin/accounts), signed in. */
export async function adminAccount(server: TestServer, admin: Session, role: Role, assignment: { agencyId?: string; boothId?: string } = {},
  displayName = `Uji ${role}`): Promise<AdminMadeAccount> {
  const username = `m-${role.slice(0, 6)}-${hex(5)}`;
  const password = `Matriks-Akses-${hex(4)}`;
  const result = await server.api('/api/admin/accounts', { body: { username, displayName, role, password, ...assignment }, cookie: admin.cookie });
  assert.equal(result.status, 201, `account ${username}: ${result.text}`);
  const session = await server.session(username, password);
  if (assignment.agencyId) assert.equal(session.user.agencyId, assignment.agencyId, 'the profile carries the agency');
  if (assignment.boothId) assert.equal(session.user.boothId, assignment.boothId, 'the profile carries the booth');
  return { ...session, username, password };
}

/** JPEG-looking bytes (a real signature, so the server's kind check passes). */
function jpegBytes(size: number): Buffer {
  const bytes = randomBytes(size);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(bytes);
  return bytes;
}

export interface FiledApplication {
  doc: ApplicationWireDoc;
  /** The id of its uploaded KTP file (complete on the server). */
  fileId: string;
}

/**
 * A TDP application of `owner`, submitted, with its two required files uploaded whole, so the
 * server gives it a registration number; waits for the number (a write that would otherwise land
 * in the middle of a later step).
 */
export async function submittedWithFiles(server: TestServer, owner: Session, extra: Partial<ApplicationWireDoc> = {}): Promise<FiledApplication> {
  const files = ['ktp', 'npwp'].map((requirementId) => {
    const bytes = jpegBytes(2048);
    const ref: DocumentRef = { fileId: freshId(), fileName: `${requirementId}.jpg`, mimeType: 'image/jpeg', size: bytes.length, sha256: sha256(bytes) };
    return { requirementId, bytes, ref };
  });
  const now = Date.now();
  const doc: ApplicationWireDoc = {
    id: freshId(), ownerId: owner.user.userId, permitTypeId: 'tdp', catalogVersion: demoCatalog.version, status: 'submitted',
    answers: tdpAnswers(), createdAt: new Date(now).toISOString(), updatedAt: now, _deleted: false,
    documents: Object.fromEntries(files.map((file) => [file.requirementId, file.ref])),
    provisionalNumber: newProvisionalNumber(), submittedAt: new Date(now).toISOString(), ...extra,
  };
  assert.deepEqual(await server.pushOk(owner.cookie, [{ newDocumentState: doc }]), { conflicts: [] });
  for (const file of files) {
    const declared = await server.api('/api/uploads', { body: { ...file.ref, applicationId: doc.id, requirementId: file.requirementId }, cookie: owner.cookie });
    assert.equal(declared.status, 201, `declare ${file.requirementId}: ${declared.text}`);
    const piece = await fetch(`${server.url}/api/uploads/${file.ref.fileId}`, {
      method: 'PUT', body: new Uint8Array(file.bytes),
      headers: { cookie: owner.cookie, 'content-type': 'application/octet-stream', 'content-range': `bytes 0-${file.bytes.length - 1}/${file.bytes.length}` },
    });
    assert.equal(piece.status, 200, `upload ${file.requirementId}: ${await piece.text()}`);
  }
  const deadline = Date.now() + 10_000;
  while (!(await server.stored(doc.id))?.registrationNumber) {
    assert.ok(Date.now() < deadline, `application ${doc.id} got no registration number`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { doc, fileId: files[0]?.ref.fileId as string };
}

export interface PulledDoc extends Record<string, unknown> {
  id: string;
  _deleted?: boolean;
  _gone?: boolean;
}

/** Every page of a collection's pull from `checkpoint`; the documents and the last checkpoint. */
export async function pullEverything(server: TestServer, cookie: string, collection: string, checkpoint: string | null = null):
  Promise<{ documents: PulledDoc[]; checkpoint: string | null; status: number; result?: ApiResult }> {
  const documents: PulledDoc[] = [];
  let current = checkpoint;
  for (;;) {
    const query = new URLSearchParams({ limit: '1000', ...(current ? { checkpoint: current } : {}) });
    const result = await server.api(`/api/sync/${collection}/pull?${query.toString()}`, { cookie });
    if (result.status !== 200) return { documents, checkpoint: current, status: result.status, result };
    const page = result.body as { documents: PulledDoc[]; checkpoint: string | null };
    documents.push(...page.documents);
    current = page.checkpoint;
    if (page.documents.length === 0) return { documents, checkpoint: current, status: 200 };
  }
}

/** A live stream (GET /api/sync/stream) that keeps, per event, the collections it named. */
export interface CollectionStream {
  /** The collections named by every resync event so far, one entry per event. */
  resyncs: string[][];
  /** Resolves once an event after `after` named `collection`; false after `timeoutMs`. */
  announced(collection: string, after: number, timeoutMs: number): Promise<boolean>;
  close(): void;
}

export async function openCollectionStream(baseUrl: string, cookie: string): Promise<CollectionStream> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/api/sync/stream`, { headers: { cookie }, signal: abort.signal });
  assert.equal(response.status, 200, 'the stream opens');
  assert.ok(response.body, 'the stream has a body');
  const resyncs: string[][] = [];
  let connected = false;
  readSseBlocks(response.body, (block) => {
    if (block.startsWith(': connected')) connected = true;
    if (/^event: resync$/m.test(block)) {
      const data = /^data: (.+)$/m.exec(block)?.[1] ?? '{}';
      resyncs.push(((JSON.parse(data) as { collections?: string[] }).collections) ?? []);
    }
  });
  const until = async (condition: () => boolean, timeoutMs: number): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return true;
  };
  assert.ok(await until(() => connected, 5_000), 'the stream connects');
  return {
    resyncs,
    announced: (collection, after, timeoutMs) => until(() => resyncs.slice(after).some((names) => names.includes(collection)), timeoutMs),
    close: () => abort.abort(),
  };
}
