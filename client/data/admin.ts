/**
 * The administrator's requests (common/admin-protocol.ts; sync-server/admin/admin-routes.ts and
 * POST /api/catalog): accounts, agencies, catalog versions. Online only: an administrator changes
 * what every device will receive, so each change waits for the server's answer and its refusal.
 * Every failure is an ApiRequestError (its `problems` by path, see problemsOf) or UnreachableError.
 */
import type {
  AdminAccount, AdminAccountList, AdminAgency, CreateAccountRequest, CreateAgencyRequest, UpdateAccountRequest, UpdateAgencyRequest,
} from '../../common/admin-protocol.js';
import type { PermitCatalog } from '../../common/catalog.js';
import type { ApiErrorBody, ApiProblem } from '../../common/sync-protocol.js';
import { apiRequest, ApiRequestError } from './api.js';

const id = (value: string): string => encodeURIComponent(value);

/** How many accounts the screen asks for at a time. */
export const ACCOUNT_PAGE_SIZE = 50;

/**
 * One page of the account list, in username order: `next` (absent on the last page) is the
 * `start` of the page after. `prefix` keeps only usernames that begin with it.
 */
export type AccountPage = AdminAccountList;

export async function accountPage(from: { start?: string; prefix?: string } = {}, signal?: AbortSignal): Promise<AccountPage> {
  const query = new URLSearchParams({ limit: String(ACCOUNT_PAGE_SIZE) });
  if (from.prefix) query.set('prefix', from.prefix);
  if (from.start) query.set('start', from.start);
  return apiRequest<AccountPage>(`/admin/accounts?${query.toString()}`, signal ? { signal } : {});
}

export async function createAccount(request: CreateAccountRequest): Promise<AdminAccount> {
  return (await apiRequest<{ account: AdminAccount }>('/admin/accounts', { method: 'POST', body: request })).account;
}

export async function updateAccount(userId: string, change: UpdateAccountRequest): Promise<AdminAccount> {
  return (await apiRequest<{ account: AdminAccount }>(`/admin/accounts/${id(userId)}`, { method: 'PATCH', body: change })).account;
}

/** A new password; the server also ends the account's sessions. */
export async function resetPassword(userId: string, password: string): Promise<AdminAccount> {
  return (await apiRequest<{ account: AdminAccount }>(`/admin/accounts/${id(userId)}/password`, { method: 'POST', body: { password } })).account;
}

export async function signOutEverywhere(userId: string): Promise<AdminAccount> {
  return (await apiRequest<{ account: AdminAccount }>(`/admin/accounts/${id(userId)}/sign-out-everywhere`, { method: 'POST', body: {} })).account;
}

export async function listAgencies(): Promise<AdminAgency[]> {
  return (await apiRequest<{ agencies: AdminAgency[] }>('/admin/agencies')).agencies;
}

export async function createAgency(request: CreateAgencyRequest): Promise<AdminAgency> {
  return (await apiRequest<{ agency: AdminAgency }>('/admin/agencies', { method: 'POST', body: request })).agency;
}

export async function updateAgency(agencyId: string, change: UpdateAgencyRequest): Promise<AdminAgency> {
  return (await apiRequest<{ agency: AdminAgency }>(`/admin/agencies/${id(agencyId)}`, { method: 'PATCH', body: change })).agency;
}

/** The newest published catalog, or undefined when none is published yet. */
export async function latestCatalog(): Promise<PermitCatalog | undefined> {
  try {
    return await apiRequest<PermitCatalog>('/catalog');
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 404) return undefined;
    throw error;
  }
}

/** Publishes the next version; the server checks it whole and answers every problem by its path. */
export async function publishCatalog(catalog: unknown): Promise<PermitCatalog> {
  return apiRequest<PermitCatalog>('/catalog', { method: 'POST', body: catalog, timeoutMs: 60_000 });
}

/** The problems a refusal names by path (`/username`, `/permitTypes/3/fields/0/id`), if any. */
export function problemsOf(error: unknown): ApiProblem[] {
  if (!(error instanceof ApiRequestError)) return [];
  const problems = (error.body as Partial<ApiErrorBody> | undefined)?.error?.problems;
  return Array.isArray(problems) ? problems : [];
}
