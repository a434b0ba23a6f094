import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AnswerValue, ApplicationWireDoc, DocumentRef } from '../../common/application-schema.js';
import { answersNotApplied, documentsNotApplied, mergeApplication, sameApplicationState, sameValue } from '../../common/merge.js';

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

describe('sameValue on structured answers', () => {
  const address = { street: 'Jl. Sudirman 12', village: 'Klandasan Ilir', district: 'Balikpapan Kota', city: 'Kota Balikpapan', province: 'Kalimantan Timur' };
  const partners = [{ name: 'Ahmad', nik: '6471051708900002', position: 'active' }, { name: 'Budi', nik: null, position: 'passive' }];

  it('compares addresses part by part, whatever the key order', () => {
    const reordered = Object.fromEntries(Object.entries(address).reverse());
    assert.equal(sameValue(address, reordered), true);
    assert.equal(sameValue(address, { ...address }), true);
    assert.equal(sameValue(address, { ...address, district: 'Balikpapan Selatan' }), false);
    assert.equal(sameValue(address, { ...address, postalCode: '76113' }), false, 'an added part');
    const { city: _city, ...withoutCity } = address;
    assert.equal(sameValue(address, withoutCity), false, 'a removed part');
    assert.equal(sameValue({ ...address, rtRw: undefined }, address), true, 'an undefined part is an absent part');
  });

  it('compares groups item by item, in order', () => {
    assert.equal(sameValue(partners, structuredClone(partners)), true);
    assert.equal(sameValue(partners, partners.map((item) => Object.fromEntries(Object.entries(item).reverse()))), true);
    assert.equal(sameValue(partners, [...partners].reverse()), false, 'the order of partners matters');
    assert.equal(sameValue(partners, partners.slice(0, 1)), false);
    assert.equal(sameValue(partners, [partners[0], { ...partners[1], nik: '' }]), false, 'null is not empty text');
    assert.equal(sameValue([], {}), false, 'an empty list is not an empty address');
    assert.equal(sameValue({ 0: 'a' }, ['a']), false);
  });

  it('makes sameApplicationState see inside structured answers', () => {
    const a = state({ companyAddress: address, partners });
    assert.equal(sameApplicationState(a, state({ partners: structuredClone(partners), companyAddress: { ...address } })), true);
    assert.equal(sameApplicationState(a, state({ partners, companyAddress: { ...address, street: 'Jl. Lain' } })), false);
    assert.equal(sameApplicationState(a, { ...a, citizen: { name: 'Siti' } }), false);
    assert.equal(sameApplicationState({ ...a, citizen: { name: 'Siti', address } }, { ...a, citizen: { address: { ...address }, name: 'Siti' } }), true);
  });
});

describe('mergeApplication: intake', () => {
  const address = { street: 'Jl. Sudirman 12', village: 'Klandasan Ilir', district: 'Balikpapan Kota', city: 'Kota Balikpapan', province: 'Kalimantan Timur' };
  const partners = [{ name: 'Ahmad', nik: '6471051708900002', position: 'active' }];
  const ref = (fileId: string): DocumentRef => ({ fileId, fileName: `${fileId}.jpg`, mimeType: 'image/jpeg', size: 1000, sha256: 'a'.repeat(64) });
  const base = state({ companyName: 'CV Jaya', companyAddress: address, partners }, { permitTypeId: 'tdp', updatedAt: 1_000 });

  it('keeps this device\'s submission whole when another device edited the draft meanwhile (never a mix the server would refuse)', () => {
    // The other device cleared a required answer; this one submitted the complete form.
    const server = state({ ...base.answers, companyName: '' }, { permitTypeId: 'tdp', updatedAt: 2_000, registrationNumber: '0001/TDP/11/2026' });
    const local = state(base.answers, {
      permitTypeId: 'tdp', updatedAt: 1_500, status: 'submitted', provisionalNumber: 'P-7KQ2-M9XD', submittedAt: '2026-11-22T10:00:00.000Z',
      registrationNumber: 'forged', documents: { ktp: ref('ktp-1') },
    });
    const merged = mergeApplication(base, server, local);
    assert.equal(merged.status, 'submitted');
    assert.deepEqual(merged.answers, base.answers, 'the answers the person submitted');
    assert.deepEqual(merged.documents, { ktp: ref('ktp-1') });
    assert.equal(merged.provisionalNumber, 'P-7KQ2-M9XD');
    assert.equal(merged.registrationNumber, '0001/TDP/11/2026', 'server-owned fields still come from the server');
    assert.equal(merged.updatedAt, 2_000);
  });

  it('treats an equal copy of an address or group as untouched, so the other side\'s edit is kept', () => {
    const server = state({ ...base.answers, companyAddress: { ...address, district: 'Balikpapan Selatan' }, partners: [...partners, { name: 'Budi', nik: '', position: 'passive' }] },
      { permitTypeId: 'tdp', updatedAt: 2_000 });
    // The device rebuilt its objects (key order changed) but the person changed only the company name.
    const local = state({
      companyName: 'CV Jaya Abadi',
      companyAddress: Object.fromEntries(Object.entries(address).reverse()),
      partners: structuredClone(partners),
    }, { permitTypeId: 'tdp', updatedAt: 1_500 });
    const merged = mergeApplication(base, server, local);
    assert.deepEqual(merged.answers, { companyName: 'CV Jaya Abadi', companyAddress: server.answers.companyAddress, partners: server.answers.partners });
  });

  it('takes a structured answer changed on this device as a whole (this device wins the answer)', () => {
    const server = state({ ...base.answers, companyAddress: { ...address, district: 'Balikpapan Selatan' } }, { permitTypeId: 'tdp', updatedAt: 2_000 });
    const local = state({ ...base.answers, companyAddress: { ...address, street: 'Jl. Ahmad Yani 3' } }, { permitTypeId: 'tdp', updatedAt: 1_500 });
    assert.deepEqual(mergeApplication(base, server, local).answers.companyAddress, { ...address, street: 'Jl. Ahmad Yani 3' });
  });

  it('takes the server\'s submitted state over local draft edits: a submitted application is locked', () => {
    const server = state(base.answers, {
      permitTypeId: 'tdp', status: 'submitted', provisionalNumber: 'P-7KQ2-M9XD', registrationNumber: '0001/TDP/11/2026', registeredAt: '2026-11-02T01:00:00.000Z', updatedAt: 2_000,
    });
    const local = state({ ...base.answers, companyName: 'CV Ketik Lagi' }, { permitTypeId: 'tdp', kind: 'renewal', updatedAt: 3_000 });
    assert.deepEqual(mergeApplication(base, server, local), server);
    assert.deepEqual(mergeApplication(undefined, server, local), server, 'without a base too');
    // This device's own submission arrived, but it lost the answer: the server's numbered state.
    const ownSubmission = { ...local, status: 'submitted' as const, provisionalNumber: 'P-7KQ2-M9XD' };
    assert.deepEqual(mergeApplication(base, server, ownSubmission), server);
  });

  it('after this device saw the submission, takes the server\'s later changes (its number) into an unchanged copy', () => {
    const submitted = state(base.answers, { permitTypeId: 'tdp', status: 'submitted', provisionalNumber: 'P-7KQ2-M9XD', updatedAt: 2_000 });
    const numbered = { ...submitted, registrationNumber: '0001/TDP/11/2026', registeredAt: '2026-11-02T01:00:00.000Z' };
    const merged = mergeApplication(submitted, numbered, submitted);
    assert.deepEqual(merged, numbered);
    // The office returned it; this device still has it submitted.
    const returned = { ...numbered, status: 'returned' as const, returnedAt: '2026-11-03T01:00:00.000Z', returnReasons: [{ fieldId: 'companyName', text: 'Salah' }], updatedAt: 3_000 };
    assert.deepEqual(mergeApplication(numbered, returned, numbered), returned);
  });

  it('always takes the server-owned fields from the server', () => {
    const server = state(base.answers, {
      permitTypeId: 'tdp', status: 'returned', registrationNumber: '0007/TDP/11/2026', registeredAt: '2026-11-02T01:00:00.000Z',
      returnedAt: '2026-11-03T01:00:00.000Z', returnReasons: [{ text: 'KTP buram' }], applicantId: 'citizen-1', updatedAt: 2_000,
    });
    const baseReturned = { ...server, updatedAt: 1_500 };
    const local: ApplicationWireDoc = {
      ...baseReturned, answers: { ...base.answers, companyName: 'CV Benar' }, registrationNumber: '9999/TDP/01/2020', returnReasons: [],
      applicantId: 'someone-else', updatedAt: 2_500,
    };
    delete local.returnedAt;
    delete local.registeredAt;
    for (const ancestor of [baseReturned, undefined]) {
      const merged = mergeApplication(ancestor, server, local);
      for (const field of ['registrationNumber', 'registeredAt', 'returnedAt', 'returnReasons', 'applicantId'] as const) {
        assert.deepEqual(merged[field], server[field], `${field} (base ${ancestor ? 'known' : 'unknown'})`);
      }
      assert.equal(merged.answers.companyName, 'CV Benar');
    }
    // A field the server does not have stays absent, whatever the device has.
    const plainServer = state(base.answers, { permitTypeId: 'tdp', updatedAt: 2_000 });
    const forging = { ...base, registrationNumber: '0001/TDP/01/2020', applicantId: 'me', updatedAt: 2_500 };
    const merged = mergeApplication(base, plainServer, forging);
    assert.equal('registrationNumber' in merged, false);
    assert.equal('applicantId' in merged, false);
  });

  it('takes the server-owned fields from the server even when one side deleted the document', () => {
    const server = state(base.answers, { permitTypeId: 'tdp', _deleted: true, updatedAt: 2_000 });
    const local = { ...base, registrationNumber: '0001/TDP/01/2020', returnReasons: [{ text: 'palsu' }], applicantId: 'someone', updatedAt: 2_500 };
    const merged = mergeApplication(base, server, local);
    assert.equal(merged._deleted, false);
    assert.equal(merged.registrationNumber, undefined);
    assert.equal(merged.returnReasons, undefined);
    assert.equal(merged.applicantId, undefined);
  });

  it('merges documents per requirement', () => {
    const withKtp = { ...base, documents: { ktp: ref('file-ktp-1') } };
    // Another device attached the NPWP; this one replaced the KTP photo.
    const server = { ...withKtp, documents: { ktp: ref('file-ktp-1'), npwp: ref('file-npwp-1') }, updatedAt: 2_000 };
    const local = { ...withKtp, documents: { ktp: ref('file-ktp-2') }, updatedAt: 2_500 };
    assert.deepEqual(mergeApplication(withKtp, server, local).documents, { ktp: ref('file-ktp-2'), npwp: ref('file-npwp-1') });
    // Both replaced the KTP: this device's file wins.
    const bothKtp = { ...server, documents: { ktp: ref('file-ktp-3'), npwp: ref('file-npwp-1') } };
    assert.deepEqual(mergeApplication(withKtp, bothKtp, local).documents, { ktp: ref('file-ktp-2'), npwp: ref('file-npwp-1') });
    // This device removed the KTP; the server's NPWP stays.
    const removed = { ...withKtp, documents: {}, updatedAt: 2_500 };
    assert.deepEqual(mergeApplication(withKtp, server, removed).documents, { npwp: ref('file-npwp-1') });
    // Nothing left on either side: no documents field at all.
    const merged = mergeApplication(withKtp, { ...withKtp, updatedAt: 2_000 }, removed);
    assert.equal('documents' in merged, false);
    // Without a base, both sides' files are kept, this device's first.
    assert.deepEqual(mergeApplication(undefined, server, local).documents, { ktp: ref('file-ktp-2'), npwp: ref('file-npwp-1') });
  });

  it('applies the three-way rule to status, kind and the citizen', () => {
    const citizen = { nik: '6471055708900002', name: 'Siti Aminah', phone: '081234567890', address };
    const boothBase = { ...base, citizen, kind: 'renewal' as const, previousPermitNumber: '503/1/TDP/2019' };
    // Another device changed the kind; this one corrected the citizen's phone: both kept.
    const server = { ...boothBase, kind: 'change' as const, updatedAt: 2_000 };
    const local = { ...boothBase, citizen: { ...citizen, phone: '081299990000' }, updatedAt: 2_500 };
    const merged = mergeApplication(boothBase, server, local);
    assert.equal(merged.kind, 'change');
    assert.deepEqual(merged.citizen, { ...citizen, phone: '081299990000' });
    // Both changed the kind: this device wins. The citizen is one value: the whole of it is this device's.
    const bothKind = mergeApplication(boothBase, { ...server, citizen: { ...citizen, name: 'Siti A.' } }, { ...local, kind: 're-registration' });
    assert.equal(bothKind.kind, 're-registration');
    assert.deepEqual(bothKind.citizen, { ...citizen, phone: '081299990000' });
    // Untouched here, changed there: the server's citizen; removed here: removed.
    assert.deepEqual(mergeApplication(boothBase, { ...server, citizen: { ...citizen, name: 'Siti A.' } }, boothBase).citizen, { ...citizen, name: 'Siti A.' });
    const { previousPermitNumber: _p, ...newAgain } = { ...boothBase, kind: 'new' as const, updatedAt: 2_500 };
    const cleared = mergeApplication(boothBase, server, newAgain);
    assert.equal(cleared.kind, 'new');
    assert.equal('previousPermitNumber' in cleared, false);

    // Status: this device submitted a draft the server still has as a draft (edited elsewhere).
    const draftServer = { ...base, answers: { ...base.answers, kbli: '47112' }, updatedAt: 2_000 };
    const submitting = { ...base, status: 'submitted' as const, provisionalNumber: 'P-7KQ2-M9XD', updatedAt: 2_500 };
    const submitted = mergeApplication(base, draftServer, submitting);
    assert.equal(submitted.status, 'submitted');
    assert.equal(submitted.provisionalNumber, 'P-7KQ2-M9XD');
    // What the person checked and submitted stands whole (a mix could be incomplete, see above).
    assert.equal(submitted.answers.kbli, base.answers.kbli);
    // The office returned it, this device had not touched the status: returned.
    const numbered = { ...base, status: 'submitted' as const, registrationNumber: '0001/TDP/11/2026' };
    const returned = { ...numbered, status: 'returned' as const, returnReasons: [{ text: 'x' }], updatedAt: 3_000 };
    assert.equal(mergeApplication(numbered, returned, numbered).status, 'returned');
    // Returned: this device resubmitted while another saved a correction (still returned): the resubmission stands whole.
    const otherCorrection = { ...returned, answers: { ...returned.answers, kbli: '47111' }, updatedAt: 3_500 };
    const resubmitting = { ...returned, status: 'submitted' as const, answers: { ...returned.answers, companyName: 'CV Benar' }, updatedAt: 4_000 };
    const both = mergeApplication(returned, otherCorrection, resubmitting);
    assert.equal(both.status, 'submitted');
    assert.deepEqual([both.answers.kbli, both.answers.companyName], [returned.answers.kbli, 'CV Benar']);
    assert.deepEqual(both.returnReasons, [{ text: 'x' }], 'the server drops the reasons when it stores the resubmission, not the merge');
  });
});

describe('answersNotApplied', () => {
  const base = state({ companyName: 'CV Jaya', kbli: '47112' }, { updatedAt: 1_000 });

  it('names the answers typed here that a submission made elsewhere first left out', () => {
    const server = state({ companyName: 'CV Jaya', kbli: '47112' }, { status: 'submitted', submittedAt: '2024-03-17T09:00:00.000Z', updatedAt: 1_100 });
    const local = state({ companyName: 'CV Jaya Cabang', kbli: '47112', mainGoods: 'Sembako' }, { updatedAt: 1_500 });
    const merged = mergeApplication(base, server, local);
    assert.equal(merged.status, 'submitted', 'the submitted form stands');
    assert.deepEqual(answersNotApplied(base, local, merged), { companyName: 'CV Jaya Cabang', mainGoods: 'Sembako' });
  });

  it('names nothing when every edit made here is in the merge, or when nothing was typed here', () => {
    const server = state({ companyName: 'CV Jaya', kbli: '47111' }, { updatedAt: 2_000 });
    const local = state({ companyName: 'CV Jaya Abadi', kbli: '47112' }, { updatedAt: 1_500 });
    assert.deepEqual(answersNotApplied(base, local, mergeApplication(base, server, local)), {});
    const untouched = state({ ...base.answers }, { updatedAt: 1_000 });
    const submitted = state({ companyName: 'CV Lain', kbli: '47112' }, { status: 'submitted', updatedAt: 3_000 });
    assert.deepEqual(answersNotApplied(base, untouched, mergeApplication(base, submitted, untouched)), {}, 'the server\'s own change is no loss');
  });

  it('without a base, every answer this device holds that the merge left out counts', () => {
    const server = state({ companyName: 'CV Server' }, { status: 'submitted', updatedAt: 2_000 });
    const local = state({ companyName: 'CV Lokal' }, { updatedAt: 1_500 });
    assert.deepEqual(answersNotApplied(undefined, local, mergeApplication(undefined, server, local)), { companyName: 'CV Lokal' });
  });
});

describe('documentsNotApplied', () => {
  const ref = (fileId: string) => ({ fileId, fileName: `${fileId}.jpg`, mimeType: 'image/jpeg', size: 600, sha256: 'a'.repeat(64) });
  const base = state({ companyName: 'CV Jaya' }, { documents: { ktp: ref('ktp-1'), npwp: ref('npwp-1') }, updatedAt: 1_000 });
  const server = state({ companyName: 'CV Jaya' }, { status: 'submitted', documents: { ktp: ref('ktp-1'), npwp: ref('npwp-1') }, updatedAt: 1_100 });

  it('names the documents chosen here that the submitted form does not name: a new photo and a replaced one', () => {
    const local = state({ companyName: 'CV Jaya' }, { documents: { ktp: ref('ktp-2'), npwp: ref('npwp-1'), siteMap: ref('map-1') }, updatedAt: 1_500 });
    assert.deepEqual(documentsNotApplied(base, local, server), { ktp: ref('ktp-2'), siteMap: ref('map-1') });
  });

  it('names nothing when nothing was chosen here, or when the merge carries what was', () => {
    const untouched = state({ companyName: 'CV Jaya' }, { documents: { ktp: ref('ktp-1'), npwp: ref('npwp-1') }, updatedAt: 1_000 });
    assert.deepEqual(documentsNotApplied(base, untouched, server), {});
    const local = state({ companyName: 'CV Jaya' }, { documents: { ktp: ref('ktp-2') }, updatedAt: 1_500 });
    const carried = state({ companyName: 'CV Jaya' }, { status: 'submitted', documents: { ktp: ref('ktp-2') }, updatedAt: 1_600 });
    assert.deepEqual(documentsNotApplied(base, local, carried), {});
  });

  it('without a base (a draft never pulled), every document of this device that the merge lacks', () => {
    const local = state({}, { documents: { ktp: ref('ktp-9') }, updatedAt: 1_500 });
    assert.deepEqual(documentsNotApplied(undefined, local, server), { ktp: ref('ktp-9') });
  });
});
