/**
 * SharedWriteSequencer (sync/shared-write-sequencer.ts) on a real store, two instances on their own
 * connections standing for two processes: a pull overlapping the other process's write is floored
 * below it; a write sorts above what a process with a clock ahead already finished; a process that
 * died in flight holds pulls back only until its mark expires, and later writes sort above
 * anything it may have written; settled() waits for the other process's write.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedStore, type EmbeddedStore } from '../../sync-server/embedded-store.js';
import { connectStore, prepareStore, type Store } from '../../sync-server/store.js';
import { CLOCK_SKEW_MS, SharedWriteSequencer } from '../../sync-server/sync/shared-write-sequencer.js';
import { COUCHDB_URL, freshId } from './helpers.js';

/** Resolves when `release` is called: holds a write in flight for as long as the test needs. */
function gate(): { wait: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  const wait = new Promise<void>((resolve) => { release = resolve; });
  return { wait, release };
}

describe('shared write sequencer', () => {
  let embedded: EmbeddedStore | undefined;
  let dataDir: string | undefined;
  let url: string;
  before(async () => {
    if (COUCHDB_URL) {
      url = COUCHDB_URL;
    } else {
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-sequencer-'));
      embedded = await startEmbeddedStore(path.join(dataDir, 'store'));
      url = embedded.url;
    }
    await prepareStore(connectStore(url));
  });
  after(async () => {
    await embedded?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  const two = async (): Promise<[SharedWriteSequencer, SharedWriteSequencer, Store]> => {
    const store = connectStore(url);
    const first = new SharedWriteSequencer(store);
    const second = new SharedWriteSequencer(connectStore(url));
    await first.start(0);
    await second.start(0);
    return [first, second, store];
  };

  it('a pull overlapping another process\'s write is floored at or below that write\'s first sequence', async () => {
    const [writer, puller] = await two();
    const held = gate();
    let firstSeq = 0;
    const started = gate();
    const write = writer.run(async () => {
      firstSeq = writer.next();
      started.release();
      await held.wait;
    });
    await started.wait;
    const check = await puller.floorForPull();
    const floor = await check();
    assert.ok(floor !== undefined && floor <= firstSeq, `the floor ${floor} is at or below the write's first sequence ${firstSeq}`);
    held.release();
    await write;
  });

  it('a write that begins and ends during a pull\'s read floors that pull', async () => {
    const [writer, puller] = await two();
    await writer.run(async () => { writer.next(); });
    const check = await puller.floorForPull();
    let seq = 0;
    await writer.run(async () => { seq = writer.next(); });
    const floor = await check();
    assert.ok(floor !== undefined && floor <= seq, `the floor ${floor} is at or below ${seq}, written mid-read`);
  });

  it('a write sorts above what another process, its clock ahead, has finished', async () => {
    const [ahead, behind] = await two();
    // Ahead by 5 s of sequences (more than the assumed skew, to show no clock agreement is needed).
    await ahead.start((Date.now() + 5000) * 1000);
    let high = 0;
    await ahead.run(async () => { high = ahead.next(); });
    let seq = 0;
    await behind.run(async () => { seq = behind.next(); });
    assert.ok(seq > high, `the later write's sequence ${seq} sorts above the earlier ${high}`);
  });

  it('a process that died in flight holds pulls back only until its mark expires; later writes sort above it', async () => {
    const store = connectStore(url);
    // What a process that died mid-write leaves: its mark, in flight, never cleared nor renewed.
    // Its clock was 2 s ahead, to show the later write moves past it.
    const from = (Date.now() + 2000) * 1000;
    const id = `write-marker:dead-${freshId()}`;
    const until = Date.now() + 300;
    const mark = await store.meta.insert({ _id: id, type: 'write-marker', process: id, inFlight: true, from, high: from - 1, firstFrom: from, writes: 1, until, at: Date.now() });
    try {
      const puller = new SharedWriteSequencer(connectStore(url));
      await puller.start(0);
      const floored = await (await puller.floorForPull())();
      assert.ok(floored !== undefined && floored <= from, `while the mark holds, pulls are floored (floor ${floored}, mark from ${from})`);
      await new Promise((resolve) => setTimeout(resolve, until + CLOCK_SKEW_MS + 50 - Date.now()));
      const freed = await (await puller.floorForPull())();
      assert.notEqual(freed, from, 'an expired mark floors no pull');
      let seq = 0;
      await puller.run(async () => { seq = puller.next(); });
      assert.ok(seq > from, `a later write (${seq}) sorts above anything the dead write may have given (from ${from})`);
    } finally {
      await store.meta.destroy(id, mark.rev);
    }
  });

  it('settled() waits for another process\'s write in flight', async () => {
    const [writer, watcher] = await two();
    const held = gate();
    const started = gate();
    const write = writer.run(async () => {
      writer.next();
      started.release();
      await held.wait;
    });
    await started.wait;
    let settled = false;
    const waiting = watcher.settled().then(() => { settled = true; });
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(settled, false, 'not settled while the other process writes');
    held.release();
    await write;
    await waiting;
    assert.equal(settled, true, 'settled once it ended');
  });
});
