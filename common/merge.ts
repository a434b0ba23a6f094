/**
 * Three-way merge of two edits of the same application, used when the server reports that another
 * device changed it first. Nothing a person typed may be lost, so instead of "the server wins" we
 * keep every answer this device changed since the state it last saw from the server, and take the
 * server's value for every answer it did not touch. When both changed the same answer, this
 * device's value wins: it is the one the person is looking at right now.
 */
import type { AnswerValue, ApplicationWireDoc } from './application-schema.js';

const same = (a: AnswerValue | undefined, b: AnswerValue | undefined): boolean => a === b;

export function mergeApplication(
  base: ApplicationWireDoc | undefined,
  server: ApplicationWireDoc,
  local: ApplicationWireDoc,
): ApplicationWireDoc {
  // Deleting on one side while the other still edits: keep the edit (undeleting beats losing text).
  if (server._deleted !== local._deleted) {
    const living = server._deleted ? local : server;
    return { ...living, _deleted: false, updatedAt: Math.max(server.updatedAt, local.updatedAt) };
  }
  const keys = new Set([...Object.keys(server.answers), ...Object.keys(local.answers)]);
  const merged: [string, AnswerValue][] = [];
  for (const key of keys) {
    const localValue = local.answers[key];
    // With no common base (both created it offline), every answer this device has counts as its edit.
    const changedHere = base === undefined ? localValue !== undefined : !same(base.answers[key], localValue);
    const value = changedHere ? localValue : server.answers[key];
    // An answer this device removed stays removed; one it never had keeps the server's value.
    if (value !== undefined) merged.push([key, value]);
  }
  const answers: Record<string, AnswerValue> = Object.fromEntries(merged);
  return {
    ...server,
    answers,
    updatedAt: Math.max(server.updatedAt, local.updatedAt),
  };
}

/** Equality used by replication to tell whether two states of a document differ at all. */
export function sameApplicationState(a: ApplicationWireDoc, b: ApplicationWireDoc): boolean {
  if (a.updatedAt !== b.updatedAt || a._deleted !== b._deleted || a.status !== b.status
    || a.permitTypeId !== b.permitTypeId || a.ownerId !== b.ownerId || a.catalogVersion !== b.catalogVersion) {
    return false;
  }
  const aKeys = Object.keys(a.answers);
  if (aKeys.length !== Object.keys(b.answers).length) return false;
  return aKeys.every((key) => Object.prototype.hasOwnProperty.call(b.answers, key) && a.answers[key] === b.answers[key]);
}
