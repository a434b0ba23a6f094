/**
 * Agencies (OPD) are data: documents `agency:<id>` in the account database, so an administrator
 * adds one without a release. The catalog names them (PermitType.reviewAgencyIds) and reviewers'
 * accounts belong to one; an agency is never deleted, only made inactive (accounts, history and
 * older catalog versions keep naming it).
 */
import type nano from 'nano';
import { AGENCY_ID_PATTERN, type LocalizedText } from '../../common/catalog.js';
import type { AgencyDefinition } from '../../common/standard-catalog.js';
import { DATABASES, getIfExists, isStatus, type Store } from '../store.js';
import { PROTOTYPE_NAMES } from '../validation.js';

export interface StoredAgency {
  _id: string;
  _rev?: string;
  type: 'agency';
  id: string;
  name: LocalizedText;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** What the API answers for an agency. */
export interface Agency {
  id: string;
  name: LocalizedText;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

const AGENCY_ID = new RegExp(AGENCY_ID_PATTERN);

/** A well-formed agency id that is not one of Object.prototype's names (ids key maps and reader keys). */
export const isAgencyId = (value: unknown): value is string =>
  typeof value === 'string' && AGENCY_ID.test(value) && !PROTOTYPE_NAMES.includes(value);

export const agencyDocId = (id: string): string => `agency:${id}`;

const agenciesDb = (store: Store): nano.DocumentScope<StoredAgency> => store.server.use<StoredAgency>(DATABASES.users);

export const toAgency = (doc: StoredAgency): Agency =>
  ({ id: doc.id, name: doc.name, active: doc.active, createdAt: doc.createdAt, updatedAt: doc.updatedAt });

export async function listAgencies(store: Store): Promise<Agency[]> {
  const list = await agenciesDb(store).list({ startkey: 'agency:', endkey: 'agency:\ufff0', include_docs: true });
  return list.rows.flatMap((row) => (row.doc && row.doc.type === 'agency' ? [toAgency(row.doc)] : []));
}

export async function findAgency(store: Store, id: string): Promise<Agency | undefined> {
  if (!isAgencyId(id)) return undefined;
  const doc = await getIfExists(agenciesDb(store), agencyDocId(id));
  return doc && doc.type === 'agency' ? toAgency(doc) : undefined;
}

/** Creates the agency; undefined when the id is taken (nothing is changed then). */
export async function createAgency(store: Store, input: AgencyDefinition): Promise<Agency | undefined> {
  const now = new Date().toISOString();
  const doc: StoredAgency = { _id: agencyDocId(input.id), type: 'agency', id: input.id, name: input.name, active: true, createdAt: now, updatedAt: now };
  try {
    await agenciesDb(store).insert(doc);
    return toAgency(doc);
  } catch (error) {
    if (isStatus(error, 409)) return undefined;
    throw error;
  }
}

/** Creates each agency that is not there yet; one already there keeps its name and state (an administrator's). */
export async function ensureAgencies(store: Store, agencies: readonly AgencyDefinition[]): Promise<void> {
  for (const agency of agencies) await createAgency(store, agency);
}

/** Changes an agency, again on a write conflict; undefined when there is no such agency. */
export async function updateAgency(store: Store, id: string, change: { name?: LocalizedText; active?: boolean }): Promise<Agency | undefined> {
  for (let attempt = 0; ; attempt++) {
    const current = await getIfExists(agenciesDb(store), agencyDocId(id));
    if (!current || current.type !== 'agency') return undefined;
    const next: StoredAgency = { ...current, ...change, updatedAt: new Date().toISOString() };
    try {
      await agenciesDb(store).insert(next);
      return toAgency(next);
    } catch (error) {
      if (!isStatus(error, 409) || attempt >= 4) throw error;
    }
  }
}
