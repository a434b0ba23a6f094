/**
 * Application documents for the benchmark: drafts with realistic answers (NIK, names, addresses, a
 * long-ish goods text), about 1.5 KB of JSON each in the stored shape, generated from a seeded
 * random source so every run sends the same bytes.
 *
 * The answers are made from the catalog's own field definitions (kind, options, bounds, lengths,
 * conditions), typed as a person would and stored through the form's own `answerFromInput`, and
 * every generated set is checked with common/answer-validation.ts before it is used: a catalog
 * version with new fields or stricter kinds changes the documents, and a kind the generator does
 * not know stops the bench with its name instead of sending answers the server would refuse.
 */
import { randomUUID } from 'node:crypto';
import type { AnswerValue, ApplicationDoc, GroupItem, ScalarAnswer } from '../common/application-schema.js';
import { answerFromInput, draftProblems, isVisible, serverClock, validateAnswers, type ValidationClock } from '../common/answer-validation.js';
import { ADDRESS_PARTS, type FieldDefinition, type PermitType } from '../common/catalog.js';
import { demoCatalog } from '../common/demo-catalog.js';
import type { StoredApplication } from '../sync-server/store.js';
import { withReach } from '../sync-server/sync/collections/application-wire.js';

const SIUP = demoCatalog.permitTypes.find((type) => type.id === 'siup');
if (!SIUP) throw new Error('the demo catalog has no SIUP permit type');
export const SIUP_TYPE = SIUP;
export const CATALOG_VERSION = demoCatalog.version;

/** mulberry32: small, fast, good enough to vary text. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Siti', 'Budi', 'Dewi', 'Agus', 'Rina', 'Joko', 'Sri', 'Andi', 'Wahyu', 'Nur', 'Hendra', 'Putri', 'Rudi', 'Yuliana', 'Bambang', 'Fitri'];
const LAST = ['Rahayu', 'Santoso', 'Lestari', 'Wijaya', 'Saputra', 'Hidayat', 'Kusuma', 'Nugroho', 'Pratama', 'Siregar', 'Hasibuan', 'Simanjuntak', 'Setiawan', 'Wulandari'];
const COMPANY_WORDS = ['Maju', 'Jaya', 'Sentosa', 'Makmur', 'Abadi', 'Sejahtera', 'Berkah', 'Mandiri', 'Karya', 'Utama', 'Sumber', 'Rejeki', 'Cahaya', 'Nusantara', 'Bahari', 'Lestari'];
const STREETS = ['Jenderal Sudirman', 'Ahmad Yani', 'Diponegoro', 'MT Haryono', 'Soekarno-Hatta', 'Gajah Mada', 'Pattimura', 'Imam Bonjol', 'Hasanuddin', 'Pangeran Antasari', 'Letjen Suprapto', 'Mulawarman'];
const VILLAGES = ['Klandasan Ilir', 'Klandasan Ulu', 'Damai', 'Gunung Bahagia', 'Sepinggan', 'Batu Ampar', 'Gunung Samarinda', 'Karang Rejo', 'Prapatan', 'Telaga Sari', 'Baru Ulu', 'Margasari'];
const DISTRICTS = ['Balikpapan Kota', 'Balikpapan Selatan', 'Balikpapan Utara', 'Balikpapan Tengah', 'Balikpapan Timur', 'Balikpapan Barat'];
const GOODS = [
  'beras premium dan medium', 'minyak goreng kemasan', 'gula pasir', 'tepung terigu', 'telur ayam ras', 'mi instan',
  'alat tulis kantor', 'kertas HVS dan map', 'sabun dan deterjen', 'air minum dalam kemasan', 'kopi bubuk dan teh celup',
  'susu kental manis', 'bumbu dapur kering', 'ikan asin dan teri', 'makanan ringan produksi UMKM lokal', 'perlengkapan rumah tangga',
  'suku cadang sepeda motor', 'pulsa dan paket data', 'obat bebas terbatas', 'perlengkapan sekolah', 'pakaian jadi dan seragam',
  'bahan bangunan ringan seperti semen, paku, dan cat', 'elektronik rumah tangga kecil', 'hasil bumi dari petani sekitar Kalimantan Timur',
];
const KBLI = ['47112', '47111', '46331', '47191', '46900', '47521', '47611', '47730'];
const DAY_MS = 86_400_000;
/** Read once: the server's clock per generated document would cost more than the generating. */
let clock: ValidationClock | undefined;

/** One person's (or company's) typing, drawn from one seeded source. */
class Typist {
  readonly random: () => number;
  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  digits(count: number): string {
    return Array.from({ length: count }, () => this.int(0, 9)).join('');
  }

  personName(): string {
    return `${this.pick(FIRST)} ${this.pick(FIRST)} ${this.pick(LAST)}`;
  }

  companyName(): string {
    return `${this.pick(['PT', 'CV', 'UD', 'Koperasi', 'Firma'])} ${this.pick(COMPANY_WORDS)} ${this.pick(COMPANY_WORDS)} ${this.pick(COMPANY_WORDS)} Cabang ${this.pick(DISTRICTS)}`;
  }

  /** Province 64 (Kalimantan Timur), a birth day (+40 for women) and month, a serial that is never 0000. */
  nik(): string {
    const day = this.int(1, 28) + (this.random() < 0.5 ? 40 : 0);
    return `6471${String(this.int(10, 89))}${String(day).padStart(2, '0')}${String(this.int(1, 12)).padStart(2, '0')}` +
      `${String(this.int(60, 99))}${String(this.int(1, 9998)).padStart(4, '0')}`;
  }

  /** Typed as HH-BB-TTTT, the way the form asks for it. */
  dateBetween(fromIso: string, toIso: string): string {
    const from = Date.parse(`${fromIso}T00:00:00Z`);
    const to = Math.max(from, Date.parse(`${toIso}T00:00:00Z`));
    const iso = new Date(from + Math.floor(this.random() * ((to - from) / DAY_MS + 1)) * DAY_MS).toISOString().slice(0, 10);
    return `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;
  }

  longText(): string {
    const goods: string[] = [];
    const left = [...GOODS];
    while (goods.join(', ').length < 400 && left.length > 0) goods.push(left.splice(Math.floor(this.random() * left.length), 1)[0]!);
    return `Perdagangan eceran ${goods.join(', ')}; dijual langsung kepada konsumen di toko dan melalui pesanan WhatsApp.`;
  }
}

const clip = (text: string, field: FieldDefinition): string => (field.maxLength === undefined ? text : text.slice(0, field.maxLength).trimEnd());

/** What a person types into a scalar field of this kind (text, as into the form's input). */
function typedInto(field: FieldDefinition, typist: Typist): string {
  switch (field.kind) {
    case 'text':
      if (/company|business|usaha/i.test(field.id) && /name/i.test(field.id)) return clip(typist.companyName(), field);
      if (/name|nama/i.test(field.id)) return clip(typist.personName(), field);
      return clip(`${typist.pick(COMPANY_WORDS)} ${typist.pick(COMPANY_WORDS)} ${typist.int(1, 99)}`, field);
    case 'textarea':
      return clip(typist.longText(), field);
    case 'number': {
      const min = field.min ?? 0;
      const max = field.max ?? (field.currency ? 10_000_000_000 : 1_000);
      // Money in whole millions of Rupiah, counts as small whole numbers: both written the Indonesian way.
      const value = field.currency
        ? Math.min(max, Math.max(min, 1_000_000) + typist.int(0, 450) * 1_000_000)
        : typist.int(Math.ceil(min), Math.min(Math.floor(max), Math.ceil(min) + 200));
      // Dots between thousands, as people here write (and as the form reads) 250.000.000.
      return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
    }
    case 'date': {
      const yesterday = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
      const latest = field.maxDate === undefined ? '2025-12-31' : field.maxDate === 'today' ? yesterday : field.maxDate;
      const earliest = field.minDate ?? (latest < '1990-01-01' ? latest : '1990-01-01');
      return typist.dateBetween(earliest, latest < earliest ? earliest : latest);
    }
    case 'choice': {
      const options = field.options ?? [];
      if (options.length === 0) throw new Error(`bench: choice field ${field.id} has no options`);
      return typist.pick(options).value;
    }
    case 'phone':
      return `08${typist.digits(10)}`;
    case 'nik':
      return typist.nik();
    case 'email':
      return `${typist.pick(FIRST).toLowerCase()}.${typist.pick(LAST).toLowerCase()}${typist.int(1, 99)}@contoh.id`;
    case 'gps':
      return `${(-1.2 - typist.random() * 0.1).toFixed(6)}, ${(116.8 + typist.random() * 0.1).toFixed(6)}`;
    case 'kbli':
      return typist.pick(KBLI);
    case 'npwp':
      return `${typist.digits(2)}.${typist.digits(3)}.${typist.digits(3)}.${typist.digits(1)}-${typist.digits(3)}.000`;
    default:
      throw new Error(`bench/documents.ts cannot type an answer for field ${field.id} of kind "${field.kind}": teach it this kind`);
  }
}

function scalarAnswer(field: FieldDefinition, typist: Typist): ScalarAnswer {
  if (field.kind === 'yesno') return typist.random() < 0.5;
  return answerFromInput(field, typedInto(field, typist));
}

function answerFor(field: FieldDefinition, typist: Typist): AnswerValue {
  if (field.kind === 'address') {
    const parts: Record<string, string> = {
      street: `Jl. ${typist.pick(STREETS)} No. ${typist.int(1, 250)}`,
      rtRw: `${String(typist.int(1, 40)).padStart(3, '0')}/${String(typist.int(1, 15)).padStart(3, '0')}`,
      village: typist.pick(VILLAGES),
      district: typist.pick(DISTRICTS),
      city: 'Kota Balikpapan',
      province: 'Kalimantan Timur',
      postalCode: String(76111 + typist.int(0, 29)),
    };
    // Every part the catalog's address has, and no other (a new part would make the check below fail).
    return Object.fromEntries(ADDRESS_PARTS.map((part) => [part.id, parts[part.id] ?? `${typist.pick(COMPANY_WORDS)}`]));
  }
  if (field.kind === 'group') {
    const min = field.minItems ?? (field.required ? 1 : 0);
    const count = Math.max(min, Math.min(field.maxItems ?? 2, 2));
    return Array.from({ length: count }, (): GroupItem =>
      Object.fromEntries((field.fields ?? []).map((sub) => [sub.id, scalarAnswer(sub, typist)])));
  }
  return scalarAnswer(field, typist);
}

/**
 * A complete answer set for `permitType`: every field shown (given the answers before it), in
 * catalog order. Throws, naming the fields, if the result would not pass the catalog's checks.
 */
export function answersFor(permitType: PermitType, seed: number): Record<string, AnswerValue> {
  const typist = new Typist(seed);
  const answers: Record<string, AnswerValue> = {};
  for (const field of permitType.fields) {
    if (isVisible(field, answers)) answers[field.id] = answerFor(field, typist);
  }
  checkAnswers(answers, permitType);
  return answers;
}

export function siupAnswers(index: number): Record<string, AnswerValue> {
  return answersFor(SIUP_TYPE, index + 1);
}

/** A draft as the device keeps it. */
export function siupDraft(index: number, ownerId: string, now = Date.now()): ApplicationDoc {
  return {
    id: randomUUID(),
    ownerId,
    permitTypeId: SIUP_TYPE.id,
    catalogVersion: CATALOG_VERSION,
    status: 'draft',
    answers: siupAnswers(index),
    createdAt: new Date(now - 86_400_000 + index).toISOString(),
    updatedAt: now + index,
  };
}

/** The same draft as the sync server stores it. */
export function storedApplication(draft: ApplicationDoc, serverSeq: number): StoredApplication {
  const stored: StoredApplication = {
    _id: draft.id,
    type: 'application',
    ...draft,
    deleted: false,
    serverSeq,
    serverUpdatedAt: new Date(Math.floor(serverSeq / 1000)).toISOString(),
    readers: [],
    formerReaders: [],
  };
  // The server's own rule (common/access/readers.ts through the write path's withReach), so the
  // reach view's rows are the ones a real write leaves.
  withReach(stored, undefined);
  return stored;
}

/**
 * The same application as the front office leaves it when it accepts: submitted when last edited,
 * accepted an hour later, in review by `agencyId` (a document of that agency's queue).
 */
export function inReviewApplication(draft: ApplicationDoc, agencyId: string, serverSeq: number): StoredApplication {
  const submittedAt = new Date(draft.updatedAt).toISOString();
  const acceptedAt = new Date(draft.updatedAt + 3_600_000).toISOString();
  return storedApplication({
    ...draft,
    status: 'in-review',
    submittedAt,
    acceptedAt,
    routedAgencies: [agencyId],
    stages: [{ stage: 'submitted', at: submittedAt }, { stage: 'in-review', at: acceptedAt }],
  }, serverSeq);
}

/**
 * Fails loudly if the generator ever produces answers the server would refuse (as a submission, by
 * the server's clock, and as a draft) or a form would flag.
 */
export function checkAnswers(answers: Record<string, AnswerValue>, permitType: PermitType = SIUP_TYPE): void {
  clock ??= serverClock();
  const problems = [...validateAnswers(permitType, answers, clock), ...draftProblems(permitType, answers)];
  if (problems.length > 0) {
    throw new Error(`bench answers for ${permitType.id} (catalog version ${CATALOG_VERSION}) fail the catalog's checks: ` +
      problems.map((problem) => `${problem.fieldId}${'part' in problem && problem.part ? `.${String(problem.part)}` : ''} ${problem.code}`).join(', '));
  }
}
