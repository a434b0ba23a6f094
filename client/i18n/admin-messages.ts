/**
 * Messages of the administrator's screens (accounts, agencies, catalog versions). Kept apart from
 * messages.ts only to keep that file readable; the same typing applies (messages.ts).
 */
export const adminId = {
  'admin.title': 'Administrasi',
  'admin.nav': 'Bagian administrasi',
  'admin.section.accounts': 'Akun',
  'admin.section.agencies': 'Instansi',
  'admin.section.catalog': 'Katalog izin',
};

export const adminEn: Record<keyof typeof adminId, string> = {
  'admin.title': 'Administration',
  'admin.nav': 'Administration sections',
  'admin.section.accounts': 'Accounts',
  'admin.section.agencies': 'Agencies',
  'admin.section.catalog': 'Permit catalog',
};
