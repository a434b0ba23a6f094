// The agency's technical review screen on a real Workspace: what it offers by the shared rules,
// the note and recommendation made offline as action documents (waiting), then the server's outcome:
// applied, or refused as stale with the reason in the person's language.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { firstValueFrom, filter } from 'rxjs';
import type { OfficeActionDoc } from '../../common/office-action-schema.js';
import { decide } from '../../common/workflow/transitions.js';
import { Workspace } from '../../client/data/workspace.js';
import { setLanguage } from '../../client/i18n/localize.js';
import type { PtspOfficeReview } from '../../client/features/office/review/ptsp-office-review.js';
import '../../client/features/office/review/ptsp-office-review.js';
import { applicationOnDevice, current, person, serveCatalogOnly, serverChanges, serverOutcome } from './review-support.js';

const q = (el: PtspOfficeReview, selector: string) => el.shadowRoot!.querySelector(selector) as HTMLElement | null;
const text = (el: PtspOfficeReview) => el.shadowRoot!.textContent ?? '';
function type(field: HTMLElement | null, value: string): void {
  if (!field) throw new Error('no such field');
  (field as HTMLTextAreaElement).value = value;
  field.dispatchEvent(new Event('input'));
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
});
