/**
 * Who reads what, as a table: every kind of document (an application in each status, an action of
 * each kind) against an account of every role and relation (owner, claimant, stranger, the routed
 * agencies, another agency), with the expected answer written out by hand.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { APPLICATION_STATUSES, type ApplicationDoc, type ApplicationStatus } from '../../common/application-schema.js';
import type { OfficeActionDoc } from '../../common/office-action-schema.js';
import { historyAccess, seesWholeHistory, type HistoryAccess } from '../../common/access/history-access.js';
import {
  actionIsForApplicant, actionReaders, applicationReaders, isApplicantOf, keysMayRead, lostReaders, mayClaim, mayRead,
  mayWriteApplication, readerKeysOf, reviewingAgencyOf, type Account,
} from '../../common/access/readers.js';

const accounts = {
  owner: { userId: 'u-owner-1', role: 'applicant' },
  claimant: { userId: 'u-citizen-1', role: 'applicant' },
  stranger: { userId: 'u-stranger-1', role: 'applicant' },
  booth: { userId: 'u-booth-1', role: 'booth-staff', boothId: 'mps-01' },
  front: { userId: 'u-front-1', role: 'front-office' },
  admin: { userId: 'u-admin-1', role: 'admin' },
  pupr: { userId: 'u-reviewer-pupr', role: 'agency-reviewer', agencyId: 'dinas-pupr' },
  bapenda: { userId: 'u-reviewer-bapenda', role: 'agency-reviewer', agencyId: 'bapenda' },
  otherAgency: { userId: 'u-reviewer-kes', role: 'agency-reviewer', agencyId: 'dinas-kesehatan' },
  inspector: { userId: 'u-inspector-1', role: 'inspector' },
  // A reviewer not (yet) given an agency, and a former reviewer of a routed agency now an inspector (the field stays).
  noAgency: { userId: 'u-reviewer-none', role: 'agency-reviewer' },
  movedReviewer: { userId: 'u-moved-insp', role: 'inspector', agencyId: 'dinas-pupr' },
} satisfies Record<string, Account>;
type Who = keyof typeof accounts;
const EVERYONE = Object.keys(accounts) as Who[];

function application(status: ApplicationStatus, extra: Partial<ApplicationDoc> = {}): ApplicationDoc {
  return {
    id: `app-${status}-0001`, ownerId: accounts.owner.userId, applicantId: accounts.claimant.userId, permitTypeId: 'reklame',
    catalogVersion: 5, status, answers: {}, createdAt: '2026-11-20T01:00:00.000Z', updatedAt: 1,
    ...(status === 'draft' || status === 'submitted' || status === 'returned' ? {} : { routedAgencies: ['dinas-pupr', 'bapenda'] }),
    ...extra,
  };
}

function action(kind: OfficeActionDoc['kind'], actor: Account, extra: Partial<OfficeActionDoc> = {}): OfficeActionDoc {
  return {
    id: `act-${kind}-0001`, applicationId: 'app-in-review-0001', kind, actorId: actor.userId, createdAt: '2026-12-01T01:00:00.000Z',
    updatedAt: 2, basedOnStatus: 'in-review', ...extra,
  };
}

const APPLICANTS: Who[] = ['owner', 'claimant'];
const OFFICE: Who[] = ['front', 'admin'];
const ROUTED: Who[] = ['pupr', 'bapenda'];

describe('reader keys of an account', () => {
  it('holds its user and role keys, an agency key only as a reviewer and a booth key only as booth staff', () => {
    assert.deepEqual(readerKeysOf(accounts.owner), ['user:u-owner-1', 'role:applicant']);
    assert.deepEqual(readerKeysOf(accounts.pupr), ['user:u-reviewer-pupr', 'role:agency-reviewer', 'agency:dinas-pupr']);
    assert.deepEqual(readerKeysOf(accounts.booth), ['user:u-booth-1', 'role:booth-staff', 'booth:mps-01']);
    // A reviewer moved to the front office keeps the field on the account, not the agency's reach.
    assert.deepEqual(readerKeysOf({ userId: 'u-moved-1', role: 'front-office', agencyId: 'dinas-pupr', boothId: 'mps-01' }),
      ['user:u-moved-1', 'role:front-office']);
    assert.deepEqual(readerKeysOf(accounts.noAgency), ['user:u-reviewer-none', 'role:agency-reviewer']);
  });

  it('reviews for an agency only as a reviewer with an agency', () => {
    const EXPECTED: Partial<Record<Who, string>> = { pupr: 'dinas-pupr', bapenda: 'bapenda', otherAgency: 'dinas-kesehatan' };
    for (const who of EVERYONE) assert.equal(reviewingAgencyOf(accounts[who]), EXPECTED[who], who);
  });

  it('answers with its keys as mayRead answers with the account (the pull takes the keys once per page)', () => {
    const readerSets = [...APPLICATION_STATUSES.map((status) => applicationReaders(application(status))), [], ['booth:mps-01'], ['']];
    for (const who of EVERYONE) {
      for (const readers of readerSets) assert.equal(keysMayRead(readerKeysOf(accounts[who]), readers), mayRead(accounts[who], readers), `${who}: ${readers.join(',')}`);
    }
  });
});

describe('who reads an application, in each status', () => {
  const EXPECTED: Record<ApplicationStatus, Who[]> = {
    draft: APPLICANTS,
    submitted: [...APPLICANTS, ...OFFICE],
    returned: [...APPLICANTS, ...OFFICE],
    'in-review': [...APPLICANTS, ...OFFICE, ...ROUTED],
    'needs-information': [...APPLICANTS, ...OFFICE, ...ROUTED],
    reviewed: [...APPLICANTS, ...OFFICE, ...ROUTED],
  };
  for (const status of APPLICATION_STATUSES) {
    for (const who of EVERYONE) {
      const expected = EXPECTED[status].includes(who);
      it(`${status}: ${who} ${expected ? 'reads' : 'does not read'} it`, () => {
        assert.equal(mayRead(accounts[who], applicationReaders(application(status))), expected);
      });
    }
  }

  it('gives a draft to its owner only, and an unclaimed filing to no citizen', () => {
    assert.deepEqual(applicationReaders(application('draft', { applicantId: undefined })), ['user:u-owner-1']);
    assert.deepEqual(applicationReaders(application('submitted', { applicantId: undefined })), ['user:u-owner-1', 'role:front-office', 'role:admin']);
  });

  it('takes the application away from an agency routed away (a former reader to send a tombstone)', () => {
    const before = applicationReaders(application('in-review'));
    const after = applicationReaders(application('in-review', { routedAgencies: ['dinas-pupr'] }));
    assert.deepEqual(lostReaders(before, after), ['agency:bapenda']);
    assert.equal(mayRead(accounts.bapenda, after), false);
    assert.equal(mayRead(accounts.pupr, after), true);
  });

  it('never lets another agency\'s key read, whatever the status', () => {
    for (const status of APPLICATION_STATUSES) {
      assert.equal(mayRead(accounts.otherAgency, applicationReaders(application(status))), false, status);
      assert.ok(!applicationReaders(application(status)).includes('agency:dinas-kesehatan'), status);
    }
  });
});

describe('who reads an action, by kind', () => {
  const inReview = application('in-review');
  const cases: { name: string; action: OfficeActionDoc; readers: Who[] }[] = [
    { name: 'an internal note of an agency', action: action('note', accounts.pupr, { text: 'Cek jarak ke persimpangan', internal: true }), readers: [...OFFICE, ...ROUTED] },
    { name: 'a note not marked internal', action: action('note', accounts.front, { text: 'Berkas asli sudah dilihat', internal: false }), readers: [...OFFICE, ...ROUTED] },
    { name: 'an acceptance', action: action('accept', accounts.front, { basedOnStatus: 'submitted' }), readers: [...OFFICE, ...ROUTED] },
    { name: 'a return', action: action('return', accounts.front, { reasons: [{ text: 'KTP buram' }], basedOnStatus: 'submitted' }), readers: [...APPLICANTS, ...OFFICE, ...ROUTED] },
    { name: 'a refused return', action: action('return', accounts.front, { reasons: [{ text: 'KTP buram' }], outcome: 'refused' }), readers: [...OFFICE, ...ROUTED] },
    { name: 'an approval', action: action('recommend', accounts.bapenda, { recommendation: 'approve' }), readers: [...OFFICE, ...ROUTED] },
    { name: 'a rejection', action: action('recommend', accounts.bapenda, { recommendation: 'reject' }), readers: [...OFFICE, ...ROUTED] },
    { name: 'a question (needs information)', action: action('recommend', accounts.bapenda, { recommendation: 'needs-information', question: 'Ukuran?' }), readers: [...APPLICANTS, ...OFFICE, ...ROUTED] },
    { name: 'an answer by the claimant', action: action('answer', accounts.claimant, { text: '4 x 6 m', basedOnStatus: 'needs-information' }), readers: [...APPLICANTS, ...OFFICE, ...ROUTED] },
    { name: 'a reroute', action: action('reroute', accounts.admin, { agencies: ['dinas-pupr', 'bapenda'] }), readers: [...OFFICE, ...ROUTED] },
  ];
  for (const { name, action: made, readers } of cases) {
    for (const who of EVERYONE) {
      const expected = readers.includes(who) || made.actorId === accounts[who].userId;
      it(`${name}: ${who} ${expected ? 'reads' : 'does not read'} it`, () => {
        assert.equal(mayRead(accounts[who], actionReaders(made, inReview)), expected);
      });
    }
  }

  it('never gives a note to the applicant, internal or not, nor to the claimant', () => {
    for (const internal of [true, false, undefined]) {
      const readers = actionReaders(action('note', accounts.front, { text: 'x', internal }), inReview);
      assert.ok(!readers.includes('user:u-owner-1') && !readers.includes('user:u-citizen-1'), `internal: ${internal}`);
      assert.equal(actionIsForApplicant(action('note', accounts.front, { internal })), false);
    }
  });

  it('keeps an agency\'s actions from agencies not routed, and from a routed agency once the application left review', () => {
    const note = action('note', accounts.pupr, { text: 'x', internal: true });
    assert.equal(mayRead(accounts.otherAgency, actionReaders(note, inReview)), false);
    const returned = application('returned', { routedAgencies: ['dinas-pupr', 'bapenda'] });
    assert.equal(mayRead(accounts.bapenda, actionReaders(note, returned)), false, 'agencies read only while the application is with them');
    assert.equal(mayRead(accounts.pupr, actionReaders(note, returned)), true, 'the author always reads their own action');
  });

  it('gives an action without its application (not arrived yet) to its actor and the office only', () => {
    assert.deepEqual(actionReaders(action('answer', accounts.owner), undefined), ['user:u-owner-1', 'role:front-office', 'role:admin']);
  });
});

describe('who files, claims and writes an application from a device', () => {
  const stored = application('submitted');
  const cases: { name: string; answer: (account: Account) => boolean; yes: Who[] }[] = [
    { name: 'is its applicant (owner or claimant)', answer: (account) => isApplicantOf(account, stored), yes: APPLICANTS },
    { name: 'is its applicant while unclaimed', answer: (account) => isApplicantOf(account, { ...stored, applicantId: undefined }), yes: ['owner'] },
    { name: 'writes the stored application', answer: (account) => mayWriteApplication(account, stored, stored), yes: APPLICANTS },
    { name: 'writes the stored one, whatever owner the row names', answer: (account) => mayWriteApplication(account, stored, { ownerId: account.userId }), yes: APPLICANTS },
    { name: 'creates one under its own name', answer: (account) => mayWriteApplication(account, undefined, { ownerId: account.userId }), yes: EVERYONE },
    { name: 'creates one under the owner\'s name', answer: (account) => mayWriteApplication(account, undefined, { ownerId: accounts.owner.userId }), yes: ['owner'] },
    // The row's applicantId is the server's to set: naming oneself claimant of a new one is no right to write it.
    {
      name: 'creates one under the owner\'s name naming itself claimant',
      answer: (account) => mayWriteApplication(account, undefined, application('draft', { applicantId: account.userId })), yes: ['owner'],
    },
    { name: 'claims a booth\'s filing', answer: mayClaim, yes: ['owner', 'claimant', 'stranger'] },
  ];
  for (const { name, answer, yes } of cases) {
    for (const who of EVERYONE) {
      const expected = yes.includes(who);
      it(`${who} ${expected ? '' : 'never '}${name}`, () => assert.equal(answer(accounts[who]), expected));
    }
  }
});

describe('how much of an application\'s history each account reads', () => {
  const W: HistoryAccess = 'whole';
  const S: HistoryAccess = 'stages';
  const routedPupr = ['dinas-pupr'];
  const situations: { name: string; doc: ApplicationDoc; access: Partial<Record<Who, HistoryAccess>> }[] = [
    { name: 'a draft', doc: application('draft'), access: {} },
    { name: 'a draft routed somehow', doc: application('draft', { routedAgencies: routedPupr }), access: {} },
    { name: 'submitted', doc: application('submitted'), access: { owner: S, claimant: S, front: W, admin: W } },
    { name: 'submitted, unclaimed', doc: application('submitted', { applicantId: undefined }), access: { owner: S, front: W, admin: W } },
    { name: 'returned', doc: application('returned'), access: { owner: S, claimant: S, front: W, admin: W } },
    ...(['in-review', 'needs-information', 'reviewed'] as const).map((status) => ({
      name: `${status}, routed to two agencies`, doc: application(status), access: { owner: S, claimant: S, front: W, admin: W, pupr: W, bapenda: W },
    })),
    { name: 'in review, rerouted away from bapenda', doc: application('in-review', { routedAgencies: routedPupr }), access: { owner: S, claimant: S, front: W, admin: W, pupr: W } },
    // The routing alone gives the agency the history, not the status (applicationReaders asks both).
    { name: 'returned with its routing kept', doc: application('returned', { routedAgencies: routedPupr }), access: { owner: S, claimant: S, front: W, admin: W, pupr: W } },
    { name: 'filed by the booth for a citizen', doc: application('submitted', { ownerId: accounts.booth.userId }), access: { booth: S, claimant: S, front: W, admin: W } },
    { name: 'filed by front-office staff for themselves', doc: application('submitted', { ownerId: accounts.front.userId, applicantId: undefined }), access: { front: W, admin: W } },
    { name: 'claimed by a reviewer of a routed agency', doc: application('in-review', { applicantId: accounts.pupr.userId }), access: { owner: S, front: W, admin: W, pupr: W, bapenda: W } },
    { name: 'claimed by a reviewer of another agency', doc: application('in-review', { applicantId: accounts.otherAgency.userId }), access: { owner: S, otherAgency: S, front: W, admin: W, pupr: W, bapenda: W } },
  ];
  for (const { name, doc, access } of situations) {
    for (const who of EVERYONE) {
      const expected = access[who] ?? 'none';
      it(`${name}: ${who} reads ${expected}`, () => {
        assert.equal(historyAccess(accounts[who], doc), expected);
        // seesWholeHistory is the same rule without the draft's exception.
        if (doc.status !== 'draft') assert.equal(seesWholeHistory(accounts[who], doc), expected === 'whole');
      });
    }
  }
});
