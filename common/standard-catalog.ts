/**
 * What a real office starts with (DEMO_DATA=0): the permit types it issues and the agencies (OPD)
 * that review them. The demo catalog is that real permit list, so it is the standard catalog too;
 * only the demo accounts are left out of a real deployment.
 */
import type { LocalizedText, PermitCatalog } from './catalog.js';
import { demoCatalog } from './demo-catalog.js';

export interface AgencyDefinition {
  id: string;
  name: LocalizedText;
}

export const standardCatalog: PermitCatalog = demoCatalog;

/** Every agency the standard catalog names in `reviewAgencyIds`, and no other. */
export const STANDARD_AGENCIES: readonly AgencyDefinition[] = [
  { id: 'dinas-perdagangan', name: { id: 'Dinas Perdagangan', en: 'Trade Office' } },
  { id: 'dinas-kesehatan', name: { id: 'Dinas Kesehatan', en: 'Health Office' } },
  { id: 'kesbangpol', name: { id: 'Badan Kesatuan Bangsa dan Politik (Kesbangpol)', en: 'National Unity and Politics Agency (Kesbangpol)' } },
  { id: 'dinas-pupr', name: { id: 'Dinas Pekerjaan Umum dan Penataan Ruang (PUPR)', en: 'Public Works and Spatial Planning Office (PUPR)' } },
  { id: 'bapenda', name: { id: 'Badan Pendapatan Daerah (Bapenda)', en: 'Regional Revenue Agency (Bapenda)' } },
  { id: 'satpol-pp', name: { id: 'Satuan Polisi Pamong Praja (Satpol PP)', en: 'Civil Service Police Unit (Satpol PP)' } },
  { id: 'dinas-perindustrian', name: { id: 'Dinas Perindustrian', en: 'Industry Office' } },
  { id: 'dinas-pariwisata', name: { id: 'Dinas Pemuda, Olahraga dan Pariwisata', en: 'Youth, Sports and Tourism Office' } },
];
