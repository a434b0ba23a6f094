// The agency's technical review screen on a real Workspace: what it offers by the shared rules,
// the note and recommendation made offline as action documents (waiting), then the server's outcome:
// applied, or refused as stale with the reason in the person's language.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { get } from 'idb-keyval';
import { firstValueFrom, filter } from 'rxjs';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { OfficeActionDoc } from '../../common/office-action-schema.js';
import { decide } from '../../common/workflow/transitions.js';
import { AGENCIES_SETTING, AgencyDirectory } from '../../client/data/agencies.js';
import { Workspace } from '../../client/data/workspace.js';
import { setLanguage } from '../../client/i18n/localize.js';
import type { PtspOfficeReview } from '../../client/features/office/review/ptsp-office-review.js';
import { isStorageFull } from '../../client/ui/save-failure.js';
import '../../client/features/office/review/ptsp-office-review.js';
import { applicationOnDevice, current, person, serveCatalogOnly, serverChanges, serverOutcome } from './review-support.js';

const q = (el: PtspOfficeReview, selector: string) => el.shadowRoot!.querySelector(selector) as HTMLElement | null;
const text = (el: PtspOfficeReview) => el.shadowRoot!.textContent ?? '';
function type(field: HTMLElement | null, value: string): void {
  if (!field) throw new Error('no such field');
  (field as HTMLTextAreaElement).value = value;
  field.dispatchEvent(new Event('input'));
}

/** The catalog and GET /api/agencies are served (`agencies` undefined: that ask fails as if offline); anything else fails. */
function serveCatalogAndAgencies(agencies: unknown): void {
  window.fetch = ((input: RequestInfo | URL) => {
    const url = String(input);
    const json = (body: unknown) => Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }));
    if (url.includes('/api/catalog')) return json(demoCatalog);
    if (url.endsWith('/api/agencies') && agencies !== undefined) return json({ agencies });
    return Promise.reject(new TypeError('Failed to fetch'));
  }) as typeof fetch;
}

describe('technical review (ptsp-office-review)', () => {
  const original = window.fetch;
  beforeEach(() => serveCatalogOnly());
  afterEach(async () => {
    window.fetch = original;
    await setLanguage('id');
  });

  it('offline: an internal note and a recommendation wait on the device, then show as applied and the form is no longer offered', async () => {
    const reviewer = person('agency-reviewer', 'dinas-pupr');
    const workspace = await Workspace.open(reviewer, { sync: false });
    const application = await applicationOnDevice(workspace, {
      ownerId: `pemohon-${crypto.randomUUID()}`, status: 'in-review', submittedAt: new Date().toISOString(), provisionalNumber: 'P-REVW-0001',
      routedAgencies: ['dinas-pupr', 'bapenda'], recommendedAgencies: [],
    });
    const el = await fixture<PtspOfficeReview>(html`<ptsp-office-review .application=${application} .workspace=${workspace}
      .session=${{ user: reviewer, language: 'id' }}></ptsp-office-review>`);
    const answer = () => q(el, 'ptsp-answers-summary')?.shadowRoot?.querySelector('[data-field=companyName]');
    await waitUntil(() => answer(), 'the answers are shown read-only');
    expect(answer()!.textContent).to.equal('CV Sumber Rejeki');
    expect(q(el, '[data-testid=note-internal]')!.textContent).to.contain('internal', 'the note says it is internal');

    q(el, '[data-testid=note-send]')!.click();
    await waitUntil(() => q(el, '[data-testid=note-problem]'), 'an empty note is refused on the screen');
    type(q(el, '[data-testid=note-text]'), 'Gambar konstruksi papan reklame perlu dicek ulang');
    q(el, '[data-testid=note-send]')!.click();
    await waitUntil(() => q(el, '[data-testid=review-action][data-kind=note]'), 'the note is listed');
    expect(q(el, '[data-kind=note] [data-testid=outcome]')!.dataset.outcome).to.equal('waiting');
    expect(q(el, '[data-kind=note] [data-testid=outcome]')!.textContent).to.contain('menunggu dikirim');

    (q(el, '[data-testid=rec-approve-with-conditions]') as HTMLInputElement).click();
    await el.updateComplete;
    q(el, '[data-testid=recommend-send]')!.click();
    await waitUntil(() => q(el, '[data-testid=recommend-problem]'), 'conditions are required');
    type(q(el, '[data-testid=rec-conditions]'), 'Tinggi papan paling banyak 6 meter');
    q(el, '[data-testid=recommend-send]')!.click();
    await waitUntil(() => q(el, '[data-testid=recommend-waiting]'), 'a recommendation made here is not offered twice');

    const actions = await firstValueFrom(workspace.office.actionsOf(application.id).pipe(filter((docs: OfficeActionDoc[]) => docs.length === 2)));
    const note = actions.find((action) => action.kind === 'note')!;
    const recommendation = actions.find((action) => action.kind === 'recommend')!;
    expect(note.internal).to.equal(true, 'a note is internal');
    expect(recommendation).to.include({ recommendation: 'approve-with-conditions', conditions: 'Tinggi papan paling banyak 6 meter', basedOnStatus: 'in-review' });
    expect(workspace.pendingCount()).to.be.greaterThanOrEqual(2, 'both wait to be sent');

    // The network is back: the server applied both and the application says so.
    await serverOutcome(workspace, note, { outcome: 'applied', agencyId: 'dinas-pupr' });
    await serverOutcome(workspace, recommendation, { outcome: 'applied', agencyId: 'dinas-pupr' });
    await serverChanges(workspace, application.id, { recommendedAgencies: ['dinas-pupr'] });
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[data-outcome=applied]').length === 2, 'both applied');
    await waitUntil(() => q(el, '[data-testid=recommend-not-offered]'), 'after its recommendation the agency is not offered another');
    expect(q(el, '[data-testid=recommend-not-offered]')!.textContent).to.contain('sudah memberi rekomendasi');
    el.remove();
    await workspace.close();
  });

  it('a stale recommendation comes back refused: the screen says the application moved on, in the person\'s language', async () => {
    await setLanguage('en');
    const reviewer = person('agency-reviewer', 'bapenda');
    const workspace = await Workspace.open(reviewer, { sync: false });
    const application = await applicationOnDevice(workspace, {
      ownerId: `pemohon-${crypto.randomUUID()}`, status: 'in-review', routedAgencies: ['dinas-pupr', 'bapenda'], recommendedAgencies: [],
    });
    const el = await fixture<PtspOfficeReview>(html`<ptsp-office-review .application=${application} .workspace=${workspace}
      .session=${{ user: reviewer, language: 'en' }}></ptsp-office-review>`);
    await waitUntil(() => q(el, '[data-testid=recommend-form]'), 'a recommendation is offered');
    (q(el, '[data-testid=rec-needs-information]') as HTMLInputElement).click();
    await el.updateComplete;
    q(el, '[data-testid=recommend-send]')!.click();
    await waitUntil(() => q(el, '[data-testid=recommend-problem]'), 'a question is required');
    type(q(el, '[data-testid=rec-question]'), 'Please send the building permit of the sign location.');
    q(el, '[data-testid=recommend-send]')!.click();
    const [made] = await firstValueFrom(workspace.office.actionsOf(application.id).pipe(filter((docs: OfficeActionDoc[]) => docs.length === 1)));

    // Meanwhile another agency asked first: the server has it in needs-information, so this one is stale.
    const onServer = { ...(await current(workspace, application.id)), status: 'needs-information' as const };
    const refused = decide({ userId: reviewer.userId, role: reviewer.role, agencyId: 'bapenda' }, onServer, made!);
    if (refused.ok) throw new Error('the rules should refuse a stale action');
    await serverOutcome(workspace, made!, { outcome: 'refused', outcomeCode: refused.code, outcomeReason: refused.reason, agencyId: 'bapenda' });
    await waitUntil(() => q(el, '[data-outcome=refused]'), 'the refusal is shown');
    const shown = q(el, '[data-outcome=refused]')!.textContent!;
    expect(shown).to.contain('moved on');
    expect(shown).to.contain(refused.reason.en);
    el.remove();
    await workspace.close();
  });

  it('offers nothing to an agency the application is not routed to, and says why', async () => {
    const reviewer = person('agency-reviewer', 'dinas-lain');
    const workspace = await Workspace.open(reviewer, { sync: false });
    const application = await applicationOnDevice(workspace, {
      ownerId: `pemohon-${crypto.randomUUID()}`, status: 'in-review', routedAgencies: ['dinas-pupr'], recommendedAgencies: [],
    });
    const el = await fixture<PtspOfficeReview>(html`<ptsp-office-review .application=${application} .workspace=${workspace}
      .session=${{ user: reviewer, language: 'id' }}></ptsp-office-review>`);
    await waitUntil(() => q(el, '[data-testid=recommend-not-offered]'), 'no recommendation offered');
    expect(q(el, '[data-testid=note-not-offered]')).to.not.equal(null, 'no note offered');
    expect(q(el, '[data-testid=recommend-form]')).to.equal(null);
    expect(text(el)).to.contain('tidak diteruskan ke dinas Anda');
    el.remove();
    await workspace.close();
  });

  it('names the routed and recommending agencies: from the server, then from the device\'s list with the network off; an unknown id as itself', async () => {
    const pupr = `dinas-pupr-${crypto.randomUUID().slice(0, 8)}`;
    const bapenda = `bapenda-${crypto.randomUUID().slice(0, 8)}`;
    const unknown = `dinas-baru-${crypto.randomUUID().slice(0, 8)}`;
    serveCatalogAndAgencies([
      { id: pupr, name: { id: 'Dinas Pekerjaan Umum dan Penataan Ruang', en: 'Public Works and Spatial Planning Agency' } },
      { id: bapenda, name: { id: 'Badan Pendapatan Daerah', en: 'Regional Revenue Agency' } },
    ]);
    const reviewer = person('agency-reviewer', pupr);
    const workspace = await Workspace.open(reviewer, { sync: false });
    const application = await applicationOnDevice(workspace, {
      ownerId: `pemohon-${crypto.randomUUID()}`, status: 'in-review', routedAgencies: [pupr, bapenda, unknown], recommendedAgencies: [bapenda],
    });
    const mount = (agencies: AgencyDirectory) => fixture<PtspOfficeReview>(html`<ptsp-office-review .application=${application} .workspace=${workspace}
      .agencies=${agencies} .session=${{ user: reviewer, language: 'id' }}></ptsp-office-review>`);
    const routed = (el: PtspOfficeReview) => q(el, '[data-testid=review-routed]')?.textContent ?? '';

    const online = await mount(new AgencyDirectory());
    await waitUntil(() => routed(online).includes('Badan Pendapatan Daerah'), 'the routed agencies by name');
    expect(routed(online)).to.equal(`Diteruskan ke instansi: Dinas Pekerjaan Umum dan Penataan Ruang, Badan Pendapatan Daerah, ${unknown}`);
    expect(q(online, '[data-testid=review-recommended]')!.textContent).to.equal('Sudah memberi rekomendasi: Badan Pendapatan Daerah');
    await setLanguage('en');
    await waitUntil(() => routed(online).includes('Regional Revenue Agency'), 'in the person\'s language');
    await waitUntil(async () => JSON.stringify(await get(AGENCIES_SETTING)).includes(bapenda), 'the list is kept on the device');
    online.remove();

    // A later visit with the network off (a new page: a directory that has asked nothing yet).
    await setLanguage('id');
    serveCatalogAndAgencies(undefined);
    const offline = await mount(new AgencyDirectory());
    await waitUntil(() => routed(offline).includes('Badan Pendapatan Daerah'), 'the names the device kept');
    expect(routed(offline)).to.contain('Dinas Pekerjaan Umum dan Penataan Ruang');
    expect(routed(offline)).to.contain(unknown, 'an agency the device knows no name for shows its id');
    offline.remove();
    await workspace.close();
  });

  it('a save that fails on the device says so in words (storage full on its own), with the browser\'s text only in the details', async () => {
    const reviewer = person('agency-reviewer', 'dinas-pupr');
    const workspace = await Workspace.open(reviewer, { sync: false });
    const application = await applicationOnDevice(workspace, {
      ownerId: `pemohon-${crypto.randomUUID()}`, status: 'in-review', routedAgencies: ['dinas-pupr'], recommendedAgencies: [],
    });
    // What IndexedDB throws when the origin's quota is used up (Dexie keeps the DOMException as `inner`), and any other failure.
    const full = Object.assign(new Error('QuotaExceededError Encountered full disk while opening backing store'), { name: 'QuotaExceededError' });
    const other = new Error('RxError (CONFLICT): Document update conflict');
    const failures = [full, other];
    workspace.office.act = () => Promise.reject(failures.shift() ?? new Error('no more failures'));
    const el = await fixture<PtspOfficeReview>(html`<ptsp-office-review .application=${application} .workspace=${workspace}
      .session=${{ user: reviewer, language: 'id' }}></ptsp-office-review>`);
    await waitUntil(() => q(el, '[data-testid=recommend-form]'), 'the forms are offered');

    type(q(el, '[data-testid=note-text]'), 'Gambar konstruksi perlu dicek');
    q(el, '[data-testid=note-send]')!.click();
    await waitUntil(() => q(el, '[data-testid=note-save-failed]'), 'the failure is shown under the note');
    const noteFailure = q(el, '[data-testid=note-save-failed]')!;
    expect(noteFailure.dataset.full).to.equal('true');
    expect(noteFailure.querySelector('p')!.textContent).to.contain('Ruang penyimpanan perangkat ini penuh');
    expect(noteFailure.querySelector('p')!.textContent).to.not.contain('QuotaExceeded', 'no exception text in the sentence');
    expect(noteFailure.querySelector('details')!.open).to.equal(false, 'the details are closed');
    expect(noteFailure.querySelector('details')!.textContent).to.contain('QuotaExceededError');
    expect((q(el, '[data-testid=note-text]') as HTMLTextAreaElement).value).to.equal('Gambar konstruksi perlu dicek', 'what was written stays');

    await setLanguage('en');
    (q(el, '[data-testid=rec-approve]') as HTMLInputElement).click();
    await el.updateComplete;
    q(el, '[data-testid=recommend-send]')!.click();
    await waitUntil(() => q(el, '[data-testid=recommend-save-failed]'), 'the failure is shown under the recommendation');
    const recommendFailure = q(el, '[data-testid=recommend-save-failed]')!;
    expect(recommendFailure.dataset.full).to.equal('false');
    expect(recommendFailure.querySelector('p')!.textContent).to.equal(
      'The recommendation is not saved on this device yet. Your choice is still above: try sending again; if it keeps failing, reload the page.');
    expect(recommendFailure.querySelector('summary')!.textContent).to.equal('Technical details');
    expect(recommendFailure.querySelector('details')!.textContent).to.contain('Document update conflict');
    expect(q(el, '[data-testid=note-save-failed]')).to.equal(null, 'one failure shown: the last one');
    el.remove();
    await workspace.close();
  });

  it('tells a full storage from other failures, through the errors the database wraps it in', () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(isStorageFull(quota)).to.equal(true);
    expect(isStorageFull(Object.assign(new Error('Dexie'), { name: 'AbortError', inner: quota })), 'Dexie keeps it as inner').to.equal(true);
    expect(isStorageFull(Object.assign(new Error('RxError'), { parameters: { errors: [{ inner: quota }] } })), 'RxDB as a parameter').to.equal(true);
    expect(isStorageFull(new Error('write failed', { cause: quota })), 'a cause').to.equal(true);
    expect(isStorageFull(new Error('RxError (CONFLICT): Document update conflict'))).to.equal(false);
    expect(isStorageFull('QuotaExceededError')).to.equal(false, 'a plain string is no error object');
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(isStorageFull(loop)).to.equal(false, 'a cycle ends');
  });
});
