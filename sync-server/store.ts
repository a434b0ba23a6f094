/**
 * The one place that knows how data sits in CouchDB: database names, indexes, and the shape of the
 * stored documents. Everything goes through nano over HTTP, so the embedded store and an Apache
 * CouchDB 3 are used the same way. Nothing here may rely on PouchDB Server behaviour that CouchDB
 * lacks (see ../shared/stack-notes.md: seq is opaque, 401 vs 403, no `_selector` filters).
 */
import diagnostics from 'node:diagnostics_channel';
import nano from 'nano';
import { log } from './log.js';
import type { ApplicationDoc } from '../common/application-schema.js';
import type { Role } from '../common/sync-protocol.js';
import type { UploadDeclaration } from '../common/upload-protocol.js';

export const DATABASES = {
  applications: 'ptsp_applications',
  users: 'ptsp_users',
  audit: 'ptsp_audit',
  /** Small server-owned documents: the session secret, the published catalog versions. */
  meta: 'ptsp_meta',
  /** Requirement documents (photos, scans): one document per file, the bytes as its attachment. */
  files: 'ptsp_files',
  /** Registration numbers: one document per number given out, so none is given twice. */
  registrations: 'ptsp_registrations',
  /** Office actions (accept, return, note, recommend, answer, reroute): documents made on devices, applied by the server. */
  actions: 'ptsp_actions',
  /** One record per event in an application's life (sync-server/office/history.ts); deterministic ids make each exactly once. */
  history: 'ptsp_history',
} as const;

/** The databases whose documents devices replicate (sync/collection-sync.ts): each has the reach view. */
export const SYNCED_DATABASES = ['applications', 'actions'] as const;
export type SyncedDatabase = (typeof SYNCED_DATABASES)[number];

/** The highest sequence ever written, read at start so a clock that stepped back cannot reuse one. */
export const SEQ_INDEX = { ddoc: 'idx-seq', name: 'seq', fields: ['serverSeq'] } as const;

/** The index behind every pull: one owner's documents in the order the server wrote them. */
export const OWNER_SEQ_INDEX = { ddoc: 'idx-owner-seq', name: 'owner-seq', fields: ['ownerId', 'serverSeq'] } as const;

/** The other half of a pull: applications filed at a booth and claimed by this citizen. */
export const APPLICANT_SEQ_INDEX = { ddoc: 'idx-applicant-seq', name: 'applicant-seq', fields: ['applicantId', 'serverSeq'] } as const;

/** Finding an application by a walk-in citizen's claim code, and by either of its numbers. */
export const CLAIM_CODE_INDEX = { ddoc: 'idx-claim-code', name: 'claim-code', fields: ['claimCode'] } as const;
export const PROVISIONAL_NUMBER_INDEX = { ddoc: 'idx-provisional-number', name: 'provisional-number', fields: ['provisionalNumber'] } as const;
/** An application's actions in `ptsp_actions`, paged by id: their readers follow the application's (office-actions.ts). */
export const APPLICATION_ACTIONS_INDEX = { ddoc: 'idx-application-actions', name: 'application-actions', fields: ['applicationId', '_id'] } as const;
/** Uploads by completeness and age, in `ptsp_files`: incomplete ones expire (UploadService.expireIncomplete). */
export const INCOMPLETE_UPLOAD_INDEX = { ddoc: 'idx-incomplete-upload', name: 'incomplete-upload', fields: ['complete', 'createdAt'] } as const;
export const REGISTRATION_NUMBER_INDEX = { ddoc: 'idx-registration-number', name: 'registration-number', fields: ['registrationNumber'] } as const;

/**
 * What every synced stored document carries besides its content (applications, actions, and what
 * later collections add). The reach view (REACH_VIEW) is built from `readers` and `formerReaders`.
 */
export interface StoredSynced {
  /** Strictly increasing per server write (the write sequencer); the pull checkpoint is made of it. */
  serverSeq: number;
  serverUpdatedAt: string;
  /** The device (its local database's token) that wrote this state; its own pulls skip it. Absent on server-made changes. */
  writerDevice?: string;
  /** A deletion is kept as a normal document, so other devices learn of it through the view. */
  deleted: boolean;
  /** Reader keys (common/access: `user:<id>`, `role:<role>`, `agency:<id>`, `booth:<id>`) that may read it now. */
  readers: string[];
  /** Keys that could read it before and cannot now: their devices get a tombstone. */
  formerReaders: string[];
}

/** An application as stored: the device's fields plus what only the server sets. */
export interface StoredApplication extends ApplicationDoc, StoredSynced {
  _id: string;
  _rev?: string;
  type: 'application';
  /**
   * The office action that made the last change (office/office-actions.ts), stored only, never on
   * the wire: a resend after a crash between that write and storing the action is recognized.
   */
  lastActionId?: string;
}

/**
 * An office action as stored. Its content is common/office-action-schema.ts's; this
 * file only needs the envelope, so the content is typed loosely here and by the actions collection.
 */
export interface StoredAction extends StoredSynced {
  _id: string;
  _rev?: string;
  type: 'action';
  id: string;
  applicationId: string;
  [field: string]: unknown;
}

/** A history record (sync-server/office/history.ts owns its shape); `_id` is `<applicationId>:<event key>`. */
export interface StoredHistoryRecord {
  _id: string;
  _rev?: string;
  type: 'history';
  applicationId: string;
  [field: string]: unknown;
}

/**
 * `_design/reach`, view `by-reader`: one row `[readerKey, serverSeq]` per reader of each synced
 * document (value: its writerDevice or null) and per former reader (value: 'gone'). A pull walks
 * it per reader key of the account (sync/collection-sync.ts). JavaScript, because a Mango index
 * cannot index each element of an array; both CouchDB 3.5 (QuickJS) and PouchDB Server run it.
 * A document stored before readers existed has none: the start backfills them (see
 * sync/collections/applications.ts), found through the `['', serverSeq]` rows emitted for it.
 */
export const REACH_VIEW = { ddoc: 'reach', name: 'by-reader' } as const;
export const REACH_DESIGN_DOC = {
  _id: `_design/${REACH_VIEW.ddoc}`,
  language: 'javascript',
  views: {
    [REACH_VIEW.name]: {
      map: `function (doc) {
  if (typeof doc.serverSeq !== 'number') return;
  if (!doc.readers) { emit(['', doc.serverSeq], null); return; }
  var writer = doc.writerDevice || null;
  for (var i = 0; i < doc.readers.length; i++) emit([doc.readers[i], doc.serverSeq], writer);
  var former = doc.formerReaders || [];
  for (var j = 0; j < former.length; j++) emit([former[j], doc.serverSeq], 'gone');
}`,
    },
  },
} as const;

/**
 * An uploaded requirement document. While pieces arrive it is `complete: false` and the pieces are
 * attachments `part-000000`, ...; once the digest matched, the whole file is the attachment `file`.
 */
export interface StoredFile extends Omit<UploadDeclaration, 'fileId'> {
  _id: string;
  _rev?: string;
  type: 'file';
  uploadedBy: string;
  receivedBytes: number;
  complete: boolean;
  createdAt: string;
  completedAt?: string;
  _attachments?: Record<string, unknown>;
}

/**
 * One registration number given out: `_id` is `number:<type code>:<YYYY-MM>:<sequence padded>`,
 * so creating it fails if the number is taken; a second document `application:<id>` records the
 * number an application got, so a repeated submission gets the same one.
 */
export interface StoredRegistration {
  _id: string;
  _rev?: string;
  type: 'registration';
  applicationId: string;
  permitTypeId: string;
  period: string;
  sequence: number;
  registrationNumber: string;
  at: string;
}

export interface StoredUser {
  _id: string;
  _rev?: string;
  type: 'user';
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
}

export interface AuditEvent {
  type: 'audit';
  at: string;
  actor: string;
  action: string;
  target?: string;
  /** For an action on many documents at once (a push of a batch). */
  targets?: string[];
  details?: Record<string, unknown>;
}

export interface Store {
  url: string;
  server: nano.ServerScope;
  applications: nano.DocumentScope<StoredApplication>;
  users: nano.DocumentScope<StoredUser>;
  audit: nano.DocumentScope<AuditEvent>;
  meta: nano.DocumentScope<Record<string, unknown>>;
  files: nano.DocumentScope<StoredFile>;
  registrations: nano.DocumentScope<StoredRegistration>;
  actions: nano.DocumentScope<StoredAction>;
  history: nano.DocumentScope<StoredHistoryRecord>;
}

/** A store call slower than this is logged: on a loopback or LAN store nothing comes near it. */
const SLOW_STORE_CALL_MS = 5000;
/** Origins of the stores this process talks to (the embedded one, or CouchDB). */
const storeOrigins = new Set<string>();

interface UndiciRequest { origin?: string; method?: string; path?: string }
const storeCallStarts = new WeakMap<UndiciRequest, number>();

/**
 * Where a store call went, without document ids: a login looks a user up by the name typed, which
 * has no place in a log. Database names and `_find`-like endpoints stay.
 */
function storeCallPlace(request: UndiciRequest): string {
  const segments = (request.path ?? '').split('?')[0]?.split('/').filter(Boolean) ?? [];
  const shown = segments.map((segment, index) => (index === 0 || segment.startsWith('_') ? segment : '<id>'));
  return `${request.method ?? ''} /${shown.join('/')}`;
}

function endStoreCall(request: UndiciRequest, outcome: string): void {
  const since = storeCallStarts.get(request);
  if (since === undefined) return;
  storeCallStarts.delete(request);
  const ms = Math.round(performance.now() - since);
  if (ms >= SLOW_STORE_CALL_MS) log.warn({ event: 'slow-store-call', call: storeCallPlace(request), outcome, ms }, 'slow store call');
}

/*
 * Store calls that take long to complete (answer and body) or to fail are logged, from Node's
 * fetch (which nano uses) diagnostics channels: nothing is wrapped, nothing is logged while all is
 * well. Why: a stalled store call holds a device's push or upload (and the write lock) without a trace.
 */
diagnostics.subscribe('undici:request:create', (message) => {
  const { request } = message as { request: UndiciRequest };
  // The change feed's long poll waits on purpose (and logs its own failures).
  if (request.origin && storeOrigins.has(request.origin) && !request.path?.includes('/_changes')) {
    storeCallStarts.set(request, performance.now());
  }
});
diagnostics.subscribe('undici:request:trailers', (message) => endStoreCall((message as { request: UndiciRequest }).request, 'completed'));
diagnostics.subscribe('undici:request:error', (message) => {
  const { request, error } = message as { request: UndiciRequest; error: Error };
  endStoreCall(request, `failed (${error.message})`);
});

export function connectStore(url: string): Store {
  storeOrigins.add(new URL(url).origin);
  // parseUrl: false keeps a path prefix (CouchDB behind a reverse proxy at /couch) in every request.
  // nano reads it at run time but its types do not declare it, hence the separate object.
  const configuration = { url, parseUrl: false };
  const server = nano(configuration);
  return {
    url,
    server,
    applications: server.use<StoredApplication>(DATABASES.applications),
    users: server.use<StoredUser>(DATABASES.users),
    audit: server.use<AuditEvent>(DATABASES.audit),
    meta: server.use<Record<string, unknown>>(DATABASES.meta),
    files: server.use<StoredFile>(DATABASES.files),
    registrations: server.use<StoredRegistration>(DATABASES.registrations),
    actions: server.use<StoredAction>(DATABASES.actions),
    history: server.use<StoredHistoryRecord>(DATABASES.history),
  };
}

/** For fetch() calls to the store (nano does not do them all): fetch refuses URLs with credentials, so they travel as a Basic header. */
export function storeAuthHeaders(storeUrl: string): Record<string, string> {
  const url = new URL(storeUrl);
  if (!url.username) return {};
  const token = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  return { authorization: `Basic ${token}` };
}

/** The store's URL without its credentials (see storeAuthHeaders). */
export function storeUrlWithoutCredentials(storeUrl: string): string {
  const url = new URL(storeUrl);
  url.username = '';
  url.password = '';
  return url.toString();
}

export const isStatus = (error: unknown, status: number): boolean =>
  typeof error === 'object' && error !== null && (error as { statusCode?: unknown }).statusCode === status;

/** The document, or undefined when there is none (CouchDB's 404); other failures are thrown. */
export async function getIfExists<T>(db: nano.DocumentScope<T>, id: string): Promise<(nano.DocumentGetResponse & T) | undefined> {
  try {
    return await db.get(id);
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
}

/** Creates databases and indexes that are missing. Safe to run on every start and from several processes. */
export async function prepareStore(store: Store): Promise<void> {
  const existing = new Set(await store.server.db.list());
  for (const name of Object.values(DATABASES)) {
    if (existing.has(name)) continue;
    try {
      await store.server.db.create(name);
    } catch (error) {
      // Another process created it between our list and our create.
      if (!isStatus(error, 412)) throw error;
    }
  }
  // createIndex is idempotent in CouchDB: the same definition answers "exists".
  for (const index of [OWNER_SEQ_INDEX, SEQ_INDEX, APPLICANT_SEQ_INDEX, CLAIM_CODE_INDEX, PROVISIONAL_NUMBER_INDEX, REGISTRATION_NUMBER_INDEX]) {
    await store.applications.createIndex({ index: { fields: [...index.fields] }, ddoc: index.ddoc, name: index.name, type: 'json' });
  }
  const upload = INCOMPLETE_UPLOAD_INDEX;
  await store.files.createIndex({ index: { fields: [...upload.fields] }, ddoc: upload.ddoc, name: upload.name, type: 'json' });
  for (const index of [SEQ_INDEX, APPLICATION_ACTIONS_INDEX]) {
    await store.actions.createIndex({ index: { fields: [...index.fields] }, ddoc: index.ddoc, name: index.name, type: 'json' });
  }
  for (const name of SYNCED_DATABASES) await putReachView(store.server.use(DATABASES[name]));
}

/** Writes the reach design document unless the stored one is the same (a changed map replaces it). */
async function putReachView(db: nano.DocumentScope<unknown>): Promise<void> {
  const existing = await getIfExists(db as nano.DocumentScope<Record<string, unknown>>, REACH_DESIGN_DOC._id);
  if (existing && JSON.stringify(existing.views) === JSON.stringify(REACH_DESIGN_DOC.views)) return;
  try {
    await db.insert({ ...REACH_DESIGN_DOC, ...(existing ? { _rev: existing._rev } : {}) } as never);
  } catch (error) {
    // Another process wrote it between our read and our write: the same definition.
    if (!isStatus(error, 409)) throw error;
  }
}

/** Vendor and version of the store, for /api/health. Throws when the store is unreachable. */
export async function storeInfo(store: Store): Promise<{ vendor: string; version: string }> {
  const info = (await store.server.info()) as unknown as { version?: string; vendor?: { name?: string; version?: string } };
  return { vendor: info.vendor?.name ?? 'unknown', version: info.version ?? info.vendor?.version ?? 'unknown' };
}
