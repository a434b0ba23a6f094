/**
 * Intake on a 360×740 phone as booth staff meet it (issue 8): a header that leaves the screen to
 * the work, a permit picker with a search where a double tap starts one draft, the citizen typed
 * once (the applicant fields follow), a submit attempt that says what is missing and goes there,
 * and a receipt readable on the phone: no value broken inside a word, opened at the top, with the
 * applicant's and the business's name, and a QR code whose link anyone can open (`/lacak/<number>`).
 * Screenshots of each screen at 360×740 and 1366×768 go to /tmp/shots-E/ (SHOTS_DIR).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import nano from 'nano';
import type { BrowserContext, Page } from 'playwright-core';
import { DATABASES, type StoredApplication } from '../../sync-server/store.js';
import type { TestAccount } from '../server/helpers.js';
import { AppPage } from './app-page.js';
import { eventually, startSystem, type TestSystem } from './harness.js';
import { makePhotos } from './photos.js';

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1366, height: 768 };
const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots-E';

const CITIZEN = {
  nik: '6471051708900077', name: 'Siti Nurhaliza Rahmawati', phone: '081255000077',
  address: { street: 'Jl. Poros Samarinda–Bontang Km. 12', village: 'Sepaku', district: 'Sepaku', city: 'Kabupaten Penajam Paser Utara', province: 'Kalimantan Timur' },
};
const BUSINESS = 'UD Sumber Rejeki Makmur Sejahtera Abadi';

/** Runs in the page: the first element matching `selector`, looking into every shadow root. */
const DEEP_QUERY = `(selector) => {
  const roots = [document];
  for (let root = roots.shift(); root; root = roots.shift()) {
    const found = root.querySelector(selector);
    if (found) return found;
    for (const element of root.querySelectorAll('*')) if (element.shadowRoot) roots.push(element.shadowRoot);
  }
  return null;
}`;

/** The data-testid of the focused element, looking through shadow roots, and its tag. */
async function focused(page: Page): Promise<{ testId: string | null; tag: string }> {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return { testId: active?.getAttribute('data-testid') ?? null, tag: active?.tagName.toLowerCase() ?? '' };
  });
}

/** Each word of each receipt value, and how many line boxes it is drawn on (one, unless broken inside). */
async function brokenWords(page: Page): Promise<{ word: string; rects: number }[]> {
  return page.evaluate(`(() => {
    const deepQuery = ${DEEP_QUERY};
    const receipt = deepQuery('ptsp-receipt');
    const values = [...receipt.shadowRoot.querySelectorAll('dd, [data-testid=claim-code]')];
    if (values.length < 5) throw new Error('the receipt shows ' + values.length + ' values');
    const words = [];
    for (const value of values) {
      const walker = document.createTreeWalker(value, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of node.data.matchAll(/\\S+/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const rects = [...range.getClientRects()].filter((rect) => rect.width > 0);
          words.push({ word: match[0], rects: rects.length });
        }
      }
    }
    return words;
  })()`);
}

async function shoot(page: Page, name: string): Promise<void> {
  await fs.mkdir(SHOTS, { recursive: true });
  for (const [size, viewport] of [['360', PHONE], ['1366', DESKTOP]] as const) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${size}.png`) });
  }
  await page.setViewportSize(PHONE);
}

/** The date field: typed as the device shows it (a native date input takes ISO). */
async function fillDate(app: AppPage, fieldId: string, day: string, month: string, year: string): Promise<void> {
  const type = await app.page.getByTestId(`input-${fieldId}`).getAttribute('type');
  await app.fill(fieldId, type === 'date' ? `${year}-${month}-${day}` : `${day}-${month}-${year}`);
}

describe('a booth files on a phone and gives a receipt that reads on a phone', () => {
  let system: TestSystem;
  let profile: BrowserContext;
  let booth: AppPage;
  let staff: TestAccount;
  let photos: string[] = [];
  let draftId = '';
  let provisional = '';

  before(async () => {
    system = await startSystem();
    staff = await system.account('booth-staff', 'Petugas Gerai Keliling Sepaku');
    profile = await system.newProfile();
    photos = await makePhotos(profile, 2);
    booth = new AppPage(await profile.newPage(), system.url);
    await booth.page.setViewportSize(PHONE);
  });

  after(async () => {
    await system?.close();
  });

  it('the header is one compact row on the phone', async () => {
    await booth.openAndSignIn(staff.username, staff.password);
    await booth.page.getByTestId('sync-status').waitFor();
    const header = await booth.page.locator('ptsp-app header.bar').boundingBox();
    assert.ok(header, 'a header');
    assert.ok(header.height <= 0.12 * PHONE.height, `the header is ${header.height} px high (at most 12 % of ${PHONE.height})`);
    console.log(`# header on a 360x740 phone: ${header.height} px (${(100 * header.height / PHONE.height).toFixed(1)} % of the height)`);
    const signOut = await booth.page.getByTestId('sign-out').boundingBox();
    assert.ok(signOut && signOut.x + signOut.width <= PHONE.width, 'sign-out is on the screen');
    await eventually(async () => assert.equal((await focused(booth.page)).tag, 'h1', 'after sign-in, focus is on the screen\'s heading'));
    await shoot(booth.page, 'header-drafts');
  });

  it('the permit picker finds a type by name, code or description; a double tap starts one draft', async () => {
    await booth.page.getByTestId('new-draft').click();
    const search = booth.page.getByTestId('permit-search');
    await search.waitFor();
    await eventually(async () => assert.equal((await focused(booth.page)).tag, 'h1', 'the picker\'s heading has focus'));
    await shoot(booth.page, 'picker');
    await search.fill('tdp');
    assert.equal(await booth.page.getByTestId('permit-tdp').count(), 1, 'TDP found by its code');
    assert.equal(await booth.page.getByTestId('permit-siup').count(), 0, 'SIUP is filtered out');
    await search.fill('daftar perusahaan');
    assert.equal(await booth.page.getByTestId('permit-tdp').count(), 1, 'TDP found by its name');
    await search.fill('tidak ada izin seperti ini');
    await booth.page.getByTestId('permit-no-match').waitFor();
    await search.fill('');
    const cards = await booth.page.locator('ptsp-permit-picker li').count();
    const list = await booth.page.getByTestId('permit-list').boundingBox();
    assert.ok(list && list.height / cards <= 150, `compact cards: ${list?.height} px for ${cards}`);
    console.log(`# permit picker on a 360 px phone: ${list?.height} px for ${cards} types`);
    await search.fill('TDP');
    await booth.page.getByTestId('permit-tdp').dblclick();
    await booth.page.getByTestId('draft-form').waitFor();
    draftId = (await booth.page.getByTestId('draft-form').getAttribute('data-draft-id')) ?? '';
    await booth.backToList();
    await booth.page.waitForTimeout(500);
    assert.deepEqual(await booth.draftIdsInList(), [draftId], 'one draft from a double tap (a fresh account has no other)');
  });

  it('a submit attempt with problems marks them and goes to the first', async () => {
    await booth.openDraftFromList(draftId);
    await eventually(async () => assert.equal((await focused(booth.page)).testId, 'draft-title', 'the form opens with focus on its heading'));
    await booth.page.getByTestId('submit-application').click();
    await eventually(async () => assert.equal((await focused(booth.page)).testId, 'input-nik', 'focus on the first problem: the citizen\'s NIK'));
    assert.ok(await booth.page.getByTestId('error-companyName').count() > 0, 'an untouched required field shows its error');
  });

  it('the citizen is typed once: the applicant fields follow', async () => {
    await booth.fillCitizen(CITIZEN);
    await booth.page.getByTestId('from-citizen-applicantNik').waitFor();
    assert.equal(await booth.page.getByTestId('from-citizen-value-applicantName').textContent(), CITIZEN.name);
    assert.equal(await booth.page.getByTestId('input-applicantPhone').count(), 0, 'no second input to retype the phone');
    // A different value typed into the applicant field itself stays when the citizen block changes.
    await booth.page.getByTestId('from-citizen-edit-applicantPhone').click();
    await booth.fill('applicantPhone', '081299990000');
    await booth.page.getByTestId('citizen-section').getByTestId('input-phone').fill('081255000078');
    await booth.page.getByTestId('citizen-section').getByTestId('input-phone').fill(CITIZEN.phone);
    assert.equal(await booth.fieldValue('applicantPhone'), '081299990000');
    await booth.fill('applicantPhone', CITIZEN.phone);
  });

  it('submits, and the receipt opens at the top with names and a public QR link', async () => {
    await booth.fill('companyName', BUSINESS);
    await booth.choose('businessForm', 'perorangan');
    await booth.fillAddress('companyAddress', CITIZEN.address);
    await booth.fill('kbli', '47112');
    await fillDate(booth, 'establishmentDate', '01', '06', '2019');
    await booth.fill('employeeCount', '3');
    await booth.attachPhoto('ktp', photos[0]!);
    await booth.attachPhoto('npwp', photos[1]!);
    provisional = await booth.submit();
    assert.match(provisional, /^P-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await eventually(async () => assert.equal(await booth.page.evaluate(() => window.scrollY), 0, 'the form shows its top, where the receipt now is'));
    await booth.page.getByTestId('claim-when-online').waitFor();

    // Scrolled down first, as a person who just read the form would be.
    await booth.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await booth.page.getByTestId('receipt-page').click();
    await booth.page.getByTestId('print-receipt').waitFor();
    await eventually(async () => assert.equal((await focused(booth.page)).testId, 'receipt-title', 'focus on the receipt\'s heading'));
    assert.equal(await booth.page.evaluate(() => window.scrollY), 0, 'the receipt page opens at its top');
    assert.equal(await booth.page.getByTestId('receipt-applicant').textContent(), CITIZEN.name);
    assert.equal(await booth.page.getByTestId('receipt-business').textContent(), BUSINESS);
    const link = (await booth.page.getByTestId('receipt-qr').getAttribute('data-link')) ?? '';
    assert.equal(link, `${system.url}/lacak/${provisional}`, 'the QR code holds the public tracking link');
    const words = await brokenWords(booth.page);
    assert.ok(words.length >= 10, `the receipt's values have words: ${words.length}`);
    assert.deepEqual(words.filter((word) => word.rects !== 1), [], 'no word of a receipt value is broken across lines');
    const numberBox = await booth.page.getByTestId('provisional-number').boundingBox();
    assert.ok(numberBox && numberBox.height < 40, `the receipt number is on one line (${numberBox?.height} px)`);
    await shoot(booth.page, 'receipt');
    await booth.page.setViewportSize(DESKTOP);
    assert.deepEqual((await brokenWords(booth.page)).filter((word) => word.rects !== 1), [], 'nor on a wide screen');
    await booth.page.setViewportSize(PHONE);
  });

  it('the QR link opens a public tracking page for anyone, and old #/find links still work', async () => {
    await eventually(async () => {
      const stored = await nano(system.storeUrl).use<StoredApplication>(DATABASES.applications).get(draftId);
      assert.equal(stored.status, 'submitted');
    }, 60_000);
    const stranger = new AppPage(await (await system.newProfile()).newPage(), system.url);
    await stranger.page.setViewportSize(PHONE);
    await stranger.page.goto(`${system.url}/lacak/${provisional}`);
    await stranger.page.getByTestId('tracking-title').waitFor();
    assert.equal(await stranger.page.getByTestId('tracking-number').textContent(), provisional);
    await eventually(async () => {
      await stranger.page.reload();
      await stranger.page.getByTestId('tracking-stage').waitFor({ timeout: 5000 });
    }, 30_000);
    assert.equal(await stranger.page.getByTestId('tracking-stage').getAttribute('data-status'), 'submitted');
    assert.equal(await stranger.page.getByTestId('username').count(), 0, 'no sign-in asked');
    await shoot(stranger.page, 'tracking');

    await booth.open(`#/find/${encodeURIComponent(provisional)}`);
    await eventually(async () => assert.deepEqual(await booth.draftIdsInList(), [draftId]));
  });
});
