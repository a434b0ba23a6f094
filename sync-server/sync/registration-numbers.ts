/**
 * Official registration numbers: per permit type and month, starting at 1, without gaps, and
 * exactly one per application however often its submission arrives.
 *
 * Each number given out is a document whose id contains the type, the month and the sequence, so
 * the store refuses to create the same number twice (409), even across server processes. A second
 * document per application records its number, so a repeated submission gets the same one.
 * Within this process, callers hold the write lock, so numbers are taken one at a time and a
 * number is only taken for an application that will be written with it.
 */
import { formatRegistrationNumber, registrationPeriod } from '../../common/workflow.js';
import { getIfExists, type Store, type StoredRegistration } from '../store.js';

/**
 * Keyed by the type's code, which is what the printed number shows: a permit type renamed in a
 * later catalog version but keeping its code continues the same sequence instead of repeating it.
 */
const numberDocId = (typeCode: string, period: string, sequence: number): string =>
  `number:${typeCode}:${period}:${String(sequence).padStart(8, '0')}`;

export interface GivenNumber {
  registrationNumber: string;
  registeredAt: string;
}

export class RegistrationNumbers {
  /** Next free sequence per `typeCode:period`, learnt from the store on first use. */
  private readonly next = new Map<string, number>();

  constructor(
    private readonly store: Store,
    private readonly timeZone: string,
  ) {}

  /** The application's number: the one it already has, or the next of its type and month. */
  async numberFor(applicationId: string, permitTypeId: string, typeCode: string, now = new Date()): Promise<GivenNumber> {
    const given = await this.existing(applicationId);
    if (given) return given;
    const period = registrationPeriod(now, this.timeZone);
    const key = `${typeCode}:${period}`;
    let sequence = this.next.get(key) ?? (await this.highest(typeCode, period)) + 1;
    const registeredAt = now.toISOString();
    for (;;) {
      const registration: StoredRegistration = {
        _id: numberDocId(typeCode, period, sequence),
        type: 'registration',
        applicationId,
        permitTypeId,
        period,
        sequence,
        registrationNumber: formatRegistrationNumber(typeCode, period, sequence),
        at: registeredAt,
      };
      // Both in one request: the number, and the application's record of it.
      const results = await this.store.registrations.bulk({ docs: [registration, { ...registration, _id: `application:${applicationId}` }] });
      const [numberResult, applicationResult] = results;
      if (numberResult?.error === 'conflict') {
        // Another server process took this number first.
        if (applicationResult?.rev && !applicationResult.error) await this.store.registrations.destroy(applicationResult.id, applicationResult.rev);
        sequence += 1;
        continue;
      }
      if (numberResult?.error) throw new Error(`store refused registration ${registration._id}: ${numberResult.error}`);
      if (applicationResult?.error === 'conflict') {
        // Another process numbered this application meanwhile: keep its number (ours becomes a gap).
        const other = await this.existing(applicationId);
        if (other) return other;
      } else if (applicationResult?.error) {
        throw new Error(`store refused registration of ${applicationId}: ${applicationResult.error}`);
      }
      this.next.set(key, sequence + 1);
      return { registrationNumber: registration.registrationNumber, registeredAt };
    }
  }

  private async existing(applicationId: string): Promise<GivenNumber | undefined> {
    const doc = await getIfExists(this.store.registrations, `application:${applicationId}`);
    return doc ? { registrationNumber: doc.registrationNumber, registeredAt: doc.at } : undefined;
  }

  private async highest(typeCode: string, period: string): Promise<number> {
    const prefix = `number:${typeCode}:${period}:`;
    const list = await this.store.registrations.list({ startkey: `${prefix}\ufff0`, endkey: prefix, descending: true, limit: 1 });
    const id = list.rows[0]?.id;
    return id ? Number(id.slice(prefix.length)) : 0;
  }
}
