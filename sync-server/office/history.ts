/**
 * An application's history: one record per event in its life (an office action applied or refused,
 * the applicant's submissions, a citizen's claim of a booth's filing, a look-up of the citizen's
 * personal data, a download of one of its files), in `ptsp_history`.
 *
 * Each record's `_id` is `<applicationId>:<event key>` (the action's id, or a key the caller makes
 * once per event), so a device that sends the same action twice, or two server processes applying
 * it, write one record: the second insert is CouchDB's 409, which here means "already recorded".
 * Records are only ever added. They carry field names and short values, never whole answers or a
 * NIK: the history is read by more people than the application's answers are.
 */
import { randomUUID } from 'node:crypto';
import type { ApplicationDoc } from '../../common/application-schema.js';
import type { LocalizedText } from '../../common/catalog.js';
import { historyAccess } from '../../common/access/history-access.js';
import { isApplicantOf, type Account } from '../../common/access/readers.js';
import type {
  ApplicationHistoryResponse, HistoryChange, HistoryEntry, UserProfile,
} from '../../common/sync-protocol.js';
import { stagesOf } from '../../common/stages.js';
import { isStatus, type Store, type StoredApplication, type StoredHistoryRecord } from '../store.js';

/** Records of one application, in the order they happened (server time). */
export const HISTORY_INDEX = { ddoc: 'idx-history-application-at', name: 'application-at', fields: ['applicationId', 'at'] } as const;

/** Most records one application's history answers with: far more than a permit's life produces. */
export const MAX_HISTORY_RECORDS = 2000;

/** Longest value kept in a record's list of changes (a note, a question, a reason is cut there). */
export const MAX_CHANGE_VALUE_LENGTH = 80;

/** A record as stored. */
export interface HistoryRecord extends StoredHistoryRecord, Omit<HistoryEntry, 'applicationId'> {
  type: 'history';
  applicationId: string;
}

/** What a caller tells about one event; the server time and the id are added here. */
export interface HistoryEvent extends Omit<HistoryEntry, 'applicationId' | 'at' | 'key'> {
  applicationId: string;
  /** Unique per event of this application: the action's id, or e.g. `lookup:<uuid>`. */
  key: string;
}

/**
 * A value short enough for a history line, with every run of 8 or more digits masked but its last
 * four (a NIK, a phone or an account number can be typed into a note or a reason).
 */
export function shortValue(value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) text = value.join(', ');
  else if (Array.isArray(value)) text = `${value.length}`;
  else return undefined;
  return maskedAndCut(text, MAX_CHANGE_VALUE_LENGTH);
}

/** Longest reason of a refusal kept in a record, per language (the workflow's reasons are one or two sentences). */
export const MAX_REASON_LENGTH = 300;

/** A refusal's reason for a record: masked like every value, cut at MAX_REASON_LENGTH. */
export function historyReason(reason: LocalizedText): LocalizedText {
  return { id: maskedAndCut(reason.id, MAX_REASON_LENGTH), en: maskedAndCut(reason.en, MAX_REASON_LENGTH) };
}

/** Every run of 8 or more digits masked but its last four, white space collapsed, cut at `max` with an ellipsis. */
function maskedAndCut(text: string, max: number): string {
  const masked = text.replace(/\d{8,}/g, (digits) => `${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`).replace(/\s+/g, ' ').trim();
  return masked.length > max ? `${masked.slice(0, max - 1)}…` : masked;
}

/**
 * Fields of an application whose value is never copied into history (only their name is): the
 * answers, documents and the citizen's identity are personal, and `stages`/`clockStops` repeat
 * what the record already says.
 */
const NAME_ONLY_FIELDS = new Set(['answers', 'citizen', 'documents', 'stages', 'clockStops', 'openQuestion', 'returnReasons']);

/** The changed fields of an application, named, with short values where the value says something by itself. */
export function changesOf(change: Partial<ApplicationDoc> & Record<string, unknown>): HistoryChange[] {
  return Object.entries(change).filter(([field]) => field !== 'updatedAt').map(([field, value]) => {
    if (value === undefined || value === null) return { field };
    const shown = NAME_ONLY_FIELDS.has(field) ? undefined : shortValue(value);
    return shown === undefined ? { field } : { field, value: shown };
  });
}

export class History {
  private indexReady: Promise<void> | undefined;

  constructor(private readonly store: Store) {}

  /** Creates the index once per process (idempotent in the store, so several processes may). */
  prepare(): Promise<void> {
    this.indexReady ??= this.store.history.createIndex({
      index: { fields: [...HISTORY_INDEX.fields] }, ddoc: HISTORY_INDEX.ddoc, name: HISTORY_INDEX.name, type: 'json',
    }).then(() => undefined, (error: unknown) => {
      this.indexReady = undefined;
      throw error;
    });
    return this.indexReady;
  }

  /**
   * Records one event, exactly once: a record with the same application and key already stored
   * (a repeat, or another process first) is success. Returns whether this call wrote it.
   */
  async record(event: HistoryEvent): Promise<boolean> {
    const { key, applicationId, ...rest } = event;
    const record: HistoryRecord = {
      _id: historyId(applicationId, key),
      type: 'history',
      applicationId,
      key,
      at: new Date().toISOString(),
      ...rest,
    };
    try {
      await this.store.history.insert(record);
      return true;
    } catch (error) {
      if (isStatus(error, 409)) return false;
      throw error;
    }
  }

  /** Records several events at once (one store request); each exactly once, as `record`. */
  async recordAll(events: HistoryEvent[]): Promise<void> {
    if (events.length === 0) return;
    const at = new Date().toISOString();
    const results = await this.store.history.bulk({
      docs: events.map(({ key, applicationId, ...rest }): HistoryRecord => ({ _id: historyId(applicationId, key), type: 'history', applicationId, key, at, ...rest })),
    });
    const failed = results.filter((result) => result.error && result.error !== 'conflict');
    if (failed.length > 0) throw new Error(`history write failed for ${failed.length} record(s): ${failed[0]?.error ?? ''}`);
  }

  /** Every record of one application, oldest first (ties in server time by id, which starts with the same prefix). */
  async of(applicationId: string): Promise<HistoryEntry[]> {
    await this.prepare();
    const found = await this.store.history.find({
      selector: { applicationId, at: { $gt: '' } },
      sort: [{ applicationId: 'asc' }, { at: 'asc' }],
      limit: MAX_HISTORY_RECORDS,
      use_index: [HISTORY_INDEX.ddoc, HISTORY_INDEX.name],
    });
    return (found.docs as HistoryRecord[]).filter((doc) => doc.type === 'history').map(toEntry);
  }

  /**
   * What `reader` may see of the history of `doc` (common/access/history-access.ts), or undefined
   * when nothing (the caller answers 404, as for an id that does not exist): everything for the
   * office and the routed agencies, the stages with their dates for the applicant (no notes, no
   * staff names). A deleted application has none.
   */
  async viewFor(reader: Account, doc: StoredApplication): Promise<ApplicationHistoryResponse | undefined> {
    const access = doc.deleted ? 'none' : historyAccess(reader, doc);
    if (access === 'none') return undefined;
    const stages = stagesOf(doc);
    return access === 'whole' ? { applicationId: doc.id, stages, events: await this.of(doc.id) } : { applicationId: doc.id, stages };
  }
}

export const historyId = (applicationId: string, key: string): string => `${applicationId}:${key}`;

function toEntry(record: HistoryRecord): HistoryEntry {
  const { _id: _ignoredId, _rev: _ignoredRev, type: _ignoredType, ...entry } = record;
  return entry as HistoryEntry;
}

/** Who did something that is not an office action: the signed-in account as the server knows it. */
export type HistoryActor = Pick<UserProfile, 'userId' | 'role' | 'displayName'> & { agencyId?: string | undefined };

const actorFields = (actor: HistoryActor): Pick<HistoryEntry, 'actorId' | 'actorRole' | 'actorName' | 'agencyId'> => ({
  actorId: actor.userId,
  actorRole: actor.role,
  // A waiting claim kept before it stored the claimant's name has none: no empty name in the record.
  ...(actor.displayName ? { actorName: actor.displayName } : {}),
  ...(actor.agencyId ? { agencyId: actor.agencyId } : {}),
});

/**
 * Records that someone looked a citizen's application up (GET /api/applications/lookup): the
 * personal data it holds was shown. Anyone but the citizen themselves (an applicant account that
 * filed or claimed it) is recorded: the front office, an administrator, a reviewer of a routed
 * agency, and the booth staff who filed it for the citizen (staff, even though they own the filing).
 * One call per look-up: `await recordPersonalDataLookup(store, user, application, device)`.
 */
export async function recordPersonalDataLookup(store: Store, actor: HistoryActor,
  application: Pick<ApplicationDoc, 'id' | 'ownerId' | 'applicantId'>, device?: string): Promise<void> {
  if (actor.role === 'applicant' && isApplicantOf(actor, application)) return;
  await new History(store).record({
    applicationId: application.id, key: `lookup:${randomUUID()}`, event: 'personal-data-lookup', ...actorFields(actor),
    ...(device ? { device } : {}), changes: [],
  });
}

/**
 * Records that someone other than its uploader downloaded one of an application's files
 * (GET /api/files/:fileId). One call per response that sends the bytes (not a 304, not a HEAD):
 * `await recordFileDownload(store, user, { applicationId, fileId, uploadedBy }, device)`.
 */
export async function recordFileDownload(store: Store, actor: HistoryActor,
  file: { applicationId: string; fileId: string; uploadedBy: string; requirementId?: string }, device?: string): Promise<void> {
  if (file.uploadedBy === actor.userId) return;
  await new History(store).record({
    applicationId: file.applicationId, key: `download:${randomUUID()}`, event: 'file-download', ...actorFields(actor),
    ...(device ? { device } : {}), fileId: file.fileId,
    changes: file.requirementId ? [{ field: 'documents', value: shortValue(file.requirementId) ?? '' }] : [],
  });
}

/** A claim as history records it: who claimed, from which device and when on it (when the device said). */
export interface ClaimEvent {
  applicationId: string;
  claimant: HistoryActor;
  device?: string | undefined;
  /** The device's own time of the claim (its clock may be off); undefined when it did not say. */
  deviceAt?: string | undefined;
}

/**
 * Records that a citizen claimed an application a booth filed for them (sync/claims.ts: at once,
 * or when the filing arrived for a waiting claim). The key is the claimant's id: an application
 * is claimed once and by one account (another's claim is refused), so a repeated claim request, a
 * retry after a lost answer or two processes completing the same waiting claim write one record.
 * What changed is the claimant (`applicantId`); the actor is the claimant too.
 */
export async function recordClaims(store: Store, claims: ClaimEvent[]): Promise<void> {
  await new History(store).recordAll(claims.map(({ applicationId, claimant, device, deviceAt }): HistoryEvent => ({
    applicationId, key: `claim:${claimant.userId}`, event: 'claim', ...actorFields(claimant),
    ...(device ? { device } : {}), ...(deviceAt ? { deviceAt } : {}),
    // The account id as it is (the record's actorId says it anyway): shortValue would mask its digit runs as if a NIK.
    changes: [{ field: 'applicantId', value: claimant.userId }],
  })));
}

/** One application a push wrote, with the status it had before (undefined: new). */
export interface IntakeWrite {
  doc: Pick<StoredApplication, 'id' | 'status' | 'updatedAt' | 'deleted' | 'submittedAt'>;
  from: StoredApplication['status'] | undefined;
}

/**
 * Records the applicant's (or booth's) submissions and resubmissions among what one push wrote:
 * `await recordIntakeMoves(store, user, written.map((doc) => ({ doc, from: existingById.get(doc._id)?.status })), device)`.
 * Saves are not events. The key is the move and the device's `updatedAt`, so the same state
 * pushed again (or by two processes) is one record.
 */
export async function recordIntakeMoves(store: Store, actor: HistoryActor, writes: IntakeWrite[], device?: string): Promise<void> {
  const events = writes.flatMap(({ doc, from }): HistoryEvent[] => {
    if (doc.deleted || doc.status !== 'submitted' || from === 'submitted') return [];
    const move = from === 'returned' ? 'resubmit' : 'submit';
    return [{
      applicationId: doc.id, key: `${move}:${doc.updatedAt}`, event: move, ...actorFields(actor), ...(device ? { device } : {}),
      ...(doc.submittedAt ? { deviceAt: doc.submittedAt } : {}),
      ...(from ? { fromStatus: from } : {}), toStatus: 'submitted', changes: [{ field: 'status', value: 'submitted' }],
    }];
  });
  await new History(store).recordAll(events);
}
