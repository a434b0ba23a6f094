// Shared by the review, question-answer and refused-changes browser tests: a real Workspace (RxDB on
// IndexedDB, no sync) whose store a test writes as the replication would when the server answers.
import type { ApplicationDoc } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { OfficeActionDoc } from '../../common/office-action-schema.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import type { UserDatabase } from '../../client/data/database.js';
import type { RefusedChanges } from '../../client/data/sync/refused-changes.js';
import type { Workspace } from '../../client/data/workspace.js';

export const siup = demoCatalog.permitTypes.find((type) => type.id === 'siup')!;

/** The workspace's own store and refusal list (private: only the replication writes them in the app). */
interface Insides { local: UserDatabase; refused: RefusedChanges }
export const insides = (workspace: Workspace): Insides => workspace as unknown as Insides;

/** The catalog is served; every other request fails as if the device were offline. */
export function serveCatalogOnly(): void {
  window.fetch = ((input: RequestInfo | URL) => {
    const url = String(input);
    if (!url.includes('/api/catalog')) return Promise.reject(new TypeError('Failed to fetch'));
    return Promise.resolve(new Response(JSON.stringify(demoCatalog), { status: 200, headers: { 'content-type': 'application/json' } }));
  }) as typeof fetch;
}

export function person(role: UserProfile['role'], agencyId?: string): UserProfile {
  const name = `${role}-${crypto.randomUUID()}`;
  return { userId: name, username: name.slice(0, 30), displayName: `Uji ${role}`, role, ...(agencyId ? { agencyId } : {}) };
}

/** An application as the server would have sent it to this device: made here, then given the server's fields. */
export async function applicationOnDevice(workspace: Workspace, fields: Partial<ApplicationDoc>): Promise<ApplicationDoc> {
  const id = await workspace.createDraft(siup, demoCatalog.version);
  await workspace.saveAnswer(id, 'companyName', 'CV Sumber Rejeki');
  const doc = await insides(workspace).local.applications.findOne(id).exec();
  if (!doc) throw new Error('the draft was not stored');
  await doc.incrementalPatch({ ...fields, updatedAt: Date.now() + 1 });
  return current(workspace, id);
}

export async function current(workspace: Workspace, id: string): Promise<ApplicationDoc> {
  const doc = await insides(workspace).local.applications.findOne(id).exec();
  if (!doc) throw new Error(`no application ${id}`);
  return doc.toJSON() as ApplicationDoc;
}

/** Writes what the server changes on the application (as a pull would). */
export async function serverChanges(workspace: Workspace, id: string, fields: Partial<ApplicationDoc>): Promise<void> {
  const doc = await insides(workspace).local.applications.findOne(id).exec();
  await doc?.incrementalPatch({ ...fields, updatedAt: Date.now() + 2 });
}

/** Writes an action's outcome as the server sends it back (applied or refused, with its agency and time). */
export async function serverOutcome(workspace: Workspace, action: OfficeActionDoc, outcome: Partial<OfficeActionDoc>): Promise<void> {
  await insides(workspace).local.actions.upsert({ ...action, ...outcome, updatedAt: action.updatedAt + 1, appliedAt: new Date().toISOString() });
}
