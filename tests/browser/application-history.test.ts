// An application's history on the device (client/data/application-history.ts) and the screens that
// show it: the office's panel (ptsp-application-history) and the applicant's stages
// (ptsp-application-stages). The network is stubbed; every test uses an account and application id
// of its own, so what another test kept on the device changes nothing.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { get, set } from 'idb-keyval';
import { filter, firstValueFrom } from 'rxjs';
import type { ApplicationDoc } from '../../common/application-schema.js';
import type { ApplicationHistoryResponse, HistoryEntry, UserProfile } from '../../common/sync-protocol.js';
import { AgencyDirectory } from '../../client/data/agencies.js';
import { ApplicationHistories, historySetting, KEPT_HISTORY_DAYS, type HistoryView } from '../../client/data/application-history.js';
import type { PtspApplicationHistory } from '../../client/features/office/ptsp-application-history.js';
import '../../client/features/office/ptsp-application-history.js';
import type { PtspApplicationStages } from '../../client/features/intake/ptsp-application-stages.js';
import '../../client/features/intake/ptsp-application-stages.js';
import { setLanguage } from '../../client/i18n/localize.js';

const original = window.fetch;
const fresh = (prefix: string): string => `${prefix}-${crypto.randomUUID()}`;
/** A fetch time well inside KEPT_HISTORY_DAYS whenever the tests run (another page's replication start prunes older copies). */
const keptAt = (hoursAgo: number): string => new Date(Date.now() - hoursAgo * 60 * 60 * 1000).toISOString();

interface Served { asks: number; userHeaders: (string | null)[] }

/**
 * Answers GET /api/applications/<id>/history with `answer` (a function of the ask's number, or a
 * status to fail with; undefined: no network), and GET /api/agencies with `agencies` when given.
 */
function serve(applicationId: string, answer: (ask: number) => ApplicationHistoryResponse | number | undefined,
  agencies?: unknown): Served {
  const served: Served = { asks: 0, userHeaders: [] };
  window.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (url === '/api/agencies' && agencies !== undefined) return Promise.resolve(Response.json({ agencies }));
    if (url !== `/api/applications/${applicationId}/history`) return Promise.reject(new TypeError('Failed to fetch'));
    served.asks += 1;
    served.userHeaders.push(new Headers(init?.headers).get('x-ptsp-user'));
    const reply = answer(served.asks);
    if (reply === undefined) return Promise.reject(new TypeError('Failed to fetch'));
    if (typeof reply === 'number') {
      return Promise.resolve(Response.json({ error: { code: 'application-not-found', message: { id: 'Tidak ada.', en: 'Not found.' } } }, { status: reply }));
    }
    return Promise.resolve(Response.json(reply));
  }) as typeof fetch;
  return served;
}

const viewWhere = (histories: ApplicationHistories, userId: string, applicationId: string, ok: (view: HistoryView) => boolean): Promise<HistoryView> =>
  firstValueFrom(histories.history$(userId, applicationId).pipe(filter(ok)));

function entry(applicationId: string, key: string, at: string, extra: Partial<HistoryEntry>): HistoryEntry {
  return { applicationId, key, at, event: 'note', actorId: 'u-1', actorRole: 'front-office', changes: [], ...extra };
}

function application(id: string, status: ApplicationDoc['status']): ApplicationDoc {
  return {
    id, ownerId: 'owner', permitTypeId: 'tdp', catalogVersion: 1, status, answers: {}, updatedAt: 1,
    createdAt: '2026-11-30T01:00:00.000Z',
  } as unknown as ApplicationDoc;
}

const session = (userId: string, role: UserProfile['role']) => ({ user: { userId, username: userId, displayName: userId, role }, language: 'id' as const });

describe('an application\'s history on the device (client/data/application-history.ts)', () => {
  afterEach(() => { window.fetch = original; });

  it('online: gives the server\'s answer as this account and keeps it; a later page offline shows the kept copy with the time it was fetched', async () => {
    const userId = fresh('office');
    const id = fresh('app');
    const answer: ApplicationHistoryResponse = { applicationId: id, stages: [{ stage: 'submitted', at: '2026-11-30T02:00:00.000Z' }], events: [] };
    const online = serve(id, () => answer);
    const first = await viewWhere(new ApplicationHistories(), userId, id, (view) => view.state === 'shown');
    expect(first).to.include({ state: 'shown', fresh: true, refreshing: false });
    expect(online.userHeaders).to.deep.equal([userId], 'asked as the signed-in account');
    await waitUntil(async () => (await get(historySetting(userId, id))) !== undefined, 'kept on the device');

    const offline = serve(id, () => undefined);
    const later = new ApplicationHistories();
    const kept = await viewWhere(later, userId, id, (view) => view.state === 'shown' && !view.refreshing);
    expect(kept.state === 'shown' && kept.fresh).to.equal(false, 'marked as a kept copy');
    expect(kept.state === 'shown' && kept.history).to.deep.equal(answer);
    expect(kept.state === 'shown' && kept.fetchedAt).to.equal(first.state === 'shown' ? first.fetchedAt : '', 'the time it was fetched');
    expect(offline.asks).to.equal(1, 'it did try the server');
    // Another account on the same device has no copy of it.
    const stranger = await viewWhere(later, fresh('applicant'), id, (view) => view.state !== 'loading');
    expect(stranger.state).to.equal('unavailable');
  });

  it('offline with nothing kept says so; a 404 says not found and drops the kept copy', async () => {
    const userId = fresh('office');
    const id = fresh('app');
    serve(id, () => undefined);
    expect((await viewWhere(new ApplicationHistories(), userId, id, (view) => view.state !== 'loading')).state).to.equal('unavailable');

    await set(historySetting(userId, id), { history: { applicationId: id, stages: [] }, fetchedAt: keptAt(2) });
    serve(id, () => 404);
    expect((await viewWhere(new ApplicationHistories(), userId, id, (view) => view.state === 'not-found')).state).to.equal('not-found');
    await waitUntil(async () => (await get(historySetting(userId, id))) === undefined, 'the copy is dropped');
  });

  it('forgets the kept copy of an application that left the account\'s reach, and only that one', async () => {
    const userId = fresh('office');
    const gone = fresh('app');
    const stays = fresh('app');
    for (const id of [gone, stays]) await set(historySetting(userId, id), { history: { applicationId: id, stages: [], events: [] }, fetchedAt: keptAt(2) });
    const histories = new ApplicationHistories();
    await histories.forget(userId, [gone]);
    expect(await get(historySetting(userId, gone))).to.equal(undefined);
    expect(await get(historySetting(userId, stays))).to.not.equal(undefined);
    // Offline afterwards, the forgotten one has nothing to show.
    serve(gone, () => undefined);
    expect((await viewWhere(histories, userId, gone, (view) => view.state !== 'loading')).state).to.equal('unavailable');
  });

  it('drops kept copies not fetched for KEPT_HISTORY_DAYS, of every account, and keeps newer ones and one on screen', async () => {
    const [oldUser, otherUser] = [fresh('office'), fresh('reviewer')];
    const [old, otherOld, recent, shown, broken] = ['app', 'app', 'app', 'app', 'app'].map(fresh) as [string, string, string, string, string];
    const now = Date.now();
    const daysAgo = (days: number): string => new Date(now - days * 24 * 60 * 60 * 1000).toISOString();
    const kept = (id: string, fetchedAt: string) => ({ history: { applicationId: id, stages: [], events: [] }, fetchedAt });
    await set(historySetting(oldUser, old), kept(old, daysAgo(KEPT_HISTORY_DAYS + 1)));
    await set(historySetting(otherUser, otherOld), kept(otherOld, daysAgo(KEPT_HISTORY_DAYS + 30)));
    await set(historySetting(oldUser, recent), kept(recent, daysAgo(KEPT_HISTORY_DAYS - 1)));
    await set(historySetting(oldUser, shown), kept(shown, daysAgo(KEPT_HISTORY_DAYS + 5)));
    await set(historySetting(oldUser, broken), { history: 'not a history' });
    const histories = new ApplicationHistories();
    // On screen (offline, so the kept copy is what shows): a prune must not take it from under the panel.
    serve(shown, () => undefined);
    const watching = histories.history$(oldUser, shown).subscribe();
    const dropped = await histories.prune(KEPT_HISTORY_DAYS, now);
    expect(dropped).to.be.at.least(3, 'the two old copies and the malformed one (and any other page left)');
    expect(await get(historySetting(oldUser, old))).to.equal(undefined);
    expect(await get(historySetting(otherUser, otherOld))).to.equal(undefined, 'another account\'s old copy too');
    expect(await get(historySetting(oldUser, broken))).to.equal(undefined, 'a malformed copy');
    expect(await get(historySetting(oldUser, recent))).to.not.equal(undefined, 'a newer copy stays');
    expect(await get(historySetting(oldUser, shown))).to.not.equal(undefined, 'the copy on screen stays');
    watching.unsubscribe();
  });

  it('a refresh asked while one is on its way asks once more after it, and shows the newest answer', async () => {
    const userId = fresh('office');
    const id = fresh('app');
    const served = serve(id, (ask) => ({ applicationId: id, stages: [], events: Array.from({ length: ask }, (_, index) => entry(id, `k${index}`, '2026-11-30T02:00:00.000Z', {})) }));
    const histories = new ApplicationHistories();
    const views: HistoryView[] = [];
    const subscription = histories.history$(userId, id).subscribe((view) => views.push(view));
    await histories.refresh(userId, id);
    await waitUntil(() => views.some((view) => view.state === 'shown' && !view.refreshing && view.history.events?.length === 2), 'the second answer shows');
    subscription.unsubscribe();
    expect(served.asks).to.equal(2, 'the one asked meanwhile, once');
  });
});

describe('ptsp-application-history: the office\'s panel', () => {
  beforeEach(async () => { await setLanguage('id'); });
  afterEach(async () => {
    window.fetch = original;
    await setLanguage('id');
  });

  it('lists every event newest first in words, with the actor\'s name and role, both times, the agency by name and what changed', async () => {
    const userId = fresh('office');
    const id = fresh('app');
    const agency = fresh('dinas-pupr');
    const events: HistoryEntry[] = [
      entry(id, 'submit:1', '2026-11-30T02:00:00.000Z', {
        event: 'submit', actorId: 'u-ani', actorRole: 'applicant', actorName: 'Ani Lestari', device: 'dev-abcdef123456',
        deviceAt: '2026-11-30T01:58:00.000Z', fromStatus: 'draft', toStatus: 'submitted', changes: [{ field: 'status', value: 'submitted' }],
      }),
      entry(id, 'a-return', '2026-11-30T03:00:00.000Z', {
        event: 'return', actorId: 'u-budi', actorRole: 'front-office', actorName: 'Budi Santoso', deviceAt: '2026-11-30T02:59:00.000Z',
        fromStatus: 'submitted', toStatus: 'returned', outcome: 'applied', changes: [{ field: 'reasons', value: '2' }, { field: 'checks', value: '3/4' }, { field: 'returnedAt', value: '2026-11-30T03:00:00.000Z' }],
      }),
      entry(id, 'a-note', '2026-11-30T04:00:00.000Z', {
        event: 'note', actorId: 'u-citra', actorRole: 'agency-reviewer', actorName: 'Citra', agencyId: agency, internal: true,
        fromStatus: 'in-review', toStatus: 'in-review', changes: [{ field: 'text', value: 'NIK ************3456 cocok' }, { field: 'routedAgencies', value: agency }],
      }),
      entry(id, 'a-rec:refused', '2026-11-30T05:00:00.000Z', {
        event: 'recommend', actorId: 'u-citra', actorRole: 'agency-reviewer', actorName: 'Citra', agencyId: agency, outcome: 'refused',
        outcomeCode: 'stale-action', fromStatus: 'in-review', toStatus: 'in-review', changes: [{ field: 'recommendation', value: 'approve' }],
        outcomeReason: { id: 'Permohonan sudah berpindah tahap sebelum tindakan ini sampai.', en: 'The application moved on before this action arrived.' },
      }),
    ];
    serve(id, () => ({ applicationId: id, stages: [], events }), [{ id: agency, name: { id: 'Dinas Pekerjaan Umum', en: 'Public Works Agency' } }]);
    const el = await fixture<PtspApplicationHistory>(html`<ptsp-application-history .application=${application(id, 'in-review')}
      .session=${session(userId, 'front-office')} .histories=${new ApplicationHistories()} .agencies=${new AgencyDirectory()}></ptsp-application-history>`);
    const items = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[data-testid=history-event]')];
    await waitUntil(() => items().length === 4 && items()[0]!.textContent!.includes('Dinas Pekerjaan Umum'), 'the events with the agency named');
    expect(items().map((item) => item.dataset.event)).to.deep.equal(['recommend', 'note', 'return', 'submit'], 'newest first');
    const [refused, note, returned, submitted] = items();
    expect(refused!.querySelector('[data-testid=history-what]')!.textContent).to.equal('Ditolak server, tidak diterapkan: memberi rekomendasi');
    expect(refused!.querySelector('[data-testid=history-changes]')!.textContent).to.contain('Rekomendasi: Setuju');
    expect(refused!.querySelector('[data-testid=history-refused-reason]')!.textContent).to.equal('Alasan: Permohonan sudah berpindah tahap sebelum tindakan ini sampai.');
    expect(returned!.querySelector('[data-testid=history-refused-reason]')).to.equal(null, 'an applied action has no reason line');
    expect(returned!.querySelector('[data-testid=history-what]')!.textContent).to.equal('Dikembalikan ke pemohon untuk perbaikan');
    expect(returned!.querySelector('[data-testid=history-who]')!.textContent).to.equal('Oleh Budi Santoso (petugas loket)');
    expect(returned!.querySelector('[data-testid=history-changes]')!.textContent).to.contain('Status: Diajukan → Dikembalikan untuk perbaikan')
      .and.contain('Persyaratan sesuai: 3 dari 4').and.contain('Alasan pengembalian: 2').and.not.contain('returnedAt');
    expect(returned!.querySelector('[data-testid=history-server-at] time')!.getAttribute('datetime')).to.equal('2026-11-30T03:00:00.000Z');
    expect(returned!.querySelector('[data-testid=history-device-at] time')!.getAttribute('datetime')).to.equal('2026-11-30T02:59:00.000Z');
    expect(note!.querySelector('[data-testid=history-who]')!.textContent).to.equal('Oleh Citra (peninjau dinas), Dinas Pekerjaan Umum');
    expect(note!.textContent).to.contain('************3456').and.contain('Diteruskan ke: Dinas Pekerjaan Umum').and.not.contain(agency);
    expect(submitted!.querySelector('[data-testid=history-device]')!.textContent).to.equal('Perangkat: dev-abcd');
    expect(el.shadowRoot!.querySelector('[data-testid=history-as-of]')).to.equal(null, 'fresh: no "as of"');

    await setLanguage('en');
    await el.updateComplete;
    expect(returned!.querySelector('[data-testid=history-who]')!.textContent).to.equal('By Budi Santoso (front office)');
    expect(refused!.querySelector('[data-testid=history-refused-reason]')!.textContent).to.equal('Reason: The application moved on before this action arrived.');
    expect(el.shadowRoot!.querySelector('h2')!.textContent).to.equal('Application history');
  });

  it('shows the latest 20 of a long history, then all of them', async () => {
    const userId = fresh('office');
    const id = fresh('app');
    const events = Array.from({ length: 25 }, (_, index) => entry(id, `n${index}`, `2026-11-30T02:${String(index).padStart(2, '0')}:00.000Z`, { actorName: `Orang ${index}` }));
    serve(id, () => ({ applicationId: id, stages: [], events }));
    const el = await fixture<PtspApplicationHistory>(html`<ptsp-application-history .application=${application(id, 'in-review')}
      .session=${session(userId, 'front-office')} .histories=${new ApplicationHistories()} .agencies=${new AgencyDirectory()}></ptsp-application-history>`);
    const keys = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[data-testid=history-event]')].map((item) => item.dataset.key);
    await waitUntil(() => keys().length > 0, 'the events');
    expect(keys()).to.have.length(20);
    expect(keys()[0]).to.equal('n24', 'the newest first');
    expect(el.shadowRoot!.querySelector('[data-testid=history-count]')!.textContent).to.equal('20 dari 25 kejadian, terbaru di atas.');
    el.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid=history-show-all]')!.click();
    await el.updateComplete;
    expect(keys()).to.have.length(25);
    expect(keys()[24]).to.equal('n0');
  });

  it('offline: the kept copy with "as of" its time; nothing kept: says so in Indonesian and English', async () => {
    const userId = fresh('office');
    const id = fresh('app');
    const fetchedAt = keptAt(30);
    await set(historySetting(userId, id), { history: { applicationId: id, stages: [], events: [entry(id, 'k', '2026-11-30T02:00:00.000Z', { actorName: 'Budi' })] }, fetchedAt });
    serve(id, () => undefined);
    const el = await fixture<PtspApplicationHistory>(html`<ptsp-application-history .application=${application(id, 'in-review')}
      .session=${session(userId, 'front-office')} .histories=${new ApplicationHistories()} .agencies=${new AgencyDirectory()}></ptsp-application-history>`);
    const asOf = () => el.shadowRoot!.querySelector<HTMLElement>('[data-testid=history-as-of]');
    await waitUntil(() => asOf()?.textContent?.includes('Server tidak dapat dihubungi'), 'the kept copy, marked');
    expect(asOf()!.dataset.fetchedAt).to.equal(fetchedAt);
    expect(asOf()!.textContent).to.contain(String(new Date(fetchedAt).getFullYear()));
    expect(el.shadowRoot!.querySelectorAll('[data-testid=history-event]')).to.have.length(1);

    const other = fresh('app');
    serve(other, () => undefined);
    const empty = await fixture<PtspApplicationHistory>(html`<ptsp-application-history .application=${application(other, 'in-review')}
      .session=${session(userId, 'front-office')} .histories=${new ApplicationHistories()} .agencies=${new AgencyDirectory()}></ptsp-application-history>`);
    const unavailable = () => empty.shadowRoot!.querySelector('[data-testid=history-unavailable]');
    await waitUntil(() => unavailable(), 'says nothing is kept');
    expect(unavailable()!.textContent).to.contain('belum pernah dimuat di perangkat ini');
    await setLanguage('en');
    await empty.updateComplete;
    expect(unavailable()!.textContent).to.contain('never loaded on this device');
  });
});

describe('ptsp-application-stages: the applicant\'s stages', () => {
  it('lists the stages from the device\'s own copy, oldest first with their times, offline too; nothing for a draft', async () => {
    await setLanguage('id');
    // Offline: nothing is asked of the network (the application's server-owned fields are on the device).
    window.fetch = () => Promise.reject(new TypeError('offline'));
    const returned = {
      ...application(fresh('app'), 'returned'), submittedAt: '2026-11-30T01:59:00.000Z', registeredAt: '2026-11-30T02:01:00.000Z', returnedAt: '2026-11-30T03:00:00.000Z',
      stages: [{ stage: 'submitted', at: '2026-11-30T02:00:00.000Z' }, { stage: 'returned', at: '2026-11-30T03:00:00.000Z' }],
    } as ApplicationDoc;
    const el = await fixture<PtspApplicationStages>(html`<ptsp-application-stages .application=${returned}></ptsp-application-stages>`);
    const items = () => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[data-testid=stages-list] li')];
    expect(items().map((item) => item.dataset.stage)).to.deep.equal(['submitted', 'registered', 'returned']);
    expect(items()[2]!.querySelector('.what')!.textContent).to.equal('Dikembalikan ke pemohon untuk perbaikan');
    expect(items()[0]!.querySelector('time')!.getAttribute('datetime')).to.equal('2026-11-30T02:00:00.000Z');
    // The replication brings the next stage: it shows at once.
    el.application = { ...returned, status: 'submitted', stages: [...returned.stages!, { stage: 'submitted', at: '2026-11-30T04:00:00.000Z' }] };
    await el.updateComplete;
    expect(items().map((item) => item.dataset.stage)).to.deep.equal(['submitted', 'registered', 'returned', 'submitted']);

    const draft = await fixture<PtspApplicationStages>(html`<ptsp-application-stages .application=${application(fresh('app'), 'draft')}></ptsp-application-stages>`);
    expect(draft.shadowRoot!.querySelector('section')).to.equal(null);
    window.fetch = original;
  });
});
