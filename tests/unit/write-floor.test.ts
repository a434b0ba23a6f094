/**
 * The floor of a pull under several processes (sync-server/sync/shared-write-sequencer.ts floorOf):
 * a write another process had in flight when the read began must floor the pull even when the check
 * runs long after its mark expired, as it does for a page read ahead (collection-sync.ts) that is
 * handed out up to 30 s later.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { floorOf } from '../../sync-server/sync/shared-write-sequencer.js';

type Marker = Parameters<typeof floorOf>[0][number];

const marker = (fields: Partial<Marker>): Marker => ({
  _id: 'write-marker:b', type: 'write-marker', process: 'b', inFlight: false, from: 0, high: 10, firstFrom: 1, writes: 3, until: 0, ...fields,
} as Marker);

describe('floorOf', () => {
  const readAt = 1_000_000;
  const inFlight = marker({ inFlight: true, from: 11, until: readAt + 2_000 });
  const finished = marker({ inFlight: false, from: 11, high: 12, until: 0 });

  it('floors at a write in flight when the read began, checked at once', () => {
    assert.equal(floorOf([inFlight], [finished], readAt + 100, readAt), 11);
  });

  it('still floors at it when checked long after its mark expired (a page read ahead)', () => {
    assert.equal(floorOf([inFlight], [finished], readAt + 12_000, readAt), 11);
  });

  it('finds no floor when no write overlapped the read', () => {
    assert.equal(floorOf([finished], [finished], readAt + 12_000, readAt), undefined);
  });

  it('floors at a write begun during the read', () => {
    assert.equal(floorOf([finished], [{ ...finished, writes: 4, inFlight: true, from: 13, until: readAt + 5_000 }], readAt + 100, readAt), 13);
  });
});
