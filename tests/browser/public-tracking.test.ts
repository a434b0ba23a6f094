import { expect, fixture, html } from '@open-wc/testing';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { PublicTrackingResponse } from '../../common/sync-protocol.js';
import type { PtspPublicTracking } from '../../client/features/public/ptsp-public-tracking.js';
import '../../client/features/public/ptsp-public-tracking.js';
import { setLanguage } from '../../client/i18n/localize.js';

const realFetch = window.fetch;

/** A tracking answer as the server gives it for an application an agency asked a question about. */
const tracking: PublicTrackingResponse = {
  permitTypeId: 'tdp',
  status: 'needs-information',
  submittedAt: '2026-03-17T03:04:00.000Z',
  registrationNumber: '0001/TDP/03/2026',
  registeredAt: '2026-03-17T04:00:00.000Z',
  stages: [
    { stage: 'submitted', at: '2026-03-17T03:04:00.000Z' },
    { stage: 'registered', at: '2026-03-17T04:00:00.000Z' },
    { stage: 'in-review', at: '2026-03-18T02:00:00.000Z' },
    { stage: 'needs-information', at: '2026-03-19T06:30:00.000Z' },
  ],
};

describe('ptsp-public-tracking: the stages with their dates', () => {
  beforeEach(async () => {
    await setLanguage('id');
    window.fetch = ((input: RequestInfo | URL) => {
      const url = String(input);
      if (url === '/api/public/track/P-7KQ2-M9XD') return Promise.resolve(Response.json(tracking));
      if (url === '/api/catalog') return Promise.resolve(Response.json(demoCatalog));
      return Promise.reject(new TypeError('Failed to fetch'));
    }) as typeof fetch;
  });
  afterEach(async () => {
    window.fetch = realFetch;
    await setLanguage('id');
  });

  it('lists every stage in order with its date, in Indonesian and in English, and names where it stands now', async () => {
    const el = await fixture<PtspPublicTracking>(html`<ptsp-public-tracking .number=${'P-7KQ2-M9XD'}></ptsp-public-tracking>`);
    const list = () => el.shadowRoot!.querySelector('[data-testid=tracking-stages]');
    for (let wait = 0; wait < 100 && !list(); wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    const items = () => [...list()!.querySelectorAll('li')];
    expect(items().map((item) => item.dataset.stage)).to.deep.equal(['submitted', 'registered', 'in-review', 'needs-information']);
    expect(items().map((item) => item.querySelector('time')?.getAttribute('datetime'))).to.deep.equal(tracking.stages!.map((stage) => stage.at));
    expect(items()[0]!.querySelector('.what')?.textContent).to.equal('Dikirim pemohon');
    expect(items()[3]!.querySelector('.what')?.textContent).to.equal('Instansi teknis meminta keterangan dari pemohon');
    expect(items()[3]!.querySelector('time')?.textContent).to.contain('2026');
    const stage = () => el.shadowRoot!.querySelector('[data-testid=tracking-stage]');
    expect(stage()?.textContent).to.equal('Menunggu keterangan dari pemohon');
    expect(stage()?.getAttribute('data-status')).to.equal('needs-information');

    await setLanguage('en');
    await el.updateComplete;
    expect(items()[2]!.querySelector('.what')?.textContent).to.equal('Complete, under technical review by the agencies');
    expect(stage()?.textContent).to.equal('Waiting for information from the applicant');
    expect(el.shadowRoot!.querySelector('h2')?.textContent).to.equal('Stages of the application');
  });
});
