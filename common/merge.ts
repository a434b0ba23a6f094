/**
 * Three-way merge of two edits of the same application, used when the server reports that another
 * device changed it first. Nothing a person typed may be lost, so instead of "the server wins" we
 * keep every answer this device changed since the state it last saw from the server, and take the
 * server's value for every answer it did not touch. When both changed the same answer, this
 * device's value wins: it is the one the person is looking at right now.
 *
 * Fields only the server sets (registration number, return reasons, ...) always come from the server.
 */
import {
  OPTIONAL_FIELDS, SERVER_OWNED_FIELDS, type AnswerValue, type ApplicationDoc, type ApplicationWireDoc, type DocumentRef,
} from './application-schema.js';

/** Structural equality of JSON values; key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  const aKeys = Object.keys(aRecord).filter((key) => aRecord[key] !== undefined);
  const bKeys = Object.keys(bRecord).filter((key) => bRecord[key] !== undefined);
  return aKeys.length === bKeys.length && aKeys.every((key) => Object.prototype.hasOwnProperty.call(bRecord, key) && sameValue(aRecord[key], bRecord[key]));
}

/** Key-by-key three-way merge of a map (answers, documents). */
function mergeMap<T>(base: Record<string, T> | undefined, server: Record<string, T> | undefined, local: Record<string, T> | undefined,
  hasBase: boolean): Record<string, T> {
  const keys = new Set([...Object.keys(server ?? {}), ...Object.keys(local ?? {})]);
  const merged: [string, T][] = [];
  for (const key of keys) {
    const localValue = local?.[key];
    // With no common base (both created it offline), every value this device has counts as its edit.
    const changedHere = hasBase ? !sameValue(base?.[key], localValue) : localValue !== undefined;
    const value = changedHere ? localValue : server?.[key];
    // A value this device removed stays removed; one it never had keeps the server's value.
    if (value !== undefined) merged.push([key, value]);
  }
  return Object.fromEntries(merged);
}

const DEVICE_OPTIONAL_FIELDS = OPTIONAL_FIELDS.filter(
  (field) => field !== 'documents' && !(SERVER_OWNED_FIELDS as readonly string[]).includes(field),
);

/** `doc` with the fields only the server sets taken from `server` (absent ones dropped, as JSON does). */
function withServerOwnedFields(doc: ApplicationWireDoc, server: ApplicationWireDoc): ApplicationWireDoc {
  const record = { ...doc } as unknown as Record<string, unknown>;
  for (const field of SERVER_OWNED_FIELDS) record[field] = server[field];
  return JSON.parse(JSON.stringify(record)) as ApplicationWireDoc;
}

export function mergeApplication(
  base: ApplicationWireDoc | undefined,
  server: ApplicationWireDoc,
  local: ApplicationWireDoc,
): ApplicationWireDoc {
  const updatedAt = Math.max(server.updatedAt, local.updatedAt);
  // Deleting on one side while the other still edits: keep the edit (undeleting beats losing text).
  if (server._deleted !== local._deleted) {
    return withServerOwnedFields({ ...(server._deleted ? local : server), _deleted: false, updatedAt }, server);
  }
  // Another device submitted (or this device's own submission already arrived and its answer was
  // lost): the office has that submitted form, and a submitted application is locked until it is
  // returned. Edits made here meanwhile cannot be applied to it.
  if (server.status === 'submitted' && base?.status !== 'submitted') return server;
  // This device submitted while another still edited: the submission is what the person checked
  // and confirmed, so it stands whole. Mixing the other device's later edits into it could make an
  // incomplete submission, which the server would refuse forever.
  if (local.status === 'submitted' && base?.status !== 'submitted') {
    return withServerOwnedFields({ ...local, updatedAt }, server);
  }

  const merged: ApplicationWireDoc = {
    ...server,
    answers: mergeMap(base?.answers, server.answers, local.answers, base !== undefined),
    updatedAt,
  };
  const documents = mergeMap(base?.documents, server.documents, local.documents, base !== undefined);
  if (Object.keys(documents).length > 0) merged.documents = documents;
  else delete merged.documents;
  const record = merged as unknown as Record<string, unknown>;
  for (const field of [...DEVICE_OPTIONAL_FIELDS, 'status'] as const) {
    const changedHere = base === undefined ? local[field] !== undefined : !sameValue(base[field], local[field]);
    if (!changedHere) continue;
    // Undefined is "absent": JSON (and the wire) drop it.
    record[field] = local[field];
  }
  return JSON.parse(JSON.stringify(merged)) as ApplicationWireDoc;
}

/**
 * The answers this device changed (since `base`) that `merged` does not carry: typed here, but not
 * applied, e.g. because another device submitted the application first and a submitted form is
 * locked. The person must be shown them, so that nothing typed is lost without a word.
 */
export function answersNotApplied(base: ApplicationWireDoc | undefined, local: ApplicationWireDoc,
  merged: ApplicationWireDoc): Record<string, AnswerValue> {
  const lost: [string, AnswerValue][] = [];
  for (const [fieldId, value] of Object.entries(local.answers)) {
    const changedHere = base === undefined || !sameValue(base.answers[fieldId], value);
    if (changedHere && !sameValue(merged.answers[fieldId], value)) lost.push([fieldId, value]);
  }
  return Object.fromEntries(lost);
}

/**
 * The documents this device chose (since `base`) that `merged` does not name, by requirement id:
 * photos taken here for a form another device submitted first. Their bytes are still on the
 * device; the person must be told, and be able to keep them (client/data/files: a file a refused
 * change names is neither sent nor forgotten while the change is listed).
 */
export function documentsNotApplied(base: ApplicationWireDoc | undefined, local: ApplicationWireDoc,
  merged: ApplicationWireDoc): Record<string, DocumentRef> {
  const lost: [string, DocumentRef][] = [];
  for (const [requirementId, ref] of Object.entries(local.documents ?? {})) {
    const changedHere = base === undefined || base.documents?.[requirementId]?.fileId !== ref.fileId;
    if (changedHere && merged.documents?.[requirementId]?.fileId !== ref.fileId) lost.push([requirementId, ref]);
  }
  return Object.fromEntries(lost);
}

const REQUIRED_SCALARS = ['id', 'ownerId', 'permitTypeId', 'catalogVersion', 'status', 'createdAt', 'updatedAt'] as const satisfies readonly (keyof ApplicationDoc)[];

/** Equality used by replication and the server to tell whether two states of a document differ at all. */
export function sameApplicationState(a: ApplicationWireDoc, b: ApplicationWireDoc): boolean {
  if (a._deleted !== b._deleted) return false;
  if (REQUIRED_SCALARS.some((field) => a[field] !== b[field])) return false;
  if (OPTIONAL_FIELDS.some((field) => !sameValue(a[field], b[field]))) return false;
  return sameValue(a.answers, b.answers);
}
