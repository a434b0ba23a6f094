/**
 * What a history record may carry (sync-server/office/history.ts): short values and reasons, with
 * every run of 8 or more digits masked but its last four, so a NIK typed into a note, a reason or
 * echoed by a refusal never reaches the many people who read an application's history.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { changesOf, historyReason, MAX_CHANGE_VALUE_LENGTH, MAX_REASON_LENGTH, shortValue } from '../../sync-server/office/history.js';

describe('history values', () => {
  it('masks a NIK or a phone in a value but its last four digits, and keeps short numbers', () => {
    assert.equal(shortValue('NIK 6471021708900003 cocok'), 'NIK ************0003 cocok');
    assert.equal(shortValue('HP 081234567890'), 'HP ********7890');
    assert.equal(shortValue('RT 003/005, 12 karyawan'), 'RT 003/005, 12 karyawan');
    assert.equal(shortValue(8), '8');
    assert.equal(shortValue(['dinas-pupr', 'bapenda']), 'dinas-pupr, bapenda');
    assert.equal(shortValue({ nested: true }), undefined, 'an object is named, never copied');
  });

  it('cuts a long value and a long reason with an ellipsis', () => {
    const long = 'kata '.repeat(200);
    assert.equal(shortValue(long)?.length, MAX_CHANGE_VALUE_LENGTH);
    assert.ok(shortValue(long)?.endsWith('…'), 'a cut value ends with an ellipsis');
    const reason = historyReason({ id: long, en: 'short' });
    assert.equal(reason.id.length, MAX_REASON_LENGTH);
    assert.ok(reason.id.endsWith('…'), 'a cut reason ends with an ellipsis');
    assert.equal(reason.en, 'short');
  });

  it('masks digits in both languages of a refusal reason', () => {
    assert.deepEqual(historyReason({ id: 'NIK 6471021708900003 sudah dipakai.', en: 'NIK 6471021708900003 is taken.' }),
      { id: 'NIK ************0003 sudah dipakai.', en: 'NIK ************0003 is taken.' });
  });

  it('names the personal fields of a change without their values', () => {
    assert.deepEqual(changesOf({ answers: { applicantNik: '6471021708900003' }, status: 'submitted', updatedAt: 5 }),
      [{ field: 'answers' }, { field: 'status', value: 'submitted' }]);
  });
});
