import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerFromInput,
  completion,
  dateInWords,
  deviceClock,
  draftProblems,
  formatNumber,
  inputFromAnswer,
  parseDateInput,
  parseNumber,
  serverClock,
  isVisible,
  parseGpsPoint,
  nikProblem,
  validateAnswer,
  validateAnswers,
  type AnswerProblem,
} from '../../common/answer-validation.js';
import type { AnswerValue } from '../../common/application-schema.js';
import type { FieldDefinition, FieldKind, PermitType } from '../../common/catalog.js';

function field(kind: FieldKind, extra: Partial<FieldDefinition> = {}): FieldDefinition {
  return {
    id: `${kind}Field`,
    kind,
    label: { id: `Label ${kind} ID`, en: `Label ${kind} EN` },
    example: { id: 'Contoh', en: 'Example' },
    required: true,
    ...extra,
  };
}

/** Asserts a problem with this code whose messages name the field label in both languages. */
function expectProblem(found: AnswerProblem | null, definition: FieldDefinition, code: AnswerProblem['code']): AnswerProblem {
  assert.ok(found, `expected a "${code}" problem, got none`);
  assert.equal(found.code, code);
  assert.equal(found.fieldId, definition.id);
  assert.ok(found.message.id.startsWith(`${definition.label.id}: `), `id message names the label: ${found.message.id}`);
  assert.ok(found.message.en.startsWith(`${definition.label.en}: `), `en message names the label: ${found.message.en}`);
  assert.ok(found.message.id.length > definition.label.id.length + 5, 'the Indonesian message says more than the label');
  assert.ok(found.message.en.length > definition.label.en.length + 5, 'the English message says more than the label');
  assert.notEqual(found.message.id.slice(definition.label.id.length), found.message.en.slice(definition.label.en.length),
    'the Indonesian and English texts differ');
  return found;
}

describe('validateAnswer: required', () => {
  for (const kind of ['text', 'textarea', 'number', 'date', 'choice', 'phone', 'nik', 'email', 'yesno', 'gps'] as const) {
    it(`a required ${kind} field rejects undefined, null, empty and blank`, () => {
      const definition = field(kind, { options: [{ value: 'a', label: { id: 'A', en: 'A' } }] });
      for (const value of [undefined, null, '', '   \t']) {
        expectProblem(validateAnswer(definition, value), definition, 'required');
      }
    });
    it(`an optional ${kind} field accepts a blank answer`, () => {
      const definition = field(kind, { required: false });
      for (const value of [undefined, null, '', '  ']) assert.equal(validateAnswer(definition, value), null);
    });
  }
});

describe('validateAnswer: text and textarea', () => {
  it('accepts any text within maxLength, including markup as plain text', () => {
    const definition = field('text', { maxLength: 30 });
    assert.equal(validateAnswer(definition, 'CV Maju Jaya'), null);
    assert.equal(validateAnswer(definition, '<script>alert(1)</script>'), null);
    assert.equal(validateAnswer(field('textarea'), 'x'.repeat(3000)), null);
  });

  it('reports too-long with the limit and the current length in both languages', () => {
    const definition = field('textarea', { maxLength: 5 });
    const found = expectProblem(validateAnswer(definition, 'abcdef'), definition, 'too-long');
    assert.match(found.message.id, /5 karakter \(sekarang 6\)/);
    assert.match(found.message.en, /5 characters \(now 6\)/);
    assert.equal(validateAnswer(definition, 'abcde'), null);
  });

  it('reports wrong-type for a number or boolean in a text field', () => {
    const definition = field('text');
    expectProblem(validateAnswer(definition, 42), definition, 'wrong-type');
    expectProblem(validateAnswer(definition, true), definition, 'wrong-type');
  });
});

describe('validateAnswer: number', () => {
  const definition = field('number', { min: 0, max: 100 });

  it('accepts numbers and numeric text, with a comma as decimal separator', () => {
    for (const value of [0, 100, 42.5, '42', ' 7 ', '12,5']) assert.equal(validateAnswer(definition, value), null, String(value));
  });

  it('reports not-a-number', () => {
    for (const value of ['abc', '12a', 'Infinity', true, '1,2,3']) {
      expectProblem(validateAnswer(definition, value), definition, 'not-a-number');
    }
  });

  it('reports too-small and too-large naming the bound', () => {
    const small = expectProblem(validateAnswer(definition, -1), definition, 'too-small');
    assert.match(small.message.id, /kurang dari 0/);
    assert.match(small.message.en, /at least 0/);
    const large = expectProblem(validateAnswer(definition, '100,5'), definition, 'too-large');
    assert.match(large.message.id, /lebih dari 100/);
    assert.match(large.message.en, /at most 100/);
  });

  it('has no bounds when min and max are not set', () => {
    assert.equal(validateAnswer(field('number'), -1e12), null);
  });
});

describe('validateAnswer: date', () => {
  const definition = field('date');

  it('accepts YYYY-MM-DD, surrounding spaces ignored', () => {
    for (const value of ['2024-03-17', '2024-02-29', ' 1990-12-31 ']) assert.equal(validateAnswer(definition, value), null, value);
  });

  it('reports not-a-date for anything but a stored ISO date, naming the format people type (HH-BB-TTTT)', () => {
    // The form turns a whole HH-BB-TTTT date into ISO before storing; what is left as typed is half-typed.
    for (const value of ['17-03-2024', '2024/03/17', '2024-3-17', '17 Maret 2024', '2024-13-01', '2024-00-10', '2024-02-32', '2024-02-30', '2023-02-29', '2024-04-31', 'kemarin']) {
      const found = expectProblem(validateAnswer(definition, value), definition, 'not-a-date');
      assert.match(found.message.en, /DD-MM-YYYY/);
      assert.match(found.message.id, /HH-BB-TTTT/);
      assert.match(found.message.id, /17-08-2018/);
      assert.doesNotMatch(found.message.id, /TTTT-BB-HH/);
    }
  });

  it('refuses a date after today when the catalog says so, naming today in the typed format', () => {
    const founded = field('date', { maxDate: 'today', minDate: '1900-01-01' });
    const clock = { today: '2026-12-01', slackDays: 0 };
    assert.equal(validateAnswer(founded, '2026-12-01', clock), null, 'today itself');
    assert.equal(validateAnswer(founded, '2018-08-17', clock), null);
    const late = expectProblem(validateAnswer(founded, '2031-01-05', clock), founded, 'too-late');
    assert.match(late.message.id, /setelah hari ini \(01-12-2026\)/);
    assert.match(late.message.en, /after today \(01-12-2026\)/);
    expectProblem(validateAnswer(founded, '2026-12-02', clock), founded, 'too-late');
    const early = expectProblem(validateAnswer(founded, '1899-12-31', clock), founded, 'too-early');
    assert.match(early.message.id, /01-01-1900/);
    assert.equal(validateAnswer(field('date'), '2031-01-05', clock), null, 'no bound, no refusal');
  });

  it("gives the server one day of slack for the device's time zone, and uses the device's own day on the device", () => {
    const founded = field('date', { maxDate: 'today' });
    // 23:30 UTC on 1 December is already 2 December in Jakarta (UTC+7) and Jayapura (UTC+9).
    const lateEvening = new Date('2026-12-01T23:30:00Z');
    assert.deepEqual(serverClock(lateEvening), { today: '2026-12-01', slackDays: 1 });
    assert.equal(validateAnswer(founded, '2026-12-02', serverClock(lateEvening)), null, 'the device\'s today passes on the server');
    expectProblem(validateAnswer(founded, '2026-12-03', serverClock(lateEvening)), founded, 'too-late');
    assert.equal(deviceClock().slackDays, 0);
    assert.match(deviceClock().today, /^\d{4}-\d{2}-\d{2}$/);
    const types: PermitType = { ...permitType, fields: [founded] };
    assert.equal(validateAnswers(types, { dateField: '2026-12-02' }, serverClock(lateEvening)).length, 0, 'validateAnswers passes the clock on');
    assert.equal(validateAnswers(types, { dateField: '2026-12-02' }, { today: '2026-12-01', slackDays: 0 }).length, 1);
  });
});

describe('dates as typed: HH-BB-TTTT', () => {
  it('reads day-month-year with -, / or . and one-digit parts as ISO; ISO pasted as it is', () => {
    assert.equal(parseDateInput('17-08-2018'), '2018-08-17');
    assert.equal(parseDateInput(' 7/8/2018 '), '2018-08-07');
    assert.equal(parseDateInput('17.08.2018'), '2018-08-17');
    assert.equal(parseDateInput('2018-08-17'), '2018-08-17');
    assert.equal(parseDateInput('17082018'), '2018-08-17', 'a number pad without a dash');
    for (const half of ['17', '17-08', '17-08-20', '31-02-2018', '29-02-2023', '08-17-2018', '17 Agustus 2018']) assert.equal(parseDateInput(half), null, half);
  });

  it('stores a whole date as ISO and keeps a half-typed one as typed; shows ISO as typed again', () => {
    const definition = field('date');
    assert.equal(answerFromInput(definition, '17-08-2018'), '2018-08-17');
    assert.equal(answerFromInput(definition, '17-08-20'), '17-08-20');
    assert.equal(inputFromAnswer(definition, '2018-08-17'), '17-08-2018');
    assert.equal(inputFromAnswer(definition, '17-08-20'), '17-08-20');
    assert.equal(dateInWords('2018-08-17', 'id'), '17 Agustus 2018');
    assert.equal(dateInWords('2018-03-01', 'en'), '1 March 2018');
    assert.equal(dateInWords('17-08-20', 'id'), undefined);
  });
});

describe('numbers as written in Indonesia', () => {
  it('reads dots as thousands, a comma as decimals, Rp before and ,- after', () => {
    const cases: [string, number][] = [
      ['250.000.000', 250_000_000], ['Rp 250.000.000', 250_000_000], ['Rp250.000.000,-', 250_000_000], ['Rp. 1.000,00', 1000],
      ['12,5', 12.5], ['1.500', 1500], ['1.500,75', 1500.75], ['250 000', 250_000], ['-5', -5], ['0', 0], ['4.5', 4.5], ['0.75', 0.75],
    ];
    for (const [text, expected] of cases) assert.equal(parseNumber(text), expected, text);
    for (const text of ['abc', '1,2,3', '12.5.000', '250.000.00', '1e5', '0x10', 'Infinity', '', 'Rp', '1.2345.678']) assert.equal(parseNumber(text), null, text);
  });

  it('accepts 250.000.000 in a Rupiah field and checks the bound on the number read', () => {
    const money = field('number', { min: 0, max: 1_000_000_000, currency: 'IDR' });
    for (const text of ['250.000.000', 'Rp 250.000.000', '250000000']) assert.equal(validateAnswer(money, text), null, text);
    const large = expectProblem(validateAnswer(money, '1.000.000.001'), money, 'too-large');
    assert.match(large.message.id, /Rp 1\.000\.000\.000/);
    assert.match(large.message.en, /Rp 1,000,000,000/);
    const wrong = expectProblem(validateAnswer(money, '250,000,000'), money, 'not-a-number');
    assert.match(wrong.message.id, /250\.000\.000/);
  });

  it("writes a number back in the reader's language", () => {
    assert.equal(formatNumber(250_000_000, 'id', 'IDR'), 'Rp 250.000.000');
    assert.equal(formatNumber(250_000_000, 'en', 'IDR'), 'Rp 250,000,000');
    assert.equal(formatNumber(12.5, 'id'), '12,5');
    assert.equal(formatNumber(12.5, 'en'), '12.5');
  });
});

describe('KBLI and NPWP', () => {
  it('takes a KBLI of exactly 5 digits', () => {
    const definition = field('kbli');
    assert.equal(validateAnswer(definition, '47112'), null);
    for (const value of ['4711', '471123', '4711a', '47-11']) {
      const found = expectProblem(validateAnswer(definition, value), definition, 'bad-kbli');
      assert.match(found.message.id, /5 angka/);
      assert.match(found.message.en, /5 digits/);
    }
    assert.equal(answerFromInput(definition, '47 112'), '47112', 'spaces pasted with it are dropped');
  });

  it('takes an NPWP of 15 digits, written with dots and a dash or not, or of 16 digits', () => {
    const definition = field('npwp');
    for (const value of ['01.234.567.8-721.000', '012345678721000', '0123456787210001', '6471021708900003', '01 234 567 8 721 000']) {
      assert.equal(validateAnswer(definition, value), null, value);
    }
    for (const value of ['12345', '01.234.567.8-721.00', '01234567872100012', 'NPWP 01.234.567.8-721.000']) {
      const found = expectProblem(validateAnswer(definition, value), definition, 'bad-npwp');
      assert.match(found.message.id, /15 angka/);
      assert.match(found.message.en, /15 digits/);
    }
  });

  it('stores a NIK pasted with spaces, dots or dashes as its 16 digits', () => {
    const definition = field('nik');
    assert.equal(answerFromInput(definition, '6471 0217 0890 0003'), '6471021708900003');
    assert.equal(answerFromInput(definition, '64.71.02-1708900003'), '6471021708900003');
    assert.equal(validateAnswer(definition, answerFromInput(definition, '6471 0217 0890 0003')), null);
  });
});

describe('validateAnswer: choice', () => {
  const definition = field('choice', {
    options: [
      { value: 'cv', label: { id: 'CV', en: 'Limited partnership' } },
      { value: 'pt', label: { id: 'PT', en: 'Limited company' } },
    ],
  });

  it('accepts a listed option value', () => {
    assert.equal(validateAnswer(definition, 'cv'), null);
    assert.equal(validateAnswer(definition, ' pt '), null);
  });

  it('reports not-an-option for labels, other case and unlisted values', () => {
    for (const value of ['CV', 'Limited partnership', 'koperasi']) {
      expectProblem(validateAnswer(definition, value), definition, 'not-an-option');
    }
  });

  it('reports not-an-option when the field has no options at all', () => {
    const bare = field('choice');
    expectProblem(validateAnswer(bare, 'cv'), bare, 'not-an-option');
  });
});

describe('validateAnswer: phone', () => {
  const definition = field('phone');

  it('accepts Indonesian mobile numbers in the usual notations', () => {
    for (const value of ['081234567890', '+6281234567890', '6281234567890', '0812-3456-7890', '0812 3456 7890', '0812345678901']) {
      assert.equal(validateAnswer(definition, value), null, value);
    }
  });

  it('reports bad-phone for landlines, short, long and foreign numbers', () => {
    for (const value of ['0215551234', '08123', '081234567', '081234567890123', '+15555550123', 'nomor saya', '8123456789']) {
      const found = expectProblem(validateAnswer(definition, value), definition, 'bad-phone');
      assert.match(found.message.en, /081234567890/);
    }
  });
});

describe('validateAnswer: email', () => {
  const definition = field('email');

  it('accepts ordinary addresses', () => {
    for (const value of ['nama@contoh.id', 'siti.rahmawati@example.com', ' a@b.co ']) assert.equal(validateAnswer(definition, value), null, value);
  });

  it('reports bad-email', () => {
    for (const value of ['nama@contoh', 'nama contoh@x.id', '@x.id', 'nama@', 'nama.contoh.id']) {
      expectProblem(validateAnswer(definition, value), definition, 'bad-email');
    }
  });
});

describe('NIK', () => {
  const definition = field('nik');
  const valid = '6471021708900003';

  it('accepts a well-formed NIK, for men and (day + 40) for women', () => {
    assert.equal(nikProblem(valid), null);
    assert.equal(nikProblem('6471025708900003'), null, 'woman born on the 17th: day 57');
    assert.equal(nikProblem('6471027108900003'), null, 'woman born on the 31st: day 71');
    assert.equal(nikProblem('1101010101000001'), null, 'lowest province code');
    assert.equal(nikProblem('9401013112990001'), null, 'highest province code');
    assert.equal(validateAnswer(definition, valid), null);
    assert.equal(validateAnswer(definition, ` ${valid} `), null);
  });

  const cases: [string, string, string][] = [
    ['length', '647102170890000', '15 digits'],
    ['length', '64710217089000031', '17 digits'],
    ['length', '6471 0217 0890 0003', 'spaces inside'],
    ['length', '64710217089O0003', 'a letter O'],
    ['province', '1071021708900003', 'province 10'],
    ['province', '9571021708900003', 'province 95'],
    ['birth-date', '6471020008900003', 'day 00'],
    ['birth-date', '6471023208900003', 'day 32'],
    ['birth-date', '6471024008900003', 'day 40 (neither a man nor a woman)'],
    ['birth-date', '6471024108900003'.replace('0890', '0090'), 'woman, month 00'],
    ['birth-date', '6471027208900003', 'woman, day 72 = 32'],
    ['birth-date', '6471021713900003', 'month 13'],
    ['serial', '6471021708900000', 'serial 0000'],
  ];
  for (const [reason, nik, why] of cases) {
    it(`reports ${reason} for ${why}`, () => {
      assert.equal(nikProblem(nik), reason);
      expectProblem(validateAnswer(definition, nik), definition, 'bad-nik');
    });
  }

  it('says in both languages what is wrong, one message per reason', () => {
    const messages = new Set<string>();
    const expected: Record<string, [RegExp, RegExp]> = {
      length: [/16 angka/, /16 digits/],
      province: [/provinsi/, /province/],
      'birth-date': [/tanggal dan bulan lahir/, /birth day and month/],
      serial: [/0000/, /0000/],
    };
    for (const [reason, nik] of [['length', '123'], ['province', '0571021708900003'], ['birth-date', '6471029908900003'], ['serial', '6471021708900000']] as const) {
      const found = expectProblem(validateAnswer(definition, nik), definition, 'bad-nik');
      const patterns = expected[reason];
      assert.ok(patterns, 'a pattern pair for each reason');
      const [idPattern, enPattern] = patterns;
      assert.match(found.message.id, idPattern);
      assert.match(found.message.en, enPattern);
      messages.add(found.message.en);
    }
    assert.equal(messages.size, 4);
  });
});

const permitType: PermitType = {
  id: 'test-permit',
  code: 'TP',
  name: { id: 'Izin uji', en: 'Test permit' },
  description: { id: 'Uji', en: 'Test' },
  reviewingAgency: { id: 'Dinas', en: 'Office' },
  needsInspection: false,
  hasFee: false,
  slaWorkingDays: 2,
  fields: [
    field('nik', { id: 'applicantNik' }),
    field('text', { id: 'companyName', maxLength: 10 }),
    field('phone', { id: 'applicantPhone' }),
    field('email', { id: 'applicantEmail', required: false, maxLength: 40 }),
    field('number', { id: 'employeeCount', min: 0, max: 10 }),
  ],
  requirements: [],
};

const completeAnswers: Record<string, AnswerValue> = {
  applicantNik: '6471021708900003',
  companyName: 'CV Jaya',
  applicantPhone: '081234567890',
  applicantEmail: 'a@b.id',
  employeeCount: 3,
};

describe('validateAnswers', () => {
  it('finds nothing in a complete, well-formed application', () => {
    assert.deepEqual(validateAnswers(permitType, completeAnswers), []);
  });

  it('reports every missing required field and every malformed answer', () => {
    const problems = validateAnswers(permitType, { applicantNik: '123', employeeCount: 11 });
    assert.deepEqual(problems.map((p) => [p.fieldId, p.code]), [
      ['applicantNik', 'bad-nik'],
      ['companyName', 'required'],
      ['applicantPhone', 'required'],
      ['employeeCount', 'too-large'],
    ]);
  });

  it('reports unknown-field naming the key in both languages', () => {
    const problems = validateAnswers(permitType, { ...completeAnswers, favouriteColour: 'blue' });
    assert.equal(problems.length, 1);
    const [found] = problems;
    assert.equal(found?.code, 'unknown-field');
    assert.equal(found?.fieldId, 'favouriteColour');
    assert.match(found?.message.id ?? '', /"favouriteColour" tidak ada/);
    assert.match(found?.message.en ?? '', /"favouriteColour" does not belong/);
  });
});

describe('draftProblems', () => {
  it('accepts an empty draft and a half-typed NIK, phone and email', () => {
    assert.deepEqual(draftProblems(permitType, {}), []);
    assert.deepEqual(draftProblems(permitType, { applicantNik: '6471', applicantPhone: '08', applicantEmail: 'siti@', employeeCount: 'dua' }), []);
  });

  it('rejects unknown fields', () => {
    const problems = draftProblems(permitType, { applicantNik: '64', notAField: 'x' });
    assert.deepEqual(problems.map((p) => [p.fieldId, p.code]), [['notAField', 'unknown-field']]);
  });

  it('rejects text longer than the field allows', () => {
    const problems = draftProblems(permitType, { companyName: 'x'.repeat(11), applicantEmail: `${'a'.repeat(40)}@b.id` });
    assert.deepEqual(problems.map((p) => [p.fieldId, p.code]), [['companyName', 'too-long'], ['applicantEmail', 'too-long']]);
    assert.match(problems[0]?.message.en ?? '', /^Label text EN: at most 10 characters \(now 11\)/);
    assert.deepEqual(draftProblems(permitType, { companyName: 'x'.repeat(10) }), []);
  });
});

describe('completion', () => {
  it('is 1 for a type without required fields', () => {
    assert.equal(completion({ ...permitType, fields: [field('text', { required: false })] }, {}), 1);
  });

  it('is the share of required fields answered acceptably', () => {
    assert.equal(completion(permitType, {}), 0);
    assert.equal(completion(permitType, completeAnswers), 1);
    assert.equal(completion(permitType, { applicantNik: '6471021708900003', companyName: 'CV Jaya' }), 0.5);
  });

  it('does not count malformed or blank answers, nor optional ones', () => {
    assert.equal(completion(permitType, { applicantNik: '6471', companyName: '  ', applicantEmail: 'a@b.id' }), 0);
    assert.equal(completion(permitType, { ...completeAnswers, employeeCount: 'many' }), 0.75);
  });
});

describe('validateAnswer: yes/no', () => {
  const definition = field('yesno');

  it('accepts true and false, both as real answers to a required question', () => {
    assert.equal(validateAnswer(definition, true), null);
    assert.equal(validateAnswer(definition, false), null);
  });

  it('reports wrong-type for anything but a boolean', () => {
    for (const value of ['ya', 'true', 1, 0]) expectProblem(validateAnswer(definition, value), definition, 'wrong-type');
  });
});

describe('validateAnswer: GPS point', () => {
  const definition = field('gps');

  it('accepts "latitude, longitude" in decimal degrees inside Indonesia', () => {
    for (const value of ['-1.2379, 116.8529', '-6.2,106.816666', ' 3.5952 , 98.6722 ', '-8.65, 115.2167']) {
      assert.equal(validateAnswer(definition, value), null, value);
    }
    assert.deepEqual(parseGpsPoint('-1.2379, 116.8529'), { latitude: -1.2379, longitude: 116.8529 });
  });

  it('reports bad-gps for text that is not a point', () => {
    for (const value of ['Balikpapan', '-1.2379 116.8529', '1°14\'S, 116°51\'E', '-1.2379,', '1.5.2, 100']) {
      expectProblem(validateAnswer(definition, value), definition, 'bad-gps');
    }
  });

  it('reports outside-indonesia for a point elsewhere, or with latitude and longitude swapped', () => {
    for (const value of ['51.5, -0.12', '116.8529, -1.2379', '-33.86, 151.2', '91, 10']) {
      const found = expectProblem(validateAnswer(definition, value), definition, 'outside-indonesia');
      assert.match(found.message.en, /order of latitude and longitude/);
    }
  });
});

describe('conditional fields', () => {
  const owned = field('yesno', { id: 'premisesOwned' });
  const owner = field('text', { id: 'premisesOwnerName', visibleWhen: { fieldId: 'premisesOwned', equals: false } });
  const type: PermitType = {
    id: 't', code: 'T', name: { id: 'T', en: 'T' }, description: { id: 'T', en: 'T' }, reviewingAgency: { id: 'A', en: 'A' },
    needsInspection: false, hasFee: false, slaWorkingDays: 1, fields: [owned, owner], requirements: [],
  };

  it('shows a field only when the other answer calls for it', () => {
    assert.equal(isVisible(owner, {}), false);
    assert.equal(isVisible(owner, { premisesOwned: true }), false);
    assert.equal(isVisible(owner, { premisesOwned: false }), true);
    assert.equal(isVisible(owned, {}), true);
  });

  it('neither requires nor checks a hidden field, and counts it only when shown', () => {
    assert.deepEqual(validateAnswers(type, { premisesOwned: true }), []);
    assert.deepEqual(validateAnswers(type, { premisesOwned: false }).map((found) => found.fieldId), ['premisesOwnerName']);
    assert.equal(completion(type, { premisesOwned: true }), 1);
    assert.equal(completion(type, { premisesOwned: false }), 0.5);
    assert.equal(completion(type, { premisesOwned: false, premisesOwnerName: 'H. Abdul Rahman' }), 1);
  });
});

describe('structured answers: address and group', () => {
  const addressField = field('address', { id: 'companyAddress' });
  const partnersField = field('group', {
    id: 'partners',
    required: false,
    maxItems: 3,
    itemLabel: { id: 'Sekutu', en: 'Partner' },
    fields: [
      field('text', { id: 'name', maxLength: 20 }),
      field('nik', { id: 'nik' }),
      field('choice', { id: 'position', options: [{ value: 'active', label: { id: 'Aktif', en: 'Active' } }] }),
    ],
  });
  const structured: PermitType = { ...permitType, fields: [field('text', { id: 'companyName', maxLength: 10 }), addressField, partnersField] };
  const address = { street: 'Jl. Sudirman 12', village: 'Klandasan Ilir', district: 'Balikpapan Kota', city: 'Kota Balikpapan', province: 'Kalimantan Timur' };
  const partner = { name: 'Ahmad', nik: '6471051708900002', position: 'active' };
  const codes = (problems: AnswerProblem[]): [string, string | undefined, string][] => problems.map((p) => [p.fieldId, p.part, p.code]);

  describe('draftProblems', () => {
    it('accepts half-typed structured answers: missing or malformed parts, empty groups, half-typed items', () => {
      const halfTyped: Record<string, AnswerValue>[] = [
        { companyAddress: {} },
        { companyAddress: { street: 'Jl. Sud' } },
        { companyAddress: { ...address, postalCode: '761', rtRw: '3/' } },
        { partners: [] },
        { partners: [{}] },
        { partners: [{ name: 'Ah', nik: '6471', position: 'typo' }, { nik: null }] },
        { companyAddress: null, partners: null },
      ];
      for (const answers of halfTyped) assert.deepEqual(draftProblems(structured, answers), [], JSON.stringify(answers));
    });

    it('refuses an address that is not an object of texts, or names unknown parts', () => {
      for (const value of ['Jl. Sudirman 12', 12, true, [address]] as AnswerValue[]) {
        assert.deepEqual(codes(draftProblems(structured, { companyAddress: value })), [['companyAddress', undefined, 'wrong-type']], JSON.stringify(value));
      }
      assert.deepEqual(codes(draftProblems(structured, { companyAddress: { ...address, planet: 'Mars' } })), [['companyAddress', 'planet', 'unknown-field']]);
      assert.deepEqual(codes(draftProblems(structured, { companyAddress: { ...address, district: 5 } as unknown as AnswerValue })),
        [['companyAddress', 'district', 'wrong-type']]);
      assert.deepEqual(codes(draftProblems(structured, { companyAddress: { ...address, city: 'x'.repeat(201) } })), [['companyAddress', 'city', 'too-long']]);
    });

    it('refuses a malformed part even while an earlier required part is still empty', () => {
      assert.deepEqual(codes(draftProblems(structured, { companyAddress: { city: 'x'.repeat(201) } })), [['companyAddress', 'city', 'too-long']]);
      assert.deepEqual(codes(draftProblems(structured, { companyAddress: { district: 5 } as unknown as AnswerValue })), [['companyAddress', 'district', 'wrong-type']]);
    });

    it('refuses a group that is not a list of items, items that are not objects, unknown or nested sub-answers, too many items', () => {
      for (const value of ['Ahmad', partner, 3] as AnswerValue[]) {
        assert.deepEqual(codes(draftProblems(structured, { partners: value })), [['partners', undefined, 'wrong-type']], JSON.stringify(value));
      }
      assert.deepEqual(codes(draftProblems(structured, { partners: ['Ahmad'] as unknown as AnswerValue })), [['partners', '0', 'wrong-type']]);
      assert.deepEqual(codes(draftProblems(structured, { partners: [partner, { ...partner, shoeSize: 42 }] })), [['partners', '1.shoeSize', 'unknown-field']]);
      assert.deepEqual(codes(draftProblems(structured, { partners: [{ ...partner, nik: { a: '1' } } as unknown as AnswerValue] as AnswerValue })),
        [['partners', '0.nik', 'wrong-type']]);
      assert.deepEqual(codes(draftProblems(structured, { partners: [{ ...partner, name: 'x'.repeat(21) }] })), [['partners', '0.name', 'too-long']]);
      assert.deepEqual(codes(draftProblems(structured, { partners: [partner, partner, partner, partner] })), [['partners', undefined, 'too-many']]);
      assert.deepEqual(draftProblems(structured, { partners: [partner, partner, partner] }), []);
    });

    it('names the item and the sub-field in both languages', () => {
      const [found] = draftProblems(structured, { partners: [partner, { ...partner, name: 'x'.repeat(21) }] });
      assert.match(found?.message.id ?? '', /^Label group ID, Sekutu 2, Label text ID: paling banyak 20 karakter/);
      assert.match(found?.message.en ?? '', /^Label group EN, Partner 2, Label text EN: at most 20 characters/);
      const [part] = draftProblems(structured, { companyAddress: { ...address, city: 'x'.repeat(201) } });
      assert.match(part?.message.en ?? '', /^Label address EN, Regency or city: at most 200 characters/);
    });

    it('refuses an address or a list in a scalar field', () => {
      assert.deepEqual(codes(draftProblems(structured, { companyName: { street: 'x' } })), [['companyName', undefined, 'wrong-type']]);
      assert.deepEqual(codes(draftProblems(structured, { companyName: [partner] })), [['companyName', undefined, 'wrong-type']]);
    });
  });

  describe('validateAnswers (submission)', () => {
    it('accepts complete structured answers', () => {
      assert.deepEqual(validateAnswers(structured, { companyName: 'CV Jaya', companyAddress: { ...address, rtRw: '003/005', postalCode: '76113' }, partners: [partner] }), []);
      assert.deepEqual(validateAnswers(structured, { companyName: 'CV Jaya', companyAddress: address }), [], 'an optional group may be absent');
      assert.deepEqual(validateAnswers(structured, { companyName: 'CV Jaya', companyAddress: address, partners: [] }), [], 'or empty');
    });

    it('points at the missing or malformed part of an address', () => {
      const check = (value: Record<string, string>): [string, string | undefined, string][] =>
        codes(validateAnswers(structured, { companyName: 'CV Jaya', companyAddress: value }));
      assert.deepEqual(check({}), [['companyAddress', undefined, 'required']]);
      assert.deepEqual(check({ ...address, district: '  ' }), [['companyAddress', 'district', 'required']]);
      assert.deepEqual(check({ ...address, rtRw: '3-5' }), [['companyAddress', 'rtRw', 'bad-rt-rw']]);
      assert.deepEqual(check({ ...address, postalCode: '0611' }), [['companyAddress', 'postalCode', 'bad-postal-code']]);
    });

    it('points at the item and sub-field of a group, and counts items', () => {
      const check = (value: AnswerValue): [string, string | undefined, string][] =>
        codes(validateAnswers(structured, { companyName: 'CV Jaya', companyAddress: address, partners: value }));
      assert.deepEqual(check([partner, { name: 'Budi', position: 'active' }]), [['partners', '1.nik', 'required']]);
      assert.deepEqual(check([{ ...partner, nik: '123' }]), [['partners', '0.nik', 'bad-nik']]);
      assert.deepEqual(check([{ ...partner, position: 'passive' }]), [['partners', '0.position', 'not-an-option']]);
      const required: PermitType = { ...structured, fields: [{ ...partnersField, required: true, minItems: 2 }] };
      assert.deepEqual(codes(validateAnswers(required, { partners: [] })), [['partners', undefined, 'required']]);
      assert.deepEqual(codes(validateAnswers(required, { partners: [partner] })), [['partners', undefined, 'too-few']]);
      assert.deepEqual(validateAnswers(required, { partners: [partner, partner] }), []);
    });
  });
});
