/**
 * Citizens claiming what a booth filed for them, with the code on their receipt.
 *
 * A claim can come before the filing: the booth laptop may still be offline with the submission
 * queued. A well-formed code that no submitted application carries yet is therefore not an error
 * but a waiting claim (`pending-claim:<code>` in ptsp_meta, one per code, 30 days). When the booth's
 * push brings the submission with that code, the server gives it to the waiting account in that
 * same write (under the write lock, `assignWaiting`), and the citizen's devices receive it through
 * their normal pull and live stream (the change feed tells the applicant too).
 *
 * Either way the claim is one event on the application's history (office/history.ts recordClaims),
 * written exactly once by its key whatever repeats it.
 */
import { mayClaim } from '../../common/access/readers.js';
import { CLAIM_CODE_PATTERN, type ApplicationWireDoc } from '../../common/application-schema.js';
import { PENDING_CLAIM_DAYS, type ClaimResponse, type UserProfile } from '../../common/sync-protocol.js';
import { normalizeCode } from '../../common/workflow.js';
import { recordAudit, type AuditInput } from '../audit.js';
import { ApiError } from '../http-errors.js';
import { log } from '../log.js';
import { recordClaims, type ClaimEvent, type HistoryActor } from '../office/history.js';
import { CLAIM_CODE_INDEX, getIfExists, isStatus, type Store, type StoredApplication } from '../store.js';

const CLAIM_CODE = new RegExp(CLAIM_CODE_PATTERN);
const PENDING_PREFIX = 'pending-claim:';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Waiting claims one account may hold at once. A citizen has a receipt or two; the cap keeps a
 * script from filling the store with waiting claims (a waiting claim is not a failed attempt, so
 * the claim rate limits do not count it).
 */
export const MAX_PENDING_CLAIMS_PER_ACCOUNT = 10;

interface StoredPendingClaim {
  _id: string;
  _rev?: string;
  type: 'pending-claim';
  code: string;
  userId: string;
  at: string;
  expiresAt: string;
  /**
   * Who waits, as the history names them when the filing arrives (the claimant is not the one
   * pushing then), and the device and its time of the claim. Absent in claims kept before.
   */
  role?: UserProfile['role'];
  displayName?: string;
  device?: string;
  deviceAt?: string;
}

/** How the device tells its own time of a claim (`enteredAt`): an ISO instant, nothing else is kept. */
const DEVICE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;

/** The device's time of the claim from the request body, when it gave a well-formed one. */
function deviceTimeOf(body: unknown): string | undefined {
  const value = (body as { enteredAt?: unknown } | null)?.enteredAt;
  return typeof value === 'string' && DEVICE_TIME.test(value) && Number.isFinite(Date.parse(value)) ? value : undefined;
}

/** The claimant of a waiting claim as the history names them (only applicant accounts may claim). */
const claimantOf = (claim: StoredPendingClaim): HistoryActor => ({
  userId: claim.userId, role: claim.role ?? 'applicant', displayName: claim.displayName ?? '',
});

/** What the claims need of the application sync: its one write lock and its way of writing a server change. */
export interface ClaimWrites {
  underWriteLock<T>(work: () => Promise<T>): Promise<T>;
  writeServerChange(doc: StoredApplication, change: Partial<StoredApplication>): Promise<StoredApplication>;
  toWire(doc: StoredApplication): ApplicationWireDoc;
  /**
   * Called under the write lock once applications were claimed: a claimant reads some of their
   * office actions (a return, a question), so those must now reach them (OfficeActions.followReachOf).
   */
  afterClaimed(applicationIds: string[]): Promise<void>;
}

/** Where a claim request came from, for its history record. */
interface ClaimOrigin {
  device?: string | undefined;
  deviceAt?: string | undefined;
}

const pendingId = (code: string): string => `${PENDING_PREFIX}${code}`;
const expired = (claim: StoredPendingClaim, now = Date.now()): boolean => Date.parse(claim.expiresAt) <= now;

export class Claims {
  constructor(private readonly store: Store, private readonly writes: ClaimWrites) {}

  /**
   * POST /api/claims: the application if its filing is here (200), else a waiting claim (202).
   * `device` (the x-ptsp-device name) and the body's `enteredAt` (the device's time) go into the
   * history record when given.
   */
  async claim(user: UserProfile, body: unknown, device?: string): Promise<ClaimResponse> {
    if (!mayClaim(user)) {
      throw new ApiError(403, 'forbidden', 'Hanya akun pemohon yang dapat mengklaim permohonan.', 'Only applicant accounts can claim an application.');
    }
    const text = (body as { code?: unknown } | null)?.code;
    const code = typeof text === 'string' && text.length <= 40 ? normalizeCode(text) : '';
    if (!CLAIM_CODE.test(code)) {
      throw new ApiError(400, 'invalid-claim-code', 'Kode klaim terdiri dari 10 huruf/angka, misalnya 4F7QX-K2M9D.',
        'A claim code has 10 letters or digits, e.g. 4F7QX-K2M9D.', [{ path: '/code', message: { id: 'format kode salah', en: 'wrong code format' } }]);
    }
    const from: ClaimOrigin = { device, deviceAt: deviceTimeOf(body) };
    const claimed = await this.writes.underWriteLock(async () => {
      const doc = await this.submittedWithCode(code);
      return doc ? this.claimNow(user, doc, from) : undefined;
    });
    if (claimed) return claimed;
    // Counted outside the write lock, which every push waits for: the count reads every waiting
    // claim. A soft cap: two requests of one account at the same moment may pass it by one.
    const waiting = await this.pendingCount(user.userId);
    return this.writes.underWriteLock(async () => {
      // The filing may have arrived while the lock was free.
      const doc = await this.submittedWithCode(code);
      return doc ? this.claimNow(user, doc, from) : this.wait(user, code, waiting, from);
    });
  }

  /** Gives a submitted application to the citizen claiming it. Under the write lock. */
  private async claimNow(user: UserProfile, doc: StoredApplication, from: ClaimOrigin): Promise<ClaimResponse> {
    const event: ClaimEvent = { applicationId: doc.id, claimant: user, ...from };
    if (doc.applicantId === user.userId) {
      // Claimed before (a repeated request, the device's retry after a lost answer, or a waiting
      // claim completed by a push): recorded again in case that first record was never written
      // (a crash between the two writes); its key makes this a no-op when it was.
      await recordClaims(this.store, [event]);
      // Likewise the actions' reach (a no-op when it was followed): a crash may have come before it.
      await this.writes.afterClaimed([doc.id]);
      return { status: 'claimed', application: this.writes.toWire(doc) };
    }
    if (doc.applicantId) {
      throw new ApiError(409, 'already-claimed', 'Permohonan ini sudah diklaim oleh akun lain.', 'This application was already claimed by another account.');
    }
    const written = await this.writes.writeServerChange(doc, { applicantId: user.userId });
    await recordClaims(this.store, [event]);
    await recordAudit(this.store, [{ actor: user.userId, action: 'application.claim', target: doc.id }]);
    // Recorded first: if this fails the request fails, and the device's retry (claimed before, above) follows again.
    await this.writes.afterClaimed([doc.id]);
    return { status: 'claimed', application: this.writes.toWire(written) };
  }

  private async submittedWithCode(code: string): Promise<StoredApplication | undefined> {
    // Conditions in the selector, not after `limit`: drafts carrying the same code cannot crowd it out.
    const found = await this.store.applications.find({
      selector: { claimCode: code, status: { $in: ['submitted', 'returned'] }, deleted: false },
      limit: 50,
      use_index: [CLAIM_CODE_INDEX.ddoc, CLAIM_CODE_INDEX.name],
    });
    return (found.docs as StoredApplication[]).find((candidate) => !candidate.deleted && candidate.status !== 'draft');
  }

  /** Records (or confirms) that `user`, already waiting for `waiting` filings, waits for the one with `code`. Under the write lock. */
  private async wait(user: UserProfile, code: string, waiting: number, from: ClaimOrigin): Promise<ClaimResponse> {
    const existing = await getIfExists(this.store.meta, pendingId(code)) as StoredPendingClaim | undefined;
    if (existing && !expired(existing)) {
      if (existing.userId === user.userId) return { status: 'pending', code, expiresAt: existing.expiresAt };
      await recordAudit(this.store, [{ actor: user.userId, action: 'application.claim-failed', details: { reason: 'pending-elsewhere' } }]);
      throw new ApiError(409, 'claim-pending-elsewhere',
        'Kode klaim ini sudah ditunggu oleh akun lain. Periksa kode pada tanda terima, atau minta bantuan petugas loket.',
        'Another account is already waiting for this claim code. Check the code on the receipt, or ask the front office for help.');
    }
    if (waiting >= MAX_PENDING_CLAIMS_PER_ACCOUNT) {
      throw new ApiError(429, 'too-many-pending-claims',
        `Anda sudah menunggu ${MAX_PENDING_CLAIMS_PER_ACCOUNT} permohonan yang belum tiba. Tunggu sampai loket mengirimnya.`,
        `You are already waiting for ${MAX_PENDING_CLAIMS_PER_ACCOUNT} filings that have not arrived. Wait until the booth sends them.`);
    }
    const at = new Date();
    const claim: StoredPendingClaim = {
      _id: pendingId(code),
      ...(existing?._rev ? { _rev: existing._rev } : {}),
      type: 'pending-claim',
      code,
      userId: user.userId,
      at: at.toISOString(),
      expiresAt: new Date(at.getTime() + PENDING_CLAIM_DAYS * DAY_MS).toISOString(),
      role: user.role,
      displayName: user.displayName,
      ...(from.device ? { device: from.device } : {}),
      ...(from.deviceAt ? { deviceAt: from.deviceAt } : {}),
    };
    try {
      await this.store.meta.insert(claim as unknown as Record<string, unknown>);
    } catch (error) {
      // Another server process recorded a claim for this code first.
      if (isStatus(error, 409)) {
        throw new ApiError(409, 'claim-pending-elsewhere', 'Kode klaim ini baru saja diklaim oleh akun lain.', 'Another account has just claimed this code.');
      }
      throw error;
    }
    await recordAudit(this.store, [{ actor: user.userId, action: 'application.claim-pending', details: { expiresAt: claim.expiresAt } }]);
    return { status: 'pending', code, expiresAt: claim.expiresAt };
  }

  private async pendingCount(userId: string): Promise<number> {
    const now = Date.now();
    return (await this.pendingClaims()).filter((claim) => claim.userId === userId && !expired(claim, now)).length;
  }

  private async pendingClaims(): Promise<StoredPendingClaim[]> {
    const list = await this.store.meta.list({ startkey: PENDING_PREFIX, endkey: `${PENDING_PREFIX}\ufff0`, include_docs: true });
    return list.rows.flatMap((row) => (row.doc ? [row.doc as unknown as StoredPendingClaim] : []));
  }

  /**
   * Under the write lock, before a push writes `writes`: every submitted application in it with a
   * claim code someone waits for gets that account as its applicant (and no `writerDevice`, so the
   * booth pulls the change too). Returns what to do once the writes are stored: remove the waiting
   * claims of those written and audit the claims. A write that lost its race keeps its claim waiting.
   */
  async assignWaiting(writes: StoredApplication[]): Promise<(written: StoredApplication[]) => Promise<void>> {
    const candidates = writes.filter((doc) => !doc.deleted && doc.claimCode && !doc.applicantId
      && (doc.status === 'submitted' || doc.status === 'returned'));
    if (candidates.length === 0) return async () => undefined;
    const found = await this.store.meta.fetch({ keys: candidates.map((doc) => pendingId(doc.claimCode ?? '')) });
    const waiting = new Map<string, StoredPendingClaim>();
    const now = Date.now();
    for (const row of found.rows) {
      const claim = 'doc' in row ? (row.doc as unknown as StoredPendingClaim | null | undefined) : undefined;
      if (claim?.type === 'pending-claim' && !expired(claim, now)) waiting.set(claim.code, claim);
    }
    const assigned = new Map<string, StoredPendingClaim>();
    for (const doc of candidates) {
      const claim = waiting.get(doc.claimCode ?? '');
      if (!claim) continue;
      doc.applicantId = claim.userId;
      delete doc.writerDevice;
      assigned.set(doc._id, claim);
      // One code, one application: codeClashes already refuses a second submission with it.
      waiting.delete(claim.code);
    }
    return async (written) => {
      const done = written.filter((doc) => assigned.has(doc._id));
      if (done.length === 0) return;
      const claims = done.map((doc) => assigned.get(doc._id) as StoredPendingClaim);
      // One record per application and claimant, whoever completes it (two processes, a retry).
      // The claimant's device and time are those of the claim request, kept with the waiting claim.
      await recordClaims(this.store, done.map((doc, index): ClaimEvent => {
        const claim = claims[index] as StoredPendingClaim;
        return { applicationId: doc._id, claimant: claimantOf(claim), device: claim.device, deviceAt: claim.deviceAt };
      }));
      await this.store.meta.bulk({ docs: claims.map((claim) => ({ _id: claim._id, _rev: claim._rev, _deleted: true })) });
      const events: AuditInput[] = done.map((doc, index) => ({
        actor: claims[index]?.userId ?? 'system', action: 'application.claim', target: doc._id, details: { waitedSince: claims[index]?.at ?? null },
      }));
      await recordAudit(this.store, events);
      try {
        await this.writes.afterClaimed(done.map((doc) => doc._id));
      } catch (error) {
        // The push's writes are stored: failing it now would only make the device send them again.
        log.error({ event: 'claim-reach-failed', err: error }, 'the office actions of a claimed application could not follow its reach');
      }
    };
  }

  /** Removes waiting claims past their 30 days (at start); returns how many. */
  async expireOld(): Promise<number> {
    const now = Date.now();
    const old = (await this.pendingClaims()).filter((claim) => expired(claim, now));
    if (old.length === 0) return 0;
    await this.store.meta.bulk({ docs: old.map((claim) => ({ _id: claim._id, _rev: claim._rev, _deleted: true })) });
    await recordAudit(this.store, [{ actor: 'system', action: 'application.claim-expired', details: { count: old.length } }]);
    return old.length;
  }
}
