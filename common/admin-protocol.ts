/**
 * The administrator's API (sync-server/admin/admin-routes.ts) as the admin screens read it. Every
 * answer is JSON; every refusal is an ApiErrorBody (common/sync-protocol.ts) with a stable code.
 */
import type { LocalizedText } from './catalog.js';
import type { Role } from './sync-protocol.js';

/** An account as an administrator sees it (never its password hash). */
export interface AdminAccount {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  agencyId?: string;
  boothId?: string;
  disabled: boolean;
  /** Set by "sign out everywhere" and by a password reset: sessions started before it are ended. */
  sessionsValidFrom?: string;
  createdAt?: string;
  updatedAt?: string;
}

/** GET /api/admin/accounts */
export interface AdminAccountList {
  accounts: AdminAccount[];
  /**
   * With paging (`?limit=&start=&prefix=`): the username the next page starts at, to send as
   * `start`; absent on the last page and on an unpaged answer (the whole list).
   */
  next?: string;
}

/** POST /api/admin/accounts (201 { account }) */
export interface CreateAccountRequest {
  username: string;
  displayName: string;
  role: Role;
  agencyId?: string;
  boothId?: string;
  password: string;
}

/** PATCH /api/admin/accounts/:userId ({ account }); null removes an agency or booth. */
export interface UpdateAccountRequest {
  displayName?: string;
  role?: Role;
  agencyId?: string | null;
  boothId?: string | null;
  disabled?: boolean;
}

/** An agency (OPD) as an administrator sees it; GET /api/agencies gives only `id` and `name` (AgencyList). */
export interface AdminAgency {
  id: string;
  name: LocalizedText;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AgencyInfo {
  id: string;
  name: LocalizedText;
}

/** GET /api/agencies, for any signed-in account. */
export interface AgencyList {
  /** The active agencies: the only ones to offer for a new choice (a re-route). Apps installed before read only this. */
  agencies: AgencyInfo[];
  /**
   * The agencies made inactive (never deleted: applications and history keep naming them), for
   * their names only. Absent from servers before it.
   */
  inactiveAgencies?: AgencyInfo[];
}

/** POST /api/admin/agencies (201 { agency }) */
export interface CreateAgencyRequest {
  id: string;
  name: LocalizedText;
}

/** PATCH /api/admin/agencies/:id ({ agency }) */
export interface UpdateAgencyRequest {
  name?: LocalizedText;
  active?: boolean;
}

/** The roles that belong to an agency (a reviewer must; an inspector may) and the one that has a booth. */
export const AGENCY_ROLES: readonly Role[] = ['agency-reviewer', 'inspector'];
export const BOOTH_ROLES: readonly Role[] = ['booth-staff'];

/** Shortest password an administrator may give an account (create-admin and the admin API). */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * A username or the start of one (the account list's `start` and `prefix`): the characters a
 * username is made of, 1 to 40 of them. The screen asks the server only for text that could be one.
 */
export const USERNAME_PART_PATTERN = /^[a-z0-9._-]{1,40}$/;
