import { t } from '../i18n/localize.js';

/** "45 detik" / "3 menit": how long the server asked to wait (Retry-After), rounded up to whole minutes past 90 s. */
export function waitText(seconds: number): string {
  return seconds <= 90 ? t('wait.seconds', { count: Math.max(1, Math.ceil(seconds)) }) : t('wait.minutes', { count: Math.ceil(seconds / 60) });
}
