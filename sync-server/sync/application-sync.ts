/**
 * Pull and push of application documents for one signed-in account. This is where the server
 * decides: every document is checked for ownership, shape and catalog rules before anything is
 * written, and a batch with one bad document changes nothing at all.
 */
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { draftProblems } from '../../common/answer-validation.js';
import { sameApplicationState } from '../../common/merge.js';
import type { ApiProblem, PullResponse, PushRequest, PushResponse, UserProfile } from '../../common/sync-protocol.js';
import { MAX_BATCH_SIZE } from '../../common/sync-protocol.js';
import { recordAudit, type AuditInput } from '../audit.js';
import type { CatalogService } from '../catalog-service.js';
import { ApiError, invalidInput } from '../http-errors.js';
import { isStatus, OWNER_SEQ_INDEX, SEQ_INDEX, type Store, type StoredApplication } from '../store.js';
import type { UploadService } from '../uploads/upload-service.js';
import { pushRequestProblems } from '../validation.js';
import { decodeCheckpoint, encodeCheckpoint, SequenceClock } from './checkpoint.js';
import { OwnerLock } from './owner-lock.js';

export function toWire(stored: StoredApplication): ApplicationWireDoc {
  return {
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
}

export class ApplicationSync {
  private readonly clock = new SequenceClock();
  private readonly locks = new OwnerLock();

  constructor(
    private readonly store: Store,
    private readonly catalogs: CatalogService,
  ) {}

  private files: Pick<UploadService, 'storedFiles'> | undefined;

  /** The uploads whose completeness decides when a submitted application gets its registration number. */
  useFiles(files: Pick<UploadService, 'storedFiles'>): void {
    this.files = files;
  }

  /** The application if `user` may read and change it: its owner, or the citizen who claimed it. */
  async accessibleApplication(user: UserProfile, applicationId: string): Promise<StoredApplication | undefined> {
    try {
      const doc = await this.store.applications.get(applicationId);
      if (doc.type !== 'application' || doc.deleted) return undefined;
      return doc.ownerId === user.userId || doc.applicantId === user.userId ? doc : undefined;
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  /** Gives a submitted application its registration number once every document it names is stored. */
  async registerIfReady(applicationId: string): Promise<void> {
    void applicationId;
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
    if (typeof highest === 'number') this.clock.advanceTo(highest);
  }

  /**
   * The account's documents written after the checkpoint, oldest first.
   *
   * Documents that `device` itself wrote are left out: the device already has them, and sending a
   * booth's 1,000 drafts straight back after it pushed them would double its traffic on a 3G link.
   * Two rules keep RxDB's pull loop correct around that: a page is short only when nothing is left
   * (RxDB stops at a short page), and a page is never empty when the checkpoint moved (RxDB stores
   * no checkpoint from an empty page), so one of the device's own documents is sent in that case.
   */
  async pull(user: UserProfile, checkpointText: unknown, limitText: unknown, device?: string): Promise<PullResponse> {
    const checkpoint = decodeCheckpoint(checkpointText);
    const limit = limitText === undefined ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_BATCH_SIZE) {
      throw new ApiError(400, 'invalid-limit', `Batas harus bilangan bulat 1-${MAX_BATCH_SIZE}.`, `limit must be an integer from 1 to ${MAX_BATCH_SIZE}.`);
    }
    const documents: StoredApplication[] = [];
    let after = checkpoint?.seq ?? -1;
    let lastOwnSkipped: StoredApplication | undefined;
    for (;;) {
      const wanted = limit - documents.length;
      const page = await this.pageAfter(user.userId, after, wanted);
      for (const doc of page) {
        if (device !== undefined && doc.writerDevice === device) lastOwnSkipped = doc;
        else documents.push(doc);
      }
      const last = page[page.length - 1];
      if (last) after = last.serverSeq;
      // A short page means nothing is left; a full one ends only when no document was skipped.
      if (page.length < wanted || documents.length === limit) break;
    }
    if (documents.length === 0 && lastOwnSkipped) documents.push(lastOwnSkipped);
    const moved = after !== (checkpoint?.seq ?? -1);
    return {
      documents: documents.map(toWire),
      checkpoint: moved ? encodeCheckpoint({ seq: after }) : (checkpointText as string | undefined) || null,
    };
  }

  private async pageAfter(ownerId: string, afterSeq: number, limit: number): Promise<StoredApplication[]> {
    const result = await this.store.applications.find({
      // `$gte seq + 1`, not `$gt seq`: PouchDB's _find applies `limit` before it drops the document
      // at the checkpoint, so `$gt` returns one document short (none at limit=1). Same set: seqs are integers.
      selector: { ownerId, serverSeq: { $gte: afterSeq + 1 } },
      sort: [{ ownerId: 'asc' }, { serverSeq: 'asc' }],
      limit,
      use_index: [OWNER_SEQ_INDEX.ddoc, OWNER_SEQ_INDEX.name],
    });
    return result.docs as StoredApplication[];
  }

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
      if (doc.ownerId !== user.userId || (row.assumedMasterState && row.assumedMasterState.ownerId !== user.userId)) {
        throw new ApiError(403, 'not-owner', 'Anda tidak berhak menyimpan dokumen milik akun lain; tidak ada yang diubah.',
          'You may not write documents of another account; nothing was changed.', [{
            path: `/rows/${index}/newDocumentState/ownerId`,
            message: { id: 'pemilik dokumen bukan akun ini', en: 'the document owner is not this account' },
          }]);
      }
      if (seen.has(doc.id)) {
        problems.push({ path: `/rows/${index}/newDocumentState/id`, message: { id: 'dokumen yang sama dikirim dua kali', en: 'the same document is sent twice' } });
      }
      seen.add(doc.id);
      const permitType = (await catalogsByVersion.get(doc.catalogVersion))?.permitTypes.find((type) => type.id === doc.permitTypeId);
      if (!permitType) {
        problems.push({
          path: `/rows/${index}/newDocumentState/permitTypeId`,
          message: { id: `jenis izin "${doc.permitTypeId}" tidak ada di katalog versi ${doc.catalogVersion}`, en: `permit type "${doc.permitTypeId}" is not in catalog version ${doc.catalogVersion}` },
        });
        continue;
      }
      for (const found of draftProblems(permitType, doc.answers)) {
        problems.push({ path: `/rows/${index}/newDocumentState/answers/${found.fieldId}`, message: found.message });
      }
    }
    if (problems.length > 0) throw invalidInput(problems);

    return this.locks.run(user.userId, () => this.write(user, rows, device));
  }

  private async write(user: UserProfile, rows: PushRequest['rows'], device: string | undefined): Promise<PushResponse> {
    const current = await this.store.applications.fetch({ keys: rows.map((row) => row.newDocumentState.id) });
    const existingById = new Map<string, StoredApplication>();
    for (const row of current.rows) {
      if ('doc' in row && row.doc) existingById.set(row.id, row.doc as StoredApplication);
    }
    const conflicts: ApplicationWireDoc[] = [];
    const writes: StoredApplication[] = [];
    for (const [index, row] of rows.entries()) {
      const next = row.newDocumentState;
      const existing = existingById.get(next.id);
      if (existing && existing.ownerId !== user.userId) {
        // Another account's document with the same id: never reveal or touch it.
        throw new ApiError(403, 'not-owner', 'Dokumen ini milik akun lain; tidak ada yang diubah.',
          'This document belongs to another account; nothing was changed.', [{
            path: `/rows/${index}/newDocumentState/id`, message: { id: 'id sudah dipakai', en: 'id already in use' },
          }]);
      }
      if (existing) {
        const master = toWire(existing);
        if (sameApplicationState(master, next)) continue;
        if (!row.assumedMasterState || !sameApplicationState(master, row.assumedMasterState)) {
          conflicts.push(master);
          continue;
        }
      }
      writes.push({
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
        ...(device ? { writerDevice: device } : {}),
        serverSeq: this.clock.next(),
        serverUpdatedAt: new Date().toISOString(),
      });
    }
    if (writes.length === 0) return { conflicts };

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
        if (doc && doc.ownerId === user.userId) conflicts.push(toWire(doc));
      }
    }
    const lost = new Set(lostRace);
    const written = writes.filter((doc) => !lost.has(doc._id));
    // One event per kind of action per request, naming every document: a booth's batch of 1,000
    // drafts is one audited action, not 1,000 extra writes.
    const events: AuditInput[] = [];
    for (const action of ['application.save', 'application.delete'] as const) {
      const docs = written.filter((doc) => doc.deleted === (action === 'application.delete'));
      if (docs.length === 0) continue;
      events.push({
        actor: user.userId,
        action,
        targets: docs.map((doc) => doc._id),
        details: { device: device ?? null, permitTypeIds: [...new Set(docs.map((doc) => doc.permitTypeId))] },
      });
    }
    await recordAudit(this.store, events);
    return { conflicts };
  }
}
