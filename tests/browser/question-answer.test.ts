// The applicant's side of "needs information" on a real Workspace: the question at the top of the
// application, the answer made offline as an action (waiting), then applied; nothing of other actions shown;
// an answer the device cannot save said in words, a full storage on its own.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { firstValueFrom, filter } from 'rxjs';
import type { OfficeActionDoc } from '../../common/office-action-schema.js';
import { Workspace } from '../../client/data/workspace.js';
import { setLanguage } from '../../client/i18n/localize.js';
import { reviewId } from '../../client/i18n/review-messages.js';
import type { PtspQuestionAnswer } from '../../client/features/intake/ptsp-question-answer.js';
import '../../client/features/intake/ptsp-question-answer.js';
import { applicationOnDevice, current, insides, person, serverChanges, serverOutcome } from './review-support.js';

const ID_REQUIRED = reviewId['question.required'];
const q = (el: PtspQuestionAnswer, selector: string) => el.shadowRoot!.querySelector(selector) as HTMLElement | null;

describe('the applicant answers an agency\'s question (ptsp-question-answer)', () => {
  afterEach(() => setLanguage('id'));
  it('shows the question, keeps the answer on the device while offline, then says it was received', async () => {
    const applicant = person('applicant');
    const workspace = await Workspace.open(applicant, { sync: false });
    const askedAt = new Date(Date.now() - 60_000).toISOString();
    const application = await applicationOnDevice(workspace, {
      status: 'needs-information', provisionalNumber: 'P-TANY-0001', submittedAt: askedAt,
      openQuestion: { actionId: crypto.randomUUID(), agencyId: 'dinas-pupr', text: 'Lampirkan denah lokasi papan reklame.', askedAt },
    });
    // An office note that somehow sits on this device (it never should) is still not shown.
    await insides(workspace).local.actions.insert({
      id: crypto.randomUUID(), applicationId: application.id, kind: 'note', actorId: 'pupr1', createdAt: askedAt, updatedAt: 1,
      basedOnStatus: 'needs-information', text: 'RAHASIA-INTERNAL', internal: true,
    });
    const el = await fixture<PtspQuestionAnswer>(html`<ptsp-question-answer .application=${application} .workspace=${workspace}></ptsp-question-answer>`);
    expect(q(el, '[data-testid=question-text]')!.textContent).to.equal('Lampirkan denah lokasi papan reklame.');

    q(el, '[data-testid=answer-send]')!.click();
    await waitUntil(() => q(el, '[data-testid=answer-problem]'), 'an empty answer is refused on the screen');
    expect(q(el, '[data-testid=answer-problem]')!.textContent).to.equal(ID_REQUIRED);
    // The problem is kept as a message key, so it follows a switch of language while it shows.
    await setLanguage('en');
    await el.updateComplete;
    expect(q(el, '[data-testid=answer-problem]')!.textContent).to.equal('Write your answer first.');
    await setLanguage('id');
    await el.updateComplete;
    expect(q(el, '[data-testid=answer-problem]')!.textContent).to.equal(ID_REQUIRED);
    const box = q(el, '[data-testid=answer-text]') as HTMLTextAreaElement;
    box.value = 'Denah sudah saya unggah di dokumen lokasi.';
    box.dispatchEvent(new Event('input'));
    const before = workspace.pendingCount();
    q(el, '[data-testid=answer-send]')!.click();
    await waitUntil(() => q(el, '[data-testid=answer-state]'), 'the answer is shown as waiting');
    expect(q(el, '[data-testid=answer-state]')!.dataset.outcome).to.equal('waiting');
    expect(q(el, '[data-testid=answer-send]')).to.equal(null, 'no second answer box while one waits');
    expect(workspace.pendingCount()).to.equal(before + 1, 'the answer waits to be sent');
    expect(el.shadowRoot!.textContent).to.not.contain('RAHASIA-INTERNAL');

    const answers = await firstValueFrom(workspace.office.actionsOf(application.id).pipe(
      filter((docs: OfficeActionDoc[]) => docs.some((doc) => doc.kind === 'answer'))));
    const answer = answers.find((doc) => doc.kind === 'answer')!;
    expect(answer).to.include({ text: 'Denah sudah saya unggah di dokumen lokasi.', basedOnStatus: 'needs-information', actorId: applicant.userId });

    // Back online: the server applied it and the application is in review again.
    await serverOutcome(workspace, answer, { outcome: 'applied' });
    await serverChanges(workspace, application.id, { status: 'in-review', openQuestion: undefined });
    el.application = await current(workspace, application.id);
    await waitUntil(() => q(el, '[data-testid=answer-state]')?.dataset.outcome === 'applied', 'the answer shows as received');
    expect(q(el, '[data-testid=question-text]')).to.equal(null, 'the question is closed');
    el.remove();
    await workspace.close();
  });

  it('shows nothing while no question is open', async () => {
    const workspace = await Workspace.open(person('applicant'), { sync: false });
    const application = await applicationOnDevice(workspace, { status: 'in-review' });
    const el = await fixture<PtspQuestionAnswer>(html`<ptsp-question-answer .application=${application} .workspace=${workspace}></ptsp-question-answer>`);
    await el.updateComplete;
    expect(q(el, '[data-testid=question-answer]')).to.equal(null);
    el.remove();
    await workspace.close();
  });

  it('says in words that an answer was not saved on the device (a full storage on its own), the browser\'s text only in the details', async () => {
    const workspace = await Workspace.open(person('applicant'), { sync: false });
    const askedAt = new Date(Date.now() - 60_000).toISOString();
    const application = await applicationOnDevice(workspace, {
      status: 'needs-information', submittedAt: askedAt,
      openQuestion: { actionId: crypto.randomUUID(), agencyId: 'dinas-pupr', text: 'Lampirkan denah lokasi.', askedAt },
    });
    // A QuotaExceededError as the database wraps it (Dexie keeps it as `inner`), then any other failure, then a save that works.
    const act = workspace.office.act.bind(workspace.office);
    const failures: Error[] = [
      Object.assign(new Error('Encountered full disk while opening backing store'), { name: 'AbortError', inner: new DOMException('quota', 'QuotaExceededError') }),
      new Error('RxError (CONFLICT): Document update conflict'),
    ];
    workspace.office.act = (...args: Parameters<Workspace['office']['act']>) => {
      const failure = failures.shift();
      return failure ? Promise.reject(failure) : act(...args);
    };
    const el = await fixture<PtspQuestionAnswer>(html`<ptsp-question-answer .application=${application} .workspace=${workspace}></ptsp-question-answer>`);
    const box = q(el, '[data-testid=answer-text]') as HTMLTextAreaElement;
    box.value = 'Denah terlampir.';
    box.dispatchEvent(new Event('input'));
    const failed = () => q(el, '[data-testid=answer-save-failed]');

    q(el, '[data-testid=answer-send]')!.click();
    await waitUntil(() => failed(), 'the failure is shown under the answer');
    expect(failed()!.dataset.full).to.equal('true', 'a QuotaExceededError wrapped by the database is still storage full');
    expect(failed()!.querySelector('p')!.textContent).to.contain('Ruang penyimpanan perangkat ini penuh, jadi jawaban Anda belum tersimpan');
    expect(failed()!.querySelector('p')!.textContent).to.not.contain('full disk', 'no exception text in the sentence');
    expect(failed()!.querySelector('details')!.open).to.equal(false, 'the details are closed');
    expect(failed()!.querySelector('details')!.textContent).to.contain('Encountered full disk');
    expect((q(el, '[data-testid=answer-text]') as HTMLTextAreaElement).value).to.equal('Denah terlampir.', 'what was written stays');

    await setLanguage('en');
    q(el, '[data-testid=answer-send]')!.click();
    await waitUntil(() => failed()?.dataset.full === 'false', 'the other failure replaces the first');
    expect(failed()!.querySelector('p')!.textContent).to.equal(
      'Your answer is not saved on this device yet. What you wrote is still in the box above: try sending again; if it keeps failing, reload the page.');
    expect(failed()!.querySelector('summary')!.textContent).to.equal('Technical details');
    expect(failed()!.querySelector('details')!.textContent).to.contain('Document update conflict');

    q(el, '[data-testid=answer-send]')!.click();
    await waitUntil(() => q(el, '[data-testid=answer-state]'), 'the third send is saved and waits');
    expect(failed()).to.equal(null, 'no failure left once it saved');
    el.remove();
    await workspace.close();
  });
});
