/**
 * Everything one signed-in account works with on this device: its local database, its
 * replication, and the operations the UI may perform. Components receive a Workspace and call
 * these methods; they never touch RxDB or the network themselves.
 */
import { map, type Observable } from 'rxjs';
import type { AnswerValue, ApplicationDoc, DocumentRef } from '../../common/application-schema.js';
import type { PermitCatalog, PermitType } from '../../common/catalog.js';
import { catalogAt, loadCatalog } from './catalog.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { openUserDatabase, type ApplicationCollection, type UserDatabase } from './database.js';
import { DocumentStore } from './documents.js';
import { PendingChanges } from './pending-changes.js';
import { ApplicationReplication, type SyncStatus } from './replication.js';

export class Workspace {
  private constructor(
    readonly user: UserProfile,
    private readonly local: UserDatabase,
    private readonly pending: PendingChanges,
    private readonly replication: ApplicationReplication | undefined,
    /** Requirement documents (photos, scans) of the account's applications. */
    readonly documents: DocumentStore,
  ) {}

  /** Opens the account's database and, unless told not to (tests of the local layer), starts syncing. */
  static async open(user: UserProfile, options: { sync: boolean } = { sync: true }): Promise<Workspace> {
    // Ask the browser not to evict this origin's data under storage pressure: drafts may exist
    // nowhere else yet. The browser may say no; the app works either way.
    void navigator.storage?.persist?.().catch(() => false);
    const local = await openUserDatabase(user.userId);
    const pending = new PendingChanges(user.userId);
    await pending.load();
    const replication = options.sync
      ? new ApplicationReplication(local.applications, user.userId, await local.database.storageToken, pending)
      : undefined;
    let workspace: Workspace | undefined = undefined;
    const documents = await DocumentStore.open(local.database, user,
      (applicationId, requirementId, ref) => workspace!.setDocumentRef(applicationId, requirementId, ref), { upload: options.sync });
    workspace = new Workspace(user, local, pending, replication, documents);
    return workspace;
  }

  get syncStatus$(): Observable<SyncStatus> | undefined {
    return this.replication?.status$;
  }

  private get applications(): ApplicationCollection {
    return this.local.applications;
  }

  /** The account's drafts, most recently changed first, updated live. */
  drafts$(): Observable<ApplicationDoc[]> {
    return this.applications
      .find({ selector: {}, sort: [{ updatedAt: 'desc' }] })
      .$.pipe(map((docs) => docs.map((doc) => doc.toJSON() as ApplicationDoc)));
  }

  draft$(id: string): Observable<ApplicationDoc | null> {
    return this.applications.findOne(id).$.pipe(map((doc) => (doc ? (doc.toJSON() as ApplicationDoc) : null)));
  }

  async createDraft(permitType: PermitType, catalogVersion: number): Promise<string> {
    const now = Date.now();
    const id = crypto.randomUUID();
    await this.applications.insert({
      id,
      ownerId: this.user.userId,
      permitTypeId: permitType.id,
      catalogVersion,
      status: 'draft',
      answers: {},
      createdAt: new Date(now).toISOString(),
      updatedAt: now,
    });
    await this.pending.markChanged(id, now);
    return id;
  }

  /** Saves one answer as it is typed. The write reaches IndexedDB before the promise resolves. */
  async saveAnswer(id: string, fieldId: string, value: AnswerValue): Promise<void> {
    const doc = await this.applications.findOne(id).exec();
    if (!doc) throw new Error(`draft ${id} is not on this device`);
    let updatedAt = 0;
    await doc.incrementalModify((data) => {
      // Strictly increasing even if the device clock steps back, so the latest edit is always latest.
      updatedAt = Math.max(Date.now(), data.updatedAt + 1);
      return { ...data, answers: { ...data.answers, [fieldId]: value }, updatedAt };
    });
    await this.pending.markChanged(id, updatedAt);
  }

  /** Records which file answers a requirement (or, with `undefined`, that none does any more). */
  async setDocumentRef(applicationId: string, requirementId: string, ref: DocumentRef | undefined): Promise<void> {
    await this.modify(applicationId, (data) => {
      const documents = { ...data.documents };
      if (ref) documents[requirementId] = ref;
      else delete documents[requirementId];
      return { ...data, documents };
    });
  }

  /**
   * Changes one application on the device and queues it for sending. `updatedAt` rises strictly
   * even if the device clock steps back, so the latest edit is always latest.
   */
  private async modify(id: string, change: (data: ApplicationDoc) => ApplicationDoc): Promise<ApplicationDoc> {
    const doc = await this.applications.findOne(id).exec();
    if (!doc) throw new Error(`application ${id} is not on this device`);
    let result: ApplicationDoc | undefined;
    await doc.incrementalModify((data) => {
      const updatedAt = Math.max(Date.now(), data.updatedAt + 1);
      result = { ...change(data as ApplicationDoc), updatedAt };
      return result;
    });
    await this.pending.markChanged(id, result!.updatedAt);
    return result!;
  }

  /** The newest permit catalog: from the server when reachable, else the one kept on the device. */
  loadCatalog(): Promise<PermitCatalog> {
    return loadCatalog(this.local.catalogs);
  }

  /** The catalog version a draft was started under, so its form shows exactly those fields. */
  catalogAt(version: number): Promise<PermitCatalog | undefined> {
    return catalogAt(this.local.catalogs, version);
  }

  /** A new draft with the same permit type and answers, for a similar application. */
  async duplicateDraft(id: string): Promise<string> {
    const source = await this.applications.findOne(id).exec();
    if (!source) throw new Error(`draft ${id} is not on this device`);
    const data = source.toJSON() as ApplicationDoc;
    const now = Date.now();
    const copy: ApplicationDoc = { ...data, id: crypto.randomUUID(), answers: { ...data.answers }, createdAt: new Date(now).toISOString(), updatedAt: now };
    await this.applications.insert(copy);
    await this.pending.markChanged(copy.id, now);
    return copy.id;
  }

  /**
   * Deletes a draft on every device of the account. Returns what it held, so the deletion can be
   * undone with `restoreDraft`.
   */
  async deleteDraft(id: string): Promise<ApplicationDoc> {
    const doc = await this.applications.findOne(id).exec();
    if (!doc) throw new Error(`draft ${id} is not on this device`);
    const data = doc.toJSON() as ApplicationDoc;
    await doc.remove();
    await this.pending.markChanged(id, Math.max(Date.now(), data.updatedAt + 1));
    return data;
  }

  /** Undoes `deleteDraft`: the same draft, with every answer, comes back on every device. */
  async restoreDraft(data: ApplicationDoc): Promise<void> {
    const updatedAt = Math.max(Date.now(), data.updatedAt + 2);
    await this.applications.upsert({ ...data, answers: { ...data.answers }, updatedAt });
    await this.pending.markChanged(data.id, updatedAt);
  }

  awaitInSync(): Promise<unknown> {
    return this.replication?.awaitInSync() ?? Promise.resolve(true);
  }

  pendingCount(): number {
    return this.pending.count$.value;
  }

  async close(): Promise<void> {
    await this.documents.close();
    await this.replication?.stop();
    this.pending.close();
    await this.local.database.close();
  }
}
