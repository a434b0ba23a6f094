/**
 * The application side of the sync server, as the rest of the server holds it: one object that
 * puts together the applications collection (collections/applications.ts: push rules and the reach
 * pull), registration numbers (registration.ts), claims (claims.ts) and look-ups by number
 * (lookup.ts), all writing through one
 * WriteSequencer so that sequence order is commit order. Office actions (returns included) write
 * through officeWrites() (office/office-actions.ts).
 */
import { applicationReaders, isApplicantOf, mayRead } from '../../common/access/readers.js';
import { DOCUMENT_ID_PATTERN, type ApplicationWireDoc } from '../../common/application-schema.js';
import type { ClaimResponse, PullResponse, PushResponse, UserProfile } from '../../common/sync-protocol.js';
import type { CatalogService } from '../catalog-service.js';
import { log } from '../log.js';
import type nano from 'nano';
import { getIfExists, REACH_VIEW, SEQ_INDEX, type Store, type StoredApplication, type StoredSynced } from '../store.js';
import type { ApplicationWrites, OfficeWrites } from './application-writes.js';
import { Claims } from './claims.js';
import { ApplicationsCollection } from './collections/applications.js';
import { toWire, withReach } from './collections/application-wire.js';
import { findByNumber } from './lookup.js';
import { Registration, type StoredFiles } from './registration.js';
import { InProcessWriteSequencer, type WriteSequencer } from './write-sequencer.js';

const DOCUMENT_ID = new RegExp(DOCUMENT_ID_PATTERN);

export class ApplicationSync {
  /**
   * The order of all writes (write-sequencer.ts): one at a time, sequences in commit order, and
   * the floor that keeps a pull from handing out a checkpoint past a write still being stored.
   * Registration numbers are taken under the same lock, which keeps them gap-free.
   */
  readonly sequencer: WriteSequencer;
  /** Claims by citizens, immediate or waiting for the booth's filing; they write under the same lock. */
  readonly claims: Claims;
  /** The collection the generic sync routes serve as `applications`. */
  readonly collection: ApplicationsCollection;
  private readonly registration: Registration;
  private readonly writes: ApplicationWrites;

  constructor(
    private readonly store: Store,
    catalogs: CatalogService,
    options: { timeZone?: string; sequencer?: WriteSequencer } = {},
  ) {
    this.sequencer = options.sequencer ?? new InProcessWriteSequencer();
    this.writes = {
      underWriteLock: (work) => this.sequencer.run(work),
      readApplication: (id) => this.stored(id),
      writeApplicationChange: (doc, change) => this.writeServerChange(doc, change),
    };
    this.registration = new Registration(store, catalogs, this.writes, options.timeZone ?? 'Asia/Jakarta');
    this.claims = new Claims(store, {
      underWriteLock: this.writes.underWriteLock,
      writeServerChange: this.writes.writeApplicationChange,
      toWire,
      afterClaimed: (ids) => this.claimFollowers(ids),
    });
    this.collection = new ApplicationsCollection(store, catalogs, this.sequencer, this.registration, this.claims);
  }

  /** What follows a claim, under the write lock (see onClaimed). */
  private claimFollowers: (applicationIds: string[]) => Promise<void> = async () => undefined;

  /**
   * What must follow a claim, set once by the app: the office actions' reach
   * (OfficeActions.followReachOf), which the office module owns and which is made after this one.
   */
  onClaimed(follow: (applicationIds: string[]) => Promise<void>): void {
    this.claimFollowers = follow;
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
    return { ...this.writes, nextSeq: () => this.sequencer.next() };
  }

  /** The uploads whose completeness decides when a submitted application gets its registration number. */
  useFiles(files: StoredFiles): void {
    this.registration.useFiles(files);
  }

  /**
   * Reads the highest stored sequence of every synced db, so that new writes always sort after every
   * checkpoint already given out; gives stored applications their readers; resumes what waits.
   */
  async start(): Promise<void> {
    let highest = 0;
    // Both dbs answer the same query on the same index; their document types differ only in content.
    const synced = [this.store.applications, this.store.actions] as unknown as nano.DocumentScope<StoredSynced>[];
    for (const db of synced) {
      const result = await db.find({
        selector: { serverSeq: { $gt: 0 } },
        sort: [{ serverSeq: 'desc' }],
        limit: 1,
        fields: ['serverSeq'],
        use_index: [SEQ_INDEX.ddoc, SEQ_INDEX.name],
      });
      const found = (result.docs[0] as { serverSeq?: unknown } | undefined)?.serverSeq;
      if (typeof found === 'number') highest = Math.max(highest, found);
    }
    await this.sequencer.start(highest);
    await this.backfillReaders();
    void this.claims.expireOld().catch((error: unknown) => log.warn({ event: 'claim-expiry-failed', reason: (error as Error).message }, 'expiring waiting claims failed'));
    // Submitted applications still waiting for their number (a crash, or a store that failed
    // too long, between their last file and their number): try them again now.
    await this.registration.resumeWaiting();
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
    return isApplicantOf(user, doc) ? doc : undefined;
  }

  /**
   * The application if `user` may read it (common/access: the office once submitted, the routed
   * agencies while they review, and its owner and claimant): what it may download, never upload to.
   */
  async readableApplication(user: UserProfile, applicationId: string): Promise<StoredApplication | undefined> {
    const doc = await this.stored(applicationId);
    if (!doc || doc.deleted) return undefined;
    return mayRead(user, applicationReaders(doc)) ? doc : undefined;
  }

  private async stored(applicationId: string): Promise<StoredApplication | undefined> {
    // Only well-formed ids reach the store: nano leaves `_design/...` unescaped, which would address other paths.
    if (!DOCUMENT_ID.test(applicationId)) return undefined;
    const doc = await getIfExists(this.store.applications, applicationId);
    return doc?.type === 'application' ? doc : undefined;
  }

  /** Writes a change the server made (not a device): a new sequence, and every device pulls it. Under the write lock. */
  private async writeServerChange(doc: StoredApplication, change: Partial<StoredApplication>): Promise<StoredApplication> {
    const next: StoredApplication = { ...doc, ...change, serverSeq: this.sequencer.next(), serverUpdatedAt: new Date().toISOString() };
    delete next.writerDevice;
    withReach(next, doc);
    const result = await this.store.applications.insert(next);
    return { ...next, _rev: result.rev };
  }

  pull(user: UserProfile, checkpointText: unknown, limitText: unknown, device?: string): Promise<PullResponse> {
    return this.collection.pull(user, checkpointText, limitText, device);
  }

  push(user: UserProfile, body: unknown, device?: string, options: { perRow?: boolean } = {}): Promise<PushResponse> {
    return this.collection.push(user, body, device, options);
  }

  /** Gives a submitted application its registration number once every document it names is stored (registration.ts). */
  registerIfReady(applicationId: string): Promise<void> {
    return this.registration.registerIfReady(applicationId);
  }

  /** A citizen claims an application a booth filed for them (claims.ts); `device` (x-ptsp-device) goes on its history record. */
  claim(user: UserProfile, body: unknown, device?: string): Promise<ClaimResponse> {
    return this.claims.claim(user, body, device);
  }

  /** Finds an application by its provisional or its registration number, for those who may read it (lookup.ts). */
  findByNumber(user: UserProfile, numberText: unknown): Promise<ApplicationWireDoc> {
    return findByNumber(this.store, user, numberText);
  }
}
