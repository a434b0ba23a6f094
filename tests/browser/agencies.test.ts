// The agencies' names on the device (client/data/agencies.ts): from GET /api/agencies once per page,
// kept in IndexedDB so a later page load offline still has them, an unknown id shown as itself, an
// inactive agency named but not offered.
// Each test uses agency ids of its own, so whatever another test left in the device list changes nothing.
import { expect, waitUntil } from '@open-wc/testing';
import { get, set } from 'idb-keyval';
import { firstValueFrom, filter } from 'rxjs';
import { AGENCIES_SETTING, AgencyDirectory, agencyName, type AgencyNames } from '../../client/data/agencies.js';

const original = window.fetch;

/**
 * Answers GET /api/agencies with `agencies` (or fails like no network when undefined), and
 * `inactiveAgencies` when given (a server before it sends none); counts the asks.
 */
function serveAgencies(agencies: unknown, inactiveAgencies?: unknown): { asks: number } {
  const counter = { asks: 0 };
  window.fetch = ((input: RequestInfo | URL) => {
    if (!String(input).endsWith('/api/agencies')) return Promise.reject(new TypeError('Failed to fetch'));
    counter.asks += 1;
    if (agencies === undefined) return Promise.reject(new TypeError('Failed to fetch'));
    const answer = inactiveAgencies === undefined ? { agencies } : { agencies, inactiveAgencies };
    return Promise.resolve(new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } }));
  }) as typeof fetch;
  return counter;
}

const namesWith = (directory: AgencyDirectory, id: string): Promise<AgencyNames> =>
  firstValueFrom(directory.names$.pipe(filter((names) => names.has(id))));

describe('agency names on the device (client/data/agencies.ts)', () => {
  afterEach(() => { window.fetch = original; });

  it('online: gives the server\'s names and keeps the list on the device; a later page load offline reads it', async () => {
    const pupr = `dinas-pupr-${crypto.randomUUID().slice(0, 8)}`;
    const bapenda = `bapenda-${crypto.randomUUID().slice(0, 8)}`;
    serveAgencies([
      { id: pupr, name: { id: 'Dinas Pekerjaan Umum dan Penataan Ruang', en: 'Public Works and Spatial Planning Agency' } },
      { id: bapenda, name: { id: 'Badan Pendapatan Daerah', en: 'Regional Revenue Agency' } },
    ]);
    const online = new AgencyDirectory();
    const names = await namesWith(online, pupr);
    expect(agencyName(names, pupr)).to.deep.equal({ id: 'Dinas Pekerjaan Umum dan Penataan Ruang', en: 'Public Works and Spatial Planning Agency' });
    await waitUntil(async () => JSON.stringify(await get(AGENCIES_SETTING)).includes(bapenda), 'the list is kept on the device');

    // Next page load, network off: the server cannot be asked, the device's list answers.
    const offline = serveAgencies(undefined);
    const later = new AgencyDirectory();
    const kept = await namesWith(later, bapenda);
    expect(agencyName(kept, bapenda).id).to.equal('Badan Pendapatan Daerah');
    expect(agencyName(kept, pupr).en).to.equal('Public Works and Spatial Planning Agency');
    await waitUntil(() => offline.asks === 1, 'it did try the server');
  });

  it('an id the device knows no name for is shown as the id itself, never blank', async () => {
    serveAgencies(undefined);
    const directory = new AgencyDirectory();
    const names = await firstValueFrom(directory.names$);
    const unknown = `dinas-baru-${crypto.randomUUID().slice(0, 8)}`;
    expect(agencyName(names, unknown)).to.deep.equal({ id: unknown, en: unknown });
    expect(agencyName(undefined, unknown).id).to.equal(unknown, 'before anything is read either');
  });

  it('asks the server once per page however many screens subscribe, and leaves malformed entries out', async () => {
    const good = `dinkes-${crypto.randomUUID().slice(0, 8)}`;
    const blank = `kosong-${crypto.randomUUID().slice(0, 8)}`;
    const oneLanguage = `satu-${crypto.randomUUID().slice(0, 8)}`;
    const counter = serveAgencies([
      { id: good, name: { id: 'Dinas Kesehatan', en: 'Health Agency' } },
      { id: blank, name: { id: '', en: ' ' } },
      { id: oneLanguage, name: { id: 'Dinas Perdagangan' } },
      { name: { id: 'tanpa id', en: 'no id' } },
      'not an agency',
    ]);
    const directory = new AgencyDirectory();
    const screens = [1, 2, 3].map(() => directory.names$.subscribe());
    const names = await namesWith(directory, good);
    const again = await firstValueFrom(directory.names$);
    for (const screen of screens) screen.unsubscribe();
    expect(counter.asks).to.equal(1, 'one ask for every screen of the page');
    expect(again.get(good)?.en).to.equal('Health Agency');
    expect(agencyName(names, blank).id).to.equal(blank, 'a blank name shows the id');
    expect(agencyName(names, oneLanguage)).to.deep.equal({ id: 'Dinas Perdagangan', en: 'Dinas Perdagangan' }, 'one language stands in for the other');
    expect(names.has('undefined')).to.equal(false);
  });

  it('names an inactive agency too (an older application routed to it), but offers only the active ones; offline the same', async () => {
    const active = `dinas-aktif-${crypto.randomUUID().slice(0, 8)}`;
    const inactive = `dinas-lama-${crypto.randomUUID().slice(0, 8)}`;
    serveAgencies([{ id: active, name: { id: 'Dinas Aktif', en: 'Active Agency' } }],
      [{ id: inactive, name: { id: 'Dinas Lama', en: 'Former Agency' } }]);
    const online = new AgencyDirectory();
    const names = await namesWith(online, inactive);
    expect(agencyName(names, inactive)).to.deep.equal({ id: 'Dinas Lama', en: 'Former Agency' }, 'the name, not the id');
    expect(names.get(active)?.en).to.equal('Active Agency');
    const choices = await firstValueFrom(online.active$.pipe(filter((known) => known.has(active))));
    expect(choices.has(inactive)).to.equal(false, 'an inactive agency is not offered for a new choice');
    await waitUntil(async () => JSON.stringify(await get(AGENCIES_SETTING)).includes(inactive), 'the list is kept on the device');

    // Next page load, network off: the kept list still tells the two apart.
    serveAgencies(undefined);
    const later = new AgencyDirectory();
    expect((await namesWith(later, inactive)).get(inactive)?.id).to.equal('Dinas Lama');
    const keptChoices = await firstValueFrom(later.active$.pipe(filter((known) => known.has(active))));
    expect(keptChoices.has(inactive)).to.equal(false, 'offline either');
  });

  it('reads a list kept by an app before inactive agencies were sent (active ones only) and a server\'s answer without them', async () => {
    const old = `dinas-lama-${crypto.randomUUID().slice(0, 8)}`;
    const kept = await get<unknown>(AGENCIES_SETTING);
    // The old app kept the server's active list as it came: entries without `active`.
    await set(AGENCIES_SETTING, [...(Array.isArray(kept) ? kept as unknown[] : []), { id: old, name: { id: 'Dinas Tersimpan', en: 'Kept Agency' } }]);
    serveAgencies(undefined);
    const offline = new AgencyDirectory();
    expect((await firstValueFrom(offline.active$.pipe(filter((known) => known.has(old))))).get(old)?.en).to.equal('Kept Agency', 'kept as active');

    const served = `dinas-baru-${crypto.randomUUID().slice(0, 8)}`;
    serveAgencies([{ id: served, name: { id: 'Dinas Baru', en: 'New Agency' } }]);
    const online = new AgencyDirectory();
    expect((await firstValueFrom(online.active$.pipe(filter((known) => known.has(served))))).get(served)?.id).to.equal('Dinas Baru',
      'an answer with no inactiveAgencies is the active list');
  });

  it('a failed ask is tried again when the browser says it is online', async () => {
    const later = `dpmptsp-${crypto.randomUUID().slice(0, 8)}`;
    const offline = serveAgencies(undefined);
    const directory = new AgencyDirectory();
    const subscription = directory.names$.subscribe();
    // Shares the screen's ask when it is still on its way: once it answers, the retry is armed.
    expect(await directory.refresh()).to.equal(false, 'offline');
    expect(offline.asks).to.be.greaterThanOrEqual(1);
    const online = serveAgencies([{ id: later, name: { id: 'Dinas Penanaman Modal', en: 'Investment Agency' } }]);
    window.dispatchEvent(new Event('online'));
    const names = await namesWith(directory, later);
    subscription.unsubscribe();
    // (Directories of the tests above, offline too, answer the same event: only this one's names are looked at.)
    expect(online.asks).to.be.greaterThanOrEqual(1);
    expect(names.get(later)?.id).to.equal('Dinas Penanaman Modal');
  });
});
