import { describe, it, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../sync-server/http-errors.js';
import { decodeCheckpoint, encodeCheckpoint, SequenceClock } from '../../sync-server/sync/checkpoint.js';

function assertInvalidCheckpoint(text: unknown): void {
  assert.throws(() => decodeCheckpoint(text, ME), (error: unknown) => {
    assert.ok(error instanceof ApiError, `expected an ApiError for ${JSON.stringify(text)}`);
    assert.equal(error.status, 400);
    assert.equal(error.code, 'invalid-checkpoint');
    const body = error.toBody();
    assert.ok(body.error.message.id.length > 0 && body.error.message.en.length > 0, 'the error body has a message in both languages');
    return true;
  });
}

const ME = 'user:u1';

const encodeRaw = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('checkpoint encoding', () => {
  it('round-trips one sequence per reader key, including -1, 0 and the largest safe integer', () => {
    for (const seq of [-1, 0, 1, 1_731_000_000_000_000, Number.MAX_SAFE_INTEGER]) {
      const text = encodeCheckpoint({ keys: { 'user:u1': seq, 'role:front-office': 5 } }, ME);
      assert.equal(typeof text, 'string');
      assert.match(text, /^[A-Za-z0-9_.-]+$/, 'URL-safe without escaping');
      assert.deepEqual({ ...decodeCheckpoint(text, ME)!.keys }, { 'user:u1': seq, 'role:front-office': 5 });
    }
  });

  it('keeps the walks of lost keys', () => {
    const text = encodeCheckpoint({ keys: { 'user:u1': 3 }, lost: { 'agency:dinas-pupr': 17 } }, ME);
    const decoded = decodeCheckpoint(text, ME)!;
    assert.deepEqual({ ...decoded.lost }, { 'agency:dinas-pupr': 17 });
  });

  it('reads a checkpoint of the one-sequence era as the account\'s own sequence', () => {
    assert.deepEqual(decodeCheckpoint(encodeRaw({ s: 42 }), ME), { legacySeq: 42 });
  });

  it('keeps a key named like an Object.prototype member a plain key', () => {
    const decoded = decodeCheckpoint(encodeCheckpoint({ keys: JSON.parse('{"__proto__": 4, "constructor": 5}') as Record<string, number> }, ME), ME)!;
    assert.equal(Object.getPrototypeOf(decoded.keys), null, 'no prototype to pollute');
  });

  it('treats a missing checkpoint as the beginning', () => {
    assert.equal(decodeCheckpoint(undefined, ME), null);
    assert.equal(decodeCheckpoint(null, ME), null);
    assert.equal(decodeCheckpoint('', ME), null);
  });

  it('starts from the beginning on a checkpoint it did not give this account: made up, unsealed, or another account\'s', () => {
    const forged = encodeRaw({ k: { 'user:u1': -1 }, g: { 'user:someone-else': -1 } });
    assert.equal(decodeCheckpoint(forged, ME), null, 'unsealed');
    assert.equal(decodeCheckpoint(`${forged}.AAAAAAAAAAAAAAAAAAAAAA`, ME), null, 'a made-up seal');
    const theirs = encodeCheckpoint({ keys: { 'user:u2': 5 }, lost: { 'agency:x': -1 } }, 'user:u2');
    assert.ok(decodeCheckpoint(theirs, 'user:u2'), 'it holds for the account it was given to');
    assert.equal(decodeCheckpoint(theirs, ME), null, 'and not for another');
    const widened = encodeRaw({ k: { 'user:u2': 5 }, g: { 'role:front-office': -1 } });
    assert.equal(decodeCheckpoint(`${widened}.${theirs.split('.')[1]}`, 'user:u2'), null, 'a changed content under the old seal');
  });

  it('rejects garbage with ApiError 400', () => {
    const garbage: unknown[] = [
      'garbage!!', 'abc', '%%%', 'x'.repeat(4001), 42, {}, ['a', 'b'], true,
      encodeRaw({ k: { a: '5' } }), encodeRaw({ k: { a: -2 } }), encodeRaw({ k: [] }), encodeRaw({ k: {}, g: { a: 1.5 } }), encodeRaw({ g: {} }),
      encodeRaw(null), encodeRaw([]), encodeRaw({}), encodeRaw({ s: '5' }), encodeRaw({ s: -1 }), encodeRaw({ s: 1.5 }),
      encodeRaw({ s: Number.MAX_SAFE_INTEGER + 2 }), encodeRaw(7), Buffer.from('{"s":').toString('base64url'),
    ];
    for (const text of garbage) assertInvalidCheckpoint(text);
  });
});

describe('SequenceClock', () => {
  it('is strictly increasing and close to microseconds since the epoch', () => {
    const clock = new SequenceClock();
    const before = Date.now() * 1000;
    let last = -1;
    for (let i = 0; i < 10_000; i++) {
      const next = clock.next();
      assert.ok(Number.isSafeInteger(next), 'the clock gives a safe integer');
      assert.ok(next > last, `${next} after ${last}`);
      last = next;
    }
    assert.ok(last >= before, 'the clock is not behind the wall clock in microseconds');
  });

  it('keeps increasing when the clock stands still', (t: TestContext) => {
    t.mock.method(Date, 'now', () => 1_700_000_000_000);
    const clock = new SequenceClock();
    const values = Array.from({ length: 100 }, () => clock.next());
    assert.equal(values[0], 1_700_000_000_000_000);
    values.forEach((value, index) => assert.equal(value, 1_700_000_000_000_000 + index));
  });

  it('keeps increasing when the clock steps back, and follows it again when it moves on', (t: TestContext) => {
    let now = 1_700_000_000_000;
    t.mock.method(Date, 'now', () => now);
    const clock = new SequenceClock();
    const first = clock.next();
    now -= 60_000; // NTP steps the clock back a minute
    const afterStepBack = [clock.next(), clock.next()];
    assert.deepEqual(afterStepBack, [first + 1, first + 2]);
    now += 120_000;
    const later = clock.next();
    assert.equal(later, now * 1000);
    assert.ok(later > first + 2, 'after the step forward, the clock is past the values it gave during the step back');
  });
});
