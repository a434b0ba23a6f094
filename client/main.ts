/**
 * The page's entry: starts the shell once the saved language is known, puts it in place of the
 * HTML stand-in (index.html), then registers the service worker (so the app opens with no network).
 *
 * Only what the sign-in screen needs is imported here (Lit, the sign-in, the session, the
 * messages); ptsp-app loads the signed-in part (client/signed-in.ts: RxDB, replication, the
 * screens) with a dynamic import once someone is signed in.
 */
import { loadLanguage } from './i18n/localize.js';
import './components/ptsp-app.js';

/**
 * Registration waits until the page has loaded and the first screen is drawn: installing, the
 * worker downloads every file of the app (the signed-in part too, about twice the first screen's
 * bytes), which on 3G would otherwise share the link with the first screen's own scripts. The
 * first screen's files come from the HTTP cache then (hashed, immutable), so only the rest travels.
 */
function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const register = (): void => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      // The app works without it (online); it only would not open offline.
      console.warn('service worker not registered', error);
    });
  };
  if (document.readyState === 'complete') setTimeout(register, 0);
  else window.addEventListener('load', () => setTimeout(register, 0), { once: true });
}

await loadLanguage();
const app = document.createElement('ptsp-app');
document.body.append(app);
// Removed once the app has drawn its first frame, in the same frame, so the page is never blank.
await app.updateComplete;
document.getElementById('app-shell')?.remove();
registerServiceWorker();
