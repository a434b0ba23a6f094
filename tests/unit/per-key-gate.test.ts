import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PerKeyGate } from '../../sync-server/auth/rate-limits.js';

const later = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('PerKeyGate', () => {
  it('runs at most n tasks of one key at once, in arrival order, and does not hold other keys', async () => {
    const gate = new PerKeyGate(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (index: number) => gate.run('a', async () => {
      running++;
      most = Math.max(most, running);
      await later(10);
      order.push(index);
      running--;
      return index;
    });
    const many = Promise.all(Array.from({ length: 8 }, (_, index) => task(index)));
    const started = performance.now();
    assert.equal(await gate.run('b', async () => 'other'), 'other');
    assert.ok(performance.now() - started < 10, 'another key does not wait for the queue of "a"');
    assert.deepEqual(await many, [0, 1, 2, 3, 4, 5, 6, 7]);
    assert.equal(most, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('frees the slot of a task that failed', async () => {
    const gate = new PerKeyGate(1);
    await assert.rejects(gate.run('a', async () => {
      throw new Error('boom');
    }), /boom/);
    assert.equal(await gate.run('a', async () => 'next'), 'next');
  });
});
