// The list of refused changes beside the sync status, on a real Workspace's refusal list.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { RefusedChange } from '../../client/data/sync/refused-changes.js';
import { Workspace } from '../../client/data/workspace.js';
import { setLanguage } from '../../client/i18n/localize.js';
import type { PtspRefusedChanges } from '../../client/ui/ptsp-refused-changes.js';
import '../../client/ui/ptsp-refused-changes.js';
import { insides, person } from './review-support.js';

const q = (el: PtspRefusedChanges, selector: string) => el.shadowRoot!.querySelector(selector) as HTMLElement | null;
const items = (el: PtspRefusedChanges) => [...el.shadowRoot!.querySelectorAll<HTMLElement>('[data-testid=refused-item]')];

function refusal(id: string, collection: RefusedChange['collection'], tookServerState: boolean, reason: RefusedChange['reason']): RefusedChange {
  return { id, collection, code: 'stale-action', reason, sent: { id }, tookServerState, at: new Date().toISOString() };
}

describe('refused changes list (ptsp-refused-changes)', () => {
  afterEach(() => setLanguage('id'));

  it('is absent while nothing was refused, counts each refusal, shows its reason in the person\'s language, and each is dismissed', async () => {
    const workspace = await Workspace.open(person('agency-reviewer', 'bapenda'), { sync: false });
    const el = await fixture<PtspRefusedChanges>(html`<ptsp-refused-changes .workspace=${workspace}></ptsp-refused-changes>`);
    await el.updateComplete;
    expect(q(el, '[data-testid=refused-toggle]')).to.equal(null, 'nothing shown when the list is empty');

    await insides(workspace).refused.add([
      refusal('aksi-1', 'actions', true, { id: 'Permohonan sudah berpindah tahap.', en: 'The application moved on.' }),
      refusal('berkas-1', 'applications', false, { id: 'Bukan permohonan Anda.', en: 'Not your application.' }),
    ]);
    await waitUntil(() => q(el, '[data-testid=refused-toggle]'), 'the count appears');
    expect(q(el, '[data-testid=refused-toggle] .long')!.textContent!.trim()).to.equal('2 perubahan ditolak');
    q(el, '[data-testid=refused-toggle]')!.click();
    await waitUntil(() => items(el).length === 2, 'both listed');
    expect(items(el).map((item) => item.querySelector('[data-testid=refused-reason]')!.textContent))
      .to.have.members(['Permohonan sudah berpindah tahap.', 'Bukan permohonan Anda.']);
    const byId = (id: string) => items(el).find((item) => item.dataset.id === id)!;
    expect(byId('aksi-1').querySelector('[data-testid=refused-state]')!.textContent).to.contain('mengikuti data server');
    expect(byId('berkas-1').querySelector('[data-testid=refused-state]')!.textContent).to.contain('dibiarkan');

    await setLanguage('en');
    await waitUntil(() => byId('aksi-1').querySelector('[data-testid=refused-reason]')!.textContent === 'The application moved on.', 'English reason');

    (byId('aksi-1').querySelector('[data-testid=refused-dismiss]') as HTMLElement).click();
    await waitUntil(() => items(el).length === 1, 'one dismissed');
    expect(q(el, '[data-testid=refused-toggle] .long')!.textContent!.trim()).to.equal('1 change refused');
    (items(el)[0]!.querySelector('[data-testid=refused-dismiss]') as HTMLElement).click();
    await waitUntil(() => q(el, '[data-testid=refused-toggle]') === null, 'gone when the last is dismissed');
    el.remove();
    await workspace.close();
  });
});
