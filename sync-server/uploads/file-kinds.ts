/**
 * What kind of file a run of bytes is, judged by the first bytes every file of that kind starts
 * with. The declaration, the first piece and the joined file are all checked against it.
 */

/**
 * A type the catalog accepts but that is not listed here is refused at declaration: the server
 * would not be able to check what arrives.
 */
const SIGNATURES: Record<string, (bytes: Buffer) => boolean> = {
  'image/jpeg': (bytes) => startsWith(bytes, [0xff, 0xd8, 0xff]),
  'image/png': (bytes) => startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  'application/pdf': (bytes) => startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]), // %PDF-
  'image/webp': (bytes) => startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && bytes.subarray(8, 12).toString('latin1') === 'WEBP',
};

/** Bytes needed before a signature can be judged (WebP's is the longest). */
export const SIGNATURE_BYTES = 12;

function startsWith(bytes: Buffer, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((value, index) => bytes[index] === value);
}

/** Whether the server can check files of this (lower-case) type at all. */
export const isCheckableKind = (mimeType: string): boolean => SIGNATURES[mimeType] !== undefined;

/** Whether `bytes` start the way a file of `mimeType` does (false for a type the server cannot check). */
export const showsKind = (mimeType: string, bytes: Buffer): boolean => SIGNATURES[mimeType]?.(bytes) ?? false;
