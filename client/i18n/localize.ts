/**
 * The current UI language and message lookup. The choice is a device setting (idb-keyval).
 */
import { get, set } from 'idb-keyval';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { BehaviorSubject } from 'rxjs';
import type { LocalizedText } from '../../common/catalog.js';
import { catalogs, type MessageKey } from './messages.js';

export type Language = 'id' | 'en';

const LANGUAGE_SETTING = 'ui-language';
export const language$ = new BehaviorSubject<Language>('id');

export async function loadLanguage(): Promise<void> {
  const saved = await get<Language>(LANGUAGE_SETTING).catch(() => undefined);
  if (saved === 'id' || saved === 'en') language$.next(saved);
  document.documentElement.lang = language$.value;
}

export async function setLanguage(language: Language): Promise<void> {
  language$.next(language);
  document.documentElement.lang = language;
  await set(LANGUAGE_SETTING, language);
}

/** A message in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = catalogs[language$.value][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The BCP 47 locale for numbers and dates in the current language. */
export function locale(): string {
  return language$.value === 'id' ? 'id-ID' : 'en-GB';
}

/** A date and time as the person reads them (medium date, short time); '' when absent, the text itself when not a date. */
export function dateTimeText(iso: string | undefined): string {
  if (!iso) return '';
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleString(locale(), { dateStyle: 'medium', timeStyle: 'short' });
}

/** Why the server refused an office action, in the current language (its code when no reason came). */
export function refusalText(action: { outcomeReason?: LocalizedText; outcomeCode?: string }): string {
  return action.outcomeReason ? pick(action.outcomeReason) : action.outcomeCode ?? '';
}

/** Picks the current language from catalog text or a server message. */
export function pick(text: LocalizedText): string {
  return text[language$.value];
}

/** Re-renders its host when the language changes. */
export class LocaleController implements ReactiveController {
  private subscription: { unsubscribe(): void } | undefined;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    this.subscription = language$.subscribe(() => this.host.requestUpdate());
  }

  hostDisconnected(): void {
    this.subscription?.unsubscribe();
  }
}
