/**
 * Pull and push of application documents for one signed-in account, and the server's own actions
 * on them (registration numbers, claims by citizens, returns for correction). This is where the
 * server decides: every document is checked for access, shape, catalog and workflow rules before
 * anything is written, and a batch with one bad document changes nothing at all.
 */
import {
  DOCUMENT_ID_PATTERN, OPTIONAL_FIELDS, SERVER_OWNED_FIELDS, type ApplicationDoc, type ApplicationWireDoc, type ReturnReason,
} from '../../common/application-schema.js';
import { applicationReaders, readerKeysOf } from '../../common/access/readers.js';
import { draftProblems, serverClock } from '../../common/answer-validation.js';
import type { PermitType } from '../../common/catalog.js';
import { sameApplicationState, sameValue } from '../../common/merge.js';
import type { ApiProblem, ClaimResponse, PullResponse, PushRequest, PushResponse, UserProfile } from '../../common/sync-protocol.js';
import { deviceMayChangeStatus, documentRefProblems, filedByBooth, isEditable, submissionProblems } from '../../common/workflow.js';
import { intakeChanges } from '../../common/workflow/transitions.js';
import { recordAudit, type AuditInput } from '../audit.js';
import { log } from '../log.js';
import type { CatalogService } from '../catalog-service.js';
import { ApiError, invalidInput } from '../http-errors.js';
import {
  CLAIM_CODE_INDEX, getIfExists, PROVISIONAL_NUMBER_INDEX, REACH_VIEW, REGISTRATION_NUMBER_INDEX,
  SEQ_INDEX, type Store, type StoredApplication, type StoredRegistration,
} from '../store.js';
import type { StoredFileSummary } from '../uploads/upload-service.js';
import { capProblems, pushRequestProblems } from '../validation.js';
import { pullCollection, type PullRules } from './collection-sync.js';
import { Claims } from './claims.js';
import { RegistrationNumbers } from './registration-numbers.js';
import { reachAfter } from './reach.js';
import { InProcessWriteSequencer, type WriteSequencer } from './write-sequencer.js';

/**
 * What office actions call to change an application (ApplicationSync.officeWrites): everything
 * under `underWriteLock`, so the change is ordered with every other write.
 */
export interface OfficeWrites {
  underWriteLock<T>(work: () => Promise<T>): Promise<T>;
  /** The stored application (undefined for an unknown or malformed id). Read it inside the lock. */
  readApplication(id: string): Promise<StoredApplication | undefined>;
  /** Writes a server change: a new serverSeq, readers recomputed, no writerDevice (every device pulls it). */
  writeApplicationChange(doc: StoredApplication, change: Partial<StoredApplication>): Promise<StoredApplication>;
  /** A sequence for another document written in the same turn (the action itself). Only inside underWriteLock. */
  nextSeq(): number;
}

/** The fields of the document a device may change (everything but what only the server sets). */
const DEVICE_CONTENT_FIELDS = ['permitTypeId', 'catalogVersion', 'answers', ...OPTIONAL_FIELDS.filter(
  (field) => !(SERVER_OWNED_FIELDS as readonly string[]).includes(field) && field !== 'submittedAt' && field !== 'provisionalNumber',
)] as const;

const OFFICE_ROLES: readonly UserProfile['role'][] = ['front-office', 'admin'];

const DOCUMENT_ID = new RegExp(DOCUMENT_ID_PATTERN);

/** `waiting:<application id>` in ptsp_registrations: submitted, not yet numbered (see start()). */
const WAITING_PREFIX = 'waiting:';

export function toWire(stored: StoredApplication): ApplicationWireDoc {
  const wire: ApplicationWireDoc = {
    id: stored.id,
    ownerId: stored.ownerId,
    permitTypeId: stored.permitTypeId,
    catalogVersion: stored.catalogVersion,
    status: stored.status,
    answers: stored.answers,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    _deleted: stored.deleted,
  };
  const record = wire as unknown as Record<string, unknown>;
  for (const field of OPTIONAL_FIELDS) if (stored[field] !== undefined) record[field] = stored[field];
  return wire;
}

/** An application that left an account's reach: its required fields, no content (no answers, citizen or documents). */
export function applicationTombstone(stored: StoredApplication): ApplicationWireDoc {
  const tombstone = {
    id: stored.id, ownerId: stored.ownerId, permitTypeId: stored.permitTypeId, catalogVersion: stored.catalogVersion,
    status: stored.status, answers: {}, createdAt: stored.createdAt, updatedAt: stored.updatedAt, _deleted: true, _gone: true,
  };
  return tombstone as ApplicationWireDoc;
}

/** The stored form of a device's document, with the server-owned fields taken from `existing`. */
function toStored(next: ApplicationWireDoc, existing: StoredApplication | undefined): StoredApplication {
  const stored: StoredApplication = {
    _id: next.id,
    ...(existing?._rev ? { _rev: existing._rev } : {}),
    type: 'application',
    id: next.id,
    ownerId: next.ownerId,
    permitTypeId: next.permitTypeId,
    catalogVersion: next.catalogVersion,
    status: next.status,
    answers: next.answers,
    createdAt: next.createdAt,
    updatedAt: next.updatedAt,
    deleted: next._deleted,
    serverSeq: 0,
    serverUpdatedAt: '',
    // Set from the final state just before it is stored (withReach).
    readers: [],
    formerReaders: [],
  };
  const record = stored as unknown as Record<string, unknown>;
  for (const field of OPTIONAL_FIELDS) {
    const source = (SERVER_OWNED_FIELDS as readonly string[]).includes(field) ? existing : next;
    if (source?.[field] !== undefined) record[field] = source[field];
  }
  return stored;
}

/** Sets who may read the application in its state about to be stored (sync/reach.ts). */
function withReach(doc: StoredApplication, previous: Partial<StoredApplication> | undefined): void {
  Object.assign(doc, reachAfter(applicationReaders(doc), previous));
}

const problemAt = (index: number, field: string, id: string, en: string): ApiProblem => ({
  path: `/rows/${index}/newDocumentState/${field}`, message: { id, en },
});

export class ApplicationSync {
  /**
   * The order of all writes (sync/write-sequencer.ts): one at a time, sequences in commit order,
   * and the floor that keeps a pull from handing out a checkpoint past a write still being stored.
   * Registration numbers are taken under the same lock, which keeps them gap-free.
   */
  readonly sequencer: WriteSequencer;
  private readonly numbers: RegistrationNumbers;
  private files: { storedFiles(fileIds: string[]): Promise<Map<string, StoredFileSummary>> } | undefined;
  /** Claims by citizens, immediate or waiting for the booth's filing; they write under the same lock. */
  readonly claims: Claims;

  constructor(
    private readonly store: Store,
    private readonly catalogs: CatalogService,
    options: { timeZone?: string; sequencer?: WriteSequencer } = {},
  ) {
    this.sequencer = options.sequencer ?? new InProcessWriteSequencer();
    this.numbers = new RegistrationNumbers(store, options.timeZone ?? 'Asia/Jakarta');
    this.claims = new Claims(store, {
      underWriteLock: (work) => this.locked(work),
      writeServerChange: (doc, change) => this.writeServerChange(doc, change),
      toWire,
    });
  }

  /** Runs a write under the write lock (the sequencer's one write in flight). */
  private locked<T>(work: () => Promise<T>): Promise<T> {
    return this.sequencer.run(work);
  }

  /** Resolves once the write now running (if any) has finished: see WriteSequencer.settled. */
  writesSettled(): Promise<void> {
    return this.sequencer.settled();
  }

  /**
   * What the office's actions (sync-server/office/office-actions.ts) need to change an application:
   * the same write lock and sequence as every device push, so their changes are ordered with them.
   */
  officeWrites(): OfficeWrites {
    return {
      underWriteLock: (work) => this.locked(work),
      readApplication: (id) => this.stored(id),
      writeApplicationChange: (doc, change) => this.writeServerChange(doc, change),
      nextSeq: () => this.sequencer.next(),
    };
  }

  /** The uploads whose completeness decides when a submitted application gets its registration number. */
  useFiles(files: { storedFiles(fileIds: string[]): Promise<Map<string, StoredFileSummary>> }): void {
    this.files = files;
  }

  /** Reads the highest stored sequence, so that new writes always sort after every checkpoint already given out. */
  async start(): Promise<void> {
    const result = await this.store.applications.find({
      selector: { serverSeq: { $gt: 0 } },
      sort: [{ serverSeq: 'desc' }],
      limit: 1,
      fields: ['serverSeq'],
      use_index: [SEQ_INDEX.ddoc, SEQ_INDEX.name],
    });
    const highest = (result.docs[0] as { serverSeq?: unknown } | undefined)?.serverSeq;
    await this.sequencer.start(typeof highest === 'number' ? highest : 0);
    await this.backfillReaders();
    // Submitted applications still waiting for their number (a crash, or a store that failed
    // too long, between their last file and their number): try them again now.
    void this.claims.expireOld().catch((error: unknown) => log.warn({ event: 'claim-expiry-failed', reason: (error as Error).message }, 'expiring waiting claims failed'));
    const waiting = await this.store.registrations.list({ startkey: WAITING_PREFIX, endkey: `${WAITING_PREFIX}\ufff0` });
    for (const row of waiting.rows) {
      void this.registerIfReady(row.id.slice(WAITING_PREFIX.length)).catch((error: unknown) => log.error({ event: 'registration-failed', err: error }, 'registration of a waiting application failed'));
    }
  }

  /**
   * Applications stored before documents carried their readers get them, once, before this server
   * answers a pull (start() is awaited before it listens): a pull walks the reach view, which
   * lists such a document only under the key ''. Their sequence stays: a device's old checkpoint
   * (its own documents) still covers them, and a key that now reads them starts from the beginning.
   * Several processes may do it at once; a conflict means another wrote the document first.
   */
  private async backfillReaders(): Promise<void> {
    for (;;) {
      const page = await this.store.applications.view(REACH_VIEW.ddoc, REACH_VIEW.name, {
        startkey: ['', 0], endkey: ['', Number.MAX_SAFE_INTEGER], limit: 500, include_docs: true,
      });
      const docs = page.rows.flatMap((row) => (row.doc?.type === 'application' ? [row.doc] : []));
      if (docs.length === 0) return;
      for (const doc of docs) withReach(doc, undefined);
      const results = await this.store.applications.bulk({ docs });
      if (results.every((result) => result.error)) return;
      log.info({ event: 'readers-backfilled', documents: results.filter((result) => !result.error).length }, 'stored applications got their readers');
    }
  }

  /** The application if `user` may read and change it: its owner, or the citizen who claimed it. */
  async accessibleApplication(user: UserProfile, applicationId: string): Promise<StoredApplication | undefined> {
    const doc = await this.stored(applicationId);
    if (!doc || doc.deleted) return undefined;
    return doc.ownerId === user.userId || doc.applicantId === user.userId ? doc : undefined;
  }

  private async stored(applicationId: string): Promise<StoredApplication | undefined> {
    // Only well-formed ids reach the store: nano leaves `_design/...` unescaped, which would address other paths.
    if (!DOCUMENT_ID.test(applicationId)) return undefined;
    const doc = await getIfExists(this.store.applications, applicationId);
    return doc?.type === 'application' ? doc : undefined;
  }

  /**
   * The documents the account may read now, written after the checkpoint, oldest first; those
   * that left its reach as tombstones (sync/collection-sync.ts). Documents that `device` itself
   * wrote are left out: the device already has them, and sending a booth's 1,000 drafts straight
   * back after it pushed them would double its traffic on a 3G link.
   */
  async pull(user: UserProfile, checkpointText: unknown, limitText: unknown, device?: string): Promise<PullResponse> {
    return pullCollection(this.pullRules, this.sequencer, { keys: readerKeysOf(user), userKey: `user:${user.userId}` }, checkpointText, limitText, device);
  }

  private readonly pullRules: PullRules<StoredApplication, ApplicationWireDoc> = {
    db: this.store.applications,
    type: 'application',
    toWire,
    tombstone: applicationTombstone,
  };

  async push(user: UserProfile, body: unknown, device?: string): Promise<PushResponse> {
    const structural = pushRequestProblems(body);
    if (structural.length > 0) throw invalidInput(structural);
    const { rows } = body as PushRequest;

    const problems: ApiProblem[] = [];
    const seen = new Set<string>();
    // One store read per distinct catalog version, however many rows name it.
    const catalogsByVersion = new Map(
      [...new Set(rows.map((row) => row.newDocumentState.catalogVersion))].map((version) => [version, this.catalogs.version(version)]),
    );
    for (const [index, row] of rows.entries()) {
      const doc = row.newDocumentState;
      if (row.assumedMasterState && (row.assumedMasterState.ownerId !== doc.ownerId || row.assumedMasterState.id !== doc.id)) {
        // The owner never changes; a row claiming otherwise is forged.
        throw new ApiError(403, 'not-owner', 'Pemilik permohonan tidak dapat diganti; tidak ada yang diubah.',
          'The owner of an application cannot change; nothing was changed.', [problemAt(index, 'ownerId', 'pemilik berbeda', 'a different owner')]);
      }
      if (seen.has(doc.id)) problems.push(problemAt(index, 'id', 'dokumen yang sama dikirim dua kali', 'the same document is sent twice'));
      seen.add(doc.id);
      const permitType = (await catalogsByVersion.get(doc.catalogVersion))?.permitTypes.find((type) => type.id === doc.permitTypeId);
      if (!permitType) {
        problems.push(problemAt(index, 'permitTypeId', `jenis izin "${doc.permitTypeId}" tidak ada di katalog versi ${doc.catalogVersion}`,
          `permit type "${doc.permitTypeId}" is not in catalog version ${doc.catalogVersion}`));
        continue;
      }
      for (const found of draftProblems(permitType, doc.answers)) {
        problems.push({ path: `/rows/${index}/newDocumentState/answers/${found.fieldId}${found.part ? `/${found.part}` : ''}`, message: found.message });
      }
      for (const found of documentRefProblems(permitType, doc.documents)) {
        problems.push({ path: `/rows/${index}/newDocumentState/${found.path}`, message: found.message });
      }
    }
    if (problems.length > 0) throw invalidInput(capProblems(problems));

    const { response, unnumbered } = await this.locked(() => this.write(user, rows, device, catalogsByVersion));
    // A device sending again what the server has, submitted but without a number: a chance to give it.
    for (const id of unnumbered) await this.registerIfReady(id);
    return response;
  }

  private async write(user: UserProfile, rows: PushRequest['rows'], device: string | undefined,
    catalogsByVersion: Map<number, Promise<{ permitTypes: PermitType[] } | undefined>>): Promise<{ response: PushResponse; unnumbered: string[] }> {
    const unnumbered: string[] = [];
    const current = await this.store.applications.fetch({ keys: rows.map((row) => row.newDocumentState.id) });
    const existingById = new Map<string, StoredApplication>();
    for (const row of current.rows) {
      if ('doc' in row && row.doc) existingById.set(row.id, row.doc as StoredApplication);
    }
    const conflicts: ApplicationWireDoc[] = [];
    const writes: StoredApplication[] = [];
    const problems: ApiProblem[] = [];
    for (const [index, row] of rows.entries()) {
      const next = row.newDocumentState;
      const existing = existingById.get(next.id);
      const mayWrite = existing
        ? existing.type === 'application' && (existing.ownerId === user.userId || existing.applicantId === user.userId)
        : next.ownerId === user.userId;
      if (!mayWrite) {
        // Another account's document (or an id in use): never reveal or touch it.
        throw new ApiError(403, 'not-owner', 'Anda tidak berhak menyimpan dokumen ini; tidak ada yang diubah.',
          'You may not write this document; nothing was changed.',
          [problemAt(index, existing ? 'id' : 'ownerId', 'dokumen milik akun lain', 'the document belongs to another account')]);
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
        ...this.workflowProblems(index, user, next, existing, await this.permitTypeOf(catalogsByVersion, next)),
        ...(next.status === 'submitted' && existing?.status !== 'submitted' ? await this.codeClashes(index, next) : []),
      ];
      if (found.length > 0) {
        problems.push(...found);
        continue;
      }
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
      writes.push(stored);
    }
    if (problems.length > 0) {
      throw new ApiError(422, 'workflow-refused', 'Perubahan ini tidak diizinkan pada tahap permohonan sekarang; tidak ada yang diubah.',
        'This change is not allowed at the application\'s current stage; nothing was changed.', capProblems(problems));
    }
    if (writes.length === 0) return { response: { conflicts }, unnumbered };

    await this.giveNumbers(writes, catalogsByVersion);
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
        if (doc && (doc.ownerId === user.userId || doc.applicantId === user.userId)) conflicts.push(toWire(doc));
      }
    }
    const lost = new Set(lostRace);
    const written = writes.filter((doc) => !lost.has(doc._id));
    await this.markWaiting(written.filter((doc) => doc.status === 'submitted' && !doc.registrationNumber && !doc.deleted).map((doc) => doc._id));
    await recordAudit(this.store, this.pushEvents(user, written, existingById, device));
    await finishClaims(written);
    return { response: { conflicts }, unnumbered };
  }

  /** Remembers applications that wait for their number, so a restart finds them (start()). */
  private async markWaiting(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    // An existing marker answers 409 in its row: it already says what this one would.
    await this.store.registrations.bulk({ docs: ids.map((id) => ({ _id: `${WAITING_PREFIX}${id}` }) as unknown as StoredRegistration) });
  }

  private async clearWaiting(id: string): Promise<void> {
    const marker = await getIfExists(this.store.registrations, `${WAITING_PREFIX}${id}`);
    if (marker) await this.store.registrations.destroy(marker._id, marker._rev).catch(() => undefined);
  }

  private async permitTypeOf(catalogsByVersion: Map<number, Promise<{ permitTypes: PermitType[] } | undefined>>,
    doc: ApplicationDoc): Promise<PermitType | undefined> {
    return (await catalogsByVersion.get(doc.catalogVersion))?.permitTypes.find((type) => type.id === doc.permitTypeId);
  }

  /** What common/workflow.ts forbids in this change, as problems of row `index`. */
  private workflowProblems(index: number, user: UserProfile, next: ApplicationWireDoc, existing: StoredApplication | undefined,
    permitType: PermitType | undefined): ApiProblem[] {
    const previous = existing && !existing.deleted ? existing.status : undefined;
    if (existing && next.ownerId !== existing.ownerId) {
      return [problemAt(index, 'ownerId', 'pemilik permohonan tidak dapat diganti', 'the owner of an application cannot change')];
    }
    // A number, a catalog's fields and the files' requirements all belong to the type it was started as.
    if (existing && (next.permitTypeId !== existing.permitTypeId || next.catalogVersion !== existing.catalogVersion)) {
      return [problemAt(index, next.permitTypeId !== existing.permitTypeId ? 'permitTypeId' : 'catalogVersion',
        'jenis izin dan versi katalog permohonan tidak dapat diganti; buat permohonan baru',
        'the permit type and catalog version of an application cannot change; start a new application')];
    }
    if (next._deleted) {
      return previous === undefined || previous === 'draft' ? []
        : [problemAt(index, '_deleted', 'permohonan yang sudah dikirim tidak dapat dihapus', 'a submitted application cannot be deleted')];
    }
    if (!deviceMayChangeStatus(previous, next.status)) {
      return [problemAt(index, 'status', `status tidak dapat diubah dari "${previous ?? 'baru'}" ke "${next.status}" oleh perangkat`,
        `the status cannot change from "${previous ?? 'new'}" to "${next.status}" on a device`)];
    }
    if (existing && previous && !isEditable(previous)) {
      const changed = DEVICE_CONTENT_FIELDS.filter((field) => !sameValue(existing[field], next[field]));
      if (changed.length > 0 || existing.provisionalNumber !== next.provisionalNumber) {
        return [problemAt(index, changed[0] ?? 'provisionalNumber', 'permohonan yang sudah dikirim terkunci sampai dikembalikan untuk perbaikan',
          'a submitted application is locked until it is returned for correction')];
      }
    }
    const submitting = next.status === 'submitted' && previous !== 'submitted';
    if (!submitting || !permitType) return [];
    return submissionProblems(permitType, next, filedByBooth(existing ?? next, user), serverClock()).map((found) => ({
      path: `/rows/${index}/newDocumentState/${found.path}`, message: found.message,
    }));
  }

  /**
   * Receipt numbers and claim codes are made on devices (offline), so the server makes sure no
   * other application already carries the same one before it accepts a submission: a receipt must
   * find one application, a claim code claim one.
   */
  private async codeClashes(index: number, next: ApplicationWireDoc): Promise<ApiProblem[]> {
    const problems: ApiProblem[] = [];
    const checks = [
      ['provisionalNumber', PROVISIONAL_NUMBER_INDEX, next.provisionalNumber],
      ['claimCode', CLAIM_CODE_INDEX, next.claimCode],
    ] as const;
    for (const [field, index_, value] of checks) {
      if (!value) continue;
      const found = await this.store.applications.find({
        selector: { [field]: value, status: { $in: ['submitted', 'returned'] }, deleted: false },
        limit: 50,
        use_index: [index_.ddoc, index_.name],
      });
      if ((found.docs as StoredApplication[]).some((doc) => doc._id !== next.id)) {
        problems.push(problemAt(index, field, 'nomor ini sudah dipakai permohonan lain; kirim ulang untuk mendapat nomor baru',
          'this number is already used by another application; submit again to get a new one'));
      }
    }
    return problems;
  }

  /** Numbers every submitted application in `writes` whose documents are all stored (under the write lock). */
  private async giveNumbers(writes: StoredApplication[],
    catalogsByVersion: Map<number, Promise<{ permitTypes: PermitType[] } | undefined>>): Promise<void> {
    const waiting = writes.filter((doc) => doc.status === 'submitted' && !doc.registrationNumber && !doc.deleted);
    if (waiting.length === 0) return;
    const stored = await this.storedFiles(waiting);
    for (const doc of waiting) {
      if (!this.documentsStored(doc, stored)) continue;
      const permitType = await this.permitTypeOf(catalogsByVersion, doc);
      if (!permitType) continue;
      Object.assign(doc, await this.numbers.numberFor(doc.id, doc.permitTypeId, permitType.code));
      // The device does not know the number yet: it must pull this state.
      delete doc.writerDevice;
    }
  }

  private async storedFiles(docs: StoredApplication[]): Promise<Map<string, StoredFileSummary>> {
    const ids = docs.flatMap((doc) => Object.values(doc.documents ?? {}).map((ref) => ref.fileId));
    if (ids.length === 0 || !this.files) return new Map();
    return this.files.storedFiles(ids);
  }

  /** Every document the application names is in the store, byte for byte what the device declared. */
  private documentsStored(doc: StoredApplication, stored: Map<string, StoredFileSummary>): boolean {
    return Object.entries(doc.documents ?? {}).every(([requirementId, ref]) => {
      const file = stored.get(ref.fileId);
      return file !== undefined && file.sha256 === ref.sha256 && file.size === ref.size && file.applicationId === doc.id
        && file.requirementId === requirementId && file.mimeType === ref.mimeType;
    });
  }

  /**
   * Gives a submitted application its registration number once every document it names is stored.
   * Called when an upload completes; if the store fails meanwhile, it tries again a few times
   * (the device has nothing left to send that would trigger it again).
   */
  async registerIfReady(applicationId: string, attempt = 1): Promise<void> {
    try {
      await this.registerNow(applicationId);
    } catch (error) {
      if (attempt >= 5) throw error;
      log.warn({ event: 'registration-retry', attempt, reason: (error as Error).message }, 'registration failed; trying again');
      const timer = setTimeout(() => void this.registerIfReady(applicationId, attempt + 1).catch((final: unknown) => {
        log.error({ event: 'registration-failed', err: final }, 'registration failed for good');
      }), 5000 * attempt);
      timer.unref();
    }
  }

  private async registerNow(applicationId: string): Promise<void> {
    await this.locked(async () => {
      const doc = await this.stored(applicationId);
      if (!doc || doc.deleted || doc.status !== 'submitted' || doc.registrationNumber) return;
      const catalog = await this.catalogs.version(doc.catalogVersion);
      const permitType = catalog?.permitTypes.find((type) => type.id === doc.permitTypeId);
      if (!permitType || !this.documentsStored(doc, await this.storedFiles([doc]))) return;
      const given = await this.numbers.numberFor(doc.id, doc.permitTypeId, permitType.code);
      await this.writeServerChange(doc, given);
      await this.clearWaiting(doc.id);
      await recordAudit(this.store, [{ actor: 'system', action: 'application.register', target: doc.id, details: { registrationNumber: given.registrationNumber } }]);
    });
  }

  /** Writes a change the server made (not a device): a new sequence, and every device pulls it. */
  private async writeServerChange(doc: StoredApplication, change: Partial<StoredApplication>): Promise<StoredApplication> {
    const next: StoredApplication = { ...doc, ...change, serverSeq: this.sequencer.next(), serverUpdatedAt: new Date().toISOString() };
    delete next.writerDevice;
    withReach(next, doc);
    const result = await this.store.applications.insert(next);
    return { ...next, _rev: result.rev };
  }

  /**
   * The office returns a submitted application for correction (the next stage's screens will call
   * this; for now it is an API for front-office staff). The reasons reach the applicant's and the
   * booth's devices with the next pull.
   */
  async returnForCorrection(user: UserProfile, applicationId: string, body: unknown): Promise<ApplicationWireDoc> {
    if (!OFFICE_ROLES.includes(user.role)) {
      throw new ApiError(403, 'forbidden', 'Hanya petugas loket yang dapat mengembalikan permohonan.', 'Only front-office staff can return an application.');
    }
    const reasons = returnReasonsOf(body);
    return this.locked(async () => {
      const doc = await this.stored(applicationId);
      if (!doc || doc.deleted) throw new ApiError(404, 'application-not-found', 'Permohonan tidak ditemukan.', 'Application not found.');
      if (doc.status !== 'submitted') {
        throw new ApiError(409, 'not-submitted', 'Hanya permohonan yang sudah dikirim yang dapat dikembalikan.', 'Only a submitted application can be returned.');
      }
      // returnedAt is exactly the instant of updatedAt, so a device can tell whether the applicant
      // changed anything since (changedSinceReturn in common/workflow.ts) without clock guesswork.
      const updatedAt = Math.max(Date.now(), doc.updatedAt + 1);
      const written = await this.writeServerChange(doc, {
        status: 'returned',
        returnedAt: new Date(updatedAt).toISOString(),
        returnReasons: reasons,
        updatedAt,
      });
      await recordAudit(this.store, [{ actor: user.userId, action: 'application.return', target: doc.id, details: { reasons: reasons.length } }]);
      return toWire(written);
    });
  }

  /** A citizen claims an application a booth filed for them (sync/claims.ts). */
  claim(user: UserProfile, body: unknown): Promise<ClaimResponse> {
    return this.claims.claim(user, body);
  }

  /** Finds an application by its provisional or its registration number, for those who may see it. */
  async findByNumber(user: UserProfile, numberText: unknown): Promise<ApplicationWireDoc> {
    const number = typeof numberText === 'string' ? numberText.trim().toUpperCase() : '';
    if (number.length < 4 || number.length > 64) {
      throw new ApiError(400, 'invalid-number', 'Tulis nomor tanda terima atau nomor pendaftaran.', 'Give a receipt or registration number.');
    }
    // Only submitted applications carry a number that counts (a draft can carry any text).
    const submitted = { status: { $in: ['submitted', 'returned'] }, deleted: false };
    const [byProvisional, byRegistration] = await Promise.all([
      this.store.applications.find({ selector: { provisionalNumber: number, ...submitted }, limit: 50, use_index: [PROVISIONAL_NUMBER_INDEX.ddoc, PROVISIONAL_NUMBER_INDEX.name] }),
      this.store.applications.find({ selector: { registrationNumber: number, ...submitted }, limit: 50, use_index: [REGISTRATION_NUMBER_INDEX.ddoc, REGISTRATION_NUMBER_INDEX.name] }),
    ]);
    const visible = ([...byProvisional.docs, ...byRegistration.docs] as StoredApplication[]).find((doc) => !doc.deleted && doc.status !== 'draft'
      && (doc.ownerId === user.userId || doc.applicantId === user.userId || OFFICE_ROLES.includes(user.role)));
    // The same answer whether the number does not exist or belongs to someone else.
    if (!visible) throw new ApiError(404, 'application-not-found', `Tidak ada permohonan Anda dengan nomor ${number}.`, `None of your applications has number ${number}.`);
    return toWire(visible);
  }

  private pushEvents(user: UserProfile, written: StoredApplication[], existingById: Map<string, StoredApplication>,
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
}

function returnReasonsOf(body: unknown): ReturnReason[] {
  const reasons = (body as { reasons?: unknown } | null)?.reasons;
  const valid = Array.isArray(reasons) && reasons.length >= 1 && reasons.length <= 50 && reasons.every((reason) =>
    typeof reason === 'object' && reason !== null
    && typeof (reason as ReturnReason).text === 'string' && (reason as ReturnReason).text.trim().length >= 1 && (reason as ReturnReason).text.length <= 2000
    && ((reason as ReturnReason).fieldId === undefined || (typeof (reason as ReturnReason).fieldId === 'string' && String((reason as ReturnReason).fieldId).length <= 64))
    && Object.keys(reason).every((key) => key === 'text' || key === 'fieldId'));
  if (!valid) {
    throw new ApiError(400, 'invalid-reasons', 'Tulis 1 sampai 50 alasan pengembalian, masing-masing berupa teks (paling banyak 2000 karakter).',
      'Give 1 to 50 reasons for the return, each a text of at most 2000 characters.', [{ path: '/reasons', message: { id: 'alasan tidak valid', en: 'invalid reasons' } }]);
  }
  return (reasons as ReturnReason[]).map((reason) => ({ ...(reason.fieldId ? { fieldId: reason.fieldId } : {}), text: reason.text.trim() }));
}
