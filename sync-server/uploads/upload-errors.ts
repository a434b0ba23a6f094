/** The errors the upload modules share, and the one internal signal of a lost revision race. */
import type { ApiErrorBody } from '../../common/sync-protocol.js';
import type { UploadState } from '../../common/upload-protocol.js';
import { ApiError } from '../http-errors.js';

/** An error whose body also carries the upload's state (next to `error`), so the device knows where to resume. */
export class UploadStateError extends ApiError {
  constructor(status: number, code: string, messageId: string, messageEn: string, readonly state: UploadState) {
    super(status, code, messageId, messageEn);
  }

  override toBody(): ApiErrorBody & { state: UploadState } {
    return { ...super.toBody(), state: this.state };
  }
}

/** Thrown when CouchDB refused a write because the document changed since it was read. */
export class StaleRevision extends Error {}

export const uploadNotFound = (): ApiError =>
  new ApiError(404, 'upload-not-found', 'Unggahan berkas ini tidak ditemukan.', 'This file upload was not found.');

/** The answer to a piece that does not continue where the server is: 409 with the state to resume from. */
export function offsetMismatch(state: UploadState): UploadStateError {
  if (state.complete) {
    return new UploadStateError(409, 'upload-offset-mismatch',
      'Berkas ini sudah lengkap diterima; tidak perlu dikirim lagi.',
      'This file has already been received in full; there is nothing more to send.', state);
  }
  return new UploadStateError(409, 'upload-offset-mismatch',
    `Server sudah menerima ${state.receivedBytes} byte; lanjutkan pengiriman dari byte itu.`,
    `The server has received ${state.receivedBytes} bytes; continue sending from there.`, state);
}
