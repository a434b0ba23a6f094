// The front office's completeness check (client/features/office/ptsp-office-application.ts and
// ptsp-office-check.ts over client/data/office/application-check.ts) on a real Workspace: the
// requirements of the application's catalog version, its files (one not on this device: said so),
// the same-NIK warning, Accept only once every required item is in order, Return with a reason per
// failed item as an office action made on the device (offline here), then "waiting to send"; the
// server's refusal read in the person's language.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import { filter, firstValueFrom } from 'rxjs';
import type { ApplicationDoc, ApplicationStatus } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { OfficeActionDoc } from '../../common/office-action-schema.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { sessionContext, workspaceContext } from '../../client/app/context.js';
import { AgencyDirectory } from '../../client/data/agencies.js';
import { openUserDatabase, toLocal } from '../../client/data/database.js';
import { Workspace } from '../../client/data/workspace.js';
import type { PtspOfficeApplication } from '../../client/features/office/ptsp-office-application.js';
import type { PtspOfficeCheck } from '../../client/features/office/ptsp-office-check.js';
import '../../client/features/office/ptsp-office-application.js';
import { setLanguage } from '../../client/i18n/localize.js';

const original = window.fetch;
const siup = demoCatalog.permitTypes.find((type) => type.id === 'siup')!;

function application(status: ApplicationStatus, permitTypeId: string, nik: string, number: string, extra: Partial<ApplicationDoc> = {}): ApplicationDoc {
  const at = new Date(Date.now() - 3_600_000).toISOString();
  return {
    id: crypto.randomUUID(), ownerId: 'applicant-1', permitTypeId, catalogVersion: demoCatalog.version, status,
    answers: { applicantNik: nik, applicantName: 'Siti Aminah', companyName: 'CV Maju Jaya' }, createdAt: at, updatedAt: Date.now() - 3_600_000,
    submittedAt: at, stages: [{ stage: 'submitted', at }], provisionalNumber: number, ...extra,
  };
}

async function deviceWith(docs: ApplicationDoc[]): Promise<Workspace> {
  const user: UserProfile = { userId: `fo-${crypto.randomUUID()}`, username: 'loket', displayName: 'Loket', role: 'front-office' };
  const local = await openUserDatabase(user.userId);
  await local.applications.bulkInsert(docs.map((doc) => toLocal(doc)));
  await local.database.close();
  return Workspace.open(user, { sync: false });
}

async function mount(workspace: Workspace, id: string): Promise<PtspOfficeApplication> {
  const shell = document.createElement('div');
  new ContextProvider(shell, { context: workspaceContext, initialValue: workspace });
  new ContextProvider(shell, { context: sessionContext, initialValue: { user: workspace.user, language: 'id' } });
  return fixture<PtspOfficeApplication>(html`<ptsp-office-application .applicationId=${id}></ptsp-office-application>`, { parentNode: shell });
}

const checkOf = (el: PtspOfficeApplication): PtspOfficeCheck => el.shadowRoot!.querySelector('ptsp-office-check')!;
const $ = <T extends Element = HTMLElement>(el: PtspOfficeCheck, selector: string): T | null => el.shadowRoot!.querySelector<T>(selector);
const item = (el: PtspOfficeCheck, id: string): HTMLElement => el.shadowRoot!.querySelector<HTMLElement>(`[data-item=${id}]`)!;

describe('the front office completeness check on a real Workspace', function () {
  this.timeout(60_000);
  before(async () => {
    await setLanguage('id');
    window.fetch = ((input: RequestInfo | URL) => {
      if (/\/api\/catalog(\/\d+)?$/.test(String(input))) return Promise.resolve(new Response(JSON.stringify(demoCatalog), { headers: { 'content-type': 'application/json' } }));
      return Promise.reject(new TypeError('Failed to fetch'));
    }) as typeof fetch;
  });
  after(async () => {
    window.fetch = original;
    await setLanguage('id');
  });

  it('shows the requirements with their files and the answers, warns of the same NIK, and returns with a reason per failed item (offline)', async () => {
    const nik = `3201${String(Date.now()).slice(-12)}`;
    const checked = application('submitted', 'siup', nik, 'P-CHECK1', {
      documents: { ktp: { fileId: crypto.randomUUID(), fileName: 'ktp.jpg', mimeType: 'image/jpeg', size: 1234, sha256: 'a'.repeat(64) } },
    });
    const twin = application('in-review', 'siup', nik, 'P-TWIN01');
    const otherType = application('submitted', 'imb', nik, 'P-OTHER1');
    const draft = application('draft', 'siup', nik, 'P-DRAFT1');
    const workspace = await deviceWith([checked, twin, otherType, draft]);
    const page = await mount(workspace, checked.id);
    await waitUntil(() => checkOf(page) && $(checkOf(page), '[data-testid=check-items]'), 'the check screen');
    const el = checkOf(page);
    await waitUntil(() => el.shadowRoot!.querySelectorAll('[data-testid=check-item]').length === siup.requirements.length, 'every requirement of the type');
    expect(page.shadowRoot!.querySelector('[data-testid=check-number]')?.textContent).to.equal('P-CHECK1');
    const duplicate = $(el, '[data-testid=check-duplicate]')?.textContent ?? '';
    expect(duplicate, 'the open twin of the same type is named').to.contain('P-TWIN01');
    expect(duplicate, 'another permit type and a draft are not').to.not.match(/P-OTHER1|P-DRAFT1/);
    await waitUntil(() => item(el, 'ktp').querySelector('[data-file=missing]'), 'the uploaded KTP is not on this device (no server here)');
    expect(item(el, 'ktp').textContent).to.contain('Berkas belum ada di perangkat ini');
    expect(item(el, 'npwp').querySelector('[data-file=none]'), 'nothing uploaded for the NPWP').to.not.equal(null);
    expect(el.shadowRoot!.querySelector('ptsp-answers-summary'), 'the answers beside').to.not.equal(null);

    const accept = () => $<HTMLButtonElement>(el, '[data-testid=check-accept]')!;
    const giveBack = () => $<HTMLButtonElement>(el, '[data-testid=check-return]')!;
    expect(accept().disabled, 'nothing ticked yet').to.equal(true);
    for (const requirement of siup.requirements.filter((candidate) => candidate.required)) {
      item(el, requirement.id).querySelector<HTMLInputElement>('[data-testid=check-ok]')!.click();
    }
    await el.updateComplete;
    expect(accept().disabled, 'every required item in order').to.equal(false);
    expect(giveBack().disabled, 'nothing to return for').to.equal(true);

    item(el, 'npwp').querySelector<HTMLInputElement>('[data-testid=check-bad]')!.click();
    await el.updateComplete;
    expect(accept().disabled, 'an item not in order').to.equal(true);
    expect(giveBack().disabled, 'a reason is needed first').to.equal(true);
    const reason = item(el, 'npwp').querySelector<HTMLTextAreaElement>('[data-testid=check-reason]')!;
    reason.value = 'NPWP belum diunggah';
    reason.dispatchEvent(new Event('input'));
    await el.updateComplete;
    expect(giveBack().disabled).to.equal(false);
    const before = workspace.pendingCount();
    giveBack().click();
    const [made] = await firstValueFrom(workspace.office.actionsOf(checked.id).pipe(filter((docs: OfficeActionDoc[]) => docs.length === 1)));
    expect(made?.kind).to.equal('return');
    expect(made?.basedOnStatus).to.equal('submitted');
    expect(made?.reasons).to.deep.equal([{ fieldId: 'npwp', text: 'NPWP belum diunggah' }]);
    expect(made?.checks?.find((check) => check.itemId === 'ktp')).to.deep.equal({ itemId: 'ktp', ok: true });
    await waitUntil(() => workspace.pendingCount() === before + 1, 'the action waits to be sent');
    await waitUntil(() => $(el, '[data-testid=check-outcome]')?.getAttribute('data-outcome') === 'waiting', 'waiting to send');
    expect($(el, '[data-testid=check-accept]'), 'no second decision while one waits').to.equal(null);
    await workspace.close();
  });

  it('offers nothing the account may not do (an application in review), and reads a refusal in the person\'s language', async () => {
    const inReview = application('in-review', 'siup', '3201000000000001', 'P-REVIEW');
    const workspace = await deviceWith([inReview]);
    const page = await mount(workspace, inReview.id);
    await waitUntil(() => checkOf(page) && $(checkOf(page), '[data-testid=check-not-allowed]'), 'says it cannot be checked now');
    const el = checkOf(page);
    expect($(el, '[data-testid=check-accept]')).to.equal(null);
    expect($(el, '[data-testid=check-return]')).to.equal(null);

    const refused: OfficeActionDoc = {
      id: crypto.randomUUID(), applicationId: inReview.id, kind: 'accept', actorId: workspace.user.userId, createdAt: new Date().toISOString(), updatedAt: Date.now(),
      basedOnStatus: 'submitted', outcome: 'refused', outcomeCode: 'stale',
      outcomeReason: { id: 'Permohonan sudah berstatus Dalam peninjauan dinas', en: 'The application is already Under review by the agencies' },
    };
    el.view = { ...el.view!, actions: [refused] };
    await el.updateComplete;
    expect($(el, '[data-testid=check-outcome]')?.textContent).to.contain('Permohonan sudah berstatus Dalam peninjauan dinas');
    await setLanguage('en');
    await page.updateComplete;
    // The page re-rendered in English with the device's own view (no outcome): show the refusal again.
    el.view = { ...el.view!, actions: [refused] };
    await el.updateComplete;
    expect($(el, '[data-testid=check-outcome]')?.textContent).to.contain('The server refused the decision to accept the submission: The application is already Under review');
    await workspace.close();
  });

  it('names the agencies an accepted application goes to, and says in words when the decision could not be saved here', async () => {
    // siup is reviewed by dinas-perdagangan (the demo catalog); the name carries this test's own mark.
    const mark = crypto.randomUUID().slice(0, 8);
    const catalogOnly = window.fetch;
    window.fetch = ((input: RequestInfo | URL, init?: RequestInit) => String(input).endsWith('/api/agencies')
      ? Promise.resolve(new Response(JSON.stringify({
        agencies: [{ id: 'dinas-perdagangan', name: { id: `Dinas Perdagangan ${mark}`, en: `Trade Agency ${mark}` } }],
        // Made inactive after the application was routed to it: still named.
        inactiveAgencies: [{ id: `dinas-lama-${mark}`, name: { id: `Dinas Lama ${mark}`, en: `Former Agency ${mark}` } }],
      }),
        { headers: { 'content-type': 'application/json' } }))
      : catalogOnly(input, init)) as typeof fetch;
    try {
      await setLanguage('id');
      const submitted = application('submitted', 'siup', '3201000000000002', 'P-GOESTO');
      const routed = application('in-review', 'siup', '3201000000000003', 'P-ROUTED', { routedAgencies: ['dinas-perdagangan', `dinas-lama-${mark}`, `dinas-lain-${mark}`] });
      const workspace = await deviceWith([submitted, routed]);
      const page = await mount(workspace, submitted.id);
      await waitUntil(() => checkOf(page) && $(checkOf(page), '[data-testid=check-accept]'), 'accept is offered');
      const el = checkOf(page);
      // A directory of its own: the page's may or may not have asked the server before this test.
      el.agencies = new AgencyDirectory();
      const goesTo = `Bila diterima, permohonan diteruskan ke instansi: Dinas Perdagangan ${mark}`;
      await waitUntil(() => $(el, '[data-testid=check-goes-to]')?.textContent === goesTo, 'where it goes, by name');

      for (const requirement of siup.requirements.filter((candidate) => candidate.required)) {
        item(el, requirement.id).querySelector<HTMLInputElement>('[data-testid=check-ok]')!.click();
      }
      await el.updateComplete;
      workspace.office.act = () => Promise.reject(Object.assign(new Error('Encountered full disk'), { name: 'AbortError', inner: new DOMException('quota', 'QuotaExceededError') }));
      $<HTMLButtonElement>(el, '[data-testid=check-accept]')!.click();
      await waitUntil(() => $(el, '[data-testid=check-save-failed]'), 'the failure is shown');
      const failure = $(el, '[data-testid=check-save-failed]')!;
      expect(failure.dataset.full).to.equal('true', 'a QuotaExceededError wrapped by the database is still storage full');
      expect(failure.querySelector('p')!.textContent).to.contain('Ruang penyimpanan perangkat ini penuh');
      expect(failure.querySelector('p')!.textContent).to.not.contain('full disk');
      expect(failure.querySelector('details')!.textContent).to.contain('AbortError: Encountered full disk');
      page.remove();

      const reviewing = await mount(workspace, routed.id);
      await waitUntil(() => checkOf(reviewing) && $(checkOf(reviewing), '[data-testid=check-routed]'), 'the routed agencies');
      checkOf(reviewing).agencies = new AgencyDirectory();
      const routedTo = `Diteruskan ke instansi: Dinas Perdagangan ${mark}, Dinas Lama ${mark}, dinas-lain-${mark}`;
      await waitUntil(() => $(checkOf(reviewing), '[data-testid=check-routed]')!.textContent === routedTo,
        'by name, an inactive agency too; an agency without a name by its id');
      reviewing.remove();
      await workspace.close();
    } finally {
      window.fetch = catalogOnly;
    }
  });

  it('says so when the application is not on this device', async () => {
    const workspace = await deviceWith([]);
    const page = await mount(workspace, crypto.randomUUID());
    await waitUntil(() => page.shadowRoot!.querySelector('[data-testid=check-not-here]'), 'not here');
    await workspace.close();
  });
});
