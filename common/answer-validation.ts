/**
 * Checks one answer against its catalog field. The form shows these messages as the person types;
 * the sync server runs the same checks on every pushed document, so the two can never disagree.
 *
 * A draft may be incomplete and half-typed: the server stores it as long as `draftProblems` finds
 * nothing; `validateAnswers` is the full check a submission must pass.
 */
import type { AnswerValue } from './application-schema.js';
import type { FieldDefinition, LocalizedText, PermitType } from './catalog.js';

export interface AnswerProblem {
  fieldId: string;
  code: 'required' | 'too-long' | 'not-a-number' | 'too-small' | 'too-large' | 'not-a-date' | 'not-an-option'
    | 'bad-phone' | 'bad-nik' | 'bad-email' | 'bad-gps' | 'outside-indonesia' | 'wrong-type' | 'unknown-field';
  message: LocalizedText;
}

const isBlank = (value: AnswerValue | undefined): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function problem(field: FieldDefinition, code: AnswerProblem['code'], id: string, en: string): AnswerProblem {
  return { fieldId: field.id, code, message: { id: `${field.label.id}: ${id}`, en: `${field.label.en}: ${en}` } };
}

/**
 * The NIK (Nomor Induk Kependudukan) is 16 digits: province (2), regency (2), district (2),
 * birth date DDMMYY with 40 added to the day for women, then a 4-digit serial that is never 0000.
 */
type NikProblem = 'length' | 'province' | 'birth-date' | 'serial';

export function nikProblem(nik: string): NikProblem | null {
  if (!/^\d{16}$/.test(nik)) return 'length';
  const province = Number(nik.slice(0, 2));
  if (province < 11 || province > 94) return 'province';
  let day = Number(nik.slice(6, 8));
  if (day > 40) day -= 40;
  const month = Number(nik.slice(8, 10));
  if (day < 1 || day > 31 || month < 1 || month > 12) return 'birth-date';
  if (nik.slice(12) === '0000') return 'serial';
  return null;
}

const NIK_MESSAGES: Record<NikProblem, [string, string]> = {
  length: ['NIK harus tepat 16 angka, tanpa spasi atau tanda baca.', 'NIK must be exactly 16 digits, without spaces or punctuation.'],
  province: ['dua angka pertama NIK (kode provinsi) harus antara 11 dan 94.', 'the first two digits of a NIK (province code) must be between 11 and 94.'],
  'birth-date': ['angka ke-7 sampai ke-10 NIK harus tanggal dan bulan lahir yang benar.', 'digits 7 to 10 of a NIK must be a valid birth day and month.'],
  serial: ['empat angka terakhir NIK tidak boleh 0000.', 'the last four digits of a NIK cannot be 0000.'],
};

/** "lat, lon" as two decimal numbers, or null when the text is not written that way (ranges unchecked). */
export function parseGpsPoint(text: string): { latitude: number; longitude: number } | null {
  const match = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(text);
  return match ? { latitude: Number(match[1]), longitude: Number(match[2]) } : null;
}

/** Whether a field is shown, given the other answers (fields without a condition always are). */
export function isVisible(field: FieldDefinition, answers: Record<string, AnswerValue>): boolean {
  return !field.visibleWhen || answers[field.visibleWhen.fieldId] === field.visibleWhen.equals;
}

/** Returns the problem with one answer, or null when it is acceptable. */
export function validateAnswer(field: FieldDefinition, value: AnswerValue | undefined): AnswerProblem | null {
  if (isBlank(value)) {
    return field.required ? problem(field, 'required', 'wajib diisi.', 'is required.') : null;
  }
  if (field.kind === 'number') {
    const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
    if (!Number.isFinite(n)) return problem(field, 'not-a-number', 'harus berupa angka.', 'must be a number.');
    if (field.min !== undefined && n < field.min) {
      return problem(field, 'too-small', `tidak boleh kurang dari ${field.min}.`, `must be at least ${field.min}.`);
    }
    if (field.max !== undefined && n > field.max) {
      return problem(field, 'too-large', `tidak boleh lebih dari ${field.max}.`, `must be at most ${field.max}.`);
    }
    return null;
  }
  if (field.kind === 'yesno') {
    return typeof value === 'boolean' ? null : problem(field, 'wrong-type', 'pilih Ya atau Tidak.', 'choose Yes or No.');
  }
  if (typeof value !== 'string') return problem(field, 'wrong-type', 'harus berupa teks.', 'must be text.');
  const text = value.trim();
  if (field.maxLength !== undefined && value.length > field.maxLength) {
    return problem(field, 'too-long', `paling banyak ${field.maxLength} karakter (sekarang ${value.length}).`,
      `at most ${field.maxLength} characters (now ${value.length}).`);
  }
  switch (field.kind) {
    case 'date':
      // Date.parse rolls 2024-02-30 over to March: only a date that reads back the same is real.
      if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))
        || new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) !== text) {
        return problem(field, 'not-a-date', 'harus tanggal dengan format TTTT-BB-HH, misalnya 2024-03-17.',
          'must be a date as YYYY-MM-DD, e.g. 2024-03-17.');
      }
      return null;
    case 'choice':
      if (!field.options?.some((option) => option.value === text)) {
        return problem(field, 'not-an-option', 'pilih salah satu pilihan yang tersedia.', 'choose one of the listed options.');
      }
      return null;
    case 'phone':
      if (!/^(\+62|62|0)8\d{8,11}$/.test(text.replace(/[\s-]/g, ''))) {
        return problem(field, 'bad-phone', 'nomor HP harus diawali 08 atau +628 dan berisi 10-13 angka, misalnya 081234567890.',
          'a mobile number starts with 08 or +628 and has 10-13 digits, e.g. 081234567890.');
      }
      return null;
    case 'email':
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) {
        return problem(field, 'bad-email', 'alamat email tidak valid, misalnya nama@contoh.id.', 'not a valid email address, e.g. name@example.id.');
      }
      return null;
    case 'gps': {
      const point = parseGpsPoint(text);
      if (!point) {
        return problem(field, 'bad-gps', 'tulis lintang dan bujur dalam derajat desimal, dipisah koma, misalnya -1.2379, 116.8529.',
          'write latitude and longitude in decimal degrees, separated by a comma, e.g. -1.2379, 116.8529.');
      }
      if (point.latitude < -11.5 || point.latitude > 6.5 || point.longitude < 94.5 || point.longitude > 141.5) {
        return problem(field, 'outside-indonesia', 'titik ini di luar wilayah Indonesia; periksa urutan lintang dan bujur.',
          'this point is outside Indonesia; check the order of latitude and longitude.');
      }
      return null;
    }
    case 'nik': {
      const reason = nikProblem(text);
      if (reason === null) return null;
      const [id, en] = NIK_MESSAGES[reason];
      return problem(field, 'bad-nik', id, en);
    }
    default:
      return null;
  }
}

/**
 * Checks every answer against its permit type, as a submission must pass: every required field
 * answered, every answer well-formed.
 */
export function validateAnswers(permitType: PermitType, answers: Record<string, AnswerValue>): AnswerProblem[] {
  const problems = unknownFieldProblems(permitType, answers);
  for (const field of permitType.fields) {
    if (!isVisible(field, answers)) continue;
    const found = validateAnswer(field, answers[field.id]);
    if (found) problems.push(found);
  }
  return problems;
}

/**
 * What a draft must satisfy to be stored: answers only to fields the type has, none longer than the
 * field allows. A half-typed NIK is still what the person typed and must reach the server intact;
 * whether it is a valid NIK matters at submission, not while drafting.
 */
export function draftProblems(permitType: PermitType, answers: Record<string, AnswerValue>): AnswerProblem[] {
  const problems = unknownFieldProblems(permitType, answers);
  for (const field of permitType.fields) {
    const value = answers[field.id];
    if (typeof value === 'string' && field.maxLength !== undefined && value.length > field.maxLength) {
      const found = validateAnswer(field, value);
      if (found) problems.push(found);
    }
  }
  return problems;
}

function unknownFieldProblems(permitType: PermitType, answers: Record<string, AnswerValue>): AnswerProblem[] {
  const known = new Set(permitType.fields.map((field) => field.id));
  return Object.keys(answers).filter((key) => !known.has(key)).map((key) => ({
    fieldId: key,
    code: 'unknown-field' as const,
    message: { id: `Isian "${key}" tidak ada pada jenis izin ini.`, en: `The field "${key}" does not belong to this permit type.` },
  }));
}

/** Share of required fields answered acceptably, 0..1: the progress a drafts list shows. */
export function completion(permitType: PermitType, answers: Record<string, AnswerValue>): number {
  const required = permitType.fields.filter((field) => field.required && isVisible(field, answers));
  if (required.length === 0) return 1;
  const done = required.filter((field) => !isBlank(answers[field.id]) && validateAnswer(field, answers[field.id]) === null);
  return done.length / required.length;
}
