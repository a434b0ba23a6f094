/**
 * What a file is and how it is called: its kind read from its bytes (the server checks the same
 * signatures), the name it is kept under, its digest, and the words for sizes and kinds that the
 * requirement screens show in both languages.
 */
import type { LocalizedText } from '../../../common/catalog.js';

export const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf',
};
const KIND_NAMES: Record<string, string> = {
  'image/jpeg': 'JPG', 'image/jpg': 'JPG', 'image/png': 'PNG', 'image/webp': 'WEBP', 'image/heic': 'HEIC',
  'image/heif': 'HEIF', 'application/pdf': 'PDF',
};

/** "300 KB", "1,5 MB" / "1.5 MB". */
export function describeSize(bytes: number): LocalizedText {
  if (bytes < 1024 * 1024) {
    const kb = `${Math.max(1, Math.round(bytes / 1024))} KB`;
    return { id: kb, en: kb };
  }
  const mb = bytes / (1024 * 1024);
  const format = (locale: string): string => `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(mb)} MB`;
  return { id: format('id-ID'), en: format('en-GB') };
}

/** "JPG, PNG atau PDF" / "JPG, PNG or PDF". */
export function describeKinds(accepts: readonly string[]): LocalizedText {
  const names = [...new Set(accepts.map((type) => KIND_NAMES[type.toLowerCase()] ?? type.split('/').pop()?.toUpperCase() ?? type))];
  const last = names.pop() ?? '';
  const join = (or: string): string => (names.length === 0 ? last : `${names.join(', ')} ${or} ${last}`);
  return { id: join('atau'), en: join('or') };
}

export async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** What the bytes are, by their signature (the server checks the same signatures); the declared type only as a last resort. */
export async function sniffType(blob: Blob): Promise<string> {
  const head = new Uint8Array(await blob.slice(0, 16).arrayBuffer());
  const ascii = (from: number, to: number): string => String.fromCharCode(...head.subarray(from, to));
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if ([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((value, index) => head[index] === value)) return 'image/png';
  if (ascii(0, 5) === '%PDF-') return 'application/pdf';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(4, 8) === 'ftyp' && ['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(ascii(8, 12))) return 'image/heic';
  // Other pictures the browser may decode (GIF, BMP, AVIF): let the decoder decide. Nothing else passes.
  return blob.type.startsWith('image/') ? blob.type.toLowerCase() : 'application/octet-stream';
}

/** The image type to produce: JPEG unless the requirement does not take it. */
export function imageOutputType(accepts: readonly string[]): string | undefined {
  if (accepts.includes('image/jpeg') || accepts.includes('image/jpg')) return 'image/jpeg';
  return ['image/png', 'image/webp'].find((type) => accepts.includes(type));
}

/** The name a file is kept and sent under: the chosen one without its path, controls or old extension, or the requirement's id. */
export function keptFileName(requested: string | undefined, file: Blob, requirementId: string, mimeType: string): string {
  const given = requested ?? (file instanceof File ? file.name : '');
  const last = given.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must lose
  const cleaned = last.replace(/[\u0000-\u001f\u007f]/g, '').trim().replace(/\.[A-Za-z0-9]{1,5}$/, '');
  return `${(cleaned || requirementId).slice(0, 180)}.${EXTENSIONS[mimeType] ?? 'bin'}`;
}
