/**
 * Why a chosen file is not kept, in both languages, naming the requirement and what to do instead.
 */
import type { LocalizedText, RequirementDocument } from '../../../common/catalog.js';
import { describeKinds, describeSize } from './file-kinds.js';

/** Refusal of a file by `attach`: `text` names the requirement and says what is wrong. */
export class DocumentRefusedError extends Error {
  constructor(readonly text: LocalizedText) {
    super(text.en);
    this.name = 'DocumentRefusedError';
  }
}

export function notAccepted(requirement: RequirementDocument): DocumentRefusedError {
  const kinds = describeKinds(requirement.accepts);
  return new DocumentRefusedError({
    id: `${requirement.name.id}: jenis berkas ini tidak diterima. Pilih foto atau berkas ${kinds.id}.`,
    en: `${requirement.name.en}: this kind of file is not accepted. Choose a photo or file in ${kinds.en}.`,
  });
}

export function emptyFile(requirement: RequirementDocument): DocumentRefusedError {
  return new DocumentRefusedError({
    id: `${requirement.name.id}: berkas ini kosong. Pilih berkas lain.`,
    en: `${requirement.name.en}: this file is empty. Choose another file.`,
  });
}

export function unreadableImage(requirement: RequirementDocument): DocumentRefusedError {
  return new DocumentRefusedError({
    id: `${requirement.name.id}: foto ini tidak dapat dibaca di perangkat ini. Ambil foto lagi atau pilih berkas JPG atau PNG.`,
    en: `${requirement.name.en}: this photo cannot be read on this device. Take the photo again or choose a JPG or PNG file.`,
  });
}

export function imageTooLarge(requirement: RequirementDocument, size: number): DocumentRefusedError {
  const [got, limit] = [describeSize(size), describeSize(requirement.maxSizeKb * 1024)];
  return new DocumentRefusedError({
    id: `${requirement.name.id}: foto masih ${got.id} setelah diperkecil, melebihi batas ${limit.id}. Ambil foto yang lebih dekat dan sederhana.`,
    en: `${requirement.name.en}: the photo is still ${got.en} after compression, over the limit of ${limit.en}. Take a closer, simpler photo.`,
  });
}

export function pdfTooLarge(requirement: RequirementDocument, size: number): DocumentRefusedError {
  const [got, limit] = [describeSize(size), describeSize(requirement.maxSizeKb * 1024)];
  return new DocumentRefusedError({
    id: `${requirement.name.id}: berkas PDF ini ${got.id}, melebihi batas ${limit.id}. Pindai ulang dengan resolusi lebih rendah, atau kirim fotonya.`,
    en: `${requirement.name.en}: this PDF is ${got.en}, over the limit of ${limit.en}. Scan it again at a lower resolution, or send a photo instead.`,
  });
}
