/**
 * The applications collection: what a device may push (its own applications and those it claimed,
 * checked row by row for shape, catalog and workflow) and how they are pulled (the generic reach
 * pull, collection-sync.ts).
 *
 * Refusals. A device that says it understands per-row refusals (PER_ROW_REFUSALS_HEADER; every
 * current device does) gets each bad row back in `refused` with the server's state, and the other
 * rows are handled as if they were alone. Without it (an installed app of before), the batch stays
 * all or nothing: one bad row answers 400/403/422 and nothing is written, as that app expects
 * (it retries the batch; answering it with `refused` would make it believe the row was stored).
 */
import type { ApplicationWireDoc } from '../../../common/application-schema.js';
import { isApplicantOf, mayRead, mayWriteApplication } from '../../../common/access/readers.js';
import { sameApplicationState } from '../../../common/merge.js';
import {
  MAX_BATCH_SIZE, type ApiProblem, type PullResponse, type PushRequest, type PushResponse, type RefusedRow, type UserProfile,
} from '../../../common/sync-protocol.js';
import { intakeChanges } from '../../../common/workflow/transitions.js';
import { recordAudit, type AuditInput } from '../../audit.js';
import { recordIntakeMoves } from '../../office/history.js';
import type { CatalogService } from '../../catalog-service.js';
import { ApiError, invalidInput } from '../../http-errors.js';
import type { Store, StoredApplication } from '../../store.js';
import { capProblems, pushRequestProblems } from '../../validation.js';
import type { Claims } from '../claims.js';
import { pullCollection, type PullRules } from '../collection-sync.js';
import type { Registration } from '../registration.js';
import type { WriteSequencer } from '../write-sequencer.js';
import { codeClashes, contentProblems, permitTypeOf, problemAt, workflowProblems, type CatalogsByVersion } from './application-rules.js';
import { applicationTombstone, isPulledTombstone, readersOf, toStored, toWire, withReach } from './application-wire.js';
import type { SyncCollectionHandler } from './handler.js';

/** The refusals of one push: collected per row, or (all or nothing) the error the whole batch answers with. */
class Refusals {
  readonly rows: RefusedRow[] = [];
  private readonly refused = new Set<number>();

  constructor(readonly perRow: boolean) {}

  has(index: number): boolean {
    return this.refused.has(index);
  }

  refuse(index: number, id: string, error: ApiError, state?: ApplicationWireDoc): void {
    if (!this.perRow) throw error;
    this.refused.add(index);
    this.rows.push({
      id, code: error.code, reason: { id: error.messageId, en: error.messageEn },
      ...(error.problems ? { problems: error.problems } : {}), ...(state ? { state } : {}),
    });
  }
}

const rowInvalid = (problems: ApiProblem[]): ApiError => new ApiError(400, 'invalid-input',
  'Data permohonan ini tidak valid; perubahan ini tidak disimpan.', 'The data of this application is not valid; this change was not stored.', capProblems(problems));
const rowNotOwner = (problem: ApiProblem): ApiError => new ApiError(403, 'not-owner',
  'Anda tidak berhak menyimpan dokumen ini; perubahan ini tidak disimpan.', 'You may not write this document; this change was not stored.', [problem]);
const rowWorkflow = (problems: ApiProblem[]): ApiError => new ApiError(422, 'workflow-refused',
  'Perubahan ini tidak diizinkan pada tahap permohonan sekarang; perubahan ini tidak disimpan.',
  'This change is not allowed at the application\'s current stage; it was not stored.', capProblems(problems));

/**
 * With per-row refusals only the envelope must be right (an object of 1..MAX_BATCH_SIZE rows, each
 * naming its document's id); what is wrong inside a row refuses that row.
 */
function envelopeProblems(body: unknown): ApiProblem[] {
  const rows = (body as { rows?: unknown } | null)?.rows;
  const named = Array.isArray(rows) && rows.length >= 1 && rows.length <= MAX_BATCH_SIZE
    && Object.keys(body as object).every((key) => key === 'rows')
    && rows.every((row) => typeof (row as { newDocumentState?: { id?: unknown } } | null)?.newDocumentState?.id === 'string'
      && String((row as { newDocumentState: { id: string } }).newDocumentState.id).length <= 200);
  if (named) return [];
  const problems = pushRequestProblems(body);
  return problems.length > 0 ? problems : [{ path: '/rows', message: { id: 'setiap baris harus menyebut id dokumennya', en: 'every row must name its document id' } }];
}

export class ApplicationsCollection implements SyncCollectionHandler {
  readonly name = 'applications' as const;
  private readonly pullRules: PullRules<StoredApplication, ApplicationWireDoc>;

  constructor(
    private readonly store: Store,
    private readonly catalogs: CatalogService,
    private readonly sequencer: WriteSequencer,
    private readonly registration: Registration,
    private readonly claims: Claims,
  ) {
    this.pullRules = { db: store.applications, type: 'application', toWire, tombstone: applicationTombstone };
  }

  /**
   * The applications the account may read now, written after the checkpoint, oldest first; those
   * that left its reach as tombstones. Documents that `device` itself wrote are left out: the
   * device already has them, and sending a booth's 1,000 drafts straight back after it pushed them
   * would double its traffic on a 3G link.
   */
  pull(user: UserProfile, checkpointText: unknown, limitText: unknown, device?: string): Promise<PullResponse> {
    return pullCollection(this.pullRules, this.sequencer, user, checkpointText, limitText, device);
  }

  async push(user: UserProfile, body: unknown, device?: string, options: { perRow?: boolean } = {}): Promise<PushResponse> {
    const refusals = new Refusals(options.perRow === true);
    const structural = refusals.perRow ? envelopeProblems(body) : pushRequestProblems(body);
    if (structural.length > 0) throw invalidInput(structural);
    const { rows } = body as PushRequest;

    const problems: ApiProblem[] = [];
    const seen = new Set<string>();
    const catalogsByVersion: CatalogsByVersion = new Map();
    for (const [index, row] of rows.entries()) {
      const doc = row.newDocumentState;
      if (refusals.perRow) {
        const found = pushRequestProblems({ rows: [row] }).map((problem) => ({ ...problem, path: problem.path.replace(/^\/rows\/0/, `/rows/${index}`) }));
        if (found.length > 0) {
          refusals.refuse(index, doc.id, rowInvalid(found));
          continue;
        }
      }
      if (row.assumedMasterState && (row.assumedMasterState.ownerId !== doc.ownerId || row.assumedMasterState.id !== doc.id)) {
        // The owner never changes; a row claiming otherwise is forged.
        const problem = problemAt(index, 'ownerId', 'pemilik berbeda', 'a different owner');
        refusals.refuse(index, doc.id, refusals.perRow ? rowNotOwner(problem) : new ApiError(403, 'not-owner',
          'Pemilik permohonan tidak dapat diganti; tidak ada yang diubah.', 'The owner of an application cannot change; nothing was changed.', [problem]));
        continue;
      }
      if (!catalogsByVersion.has(doc.catalogVersion)) catalogsByVersion.set(doc.catalogVersion, this.catalogs.version(doc.catalogVersion));
      const found = await contentProblems(index, doc, catalogsByVersion);
      if (seen.has(doc.id)) found.unshift(problemAt(index, 'id', 'dokumen yang sama dikirim dua kali', 'the same document is sent twice'));
      seen.add(doc.id);
      if (found.length === 0) continue;
      if (refusals.perRow) refusals.refuse(index, doc.id, rowInvalid(found));
      else problems.push(...found);
    }
    if (problems.length > 0) throw invalidInput(capProblems(problems));

    const { response, unnumbered } = await this.sequencer.run(() => this.write(user, rows, device, catalogsByVersion, refusals));
    // A device sending again what the server has, submitted but without a number: a chance to give it.
    for (const id of unnumbered) await this.registration.registerIfReady(id);
    return refusals.perRow ? { ...response, refused: refusals.rows } : response;
  }

  private async write(user: UserProfile, rows: PushRequest['rows'], device: string | undefined, catalogsByVersion: CatalogsByVersion,
    refusals: Refusals): Promise<{ response: PushResponse; unnumbered: string[] }> {
    const unnumbered: string[] = [];
    const pending = [...rows.entries()].filter(([index]) => !refusals.has(index));
    if (pending.length === 0) return { response: { conflicts: [] }, unnumbered };
    const current = await this.store.applications.fetch({ keys: pending.map(([, row]) => row.newDocumentState.id) });
    const existingById = new Map<string, StoredApplication>();
    for (const row of current.rows) {
      if ('doc' in row && row.doc) existingById.set(row.id, row.doc as StoredApplication);
    }
    const conflicts: ApplicationWireDoc[] = [];
    const writes: StoredApplication[] = [];
    const problems: ApiProblem[] = [];
    for (const [index, row] of pending) {
      const next = row.newDocumentState;
      const existing = existingById.get(next.id);
      const mayWrite = (!existing || existing.type === 'application') && mayWriteApplication(user, existing, next);
      if (!mayWrite) {
        const readable = existing?.type === 'application' && mayRead(user, readersOf(existing)) ? toWire(existing) : undefined;
        // Exactly the server's state, from an account that reads it (a device pushing back what it
        // pulled): it changes nothing, so it is not refused, which would list it on that device as
        // the person's own refused change.
        if (readable && sameApplicationState(readable, next)) continue;
        // A tombstone from an account that may not write the application: the `_gone` tombstone
        // its device pulled when the application left its reach (re-routed to another agency, the
        // account's agency or role changed), pushed back as RxDB resolves a conflict. Dropped as
        // nothing to do, whatever it says and whether the id exists or not:
        // - it cannot change anything: only the owner or the claimant may delete, and nothing here
        //   is written or audited;
        // - it must not reveal anything: by now the account may read nothing of the application, so
        //   the server's state cannot be compared or sent back (the stranger rule above), and the
        //   same answer for every such row (also for a stale tombstone, or a guessed one) says
        //   nothing about what is stored;
        // - a refusal would list it on that device as the person's own refused change, though they
        //   did nothing.
        // Unless the account reads it again (re-routed back to its agency before the device pushed):
        // then the device must get the application back, so the answer is a conflict with the
        // server's state, which the device takes (a deletion never beats the other side's state,
        // common/merge.ts) and pushes back as an exact echo.
        if (isPulledTombstone(next)) {
          if (readable) conflicts.push(readable);
          continue;
        }
        // Another account's document (or an id in use): never reveal or touch it. An office account
        // reading it gets its state back (it may read it; it changes it through actions only).
        // Everyone else hears the same refusal (code, path, text) whether the id exists or not, so
        // a guessed id tells nothing: the row names an owner the server does not accept either way.
        const problem = problemAt(index, 'ownerId', 'dokumen milik akun lain', 'the document belongs to another account');
        refusals.refuse(index, next.id, refusals.perRow ? rowNotOwner(problem) : new ApiError(403, 'not-owner',
          'Anda tidak berhak menyimpan dokumen ini; tidak ada yang diubah.', 'You may not write this document; nothing was changed.', [problem]), readable);
        continue;
      }
      if (existing) {
        const master = toWire(existing);
        if (sameApplicationState(master, next)) {
          if (master.status === 'submitted' && !master.registrationNumber && !master._deleted) unnumbered.push(master.id);
          continue;
        }
        if (!row.assumedMasterState || !sameApplicationState(master, row.assumedMasterState)) {
          conflicts.push(master);
          continue;
        }
      }
      const found = [
        ...workflowProblems(index, user, next, existing, await permitTypeOf(catalogsByVersion, next)),
        ...(next.status === 'submitted' && existing?.status !== 'submitted' ? await codeClashes(this.store, index, next) : []),
      ];
      if (found.length > 0) {
        if (refusals.perRow) refusals.refuse(index, next.id, rowWorkflow(found), existing ? toWire(existing) : undefined);
        else problems.push(...found);
        continue;
      }
      writes.push(this.storedForm(next, existing, device));
    }
    if (problems.length > 0) {
      throw new ApiError(422, 'workflow-refused', 'Perubahan ini tidak diizinkan pada tahap permohonan sekarang; tidak ada yang diubah.',
        'This change is not allowed at the application\'s current stage; nothing was changed.', capProblems(problems));
    }
    if (writes.length === 0) return { response: { conflicts }, unnumbered };

    await this.registration.giveNumbers(writes, catalogsByVersion);
    const finishClaims = await this.claims.assignWaiting(writes);
    for (const doc of writes) withReach(doc, existingById.get(doc._id));
    const results = await this.store.applications.bulk({ docs: writes });
    const lostRace: string[] = [];
    for (const result of results) {
      if (result.error === 'conflict') lostRace.push(result.id);
      else if (result.error) throw new Error(`store refused ${result.id}: ${result.error} ${result.reason ?? ''}`);
    }
    if (lostRace.length > 0) {
      // Another server process wrote first: its state is the truth the device must merge with.
      const fresh = await this.store.applications.fetch({ keys: lostRace });
      for (const row of fresh.rows) {
        const doc = 'doc' in row ? (row.doc as StoredApplication | undefined) : undefined;
        // Never hand back another account's document, even if its id collided.
        if (doc && isApplicantOf(user, doc)) conflicts.push(toWire(doc));
      }
    }
    const lost = new Set(lostRace);
    const written = writes.filter((doc) => !lost.has(doc._id));
    await this.registration.markWaiting(written);
    await recordAudit(this.store, pushEvents(user, written, existingById, device));
    // The application's history holds the applicant's moves too (submission, resubmission), once per device state.
    await recordIntakeMoves(this.store, user, written.map((doc) => ({ doc, from: existingById.get(doc._id)?.status })), device);
    await finishClaims(written);
    return { response: { conflicts }, unnumbered };
  }

  /** The stored form of an accepted row, with its sequence (under the write lock). */
  private storedForm(next: ApplicationWireDoc, existing: StoredApplication | undefined, device: string | undefined): StoredApplication {
    const stored = toStored(next, existing);
    // A submit or resubmit enters a stage (and ends a clock stop): the server's record of when. A
    // draft is no stage worth a record (and recording it would send every new draft back to its device).
    if (stored.status !== 'draft' && !stored.deleted) Object.assign(stored, intakeChanges(existing && !existing.deleted ? existing : undefined, stored.status));
    // Resubmitted after a return: the office's reasons were answered.
    if (existing?.status === 'returned' && stored.status === 'submitted') {
      delete stored.returnReasons;
      delete stored.returnedAt;
    }
    stored.serverSeq = this.sequencer.next();
    stored.serverUpdatedAt = new Date().toISOString();
    // The device keeps what it sent only if the server changed nothing of it; otherwise it must pull it back.
    if (device && sameApplicationState(toWire(stored), next)) stored.writerDevice = device;
    return stored;
  }
}

function pushEvents(user: UserProfile, written: StoredApplication[], existingById: Map<string, StoredApplication>,
  device: string | undefined): AuditInput[] {
  // One event per kind of action per request, naming every document: a booth's batch of 1,000
  // drafts is one audited action, not 1,000 extra writes.
  const kinds: Record<string, StoredApplication[]> = {};
  for (const doc of written) {
    const previous = existingById.get(doc._id)?.status;
    const action = doc.deleted ? 'application.delete'
      : doc.status === 'submitted' && previous !== 'submitted' ? (previous === 'returned' ? 'application.resubmit' : 'application.submit')
        : 'application.save';
    (kinds[action] ??= []).push(doc);
  }
  return Object.entries(kinds).map(([action, docs]) => ({
    actor: user.userId,
    action,
    targets: docs.map((doc) => doc._id),
    details: {
      device: device ?? null,
      permitTypeIds: [...new Set(docs.map((doc) => doc.permitTypeId))],
      ...(docs.some((doc) => doc.registrationNumber) ? { registrationNumbers: docs.map((doc) => doc.registrationNumber ?? null) } : {}),
    },
  }));
}
