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
    /** Further fields of the error body (e.g. retryAfterSeconds), for the device to act on. */
    readonly extra?: Record<string, string | number>,
  ) {
    super(messageEn);
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        ...this.extra,
        code: this.code,
        message: { id: this.messageId, en: this.messageEn },
        ...(this.problems ? { problems: this.problems } : {}),
      },
    };
  }
}

export const notSignedIn = (): ApiError =>
  new ApiError(401, 'not-signed-in', 'Silakan masuk terlebih dahulu.', 'Please sign in first.');

/** The session is well signed but its account was removed. The device should sign out of it, not ask for the password again. */
export const accountGone = (): ApiError =>
  new ApiError(401, 'account-gone', 'Akun sesi ini sudah tidak ada. Hubungi petugas kantor jika ini keliru.',
    'The account of this session no longer exists. Contact the office if this is a mistake.');

/** The session was ended on the server: signed out there, or "sign out everywhere", or a password reset. */
export const sessionEnded = (): ApiError =>
  new ApiError(401, 'session-ended', 'Sesi ini sudah diakhiri. Silakan masuk lagi.',
    'This session has been ended. Please sign in again.');

/** 401 for a session of a disabled account; 403 when signing in to one (the password was right). */
export const accountDisabled = (status: 401 | 403 = 401): ApiError =>
  new ApiError(status, 'account-disabled', 'Akun ini dinonaktifkan. Hubungi administrator kantor.',
    'This account has been disabled. Contact the office administrator.');

export const invalidInput = (problems: ApiProblem[]): ApiError =>
  new ApiError(400, 'invalid-input', 'Data yang dikirim tidak valid; tidak ada yang diubah.',
    'The data sent is not valid; nothing was changed.', problems);

/** "2 KB", "8 MB": the limit as a person reads it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  return `${Math.round((bytes / 1024) * 10) / 10} KB`;
}

export const bodyTooLarge = (limitBytes: number): ApiError =>
  new ApiError(413, 'body-too-large', `Data terlalu besar (batas ${formatBytes(limitBytes)} untuk permintaan ini); tidak ada yang diubah.`,
    `The body is too large (the limit for this request is ${formatBytes(limitBytes)}); nothing was changed.`,
    undefined, { limitBytes });

/** Minutes when it is a minute or more, so the person reads "3 menit", not "180 detik". */
function waitText(seconds: number): { id: string; en: string } {
  if (seconds < 60) return { id: `${seconds} detik`, en: `${seconds} second${seconds === 1 ? '' : 's'}` };
  const minutes = Math.ceil(seconds / 60);
  return { id: `${minutes} menit`, en: `${minutes} minute${minutes === 1 ? '' : 's'}` };
}

export function tooManyAttempts(what: { id: string; en: string }, retryAfterSeconds: number): ApiError {
  const wait = waitText(retryAfterSeconds);
  return new ApiError(429, 'too-many-attempts',
    `Terlalu banyak ${what.id} yang gagal. Coba lagi dalam ${wait.id}.`,
    `Too many failed ${what.en}. Try again in ${wait.en}.`,
    undefined, { retryAfterSeconds });
}
