import { css, html, LitElement, nothing } from 'lit';
import { consume } from '@lit/context';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { AGENCY_ROLES, BOOTH_ROLES, MIN_PASSWORD_LENGTH, USERNAME_PART_PATTERN, type AdminAccount, type AdminAgency, type UpdateAccountRequest } from '../../../common/admin-protocol.js';
import { ROLES } from '../../../common/office-action-schema.js';
import type { ApiProblem, Role } from '../../../common/sync-protocol.js';
import { sessionContext, type SessionInfo } from '../../app/context.js';
import { accountPage, listAgencies, problemsOf, resetPassword, signOutEverywhere, updateAccount, type AccountPage } from '../../data/admin.js';
import { locale, LocaleController, pick, t } from '../../i18n/localize.js';
import { sharedStyles } from '../../ui/shared-styles.js';
import { adminStyles, failureText, fieldErrorOf } from './admin-support.js';
import { LoadController, RowActionsController } from './request-controllers.js';
import './ptsp-account-create.js';

/** Username order as the server pages it (code points; usernames are ASCII), not the locale's. */
const byUsername = (a: AdminAccount, b: AdminAccount): number => (a.username < b.username ? -1 : a.username > b.username ? 1 : 0);

/** Both lists as one, each account once (the later copy wins: it is the newer answer), by username. */
function merged(known: readonly AdminAccount[], more: readonly AdminAccount[]): AdminAccount[] {
  const byId = new Map(known.map((account) => [account.userId, account]));
  for (const account of more) byId.set(account.userId, account);
  return [...byId.values()].sort(byUsername);
}

/** The start of a username the typed text could be (the server searches by it), or undefined. */
function usernamePrefix(query: string): string | undefined {
  const text = query.trim().toLowerCase();
  return USERNAME_PART_PATTERN.test(text) ? text : undefined;
}

/** Typing pauses this long before the server is asked, so a name typed fast is one request. */
const SEARCH_PAUSE_MS = 300;

/**
 * The accounts section (`/admin`): make an account, find one, and for each: disable or enable it,
 * give it a new password, end its sessions on every device. Every change waits for the server.
 *
 * The list comes a page at a time in username order ("show the next accounts"). The search box
 * filters what is loaded by name, username, role and agency at once; while more accounts are on
 * the server, it also asks the server for the usernames that begin with it, so any account can be
 * found by its username however many there are.
 */
@customElement('ptsp-admin-accounts')
export class PtspAdminAccounts extends LitElement {
  static override styles = [sharedStyles, adminStyles, css`
    .reset { display: grid; gap: 8px; }
  `];

  @consume({ context: sessionContext, subscribe: true })
  @state() private session: SessionInfo | undefined;
  /** The pages loaded so far, from the first; undefined until the first has come. */
  @state() private accounts: AdminAccount[] | undefined;
  /** Where the next page starts; undefined once every account is loaded. */
  @state() private next: string | undefined;
  @state() private loadError = '';
  @state() private query = '';
  /** The server's answer for one username prefix, page after page. */
  @state() private found: { prefix: string; accounts: AdminAccount[]; next?: string } | undefined;
  @state() private fetching = false;
  @state() private fetchError = '';
  @state() private resettingFor: string | undefined;
  /** The account whose name, role, agency or booth is being changed, and the role chosen there. */
  @state() private editingFor: string | undefined;
  @state() private editRole: Role | undefined;
  @state() private editProblems: ApiProblem[] = [];
  private readonly agencies = new LoadController<AdminAgency[]>(this, listAgencies);
  private readonly rows = new RowActionsController(this);
  private readonly locale = new LocaleController(this);
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private searchAbort: AbortController | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.searchTimer);
    this.searchAbort?.abort();
  }

  private async load(): Promise<void> {
    this.loadError = '';
    try {
      const first = await accountPage();
      // Accounts made here before the first page came stay listed.
      this.accounts = merged(first.accounts, this.accounts ?? []);
      this.next = first.next;
    } catch (error) {
      this.loadError = failureText(error);
    }
  }

  private get agencyList(): readonly AdminAgency[] {
    return this.agencies.value ?? [];
  }

  override render() {
    return html`<section aria-labelledby="create-title">
        <details data-testid="account-create-section">
          <summary id="create-title">${t('accounts.create')}</summary>
          <ptsp-account-create .agencies=${this.agencyList.filter((agency) => agency.active)}
            @account-created=${(event: CustomEvent<AdminAccount>) => this.created(event.detail)}></ptsp-account-create>
        </details>
      </section>
      <section aria-labelledby="list-title">
        <h3 id="list-title">${t('accounts.list')}</h3>
        ${this.agencies.renderError('accounts-agencies-error')}
        ${this.renderList()}
      </section>`;
  }

  private renderList() {
    if (this.loadError) {
      return html`<p class="error" role="alert" data-testid="accounts-load-error">${this.loadError}</p>
        <button class="secondary" @click=${() => void this.load()}>${t('admin.retry')}</button>`;
    }
    const accounts = this.accounts;
    if (!accounts) return html`<p>${t('admin.loading')}</p>`;
    const query = this.query.trim().toLocaleLowerCase();
    const prefix = usernamePrefix(this.query);
    const found = this.found && this.found.prefix === prefix ? this.found : undefined;
    const pool = found ? merged(accounts, found.accounts) : accounts;
    const shown = query === '' ? pool : pool.filter((account) => this.searchText(account).includes(query));
    const searchingServer = query !== '' && this.next !== undefined;
    const more = query === '' ? this.next : found?.next;
    const count = query !== '' ? t('accounts.countMatching', { count: shown.length })
      : this.next === undefined ? t('accounts.countAll', { count: shown.length }) : t('accounts.countFirst', { count: shown.length });
    return html`<label>${t('accounts.filter')}
        <input type="search" data-testid="accounts-filter" .value=${this.query} autocapitalize="none" spellcheck="false"
          @input=${(event: Event) => this.typed((event.target as HTMLInputElement).value)}>
        <span class="hint">${t('accounts.filterHint')}</span>
      </label>
      ${searchingServer ? html`<p class="muted" data-testid="accounts-search-scope">${t('accounts.searchScope')}</p>` : nothing}
      <p class="muted" role="status" data-testid="accounts-count">${count}${
        searchingServer && prefix !== undefined && !found ? html` · <span data-testid="accounts-searching">${t('accounts.searching')}</span>` : nothing}</p>
      ${shown.length === 0 ? html`<p data-testid="accounts-none">${t('accounts.none')}</p>` : nothing}
      <ul class="items" data-testid="accounts">
        ${repeat(shown, (account) => account.userId, (account) => this.renderAccount(account))}
      </ul>
      ${this.fetchError ? html`<p class="error" role="alert" data-testid="accounts-more-error">${this.fetchError}</p>` : nothing}
      ${more !== undefined || (this.fetchError && searchingServer) ? html`<div class="actions">
        <button class="secondary" ?disabled=${this.fetching} data-testid="accounts-more"
          @click=${() => void (more !== undefined ? this.loadMore(query === '' ? { start: more } : { start: more, prefix }) : this.search())}>
          ${this.fetching ? t('admin.loading') : more !== undefined ? t('accounts.more') : t('admin.retry')}</button>
      </div>` : nothing}`;
  }

  /** The search box changed: filter at once, and ask the server after a pause while accounts are missing here. */
  private typed(value: string): void {
    this.query = value;
    this.fetchError = '';
    clearTimeout(this.searchTimer);
    this.searchAbort?.abort();
    if (this.next === undefined || usernamePrefix(value) === undefined) return;
    this.searchTimer = setTimeout(() => void this.search(), SEARCH_PAUSE_MS);
  }

  /** The first page of the usernames that begin with what is typed. */
  private async search(): Promise<void> {
    const prefix = usernamePrefix(this.query);
    if (prefix === undefined) return;
    const page = await this.fetchPage({ prefix });
    if (page && usernamePrefix(this.query) === prefix) this.found = { prefix, accounts: page.accounts, ...(page.next !== undefined ? { next: page.next } : {}) };
  }

  /** The page after the ones shown: of the whole list, or of the server's search. */
  private async loadMore(from: { start: string; prefix?: string | undefined }): Promise<void> {
    const page = await this.fetchPage(from.prefix !== undefined ? { start: from.start, prefix: from.prefix } : { start: from.start });
    if (!page) return;
    if (from.prefix === undefined) {
      this.accounts = merged(this.accounts ?? [], page.accounts);
      this.next = page.next;
    } else if (this.found?.prefix === from.prefix) {
      this.found = { prefix: from.prefix, accounts: merged(this.found.accounts, page.accounts), ...(page.next !== undefined ? { next: page.next } : {}) };
    }
  }

  /** One page; undefined when it failed (said under the list) or a newer search replaced it. */
  private async fetchPage(from: { start?: string; prefix?: string }): Promise<AccountPage | undefined> {
    this.searchAbort?.abort();
    const abort = new AbortController();
    this.searchAbort = abort;
    this.fetching = true;
    this.fetchError = '';
    try {
      return await accountPage(from, abort.signal);
    } catch (error) {
      if (!abort.signal.aborted) this.fetchError = failureText(error);
      return undefined;
    } finally {
      if (this.searchAbort === abort) this.fetching = false;
    }
  }

  private renderAccount(account: AdminAccount) {
    const own = account.userId === this.session?.user?.userId;
    const busy = this.rows.isBusy(account.userId);
    const agency = account.agencyId ? this.agencyList.find((candidate) => candidate.id === account.agencyId) : undefined;
    return html`<li data-testid="account-${account.username}" data-user-id=${account.userId} data-disabled=${String(account.disabled)}>
      <div class="head">
        <span><span class="name">${account.displayName}</span> <span class="muted">${account.username}</span></span>
        <span class="tag ${account.disabled ? 'off' : ''}" data-testid="account-state">${account.disabled ? t('accounts.disabled') : t('accounts.active')}</span>
      </div>
      <div class="muted">${t(`role.${account.role}`)}${account.agencyId ? html` · ${agency ? pick(agency.name) : account.agencyId}` : nothing}${
        account.boothId ? html` · ${t('accounts.booth')} ${account.boothId}` : nothing}${own ? html` · <strong>${t('accounts.you')}</strong>` : nothing}</div>
      ${account.sessionsValidFrom ? html`<div class="muted">${t('accounts.sessionsFrom', { time: new Date(account.sessionsValidFrom).toLocaleString(locale()) })}</div>` : nothing}
      ${this.editingFor === account.userId ? this.renderEdit(account, own, busy)
        : this.resettingFor === account.userId ? this.renderReset(account, busy) : html`<div class="actions">
        <button class="secondary" ?disabled=${busy} data-testid="account-edit"
          @click=${() => { this.editingFor = account.userId; this.editRole = account.role; this.editProblems = []; this.resettingFor = undefined; }}>${t('accounts.edit')}</button>
        ${own ? nothing : html`<button class="secondary" ?disabled=${busy} data-testid="account-toggle"
          @click=${() => void this.toggle(account)}>${account.disabled ? t('accounts.enable') : t('accounts.disable')}</button>`}
        <button class="secondary" ?disabled=${busy} data-testid="account-reset"
          @click=${() => { this.resettingFor = account.userId; this.editingFor = undefined; }}>${t('accounts.resetPassword')}</button>
        <button class="secondary" ?disabled=${busy} data-testid="account-sign-out"
          @click=${() => void this.signOut(account)}>${t('accounts.signOutEverywhere')}</button>
      </div>`}
      ${this.rows.renderNote(account.userId, 'account-note')}
    </li>`;
  }

  private renderReset(account: AdminAccount, busy: boolean) {
    return html`<form class="reset" novalidate data-testid="account-reset-form" @submit=${(event: SubmitEvent) => void this.reset(event, account)}>
      <label>${t('accounts.newPassword', { name: account.displayName })}
        <input name="password" type="password" autocomplete="new-password" minlength=${MIN_PASSWORD_LENGTH} required data-testid="account-new-password">
        <span class="hint">${t('accounts.passwordHint', { min: MIN_PASSWORD_LENGTH })}</span>
      </label>
      <div class="actions">
        <button type="submit" ?disabled=${busy} data-testid="account-reset-submit">${busy ? t('admin.saving') : t('accounts.resetPassword')}</button>
        <button type="button" class="secondary" @click=${() => { this.resettingFor = undefined; }}>${t('admin.cancel')}</button>
      </div>
    </form>`;
  }

  private renderEdit(account: AdminAccount, own: boolean, busy: boolean) {
    const role = this.editRole ?? account.role;
    const fieldError = fieldErrorOf(this.editProblems, 'edit-problem-');
    return html`<form class="reset" novalidate data-testid="account-edit-form" @submit=${(event: SubmitEvent) => void this.edit(event, account)}>
      <label>${t('accounts.displayName')}
        <input name="displayName" autocomplete="off" required maxlength="100" .value=${account.displayName} data-testid="edit-display-name">${fieldError('/displayName')}
      </label>
      <label>${t('accounts.role')}
        <select name="role" data-testid="edit-role" ?disabled=${own} @change=${(event: Event) => { this.editRole = (event.target as HTMLSelectElement).value as Role; }}>
          ${ROLES.map((candidate) => html`<option value=${candidate} ?selected=${candidate === role}>${t(`role.${candidate}`)}</option>`)}
        </select>
        ${own ? html`<span class="hint">${t('accounts.ownRole')}</span>` : nothing}${fieldError('/role')}
      </label>
      ${AGENCY_ROLES.includes(role) ? html`<label>${t('accounts.agency')}
        <select name="agencyId" data-testid="edit-agency">
          <option value="">${role === 'agency-reviewer' ? t('accounts.agencyChoose') : t('accounts.agencyNone')}</option>
          ${this.agencyList.filter((agency) => agency.active || agency.id === account.agencyId).map((agency) => html`<option value=${agency.id}
            ?selected=${agency.id === account.agencyId}>${pick(agency.name)} (${agency.id})</option>`)}
        </select>${fieldError('/agencyId')}
      </label>` : nothing}
      ${BOOTH_ROLES.includes(role) ? html`<label>${t('accounts.booth')}
        <input name="boothId" autocomplete="off" autocapitalize="none" maxlength="40" .value=${account.boothId ?? ''} data-testid="edit-booth">
        <span class="hint">${t('accounts.boothHint')}</span>${fieldError('/boothId')}
      </label>` : nothing}
      <div class="actions">
        <button type="submit" ?disabled=${busy} data-testid="account-edit-submit">${busy ? t('admin.saving') : t('admin.save')}</button>
        <button type="button" class="secondary" @click=${() => { this.editingFor = undefined; }}>${t('admin.cancel')}</button>
      </div>
    </form>`;
  }

  private async edit(event: SubmitEvent, account: AdminAccount): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const text = (name: string): string => String(data.get(name) ?? '').trim();
    const role = this.editRole ?? account.role;
    const change: UpdateAccountRequest = {
      displayName: text('displayName'),
      ...(role !== account.role ? { role } : {}),
      // An emptied choice removes the agency or booth; a role without one drops it on the server.
      ...(AGENCY_ROLES.includes(role) ? { agencyId: text('agencyId') || null } : {}),
      ...(BOOTH_ROLES.includes(role) ? { boothId: text('boothId') || null } : {}),
    };
    this.editProblems = [];
    const ok = await this.act(account, async () => {
      try {
        return await updateAccount(account.userId, change);
      } catch (error) {
        this.editProblems = problemsOf(error);
        throw error;
      }
    }, (updated) => t('accounts.changed', { name: updated.displayName }));
    if (ok) this.editingFor = undefined;
  }

  private searchText(account: AdminAccount): string {
    const agency = this.agencyList.find((candidate) => candidate.id === account.agencyId);
    return [account.displayName, account.username, t(`role.${account.role}`), account.role, account.agencyId ?? '', agency ? pick(agency.name) : '', account.boothId ?? '']
      .join(' ').toLocaleLowerCase();
  }

  /** A new account is listed at once, wherever it falls in the pages (a later page does not repeat it). */
  private created(account: AdminAccount): void {
    this.accounts = merged(this.accounts ?? [], [account]);
  }

  /** The server's answer replaces the account wherever it is listed. */
  private replace(account: AdminAccount): void {
    const swap = (list: readonly AdminAccount[]): AdminAccount[] => list.map((known) => (known.userId === account.userId ? account : known));
    this.accounts = swap(this.accounts ?? []);
    if (this.found) this.found = { ...this.found, accounts: swap(this.found.accounts) };
  }

  /** Runs one change of one account; its outcome is noted at the account. */
  private act(account: AdminAccount, change: () => Promise<AdminAccount>, done: (updated: AdminAccount) => string): Promise<boolean> {
    return this.rows.run(account.userId, change, (updated) => this.replace(updated), done);
  }

  private async toggle(account: AdminAccount): Promise<void> {
    const name = account.displayName;
    if (!account.disabled && !confirm(t('accounts.confirmDisable', { name }))) return;
    await this.act(account, () => updateAccount(account.userId, { disabled: !account.disabled }),
      (updated) => (updated.disabled ? t('accounts.disabledDone', { name }) : t('accounts.enabledDone', { name })));
  }

  private async reset(event: SubmitEvent, account: AdminAccount): Promise<void> {
    event.preventDefault();
    const password = String(new FormData(event.target as HTMLFormElement).get('password') ?? '');
    const ok = await this.act(account, () => resetPassword(account.userId, password), () => t('accounts.resetDone', { name: account.displayName }));
    if (ok) this.resettingFor = undefined;
  }

  private async signOut(account: AdminAccount): Promise<void> {
    if (!confirm(t('accounts.confirmSignOut', { name: account.displayName }))) return;
    await this.act(account, () => signOutEverywhere(account.userId), () => t('accounts.signedOutDone', { name: account.displayName }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-admin-accounts': PtspAdminAccounts;
  }
}
