/**
 * The page's entry: registers the service worker (so the app opens with no network) and starts
 * the shell once the saved language is known.
 */
import { Workbox } from 'workbox-window';
import { loadLanguage } from './i18n/localize.js';
import './components/ptsp-app.js';

if ('serviceWorker' in navigator) {
  const workbox = new Workbox('/sw.js');
  void workbox.register();
}

await loadLanguage();
document.body.append(document.createElement('ptsp-app'));
