/**
 * Application documents for the benchmark: SIUP drafts with realistic answers (NIK, names,
 * addresses, a long-ish goods text), about 1.7 KB of JSON each in the stored shape. Generated from a
 * seeded random source so every run sends the same bytes.
 */
import { randomUUID } from 'node:crypto';
import type { AnswerValue, ApplicationDoc } from '../common/application-schema.js';
import { validateAnswers } from '../common/answer-validation.js';
import { demoCatalog } from '../common/demo-catalog.js';
import type { StoredApplication } from '../sync-server/store.js';

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
const FORMS = ['pt', 'cv', 'firma', 'koperasi', 'perorangan'];
const KBLI = ['47112', '47111', '46331', '47191', '46900', '47521', '47611', '47730'];

export function siupAnswers(index: number): Record<string, AnswerValue> {
  const random = seededRandom(index + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const digits = (count: number): string => Array.from({ length: count }, () => Math.floor(random() * 10)).join('');
  const day = 1 + Math.floor(random() * 28) + (random() < 0.5 ? 40 : 0);
  const month = 1 + Math.floor(random() * 12);
  const nik = `6471${String(10 + Math.floor(random() * 80)).padStart(2, '0')}${String(day).padStart(2, '0')}` +
    `${String(month).padStart(2, '0')}${String(60 + Math.floor(random() * 40))}${String(1 + Math.floor(random() * 9998)).padStart(4, '0')}`;
  const name = `${pick(FIRST)} ${pick(FIRST)} ${pick(LAST)}`;
  const form = pick(FORMS);
  const prefix = form === 'pt' ? 'PT' : form === 'cv' ? 'CV' : form === 'koperasi' ? 'Koperasi' : form === 'firma' ? 'Firma' : 'UD';
  const company = `${prefix} ${pick(COMPANY_WORDS)} ${pick(COMPANY_WORDS)} ${pick(COMPANY_WORDS)} Cabang ${pick(DISTRICTS)}`;
  const address = `Jl. ${pick(STREETS)} No. ${1 + Math.floor(random() * 250)}, RT ${String(1 + Math.floor(random() * 40)).padStart(2, '0')}, ` +
    `Kel. ${pick(VILLAGES)}, Kec. ${pick(DISTRICTS)}, Kota Balikpapan, Kalimantan Timur ${76111 + Math.floor(random() * 30)}. ` +
    `Ruko Blok ${String.fromCharCode(65 + Math.floor(random() * 8))}-${1 + Math.floor(random() * 30)}, lantai dasar, ` +
    `di samping ${pick(['masjid', 'pasar', 'sekolah dasar negeri', 'kantor kelurahan', 'puskesmas', 'SPBU'])}, ` +
    `patokan: seberang ${pick(['minimarket', 'bank', 'apotek', 'bengkel', 'warung makan'])} dan gapura masuk perumahan ${pick(COMPANY_WORDS)} ${pick(COMPANY_WORDS)}. ` +
    `Bangunan ${pick(['satu', 'dua', 'tiga'])} lantai ${pick(['milik sendiri', 'sewa', 'milik keluarga'])}, luas tempat usaha sekitar ${20 + Math.floor(random() * 200)} m2, ` +
    `buka setiap hari pukul 07.00-21.00 WITA. Akses jalan dapat dilalui kendaraan roda empat, parkir untuk ${2 + Math.floor(random() * 10)} mobil. ` +
    `Titik koordinat ${(-1.2 - random() * 0.1).toFixed(6)}, ${(116.8 + random() * 0.1).toFixed(6)}.`;
  const goods: string[] = [];
  const left = [...GOODS];
  while (goods.join(', ').length < 400 && left.length > 0) goods.push(left.splice(Math.floor(random() * left.length), 1)[0]!);
  const mainGoods = `Perdagangan eceran ${goods.join(', ')}; dijual langsung kepada konsumen di toko dan melalui pesanan WhatsApp.`.slice(0, 500);
  return {
    applicantNik: nik,
    applicantName: name,
    applicantPhone: `08${digits(10)}`,
    companyName: company,
    businessForm: form,
    companyAddress: address.slice(0, 500),
    companyNpwp: `${digits(2)}.${digits(3)}.${digits(3)}.${digits(1)}-${digits(3)}.000`,
    netWorth: 50_000_000 + Math.floor(random() * 450) * 1_000_000,
    kbli: pick(KBLI),
    mainGoods,
  };
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
  return {
    _id: draft.id,
    type: 'application',
    ...draft,
    deleted: false,
    serverSeq,
    serverUpdatedAt: new Date(Math.floor(serverSeq / 1000)).toISOString(),
  };
}

/** Fails loudly if the generator ever produces answers the server would refuse or a form would flag. */
export function checkAnswers(answers: Record<string, AnswerValue>): void {
  const problems = validateAnswers(SIUP_TYPE, answers);
  if (problems.length > 0) throw new Error(`bench answers invalid: ${problems.map((problem) => `${problem.fieldId} ${problem.code}`).join(', ')}`);
}
