// The office area this session (client/features/office/ptsp-office-home.ts): the account's queue
// heading, and by status what the sync brought to the device, from the shell's contexts; live as
// more arrives; nothing made up when nothing is there; the account's agency by name, from the
// device's list when the server cannot be asked.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { get } from 'idb-keyval';
import { ContextProvider } from '@lit/context';
import { BehaviorSubject, firstValueFrom, map } from 'rxjs';
import type { ApplicationDoc, ApplicationStatus } from '../../common/application-schema.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { sessionContext, workspaceContext } from '../../client/app/context.js';
import { AGENCIES_SETTING, AgencyDirectory } from '../../client/data/agencies.js';
import type { StatusCounts, Workspace } from '../../client/data/workspace.js';
import type { PtspOfficeHome } from '../../client/features/office/ptsp-office-home.js';
import '../../client/features/office/ptsp-office-home.js';
import { setLanguage } from '../../client/i18n/localize.js';

const application = (status: ApplicationStatus): ApplicationDoc => ({ id: crypto.randomUUID(), status, answers: {}, permitTypeId: 'siup', catalogVersion: 1, updatedAt: 1 } as unknown as ApplicationDoc);

/** What Workspace.statusCounts$ answers for these applications. */
function countsOf(applications: readonly ApplicationDoc[]): StatusCounts {
  const counts: StatusCounts = {};
  for (const { status } of applications) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/** The office area under a shell that provides this account and these applications. */
async function officeHome(user: UserProfile, applications: BehaviorSubject<ApplicationDoc[]>, agencies = new AgencyDirectory()): Promise<PtspOfficeHome> {
  const shell = document.createElement('div');
  // Only what the office area asks of the data layer: the counts by status of the applications on
  // the device (the real ones are workspace-counts.test's), and the queue inside it reads the local
  // index, here empty: its content is office-queue.test's.
  const workspace = {
    user, statusCounts$: () => applications.pipe(map(countsOf)), applicationChanges$: () => applications.pipe(map(() => undefined)),
    queuePage: () => Promise.resolve([]), queueRange: () => Promise.resolve([]), queueCount: () => Promise.resolve(0),
    queuePermitTypes: () => Promise.resolve([]), catalogAt: () => Promise.resolve(undefined),
  } as unknown as Workspace;
  new ContextProvider(shell, { context: workspaceContext, initialValue: workspace });
  new ContextProvider(shell, { context: sessionContext, initialValue: { user, language: 'id' } });
  return fixture<PtspOfficeHome>(html`<ptsp-office-home .agencies=${agencies}></ptsp-office-home>`, { parentNode: shell });
}

/** GET /api/agencies answers with `agencies` (undefined: it fails as if offline); anything else fails. */
function serveAgencies(agencies: unknown): void {
  window.fetch = ((input: RequestInfo | URL) => String(input).endsWith('/api/agencies') && agencies !== undefined
    ? Promise.resolve(new Response(JSON.stringify({ agencies }), { status: 200, headers: { 'content-type': 'application/json' } }))
    : Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
}

const agencyText = (el: PtspOfficeHome) => el.shadowRoot!.querySelector('[data-testid=office-agency]')?.textContent ?? '';

const counts = (el: PtspOfficeHome): Record<string, string> => Object.fromEntries(
  [...el.shadowRoot!.querySelectorAll('[data-testid=office-counts] li')].map((item) => [item.getAttribute('data-status') ?? '', item.querySelector('.count')?.textContent ?? '']));

describe('the office area', () => {
  const original = window.fetch;
  beforeEach(async () => {
    serveAgencies(undefined);
    await setLanguage('id');
  });
  afterEach(() => { window.fetch = original; });

  it('names the front office queue and counts what is on the device by status, live', async () => {
    const applications = new BehaviorSubject([application('submitted'), application('submitted'), application('in-review')]);
    const el = await officeHome({ userId: 'u1', username: 'loket', displayName: 'Loket', role: 'front-office' }, applications);
    expect(el.shadowRoot!.querySelector('[data-testid=office-title]')?.textContent).to.equal('Antrean loket: pemeriksaan kelengkapan');
    expect(counts(el)).to.deep.equal({ submitted: '2 permohonan', 'in-review': '1 permohonan' });
    expect(el.shadowRoot!.querySelector('ptsp-office-queue'), 'the front office works its queue here').to.not.equal(null);

    applications.next([...applications.value, application('needs-information')]);
    await el.updateComplete;
    expect(counts(el)['needs-information'], 'a newly synced application is counted').to.equal('1 permohonan');
  });

  it('says nothing has synced rather than showing anything made up', async () => {
    const el = await officeHome({ userId: 'u2', username: 'opd', displayName: 'OPD', role: 'agency-reviewer' }, new BehaviorSubject<ApplicationDoc[]>([]));
    expect(el.shadowRoot!.querySelector('[data-testid=office-empty]'), 'the empty state').to.not.equal(null);
    expect(el.shadowRoot!.querySelector('[data-testid=office-counts]')).to.equal(null);
    expect(el.shadowRoot!.querySelector('[data-testid=office-agency]')?.textContent, 'a reviewer without an agency is told').to.contain('belum terhubung');
  });

  it('speaks English after the toggle', async () => {
    const el = await officeHome({ userId: 'u3', username: 'bap', displayName: 'BAP', role: 'inspector', agencyId: 'dinas-pupr' },
      new BehaviorSubject([application('reviewed')]));
    await setLanguage('en');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[data-testid=office-title]')?.textContent).to.equal('Field inspection queue');
    expect(counts(el)).to.deep.equal({ reviewed: '1 application' });
    expect(el.shadowRoot!.querySelector('[data-testid=office-agency]')?.textContent).to.contain('dinas-pupr');
  });

  it('names the account\'s agency: from the server, then from the device\'s list when the server cannot be asked', async () => {
    const pupr = `dinas-pupr-${crypto.randomUUID().slice(0, 8)}`;
    serveAgencies([{ id: pupr, name: { id: 'Dinas Pekerjaan Umum dan Penataan Ruang', en: 'Public Works and Spatial Planning Agency' } }]);
    const reviewer: UserProfile = { userId: 'u4', username: 'pupr', displayName: 'PUPR', role: 'agency-reviewer', agencyId: pupr };
    const online = await officeHome(reviewer, new BehaviorSubject<ApplicationDoc[]>([]), new AgencyDirectory());
    await waitUntil(() => agencyText(online).includes('Dinas Pekerjaan Umum'), 'the agency by name');
    expect(agencyText(online)).to.equal(`Instansi: Dinas Pekerjaan Umum dan Penataan Ruang (${pupr})`);
    await waitUntil(async () => JSON.stringify(await get(AGENCIES_SETTING)).includes(pupr), 'the list is kept on the device');
    online.remove();

    // A later visit with the network off (a new page: a directory that has asked nothing yet).
    serveAgencies(undefined);
    const offline = await officeHome(reviewer, new BehaviorSubject<ApplicationDoc[]>([]), new AgencyDirectory());
    await waitUntil(() => agencyText(offline).includes('Dinas Pekerjaan Umum'), 'the name the device kept, not the code alone');
    expect(agencyText(offline)).to.equal(`Instansi: Dinas Pekerjaan Umum dan Penataan Ruang (${pupr})`);
    await setLanguage('en');
    await offline.updateComplete;
    expect(agencyText(offline), 'in the person\'s language').to.equal(`Agency: Public Works and Spatial Planning Agency (${pupr})`);
    offline.remove();
  });

  it('shows an agency the device knows no name for by its code, never a blank', async () => {
    const unknown = `dinas-baru-${crypto.randomUUID().slice(0, 8)}`;
    const directory = new AgencyDirectory();
    const el = await officeHome({ userId: 'u5', username: 'baru', displayName: 'Baru', role: 'agency-reviewer', agencyId: unknown },
      new BehaviorSubject<ApplicationDoc[]>([]), directory);
    await firstValueFrom(directory.names$);
    await el.updateComplete;
    expect(agencyText(el)).to.equal(`Instansi: ${unknown}`);
  });
});
