/**
 * Finding an application by its provisional (receipt) or its registration number, for an account
 * that may read it (GET /api/applications/lookup).
 */
import type { ApplicationWireDoc } from '../../common/application-schema.js';
import { mayRead } from '../../common/access/readers.js';
import type { UserProfile } from '../../common/sync-protocol.js';
import { ApiError } from '../http-errors.js';
import { PROVISIONAL_NUMBER_INDEX, REGISTRATION_NUMBER_INDEX, type Store, type StoredApplication } from '../store.js';
import { NUMBERED_STATUSES } from './collections/application-rules.js';
import { readersOf, toWire } from './collections/application-wire.js';

export async function findByNumber(store: Store, user: UserProfile, numberText: unknown): Promise<ApplicationWireDoc> {
  const number = typeof numberText === 'string' ? numberText.trim().toUpperCase() : '';
  if (number.length < 4 || number.length > 64) {
    throw new ApiError(400, 'invalid-number', 'Tulis nomor tanda terima atau nomor pendaftaran.', 'Give a receipt or registration number.');
  }
  // Only submitted applications carry a number that counts (a draft can carry any text).
  const submitted = { status: { $in: NUMBERED_STATUSES }, deleted: false };
  const [byProvisional, byRegistration] = await Promise.all([
    store.applications.find({ selector: { provisionalNumber: number, ...submitted }, limit: 50, use_index: [PROVISIONAL_NUMBER_INDEX.ddoc, PROVISIONAL_NUMBER_INDEX.name] }),
    store.applications.find({ selector: { registrationNumber: number, ...submitted }, limit: 50, use_index: [REGISTRATION_NUMBER_INDEX.ddoc, REGISTRATION_NUMBER_INDEX.name] }),
  ]);
  const visible = ([...byProvisional.docs, ...byRegistration.docs] as StoredApplication[])
    .find((doc) => !doc.deleted && doc.status !== 'draft' && mayRead(user, readersOf(doc)));
  // The same answer whether the number does not exist or belongs to someone else.
  if (!visible) throw new ApiError(404, 'application-not-found', `Tidak ada permohonan Anda dengan nomor ${number}.`, `None of your applications has number ${number}.`);
  return toWire(visible);
}
