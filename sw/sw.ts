/**
 * The service worker: makes the app open with no network.
 *
 * - The app shell (HTML, every hashed script: the entry and the chunks it loads later, such as the
 *   signed-in part, manifest, icon) is precached at install, from the manifest workbox-build
 *   injects, so every file the page will ever ask for is on the device, not only the first screen's.
 *   The page registers this worker after its first screen is drawn (client/main.ts); the files that
 *   screen used are in the HTTP cache by then (immutable), so installing downloads only the rest.
 * - Navigations to any path are answered with the cached shell: deep links open offline too.
 * - /api is never cached: data lives in IndexedDB, and a stale API answer would be a lie about
 *   what the server has. Requests not routed here go to the network as usual.
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

// A new version takes over at once; data is in IndexedDB, so nothing in flight is lost by it.
void self.skipWaiting();
clientsClaim();

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(new NavigationRoute(createHandlerBoundToURL('/index.html'), { denylist: [/^\/api\//] }));
