// The office area this session (client/features/office/ptsp-office-home.ts): the account's queue
// heading, and by status what the sync brought to the device, from the shell's contexts; live as
// more arrives; nothing made up when nothing is there.
import { expect, fixture, html } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import { BehaviorSubject, map } from 'rxjs';
import type { ApplicationDoc, ApplicationStatus } from '../../common/application-schema.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { sessionContext, workspaceContext } from '../../client/app/context.js';
import type { Workspace } from '../../client/data/workspace.js';
import type { PtspOfficeHome } from '../../client/features/office/ptsp-office-home.js';
import '../../client/features/office/ptsp-office-home.js';
import { setLanguage } from '../../client/i18n/localize.js';

const application = (status: ApplicationStatus): ApplicationDoc => ({ id: crypto.randomUUID(), status, answers: {}, permitTypeId: 'siup', catalogVersion: 1, updatedAt: 1 } as unknown as ApplicationDoc);

/** The office area under a shell that provides this account and these applications. */
async function officeHome(user: UserProfile, applications: BehaviorSubject<ApplicationDoc[]>): Promise<PtspOfficeHome> {
  const shell = document.createElement('div');
  // Only what the office area asks of the data layer: the applications on the device (the queue
  // inside it reads the local index, here empty: its content is office-queue.test's).
  const workspace = {
    user, drafts$: () => applications.asObservable(), applicationChanges$: () => applications.pipe(map(() => undefined)),
    queuePage: () => Promise.resolve([]), queueRange: () => Promise.resolve([]), queueCount: () => Promise.resolve(0),
    queuePermitTypes: () => Promise.resolve([]), catalogAt: () => Promise.resolve(undefined),
  } as unknown as Workspace;
  new ContextProvider(shell, { context: workspaceContext, initialValue: workspace });
  new ContextProvider(shell, { context: sessionContext, initialValue: { user, language: 'id' } });
  return fixture<PtspOfficeHome>(html`<ptsp-office-home></ptsp-office-home>`, { parentNode: shell });
}

const counts = (el: PtspOfficeHome): Record<string, string> => Object.fromEntries(
  [...el.shadowRoot!.querySelectorAll('[data-testid=office-counts] li')].map((item) => [item.getAttribute('data-status') ?? '', item.querySelector('.count')?.textContent ?? '']));

describe('the office area', () => {
  beforeEach(async () => {
    await setLanguage('id');
  });

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
});
