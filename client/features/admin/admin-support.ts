/**
 * What the administrator's screens share: how a failed request is said, a problem found by its
 * path, and the look of their forms and lists.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { ApiProblem } from '../../../common/sync-protocol.js';
import { ApiRequestError, TooManyAttemptsError, UnreachableError } from '../../data/api.js';
import { pick, t } from '../../i18n/localize.js';
import { waitText } from '../../ui/wait-text.js';

/** One sentence for a failed request: the server's reason, or that it could not be reached. */
export function failureText(error: unknown): string {
  if (error instanceof ApiRequestError) return t('admin.refused', { reason: pick(error.text) });
  if (error instanceof TooManyAttemptsError) return t('reauth.tooMany', { wait: waitText(error.retryAfterSeconds) });
  if (error instanceof UnreachableError) return t('admin.offline');
  return t('admin.refused', { reason: (error as Error).message });
}

/** The problem the server named for one field (`/username`), in the current language. */
export function problemAt(problems: readonly ApiProblem[], path: string): string | undefined {
  const found = problems.find((problem) => problem.path === path);
  return found ? pick(found.message) : undefined;
}

/**
 * What a form shows under a field the server named in its refusal (`/name/id` is found by the
 * test id `<prefix>name-id`); nothing when that field is fine.
 */
export function fieldErrorOf(problems: readonly ApiProblem[], testIdPrefix = 'problem-'): (path: string) => TemplateResult | typeof nothing {
  return (path) => {
    const text = problemAt(problems, path);
    return text ? html`<span class="field-error" data-testid="${testIdPrefix}${path.slice(1).replace(/\//g, '-')}">${text}</span>` : nothing;
  };
}

export const adminStyles = css`
  :host { display: block; }
  form { display: grid; gap: 12px; max-width: 520px; }
  label { display: grid; gap: 4px; font-weight: 600; }
  .hint { font-weight: normal; color: #52606d; font-size: 0.9rem; }
  .field-error { font-weight: 600; color: #a4161a; font-size: 0.95rem; }
  .ok { background: #e6f4ea; border-left: 4px solid #1e7b34; padding: 8px 12px; border-radius: 4px; }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; }
  /* A list's own actions: two fit side by side on a 360 px phone, still a 40 px target. */
  li .actions button.secondary { min-height: 40px; padding: 0 10px; font-size: 0.9rem; }
  ul.items { list-style: none; padding: 0; margin: 0; display: grid; gap: 12px; }
  ul.items > li { border: 1px solid #d5dbe1; border-radius: 8px; padding: 12px; display: grid; gap: 8px; }
  /* A row's first line: its name, and its state at the far end (under it on a phone). */
  li .head { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; justify-content: space-between; }
  li .name { font-weight: 700; }
  .muted { color: #52606d; font-size: 0.9rem; }
  .tag { display: inline-block; border-radius: 10px; padding: 1px 8px; font-size: 0.85rem; background: #e8edf2; }
  .tag.off { background: #fde7e9; color: #8a1c1f; }
  details { border: 1px solid #d5dbe1; border-radius: 8px; padding: 8px 12px; }
  summary { cursor: pointer; font-weight: 600; min-height: 32px; display: flex; align-items: center; }
`;
