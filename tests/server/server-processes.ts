/**
 * What the multi-process suites share: finding the CouchDB cluster (or one store instead), starting
 * and stopping real sync-server processes, signing in and pushing through them, and filing a TDP
 * application with its files across two of them.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { AnswerValue, ApplicationWireDoc, DocumentRef } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import { DEVICE_HEADER, type PushResponse, type PushRow } from '../../common/sync-protocol.js';
import { newProvisionalNumber } from '../../common/workflow.js';
import { startEmbeddedStore, type EmbeddedStore } from '../../sync-server/embedded-store.js';
import { connectStore, prepareStore, type Store } from '../../sync-server/store.js';
import { apiCall, COUCHDB_URL, freshId, sessionCookieFrom, type Session } from './helpers.js';

const DEFAULT_CLUSTER = ['http://admin:admin@127.0.0.1:15984', 'http://admin:admin@127.0.0.1:25984', 'http://admin:admin@127.0.0.1:35984'];

/** The cluster's node URLs when a cluster of at least two nodes answers; else undefined. */
export async function clusterNodes(): Promise<string[] | undefined> {
  const urls = process.env.COUCHDB_CLUSTER ? process.env.COUCHDB_CLUSTER.split(',').filter(Boolean) : DEFAULT_CLUSTER;
  try {
    const first = new URL(urls[0] ?? '');
    const auth = `Basic ${Buffer.from(`${first.username}:${first.password}`).toString('base64')}`;
    const response = await fetch(`${first.origin}/_membership`, { headers: { authorization: auth }, signal: AbortSignal.timeout(2000) });
    const body = (await response.json()) as { cluster_nodes?: string[] };
    return response.ok && (body.cluster_nodes?.length ?? 0) >= 2 ? urls : undefined;
  } catch {
    return undefined;
  }
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  dataDir: string;
}

/**
 * Starts `sync-server/main.ts` as a process of its own on `storeUrl`.
 * @param syncProcesses SYNC_PROCESSES: 'shared' for several processes on one store.
 */
export async function startProcess(storeUrl: string, staticDir: string, syncProcesses = 'shared'): Promise<ServerProcess> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-multi-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
    cwd: process.cwd(),
    env: {
      ...process.env, PORT: '0', HOST: '127.0.0.1', COUCHDB_URL: storeUrl, DEMO_DATA: '1',
      SYNC_PROCESSES: syncProcesses,
      DATA_DIR: dataDir, STATIC_DIR: staticDir, LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let started = false;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 30_000);
    const read = (chunk: Buffer): void => {
      // Once started, what the process logs (warnings and errors: LOG_LEVEL warn) goes to the test's
      // output: a 500 from a child process is otherwise a status with no stack behind it.
      if (started) {
        process.stderr.write(chunk.toString().replace(/^(?=.)/gm, `[sync ${child.pid}] `));
        return;
      }
      output += chunk.toString();
      const match = /App:\s+(http:\/\/127\.0\.0\.1:\d+)\//.exec(output);
      if (match?.[1]) {
        started = true;
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${output}`)));
  });
  return { url, child, dataDir };
}

export async function stopProcess(server: ServerProcess): Promise<void> {
  if (server.child.exitCode === null) {
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    await exited;
  }
  await fs.rm(server.dataDir, { recursive: true, force: true });
}

const ADDRESS = {
  street: 'Jl. Jenderal Sudirman No. 12', rtRw: '003/005', village: 'Klandasan Ilir', district: 'Balikpapan Kota',
  city: 'Kota Balikpapan', province: 'Kalimantan Timur', postalCode: '76113',
};

export function tdpAnswers(): Record<string, AnswerValue> {
  return {
    applicantNik: '6471021708900003', applicantName: 'Siti Rahayu', applicantPhone: '081234567890', companyName: 'CV Maju Jaya',
    businessForm: 'cv', companyAddress: { ...ADDRESS }, partners: [{ name: 'Ahmad Fauzi', nik: '6471051708900002', position: 'active' }],
    kbli: '47112', siupNumber: '', establishmentDate: '2018-03-12', employeeCount: 8,
  };
}

export function jpeg(size: number): Buffer {
  const bytes = randomBytes(size);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]).copy(bytes);
  return bytes;
}

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** The stores two processes run on, and the scratch folder their static shell is served from. */
export interface TwoProcessStores {
  /** The cluster's nodes when it runs, else undefined (both urls are then one store). */
  cluster: string[] | undefined;
  /** The store each of the two processes talks to: two cluster nodes, or one store twice. */
  urls: [string, string];
  /** A connection to the first, prepared (databases and indexes made). */
  store: Store;
  /** A folder with an index.html for STATIC_DIR: the suites need the API, not the app. */
  scratch: string;
  close(): Promise<void>;
}

/**
 * The cluster's first two nodes when it runs; otherwise the CouchDB at COUCHDB_URL or an embedded
 * store, twice (said so on the output, with `skipped` telling what that leaves out).
 */
export async function twoProcessStores(skipped = ''): Promise<TwoProcessStores> {
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-multi-static-'));
  await fs.writeFile(path.join(scratch, 'index.html'), '<!doctype html><title>PTSP test shell</title>');
  const cluster = await clusterNodes();
  let embedded: EmbeddedStore | undefined;
  let urls: [string, string];
  if (cluster) {
    urls = [cluster[0]!, cluster[1]!];
  } else {
    console.log(`# the CouchDB cluster is not running (couchdb start-cluster): both processes share one store${skipped}`);
    if (COUCHDB_URL) {
      urls = [COUCHDB_URL, COUCHDB_URL];
    } else {
      embedded = await startEmbeddedStore(path.join(scratch, 'store'));
      urls = [embedded.url, embedded.url];
    }
  }
  const store = connectStore(urls[0]);
  await prepareStore(store);
  return {
    cluster, urls, store, scratch,
    async close() {
      await embedded?.stop();
      await fs.rm(scratch, { recursive: true, force: true });
    },
  };
}

/** Signs in through one process's API. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<Session> {
  const result = await apiCall(baseUrl, '/api/auth/login', { body: { username, password } });
  assert.equal(result.status, 200, `sign-in: ${result.text}`);
  const cookie = sessionCookieFrom(result.headers);
  assert.ok(cookie, 'sign-in sets the session cookie');
  return { cookie, user: (result.body as { user: Session['user'] }).user };
}

/** A device's push of applications to one process. */
export async function push(baseUrl: string, session: Session, device: string, rows: PushRow[]): Promise<PushResponse> {
  const result = await apiCall(baseUrl, '/api/sync/applications/push', { body: { rows }, cookie: session.cookie, headers: { [DEVICE_HEADER]: device } });
  assert.equal(result.status, 200, `push to ${baseUrl}: ${result.text.slice(0, 300)}`);
  return result.body as PushResponse;
}

/**
 * A complete TDP filing: the draft through one process, the files through the other, submitted
 * through either (at random: before the files, so it is numbered when the last file completes on
 * the other process, or after them). Returns the application's id.
 */
export async function fileTdp(session: Session, device: string, first: string, second: string): Promise<string> {
  const id = freshId();
  const files = ['ktp', 'npwp'].map((requirementId) => {
    const bytes = jpeg(500 + Math.floor(Math.random() * 300));
    const ref: DocumentRef = { fileId: freshId(), fileName: `${requirementId}.jpg`, mimeType: 'image/jpeg', size: bytes.length, sha256: sha256(bytes) };
    return { requirementId, bytes, ref };
  });
  const doc: ApplicationWireDoc = {
    id, ownerId: session.user.userId, permitTypeId: 'tdp', catalogVersion: demoCatalog.version, status: 'draft', answers: tdpAnswers(),
    createdAt: new Date().toISOString(), updatedAt: Date.now(), _deleted: false,
    documents: Object.fromEntries(files.map((file) => [file.requirementId, file.ref])),
  };
  assert.deepEqual((await push(first, session, device, [{ newDocumentState: doc }])).conflicts, [], 'the filing is written');
  const submitted: ApplicationWireDoc = { ...doc, status: 'submitted', provisionalNumber: newProvisionalNumber(), submittedAt: new Date().toISOString(), updatedAt: doc.updatedAt + 1 };
  const early = Math.random() < 0.5;
  if (early) assert.deepEqual((await push(first, session, device, [{ assumedMasterState: doc, newDocumentState: submitted }])).conflicts, [], 'submitted');
  for (const file of files) {
    const declared = await apiCall(second, '/api/uploads', { body: { ...file.ref, applicationId: id, requirementId: file.requirementId }, cookie: session.cookie });
    assert.equal(declared.status, 201, declared.text);
    const response = await fetch(`${second}/api/uploads/${file.ref.fileId}`, {
      method: 'PUT',
      headers: { cookie: session.cookie, 'content-type': 'application/octet-stream', 'content-range': `bytes 0-${file.bytes.length - 1}/${file.bytes.length}` },
      body: new Uint8Array(file.bytes),
    });
    assert.equal(response.status, 200, await response.text());
  }
  if (!early) assert.deepEqual((await push(second, session, device, [{ assumedMasterState: doc, newDocumentState: submitted }])).conflicts, [], 'submitted');
  return id;
}

/** A request to the store as the proxy received it. */
export interface ProxiedRequest {
  method: string;
  /** The path and query, e.g. `/ptsp_actions/_bulk_docs`. */
  pathAndQuery: string;
  body: Buffer;
  contentType: string | undefined;
  accept: string | undefined;
}

/** Sends a request on to the store, with the store's credentials. */
export type ForwardToStore = (method: string, pathAndQuery: string, body?: Buffer | string, contentType?: string, accept?: string) => Promise<Response>;

export interface StoreProxy {
  /** The store's URL through the proxy (with the store's credentials, which the proxy ignores). */
  url: string;
  close(): Promise<void>;
}

/**
 * A proxy in front of the store for a process to talk to, so that a test can make the store slow or
 * answer for it: `handle` may answer a request itself ({status, body}) or return undefined, and the
 * request goes on to the store as it came.
 */
export async function storeProxy(storeUrl: string,
  handle: (request: ProxiedRequest, forward: ForwardToStore) => Promise<{ status: number; body: string } | undefined>): Promise<StoreProxy> {
  const target = new URL(storeUrl);
  const authorization = `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`;
  const forward: ForwardToStore = (method, pathAndQuery, body, contentType, accept = 'application/json') => fetch(`${target.origin}${pathAndQuery}`, {
    method, headers: { authorization, accept, ...(contentType ? { 'content-type': contentType } : {}) },
    body: method === 'GET' || method === 'HEAD' || body === undefined ? undefined : typeof body === 'string' ? body : new Uint8Array(body),
  });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const request: ProxiedRequest = {
          method: req.method ?? 'GET', pathAndQuery: req.url ?? '/', body: Buffer.concat(chunks),
          contentType: req.headers['content-type'], accept: req.headers.accept,
        };
        const answered = await handle(request, forward);
        if (answered) {
          res.writeHead(answered.status, { 'content-type': 'application/json' }).end(answered.body);
          return;
        }
        const answer = await forward(request.method, request.pathAndQuery, request.body, request.contentType, request.accept);
        const payload = Buffer.from(await answer.arrayBuffer());
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(payload);
      })().catch((error: unknown) => res.writeHead(502).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(storeUrl);
  proxied.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: proxied.toString().replace(/\/$/, ''),
    // A process's keep-alive connections would hold close() open until they time out.
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
