/**
 * Applying office actions on the server. An action (common/office-action-schema.ts) is a document
 * made on a device, offline too, with an id made there; when it arrives (the actions collection's
 * push, or POST /api/office/actions online) the server applies it exactly once:
 *
 * - its shape is checked against the shared schema (the device's RxDB schema), the fields only
 *   the server sets are dropped, and each kind carries only its own fields;
 * - an id already stored returns the stored action and applies nothing (a device that sends twice);
 * - the current application and the transition table (`decide`, common/workflow/transitions.ts)
 *   say whether it applies: stale (the application moved on) or not allowed, it is stored with
 *   outcome `refused` and the reason the person sees; allowed, the application change is written
 *   under the applications' write lock (ApplicationSync.officeWrites), the action is stored with
 *   outcome `applied`, and a history record is written (office/history.ts).
 *
 * The stored action goes back to its device with its outcome: it has no writerDevice, so the
 * device that made it pulls it too. Its readers come from `actionReaders` (common/access), so an
 * internal note never reaches the applicant. When an action changes who reads the application (an
 * accept routes it, a re-route moves it), every action of the application is given the reach it
 * has now (`followReach`): the agency it left gets tombstones for them, the one it reached gets them.
 */
import { randomUUID } from 'node:crypto';
import { Ajv, type ValidateFunction } from 'ajv';
import type { ApplicationDoc } from '../../common/application-schema.js';
import { actionReaders, applicationReaders, mayRead, reviewingAgencyOf } from '../../common/access/readers.js';
import {
  ACTION_FIELDS_BY_KIND, ACTION_SERVER_OWNED_FIELDS, officeActionSchema, type OfficeActionDoc,
} from '../../common/office-action-schema.js';
import type { ApiProblem, UserProfile } from '../../common/sync-protocol.js';
import { decide, type Decision, type Refusal } from '../../common/workflow/transitions.js';
import { isAgencyId, listAgencies } from '../admin/agencies.js';
import { recordAudit } from '../audit.js';
import type { CatalogService } from '../catalog-service.js';
import { ApiError, invalidInput } from '../http-errors.js';
import { APPLICATION_ACTIONS_INDEX, isStatus, getIfExists, type Store, type StoredAction, type StoredApplication } from '../store.js';
import type { OfficeWrites } from '../sync/application-writes.js';
import { readersOf } from '../sync/collections/application-wire.js';
import { reachAfter, type Reach } from '../sync/reach.js';
import { capProblems } from '../validation.js';
import { changesOf, History, historyReason, shortValue, type HistoryEvent } from './history.js';

/** The action as it travels on the wire (RxDB's document): the schema's fields and `_deleted`. */
export type OfficeActionWireDoc = OfficeActionDoc & { _deleted: boolean };

/** The account acting, as the server knows it (re-read per request: role and agency never come from the device). */
export type Actor = Pick<UserProfile, 'userId' | 'role' | 'displayName'> & { agencyId?: string | undefined; boothId?: string | undefined };

/** Another process changed the application between our read and our write: read again and decide again, this many times. */
const MAX_DECIDE_ATTEMPTS = 5;
/** How long a refusal decided after such a race waits for the other process to store the same action (a few store round trips). */
const RACE_SETTLE_MS = 250;

const ACTION_ID_PREFIX_FOR_SERVER = 'srv-';

// RxDB-only keywords are not JSON Schema.
const { primaryKey: _primaryKey, version: _version, indexes: _indexes, ...actionJsonSchema } = officeActionSchema;

/**
 * The wire schema: the shared literal plus `_deleted` (RxDB sends it; an action is never deleted,
 * so only `false` is accepted). The server-owned fields are dropped before this runs.
 */
const wireActionSchema = {
  ...actionJsonSchema,
  properties: { ...actionJsonSchema.properties, _deleted: { const: false } },
};

// strict: false because the shared schema carries `maxLength` next to `enum` for RxDB's sake.
const checkAction: ValidateFunction = new Ajv({ allErrors: true, strict: false }).compile(wireActionSchema);

/** Actions of one application read from the store per page (an application has a few dozen). */
const ACTIONS_PAGE = 500;

/** Every kind-specific field; each kind may carry only its own (ACTION_FIELDS_BY_KIND). */
const KIND_FIELDS = new Set(Object.values(ACTION_FIELDS_BY_KIND).flat());

/** The action without what only the server sets (a device's value for those is never kept). */
function withoutServerFields(body: Record<string, unknown>): Record<string, unknown> {
  const serverOwned: readonly string[] = ACTION_SERVER_OWNED_FIELDS;
  return Object.fromEntries(Object.entries(body).filter(([field]) => !serverOwned.includes(field)));
}

/**
 * What is wrong with an action a device sent, as problems (empty when it is well formed). The
 * actions collection's push calls it per row; `apply` calls it too.
 */
export function actionProblems(body: unknown): ApiProblem[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ path: '/', message: { id: 'tindakan harus berupa objek JSON', en: 'an action must be a JSON object' } }];
  }
  const candidate = withoutServerFields(body as Record<string, unknown>);
  if (!checkAction(candidate)) {
    return capProblems((checkAction.errors ?? []).map((error) => {
      const key = error.keyword === 'additionalProperties' ? `/${String(error.params.additionalProperty)}` : '';
      return {
        path: `${error.instancePath}${key}` || '/',
        message: { id: `tidak sesuai aturan "${error.keyword}"`, en: error.message ?? error.keyword },
      };
    }));
  }
  const kind = candidate.kind as OfficeActionDoc['kind'];
  const own = new Set<string>(ACTION_FIELDS_BY_KIND[kind]);
  return Object.keys(candidate).filter((field) => KIND_FIELDS.has(field as keyof OfficeActionDoc) && !own.has(field)).map((field) => ({
    path: `/${field}`,
    message: { id: `isian "${field}" tidak dipakai untuk tindakan "${kind}"`, en: `"${field}" is not used by a "${kind}" action` },
  }));
}

/** The action as it goes back to devices: its content and outcome, none of the server's bookkeeping. */
export function actionToWire(stored: StoredAction): OfficeActionWireDoc {
  const {
    _id, _rev, type, serverSeq, serverUpdatedAt, writerDevice, deleted, readers, formerReaders, ...content
  } = stored;
  void [_id, _rev, type, serverSeq, serverUpdatedAt, writerDevice, readers, formerReaders];
  return { ...(content as unknown as OfficeActionDoc), _deleted: deleted };
}

/** The outcome of one `apply`: the stored action, and whether this call applied or refused it (false: it was stored before). */
export interface ApplyResult {
  action: OfficeActionWireDoc;
  /** The application as written by this action (only when this call applied one that changed it). */
  application?: StoredApplication;
  /** False when the action was already stored: nothing was done this time. */
  fresh: boolean;
}

export const applicationNotFound = (): ApiError =>
  new ApiError(404, 'application-not-found', 'Permohonan tidak ditemukan.', 'Application not found.');

export class OfficeActions {
  private readonly history: History;

  constructor(
    private readonly store: Store,
    private readonly writes: OfficeWrites,
    private readonly catalogs: CatalogService,
  ) {
    this.history = new History(store);
  }

  /**
   * Applies one action of `account` (see the file's comment). Throws a 4xx ApiError, storing
   * nothing, when the action is malformed (400), made in another account's name (403), about an
   * application that does not exist or that the account cannot see (404), or carries an id another
   * action already has (409). Everything else ends as a stored action, applied or refused.
   */
  async apply(account: Actor, body: unknown, device?: string): Promise<ApplyResult> {
    const problems = actionProblems(body);
    if (problems.length > 0) throw invalidInput(problems);
    const { _deleted: _ignored, ...content } = withoutServerFields(body as Record<string, unknown>);
    void _ignored;
    const action = content as unknown as OfficeActionDoc;
    if (action.actorId !== account.userId) {
      throw new ApiError(403, 'not-your-action', 'Tindakan ini dibuat atas nama akun lain; tidak ada yang diubah.',
        'This action was made in the name of another account; nothing was changed.', [{ path: '/actorId', message: { id: 'akun lain', en: 'another account' } }]);
    }
    return this.writes.underWriteLock(async () => {
      const existing = await this.storedAction(action.id);
      if (existing) return { action: this.sameAction(existing, action), fresh: false };
      for (let attempt = 1; ; attempt++) {
        const application = await this.writes.readApplication(action.applicationId);
        if (!application || application.deleted || !this.mayAct(account, application)) throw applicationNotFound();
        if (application.lastActionId === action.id) {
          // This action changed the application, and the process stopped before storing it: store it
          // as applied now (deciding again would call it stale, on the very change it made).
          return await this.store_(account, action, application, { ok: true, status: application.status, changes: {} }, device,
            { recoveredFrom: action.basedOnStatus });
        }
        const decision = decide(account, application, action, await this.permitTypeOf(application),
          { now: Date.now(), ...(action.kind === 'reroute' ? { knownAgencies: await this.activeAgencyIds() } : {}) });
        if (attempt > 1 && !decision.ok) {
          // Refused on what another process just wrote: that process may be applying this very
          // action, between its application write and storing the action. Give it that moment.
          await new Promise((resolve) => setTimeout(resolve, RACE_SETTLE_MS));
          const raced = await this.storedAction(action.id);
          if (raced) return { action: this.sameAction(raced, action), fresh: false };
        }
        try {
          return await this.store_(account, action, application, decision, device);
        } catch (error) {
          // Another process wrote the application since we read it: decide again on what it wrote,
          // unless that process applied this very action (then its stored action is the answer).
          if (!isStatus(error, 409) || attempt >= MAX_DECIDE_ATTEMPTS) throw error;
          const raced = await this.storedAction(action.id);
          if (raced) return { action: this.sameAction(raced, action), fresh: false };
        }
      }
    });
  }

  /**
   * The office returns an application for correction online (POST /api/applications/:id/return):
   * a `return` action the server makes on the caller's behalf, applied like any other, so an
   * application changes state in one way only.
   */
  async returnForCorrection(account: Actor, applicationId: string, reasons: OfficeActionDoc['reasons']): Promise<ApplyResult> {
    const application = await this.writes.readApplication(applicationId);
    if (!application || application.deleted || !this.mayAct(account, application)) throw applicationNotFound();
    const now = Date.now();
    const action: OfficeActionDoc = {
      id: `${ACTION_ID_PREFIX_FOR_SERVER}${randomUUID()}`,
      applicationId,
      kind: 'return',
      actorId: account.userId,
      createdAt: new Date(now).toISOString(),
      updatedAt: now,
      basedOnStatus: application.status,
      reasons: reasons ?? [],
    };
    return this.apply(account, action);
  }

  /**
   * Whether the account may see the application at all: else the same 404 as for an id that does
   * not exist, and nothing stored, so an action cannot probe which applications exist or their status.
   */
  private mayAct(account: Actor, application: StoredApplication): boolean {
    // A reviewer whose agency it was re-routed away from (a former reader) still hears why their action was refused.
    return mayRead(account, applicationReaders(application)) || mayRead(account, application.formerReaders ?? []);
  }

  /** The agencies a re-route may name: the active ones the server knows (admin/agencies.ts), read at each re-route. */
  private async activeAgencyIds(): Promise<string[]> {
    return (await listAgencies(this.store)).filter((agency) => agency.active && isAgencyId(agency.id)).map((agency) => agency.id);
  }

  private async storedAction(id: string): Promise<StoredAction | undefined> {
    const found = await getIfExists(this.store.actions, id);
    return found?.type === 'action' ? found : undefined;
  }

  /** A stored action sent again: the same action of the same account gets its stored outcome; anything else is an id clash. */
  private sameAction(stored: StoredAction, sent: OfficeActionDoc): OfficeActionWireDoc {
    if (stored.actorId !== sent.actorId || stored.applicationId !== sent.applicationId || stored.kind !== sent.kind) {
      throw new ApiError(409, 'action-id-in-use', 'Nomor tindakan ini sudah dipakai tindakan lain; buat tindakan baru.',
        'This action id is already used by another action; make a new action.', [{ path: '/id', message: { id: 'sudah dipakai', en: 'already used' } }]);
    }
    return actionToWire(stored);
  }

  /** followReach for each application (a claim gave them a new reader). Under the write lock, as every caller of followReach. */
  async followReachOf(applicationIds: readonly string[]): Promise<void> {
    for (const id of applicationIds) await this.followReach(id);
  }

  /**
   * Gives every action of the application the reach it has with the application as stored now
   * (actionReaders, keys that lost it kept as formerReaders: sync/reach.ts), each changed one
   * with a new sequence, so the next pull of a key that lost it sends a tombstone (no content) and
   * a key that gained it receives it. A device then holds exactly the actions its user may read now.
   *
   * What an agency keeps of an application re-routed away: nothing through its agency key, but each
   * of its reviewers keeps what they made themselves through their own `user:` key (actionReaders
   * always names the maker). Their device must hear the outcome of an action they made (one made
   * offline before the re-route is decided after it), the content is their own words, and a
   * tombstone of one's own action would be taken for a deletion: pushed back by the device, it is
   * refused as one (actions.ts), listing in that person's refused changes something they never did.
   *
   * Safe to repeat and to run in several processes at once: the result depends only on what is
   * stored, an action already right is not written, and each write carries the `_rev` it read
   * (a conflict reads again). The actions are read before the application: whichever process
   * writes an action last read the application after every re-route whose own pass read that
   * action before it, so the last write follows the newest routing.
   */
  private async followReach(applicationId: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const actions = await this.actionsOf(applicationId);
      const application = await this.storedApplication(applicationId);
      if (!application) return;
      const at = new Date().toISOString();
      const changed = actions.flatMap((stored) => {
        const reach = reachNow(stored, application);
        if (sameKeys(reach.readers, stored.readers) && sameKeys(reach.formerReaders, stored.formerReaders)) return [];
        // No writerDevice on an action (the server writes it), so every device that reads it pulls it.
        return [{ ...stored, ...reach, serverSeq: this.writes.nextSeq(), serverUpdatedAt: at }];
      });
      if (changed.length === 0) return;
      const results = await this.store.actions.bulk({ docs: changed });
      const failed = results.filter((result) => result.error);
      if (failed.length === 0) return;
      // Another process changed one of them meanwhile: read again. Anything else is the store failing.
      if (attempt >= MAX_DECIDE_ATTEMPTS || failed.some((result) => result.error !== 'conflict')) {
        throw new Error(`the actions of an application could not follow its reach: ${failed.map((result) => result.error).join(', ')}`);
      }
    }
  }

  /**
   * The application as stored now, read for its readers only (followReach and the check after
   * storing an action), straight from the store: not a read that decides, which goes through the
   * writes (readApplication).
   */
  private async storedApplication(id: string): Promise<StoredApplication | undefined> {
    const found = await getIfExists(this.store.applications, id);
    return found?.type === 'application' ? found : undefined;
  }

  /** Every stored action of the application, read in pages by id. */
  private async actionsOf(applicationId: string): Promise<StoredAction[]> {
    const found: StoredAction[] = [];
    let after = '';
    for (;;) {
      // Through APPLICATION_ACTIONS_INDEX (store.ts), in id order, so each page starts where the last ended.
      const page = await this.store.actions.find({
        selector: { applicationId, type: 'action', _id: { $gt: after } }, limit: ACTIONS_PAGE,
        sort: [{ applicationId: 'asc' }, { _id: 'asc' }], use_index: [APPLICATION_ACTIONS_INDEX.ddoc, APPLICATION_ACTIONS_INDEX.name],
      });
      const docs = page.docs as StoredAction[];
      found.push(...docs);
      if (docs.length < ACTIONS_PAGE) return found;
      after = docs.reduce((highest, doc) => (doc._id > highest ? doc._id : highest), after);
    }
  }

  /** The permit type as routing knows it today (the latest catalog), or as the application was filed. */
  private async permitTypeOf(application: ApplicationDoc): Promise<{ id: string; reviewAgencyIds?: readonly string[] } | undefined> {
    const latest = await this.catalogs.latest();
    const today = latest?.permitTypes.find((type) => type.id === application.permitTypeId);
    if (today) return today;
    return (await this.catalogs.version(application.catalogVersion))?.permitTypes.find((type) => type.id === application.permitTypeId);
  }

  /** Writes the decision: the application change (if any), the action with its outcome, its history record and audit event. */
  private async store_(account: Actor, action: OfficeActionDoc, application: StoredApplication, decision: Decision | Refusal,
    device: string | undefined, recovery?: { recoveredFrom: StoredApplication['status'] }): Promise<ApplyResult> {
    const now = Date.now();
    let written: StoredApplication | undefined;
    if (decision.ok && Object.keys(decision.changes).length > 0) {
      // The application names the action that changed it, in the same write: the exactly-once mark
      // that survives a stop before the action itself is stored.
      written = await this.writes.writeApplicationChange(application, { ...(decision.changes as Partial<StoredApplication>), lastActionId: action.id });
    }
    // Before this action is stored (the mark that it was applied): a process that stops in between
    // leaves the application marked with this action's id, and the device's resend comes back here
    // as a recovery, which follows the reach again (idempotent: an action already right is not written).
    if ((written && !sameKeys(written.readers, readersOf(application))) || recovery) await this.followReach(action.applicationId);
    const after = written ?? application;
    const outcome: Partial<OfficeActionDoc> = decision.ok
      ? { outcome: 'applied' }
      : { outcome: 'refused', outcomeCode: decision.code, outcomeReason: decision.reason };
    const reviewingAgency = reviewingAgencyOf(account);
    const content: OfficeActionDoc = {
      ...action,
      ...(reviewingAgency ? { agencyId: reviewingAgency } : {}),
      actorRole: account.role,
      ...outcome,
      appliedAt: new Date(now).toISOString(),
      updatedAt: Math.max(now, action.updatedAt + 1),
    };
    const stored: StoredAction = {
      ...(content as unknown as Record<string, unknown>),
      _id: action.id,
      type: 'action',
      id: action.id,
      applicationId: action.applicationId,
      serverSeq: this.writes.nextSeq(),
      serverUpdatedAt: new Date(now).toISOString(),
      deleted: false,
      readers: actionReaders(content, after),
      formerReaders: [],
    };
    try {
      const result = await this.store.actions.insert(stored);
      stored._rev = result.rev;
    } catch (error) {
      // Stored by another process meanwhile: its outcome is the answer (the application write above,
      // if any, was decided on the same state and so is the same change).
      if (!isStatus(error, 409)) throw error;
      const raced = await this.storedAction(action.id);
      if (!raced) throw error;
      const answer = this.sameAction(raced, action);
      // Another process refused it while this one applied it (it decided on this process's own
      // write, before this action was stored): the application did change, so the stored action
      // must say applied. Its new sequence brings the corrected outcome to the devices.
      if (!(written && raced.outcome === 'refused')) return { action: answer, fresh: false };
      const corrected = await this.store.actions.insert({ ...stored, _rev: raced._rev });
      stored._rev = corrected.rev;
    }
    // History and audit first: a resend finds the action stored and answers with it, so whatever
    // fails after this point must not leave the step unrecorded.
    const before = recovery ? { ...application, status: recovery.recoveredFrom } : application;
    await this.history.record(historyEventOf(account, content, before, decision, device));
    await recordAudit(this.store, [{
      actor: account.userId,
      action: `application.${action.kind}${decision.ok ? '' : '-refused'}`,
      target: action.applicationId,
      details: { actionId: action.id, device: device ?? null, ...(decision.ok ? { status: decision.status } : { code: decision.code }) },
    }]);
    // Several processes: another may have re-routed the application after we read it, and looked
    // for its actions (followReach) before this one was stored, so this one got the old agencies.
    // Read again after storing: if its readers moved on, follow them (the other process's search
    // happened before our store, so ours comes after it and sees this action).
    const current = await this.storedApplication(action.applicationId);
    if (current && !sameKeys(readersOf(current), readersOf(after))) await this.followReach(action.applicationId);
    return { action: actionToWire(stored), ...(written ? { application: written } : {}), fresh: true };
  }
}

/** Whether two lists of reader keys hold the same keys (stored ones are sorted only once reachAfter set them). */
function sameKeys(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const left = new Set(a ?? []);
  const right = new Set(b ?? []);
  return left.size === right.size && [...left].every((key) => right.has(key));
}

/** The reach an action has with its application as it is now. */
function reachNow(stored: StoredAction, application: StoredApplication): Reach {
  return reachAfter(actionReaders(stored as unknown as OfficeActionDoc, application), stored);
}

/** Short values of what the action itself says (the history line of a note, a question, a recommendation). */
function actionContentChanges(action: OfficeActionDoc): { field: string; value?: string }[] {
  const said: { field: string; value?: string }[] = [];
  const add = (field: string, value: unknown): void => {
    if (value === undefined) return;
    const shown = shortValue(value);
    said.push(shown === undefined ? { field } : { field, value: shown });
  };
  add('recommendation', action.recommendation);
  add('conditions', action.conditions);
  add('question', action.question);
  add('text', action.text);
  add('agencies', action.agencies);
  if (action.reasons) said.push({ field: 'reasons', value: String(action.reasons.length) });
  if (action.checks) said.push({ field: 'checks', value: `${action.checks.filter((check) => check.ok).length}/${action.checks.length}` });
  return said;
}

function historyEventOf(account: Actor, action: OfficeActionDoc, before: StoredApplication, decision: Decision | Refusal,
  device: string | undefined): HistoryEvent {
  const changed = decision.ok ? changesOf(decision.changes as Record<string, unknown>) : [];
  return {
    applicationId: action.applicationId,
    // A refusal has a key of its own: if another process then applies the same action (a race,
    // see store_), the applied record is still written.
    key: decision.ok ? action.id : `${action.id}:refused`,
    event: action.kind,
    actorId: account.userId,
    actorRole: account.role,
    actorName: account.displayName,
    ...(action.agencyId ? { agencyId: action.agencyId } : {}),
    ...(device ? { device } : {}),
    deviceAt: action.createdAt,
    actionId: action.id,
    ...(action.outcome ? { outcome: action.outcome } : {}),
    ...(action.outcomeCode ? { outcomeCode: action.outcomeCode } : {}),
    ...(action.outcomeReason ? { outcomeReason: historyReason(action.outcomeReason) } : {}),
    fromStatus: before.status,
    toStatus: decision.ok ? decision.status : before.status,
    changes: [...actionContentChanges(action), ...changed],
    ...(action.kind === 'note' ? { internal: action.internal === true } : {}),
  };
}
