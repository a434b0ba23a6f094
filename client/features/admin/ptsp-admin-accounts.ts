import { css, html, LitElement, nothing } from 'lit';
import { consume } from '@lit/context';
import { customElement, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { AGENCY_ROLES, BOOTH_ROLES, MIN_PASSWORD_LENGTH, type AdminAccount, type AdminAgency, type UpdateAccountRequest } from '../../../common/admin-protocol.js';
import { ROLES } from '../../../common/office-action-schema.js';
import type { ApiProblem, Role } from '../../../common/sync-protocol.js';
import { sessionContext, type SessionInfo } from '../../app/context.js';
import { listAccounts, listAgencies, problemsOf, resetPassword, signOutEverywhere, updateAccount } from '../../data/admin.js';
import { locale, LocaleController, pick, t } from '../../i18n/localize.js';
import { sharedStyles } from '../../ui/shared-styles.js';
import { adminStyles, failureText, fieldErrorOf } from './admin-support.js';
import './ptsp-account-create.js';

/** What the last action on one account came to, shown at that account. */
interface RowNote {
  ok: boolean;
  text: string;
}

/**
 * The accounts section (`/admin`): make an account, find one, and for each: disable or enable it,
 * give it a new password, end its sessions on every device. Every change waits for the server.
 */
@customElement('ptsp-admin-accounts')
export class PtspAdminAccounts extends LitElement {
  static override styles = [sharedStyles, adminStyles, css`
    .head { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; justify-content: space-between; }
    .name { font-weight: 700; }
    .reset { display: grid; gap: 8px; }
  `];

  @consume({ context: sessionContext, subscribe: true })
  @state() private session: SessionInfo | undefined;
  @state() private accounts: AdminAccount[] | undefined;
  @state() private agencies: AdminAgency[] = [];
  @state() private loadError = '';
  @state() private query = '';
  @state() private busyFor: string | undefined;
  @state() private resettingFor: string | undefined;
  @state() private notes = new Map<string, RowNote>();
  /** The account whose name, role, agency or booth is being changed, and the role chosen there. */
  @state() private editingFor: string | undefined;
  @state() private editRole: Role | undefined;
  @state() private editProblems: ApiProblem[] = [];
  private readonly locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.loadError = '';
    try {
      const [accounts, agencies] = await Promise.all([listAccounts(), listAgencies()]);
      this.accounts = accounts;
      this.agencies = agencies;
    } catch (error) {
      this.loadError = failureText(error);
    }
  }

  override render() {
    return html`<section aria-labelledby="create-title">
        <details data-testid="account-create-section">
          <summary id="create-title">${t('accounts.create')}</summary>
          <ptsp-account-create .agencies=${this.agencies.filter((agency) => agency.active)}
            @account-created=${(event: CustomEvent<AdminAccount>) => this.created(event.detail)}></ptsp-account-create>
        </details>
      </section>
      <section aria-labelledby="list-title">
        <h3 id="list-title">${t('accounts.list')}</h3>
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
    const shown = query === '' ? accounts : accounts.filter((account) => this.searchText(account).includes(query));
    return html`<label>${t('accounts.filter')}
        <input type="search" data-testid="accounts-filter" .value=${this.query} placeholder=${t('accounts.filterHint')}
          @input=${(event: Event) => { this.query = (event.target as HTMLInputElement).value; }}>
      </label>
      <p class="muted" data-testid="accounts-count">${t('accounts.count', { shown: shown.length, total: accounts.length })}</p>
      ${shown.length === 0 ? html`<p data-testid="accounts-none">${t('accounts.none')}</p>` : nothing}
      <ul class="items" data-testid="accounts">
        ${repeat(shown, (account) => account.userId, (account) => this.renderAccount(account))}
      </ul>`;
  }

  private renderAccount(account: AdminAccount) {
    const own = account.userId === this.session?.user?.userId;
    const busy = this.busyFor === account.userId;
    const note = this.notes.get(account.userId);
    const agency = account.agencyId ? this.agencies.find((candidate) => candidate.id === account.agencyId) : undefined;
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
      ${note ? html`<p class=${note.ok ? 'ok' : 'error'} role=${note.ok ? 'status' : 'alert'} data-testid="account-note">${note.text}</p>` : nothing}
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
          ${this.agencies.filter((agency) => agency.active || agency.id === account.agencyId).map((agency) => html`<option value=${agency.id}
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
    const agency = this.agencies.find((candidate) => candidate.id === account.agencyId);
    return [account.displayName, account.username, t(`role.${account.role}`), account.role, account.agencyId ?? '', agency ? pick(agency.name) : '', account.boothId ?? '']
      .join(' ').toLocaleLowerCase();
  }

  private created(account: AdminAccount): void {
    this.accounts = [...(this.accounts ?? []).filter((known) => known.userId !== account.userId), account]
      .sort((a, b) => a.username.localeCompare(b.username));
  }

  private replace(account: AdminAccount, note: RowNote): void {
    this.accounts = (this.accounts ?? []).map((known) => (known.userId === account.userId ? account : known));
    this.notes = new Map(this.notes).set(account.userId, note);
  }

  /** Runs one change of one account; its outcome is noted at the account. */
  private async act(account: AdminAccount, change: () => Promise<AdminAccount>, done: (updated: AdminAccount) => string): Promise<boolean> {
    this.busyFor = account.userId;
    try {
      const updated = await change();
      this.replace(updated, { ok: true, text: done(updated) });
      return true;
    } catch (error) {
      this.notes = new Map(this.notes).set(account.userId, { ok: false, text: failureText(error) });
      return false;
    } finally {
      this.busyFor = undefined;
    }
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
