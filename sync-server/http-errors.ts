/**
 * Errors the API answers with. Every one carries a stable code and a message in Indonesian and
 * English, so the device can show it in the person's language (ApiErrorBody in common/).
 */
import type { ApiErrorBody, ApiProblem } from '../common/sync-protocol.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly messageId: string,
    readonly messageEn: string,
    readonly problems?: ApiProblem[],
  ) {
    super(messageEn);
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: { id: this.messageId, en: this.messageEn },
        ...(this.problems ? { problems: this.problems } : {}),
      },
    };
  }
}

export const notSignedIn = (): ApiError =>
  new ApiError(401, 'not-signed-in', 'Silakan masuk terlebih dahulu.', 'Please sign in first.');

export const invalidInput = (problems: ApiProblem[]): ApiError =>
  new ApiError(400, 'invalid-input', 'Data yang dikirim tidak valid; tidak ada yang diubah.',
    'The data sent is not valid; nothing was changed.', problems);
