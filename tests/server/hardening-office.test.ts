/**
 * Hostile input on the routes issue 9 added (office actions, the actions push, the admin API):
 * oversized bodies, Object.prototype names as ids and keys, markup in texts, bad ids and kinds,
 * and server-owned fields sent by a device. Each must get a clear 4xx (or be ignored) and change
 * nothing it should not; texts come back exactly as typed, as JSON, never as markup.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { MAX_BATCH_SIZE } from '../../common/sync-protocol.js';
import type { OfficeActionDoc } from '../../common/office-action-schema.js';
import { adminAccount, createAgency, hex, pullEverything, type AdminMadeAccount } from './access-fixtures.js';
import { draft, expectError, freshId, startTestServer, type ApiResult, type Session, type TestServer } from './helpers.js';
import { accept, applied, makeAction, sendAction, storedApplication, submittedTdp } from './office-helpers.js';

const SCRIPT = '<script>alert("x")</script><img src=x onerror="alert(1)">&amp;\u202e';

describe('hostile input on the office, actions and admin routes', () => {
  let server: TestServer;
  let admin: Session;
  let office: AdminMadeAccount;
  let reviewerX: AdminMadeAccount;
  let reviewerY: AdminMadeAccount;
  let owner: AdminMadeAccount;
  let stranger: AdminMadeAccount;
  let agencyX = '';
  let agencyY = '';

  before(async () => {
    server = await startTestServer();
    admin = await server.freshSession('admin');
    agencyX = await createAgency(server, admin, 'hx');
    agencyY = await createAgency(server, admin, 'hy');
    office = await adminAccount(server, admin, 'front-office');
    reviewerX = await adminAccount(server, admin, 'agency-reviewer', { agencyId: agencyX });
    reviewerY = await adminAccount(server, admin, 'agency-reviewer', { agencyId: agencyY });
    owner = await adminAccount(server, admin, 'applicant');
    stranger = await adminAccount(server, admin, 'applicant');
  });
  after(async () => {
    await server?.close();
  });

  /** An application of the owner in review, routed to X and Y. */
  async function inReview(): Promise<ApplicationWireDoc> {
    const doc = await submittedTdp(server, owner);
    await accept(server, office, doc);
    await applied(server, office, makeAction(office, doc.id, 'reroute', 'in-review', { agencies: [agencyX, agencyY] }));
    return doc;
  }

  async function storedAction(id: string): Promise<Record<string, unknown> | undefined> {
    try {
      return await server.running.store.actions.get(id) as unknown as Record<string, unknown>;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return undefined;
      throw error;
    }
  }

  const problemPaths = (result: ApiResult): string[] => ((result.body as { error?: { problems?: { path: string }[] } }).error?.problems ?? []).map((problem) => problem.path);

  const assertJson = (result: ApiResult, what: string): void => {
    assert.match(result.headers.get('content-type') ?? '', /^application\/json/, `${what} is answered as JSON`);
    assert.equal(result.headers.get('x-content-type-options'), 'nosniff', `${what} is never sniffed as markup`);
  };

  const assertNotPolluted = (): void => {
    const probe = {} as Record<string, unknown>;
    for (const key of ['outcome', 'role', 'polluted', 'agencyId', 'readers', 'isAdmin']) assert.equal(probe[key], undefined, `Object.prototype has no ${key}`);
  };

  it('refuses bodies over each route\'s limit with 413 body-too-large, storing nothing', async () => {
    const doc = await inReview();
    const big = makeAction(reviewerX, doc.id, 'note', 'in-review', { text: 'x'.repeat(256 * 1024) });
    expectError(await sendAction(server, reviewerX, big), 413, 'body-too-large');
    assert.equal(await storedAction(big.id), undefined, 'the oversized note is not stored');

    const username = `m-besar-${hex()}`;
    expectError(await server.api('/api/admin/accounts', {
      body: { username, displayName: 'y'.repeat(17 * 1024), role: 'applicant', password: `Sandi-Besar-${hex()}` }, cookie: admin.cookie,
    }), 413, 'body-too-large');
    const listed = await server.api('/api/admin/accounts', { cookie: admin.cookie });
    assert.ok(!listed.text.includes(username), 'no account was made');
    expectError(await server.api(`/api/admin/accounts/${stranger.user.userId}`, { method: 'PATCH', body: { displayName: 'z'.repeat(17 * 1024) }, cookie: admin.cookie }),
      413, 'body-too-large');
    expectError(await server.api('/api/admin/agencies', { body: { id: `uji-${hex()}`, name: { id: 'a'.repeat(9000), en: 'b'.repeat(9000) } }, cookie: admin.cookie }),
      413, 'body-too-large');

    const rows = [{ newDocumentState: makeAction(reviewerX, doc.id, 'note', 'in-review', { text: 'w'.repeat(8 * 1024 * 1024) }) }];
    expectError(await server.api('/api/sync/actions/push', { body: { rows }, cookie: reviewerX.cookie }), 413, 'body-too-large');
    assert.equal(await storedAction(rows[0]?.newDocumentState.id as string), undefined, 'the oversized pushed note is not stored');
  });

  it('refuses a text over its own limit by name, and in a push only that row', async () => {
    const doc = await inReview();
    const long = makeAction(reviewerX, doc.id, 'note', 'in-review', { text: 'x'.repeat(4001) });
    const result = await sendAction(server, reviewerX, long);
    expectError(result, 400, 'invalid-input');
    assert.ok(problemPaths(result).includes('/text'), `the problem names /text: ${problemPaths(result).join(', ')}`);
    const good = makeAction(reviewerX, doc.id, 'note', 'in-review', { text: 'catatan biasa' });
    const pushed = await server.api('/api/sync/actions/push', { body: { rows: [{ newDocumentState: long }, { newDocumentState: good }] }, cookie: reviewerX.cookie });
    assert.equal(pushed.status, 200, pushed.text.slice(0, 300));
    const refused = (pushed.body as { refused: { id: string; code: string; problems?: { path: string }[] }[] }).refused;
    assert.deepEqual(refused.map((row) => [row.id, row.code]), [[long.id, 'invalid-input']]);
    assert.ok(refused[0]?.problems?.some((problem) => problem.path === '/rows/0/newDocumentState/text'), 'the row\'s problem names its text');
    assert.equal(await storedAction(long.id), undefined, 'the long note is not stored');
    assert.equal((await storedAction(good.id))?.outcome, 'applied', 'the good row beside it is applied');

    const tooMany = Array.from({ length: MAX_BATCH_SIZE + 1 }, () => ({ newDocumentState: makeAction(reviewerX, doc.id, 'note', 'in-review', { text: 'banyak' }) }));
    expectError(await server.api('/api/sync/actions/push', { body: { rows: tooMany }, cookie: reviewerX.cookie }), 400, 'invalid-input');
    assert.equal(await storedAction(tooMany[0]?.newDocumentState.id as string), undefined, 'nothing of the oversized batch is stored');
  });

  it('keeps Object.prototype names out: as ids they find nothing, as keys they change nothing', async () => {
    const doc = await inReview();
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'prototype', 'valueOf0000']) {
      const action = makeAction(reviewerX, freshId(), 'note', 'in-review', { text: 'catatan' });
      const result = await sendAction(server, reviewerX, { ...action, applicationId: name });
      assert.ok([400, 404].includes(result.status), `applicationId ${name}: ${result.status} ${result.text.slice(0, 200)}`);
      assert.equal(await storedAction(action.id), undefined, `nothing stored for applicationId ${name}`);
      const history = await server.api(`/api/applications/${encodeURIComponent(name)}/history`, { cookie: office.cookie });
      expectError(history, 404, 'application-not-found');
      const lookup = await server.api(`/api/applications/lookup?number=${encodeURIComponent(name)}`, { cookie: office.cookie });
      assert.ok([400, 404].includes(lookup.status), `look-up of ${name}: ${lookup.status}`);
    }
    expectError(await server.api('/api/applications/_design%2Freach/history', { cookie: office.cookie }), 404, 'application-not-found');
    expectError(await server.api('/api/applications/_all_docs/history', { cookie: office.cookie }), 404, 'application-not-found');

    // `__proto__` and `constructor` as keys of the action: refused, or dropped, never taken as the action's own fields.
    const note = makeAction(reviewerY, doc.id, 'note', 'in-review', { text: 'catatan Y' });
    const raw = JSON.stringify(note).replace(/^\{/, '{"__proto__":{"outcome":"refused","agencyId":"' + agencyX + '","polluted":true},"constructor":{"prototype":{"polluted":true}},');
    const sent = await server.api('/api/office/actions', { rawBody: raw, cookie: reviewerY.cookie });
    expectError(sent, 400, 'invalid-input');
    assert.ok(problemPaths(sent).includes('/__proto__'), 'the problem names /__proto__');
    assert.equal(await storedAction(note.id), undefined, 'nothing stored');
    assertNotPolluted();

    // As check items and return reasons' field ids: text only, never a path into an object.
    const submitted = await submittedTdp(server, owner);
    const returned = await sendAction(server, office, makeAction(office, submitted.id, 'return', 'submitted', {
      checks: [{ itemId: 'constructor', ok: false, text: 'x' }, { itemId: 'toString', ok: true }],
      reasons: [{ fieldId: 'constructor', text: 'isi ulang' }, { fieldId: '__proto__', text: 'isi ulang' }],
    }));
    assert.ok(returned.status < 500, `prototype names as items: ${returned.status} ${returned.text.slice(0, 300)}`);
    if (returned.status === 201) {
      const kept = (await storedApplication(server, submitted.id)).returnReasons ?? [];
      assert.deepEqual(kept.map((reason) => reason.fieldId), ['constructor', '__proto__'], 'field ids kept as text');
    }
    assertNotPolluted();

    // The admin API: prototype names are no account, agency, booth or username.
    for (const name of ['constructor', '__proto__', 'toString']) {
      const account = await server.api(`/api/admin/accounts/${name}`, { method: 'PATCH', body: { displayName: 'x' }, cookie: admin.cookie });
      assert.equal(account.status, 404, `PATCH account ${name}: ${account.status} ${account.text.slice(0, 200)}`);
      const agency = await server.api(`/api/admin/agencies/${name}`, { method: 'PATCH', body: { active: false }, cookie: admin.cookie });
      assert.equal(agency.status, 404, `PATCH agency ${name}: ${agency.status} ${agency.text.slice(0, 200)}`);
      const password = await server.api(`/api/admin/accounts/${name}/password`, { body: { password: `Sandi-Baru-${hex()}` }, cookie: admin.cookie });
      assert.equal(password.status, 404, `password of ${name}: ${password.status}`);
    }
    for (const id of ['constructor', 'prototype', '__proto__']) {
      expectError(await server.api('/api/admin/agencies', { body: { id, name: { id: 'Dinas', en: 'Agency' } }, cookie: admin.cookie }), 400, 'invalid-input');
    }
    const badAssignments = [
      { username: 'constructor', role: 'applicant' }, { username: `m-${hex()}`, role: 'agency-reviewer', agencyId: 'constructor' },
      { username: `m-${hex()}`, role: 'booth-staff', boothId: 'constructor' }, { username: `m-${hex()}`, role: 'booth-staff', boothId: '__proto__' },
    ];
    for (const body of badAssignments) {
      expectError(await server.api('/api/admin/accounts', { body: { displayName: 'Uji', password: `Sandi-Uji-${hex()}`, ...body }, cookie: admin.cookie }), 400, 'invalid-input');
    }
  });

  it('never lets a `__proto__` key make an account an administrator', async () => {
    const target = await adminAccount(server, admin, 'applicant');
    const patched = await server.api(`/api/admin/accounts/${target.user.userId}`, {
      method: 'PATCH', rawBody: '{"__proto__":{"role":"admin","disabled":false},"displayName":"Nama Baru"}', cookie: admin.cookie,
    });
    expectError(patched, 400, 'invalid-input');
    const me = await server.api('/api/auth/me', { cookie: target.cookie });
    assert.equal((me.body as { user: { role: string } }).user.role, 'applicant', 'still an applicant');
    const username = `m-proto-${hex()}`;
    const password = `Sandi-Proto-${hex()}`;
    const created = await server.api('/api/admin/accounts', {
      rawBody: JSON.stringify({ username, displayName: 'Uji', role: 'applicant', password }).replace(/^\{/, '{"__proto__":{"role":"admin"},'), cookie: admin.cookie,
    });
    expectError(created, 400, 'invalid-input');
    assert.equal((await server.api('/api/auth/login', { body: { username, password } })).status, 401, 'no account was made');
    assertNotPolluted();
  });

  it('keeps markup in notes, reasons, questions and display names as text: what comes back is exactly what was typed, as JSON', async () => {
    const marked = await adminAccount(server, admin, 'agency-reviewer', { agencyId: agencyX }, `Peninjau ${SCRIPT}`);
    const listed = await server.api('/api/admin/accounts', { cookie: admin.cookie });
    assertJson(listed, 'the account list');
    const account = (listed.body as { accounts: { userId: string; displayName: string }[] }).accounts.find((entry) => entry.userId === marked.user.userId);
    assert.equal(account?.displayName, `Peninjau ${SCRIPT}`, 'the display name comes back as typed');
    assert.equal(marked.user.displayName, `Peninjau ${SCRIPT}`);

    const doc = await inReview();
    const note = await applied(server, marked, makeAction(marked, doc.id, 'note', 'in-review', { text: `Catatan ${SCRIPT}`, internal: true }));
    assert.equal(note.text, `Catatan ${SCRIPT}`);
    const question = await applied(server, reviewerY, makeAction(reviewerY, doc.id, 'recommend', 'in-review', { recommendation: 'needs-information', question: `Tanya ${SCRIPT}` }));
    assert.equal(question.question, `Tanya ${SCRIPT}`);
    assert.equal((await storedApplication(server, doc.id)).openQuestion?.text, `Tanya ${SCRIPT}`, 'the open question is kept as typed');

    const history = await server.api(`/api/applications/${doc.id}/history`, { cookie: office.cookie });
    assertJson(history, 'the history');
    const events = (history.body as { events: { actionId?: string; actorName?: string; changes: { field: string; value?: string }[] }[] }).events;
    const noteEvent = events.find((event) => event.actionId === note.id);
    assert.equal(noteEvent?.actorName, `Peninjau ${SCRIPT}`, 'the history names the actor as typed');
    const shown = noteEvent?.changes.find((change) => change.field === 'text')?.value ?? '';
    assert.ok(`Catatan ${SCRIPT}`.startsWith(shown.replace(/…$/, '')) && shown.length > 0, `the history shows the note as typed (or its start): ${shown}`);

    const submitted = await submittedTdp(server, owner);
    const returned = await applied(server, office, makeAction(office, submitted.id, 'return', 'submitted', { reasons: [{ text: `Perbaiki ${SCRIPT}` }] }));
    assert.equal(returned.reasons?.[0]?.text, `Perbaiki ${SCRIPT}`);
    const mine = (await pullEverything(server, owner.cookie, 'applications')).documents.find((entry) => entry.id === submitted.id) as unknown as ApplicationWireDoc | undefined;
    assert.equal(mine?.returnReasons?.[0]?.text, `Perbaiki ${SCRIPT}`, 'the applicant reads the reason as typed');
    const tracked = await server.api(`/api/public/track/${encodeURIComponent(submitted.provisionalNumber as string)}`);
    assert.equal(tracked.status, 200, tracked.text.slice(0, 200));
    assert.ok(!tracked.text.includes('<script') && !tracked.text.includes('Perbaiki'), 'the public page shows no reason');
  });

  it('refuses bad kinds, statuses, recommendations and ids by name, storing nothing', async () => {
    const doc = await inReview();
    const cases: [Partial<Record<keyof OfficeActionDoc, unknown>>, string][] = [
      [{ kind: 'approve' }, '/kind'], [{ kind: 'ACCEPT' }, '/kind'], [{ kind: '' }, '/kind'], [{ kind: 42 }, '/kind'], [{ kind: '__proto__' }, '/kind'],
      [{ basedOnStatus: 'approved' }, '/basedOnStatus'], [{ recommendation: 'yes', kind: 'recommend' }, '/recommendation'],
      [{ applicationId: 'x' }, '/applicationId'], [{ applicationId: '../../_users' }, '/applicationId'], [{ applicationId: 'a'.repeat(65) }, '/applicationId'],
      [{ id: 'kecil' }, '/id'], [{ id: '_design/reach' }, '/id'], [{ createdAt: 'kemarin' }, '/createdAt'], [{ updatedAt: -1 }, '/updatedAt'],
      [{ agencies: ['Bukan Id'], kind: 'reroute' }, '/agencies/0'],
    ];
    for (const [change, path] of cases) {
      const action = { ...makeAction(reviewerX, doc.id, 'note', 'in-review', { text: 'catatan' }), ...change };
      const result = await sendAction(server, change.kind === 'reroute' ? office : reviewerX, change.kind === 'reroute' ? { ...action, actorId: office.user.userId } : action);
      expectError(result, 400, 'invalid-input');
      assert.ok(problemPaths(result).some((found) => found.startsWith(path)), `${JSON.stringify(change)} names ${path}: ${problemPaths(result).join(', ')}`);
      // (`_design/reach` is the store's own view document: it exists, and must still be the server's.)
      if (typeof action.id === 'string' && !action.id.startsWith('_')) assert.equal(await storedAction(action.id), undefined, `nothing stored for ${JSON.stringify(change)}`);
    }
    const view = await storedAction('_design/reach');
    assert.ok(view && !('applicationId' in view), 'the view document is untouched');
    for (const body of [null, [], 'tekst', { rows: [] }]) {
      const result = await server.api('/api/office/actions', { rawBody: JSON.stringify(body), cookie: reviewerX.cookie });
      assert.equal(result.status, 400, `${JSON.stringify(body)}: ${result.status}`);
    }
    expectError(await server.api(`/api/admin/accounts/${encodeURIComponent('../../_users')}`, { method: 'PATCH', body: { displayName: 'x' }, cookie: admin.cookie }), 404, 'account-not-found');
    expectError(await server.api('/api/admin/accounts/x/sign-out-everywhere', { body: {}, cookie: admin.cookie }), 404, 'account-not-found');
    const badRole = await server.api(`/api/admin/accounts/${stranger.user.userId}`, { method: 'PATCH', body: { role: 'superuser' }, cookie: admin.cookie });
    expectError(badRole, 400, 'invalid-input');
  });

  it('refuses a re-route to an agency that does not exist, is inactive or is a prototype name, naming it; the routing stays', async () => {
    const doc = await inReview();
    const closed = await createAgency(server, admin, 'tutup');
    const deactivated = await server.api(`/api/admin/agencies/${closed}`, { method: 'PATCH', body: { active: false }, cookie: admin.cookie });
    assert.equal(deactivated.status, 200, deactivated.text);
    for (const agency of [`tidak-ada-${hex()}`, closed, 'constructor', '__proto__', 'toString']) {
      const result = await sendAction(server, office, makeAction(office, doc.id, 'reroute', 'in-review', { agencies: [agencyX, agency] }));
      const action = (result.body as { action?: { outcome?: string; outcomeCode?: string; outcomeReason?: { id: string; en: string } } }).action;
      if (result.status >= 400) {
        assert.equal(result.status, 400, `re-route to ${agency}: ${result.text.slice(0, 300)}`);
      } else {
        assert.equal(action?.outcome, 'refused', `re-route to ${agency}: ${result.text.slice(0, 300)}`);
        assert.equal(action.outcomeCode, 'unknown-agency');
        assert.ok(action.outcomeReason?.en.includes(`"${agency}"`) && action.outcomeReason.id.includes(`"${agency}"`), `the refusal names ${agency}: ${JSON.stringify(action.outcomeReason)}`);
      }
      const stored = await storedApplication(server, doc.id);
      assert.deepEqual(stored.routedAgencies, [agencyX, agencyY], 'the routing is unchanged');
      assert.equal(stored.status, 'in-review');
    }
    // The control: a re-route to known agencies is applied.
    await applied(server, office, makeAction(office, doc.id, 'reroute', 'in-review', { agencies: [agencyY] }));
    assert.deepEqual((await storedApplication(server, doc.id)).routedAgencies, [agencyY], 'a re-route to a known agency is applied');
  });

  it('ignores server-owned fields an action carries: agency, role, outcome, times and readers come from the server', async () => {
    const doc = await inReview();
    const forged = {
      ...makeAction(reviewerY, doc.id, 'recommend', 'in-review', { recommendation: 'approve' }),
      agencyId: agencyX, actorRole: 'front-office', outcome: 'refused', outcomeCode: 'palsu', outcomeReason: { id: 'palsu', en: 'forged' },
      appliedAt: '2000-01-01T00:00:00.000Z',
    };
    // The fields the server sets on an action: dropped, the action applied with the server's own.
    const result = await sendAction(server, reviewerY, forged);
    assert.equal(result.status, 201, result.text.slice(0, 300));
    const stored = await storedAction(forged.id);
    assert.equal(stored?.agencyId, agencyY, 'the agency is the account\'s');
    assert.equal(stored?.actorRole, 'agency-reviewer');
    assert.equal(stored?.outcome, 'applied');
    assert.equal(stored?.outcomeCode, undefined);
    assert.notEqual(stored?.appliedAt, forged.appliedAt);
    assert.deepEqual((await storedApplication(server, doc.id)).recommendedAgencies, [agencyY], 'the recommendation counts for Y, not for the agency it named');
    // Storage fields (readers, sequence, type) are not part of an action at all: refused by name, nothing stored.
    const extra = { readers: ['role:applicant', `user:${stranger.user.userId}`], formerReaders: [], serverSeq: 1e12, type: 'application', deleted: false };
    const withReaders = { ...makeAction(reviewerX, doc.id, 'note', 'in-review', { text: 'catatan' }), ...extra };
    const refusedReaders = await sendAction(server, reviewerX, withReaders);
    expectError(refusedReaders, 400, 'invalid-input');
    assert.ok(problemPaths(refusedReaders).includes('/readers'), 'the problem names /readers');
    assert.equal(await storedAction(withReaders.id), undefined, 'not stored');
    const strangerActions = await pullEverything(server, stranger.cookie, 'actions');
    assert.ok(!strangerActions.documents.some((entry) => entry.id === forged.id || entry.id === withReaders.id), 'the forged reader receives nothing');

    // The same through the actions push.
    const pushedForged = { ...makeAction(reviewerX, doc.id, 'note', 'in-review', { text: 'catatan X' }), agencyId: agencyY, actorRole: 'admin', outcome: 'refused' };
    const pushedReaders = { ...makeAction(reviewerX, doc.id, 'note', 'in-review', { text: 'catatan X' }), ...extra };
    const pushed = await server.api('/api/sync/actions/push', { body: { rows: [{ newDocumentState: pushedForged }, { newDocumentState: pushedReaders }] }, cookie: reviewerX.cookie });
    assert.equal(pushed.status, 200, pushed.text.slice(0, 300));
    assert.deepEqual((pushed.body as { refused: { id: string; code: string }[] }).refused.map((row) => [row.id, row.code]), [[pushedReaders.id, 'invalid-input']],
      'only the row with storage fields is refused');
    const storedPush = await storedAction(pushedForged.id);
    assert.equal(storedPush?.agencyId, agencyX);
    assert.equal(storedPush?.actorRole, 'agency-reviewer');
    assert.equal(storedPush?.outcome, 'applied');
    assert.equal(await storedAction(pushedReaders.id), undefined);
    // An action in another account's name is refused, never applied for it.
    const impersonated = { ...makeAction(office, doc.id, 'note', 'in-review', { text: 'atas nama loket' }) };
    expectError(await sendAction(server, reviewerX, impersonated), 403, 'not-your-action');
    assert.equal(await storedAction(impersonated.id), undefined);
  });

  it('ignores or refuses server-owned application fields a device sends: it cannot route its own draft to an agency', async () => {
    const forgedDraft = {
      ...draft(owner.user.userId),
      routedAgencies: [agencyX], recommendedAgencies: [agencyX], acceptedAt: new Date().toISOString(),
      stages: [{ stage: 'in-review', at: new Date().toISOString() }],
    } as unknown as ApplicationWireDoc;
    const pushed = await server.api('/api/sync/applications/push', { body: { rows: [{ newDocumentState: forgedDraft }] }, cookie: owner.cookie, headers: { 'x-ptsp-refusals': 'rows' } });
    assert.equal(pushed.status, 200, pushed.text.slice(0, 300));
    const stored = await server.stored(forgedDraft.id);
    // Stored as a draft, its server-owned fields taken from the server's copy (there is none yet).
    assert.ok(stored, 'the draft is stored');
    assert.equal(stored.routedAgencies, undefined, 'no routing from a device');
    assert.equal(stored.recommendedAgencies, undefined);
    assert.equal(stored.acceptedAt, undefined);
    assert.deepEqual(stored.readers, [`user:${owner.user.userId}`], 'readers are the server\'s');
    const withReaders = { ...draft(owner.user.userId), readers: [`agency:${agencyX}`, 'role:inspector'] } as unknown as ApplicationWireDoc;
    const readersPush = await server.api('/api/sync/applications/push', { body: { rows: [{ newDocumentState: withReaders }] }, cookie: owner.cookie, headers: { 'x-ptsp-refusals': 'rows' } });
    assert.equal(readersPush.status, 200, readersPush.text.slice(0, 300));
    assert.deepEqual((readersPush.body as { refused: { id: string; code: string }[] }).refused.map((row) => [row.id, row.code]), [[withReaders.id, 'invalid-input']]);
    assert.equal(await server.stored(withReaders.id), undefined, 'a draft naming its own readers is not stored');
    const reviewerPull = await pullEverything(server, reviewerX.cookie, 'applications');
    assert.ok(!reviewerPull.documents.some((entry) => entry.id === forgedDraft.id || entry.id === withReaders.id), 'the agency does not receive the draft');

    // The admin API: an account's id, password hash and session times are never the sender's.
    const username = `m-milik-${hex()}`;
    const password = `Sandi-Milik-${hex()}`;
    const created = await server.api('/api/admin/accounts', {
      body: { username, displayName: 'Uji', role: 'applicant', password, userId: 'pilihan-sendiri', passwordHash: 'x', sessionsValidFrom: '2999-01-01T00:00:00.000Z', disabled: false },
      cookie: admin.cookie,
    });
    expectError(created, 400, 'invalid-input');
    for (const change of [{ username: 'admin1' }, { passwordHash: 'x' }, { userId: 'lain' }, { sessionsValidFrom: '2999-01-01T00:00:00.000Z' }]) {
      expectError(await server.api(`/api/admin/accounts/${stranger.user.userId}`, { method: 'PATCH', body: change, cookie: admin.cookie }), 400, 'invalid-input');
    }
    const me = await server.api('/api/auth/me', { cookie: stranger.cookie });
    assert.equal(me.status, 200, 'the account still works, unchanged');
    assert.equal((me.body as { user: { role: string } }).user.role, 'applicant');
  });
});
