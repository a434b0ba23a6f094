/**
 * What the server checks in an application a device sends, row by row: its shape against the
 * catalog it names (answers, documents), and the workflow (common/workflow.ts): who may change
 * which status, what a submitted application still lets a device change, and that device-made
 * numbers are unique. Each check answers problems naming the row, so one bad row can be refused
 * alone (collections/applications.ts).
 */
import type { ApplicationDoc, ApplicationStatus, ApplicationWireDoc } from '../../../common/application-schema.js';
import { draftProblems, serverClock } from '../../../common/answer-validation.js';
import type { PermitType } from '../../../common/catalog.js';
import { sameValue } from '../../../common/merge.js';
import type { ApiProblem, UserProfile } from '../../../common/sync-protocol.js';
import { deviceMayChangeStatus, documentRefProblems, filedByBooth, isEditable, submissionProblems } from '../../../common/workflow.js';
import { CLAIM_CODE_INDEX, PROVISIONAL_NUMBER_INDEX, type Store, type StoredApplication } from '../../store.js';
import { DEVICE_CONTENT_FIELDS } from './application-wire.js';

/** Statuses in which a provisional number or claim code counts (a draft can carry any text). */
export const NUMBERED_STATUSES: readonly ApplicationStatus[] = ['submitted', 'returned', 'in-review', 'needs-information', 'reviewed'];

/** The catalogs a push names, one store read per version however many rows name it. */
export type CatalogsByVersion = Map<number, Promise<{ permitTypes: PermitType[] } | undefined>>;

export const problemAt = (index: number, field: string, id: string, en: string): ApiProblem => ({
  path: `/rows/${index}/newDocumentState/${field}`, message: { id, en },
});

export async function permitTypeOf(catalogsByVersion: CatalogsByVersion, doc: ApplicationDoc): Promise<PermitType | undefined> {
  return (await catalogsByVersion.get(doc.catalogVersion))?.permitTypes.find((type) => type.id === doc.permitTypeId);
}

/** The row's content against its catalog: a known permit type, its answers within their limits, documents it asks for. */
export async function contentProblems(index: number, doc: ApplicationWireDoc, catalogsByVersion: CatalogsByVersion): Promise<ApiProblem[]> {
  const permitType = await permitTypeOf(catalogsByVersion, doc);
  if (!permitType) {
    return [problemAt(index, 'permitTypeId', `jenis izin "${doc.permitTypeId}" tidak ada di katalog versi ${doc.catalogVersion}`,
      `permit type "${doc.permitTypeId}" is not in catalog version ${doc.catalogVersion}`)];
  }
  return [
    ...draftProblems(permitType, doc.answers).map((found) => ({
      path: `/rows/${index}/newDocumentState/answers/${found.fieldId}${found.part ? `/${found.part}` : ''}`, message: found.message,
    })),
    ...documentRefProblems(permitType, doc.documents).map((found) => ({ path: `/rows/${index}/newDocumentState/${found.path}`, message: found.message })),
  ];
}

/** What common/workflow.ts forbids in this change, as problems of row `index`. */
export function workflowProblems(index: number, user: UserProfile, next: ApplicationWireDoc, existing: StoredApplication | undefined,
  permitType: PermitType | undefined): ApiProblem[] {
  const previous = existing && !existing.deleted ? existing.status : undefined;
  if (existing && next.ownerId !== existing.ownerId) {
    return [problemAt(index, 'ownerId', 'pemilik permohonan tidak dapat diganti', 'the owner of an application cannot change')];
  }
  // A number, a catalog's fields and the files' requirements all belong to the type it was started as.
  if (existing && (next.permitTypeId !== existing.permitTypeId || next.catalogVersion !== existing.catalogVersion)) {
    return [problemAt(index, next.permitTypeId !== existing.permitTypeId ? 'permitTypeId' : 'catalogVersion',
      'jenis izin dan versi katalog permohonan tidak dapat diganti; buat permohonan baru',
      'the permit type and catalog version of an application cannot change; start a new application')];
  }
  if (next._deleted) {
    return previous === undefined || previous === 'draft' ? []
      : [problemAt(index, '_deleted', 'permohonan yang sudah dikirim tidak dapat dihapus', 'a submitted application cannot be deleted')];
  }
  if (!deviceMayChangeStatus(previous, next.status)) {
    return [problemAt(index, 'status', `status tidak dapat diubah dari "${previous ?? 'baru'}" ke "${next.status}" oleh perangkat`,
      `the status cannot change from "${previous ?? 'new'}" to "${next.status}" on a device`)];
  }
  if (existing && previous && !isEditable(previous)) {
    const changed = DEVICE_CONTENT_FIELDS.filter((field) => !sameValue(existing[field], next[field]));
    if (changed.length > 0 || existing.provisionalNumber !== next.provisionalNumber) {
      return [problemAt(index, changed[0] ?? 'provisionalNumber', 'permohonan yang sudah dikirim terkunci sampai dikembalikan untuk perbaikan',
        'a submitted application is locked until it is returned for correction')];
    }
  }
  const submitting = next.status === 'submitted' && previous !== 'submitted';
  if (!submitting || !permitType) return [];
  return submissionProblems(permitType, next, filedByBooth(existing ?? next, user), serverClock()).map((found) => ({
    path: `/rows/${index}/newDocumentState/${found.path}`, message: found.message,
  }));
}

/**
 * Receipt numbers and claim codes are made on devices (offline), so the server makes sure no
 * other application already carries the same one before it accepts a submission: a receipt must
 * find one application, a claim code claim one.
 */
export async function codeClashes(store: Store, index: number, next: ApplicationWireDoc): Promise<ApiProblem[]> {
  const problems: ApiProblem[] = [];
  const checks = [
    ['provisionalNumber', PROVISIONAL_NUMBER_INDEX, next.provisionalNumber],
    ['claimCode', CLAIM_CODE_INDEX, next.claimCode],
  ] as const;
  for (const [field, index_, value] of checks) {
    if (!value) continue;
    const found = await store.applications.find({
      selector: { [field]: value, status: { $in: NUMBERED_STATUSES }, deleted: false },
      limit: 50,
      use_index: [index_.ddoc, index_.name],
    });
    if ((found.docs as StoredApplication[]).some((doc) => doc._id !== next.id)) {
      problems.push(problemAt(index, field, 'nomor ini sudah dipakai permohonan lain; kirim ulang untuk mendapat nomor baru',
        'this number is already used by another application; submit again to get a new one'));
    }
  }
  return problems;
}
