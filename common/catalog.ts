/**
 * The permit catalog: what each permit type asks of an applicant.
 *
 * The catalog is data, not code (domain.md: "editable by administrators"). These types are the
 * contract between the catalog an administrator edits, the form renderer in the browser and the
 * sync server's validation, so they live here, in the code shared by both.
 */

/** Text in both UI languages. Indonesian is the working language; English is a tap away. */
export interface LocalizedText {
  id: string;
  en: string;
}

/**
 * `yesno` answers are booleans; a `gps` point is the text "latitude, longitude" in decimal degrees
 * (typed, pasted from a map, or taken from the device's location). A `date` is stored as ISO
 * YYYY-MM-DD (typed as HH-BB-TTTT). A `number` is stored as typed, in Indonesian writing
 * ("250.000.000", "12,5"). A `kbli` is a 5-digit business activity code (KBLI 2020); an `npwp` a
 * tax number of 15 digits (01.234.567.8-721.000) or, since 2024, 16.
 */
export type FieldKind = 'text' | 'textarea' | 'number' | 'date' | 'choice' | 'phone' | 'nik' | 'email' | 'yesno' | 'gps'
  | 'kbli' | 'npwp' | 'address' | 'group';

/**
 * A bound on a date answer: a fixed ISO date, or `today` (only as an upper bound: a founding or
 * birth date cannot be in the future). "Not before today" is not offered: an application filed
 * offline reaches the server days later, and a date valid on the day it was filed would then be
 * refused for ever.
 */
export type DateBound = 'today' | string;

/** Where a booth filing's citizen block can fill a field from (the citizen's NIK, name or phone). */
export type CitizenSource = 'nik' | 'name' | 'phone';

/**
 * The parts of an `address` answer, in the order an Indonesian address is written. `rtRw` is
 * "003/005"; the postal code has 5 digits. Parts not `required` may stay empty.
 */
export const ADDRESS_PARTS = [
  { id: 'street', required: true, label: { id: 'Jalan dan nomor', en: 'Street and number' }, example: { id: 'Jl. Jenderal Sudirman No. 12', en: 'Jl. Jenderal Sudirman No. 12' } },
  { id: 'rtRw', required: false, label: { id: 'RT/RW', en: 'RT/RW (neighbourhood)' }, example: { id: '003/005', en: '003/005' } },
  { id: 'village', required: true, label: { id: 'Kelurahan/Desa', en: 'Village (kelurahan/desa)' }, example: { id: 'Klandasan Ilir', en: 'Klandasan Ilir' } },
  { id: 'district', required: true, label: { id: 'Kecamatan', en: 'District (kecamatan)' }, example: { id: 'Balikpapan Kota', en: 'Balikpapan Kota' } },
  { id: 'city', required: true, label: { id: 'Kabupaten/Kota', en: 'Regency or city' }, example: { id: 'Kota Balikpapan', en: 'Kota Balikpapan' } },
  { id: 'province', required: true, label: { id: 'Provinsi', en: 'Province' }, example: { id: 'Kalimantan Timur', en: 'East Kalimantan' } },
  { id: 'postalCode', required: false, label: { id: 'Kode pos', en: 'Postal code' }, example: { id: '76113', en: '76113' } },
] as const satisfies readonly { id: string; required: boolean; label: LocalizedText; example: LocalizedText }[];

export type AddressPartId = (typeof ADDRESS_PARTS)[number]['id'];

/** Shows a field only when another answer has a given value (e.g. "premises rented?" → owner's name). */
export interface VisibleWhen {
  fieldId: string;
  equals: string | boolean;
}

export interface ChoiceOption {
  value: string;
  label: LocalizedText;
}

export interface FieldDefinition {
  /** Stable key of the answer in a draft's `answers`; never renamed once published. */
  id: string;
  kind: FieldKind;
  label: LocalizedText;
  /** An example of a correct answer, shown under the field (PISAO: "give examples"). */
  example: LocalizedText;
  required: boolean;
  /** Upper bound on text length; the server enforces it too. */
  maxLength?: number;
  /** `number` only: bounds of the value read. */
  min?: number;
  max?: number;
  /** `number` only: an amount of money in Rupiah ("Rp" may be typed and is shown when read back). */
  currency?: 'IDR';
  /** `date` only: the earliest date accepted (a fixed ISO date). */
  minDate?: string;
  /** `date` only: the latest date accepted (`today` or a fixed ISO date). */
  maxDate?: DateBound;
  /** The citizen block of a booth filing holds this answer: the form can fill it from there. */
  fromCitizen?: CitizenSource;
  options?: ChoiceOption[];
  /** Absent: always shown. A hidden field is neither required nor checked. */
  visibleWhen?: VisibleWhen;
  /** `group` only: the sub-fields of one item (scalar kinds only, no `visibleWhen`). */
  fields?: FieldDefinition[];
  /** `group` only: how many items an answer must have (a required group needs at least one). */
  minItems?: number;
  maxItems?: number;
  /** `group` only: what one item is called, e.g. "Sekutu" → "Sekutu 1", "Sekutu 2". */
  itemLabel?: LocalizedText;
}

export interface RequirementDocument {
  id: string;
  name: LocalizedText;
  required: boolean;
  /** MIME types accepted for the upload. */
  accepts: string[];
  maxSizeKb: number;
}

export interface PermitType {
  /** Stable identifier, e.g. `siup`. */
  id: string;
  /** Short code used in registration numbers, e.g. `MB` for IMB. */
  code: string;
  name: LocalizedText;
  description: LocalizedText;
  /** The technical agency (OPD) that reviews it, as a person reads it. */
  reviewingAgency: LocalizedText;
  /**
   * The agencies (ids of `agency:<id>` documents) an accepted application of this type goes to for
   * review; each gives its recommendation. Absent in catalog versions published before agencies were
   * data (version 4 and older); a new publication names only known, active agencies.
   */
  reviewAgencyIds?: string[];
  needsInspection: boolean;
  hasFee: boolean;
  /** Service-level target in working days. */
  slaWorkingDays: number;
  fields: FieldDefinition[];
  requirements: RequirementDocument[];
}

/** An agency id as it appears in the catalog, in accounts and in reader keys (`agency:<id>`). */
export const AGENCY_ID_PATTERN = '^[a-z][a-z0-9-]{1,39}$';

/** Most agencies one permit type may name (a reklame names two; none names more than a handful). */
export const MAX_REVIEW_AGENCIES = 10;

export interface PermitCatalog {
  /** Increases with every published change; drafts remember the version they were started on. */
  version: number;
  permitTypes: PermitType[];
}
