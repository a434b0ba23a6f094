// The app's addresses (client/app/router.ts): each screen's path reads back as the same screen,
// the addresses printed or bookmarked before (hash routes) still name theirs, and each role's `/`
// is its own area.
import { expect } from '@open-wc/testing';
import { areaOf, currentRoute, followLink, navigate, parseRoute, pathOf, type Route } from '../../client/app/router.js';

describe('app addresses', () => {
  it('every screen has a path that reads back as the same screen', () => {
    const routes: Route[] = [
      { page: 'home' }, { page: 'home', find: 'P-7KQ2-M9XD' }, { page: 'new' }, { page: 'draft', id: 'a1b2c3d4-e5f6' },
      { page: 'receipt', id: 'a1b2c3d4-e5f6' }, { page: 'track', number: '0001/SIUP/12/2026' }, { page: 'office' },
      { page: 'admin', section: 'accounts' }, { page: 'admin', section: 'agencies' }, { page: 'admin', section: 'catalog' },
    ];
    for (const route of routes) {
      const url = new URL(pathOf(route), 'https://ptsp.example');
      expect(parseRoute(url.pathname, url.hash, url.search), pathOf(route)).to.deep.equal(route);
    }
    expect(pathOf({ page: 'draft', id: 'a1b2c3d4' })).to.equal('/permohonan/a1b2c3d4');
    expect(pathOf({ page: 'office' })).to.equal('/kantor');
  });

  it('the addresses of older receipts and bookmarks name the same screens', () => {
    expect(parseRoute('/', '#/drafts/a1b2c3d4')).to.deep.equal({ page: 'draft', id: 'a1b2c3d4' });
    expect(parseRoute('/', '#/receipts/a1b2c3d4')).to.deep.equal({ page: 'receipt', id: 'a1b2c3d4' });
    expect(parseRoute('/', '#/new')).to.deep.equal({ page: 'new' });
    expect(parseRoute('/', '#/find/0001%2FSIUP%2F12%2F2026')).to.deep.equal({ page: 'home', find: '0001/SIUP/12/2026' });
    // A broken escape in an old link opens the list rather than failing.
    expect(parseRoute('/', '#/find/%E0%A4%A')).to.deep.equal({ page: 'home' });
    expect(parseRoute('/lacak/P-7KQ2-M9XD')).to.deep.equal({ page: 'track', number: 'P-7KQ2-M9XD' });
  });

  it('an unknown address is the landing, never an error page', () => {
    for (const path of ['/nothing', '/permohonan/', '/permohonan/a/b/c', '/admin/unknown', '/kantor/x', '/permohonan/-x']) {
      expect(parseRoute(path), path).to.deep.equal({ page: 'home' });
    }
    expect(parseRoute('/admin/')).to.deep.equal({ page: 'admin', section: 'accounts' });
  });

  it('each role lands on its own area', () => {
    expect(areaOf('applicant')).to.equal('intake');
    expect(areaOf('booth-staff')).to.equal('intake');
    expect(areaOf('front-office')).to.equal('office');
    expect(areaOf('agency-reviewer')).to.equal('office');
    expect(areaOf('inspector')).to.equal('office');
    expect(areaOf('admin')).to.equal('admin');
  });

  it('navigate changes the address without loading the page, and Back returns', async () => {
    const start = `${location.pathname}${location.search}`;
    let heard = 0;
    const hear = (): void => { heard++; };
    window.addEventListener('ptsp-route', hear);
    try {
      navigate({ page: 'office' });
      expect(location.pathname).to.equal('/kantor');
      expect(currentRoute()).to.deep.equal({ page: 'office' });
      expect(heard).to.equal(1);
      const back = new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
      history.back();
      await back;
      expect(`${location.pathname}${location.search}`).to.equal(start);
    } finally {
      window.removeEventListener('ptsp-route', hear);
      history.replaceState(null, '', start);
    }
  });

  it("a click on a link to the app's own screen is taken; one with a modifier or to elsewhere is not", () => {
    const start = `${location.pathname}${location.search}`;
    const link = (href: string, init: MouseEventInit = {}): boolean => {
      const anchor = document.createElement('a');
      anchor.href = href;
      document.body.append(anchor);
      let taken = false;
      anchor.addEventListener('click', (event) => { taken = followLink(event); event.preventDefault(); });
      anchor.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, button: 0, ...init }));
      anchor.remove();
      return taken;
    };
    try {
      expect(link('/admin/instansi')).to.equal(true);
      expect(location.pathname).to.equal('/admin/instansi');
      expect(link('/admin', { ctrlKey: true })).to.equal(false);
      expect(link('https://elsewhere.example/admin')).to.equal(false);
      expect(link('/api/files/x')).to.equal(false);
      expect(location.pathname).to.equal('/admin/instansi');
    } finally {
      history.replaceState(null, '', start);
    }
  });
});
