import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { answerFromInput, parseNumber, validateAnswer } from '../../common/answer-validation.js';
import { ANSWER_KEY_PATTERN } from '../../common/application-schema.js';
import type { LocalizedText } from '../../common/catalog.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import { STANDARD_AGENCIES } from '../../common/standard-catalog.js';
import { catalogProblems } from '../../sync-server/validation.js';

const FIELD_KINDS = new Set(['text', 'textarea', 'number', 'date', 'choice', 'phone', 'nik', 'email', 'yesno', 'gps', 'kbli', 'npwp', 'address', 'group']);

function assertBilingual(text: LocalizedText | undefined, where: string): void {
  assert.ok(text, `${where} is missing`);
  assert.equal(typeof text.id, 'string', `${where}.id`);
  assert.equal(typeof text.en, 'string', `${where}.en`);
  assert.ok(text.id.trim().length > 0, `${where}.id is empty`);
  assert.ok(text.en.trim().length > 0, `${where}.en is empty`);
}

describe('demo catalog', () => {
  const types = demoCatalog.permitTypes;

  it('has a positive integer version and at least 8 permit types', () => {
    assert.ok(Number.isInteger(demoCatalog.version) && demoCatalog.version >= 1, 'the catalog version is a positive integer');
    assert.ok(types.length >= 8, `only ${types.length} permit types`);
  });

  it('has unique permit type ids and codes', () => {
    assert.equal(new Set(types.map((type) => type.id)).size, types.length, 'duplicate id');
    assert.equal(new Set(types.map((type) => type.code)).size, types.length, 'duplicate code');
    for (const type of types) {
      assert.match(type.id, /^[a-z][a-z0-9-]*$/, type.id);
      assert.match(type.code, /^[A-Z]{2,6}$/, type.code);
    }
  });

  it('describes every permit type in both languages, with a service-level target', () => {
    for (const type of types) {
      assertBilingual(type.name, `${type.id}.name`);
      assertBilingual(type.description, `${type.id}.description`);
      assertBilingual(type.reviewingAgency, `${type.id}.reviewingAgency`);
      assert.ok(Number.isInteger(type.slaWorkingDays) && type.slaWorkingDays > 0, `${type.id}.slaWorkingDays`);
      assert.equal(typeof type.needsInspection, 'boolean');
      assert.equal(typeof type.hasFee, 'boolean');
    }
  });

  it('has unique, well-formed field ids in every permit type', () => {
    const answerKey = new RegExp(ANSWER_KEY_PATTERN);
    for (const type of types) {
      assert.ok(type.fields.length > 0, `${type.id} has no fields`);
      const ids = type.fields.map((field) => field.id);
      assert.equal(new Set(ids).size, ids.length, `${type.id} repeats a field id: ${ids.join(', ')}`);
      for (const id of ids) {
        assert.match(id, /^[a-z][a-zA-Z0-9]*$/, `${type.id}.${id}`);
        assert.match(id, answerKey, `${type.id}.${id} is not a valid answer key`);
      }
    }
  });

  it('gives every field a known kind, a bilingual label and example, and sensible bounds', () => {
    for (const type of types) {
      for (const field of type.fields) {
        const where = `${type.id}.${field.id}`;
        assert.ok(FIELD_KINDS.has(field.kind), `${where} kind ${field.kind}`);
        assertBilingual(field.label, `${where}.label`);
        assertBilingual(field.example, `${where}.example`);
        assert.equal(typeof field.required, 'boolean', `${where}.required`);
        if (field.maxLength !== undefined) assert.ok(Number.isInteger(field.maxLength) && field.maxLength > 0 && field.maxLength <= 4000, where);
        if (field.min !== undefined && field.max !== undefined) assert.ok(field.min <= field.max, where);
        if (field.kind === 'group') {
          assert.ok(field.fields && field.fields.length > 0, `${where} has sub-fields`);
          assertBilingual(field.itemLabel!, `${where}.itemLabel`);
          for (const sub of field.fields) {
            assert.ok(FIELD_KINDS.has(sub.kind) && sub.kind !== 'group' && sub.kind !== 'address', `${where}.${sub.id} is a scalar kind`);
            assertBilingual(sub.example, `${where}.${sub.id}.example`);
          }
        }
      }
    }
  });

  it('offers structured addresses and at least one repeated group (catalog version 3)', () => {
    assert.ok(types.some((type) => type.fields.some((field) => field.kind === 'address')), 'some permit type has an address field');
    assert.ok(types.some((type) => type.fields.some((field) => field.kind === 'group')), 'some permit type has a repeated group');
  });

  it('makes every condition depend on an earlier field of the same type, with a value it can have', () => {
    let conditional = 0;
    for (const type of types) {
      type.fields.forEach((field, index) => {
        if (!field.visibleWhen) return;
        conditional++;
        const where = `${type.id}.${field.id}`;
        const source = type.fields.slice(0, index).find((candidate) => candidate.id === field.visibleWhen!.fieldId);
        assert.ok(source, `${where} depends on a field shown before it`);
        if (source.kind === 'yesno') assert.equal(typeof field.visibleWhen.equals, 'boolean', where);
        if (source.kind === 'choice') assert.ok(source.options?.some((option) => option.value === field.visibleWhen!.equals), where);
      });
    }
    assert.ok(conditional > 0, 'the demo catalog should exercise conditional fields');
  });

  it('shows GPS examples that the validation accepts', () => {
    const gpsFields = types.flatMap((type) => type.fields.filter((field) => field.kind === 'gps'));
    assert.ok(gpsFields.length > 0, 'the catalog has GPS fields');
    for (const field of gpsFields) {
      assert.equal(validateAnswer(field, field.example.id.replace(/^Contoh:\s*/, '')), null, field.id);
    }
  });

  it('gives every choice field distinct options with bilingual labels', () => {
    let choiceFields = 0;
    for (const type of types) {
      for (const field of type.fields.filter((candidate) => candidate.kind === 'choice')) {
        choiceFields++;
        const where = `${type.id}.${field.id}`;
        assert.ok(field.options && field.options.length >= 2, `${where} has fewer than two options`);
        const values = field.options.map((option) => option.value);
        assert.equal(new Set(values).size, values.length, `${where} repeats an option value`);
        for (const option of field.options) {
          assert.ok(option.value.length > 0, where);
          assertBilingual(option.label, `${where}.${option.value}`);
        }
      }
    }
    assert.ok(choiceFields > 0, 'the demo catalog should exercise choice fields');
  });

  it('gives every permit type a list of requirement documents', () => {
    for (const type of types) {
      assert.ok(type.requirements.length > 0, `${type.id} has no requirements`);
      assert.ok(type.requirements.some((requirement) => requirement.required), `${type.id} requires no document at all`);
      const ids = type.requirements.map((requirement) => requirement.id);
      assert.equal(new Set(ids).size, ids.length, `${type.id} repeats a requirement id`);
      for (const requirement of type.requirements) {
        const where = `${type.id}.requirements.${requirement.id}`;
        assertBilingual(requirement.name, where);
        assert.ok(requirement.accepts.length > 0, `${where} accepts nothing`);
        for (const mime of requirement.accepts) assert.match(mime, /^[a-z]+\/[a-z0-9.+-]+$/, where);
        assert.ok(requirement.maxSizeKb > 0, where);
      }
    }
  });

  it('shows examples for NIK, phone and email that the validation accepts', () => {
    for (const type of types) {
      for (const field of type.fields.filter((candidate) => ['nik', 'phone', 'email'].includes(candidate.kind))) {
        for (const text of [field.example.id, field.example.en]) {
          const value = text.replace(/^(Contoh|Example):\s*/, '');
          assert.equal(validateAnswer(field, value), null, `${type.id}.${field.id} example "${value}"`);
        }
      }
    }
  });

  it('is version 5 and passes the schema every published catalog must pass', () => {
    assert.equal(demoCatalog.version, 5);
    assert.deepEqual(catalogProblems(demoCatalog), []);
  });

  it('names for every permit type the agencies that review it, each one of the standard agencies', () => {
    const known = new Set(STANDARD_AGENCIES.map((agency) => agency.id));
    for (const type of types) {
      assert.ok(type.reviewAgencyIds && type.reviewAgencyIds.length > 0, `${type.id} names no reviewing agency`);
      for (const id of type.reviewAgencyIds) assert.ok(known.has(id), `${type.id} names the unknown agency ${id}`);
    }
    assert.deepEqual(types.find((type) => type.id === 'izin-reklame')?.reviewAgencyIds, ['dinas-pupr', 'bapenda']);
    const named = new Set(types.flatMap((type) => type.reviewAgencyIds ?? []));
    assert.deepEqual([...known].filter((id) => !named.has(id)), [], 'every standard agency reviews some permit type');
    for (const agency of STANDARD_AGENCIES) assertBilingual(agency.name, `agency ${agency.id}`);
  });

  it('lets the schema refuse a malformed or repeated agency id', () => {
    for (const ids of [['Dinas PUPR'], ['dinas-pupr', 'dinas-pupr'], [], ['toString!']]) {
      const catalog = structuredClone(demoCatalog);
      catalog.permitTypes[0]!.reviewAgencyIds = ids;
      assert.ok(catalogProblems(catalog).some((found) => found.path.startsWith('/permitTypes/0/reviewAgencyIds')), `refuses ${JSON.stringify(ids)}`);
    }
    const older = structuredClone(demoCatalog);
    delete older.permitTypes[0]!.reviewAgencyIds;
    assert.deepEqual(catalogProblems(older), [], 'a version without agencies (older catalogs) still passes');
  });

  it('checks KBLI codes and NPWPs by their own kinds, with examples the validation accepts', () => {
    const byKind = (kind: string) => types.flatMap((type) => type.fields.filter((field) => field.kind === kind).map((field) => ({ type, field })));
    assert.ok(byKind('kbli').length >= 3, 'the KBLI fields use the kbli kind');
    assert.ok(byKind('npwp').length >= 2, 'the NPWP fields use the npwp kind');
    assert.equal(types.flatMap((type) => type.fields).filter((field) => /kbli|npwp/i.test(field.id) && field.kind === 'text').length, 0, 'no KBLI or NPWP left as free text');
    for (const { type, field } of [...byKind('kbli'), ...byKind('npwp')]) {
      for (const text of [field.example.id, field.example.en]) {
        const value = text.replace(/^(Contoh|Example):\s*/, '');
        assert.equal(validateAnswer(field, value), null, `${type.id}.${field.id} example "${value}"`);
      }
      assert.notEqual(validateAnswer(field, field.kind === 'kbli' ? '4711' : '12345'), null, `${type.id}.${field.id} refuses a short code`);
    }
  });

  it('writes date examples as they are typed (HH-BB-TTTT, words beside) and refuses founding dates in the future', () => {
    const dates = types.flatMap((type) => type.fields.filter((field) => field.kind === 'date'));
    assert.ok(dates.length >= 5, 'the catalog has date fields');
    for (const field of dates) {
      for (const text of [field.example.id, field.example.en]) {
        const typed = /^(?:Contoh|Example): (\d{2}-\d{2}-\d{4}) \(.+\)$/.exec(text)?.[1];
        assert.ok(typed, `${field.id} example "${text}" is HH-BB-TTTT with the date in words`);
        assert.equal(validateAnswer(field, answerFromInput(field, typed), { today: '2026-12-01', slackDays: 0 }), null, `${field.id} example ${typed}`);
      }
    }
    const founded = types.flatMap((type) => type.fields).filter((field) => field.id === 'establishmentDate');
    assert.ok(founded.length > 0 && founded.every((field) => field.maxDate === 'today'), 'founding dates cannot be after today');
    for (const field of founded) assert.equal(validateAnswer(field, '2031-01-05', { today: '2026-12-01', slackDays: 1 })?.code, 'too-late');
  });

  it('marks Rupiah amounts, with examples written with thousands dots', () => {
    const money = types.flatMap((type) => type.fields.filter((field) => field.currency === 'IDR'));
    assert.ok(money.length >= 2, 'the capital and investment fields are in Rupiah');
    for (const field of money) {
      const typed = /^Contoh: ([\d.]+) /.exec(field.example.id)?.[1];
      assert.ok(typed && parseNumber(typed)! >= 1_000_000, `${field.id} example "${field.example.id}"`);
      assert.equal(validateAnswer(field, typed), null, field.id);
    }
  });

  it('names the applicant fields a booth fills from the citizen block', () => {
    for (const type of types) {
      const from = Object.fromEntries(type.fields.filter((field) => field.fromCitizen).map((field) => [field.id, field.fromCitizen]));
      assert.deepEqual(from, { applicantNik: 'nik', applicantName: 'name', applicantPhone: 'phone' }, type.id);
    }
  });

  it('lets the schema refuse a bound or a citizen source it does not know, naming where', () => {
    const cases: [string, (field: Record<string, unknown>) => void, string][] = [
      ['maxDate tomorrow', (field) => { field.maxDate = 'tomorrow'; }, 'maxDate'],
      ['minDate today (a lower bound cannot be "today")', (field) => { field.minDate = 'today'; }, 'minDate'],
      ['maxDate not a date', (field) => { field.maxDate = '2024-13-01'; }, 'maxDate'],
      ['fromCitizen email', (field) => { field.fromCitizen = 'email'; }, 'fromCitizen'],
      ['currency USD', (field) => { field.currency = 'USD'; }, 'currency'],
    ];
    for (const [name, change, key] of cases) {
      const catalog = structuredClone(demoCatalog);
      change(catalog.permitTypes[0]!.fields[0] as unknown as Record<string, unknown>);
      const problems = catalogProblems(catalog);
      assert.ok(problems.some((found) => found.path === `/permitTypes/0/fields/0/${key}`), `${name}: ${JSON.stringify(problems.slice(0, 2))}`);
    }
    const fine = structuredClone(demoCatalog);
    Object.assign(fine.permitTypes[0]!.fields[0]!, { maxDate: '2030-12-31' });
    assert.deepEqual(catalogProblems(fine), [], 'a fixed ISO upper bound is fine');
  });
});
