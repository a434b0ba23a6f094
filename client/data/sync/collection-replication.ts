/**
 * One collection's replication against the generic sync routes (`/api/sync/<collection>/pull|push`),
 * the same for every collection: RxDB's replicateRxCollection with the server's opaque checkpoint,
 * tombstones of documents that left the account's reach (they leave this device), and per-row
 * refusals kept in the refused-changes list instead of being retried for ever.
 */
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import type { RxCollection } from 'rxdb/plugins/core';
import type { Observable } from 'rxjs';
import {
  MAX_BATCH_SIZE, PER_ROW_REFUSALS_HEADER, type PullResponse, type PushResponse, type PushRow, type SyncCollection,
} from '../../../common/sync-protocol.js';
import { apiRequest } from '../api.js';
import type { RefusedChange, RefusedChanges } from './refused-changes.js';

/** The server's checkpoint is an opaque string; RxDB merges checkpoints as objects, so it travels wrapped in one. */
export interface PullCheckpoint {
  token: string;
}

/** How soon a failed request is tried again when the network is up but the server was not. */
export const RETRY_MS = 2000;

export interface CollectionReplicationOptions<Local extends { id: string }, Wire extends { id: string }> {
  collection: RxCollection<Local>;
  name: SyncCollection;
  replicationIdentifier: string;
  headers: Record<string, string>;
  /** The live stream's "this collection changed" (one EventSource for every collection: sync-stream.ts). */
  resync$: Observable<'RESYNC'>;
  /** Runs one request and records what it tells about connectivity (replication.ts). */
  request<T>(send: () => Promise<T>): Promise<T>;
  toLocal(doc: Wire): Local;
  toWire(doc: Local): Wire;
  refused: RefusedChanges;
  /**
   * After a push the server answered: the rows it no longer waits for (stored, or refused and
   * listed), and among them the rows sent as exactly the state the device took the server to hold
   * (a conflict resolved to the server's state goes back so: RxDB 17 pushes a resolution it
   * managed to write).
   */
  onPushed?(rows: Local[], echoes: Local[]): Promise<void> | void;
  /**
   * The rows the server answered as conflicts (another state came first), with the state it holds:
   * RxDB resolves each through the collection's conflict handler once this push is done.
   */
  onConflicts?(conflicts: { sent: Local; assumed: Local | undefined; master: Local }[]): Promise<void> | void;
  /** The server's states a pull brought, before they are written here. */
  onPulled?(docs: Local[]): Promise<void> | void;
  /** Whether two states of a document are the same (the collection's conflict handler's test). */
  sameState?(a: Local, b: Local): boolean;
}

/** A tombstone's mark is the server's; the local schema has no place for it. */
function withoutGoneMark<Wire>(doc: Wire): Wire {
  if (typeof doc !== 'object' || doc === null || !('_gone' in doc)) return doc;
  const { _gone: _ignored, ...rest } = doc as Wire & { _gone?: unknown };
  return rest as Wire;
}

export function replicateCollection<Local extends { id: string }, Wire extends { id: string }>(
  options: CollectionReplicationOptions<Local, Wire>,
): RxReplicationState<Local, PullCheckpoint> {
  const { collection, name, headers } = options;
  return replicateRxCollection<Local, PullCheckpoint>({
    collection,
    replicationIdentifier: options.replicationIdentifier,
    live: true,
    retryTime: RETRY_MS,
    pull: {
      batchSize: MAX_BATCH_SIZE,
      handler: async (checkpoint, batchSize) => {
        const query = new URLSearchParams({ limit: String(batchSize) });
        if (checkpoint?.token) query.set('checkpoint', checkpoint.token);
        const body = await options.request(() => apiRequest<PullResponse<Wire>>(`/sync/${name}/pull?${query.toString()}`, { headers }));
        const documents = body.documents.map((doc) => options.toLocal(withoutGoneMark(doc)));
        if (documents.length > 0) await options.onPulled?.(documents);
        return {
          documents: documents as never,
          checkpoint: body.checkpoint ? { token: body.checkpoint } : checkpoint,
        };
      },
      stream$: options.resync$,
    },
    push: {
      batchSize: MAX_BATCH_SIZE,
      handler: async (rows) => {
        const body = await options.request(() => apiRequest<PushResponse<Wire>>(`/sync/${name}/push`, {
          method: 'POST',
          body: {
            rows: rows.map((row): PushRow<Wire> => ({
              newDocumentState: options.toWire(row.newDocumentState as Local),
              ...(row.assumedMasterState ? { assumedMasterState: options.toWire(row.assumedMasterState as Local) } : {}),
            })),
          },
          headers: { ...headers, [PER_ROW_REFUSALS_HEADER]: 'rows' },
        }));
        const refused = body.refused ?? [];
        if (refused.length > 0) {
          const at = new Date().toISOString();
          const sentById = new Map(rows.map((row) => [row.newDocumentState.id, row.newDocumentState]));
          await options.refused.add(refused.map((row): RefusedChange => ({
            id: row.id, collection: name, code: row.code, reason: row.reason, sent: sentById.get(row.id), tookServerState: row.state !== undefined, at,
          })));
          // Not retried: the local document takes the server's state (a local write once RxDB has
          // finished with this push; pushed again it equals the server's, which stores nothing),
          // or stays as it is when the server has none.
          const states = refused.flatMap((row) => (row.state ? [options.toLocal(row.state)] : []));
          if (states.length > 0) setTimeout(() => void collection.bulkUpsert(states as never).catch(() => undefined), 0);
        }
        // A row that came back as a conflict was not stored: it still waits (merged, it goes out again).
        const conflicting = new Set(body.conflicts.map((doc) => doc.id));
        if (body.conflicts.length > 0 && options.onConflicts) {
          const rowById = new Map(rows.map((row) => [row.newDocumentState.id, row]));
          await options.onConflicts(body.conflicts.flatMap((doc) => {
            const row = rowById.get(doc.id);
            return row ? [{ sent: row.newDocumentState as Local, assumed: row.assumedMasterState as Local | undefined, master: options.toLocal(doc) }] : [];
          }));
        }
        const answered = rows.filter((row) => !conflicting.has(row.newDocumentState.id));
        const echoes = answered.filter((row) => row.assumedMasterState && options.sameState?.(row.newDocumentState as Local, row.assumedMasterState as Local));
        await options.onPushed?.(answered.map((row) => row.newDocumentState as Local), echoes.map((row) => row.newDocumentState as Local));
        return body.conflicts.map((doc) => options.toLocal(doc)) as never;
      },
    },
  });
}
