/**
 * Checks one answer against its catalog field. The form shows these messages as the person types;
 * the sync server runs the same checks on every pushed document, so the two can never disagree.
 *
 * A draft may be incomplete and half-typed: the server stores it as long as `draftProblems` finds
 * nothing; `validateAnswers` is the full check a submission must pass.
 */
import { MAX_ADDRESS_PART_LENGTH, MAX_GROUP_ITEMS, type AnswerValue, type GroupItem, type ScalarAnswer } from './application-schema.js';
import { ADDRESS_PARTS, type FieldDefinition, type LocalizedText, type PermitType } from './catalog.js';

export interface AnswerProblem {
  fieldId: string;
  /**
   * Where inside a structured answer: an address part (`district`) or a group item and sub-field
   * (`1.nik`, items counted from 0), so the form can put the message next to the right input.
   */
  part?: string;
  code: 'required' | 'too-long' | 'not-a-number' | 'too-small' | 'too-large' | 'not-a-date' | 'not-an-option'
    | 'bad-phone' | 'bad-nik' | 'bad-email' | 'bad-gps' | 'outside-indonesia' | 'wrong-type' | 'unknown-field'
    | 'bad-rt-rw' | 'bad-postal-code' | 'too-few' | 'too-many' | 'too-early' | 'too-late' | 'bad-kbli' | 'bad-npwp';
  message: LocalizedText;
}

export const isBlank = (value: AnswerValue | undefined): boolean =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
  || (Array.isArray(value) && value.length === 0)
  || (isPlainObject(value) && Object.values(value).every((part) => typeof part !== 'string' || part.trim() === ''));

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problem(field: FieldDefinition, code: AnswerProblem['code'], id: string, en: string): AnswerProblem {
  return { fieldId: field.id, code, message: { id: `${field.label.id}: ${id}`, en: `${field.label.en}: ${en}` } };
}

/** A problem inside a structured answer, named by its path: "Alamat perusahaan, Kecamatan: wajib diisi." */
function within(outer: FieldDefinition, part: string, where: LocalizedText, inner: AnswerProblem): AnswerProblem {
  return {
    fieldId: outer.id,
    part,
    code: inner.code,
    message: { id: `${outer.label.id}, ${where.id}${inner.message.id.slice(inner.message.id.indexOf(':'))}`,
      en: `${outer.label.en}, ${where.en}${inner.message.en.slice(inner.message.en.indexOf(':'))}` },
  };
}

/**
 * What "today" is for a date rule. The device uses its own calendar day, with no slack: the person
 * sees the rule as written. The server cannot know the device's day: Indonesia spans UTC+7 to UTC+9,
 * a device a few minutes past midnight is already on the next day, and device clocks drift. So the
 * server takes its UTC day and allows one day more; otherwise an application the device accepted
 * would be refused at submission and its push retried for ever. Only upper bounds use "today"
 * (common/catalog.ts DateBound), so a filing that syncs days later never becomes invalid.
 */
export interface ValidationClock {
  /** ISO YYYY-MM-DD. */
  today: string;
  /** Days added to `today` before a "not after today" rule refuses. */
  slackDays: number;
}

const isoDay = (date: Date, utc: boolean): string => utc
  ? date.toISOString().slice(0, 10)
  : `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** The device's calendar day, no slack. */
export const deviceClock = (now: Date = new Date()): ValidationClock => ({ today: isoDay(now, false), slackDays: 0 });

/** The server's rule: its UTC day plus one (see ValidationClock). */
export const serverClock = (now: Date = new Date()): ValidationClock => ({ today: isoDay(now, true), slackDays: 1 });

function addDays(iso: string, days: number): string {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whether `text` is a real ISO date: Date.parse rolls 2024-02-30 over to March, so it must read back the same. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * A date as people in Indonesia write it with numbers, HH-BB-TTTT ("17-08-2018"; "/" or "." also
 * separate, day and month may have one digit, or none at all: 17082018), read as ISO; an ISO date pasted as it is also
 * counts. Null when it is not (yet) a whole, real date.
 */
export function parseDateInput(text: string): string | null {
  const trimmed = text.trim();
  if (isIsoDate(trimmed)) return trimmed;
  // Eight digits alone (17082018) too: a phone's number pad may have no dash.
  const match = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$/.exec(trimmed) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(trimmed);
  if (!match) return null;
  const [, day = '', month = '', year = ''] = match;
  const iso = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** An ISO date written the way the form takes it: "2018-08-17" → "17-08-2018". */
export function formatDateInput(iso: string): string {
  return isIsoDate(iso) ? `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}` : iso;
}

const MONTHS: Record<'id' | 'en', string[]> = {
  id: ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'],
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
};

/** "2018-08-17" → "17 Agustus 2018" / "17 August 2018" (undefined when it is not a real date). */
export function dateInWords(iso: string, language: 'id' | 'en'): string | undefined {
  if (!isIsoDate(iso)) return undefined;
  return `${Number(iso.slice(8, 10))} ${MONTHS[language][Number(iso.slice(5, 7)) - 1]} ${iso.slice(0, 4)}`;
}

/**
 * A number as written in Indonesia: dots group thousands, a comma starts the decimals, "Rp" may
 * come first and ",-" or ",00" last ("Rp 250.000.000,-", "12,5"). Spaces may group thousands too.
 * A single dot not followed by exactly three digits ("4.5", "0.75") can only be a decimal point, as
 * phone keypads type it, and is read so; "1.500" is one thousand five hundred. Null when the text
 * cannot be read as one number. Validation and the form's "read as" line both use this, so what
 * the person is shown is what is checked and what the server checks.
 */
export function parseNumber(value: ScalarAnswer | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  let text = value.trim().replace(/\u00a0/g, ' ');
  let sign = '';
  if (text.startsWith('-')) {
    sign = '-';
    text = text.slice(1).trimStart();
  }
  text = text.replace(/^rp\.?\s*/i, '');
  if (sign === '' && text.startsWith('-')) {
    sign = '-';
    text = text.slice(1);
  }
  text = text.replace(/,-$/, '').trim();
  const written = /^(\d{1,3}(?:\.\d{3})+|\d{1,3}(?: \d{3})+|\d+)(?:,(\d+))?$/.exec(text);
  const pointed = /^(\d+)\.(\d{1,2}|\d{4,})$/.exec(text);
  const parts = written ?? pointed;
  if (!parts) return null;
  const whole = (parts[1] ?? '').replace(/[. ]/g, '');
  const fraction = parts[2] ?? '';
  // Beyond 18 digits a double no longer holds the number as typed.
  if (whole.replace(/^0+/, '').length > 18) return null;
  const n = Number(`${sign}${whole}${fraction ? `.${fraction}` : ''}`);
  return Number.isFinite(n) ? n : null;
}

/** A number written for reading back, in the reader's language: "Rp 250.000.000" / "Rp 250,000,000". */
export function formatNumber(n: number, language: 'id' | 'en', currency?: 'IDR'): string {
  const written = new Intl.NumberFormat(language === 'id' ? 'id-ID' : 'en-GB', { maximumFractionDigits: 6 }).format(n);
  return currency === 'IDR' ? `Rp ${written}` : written;
}

/**
 * What the form stores for the text typed into a scalar field: a whole date as ISO (half-typed text
 * stays as typed, so nothing is lost), a NIK or KBLI without the spaces and dots people paste with.
 * Every other kind is kept exactly as typed.
 */
export function answerFromInput(field: FieldDefinition, typed: string): string {
  switch (field.kind) {
    case 'date':
      return parseDateInput(typed) ?? typed;
    case 'nik':
      return typed.replace(/[\s.-]/g, '');
    case 'kbli':
      return typed.replace(/[\s.]/g, '');
    default:
      return typed;
  }
}

/** The text an input shows for a stored answer: a stored ISO date written HH-BB-TTTT. */
export function inputFromAnswer(field: FieldDefinition, value: AnswerValue | undefined): string {
  if (value === null || value === undefined || typeof value === 'object') return '';
  const text = String(value);
  return field.kind === 'date' ? formatDateInput(text) : text;
}

/** The NPWP's digits, when it has 15 (01.234.567.8-721.000) or, since 2024, 16; dots, dashes and spaces may separate them. */
export function npwpDigits(text: string): string | null {
  if (!/^[\d.\s-]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  return digits.length === 15 || digits.length === 16 ? digits : null;
}

/** The NIK (Nomor Induk Kependudukan) is 16 digits: province (2), regency (2), district (2),
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
export function validateAnswer(field: FieldDefinition, value: AnswerValue | undefined, clock: ValidationClock = deviceClock()): AnswerProblem | null {
  if (isBlank(value)) {
    return field.required ? problem(field, 'required', 'wajib diisi.', 'is required.') : null;
  }
  if (field.kind === 'number') {
    const n = typeof value === 'boolean' || typeof value === 'object' ? null : parseNumber(value);
    if (n === null) {
      return problem(field, 'not-a-number', 'harus berupa angka; titik memisahkan ribuan dan koma desimal, misalnya 250.000.000 atau 12,5.',
        'must be a number; dots separate thousands and a comma starts the decimals, e.g. 250.000.000 or 12,5.');
    }
    if (field.min !== undefined && n < field.min) {
      return problem(field, 'too-small', `tidak boleh kurang dari ${formatNumber(field.min, 'id', field.currency)}.`,
        `must be at least ${formatNumber(field.min, 'en', field.currency)}.`);
    }
    if (field.max !== undefined && n > field.max) {
      return problem(field, 'too-large', `tidak boleh lebih dari ${formatNumber(field.max, 'id', field.currency)}.`,
        `must be at most ${formatNumber(field.max, 'en', field.currency)}.`);
    }
    return null;
  }
  if (field.kind === 'address') return addressProblem(field, value);
  if (field.kind === 'group') return groupProblem(field, value, clock);
  if (isPlainObject(value) || Array.isArray(value)) return problem(field, 'wrong-type', 'harus berupa satu isian, bukan daftar.', 'must be a single answer, not a list.');
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
    case 'date': {
      // Stored as ISO; the person types HH-BB-TTTT, so that is the format the message names.
      if (!isIsoDate(text)) {
        return problem(field, 'not-a-date', 'tulis tanggal sebagai HH-BB-TTTT (hari-bulan-tahun), misalnya 17-08-2018.',
          'write the date as DD-MM-YYYY (day-month-year), e.g. 17-08-2018.');
      }
      if (field.minDate !== undefined && isIsoDate(field.minDate) && text < field.minDate) {
        return problem(field, 'too-early', `tidak boleh sebelum ${formatDateInput(field.minDate)}.`, `cannot be before ${formatDateInput(field.minDate)}.`);
      }
      if (field.maxDate !== undefined) {
        const today = field.maxDate === 'today';
        const latest = today ? addDays(clock.today, clock.slackDays) : field.maxDate;
        if (isIsoDate(latest) && text > latest) {
          return today
            ? problem(field, 'too-late', `tidak boleh setelah hari ini (${formatDateInput(clock.today)}).`, `cannot be after today (${formatDateInput(clock.today)}).`)
            : problem(field, 'too-late', `tidak boleh setelah ${formatDateInput(latest)}.`, `cannot be after ${formatDateInput(latest)}.`);
        }
      }
      return null;
    }
    case 'kbli':
      if (!/^\d{5}$/.test(text)) {
        return problem(field, 'bad-kbli', 'kode KBLI terdiri dari tepat 5 angka, misalnya 47112.', 'a KBLI code has exactly 5 digits, e.g. 47112.');
      }
      return null;
    case 'npwp':
      if (npwpDigits(text) === null) {
        return problem(field, 'bad-npwp', 'NPWP terdiri dari 15 angka (01.234.567.8-721.000) atau 16 angka sejak 2024.',
          'an NPWP has 15 digits (01.234.567.8-721.000), or 16 since 2024.');
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

const ADDRESS_FIELD_DEFINITIONS: FieldDefinition[] = ADDRESS_PARTS.map((part) => ({
  id: part.id,
  kind: 'text',
  label: part.label,
  example: part.example,
  required: part.required,
  maxLength: MAX_ADDRESS_PART_LENGTH,
}));

function addressProblem(field: FieldDefinition, value: AnswerValue | undefined): AnswerProblem | null {
  if (!isPlainObject(value)) return problem(field, 'wrong-type', 'harus berupa alamat yang diisi per bagian.', 'must be an address filled in part by part.');
  const known = new Set<string>(ADDRESS_PARTS.map((part) => part.id));
  const unknown = Object.keys(value).find((key) => !known.has(key));
  if (unknown !== undefined) {
    return { ...problem(field, 'unknown-field', `bagian "${unknown}" tidak dikenal.`, `unknown part "${unknown}".`), part: unknown };
  }
  for (const part of ADDRESS_FIELD_DEFINITIONS) {
    const partValue = value[part.id];
    if (partValue !== undefined && typeof partValue !== 'string') {
      return within(field, part.id, part.label, problem(part, 'wrong-type', 'harus berupa teks.', 'must be text.'));
    }
    const found = validateAnswer(part, partValue);
    if (found) return within(field, part.id, part.label, found);
    const text = (partValue ?? '').trim();
    if (part.id === 'rtRw' && text !== '' && !/^\d{1,3}\/\d{1,3}$/.test(text)) {
      return within(field, part.id, part.label, problem(part, 'bad-rt-rw', 'tulis RT dan RW dipisah garis miring, misalnya 003/005.',
        'write RT and RW separated by a slash, e.g. 003/005.'));
    }
    if (part.id === 'postalCode' && text !== '' && !/^[1-9]\d{4}$/.test(text)) {
      return within(field, part.id, part.label, problem(part, 'bad-postal-code', 'kode pos terdiri dari 5 angka, misalnya 76113.',
        'a postal code has 5 digits, e.g. 76113.'));
    }
  }
  return null;
}

const itemName = (field: FieldDefinition, index: number): LocalizedText => ({
  id: `${field.itemLabel?.id ?? 'Isian'} ${index + 1}`,
  en: `${field.itemLabel?.en ?? 'Item'} ${index + 1}`,
});

function groupProblem(field: FieldDefinition, value: AnswerValue | undefined, clock: ValidationClock): AnswerProblem | null {
  if (!Array.isArray(value)) return problem(field, 'wrong-type', 'harus berupa daftar.', 'must be a list.');
  const min = field.minItems ?? (field.required ? 1 : 0);
  const max = Math.min(field.maxItems ?? MAX_GROUP_ITEMS, MAX_GROUP_ITEMS);
  if (value.length < min) return problem(field, 'too-few', `isi paling sedikit ${min}.`, `add at least ${min}.`);
  if (value.length > max) return problem(field, 'too-many', `paling banyak ${max}.`, `at most ${max}.`);
  for (const [index, item] of value.entries()) {
    const found = groupItemProblems(field, item, index, 'submit', clock)[0];
    if (found) return found;
  }
  return null;
}

/** Problems of one group item; `draft` checks only what a draft must satisfy to be stored. */
function groupItemProblems(field: FieldDefinition, item: unknown, index: number, mode: 'draft' | 'submit',
  clock: ValidationClock = deviceClock()): AnswerProblem[] {
  const name = itemName(field, index);
  if (!isPlainObject(item)) {
    return [within(field, String(index), name, problem(field, 'wrong-type', 'harus berupa isian.', 'must be a set of answers.'))];
  }
  const subFields = field.fields ?? [];
  const known = new Set(subFields.map((sub) => sub.id));
  const problems: AnswerProblem[] = Object.keys(item).filter((key) => !known.has(key)).map((key) =>
    within(field, `${index}.${key}`, name, problem(field, 'unknown-field', `isian "${key}" tidak dikenal.`, `unknown field "${key}".`)));
  for (const sub of subFields) {
    const subValue = (item as GroupItem)[sub.id];
    if (subValue !== undefined && subValue !== null && typeof subValue === 'object') {
      problems.push(within(field, `${index}.${sub.id}`, { id: `${name.id}, ${sub.label.id}`, en: `${name.en}, ${sub.label.en}` },
        problem(sub, 'wrong-type', 'harus berupa satu isian.', 'must be a single answer.')));
      continue;
    }
    const scalar = subValue as ScalarAnswer | undefined;
    const tooLong = typeof scalar === 'string' && sub.maxLength !== undefined && scalar.length > sub.maxLength;
    if (mode === 'draft' && !tooLong) continue;
    const found = validateAnswer(sub, scalar, clock);
    if (found) {
      problems.push(within(field, `${index}.${sub.id}`, { id: `${name.id}, ${sub.label.id}`, en: `${name.en}, ${sub.label.en}` }, found));
    }
  }
  return problems;
}

/** Shape problems of a structured answer, as a draft must satisfy to be stored (half-typed parts are fine). */
function structuredDraftProblems(field: FieldDefinition, value: AnswerValue): AnswerProblem[] {
  if (field.kind === 'address') {
    if (!isPlainObject(value)) return [problem(field, 'wrong-type', 'harus berupa alamat yang diisi per bagian.', 'must be an address filled in part by part.')];
    // Every part on its own: a blank required part is fine in a draft, a wrong or over-long one is not.
    const known = new Set<string>(ADDRESS_PARTS.map((part) => part.id));
    const problems: AnswerProblem[] = Object.keys(value).filter((key) => !known.has(key)).map((key) =>
      ({ ...problem(field, 'unknown-field', `bagian "${key}" tidak dikenal.`, `unknown part "${key}".`), part: key }));
    for (const part of ADDRESS_FIELD_DEFINITIONS) {
      const partValue = value[part.id];
      if (partValue === undefined) continue;
      if (typeof partValue !== 'string') {
        problems.push(within(field, part.id, part.label, problem(part, 'wrong-type', 'harus berupa teks.', 'must be text.')));
      } else if (partValue.length > MAX_ADDRESS_PART_LENGTH) {
        const found = validateAnswer(part, partValue);
        if (found) problems.push(within(field, part.id, part.label, found));
      }
    }
    return problems;
  }
  if (!Array.isArray(value)) return [problem(field, 'wrong-type', 'harus berupa daftar.', 'must be a list.')];
  const max = Math.min(field.maxItems ?? MAX_GROUP_ITEMS, MAX_GROUP_ITEMS);
  if (value.length > max) return [problem(field, 'too-many', `paling banyak ${max}.`, `at most ${max}.`)];
  return value.flatMap((item, index) => groupItemProblems(field, item, index, 'draft'));
}

/**
 * Checks every answer against its permit type, as a submission must pass: every required field
 * answered, every answer well-formed.
 */
export function validateAnswers(permitType: PermitType, answers: Record<string, AnswerValue>,
  clock: ValidationClock = deviceClock()): AnswerProblem[] {
  const problems = unknownFieldProblems(permitType, answers);
  for (const field of permitType.fields) {
    if (!isVisible(field, answers)) continue;
    const found = validateAnswer(field, answers[field.id], clock);
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
    if (value === undefined || value === null) continue;
    if (field.kind === 'address' || field.kind === 'group') {
      problems.push(...structuredDraftProblems(field, value));
      continue;
    }
    if (typeof value === 'object') {
      problems.push(problem(field, 'wrong-type', 'harus berupa satu isian, bukan daftar.', 'must be a single answer, not a list.'));
      continue;
    }
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
