/**
 * A real deployment starts without demo data: on a fresh store with DEMO_DATA=0 the server installs
 * the standard catalog and its agencies and no account; `npm run create-admin` (the real command,
 * run as a process) makes the first administrator, who creates an agency and a reviewer; the
 * reviewer signs in. The command works against COUCHDB_URL and against the embedded store under DATA_DIR.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import nano from 'nano';
import type { AdminAccount } from '../../common/admin-protocol.js';
import type { PermitCatalog } from '../../common/catalog.js';
import { STANDARD_AGENCIES, standardCatalog } from '../../common/standard-catalog.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../../sync-server/demo-data.js';
import { startEmbeddedStore, type EmbeddedStore } from '../../sync-server/embedded-store.js';
import { DATABASES } from '../../sync-server/store.js';
import { apiCall, COUCHDB_URL, expectError, sessionCookieFrom, startTestServer, type TestServer } from './helpers.js';

const ADMIN_PASSWORD = 'pertama-kali-admin-42';
const fresh = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Runs `npm run create-admin`'s script (the same file, without npm's banner) and collects what it said. */
function createAdmin(args: string[], env: Record<string, string | undefined>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // Only what this run gives: the test's own COUCHDB_URL or password must not leak into the command.
    const merged: Record<string, string | undefined> = { ...process.env, COUCHDB_URL: undefined, PTSP_ADMIN_PASSWORD: undefined, ...env };
    const childEnv = Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined));
    execFile(process.execPath, ['--import', 'tsx', 'scripts/create-admin.ts', ...args], { env: childEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('a deployment without demo data', () => {
  let store: EmbeddedStore;
  let storeDir: string;
  let server: TestServer;

  before(async () => {
    // A fresh CouchDB-like store of its own: "nothing but the standard data" can only be seen on an empty one.
    storeDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-deploy-store-'));
    store = await startEmbeddedStore(storeDir);
    server = await startTestServer({ couchUrl: store.url, loadDemoData: false });
  });
  after(async () => {
    await server.close();
    await store.stop();
    await fs.rm(storeDir, { recursive: true, force: true });
  });

  it('installs the standard catalog and its agencies, and no account', async () => {
    const catalog = (await server.api('/api/catalog')).body as PermitCatalog;
    assert.deepEqual(catalog, standardCatalog);
    const users = await nano({ url: store.url }).use<{ type?: string; username?: string }>(DATABASES.users).list({ include_docs: true });
    const accounts = users.rows.filter((row) => row.doc?.type === 'user');
    assert.equal(accounts.length, 0, `no accounts: ${accounts.map((row) => row.id).join(', ')}`);
    const agencies = users.rows.filter((row) => row.doc?.type === 'agency').map((row) => row.id).sort();
    assert.deepEqual(agencies, STANDARD_AGENCIES.map((agency) => `agency:${agency.id}`).sort());
    for (const demo of DEMO_USERS.slice(0, 2)) {
      expectError(await server.api('/api/auth/login', { body: { username: demo.username, password: DEMO_PASSWORD } }), 401, 'wrong-credentials');
    }
  });

  it('refuses a weak password and wrong usage, creating nothing', async () => {
    const weak = await createAdmin(['--username', 'admin', '--display-name', 'Admin'], { COUCHDB_URL: store.url, PTSP_ADMIN_PASSWORD: 'admin123' });
    assert.equal(weak.code, 1, weak.stderr);
    assert.match(weak.stderr, /too short/);
    const usage = await createAdmin(['--username', 'admin'], { COUCHDB_URL: store.url, PTSP_ADMIN_PASSWORD: ADMIN_PASSWORD });
    assert.equal(usage.code, 2, usage.stderr);
    assert.match(usage.stderr, /Usage: npm run create-admin/);
    const noTerminal = await createAdmin(['--username', 'admin', '--display-name', 'Admin'], { COUCHDB_URL: store.url });
    assert.equal(noTerminal.code, 2, noTerminal.stderr);
    assert.match(noTerminal.stderr, /PTSP_ADMIN_PASSWORD/);
    expectError(await server.api('/api/auth/login', { body: { username: 'admin', password: 'admin123' } }), 401, 'wrong-credentials');
  });

  it('creates the first administrator, who makes an agency and a reviewer; the reviewer signs in', async () => {
    const made = await createAdmin(['--username', 'kepala', '--display-name', 'Kepala Kantor'], { COUCHDB_URL: store.url, PTSP_ADMIN_PASSWORD: ADMIN_PASSWORD });
    assert.equal(made.code, 0, made.stderr);
    assert.match(made.stdout, /Administrator created: kepala/);
    const again = await createAdmin(['--username', 'kepala', '--display-name', 'Orang Lain'], { COUCHDB_URL: store.url, PTSP_ADMIN_PASSWORD: 'another-strong-pass-9' });
    assert.equal(again.code, 1, again.stderr);
    assert.match(again.stderr, /already exists/);

    const login = await server.api('/api/auth/login', { body: { username: 'kepala', password: ADMIN_PASSWORD } });
    assert.equal(login.status, 200, login.text);
    assert.equal((login.body as { user: UserProfile }).user.role, 'admin');
    assert.equal((login.body as { user: UserProfile }).user.displayName, 'Kepala Kantor', 'the second command changed nothing');
    const admin = sessionCookieFrom(login.headers);
    assert.ok(admin, 'the administrator has a session');

    const agency = await server.api('/api/admin/agencies', { cookie: admin, body: { id: 'dlh', name: { id: 'Dinas Lingkungan Hidup', en: 'Environment Office' } } });
    assert.equal(agency.status, 201, agency.text);
    const reviewer = await server.api('/api/admin/accounts', {
      cookie: admin, body: { username: 'dlh.rina', displayName: 'Rina (DLH)', role: 'agency-reviewer', agencyId: 'dlh', password: 'peninjau-dlh-2026' },
    });
    assert.equal(reviewer.status, 201, reviewer.text);
    assert.equal((reviewer.body as { account: AdminAccount }).account.agencyId, 'dlh');
    const signedIn = await server.api('/api/auth/login', { body: { username: 'dlh.rina', password: 'peninjau-dlh-2026' } });
    assert.equal(signedIn.status, 200, signedIn.text);
    const me = (signedIn.body as { user: UserProfile }).user;
    assert.deepEqual([me.role, me.agencyId], ['agency-reviewer', 'dlh']);
    assert.equal((await server.audit({ action: 'admin.account-create', 'details.via': 'create-admin' })).length, 1);
  });

  it('keeps its data and adds no demo data on a restart', async () => {
    await server.close();
    server = await startTestServer({ couchUrl: store.url, loadDemoData: false });
    assert.equal((await server.api('/api/auth/login', { body: { username: 'kepala', password: ADMIN_PASSWORD } })).status, 200);
    expectError(await server.api('/api/auth/login', { body: { username: 'admin1', password: DEMO_PASSWORD } }), 401, 'wrong-credentials');
    assert.deepEqual((await server.api('/api/catalog')).body, standardCatalog);
  });
});

describe('create-admin on the embedded store under DATA_DIR', () => {
  it('creates the administrator there; a server started on that DATA_DIR lets them in', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-deploy-data-'));
    try {
      const made = await createAdmin(['--username', 'kepala', '--display-name', 'Kepala Kantor'], { DATA_DIR: dataDir, PTSP_ADMIN_PASSWORD: ADMIN_PASSWORD });
      assert.equal(made.code, 0, made.stderr);
      const server = await startTestServer({ couchUrl: undefined, dataDir, loadDemoData: false });
      try {
        const login = await server.api('/api/auth/login', { body: { username: 'kepala', password: ADMIN_PASSWORD } });
        assert.equal(login.status, 200, login.text);
      } finally {
        await server.close();
      }
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('create-admin against the Apache CouchDB at COUCHDB_URL', { skip: COUCHDB_URL ? false : 'COUCHDB_URL is not set' }, () => {
  it('creates a fresh administrator there, who signs in', async () => {
    const username = fresh('t-admin');
    const made = await createAdmin(['--username', username, '--display-name', 'Admin Uji'], { COUCHDB_URL, PTSP_ADMIN_PASSWORD: ADMIN_PASSWORD });
    assert.equal(made.code, 0, made.stderr);
    const server = await startTestServer({ loadDemoData: false });
    try {
      const login = await apiCall(server.url, '/api/auth/login', { body: { username, password: ADMIN_PASSWORD } });
      assert.equal(login.status, 200, login.text);
      assert.equal((login.body as { user: UserProfile }).user.role, 'admin');
    } finally {
      await server.close();
    }
  });
});

describe('create-admin asks for the password on a terminal', { skip: existsSync('/usr/bin/script') ? false : 'no /usr/bin/script for a terminal' }, () => {
  it('asks twice without showing it, and creates the administrator', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-deploy-tty-'));
    try {
      // script(1) gives the command a real terminal; the answer is typed once the question shows.
      const child = spawn('/usr/bin/script', ['-qec', `${process.execPath} --import tsx scripts/create-admin.ts --username kepala --display-name Kepala`, '/dev/null'], {
        env: { ...Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'COUCHDB_URL' && key !== 'PTSP_ADMIN_PASSWORD')), DATA_DIR: dataDir },
      });
      let output = '';
      let typed = false;
      child.stdout.on('data', (part: Buffer) => {
        output += part.toString('utf8');
        if (!typed && output.includes('Password:')) {
          typed = true;
          child.stdin.write(`${ADMIN_PASSWORD}\r${ADMIN_PASSWORD}\r`);
        }
      });
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0, output);
      assert.match(output, /Repeat the password/);
      assert.match(output, /Administrator created: kepala/);
      assert.equal(output.includes(ADMIN_PASSWORD), false, 'the password is never shown');
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  });
});
