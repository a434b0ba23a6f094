import { expect, fixture, html } from '@open-wc/testing';
import type { LitElement } from 'lit';
import type { ApplicationDoc } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { PtspDraftForm } from '../../client/features/intake/ptsp-draft-form.js';
import type { PtspDraftList } from '../../client/features/intake/ptsp-draft-list.js';
import type { PtspFormField } from '../../client/features/intake/ptsp-form-field.js';
import type { PtspPermitPicker } from '../../client/features/intake/ptsp-permit-picker.js';
import type { PtspSyncStatus } from '../../client/ui/ptsp-sync-status.js';
import type { PtspPublicTracking } from '../../client/features/public/ptsp-public-tracking.js';
import '../../client/features/intake/ptsp-draft-form.js';
import '../../client/features/intake/ptsp-draft-list.js';
import '../../client/features/intake/ptsp-permit-picker.js';
import '../../client/ui/ptsp-sync-status.js';
import '../../client/features/public/ptsp-public-tracking.js';
import '../../client/features/intake/ptsp-receipt.js';
import '../../client/app/ptsp-sign-in.js';
import { setLanguage } from '../../client/i18n/localize.js';

const siup = demoCatalog.permitTypes.find((type) => type.id === 'siup')!;

function draft(answers: Record<string, string>): ApplicationDoc {
  return {
    id: crypto.randomUUID(), ownerId: 'u1', permitTypeId: 'siup', catalogVersion: 1, status: 'draft',
    answers, createdAt: new Date().toISOString(), updatedAt: Date.now(),
  };
}

describe('screens', () => {
  beforeEach(async () => {
    await setLanguage('id');
  });

  it('the sync status says offline and how many changes wait, in both languages', async () => {
    const el = await fixture<PtspSyncStatus>(html`<ptsp-sync-status .status=${{ connectivity: 'offline', pending: 3, syncing: false, received: 0, rejected: null }}></ptsp-sync-status>`);
    expect(el.shadowRoot?.textContent).to.contain('Luring');
    expect(el.shadowRoot?.textContent).to.contain('3 draf belum terkirim');
    expect(el.shadowRoot?.querySelector('[role=status]')).to.not.equal(null);
    await setLanguage('en');
    await el.updateComplete;
    expect(el.shadowRoot?.textContent).to.contain('Offline');
    expect(el.shadowRoot?.textContent).to.contain('3 drafts not yet sent');
  });

  it('the sync status shows progress while a long first pull is running', async () => {
    const el = await fixture<PtspSyncStatus>(html`<ptsp-sync-status .status=${{ connectivity: 'online', pending: 0, syncing: true, received: 3000, rejected: null }}></ptsp-sync-status>`);
    expect(el.shadowRoot?.textContent).to.contain('3.000 draf diterima');
  });

  it('the sync status shows why the server refused a change', async () => {
    const el = await fixture<PtspSyncStatus>(html`<ptsp-sync-status .status=${{
      connectivity: 'online', pending: 1, syncing: false, received: 0, rejected: { id: 'Isian tidak dikenal', en: 'Unknown field' },
    }}></ptsp-sync-status>`);
    expect(el.shadowRoot?.textContent).to.contain('Server menolak perubahan: Isian tidak dikenal');
  });

  it('the permit picker lists every catalog type with its agency, target and fee', async () => {
    const el = await fixture<PtspPermitPicker>(html`<ptsp-permit-picker .catalog=${demoCatalog}></ptsp-permit-picker>`);
    const buttons = el.shadowRoot?.querySelectorAll('li button') ?? [];
    expect(buttons.length).to.equal(demoCatalog.permitTypes.length);
    expect(buttons.length).to.be.at.least(8);
    expect(el.shadowRoot?.textContent).to.contain(siup.name.id);
    expect(el.shadowRoot?.textContent).to.contain(`Target selesai ${siup.slaWorkingDays} hari kerja`);
  });

  it('the draft list shows progress as requirements met: required answers and required documents', async () => {
    const withDocument = { ...draft({ applicantNik: '6471021708900003', applicantName: 'Siti', companyName: 'x'.repeat(3) }),
      documents: { ktp: { fileId: 'file-0001-abcd', fileName: 'ktp.jpg', mimeType: 'image/jpeg', size: 1000, sha256: 'a'.repeat(64) } } };
    const el = await fixture<PtspDraftList>(html`<ptsp-draft-list .catalog=${demoCatalog} .drafts=${[withDocument]}></ptsp-draft-list>`);
    // Hidden conditional fields are not required (premisesOwnerName shows only for rented premises).
    const required = siup.fields.filter((field) => field.required && !field.visibleWhen).length
      + siup.requirements.filter((requirement) => requirement.required).length;
    expect(el.shadowRoot?.textContent).to.contain(`4 dari ${required} persyaratan terpenuhi`);
  });

  it('the draft form renders every field of the type and its requirement list', async () => {
    const el = await fixture<PtspDraftForm>(html`<ptsp-draft-form .permitType=${siup} .draft=${draft({ companyName: 'CV Maju' })}></ptsp-draft-form>`);
    expect(el.shadowRoot?.querySelectorAll('ptsp-form-field').length).to.equal(siup.fields.filter((field) => !field.visibleWhen).length);
    // The requirement documents are listed by ptsp-document-list (tests/browser/documents.test.ts).
    expect(el.shadowRoot?.querySelector('ptsp-document-list')?.permitType).to.equal(siup);
  });

  it('the draft form shows a conditional field only when the other answer calls for it', async () => {
    const rendered = async (answers: Record<string, boolean>) => {
      const el = await fixture<PtspDraftForm>(html`<ptsp-draft-form .permitType=${siup} .draft=${{ ...draft({}), answers }}></ptsp-draft-form>`);
      return [...(el.shadowRoot?.querySelectorAll('ptsp-form-field') ?? [])].map((node) => (node as PtspFormField).field?.id);
    };
    expect(await rendered({})).to.not.include('premisesOwnerName');
    expect(await rendered({ premisesOwned: true })).to.not.include('premisesOwnerName');
    expect(await rendered({ premisesOwned: false })).to.include('premisesOwnerName');
  });

  it('the draft form says so, instead of "saved", when the device could not save the last change', async () => {
    const el = await fixture<PtspDraftForm>(html`<ptsp-draft-form .permitType=${siup} .draft=${draft({})} .saveFailure=${'QuotaExceededError'}></ptsp-draft-form>`);
    expect(el.shadowRoot?.querySelector('[data-testid=saved-locally]')).to.equal(null);
    expect(el.shadowRoot?.querySelector('[role=alert]')?.textContent).to.contain('belum tersimpan di perangkat ini (QuotaExceededError)');
  });

  describe('the draft list', () => {
    const tdp = demoCatalog.permitTypes.find((type) => type.id === 'tdp')!;
    const siti = draft({ companyName: 'CV Maju Jaya', applicantNik: '6471021708900003' });
    const budi = { ...draft({ companyName: 'UD Sumber Rejeki' }), permitTypeId: tdp.id };
    const list = () => fixture<PtspDraftList>(html`<ptsp-draft-list .catalog=${demoCatalog} .drafts=${[siti, budi]}></ptsp-draft-list>`);
    const shownIds = (el: PtspDraftList) => [...(el.shadowRoot?.querySelectorAll('[data-draft-id]') ?? [])].map((node) => node.getAttribute('data-draft-id'));
    const search = async (el: PtspDraftList, query: string) => {
      const input = el.shadowRoot!.querySelector<HTMLInputElement>('[data-testid=draft-search]')!;
      input.value = query;
      input.dispatchEvent(new Event('input'));
      await el.updateComplete;
    };
    const click = async (el: PtspDraftList, testId: string) => {
      el.shadowRoot!.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)!.click();
      await el.updateComplete;
    };

    it('finds drafts by permit type, by anything typed into them, and by several words', async () => {
      const el = await list();
      expect(shownIds(el)).to.deep.equal([siti.id, budi.id]);
      await search(el, 'maju');
      expect(shownIds(el)).to.deep.equal([siti.id]);
      await search(el, 'Tanda Daftar');
      expect(shownIds(el)).to.deep.equal([budi.id]);
      await search(el, '6471 jaya');
      expect(shownIds(el)).to.deep.equal([siti.id]);
      await search(el, 'tidak ada');
      expect(shownIds(el)).to.deep.equal([]);
      expect(el.shadowRoot?.querySelector('[data-testid=no-match]')?.textContent).to.contain('tidak ada');
    });

    it('deletes only after the person confirms, and never on cancel', async () => {
      const el = await list();
      const deleted: string[] = [];
      el.addEventListener('delete-draft', (event) => deleted.push((event as CustomEvent<string>).detail));
      await click(el, `delete-${siti.id}`);
      expect(el.shadowRoot?.querySelector('[role=alertdialog]')?.textContent).to.contain('Hapus draf Surat Izin Usaha Perdagangan');
      await click(el, `cancel-delete-${siti.id}`);
      expect(deleted).to.deep.equal([]);
      await click(el, `delete-${siti.id}`);
      await click(el, `confirm-delete-${siti.id}`);
      expect(deleted).to.deep.equal([siti.id]);
    });

    it('asks to duplicate a draft', async () => {
      const el = await list();
      const duplicated: string[] = [];
      el.addEventListener('duplicate-draft', (event) => duplicated.push((event as CustomEvent<string>).detail));
      await click(el, `duplicate-${budi.id}`);
      expect(duplicated).to.deep.equal([budi.id]);
    });
  });

  describe('one level-one heading per screen, focusable for the app to move focus to', () => {
    /** Every h1 in the element's shadow tree and the shadow trees below it. */
    const headings = (root: ParentNode): HTMLElement[] => {
      const found = [...root.querySelectorAll<HTMLElement>('h1')];
      for (const element of root.querySelectorAll('*')) if (element.shadowRoot) found.push(...headings(element.shadowRoot));
      return found;
    };
    const submitted = { ...draft({ companyName: 'CV Maju' }), status: 'submitted' as const, provisionalNumber: 'P-7KQ2-M9XD', submittedAt: new Date().toISOString() };
    const original = window.fetch;
    afterEach(() => { window.fetch = original; });

    const screens: [string, () => ReturnType<typeof html>][] = [
      ['sign-in', () => html`<ptsp-sign-in></ptsp-sign-in>`],
      ['drafts list', () => html`<ptsp-draft-list .catalog=${demoCatalog} .drafts=${[draft({})]}></ptsp-draft-list>`],
      ['permit picker', () => html`<ptsp-permit-picker .catalog=${demoCatalog}></ptsp-permit-picker>`],
      ['draft form', () => html`<ptsp-draft-form .permitType=${siup} .draft=${draft({})}></ptsp-draft-form>`],
      ['submitted form with its receipt', () => html`<ptsp-draft-form .permitType=${siup} .draft=${submitted}></ptsp-draft-form>`],
      ['receipt page', () => html`<ptsp-receipt standalone .application=${submitted} .permitType=${siup}></ptsp-receipt>`],
      ['public tracking', () => html`<ptsp-public-tracking .number=${'P-7KQ2-M9XD'}></ptsp-public-tracking>`],
    ];
    for (const [name, template] of screens) {
      it(name, async () => {
        window.fetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
        const el = await fixture<LitElement>(template());
        for (let pass = 0; pass < 3; pass++) await Promise.all(headingsHosts(el).map((host) => host.updateComplete));
        const found = headings(el.shadowRoot!);
        expect(found.length, `${name}: one h1`).to.equal(1);
        expect(found[0]!.getAttribute('tabindex')).to.equal('-1');
        found[0]!.focus();
        expect(found[0]!.matches(':focus')).to.equal(true);
      });
    }

    it('the public tracking page shows the stage and dates, and says when the office cannot be reached', async () => {
      window.fetch = ((input: RequestInfo | URL) => {
        const url = String(input);
        if (url === '/api/public/track/P-7KQ2-M9XD') {
          return Promise.resolve(Response.json({ permitTypeId: 'siup', status: 'submitted', submittedAt: '2026-03-17T03:04:00.000Z', registrationNumber: '0001/SIUP/03/2026', registeredAt: '2026-03-17T04:00:00.000Z' }));
        }
        if (url === '/api/catalog') return Promise.resolve(Response.json(demoCatalog));
        return Promise.reject(new TypeError('Failed to fetch'));
      }) as typeof fetch;
      const el = await fixture<PtspPublicTracking>(html`<ptsp-public-tracking .number=${'P-7KQ2-M9XD'}></ptsp-public-tracking>`);
      const stage = () => el.shadowRoot!.querySelector('[data-testid=tracking-stage]');
      for (let wait = 0; wait < 100 && !stage(); wait++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(stage()?.textContent).to.equal('Terdaftar, sedang diproses');
      expect(el.shadowRoot!.querySelector('[data-testid=tracking-permit]')?.textContent).to.equal(siup.name.id);
      expect(el.shadowRoot!.querySelector('[data-testid=tracking-registration]')?.textContent).to.equal('0001/SIUP/03/2026');
      expect(el.shadowRoot!.textContent).to.contain('2026');
      await setLanguage('en');
      await el.updateComplete;
      expect(stage()?.textContent).to.equal('Registered, being processed');

      window.fetch = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
      const offline = await fixture<PtspPublicTracking>(html`<ptsp-public-tracking .number=${'P-AAAA-BBBB'}></ptsp-public-tracking>`);
      const alert = () => offline.shadowRoot!.querySelector('[data-testid=tracking-offline]');
      for (let wait = 0; wait < 100 && !alert(); wait++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(alert()?.textContent).to.contain('cannot be reached');
    });
  });
});

/** The Lit elements below `el` (and `el`), to wait until all have rendered. */
function headingsHosts(el: Element): LitElement[] {
  const hosts: LitElement[] = [el as LitElement];
  const walk = (root: ParentNode): void => {
    for (const element of root.querySelectorAll('*')) {
      if (element.shadowRoot) {
        hosts.push(element as LitElement);
        walk(element.shadowRoot);
      }
    }
  };
  if (el.shadowRoot) walk(el.shadowRoot);
  return hosts;
}
