/**
 * The page's entry: starts the shell once the saved language is known, puts it in place of the
 * HTML stand-in (index.html), then fetches the rest of the app and registers the service worker
 * (so the app opens with no network).
 *
 * Only what the sign-in screen needs is imported here (Lit, the sign-in, the session, the
 * messages); ptsp-app loads the signed-in part (client/signed-in.ts: RxDB, replication, the
 * screens) with a dynamic import once someone is signed in.
 */
import { loadLanguage } from './i18n/localize.js';
import './app/ptsp-app.js';

/** At 400 kbit/s the rest of the app takes about 4 s; a minute means the link is stuck, not slow. */
const LATER_SCRIPTS_WAIT_MS = 60_000;

/** workbox-window is loaded here, after the first screen: the sign-in does not wait for its bytes. */
function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  import('workbox-window').then(({ Workbox }) => new Workbox('/sw.js').register({ immediate: true })).catch((error: unknown) => {
    // The app works without it (online); it only would not open offline.
    console.warn('service worker not registered', error);
  });
}

/**
 * After the first screen: the scripts it did not need (the build lists them in a meta tag) are
 * fetched and parsed, not run, all at once, while the person types their name and password, so
 * signing in does not wait for them one round trip after another. Only then is the service worker
 * registered: it precaches every file of the app, and now finds them all in the HTTP cache (hashed,
 * immutable) instead of downloading them a second time next to the page on a 3G link.
 */
function loadTheRestLater(): void {
  const start = (): void => {
    const later = document.querySelector<HTMLMetaElement>('meta[name="ptsp-later-scripts"]')?.content.split(' ').filter(Boolean) ?? [];
    // Safari before 17 has modules but not modulepreload: such a link would never fire load or error.
    if (!document.createElement('link').relList.supports('modulepreload')) later.length = 0;
    const fetched = later.map((href) => new Promise<void>((resolve) => {
      const link = document.createElement('link');
      link.rel = 'modulepreload';
      link.href = href;
      // Behind anything the page itself asks for meanwhile (a public tracking page's answer).
      link.fetchPriority = 'low';
      // A script that failed here is fetched again when it is imported, or by the service worker.
      link.onload = link.onerror = () => resolve();
      document.head.append(link);
    }));
    // A link stuck on a dead connection must not keep the app from working offline later.
    const enough = new Promise<void>((resolve) => setTimeout(resolve, LATER_SCRIPTS_WAIT_MS));
    void Promise.race([Promise.all(fetched), enough]).then(registerServiceWorker);
  };
  if (document.readyState === 'complete') setTimeout(start, 0);
  else window.addEventListener('load', () => setTimeout(start, 0), { once: true });
}

await loadLanguage();
const app = document.createElement('ptsp-app');
document.body.append(app);
// Removed once the app has drawn its first frame, in the same frame, so the page is never blank.
await app.updateComplete;
document.getElementById('app-shell')?.remove();
loadTheRestLater();
