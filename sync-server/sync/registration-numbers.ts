/**
 * Official registration numbers: per permit type and month, starting at 1, without gaps, and
 * exactly one per application however often its submission arrives, also when several sync-server
 * processes number at once on one CouchDB (or a cluster of them).
 *
 * The number document IS the assignment: `number:<type code>:<YYYY-MM>:<seq>` naming the
 * application, created with a PUT that CouchDB refuses (409) when the number is taken; there is no
 * counter document that a process could increment and then die before using. The next number to
 * try is the highest number document + 1. Before it creates one, a process records a claim,
 * `claim:<application id>`, holding the type, month and the sequence it is about to try, so a retry
 * (the same push again, another process, a restart) continues with that same sequence: it finds
 * the number document naming its application and takes it, instead of taking a second number and
 * leaving the first as a gap. Once the number is taken, `application:<id>` records it (what a
 * repeated submission reads first) and the claim goes. `sweep()` finishes claims left half-done by a
 * process that stopped (a number taken but not recorded) and releases those that took nothing.
 *
 * On a cluster a PUT may answer 202: fewer copies than a quorum accepted it, and another process
 * may have created the same number on the other copies. A 202 is kept only if a quorum read then
 * shows our revision alone; otherwise ours is withdrawn and the same sequence tried again, so a
 * number is never held by two applications, and never left empty by a withdrawal (the withdrawer
 * retries its own sequence, the claim remembers it).
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type nano from 'nano';
import { formatRegistrationNumber, registrationPeriod } from '../../common/workflow.js';
import { log } from '../log.js';
import {
  DATABASES, getIfExists, isStatus, storeAuthHeaders, storeUrlWithoutCredentials, type Store, type StoredRegistration,
} from '../store.js';

/**
 * Keyed by the type's code, which is what the printed number shows: a permit type renamed in a
 * later catalog version but keeping its code continues the same sequence instead of repeating it.
 */
const numberPrefix = (typeCode: string, period: string): string => `number:${typeCode}:${period}:`;
const numberDocId = (typeCode: string, period: string, sequence: number): string =>
  `${numberPrefix(typeCode, period)}${String(sequence).padStart(8, '0')}`;
const CLAIM_PREFIX = 'claim:';
const RECORD_PREFIX = 'application:';

export interface GivenNumber {
  registrationNumber: string;
  registeredAt: string;
}

/** A process numbering an application, recorded before it creates a number document. */
export interface RegistrationClaim {
  _id: string;
  _rev?: string;
  type: 'registration-claim';
  applicationId: string;
  permitTypeId: string;
  typeCode: string;
  /** Fixed by the first try, so a retry next month keeps the month of the submission. */
  period: string;
  at: string;
  /** The number being tried: a retry tries it first. */
  sequence: number;
  /** The process working on it, until `leaseUntil` (ms): others wait for it rather than race it. */
  holder: string;
  leaseUntil: number;
}

export interface RegistrationOptions {
  /** How long a claim belongs to the process that made it before another may continue it. */
  leaseMs?: number;
  /** Longest wait for another process's claim of the same application before giving up (the caller retries). */
  waitMs?: number;
}

type PutOutcome = 'ours' | 'taken' | 'retry';

/** How often a numbering process also settles claims other processes left half-done (see sweep()). */
const SWEEP_INTERVAL_MS = 10 * 60 * 1000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class RegistrationNumbers {
  /** Names this process in claims (for logs and the lease; nothing is derived from it). */
  private readonly holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly dbUrl: string;
  private readonly authHeaders: Record<string, string>;
  /** ptsp_registrations seen as claims (the same database; claims are a document type of their own). */
  private readonly claims: nano.DocumentScope<RegistrationClaim>;
  private lastSweep = 0;

  constructor(
    private readonly store: Store,
    private readonly timeZone: string,
    options: RegistrationOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.waitMs = options.waitMs ?? 60_000;
    this.claims = store.server.use<RegistrationClaim>(DATABASES.registrations);
    // Number documents are created with fetch, not nano: nano's promises do not say 201 from 202.
    this.authHeaders = storeAuthHeaders(store.url);
    this.dbUrl = `${storeUrlWithoutCredentials(store.url).replace(/\/$/, '')}/${DATABASES.registrations}`;
  }


  /** The application's number: the one it already has, or the next of its type and month. */
  async numberFor(applicationId: string, permitTypeId: string, typeCode: string, now = new Date()): Promise<GivenNumber> {
    this.sweepNowAndThen();
    const giveUpAt = Date.now() + this.waitMs;
    for (let round = 0; ; round++) {
      const given = await this.existing(applicationId);
      if (given) return given;
      const claim = await this.takeClaim(applicationId, permitTypeId, typeCode, now);
      if (claim) {
        const assigned = await this.assign(claim);
        if (assigned) return assigned;
      } else if (Date.now() > giveUpAt) {
        throw new Error(`registration of ${applicationId} waits for another process's claim`);
      } else {
        await sleep(Math.min(500, 20 * 2 ** Math.min(round, 5)));
      }
    }
  }

  /** The claim, held by this process now; undefined while another process holds it. */
  private async takeClaim(applicationId: string, permitTypeId: string, typeCode: string, now: Date): Promise<RegistrationClaim | undefined> {
    const id = `${CLAIM_PREFIX}${applicationId}`;
    const period = registrationPeriod(now, this.timeZone);
    const fresh: RegistrationClaim = {
      _id: id, type: 'registration-claim', applicationId, permitTypeId, typeCode, period, at: now.toISOString(),
      sequence: (await this.highest(typeCode, period)) + 1, holder: this.holder, leaseUntil: Date.now() + this.leaseMs,
    };
    try {
      const result = await this.claims.insert(fresh);
      return { ...fresh, _rev: result.rev };
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
    }
    const current = await getIfExists(this.claims, id);
    if (!current) return undefined; // finished or released meanwhile: the next round sees which
    if (current.holder !== this.holder && current.leaseUntil > Date.now()) return undefined;
    return this.updateClaim({ ...current, holder: this.holder, leaseUntil: Date.now() + this.leaseMs });
  }

  /** Writes the claim at the revision read; undefined when another process changed it first. */
  private async updateClaim(claim: RegistrationClaim): Promise<RegistrationClaim | undefined> {
    try {
      const result = await this.claims.insert(claim);
      return { ...claim, _rev: result.rev };
    } catch (error) {
      if (isStatus(error, 409)) return undefined;
      throw error;
    }
  }

  /** Tries the claim's sequence and upwards until a number document is this application's; undefined when the claim was lost. */
  private async assign(start: RegistrationClaim): Promise<GivenNumber | undefined> {
    let claim = start;
    for (let retries = 0; ;) {
      if (claim.leaseUntil - Date.now() < this.leaseMs / 3) {
        const renewed = await this.updateClaim({ ...claim, leaseUntil: Date.now() + this.leaseMs });
        if (!renewed) return undefined;
        claim = renewed;
      }
      const registration = this.numberDoc(claim);
      const outcome = await this.putNumber(registration, retries >= 8);
      if (outcome === 'ours') return this.finish(claim, registration);
      if (outcome === 'retry') {
        retries += 1;
        await sleep(10 * retries + Math.random() * 20);
        continue;
      }
      retries = 0;
      const next = Math.max(claim.sequence + 1, (await this.highest(claim.typeCode, claim.period)) + 1);
      const moved = await this.updateClaim({ ...claim, sequence: next });
      if (!moved) return undefined;
      claim = moved;
    }
  }

  private numberDoc(claim: RegistrationClaim): StoredRegistration {
    return {
      _id: numberDocId(claim.typeCode, claim.period, claim.sequence),
      type: 'registration',
      applicationId: claim.applicationId,
      permitTypeId: claim.permitTypeId,
      period: claim.period,
      sequence: claim.sequence,
      registrationNumber: formatRegistrationNumber(claim.typeCode, claim.period, claim.sequence),
      at: claim.at,
    };
  }

  /**
   * Creates the number document. 'ours': it names this application, alone; 'taken': it names
   * another; 'retry': not settled yet (ours withdrawn after a 202 that met another revision, or a
   * conflict another process is settling). `settleTaken`: after many retries, a number still in
   * conflict counts as taken, so a crashed withdrawer cannot stop numbering for good.
   */
  private async putNumber(doc: StoredRegistration, settleTaken: boolean): Promise<PutOutcome> {
    const response = await fetch(`${this.dbUrl}/${encodeURIComponent(doc._id)}`, {
      method: 'PUT',
      headers: { ...this.authHeaders, 'content-type': 'application/json' },
      body: JSON.stringify(doc),
    });
    const body = (await response.json()) as { rev?: string; error?: string; reason?: string };
    if (response.status === 201) return 'ours';
    if (response.status === 202) {
      const seen = await this.readNumber(doc._id);
      if (seen?.applicationId === doc.applicationId && seen.conflicts === 0) return 'ours';
      // Another revision met ours on some copies: neither may count on a quorum. Ours goes; the
      // claim keeps this sequence, so it is tried again and does not become a gap.
      if (body.rev) await this.withdraw(doc._id, body.rev);
      log.warn({ event: 'registration-number-contended', status: 202 }, 'a number was accepted by fewer than a quorum and met another revision; trying it again');
      return 'retry';
    }
    if (response.status === 409) {
      const seen = await this.readNumber(doc._id);
      if (!seen) return 'retry'; // withdrawn in between: free again
      if (seen.conflicts > 0 && !settleTaken) return 'retry';
      return seen.applicationId === doc.applicationId && seen.conflicts === 0 ? 'ours' : 'taken';
    }
    throw new Error(`store refused registration ${doc._id}: ${response.status} ${body.error ?? ''} ${body.reason ?? ''}`);
  }

  /** Who the number document names, and how many other live revisions it has; undefined when there is none. */
  private async readNumber(id: string): Promise<{ applicationId: string; conflicts: number } | undefined> {
    try {
      const doc = await this.store.registrations.get(id, { conflicts: true });
      return { applicationId: doc.applicationId, conflicts: (doc as { _conflicts?: string[] })._conflicts?.length ?? 0 };
    } catch (error) {
      if (isStatus(error, 404)) return undefined;
      throw error;
    }
  }

  private async withdraw(id: string, rev: string): Promise<void> {
    try {
      await this.store.registrations.destroy(id, rev);
    } catch (error) {
      // Already gone, or our branch lost to the other: nothing of ours is left to hold the number.
      if (!isStatus(error, 409) && !isStatus(error, 404)) throw error;
    }
  }

  /** The number is this application's: record it per application, then drop the claim. */
  private async finish(claim: RegistrationClaim, registration: StoredRegistration): Promise<GivenNumber> {
    const given: GivenNumber = { registrationNumber: registration.registrationNumber, registeredAt: registration.at };
    try {
      await this.store.registrations.insert({ ...registration, _id: `${RECORD_PREFIX}${claim.applicationId}` });
    } catch (error) {
      if (!isStatus(error, 409)) throw error;
      // Recorded by another process continuing the same claim: the same number, by construction.
      const recorded = await this.existing(claim.applicationId);
      if (recorded) return recorded;
    }
    // Not waited for (callers hold the write lock): a claim left behind a moment is harmless, the
    // record above is read first, and the sweep drops it if this fails.
    void this.dropClaim(claim).catch((error: unknown) => log.warn({ event: 'registration-claim-drop-failed', reason: (error as Error).message }, 'dropping a finished registration claim failed'));
    return given;
  }

  private async dropClaim(claim: RegistrationClaim): Promise<void> {
    try {
      if (claim._rev) await this.claims.destroy(claim._id, claim._rev);
    } catch (error) {
      // Changed by another process (which then finishes or drops it), or gone already.
      if (!isStatus(error, 409) && !isStatus(error, 404)) throw error;
    }
  }

  private async existing(applicationId: string): Promise<GivenNumber | undefined> {
    const doc = await getIfExists(this.store.registrations, `${RECORD_PREFIX}${applicationId}`);
    return doc ? { registrationNumber: doc.registrationNumber, registeredAt: doc.at } : undefined;
  }

  private async highest(typeCode: string, period: string): Promise<number> {
    const prefix = numberPrefix(typeCode, period);
    const list = await this.store.registrations.list({ startkey: `${prefix}\ufff0`, endkey: prefix, descending: true, limit: 1 });
    const id = list.rows[0]?.id;
    return id ? Number(id.slice(prefix.length)) : 0;
  }

  /** Runs the sweep in the background at most every SWEEP_INTERVAL_MS, from whichever process numbers. */
  private sweepNowAndThen(): void {
    if (Date.now() - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = Date.now();
    void this.sweep().catch((error: unknown) => log.warn({ event: 'registration-sweep-failed', reason: (error as Error).message }, 'sweeping half-done registration claims failed'));
  }

  /**
   * Finishes claims whose process stopped (lease over): a number document that names the
   * application is recorded as its number; a claim that took nothing is released (the application
   * is numbered when its submission or its last file arrives again, as always). Returns how many
   * claims it settled. Safe to run from every process at once.
   */
  async sweep(now = Date.now()): Promise<number> {
    const list = await this.claims.list({ startkey: CLAIM_PREFIX, endkey: `${CLAIM_PREFIX}\ufff0`, include_docs: true });
    let settled = 0;
    for (const row of list.rows) {
      const claim = row.doc;
      if (claim?.type !== 'registration-claim' || claim.leaseUntil > now) continue;
      if (!(await this.existing(claim.applicationId))) {
        const registration = this.numberDoc(claim);
        const seen = await this.readNumber(registration._id);
        if (seen?.applicationId === claim.applicationId && seen.conflicts === 0) {
          await this.finish(claim, registration);
          settled += 1;
          continue;
        }
      }
      await this.dropClaim(claim);
      settled += 1;
    }
    return settled;
  }
}
