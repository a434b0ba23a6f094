import { expect } from '@open-wc/testing';
import { firstValueFrom, filter } from 'rxjs';
import type { ApplicationDoc } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { CatalogUnavailableError } from '../../client/data/catalog.js';
import { Workspace } from '../../client/data/workspace.js';

const siup = demoCatalog.permitTypes.find((type) => type.id === 'siup')!;
const tdp = demoCatalog.permitTypes.find((type) => type.id === 'tdp')!;

function user(name: string): UserProfile {
  return { userId: `${name}-${crypto.randomUUID()}`, username: name, displayName: name, role: 'applicant' };
}

describe('Workspace (the data layer, on IndexedDB)', () => {
  it('creates a draft and saves each answer so it is there after the database is reopened', async () => {
    const person = user('siti');
    let workspace = await Workspace.open(person, { sync: false });
    const id = await workspace.createDraft(siup, demoCatalog.version);
    await workspace.saveAnswer(id, 'companyName', 'C');
    await workspace.saveAnswer(id, 'companyName', 'CV');
    await workspace.saveAnswer(id, 'applicantNik', '647102');
    await workspace.close();

    workspace = await Workspace.open(person, { sync: false });
    const draft = await firstValueFrom(workspace.draft$(id));
    expect(draft?.answers).to.deep.equal({ companyName: 'CV', applicantNik: '647102' });
    expect(draft?.ownerId).to.equal(person.userId);
    expect(draft?.status).to.equal('draft');
    await workspace.close();
  });

  it('lists drafts most recently changed first, live', async () => {
    const workspace = await Workspace.open(user('budi'), { sync: false });
    const older = await workspace.createDraft(siup, demoCatalog.version);
    const newer = await workspace.createDraft(tdp, demoCatalog.version);
    let list = await firstValueFrom(workspace.drafts$().pipe(filter((docs: ApplicationDoc[]) => docs.length === 2)));
    expect(list.map((doc) => doc.id)).to.deep.equal([newer, older]);
    await workspace.saveAnswer(older, 'companyName', 'Toko');
    list = await firstValueFrom(workspace.drafts$().pipe(filter((docs: ApplicationDoc[]) => docs[0]?.id === older)));
    expect(list.map((doc) => doc.id)).to.deep.equal([older, newer]);
    await workspace.close();
  });

  it('counts changes waiting to be sent, and the count survives a reopen', async () => {
    const person = user('dewi');
    let workspace = await Workspace.open(person, { sync: false });
    expect(workspace.pendingCount()).to.equal(0);
    const a = await workspace.createDraft(siup, demoCatalog.version);
    await workspace.saveAnswer(a, 'companyName', 'X');
    const b = await workspace.createDraft(siup, demoCatalog.version);
    expect(workspace.pendingCount()).to.equal(2);
    await workspace.close();
    workspace = await Workspace.open(person, { sync: false });
    expect(workspace.pendingCount()).to.equal(2);
    expect(b).to.not.equal(a);
    await workspace.close();
  });

  it('keeps each account in its own database on a shared device', async () => {
    const first = user('petugas-a');
    const second = user('petugas-b');
    const one = await Workspace.open(first, { sync: false });
    await one.createDraft(siup, demoCatalog.version);
    await one.close();
    const two = await Workspace.open(second, { sync: false });
    const drafts = await firstValueFrom(two.drafts$());
    expect(drafts).to.have.length(0);
    await two.close();
  });

  it('keeps the latest answer when many keystrokes are saved at once', async () => {
    const workspace = await Workspace.open(user('cepat'), { sync: false });
    const id = await workspace.createDraft(siup, demoCatalog.version);
    const word = 'Sembako dan alat tulis';
    await Promise.all([...word].map((_, index) => workspace.saveAnswer(id, 'mainGoods', word.slice(0, index + 1))));
    const draft = await firstValueFrom(workspace.draft$(id));
    expect(draft?.answers.mainGoods).to.equal(word);
    await workspace.close();
  });
});

describe('Workspace.loadCatalog (the catalog kept in the account database)', () => {
  const original = window.fetch;
  afterEach(() => {
    window.fetch = original;
  });
  const serve = (answer: () => Promise<Response>): void => {
    window.fetch = (() => answer()) as typeof fetch;
  };

  it('keeps the catalog it fetched and returns it when the server cannot be reached', async () => {
    const workspace = await Workspace.open(user('katalog'), { sync: false });
    serve(async () => new Response(JSON.stringify(demoCatalog), { status: 200, headers: { 'content-type': 'application/json' } }));
    expect((await workspace.loadCatalog()).permitTypes.length).to.equal(demoCatalog.permitTypes.length);
    serve(() => Promise.reject(new TypeError('Failed to fetch')));
    const offline = await workspace.loadCatalog();
    expect(offline.version).to.equal(demoCatalog.version);
    expect(offline.permitTypes.map((type) => type.id)).to.deep.equal(demoCatalog.permitTypes.map((type) => type.id));
    await workspace.close();
  });

  it('returns the newest version kept when several were received', async () => {
    const workspace = await Workspace.open(user('versi'), { sync: false });
    for (const version of [1, 3, 2]) {
      serve(async () => new Response(JSON.stringify({ ...demoCatalog, version }), { status: 200, headers: { 'content-type': 'application/json' } }));
      await workspace.loadCatalog();
    }
    serve(() => Promise.reject(new TypeError('Failed to fetch')));
    expect((await workspace.loadCatalog()).version).to.equal(3);
    await workspace.close();
  });

  it('says so when no catalog was ever received on this device', async () => {
    const workspace = await Workspace.open(user('kosong'), { sync: false });
    serve(() => Promise.reject(new TypeError('Failed to fetch')));
    let failed = false;
    try {
      await workspace.loadCatalog();
    } catch (error) {
      failed = error instanceof CatalogUnavailableError;
    }
    expect(failed).to.equal(true);
    await workspace.close();
  });
});

describe('Workspace.catalogAt (the catalog version a draft was started under)', () => {
  const original = window.fetch;
  afterEach(() => {
    window.fetch = original;
  });

  it('uses a version kept on the device, and fetches and keeps one it does not have', async () => {
    const workspace = await Workspace.open(user('lama'), { sync: false });
    const asked: string[] = [];
    window.fetch = ((input: RequestInfo | URL) => {
      asked.push(String(input));
      const version = Number(/\/catalog\/(\d+)$/.exec(String(input))?.[1] ?? demoCatalog.version);
      return Promise.resolve(new Response(JSON.stringify({ ...demoCatalog, version }), { status: 200, headers: { 'content-type': 'application/json' } }));
    }) as typeof fetch;
    await workspace.loadCatalog();
    expect((await workspace.catalogAt(demoCatalog.version))?.version).to.equal(demoCatalog.version);
    expect(asked).to.deep.equal(['/api/catalog'], 'the kept version needs no request');
    expect((await workspace.catalogAt(7))?.version).to.equal(7);
    expect(asked).to.deep.equal(['/api/catalog', '/api/catalog/7']);
    window.fetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    expect((await workspace.catalogAt(7))?.version).to.equal(7, 'kept for offline use');
    expect(await workspace.catalogAt(8)).to.equal(undefined);
    await workspace.close();
  });
});

describe('Workspace: duplicate, delete and undo', () => {
  it('duplicates a draft with its answers under a new id', async () => {
    const workspace = await Workspace.open(user('salin'), { sync: false });
    const id = await workspace.createDraft(siup, demoCatalog.version);
    await workspace.saveAnswer(id, 'companyName', 'CV Salinan');
    const copy = await workspace.duplicateDraft(id);
    expect(copy).to.not.equal(id);
    const copied = await firstValueFrom(workspace.draft$(copy));
    expect(copied?.answers).to.deep.equal({ companyName: 'CV Salinan' });
    await workspace.saveAnswer(copy, 'companyName', 'CV Lain');
    expect((await firstValueFrom(workspace.draft$(id)))?.answers.companyName).to.equal('CV Salinan', 'the original is untouched');
    await workspace.close();
  });

  it('deletes a draft and brings it back, answers and all, on undo', async () => {
    const workspace = await Workspace.open(user('hapus'), { sync: false });
    const id = await workspace.createDraft(siup, demoCatalog.version);
    await workspace.saveAnswer(id, 'companyName', 'CV Jangan Hilang');
    const deleted = await workspace.deleteDraft(id);
    expect(await firstValueFrom(workspace.draft$(id))).to.equal(null);
    expect((await firstValueFrom(workspace.drafts$())).map((doc) => doc.id)).to.not.include(id);
    await workspace.restoreDraft(deleted);
    const back = await firstValueFrom(workspace.draft$(id));
    expect(back?.answers).to.deep.equal({ companyName: 'CV Jangan Hilang' });
    expect(back!.updatedAt).to.be.greaterThan(deleted.updatedAt);
    await workspace.close();
  });
});

describe('answers typed in a tab that closed before their save was done (typing journal)', () => {
  const entryKey = (person: UserProfile, draftId: string, fieldId: string, tab: string): string =>
    `ptsp-typing:${person.userId}:${draftId}:${fieldId}:${tab}`;
  const write = (person: UserProfile, draftId: string, fieldId: string, tab: string, value: string, at: number): void =>
    localStorage.setItem(entryKey(person, draftId, fieldId, tab), JSON.stringify({ tab, userId: person.userId, draftId, fieldId, value, at }));

  it('puts them in their draft at the next open, but never one of a tab still alive, nor one older than the draft', async () => {
    const person = user('tutup');
    let workspace = await Workspace.open(person, { sync: false });
    const id = await workspace.createDraft(siup, demoCatalog.version);
    await workspace.saveAnswer(id, 'applicantName', 'Siti');
    await workspace.close();
    // A tab that is still open holds its lock: its entry is a save still running, not a lost one.
    let releaseLiveTab: () => void = () => undefined;
    const liveTabHeld = new Promise<void>((resolve) => {
      void navigator.locks.request('ptsp-tab:live-tab', () => new Promise<void>((release) => {
        releaseLiveTab = release;
        resolve();
      }));
    });
    await liveTabHeld;
    try {
      write(person, id, 'companyName', 'closed-tab', 'CV Tutup Tab', Date.now() + 1000);
      write(person, id, 'mainGoods', 'live-tab', 'masih disimpan tab lain', Date.now() + 1000);
      write(person, id, 'applicantName', 'closed-tab', 'ketikan lama', 1);

      workspace = await Workspace.open(person, { sync: false });
      const draft = await firstValueFrom(workspace.draft$(id));
      expect(draft?.answers.companyName, 'the closed tab\'s last answer is kept').to.equal('CV Tutup Tab');
      expect(draft?.answers.mainGoods, 'a live tab\'s save is left to it').to.equal(undefined);
      expect(draft?.answers.applicantName, 'an answer older than the draft is not replayed').to.equal('Siti');
      expect(localStorage.getItem(entryKey(person, id, 'companyName', 'closed-tab'))).to.equal(null);
      expect(localStorage.getItem(entryKey(person, id, 'mainGoods', 'live-tab'))).to.not.equal(null);
      await workspace.close();
    } finally {
      releaseLiveTab();
      localStorage.removeItem(entryKey(person, id, 'mainGoods', 'live-tab'));
    }
  });

  it('leaves nothing in the journal once a keystroke is saved', async () => {
    const person = user('simpan');
    const workspace = await Workspace.open(person, { sync: false });
    const id = await workspace.createDraft(siup, demoCatalog.version);
    await workspace.saveAnswer(id, 'companyName', 'CV Tersimpan');
    const left = Object.keys(localStorage).filter((key) => key.startsWith(`ptsp-typing:${person.userId}:`));
    expect(left).to.deep.equal([]);
    await workspace.close();
  });
});
