/**
 * Which screen an address names, and back. The app's addresses are plain paths (history API), in
 * Indonesian like the rest of what a citizen reads; the service worker and the server answer every
 * navigation with the shell, so each of them opens from a bookmark, a QR code or offline.
 *
 *   /                              the account's landing (its role's area)
 *   /permohonan/baru               the permit picker
 *   /permohonan/<id>               an application (its form while a draft)
 *   /permohonan/<id>/tanda-terima  its receipt alone, to print or show the citizen
 *   /lacak/<number>                public tracking, no sign-in (a receipt's QR code)
 *   /kantor                        the office area (front office, agencies, inspectors): its work queue
 *   /kantor/permohonan/<id>        an application opened from an office queue (check or review)
 *   /admin, /admin/instansi, /admin/katalog   accounts, agencies, catalog versions
 *
 * Addresses from before (`#/drafts/<id>`, `#/new`, `#/receipts/<id>`, `#/find/<number>` printed in
 * older receipts' QR codes, and installed apps' bookmarks) name the same screens.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Role } from '../../common/sync-protocol.js';
import { trackedNumber } from '../data/public-tracking.js';

export type AdminSection = 'accounts' | 'agencies' | 'catalog';

export type Route =
  /** The account's landing; `find` is a number looked for in the drafts list (a scanned older receipt). */
  | { page: 'home'; find?: string }
  | { page: 'new' }
  | { page: 'draft'; id: string }
  | { page: 'receipt'; id: string }
  | { page: 'track'; number: string }
  /** `id`: an application opened from the queue. */
  | { page: 'office'; id?: string }
  | { page: 'admin'; section: AdminSection };

/** The area an account's work is in: where `/` takes it. */
export type Area = 'intake' | 'office' | 'admin';

export function areaOf(role: Role): Area {
  switch (role) {
    case 'applicant':
    case 'booth-staff':
      return 'intake';
    case 'admin':
      return 'admin';
    default:
      return 'office';
  }
}

const ID = '([a-zA-Z0-9][a-zA-Z0-9-]*)';
const ADMIN_SECTIONS: Record<string, AdminSection> = { '': 'accounts', instansi: 'agencies', katalog: 'catalog' };
const ADMIN_PATHS: Record<AdminSection, string> = { accounts: '/admin', agencies: '/admin/instansi', catalog: '/admin/katalog' };

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The screen an older hash address names, or undefined when the hash is not one. */
function parseHash(hash: string): Route | undefined {
  let match = new RegExp(`^#/drafts/${ID}$`).exec(hash);
  if (match?.[1]) return { page: 'draft', id: match[1] };
  if (hash === '#/new') return { page: 'new' };
  match = new RegExp(`^#/receipts/${ID}$`).exec(hash);
  if (match?.[1]) return { page: 'receipt', id: match[1] };
  match = /^#\/find\/(.+)$/.exec(hash);
  if (match?.[1]) {
    const find = decoded(match[1]);
    return find ? { page: 'home', find } : { page: 'home' };
  }
  return undefined;
}

/** The screen an address names; anything unknown is the landing (never an error page for a typo). */
export function parseRoute(pathname: string, hash = '', search = ''): Route {
  const old = parseHash(hash);
  if (old) return old;
  const tracked = trackedNumber(pathname);
  if (tracked) return { page: 'track', number: tracked };
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/permohonan/baru') return { page: 'new' };
  let match = new RegExp(`^/permohonan/${ID}/tanda-terima$`).exec(path);
  if (match?.[1]) return { page: 'receipt', id: match[1] };
  match = new RegExp(`^/permohonan/${ID}$`).exec(path);
  if (match?.[1]) return { page: 'draft', id: match[1] };
  if (path === '/kantor') return { page: 'office' };
  match = new RegExp(`^/kantor/permohonan/${ID}$`).exec(path);
  if (match?.[1]) return { page: 'office', id: match[1] };
  match = /^\/admin(?:\/([a-z]+))?$/.exec(path);
  const section = match ? ADMIN_SECTIONS[match[1] ?? ''] : undefined;
  if (section) return { page: 'admin', section };
  const find = new URLSearchParams(search).get('cari')?.trim();
  return find ? { page: 'home', find } : { page: 'home' };
}

/** The address of a screen (what parseRoute reads back as the same route). */
export function pathOf(route: Route): string {
  switch (route.page) {
    case 'home':
      return route.find ? `/?cari=${encodeURIComponent(route.find)}` : '/';
    case 'new':
      return '/permohonan/baru';
    case 'draft':
      return `/permohonan/${route.id}`;
    case 'receipt':
      return `/permohonan/${route.id}/tanda-terima`;
    case 'track':
      return `/lacak/${encodeURIComponent(route.number)}`;
    case 'office':
      return route.id ? `/kantor/permohonan/${route.id}` : '/kantor';
    case 'admin':
      return ADMIN_PATHS[route.section];
  }
}

/** Fired on window after the app changed the address itself (history.pushState fires nothing). */
const ROUTE_EVENT = 'ptsp-route';

/** Shows another screen: a new history entry (Back returns), or `replace` for a correction of the address. */
export function navigate(to: Route | string, options: { replace?: boolean } = {}): void {
  const path = typeof to === 'string' ? to : pathOf(to);
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event(ROUTE_EVENT));
}

/** The route of the address the page is at now. */
export function currentRoute(): Route {
  return parseRoute(location.pathname, location.hash, location.search);
}

/**
 * Keeps its host's `route` in step with the address (Back, Forward, navigate()). An older hash
 * address is rewritten to its path once read, so what the person sees and bookmarks is the new one.
 */
export class RouteController implements ReactiveController {
  route: Route = currentRoute();
  private readonly onChange = (): void => {
    this.read();
    this.host.requestUpdate();
  };

  /** `changed` hears of every new route (a host keeping it in a reactive property re-renders by it). */
  constructor(private readonly host: ReactiveControllerHost, private readonly changed: (route: Route) => void = () => undefined) {
    host.addController(this);
  }

  private read(): void {
    this.route = currentRoute();
    if (location.hash.startsWith('#/')) history.replaceState(null, '', pathOf(this.route));
    this.changed(this.route);
  }

  hostConnected(): void {
    this.read();
    window.addEventListener('popstate', this.onChange);
    window.addEventListener('hashchange', this.onChange);
    window.addEventListener(ROUTE_EVENT, this.onChange);
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.onChange);
    window.removeEventListener('hashchange', this.onChange);
    window.removeEventListener(ROUTE_EVENT, this.onChange);
  }
}

/**
 * A click on a link to one of the app's own addresses shows that screen without loading the page
 * again (the person's Ctrl/middle click, a download or another target still does what it would).
 * Returns whether the click was taken.
 */
export function followLink(event: MouseEvent): boolean {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false;
  const anchor = event.composedPath().find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
  if (!anchor || anchor.target || anchor.hasAttribute('download') || !anchor.href) return false;
  const url = new URL(anchor.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return false;
  // A jump within the page (`#section`) is the browser's.
  if (url.pathname === location.pathname && url.search === location.search && url.hash !== '' && !url.hash.startsWith('#/')) return false;
  event.preventDefault();
  navigate(`${url.pathname}${url.search}${url.hash}`);
  return true;
}
