import { html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { AGENCY_ROLES, BOOTH_ROLES, MIN_PASSWORD_LENGTH, type AdminAccount, type AdminAgency, type CreateAccountRequest } from '../../../common/admin-protocol.js';
import { ROLES } from '../../../common/office-action-schema.js';
import type { Role } from '../../../common/sync-protocol.js';
import { createAccount } from '../../data/admin.js';
import { LocaleController, pick, t } from '../../i18n/localize.js';
import { sharedStyles } from '../../ui/shared-styles.js';
import { adminStyles, fieldErrorOf } from './admin-support.js';
import { SubmitController } from './request-controllers.js';

/**
 * The form that makes an account: username, name, role and, for the roles that have one, its
 * agency or booth, and a first password. The server checks it all; what it refuses is shown at
 * the field it names.
 * @fires account-created - detail: AdminAccount
 */
@customElement('ptsp-account-create')
export class PtspAccountCreate extends LitElement {
  static override styles = [sharedStyles, adminStyles];

  /** The agencies an account may be given (the active ones). */
  @property({ attribute: false }) agencies: readonly AdminAgency[] = [];
  @state() private chosenRole: Role = 'applicant';
  private readonly submission = new SubmitController(this);
  private readonly locale = new LocaleController(this);

  override render() {
    const submission = this.submission;
    const fieldError = fieldErrorOf(submission.problems);
    const hasAgency = AGENCY_ROLES.includes(this.chosenRole);
    return html`<form novalidate data-testid="account-create" @submit=${(event: SubmitEvent) => void this.submit(event)}>
      <label>${t('accounts.username')}
        <input name="username" autocomplete="off" autocapitalize="none" spellcheck="false" required maxlength="40" data-testid="new-username">
        <span class="hint">${t('accounts.usernameHint')}</span>${fieldError('/username')}
      </label>
      <label>${t('accounts.displayName')}
        <input name="displayName" autocomplete="off" required maxlength="100" data-testid="new-display-name">
        <span class="hint">${t('accounts.displayNameHint')}</span>${fieldError('/displayName')}
      </label>
      <label>${t('accounts.role')}
        <select name="role" data-testid="new-role" @change=${(event: Event) => { this.chosenRole = (event.target as HTMLSelectElement).value as Role; }}>
          ${ROLES.map((role) => html`<option value=${role} ?selected=${role === this.chosenRole}>${t(`role.${role}`)}</option>`)}
        </select>${fieldError('/role')}
      </label>
      ${hasAgency ? html`<label>${t('accounts.agency')}
        <select name="agencyId" data-testid="new-agency">
          <option value="">${this.chosenRole === 'agency-reviewer' ? t('accounts.agencyChoose') : t('accounts.agencyNone')}</option>
          ${this.agencies.map((agency) => html`<option value=${agency.id}>${pick(agency.name)} (${agency.id})</option>`)}
        </select>${fieldError('/agencyId')}
      </label>` : nothing}
      ${BOOTH_ROLES.includes(this.chosenRole) ? html`<label>${t('accounts.booth')}
        <input name="boothId" autocomplete="off" autocapitalize="none" maxlength="40" data-testid="new-booth">
        <span class="hint">${t('accounts.boothHint')}</span>${fieldError('/boothId')}
      </label>` : nothing}
      <label>${t('accounts.password')}
        <input name="password" type="password" autocomplete="new-password" required minlength=${MIN_PASSWORD_LENGTH} data-testid="new-password">
        <span class="hint">${t('accounts.passwordHint', { min: MIN_PASSWORD_LENGTH })}</span>${fieldError('/password')}
      </label>
      ${submission.renderError('account-create-error')}
      ${submission.renderDone('account-created')}
      <div class="actions"><button type="submit" ?disabled=${submission.busy} data-testid="account-create-submit">
        ${submission.busy ? t('admin.saving') : t('accounts.create')}</button></div>
    </form>`;
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string): string => String(data.get(name) ?? '').trim();
    const request: CreateAccountRequest = {
      username: text('username'),
      displayName: text('displayName'),
      role: this.chosenRole,
      // The password exactly as typed: spaces in it are the person's choice.
      password: String(data.get('password') ?? ''),
      ...(text('agencyId') ? { agencyId: text('agencyId') } : {}),
      ...(text('boothId') ? { boothId: text('boothId') } : {}),
    };
    const account = await this.submission.run(() => createAccount(request), (made) => t('accounts.created', { username: made.username }));
    if (!account) return;
    form.reset();
    this.chosenRole = 'applicant';
    this.dispatchEvent(new CustomEvent<AdminAccount>('account-created', { detail: account, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ptsp-account-create': PtspAccountCreate;
  }
}
