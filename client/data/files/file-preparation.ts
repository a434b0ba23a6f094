/**
 * Turns what the person chose into the bytes kept for a requirement: photos compressed (JPEG
 * unless the requirement only takes PNG or WEBP), PDFs as they are, anything else refused; the
 * digest is of exactly the bytes kept.
 */
import type { Options as CompressionOptions } from 'browser-image-compression';
import type { RequirementDocument } from '../../../common/catalog.js';
import { EXTENSIONS, imageOutputType, keptFileName, sha256Hex, sniffType } from './file-kinds.js';
import { emptyFile, imageTooLarge, notAccepted, pdfTooLarge, unreadableImage } from './file-refusals.js';

const MAX_PHOTO_SIDE = 1600;

export interface PreparedFile {
  bytes: Blob;
  mimeType: string;
  fileName: string;
  size: number;
  sha256: string;
}

/** Throws DocumentRefusedError when the kind is not accepted or the file stays over the limit. */
export async function prepareFile(requirement: RequirementDocument, file: Blob, requestedName: string | undefined, targetKb: number): Promise<PreparedFile> {
  const accepts = requirement.accepts.map((type) => type.toLowerCase());
  const limit = requirement.maxSizeKb * 1024;
  if (file.size === 0) throw emptyFile(requirement);
  const kind = await sniffType(file);
  let kept: Blob;
  let mimeType: string;
  if (kind === 'application/pdf') {
    if (!accepts.includes(kind)) throw notAccepted(requirement);
    if (file.size > limit) throw pdfTooLarge(requirement, file.size);
    kept = file;
    mimeType = kind;
  } else if (kind.startsWith('image/')) {
    const output = imageOutputType(accepts);
    if (!output) throw notAccepted(requirement);
    const target = Math.min(limit, targetKb * 1024);
    let compressed: Blob;
    try {
      compressed = await compressImage(file, kind, output, target);
    } catch {
      throw unreadableImage(requirement);
    }
    if (await sniffType(compressed) !== output) throw unreadableImage(requirement);
    if (compressed.size > limit) throw imageTooLarge(requirement, compressed.size);
    kept = compressed;
    mimeType = output;
  } else {
    throw notAccepted(requirement);
  }
  // The digest is of exactly the bytes kept: hashed and stored from the same buffer.
  const buffer = await kept.arrayBuffer();
  return {
    bytes: new Blob([buffer], { type: mimeType }),
    mimeType,
    fileName: keptFileName(requestedName, file, requirement.id, mimeType),
    size: buffer.byteLength,
    sha256: await sha256Hex(buffer),
  };
}

type CompressImage = (file: File, options: CompressionOptions) => Promise<File>;

async function compressImage(file: Blob, kind: string, output: string, targetBytes: number): Promise<Blob> {
  // The browser build is the package's ES module (default export: the function); its types
  // describe the CommonJS one, where the function sits one `default` further down.
  const loaded: unknown = (await import('browser-image-compression')).default;
  const imageCompression = (typeof loaded === 'function' ? loaded : (loaded as { default: unknown }).default) as CompressImage;
  // The library reads the type from the file: give it the type the bytes really have.
  const input = new File([file], `photo.${EXTENSIONS[kind] ?? 'img'}`, { type: kind, lastModified: Date.now() });
  return imageCompression(input, {
    maxSizeMB: targetBytes / (1024 * 1024),
    maxWidthOrHeight: MAX_PHOTO_SIDE,
    // Its web worker loads the library from a CDN: unusable offline and not ours to trust.
    useWebWorker: false,
    fileType: output,
    initialQuality: 0.85,
    maxIteration: 10,
  });
}
