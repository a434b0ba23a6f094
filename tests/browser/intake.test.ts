// Intake on the device: submission offline (numbers, claim codes, kinds), bundles, the newest-first
// list, and the components that show them (submit panel, receipt, kind and citizen sections,
// permit picker, draft list, read-only form).
import { expect, fixture, html } from '@open-wc/testing';
import { ContextProvider } from '@lit/context';
import { filter, firstValueFrom, tap, throwError, timeout, type Observable } from 'rxjs';
import type { AddressAnswer, AnswerValue, ApplicationDoc, DocumentRef } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { filedByBooth, type SubmissionProblem } from '../../common/workflow.js';
import { NotReadyError, Workspace } from '../../client/data/workspace.js';
import type { CitizenInputDetail, PtspCitizenSection } from '../../client/features/intake/ptsp-citizen-section.js';
import type { PtspAnswersSummary } from '../../client/features/intake/ptsp-answers-summary.js';
import type { PtspDraftForm } from '../../client/features/intake/ptsp-draft-form.js';
import type { PtspDraftList } from '../../client/features/intake/ptsp-draft-list.js';
import type { KindChangeDetail, PtspKindSection } from '../../client/features/intake/ptsp-kind-section.js';
import type { PtspPermitPicker } from '../../client/features/intake/ptsp-permit-picker.js';
import type { PtspReceipt } from '../../client/features/intake/ptsp-receipt.js';
import type { PtspSubmitPanel } from '../../client/features/intake/ptsp-submit-panel.js';
import type { PermitType } from '../../common/catalog.js';
import '../../client/features/intake/ptsp-answers-summary.js';
import '../../client/features/intake/ptsp-citizen-section.js';
import '../../client/features/intake/ptsp-draft-form.js';
import '../../client/features/intake/ptsp-draft-list.js';
import '../../client/features/intake/ptsp-kind-section.js';
import '../../client/features/intake/ptsp-permit-picker.js';
import '../../client/features/intake/ptsp-receipt.js';
import '../../client/features/intake/ptsp-submit-panel.js';
import { setLanguage } from '../../client/i18n/localize.js';
import { workspaceContext } from '../../client/app/context.js';

const siup = demoCatalog.permitTypes.find((type) => type.id === 'siup')!;
const tdp = demoCatalog.permitTypes.find((type) => type.id === 'tdp')!;

const PROVISIONAL = /^P-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;
const CLAIM = /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/;

const ADDRESS: AddressAnswer = {
  street: 'Jl. Jenderal Sudirman No. 12', rtRw: '003/005', village: 'Klandasan Ilir', district: 'Balikpapan Kota',
  city: 'Kota Balikpapan', province: 'Kalimantan Timur', postalCode: '76113',
};
const ADDRESS_TEXT = 'Jl. Jenderal Sudirman No. 12, 003/005, Klandasan Ilir, Balikpapan Kota, Kota Balikpapan, Kalimantan Timur, 76113';

/** An answer for every required TDP field. */
const TDP_ANSWERS: Record<string, AnswerValue> = {
  applicantNik: '6471021708900003',
  applicantName: 'Budi Santoso',
  applicantPhone: '081234567890',
  companyName: 'CV Maju Jaya',
  businessForm: 'cv',
  companyAddress: ADDRESS,
  kbli: '47112',
  establishmentDate: '2018-03-12',
  employeeCount: '8',
};

function user(name: string, role: UserProfile['role'] = 'applicant'): UserProfile {
  return { userId: `${name}-${crypto.randomUUID()}`, username: name, displayName: name, role };
}

function documentRef(fileName: string): DocumentRef {
  return { fileId: crypto.randomUUID(), fileName, mimeType: 'image/jpeg', size: 120_000, sha256: 'ab'.repeat(32) };
}

/** The first value of `source` that passes `test`; fails with the last value seen instead of hanging. */
function until<T>(source: Observable<T>, test: (value: T) => boolean, what: string, ms = 5000): Promise<T> {
  let last: T | undefined;
  return firstValueFrom(source.pipe(
    tap((value) => { last = value; }),
    filter(test),
    timeout({ first: ms, with: () => throwError(() => new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`)) }),
  ));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(test: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Waits until every Lit element in `root` (and below) has rendered. */
async function settled(root: ParentNode): Promise<void> {
  for (let pass = 0; pass < 3; pass++) {
    await Promise.all(deepQueryAll(root, '*').map((node) => (node as Partial<{ updateComplete: Promise<unknown> }>).updateComplete));
  }
}

/** Every element matching `selector` in `root` and all the shadow roots below it. */
function deepQueryAll(root: ParentNode, selector: string): Element[] {
  const found = [...root.querySelectorAll(selector)];
  for (const element of root.querySelectorAll('*')) {
    if (element.shadowRoot) found.push(...deepQueryAll(element.shadowRoot, selector));
  }
  return found;
}

/** The focused element, looking into shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function applicationDoc(overrides: Partial<ApplicationDoc> = {}): ApplicationDoc {
  return {
    id: crypto.randomUUID(), ownerId: 'u1', permitTypeId: 'siup', catalogVersion: demoCatalog.version, status: 'draft',
    answers: {}, createdAt: new Date().toISOString(), updatedAt: Date.now(), ...overrides,
  };
}

/** The problems a NotReadyError carried, or a failure when `submit` did not throw one. */
async function refusal(submitting: Promise<unknown>): Promise<SubmissionProblem[]> {
  try {
    await submitting;
  } catch (error) {
    expect(error, String(error)).to.be.instanceOf(NotReadyError);
    return (error as NotReadyError).problems;
  }
  throw new Error('submit succeeded but should have been refused');
}

const paths = (problems: SubmissionProblem[]): string[] => problems.map((problem) => problem.path);

describe('intake on the device (Workspace without sync)', () => {
  const original = window.fetch;
  const opened: Workspace[] = [];

  beforeEach(() => {
    // The server is "there" only for the catalog: every other request fails as if offline.
    window.fetch = ((input: RequestInfo | URL) => {
      const url = String(input);
      if (url === '/api/catalog' || url === `/api/catalog/${demoCatalog.version}`) {
        return Promise.resolve(new Response(JSON.stringify(demoCatalog), { status: 200, headers: { 'content-type': 'application/json' } }));
      }
      return Promise.reject(new TypeError('Failed to fetch'));
    }) as typeof fetch;
  });

  afterEach(async () => {
    window.fetch = original;
    for (const workspace of opened.splice(0)) await workspace.close();
  });

  async function open(person: UserProfile): Promise<Workspace> {
    const workspace = await Workspace.open(person, { sync: false });
    opened.push(workspace);
    await workspace.loadCatalog();
    // From here on, no network at all: submission must work offline.
    window.fetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    return workspace;
  }

  async function completeTdp(workspace: Workspace): Promise<string> {
    const id = await workspace.createDraft(tdp, demoCatalog.version);
    for (const [fieldId, value] of Object.entries(TDP_ANSWERS)) await workspace.saveAnswer(id, fieldId, value);
    await workspace.setDocumentRef(id, 'ktp', documentRef('ktp.jpg'));
    await workspace.setDocumentRef(id, 'npwp', documentRef('npwp.jpg'));
    return id;
  }

  describe('submit', () => {
    it('refuses an incomplete application, naming the missing fields and documents, and leaves it a draft', async () => {
      const workspace = await open(user('kurang'));
      const id = await workspace.createDraft(tdp, demoCatalog.version);
      await workspace.saveAnswer(id, 'companyName', 'CV Setengah');
      await workspace.saveAnswer(id, 'companyAddress', { street: 'Jl. Mawar 1' });
      const problems = await refusal(workspace.submit(id));
      const found = paths(problems);
      for (const missing of ['answers/applicantNik', 'answers/applicantName', 'answers/applicantPhone', 'answers/businessForm',
        'answers/kbli', 'answers/establishmentDate', 'answers/employeeCount', 'documents/ktp', 'documents/npwp']) {
        expect(found, missing).to.include(missing);
      }
      // The address names the part that is missing; optional fields and documents are not asked for.
      expect(found.find((path) => path.startsWith('answers/companyAddress'))).to.equal('answers/companyAddress/village');
      expect(found).to.not.include('answers/companyName');
      expect(found).to.not.include('answers/siupNumber');
      expect(found).to.not.include('documents/deedOfEstablishment');
      expect(found.some((path) => path.startsWith('citizen') || path === 'consent'), 'an applicant files no citizen').to.equal(false);
      const ktpProblem = problems.find((problem) => problem.path === 'documents/ktp')!;
      expect(ktpProblem.message.id).to.contain('KTP elektronik pemohon');
      expect(ktpProblem.message.en).to.contain('required');
      const stored = await firstValueFrom(workspace.draft$(id));
      expect(stored?.status).to.equal('draft');
      expect(stored?.provisionalNumber).to.equal(undefined);
      expect(stored?.submittedAt).to.equal(undefined);
    });

    it('says what is wrong with a document that is attached but not acceptable', async () => {
      const workspace = await open(user('berkas'));
      const id = await completeTdp(workspace);
      await workspace.setDocumentRef(id, 'ktp', { ...documentRef('ktp.gif'), mimeType: 'image/gif' });
      expect(paths(await refusal(workspace.submit(id)))).to.deep.equal(['documents/ktp']);
      await workspace.setDocumentRef(id, 'ktp', { ...documentRef('ktp.jpg'), size: 3 * 1024 * 1024 });
      expect(paths(await refusal(workspace.submit(id)))).to.deep.equal(['documents/ktp']);
    });

    it('submits a complete application offline: status, provisional number and time, and a second submit changes nothing', async () => {
      const workspace = await open(user('lengkap'));
      const id = await completeTdp(workspace);
      expect(await workspace.submissionProblems((await firstValueFrom(workspace.draft$(id)))!)).to.deep.equal([]);
      const before = Date.now();
      const submitted = await workspace.submit(id);
      expect(submitted.status).to.equal('submitted');
      expect(submitted.provisionalNumber).to.match(PROVISIONAL);
      expect(submitted.submittedAt).to.be.a('string');
      expect(Date.parse(submitted.submittedAt!)).to.be.within(before - 1000, Date.now() + 1000);
      expect(submitted.claimCode, 'an applicant account gets no claim code').to.equal(undefined);
      expect(submitted.citizen).to.equal(undefined);

      const stored = (await firstValueFrom(workspace.draft$(id)))!;
      expect(stored.status).to.equal('submitted');
      expect(stored.provisionalNumber).to.equal(submitted.provisionalNumber);
      expect(stored.answers).to.deep.equal(TDP_ANSWERS);

      const again = await workspace.submit(id);
      expect(again.provisionalNumber).to.equal(submitted.provisionalNumber);
      expect(again.submittedAt).to.equal(submitted.submittedAt);
      expect((await firstValueFrom(workspace.draft$(id)))!.updatedAt).to.equal(stored.updatedAt, 'a second submit writes nothing');
    });

    it('gives every submission its own provisional number', async () => {
      const workspace = await open(user('banyak'));
      const numbers = new Set<string>();
      for (let index = 0; index < 3; index++) numbers.add((await workspace.submit(await completeTdp(workspace))).provisionalNumber!);
      expect(numbers.size).to.equal(3);
      for (const number of numbers) expect(number).to.match(PROVISIONAL);
    });

    it('refuses when the catalog of the application is not on the device', async () => {
      const workspace = await Workspace.open(user('tanpa-katalog'), { sync: false });
      opened.push(workspace);
      window.fetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
      const id = await workspace.createDraft(tdp, demoCatalog.version);
      expect(paths(await refusal(workspace.submit(id)))).to.deep.equal(['catalog']);
    });

    it('a booth account needs the citizen and their consent, and then gets a claim code', async () => {
      const workspace = await open(user('gerai', 'booth-staff'));
      expect(filedByBooth({ ownerId: workspace.user.userId }, workspace.user)).to.equal(true);
      const id = await completeTdp(workspace);
      const found = paths(await refusal(workspace.submit(id)));
      for (const missing of ['citizen/nik', 'citizen/name', 'citizen/phone', 'citizen/address', 'consent']) expect(found, missing).to.include(missing);
      expect(found.filter((path) => path.startsWith('answers/') || path.startsWith('documents/'))).to.deep.equal([]);
      // The numbers are made at submission: their absence is never a problem to show.
      expect(found).to.not.include('claimCode');
      expect(found).to.not.include('provisionalNumber');

      await workspace.saveCitizen(id, { nik: '6471051708900002', name: 'Siti Aminah' });
      await workspace.saveCitizen(id, { phone: '081298765432', address: ADDRESS });
      const draft = (await firstValueFrom(workspace.draft$(id)))!;
      expect(draft.citizen).to.deep.equal({ nik: '6471051708900002', name: 'Siti Aminah', phone: '081298765432', address: ADDRESS });
      expect(paths(await refusal(workspace.submit(id)))).to.deep.equal(['consent']);

      await workspace.recordConsent(id, true);
      await workspace.recordConsent(id, false);
      expect((await firstValueFrom(workspace.draft$(id)))!.consentAt, 'consent withdrawn').to.equal(undefined);
      expect(paths(await refusal(workspace.submit(id)))).to.deep.equal(['consent']);
      await workspace.recordConsent(id, true);

      const submitted = await workspace.submit(id);
      expect(submitted.status).to.equal('submitted');
      expect(submitted.provisionalNumber).to.match(PROVISIONAL);
      expect(submitted.claimCode).to.match(CLAIM);
      expect(submitted.consentAt).to.be.a('string');
      const again = await workspace.submit(id);
      expect(again.claimCode).to.equal(submitted.claimCode);
      expect(again.provisionalNumber).to.equal(submitted.provisionalNumber);
    });

    it('the citizen typed once fills the applicant fields, keystroke by keystroke, never over a different value typed there', async () => {
      const workspace = await open(user('gerai', 'booth-staff'));
      const id = await workspace.createDraft(tdp, demoCatalog.version);
      for (const prefix of ['6', '64', '6471', '6471051708900002']) await workspace.saveCitizen(id, { nik: prefix });
      await workspace.saveCitizen(id, { name: 'Siti Aminah' });
      await workspace.saveAnswer(id, 'applicantPhone', '081200000001');
      await workspace.saveCitizen(id, { phone: '081298765432' });
      let draft = (await firstValueFrom(workspace.draft$(id)))!;
      expect(draft.answers.applicantNik).to.equal('6471051708900002');
      expect(draft.answers.applicantName).to.equal('Siti Aminah');
      expect(draft.answers.applicantPhone, 'typed into the applicant field itself: kept').to.equal('081200000001');
      await workspace.saveCitizen(id, { name: 'Siti Aminah Rahayu' });
      draft = (await firstValueFrom(workspace.draft$(id)))!;
      expect(draft.answers.applicantName, 'a correction of the citizen follows').to.equal('Siti Aminah Rahayu');
      // A duplicate for the next citizen does not carry the last one's identity.
      const copy = (await firstValueFrom(workspace.draft$(await workspace.duplicateDraft(id))))!;
      expect(copy.answers.applicantNik).to.equal(undefined);
      expect(copy.answers.applicantName).to.equal(undefined);
      expect(copy.answers.applicantPhone, 'not from the citizen: copied like any answer').to.equal('081200000001');
    });

    it('a booth account with an invalid citizen NIK is told which part is wrong', async () => {
      const workspace = await open(user('gerai-nik', 'booth-staff'));
      const id = await completeTdp(workspace);
      await workspace.saveCitizen(id, { nik: '1234', name: 'Siti Aminah', phone: '081298765432', address: ADDRESS });
      await workspace.recordConsent(id, true);
      const problems = await refusal(workspace.submit(id));
      expect(paths(problems)).to.deep.equal(['citizen/nik']);
      expect(problems[0]!.message.id).to.contain('16 angka');
    });

    it('a renewal needs the old permit number; with it, it is accepted', async () => {
      const workspace = await open(user('perpanjang'));
      const id = await completeTdp(workspace);
      await workspace.setKind(id, 'renewal');
      const draft = (await firstValueFrom(workspace.draft$(id)))!;
      expect(draft.kind).to.equal('renewal');
      const problems = await refusal(workspace.submit(id));
      expect(paths(problems)).to.deep.equal(['previousPermitNumber']);
      await workspace.setKind(id, 'renewal', '   ');
      expect(paths(await refusal(workspace.submit(id))), 'blank is not a number').to.deep.equal(['previousPermitNumber']);
      await workspace.setKind(id, 'renewal', '0174/TDP/04/2018');
      const submitted = await workspace.submit(id);
      expect(submitted.status).to.equal('submitted');
      expect(submitted.kind).to.equal('renewal');
      expect(submitted.previousPermitNumber).to.equal('0174/TDP/04/2018');
    });

    it('keeps the old number while switching between non-new kinds and drops it for a new permit', async () => {
      const workspace = await open(user('jenis'));
      const id = await workspace.createDraft(tdp, demoCatalog.version, { kind: 'change' });
      expect((await firstValueFrom(workspace.draft$(id)))!.kind).to.equal('change');
      await workspace.setKind(id, 'change', '0174/TDP/04/2018');
      await workspace.setKind(id, 're-registration');
      expect((await firstValueFrom(workspace.draft$(id)))!.previousPermitNumber).to.equal('0174/TDP/04/2018');
      await workspace.setKind(id, 'new');
      const fresh = (await firstValueFrom(workspace.draft$(id)))!;
      expect(fresh.kind).to.equal('new');
      expect(fresh.previousPermitNumber).to.equal(undefined);
      for (const [fieldId, value] of Object.entries(TDP_ANSWERS)) await workspace.saveAnswer(id, fieldId, value);
      await workspace.setDocumentRef(id, 'ktp', documentRef('ktp.jpg'));
      await workspace.setDocumentRef(id, 'npwp', documentRef('npwp.jpg'));
      expect((await workspace.submit(id)).status).to.equal('submitted');
    });
  });

  describe('bundles', () => {
    it('createBundle makes one draft per type sharing a bundle id', async () => {
      const workspace = await open(user('paket'));
      const ids = await workspace.createBundle([siup, tdp], demoCatalog.version, 'renewal');
      expect(ids).to.have.length(2);
      const [a, b] = await Promise.all(ids.map((id) => firstValueFrom(workspace.draft$(id))));
      expect(a?.permitTypeId).to.equal('siup');
      expect(b?.permitTypeId).to.equal('tdp');
      expect(a?.bundleId).to.be.a('string').and.not.equal('');
      expect(b?.bundleId).to.equal(a?.bundleId);
      expect(a?.kind).to.equal('renewal');
      expect(b?.kind).to.equal('renewal');
      const members = await until(workspace.bundle$(a!.bundleId!), (docs) => docs.length === 2, 'both bundle members');
      expect(members.map((doc) => doc.id).sort()).to.deep.equal([...ids].sort());
      const other = await workspace.createBundle([siup, tdp], demoCatalog.version);
      expect((await firstValueFrom(workspace.draft$(other[0]!)))?.bundleId).to.not.equal(a?.bundleId);
    });

    it('copies an answer into the other member\'s empty field of the same kind, never over an answer it has', async () => {
      const workspace = await open(user('salin-paket'));
      const [s, t] = (await workspace.createBundle([siup, tdp], demoCatalog.version)) as [string, string];
      // Typed in TDP first: it reaches the SIUP, whose field is empty.
      await workspace.saveAnswer(t, 'companyName', 'PT Sudah Ada');
      await until(workspace.draft$(s), (doc) => doc?.answers.companyName === 'PT Sudah Ada', 'TDP → SIUP copy');
      // SIUP's own answer changes; the TDP keeps its own.
      await workspace.saveAnswer(s, 'companyName', 'CV Baru');
      await workspace.saveAnswer(s, 'companyAddress', ADDRESS);
      await workspace.saveAnswer(s, 'mainGoods', 'Sembako');
      await workspace.saveAnswer(s, 'applicantName', 'Siti Rahmawati');
      const copied = await until(workspace.draft$(t), (doc) => doc?.answers.applicantName === 'Siti Rahmawati', 'SIUP → TDP copy');
      await sleep(300);
      const final = (await firstValueFrom(workspace.draft$(t)))!;
      expect(final.answers.companyName).to.equal('PT Sudah Ada');
      expect(final.answers.companyAddress).to.deep.equal(ADDRESS);
      expect(final.answers, 'a field the TDP does not have is not copied').to.not.have.property('mainGoods');
      expect(Object.keys(final.answers).sort()).to.deep.equal(['applicantName', 'companyAddress', 'companyName']);
      expect(copied?.bundleId).to.be.a('string');
      expect((await firstValueFrom(workspace.draft$(s)))!.answers.companyName).to.equal('CV Baru');
    });

    it('does not copy into a member that was already submitted', async () => {
      const workspace = await open(user('paket-kirim'));
      const [s, t] = (await workspace.createBundle([siup, tdp], demoCatalog.version)) as [string, string];
      for (const [fieldId, value] of Object.entries(TDP_ANSWERS)) {
        if (fieldId !== 'applicantName') await workspace.saveAnswer(t, fieldId, value);
      }
      await workspace.saveAnswer(t, 'applicantName', 'Budi');
      await workspace.setDocumentRef(t, 'ktp', documentRef('ktp.jpg'));
      await workspace.setDocumentRef(t, 'npwp', documentRef('npwp.jpg'));
      await until(workspace.draft$(s), (doc) => doc?.answers.applicantName === 'Budi', 'copies to the SIUP');
      await sleep(200);
      const submitted = await workspace.submit(t);
      await workspace.saveAnswer(s, 'partners', [{ name: 'Ahmad Fauzi', nik: '6471051708900002', position: 'active' }]);
      await sleep(300);
      const after = (await firstValueFrom(workspace.draft$(t)))!;
      expect(after.answers).to.not.have.property('partners');
      expect(after.updatedAt).to.equal(submitted.updatedAt);
    });

    // The app saves every keystroke: each copy must follow the previous one, not stop at the first letter.
    it('copies the whole answer when it is typed keystroke by keystroke', async () => {
      const workspace = await open(user('ketik-paket'));
      const [s, t] = (await workspace.createBundle([siup, tdp], demoCatalog.version)) as [string, string];
      const word = 'CV Maju';
      for (let index = 1; index <= word.length; index++) await workspace.saveAnswer(s, 'companyName', word.slice(0, index));
      await workspace.saveAnswer(s, 'applicantName', 'Siti');
      await until(workspace.draft$(t), (doc) => doc?.answers.applicantName === 'Siti', 'the later copy');
      await sleep(300);
      expect((await firstValueFrom(workspace.draft$(t)))!.answers.companyName).to.equal(word);
    });
  });

  describe('the newest-first list', () => {
    it('drafts$(limit) gives the newest first, respects the limit, and moves an edited old draft to the top', async function () {
      this.timeout(60_000);
      const workspace = await open(user('seratus'));
      const created: string[] = [];
      for (let index = 0; index < 120; index++) created.push(await workspace.createDraft(index % 2 ? siup : tdp, demoCatalog.version));
      const all = await until(workspace.drafts$(), (docs) => docs.length === 120, '120 drafts', 10_000);
      for (let index = 1; index < all.length; index++) {
        expect(all[index - 1]!.updatedAt, `position ${index}`).to.be.at.least(all[index]!.updatedAt);
      }
      expect(all.at(-1)!.updatedAt).to.equal(Math.min(...all.map((doc) => doc.updatedAt)));
      expect(new Set(all.map((doc) => doc.id))).to.deep.equal(new Set(created));

      const newest = await until(workspace.drafts$(50), (docs) => docs.length > 0, 'the limited list');
      expect(newest).to.have.length(50);
      expect(newest.map((doc) => doc.id)).to.deep.equal(all.slice(0, 50).map((doc) => doc.id));

      // The oldest draft is edited: it comes first, and the one that was 50th drops out.
      const oldest = all.at(-1)!;
      const live$ = workspace.drafts$(50);
      const seen: ApplicationDoc[][] = [];
      const subscription = live$.subscribe((docs) => seen.push(docs));
      try {
        await until(live$, (docs) => docs.length === 50, 'the live list');
        await workspace.saveAnswer(oldest.id, 'companyName', 'Diubah lagi');
        const moved = await until(live$, (docs) => docs[0]?.id === oldest.id, 'the edited draft on top');
        expect(moved).to.have.length(50);
        expect(moved.map((doc) => doc.id)).to.deep.equal([oldest.id, ...all.slice(0, 49).map((doc) => doc.id)]);
        expect(moved[0]!.answers.companyName).to.equal('Diubah lagi');
        expect(moved[0]!.updatedAt).to.be.greaterThan(all[0]!.updatedAt);
        await eventually(() => seen.at(-1)?.[0]?.id === oldest.id, 'a list subscribed before the edit follows it');
        expect(seen.at(-1)!.map((doc) => doc.id)).to.deep.equal(moved.map((doc) => doc.id));
      } finally {
        subscription.unsubscribe();
      }
      const full = await firstValueFrom(workspace.drafts$());
      expect(full).to.have.length(120);
      expect(full[0]!.id).to.equal(oldest.id);
    });

    it('a submitted application stays in the list with its status, and a deleted draft leaves it', async () => {
      const workspace = await open(user('daftar'));
      const submittedId = await completeTdp(workspace);
      await workspace.submit(submittedId);
      const draftId = await workspace.createDraft(siup, demoCatalog.version);
      let list = await until(workspace.drafts$(10), (docs) => docs.length === 2, 'two applications');
      expect(list.map((doc) => [doc.id, doc.status])).to.deep.equal([[draftId, 'draft'], [submittedId, 'submitted']]);
      await workspace.deleteDraft(draftId);
      list = await until(workspace.drafts$(10), (docs) => docs.length === 1, 'one application');
      expect(list[0]!.id).to.equal(submittedId);
      let refused = false;
      try {
        await workspace.deleteDraft(submittedId);
      } catch {
        refused = true;
      }
      expect(refused, 'a submitted application cannot be deleted').to.equal(true);
    });
  });

  describe('document refs across delete, undo and duplicate', () => {
    it('a deleted draft comes back with its document refs; a duplicate carries none', async () => {
      const workspace = await open(user('dokumen'));
      const id = await workspace.createDraft(tdp, demoCatalog.version);
      const ktp = documentRef('ktp.jpg');
      await workspace.setDocumentRef(id, 'ktp', ktp);
      await workspace.saveAnswer(id, 'companyName', 'CV Berkas');
      const deleted = await workspace.deleteDraft(id);
      expect(deleted.documents).to.deep.equal({ ktp });
      expect(await firstValueFrom(workspace.draft$(id))).to.equal(null);
      await workspace.restoreDraft(deleted);
      const back = (await firstValueFrom(workspace.draft$(id)))!;
      expect(back.documents).to.deep.equal({ ktp });
      const copy = (await firstValueFrom(workspace.draft$(await workspace.duplicateDraft(id))))!;
      expect(copy.documents).to.equal(undefined);
      expect(copy.answers).to.deep.equal({ companyName: 'CV Berkas' });
      await workspace.setDocumentRef(id, 'ktp', undefined);
      expect((await firstValueFrom(workspace.draft$(id)))!.documents).to.deep.equal({});
    });

    it('typing on after another device deleted the draft brings it back with what was typed', async () => {
      const workspace = await open(user('hapus-jauh'));
      const id = await workspace.createDraft(tdp, demoCatalog.version);
      await workspace.saveAnswer(id, 'companyName', 'CV Tetap');
      // The deletion arrives through the replication, not through this workspace.
      const collection = (workspace as unknown as { local: { applications: { findOne(id: string): { exec(): Promise<{ remove(): Promise<unknown> } | null> } } } })
        .local.applications;
      await (await collection.findOne(id).exec())?.remove();
      expect(await firstValueFrom(workspace.draft$(id))).to.equal(null);
      await workspace.saveAnswer(id, 'companyName', 'CV Tetap Ada');
      const back = await firstValueFrom(workspace.draft$(id));
      expect(back?.answers.companyName).to.equal('CV Tetap Ada');
    });
  });
});

describe('intake components', () => {
  beforeEach(async () => {
    await setLanguage('id');
  });
  after(async () => {
    await setLanguage('id');
  });

  const text = (el: Element): string => (el.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ');
  const byTestId = <T extends Element = HTMLElement>(el: Element, testId: string): T | null =>
    el.shadowRoot!.querySelector<T>(`[data-testid="${testId}"]`);

  describe('ptsp-submit-panel', () => {
    const problems: SubmissionProblem[] = [
      { path: 'answers/companyName', message: { id: 'Nama perusahaan: wajib diisi.', en: 'Company name: is required.' } },
      { path: 'documents/ktp', message: { id: 'KTP elektronik pemohon: dokumen wajib diunggah.', en: "Applicant's electronic ID card (e-KTP): this document is required." } },
    ];

    it('lists the problems, and keeps the button: a submit attempt then marks them in the form', async () => {
      const application = applicationDoc();
      const el = await fixture<PtspSubmitPanel>(html`<ptsp-submit-panel .application=${application} .permitType=${siup} .problems=${problems}></ptsp-submit-panel>`);
      const items = [...el.shadowRoot!.querySelectorAll('[data-testid=submission-problems] li')];
      expect(items.map((item) => item.getAttribute('data-path'))).to.deep.equal(['answers/companyName', 'documents/ktp']);
      expect(items.map((item) => item.textContent?.trim())).to.deep.equal([problems[0]!.message.id, problems[1]!.message.id]);
      expect(text(el)).to.contain('Belum dapat dikirim. Lengkapi dulu:');
      expect(byTestId(el, 'submission-ready')).to.equal(null);
      const button = byTestId<HTMLButtonElement>(el, 'submit-application')!;
      expect(button.disabled).to.equal(false);
      expect(button.textContent?.trim()).to.equal('Kirim permohonan');
      const fired: string[][] = [];
      el.addEventListener('submit-application', (event) => fired.push((event as CustomEvent<string[]>).detail));
      button.click();
      expect(fired, 'the app then checks again, marks every problem and focuses the first').to.deep.equal([[application.id]]);
      expect(byTestId(el, 'application-status')?.textContent?.trim()).to.equal('Draf');
      await setLanguage('en');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector('[data-testid=submission-problems] li')?.textContent?.trim()).to.equal('Company name: is required.');
    });

    it('keeps the button disabled while the problems are still being worked out', async () => {
      const el = await fixture<PtspSubmitPanel>(html`<ptsp-submit-panel .application=${applicationDoc()} .permitType=${siup}></ptsp-submit-panel>`);
      expect(byTestId<HTMLButtonElement>(el, 'submit-application')!.disabled).to.equal(true);
      expect(byTestId(el, 'submission-problems')).to.equal(null);
      expect(byTestId(el, 'submission-ready')).to.equal(null);
    });

    it('when ready, enables the button and submits the open members of the bundle', async () => {
      const bundleId = crypto.randomUUID();
      const application = applicationDoc({ bundleId });
      const partner = applicationDoc({ bundleId, permitTypeId: 'tdp' });
      const done = applicationDoc({ bundleId, permitTypeId: 'tdp', status: 'submitted', provisionalNumber: 'P-7KQ2-M9XD' });
      const returned = applicationDoc({ bundleId, permitTypeId: 'tdp', status: 'returned', provisionalNumber: 'P-7KQ2-M9XE' });
      const el = await fixture<PtspSubmitPanel>(html`<ptsp-submit-panel .application=${application} .permitType=${siup}
        .problems=${[]} .bundle=${[application, partner, done, returned]}></ptsp-submit-panel>`);
      expect(byTestId(el, 'submission-ready')?.textContent).to.contain('Semua isian dan dokumen wajib sudah lengkap.');
      expect(byTestId(el, 'submission-problems')).to.equal(null);
      const button = byTestId<HTMLButtonElement>(el, 'submit-application')!;
      expect(button.disabled).to.equal(false);
      expect(button.textContent?.trim()).to.equal('Kirim paket (3 permohonan)');
      const fired: string[][] = [];
      document.body.addEventListener('submit-application', (event) => fired.push((event as CustomEvent<string[]>).detail), { once: true });
      button.click();
      expect(fired).to.deep.equal([[application.id, partner.id, returned.id]]);
    });

    it('a lone application submits only itself', async () => {
      const application = applicationDoc();
      const el = await fixture<PtspSubmitPanel>(html`<ptsp-submit-panel .application=${application} .permitType=${siup} .problems=${[]}></ptsp-submit-panel>`);
      const fired: string[][] = [];
      el.addEventListener('submit-application', (event) => fired.push((event as CustomEvent<string[]>).detail));
      byTestId<HTMLButtonElement>(el, 'submit-application')!.click();
      expect(fired).to.deep.equal([[application.id]]);
    });

    it('after a return, offers resubmitting only once something changed since the return', async () => {
      const returnedAt = new Date(Date.now() - 60_000).toISOString();
      const unchanged = applicationDoc({
        status: 'returned', provisionalNumber: 'P-7KQ2-M9XD', submittedAt: returnedAt, returnedAt, updatedAt: Date.parse(returnedAt),
        returnReasons: [{ fieldId: 'companyName', text: 'Tidak sesuai akta' }],
      });
      const el = await fixture<PtspSubmitPanel>(html`<ptsp-submit-panel .application=${unchanged} .permitType=${siup} .problems=${[]}></ptsp-submit-panel>`);
      expect(byTestId(el, 'application-status')?.textContent?.trim()).to.equal('Dikembalikan untuk perbaikan');
      const button = byTestId<HTMLButtonElement>(el, 'submit-application')!;
      expect(button.textContent?.trim()).to.equal('Kirim ulang setelah perbaikan');
      expect(button.disabled, 'nothing corrected yet').to.equal(true);
      expect(byTestId(el, 'resubmit-after-change')?.textContent).to.contain('setelah Anda memperbaiki');
      expect(el.shadowRoot!.querySelector('ptsp-receipt'), 'the receipt stays available').to.not.equal(null);
      el.application = { ...unchanged, updatedAt: Date.parse(returnedAt) + 1 };
      await el.updateComplete;
      expect(byTestId<HTMLButtonElement>(el, 'submit-application')!.disabled, 'changed since the return').to.equal(false);
      expect(byTestId(el, 'resubmit-after-change')).to.equal(null);
      await setLanguage('en');
      await el.updateComplete;
      expect(byTestId(el, 'submit-application')?.textContent?.trim()).to.equal('Resubmit after correction');
    });

    it('says "Terdaftar · <number>" once registered, with no submit button', async () => {
      const application = applicationDoc({
        status: 'submitted', provisionalNumber: 'P-7KQ2-M9XD', submittedAt: new Date().toISOString(), registrationNumber: '0174/SIUP/11/2026',
      });
      const el = await fixture<PtspSubmitPanel>(html`<ptsp-submit-panel .application=${application} .permitType=${siup} .problems=${[]}></ptsp-submit-panel>`);
      const status = byTestId(el, 'application-status')!;
      expect(status.textContent?.trim()).to.equal('Terdaftar · 0174/SIUP/11/2026');
      expect(status.getAttribute('data-status')).to.equal('submitted');
      expect(byTestId(el, 'submit-application')).to.equal(null);
      expect(text(el)).to.contain('terkunci');
      expect(el.shadowRoot!.querySelector('ptsp-receipt'), 'a submitted application shows its receipt at the top of the form instead').to.equal(null);
    });

    it('says the application waits to sync when submitted but not yet registered', async () => {
      const application = applicationDoc({ status: 'submitted', provisionalNumber: 'P-7KQ2-M9XD', submittedAt: new Date().toISOString() });
      const el = await fixture<PtspSubmitPanel>(html`<ptsp-submit-panel .application=${application} .permitType=${siup}></ptsp-submit-panel>`);
      expect(byTestId(el, 'application-status')?.textContent?.trim()).to.equal('Dikirim dari perangkat, menunggu sinkron');
    });
  });

  describe('ptsp-receipt', () => {
    const submittedAt = '2026-03-17T03:04:00.000Z';
    const pending = applicationDoc({ permitTypeId: 'tdp', status: 'submitted', provisionalNumber: 'P-7KQ2-M9XD', submittedAt });

    async function decode(src: string): Promise<{ width: number; height: number; dark: number }> {
      const image = new Image();
      image.src = src;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.naturalWidth;
      canvas.height = image.naturalHeight;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      let dark = 0;
      for (let index = 0; index < pixels.length; index += 4) if (pixels[index]! < 128 && pixels[index + 3]! > 128) dark++;
      return { width: image.naturalWidth, height: image.naturalHeight, dark: dark / (pixels.length / 4) };
    }

    it('shows the provisional number, the pending registration, the time and a QR code image', async () => {
      const el = await fixture<PtspReceipt>(html`<ptsp-receipt .application=${pending} .permitType=${tdp}></ptsp-receipt>`);
      expect(byTestId(el, 'provisional-number')?.textContent).to.equal('P-7KQ2-M9XD');
      expect(byTestId(el, 'registration-pending')?.textContent).to.equal('Diberikan kantor setelah permohonan dan dokumennya sampai di server.');
      expect(byTestId(el, 'registration-number')).to.equal(null);
      expect(byTestId(el, 'claim-code')).to.equal(null);
      expect(text(el)).to.contain('Tanda terima permohonan');
      expect(text(el)).to.contain(tdp.name.id);
      expect(text(el)).to.contain('2026');
      const img = byTestId<HTMLImageElement>(el, 'receipt-qr')!;
      const src = img.getAttribute('src')!;
      expect(src).to.match(/^data:image\/(png|gif);base64,/);
      const bytes = Uint8Array.from(atob(src.slice(src.indexOf(',') + 1)), (char) => char.charCodeAt(0));
      expect(bytes.length).to.be.greaterThan(200);
      const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((byte, index) => bytes[index] === byte);
      const gif = String.fromCharCode(...bytes.slice(0, 4)) === 'GIF8';
      expect(png || gif, 'a PNG or GIF').to.equal(true);
      const picture = await decode(src);
      expect(picture.width).to.equal(picture.height);
      expect(picture.width, 'at least a version-1 code (21 modules) at 4 px').to.be.at.least(21 * 4);
      expect(picture.dark).to.be.within(0.2, 0.7);
      expect(img.alt).to.equal('Kode QR berisi tautan pelacakan permohonan');
      expect(el.link).to.equal(`${location.origin}/lacak/P-7KQ2-M9XD`);
    });

    it('shows the registration number once given; the QR keeps the provisional number\'s public link', async () => {
      const first = await fixture<PtspReceipt>(html`<ptsp-receipt .application=${pending} .permitType=${tdp}></ptsp-receipt>`);
      const before = byTestId<HTMLImageElement>(first, 'receipt-qr')!.src;
      const el = await fixture<PtspReceipt>(html`<ptsp-receipt .application=${{ ...pending, registrationNumber: '0001/TDP/03/2026' }} .permitType=${tdp}></ptsp-receipt>`);
      expect(byTestId(el, 'registration-number')?.textContent).to.equal('0001/TDP/03/2026');
      expect(byTestId(el, 'registration-pending')).to.equal(null);
      expect(byTestId(el, 'provisional-number')?.textContent).to.equal('P-7KQ2-M9XD');
      expect(byTestId<HTMLImageElement>(el, 'receipt-qr')!.src, 'a receipt printed before the number still works').to.equal(before);
    });

    it('the QR link uses the office\'s public address when the app knows it', async () => {
      const el = await fixture<PtspReceipt>(html`<ptsp-receipt .application=${pending} .permitType=${tdp} .publicUrl=${'https://ptsp.balikpapan.go.id'}></ptsp-receipt>`);
      expect(el.link).to.equal('https://ptsp.balikpapan.go.id/lacak/P-7KQ2-M9XD');
      expect(byTestId(el, 'receipt-qr')?.getAttribute('data-link')).to.equal('https://ptsp.balikpapan.go.id/lacak/P-7KQ2-M9XD');
      expect(text(el)).to.contain('https://ptsp.balikpapan.go.id/lacak/P-7KQ2-M9XD');
    });

    it('names the applicant (their answer) and the business', async () => {
      const own = { ...pending, answers: { applicantName: 'Budi Santoso', companyName: 'CV Maju Jaya' } };
      const el = await fixture<PtspReceipt>(html`<ptsp-receipt .application=${own} .permitType=${tdp}></ptsp-receipt>`);
      expect(byTestId(el, 'receipt-applicant')?.textContent).to.equal('Budi Santoso');
      expect(byTestId(el, 'receipt-business')?.textContent).to.equal('CV Maju Jaya');
      expect(byTestId(el, 'claim-when-online'), 'no claim code: not a booth filing').to.equal(null);
      await setLanguage('en');
      await el.updateComplete;
      expect(text(el)).to.contain('Business name');
    });

    it('on a phone, each label sits above its value and numbers stay on one line', async () => {
      const booth = { ...pending, registrationNumber: '0001/TDP/03/2026', citizen: { name: 'Siti Nurhaliza Rahmawati' }, claimCode: '4F7QX-K2M9D',
        answers: { companyName: 'UD Sumber Rejeki Makmur Sejahtera Abadi' } };
      const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 328px"><ptsp-receipt .application=${booth} .permitType=${tdp}></ptsp-receipt></div>`);
      const el = wrapper.querySelector('ptsp-receipt')!;
      await el.updateComplete;
      const dt = el.shadowRoot!.querySelector('dt')!.getBoundingClientRect();
      const dd = el.shadowRoot!.querySelector('dd')!.getBoundingClientRect();
      expect(dd.top, 'the value below its label').to.be.at.least(dt.bottom - 1);
      for (const testId of ['provisional-number', 'registration-number', 'claim-code']) {
        const box = byTestId(el, testId)!.getBoundingClientRect();
        expect(box.height, `${testId} on one line`).to.be.below(30);
        expect(box.right, `${testId} inside the receipt`).to.be.at.most(el.getBoundingClientRect().right);
      }
    });

    it('shows the citizen and their claim code for a booth filing, and switches to English', async () => {
      const booth = { ...pending, citizen: { name: 'Siti Aminah' }, claimCode: '4F7QX-K2M9D' };
      const el = await fixture<PtspReceipt>(html`<ptsp-receipt .application=${booth} .permitType=${tdp}></ptsp-receipt>`);
      expect(byTestId(el, 'claim-code')?.textContent).to.equal('4F7QX-K2M9D');
      expect(text(el)).to.contain('Kode klaim untuk warga');
      expect(byTestId(el, 'receipt-applicant')?.textContent).to.equal('Siti Aminah');
      expect(byTestId(el, 'claim-when-online')?.textContent).to.contain('setelah perangkat gerai tersambung ke internet');
      await setLanguage('en');
      await el.updateComplete;
      expect(text(el)).to.contain('Application receipt');
      expect(text(el)).to.contain('Provisional receipt number');
      expect(text(el)).to.contain("Citizen's claim code");
      expect(text(el)).to.contain(tdp.name.en);
      expect(byTestId(el, 'registration-pending')?.textContent).to.equal('Given by the office once the application and its documents reach the server.');
      expect(byTestId<HTMLImageElement>(el, 'receipt-qr')!.alt).to.equal("QR code holding the application's tracking link");
      expect(byTestId(el, 'claim-when-online')?.textContent).to.contain('once the booth device has been online');
      expect(byTestId(el, 'claim-code')?.textContent).to.equal('4F7QX-K2M9D');
    });

    it('renders nothing without a provisional number', async () => {
      const el = await fixture<PtspReceipt>(html`<ptsp-receipt .application=${applicationDoc()} .permitType=${siup}></ptsp-receipt>`);
      expect(text(el).trim()).to.equal('');
      expect(byTestId(el, 'receipt-qr')).to.equal(null);
    });
  });

  describe('ptsp-kind-section', () => {
    const radio = (el: PtspKindSection, kind: string) => byTestId<HTMLInputElement>(el, `kind-${kind}`)!;

    it('asks for the old number only for a change, renewal or re-registration, and reports it as typed', async () => {
      const el = await fixture<PtspKindSection>(html`<ptsp-kind-section></ptsp-kind-section>`);
      const fired: KindChangeDetail[] = [];
      el.addEventListener('kind-change', (event) => fired.push((event as CustomEvent<KindChangeDetail>).detail));
      expect(radio(el, 'new').checked).to.equal(true);
      expect(byTestId(el, 'previous-permit-number')).to.equal(null);

      radio(el, 'renewal').click();
      expect(fired).to.deep.equal([{ kind: 'renewal', previousPermitNumber: '' }]);
      el.kind = 'renewal';
      await el.updateComplete;
      const input = byTestId<HTMLInputElement>(el, 'previous-permit-number')!;
      expect(input).to.not.equal(null);
      input.value = '0174/SIUP/04/2018';
      input.dispatchEvent(new Event('input'));
      expect(fired.at(-1)).to.deep.equal({ kind: 'renewal', previousPermitNumber: '0174/SIUP/04/2018' });

      // Switching to another kind that cites the old permit carries the number typed.
      radio(el, 're-registration').click();
      expect(fired.at(-1)).to.deep.equal({ kind: 're-registration', previousPermitNumber: '0174/SIUP/04/2018' });
      radio(el, 'new').click();
      expect(fired.at(-1)).to.deep.equal({ kind: 'new' });
      el.kind = 'new';
      await el.updateComplete;
      expect(byTestId(el, 'previous-permit-number')).to.equal(null);
    });

    it('shows the stored old number for each non-new kind, and is disabled when locked', async () => {
      for (const kind of ['change', 'renewal', 're-registration'] as const) {
        const el = await fixture<PtspKindSection>(html`<ptsp-kind-section .kind=${kind} .previousPermitNumber=${'0174/SIUP/04/2018'}></ptsp-kind-section>`);
        expect(radio(el, kind).checked, kind).to.equal(true);
        expect(byTestId<HTMLInputElement>(el, 'previous-permit-number')?.value, kind).to.equal('0174/SIUP/04/2018');
      }
      const locked = await fixture<PtspKindSection>(html`<ptsp-kind-section .kind=${'renewal'} locked></ptsp-kind-section>`);
      expect(byTestId<HTMLFieldSetElement>(locked, 'kind-section')!.disabled).to.equal(true);
      expect(radio(locked, 'new').matches(':disabled')).to.equal(true);
      expect(byTestId(locked, 'previous-permit-number')!.matches(':disabled')).to.equal(true);
    });
  });

  describe('ptsp-citizen-section', () => {
    it('reports the citizen\'s identity as citizen-input, never as a form answer, and consent as consent-change', async () => {
      const wrapper = await fixture<HTMLDivElement>(html`<div><ptsp-citizen-section></ptsp-citizen-section></div>`);
      const el = wrapper.querySelector<PtspCitizenSection>('ptsp-citizen-section')!;
      await el.updateComplete;
      const citizen: CitizenInputDetail[] = [];
      const answers: unknown[] = [];
      const consent: boolean[] = [];
      wrapper.addEventListener('citizen-input', (event) => citizen.push((event as CustomEvent<CitizenInputDetail>).detail));
      wrapper.addEventListener('answer-input', (event) => answers.push((event as CustomEvent).detail));
      wrapper.addEventListener('consent-change', (event) => consent.push((event as CustomEvent<boolean>).detail));

      const type = async (fieldId: string, testId: string, value: string) => {
        const field = byTestId(el, `citizen-${fieldId}`)!;
        await settled(el.shadowRoot!);
        const input = deepQueryAll(field.shadowRoot!, `[data-testid="${testId}"]`)[0] as HTMLInputElement;
        expect(input, testId).to.not.equal(undefined);
        input.value = value;
        input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      };
      await type('nik', 'input-nik', '6471051708900002');
      await type('name', 'input-name', 'Siti Aminah');
      await type('phone', 'input-phone', '081298765432');
      await type('address', 'input-address-street', 'Jl. Mawar 1');
      expect(citizen.slice(0, 3)).to.deep.equal([
        { part: 'nik', value: '6471051708900002' }, { part: 'name', value: 'Siti Aminah' }, { part: 'phone', value: '081298765432' }]);
      expect(citizen[3]?.part).to.equal('address');
      expect((citizen[3]?.value as AddressAnswer).street).to.equal('Jl. Mawar 1');
      expect(answers, 'answer-input does not leave the section').to.deep.equal([]);

      const box = byTestId<HTMLInputElement>(el, 'citizen-consent')!;
      box.click();
      expect(consent).to.deep.equal([true]);
      box.click();
      expect(consent).to.deep.equal([true, false]);
    });

    it('shows when consent was recorded, and only the citizen\'s details when locked', async () => {
      const consentAt = new Date().toISOString();
      const el = await fixture<PtspCitizenSection>(html`<ptsp-citizen-section .citizen=${{ name: 'Siti Aminah', nik: '6471051708900002' }} .consentAt=${consentAt}></ptsp-citizen-section>`);
      expect(byTestId<HTMLInputElement>(el, 'citizen-consent')!.checked).to.equal(true);
      expect(text(el)).to.contain('Persetujuan dicatat');
      const locked = await fixture<PtspCitizenSection>(html`<ptsp-citizen-section .citizen=${{ name: 'Siti Aminah', nik: '6471051708900002' }} locked></ptsp-citizen-section>`);
      expect(byTestId(locked, 'citizen-name')?.textContent).to.equal('Siti Aminah');
      expect(deepQueryAll(locked.shadowRoot!, 'input, select, textarea')).to.deep.equal([]);
    });
  });

  describe('ptsp-permit-picker', () => {
    it('offers to start a bundle only with two or more ticked, and fires pick-bundle with them in ticking order', async () => {
      const el = await fixture<PtspPermitPicker>(html`<ptsp-permit-picker .catalog=${demoCatalog}></ptsp-permit-picker>`);
      const tick = async (id: string) => {
        byTestId<HTMLInputElement>(el, `bundle-${id}`)!.click();
        await el.updateComplete;
      };
      const bundles: PermitType[][] = [];
      const singles: PermitType[] = [];
      el.addEventListener('pick-bundle', (event) => bundles.push((event as CustomEvent<PermitType[]>).detail));
      el.addEventListener('pick-permit', (event) => singles.push((event as CustomEvent<PermitType>).detail));
      expect(byTestId(el, 'start-bundle')).to.equal(null);
      await tick('tdp');
      expect(byTestId<HTMLInputElement>(el, 'bundle-tdp')!.checked).to.equal(true);
      expect(byTestId(el, 'start-bundle'), 'one ticked is no bundle').to.equal(null);
      await tick('siup');
      const start = byTestId<HTMLButtonElement>(el, 'start-bundle')!;
      expect(start.textContent?.trim()).to.equal('Mulai paket (2 izin)');
      expect(text(el)).to.contain('TDP + SIUP');
      start.click();
      expect(bundles.map((types) => types.map((type) => type.id))).to.deep.equal([['tdp', 'siup']]);
      expect(bundles[0]![0]).to.equal(tdp);
      expect(singles).to.deep.equal([]);
      await tick('tdp');
      expect(byTestId(el, 'start-bundle'), 'unticked back to one').to.equal(null);
    });
  });

  describe('ptsp-permit-picker search and taps', () => {
    const names = (el: PtspPermitPicker) => [...el.shadowRoot!.querySelectorAll('[data-testid^=permit-]')]
      .map((node) => node.getAttribute('data-testid')).filter((id) => id !== 'permit-search' && id !== 'permit-list' && id !== 'permit-no-match');
    const search = async (el: PtspPermitPicker, query: string) => {
      const input = byTestId<HTMLInputElement>(el, 'permit-search')!;
      input.value = query;
      input.dispatchEvent(new Event('input'));
      await el.updateComplete;
    };

    it('finds a permit type by name, code or description, in either language', async () => {
      const el = await fixture<PtspPermitPicker>(html`<ptsp-permit-picker .catalog=${demoCatalog}></ptsp-permit-picker>`);
      expect(names(el).length).to.equal(demoCatalog.permitTypes.length);
      await search(el, 'siup');
      expect(names(el)).to.deep.equal(['permit-siup']);
      await search(el, 'tanda daftar perusahaan');
      expect(names(el)).to.deep.equal(['permit-tdp']);
      await search(el, 'company register');
      expect(names(el), 'the English description').to.include('permit-tdp');
      await search(el, 'dokter');
      expect(names(el)).to.include('permit-sip-dokter');
      expect(names(el)).to.not.include('permit-tdp');
      await search(el, 'xyz tidak ada');
      expect(names(el)).to.deep.equal([]);
      expect(byTestId(el, 'permit-no-match')?.textContent).to.contain('xyz tidak ada');
    });

    it('a double tap starts one draft', async () => {
      const el = await fixture<PtspPermitPicker>(html`<ptsp-permit-picker .catalog=${demoCatalog}></ptsp-permit-picker>`);
      const picked: string[] = [];
      el.addEventListener('pick-permit', (event) => picked.push((event as CustomEvent<PermitType>).detail.id));
      const card = byTestId<HTMLButtonElement>(el, 'permit-tdp')!;
      card.click();
      card.click();
      byTestId<HTMLButtonElement>(el, 'permit-siup')!.click();
      expect(picked).to.deep.equal(['tdp']);
      await el.updateComplete;
      expect(byTestId(el, 'picker-starting')?.textContent).to.contain('Membuat draf');
      el.reset();
      byTestId<HTMLButtonElement>(el, 'permit-siup')!.click();
      expect(picked, 'usable again after a failure').to.deep.equal(['tdp', 'siup']);
    });
  });

  describe('ptsp-draft-form on a return, a booth filing and a submit attempt', () => {
    const returnedAt = new Date(Date.now() - 60_000).toISOString();
    const returned = applicationDoc({
      permitTypeId: 'tdp', status: 'returned', provisionalNumber: 'P-7KQ2-M9XD', submittedAt: returnedAt, returnedAt, updatedAt: Date.parse(returnedAt),
      answers: { ...TDP_ANSWERS }, documents: { ktp: documentRef('ktp.jpg'), npwp: documentRef('npwp.jpg') },
      returnReasons: [{ fieldId: 'kbli', text: 'Pakai 47112' }, { fieldId: 'npwp', text: 'Foto buram' }, { text: 'Hubungi kantor' }],
    });
    const form = async (draft: ApplicationDoc, booth = false) => {
      const el = await fixture<PtspDraftForm>(html`<ptsp-draft-form .permitType=${tdp} .draft=${draft} ?booth=${booth}></ptsp-draft-form>`);
      await settled(el.shadowRoot!);
      return el;
    };

    it('shows the reasons at the top, each with its field\'s or document\'s name, and again at each one named', async () => {
      const el = await form(returned);
      const top = byTestId(el, 'return-reasons')!;
      const children = [...el.shadowRoot!.querySelector('.stack')!.children];
      expect(children.indexOf(top), 'right under the title').to.equal(children.indexOf(byTestId(el, 'draft-title')!) + 1);
      expect(top.querySelectorAll('li')).to.have.length(3);
      expect(top.textContent).to.contain('Kode KBLI');
      expect(top.textContent).to.contain('NPWP pemohon atau perusahaan: Foto buram');
      const atField = byTestId(el, 'field-reason-kbli')!;
      expect(atField.textContent).to.contain('Pakai 47112');
      expect(atField.nextElementSibling?.getAttribute('data-field-id'), 'right above the KBLI field').to.equal('kbli');
      const list = el.shadowRoot!.querySelector('ptsp-document-list')!;
      expect(byTestId(list, 'document-reason-npwp')?.textContent).to.contain('Foto buram');
      expect(byTestId(list, 'document-reason-ktp')).to.equal(null);
      const panel = el.shadowRoot!.querySelector('ptsp-submit-panel')!;
      expect(byTestId(panel, 'return-reasons'), 'not repeated at the bottom').to.equal(null);
      await setLanguage('en');
      await settled(el.shadowRoot!);
      expect(byTestId(el, 'return-reasons')?.textContent).to.contain('Returned for correction');
      expect(byTestId(el, 'field-reason-kbli')?.textContent).to.contain('Reason for the return: Pakai 47112');
    });

    it('a reason\'s button takes focus to its field', async () => {
      const el = await fixture<PtspDraftForm>(html`<ptsp-draft-form .permitType=${tdp} .draft=${returned}></ptsp-draft-form>`);
      await settled(el.shadowRoot!);
      byTestId<HTMLButtonElement>(el, 'go-to-reason-kbli')!.click();
      await eventually(() => deepActive()?.getAttribute('data-testid') === 'input-kbli', 'focus in the KBLI input');
    });

    it('a submitted application shows its receipt at the top', async () => {
      const el = await form({ ...returned, status: 'submitted', returnReasons: undefined });
      const children = [...el.shadowRoot!.querySelector('.stack')!.children];
      const receipt = el.shadowRoot!.querySelector('ptsp-receipt')!;
      const title = children.indexOf(byTestId(el, 'draft-title')!);
      expect(children.indexOf(receipt)).to.be.greaterThan(title);
      // Only the agency's question box may sit between, and it shows nothing without a question.
      const between = children.slice(title + 1, children.indexOf(receipt));
      expect(between.map((child) => [child.tagName.toLowerCase(), (child.shadowRoot?.textContent ?? '').trim()]),
        'nothing is shown between the title and the receipt').to.deep.equal(between.map(() => ['ptsp-question-answer', '']));
      expect(deepQueryAll(el.shadowRoot!, 'ptsp-receipt')).to.have.length(1);
    });

    it('a booth filing shows the applicant fields filled from the citizen, not a second input; "different" gives the input', async () => {
      const citizen = { nik: '6471051708900002', name: 'Siti Aminah', phone: '081298765432' };
      const draft = applicationDoc({ permitTypeId: 'tdp', citizen, answers: { applicantNik: citizen.nik, applicantName: citizen.name, applicantPhone: '081200000001' } });
      const el = await form(draft, true);
      expect(byTestId(el, 'from-citizen-value-applicantNik')?.textContent).to.equal(citizen.nik);
      expect(byTestId(el, 'from-citizen-value-applicantName')?.textContent).to.equal(citizen.name);
      const inputs = deepQueryAll(el.shadowRoot!.querySelector('form')!, '[data-testid^=input-applicant]').map((node) => node.getAttribute('data-testid'));
      expect(inputs, 'a different phone was typed: its own input').to.deep.equal(['input-applicantPhone']);
      byTestId<HTMLButtonElement>(el, 'from-citizen-edit-applicantName')!.click();
      await settled(el.shadowRoot!);
      expect(byTestId(el, 'from-citizen-applicantName')).to.equal(null);
      await eventually(() => deepActive()?.getAttribute('data-testid') === 'input-applicantName', 'focus in the applicant name input');
      // Not a booth filing: the applicant types their own.
      const own = await form(draft, false);
      expect(byTestId(own, 'from-citizen-applicantNik')).to.equal(null);
    });

    it('a submit attempt with problems marks every field and focuses the first as the form shows them', async () => {
      const draft = applicationDoc({ permitTypeId: 'tdp' });
      const problems: SubmissionProblem[] = [
        { path: 'documents/ktp', message: { id: 'KTP: dokumen wajib diunggah.', en: 'KTP: required.' } },
        { path: 'answers/companyName', message: { id: 'Nama perusahaan: wajib diisi.', en: 'Company name: required.' } },
        { path: 'answers/applicantNik', message: { id: 'NIK: wajib diisi.', en: 'NIK: required.' } },
      ];
      const el = await fixture<PtspDraftForm>(html`<ptsp-draft-form .permitType=${tdp} .draft=${draft} .problems=${problems} showErrors></ptsp-draft-form>`);
      await settled(el.shadowRoot!);
      await el.focusFirstProblem(problems);
      await eventually(() => deepActive()?.getAttribute('data-testid') === 'input-applicantNik', 'focus on the first field of the form with a problem');
      const field = el.shadowRoot!.querySelector<HTMLElement & { showErrors?: boolean }>('ptsp-form-field[data-field-id=companyName]')!;
      expect(field.showErrors).to.equal(true);
      expect(byTestId(el.shadowRoot!.querySelector('ptsp-document-list')!, 'document-problem-ktp')?.textContent).to.contain('KTP: dokumen wajib diunggah.');
    });
  });

  describe('ptsp-draft-list', () => {
    const submitted = applicationDoc({
      permitTypeId: 'tdp', status: 'submitted', provisionalNumber: 'P-7KQ2-M9XD', submittedAt: new Date().toISOString(),
      citizen: { name: 'Siti Aminah', nik: '6471051708900002' }, answers: { companyName: 'CV Satu' },
    });
    const registered = applicationDoc({
      status: 'submitted', provisionalNumber: 'P-ABCD-EFGH', submittedAt: new Date().toISOString(), registrationNumber: '0174/SIUP/11/2026',
      answers: { companyName: 'CV Dua' },
    });
    const plain = applicationDoc({ answers: { companyName: 'CV Tiga' } });
    const drafts = [submitted, registered, plain];
    const shownIds = (el: PtspDraftList) => [...el.shadowRoot!.querySelectorAll('[data-draft-id]')].map((node) => node.getAttribute('data-draft-id'));
    const search = async (el: PtspDraftList, query: string) => {
      const input = byTestId<HTMLInputElement>(el, 'draft-search')!;
      input.value = query;
      input.dispatchEvent(new Event('input'));
      await el.updateComplete;
    };

    it('finds an application by its provisional number, its registration number and the citizen\'s name', async () => {
      const el = await fixture<PtspDraftList>(html`<ptsp-draft-list .catalog=${demoCatalog} .drafts=${drafts}></ptsp-draft-list>`);
      expect(shownIds(el)).to.deep.equal([submitted.id, registered.id, plain.id]);
      await search(el, 'P-7KQ2-M9XD');
      expect(shownIds(el)).to.deep.equal([submitted.id]);
      await search(el, 'p-abcd-efgh');
      expect(shownIds(el)).to.deep.equal([registered.id]);
      await search(el, '0174/SIUP/11/2026');
      expect(shownIds(el)).to.deep.equal([registered.id]);
      await search(el, 'siti aminah');
      expect(shownIds(el)).to.deep.equal([submitted.id]);
      await search(el, 'P-0000-0000');
      expect(shownIds(el)).to.deep.equal([]);
      await search(el, '');
      expect(shownIds(el)).to.have.length(3);
    });

    it('looks for a scanned receipt number at once (initialQuery)', async () => {
      const queries: string[] = [];
      const el = await fixture<PtspDraftList>(html`<ptsp-draft-list .catalog=${demoCatalog} .drafts=${drafts} .initialQuery=${'0174/SIUP/11/2026'}
        @search-change=${(event: CustomEvent<string>) => queries.push(event.detail)}></ptsp-draft-list>`);
      expect(shownIds(el)).to.deep.equal([registered.id]);
      expect(byTestId<HTMLInputElement>(el, 'draft-search')!.value).to.equal('0174/SIUP/11/2026');
      expect(queries).to.deep.equal(['0174/SIUP/11/2026']);
    });

    it('shows the status line: status, provisional number and the citizen', async () => {
      const el = await fixture<PtspDraftList>(html`<ptsp-draft-list .catalog=${demoCatalog} .drafts=${drafts}></ptsp-draft-list>`);
      const status = (doc: ApplicationDoc) => byTestId(el, `status-${doc.id}`)!;
      expect(status(submitted).textContent).to.equal('Dikirim dari perangkat, menunggu sinkron · P-7KQ2-M9XD · Warga: Siti Aminah');
      expect(status(submitted).getAttribute('data-status')).to.equal('submitted');
      expect(status(registered).textContent).to.equal('Terdaftar · 0174/SIUP/11/2026 · P-ABCD-EFGH');
      expect(status(plain).textContent).to.equal('Draf');
      expect(byTestId(el, `delete-${submitted.id}`), 'a submitted application offers no delete').to.equal(null);
      expect(byTestId(el, `delete-${plain.id}`)).to.not.equal(null);
      await setLanguage('en');
      await el.updateComplete;
      expect(status(submitted).textContent).to.equal('Submitted on this device, waiting to sync · P-7KQ2-M9XD · Citizen: Siti Aminah');
    });

    it('offers "Tampilkan lebih banyak" only when there are more', async () => {
      const el = await fixture<PtspDraftList>(html`<ptsp-draft-list .catalog=${demoCatalog} .drafts=${drafts}></ptsp-draft-list>`);
      expect(byTestId(el, 'show-more')).to.equal(null);
      expect(text(el)).to.not.contain('Tampilkan lebih banyak');
      el.hasMore = true;
      await el.updateComplete;
      const more = byTestId<HTMLButtonElement>(el, 'show-more')!;
      expect(more.textContent?.trim()).to.equal('Tampilkan lebih banyak');
      let asked = 0;
      el.addEventListener('show-more', () => asked++);
      more.click();
      expect(asked).to.equal(1);
    });

    it('claims with the code typed, trimmed, and only when something was typed', async () => {
      const el = await fixture<PtspDraftList>(html`<ptsp-draft-list .catalog=${demoCatalog} .drafts=${[]} .claimable=${true}></ptsp-draft-list>`);
      const claims: string[] = [];
      el.addEventListener('claim', (event) => claims.push((event as CustomEvent<string>).detail));
      const submit = byTestId<HTMLButtonElement>(el, 'claim-submit')!;
      submit.click();
      expect(claims).to.deep.equal([]);
      const input = byTestId<HTMLInputElement>(el, 'claim-code-input')!;
      input.value = '  4f7qx-k2m9d ';
      input.dispatchEvent(new Event('input'));
      await el.updateComplete;
      submit.click();
      expect(claims).to.deep.equal(['4f7qx-k2m9d']);
      el.claimMessage = { ok: false, text: 'Klaim gagal: kode tidak dikenal' };
      await el.updateComplete;
      expect(byTestId(el, 'claim-message')?.textContent).to.equal('Klaim gagal: kode tidak dikenal');
    });

    it('shows no claim form unless the account may claim', async () => {
      const el = await fixture<PtspDraftList>(html`<ptsp-draft-list .catalog=${demoCatalog} .drafts=${drafts}></ptsp-draft-list>`);
      expect(byTestId(el, 'claim-form')).to.equal(null);
    });
  });

  describe('ptsp-draft-form when submitted', () => {
    const answers: Record<string, AnswerValue> = {
      applicantNik: '6471021708900003', companyName: 'CV Maju Jaya', businessForm: 'cv', companyAddress: ADDRESS,
      premisesOwned: false, premisesOwnerName: 'H. Abdul Rahman',
    };

    it('shows the answers read-only, written out, with nothing left to edit', async () => {
      const workspace = await Workspace.open(user('baca'), { sync: false });
      try {
        const application = applicationDoc({
          status: 'submitted', provisionalNumber: 'P-7KQ2-M9XD', submittedAt: new Date().toISOString(), answers,
          kind: 'renewal', previousPermitNumber: '0174/SIUP/04/2018', citizen: { name: 'Siti Aminah' }, consentAt: new Date().toISOString(),
        });
        // The shell hands the workspace down as a context (client/app/context.ts), not through the form.
        const shell = document.createElement('div');
        new ContextProvider(shell, { context: workspaceContext, initialValue: workspace });
        // fixture() puts the shell in the page and takes it out after the test.
        const el = await fixture<PtspDraftForm>(html`<ptsp-draft-form .permitType=${siup} .draft=${application} booth
          .problems=${[]}></ptsp-draft-form>`, { parentNode: shell });
        const summary = el.shadowRoot!.querySelector<PtspAnswersSummary>('ptsp-answers-summary')!;
        expect(summary).to.not.equal(null);
        await summary.updateComplete;
        const shown = (fieldId: string) => summary.shadowRoot!.querySelector(`dd[data-field=${fieldId}]`)?.textContent;
        expect(shown('companyAddress')).to.equal(ADDRESS_TEXT);
        expect(shown('businessForm')).to.equal('Persekutuan Komanditer (CV)');
        expect(shown('premisesOwned')).to.equal('Tidak');
        expect(shown('premisesOwnerName')).to.equal('H. Abdul Rahman');
        expect(shown('companyName')).to.equal('CV Maju Jaya');
        expect(shown('mainGoods')).to.equal('—');
        expect(summary.shadowRoot!.textContent).to.contain('Alamat perusahaan');

        // Let every nested element render, then look for anything a person could still change.
        await settled(el.shadowRoot!);
        expect(el.shadowRoot!.querySelectorAll('ptsp-form-field').length).to.equal(0);
        expect(el.shadowRoot!.querySelector('ptsp-document-list')?.shadowRoot?.querySelectorAll('ptsp-document-field').length,
          'the documents are listed').to.equal(siup.requirements.length);
        expect(el.shadowRoot!.querySelector('ptsp-document-list')?.workspace, 'the document list has the workspace from the context').to.equal(workspace);
        const editable = deepQueryAll(el.shadowRoot!, 'input, select, textarea')
          .filter((control) => !control.matches(':disabled'))
          .map((control) => control.getAttribute('data-testid') ?? control.outerHTML);
        expect(editable).to.deep.equal([]);
        expect(deepQueryAll(el.shadowRoot!, '[data-testid^=document-remove-]')).to.deep.equal([]);
        expect(deepQueryAll(el.shadowRoot!, '[data-testid=submit-application]')).to.deep.equal([]);
        expect(deepQueryAll(el.shadowRoot!, '[data-testid=provisional-number]')[0]?.textContent).to.equal('P-7KQ2-M9XD');
        expect(deepQueryAll(el.shadowRoot!, '[data-testid=citizen-name]')[0]?.textContent).to.equal('Siti Aminah');

        await setLanguage('en');
        await el.updateComplete;
        await summary.updateComplete;
        expect(shown('premisesOwned')).to.equal('No');
        expect(shown('businessForm')).to.equal('Limited partnership (CV)');
      } finally {
        await workspace.close();
      }
    });

    it('the summary writes Ya for yes and hides a field whose condition is not met', async () => {
      const el = await fixture<PtspAnswersSummary>(html`<ptsp-answers-summary .permitType=${siup}
        .answers=${{ premisesOwned: true, businessForm: 'pt', companyAddress: { street: 'Jl. Mawar 1', city: 'Kota Balikpapan' } }}></ptsp-answers-summary>`);
      const shown = (fieldId: string) => el.shadowRoot!.querySelector(`dd[data-field=${fieldId}]`)?.textContent;
      expect(shown('premisesOwned')).to.equal('Ya');
      expect(shown('premisesOwnerName')).to.equal(undefined);
      expect(shown('businessForm')).to.equal('Perseroan Terbatas (PT)');
      expect(shown('companyAddress')).to.equal('Jl. Mawar 1, Kota Balikpapan');
    });

    it('a returned application is editable again', async () => {
      const application = applicationDoc({ status: 'returned', provisionalNumber: 'P-7KQ2-M9XD', answers, returnReasons: [{ text: 'Perbaiki' }] });
      const el = await fixture<PtspDraftForm>(html`<ptsp-draft-form .permitType=${siup} .draft=${application}></ptsp-draft-form>`);
      expect(el.shadowRoot!.querySelector('ptsp-answers-summary')).to.equal(null);
      expect(el.shadowRoot!.querySelectorAll('ptsp-form-field').length).to.be.greaterThan(5);
    });
  });
});
