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
 * (typed, pasted from a map, or taken from the device's location).
 */
export type FieldKind = 'text' | 'textarea' | 'number' | 'date' | 'choice' | 'phone' | 'nik' | 'email' | 'yesno' | 'gps'
  | 'address' | 'group';

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
  min?: number;
  max?: number;
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
  /** The technical agency (OPD) that reviews it. */
  reviewingAgency: LocalizedText;
  needsInspection: boolean;
  hasFee: boolean;
  /** Service-level target in working days. */
  slaWorkingDays: number;
  fields: FieldDefinition[];
  requirements: RequirementDocument[];
}

export interface PermitCatalog {
  /** Increases with every published change; drafts remember the version they were started on. */
  version: number;
  permitTypes: PermitType[];
}
