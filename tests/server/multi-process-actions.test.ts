/**
 * Office actions with two sync-server processes (child processes of this test) on one store: an
 * action the first process is applying while it is slow to store it (a proxy in front of its store
 * delays writes to ptsp_actions), sent again to the second process, must end as one action whose
 * stored outcome matches the application: the second process finds the application marked with the
 * action's id (lastActionId) and stores it as applied, never as refused. On the CouchDB cluster
 * when it runs, else on one store.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ApplicationWireDoc, DocumentRef } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import { DEVICE_HEADER, type PushResponse, type PushRow } from '../../common/sync-protocol.js';
import { newProvisionalNumber } from '../../common/workflow.js';
import { startEmbeddedStore, type EmbeddedStore } from '../../sync-server/embedded-store.js';
import { connectStore, prepareStore, type Store } from '../../sync-server/store.js';
import { clusterNodes, jpeg, sha256, startProcess, stopProcess, tdpAnswers, type ServerProcess } from './server-processes.js';
import { apiCall, COUCHDB_URL, createAccount, freshId, type Session } from './helpers.js';

/**
 * A proxy in front of the store that delays writes to `ptsp_actions` (a process that is slow, or
 * paused, between writing an application and storing the action that changed it); everything
 * else passes as it is.
 */
interface SlowProxy {
  url: string;
  /** How long writes to ptsp_actions wait (0: not at all). */
  delayMs: number;
  close: () => Promise<void>;
}

async function slowActionsProxy(storeUrl: string): Promise<SlowProxy> {
  const target = new URL(storeUrl);
  const authorization = `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString('base64')}`;
  const proxy: SlowProxy = {
    url: '',
    delayMs: 0,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const pathAndQuery = req.url ?? '/';
        if (proxy.delayMs > 0 && req.method !== 'GET' && req.method !== 'HEAD' && /^\/ptsp_actions([/?]|$)/.test(pathAndQuery)) {
          await new Promise((resolve) => setTimeout(resolve, proxy.delayMs));
        }
        const headers: Record<string, string> = { authorization, accept: String(req.headers.accept ?? 'application/json') };
        if (req.headers['content-type']) headers['content-type'] = String(req.headers['content-type']);
        const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(Buffer.concat(chunks));
        const answer = await fetch(`${target.origin}${pathAndQuery}`, { method: req.method ?? 'GET', headers, body });
        const payload = Buffer.from(await answer.arrayBuffer());
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(payload);
      })().catch((error: unknown) => res.writeHead(502).end(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxied = new URL(storeUrl);
  proxied.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.url = proxied.toString().replace(/\/$/, '');
  return proxy;
}


describe('office actions across two processes', { timeout: 120_000 }, () => {
  let cluster: string[] | undefined;
  let embedded: EmbeddedStore | undefined;
  let scratch: string;
  let store: Store;
  let servers: [ServerProcess, ServerProcess];
  let actionsProxy: SlowProxy | undefined;
  before(async () => {
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-multi-static-'));
    await fs.writeFile(path.join(scratch, 'index.html'), '<!doctype html><title>PTSP test shell</title>');
    cluster = await clusterNodes();
    let urls: [string, string];
    if (cluster) {
      urls = [cluster[0]!, cluster[1]!];
    } else {
      console.log('# the CouchDB cluster is not running (couchdb start-cluster): both processes share one store');
      if (COUCHDB_URL) {
        urls = [COUCHDB_URL, COUCHDB_URL];
      } else {
        embedded = await startEmbeddedStore(path.join(scratch, 'store'));
        urls = [embedded.url, embedded.url];
      }
    }
    store = connectStore(urls[0]);
    await prepareStore(store);
    // The first process reaches the store through a proxy that can make it slow to store actions.
    actionsProxy = await slowActionsProxy(urls[0]);
    servers = await Promise.all([startProcess(actionsProxy.url, scratch), startProcess(urls[1], scratch)]);
  });
  after(async () => {
    await Promise.all((servers ?? []).map(stopProcess));
    await actionsProxy?.close();
    await embedded?.stop();
    await fs.rm(scratch, { recursive: true, force: true });
  });

  const signIn = async (baseUrl: string, username: string, password: string): Promise<Session> => {
    const result = await apiCall(baseUrl, '/api/auth/login', { body: { username, password } });
    assert.equal(result.status, 200, `sign-in: ${result.text}`);
    const cookie = /ptsp_session=[^;]+/.exec(result.headers.get('set-cookie') ?? '')?.[0];
    assert.ok(cookie, 'sign-in sets the session cookie');
    return { cookie, user: (result.body as { user: Session['user'] }).user };
  };

  const push = async (baseUrl: string, session: Session, device: string, rows: PushRow[]): Promise<PushResponse> => {
    const result = await apiCall(baseUrl, '/api/sync/applications/push', { body: { rows }, cookie: session.cookie, headers: { [DEVICE_HEADER]: device } });
    assert.equal(result.status, 200, `push to ${baseUrl}: ${result.text.slice(0, 300)}`);
    return result.body as PushResponse;
  };


  /** A device that pulls page after page, from the servers in turn, keeping the newest state of each document. */
  /** A complete TDP filing: the draft through one process, the files through the other, submitted through either. */
  const filing = async (session: Session, device: string, first: string, second: string): Promise<string> => {
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
    // Half submit before the files (numbered when the last file completes, on the other process), half after.
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
  };

  it('an office action is applied once even when the process applying it is slow to store it', async () => {
    const [slow, b] = servers.map((server) => server.url) as [string, string];
    assert.ok(actionsProxy, 'the first process is behind the proxy');
    actionsProxy.delayMs = 1500;
    try {
      const owner = await createAccount(store, 'applicant');
      const applicant = await signIn(b, owner.username, owner.password);
      const id = await filing(applicant, 'filer-slow-0', b, b);
      const account = await createAccount(store, 'front-office');
      const office = await signIn(b, account.username, account.password);
      const now = Date.now();
      const action = {
        id: freshId(), applicationId: id, kind: 'accept', actorId: office.user.userId, createdAt: new Date(now).toISOString(), updatedAt: now,
        basedOnStatus: 'submitted', checks: [{ itemId: 'ktp', ok: true }, { itemId: 'npwp', ok: true }],
      };
      const first = apiCall(slow, '/api/office/actions', { body: action, cookie: office.cookie });
      // The retry reaches the other process once the slow one has written the application.
      for (let tries = 0; tries < 100 && (await store.applications.get(id)).status === 'submitted'; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
      const second = await apiCall(b, '/api/office/actions', { body: action, cookie: office.cookie });
      const answers = [await first, second];
      const stored = await store.actions.get(action.id);
      const application = await store.applications.get(id);
      assert.deepEqual(answers.map((answer) => (answer.body as { action?: { outcome?: string } }).action?.outcome), [stored.outcome, stored.outcome], 'both answer the stored outcome');
      assert.equal(application.status === 'in-review', stored.outcome === 'applied', `the application (${application.status}) moved on exactly when the stored action (${String(stored.outcome)}) says it was applied`);
    } finally {
      actionsProxy.delayMs = 0;
    }
  });
});
