/**
 * What the office suites share: reviewer accounts of an agency, a submitted TDP application of a
 * fresh applicant, and office actions sent through the real server (POST /api/office/actions).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { AnswerValue, ApplicationStatus, ApplicationWireDoc, DocumentRef } from '../../common/application-schema.js';
import { demoCatalog } from '../../common/demo-catalog.js';
import type { OfficeActionDoc, OfficeActionKind } from '../../common/office-action-schema.js';
import { DEVICE_HEADER, type ApplicationHistoryResponse } from '../../common/sync-protocol.js';
import { newClaimCode, newProvisionalNumber } from '../../common/workflow.js';
import type { OfficeActionWireDoc } from '../../sync-server/office/office-actions.js';
import type { StoredUser } from '../../sync-server/store.js';
import { userDocId } from '../../sync-server/users.js';
import { freshId, type ApiResult, type Session, type TestServer } from './helpers.js';

export const NIK = '6471021708900003';
export const PARTNER_NIK = '6471051708900002';
export const NAME = 'Siti Rahayu Tersembunyi';
export const PHONE = '081234567890';
export const STREET = 'Jl. Kenanga Rahasia No. 77';

/** TDP's agency in the demo catalog (reviewAgencyIds), and one that never reviews TDP. */
export const TDP_AGENCY = 'dinas-perdagangan';
export const OTHER_AGENCY = 'bapenda';

export function tdpAnswers(): Record<string, AnswerValue> {
  return {
    applicantNik: NIK, applicantName: NAME, applicantPhone: PHONE, companyName: 'CV Maju Rahasia', businessForm: 'cv',
    companyAddress: { street: STREET, rtRw: '003/005', village: 'Klandasan Ilir', district: 'Balikpapan Kota', city: 'Kota Balikpapan', province: 'Kalimantan Timur', postalCode: '76113' },
    partners: [{ name: 'Ahmad Fauzi', nik: PARTNER_NIK, position: 'active' }],
    kbli: '47112', siupNumber: '', establishmentDate: '2018-03-12', employeeCount: 8,
  };
}

/** A device name for the x-ptsp-device header (history records it). */
export const deviceName = (): string => `dev-${randomBytes(6).toString('hex')}`;

/** A fresh account of `role` with an agency (written into its account document, as an administrator would), signed in. */
export async function sessionWithAgency(server: TestServer, role: 'agency-reviewer' | 'front-office', agencyId: string, displayName?: string): Promise<Session> {
  const account = await server.account(role, displayName ?? `Peninjau ${agencyId}`);
  const doc = await server.running.store.users.get(userDocId(account.username));
  await server.running.store.users.insert({ ...doc, agencyId } as StoredUser & { agencyId: string });
  const session = await server.session(account.username, account.password);
  assert.equal(session.user.agencyId, agencyId, 'the profile carries the agency from the account document');
  return session;
}

export const CITIZEN_NIK = '6471055708900002';

/** A TDP application of `owner`, submitted (its files named, not sent: the office works without the number). */
export async function submittedTdp(server: TestServer, owner: Session, extra: Partial<ApplicationWireDoc> = {}): Promise<ApplicationWireDoc> {
  const documents: Record<string, DocumentRef> = Object.fromEntries(['ktp', 'npwp'].map((requirementId) => [requirementId, {
    fileId: freshId(), fileName: `${requirementId}.jpg`, mimeType: 'image/jpeg', size: 600, sha256: randomBytes(32).toString('hex'),
  }]));
  const now = Date.now();
  const doc: ApplicationWireDoc = {
    id: freshId(), ownerId: owner.user.userId, permitTypeId: 'tdp', catalogVersion: demoCatalog.version, status: 'submitted',
    answers: tdpAnswers(), createdAt: new Date(now).toISOString(), updatedAt: now, _deleted: false, documents,
    provisionalNumber: newProvisionalNumber(), submittedAt: new Date(now).toISOString(), ...extra,
  };
  assert.deepEqual(await server.pushOk(owner.cookie, [{ newDocumentState: doc }]), { conflicts: [] });
  return doc;
}

/** A booth filing for a walk-in citizen, submitted; the citizen claims it with its code. Returns the filing. */
export async function claimedBoothFiling(server: TestServer, booth: Session, citizen: Session): Promise<ApplicationWireDoc> {
  const doc = await submittedTdp(server, booth, {
    citizen: { nik: CITIZEN_NIK, name: NAME, phone: PHONE, address: { ...(tdpAnswers().companyAddress as Record<string, string>) } },
    consentAt: new Date().toISOString(), claimCode: newClaimCode(),
  });
  const claimed = await server.api('/api/claims', { body: { code: doc.claimCode }, cookie: citizen.cookie });
  assert.equal(claimed.status, 200, claimed.text);
  return doc;
}

/** An action of `session` on `application`, as a device makes it (its own id, the status the person saw). */
export function makeAction(session: Session, applicationId: string, kind: OfficeActionKind, basedOnStatus: ApplicationStatus,
  fields: Partial<OfficeActionDoc> = {}): OfficeActionDoc {
  const now = Date.now();
  return {
    id: freshId(), applicationId, kind, actorId: session.user.userId, createdAt: new Date(now - 60_000).toISOString(), updatedAt: now,
    basedOnStatus, ...fields,
  };
}

export async function sendAction(server: TestServer, session: Session, action: unknown, device?: string): Promise<ApiResult> {
  return server.api('/api/office/actions', { body: action, cookie: session.cookie, ...(device ? { headers: { [DEVICE_HEADER]: device } } : {}) });
}

/** Sends an action and expects it stored (201 the first time, 200 when it was stored before); returns the stored action. */
export async function acted(server: TestServer, session: Session, action: OfficeActionDoc, device?: string): Promise<OfficeActionWireDoc> {
  const result = await sendAction(server, session, action, device);
  assert.ok(result.status === 201 || result.status === 200, `action ${action.kind}: ${result.status} ${result.text.slice(0, 500)}`);
  return (result.body as { action: OfficeActionWireDoc }).action;
}

/** Sends an action and expects it applied. */
export async function applied(server: TestServer, session: Session, action: OfficeActionDoc, device?: string): Promise<OfficeActionWireDoc> {
  const stored = await acted(server, session, action, device);
  assert.equal(stored.outcome, 'applied', `${action.kind} applied: ${stored.outcomeCode ?? ''} ${stored.outcomeReason?.en ?? ''}`);
  return stored;
}

/** The application as the server stores it now. */
export async function storedApplication(server: TestServer, id: string): Promise<ApplicationWireDoc & Record<string, unknown>> {
  const stored = await server.stored(id);
  assert.ok(stored, `application ${id} is stored`);
  return stored as unknown as ApplicationWireDoc & Record<string, unknown>;
}

export async function historyOf(server: TestServer, session: Session, id: string): Promise<ApiResult & { view?: ApplicationHistoryResponse }> {
  const result = await server.api(`/api/applications/${id}/history`, { cookie: session.cookie });
  return { ...result, ...(result.status === 200 ? { view: result.body as ApplicationHistoryResponse } : {}) };
}

/**
 * The usual way to in-review: a front-office account accepts the submission (every check ok).
 * Returns the stored accept action.
 */
export async function accept(server: TestServer, office: Session, application: ApplicationWireDoc, device?: string): Promise<OfficeActionWireDoc> {
  return applied(server, office, makeAction(office, application.id, 'accept', 'submitted', {
    checks: [{ itemId: 'ktp', ok: true }, { itemId: 'npwp', ok: true }, { itemId: 'companyName', ok: true }],
  }), device);
}
