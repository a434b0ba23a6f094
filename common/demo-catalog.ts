/**
 * The demo permit catalog: seeded into the store so that a fresh installation has real permit
 * types to show and to test with. An administrator edits the real catalog; this file is only its
 * starting point (domain.md: "the catalog is data, editable by administrators, not code").
 *
 * Derived from the documents in shared/seeds/. From the seeds: the permit types (Balikpapan's 2017
 * permit list in the SICANTIK study, Kediri's ISTRI PINTAR), the technical agencies of SIUP, TDP,
 * IUI, IUK, TDUP, TDG and Izin Gangguan (SOP decree 188.4/93/DPMPT), the research permit's issuer
 * and fields (permit 070/45/KBP-PMA/2018), whether a type has a site visit or a retribution, and the
 * service-level targets written in the SOPs (H2, H3, H5, H12). The seeds do not list form fields
 * or requirement documents per type: those follow common PTSP practice and the national rules of
 * the time. Service-level targets the seeds do not give are marked "guess".
 */
import type {
  ChoiceOption,
  FieldDefinition,
  LocalizedText,
  PermitCatalog,
  RequirementDocument,
} from './catalog.js';
import { formatNumber } from './answer-validation.js';

/** Photos or scans of documents. */
const DOCUMENT_UPLOAD_TYPES = ['image/jpeg', 'image/png', 'application/pdf'];
/** Pictures only (passport photos, site photos). */
const IMAGE_UPLOAD_TYPES = ['image/jpeg', 'image/png'];

// Small factories for the pieces many permit types share. Each call returns fresh objects, so
// editing one permit type in the store never changes another.

function doc(
  id: string,
  name: LocalizedText,
  required: boolean,
  maxSizeKb = 2048,
  accepts: readonly string[] = DOCUMENT_UPLOAD_TYPES,
): RequirementDocument {
  return { id, name, required, accepts: [...accepts], maxSizeKb };
}

const ktp = (): RequirementDocument =>
  doc('ktp', { id: 'KTP elektronik pemohon', en: "Applicant's electronic ID card (e-KTP)" }, true);

const npwp = (required: boolean): RequirementDocument =>
  doc('npwp', { id: 'NPWP pemohon atau perusahaan', en: 'Tax number card (NPWP) of the applicant or company' }, required);

const deedOfEstablishment = (required: boolean): RequirementDocument =>
  doc(
    'deedOfEstablishment',
    {
      id: 'Akta pendirian dan pengesahan badan usaha (untuk PT, CV, firma, koperasi)',
      en: 'Deed of establishment and its ratification (for PT, CV, firm, cooperative)',
    },
    required,
    5120,
  );

const passPhoto = (): RequirementDocument =>
  doc('passPhoto', { id: 'Pas foto berwarna ukuran 4x6', en: 'Colour passport photo, 4x6 cm' }, true, 1024, IMAGE_UPLOAD_TYPES);

const str = (): RequirementDocument =>
  doc('str', { id: 'Surat Tanda Registrasi (STR) yang masih berlaku', en: 'Valid registration certificate (STR)' }, true);

const healthCertificate = (): RequirementDocument =>
  doc(
    'healthCertificate',
    { id: 'Surat keterangan sehat dari dokter yang memiliki SIP', en: 'Health certificate from a licensed doctor' },
    true,
  );

const facilityStatement = (): RequirementDocument =>
  doc(
    'facilityStatement',
    {
      id: 'Surat keterangan dari pimpinan fasilitas kesehatan atau surat pernyataan memiliki tempat praktik',
      en: "Letter from the head of the health facility, or statement of having a place of practice",
    },
    true,
  );

const professionalRecommendation = (organisation: string): RequirementDocument =>
  doc(
    'professionalRecommendation',
    {
      id: `Surat rekomendasi organisasi profesi (${organisation}) cabang setempat`,
      en: `Recommendation letter from the local branch of the professional body (${organisation})`,
    },
    true,
  );

const applicantNik = (): FieldDefinition => ({
  id: 'applicantNik',
  kind: 'nik',
  label: { id: 'NIK pemohon (16 digit, sesuai KTP)', en: "Applicant's NIK (16 digits, as on the ID card)" },
  example: { id: 'Contoh: 6471021708900003', en: 'Example: 6471021708900003' },
  required: true,
  fromCitizen: 'nik',
});

const applicantName = (
  label: LocalizedText = { id: 'Nama lengkap pemohon (sesuai KTP)', en: "Applicant's full name (as on the ID card)" },
  example: LocalizedText = { id: 'Contoh: Budi Santoso', en: 'Example: Budi Santoso' },
): FieldDefinition => ({ id: 'applicantName', kind: 'text', label, example, required: true, maxLength: 120, fromCitizen: 'name' });

const ownerName = (): FieldDefinition =>
  applicantName({
    id: 'Nama lengkap pemilik atau penanggung jawab',
    en: 'Full name of the owner or person in charge',
  });

const applicantPhone = (): FieldDefinition => ({
  id: 'applicantPhone',
  kind: 'phone',
  label: { id: 'Nomor HP/WhatsApp yang aktif', en: 'Active mobile/WhatsApp number' },
  example: { id: 'Contoh: 081234567890', en: 'Example: 081234567890' },
  required: true,
  fromCitizen: 'phone',
});

const applicantEmail = (): FieldDefinition => ({
  id: 'applicantEmail',
  kind: 'email',
  label: { id: 'Alamat email (tidak wajib)', en: 'Email address (optional)' },
  example: { id: 'Contoh: siti.rahmawati@example.com', en: 'Example: siti.rahmawati@example.com' },
  required: false,
  maxLength: 120,
});

const businessFormOptions = (): ChoiceOption[] => [
  { value: 'pt', label: { id: 'Perseroan Terbatas (PT)', en: 'Limited liability company (PT)' } },
  { value: 'cv', label: { id: 'Persekutuan Komanditer (CV)', en: 'Limited partnership (CV)' } },
  { value: 'firma', label: { id: 'Firma', en: 'General partnership (firm)' } },
  { value: 'koperasi', label: { id: 'Koperasi', en: 'Cooperative' } },
  { value: 'perorangan', label: { id: 'Perorangan', en: 'Sole proprietorship' } },
];

const businessForm = (): FieldDefinition => ({
  id: 'businessForm',
  kind: 'choice',
  label: { id: 'Bentuk usaha', en: 'Legal form of the business' },
  example: { id: 'Contoh: Persekutuan Komanditer (CV)', en: 'Example: Limited partnership (CV)' },
  required: true,
  options: businessFormOptions(),
});

const companyName = (): FieldDefinition => ({
  id: 'companyName',
  kind: 'text',
  label: { id: 'Nama perusahaan', en: 'Company name' },
  example: { id: 'Contoh: CV Maju Jaya', en: 'Example: CV Maju Jaya' },
  required: true,
  maxLength: 120,
});

/** An address in parts (street, RT/RW, village, district, city, province, postal code). */
const address = (id: string, label: LocalizedText): FieldDefinition => ({
  id,
  kind: 'address',
  label,
  example: {
    id: 'Contoh: Jl. Jenderal Sudirman No. 12, RT/RW 003/005, Kel. Klandasan Ilir, Kec. Balikpapan Kota, Kota Balikpapan, Kalimantan Timur 76113',
    en: 'Example: Jl. Jenderal Sudirman No. 12, RT/RW 003/005, Kel. Klandasan Ilir, Kec. Balikpapan Kota, Kota Balikpapan, Kalimantan Timur 76113',
  },
  required: true,
});

/** The partners or managers of a firm, CV or PT: one item per person. */
const partners = (): FieldDefinition => ({
  id: 'partners',
  kind: 'group',
  label: { id: 'Sekutu / pengurus (kosongkan untuk usaha perorangan)', en: 'Partners / managers (leave empty for a sole proprietorship)' },
  example: { id: 'Contoh: Sekutu 1: Ahmad Fauzi, NIK 6471051708900002, Sekutu aktif', en: 'Example: Partner 1: Ahmad Fauzi, NIK 6471051708900002, active partner' },
  required: false,
  maxItems: 10,
  itemLabel: { id: 'Sekutu', en: 'Partner' },
  fields: [
    { id: 'name', kind: 'text', label: { id: 'Nama lengkap', en: 'Full name' }, example: { id: 'Contoh: Ahmad Fauzi', en: 'Example: Ahmad Fauzi' }, required: true, maxLength: 120 },
    { id: 'nik', kind: 'nik', label: { id: 'NIK', en: 'NIK (ID number)' }, example: { id: 'Contoh: 6471051708900002', en: 'Example: 6471051708900002' }, required: true },
    {
      id: 'position',
      kind: 'choice',
      label: { id: 'Kedudukan', en: 'Position' },
      example: { id: 'Contoh: Sekutu aktif', en: 'Example: Active partner' },
      required: true,
      options: [
        { value: 'director', label: { id: 'Direktur / pimpinan', en: 'Director / head' } },
        { value: 'active', label: { id: 'Sekutu aktif', en: 'Active partner' } },
        { value: 'passive', label: { id: 'Sekutu pasif (komanditer)', en: 'Passive (limited) partner' } },
        { value: 'commissioner', label: { id: 'Komisaris', en: 'Commissioner' } },
      ],
    },
  ],
});

const kbli = (example: string): FieldDefinition => ({
  id: 'kbli',
  kind: 'kbli',
  label: { id: 'Kode KBLI kegiatan usaha utama (5 digit)', en: 'Main business activity code, KBLI (5 digits)' },
  example: { id: `Contoh: ${example}`, en: `Example: ${example}` },
  required: true,
});

/** A company's tax number: 15 digits as printed on the card, or the 16-digit form used since 2024. */
const companyNpwp = (): FieldDefinition => ({
  id: 'companyNpwp',
  kind: 'npwp',
  label: { id: 'NPWP perusahaan (15 atau 16 digit)', en: 'Company tax number, NPWP (15 or 16 digits)' },
  example: { id: 'Contoh: 01.234.567.8-721.000', en: 'Example: 01.234.567.8-721.000' },
  required: true,
  maxLength: 30,
});

/** A date example written as the form takes it, with the date in words beside it. */
const dateExample = (numeric: string, words: LocalizedText): LocalizedText => ({
  id: `Contoh: ${numeric} (${words.id})`,
  en: `Example: ${numeric} (${words.en})`,
});

const strNumber = (example: string): FieldDefinition => ({
  id: 'strNumber',
  kind: 'text',
  label: { id: 'Nomor STR', en: 'Registration certificate (STR) number' },
  example: { id: `Contoh: ${example}`, en: `Example: ${example}` },
  required: true,
  maxLength: 30,
});

const strValidUntil = (): FieldDefinition => ({
  id: 'strValidUntil',
  kind: 'date',
  label: {
    id: 'STR berlaku sampai (kosongkan bila berlaku seumur hidup)',
    en: 'STR valid until (leave empty if valid for life)',
  },
  example: dateExample('30-09-2026', { id: '30 September 2026', en: '30 September 2026' }),
  required: false,
});

const healthFacilityName = (): FieldDefinition => ({
  id: 'facilityName',
  kind: 'text',
  label: { id: 'Nama fasilitas pelayanan kesehatan / tempat praktik', en: 'Name of the health facility / place of practice' },
  example: { id: 'Contoh: Klinik Pratama Sehat Sentosa', en: 'Example: Klinik Pratama Sehat Sentosa' },
  required: true,
  maxLength: 120,
});

const rupiah = (
  id: string,
  label: LocalizedText,
  exampleValue: number,
  exampleWords: LocalizedText,
): FieldDefinition => ({
  id,
  kind: 'number',
  label,
  example: {
    id: `Contoh: ${formatNumber(exampleValue, 'id')} (${exampleWords.id})`,
    en: `Example: ${formatNumber(exampleValue, 'id')} (${exampleWords.en})`,
  },
  required: true,
  currency: 'IDR',
  min: 0,
  max: 1_000_000_000_000_000,
});

export const demoCatalog: PermitCatalog = {
  // Version 2 added yes/no, conditional and GPS fields; 3 made addresses structured and added
  // repeated groups (partners); 4 checks KBLI codes and NPWPs by kind, refuses founding dates in
  // the future, marks Rupiah amounts, writes date examples as they are typed (HH-BB-TTTT) and names
  // the applicant fields a booth can fill from the citizen block; 5 names the agencies that review
  // each type (reviewAgencyIds, see standard-catalog.ts). Drafts started under an older version
  // keep its fields.
  version: 5,
  permitTypes: [
    {
      id: 'siup',
      code: 'SIUP',
      name: { id: 'Surat Izin Usaha Perdagangan (SIUP)', en: 'Trading Business Licence (SIUP)' },
      description: {
        id: 'Izin untuk menjalankan kegiatan usaha perdagangan barang atau jasa.',
        en: 'Licence to run a business trading in goods or services.',
      },
      reviewingAgency: { id: 'Dinas Perdagangan', en: 'Trade Office' },
      reviewAgencyIds: ['dinas-perdagangan'],
      needsInspection: false,
      hasFee: false,
      slaWorkingDays: 2, // SICANTIK SOP for SIUP: done on day H2
      fields: [
        applicantNik(),
        ownerName(),
        applicantPhone(),
        companyName(),
        businessForm(),
        address('companyAddress', { id: 'Alamat perusahaan', en: 'Company address' }),
        partners(),
        companyNpwp(),
        rupiah(
          'netWorth',
          { id: 'Kekayaan bersih, tidak termasuk tanah dan bangunan (Rp)', en: 'Net worth excluding land and buildings (IDR)' },
          250_000_000,
          { id: 'Rp 250 juta', en: 'IDR 250 million' },
        ),
        kbli('47112'),
        {
          id: 'mainGoods',
          kind: 'textarea',
          label: { id: 'Barang/jasa dagangan utama', en: 'Main goods or services traded' },
          example: { id: 'Contoh: Sembako dan alat tulis kantor', en: 'Example: Staple foods and office stationery' },
          required: true,
          maxLength: 500,
        },
        {
          id: 'premisesOwned',
          kind: 'yesno',
          label: { id: 'Apakah tempat usaha milik sendiri?', en: 'Do you own the business premises?' },
          example: { id: 'Contoh: Tidak (sewa ruko)', en: 'Example: No (a rented shophouse)' },
          required: true,
        },
        {
          id: 'premisesOwnerName',
          kind: 'text',
          label: { id: 'Nama pemilik tempat usaha yang disewa', en: 'Name of the owner of the rented premises' },
          example: { id: 'Contoh: H. Abdul Rahman', en: 'Example: H. Abdul Rahman' },
          required: true,
          maxLength: 120,
          // Only asked when the premises are rented: the lease names the owner.
          visibleWhen: { fieldId: 'premisesOwned', equals: false },
        },
      ],
      requirements: [
        ktp(),
        npwp(true),
        deedOfEstablishment(false),
        passPhoto(),
        doc(
          'domicileCertificate',
          { id: 'Surat keterangan domisili usaha dari kelurahan', en: 'Business domicile letter from the sub-district office' },
          false,
        ),
        doc('balanceSheet', { id: 'Neraca awal perusahaan', en: "Company's opening balance sheet" }, false),
      ],
    },
    {
      id: 'tdp',
      code: 'TDP',
      name: { id: 'Tanda Daftar Perusahaan (TDP)', en: 'Company Registration Certificate (TDP)' },
      description: {
        id: 'Tanda bukti bahwa perusahaan telah didaftarkan dalam daftar perusahaan.',
        en: 'Proof that a company is entered in the company register.',
      },
      reviewingAgency: { id: 'Dinas Perdagangan', en: 'Trade Office' },
      reviewAgencyIds: ['dinas-perdagangan'],
      needsInspection: false,
      hasFee: false,
      slaWorkingDays: 2, // SICANTIK SOP for TDP: done on day H2
      fields: [
        applicantNik(),
        ownerName(),
        applicantPhone(),
        companyName(),
        businessForm(),
        address('companyAddress', { id: 'Alamat perusahaan', en: 'Company address' }),
        partners(),
        kbli('47112'),
        {
          id: 'siupNumber',
          kind: 'text',
          label: {
            id: 'Nomor SIUP (kosongkan bila diajukan paralel dengan SIUP)',
            en: 'SIUP number (leave empty if filed together with the SIUP)',
          },
          example: { id: 'Contoh: 503/0742/SIUP-K/DPMPT/IV/2018', en: 'Example: 503/0742/SIUP-K/DPMPT/IV/2018' },
          required: false,
          maxLength: 60,
        },
        {
          id: 'establishmentDate',
          kind: 'date',
          label: { id: 'Tanggal pendirian perusahaan', en: 'Date the company was established' },
          example: dateExample('12-03-2018', { id: '12 Maret 2018', en: '12 March 2018' }),
          // A company cannot have been founded tomorrow, nor before the 20th century began.
          minDate: '1900-01-01',
          maxDate: 'today',
          required: true,
        },
        {
          id: 'employeeCount',
          kind: 'number',
          label: { id: 'Jumlah karyawan', en: 'Number of employees' },
          example: { id: 'Contoh: 8', en: 'Example: 8' },
          required: true,
          min: 0,
          max: 100_000,
        },
      ],
      requirements: [
        ktp(),
        npwp(true),
        deedOfEstablishment(false),
        doc(
          'siupCopy',
          { id: 'SIUP atau izin usaha lain (bila tidak diajukan paralel)', en: 'SIUP or other business licence (unless filed together)' },
          false,
        ),
        doc(
          'domicileCertificate',
          { id: 'Surat keterangan domisili usaha dari kelurahan', en: 'Business domicile letter from the sub-district office' },
          false,
        ),
      ],
    },
    {
      id: 'sip-dokter',
      code: 'SIPD',
      name: { id: 'Surat Izin Praktik Dokter (SIP Dokter)', en: 'Doctor Practice Permit (SIP)' },
      description: {
        id: 'Izin bagi dokter atau dokter gigi untuk menjalankan praktik kedokteran di satu tempat praktik.',
        en: 'Permit for a doctor or dentist to practise at one place of practice.',
      },
      reviewingAgency: { id: 'Dinas Kesehatan', en: 'Health Office' },
      reviewAgencyIds: ['dinas-kesehatan'],
      // ISTRI PINTAR: health worker permits are "hanya bersifat administrasi saja" (no site visit).
      needsInspection: false,
      hasFee: false,
      slaWorkingDays: 3, // guess: not in the seeds
      fields: [
        applicantNik(),
        applicantName(
          { id: 'Nama lengkap beserta gelar', en: 'Full name with academic titles' },
          { id: 'Contoh: dr. Siti Rahmawati', en: 'Example: dr. Siti Rahmawati' },
        ),
        applicantPhone(),
        applicantEmail(),
        {
          id: 'doctorType',
          kind: 'choice',
          label: { id: 'Jenis dokter', en: 'Type of doctor' },
          example: { id: 'Contoh: Dokter umum', en: 'Example: General practitioner' },
          required: true,
          options: [
            { value: 'dokter-umum', label: { id: 'Dokter umum', en: 'General practitioner' } },
            { value: 'dokter-spesialis', label: { id: 'Dokter spesialis', en: 'Medical specialist' } },
            { value: 'dokter-gigi', label: { id: 'Dokter gigi', en: 'Dentist' } },
            { value: 'dokter-gigi-spesialis', label: { id: 'Dokter gigi spesialis', en: 'Dental specialist' } },
          ],
        },
        strNumber('3121100318123456'),
        strValidUntil(),
        {
          id: 'practiceSequence',
          kind: 'choice',
          label: { id: 'Tempat praktik ke-', en: 'Place of practice number' },
          example: { id: 'Contoh: Tempat praktik ke-1', en: 'Example: First place of practice' },
          required: true,
          options: [
            { value: '1', label: { id: 'Tempat praktik ke-1', en: 'First place of practice' } },
            { value: '2', label: { id: 'Tempat praktik ke-2', en: 'Second place of practice' } },
            { value: '3', label: { id: 'Tempat praktik ke-3', en: 'Third place of practice' } },
          ],
        },
        healthFacilityName(),
        address('practiceAddress', { id: 'Alamat tempat praktik', en: 'Address of the place of practice' }),
      ],
      requirements: [ktp(), str(), professionalRecommendation('IDI/PDGI'), facilityStatement(), passPhoto()],
    },
    {
      id: 'sip-perawat',
      code: 'SIPP',
      name: { id: 'Surat Izin Praktik Perawat (SIP Perawat)', en: 'Nurse Practice Permit (SIPP)' },
      description: {
        id: 'Izin bagi perawat untuk menjalankan praktik keperawatan di fasilitas kesehatan atau secara mandiri.',
        en: 'Permit for a nurse to practise in a health facility or independently.',
      },
      reviewingAgency: { id: 'Dinas Kesehatan', en: 'Health Office' },
      reviewAgencyIds: ['dinas-kesehatan'],
      needsInspection: false, // ISTRI PINTAR: administrative only
      hasFee: false,
      slaWorkingDays: 3, // guess: not in the seeds
      fields: [
        applicantNik(),
        applicantName(
          { id: 'Nama lengkap beserta gelar', en: 'Full name with academic titles' },
          { id: 'Contoh: Ns. Dewi Lestari, S.Kep.', en: 'Example: Ns. Dewi Lestari, S.Kep.' },
        ),
        applicantPhone(),
        {
          id: 'nurseLevel',
          kind: 'choice',
          label: { id: 'Jenjang perawat', en: 'Nursing level' },
          example: { id: 'Contoh: Perawat profesi (Ners)', en: 'Example: Professional nurse (Ners)' },
          required: true,
          options: [
            { value: 'vokasi', label: { id: 'Perawat vokasi (D3 Keperawatan)', en: 'Vocational nurse (3-year diploma)' } },
            { value: 'ners', label: { id: 'Perawat profesi (Ners)', en: 'Professional nurse (Ners)' } },
            { value: 'ners-spesialis', label: { id: 'Perawat spesialis', en: 'Specialist nurse' } },
          ],
        },
        strNumber('1601234567890123'),
        strValidUntil(),
        {
          id: 'practiceType',
          kind: 'choice',
          label: { id: 'Jenis praktik', en: 'Type of practice' },
          example: { id: 'Contoh: Di fasilitas pelayanan kesehatan', en: 'Example: In a health facility' },
          required: true,
          options: [
            { value: 'fasyankes', label: { id: 'Di fasilitas pelayanan kesehatan', en: 'In a health facility' } },
            { value: 'mandiri', label: { id: 'Praktik mandiri', en: 'Independent practice' } },
          ],
        },
        healthFacilityName(),
        address('practiceAddress', { id: 'Alamat tempat praktik', en: 'Address of the place of practice' }),
      ],
      requirements: [
        ktp(),
        str(),
        healthCertificate(),
        professionalRecommendation('PPNI'),
        facilityStatement(),
        passPhoto(),
      ],
    },
    {
      id: 'sik-bidan',
      code: 'SIKB',
      name: { id: 'Surat Izin Kerja Bidan (SIK Bidan)', en: 'Midwife Work Permit (SIKB)' },
      description: {
        id: 'Izin bagi bidan untuk bekerja di fasilitas pelayanan kesehatan.',
        en: 'Permit for a midwife to work in a health facility.',
      },
      reviewingAgency: { id: 'Dinas Kesehatan', en: 'Health Office' },
      reviewAgencyIds: ['dinas-kesehatan'],
      needsInspection: false, // ISTRI PINTAR: administrative only
      hasFee: false,
      slaWorkingDays: 3, // guess: not in the seeds
      fields: [
        applicantNik(),
        applicantName(
          { id: 'Nama lengkap beserta gelar', en: 'Full name with academic titles' },
          { id: 'Contoh: Rina Marlina, A.Md.Keb.', en: 'Example: Rina Marlina, A.Md.Keb.' },
        ),
        applicantPhone(),
        {
          id: 'educationLevel',
          kind: 'choice',
          label: { id: 'Pendidikan kebidanan terakhir', en: 'Highest midwifery education' },
          example: { id: 'Contoh: D3 Kebidanan', en: 'Example: Midwifery diploma (D3)' },
          required: true,
          options: [
            { value: 'd3', label: { id: 'D3 Kebidanan', en: 'Midwifery diploma (D3)' } },
            { value: 'd4-s1', label: { id: 'D4/S1 Kebidanan', en: 'Midwifery bachelor (D4/S1)' } },
            { value: 'profesi', label: { id: 'Pendidikan profesi bidan', en: 'Professional midwife' } },
          ],
        },
        strNumber('1401234567890123'),
        strValidUntil(),
        {
          id: 'facilityType',
          kind: 'choice',
          label: { id: 'Jenis fasilitas pelayanan kesehatan', en: 'Type of health facility' },
          example: { id: 'Contoh: Puskesmas', en: 'Example: Community health centre (Puskesmas)' },
          required: true,
          options: [
            { value: 'puskesmas', label: { id: 'Puskesmas', en: 'Community health centre (Puskesmas)' } },
            { value: 'rumah-sakit', label: { id: 'Rumah sakit', en: 'Hospital' } },
            { value: 'klinik', label: { id: 'Klinik', en: 'Clinic' } },
            { value: 'lainnya', label: { id: 'Lainnya', en: 'Other' } },
          ],
        },
        healthFacilityName(),
        address('facilityAddress', { id: 'Alamat fasilitas pelayanan kesehatan', en: 'Address of the health facility' }),
      ],
      requirements: [
        ktp(),
        str(),
        healthCertificate(),
        professionalRecommendation('IBI'),
        facilityStatement(),
        passPhoto(),
      ],
    },
    {
      id: 'izin-penelitian',
      code: 'IPEN',
      name: { id: 'Izin Penelitian', en: 'Research Permit' },
      description: {
        id: 'Izin bagi mahasiswa, peneliti atau lembaga untuk melakukan penelitian, riset atau survei di wilayah kota.',
        en: 'Permit for students, researchers or institutions to do research or a survey in the city.',
      },
      // The seed's research permit (070/45/KBP-PMA/2018) was issued by Balikpapan's Kesbangpol office.
      reviewingAgency: { id: 'Badan Kesatuan Bangsa dan Politik (Kesbangpol)', en: 'National Unity and Politics Agency (Kesbangpol)' },
      reviewAgencyIds: ['kesbangpol'],
      needsInspection: false,
      hasFee: false,
      slaWorkingDays: 3, // guess: not in the seeds
      fields: [
        applicantNik(),
        applicantName(),
        applicantPhone(),
        {
          id: 'institution',
          kind: 'text',
          label: { id: 'Asal perguruan tinggi atau lembaga', en: 'University or institution' },
          example: { id: 'Contoh: Universitas Brawijaya Malang', en: 'Example: Universitas Brawijaya Malang' },
          required: true,
          maxLength: 120,
        },
        {
          id: 'identityNumber',
          kind: 'text',
          label: { id: 'NIM/NIP atau nomor identitas peneliti', en: 'Student or staff number of the researcher' },
          example: { id: 'Contoh: 175030100111023', en: 'Example: 175030100111023' },
          required: true,
          maxLength: 30,
        },
        {
          id: 'researchTitle',
          kind: 'textarea',
          label: { id: 'Judul penelitian', en: 'Research title' },
          example: {
            id: 'Contoh: Inovasi Pelayanan Perizinan Melalui Sistem Informasi Perizinan Online',
            en: 'Example: Licensing Service Innovation Through an Online Licensing Information System',
          },
          required: true,
          maxLength: 300,
        },
        {
          id: 'researchLocation',
          kind: 'textarea',
          label: { id: 'Lokasi penelitian', en: 'Research location' },
          example: {
            id: 'Contoh: Dinas Penanaman Modal dan Perizinan Terpadu Kota Balikpapan',
            en: 'Example: Dinas Penanaman Modal dan Perizinan Terpadu Kota Balikpapan',
          },
          required: true,
          maxLength: 500,
        },
        {
          id: 'startDate',
          kind: 'date',
          label: { id: 'Tanggal mulai penelitian', en: 'Research start date' },
          example: dateExample('17-04-2018', { id: '17 April 2018', en: '17 April 2018' }),
          required: true,
        },
        {
          id: 'endDate',
          kind: 'date',
          label: { id: 'Tanggal selesai penelitian', en: 'Research end date' },
          example: dateExample('17-06-2018', { id: '17 Juni 2018', en: '17 June 2018' }),
          required: true,
        },
        {
          id: 'teamMembers',
          kind: 'textarea',
          label: { id: 'Anggota tim peneliti (bila ada)', en: 'Research team members (if any)' },
          example: { id: 'Contoh: Andi Pratama; Nur Aisyah', en: 'Example: Andi Pratama; Nur Aisyah' },
          required: false,
          maxLength: 500,
        },
      ],
      requirements: [
        ktp(),
        doc(
          'introductionLetter',
          { id: 'Surat pengantar dari perguruan tinggi atau lembaga', en: 'Covering letter from the university or institution' },
          true,
        ),
        doc('proposal', { id: 'Proposal penelitian', en: 'Research proposal' }, true, 5120),
        doc(
          'complianceStatement',
          { id: 'Surat pernyataan bersedia menaati ketentuan yang berlaku', en: 'Signed statement to comply with the rules' },
          true,
        ),
        doc('studentCard', { id: 'Kartu mahasiswa atau kartu pegawai', en: 'Student or staff card' }, false),
      ],
    },
    {
      id: 'imb',
      code: 'MB', // as in SICANTIK's IMB registration numbers, e.g. 001745-MB-2018
      name: {
        id: 'Izin Mendirikan Bangunan (IMB) / Persetujuan Bangunan Gedung (PBG)',
        en: 'Building Permit (IMB/PBG)',
      },
      description: {
        id: 'Izin untuk mendirikan, mengubah atau memperluas bangunan gedung sesuai tata ruang dan persyaratan teknis.',
        en: 'Permit to build, alter or extend a building in line with the spatial plan and building codes.',
      },
      reviewingAgency: { id: 'Dinas Pekerjaan Umum dan Penataan Ruang (PUPR)', en: 'Public Works and Spatial Planning Office (PUPR)' },
      reviewAgencyIds: ['dinas-pupr'],
      needsInspection: true,
      hasFee: true, // retribusi IMB
      slaWorkingDays: 14, // guess: not in the seeds
      fields: [
        applicantNik(),
        applicantName(),
        applicantPhone(),
        address('buildingAddress', { id: 'Alamat lokasi bangunan', en: 'Address of the building site' }),
        {
          id: 'siteLocation',
          kind: 'gps',
          label: { id: 'Titik lokasi bangunan (lintang, bujur)', en: 'Building site point (latitude, longitude)' },
          example: { id: 'Contoh: -1.2654, 116.8312', en: 'Example: -1.2654, 116.8312' },
          required: true,
          maxLength: 60,
        },
        {
          id: 'buildingFunction',
          kind: 'choice',
          label: { id: 'Fungsi bangunan', en: 'Building use' },
          example: { id: 'Contoh: Hunian (rumah tinggal)', en: 'Example: Residential (dwelling)' },
          required: true,
          options: [
            { value: 'hunian', label: { id: 'Hunian (rumah tinggal)', en: 'Residential (dwelling)' } },
            { value: 'usaha', label: { id: 'Usaha (toko, kantor, gudang)', en: 'Business (shop, office, warehouse)' } },
            { value: 'keagamaan', label: { id: 'Keagamaan', en: 'Religious' } },
            { value: 'sosial-budaya', label: { id: 'Sosial dan budaya', en: 'Social and cultural' } },
            { value: 'campuran', label: { id: 'Campuran (rumah toko)', en: 'Mixed use (shophouse)' } },
          ],
        },
        {
          id: 'constructionType',
          kind: 'choice',
          label: { id: 'Sifat konstruksi', en: 'Type of construction' },
          example: { id: 'Contoh: Permanen', en: 'Example: Permanent' },
          required: true,
          options: [
            { value: 'permanen', label: { id: 'Permanen', en: 'Permanent' } },
            { value: 'semi-permanen', label: { id: 'Semi permanen', en: 'Semi-permanent' } },
            { value: 'sementara', label: { id: 'Sementara', en: 'Temporary' } },
          ],
        },
        {
          id: 'landCertificateNumber',
          kind: 'text',
          label: { id: 'Nomor sertifikat atau bukti kepemilikan tanah', en: 'Land title certificate number' },
          example: { id: 'Contoh: SHM No. 01234/Sepinggan', en: 'Example: SHM No. 01234/Sepinggan' },
          required: true,
          maxLength: 120,
        },
        {
          id: 'landArea',
          kind: 'number',
          label: { id: 'Luas tanah (m²)', en: 'Land area (m²)' },
          example: { id: 'Contoh: 150', en: 'Example: 150' },
          required: true,
          min: 1,
          max: 10_000_000,
        },
        {
          id: 'buildingArea',
          kind: 'number',
          label: { id: 'Luas bangunan, semua lantai (m²)', en: 'Floor area, all floors (m²)' },
          example: { id: 'Contoh: 120', en: 'Example: 120' },
          required: true,
          min: 1,
          max: 10_000_000,
        },
        {
          id: 'floorCount',
          kind: 'number',
          label: { id: 'Jumlah lantai', en: 'Number of floors' },
          example: { id: 'Contoh: 2', en: 'Example: 2' },
          required: true,
          min: 1,
          max: 100,
        },
      ],
      requirements: [
        ktp(),
        doc('landTitle', { id: 'Sertifikat tanah atau bukti kepemilikan tanah', en: 'Land title certificate or proof of ownership' }, true),
        doc(
          'buildingDrawings',
          { id: 'Gambar rencana bangunan (situasi, denah, tampak, potongan)', en: 'Building drawings (site plan, floor plans, elevations, sections)' },
          true,
          5120,
        ),
        doc('pbbReceipt', { id: 'Bukti lunas PBB tahun berjalan', en: "Receipt of this year's land and building tax (PBB)" }, true),
        doc(
          'noDisputeStatement',
          { id: 'Surat pernyataan tanah tidak dalam sengketa', en: 'Statement that the land is not in dispute' },
          true,
        ),
        doc(
          'structuralCalculation',
          { id: 'Perhitungan struktur (untuk bangunan lebih dari 2 lantai)', en: 'Structural calculation (for buildings over 2 floors)' },
          false,
          5120,
        ),
        doc('sitePhoto', { id: 'Foto lokasi bangunan', en: 'Photo of the building site' }, false, 2048, IMAGE_UPLOAD_TYPES),
      ],
    },
    {
      id: 'izin-reklame',
      code: 'REK',
      name: { id: 'Izin Penyelenggaraan Reklame', en: 'Advertisement Permit' },
      description: {
        id: 'Izin untuk memasang reklame di lokasi tertentu selama jangka waktu tertentu.',
        en: 'Permit to put up an advertisement at a given place for a given period.',
      },
      reviewingAgency: {
        id: 'Tim Teknis Reklame (Dinas PUPR dan Badan Pendapatan Daerah)',
        en: 'Advertisement technical team (Public Works Office and Regional Revenue Agency)',
      },
      reviewAgencyIds: ['dinas-pupr', 'bapenda'],
      needsInspection: true,
      hasFee: true, // retribusi / pajak reklame
      slaWorkingDays: 5, // guess: not in the seeds
      fields: [
        applicantNik(),
        applicantName(),
        applicantPhone(),
        {
          id: 'advertisementType',
          kind: 'choice',
          label: { id: 'Jenis reklame', en: 'Type of advertisement' },
          example: { id: 'Contoh: Papan/billboard', en: 'Example: Billboard' },
          required: true,
          options: [
            { value: 'billboard', label: { id: 'Papan/billboard', en: 'Billboard' } },
            { value: 'baliho', label: { id: 'Baliho', en: 'Large temporary banner board (baliho)' } },
            { value: 'neon-box', label: { id: 'Neon box', en: 'Illuminated sign (neon box)' } },
            { value: 'spanduk', label: { id: 'Spanduk/umbul-umbul', en: 'Banner/pennant' } },
            { value: 'videotron', label: { id: 'Videotron/megatron', en: 'Video screen (videotron)' } },
          ],
        },
        {
          id: 'advertisementText',
          kind: 'textarea',
          label: { id: 'Naskah atau isi reklame', en: 'Text or content of the advertisement' },
          example: { id: 'Contoh: Promo Akhir Tahun Toko Elektronik Sinar Jaya', en: 'Example: Sinar Jaya Electronics year-end sale' },
          required: true,
          maxLength: 500,
        },
        address('installationAddress', { id: 'Alamat lokasi pemasangan', en: 'Address where it is put up' }),
        {
          id: 'widthM',
          kind: 'number',
          label: { id: 'Lebar reklame (meter)', en: 'Width (metres)' },
          example: { id: 'Contoh: 4', en: 'Example: 4' },
          required: true,
          min: 0.1,
          max: 50,
        },
        {
          id: 'heightM',
          kind: 'number',
          label: { id: 'Tinggi reklame (meter)', en: 'Height (metres)' },
          example: { id: 'Contoh: 6', en: 'Example: 6' },
          required: true,
          min: 0.1,
          max: 50,
        },
        {
          id: 'displayStart',
          kind: 'date',
          label: { id: 'Tanggal mulai pemasangan', en: 'Display start date' },
          example: dateExample('01-12-2025', { id: '1 Desember 2025', en: '1 December 2025' }),
          required: true,
        },
        {
          id: 'displayEnd',
          kind: 'date',
          label: { id: 'Tanggal akhir pemasangan', en: 'Display end date' },
          example: dateExample('31-12-2025', { id: '31 Desember 2025', en: '31 December 2025' }),
          required: true,
        },
      ],
      requirements: [
        ktp(),
        npwp(false),
        doc('designImage', { id: 'Desain reklame beserta ukurannya', en: 'Design of the advertisement with its dimensions' }, true),
        doc('sitePhoto', { id: 'Foto lokasi pemasangan', en: 'Photo of the location' }, true, 2048, IMAGE_UPLOAD_TYPES),
        doc(
          'ownerConsent',
          { id: 'Surat persetujuan pemilik lahan atau bangunan', en: 'Consent of the owner of the land or building' },
          true,
        ),
        doc(
          'constructionDrawing',
          { id: 'Gambar konstruksi (untuk billboard dan videotron)', en: 'Construction drawing (for billboards and video screens)' },
          false,
          5120,
        ),
      ],
    },
    {
      id: 'izin-gangguan',
      code: 'HO',
      name: { id: 'Izin Gangguan (HO)', en: 'Nuisance Permit (HO)' },
      description: {
        id: 'Izin tempat usaha bagi kegiatan yang dapat menimbulkan bahaya, kerugian atau gangguan bagi lingkungan sekitar.',
        en: 'Premises permit for businesses that may cause danger, harm or nuisance to the neighbourhood.',
      },
      // SICANTIK's SOP decree lists "Sat Pol PP/ Kecamatan/ Kelurahan" as the technical agencies.
      reviewingAgency: {
        id: 'Satpol PP, Kecamatan dan Kelurahan',
        en: 'Civil Service Police (Satpol PP), district and sub-district offices',
      },
      reviewAgencyIds: ['satpol-pp'],
      needsInspection: true, // SOP: site visit and Berita Acara Peninjauan
      hasFee: true, // SOP: retribution computed (SKRD)
      slaWorkingDays: 12, // SICANTIK SOP for Izin Gangguan: done on day H12
      fields: [
        applicantNik(),
        ownerName(),
        applicantPhone(),
        {
          id: 'businessName',
          kind: 'text',
          label: { id: 'Nama usaha', en: 'Business name' },
          example: { id: 'Contoh: Bengkel Las Sumber Rejeki', en: 'Example: Bengkel Las Sumber Rejeki' },
          required: true,
          maxLength: 120,
        },
        businessForm(),
        {
          id: 'businessActivity',
          kind: 'text',
          label: { id: 'Jenis kegiatan usaha', en: 'Business activity' },
          example: { id: 'Contoh: Bengkel las dan bubut', en: 'Example: Welding and lathe workshop' },
          required: true,
          maxLength: 120,
        },
        address('businessAddress', { id: 'Alamat tempat usaha', en: 'Address of the premises' }),
        {
          id: 'premisesArea',
          kind: 'number',
          label: { id: 'Luas ruang tempat usaha (m²)', en: 'Floor area of the premises (m²)' },
          example: { id: 'Contoh: 80', en: 'Example: 80' },
          required: true,
          min: 1,
          max: 10_000_000,
        },
        {
          id: 'premisesOwnership',
          kind: 'choice',
          label: { id: 'Status tempat usaha', en: 'Tenure of the premises' },
          example: { id: 'Contoh: Sewa/kontrak', en: 'Example: Rented' },
          required: true,
          options: [
            { value: 'milik-sendiri', label: { id: 'Milik sendiri', en: 'Owned' } },
            { value: 'sewa', label: { id: 'Sewa/kontrak', en: 'Rented' } },
            { value: 'pinjam-pakai', label: { id: 'Pinjam pakai', en: 'Lent free of charge' } },
          ],
        },
      ],
      requirements: [
        ktp(),
        npwp(false),
        deedOfEstablishment(false),
        doc(
          'neighbourConsent',
          { id: 'Surat persetujuan tetangga yang diketahui RT dan lurah', en: "Neighbours' consent, acknowledged by the RT head and the lurah" },
          true,
        ),
        doc(
          'premisesProof',
          { id: 'Bukti kepemilikan atau perjanjian sewa tempat usaha', en: 'Proof of ownership or lease of the premises' },
          true,
        ),
        doc('buildingPermit', { id: 'IMB/PBG tempat usaha', en: 'Building permit (IMB/PBG) of the premises' }, false),
        doc('locationSketch', { id: 'Denah lokasi tempat usaha', en: 'Location sketch of the premises' }, true),
        doc('pbbReceipt', { id: 'Bukti lunas PBB tahun berjalan', en: "Receipt of this year's land and building tax (PBB)" }, false),
      ],
    },
    {
      id: 'iui',
      code: 'IUI',
      name: { id: 'Izin Usaha Industri (IUI)', en: 'Industrial Business Licence (IUI)' },
      description: {
        id: 'Izin untuk menjalankan kegiatan usaha industri pengolahan.',
        en: 'Licence to run a manufacturing business.',
      },
      reviewingAgency: { id: 'Dinas Perindustrian', en: 'Industry Office' },
      reviewAgencyIds: ['dinas-perindustrian'],
      needsInspection: false, // SICANTIK SOP for IUI has no site visit
      hasFee: false,
      slaWorkingDays: 5, // SICANTIK SOP for IUI: done on day H5
      fields: [
        applicantNik(),
        ownerName(),
        applicantPhone(),
        companyName(),
        businessForm(),
        address('factoryAddress', { id: 'Alamat lokasi pabrik', en: 'Address of the factory' }),
        kbli('10710'),
        rupiah(
          'investmentValue',
          { id: 'Nilai investasi, tidak termasuk tanah dan bangunan (Rp)', en: 'Investment excluding land and buildings (IDR)' },
          750_000_000,
          { id: 'Rp 750 juta', en: 'IDR 750 million' },
        ),
        {
          id: 'workerCount',
          kind: 'number',
          label: { id: 'Jumlah tenaga kerja', en: 'Number of workers' },
          example: { id: 'Contoh: 25', en: 'Example: 25' },
          required: true,
          min: 1,
          max: 100_000,
        },
        {
          id: 'productionCapacity',
          kind: 'text',
          label: { id: 'Kapasitas produksi per tahun', en: 'Production capacity per year' },
          example: { id: 'Contoh: 120.000 bungkus roti per tahun', en: 'Example: 120,000 packs of bread per year' },
          required: true,
          maxLength: 120,
        },
      ],
      requirements: [
        ktp(),
        npwp(true),
        deedOfEstablishment(false),
        doc('buildingPermit', { id: 'IMB/PBG bangunan pabrik', en: 'Building permit (IMB/PBG) of the factory' }, true),
        doc(
          'environmentalDocument',
          { id: 'Dokumen lingkungan (SPPL, UKL-UPL atau AMDAL)', en: 'Environmental document (SPPL, UKL-UPL or AMDAL)' },
          true,
          5120,
        ),
      ],
    },
    {
      id: 'iuk',
      code: 'IUK',
      name: { id: 'Izin Usaha Jasa Konstruksi (IUK)', en: 'Construction Services Licence (IUK)' },
      description: {
        id: 'Izin bagi badan usaha untuk menyelenggarakan jasa perencanaan, pelaksanaan atau pengawasan konstruksi.',
        en: 'Licence for a firm to provide construction design, works or supervision services.',
      },
      reviewingAgency: { id: 'Dinas Pekerjaan Umum', en: 'Public Works Office' },
      reviewAgencyIds: ['dinas-pupr'],
      needsInspection: false, // SICANTIK SOP for IUK has no site visit
      hasFee: false,
      slaWorkingDays: 3, // SICANTIK SOP for IUK: done on day H3
      fields: [
        applicantNik(),
        ownerName(),
        applicantPhone(),
        companyName(),
        businessForm(),
        address('companyAddress', { id: 'Alamat perusahaan', en: 'Company address' }),
        companyNpwp(),
        {
          id: 'serviceType',
          kind: 'choice',
          label: { id: 'Jenis usaha jasa konstruksi', en: 'Type of construction service' },
          example: { id: 'Contoh: Pelaksana konstruksi', en: 'Example: Construction works' },
          required: true,
          options: [
            { value: 'perencana', label: { id: 'Perencana konstruksi', en: 'Construction design' } },
            { value: 'pelaksana', label: { id: 'Pelaksana konstruksi', en: 'Construction works' } },
            { value: 'pengawas', label: { id: 'Pengawas konstruksi', en: 'Construction supervision' } },
          ],
        },
        {
          id: 'qualification',
          kind: 'choice',
          label: { id: 'Kualifikasi usaha', en: 'Business qualification' },
          example: { id: 'Contoh: Kecil', en: 'Example: Small' },
          required: true,
          options: [
            { value: 'kecil', label: { id: 'Kecil', en: 'Small' } },
            { value: 'menengah', label: { id: 'Menengah', en: 'Medium' } },
            { value: 'besar', label: { id: 'Besar', en: 'Large' } },
          ],
        },
        {
          id: 'sbuNumber',
          kind: 'text',
          label: { id: 'Nomor Sertifikat Badan Usaha (SBU)', en: 'Business entity certificate (SBU) number' },
          example: { id: 'Contoh: 0-6471-02-002-1-09-015432', en: 'Example: 0-6471-02-002-1-09-015432' },
          required: true,
          maxLength: 60,
        },
      ],
      requirements: [
        ktp(),
        npwp(true),
        deedOfEstablishment(true),
        doc('sbu', { id: 'Sertifikat Badan Usaha (SBU) yang masih berlaku', en: 'Valid business entity certificate (SBU)' }, true),
        doc(
          'technicalStaffCertificate',
          { id: 'Sertifikat keahlian/keterampilan (SKA/SKT) penanggung jawab teknik', en: 'Expertise or skill certificate (SKA/SKT) of the technical manager' },
          true,
        ),
        passPhoto(),
      ],
    },
    {
      id: 'tdup',
      code: 'TDUP',
      name: { id: 'Tanda Daftar Usaha Pariwisata (TDUP)', en: 'Tourism Business Registration (TDUP)' },
      description: {
        id: 'Tanda bukti pendaftaran usaha pariwisata seperti hotel, restoran, biro perjalanan atau tempat rekreasi.',
        en: 'Registration of a tourism business such as a hotel, restaurant, travel agency or recreation venue.',
      },
      reviewingAgency: { id: 'Dinas Pemuda, Olahraga dan Pariwisata', en: 'Youth, Sports and Tourism Office' },
      reviewAgencyIds: ['dinas-pariwisata'],
      needsInspection: false, // SICANTIK SOP for TDUP has no site visit
      hasFee: false,
      slaWorkingDays: 5, // SICANTIK SOP for TDUP: done on day H5
      fields: [
        applicantNik(),
        ownerName(),
        applicantPhone(),
        {
          id: 'businessName',
          kind: 'text',
          label: { id: 'Nama usaha pariwisata', en: 'Name of the tourism business' },
          example: { id: 'Contoh: Hotel Teluk Indah', en: 'Example: Hotel Teluk Indah' },
          required: true,
          maxLength: 120,
        },
        {
          id: 'tourismBusinessType',
          kind: 'choice',
          label: { id: 'Jenis usaha pariwisata', en: 'Type of tourism business' },
          example: { id: 'Contoh: Penyediaan akomodasi (hotel, penginapan)', en: 'Example: Accommodation (hotel, guest house)' },
          required: true,
          options: [
            { value: 'akomodasi', label: { id: 'Penyediaan akomodasi (hotel, penginapan)', en: 'Accommodation (hotel, guest house)' } },
            { value: 'makanan-minuman', label: { id: 'Jasa makanan dan minuman (restoran, kafe)', en: 'Food and drink (restaurant, café)' } },
            { value: 'perjalanan-wisata', label: { id: 'Jasa perjalanan wisata', en: 'Travel services' } },
            { value: 'hiburan-rekreasi', label: { id: 'Penyelenggaraan kegiatan hiburan dan rekreasi', en: 'Entertainment and recreation' } },
            { value: 'mice', label: { id: 'Penyelenggaraan pertemuan, konferensi dan pameran (MICE)', en: 'Meetings, conferences and exhibitions (MICE)' } },
            { value: 'spa', label: { id: 'Spa', en: 'Spa' } },
            { value: 'daya-tarik-wisata', label: { id: 'Daya tarik wisata', en: 'Tourist attraction' } },
          ],
        },
        businessForm(),
        address('businessAddress', { id: 'Alamat tempat usaha', en: 'Address of the business' }),
        kbli('55130'),
        {
          id: 'capacity',
          kind: 'number',
          label: { id: 'Kapasitas (jumlah kamar, kursi atau pengunjung)', en: 'Capacity (rooms, seats or visitors)' },
          example: { id: 'Contoh: 40', en: 'Example: 40' },
          required: true,
          min: 1,
          max: 100_000,
        },
      ],
      requirements: [
        ktp(),
        npwp(true),
        deedOfEstablishment(false),
        doc(
          'premisesProof',
          { id: 'Bukti hak atas tempat usaha (sertifikat atau perjanjian sewa)', en: 'Proof of right to the premises (title or lease)' },
          true,
        ),
        doc(
          'environmentalDocument',
          { id: 'Dokumen lingkungan (SPPL atau UKL-UPL)', en: 'Environmental document (SPPL or UKL-UPL)' },
          false,
          5120,
        ),
        doc('premisesPhoto', { id: 'Foto tempat usaha', en: 'Photo of the premises' }, true, 2048, IMAGE_UPLOAD_TYPES),
      ],
    },
    {
      id: 'tdg',
      code: 'TDG',
      name: { id: 'Tanda Daftar Gudang (TDG)', en: 'Warehouse Registration (TDG)' },
      description: {
        id: 'Tanda bukti pendaftaran gudang yang digunakan untuk menyimpan barang dagangan.',
        en: 'Registration of a warehouse used to store trade goods.',
      },
      reviewingAgency: { id: 'Dinas Perdagangan', en: 'Trade Office' },
      reviewAgencyIds: ['dinas-perdagangan'],
      needsInspection: false, // SICANTIK SOP for TDG has no site visit
      hasFee: false,
      slaWorkingDays: 5, // SICANTIK SOP for TDG: done on day H5
      fields: [
        applicantNik(),
        ownerName(),
        applicantPhone(),
        companyName(),
        address('warehouseAddress', { id: 'Alamat gudang', en: 'Address of the warehouse' }),
        {
          id: 'gpsCoordinates',
          kind: 'gps',
          label: { id: 'Titik koordinat gudang (lintang, bujur)', en: 'Warehouse coordinates (latitude, longitude)' },
          example: { id: 'Contoh: -1.2379, 116.8529', en: 'Example: -1.2379, 116.8529' },
          required: true,
          maxLength: 60,
        },
        {
          id: 'warehouseArea',
          kind: 'number',
          label: { id: 'Luas gudang (m²)', en: 'Warehouse floor area (m²)' },
          example: { id: 'Contoh: 600', en: 'Example: 600' },
          required: true,
          min: 1,
          max: 10_000_000,
        },
        {
          id: 'warehouseCapacity',
          kind: 'number',
          label: { id: 'Kapasitas penyimpanan (ton)', en: 'Storage capacity (tonnes)' },
          example: { id: 'Contoh: 500', en: 'Example: 500' },
          required: true,
          min: 1,
          max: 10_000_000,
        },
        {
          id: 'goodsStored',
          kind: 'textarea',
          label: { id: 'Jenis barang yang disimpan', en: 'Goods stored' },
          example: { id: 'Contoh: Beras, gula pasir dan minyak goreng', en: 'Example: Rice, sugar and cooking oil' },
          required: true,
          maxLength: 500,
        },
        {
          id: 'ownershipStatus',
          kind: 'choice',
          label: { id: 'Status kepemilikan gudang', en: 'Ownership of the warehouse' },
          example: { id: 'Contoh: Milik sendiri', en: 'Example: Owned' },
          required: true,
          options: [
            { value: 'milik-sendiri', label: { id: 'Milik sendiri', en: 'Owned' } },
            { value: 'sewa', label: { id: 'Sewa', en: 'Rented' } },
          ],
        },
      ],
      requirements: [
        ktp(),
        npwp(true),
        doc('businessLicence', { id: 'SIUP/TDP atau izin usaha lain yang dimiliki', en: 'SIUP/TDP or other business licence held' }, true),
        doc('buildingPermit', { id: 'IMB/PBG gudang', en: 'Building permit (IMB/PBG) of the warehouse' }, true),
        doc(
          'premisesProof',
          { id: 'Bukti kepemilikan atau perjanjian sewa gudang', en: 'Proof of ownership or lease of the warehouse' },
          true,
        ),
        doc(
          'warehousePhoto',
          { id: 'Foto gudang tampak depan dan dalam', en: 'Photos of the warehouse, front and inside' },
          true,
          2048,
          IMAGE_UPLOAD_TYPES,
        ),
        doc('warehouseLayout', { id: 'Denah gudang', en: 'Floor plan of the warehouse' }, false),
      ],
    },
  ],
};
