/**
 * The administrator's account list a page at a time: GET /api/admin/accounts?limit=50, then
 * `&start=<next>` from the answer's `next`, optionally only usernames that begin with `prefix`.
 *
 * An account is the document `user:<username>`, so a page is one `_all_docs` range read in
 * username order: the same request on Apache CouchDB 3 and on the embedded store, with no view or
 * index to build. One row more than the page is read; its username is `next` (inclusive), so an
 * account made or removed between two pages neither repeats nor hides the others. Usernames are
 * ASCII (USERNAME_PATTERN), where both stores order ids by code point, which is the order `start`
 * and `prefix` are compared in.
 */
import { USERNAME_PART_PATTERN } from '../../common/admin-protocol.js';
import type { ApiProblem } from '../../common/sync-protocol.js';
import { ApiError } from '../http-errors.js';
import type { Store } from '../store.js';
import { accountsDb, type StoredAccount } from '../users.js';

/** The screen asks for 50; more than this many documents in one answer is refused. */
export const ACCOUNT_PAGE_MAX = 200;
const DEFAULT_PAGE = 50;

export interface AccountPageQuery {
  limit: number;
  /** The first username of the page (the `next` of the page before). */
  start?: string;
  /** Only usernames that begin with this. */
  prefix?: string;
}

export interface AccountPage {
  accounts: StoredAccount[];
  /** Where the next page starts; absent on the last page. */
  next?: string;
}

const problem = (path: string, id: string, en: string): ApiProblem => ({ path, message: { id, en } });

/**
 * The paging the request asks for, or undefined when it names none: an app installed before paging
 * asks for the whole list, and gets it. Refuses (400 invalid-paging) a parameter given twice, a
 * limit that is not a whole number from 1 to ACCOUNT_PAGE_MAX, or a start or prefix that no username
 * could begin with, naming each.
 */
export function accountPageQuery(query: Record<string, unknown>): AccountPageQuery | undefined {
  const { limit, start, prefix } = query;
  if (limit === undefined && start === undefined && prefix === undefined) return undefined;
  const problems: ApiProblem[] = [];
  let pageSize = DEFAULT_PAGE;
  if (limit !== undefined) {
    const value = typeof limit === 'string' && /^[0-9]{1,4}$/.test(limit) ? Number(limit) : NaN;
    if (value >= 1 && value <= ACCOUNT_PAGE_MAX) pageSize = value;
    else {
      problems.push(problem('/limit', `limit harus bilangan bulat 1-${ACCOUNT_PAGE_MAX}`, `limit must be a whole number from 1 to ${ACCOUNT_PAGE_MAX}`));
    }
  }
  const usernamePart = (value: unknown, path: string): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value === 'string' && USERNAME_PART_PATTERN.test(value)) return value;
    problems.push(problem(path, `${path.slice(1)} harus 1-40 karakter nama pengguna: huruf kecil, angka, titik, garis bawah, tanda minus`,
      `${path.slice(1)} must be 1-40 username characters: lower-case letters, digits, dot, underscore, dash`));
    return undefined;
  };
  const from = usernamePart(start, '/start');
  const begins = usernamePart(prefix, '/prefix');
  if (from !== undefined && begins !== undefined && !from.startsWith(begins)) {
    problems.push(problem('/start', 'start harus diawali prefix (lanjutan dari halaman pencarian yang sama)',
      'start must begin with prefix (the continuation of the same search)'));
  }
  if (problems.length > 0) {
    throw new ApiError(400, 'invalid-paging', 'Permintaan halaman daftar akun tidak valid.', 'The account list page asked for is not valid.', problems);
  }
  return { limit: pageSize, ...(from !== undefined ? { start: from } : {}), ...(begins !== undefined ? { prefix: begins } : {}) };
}

/** One page of accounts in username order. */
export async function accountPage(store: Store, query: AccountPageQuery): Promise<AccountPage> {
  const prefix = query.prefix ?? '';
  const list = await accountsDb(store).list({
    startkey: `user:${query.start ?? prefix}`,
    endkey: `user:${prefix}\ufff0`,
    limit: query.limit + 1,
    include_docs: true,
  });
  const rows = list.rows.slice(0, query.limit);
  const after = list.rows[query.limit];
  return {
    accounts: rows.flatMap((row) => (row.doc && row.doc.type === 'user' ? [row.doc] : [])),
    ...(after ? { next: after.id.slice('user:'.length) } : {}),
  };
}
