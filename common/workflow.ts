/**
 * The life of an application as far as intake goes (domain.md, steps 1-3): who may move it from
 * which status to which, what a submission must contain, and how its numbers look. The device uses
 * these rules to guide the person; the sync server enforces the very same ones.
 */
import type { ApplicationDoc, ApplicationStatus } from './application-schema.js';
import { deviceClock, isBlank, validateAnswer, validateAnswers, type ValidationClock } from './answer-validation.js';
import { ADDRESS_PARTS, type FieldDefinition, type LocalizedText, type PermitType } from './catalog.js';
import { deviceMayMove } from './workflow/transitions.js';

/** Crockford's base32 alphabet: no I, L, O or U, so a code read aloud or off paper is not misread. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomCode(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  // 256 is a multiple of 32, so taking the low five bits keeps every symbol equally likely.
  return Array.from(bytes, (byte) => CODE_ALPHABET[byte & 31]).join('');
}

/** A receipt number the device can give offline: `P-7KQ2-M9XD` (40 random bits). */
export function newProvisionalNumber(): string {
  const code = randomCode(8);
  return `P-${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A walk-in citizen's claim code: `4F7QX-K2M9D` (50 random bits; only its holder can claim). */
export function newClaimCode(): string {
  const code = randomCode(10);
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Reads a code typed by a person: case, spaces and look-alike letters (O→0, I/L→1) forgiven. */
export function normalizeCode(text: string): string {
  const symbols = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return symbols.length === 10 ? `${symbols.slice(0, 5)}-${symbols.slice(5)}` : symbols;
}

/**
 * The official registration number: sequence, type code, month and year, e.g. `0174/SIUP/11/2026`
 * (after the seeds' `0174 2002 01 04 2018` and `001745-MB-2018`). The sequence restarts each month
 * for each permit type.
 */
export function formatRegistrationNumber(typeCode: string, period: string, sequence: number): string {
  const [year, month] = period.split('-');
  return `${String(sequence).padStart(4, '0')}/${typeCode}/${month}/${year}`;
}

/** `YYYY-MM` of an instant in the office's time zone (a submission at 23:30 WIB on the 31st counts in that month). */
export function registrationPeriod(at: Date, timeZone = 'Asia/Jakarta'): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  const year = parts.find((part) => part.type === 'year')?.value;
  const month = parts.find((part) => part.type === 'month')?.value;
  return `${year}-${month}`;
}

/**
 * Status changes a device may make by writing the application (intake: create, save, submit,
 * resubmit), read off the one transition table (common/workflow/transitions.ts). The office's
 * changes are action documents the server applies through the same table.
 */
export function deviceMayChangeStatus(from: ApplicationStatus | undefined, to: ApplicationStatus): boolean {
  return deviceMayMove(from ?? 'new', to);
}

/**
 * A booth filing for a walk-in citizen: it carries the citizen's identity, or booth staff own it.
 * Such an application needs the citizen's identity, consent and a claim code to be submitted.
 */
export function filedByBooth(doc: Pick<ApplicationDoc, 'citizen' | 'ownerId'>, account: { userId: string; role: string }): boolean {
  return doc.citizen !== undefined || (account.role === 'booth-staff' && doc.ownerId === account.userId);
}

/**
 * A returned application the applicant has changed since the office returned it: only then is
 * resubmitting ("Kirim ulang") offered. The server writes `returnedAt` as exactly the instant of the
 * `updatedAt` it sets when returning, and every change on a device raises `updatedAt` above it.
 */
export function changedSinceReturn(doc: Pick<ApplicationDoc, 'status' | 'updatedAt' | 'returnedAt'>): boolean {
  if (doc.status !== 'returned') return false;
  const returnedAt = doc.returnedAt === undefined ? Number.NaN : Date.parse(doc.returnedAt);
  // A returned document without a readable time cannot be compared: let the applicant resubmit.
  return Number.isNaN(returnedAt) || doc.updatedAt > returnedAt;
}

/** Whether the person may still change answers and documents (a submitted application waits for the office). */
export const isEditable = (status: ApplicationStatus): boolean => status === 'draft' || status === 'returned';

export interface SubmissionProblem {
  /** `answers/<fieldId>`, `documents/<requirementId>`, `citizen/<part>`, `consent`, `previousPermitNumber`. */
  path: string;
  message: LocalizedText;
}

const CITIZEN_FIELDS: FieldDefinition[] = [
  { id: 'nik', kind: 'nik', required: true, label: { id: 'NIK warga', en: "Citizen's NIK" }, example: { id: '6471051708900002', en: '6471051708900002' } },
  { id: 'name', kind: 'text', required: true, maxLength: 200, label: { id: 'Nama warga', en: "Citizen's name" }, example: { id: 'Siti Aminah', en: 'Siti Aminah' } },
  { id: 'phone', kind: 'phone', required: true, label: { id: 'Nomor HP warga', en: "Citizen's mobile number" }, example: { id: '081234567890', en: '081234567890' } },
  { id: 'address', kind: 'address', required: true, label: { id: 'Alamat warga', en: "Citizen's address" }, example: { id: ADDRESS_PARTS[0].example.id, en: ADDRESS_PARTS[0].example.en } },
];

/** The fields booth staff fill about the walk-in citizen, checked like any catalog field. */
export const citizenFields = (): FieldDefinition[] => CITIZEN_FIELDS.map((field) => ({ ...field }));

/**
 * What is wrong with the documents an application names, at any stage: a requirement the permit
 * type does not have, a file type it does not accept, a file over its limit.
 */
export function documentRefProblems(permitType: PermitType, documents: ApplicationDoc['documents']): SubmissionProblem[] {
  const problems: SubmissionProblem[] = [];
  for (const [requirementId, ref] of Object.entries(documents ?? {})) {
    const requirement = permitType.requirements.find((candidate) => candidate.id === requirementId);
    if (!requirement) {
      problems.push({ path: `documents/${requirementId}`, message: { id: `Dokumen "${requirementId}" tidak diminta untuk jenis izin ini.`, en: `The document "${requirementId}" is not asked for by this permit type.` } });
    } else if (!requirement.accepts.includes(ref.mimeType)) {
      problems.push({ path: `documents/${requirementId}`, message: { id: `${requirement.name.id}: jenis berkas ${ref.mimeType} tidak diterima.`, en: `${requirement.name.en}: files of type ${ref.mimeType} are not accepted.` } });
    } else if (ref.size > requirement.maxSizeKb * 1024) {
      problems.push({ path: `documents/${requirementId}`, message: { id: `${requirement.name.id}: berkas lebih dari ${requirement.maxSizeKb} KB.`, en: `${requirement.name.en}: the file is larger than ${requirement.maxSizeKb} KB.` } });
    }
  }
  return problems;
}

/**
 * Everything that keeps an application from being submitted: answers, required documents, and
 * for booth filings the citizen's identity and consent. Empty means it may be submitted.
 */
export function submissionProblems(permitType: PermitType, doc: ApplicationDoc, filedByBooth: boolean,
  clock: ValidationClock = deviceClock()): SubmissionProblem[] {
  // The server passes serverClock(): "today" with a day of slack (answer-validation.ts says why).
  const problems: SubmissionProblem[] = validateAnswers(permitType, doc.answers, clock).map((found) => ({
    path: `answers/${found.fieldId}${found.part ? `/${found.part}` : ''}`,
    message: found.message,
  }));
  for (const requirement of permitType.requirements) {
    if (!doc.documents?.[requirement.id] && requirement.required) {
      problems.push({ path: `documents/${requirement.id}`, message: { id: `${requirement.name.id}: dokumen wajib diunggah.`, en: `${requirement.name.en}: this document is required.` } });
    }
  }
  problems.push(...documentRefProblems(permitType, doc.documents));
  const kind = doc.kind ?? 'new';
  if (kind !== 'new' && isBlank(doc.previousPermitNumber)) {
    problems.push({ path: 'previousPermitNumber', message: { id: 'Nomor izin lama wajib diisi untuk perubahan, perpanjangan atau daftar ulang.', en: 'The old permit number is required for a change, renewal or re-registration.' } });
  }
  if (filedByBooth) {
    for (const field of CITIZEN_FIELDS) {
      const found = validateAnswer(field, doc.citizen?.[field.id as keyof NonNullable<ApplicationDoc['citizen']>]);
      if (found) problems.push({ path: `citizen/${field.id}${found.part ? `/${found.part}` : ''}`, message: found.message });
    }
    if (!doc.consentAt) {
      problems.push({ path: 'consent', message: { id: 'Persetujuan warga wajib dicatat sebelum mengirim.', en: "The citizen's consent must be recorded before submitting." } });
    }
    if (!doc.claimCode) {
      problems.push({ path: 'claimCode', message: { id: 'Kode klaim belum dibuat.', en: 'No claim code has been made.' } });
    }
  }
  if (!doc.provisionalNumber) {
    problems.push({ path: 'provisionalNumber', message: { id: 'Nomor tanda terima sementara belum dibuat.', en: 'No provisional receipt number has been made.' } });
  }
  return problems;
}

