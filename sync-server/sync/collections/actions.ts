/**
 * The actions collection: office actions (accept, return, note, recommend, answer, reroute) made on
 * devices, offline too, and pushed as documents. Each row is applied on its own by
 * office/office-actions.ts (exactly once by id, stale or not allowed: stored as refused), so one
 * bad action never holds back the others. An action is never changed after it is made, and never
 * deleted. The stored action, with its outcome, comes back to its device through the pull (the
 * server wrote it, so it carries no writerDevice).
 */
import type { LocalizedText } from '../../../common/catalog.js';
import { DOCUMENT_ID_PATTERN } from '../../../common/application-schema.js';
import { mayRead } from '../../../common/access/readers.js';
import { sameValue } from '../../../common/merge.js';
import {
  MAX_BATCH_SIZE, type ApiProblem, type PullResponse, type PushResponse, type RefusedRow, type UserProfile,
} from '../../../common/sync-protocol.js';
import { ApiError, invalidInput } from '../../http-errors.js';
import type { OfficeActions, OfficeActionWireDoc } from '../../office/office-actions.js';
import { actionToWire } from '../../office/office-actions.js';
import { getIfExists, type Store, type StoredAction } from '../../store.js';
import { pullCollection, type PullRules } from '../collection-sync.js';
import type { WriteSequencer } from '../write-sequencer.js';
import type { SyncCollectionHandler } from './handler.js';

/** An action that left an account's reach: what identifies it, nothing of its content (texts, checks, reasons). */
export function actionTombstone(stored: StoredAction): OfficeActionWireDoc {
  const tombstone = {
    id: stored.id, applicationId: stored.applicationId, kind: stored.kind, actorId: stored.actorId, createdAt: stored.createdAt,
    updatedAt: stored.updatedAt, basedOnStatus: stored.basedOnStatus, _deleted: true, _gone: true,
  };
  return tombstone as unknown as OfficeActionWireDoc;
}

/** The fields of an action tombstone as a device holds it once pulled (actionTombstone, less the `_gone` mark the device strips). */
const TOMBSTONE_FIELDS = new Set(['id', 'applicationId', 'kind', 'actorId', 'createdAt', 'updatedAt', 'basedOnStatus', '_deleted']);

/** Whether a pushed row is an action tombstone a device pulled (only the tombstone's fields, deleted). */
const isPulledTombstone = (doc: { _deleted?: unknown }): boolean => doc._deleted === true && Object.keys(doc).every((field) => TOMBSTONE_FIELDS.has(field));

const refusedRow = (id: string, code: string, reason: LocalizedText, problems?: ApiProblem[], state?: OfficeActionWireDoc): RefusedRow<OfficeActionWireDoc> => ({
  id, code, reason, ...(problems ? { problems } : {}), ...(state ? { state } : {}),
});

const DOCUMENT_ID = new RegExp(DOCUMENT_ID_PATTERN);

const immutable = (index: number): ApiError => new ApiError(422, 'action-immutable',
  'Tindakan yang sudah dibuat tidak dapat diubah atau dihapus; buat tindakan baru.',
  'An action cannot be changed or deleted once made; make a new action.', [{ path: `/rows/${index}/newDocumentState`, message: { id: 'tidak dapat diubah', en: 'cannot change' } }]);

export class ActionsCollection implements SyncCollectionHandler {
  readonly name = 'actions' as const;
  private readonly pullRules: PullRules<StoredAction, OfficeActionWireDoc>;
  private readonly db: Store['actions'];

  constructor(store: Store, private readonly sequencer: WriteSequencer, private readonly actions: OfficeActions) {
    this.pullRules = { db: store.actions, type: 'action', toWire: actionToWire, tombstone: actionTombstone };
    this.db = store.actions;
  }

  /**
   * Whether a row only repeats the stored action, which changes nothing and so is never refused:
   * - a device whose action came back refused takes the server's state as its local copy, and RxDB
   *   pushes that local write as an edit: a refusal ('action-immutable') would replace the real
   *   reason (e.g. stale-action) in the person's list of refused changes;
   * - a device may push back, as if new, actions it pulled: CI once listed 14 refused changes on a
   *   reviewer's laptop that had made two actions (on a CouchDB shared with the other suites, so
   *   many colleagues' actions were in its reach), and the list is filled only from push answers.
   *   Why RxDB pushed them is not known (not reproduced here); refused as 'not-your-action' or with
   *   their stored refusal, colleagues' actions would sit in this person's list.
   * A row that differs in anything goes on to the rules (immutable, another account's, applied once).
   */
  private async repeatsStored(user: UserProfile, row: { newDocumentState: { id: string } }): Promise<boolean> {
    const id = row.newDocumentState.id;
    // Only well-formed ids reach the store (nano leaves `_design/...` unescaped).
    if (!DOCUMENT_ID.test(id)) return false;
    const stored = await getIfExists(this.db, id);
    // Only for an account that reads it: to anyone else "nothing to do" would confirm a guessed copy
    // (an internal note's text, say), so theirs goes on to the refusal every stranger gets.
    return stored?.type === 'action' && mayRead(user, stored.readers) && sameValue(actionToWire(stored), row.newDocumentState);
  }

  pull(user: UserProfile, checkpointText: unknown, limitText: unknown, device?: string): Promise<PullResponse<OfficeActionWireDoc>> {
    return pullCollection(this.pullRules, this.sequencer, user, checkpointText, limitText, device);
  }

  /** Always per row: devices pushing actions came after per-row refusals. Rows are applied in their order. */
  async push(user: UserProfile, body: unknown, device?: string): Promise<PushResponse<OfficeActionWireDoc>> {
    const rows = (body as { rows?: unknown } | null)?.rows;
    const envelope = Array.isArray(rows) && rows.length >= 1 && rows.length <= MAX_BATCH_SIZE
      && Object.keys(body as object).every((key) => key === 'rows')
      && rows.every((row) => typeof (row as { newDocumentState?: { id?: unknown } } | null)?.newDocumentState?.id === 'string'
        && String((row as { newDocumentState: { id: string } }).newDocumentState.id).length <= 200);
    if (!envelope) {
      throw invalidInput([{ path: '/rows', message: {
        id: `kirim 1 sampai ${MAX_BATCH_SIZE} baris, masing-masing dengan newDocumentState yang menyebut id`,
        en: `send 1 to ${MAX_BATCH_SIZE} rows, each with a newDocumentState naming its id`,
      } }]);
    }
    const refused: RefusedRow<OfficeActionWireDoc>[] = [];
    for (const [index, row] of (rows as { assumedMasterState?: unknown; newDocumentState: { id: string; _deleted?: unknown } }[]).entries()) {
      const id = row.newDocumentState.id;
      try {
        // A device never changes an action it made: a row with an assumed state is an edit.
        const edit = row.assumedMasterState !== undefined || row.newDocumentState._deleted === true;
        // Only a row the rules would refuse is looked at as a possible echo: the device's own new
        // actions go straight to apply (exactly once by id), with no extra read each.
        const foreign = (row.newDocumentState as { actorId?: unknown }).actorId !== user.userId;
        if ((edit || foreign) && await this.repeatsStored(user, row)) continue;
        // Another account's action as the tombstone this device pulled when it left the account's
        // reach (the application re-routed away from its agency): pushed back, it is nothing to do,
        // as the applications' tombstones are (applications.ts says why). It is never read (the
        // account may no longer read the action), so the answer is the same whatever it names.
        // One's own actions never come as tombstones (their maker always reads them): an own
        // deleted row is a deletion, refused below.
        if (foreign && isPulledTombstone(row.newDocumentState)) continue;
        if (edit) throw immutable(index);
        const result = await this.actions.apply(user, row.newDocumentState, device);
        const stored = result.action;
        if (stored.outcome === 'refused') {
          refused.push(refusedRow(id, stored.outcomeCode ?? 'refused', stored.outcomeReason ?? {
            id: 'Tindakan ini ditolak.', en: 'This action was refused.',
          }, undefined, stored));
        }
      } catch (error) {
        if (!(error instanceof ApiError) || error.status >= 500) throw error;
        refused.push(refusedRow(id, error.code, { id: error.messageId, en: error.messageEn },
          error.problems?.map((problem) => ({ ...problem, path: problem.path.startsWith('/rows/') ? problem.path : `/rows/${index}/newDocumentState${problem.path === '/' ? '' : problem.path}` }))));
      }
    }
    return { conflicts: [], refused };
  }
}
