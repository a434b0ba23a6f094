import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLAIM_CODE_PATTERN, PROVISIONAL_NUMBER_PATTERN, type AnswerValue, type ApplicationDoc, type ApplicationStatus, type DocumentRef,
} from '../../common/application-schema.js';
import type { PermitType } from '../../common/catalog.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import {
  citizenFields, deviceMayChangeStatus, formatRegistrationNumber, isEditable, newClaimCode, newProvisionalNumber, normalizeCode,
  registrationPeriod, submissionProblems, type SubmissionProblem,
} from '../../common/workflow.js';

/** Crockford's base32: digits and letters without I, L, O and U. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

describe('newProvisionalNumber', () => {
  it('makes P-XXXX-XXXX receipts in Crockford base32, as the schema accepts', () => {
    const numbers = Array.from({ length: 500 }, () => newProvisionalNumber());
    for (const number of numbers) {
      assert.match(number, /^P-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      assert.match(number, new RegExp(PROVISIONAL_NUMBER_PATTERN));
      assert.doesNotMatch(number.slice(2), /[ILOU]/);
    }
    assert.equal(new Set(numbers).size, numbers.length, '40 random bits: no repeats in 500');
  });

  it('uses every symbol of the alphabet and nothing else', () => {
    const seen = new Set(Array.from({ length: 500 }, () => newProvisionalNumber().slice(2).replace('-', '')).join(''));
    assert.deepEqual([...seen].sort().join(''), ALPHABET);
  });
});

describe('newClaimCode', () => {
  it('makes XXXXX-XXXXX codes in Crockford base32, as the schema accepts', () => {
    const codes = Array.from({ length: 500 }, () => newClaimCode());
    for (const code of codes) {
      assert.match(code, /^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
      assert.match(code, new RegExp(CLAIM_CODE_PATTERN));
      assert.doesNotMatch(code, /[ILOU]/);
    }
    assert.equal(new Set(codes).size, codes.length);
    const seen = new Set(codes.join('').replace(/-/g, ''));
    assert.deepEqual([...seen].sort().join(''), ALPHABET);
  });
});

describe('normalizeCode', () => {
  it('forgives case, spaces, dashes and look-alike letters', () => {
    assert.equal(normalizeCode('4F7QX-K2M9D'), '4F7QX-K2M9D');
    assert.equal(normalizeCode('4f7qx-k2m9d'), '4F7QX-K2M9D');
    assert.equal(normalizeCode(' 4f7qx k2m9d '), '4F7QX-K2M9D');
    assert.equal(normalizeCode('4F7QXK2M9D'), '4F7QX-K2M9D');
    assert.equal(normalizeCode('4F 7Q X-K2 M9 D\t'), '4F7QX-K2M9D');
    assert.equal(normalizeCode('O1ILl-oo0Z9'), '01111-000Z9');
    assert.equal(normalizeCode('--0000000000--'), '00000-00000');
  });

  it('gives back every generated code unchanged, and typed sloppily', () => {
    for (let round = 0; round < 200; round++) {
      const code = newClaimCode();
      assert.equal(normalizeCode(code), code);
      const sloppy = ` ${code.toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l').replace('-', '  ')} `;
      assert.equal(normalizeCode(sloppy), code, sloppy);
    }
  });

  it('leaves a code of the wrong length without a dash, so it cannot pass for a claim code', () => {
    assert.equal(normalizeCode('abc'), 'ABC');
    assert.equal(normalizeCode('4F7QX-K2M9'), '4F7QXK2M9');
    assert.equal(normalizeCode('4F7QX-K2M9DD'), '4F7QXK2M9DD');
    assert.equal(normalizeCode(''), '');
    assert.doesNotMatch(normalizeCode('4F7QX-K2M9'), new RegExp(CLAIM_CODE_PATTERN));
    // U has no look-alike: it stays and the code is not one the server gives.
    assert.doesNotMatch(normalizeCode('UUUUU-UUUUU'), new RegExp(CLAIM_CODE_PATTERN));
  });
});

describe('formatRegistrationNumber', () => {
  it('writes sequence/type/month/year with a four-digit sequence', () => {
    assert.equal(formatRegistrationNumber('TDP', '2026-11', 1), '0001/TDP/11/2026');
    assert.equal(formatRegistrationNumber('SIUP', '2026-11', 174), '0174/SIUP/11/2026');
    assert.equal(formatRegistrationNumber('MB', '2018-01', 9999), '9999/MB/01/2018');
    assert.equal(formatRegistrationNumber('MB', '2018-01', 10000), '10000/MB/01/2018', 'a busy month does not wrap');
  });
});

describe('registrationPeriod', () => {
  it('counts the month in Asia/Jakarta (UTC+7), not in UTC', () => {
    assert.equal(registrationPeriod(new Date('2026-10-31T17:30:00Z')), '2026-11', '00:30 WIB on 1 November');
    assert.equal(registrationPeriod(new Date('2026-10-31T16:59:59.999Z')), '2026-10', '23:59:59 WIB on 31 October');
    assert.equal(registrationPeriod(new Date('2026-10-31T17:00:00Z')), '2026-11', 'midnight WIB');
    assert.equal(registrationPeriod(new Date('2026-12-31T17:00:00Z')), '2027-01', 'new year in WIB');
    assert.equal(registrationPeriod(new Date('2026-12-31T16:59:59Z')), '2026-12');
    assert.equal(registrationPeriod(new Date('2028-02-29T12:00:00Z')), '2028-02');
  });

  it('takes another time zone when given one', () => {
    const instant = new Date('2026-10-31T16:30:00Z');
    assert.equal(registrationPeriod(instant), '2026-10');
    assert.equal(registrationPeriod(instant, 'Asia/Jakarta'), '2026-10');
    assert.equal(registrationPeriod(instant, 'Asia/Makassar'), '2026-11', '00:30 WITA');
    assert.equal(registrationPeriod(instant, 'Asia/Jayapura'), '2026-11', '01:30 WIT');
    assert.equal(registrationPeriod(new Date('2026-11-01T00:30:00Z'), 'UTC'), '2026-11');
  });
});

describe('deviceMayChangeStatus', () => {
  const table: [ApplicationStatus | undefined, ApplicationStatus, boolean][] = [
    [undefined, 'draft', true], [undefined, 'submitted', true], [undefined, 'returned', false],
    ['draft', 'draft', true], ['draft', 'submitted', true], ['draft', 'returned', false],
    ['submitted', 'draft', false], ['submitted', 'submitted', true], ['submitted', 'returned', false],
    ['returned', 'draft', false], ['returned', 'submitted', true], ['returned', 'returned', true],
  ];
  for (const [from, to, allowed] of table) {
    it(`${from ?? 'new'} → ${to}: ${allowed ? 'allowed' : 'refused'}`, () => {
      assert.equal(deviceMayChangeStatus(from, to), allowed);
    });
  }

  it('lets the person edit drafts and returned applications only', () => {
    assert.equal(isEditable('draft'), true);
    assert.equal(isEditable('returned'), true);
    assert.equal(isEditable('submitted'), false);
  });
});

const tdp: PermitType = demoCatalog.permitTypes.find((type) => type.id === 'tdp')!;
const ADDRESS = { street: 'Jl. Jenderal Sudirman No. 12', village: 'Klandasan Ilir', district: 'Balikpapan Kota', city: 'Kota Balikpapan', province: 'Kalimantan Timur' };
const ref = (extra: Partial<DocumentRef> = {}): DocumentRef => ({
  fileId: 'file-00000001', fileName: 'ktp.jpg', mimeType: 'image/jpeg', size: 300 * 1024, sha256: 'a'.repeat(64), ...extra,
});

function tdpApplication(extra: Partial<ApplicationDoc> = {}, answers: Record<string, AnswerValue> = {}): ApplicationDoc {
  return {
    id: 'app-00000001',
    ownerId: 'user-1',
    permitTypeId: 'tdp',
    catalogVersion: demoCatalog.version,
    status: 'draft',
    answers: {
      applicantNik: '6471021708900003',
      applicantName: 'Siti Rahayu',
      applicantPhone: '081234567890',
      companyName: 'CV Maju Jaya',
      businessForm: 'cv',
      companyAddress: { ...ADDRESS },
      kbli: '47112',
      establishmentDate: '2018-03-12',
      employeeCount: 8,
      ...answers,
    },
    createdAt: '2026-03-17T08:00:00.000Z',
    updatedAt: 1_000,
    provisionalNumber: 'P-7KQ2-M9XD',
    documents: { ktp: ref(), npwp: ref({ fileId: 'file-00000002', fileName: 'npwp.pdf', mimeType: 'application/pdf' }) },
    ...extra,
  };
}

const paths = (problems: SubmissionProblem[]): string[] => problems.map((problem) => problem.path);

function assertBilingual(problems: SubmissionProblem[]): void {
  for (const problem of problems) {
    assert.ok(problem.message.id.length > 10, problem.path);
    assert.ok(problem.message.en.length > 10, problem.path);
    assert.notEqual(problem.message.id, problem.message.en, problem.path);
  }
}

describe('submissionProblems', () => {
  it('finds nothing in a complete application (partners optional, optional documents absent)', () => {
    assert.deepEqual(submissionProblems(tdp, tdpApplication(), false), []);
    assert.deepEqual(submissionProblems(tdp, tdpApplication({}, { partners: [{ name: 'Ahmad Fauzi', nik: '6471051708900002', position: 'active' }] }), false), []);
  });

  it('names every missing answer, every required document and the provisional number', () => {
    const { documents: _d, provisionalNumber: _p, ...empty } = tdpApplication();
    const problems = submissionProblems(tdp, { ...empty, answers: {} }, false);
    const required = tdp.fields.filter((field) => field.required).map((field) => `answers/${field.id}`);
    assert.deepEqual(paths(problems), [...required, 'documents/ktp', 'documents/npwp', 'provisionalNumber']);
    assert.ok(!paths(problems).includes('answers/partners'), 'an optional group may stay empty');
    assertBilingual(problems);
    const ktp = problems.find((problem) => problem.path === 'documents/ktp');
    assert.match(ktp?.message.id ?? '', /^KTP elektronik pemohon: dokumen wajib diunggah\.$/);
    assert.match(ktp?.message.en ?? '', /e-KTP.*: this document is required\.$/);
  });

  it('points into structured answers: the address part and the group item', () => {
    const problems = submissionProblems(tdp, tdpApplication({}, {
      companyAddress: { ...ADDRESS, district: '' },
      partners: [{ name: 'Ahmad Fauzi', nik: '6471051708900002', position: 'active' }, { name: 'Budi', nik: '123', position: 'active' }],
    }), false);
    assert.deepEqual(paths(problems), ['answers/companyAddress/district', 'answers/partners/1.nik']);
    assertBilingual(problems);
  });

  it('refuses documents of a type the requirement does not accept, or larger than it allows', () => {
    const wrongType = submissionProblems(tdp, tdpApplication({ documents: { ktp: ref({ mimeType: 'image/gif' }), npwp: ref() } }), false);
    assert.deepEqual(paths(wrongType), ['documents/ktp']);
    assert.match(wrongType[0]!.message.id, /image\/gif tidak diterima/);
    assert.match(wrongType[0]!.message.en, /image\/gif are not accepted/);

    const tooBig = submissionProblems(tdp, tdpApplication({ documents: { ktp: ref(), npwp: ref({ size: 2048 * 1024 + 1 }) } }), false);
    assert.deepEqual(paths(tooBig), ['documents/npwp']);
    assert.match(tooBig[0]!.message.id, /lebih dari 2048 KB/);
    assert.match(tooBig[0]!.message.en, /larger than 2048 KB/);
    assert.deepEqual(submissionProblems(tdp, tdpApplication({ documents: { ktp: ref(), npwp: ref({ size: 2048 * 1024 }) } }), false), [], 'at the limit');

    // Optional documents are checked too when present (the deed allows 5120 KB).
    const optional = submissionProblems(tdp, tdpApplication({
      documents: { ktp: ref(), npwp: ref(), deedOfEstablishment: ref({ size: 5120 * 1024 }), siupCopy: ref({ mimeType: 'text/html' }) },
    }), false);
    assert.deepEqual(paths(optional), ['documents/siupCopy']);
  });

  it('needs the old permit number for a change, renewal or re-registration', () => {
    for (const kind of ['change', 'renewal', 're-registration'] as const) {
      assert.deepEqual(paths(submissionProblems(tdp, tdpApplication({ kind }), false)), ['previousPermitNumber'], kind);
      assert.deepEqual(paths(submissionProblems(tdp, tdpApplication({ kind, previousPermitNumber: '  ' }), false)), ['previousPermitNumber'], kind);
      assert.deepEqual(submissionProblems(tdp, tdpApplication({ kind, previousPermitNumber: '503/0742/TDP/2018' }), false), [], kind);
    }
    assert.deepEqual(submissionProblems(tdp, tdpApplication({ kind: 'new' }), false), []);
    const [found] = submissionProblems(tdp, tdpApplication({ kind: 'renewal' }), false);
    assert.match(found?.message.en ?? '', /old permit number/);
  });

  it('for a booth filing, needs the citizen, the consent and a claim code', () => {
    const bare = submissionProblems(tdp, tdpApplication(), true);
    assert.deepEqual(paths(bare), ['citizen/nik', 'citizen/name', 'citizen/phone', 'citizen/address', 'consent', 'claimCode']);
    assertBilingual(bare);
    assert.deepEqual(submissionProblems(tdp, tdpApplication({ citizen: { name: 'x' } }), false), [], 'only booth filings are checked');

    const citizen = { nik: '6471055708900002', name: 'Siti Aminah', phone: '081234567890', address: { ...ADDRESS } };
    const complete = tdpApplication({ citizen, consentAt: '2026-03-17T08:05:00.000Z', claimCode: '4F7QX-K2M9D' });
    assert.deepEqual(submissionProblems(tdp, complete, true), []);
  });

  it('checks the citizen like any field: NIK, phone, address parts', () => {
    const base = { consentAt: '2026-03-17T08:05:00.000Z', claimCode: '4F7QX-K2M9D' };
    const nikProblems = submissionProblems(tdp, tdpApplication({ ...base, citizen: { nik: '64710557089000', name: 'Siti', phone: '081234567890', address: { ...ADDRESS } } }), true);
    assert.deepEqual(paths(nikProblems), ['citizen/nik']);
    assert.match(nikProblems[0]!.message.id, /^NIK warga: NIK harus tepat 16 angka/);
    assert.match(nikProblems[0]!.message.en, /^Citizen's NIK: NIK must be exactly 16 digits/);
    const province = submissionProblems(tdp, tdpApplication({ ...base, citizen: { nik: '9971055708900002', name: 'Siti', phone: '081234567890', address: { ...ADDRESS } } }), true);
    assert.match(province[0]?.message.en ?? '', /province code/);

    const others = submissionProblems(tdp, tdpApplication({ ...base, citizen: { nik: '6471055708900002', name: ' ', phone: '0211234567', address: { ...ADDRESS, city: '' } } }), true);
    assert.deepEqual(paths(others), ['citizen/name', 'citizen/phone', 'citizen/address/city']);
  });

  it('gives the citizen fields as copies', () => {
    const fields = citizenFields();
    assert.deepEqual(fields.map((field) => [field.id, field.kind, field.required]),
      [['nik', 'nik', true], ['name', 'text', true], ['phone', 'phone', true], ['address', 'address', true]]);
    fields[0]!.required = false;
    assert.equal(citizenFields()[0]!.required, true);
    assert.deepEqual(paths(submissionProblems(tdp, tdpApplication(), true)).slice(0, 1), ['citizen/nik']);
  });
});
