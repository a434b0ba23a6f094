/**
 * The pieces of an honest sync status (issue 8): the pill's wording in every state and both
 * languages, the password asked in place, the storage notice, and a 429's wait.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { demoCatalog } from '../../common/demo-catalog.js';
import { apiRequest, retryAfterSeconds, TooManyAttemptsError, UnreachableError } from '../../client/data/api.js';
import type { SyncStatus } from '../../client/data/replication.js';
import { SignInError } from '../../client/data/session.js';
import { Workspace } from '../../client/data/workspace.js';
import type { PtspReauthPrompt } from '../../client/ui/ptsp-reauth-prompt.js';
import type { PtspStorageNotice } from '../../client/ui/ptsp-storage-notice.js';
import type { PtspSyncStatus } from '../../client/ui/ptsp-sync-status.js';
import type { PtspSignIn } from '../../client/app/ptsp-sign-in.js';
import '../../client/ui/ptsp-reauth-prompt.js';
import '../../client/app/ptsp-sign-in.js';
import '../../client/ui/ptsp-storage-notice.js';
import '../../client/ui/ptsp-sync-status.js';
import { setLanguage } from '../../client/i18n/localize.js';

const base: SyncStatus = { connectivity: 'online', pending: 0, uploads: 0, syncing: false, received: 0, rejected: null };

async function pillText(status: Partial<SyncStatus>): Promise<string> {
  const el = await fixture<PtspSyncStatus>(html`<ptsp-sync-status .status=${{ ...base, ...status }}></ptsp-sync-status>`);
  return (el.shadowRoot?.querySelector('[data-testid=sync-status]')?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

const user = { userId: 'u-booth', username: 'petugas-uji', displayName: 'Petugas Uji', role: 'booth-staff' as const };

/** A stand-in for the workspace: the prompt only needs who is signed in and renewSession. */
function workspaceRenewing(renew: (password: string) => Promise<void>): Workspace {
  return { user, renewSession: renew } as unknown as Workspace;
}

async function submitPassword(el: PtspReauthPrompt, password: string): Promise<void> {
  const input = el.shadowRoot!.querySelector<HTMLInputElement>('[data-testid=reauth-password]')!;
  input.value = password;
  el.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid=reauth-submit]')!.click();
  // The renewal is a promise; let it settle and the element render.
  for (let tick = 0; tick < 5; tick++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await el.updateComplete;
  }
}

describe('sync status', () => {
  beforeEach(async () => {
    await setLanguage('id');
  });

  it('says all sent only when online, idle and nothing waits', async () => {
    expect(await pillText({})).to.contain('Semua perubahan terkirim');
    for (const status of [
      { connectivity: 'offline' }, { connectivity: 'unreachable' }, { connectivity: 'connecting' }, { connectivity: 'session-expired' },
      { uploads: 1 }, { pending: 1 }, { syncing: true },
    ] as Partial<SyncStatus>[]) {
      expect(await pillText(status), JSON.stringify(status)).to.not.contain('Semua perubahan terkirim');
    }
  });

  it('counts files still uploading, with the drafts, in both languages', async () => {
    expect(await pillText({ uploads: 2 })).to.contain('Mengunggah 2 berkas…');
    expect(await pillText({ pending: 1, uploads: 2 })).to.contain('1 draf, 2 berkas belum terkirim');
    expect(await pillText({ connectivity: 'unreachable', uploads: 2 })).to.contain('Server tidak terjangkau · 2 berkas belum terkirim');
    const el = await fixture<PtspSyncStatus>(html`<ptsp-sync-status .status=${{ ...base, pending: 1, uploads: 2 }}></ptsp-sync-status>`);
    expect(el.shadowRoot?.querySelector('[data-testid=sync-status]')?.getAttribute('data-pending')).to.equal('3');
    await setLanguage('en');
    await el.updateComplete;
    expect(el.shadowRoot?.textContent).to.contain('1 drafts, 2 files not yet sent');
  });

  it('offline never says syncing, even while replication retries', async () => {
    const text = await pillText({ connectivity: 'offline', syncing: true });
    expect(text).to.contain('Luring');
    expect(text).to.not.contain('Menyinkronkan');
    expect(text).to.contain('Perubahan disimpan di perangkat');
  });

  it('says a password is needed when the server no longer knows the session', async () => {
    expect(await pillText({ connectivity: 'session-expired', pending: 2 })).to.contain('Perlu kata sandi · 2 draf belum terkirim');
  });

  it('wraps at spaces only on a 360 px phone', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div style="width: 200px"><ptsp-sync-status .status=${{ ...base, connectivity: 'unreachable', pending: 12, uploads: 3 }}></ptsp-sync-status></div>`);
    const pill = wrapper.querySelector('ptsp-sync-status')!.shadowRoot!.querySelector<HTMLElement>('[data-testid=sync-status]')!;
    // Each word's rectangles: a word split across lines has two.
    const range = document.createRange();
    const walker = document.createTreeWalker(pill, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      for (const match of text.matchAll(/\S+/g)) {
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        expect(range.getClientRects().length, match[0]).to.equal(1);
      }
    }
  });
});

describe('the password asked in place', () => {
  beforeEach(async () => {
    await setLanguage('id');
  });

  it('shows only while the session is expired', async () => {
    const el = await fixture<PtspReauthPrompt>(html`<ptsp-reauth-prompt .workspace=${workspaceRenewing(async () => undefined)}
      .status=${base}></ptsp-reauth-prompt>`);
    expect(el.shadowRoot?.querySelector('[data-testid=reauth-prompt]')).to.equal(null);
    el.status = { ...base, connectivity: 'session-expired' };
    await el.updateComplete;
    expect(el.shadowRoot?.querySelector('[data-testid=reauth-prompt]')?.textContent).to.contain('Petugas Uji');
  });

  it('a wrong password is said clearly and asked again; the right one carries on', async () => {
    const tried: string[] = [];
    const el = await fixture<PtspReauthPrompt>(html`<ptsp-reauth-prompt .workspace=${workspaceRenewing(async (password) => {
      tried.push(password);
      if (password !== 'benar') throw new SignInError('wrong-credentials');
    })} .status=${{ ...base, connectivity: 'session-expired' }}></ptsp-reauth-prompt>`);
    await submitPassword(el, 'salah');
    expect(el.shadowRoot?.querySelector('[data-testid=reauth-error]')?.textContent).to.contain('Kata sandi salah. Coba lagi.');
    expect(el.shadowRoot?.querySelector('[data-testid=reauth-password]')).to.not.equal(null);
    await submitPassword(el, 'benar');
    expect(tried).to.deep.equal(['salah', 'benar']);
    expect(el.shadowRoot?.querySelector('[data-testid=reauth-error]')).to.equal(null);
    el.status = { ...base, connectivity: 'connecting' };
    await el.updateComplete;
    expect(el.shadowRoot?.querySelector('[data-testid=reauth-done]')?.textContent).to.contain('Tersambung lagi');
  });

  it('a gone account hears the server\'s reason, and that its data stays on the device', async () => {
    const el = await fixture<PtspReauthPrompt>(html`<ptsp-reauth-prompt .workspace=${workspaceRenewing(async () => undefined)}
      .status=${{ ...base, connectivity: 'session-expired', sessionProblem: { code: 'account-gone', text: { id: 'Akun sesi ini sudah tidak ada.', en: 'This account no longer exists.' } } }}></ptsp-reauth-prompt>`);
    const text = el.shadowRoot?.querySelector('[data-testid=reauth-prompt]')?.textContent ?? '';
    expect(text).to.contain('Akun sesi ini sudah tidak ada.');
    expect(text).to.contain('tetap tersimpan di perangkat ini');
  });

  it('says how long to wait after too many attempts, and when the server is not there', async () => {
    let failure: SignInError = new SignInError('too-many-attempts', undefined, 125);
    const el = await fixture<PtspReauthPrompt>(html`<ptsp-reauth-prompt .workspace=${workspaceRenewing(async () => { throw failure; })}
      .status=${{ ...base, connectivity: 'session-expired' }}></ptsp-reauth-prompt>`);
    await submitPassword(el, 'x');
    expect(el.shadowRoot?.querySelector('[data-testid=reauth-error]')?.textContent).to.contain('Coba lagi dalam 3 menit');
    failure = new SignInError('unreachable');
    await setLanguage('en');
    await submitPassword(el, 'x');
    expect(el.shadowRoot?.querySelector('[data-testid=reauth-error]')?.textContent).to.contain('The server cannot be reached yet');
  });
});

describe('a 429 answer', () => {
  it('is a wait, with the server\'s Retry-After, not a refusal', async () => {
    const answer = (): Promise<Response> => Promise.resolve(new Response(JSON.stringify({
      error: { code: 'too-many-attempts', message: { id: 'Terlalu banyak percobaan.', en: 'Too many attempts.' } },
    }), { status: 429, headers: { 'retry-after': '42', 'content-type': 'application/json' } }));
    const error = await apiRequest('/auth/login', { method: 'POST', body: {}, fetch: answer }).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(TooManyAttemptsError);
    // Machine callers (uploads, sync) still treat it as "try later".
    expect(error).to.be.instanceOf(UnreachableError);
    expect((error as TooManyAttemptsError).retryAfterSeconds).to.equal(42);
    expect((error as TooManyAttemptsError).text?.en).to.equal('Too many attempts.');
  });

  it('the sign-in form shows the wait, and does not fall back to the password kept on the device', async () => {
    await setLanguage('id');
    const realFetch = window.fetch;
    window.fetch = () => Promise.resolve(new Response(JSON.stringify({
      error: { code: 'too-many-attempts', message: { id: 'Terlalu banyak percobaan.', en: 'Too many attempts.' } },
    }), { status: 429, headers: { 'retry-after': '42', 'content-type': 'application/json' } }));
    try {
      const el = await fixture<PtspSignIn>(html`<ptsp-sign-in></ptsp-sign-in>`);
      el.shadowRoot!.querySelector<HTMLInputElement>('[data-testid=username]')!.value = 'siapa-saja';
      el.shadowRoot!.querySelector<HTMLInputElement>('[data-testid=password]')!.value = 'rahasia';
      el.shadowRoot!.querySelector<HTMLButtonElement>('[data-testid=sign-in]')!.click();
      let error: Element | null = null;
      for (let tries = 0; tries < 100 && !error; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        error = el.shadowRoot!.querySelector('[data-testid=sign-in-error]');
      }
      expect(error?.textContent).to.equal('Terlalu banyak percobaan masuk. Coba lagi dalam 42 detik.');
    } finally {
      window.fetch = realFetch;
    }
  });

  it('reads Retry-After as seconds or a date, a minute when missing', () => {
    expect(retryAfterSeconds('7')).to.equal(7);
    expect(retryAfterSeconds(new Date(Date.now() + 30_500).toUTCString(), Date.now())).to.be.within(30, 31);
    expect(retryAfterSeconds(null)).to.equal(60);
    expect(retryAfterSeconds('soon')).to.equal(60);
  });
});

describe('the storage notice', () => {
  const proto = StorageManager.prototype;
  const original = { persisted: proto.persisted, estimate: proto.estimate };
  function browserSays(persisted: boolean, usage: number, quota: number): void {
    proto.persisted = () => Promise.resolve(persisted);
    proto.estimate = () => Promise.resolve({ usage, quota });
  }
  async function notice(role: 'booth-staff' | 'applicant'): Promise<HTMLElement | null> {
    const el = await fixture<PtspStorageNotice>(html`<ptsp-storage-notice .user=${{ ...user, userId: crypto.randomUUID(), role }}></ptsp-storage-notice>`);
    // Waits for the browser's answer itself, not a number of ticks (a loaded machine needs more).
    for (let tries = 0; tries < 250 && !el.hasAttribute('data-checked'); tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(el.hasAttribute('data-checked'), 'the notice has the browser\'s answer').to.equal(true);
    await el.updateComplete;
    return el.shadowRoot?.querySelector<HTMLElement>('[data-testid=storage-notice]') ?? null;
  }

  beforeEach(async () => {
    await setLanguage('id');
  });

  afterEach(() => {
    proto.persisted = original.persisted;
    proto.estimate = original.estimate;
  });

  it('not persisted: prominent for booth staff, with the room left and what to do', async () => {
    browserSays(false, 200 * 1024 ** 2, 2 * 1024 ** 3);
    const shown = await notice('booth-staff');
    expect(shown?.getAttribute('data-level')).to.equal('prominent');
    expect(shown?.textContent).to.contain('Sisa ruang: 1,8 GB dari 2 GB.');
    expect(shown?.textContent).to.contain('pasang aplikasi ini');
  });

  it('not persisted: one quiet line for an applicant', async () => {
    browserSays(false, 0, 2 * 1024 ** 3);
    expect((await notice('applicant'))?.getAttribute('data-level')).to.equal('quiet');
  });

  it('persisted with room: nothing; almost full: said to everyone', async () => {
    browserSays(true, 0, 2 * 1024 ** 3);
    expect(await notice('booth-staff')).to.equal(null);
    browserSays(true, 2 * 1024 ** 3 - 50 * 1024 ** 2, 2 * 1024 ** 3);
    const low = await notice('applicant');
    expect(low?.getAttribute('data-level')).to.equal('low');
    expect(low?.textContent).to.contain('hampir habis');
  });
});

describe('files counted as waiting', () => {
  it('counts a photo its draft names; not once the draft is deleted (it will not be sent), again after an undo', async () => {
    const tdp = demoCatalog.permitTypes.find((type) => type.id === 'tdp')!;
    const ktp = tdp.requirements.find((requirement) => requirement.id === 'ktp')!;
    const workspace = await Workspace.open({ ...user, userId: `files-${crypto.randomUUID()}`, role: 'applicant' }, { sync: false });
    const until = async (count: number): Promise<void> => {
      for (let tries = 0; tries < 100 && workspace.documents.pendingUploads() !== count; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(workspace.documents.pendingUploads()).to.equal(count);
    };
    try {
      const id = await workspace.createDraft(tdp, demoCatalog.version);
      const canvas = new OffscreenCanvas(64, 64);
      canvas.getContext('2d')!.fillRect(0, 0, 32, 32);
      const jpeg = await canvas.convertToBlob({ type: 'image/jpeg' });
      await workspace.documents.attach(id, ktp, new File([jpeg], 'ktp.jpg', { type: 'image/jpeg' }));
      await until(1);
      const deleted = await workspace.deleteDraft(id);
      await until(0);
      await workspace.restoreDraft(deleted);
      await until(1);
    } finally {
      await workspace.close();
    }
  });
});
