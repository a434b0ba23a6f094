/**
 * An application between its two forms: the wire document devices hold (common/application-schema.ts)
 * and the stored one (store.ts StoredApplication, with what only the server sets), and the
 * tombstone an account gets once the application left its reach.
 */
import { OPTIONAL_FIELDS, SERVER_OWNED_FIELDS, type ApplicationWireDoc } from '../../../common/application-schema.js';
import { applicationReaders } from '../../../common/access/readers.js';
import type { StoredApplication } from '../../store.js';
import { reachAfter } from '../reach.js';

/** The fields of the document a device may change (everything but what only the server sets). */
export const DEVICE_CONTENT_FIELDS = ['permitTypeId', 'catalogVersion', 'answers', ...OPTIONAL_FIELDS.filter(
  (field) => !(SERVER_OWNED_FIELDS as readonly string[]).includes(field) && field !== 'submittedAt' && field !== 'provisionalNumber',
)] as const;

export function toWire(stored: StoredApplication): ApplicationWireDoc {
  const wire: ApplicationWireDoc = {
    id: stored.id,
    ownerId: stored.ownerId,
    permitTypeId: stored.permitTypeId,
    catalogVersion: stored.catalogVersion,
    status: stored.status,
    answers: stored.answers,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    _deleted: stored.deleted,
  };
  const record = wire as unknown as Record<string, unknown>;
  for (const field of OPTIONAL_FIELDS) if (stored[field] !== undefined) record[field] = stored[field];
  return wire;
}

/** An application that left an account's reach: its required fields, no content (no answers, citizen or documents). */
export function applicationTombstone(stored: StoredApplication): ApplicationWireDoc {
  const tombstone = {
    id: stored.id, ownerId: stored.ownerId, permitTypeId: stored.permitTypeId, catalogVersion: stored.catalogVersion,
    status: stored.status, answers: {}, createdAt: stored.createdAt, updatedAt: stored.updatedAt, _deleted: true, _gone: true,
  };
  return tombstone as ApplicationWireDoc;
}

/**
 * Whether a pushed row has the shape of a tombstone as a device holds it once pulled
 * (applicationTombstone, less the `_gone` mark the device strips): deleted, no answers and none of
 * the optional fields. applications.ts drops such a row from an account that may not write the
 * application instead of refusing it.
 */
export function isPulledTombstone(doc: ApplicationWireDoc): boolean {
  const record = doc as unknown as Record<string, unknown>;
  return doc._deleted && Object.keys(doc.answers).length === 0 && OPTIONAL_FIELDS.every((field) => record[field] === undefined);
}

/** The stored form of a device's document, with the server-owned fields taken from `existing`. */
export function toStored(next: ApplicationWireDoc, existing: StoredApplication | undefined): StoredApplication {
  const stored: StoredApplication = {
    _id: next.id,
    ...(existing?._rev ? { _rev: existing._rev } : {}),
    type: 'application',
    id: next.id,
    ownerId: next.ownerId,
    permitTypeId: next.permitTypeId,
    catalogVersion: next.catalogVersion,
    status: next.status,
    answers: next.answers,
    createdAt: next.createdAt,
    updatedAt: next.updatedAt,
    deleted: next._deleted,
    serverSeq: 0,
    serverUpdatedAt: '',
    // Set from the final state just before it is stored (withReach).
    readers: [],
    formerReaders: [],
  };
  const record = stored as unknown as Record<string, unknown>;
  for (const field of OPTIONAL_FIELDS) {
    const source = (SERVER_OWNED_FIELDS as readonly string[]).includes(field) ? existing : next;
    if (source?.[field] !== undefined) record[field] = source[field];
  }
  // Server bookkeeping that is no field of the document (never on the wire) stays as stored.
  if (existing?.lastActionId !== undefined) stored.lastActionId = existing.lastActionId;
  return stored;
}

/** Sets who may read the application in the state about to be stored (sync/reach.ts). */
export function withReach(doc: StoredApplication, previous: Partial<StoredApplication> | undefined): void {
  Object.assign(doc, reachAfter(applicationReaders(doc), previous));
}

/** The readers of a stored application; one stored before readers existed gets them computed. */
export const readersOf = (doc: StoredApplication): readonly string[] => doc.readers ?? applicationReaders(doc);
