/**
 * The whole access matrix, walked against the running server (issue 9): every kind of account ×
 * every kind of document × every way in (pull, push, the live stream, look-up by number, file
 * download, history, the public page), each cell written by hand in the tables below. Then an
 * account demoted, disabled or signed out everywhere loses its access on its very next request.
 *
 * Everything is fresh (accounts, agencies, booths, applications), so what an account pulls that is
 * not in the tables is a leak, except for the office roles, which read every submitted application
 * of the store (only the ones made here are compared for them).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { DEVICE_HEADER, PER_ROW_REFUSALS_HEADER, type Role } from '../../common/sync-protocol.js';
import { newClaimCode, newProvisionalNumber } from '../../common/workflow.js';
import { getIfExists } from '../../sync-server/store.js';
import {
  adminAccount, createAgency, hex, openCollectionStream, pullEverything, submittedWithFiles, type CollectionStream, type PulledDoc,
} from './access-fixtures.js';
import { draft, expectError, freshId, startTestServer, type Session, type TestServer } from './helpers.js';
import { accept, applied, CITIZEN_NIK, makeAction, NAME, NIK, PARTNER_NIK, PHONE, STREET, tdpAnswers } from './office-helpers.js';

const ACCOUNTS = ['owner', 'other', 'citizen', 'boothA', 'boothA2', 'boothB', 'frontOffice', 'reviewerX', 'reviewerX2', 'reviewerY', 'inspectorX', 'admin'] as const;
type Who = (typeof ACCOUNTS)[number];
const DOCS = ['draft', 'boothFiling', 'submitted', 'reviewX', 'reviewXY'] as const;
type DocName = (typeof DOCS)[number];
const ACTIONS = ['noteX', 'question'] as const;
type ActionName = (typeof ACTIONS)[number];

const NOTE_TEXT = 'Catatan internal dinas X: pemohon pernah ditegur';
const QUESTION_TEXT = 'Mohon lampirkan denah lokasi usaha';
const ROLE_OF: Record<Who, Role> = {
  owner: 'applicant', other: 'applicant', citizen: 'applicant', boothA: 'booth-staff', boothA2: 'booth-staff', boothB: 'booth-staff',
  frontOffice: 'front-office', reviewerX: 'agency-reviewer', reviewerX2: 'agency-reviewer', reviewerY: 'agency-reviewer', inspectorX: 'inspector', admin: 'admin',
};
/** Accounts that read every submitted application of the store, not only those made here. */
const OFFICE: readonly Who[] = ['frontOffice', 'admin'];

/** Who receives each application on pull (and finds it by number, and may see its history). */
const READS: Record<DocName, readonly Who[]> = {
  draft: ['owner'],
  boothFiling: ['boothA', 'citizen', 'frontOffice', 'admin'],
  submitted: ['owner', 'frontOffice', 'admin'],
  reviewX: ['owner', 'frontOffice', 'admin', 'reviewerX', 'reviewerX2'],
  reviewXY: ['owner', 'frontOffice', 'admin', 'reviewerX', 'reviewerX2', 'reviewerY'],
};
/** Who receives each office action on pull: an internal note never reaches the applicant or another agency. */
const READS_ACTION: Record<ActionName, readonly Who[]> = {
  noteX: ['reviewerX', 'reviewerX2', 'frontOffice', 'admin'],
  question: ['owner', 'reviewerX', 'reviewerX2', 'reviewerY', 'frontOffice', 'admin'],
};
/** GET /api/applications/:id/history: every record, the stages only, or the 404 of a missing id. */
const HISTORY: Record<DocName, Partial<Record<Who, 'full' | 'stages'>>> = {
  draft: {},
  boothFiling: { boothA: 'stages', citizen: 'stages', frontOffice: 'full', admin: 'full' },
  submitted: { owner: 'stages', frontOffice: 'full', admin: 'full' },
  reviewX: { owner: 'stages', frontOffice: 'full', admin: 'full', reviewerX: 'full', reviewerX2: 'full' },
  reviewXY: { owner: 'stages', frontOffice: 'full', admin: 'full', reviewerX: 'full', reviewerX2: 'full', reviewerY: 'full' },
};
/** Who may change the application's content on push (its owner, or the citizen who claimed it): only a draft's owner succeeds. */
const WRITERS: Record<DocName, readonly Who[]> = {
  draft: ['owner'], boothFiling: ['boothA', 'citizen'], submitted: ['owner'], reviewX: ['owner'], reviewXY: ['owner'],
};
/** A note pushed as an action (actions collection): applied for these; refused, row by row, for everyone else. */
const NOTE_APPLIED: Record<'submitted' | 'reviewX' | 'draft', readonly Who[]> = {
  submitted: ['frontOffice', 'admin'],
  reviewX: ['frontOffice', 'admin', 'reviewerX', 'reviewerX2'],
  draft: [],
};
/**
 * The build, step by step, and which accounts' live streams announce each collection: the
 * readers of what changed. Unlisted accounts must hear nothing; `maybe` ones are not judged (an
 * accept or re-route action's agencies depend on which state of the application it is read with).
 */
interface StepExpectation { applications?: readonly Who[]; actions?: readonly Who[]; maybe?: readonly Who[] }
const STEPS: Record<string, StepExpectation> = {
  'draft saved': { applications: ['owner'], actions: [] },
  'booth filing submitted': { applications: ['boothA', 'frontOffice', 'admin'], actions: [] },
  'booth filing claimed': { applications: ['boothA', 'citizen', 'frontOffice', 'admin'], actions: [] },
  'application submitted': { applications: ['owner', 'frontOffice', 'admin'], actions: [] },
  'X-only application accepted': { applications: ['owner', 'frontOffice', 'admin'], actions: ['frontOffice', 'admin'] },
  'X-only application routed to X': { applications: ['owner', 'frontOffice', 'admin', 'reviewerX', 'reviewerX2'], actions: ['frontOffice', 'admin'], maybe: ['reviewerX', 'reviewerX2'] },
  'internal note of X': { actions: ['reviewerX', 'reviewerX2', 'frontOffice', 'admin'], maybe: ['owner'] },
  'X+Y application accepted': { applications: ['owner', 'frontOffice', 'admin'], actions: ['frontOffice', 'admin'] },
  'X+Y application routed to X and Y': {
    applications: ['owner', 'frontOffice', 'admin', 'reviewerX', 'reviewerX2', 'reviewerY'], actions: ['frontOffice', 'admin'], maybe: ['reviewerX', 'reviewerX2', 'reviewerY'],
  },
  'question to the applicant': {
    applications: ['owner', 'frontOffice', 'admin', 'reviewerX', 'reviewerX2', 'reviewerY'],
    actions: ['owner', 'frontOffice', 'admin', 'reviewerX', 'reviewerX2', 'reviewerY'],
  },
};

const PUBLIC_KEYS = ['permitTypeId', 'permitTypeName', 'status', 'submittedAt', 'registrationNumber', 'registeredAt', 'returnedAt', 'stages'];

describe('the access matrix, against the running server', () => {
  let server: TestServer;
  const who = {} as Record<Who, Session>;
  const docs = {} as Record<DocName, ApplicationWireDoc>;
  const fileOf = {} as Partial<Record<DocName, string>>;
  const actionIds = {} as Record<ActionName | 'accepts' | 'reroutes', string | string[]>;
  let agencyX = '';
  let agencyY = '';
  /** Per step, per account: whether its stream named applications / actions. */
  const heard: Record<string, Record<Who, { applications: boolean; actions: boolean }>> = {};
  const streams = {} as Record<Who, CollectionStream>;

  before(async () => {
    server = await startTestServer({ accountCacheMs: 200 });
    const adminSession = await server.freshSession('admin');
    who.admin = adminSession;
    agencyX = await createAgency(server, adminSession, 'x');
    agencyY = await createAgency(server, adminSession, 'y');
    const boothA = `gerai-a-${hex()}`;
    const boothB = `gerai-b-${hex()}`;
    const assignments: Partial<Record<Who, { agencyId?: string; boothId?: string }>> = {
      boothA: { boothId: boothA }, boothA2: { boothId: boothA }, boothB: { boothId: boothB },
      reviewerX: { agencyId: agencyX }, reviewerX2: { agencyId: agencyX }, reviewerY: { agencyId: agencyY }, inspectorX: { agencyId: agencyX },
    };
    for (const name of ACCOUNTS) {
      if (name === 'admin') continue;
      who[name] = await adminAccount(server, adminSession, ROLE_OF[name], assignments[name], `Petugas ${name} ${hex(2)}`);
    }
    for (const name of ACCOUNTS) streams[name] = await openCollectionStream(server.url, who[name].cookie);

    const step = async (name: string, work: () => Promise<void>): Promise<void> => {
      const expected = STEPS[name];
      assert.ok(expected, `step ${name} has its expectations`);
      const marks = Object.fromEntries(ACCOUNTS.map((account) => [account, streams[account].resyncs.length])) as Record<Who, number>;
      await work();
      const heardNow = {} as Record<Who, { applications: boolean; actions: boolean }>;
      // Those that must hear it first (each within 5 s), then a quiet moment for those that must not.
      for (const collection of ['applications', 'actions'] as const) {
        for (const account of expected[collection] ?? []) await streams[account].announced(collection, marks[account], 5_000);
      }
      await new Promise((resolve) => setTimeout(resolve, 400));
      for (const account of ACCOUNTS) {
        const events = streams[account].resyncs.slice(marks[account]);
        heardNow[account] = { applications: events.some((names) => names.includes('applications')), actions: events.some((names) => names.includes('actions')) };
      }
      heard[name] = heardNow;
    };

    await step('draft saved', async () => {
      docs.draft = draft(who.owner.user.userId, {}, { permitTypeId: 'tdp', answers: tdpAnswers(), provisionalNumber: newProvisionalNumber() });
      assert.deepEqual(await server.pushOk(who.owner.cookie, [{ newDocumentState: docs.draft }]), { conflicts: [] });
    });
    await step('booth filing submitted', async () => {
      const filed = await submittedWithFiles(server, who.boothA, {
        citizen: { nik: CITIZEN_NIK, name: NAME, phone: PHONE, address: { ...(tdpAnswers().companyAddress as Record<string, string>) } },
        consentAt: new Date().toISOString(), claimCode: newClaimCode(),
      });
      docs.boothFiling = filed.doc;
      fileOf.boothFiling = filed.fileId;
    });
    await step('booth filing claimed', async () => {
      const claimed = await server.api('/api/claims', { body: { code: docs.boothFiling.claimCode }, cookie: who.citizen.cookie });
      assert.equal(claimed.status, 200, claimed.text);
    });
    await step('application submitted', async () => {
      const filed = await submittedWithFiles(server, who.owner);
      docs.submitted = filed.doc;
      fileOf.submitted = filed.fileId;
    });
    // Filed and accepted before the stream steps of the review, so each step is one change.
    const reviewX = await submittedWithFiles(server, who.owner);
    const reviewXY = await submittedWithFiles(server, who.owner);
    docs.reviewX = reviewX.doc;
    docs.reviewXY = reviewXY.doc;
    fileOf.reviewX = reviewX.fileId;
    fileOf.reviewXY = reviewXY.fileId;
    const accepts: string[] = [];
    const reroutes: string[] = [];
    await step('X-only application accepted', async () => {
      accepts.push((await accept(server, who.frontOffice, docs.reviewX)).id);
    });
    await step('X-only application routed to X', async () => {
      reroutes.push((await applied(server, who.frontOffice, makeAction(who.frontOffice, docs.reviewX.id, 'reroute', 'in-review', { agencies: [agencyX] }))).id);
    });
    await step('internal note of X', async () => {
      actionIds.noteX = (await applied(server, who.reviewerX, makeAction(who.reviewerX, docs.reviewX.id, 'note', 'in-review', { text: NOTE_TEXT, internal: true }))).id;
    });
    await step('X+Y application accepted', async () => {
      accepts.push((await accept(server, who.frontOffice, docs.reviewXY)).id);
    });
    await step('X+Y application routed to X and Y', async () => {
      reroutes.push((await applied(server, who.frontOffice, makeAction(who.frontOffice, docs.reviewXY.id, 'reroute', 'in-review', { agencies: [agencyX, agencyY] }))).id);
    });
    await step('question to the applicant', async () => {
      actionIds.question = (await applied(server, who.reviewerX, makeAction(who.reviewerX, docs.reviewXY.id, 'recommend', 'in-review',
        { recommendation: 'needs-information', question: QUESTION_TEXT }))).id;
    });
    actionIds.accepts = accepts;
    actionIds.reroutes = reroutes;
    for (const name of ACCOUNTS) streams[name].close();
  });

  after(async () => {
    for (const stream of Object.values(streams)) stream.close();
    await server?.close();
  });

  const mine = (): Map<string, DocName> => new Map(DOCS.map((name) => [docs[name].id, name]));
  const myActions = (): Map<string, ActionName> => new Map(ACTIONS.map((name) => [actionIds[name] as string, name]));

  it('pull: each account receives exactly the applications of its row, and nothing else', async () => {
    const ids = mine();
    let cells = 0;
    for (const account of ACCOUNTS) {
      const pulled = await pullEverything(server, who[account].cookie, 'applications');
      assert.equal(pulled.status, 200, `${account} pulls`);
      const live = pulled.documents.filter((doc) => !doc._deleted);
      const received = new Set(live.filter((doc) => ids.has(doc.id)).map((doc) => ids.get(doc.id)));
      for (const name of DOCS) {
        cells += 1;
        assert.equal(received.has(name), READS[name].includes(account), `${account} ${READS[name].includes(account) ? 'receives' : 'must not receive'} ${name}`);
      }
      if (!OFFICE.includes(account)) {
        const foreign = live.filter((doc) => !ids.has(doc.id)).map((doc) => doc.id);
        // An account's own fresh drafts made by later tests are not made yet: anything else is a leak.
        assert.deepEqual(foreign, [], `${account} receives no application of anyone else`);
      } else {
        assert.ok(live.every((doc) => doc.status !== 'draft'), `${account} receives no draft`);
      }
    }
    assert.equal(cells, ACCOUNTS.length * DOCS.length);
  });

  it('pull: office actions reach the actor, the office and the routed agencies; an internal note never the applicant', async () => {
    const ids = myActions();
    const applicationIds = mine();
    for (const account of ACCOUNTS) {
      const pulled = await pullEverything(server, who[account].cookie, 'actions');
      assert.equal(pulled.status, 200, `${account} pulls actions`);
      const live = pulled.documents.filter((doc) => !doc._deleted);
      for (const name of ACTIONS) {
        const got = live.some((doc) => doc.id === actionIds[name]);
        assert.equal(got, READS_ACTION[name].includes(account), `${account} ${READS_ACTION[name].includes(account) ? 'receives' : 'must not receive'} action ${name}`);
      }
      // Accepts and re-routes are the office's: never an applicant's, a booth's or an inspector's.
      const officeActions = [...(actionIds.accepts as string[]), ...(actionIds.reroutes as string[])];
      if (!['frontOffice', 'admin', 'reviewerX', 'reviewerX2', 'reviewerY'].includes(account)) {
        assert.ok(!live.some((doc) => officeActions.includes(doc.id)), `${account} receives no accept or re-route`);
      } else if (OFFICE.includes(account)) {
        assert.ok(officeActions.every((id) => live.some((doc) => doc.id === id)), `${account} receives every accept and re-route`);
      }
      if (!OFFICE.includes(account)) {
        const foreign = live.filter((doc) => !ids.has(doc.id) && !officeActions.includes(doc.id));
        assert.deepEqual(foreign.map((doc) => doc.id), [], `${account} receives no other action`);
        assert.ok(live.every((doc) => applicationIds.has(String(doc.applicationId))), `${account}'s actions are all about applications it reads`);
      }
      const text = JSON.stringify(live);
      if (!READS_ACTION.noteX.includes(account)) assert.ok(!text.includes(NOTE_TEXT), `${account} never sees the internal note's text`);
    }
  });

  it('stream: each change is announced to exactly the readers of what changed', () => {
    let cells = 0;
    for (const [name, expected] of Object.entries(STEPS)) {
      const got = heard[name];
      assert.ok(got, `step ${name} ran`);
      for (const account of ACCOUNTS) {
        if (expected.maybe?.includes(account)) continue;
        for (const collection of ['applications', 'actions'] as const) {
          const list = expected[collection];
          if (!list) continue;
          cells += 1;
          assert.equal(got[account][collection], list.includes(account),
            `${name}: ${account}'s stream ${list.includes(account) ? 'announces' : 'must not announce'} ${collection}`);
        }
      }
    }
    assert.ok(cells > 200, `judged ${cells} stream cells`);
  });

  it('look-up by number: found by those who read it (either number), the same 404 for everyone else, a draft for nobody', async () => {
    for (const name of DOCS) {
      const stored = await server.stored(docs[name].id);
      const numbers = [docs[name].provisionalNumber, stored?.registrationNumber as string | undefined].filter((value): value is string => Boolean(value));
      assert.ok(numbers.length === (name === 'draft' ? 1 : 2), `${name} has its numbers`);
      for (const number of numbers) {
        for (const account of ACCOUNTS) {
          const result = await server.api(`/api/applications/lookup?number=${encodeURIComponent(number)}`, { cookie: who[account].cookie });
          if (name !== 'draft' && READS[name].includes(account)) {
            assert.equal(result.status, 200, `${account} finds ${name} by ${number}: ${result.text.slice(0, 200)}`);
            assert.equal((result.body as { application: ApplicationWireDoc }).application.id, docs[name].id);
          } else {
            expectError(result, 404, 'application-not-found');
          }
        }
      }
    }
  });

  it('files: the owner and the claimant download; anyone who cannot read the application gets the 404 of a missing file', async () => {
    for (const name of ['boothFiling', 'submitted', 'reviewX', 'reviewXY'] as const) {
      const fileId = fileOf[name] as string;
      for (const account of ACCOUNTS) {
        const result = await server.api(`/api/files/${fileId}`, { cookie: who[account].cookie });
        if (WRITERS[name].includes(account)) assert.equal(result.status, 200, `${account} downloads ${name}'s file: ${result.text.slice(0, 200)}`);
        else if (!READS[name].includes(account)) expectError(result, 404, 'upload-not-found');
      }
    }
    expectError(await server.api(`/api/files/${freshId()}`, { cookie: who.owner.cookie }), 404, 'upload-not-found');
  });

  it('files: the office and the routed agencies download the files of an application they check, each download on its history', async () => {
    for (const name of ['boothFiling', 'submitted', 'reviewX', 'reviewXY'] as const) {
      for (const account of READS[name]) {
        const result = await server.api(`/api/files/${fileOf[name] as string}`, { cookie: who[account].cookie, headers: { [DEVICE_HEADER]: `device-${account}` } });
        assert.equal(result.status, 200, `${account} downloads ${name}'s file: ${result.status} ${result.text.slice(0, 200)}`);
      }
      const history = await server.api(`/api/applications/${docs[name].id}/history`, { cookie: who.admin.cookie });
      const downloads = ((history.body as { events?: { event: string; actorId: string; fileId?: string; device?: string }[] }).events ?? [])
        .filter((event) => event.event === 'file-download' && event.fileId === fileOf[name]);
      const { uploadedBy } = await server.running.store.files.get(fileOf[name] as string);
      for (const account of READS[name]) {
        const recorded = downloads.filter((event) => event.actorId === who[account].user.userId);
        // The uploader's own download is no event; everyone else's is, with the device it came from.
        if (who[account].user.userId === uploadedBy) {
          assert.deepEqual(recorded, [], `the uploader's (${account}) own download of ${name}'s file is not on its history`);
          continue;
        }
        assert.ok(recorded.some((event) => event.device === `device-${account}`), `${account}'s download of ${name}'s file is on its history: ${JSON.stringify(downloads)}`);
      }
    }
  });

  it('history: the office and the routed agencies see every record, the applicant the stages only, anyone else a 404', async () => {
    let cells = 0;
    for (const name of DOCS) {
      for (const account of ACCOUNTS) {
        cells += 1;
        const result = await server.api(`/api/applications/${docs[name].id}/history`, { cookie: who[account].cookie });
        const expected = HISTORY[name][account];
        if (!expected) {
          expectError(result, 404, 'application-not-found');
          continue;
        }
        assert.equal(result.status, 200, `${account} reads ${name}'s history: ${result.text.slice(0, 200)}`);
        const view = result.body as { applicationId: string; stages: unknown[]; events?: unknown[] };
        assert.equal(view.applicationId, docs[name].id);
        assert.ok(view.stages.length >= 1, `${name} has stages`);
        if (expected === 'full') {
          assert.ok(Array.isArray(view.events), `${account} sees ${name}'s records`);
          // Office actions are records; a device's submission is a stage only.
          if (name === 'reviewX' || name === 'reviewXY') assert.ok((view.events ?? []).length >= 2, `${account} sees the accept and re-route of ${name}`);
        } else {
          assert.deepEqual(Object.keys(view).sort(), ['applicationId', 'stages'], `${account} sees ${name}'s stages only`);
          for (const secret of [NOTE_TEXT, who.frontOffice.user.displayName, who.reviewerX.user.displayName, who.frontOffice.user.userId]) {
            assert.ok(!result.text.includes(secret), `${account}'s view of ${name} does not name ${secret}`);
          }
        }
      }
    }
    const noteHistory = await server.api(`/api/applications/${docs.reviewX.id}/history`, { cookie: who.reviewerX2.cookie });
    assert.ok(noteHistory.text.includes(actionIds.noteX as string), 'the agency sees its note in the history');
    assert.equal(cells, ACCOUNTS.length * DOCS.length);
  });

  it('public page: the permit type and the stages only, by either number; a draft is not found', async () => {
    const secrets = [NIK, PARTNER_NIK, CITIZEN_NIK, NAME, PHONE, STREET, 'CV Maju Rahasia', NOTE_TEXT, QUESTION_TEXT, agencyX, agencyY,
      ...ACCOUNTS.map((account) => who[account].user.userId), ...ACCOUNTS.map((account) => who[account].user.displayName)];
    for (const name of DOCS) {
      const stored = await server.stored(docs[name].id);
      const numbers = [docs[name].provisionalNumber, stored?.registrationNumber as string | undefined].filter((value): value is string => Boolean(value));
      for (const number of numbers) {
        const result = await server.api(`/api/public/track/${encodeURIComponent(number)}`);
        if (name === 'draft') {
          expectError(result, 404, 'application-not-found');
          continue;
        }
        assert.equal(result.status, 200, `${name} is tracked by ${number}: ${result.text.slice(0, 200)}`);
        const body = result.body as Record<string, unknown>;
        assert.deepEqual(Object.keys(body).filter((key) => !PUBLIC_KEYS.includes(key)), [], `${name}'s public page has only ${PUBLIC_KEYS.join(', ')}`);
        assert.equal(body.permitTypeId, 'tdp');
        assert.ok(Array.isArray(body.stages) && body.stages.length >= 1, `${name}'s stages`);
        for (const stage of body.stages as Record<string, unknown>[]) assert.deepEqual(Object.keys(stage).sort(), ['at', 'stage']);
        for (const secret of [...secrets, docs[name].id, ...Object.values(fileOf)]) {
          assert.ok(!result.text.includes(String(secret)), `${name}'s public page does not show ${String(secret)}`);
        }
      }
    }
  });

  it('push: a change is stored for a draft\'s owner only; every other row is refused on its own, with the server\'s state only for those who read it', async () => {
    const wire = new Map<string, PulledDoc>();
    for (const doc of (await pullEverything(server, who.owner.cookie, 'applications')).documents) wire.set(doc.id, doc);
    for (const doc of (await pullEverything(server, who.boothA.cookie, 'applications')).documents) wire.set(doc.id, doc);
    let cells = 0;
    // The owner last: its stored change to the draft is the draft's state for nobody after it.
    for (const account of [...ACCOUNTS].reverse()) {
      const own = draft(who[account].user.userId);
      const rows = [...DOCS.map((name) => {
        const current = wire.get(docs[name].id) as unknown as ApplicationWireDoc;
        assert.ok(current, `${name} pulled by its owner`);
        return {
          assumedMasterState: current,
          newDocumentState: { ...current, answers: { ...current.answers, companyName: `Diubah oleh ${account}` }, updatedAt: current.updatedAt + 1 },
        };
      }), { newDocumentState: own }];
      const result = await server.api('/api/sync/applications/push', { body: { rows }, cookie: who[account].cookie, headers: { [PER_ROW_REFUSALS_HEADER]: 'rows' } });
      assert.equal(result.status, 200, `${account}'s batch is answered row by row: ${result.text.slice(0, 300)}`);
      const answer = result.body as { conflicts: unknown[]; refused: { id: string; code: string; state?: { id: string } }[] };
      assert.deepEqual(answer.conflicts, [], `${account}: no conflicts`);
      assert.ok(!answer.refused.some((row) => row.id === own.id), `${account}'s own draft in the same batch is stored`);
      assert.ok(await server.stored(own.id), `${account}'s own draft is in the store`);
      for (const name of DOCS) {
        cells += 1;
        const refusal = answer.refused.find((row) => row.id === docs[name].id);
        const stored = (await server.stored(docs[name].id)) as unknown as ApplicationWireDoc;
        if (name === 'draft' && account === 'owner') {
          assert.equal(refusal, undefined, 'the owner changes its draft');
          assert.equal(stored.answers.companyName, 'Diubah oleh owner');
          continue;
        }
        assert.ok(refusal, `${account}'s change of ${name} is refused`);
        assert.equal(refusal.code, WRITERS[name].includes(account) ? 'workflow-refused' : 'not-owner', `${account} on ${name}`);
        assert.equal(refusal.state !== undefined, READS[name].includes(account), `${account} ${READS[name].includes(account) ? 'gets' : 'must not get'} ${name}'s state`);
        if (refusal.state) assert.equal(refusal.state.id, docs[name].id);
        assert.notEqual(stored.answers.companyName, `Diubah oleh ${account}`, `${name} is unchanged by ${account}`);
      }
    }
    assert.equal(cells, ACCOUNTS.length * DOCS.length);
  });

  it('push without per-row refusals (an installed app of before): one foreign row refuses the whole batch, and nothing of it is stored', async () => {
    const own = draft(who.other.user.userId);
    const foreign = { ...docs.submitted, answers: { ...docs.submitted.answers, companyName: 'Diambil alih' }, updatedAt: docs.submitted.updatedAt + 1 };
    const result = await server.push(who.other.cookie, [{ newDocumentState: own }, { assumedMasterState: docs.submitted, newDocumentState: foreign }]);
    expectError(result, 403, 'not-owner');
    assert.ok(!result.text.includes(NIK), 'the refusal carries nothing of the other application');
    assert.equal(await server.stored(own.id), undefined, 'the good row is not stored either (all or nothing)');
  });

  it('push of actions: a note is applied or refused row by row, and a refusal tells a stranger nothing a missing application would not', async () => {
    for (const account of ACCOUNTS) {
      const session = who[account];
      const targets = { submitted: docs.submitted.id, reviewX: docs.reviewX.id, draft: docs.draft.id } as const;
      const notes = Object.entries(targets).map(([name, applicationId]) => ({
        name: name as keyof typeof targets,
        action: makeAction(session, applicationId, 'note', name === 'reviewX' ? 'in-review' : name === 'draft' ? 'draft' : 'submitted', { text: `Catatan ${account}` }),
      }));
      const missing = makeAction(session, freshId(), 'note', 'in-review', { text: `Catatan ${account}` });
      const rows = [...notes.map(({ action }) => ({ newDocumentState: action })), { newDocumentState: missing }];
      const result = await server.api('/api/sync/actions/push', { body: { rows }, cookie: session.cookie });
      assert.equal(result.status, 200, `${account}'s actions are answered row by row: ${result.text.slice(0, 300)}`);
      const answer = result.body as { refused: { id: string; code: string; reason: { en: string }; state?: unknown }[] };
      const missingRefusal = answer.refused.find((row) => row.id === missing.id);
      assert.ok(missingRefusal, `${account}'s note on a missing application is refused`);
      for (const { name, action } of notes) {
        const refusal = answer.refused.find((row) => row.id === action.id);
        if (NOTE_APPLIED[name].includes(account)) {
          assert.equal(refusal, undefined, `${account}'s note on ${name} is applied`);
        } else {
          assert.ok(refusal, `${account}'s note on ${name} is refused`);
          const readsIt = (READS as Record<string, readonly Who[]>)[name]?.includes(account) ?? false;
          // Whoever cannot read it (an agency reviewer too) gets the answer of a missing application, and no state.
          if (!readsIt) {
            assert.equal(refusal.code, missingRefusal.code, `${account} learns nothing of ${name}: refused as a missing application is`);
            assert.ok(!refusal.reason.en.includes(name === 'reviewX' ? 'review' : 'submitted'), `${account}'s refusal does not name ${name}'s status`);
            assert.equal(refusal.state, undefined, `${account}'s refusal of ${name} carries no state`);
            assert.equal(await getIfExists(server.running.store.actions, action.id), undefined, `${account}'s refused note on ${name} is not stored`);
          }
        }
      }
    }
  });

  it('an agency reviewer who cannot read an application learns nothing of it from an action: the 404 of a missing one, nothing stored', async () => {
    for (const name of ['draft', 'submitted', 'boothFiling', 'reviewX'] as const) {
      const note = makeAction(who.reviewerY, docs[name].id, 'note', 'in-review', { text: 'menebak' });
      const probe = await server.api('/api/office/actions', { body: note, cookie: who.reviewerY.cookie });
      const missing = await server.api('/api/office/actions', { body: makeAction(who.reviewerY, freshId(), 'note', 'in-review', { text: 'menebak' }), cookie: who.reviewerY.cookie });
      expectError(missing, 404, 'application-not-found');
      expectError(probe, 404, 'application-not-found');
      assert.deepEqual(probe.body, missing.body, `${name}: the very answer of a missing application`);
      assert.equal(await getIfExists(server.running.store.actions, note.id), undefined, `${name}: the probe is not stored`);
    }
  });

  it('an account demoted, disabled or signed out everywhere loses its access on its next request', async () => {
    const admin = who.admin;
    // Demoted: the reviewer of X becomes an applicant; its next pull sends tombstones, its look-ups and history close.
    const before = await pullEverything(server, who.reviewerX2.cookie, 'applications');
    const beforeActions = await pullEverything(server, who.reviewerX2.cookie, 'actions');
    assert.ok(before.documents.some((doc) => doc.id === docs.reviewX.id), 'the reviewer reads the X application before');
    const demoted = await server.api(`/api/admin/accounts/${who.reviewerX2.user.userId}`, { method: 'PATCH', body: { role: 'applicant' }, cookie: admin.cookie });
    assert.equal(demoted.status, 200, demoted.text);
    const after = await pullEverything(server, who.reviewerX2.cookie, 'applications', before.checkpoint);
    for (const name of ['reviewX', 'reviewXY'] as const) {
      const mark = after.documents.find((doc) => doc.id === docs[name].id);
      assert.ok(mark?._deleted === true && mark._gone === true, `the demoted reviewer's device is told to drop ${name}`);
      assert.ok(!JSON.stringify(mark).includes(NIK), `the tombstone of ${name} carries no content`);
    }
    const afterActions = await pullEverything(server, who.reviewerX2.cookie, 'actions', beforeActions.checkpoint);
    for (const name of ACTIONS) {
      const mark = afterActions.documents.find((doc) => doc.id === actionIds[name]);
      assert.ok(mark?._deleted === true, `the demoted reviewer's device is told to drop action ${name}`);
      assert.ok(!JSON.stringify(mark).includes(NOTE_TEXT) && !JSON.stringify(mark).includes(QUESTION_TEXT), `the tombstone of ${name} carries no text`);
    }
    const fresh = await pullEverything(server, who.reviewerX2.cookie, 'applications');
    assert.ok(!fresh.documents.some((doc) => !doc._deleted && (doc.id === docs.reviewX.id || doc.id === docs.reviewXY.id)), 'a fresh pull holds none of them');
    expectError(await server.api(`/api/applications/${docs.reviewX.id}/history`, { cookie: who.reviewerX2.cookie }), 404, 'application-not-found');
    expectError(await server.api(`/api/applications/lookup?number=${encodeURIComponent(docs.reviewX.provisionalNumber as string)}`, { cookie: who.reviewerX2.cookie }),
      404, 'application-not-found');
    const note = makeAction(who.reviewerX2, docs.reviewX.id, 'note', 'in-review', { text: 'catatan setelah turun peran' });
    const refused = await server.api('/api/office/actions', { body: note, cookie: who.reviewerX2.cookie });
    assert.ok(refused.status >= 400 || (refused.body as { action?: { outcome?: string } }).action?.outcome === 'refused', `the demoted account's note is refused: ${refused.text.slice(0, 200)}`);
    const me = await server.api('/api/auth/me', { cookie: who.reviewerX2.cookie });
    assert.equal((me.body as { user: { role: string; agencyId?: string } }).user.role, 'applicant');

    // Its live stream, opened again, hears nothing more of agency X; X's remaining reviewer still does.
    const demotedStream = await openCollectionStream(server.url, who.reviewerX2.cookie);
    const controlStream = await openCollectionStream(server.url, who.reviewerX.cookie);
    try {
      await applied(server, who.reviewerX, makeAction(who.reviewerX, docs.reviewX.id, 'note', 'in-review', { text: 'catatan sesudah' }));
      assert.ok(await controlStream.announced('actions', 0, 5_000), 'the reviewer of X hears of the new note');
      await new Promise((resolve) => setTimeout(resolve, 400));
      assert.deepEqual(demotedStream.resyncs, [], 'the demoted account hears nothing of it');
    } finally {
      demotedStream.close();
      controlStream.close();
    }

    // Moved to another agency: the X-only application leaves its reach, the one routed to both stays.
    const mover = await adminAccount(server, admin, 'agency-reviewer', { agencyId: agencyX });
    const moverBefore = await pullEverything(server, mover.cookie, 'applications');
    assert.ok(moverBefore.documents.some((doc) => doc.id === docs.reviewX.id), 'the new reviewer of X reads the X application');
    const moved = await server.api(`/api/admin/accounts/${mover.user.userId}`, { method: 'PATCH', body: { agencyId: agencyY }, cookie: admin.cookie });
    assert.equal(moved.status, 200, moved.text);
    const moverAfter = await pullEverything(server, mover.cookie, 'applications', moverBefore.checkpoint);
    assert.equal(moverAfter.documents.find((doc) => doc.id === docs.reviewX.id)?._gone, true, 'the X-only application is withdrawn');
    assert.ok(!moverAfter.documents.some((doc) => doc.id === docs.reviewXY.id && doc._deleted), 'the X+Y application stays');
    const moverFresh = await pullEverything(server, mover.cookie, 'applications');
    assert.deepEqual(moverFresh.documents.filter((doc) => !doc._deleted).map((doc) => doc.id), [docs.reviewXY.id], 'a fresh pull holds only the X+Y application');
    expectError(await server.api(`/api/applications/${docs.reviewX.id}/history`, { cookie: mover.cookie }), 404, 'application-not-found');
    assert.equal((await server.api(`/api/applications/${docs.reviewXY.id}/history`, { cookie: mover.cookie })).status, 200, 'Y\'s history stays open');

    // Disabled: the next request of every kind answers 401 account-disabled.
    const disabled = await server.api(`/api/admin/accounts/${who.reviewerY.user.userId}`, { method: 'PATCH', body: { disabled: true }, cookie: admin.cookie });
    assert.equal(disabled.status, 200, disabled.text);
    expectError(await server.api('/api/sync/applications/pull', { cookie: who.reviewerY.cookie }), 401, 'account-disabled');
    expectError(await server.api('/api/sync/actions/pull', { cookie: who.reviewerY.cookie }), 401, 'account-disabled');
    expectError(await server.api('/api/sync/stream', { cookie: who.reviewerY.cookie }), 401, 'account-disabled');
    expectError(await server.api(`/api/applications/${docs.reviewXY.id}/history`, { cookie: who.reviewerY.cookie }), 401, 'account-disabled');
    expectError(await server.api(`/api/files/${fileOf.reviewXY as string}`, { cookie: who.reviewerY.cookie }), 401, 'account-disabled');
    expectError(await server.api('/api/office/actions', { body: makeAction(who.reviewerY, docs.reviewXY.id, 'note', 'needs-information', { text: 'x' }), cookie: who.reviewerY.cookie }),
      401, 'account-disabled');

    // Signed out everywhere: the old session ends at once; a new sign-in works.
    const signOut = await server.api(`/api/admin/accounts/${who.frontOffice.user.userId}/sign-out-everywhere`, { body: {}, cookie: admin.cookie });
    assert.equal(signOut.status, 200, signOut.text);
    expectError(await server.api('/api/sync/applications/pull', { cookie: who.frontOffice.cookie }), 401, 'session-ended');
    expectError(await server.api(`/api/applications/lookup?number=${encodeURIComponent(docs.submitted.provisionalNumber as string)}`, { cookie: who.frontOffice.cookie }),
      401, 'session-ended');
    const again = await server.session((who.frontOffice as Session & { username: string }).username, (who.frontOffice as Session & { password: string }).password);
    const pulled = await pullEverything(server, again.cookie, 'applications');
    assert.ok(pulled.documents.some((doc) => doc.id === docs.submitted.id), 'signed in again, the front office reads again');
  });
});
