/**
 * Messages of the public tracking page's stage list (ptsp-public-tracking): each stage an
 * application went through, as SICANTIK's tracking page lists them. Kept apart from messages.ts
 * only to keep that file readable; the same typing applies (messages.ts).
 */
export const trackingId = {
  'trackStage.heading': 'Tahapan permohonan',
  'trackStage.submitted': 'Dikirim pemohon',
  'trackStage.registered': 'Nomor pendaftaran diberikan',
  'trackStage.returned': 'Dikembalikan ke pemohon untuk perbaikan',
  'trackStage.in-review': 'Berkas lengkap, dikaji instansi teknis',
  'trackStage.needs-information': 'Instansi teknis meminta keterangan dari pemohon',
  'trackStage.reviewed': 'Kajian teknis selesai',
  'trackStage.draft': 'Draf',
  'trackStage.current.in-review': 'Dalam kajian instansi teknis',
  'trackStage.current.needs-information': 'Menunggu keterangan dari pemohon',
  'trackStage.current.reviewed': 'Kajian teknis selesai, menunggu tahap berikutnya',
} as const;

export const trackingEn: Record<keyof typeof trackingId, string> = {
  'trackStage.heading': 'Stages of the application',
  'trackStage.submitted': 'Submitted by the applicant',
  'trackStage.registered': 'Registration number given',
  'trackStage.returned': 'Returned to the applicant for correction',
  'trackStage.in-review': 'Complete, under technical review by the agencies',
  'trackStage.needs-information': 'An agency asked the applicant for more information',
  'trackStage.reviewed': 'Technical review finished',
  'trackStage.draft': 'Draft',
  'trackStage.current.in-review': 'Under technical review by the agencies',
  'trackStage.current.needs-information': 'Waiting for information from the applicant',
  'trackStage.current.reviewed': 'Technical review finished, waiting for the next stage',
};
