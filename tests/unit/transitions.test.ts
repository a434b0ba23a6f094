/**
 * The transition table, tested as a table: every (role, status, action) with the outcome written
 * out here by hand (not computed from the table under test), then the guards one by one.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { APPLICATION_STATUSES, type ApplicationDoc, type ApplicationStatus } from '../../common/application-schema.js';
import { OFFICE_ACTION_KINDS, ROLES, type OfficeActionDoc, type OfficeActionKind } from '../../common/office-action-schema.js';
import type { Role } from '../../common/sync-protocol.js';
import type { Account } from '../../common/access/readers.js';
import {
  TRANSITIONS, allowedActions, decide, intakeChanges, withChanges, type Decision, type Refusal, type RoutingPermitType,
} from '../../common/workflow/transitions.js';
import { changedSinceReturn, deviceMayChangeStatus } from '../../common/workflow.js';

const NOW = Date.parse('2026-12-01T03:00:00.000Z');
const OWNER = 'u-applicant-1';
const REKLAME: RoutingPermitType = { id: 'reklame', reviewAgencyIds: ['dinas-pupr', 'bapenda'] };

let counter = 0;
const freshId = (prefix: string): string => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36).padStart(4, '0')}`;

/** One account per role; the applicant owns the applications below, the reviewer is with bapenda. */
const ACCOUNTS: Record<Role, Account> = {
  applicant: { userId: OWNER, role: 'applicant' },
  'booth-staff': { userId: 'u-booth-1', role: 'booth-staff', boothId: 'mps-01' },
  'front-office': { userId: 'u-front-1', role: 'front-office' },
  'agency-reviewer': { userId: 'u-reviewer-bapenda', role: 'agency-reviewer', agencyId: 'bapenda' },
  inspector: { userId: 'u-inspector-1', role: 'inspector' },
  admin: { userId: 'u-admin-1', role: 'admin' },
};

/** An application in each status as the office would find it (the reviewer's agency routed, not yet recommended). */
function applicationIn(status: ApplicationStatus, extra: Partial<ApplicationDoc> = {}): ApplicationDoc {
  const base: ApplicationDoc = {
    id: freshId('app'), ownerId: OWNER, permitTypeId: 'reklame', catalogVersion: 5, status, answers: {},
    createdAt: '2026-11-20T01:00:00.000Z', updatedAt: Date.parse('2026-11-25T01:00:00.000Z'),
    stages: [{ stage: 'draft', at: '2026-11-20T01:00:00.000Z' }],
  };
  if (status !== 'draft') base.stages = [...(base.stages ?? []), { stage: 'submitted', at: '2026-11-21T01:00:00.000Z' }];
  if (status === 'returned') base.clockStops = [{ from: '2026-11-22T01:00:00.000Z' }];
  if (status === 'in-review' || status === 'needs-information' || status === 'reviewed') {
    base.routedAgencies = ['dinas-pupr', 'bapenda'];
    base.recommendedAgencies = status === 'reviewed' ? ['dinas-pupr', 'bapenda'] : [];
    base.acceptedAt = '2026-11-22T01:00:00.000Z';
  }
  if (status === 'needs-information') {
    base.openQuestion = { actionId: 'act-question-0001', agencyId: 'dinas-pupr', text: 'Berapa ukuran papan?', askedAt: '2026-11-23T01:00:00.000Z' };
    base.clockStops = [{ from: '2026-11-23T01:00:00.000Z' }];
  }
  if (status === 'reviewed') base.reviewedAt = '2026-11-24T01:00:00.000Z';
  return { ...base, ...extra };
}

/** A complete action of each kind, as the device would make it. */
function actionOf(kind: OfficeActionKind, account: Account, application: ApplicationDoc, extra: Partial<OfficeActionDoc> = {}): OfficeActionDoc {
  const content: Record<OfficeActionKind, Partial<OfficeActionDoc>> = {
    accept: { checks: [{ itemId: 'ktp', ok: true }, { itemId: 'designImage', ok: true }] },
    return: { checks: [{ itemId: 'ktp', ok: false, text: 'Buram' }], reasons: [{ fieldId: 'ktp', text: 'Foto KTP buram' }] },
    note: { text: 'Lokasi sudah dicek di peta.', internal: true },
    recommend: { recommendation: 'approve' },
    answer: { text: 'Ukurannya 4 x 6 meter.' },
    reroute: { agencies: ['dinas-pupr', 'bapenda'] },
  };
  return {
    id: freshId('act'), applicationId: application.id, kind, actorId: account.userId, createdAt: '2026-12-01T02:59:00.000Z',
    updatedAt: NOW - 60_000, basedOnStatus: application.status, ...content[kind], ...extra,
  };
}

const OFFICE: Role[] = ['front-office', 'admin'];
/** The roles that may ever take each action (anything else: `role-not-allowed`). */
const KIND_ROLES: Record<OfficeActionKind, readonly Role[]> = {
  accept: OFFICE, return: OFFICE, reroute: OFFICE, note: [...OFFICE, 'agency-reviewer'], recommend: ['agency-reviewer'], answer: ROLES,
};

/**
 * The expected outcome of each (status, action): the roles it is allowed to (with the status it
 * leads to), and the code every other role that may ever take the action gets. A missing cell:
 * nobody, `not-allowed-now`.
 */
const EXPECTED: Record<ApplicationStatus, Partial<Record<OfficeActionKind, { allowed: Role[]; to?: ApplicationStatus; otherwise: string }>>> = {
  draft: {},
  submitted: {
    accept: { allowed: OFFICE, to: 'in-review', otherwise: 'role-not-allowed' },
    return: { allowed: OFFICE, to: 'returned', otherwise: 'role-not-allowed' },
    note: { allowed: OFFICE, to: 'submitted', otherwise: 'role-not-allowed' },
    answer: { allowed: [], otherwise: 'not-allowed-now' },
  },
  returned: {
    note: { allowed: OFFICE, to: 'returned', otherwise: 'role-not-allowed' },
  },
  'in-review': {
    recommend: { allowed: ['agency-reviewer'], to: 'in-review', otherwise: 'role-not-allowed' },
    reroute: { allowed: OFFICE, to: 'in-review', otherwise: 'role-not-allowed' },
    note: { allowed: [...OFFICE, 'agency-reviewer'], to: 'in-review', otherwise: 'role-not-allowed' },
  },
  'needs-information': {
    // The reviewer is with bapenda; the open question is dinas-pupr's, so bapenda may still recommend.
    recommend: { allowed: ['agency-reviewer'], to: 'needs-information', otherwise: 'role-not-allowed' },
    answer: { allowed: ['applicant'], to: 'in-review', otherwise: 'not-your-application' },
    note: { allowed: [...OFFICE, 'agency-reviewer'], to: 'needs-information', otherwise: 'role-not-allowed' },
  },
  reviewed: {
    reroute: { allowed: OFFICE, to: 'reviewed', otherwise: 'role-not-allowed' },
    note: { allowed: [...OFFICE, 'agency-reviewer'], to: 'reviewed', otherwise: 'role-not-allowed' },
  },
};

function refused(result: Decision | Refusal): Refusal {
  assert.equal(result.ok, false, `expected a refusal, got ${JSON.stringify(result)}`);
  return result as Refusal;
}

function applied(result: Decision | Refusal): Decision {
  assert.equal(result.ok, true, `expected it applied, got ${JSON.stringify(result)}`);
  return result as Decision;
}

describe('every (role, status, action)', () => {
  for (const status of APPLICATION_STATUSES) {
    for (const kind of OFFICE_ACTION_KINDS) {
      for (const role of ROLES) {
        const cell = EXPECTED[status][kind];
        const allowed = cell?.allowed.includes(role) ?? false;
        const code = !KIND_ROLES[kind].includes(role) ? 'role-not-allowed' : cell?.otherwise ?? 'not-allowed-now';
        it(`${role} · ${status} · ${kind}: ${allowed ? `allowed → ${cell?.to}` : `refused (${code})`}`, () => {
          const account = ACCOUNTS[role];
          const application = applicationIn(status);
          const result = decide(account, application, actionOf(kind, account, application), REKLAME, { now: NOW });
          if (allowed) {
            assert.equal(applied(result).status, cell?.to);
          } else {
            assert.equal(refused(result).code, code);
          }
          assert.equal(allowedActions(account, application).includes(kind), allowed, 'the device offers exactly what the server accepts');
        });
      }
    }
  }

  it('enumerates 216 combinations and every status is covered', () => {
    assert.equal(APPLICATION_STATUSES.length * OFFICE_ACTION_KINDS.length * ROLES.length, 216);
    assert.deepEqual(Object.keys(EXPECTED).sort(), [...APPLICATION_STATUSES].sort());
  });
});

describe('intake moves are rows of the same table', () => {
  const table: [ApplicationStatus | undefined, ApplicationStatus, boolean][] = [];
  const deviceMoves: Record<ApplicationStatus | 'new', ApplicationStatus[]> = {
    new: ['draft', 'submitted'],
    draft: ['draft', 'submitted'],
    submitted: ['submitted'],
    returned: ['returned', 'submitted'],
    'in-review': ['in-review'],
    'needs-information': ['needs-information'],
    reviewed: ['reviewed'],
  };
  for (const from of [undefined, ...APPLICATION_STATUSES]) {
    for (const to of APPLICATION_STATUSES) table.push([from, to, deviceMoves[from ?? 'new'].includes(to)]);
  }
  for (const [from, to, allowed] of table) {
    it(`a device ${allowed ? 'may' : 'may not'} write ${from ?? 'new'} → ${to}`, () => {
      assert.equal(deviceMayChangeStatus(from, to), allowed);
    });
  }

  it('has device rows only for the applicant\'s moves; the office never changes a status by writing the document', () => {
    for (const row of TRANSITIONS.filter((candidate) => candidate.by === 'device')) {
      assert.ok(['create', 'save', 'submit', 'resubmit'].includes(row.action), `device row ${row.from} ${row.action}`);
    }
    for (const row of TRANSITIONS.filter((candidate) => candidate.by === 'action')) {
      assert.ok((OFFICE_ACTION_KINDS as readonly string[]).includes(row.action), `action row ${row.from} ${row.action}`);
    }
  });

  it('records the stage a submission enters and closes the clock stop on a resubmission', () => {
    const draft = applicationIn('draft');
    const submitted = intakeChanges(draft, 'submitted', NOW);
    assert.deepEqual(submitted.stages?.at(-1), { stage: 'submitted', at: new Date(NOW).toISOString() });
    assert.equal(submitted.clockStops, undefined, 'no clock runs or stops for a first submission');

    const returned = applicationIn('returned');
    const resubmitted = intakeChanges(returned, 'submitted', NOW);
    assert.deepEqual(resubmitted.clockStops, [{ from: '2026-11-22T01:00:00.000Z', to: new Date(NOW).toISOString() }]);
    assert.equal(resubmitted.stages?.length, (returned.stages?.length ?? 0) + 1);

    assert.deepEqual(intakeChanges(draft, 'draft', NOW), {}, 'a save changes no stage');
    assert.deepEqual(intakeChanges(undefined, 'draft', NOW).stages, [{ stage: 'draft', at: new Date(NOW).toISOString() }]);
  });
});

describe('guards', () => {
  const front = ACCOUNTS['front-office'];
  const bapenda = ACCOUNTS['agency-reviewer'];
  const pupr: Account = { userId: 'u-reviewer-pupr', role: 'agency-reviewer', agencyId: 'dinas-pupr' };
  const kesehatan: Account = { userId: 'u-reviewer-kes', role: 'agency-reviewer', agencyId: 'dinas-kesehatan' };

  it('refuses a reviewer of an agency the application is not routed to, and offers it nothing', () => {
    const application = applicationIn('in-review');
    assert.equal(refused(decide(kesehatan, application, actionOf('recommend', kesehatan, application), REKLAME, { now: NOW })).code, 'not-your-agency');
    assert.equal(refused(decide(kesehatan, application, actionOf('note', kesehatan, application), REKLAME, { now: NOW })).code, 'not-your-agency');
    assert.deepEqual(allowedActions(kesehatan, application), []);
    const noAgency: Account = { userId: 'u-reviewer-none', role: 'agency-reviewer' };
    assert.equal(refused(decide(noAgency, application, actionOf('recommend', noAgency, application), REKLAME, { now: NOW })).code, 'not-your-agency');
  });

  it('refuses a second recommendation from the same agency in a round', () => {
    const application = applicationIn('in-review', { recommendedAgencies: ['bapenda'] });
    const again = actionOf('recommend', bapenda, application, { recommendation: 'reject' });
    assert.equal(refused(decide(bapenda, application, again, REKLAME, { now: NOW })).code, 'already-recommended');
    assert.ok(!allowedActions(bapenda, application).includes('recommend'), 'the device does not offer a second recommendation');
  });

  it('moves on to reviewed with the last routed agency\'s recommendation, and only then', () => {
    const application = applicationIn('in-review');
    const first = applied(decide(bapenda, application, actionOf('recommend', bapenda, application), REKLAME, { now: NOW }));
    assert.equal(first.status, 'in-review');
    assert.deepEqual(first.changes.recommendedAgencies, ['bapenda']);
    assert.equal(first.changes.reviewedAt, undefined);
    const afterFirst = { ...application, ...first.changes };
    const last = applied(decide(pupr, afterFirst, actionOf('recommend', pupr, afterFirst, { recommendation: 'approve-with-conditions', conditions: 'Tinggi paling 6 m' }), REKLAME, { now: NOW + 1000 }));
    assert.equal(last.status, 'reviewed');
    assert.deepEqual(last.changes.recommendedAgencies, ['bapenda', 'dinas-pupr']);
    assert.equal(last.changes.reviewedAt, new Date(NOW + 1000).toISOString());
    assert.deepEqual(last.changes.stages?.at(-1), { stage: 'reviewed', at: new Date(NOW + 1000).toISOString() });
  });

  it('refuses a stale action: the application moved on since the person saw it', () => {
    const application = applicationIn('in-review');
    const result = refused(decide(front, application, actionOf('accept', front, application, { basedOnStatus: 'submitted' }), REKLAME, { now: NOW }));
    assert.equal(result.code, 'stale-action');
    assert.match(result.reason.id, /"Diajukan" ke "Dalam peninjauan dinas"/);
    assert.match(result.reason.en, /moved from "submitted" to "in-review"/);
    const recommend = actionOf('recommend', bapenda, applicationIn('needs-information'), { basedOnStatus: 'in-review' });
    assert.equal(refused(decide(bapenda, applicationIn('needs-information', { id: recommend.applicationId }), recommend, REKLAME, { now: NOW })).code, 'stale-action');
  });

  it('refuses a return without a reason (none, or only blank ones)', () => {
    const application = applicationIn('submitted');
    assert.equal(refused(decide(front, application, actionOf('return', front, application, { reasons: [] }), REKLAME, { now: NOW })).code, 'reason-required');
    assert.equal(refused(decide(front, application, actionOf('return', front, application, { reasons: undefined }), REKLAME, { now: NOW })).code, 'reason-required');
    assert.equal(refused(decide(front, application, actionOf('return', front, application, { reasons: [{ text: '   ' }] }), REKLAME, { now: NOW })).code, 'reason-required');
  });

  it('returns as the server always has: returnedAt is exactly the new updatedAt, the clock stops', () => {
    const application = applicationIn('submitted', { updatedAt: NOW + 5000 });
    const result = applied(decide(front, application, actionOf('return', front, application, { reasons: [{ fieldId: 'ktp', text: '  Foto KTP buram ' }, { text: ' ' }] }), REKLAME, { now: NOW }));
    assert.equal(result.changes.updatedAt, NOW + 5001, 'updatedAt always rises above the stored one');
    assert.equal(result.changes.returnedAt, new Date(NOW + 5001).toISOString());
    assert.deepEqual(result.changes.returnReasons, [{ fieldId: 'ktp', text: 'Foto KTP buram' }]);
    assert.deepEqual(result.changes.clockStops, [{ from: new Date(NOW + 5001).toISOString() }]);
    assert.equal(changedSinceReturn({ ...application, ...result.changes }), false);
  });

  it('answers a question by the owner or the claimant only, and only while it needs information', () => {
    const application = applicationIn('needs-information', { applicantId: 'u-citizen-1' });
    const owner = ACCOUNTS.applicant;
    const claimant: Account = { userId: 'u-citizen-1', role: 'applicant' };
    const stranger: Account = { userId: 'u-stranger-1', role: 'applicant' };
    for (const who of [owner, claimant]) {
      const result = applied(decide(who, application, actionOf('answer', who, application), REKLAME, { now: NOW }));
      assert.equal(result.status, 'in-review');
      assert.ok('openQuestion' in result.changes && result.changes.openQuestion === undefined, 'the question is removed');
      assert.deepEqual(result.changes.clockStops, [{ from: '2026-11-23T01:00:00.000Z', to: new Date(NOW).toISOString() }]);
    }
    for (const who of [stranger, front, bapenda]) {
      assert.equal(refused(decide(who, application, actionOf('answer', who, application), REKLAME, { now: NOW })).code, 'not-your-application');
    }
    const answered = withChanges(application, applied(decide(owner, application, actionOf('answer', owner, application), REKLAME, { now: NOW })).changes);
    assert.ok(!('openQuestion' in answered), 'withChanges drops a removed field instead of keeping it undefined');
    assert.equal(answered.status, 'in-review');
    const inReview = applicationIn('in-review');
    assert.equal(refused(decide(owner, inReview, actionOf('answer', owner, inReview), REKLAME, { now: NOW })).code, 'not-allowed-now');
    assert.equal(refused(decide(owner, application, actionOf('answer', owner, application, { text: ' ' }), REKLAME, { now: NOW })).code, 'text-required');
  });

  it('asks a question: the application waits for the applicant, its clock stopped', () => {
    const application = applicationIn('in-review');
    const ask = actionOf('recommend', bapenda, application, { recommendation: 'needs-information', question: ' Lampirkan foto lokasi. ' });
    const result = applied(decide(bapenda, application, ask, REKLAME, { now: NOW }));
    assert.equal(result.status, 'needs-information');
    assert.deepEqual(result.changes.openQuestion, { actionId: ask.id, agencyId: 'bapenda', text: 'Lampirkan foto lokasi.', askedAt: new Date(NOW).toISOString() });
    assert.deepEqual(result.changes.clockStops, [{ from: new Date(NOW).toISOString() }]);
    assert.deepEqual(result.changes.recommendedAgencies, undefined, 'a question is not a recommendation');
    const noQuestion = actionOf('recommend', bapenda, application, { recommendation: 'needs-information' });
    assert.equal(refused(decide(bapenda, application, noQuestion, REKLAME, { now: NOW })).code, 'question-required');
  });

  it('keeps one question open at a time; the asking agency waits for its answer', () => {
    const application = applicationIn('needs-information');
    const secondQuestion = actionOf('recommend', bapenda, application, { recommendation: 'needs-information', question: 'Dan NPWP?' });
    assert.equal(refused(decide(bapenda, application, secondQuestion, REKLAME, { now: NOW })).code, 'question-open');
    assert.equal(refused(decide(pupr, application, actionOf('recommend', pupr, application), REKLAME, { now: NOW })).code, 'question-open');
    assert.ok(!allowedActions(pupr, application).includes('recommend'), 'the asking agency is not offered a recommendation');
  });

  it('asks for what a recommendation must carry', () => {
    const application = applicationIn('in-review');
    assert.equal(refused(decide(bapenda, application, actionOf('recommend', bapenda, application, { recommendation: undefined }), REKLAME, { now: NOW })).code, 'recommendation-required');
    assert.equal(refused(decide(bapenda, application, actionOf('recommend', bapenda, application, { recommendation: 'approve-with-conditions' }), REKLAME, { now: NOW })).code, 'conditions-required');
    assert.equal(applied(decide(bapenda, application, actionOf('recommend', bapenda, application, { recommendation: 'reject', text: 'Lokasi di jalur hijau' }), REKLAME, { now: NOW })).status, 'in-review');
  });

  it('accepts to the agencies the permit type names, and refuses an accept with a failed check', () => {
    const application = applicationIn('submitted');
    const result = applied(decide(front, application, actionOf('accept', front, application), REKLAME, { now: NOW }));
    assert.deepEqual(result.changes.routedAgencies, ['dinas-pupr', 'bapenda']);
    assert.deepEqual(result.changes.recommendedAgencies, []);
    assert.equal(result.changes.acceptedAt, new Date(NOW).toISOString());
    assert.equal(result.changes.clockStops, undefined, 'accepting neither starts nor stops a pause');
    const failed = actionOf('accept', front, application, { checks: [{ itemId: 'ktp', ok: false }] });
    assert.equal(refused(decide(front, application, failed, REKLAME, { now: NOW })).code, 'check-failed');
  });

  it('needs the permit type to route, and goes straight to reviewed when it names no agency', () => {
    const application = applicationIn('submitted');
    const accept = actionOf('accept', front, application);
    assert.equal(refused(decide(front, application, accept, undefined, { now: NOW })).code, 'permit-type-unknown');
    assert.equal(refused(decide(front, application, accept, { id: 'siup', reviewAgencyIds: ['x1'] }, { now: NOW })).code, 'permit-type-unknown');
    assert.equal(refused(decide(front, application, accept, { id: 'reklame' }, { now: NOW })).code, 'no-review-agencies');
    const direct = applied(decide(front, application, accept, { id: 'reklame', reviewAgencyIds: [] }, { now: NOW }));
    assert.equal(direct.status, 'reviewed');
    assert.equal(direct.changes.reviewedAt, new Date(NOW).toISOString());
  });

  it('reroutes: recommendations of agencies still routed are kept, a reviewed application goes back to review', () => {
    const application = applicationIn('in-review', { recommendedAgencies: ['bapenda'] });
    const away = applied(decide(front, application, actionOf('reroute', front, application, { agencies: ['dinas-pupr', 'dinas-pupr'] }), REKLAME, { now: NOW }));
    assert.deepEqual(away.changes.routedAgencies, ['dinas-pupr']);
    assert.deepEqual(away.changes.recommendedAgencies, []);
    assert.equal(away.status, 'in-review');
    const onlyRecommended = applied(decide(front, application, actionOf('reroute', front, application, { agencies: ['bapenda'] }), REKLAME, { now: NOW }));
    assert.equal(onlyRecommended.status, 'reviewed', 'every agency still routed has recommended');

    const reviewed = applicationIn('reviewed');
    const more = applied(decide(front, reviewed, actionOf('reroute', front, reviewed, { agencies: ['dinas-pupr', 'bapenda', 'dinas-kesehatan'] }), REKLAME, { now: NOW }));
    assert.equal(more.status, 'in-review');
    assert.ok('reviewedAt' in more.changes && more.changes.reviewedAt === undefined, 'reviewedAt is removed');
    assert.equal(refused(decide(front, application, actionOf('reroute', front, application, { agencies: [] }), REKLAME, { now: NOW })).code, 'agencies-required');
  });

  it('writes nothing on the application for a note, and refuses an empty one', () => {
    const application = applicationIn('in-review');
    const note = applied(decide(bapenda, application, actionOf('note', bapenda, application), REKLAME, { now: NOW }));
    assert.deepEqual(note.changes, {});
    assert.equal(note.status, 'in-review');
    assert.equal(refused(decide(front, application, actionOf('note', front, application, { text: '' }), REKLAME, { now: NOW })).code, 'text-required');
  });

  it('lets nobody decide on their own application, or act in another account\'s name or on another application', () => {
    const ownFiling = applicationIn('submitted', { ownerId: front.userId });
    assert.equal(refused(decide(front, ownFiling, actionOf('accept', front, ownFiling), REKLAME, { now: NOW })).code, 'own-application');
    assert.ok(!allowedActions(front, ownFiling).includes('accept'), 'not offered either');
    const application = applicationIn('submitted');
    assert.equal(refused(decide(front, application, actionOf('accept', ACCOUNTS.admin, application), REKLAME, { now: NOW })).code, 'not-your-action');
    assert.equal(refused(decide(front, application, actionOf('accept', front, application, { applicationId: 'app-elsewhere-1' }), REKLAME, { now: NOW })).code, 'wrong-application');
  });

  it('moves a status-changing decision\'s updatedAt and stage time together, and a stage per status entered', () => {
    const application = applicationIn('submitted');
    const result = applied(decide(front, application, actionOf('accept', front, application), REKLAME, { now: NOW }));
    assert.equal(result.changes.status, 'in-review');
    assert.equal(result.changes.updatedAt, NOW);
    assert.deepEqual(result.changes.stages?.map((stage) => stage.stage), ['draft', 'submitted', 'in-review']);
  });

  it('gives every refusal a stable code and a reason in Indonesian and English', () => {
    const seen = new Map<string, Refusal>();
    for (const status of APPLICATION_STATUSES) {
      for (const kind of OFFICE_ACTION_KINDS) {
        for (const account of [...Object.values(ACCOUNTS), kesehatan]) {
          const application = applicationIn(status);
          const result = decide(account, application, actionOf(kind, account, application, { reasons: [], text: '' }), { id: 'reklame' }, { now: NOW });
          if (!result.ok) seen.set(result.code, result);
        }
      }
    }
    assert.ok(seen.size >= 6, `several codes seen: ${[...seen.keys()].join(', ')}`);
    for (const [code, result] of seen) {
      assert.match(code, /^[a-z][a-z0-9-]*$/);
      assert.ok(result.reason.id.length > 10 && result.reason.en.length > 10, `${code} has both texts`);
      assert.notEqual(result.reason.id, result.reason.en, `${code} is translated`);
    }
  });
});
