import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { OwnerLock } from '../../sync-server/sync/owner-lock.js';

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

function deferred(): Deferred {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('OwnerLock', () => {
  it('runs one owner\'s tasks one at a time, in the order they were queued', async () => {
    const lock = new OwnerLock();
    const log: string[] = [];
    const gate = deferred();
    const first = lock.run('owner-a', async () => {
      log.push('first:start');
      await gate.promise;
      log.push('first:end');
      return 1;
    });
    const second = lock.run('owner-a', async () => {
      log.push('second:start');
      return 2;
    });
    const third = lock.run('owner-a', async () => {
      log.push('third:start');
      return 3;
    });
    await tick();
    await tick();
    assert.deepEqual(log, ['first:start'], 'the second task waits for the first');
    gate.resolve();
    assert.deepEqual(await Promise.all([first, second, third]), [1, 2, 3]);
    assert.deepEqual(log, ['first:start', 'first:end', 'second:start', 'third:start']);
  });

  it('never has two tasks of the same owner running at once', async () => {
    const lock = new OwnerLock();
    let running = 0;
    let maxRunning = 0;
    await Promise.all(Array.from({ length: 20 }, (_, index) => lock.run('owner-a', async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await new Promise((resolve) => setTimeout(resolve, index % 3));
      running--;
    })));
    assert.equal(maxRunning, 1);
  });

  it('runs different owners in parallel', async () => {
    const lock = new OwnerLock();
    const gate = deferred();
    const log: string[] = [];
    const blocked = lock.run('owner-a', async () => {
      log.push('a:start');
      await gate.promise;
      log.push('a:end');
    });
    const other = lock.run('owner-b', async () => {
      log.push('b:run');
      return 'b';
    });
    assert.equal(await other, 'b', 'owner-b finishes while owner-a is still blocked');
    assert.deepEqual(log, ['a:start', 'b:run']);
    gate.resolve();
    await blocked;
    assert.deepEqual(log, ['a:start', 'b:run', 'a:end']);
  });

  it('passes a failure to its caller and still runs the next task', async () => {
    const lock = new OwnerLock();
    const failing = lock.run('owner-a', async () => {
      await tick();
      throw new Error('store down');
    });
    const next = lock.run('owner-a', async () => 'written');
    await assert.rejects(failing, /store down/);
    assert.equal(await next, 'written');
    assert.equal(await lock.run('owner-a', async () => 'again'), 'again');
  });

  it('still runs the next task after a synchronous throw', async () => {
    const lock = new OwnerLock();
    const failing = lock.run('owner-a', () => {
      throw new Error('sync failure');
    });
    await assert.rejects(failing, /sync failure/);
    assert.equal(await lock.run('owner-a', async () => 'ok'), 'ok');
  });
});
