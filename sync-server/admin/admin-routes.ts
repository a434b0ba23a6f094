/**
 * The administrator's API: accounts (role, agency or booth, disable, reset password, sign out
 * everywhere) and agencies. Admin role only, every change audited, bad input refused with 400
 * naming each problem before anything is written. A change to an account is dropped from this
 * process's account cache at once, so it holds from that account's next request (other processes
 * within ACCOUNT_CACHE_MS). Also GET /api/agencies, for any signed-in account.
 */
import express, { type RequestHandler } from 'express';
import {
  AGENCY_ROLES, BOOTH_ROLES, type AdminAccount, type AgencyInfo, type AgencyList, type CreateAccountRequest, type CreateAgencyRequest,
  type UpdateAccountRequest, type UpdateAgencyRequest,
} from '../../common/admin-protocol.js';
import type { LocalizedText } from '../../common/catalog.js';
import { ROLES } from '../../common/office-action-schema.js';
import type { ApiProblem, Role, UserProfile } from '../../common/sync-protocol.js';
import { recordAudit } from '../audit.js';
import { forgetAccount } from '../auth/account-cache.js';
import { hashPassword } from '../auth/passwords.js';
import { passwordProblem } from '../auth/password-policy.js';
import type { CatalogService } from '../catalog-service.js';
import { ApiError, invalidInput } from '../http-errors.js';
import { jsonBody, route, type CurrentUser } from '../http-route.js';
import type { Store } from '../store.js';
import {
  BOOTH_ID_PATTERN, createUser, findUserById, listAccounts, toProfile, updateUser, USERNAME_PATTERN, type StoredAccount,
} from '../users.js';
import { PROTOTYPE_NAMES, schemaChecker } from '../validation.js';
import { accountPage, accountPageQuery } from './account-pages.js';
import { createAgency, findAgency, isAgencyId, listAgencies, updateAgency, type Agency } from './agencies.js';

/** An account or agency change is a few hundred bytes. */
const ADMIN_BODY_LIMIT = 16 * 1024;

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength });
const localized = {
  type: 'object', additionalProperties: false, required: ['id', 'en'],
  properties: { id: text(200), en: text(200) },
};

const checkCreateAccount = schemaChecker({
  type: 'object', additionalProperties: false, required: ['username', 'displayName', 'role', 'password'],
  properties: {
    username: text(40), displayName: text(120), role: { enum: ROLES }, agencyId: text(40), boothId: text(40), password: text(200),
  },
});
const checkUpdateAccount = schemaChecker({
  type: 'object', additionalProperties: false, minProperties: 1,
  properties: {
    displayName: text(120), role: { enum: ROLES }, agencyId: { type: ['string', 'null'], minLength: 1, maxLength: 40 },
    boothId: { type: ['string', 'null'], minLength: 1, maxLength: 40 }, disabled: { type: 'boolean' },
  },
});
const checkPassword = schemaChecker({
  type: 'object', additionalProperties: false, required: ['password'], properties: { password: text(200) },
});
const checkNoBody = schemaChecker({ type: 'object', additionalProperties: false, properties: {} });
const checkCreateAgency = schemaChecker({
  type: 'object', additionalProperties: false, required: ['id', 'name'], properties: { id: text(40), name: localized },
});
const checkUpdateAgency = schemaChecker({
  type: 'object', additionalProperties: false, minProperties: 1, properties: { name: localized, active: { type: 'boolean' } },
});

function validBody<T>(check: (body: unknown) => ApiProblem[], body: unknown): T {
  const problems = check(body ?? {});
  if (problems.length > 0) throw invalidInput(problems);
  return (body ?? {}) as T;
}

const problem = (path: string, message: LocalizedText): ApiProblem => ({ path, message });

export function toAdminAccount(user: StoredAccount): AdminAccount {
  // Who the account is, as its own sessions see it (toProfile), and what only an administrator sees.
  return {
    ...toProfile(user),
    disabled: user.disabled === true,
    ...(user.sessionsValidFrom ? { sessionsValidFrom: user.sessionsValidFrom } : {}),
    ...(user.createdAt ? { createdAt: user.createdAt } : {}),
    ...(user.updatedAt ? { updatedAt: user.updatedAt } : {}),
  };
}

/**
 * Whether a role, agency and booth fit together: a reviewer belongs to an agency, an inspector may,
 * no other role does; only booth staff have a booth. `previousAgencyId` may stay even if that
 * agency was made inactive since (the account keeps working); a newly set one must be active.
 */
async function assignmentProblems(
  store: Store,
  role: Role,
  agencyId: string | undefined,
  boothId: string | undefined,
  previousAgencyId?: string,
): Promise<ApiProblem[]> {
  const problems: ApiProblem[] = [];
  if (agencyId === undefined && role === 'agency-reviewer') {
    problems.push(problem('/agencyId', { id: 'peninjau instansi wajib punya instansi (agencyId)', en: 'an agency reviewer needs an agency (agencyId)' }));
  }
  if (agencyId !== undefined) {
    if (!AGENCY_ROLES.includes(role)) {
      problems.push(problem('/agencyId', { id: `peran ${role} tidak punya instansi`, en: `the role ${role} has no agency` }));
    } else if (!isAgencyId(agencyId)) {
      problems.push(problem('/agencyId', { id: 'id instansi tidak valid (huruf kecil, angka, tanda minus)', en: 'not a valid agency id (lower-case letters, digits, dashes)' }));
    } else {
      const agency = await findAgency(store, agencyId);
      if (!agency) problems.push(problem('/agencyId', { id: `instansi "${agencyId}" tidak ada`, en: `there is no agency "${agencyId}"` }));
      else if (!agency.active && agencyId !== previousAgencyId) {
        problems.push(problem('/agencyId', { id: `instansi "${agencyId}" tidak aktif`, en: `the agency "${agencyId}" is not active` }));
      }
    }
  }
  if (boothId !== undefined) {
    if (!BOOTH_ROLES.includes(role)) problems.push(problem('/boothId', { id: `peran ${role} tidak punya gerai`, en: `the role ${role} has no booth` }));
    else if (!BOOTH_ID_PATTERN.test(boothId) || PROTOTYPE_NAMES.includes(boothId)) {
      problems.push(problem('/boothId', { id: 'id gerai tidak valid (huruf kecil, angka, tanda minus), mis. mps-01', en: 'not a valid booth id (lower-case letters, digits, dashes), e.g. mps-01' }));
    }
  }
  return problems;
}

const accountNotFound = (userId: string): ApiError =>
  new ApiError(404, 'account-not-found', `Akun ${userId.slice(0, 64)} tidak ada.`, `There is no account ${userId.slice(0, 64)}.`);

const agencyNotFound = (id: string): ApiError =>
  new ApiError(404, 'agency-not-found', `Instansi ${id.slice(0, 40)} tidak ada.`, `There is no agency ${id.slice(0, 40)}.`);

/** An account id as this server makes them (randomUUID); anything else names no account. */
const USER_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

async function accountById(store: Store, userId: string): Promise<StoredAccount> {
  const user = USER_ID_PATTERN.test(userId) ? await findUserById(store, userId) : undefined;
  if (!user) throw accountNotFound(userId);
  return user;
}

function ownAccountRefusal(): ApiError {
  return new ApiError(409, 'own-account', 'Anda tidak dapat menonaktifkan akun sendiri atau mengubah peran akun sendiri; minta administrator lain.',
    'You cannot disable your own account or change your own role; ask another administrator.');
}

export interface AdminRouteDependencies {
  store: Store;
  currentUser: CurrentUser;
  signedIn: RequestHandler;
  catalogs: CatalogService;
}

export function adminRoutes(deps: AdminRouteDependencies): express.Router {
  const { store, currentUser, signedIn, catalogs } = deps;
  const router = express.Router();
  const body = jsonBody(ADMIN_BODY_LIMIT);

  // Checked before a byte of the body is read, like every route with a session.
  const adminOnly: RequestHandler = (req, _res, next) => {
    currentUser(req).then((user) => {
      if (user.role !== 'admin') {
        throw new ApiError(403, 'forbidden', 'Hanya administrator yang dapat mengelola akun dan instansi.', 'Only administrators can manage accounts and agencies.');
      }
    }).then(() => next(), next);
  };
  const admin = [signedIn, adminOnly];

  const audit = (actor: UserProfile, action: string, target: string, details: Record<string, unknown>): Promise<void> =>
    recordAudit(store, [{ actor: actor.userId, action, target, details }]);

  // `agencies`: the active ones, what may be chosen now (apps installed before read only this, and
  // offer it as choices). `inactiveAgencies`: the rest, only so that an application routed to an
  // agency made inactive since still shows its name (client/data/agencies.ts).
  router.get('/agencies', signedIn, route(async (_req, res) => {
    const all = await listAgencies(store);
    const info = ({ id, name }: Agency): AgencyInfo => ({ id, name });
    const answer: AgencyList = {
      agencies: all.filter((agency) => agency.active).map(info),
      inactiveAgencies: all.filter((agency) => !agency.active).map(info),
    };
    res.json(answer);
  }));

  // A page (`limit`, `start`, `prefix`: account-pages.ts), or without them every account, as an
  // app installed before paging asks. Both in username order, the store's order of the ids.
  router.get('/admin/accounts', ...admin, route(async (req, res) => {
    const paging = accountPageQuery(req.query);
    if (!paging) {
      res.json({ accounts: (await listAccounts(store)).map(toAdminAccount) });
      return;
    }
    const page = await accountPage(store, paging);
    res.json({ accounts: page.accounts.map(toAdminAccount), ...(page.next !== undefined ? { next: page.next } : {}) });
  }));

  router.post('/admin/accounts', ...admin, body, route(async (req, res) => {
    const actor = await currentUser(req);
    const input = validBody<CreateAccountRequest>(checkCreateAccount, req.body);
    const problems: ApiProblem[] = [];
    if (!USERNAME_PATTERN.test(input.username) || PROTOTYPE_NAMES.includes(input.username)) {
      problems.push(problem('/username', {
        id: 'nama pengguna 3-40 karakter: huruf kecil, angka, titik, garis bawah, tanda minus; diawali huruf atau angka',
        en: 'a username has 3-40 characters: lower-case letters, digits, dot, underscore, dash; starting with a letter or digit',
      }));
    }
    if (!input.displayName.trim()) problems.push(problem('/displayName', { id: 'nama tampilan kosong', en: 'the display name is empty' }));
    const weak = passwordProblem(input.password, input.username);
    if (weak) problems.push(problem('/password', weak));
    problems.push(...await assignmentProblems(store, input.role, input.agencyId, input.boothId));
    if (problems.length > 0) throw invalidInput(problems);
    const user = await createUser(store, { ...input, displayName: input.displayName.trim() });
    if (!user) {
      throw new ApiError(409, 'username-taken', `Nama pengguna "${input.username}" sudah dipakai.`, `The username "${input.username}" is already taken.`,
        [problem('/username', { id: 'sudah dipakai', en: 'already taken' })]);
    }
    await audit(actor, 'admin.account-create', user.userId, {
      username: user.username, role: user.role, ...(user.agencyId ? { agencyId: user.agencyId } : {}), ...(user.boothId ? { boothId: user.boothId } : {}),
    });
    res.status(201).json({ account: toAdminAccount(user) });
  }));

  router.patch('/admin/accounts/:userId', ...admin, body, route(async (req, res) => {
    const actor = await currentUser(req);
    const change = validBody<UpdateAccountRequest>(checkUpdateAccount, req.body);
    const current = await accountById(store, String(req.params.userId));
    if (current.userId === actor.userId && ((change.role !== undefined && change.role !== current.role) || change.disabled === true)) {
      throw ownAccountRefusal();
    }
    const role = change.role ?? current.role;
    // A role that has no agency (or booth) drops the old one, unless the change names one itself.
    const agencyId = change.agencyId === null ? undefined
      : change.agencyId ?? (AGENCY_ROLES.includes(role) ? current.agencyId : undefined);
    const boothId = change.boothId === null ? undefined
      : change.boothId ?? (BOOTH_ROLES.includes(role) ? current.boothId : undefined);
    const problems: ApiProblem[] = [];
    if (change.displayName !== undefined && !change.displayName.trim()) {
      problems.push(problem('/displayName', { id: 'nama tampilan kosong', en: 'the display name is empty' }));
    }
    problems.push(...await assignmentProblems(store, role, agencyId, boothId, current.agencyId));
    if (problems.length > 0) throw invalidInput(problems);
    const updated = await updateUser(store, current.username, (stored) => {
      const { agencyId: _agency, boothId: _booth, disabled: _disabled, ...rest } = stored;
      const disabled = change.disabled ?? stored.disabled === true;
      return {
        ...rest,
        displayName: change.displayName?.trim() ?? stored.displayName,
        role,
        ...(agencyId ? { agencyId } : {}),
        ...(boothId ? { boothId } : {}),
        ...(disabled ? { disabled } : {}),
      };
    });
    forgetAccount(store, current.username);
    if (!updated) throw accountNotFound(current.userId);
    await audit(actor, 'admin.account-update', updated.userId, {
      username: updated.username,
      changed: Object.keys(change),
      role: updated.role,
      agencyId: updated.agencyId ?? null,
      boothId: updated.boothId ?? null,
      disabled: updated.disabled === true,
    });
    res.json({ account: toAdminAccount(updated) });
  }));

  router.post('/admin/accounts/:userId/password', ...admin, body, route(async (req, res) => {
    const actor = await currentUser(req);
    const { password } = validBody<{ password: string }>(checkPassword, req.body);
    const current = await accountById(store, String(req.params.userId));
    const weak = passwordProblem(password, current.username);
    if (weak) throw invalidInput([problem('/password', weak)]);
    const passwordHash = await hashPassword(password);
    // A reset also ends the account's sessions: it is what an office does when a password leaked.
    const now = new Date().toISOString();
    const updated = await updateUser(store, current.username, (stored) => ({ ...stored, passwordHash, sessionsValidFrom: now }));
    forgetAccount(store, current.username);
    if (!updated) throw accountNotFound(current.userId);
    await audit(actor, 'admin.account-password-reset', updated.userId, { username: updated.username });
    res.json({ account: toAdminAccount(updated) });
  }));

  router.post('/admin/accounts/:userId/sign-out-everywhere', ...admin, body, route(async (req, res) => {
    const actor = await currentUser(req);
    validBody<Record<string, never>>(checkNoBody, req.body);
    const current = await accountById(store, String(req.params.userId));
    const now = new Date().toISOString();
    const updated = await updateUser(store, current.username, (stored) => ({ ...stored, sessionsValidFrom: now }));
    forgetAccount(store, current.username);
    if (!updated) throw accountNotFound(current.userId);
    await audit(actor, 'admin.account-sign-out-everywhere', updated.userId, { username: updated.username });
    res.json({ account: toAdminAccount(updated) });
  }));

  router.get('/admin/agencies', ...admin, route(async (_req, res) => {
    res.json({ agencies: await listAgencies(store) });
  }));

  router.post('/admin/agencies', ...admin, body, route(async (req, res) => {
    const actor = await currentUser(req);
    const input = validBody<CreateAgencyRequest>(checkCreateAgency, req.body);
    if (!isAgencyId(input.id)) {
      throw invalidInput([problem('/id', {
        id: 'id instansi 2-40 karakter: huruf kecil, angka, tanda minus; diawali huruf (mis. dinas-pupr)',
        en: 'an agency id has 2-40 characters: lower-case letters, digits, dashes; starting with a letter (e.g. dinas-pupr)',
      })]);
    }
    const agency = await createAgency(store, { id: input.id, name: { id: input.name.id.trim(), en: input.name.en.trim() } });
    if (!agency) {
      throw new ApiError(409, 'agency-exists', `Instansi "${input.id}" sudah ada.`, `The agency "${input.id}" already exists.`,
        [problem('/id', { id: 'sudah ada', en: 'already exists' })]);
    }
    await audit(actor, 'admin.agency-create', `agency:${agency.id}`, { id: agency.id, name: agency.name });
    res.status(201).json({ agency });
  }));

  router.patch('/admin/agencies/:id', ...admin, body, route(async (req, res) => {
    const actor = await currentUser(req);
    const change = validBody<UpdateAgencyRequest>(checkUpdateAgency, req.body);
    const id = String(req.params.id);
    const current = await findAgency(store, id);
    if (!current) throw agencyNotFound(id);
    if (change.active === false && current.active) {
      // The newest catalog routes applications to it: a new catalog version must name another first.
      const naming = ((await catalogs.latest())?.permitTypes ?? []).filter((type) => type.reviewAgencyIds?.includes(id)).map((type) => type.id);
      if (naming.length > 0) {
        throw new ApiError(409, 'agency-in-catalog',
          `Instansi "${id}" masih meninjau jenis izin di katalog terbaru (${naming.join(', ')}); terbitkan katalog yang menunjuk instansi lain dulu.`,
          `The agency "${id}" still reviews permit types of the newest catalog (${naming.join(', ')}); publish a catalog that names another agency first.`);
      }
    }
    const name = change.name ? { id: change.name.id.trim(), en: change.name.en.trim() } : undefined;
    const updated: Agency | undefined = await updateAgency(store, id, { ...(name ? { name } : {}), ...(change.active !== undefined ? { active: change.active } : {}) });
    if (!updated) throw agencyNotFound(id);
    await audit(actor, 'admin.agency-update', `agency:${id}`, { id, changed: Object.keys(change), active: updated.active, name: updated.name });
    res.json({ agency: updated });
  }));

  return router;
}
