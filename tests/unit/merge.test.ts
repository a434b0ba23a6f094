import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AnswerValue, ApplicationWireDoc } from '../../common/application-schema.js';
import { mergeApplication, sameApplicationState } from '../../common/merge.js';

function state(answers: Record<string, AnswerValue>, extra: Partial<ApplicationWireDoc> = {}): ApplicationWireDoc {
  return {
    id: 'draft-0001',
    ownerId: 'user-1',
    permitTypeId: 'siup',
    catalogVersion: 1,
    status: 'draft',
    answers,
    createdAt: '2024-03-17T08:00:00.000Z',
    updatedAt: 1_000,
    _deleted: false,
    ...extra,
  };
}

describe('mergeApplication', () => {
  const base = state({ companyName: 'CV Jaya', kbli: '47112', mainGoods: 'Sembako' }, { updatedAt: 1_000 });

  it('keeps the local edits and takes the server edits to answers this device did not touch', () => {
    const server = state({ companyName: 'CV Jaya', kbli: '47111', mainGoods: 'Sembako', netWorth: 5 }, { updatedAt: 2_000 });
    const local = state({ companyName: 'CV Jaya Abadi', kbli: '47112', mainGoods: 'Sembako' }, { updatedAt: 1_500 });
    const merged = mergeApplication(base, server, local);
    assert.deepEqual(merged.answers, { companyName: 'CV Jaya Abadi', kbli: '47111', mainGoods: 'Sembako', netWorth: 5 });
    assert.equal(merged.updatedAt, 2_000, 'the later of the two change times');
    assert.equal(merged._deleted, false);
  });

  it('lets the local value win when both sides changed the same answer', () => {
    const server = state({ ...base.answers, companyName: 'CV Server' }, { updatedAt: 3_000 });
    const local = state({ ...base.answers, companyName: 'CV Lokal' }, { updatedAt: 2_000 });
    assert.equal(mergeApplication(base, server, local).answers.companyName, 'CV Lokal');
  });

  it('keeps a local deletion of an answer and a server deletion of an untouched answer', () => {
    const server = state({ companyName: 'CV Jaya', kbli: '47112' }, { updatedAt: 2_000 });
    const local = state({ kbli: '47112', mainGoods: 'Sembako' }, { updatedAt: 2_500 });
    assert.deepEqual(mergeApplication(base, server, local).answers, { kbli: '47112' });
  });

  it('keeps an answer the server added and this device added too (local wins)', () => {
    const server = state({ ...base.answers, netWorth: 100 }, { updatedAt: 2_000 });
    const local = state({ ...base.answers, netWorth: 200, companyNpwp: '01.234' }, { updatedAt: 2_000 });
    assert.deepEqual(mergeApplication(base, server, local).answers, { ...base.answers, netWorth: 200, companyNpwp: '01.234' });
  });

  it('takes the server document fields and keeps the later updatedAt when local is newer', () => {
    const server = state(base.answers, { updatedAt: 2_000, catalogVersion: 2 });
    const local = state({ ...base.answers, kbli: '10000' }, { updatedAt: 9_000 });
    const merged = mergeApplication(base, server, local);
    assert.equal(merged.updatedAt, 9_000);
    assert.equal(merged.catalogVersion, 2);
    assert.equal(merged.answers.kbli, '10000');
  });

  it('keeps the local edit when the server deleted the document', () => {
    const server = state(base.answers, { _deleted: true, updatedAt: 2_000 });
    const local = state({ ...base.answers, mainGoods: 'Alat tulis' }, { updatedAt: 1_500 });
    const merged = mergeApplication(base, server, local);
    assert.equal(merged._deleted, false);
    assert.equal(merged.answers.mainGoods, 'Alat tulis');
    assert.equal(merged.updatedAt, 2_000);
  });

  it('keeps the server edit when this device deleted the document', () => {
    const server = state({ ...base.answers, mainGoods: 'Alat tulis' }, { updatedAt: 2_000 });
    const local = state(base.answers, { _deleted: true, updatedAt: 2_500 });
    const merged = mergeApplication(base, server, local);
    assert.equal(merged._deleted, false);
    assert.equal(merged.answers.mainGoods, 'Alat tulis');
    assert.equal(merged.updatedAt, 2_500);
  });

  it('without a base, the local answers win', () => {
    const server = state({ companyName: 'CV Server', kbli: '47111' }, { updatedAt: 2_000 });
    const local = state({ companyName: 'CV Lokal', kbli: '47112', mainGoods: 'Sembako' }, { updatedAt: 1_000 });
    const merged = mergeApplication(undefined, server, local);
    assert.deepEqual(merged.answers, local.answers);
    assert.equal(merged.updatedAt, 2_000);
  });

  it('without a base, keeps an answer only the server has (nothing typed elsewhere is lost)', () => {
    const server = state({ companyName: 'CV Server', netWorth: 250_000_000 }, { updatedAt: 2_000 });
    const local = state({ companyName: 'CV Lokal', mainGoods: 'Sembako' }, { updatedAt: 1_000 });
    assert.deepEqual(mergeApplication(undefined, server, local).answers,
      { companyName: 'CV Lokal', netWorth: 250_000_000, mainGoods: 'Sembako' });
  });

  it('does not resurrect an answer both sides removed', () => {
    const server = state({ companyName: 'CV Jaya', kbli: '47112' }, { updatedAt: 2_000 });
    const local = state({ companyName: 'CV Jaya', kbli: '47112' }, { updatedAt: 2_500 });
    assert.deepEqual(mergeApplication(base, server, local).answers, { companyName: 'CV Jaya', kbli: '47112' });
  });

  it('does not modify its inputs', () => {
    const server = state({ ...base.answers, kbli: '1' }, { updatedAt: 2_000 });
    const local = state({ ...base.answers, companyName: 'X' }, { updatedAt: 2_000 });
    const copies = structuredClone([base, server, local]);
    mergeApplication(base, server, local);
    assert.deepEqual([base, server, local], copies);
  });
});

describe('sameApplicationState', () => {
  const a = state({ companyName: 'CV Jaya', netWorth: 5, agreed: true, note: null });

  it('is true for equal states, whatever the key order', () => {
    assert.equal(sameApplicationState(a, structuredClone(a)), true);
    assert.equal(sameApplicationState(a, state({ note: null, agreed: true, netWorth: 5, companyName: 'CV Jaya' })), true);
  });

  it('is false when any compared field differs', () => {
    const variants: Partial<ApplicationWireDoc>[] = [
      { updatedAt: 1_001 }, { _deleted: true }, { permitTypeId: 'tdp' }, { ownerId: 'user-2' }, { catalogVersion: 2 },
    ];
    for (const variant of variants) assert.equal(sameApplicationState(a, { ...a, ...variant }), false, JSON.stringify(variant));
  });

  it('is false when answers differ in a value, a type, a missing or an extra key', () => {
    assert.equal(sameApplicationState(a, state({ ...a.answers, companyName: 'CV Lain' })), false);
    assert.equal(sameApplicationState(a, state({ ...a.answers, netWorth: '5' })), false);
    assert.equal(sameApplicationState(a, state({ companyName: 'CV Jaya', netWorth: 5, agreed: true })), false);
    assert.equal(sameApplicationState(a, state({ ...a.answers, extra: 'x' })), false);
    assert.equal(sameApplicationState(a, state({ companyName: 'CV Jaya', netWorth: 5, agreed: true, other: null })), false,
      'same number of keys, different key');
  });
});
