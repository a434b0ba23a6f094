/**
 * What a synced collection answers for the generic routes (sync-routes.ts): its pull and its push.
 * Each collection (applications.ts, actions.ts, what the next issue adds) has its own rules for
 * who may push what; the pull is the shared reach pull (collection-sync.ts).
 */
import type { PullResponse, PushResponse, SyncCollection, UserProfile } from '../../../common/sync-protocol.js';

export interface SyncCollectionHandler {
  readonly name: SyncCollection;
  pull(account: UserProfile, checkpointText: unknown, limitText: unknown, device?: string): Promise<PullResponse<unknown>>;
  /**
   * `perRow`: the device understands per-row refusals (PER_ROW_REFUSALS_HEADER). A collection
   * made after per-row refusals existed may always answer per row.
   */
  push(account: UserProfile, body: unknown, device?: string, options?: { perRow?: boolean }): Promise<PushResponse<unknown>>;
}
