/**
 * Registration numbers with several sync-server processes on one store (sync/registration-numbers.ts):
 * two real processes racing for the same permit type and month give every application exactly one
 * number, 1..N with no gap and no duplicate; a process that stopped half-way (claim recorded, or
 * number taken but not recorded) leaves neither a gap nor a second number; a number the cluster
 * accepted with 202 next to another application's revision goes to the other. On the CouchDB cluster
 * (COUCHDB_CLUSTER=url1,url2,url3) each process talks to a different node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { registrationPeriod } from '../../common/workflow.js';
import { startEmbeddedStore, type EmbeddedStore } from '../../sync-server/embedded-store.js';
import { connectStore, prepareStore, type Store, type StoredRegistration } from '../../sync-server/store.js';
import { RegistrationNumbers, type RegistrationClaim } from '../../sync-server/sync/registration-numbers.js';
import { COUCHDB_URL, freshId } from './helpers.js';
import { storeProxy, type StoreProxy } from './server-processes.js';

const run = promisify(execFile);
const CLUSTER = (process.env.COUCHDB_CLUSTER ?? '').split(',').filter(Boolean);
const WORKER = path.join(import.meta.dirname, 'multi-process-number-worker.ts');

/** A type code no earlier run used, so its sequence starts at 1. */
const freshTypeCode = (): string => `T${randomBytes(4).toString('hex').toUpperCase()}`;

async function worker(storeUrl: string, typeCode: string, ids: string[]): Promise<Record<string, string>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', WORKER, storeUrl, typeCode, ids.join(',')], { cwd: process.cwd(), timeout: 90_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, string>;
}

const sequenceOf = (number: string): number => Number(number.split('/')[0]);

/**
 * A proxy in front of the store that plays a cluster split once: the first PUT of `numberId`
 * finds another application's revision made on "the other copies" (created just before), and its
 * own revision lands as a conflict, answered 202 as CouchDB does when fewer than a quorum accepted.
 */
async function splitBrainProxy(storeUrl: string, numberId: string, rival: Record<string, unknown>): Promise<StoreProxy> {
  let split = false;
  const docPath = `/ptsp_registrations/${encodeURIComponent(numberId)}`;
  return storeProxy(storeUrl, async ({ method, pathAndQuery, body }, forward) => {
    if (split || method !== 'PUT' || pathAndQuery !== docPath) return undefined;
    split = true;
    await forward('PUT', docPath, JSON.stringify({ ...rival, _id: numberId }), 'application/json');
    const ours = { ...(JSON.parse(body.toString()) as Record<string, unknown>), _rev: `1-${randomBytes(16).toString('hex')}` };
    await forward('POST', '/ptsp_registrations/_bulk_docs', JSON.stringify({ new_edits: false, docs: [ours] }), 'application/json');
    return { status: 202, body: JSON.stringify({ ok: true, id: numberId, rev: ours._rev }) };
  });
}

describe('registration numbers across processes', () => {
  let embedded: EmbeddedStore | undefined;
  let dataDir: string | undefined;
  let urls: [string, string];
  let store: Store;
  before(async () => {
    if (CLUSTER.length >= 2) {
      urls = [CLUSTER[0]!, CLUSTER[1]!];
    } else if (COUCHDB_URL) {
      urls = [COUCHDB_URL, COUCHDB_URL];
    } else {
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-numbers-'));
      embedded = await startEmbeddedStore(path.join(dataDir, 'store'));
      urls = [embedded.url, embedded.url];
    }
    store = connectStore(urls[0]);
    await prepareStore(store);
  });
  after(async () => {
    await embedded?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('two processes racing for one type and month give 1..N, each application one number', async () => {
    const typeCode = freshTypeCode();
    const first = Array.from({ length: 20 }, () => freshId());
    const second = Array.from({ length: 20 }, () => freshId());
    // Five applications both processes number at once (a push on one, a finished upload on the other).
    const both = Array.from({ length: 5 }, () => freshId());
    const [a, b] = await Promise.all([worker(urls[0], typeCode, [...both, ...first]), worker(urls[1], typeCode, [...second, ...both])]);
    for (const id of both) assert.equal(a[id], b[id], `${id}, numbered by both processes, has one number`);
    const all = { ...a, ...b };
    const sequences = Object.values(all).map(sequenceOf).sort((x, y) => x - y);
    assert.equal(Object.keys(all).length, 45, 'every application got a number');
    assert.deepEqual(sequences, Array.from({ length: 45 }, (_, index) => index + 1), 'the numbers are 1..45: no gap, no duplicate');
    const period = registrationPeriod(new Date());
    const list = await store.registrations.list({ startkey: `number:${typeCode}:${period}:`, endkey: `number:${typeCode}:${period}:\ufff0` });
    assert.equal(list.rows.length, 45, 'one number document per number given, none left over');
    const claims = await store.registrations.list({ startkey: 'claim:', endkey: 'claim:\ufff0' });
    assert.ok(!claims.rows.some((row) => [...first, ...second, ...both].includes(row.id.slice('claim:'.length))), 'no claim is left behind');
  });

  it('a claim left by a stopped process is continued: the number it took is the application\'s, no second one', async () => {
    const typeCode = freshTypeCode();
    const period = registrationPeriod(new Date());
    const crashed = freshId();
    // The stopped process had recorded its claim for sequence 1 and created number 1, then died
    // before recording it for the application.
    const claim: RegistrationClaim = {
      _id: `claim:${crashed}`, type: 'registration-claim', applicationId: crashed, permitTypeId: 'tdp', typeCode, period,
      at: new Date().toISOString(), sequence: 1, holder: 'gone:1', leaseUntil: Date.now() - 1,
    };
    const numberOne: StoredRegistration = {
      _id: `number:${typeCode}:${period}:00000001`, type: 'registration', applicationId: crashed, permitTypeId: 'tdp', period,
      sequence: 1, registrationNumber: `0001/${typeCode}/${period.slice(5)}/${period.slice(0, 4)}`, at: claim.at,
    };
    await store.server.use<RegistrationClaim>('ptsp_registrations').insert(claim);
    await store.registrations.insert(numberOne);
    const numbers = new RegistrationNumbers(connectStore(urls[1]), 'Asia/Jakarta');
    const other = await numbers.numberFor(freshId(), 'tdp', typeCode);
    assert.equal(sequenceOf(other.registrationNumber), 2, 'another application gets the next number');
    const again = await numbers.numberFor(crashed, 'tdp', typeCode);
    assert.equal(again.registrationNumber, numberOne.registrationNumber, 'the retry takes the number the stopped process had taken');
    const list = await store.registrations.list({ startkey: `number:${typeCode}:`, endkey: `number:${typeCode}:\ufff0` });
    assert.equal(list.rows.length, 2, 'no second number for the retried application');
  });

  it('the sweep records a number taken but not recorded, and releases a claim that took nothing (no gap)', async () => {
    const typeCode = freshTypeCode();
    const period = registrationPeriod(new Date());
    const claims = store.server.use<RegistrationClaim>('ptsp_registrations');
    const base = { type: 'registration-claim' as const, permitTypeId: 'tdp', typeCode, period, at: new Date().toISOString(), holder: 'gone:2', leaseUntil: Date.now() - 1 };
    const tookOne = freshId();
    const tookNothing = freshId();
    await claims.insert({ ...base, _id: `claim:${tookOne}`, applicationId: tookOne, sequence: 1 });
    await store.registrations.insert({
      _id: `number:${typeCode}:${period}:00000001`, type: 'registration', applicationId: tookOne, permitTypeId: 'tdp', period,
      sequence: 1, registrationNumber: `0001/${typeCode}/${period.slice(5)}/${period.slice(0, 4)}`, at: base.at,
    });
    // Died between recording its claim for 2 and creating number 2.
    await claims.insert({ ...base, _id: `claim:${tookNothing}`, applicationId: tookNothing, sequence: 2 });
    const numbers = new RegistrationNumbers(connectStore(urls[1]), 'Asia/Jakarta');
    const settled = await numbers.sweep();
    assert.ok(settled >= 2, `both half-done claims are settled (settled ${settled})`);
    const recorded = await store.registrations.get(`application:${tookOne}`);
    assert.equal(recorded.sequence, 1, 'the number taken is recorded as the application\'s');
    const next = await numbers.numberFor(freshId(), 'tdp', typeCode);
    assert.equal(sequenceOf(next.registrationNumber), 2, 'number 2, which nobody took, goes to the next application: no gap');
    const released = await numbers.numberFor(tookNothing, 'tdp', typeCode);
    assert.equal(sequenceOf(released.registrationNumber), 3, 'the released application is numbered afresh when it comes again');
  });

  it('a claim another process holds is waited for, not raced', async () => {
    const typeCode = freshTypeCode();
    const period = registrationPeriod(new Date());
    const held = freshId();
    const claims = store.server.use<RegistrationClaim>('ptsp_registrations');
    const claim = await claims.insert({
      _id: `claim:${held}`, type: 'registration-claim', applicationId: held, permitTypeId: 'tdp', typeCode, period,
      at: new Date().toISOString(), sequence: 1, holder: 'busy:3', leaseUntil: Date.now() + 60_000,
    });
    const numbers = new RegistrationNumbers(connectStore(urls[1]), 'Asia/Jakarta', { waitMs: 300 });
    await assert.rejects(numbers.numberFor(held, 'tdp', typeCode), /waits for another process/, 'a live claim of another process is not taken over');
    await claims.destroy(`claim:${held}`, claim.rev);
    const given = await numbers.numberFor(held, 'tdp', typeCode);
    assert.equal(sequenceOf(given.registrationNumber), 1, 'once the claim is gone, the application is numbered');
  });
  it('a number the cluster accepted with 202 next to another revision is withdrawn: the other keeps it, ours takes the next (no duplicate, no gap)', async () => {
    const typeCode = freshTypeCode();
    const period = registrationPeriod(new Date());
    const numberId = `number:${typeCode}:${period}:00000001`;
    const rivalId = freshId();
    const rival = {
      type: 'registration', applicationId: rivalId, permitTypeId: 'tdp', period, sequence: 1,
      registrationNumber: `0001/${typeCode}/${period.slice(5)}/${period.slice(0, 4)}`, at: new Date().toISOString(),
    };
    const proxy = await splitBrainProxy(urls[1], numberId, rival);
    try {
      const ours = freshId();
      const given = await new RegistrationNumbers(connectStore(proxy.url), 'Asia/Jakarta').numberFor(ours, 'tdp', typeCode);
      assert.equal(sequenceOf(given.registrationNumber), 2, 'the contested number 1 stays with the other application; ours is 2');
      const one = await store.registrations.get(numberId, { conflicts: true });
      assert.equal(one.applicationId, rivalId, 'number 1 names the other application');
      assert.equal((one as { _conflicts?: string[] })._conflicts, undefined, 'our conflicting revision of number 1 is gone');
      const two = await store.registrations.get(`number:${typeCode}:${period}:00000002`);
      assert.equal(two.applicationId, ours, 'number 2 names ours');
    } finally {
      await proxy.close();
    }
  });
});
