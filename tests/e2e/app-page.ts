/**
 * Page model of the PWA: what a person does, named as they would name it. Tests use it instead of
 * selectors, so a markup change is fixed in one place.
 */
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';

export class AppPage {
  constructor(readonly page: Page, readonly baseUrl: string) {
    // The only dialog is "drafts not sent yet, sign out anyway?", which a person here accepts.
    page.on('dialog', (dialog) => void dialog.accept());
  }

  async open(hash = ''): Promise<void> {
    await this.page.goto(`${this.baseUrl}/${hash}`);
  }

  async reload(): Promise<void> {
    await this.page.reload();
  }

  /** Going offline before the service worker controls the page would make the next load fail. */
  async waitForServiceWorker(): Promise<void> {
    await this.page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 });
  }

  /** A fresh profile's first visit: opens the app, lets the service worker take control (so later offline loads work), signs in. */
  async openAndSignIn(username: string, password: string): Promise<void> {
    await this.open();
    await this.waitForServiceWorker();
    await this.signIn(username, password);
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.page.getByTestId('username').fill(username);
    await this.page.getByTestId('password').fill(password);
    await this.page.getByTestId('sign-in').click();
    await this.page.getByTestId('signed-in-as').waitFor();
  }

  /** Signs in with credentials expected to fail; returns the error the person is shown. */
  async failedSignIn(username: string, password: string): Promise<string> {
    await this.page.getByTestId('username').fill(username);
    await this.page.getByTestId('password').fill(password);
    await this.page.getByTestId('sign-in').click();
    const error = this.page.getByTestId('sign-in-error');
    await error.waitFor();
    return (await error.textContent()) ?? '';
  }

  async signedInAs(): Promise<string> {
    return (await this.page.getByTestId('signed-in-as').textContent()) ?? '';
  }

  async signOut(): Promise<void> {
    await this.page.getByTestId('sign-out').click();
    await this.page.getByTestId('username').waitFor();
  }

  async startDraft(permitTypeId: string): Promise<string> {
    await this.page.getByTestId('new-draft').click();
    await this.page.getByTestId(`permit-${permitTypeId}`).click();
    const form = this.page.getByTestId('draft-form');
    await form.waitFor();
    const id = await form.getAttribute('data-draft-id');
    assert.ok(id, 'the form names its draft');
    return id;
  }

  async openDraftFromList(id: string): Promise<void> {
    await this.page.getByTestId(`draft-${id}`).click();
    // A submitted application shows its answers read-only: the form itself is hidden.
    await this.page.locator(`[data-testid=draft-form][data-draft-id="${id}"]`).waitFor({ state: 'attached' });
    await this.page.getByTestId('draft-title').waitFor();
  }

  async draftIdsInList(): Promise<string[]> {
    await this.page.locator('ptsp-draft-list').waitFor();
    return this.page.locator('[data-draft-id]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-draft-id') ?? ''));
  }

  /** Types like a person, one key at a time: every keystroke is a save. */
  async type(fieldId: string, text: string): Promise<void> {
    const input = this.page.getByTestId(`input-${fieldId}`);
    await input.click();
    await input.pressSequentially(text, { delay: 15 });
  }

  async choose(fieldId: string, value: string): Promise<void> {
    await this.page.getByTestId(`input-${fieldId}`).selectOption(value);
  }

  async answerYesNo(fieldId: string, yes: boolean): Promise<void> {
    await this.page.getByTestId(`${yes ? 'yes' : 'no'}-${fieldId}`).check();
  }

  async isFieldShown(fieldId: string): Promise<boolean> {
    return (await this.page.getByTestId(`input-${fieldId}`).count()) > 0;
  }

  async fieldValue(fieldId: string): Promise<string> {
    return this.page.getByTestId(`input-${fieldId}`).inputValue();
  }

  async fieldError(fieldId: string): Promise<string | null> {
    const error = this.page.getByTestId(`error-${fieldId}`);
    return (await error.count()) > 0 ? error.textContent() : null;
  }

  async deleteDraft(id: string): Promise<void> {
    await this.page.getByTestId(`delete-${id}`).click();
    await this.page.getByTestId(`confirm-delete-${id}`).click();
  }

  async undoDelete(): Promise<void> {
    await this.page.getByTestId('undo-delete').click();
  }

  async duplicateDraft(id: string): Promise<void> {
    await this.page.getByTestId(`duplicate-${id}`).click();
  }

  async search(query: string): Promise<void> {
    await this.page.getByTestId('draft-search').fill(query);
  }

  async backToList(): Promise<void> {
    await this.page.getByTestId('back').click();
    await this.page.locator('ptsp-draft-list').waitFor();
  }

  /** Puts a whole answer at once (a person pasting, or the browser's autofill): one save. */
  async fill(fieldId: string, text: string): Promise<void> {
    await this.page.getByTestId(`input-${fieldId}`).fill(text);
  }

  async fillAddress(fieldId: string, address: Record<string, string>, within = this.page.locator('ptsp-draft-form')): Promise<void> {
    for (const [part, text] of Object.entries(address)) await within.getByTestId(`input-${fieldId}-${part}`).fill(text);
  }

  /** Booth filings: the walk-in citizen's identity and consent. */
  async fillCitizen(citizen: { nik: string; name: string; phone: string; address: Record<string, string> }): Promise<void> {
    const section = this.page.getByTestId('citizen-section');
    await section.getByTestId('input-nik').fill(citizen.nik);
    await section.getByTestId('input-name').fill(citizen.name);
    await section.getByTestId('input-phone').fill(citizen.phone);
    await this.fillAddress('address', citizen.address, section);
    await section.getByTestId('citizen-consent').check();
  }

  /** Takes a photo "from a file", as a phone's camera picker hands it over, and waits until it is kept on the device. */
  async attachPhoto(requirementId: string, file: string): Promise<void> {
    await this.page.getByTestId(`document-input-${requirementId}`).setInputFiles(file);
    await this.page.getByTestId(`document-thumbnail-${requirementId}`).waitFor({ timeout: 30_000 });
  }

  /** Submits the open application; returns the receipt's provisional number (given offline too). */
  async submit(): Promise<string> {
    const button = this.page.getByTestId('submit-application');
    await button.click({ timeout: 15_000 });
    const number = this.page.getByTestId('provisional-number');
    try {
      await number.waitFor();
    } catch (error) {
      // What the screen said instead (CI saw a submit give no receipt once, not seen here since).
      const problems = await this.submissionProblems().catch(() => []);
      // Locators pierce the shadow roots: every alert and status line the screen shows.
      const said = await this.page.locator('[role=alert], [role=status]').allTextContents().catch(() => []);
      console.log(`# no receipt after submit; problems: ${JSON.stringify(problems)}; status: ${(await this.syncStatus().catch(() => undefined))?.text ?? '?'}; `
        + `alerts: ${JSON.stringify(said.map((text) => text.replace(/\s+/g, ' ').trim()).filter(Boolean))}`);
      throw error;
    }
    return (await number.textContent()) ?? '';
  }

  async submissionProblems(): Promise<string[]> {
    const list = this.page.getByTestId('submission-problems');
    if ((await list.count()) === 0) return [];
    return list.locator('li').allTextContents();
  }

  async receipt(): Promise<{ provisional: string; registration: string | null; claimCode: string | null }> {
    const text = async (testId: string) => {
      const element = this.page.getByTestId(testId);
      return (await element.count()) > 0 ? ((await element.textContent()) ?? '').trim() : null;
    };
    return { provisional: (await text('provisional-number')) ?? '', registration: await text('registration-number'), claimCode: await text('claim-code') };
  }

  async applicationStatus(): Promise<string> {
    return (await this.page.getByTestId('application-status').getAttribute('data-status')) ?? '';
  }

  async returnReasons(): Promise<string> {
    return ((await this.page.getByTestId('return-reasons').textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  async claim(code: string): Promise<string> {
    await this.page.getByTestId('claim-code-input').fill(code);
    await this.page.getByTestId('claim-submit').click();
    const message = this.page.getByTestId('claim-message');
    await message.waitFor();
    // "Mengklaim…" first, then the outcome.
    await this.page.waitForFunction(() => {
      const app = document.querySelector('ptsp-app')?.shadowRoot;
      // The list is in the intake area (client/features/intake/ptsp-intake-area.ts) inside the shell.
      const host = (app?.querySelector('ptsp-intake-area')?.shadowRoot ?? app)?.querySelector('ptsp-draft-list')?.shadowRoot;
      const text = host?.querySelector('[data-testid=claim-message]')?.textContent ?? '';
      return text !== '' && !text.includes('Mengklaim');
    }, undefined, { timeout: 15_000 });
    return ((await message.textContent()) ?? '').trim();
  }

  /**
   * Types the password into the prompt shown when the server no longer knows the session; returns
   * the prompt's error, or null once it is accepted (the prompt is gone).
   */
  async renewSession(password: string): Promise<string | null> {
    await this.page.getByTestId('reauth-password').fill(password);
    await this.page.getByTestId('reauth-submit').click();
    const error = this.page.getByTestId('reauth-error');
    const prompt = this.page.getByTestId('reauth-prompt');
    await Promise.race([error.waitFor({ timeout: 15_000 }), prompt.waitFor({ state: 'detached', timeout: 15_000 })]);
    return (await error.count()) > 0 ? ((await error.textContent()) ?? '').trim() : null;
  }

  /** Claim codes waiting on this device for their application, with what the person is told. */
  async pendingClaims(): Promise<{ code: string; state: string; text: string }[]> {
    return this.page.getByTestId('pending-claim').evaluateAll((nodes) => nodes.map((node) => ({
      code: node.getAttribute('data-code') ?? '', state: node.getAttribute('data-state') ?? '',
      text: (node.textContent ?? '').replace(/\s+/g, ' ').trim(),
    })));
  }

  /** The storage notice, if one is shown: how prominent, and what it says. */
  async storageNotice(): Promise<{ level: string; text: string } | null> {
    const notice = this.page.getByTestId('storage-notice');
    if ((await notice.count()) === 0) return null;
    return { level: (await notice.getAttribute('data-level')) ?? '', text: ((await notice.textContent()) ?? '').replace(/\s+/g, ' ').trim() };
  }

  /**
   * Searches the office queue for this number and waits until the search's answer is shown. Why
   * by number: on a CouchDB shared by all suites the queue holds hundreds of others' applications,
   * oldest first in pages of 50, so a new one is rarely on the first page.
   */
  async searchQueue(number: string, timeout = 60_000): Promise<void> {
    const search = this.page.getByTestId('queue-search');
    await search.fill(number, { timeout });
    // Enter searches at once (no typing pause to wait out); the results are no longer busy once the page shown answers it.
    await search.press('Enter');
    await this.page.locator('[data-testid=queue-results][aria-busy=false]').waitFor({ timeout });
  }

  /** The queue's row of the application (present or not). */
  queueRow(id: string): Locator {
    return this.page.locator(`[data-testid=queue-row][data-id="${id}"]`);
  }

  /** Searches the queue for the application's number and waits until its row is listed (the sync may still be bringing it). */
  async findInQueue(number: string, id: string, timeout = 60_000): Promise<Locator> {
    await this.searchQueue(number, timeout);
    const row = this.queueRow(id);
    await row.waitFor({ timeout });
    return row;
  }

  /** Opens the application from the office queue, found by its number. */
  async openFromQueue(number: string, id: string): Promise<void> {
    await (await this.findInQueue(number, id)).getByTestId('queue-open').click();
  }

  /**
   * What the device records as waiting to be sent (client/data/pending-changes.ts: id → time of the
   * latest local change), with the device's copy of each such application: what a failing "nothing
   * waits" check prints, so a CI failure says which change stayed and why.
   */
  async waitingChanges(): Promise<{ id: string; waitingSince: number; local?: Record<string, unknown> }[]> {
    return this.page.evaluate(async () => {
      const open = (name: string) => new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const all = <T>(database: IDBDatabase, store: string) => new Promise<{ key: IDBValidKey; value: T }[]>((resolve, reject) => {
        const transaction = database.transaction(store, 'readonly').objectStore(store);
        const keys = transaction.getAllKeys();
        const values = transaction.getAll();
        values.onsuccess = () => resolve(keys.result.map((key, index) => ({ key, value: values.result[index] as T })));
        values.onerror = () => reject(values.error);
      });
      const settings = await open('keyval-store');
      const waiting: Record<string, number> = {};
      for (const { key, value } of await all<Record<string, number>>(settings, 'keyval')) {
        if (String(key).startsWith('pending-changes:')) Object.assign(waiting, value);
      }
      settings.close();
      const locals = new Map<string, Record<string, unknown>>();
      for (const info of await indexedDB.databases()) {
        if (!info.name?.endsWith('--applications')) continue;
        const database = await open(info.name);
        for (const { value } of await all<Record<string, unknown>>(database, 'docs')) {
          const id = String(value.id);
          if (!(id in waiting)) continue;
          const { answers: _answers, citizen: _citizen, searchText: _searchText, ...rest } = value;
          locals.set(id, rest);
        }
        database.close();
      }
      return Object.entries(waiting).map(([id, waitingSince]) => ({ id, waitingSince, ...(locals.has(id) ? { local: locals.get(id) } : {}) }));
    });
  }

  async syncStatus(): Promise<{ connectivity: string; pending: number; text: string }> {
    const status = this.page.getByTestId('sync-status');
    await status.waitFor();
    return {
      connectivity: (await status.getAttribute('data-connectivity')) ?? '',
      pending: Number(await status.getAttribute('data-pending')),
      text: ((await status.textContent()) ?? '').replace(/\s+/g, ' ').trim(),
    };
  }
}
