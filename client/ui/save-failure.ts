import { css, html, nothing } from 'lit';
import type { MessageKey } from '../i18n/messages.js';
import { t } from '../i18n/localize.js';

/**
 * Why an action could not be saved on this device (the review's note and recommendation, the front
 * office's accept and return, the applicant's answer to an agency's question), as the person reads
 * it: a sentence in their language, with the browser's own text only in a small "technical details"
 * below, for whoever helps them.
 */
export interface SaveFailure {
  /** The storage is full (the person can do something about it: free room), or anything else. */
  full: boolean;
  /** The error as the browser or the database put it. */
  detail: string;
}

/** Where an error keeps the one it wraps: `cause`, Dexie's `inner`, RxDB's `parameters.error(s)`. */
function wrapped(error: object): unknown[] {
  const { cause, inner, parameters } = error as { cause?: unknown; inner?: unknown; parameters?: { error?: unknown; errors?: unknown } };
  const errors = Array.isArray(parameters?.errors) ? (parameters.errors as unknown[]) : [];
  return [cause, inner, parameters?.error, ...errors].filter((next) => next !== undefined && next !== null);
}

/** Whether the error (or one it wraps, a few levels deep) is the browser's QuotaExceededError. */
export function isStorageFull(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (name === 'QuotaExceededError' || (typeof message === 'string' && message.includes('QuotaExceededError'))) return true;
  return wrapped(error).some((inner) => isStorageFull(inner, depth + 1));
}

export function saveFailureOf(error: unknown): SaveFailure {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // Kept for whoever debugs it; the screen says it in words.
  console.warn('an action was not saved on this device', error);
  return { full: isStorageFull(error), detail };
}

/**
 * The failure as a paragraph: `fullKey` when the storage is full, else `key`; the technical text
 * in a closed <details> (never the main sentence).
 */
export function saveFailureText(failure: SaveFailure, key: MessageKey, fullKey: MessageKey, testId: string) {
  return html`<div class="save-failure" role="alert" data-testid=${testId} data-full=${failure.full ? 'true' : 'false'}>
    <p>${t(failure.full ? fullKey : key)}</p>
    ${failure.detail ? html`<details class="details"><summary>${t('review.technicalDetails')}</summary><code>${failure.detail}</code></details>` : nothing}
  </div>`;
}

/** The failure's look (a component using saveFailureText adds these to its styles). */
export const saveFailureStyles = css`
  /* The same red box as a refusal (check's outcome.refused): a long sentence in bold red reads as shouting. */
  .save-failure { margin: 8px 0; padding: 8px 10px; border-radius: 4px; background: #fdecea; border-left: 4px solid #a4161a; color: #8a1116; }
  .save-failure p { margin: 0; }
  .save-failure details { margin-top: 4px; color: #3e4c59; font-size: 0.85rem; }
  .save-failure summary { cursor: pointer; min-height: 32px; display: inline-flex; align-items: center; }
  .save-failure code { display: block; white-space: pre-wrap; overflow-wrap: anywhere; }
`;
