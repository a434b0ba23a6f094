/**
 * Everything one signed-in account works with on this device: its local database, its
 * replication, and the operations the UI may perform. Components receive a Workspace and call
 * these methods; they never touch RxDB or the network themselves.
 */
import type { MangoQuery, MangoQuerySelector, RxDocument } from 'rxdb/plugins/core';
import { asyncScheduler, combineLatest, debounceTime, distinctUntilChanged, filter, map, merge, of, throttleTime, type Observable, type Subscription } from 'rxjs';
import type {
  AnswerValue, ApplicationDoc, ApplicationKind, ApplicationStatus, CitizenIdentity, DocumentRef,
} from '../../common/application-schema.js';
import type { PermitCatalog, PermitType } from '../../common/catalog.js';
import { sameValue } from '../../common/merge.js';
import { DEVICE_HEADER, EXPECTED_USER_HEADER, type ClaimResponse, type UserProfile } from '../../common/sync-protocol.js';
import { queueQuery, type QueueKey, type QueuePageRequest } from '../../common/workflow/work-queue.js';
import { filedByBooth, isEditable, newClaimCode, newProvisionalNumber, normalizeCode, submissionProblems, type SubmissionProblem } from '../../common/workflow.js';
import { apiRequest, ApiRequestError, TooManyAttemptsError, UnreachableError } from './api.js';
import { catalogAt, loadCatalog } from './catalog.js';
import { answersFollowingCitizen, answersWithoutCitizen } from './citizen-fill.js';
import { openUserDatabase, toLocal, toWireShape, type ApplicationCollection, type LocalApplicationDoc, type UserDatabase } from './database.js';
import { DocumentStore } from './documents.js';
import { PendingChanges } from './pending-changes.js';
import { journalKeystroke, takeUnsavedKeystrokes } from './typing-journal.js';
import { PendingClaims } from './pending-claims.js';
import { OfficeDesk } from './office-desk.js';
import { ApplicationReplication, type SyncStatus } from './replication.js';
import { RefusedChanges, type RefusedChange } from './sync/refused-changes.js';
import { renewServerSession } from './session.js';

/** Thrown by `submit` when the application is not complete; the problems name what is missing. */
export class NotReadyError extends Error {
  constructor(readonly problems: SubmissionProblem[]) {
    super(problems.map((problem) => problem.message.en).join(' '));
  }
}

/** What a claim code did: the application is in this account now, or it waits for the booth's filing. */
export type ClaimOutcome = { status: 'claimed'; application: ApplicationDoc } | { status: 'pending'; code: string; sent: boolean };

/** An application in an office queue as Workspace.queueRange reads it: with the search text the device stored. */
export type QueueDoc = ApplicationDoc & Pick<LocalApplicationDoc, 'searchText'>;

/** How many applications of each status are on the device; a status with none is absent. */
export type StatusCounts = Partial<Record<ApplicationStatus, number>>;

/** The queue an account's role works in (database.ts statusQueueOf's keys); '' for an inspector (no queue yet). */
export function roleQueueOf(user: Pick<UserProfile, 'role'>): QueueKey | '' {
  switch (user.role) {
    case 'front-office':
    case 'admin': return 'front-office';
    case 'agency-reviewer': return 'review';
    case 'applicant':
    case 'booth-staff': return 'applicant';
    default: return '';
  }
}

export class Workspace {
  /** The sync status with the files not yet uploaded counted in (undefined without sync). */
  readonly syncStatus$: Observable<SyncStatus> | undefined;
  /** Claim codes entered here whose application has not arrived yet (client/data/pending-claims.ts). */
  readonly pendingClaims: PendingClaims;
  /** Office actions made here (accept, return, note, recommend, answer, reroute), offline too. */
  readonly office: OfficeDesk;
  private readonly claimSubscriptions: Subscription[] = [];
  private sendingClaims = false;

  private constructor(
    readonly user: UserProfile,
    private readonly local: UserDatabase,
    private readonly pending: PendingChanges,
    private readonly replication: ApplicationReplication | undefined,
    /** Requirement documents (photos, scans) of the account's applications. */
    readonly documents: DocumentStore,
    pendingClaims?: PendingClaims,
    private readonly refused: RefusedChanges = new RefusedChanges(user.userId),
  ) {
    this.pendingClaims = pendingClaims ?? new PendingClaims(user.userId);
    this.office = new OfficeDesk(user, local.actions, (id, updatedAt) => pending.markChanged(id, updatedAt));
    this.syncStatus$ = replication
      ? combineLatest([replication.status$, documents.pendingUploads$]).pipe(map(([status, uploads]) => ({ ...status, uploads })))
      : undefined;
  }

  /** Opens the account's database and, unless told not to (tests of the local layer), starts syncing. */
  static async open(user: UserProfile, options: { sync: boolean } = { sync: true }): Promise<Workspace> {
    // Ask the browser not to evict this origin's data under storage pressure: drafts may exist
    // nowhere else yet. The browser may say no; the app works either way.
    void navigator.storage?.persist?.().catch(() => false);
    const local = await openUserDatabase(user.userId);
    const pending = new PendingChanges(user.userId);
    await pending.load();
    const refused = new RefusedChanges(user.userId);
    await refused.load();
    const replication = options.sync
      ? new ApplicationReplication(local.applications, user.userId, await local.database.storageToken, pending, refused, { actions: local.actions })
      : undefined;
    let workspace: Workspace | undefined = undefined;
    const documents = await DocumentStore.open(local.database, user, (applicationId, requirementId, ref) => {
      if (!workspace) throw new Error('the workspace is not open yet');
      return workspace.setDocumentRef(applicationId, requirementId, ref);
    }, { upload: options.sync, keptFileIds: () => refused.keptFileIds() });
    // An upload waits until its application (naming the file) is on the server: that is a push.
    if (replication) replication.onPushed = () => documents.wake();
    const claims = new PendingClaims(user.userId);
    await claims.load();
    workspace = new Workspace(user, local, pending, replication, documents, claims, refused);
    workspace.followPendingClaims();
    await workspace.replayUnsavedKeystrokes();
    return workspace;
  }

  /**
   * Answers typed in a tab that closed before their save was done (typing-journal.ts), put in
   * their drafts now, unless the draft changed after the keystroke (another device, a later edit)
   * or can no longer be edited.
   */
  private async replayUnsavedKeystrokes(): Promise<void> {
    try {
      for (const entry of await takeUnsavedKeystrokes(this.user.userId)) {
        const doc = await this.applications.findOne(entry.draftId).exec();
        if (!doc) continue;
        const data = toWireShape(doc.toJSON() as LocalApplicationDoc);
        if (!isEditable(data.status) || data.updatedAt > entry.at || sameValue(data.answers[entry.fieldId], entry.value)) continue;
        await this.saveAnswer(entry.draftId, entry.fieldId, entry.value);
      }
    } catch (error) {
      // Opening the account matters more; the entries are gone either way (taken before saving).
      console.warn('unsaved keystrokes could not be replayed', error);
    }
  }

  /**
   * The server no longer knew this account's session (a shared device, an expired cookie): signs
   * the same person in online with `password` and carries on at once: pull, push, uploads and
   * unsent claims. Throws SignInError (session.ts) for a wrong password, a wait, or no server.
   */
  async renewSession(password: string): Promise<void> {
    await renewServerSession(this.user, password);
    this.replication?.resume();
    this.documents.wake();
    void this.sendUnsentClaims();
  }

  /** Unsent claims go out whenever the server answers; claims whose application arrived are forgotten. */
  private followPendingClaims(): void {
    if (this.syncStatus$) {
      this.claimSubscriptions.push(this.syncStatus$.pipe(map((status) => status.connectivity), distinctUntilChanged(),
        filter((connectivity) => connectivity === 'online')).subscribe(() => void this.sendUnsentClaims()));
    }
    this.claimSubscriptions.push(this.applications.$.subscribe((event) => {
      const code = (event.documentData as Partial<LocalApplicationDoc> | undefined)?.claimCode;
      if (code && this.pendingClaims.value.some((claim) => claim.code === code)) void this.pendingClaims.remove([code]);
    }));
    const codes = this.pendingClaims.value.map((claim) => claim.code);
    // Arrived while the app was closed.
    if (codes.length > 0) {
      void this.applications.find({ selector: { claimCode: { $in: codes } } }).exec()
        .then((docs) => this.pendingClaims.remove(docs.map((doc) => doc.claimCode ?? '')));
    }
  }

  private async sendUnsentClaims(): Promise<void> {
    if (this.sendingClaims) return;
    this.sendingClaims = true;
    try {
      for (const claim of this.pendingClaims.value.filter((candidate) => candidate.state === 'unsent')) {
        try {
          await this.sendClaim(claim.code, claim.enteredAt);
        } catch (error) {
          if (error instanceof ApiRequestError) await this.pendingClaims.put({ ...claim, state: 'refused', reason: error.text });
          // No server, or asked to wait: it stays unsent and goes with the next answer of the server.
          else break;
        }
      }
    } finally {
      this.sendingClaims = false;
    }
  }

  /** Forgets a pending claim (one the server refused, which the person has read). */
  dismissClaim(code: string): Promise<void> {
    return this.pendingClaims.remove([code]);
  }

  private get applications(): ApplicationCollection {
    return this.local.applications;
  }

  /**
   * The account's applications, most recently changed first, updated live. With `limit`, only the
   * newest ones: the list stays fast with 100k on the device (it walks the `recency` index).
   */
  drafts$(limit?: number): Observable<ApplicationDoc[]> {
    return this.applications
      .find({ selector: {}, sort: [{ recency: 'asc' }], ...(limit === undefined ? {} : { limit }) })
      .$.pipe(map((docs) => docs.map((doc) => toWireShape(doc.toJSON() as LocalApplicationDoc))));
  }

  /**
   * Ticks once at once and after local changes of applications (the sync brings some, an action
   * here moves one on), a burst as one: what the office queue re-reads its page on.
   */
  applicationChanges$(): Observable<void> {
    return merge(of(undefined), this.applications.$.pipe(debounceTime(50), map(() => undefined)));
  }

  /**
   * One page of this account's office queue from the local index: common/workflow/work-queue.ts's
   * queueQuery on the queue the account's role works (front office and admin: submitted; agency
   * reviewers: in review; applicants and booths: returned or asked). At most `request.limit + 1`
   * documents (the extra one says a next page exists). Who of them waits for THIS account (its
   * agency, its own applications) is for the caller to filter: the local fields are the
   * document's alone (database.ts LocalFields).
   */
  async queuePage(request: QueuePageRequest): Promise<ApplicationDoc[]> {
    const key = roleQueueOf(this.user);
    if (!key) return [];
    const query = queueQuery(key, request);
    // The sort names the index's equality fields first, as the index does: without them RxDB's
    // planner does not see the sort as the index's order and reads the whole range to sort it.
    const equalities = query.index.slice(0, query.index.indexOf(Object.keys(query.sort[0] ?? {})[0] ?? ''));
    const sort = [...equalities.map((field) => ({ [field]: 'asc' as const })), ...query.sort];
    const docs = await this.applications.find({ ...query, sort } as MangoQuery<LocalApplicationDoc>).exec();
    return docs.map((doc) => toWireShape(doc.toJSON() as LocalApplicationDoc));
  }

  /**
   * Every document in this account's queue (one index range), of these permit types when given: for
   * a search or "overdue only", with the `searchText` the device stored (database.ts toLocal), so a
   * search matches it instead of making it again per document. Asked again with nothing changed,
   * RxDB answers from its query cache (after a change it updates its result from the change
   * events), and each stored revision is copied once (queueCopies): at 10,000 that copy cost about
   * 100 ms per search. The copies are shared: read them, never change them.
   */
  async queueRange(permitTypeIds: readonly string[] = []): Promise<QueueDoc[]> {
    const key = roleQueueOf(this.user);
    if (!key) return [];
    const selector: MangoQuerySelector<LocalApplicationDoc> = permitTypeIds.length === 0 ? { queueKey: key }
      : { queueKey: key, permitTypeId: permitTypeIds.length === 1 ? permitTypeIds[0] : { $in: [...permitTypeIds] } };
    const docs = await this.applications.find({ selector, sort: [{ queueSince: 'asc' }, { id: 'asc' }] }).exec();
    return docs.map((doc) => {
      let copy = this.queueCopies.get(doc);
      if (!copy) {
        // One copy of the stored data (toJSON() and toWireShape would make two): without RxDB's
        // meta fields and the local fields other than searchText.
        const { _rev, _meta, _attachments, _deleted, recency: _recency, queueKey: _queueKey, queueSince: _queueSince, ...wire } = doc.toJSON(true);
        copy = wire as QueueDoc;
        this.queueCopies.set(doc, copy);
      }
      return copy;
    });
  }

  /** RxDB keeps one RxDocument per stored revision (a new revision, a new one), so a copy keyed by it is never stale. */
  private readonly queueCopies = new WeakMap<RxDocument<LocalApplicationDoc>, QueueDoc>();

  /** How many are in this account's queue (of one permit type): counted on the index alone. */
  queueCount(permitTypeId?: string): Promise<number> {
    const key = roleQueueOf(this.user);
    if (!key) return Promise.resolve(0);
    return this.applications.count({ selector: permitTypeId === undefined ? { queueKey: key } : { queueKey: key, permitTypeId } }).exec();
  }

  /**
   * One document of each permit type in this account's queue (for the filter's choices): a seek
   * per type along the ['queueKey', 'permitTypeId', ...] index, never the whole queue.
   */
  async queuePermitTypes(): Promise<Pick<ApplicationDoc, 'permitTypeId' | 'catalogVersion'>[]> {
    const key = roleQueueOf(this.user);
    if (!key) return [];
    const found: Pick<ApplicationDoc, 'permitTypeId' | 'catalogVersion'>[] = [];
    let after: string | undefined;
    for (let step = 0; step < 1000; step++) {
      const next = await this.applications.findOne({
        selector: { queueKey: key, permitTypeId: after === undefined ? { $gte: '' } : { $gt: after } },
        sort: [{ queueKey: 'asc' }, { permitTypeId: 'asc' }, { queueSince: 'asc' }, { id: 'asc' }],
        index: ['queueKey', 'permitTypeId', 'queueSince', 'id'],
      }).exec();
      if (!next) break;
      found.push({ permitTypeId: next.permitTypeId, catalogVersion: next.catalogVersion });
      after = next.permitTypeId;
    }
    return found;
  }

  /**
   * How many applications of each status are on this device, live: what the office home counts.
   * The statuses a queue holds alone (submitted, in review) are RxDB count queries on the
   * ['queueKey', 'queueSince', 'id'] index (Dexie counts the key range without reading a document);
   * the two mixed ranges are read to split them (queue 'applicant': returned and needs-information;
   * queue '': reviewed and draft), on the same index. The '' range grows with every application
   * reviewed, so on an office device that has worked for months it is most of what is stored: a
   * local index field per status (a local schema step) would make it a count too. After the
   * first answer RxDB updates all four from the change events, without reading IndexedDB again,
   * and a burst of changes (a sync page) gives at most one answer per 100 ms.
   * Measured in bench/office-home.ts (10,000 applications: see its table).
   */
  statusCounts$(): Observable<StatusCounts> {
    const countOf = (queueKey: QueueKey) => this.applications.count({ selector: { queueKey } }).$;
    const statusesOf = (queueKey: QueueKey | '') => this.applications.find({
      selector: { queueKey }, sort: [{ queueKey: 'asc' }, { queueSince: 'asc' }, { id: 'asc' }], index: ['queueKey', 'queueSince', 'id'],
    }).$.pipe(map((docs) => docs.map((doc) => doc.status)));
    return combineLatest([countOf('front-office'), countOf('review'), statusesOf('applicant'), statusesOf('')]).pipe(
      throttleTime(100, asyncScheduler, { leading: true, trailing: true }),
      map(([submitted, inReview, ...mixed]) => {
        const counts: StatusCounts = {};
        if (submitted > 0) counts.submitted = submitted;
        if (inReview > 0) counts['in-review'] = inReview;
        for (const status of mixed.flat()) counts[status] = (counts[status] ?? 0) + 1;
        return counts;
      }),
    );
  }

  /**
   * The open applications (in a queue: submitted, in review, returned, asked; not a draft, not
   * reviewed) of one permit type that `keep` picks, live: the front office's double-filing
   * warning. Three seeks on the ['queueKey', 'permitTypeId', 'queueSince', 'id'] index (one per
   * queue) instead of every document; `keep` sees each document of the type and only those it
   * keeps are returned. Updated from RxDB's change events.
   */
  openOfPermitType$(permitTypeId: string, keep: (application: ApplicationDoc) => boolean): Observable<ApplicationDoc[]> {
    const queues: QueueKey[] = ['front-office', 'review', 'applicant'];
    return combineLatest(queues.map((queueKey) => this.applications.find({
      selector: { queueKey, permitTypeId },
      sort: [{ queueKey: 'asc' }, { permitTypeId: 'asc' }, { queueSince: 'asc' }, { id: 'asc' }],
      index: ['queueKey', 'permitTypeId', 'queueSince', 'id'],
    }).$)).pipe(map((ranges) => ranges.flat()
      .filter((doc) => keep(doc.toJSON() as LocalApplicationDoc))
      .map((doc) => toWireShape(doc.toJSON() as LocalApplicationDoc))));
  }

  draft$(id: string): Observable<ApplicationDoc | null> {
    return this.applications.findOne(id).$.pipe(map((doc) => (doc ? toWireShape(doc.toJSON() as LocalApplicationDoc) : null)));
  }

  /** The applications of one bundle (filed together), oldest first. */
  bundle$(bundleId: string): Observable<ApplicationDoc[]> {
    return this.applications.find({ selector: { bundleId } }).$.pipe(
      map((docs) => {
        const members = docs.map((doc) => toWireShape(doc.toJSON() as LocalApplicationDoc)).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
        this.bundleMembers.set(bundleId, members.map((member) => member.id));
        return members;
      }),
    );
  }

  async createDraft(permitType: PermitType, catalogVersion: number, options: { kind?: ApplicationKind; bundleId?: string } = {}): Promise<string> {
    const now = Date.now();
    const id = crypto.randomUUID();
    await this.applications.insert(toLocal({
      id,
      ownerId: this.user.userId,
      permitTypeId: permitType.id,
      catalogVersion,
      status: 'draft',
      answers: {},
      createdAt: new Date(now).toISOString(),
      updatedAt: now,
      ...(options.kind && options.kind !== 'new' ? { kind: options.kind } : {}),
      ...(options.bundleId ? { bundleId: options.bundleId } : {}),
    }));
    await this.pending.markChanged(id, now);
    return id;
  }

  /** Several permits filed together (e.g. SIUP with TDP): one draft each, sharing a bundle id. Returns their ids. */
  async createBundle(permitTypes: PermitType[], catalogVersion: number, kind: ApplicationKind = 'new'): Promise<string[]> {
    const bundleId = crypto.randomUUID();
    const ids: string[] = [];
    for (const type of permitTypes) ids.push(await this.createDraft(type, catalogVersion, { kind, bundleId }));
    this.bundleMembers.set(bundleId, ids);
    return ids;
  }

  /**
   * Saves one answer as it is typed. The write reaches IndexedDB before the promise resolves.
   * In a bundle, the answer is then copied into the other drafts that have the same field, where
   * it is still empty or holds an earlier copy (never over what a person typed there). Copies run
   * after the promise, one at a time in keystroke order: a keystroke's latency does not include them.
   */
  async saveAnswer(id: string, fieldId: string, value: AnswerValue): Promise<void> {
    // Written before the first await: a tab closed in the next milliseconds keeps this answer.
    const journaled = journalKeystroke(this.user.userId, id, fieldId, value);
    const saved = await this.modify(id, (data) => ({ ...data, answers: { ...data.answers, [fieldId]: value } }));
    journaled();
    // Typed here by the person: no longer a copy that follows another member.
    this.copies.delete(`${id}/${fieldId}`);
    if (saved.bundleId) {
      this.copyQueue = this.copyQueue.then(() => this.copyToBundle(saved, fieldId, value))
        .catch((error: unknown) => console.warn('bundle copy failed', error));
    }
  }

  /** Bundle members by bundle id: known from createBundle and from bundle$, so a keystroke never scans. */
  private readonly bundleMembers = new Map<string, string[]>();
  private readonly catalogCache = new Map<number, Promise<PermitCatalog | undefined>>();
  /** Answers this device copied into bundle members (`<id>/<fieldId>` → value), which later copies may replace. */
  private readonly copies = new Map<string, AnswerValue>();
  private copyQueue: Promise<void> = Promise.resolve();
  /** The last written state of recently changed applications (see modify). */
  private readonly recentDocs = new Map<string, RxDocument<LocalApplicationDoc>>();

  private async copyToBundle(saved: ApplicationDoc, fieldId: string, value: AnswerValue): Promise<void> {
    const members = this.bundleMembers.get(saved.bundleId ?? '') ?? [];
    const fieldOf = async (doc: ApplicationDoc) => (await this.cachedCatalog(doc.catalogVersion))?.permitTypes
      .find((type) => type.id === doc.permitTypeId)?.fields.find((candidate) => candidate.id === fieldId);
    const source = await fieldOf(saved);
    if (!source) return;
    for (const other of (await this.applications.findByIds(members.filter((member) => member !== saved.id)).exec()).values()) {
      const data = toWireShape(other.toJSON() as LocalApplicationDoc);
      const key = `${data.id}/${fieldId}`;
      const follows = (answer: AnswerValue | undefined): boolean =>
        answer === undefined || (this.copies.has(key) && sameValue(answer, this.copies.get(key)));
      if (!isEditable(data.status) || !follows(data.answers[fieldId])) continue;
      // Only between fields of the same kind: an address must not land in a text field.
      if ((await fieldOf(data))?.kind !== source.kind) continue;
      const written = await this.modify(data.id, (doc) => (follows(doc.answers[fieldId]) ? { ...doc, answers: { ...doc.answers, [fieldId]: value } } : doc));
      if (sameValue(written.answers[fieldId], value)) this.copies.set(key, value);
    }
  }

  private cachedCatalog(version: number): Promise<PermitCatalog | undefined> {
    let catalog = this.catalogCache.get(version);
    if (!catalog) {
      // A version not on the device yet is asked again next time (it may have arrived).
      catalog = this.catalogAt(version).then((found) => {
        if (!found) this.catalogCache.delete(version);
        return found;
      });
      this.catalogCache.set(version, catalog);
    }
    return catalog;
  }

  /** New permit or change / renewal / re-registration, with the old permit's number for the latter. */
  async setKind(id: string, kind: ApplicationKind, previousPermitNumber?: string): Promise<void> {
    await this.modify(id, (data) => {
      const next: ApplicationDoc = { ...data, kind };
      if (kind === 'new') delete next.previousPermitNumber;
      else next.previousPermitNumber = previousPermitNumber ?? data.previousPermitNumber ?? '';
      return next;
    });
  }

  /**
   * Booth filings: the walk-in citizen's identity, saved as it is typed. The applicant fields the
   * permit type fills from the citizen (`fromCitizen`) follow in the same write, unless something
   * else was typed into them (client/data/citizen-fill.ts).
   */
  async saveCitizen(id: string, citizen: CitizenIdentity): Promise<void> {
    const current = this.recentDocs.get(id) ?? await this.applications.findOne(id).exec();
    const version = current?.catalogVersion;
    const permitType = version === undefined ? undefined
      : (await this.cachedCatalog(version))?.permitTypes.find((type) => type.id === current?.permitTypeId);
    await this.modify(id, (data) => ({
      ...data, answers: answersFollowingCitizen(permitType, data, citizen), citizen: { ...data.citizen, ...citizen },
    }));
  }

  /** Booth filings: the citizen agreed (or, with false, the agreement is withdrawn before submitting). */
  async recordConsent(id: string, given: boolean): Promise<void> {
    await this.modify(id, (data) => {
      const next: ApplicationDoc = { ...data };
      if (given) next.consentAt = new Date().toISOString();
      else delete next.consentAt;
      return next;
    });
  }

  /** What still keeps an application from being submitted, by the same rules the server applies. */
  async submissionProblems(application: ApplicationDoc): Promise<SubmissionProblem[]> {
    // Asked after every keystroke in the open form: the catalog comes from memory, not IndexedDB.
    const permitType = (await this.cachedCatalog(application.catalogVersion))?.permitTypes.find((type) => type.id === application.permitTypeId);
    if (!permitType) return [{ path: 'catalog', message: { id: 'Katalog izin untuk permohonan ini belum ada di perangkat.', en: 'The permit catalog of this application is not on this device.' } }];
    // The numbers are made at submission; everything else must already be there.
    const withNumbers: ApplicationDoc = { ...application, provisionalNumber: application.provisionalNumber ?? 'P-0000-0000', claimCode: application.claimCode ?? '00000-00000' };
    return submissionProblems(permitType, withNumbers, filedByBooth(application, this.user));
  }


  /**
   * Submits (or, after a return, resubmits) with or without network: the receipt's provisional
   * number, and for a booth the citizen's claim code, are made here at once; the application goes
   * to the server with the next sync. Throws NotReadyError when something is missing.
   */
  async submit(id: string): Promise<ApplicationDoc> {
    const doc = await this.applications.findOne(id).exec();
    if (!doc) throw new Error(`application ${id} is not on this device`);
    const current = toWireShape(doc.toJSON() as LocalApplicationDoc);
    if (!isEditable(current.status)) return current;
    const problems = await this.submissionProblems(current);
    if (problems.length > 0) throw new NotReadyError(problems);
    const booth = filedByBooth(current, this.user);
    return this.modify(id, (data) => ({
      ...data,
      status: 'submitted',
      submittedAt: new Date().toISOString(),
      provisionalNumber: data.provisionalNumber ?? newProvisionalNumber(),
      ...(booth && !data.claimCode ? { claimCode: newClaimCode() } : {}),
    }));
  }

  /**
   * A citizen claims an application a booth filed for them. A code the server does not know yet
   * (the booth has not synced) is pending: the server completes the claim when the filing arrives,
   * and the code stays listed here until the application does. Offline, the code is kept and sent
   * when the server answers. Throws ApiRequestError (a malformed code, say) and TooManyAttemptsError.
   */
  async claim(codeInput: string): Promise<ClaimOutcome> {
    const code = normalizeCode(codeInput);
    const enteredAt = new Date().toISOString();
    try {
      return await this.sendClaim(code, enteredAt);
    } catch (error) {
      if (!(error instanceof UnreachableError) || error instanceof TooManyAttemptsError) throw error;
      await this.pendingClaims.put({ code, enteredAt, state: 'unsent' });
      return { status: 'pending', code, sent: false };
    }
  }

  private async sendClaim(code: string, enteredAt: string): Promise<ClaimOutcome> {
    // The device's name and its time of the claim go on the application's history (the server keeps its own time beside them).
    const answer = await apiRequest<ClaimResponse>('/claims', {
      method: 'POST', body: { code, enteredAt },
      headers: { [EXPECTED_USER_HEADER]: this.user.userId, [DEVICE_HEADER]: await this.local.database.storageToken },
    });
    if (answer.status === 'pending') {
      const known = answer.code;
      // Arrived meanwhile (the booth synced between the answer and now)?
      if (!(await this.applications.findOne({ selector: { claimCode: known } }).exec())) {
        await this.pendingClaims.put({ code: known, enteredAt, state: 'waiting' });
      }
      return { status: 'pending', code: known, sent: true };
    }
    // Shown at once; the replication brings the same state (it is now this account's too).
    const { _deleted: _ignored, ...doc } = answer.application;
    await this.applications.upsert(toLocal(doc));
    await this.pendingClaims.remove([code]);
    return { status: 'claimed', application: doc };
  }

  /** Records which file answers a requirement (or, with `undefined`, that none does any more). */
  async setDocumentRef(applicationId: string, requirementId: string, ref: DocumentRef | undefined): Promise<void> {
    await this.modify(applicationId, (data) => {
      const documents = Object.fromEntries(Object.entries(data.documents ?? {}).filter(([key]) => key !== requirementId));
      if (ref) documents[requirementId] = ref;
      return { ...data, documents };
    });
  }

  /**
   * Changes one application on the device and queues it for sending. `updatedAt` rises strictly
   * even if the device clock steps back, so the latest edit is always latest.
   */
  private async modify(id: string, change: (data: ApplicationDoc) => ApplicationDoc): Promise<ApplicationDoc> {
    // The document being typed in is kept from the last write: a keystroke then costs one
    // IndexedDB write, not a read and a write. RxDB's incremental write retries with the stored
    // state if another tab or the replication changed it meanwhile.
    const doc = this.recentDocs.get(id) ?? await this.applications.findOne(id).exec();
    if (!doc) throw new Error(`application ${id} is not on this device`);
    let result: ApplicationDoc | undefined;
    let unchanged = false;
    const written = await doc.incrementalModify((data) => {
      const before = toWireShape(data as LocalApplicationDoc);
      const changed = change(before);
      unchanged = changed === before;
      if (unchanged) {
        result = before;
        return data;
      }
      result = { ...changed, updatedAt: Math.max(Date.now(), data.updatedAt + 1) };
      // Typing into a draft another device deleted meanwhile brings it back: keeping what is typed
      // beats a deletion (the same rule as common/merge.ts).
      return { ...toLocal(result), _deleted: false };
    });
    this.recentDocs.delete(id);
    this.recentDocs.set(id, written);
    // A handful is enough: the form being typed in, and bundle members.
    if (this.recentDocs.size > 20) this.recentDocs.delete(this.recentDocs.keys().next().value ?? '');
    if (!result) throw new Error(`application ${id} could not be changed`);
    // Nothing to send when nothing changed: counting it would leave "1 not sent" forever.
    if (!unchanged) await this.pending.markChanged(id, result.updatedAt);
    return result;
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
    const data = toWireShape(source.toJSON() as LocalApplicationDoc);
    const now = Date.now();
    const permitType = (await this.cachedCatalog(data.catalogVersion))?.permitTypes.find((type) => type.id === data.permitTypeId);
    // A copy is a new draft: no numbers, no documents (their files belong to the original), no
    // citizen (nor the answers filled from them), no citizen's consent.
    const copy: ApplicationDoc = {
      id: crypto.randomUUID(), ownerId: this.user.userId, permitTypeId: data.permitTypeId, catalogVersion: data.catalogVersion,
      status: 'draft', answers: structuredClone(answersWithoutCitizen(permitType, data)), createdAt: new Date(now).toISOString(), updatedAt: now,
      ...(data.kind ? { kind: data.kind } : {}), ...(data.previousPermitNumber ? { previousPermitNumber: data.previousPermitNumber } : {}),
    };
    await this.applications.insert(toLocal(copy));
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
    this.recentDocs.delete(id);
    // Decided on the stored state RxDB hands the modifier (a keystroke or a pull may have landed
    // since the read above): what undo restores and whether it may be deleted at all.
    let data: ApplicationDoc | undefined;
    let deletedAt = 0;
    await doc.incrementalModify((stored) => {
      const { _deleted: _wasDeleted, ...current } = toWireShape(stored as LocalApplicationDoc & { _deleted?: boolean });
      if (current.status !== 'draft') throw new Error('a submitted application cannot be deleted');
      data = current;
      // The deletion is a change of its own, sent with its own time: `remove()` would keep the
      // draft's last `updatedAt`, older than the time recorded as waiting, so the sent deletion
      // would never clear it and the status would say "1 not sent" for ever.
      deletedAt = Math.max(Date.now(), current.updatedAt + 1);
      return { ...stored, updatedAt: deletedAt, _deleted: true };
    });
    await this.pending.markChanged(id, deletedAt);
    if (!data) throw new Error(`draft ${id} could not be deleted`);
    return data;
  }

  /** Undoes `deleteDraft`: the same draft, with every answer, comes back on every device. */
  async restoreDraft(data: ApplicationDoc): Promise<void> {
    const updatedAt = Math.max(Date.now(), data.updatedAt + 2);
    this.recentDocs.delete(data.id);
    await this.applications.upsert(toLocal({ ...data, answers: { ...data.answers }, updatedAt }));
    await this.pending.markChanged(data.id, updatedAt);
  }

  /**
   * Changes the server refused (a row it would not store, an office action it refused), newest
   * first, each with its reason, until the person dismisses it. Never retried as it was sent.
   */
  get refusedChanges$(): Observable<RefusedChange[]> {
    return this.refused.changes$;
  }

  /** The person has read a refusal. */
  dismissRefused(change: Pick<RefusedChange, 'collection' | 'id'>): Promise<void> {
    return this.refused.dismiss(change.collection, change.id);
  }

  awaitInSync(): Promise<unknown> {
    return this.replication?.awaitInSync() ?? Promise.resolve(true);
  }

  pendingCount(): number {
    return this.pending.count$.value;
  }

  async close(): Promise<void> {
    for (const subscription of this.claimSubscriptions) subscription.unsubscribe();
    await this.documents.close();
    await this.replication?.stop();
    this.pending.close();
    this.refused.close();
    await this.local.database.close();
  }
}
