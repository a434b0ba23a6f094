/**
 * How an upload's pieces are laid out in its StoredFile document, and what state they show.
 *
 * While pieces arrive, each piece is an attachment `part-<start offset, 12 digits>`. How many bytes
 * arrived is read from those attachments (the contiguous run of parts from offset 0), so a crash
 * between storing a piece and updating `receivedBytes` loses nothing: the parts are the truth, the
 * field follows them. A complete file is the one attachment `file`.
 */
import type { UploadState } from '../../common/upload-protocol.js';
import type { StoredFile } from '../store.js';

export const FILE_ATTACHMENT = 'file';
export const PART_CONTENT_TYPE = 'application/octet-stream';
const PART_NAME = /^part-(\d{12})$/;
export const partName = (start: number): string => `part-${String(start).padStart(12, '0')}`;

type Stub = { length?: unknown };

/** The parts that form the contiguous run from offset 0, in order: what has really arrived. */
export function contiguousParts(doc: StoredFile): { name: string; start: number; length: number }[] {
  const parts = Object.entries(doc._attachments ?? {})
    .map(([name, stub]) => {
      const match = PART_NAME.exec(name);
      const length = (stub as Stub | null)?.length;
      return match && typeof length === 'number' ? { name, start: Number(match[1]), length } : undefined;
    })
    .filter((part) => part !== undefined)
    .sort((a, b) => a.start - b.start);
  const run: typeof parts = [];
  let next = 0;
  for (const part of parts) {
    if (part.start !== next || part.length <= 0) break;
    run.push(part);
    next += part.length;
  }
  return run;
}

function receivedBytesOf(doc: StoredFile): number {
  if (doc.complete) return doc.size;
  return Math.min(doc.size, contiguousParts(doc).reduce((sum, part) => sum + part.length, 0));
}

export function uploadState(doc: StoredFile): UploadState {
  return { fileId: doc._id, receivedBytes: receivedBytesOf(doc), size: doc.size, complete: doc.complete };
}
