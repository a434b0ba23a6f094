import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changedSinceReturn } from '../../common/workflow.js';

describe('changedSinceReturn', () => {
  const returnedAtMs = Date.parse('2026-11-30T03:04:05.678Z');
  const returned = { status: 'returned' as const, returnedAt: new Date(returnedAtMs).toISOString(), updatedAt: returnedAtMs };

  it('is false right after the return: the server wrote updatedAt at exactly returnedAt', () => {
    assert.equal(changedSinceReturn(returned), false);
  });

  it('is true once the applicant changed something (updatedAt above returnedAt, even by 1 ms)', () => {
    assert.equal(changedSinceReturn({ ...returned, updatedAt: returnedAtMs + 1 }), true);
    assert.equal(changedSinceReturn({ ...returned, updatedAt: returnedAtMs + 60_000 }), true);
  });

  it('is false for a draft or a submitted application, whatever their times', () => {
    assert.equal(changedSinceReturn({ ...returned, status: 'draft', updatedAt: returnedAtMs + 5 }), false);
    assert.equal(changedSinceReturn({ ...returned, status: 'submitted', updatedAt: returnedAtMs + 5 }), false);
  });

  it('lets the applicant resubmit when the return time is missing or unreadable', () => {
    assert.equal(changedSinceReturn({ status: 'returned', updatedAt: returnedAtMs }), true);
    assert.equal(changedSinceReturn({ status: 'returned', updatedAt: returnedAtMs, returnedAt: 'not a time' }), true);
  });
});
