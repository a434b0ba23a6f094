/**
 * The first visit on 3G (issue 8), checked on the build itself: what must arrive before the first
 * render is only the sign-in's code, small, and preloaded together; the page shows something before
 * any script; the service worker still precaches every script, so the app opens offline.
 * bench/first-visit.ts measures the times; this fails when a static import drags the workspace back.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildApp, type BuildReport } from '../../scripts/build.js';

/** The target for the JavaScript before first render, gzip. */
const FIRST_RENDER_GZIP_LIMIT = 150 * 1024;

describe('the build for a first visit on 3G', () => {
  let outDir = '';
  let report: BuildReport;
  let html = '';

  before(async () => {
    outDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-first-render-'));
    report = await buildApp(outDir);
    html = await fs.readFile(path.join(outDir, 'index.html'), 'utf8');
  });

  after(async () => {
    if (outDir) await fs.rm(outDir, { recursive: true, force: true });
  });

  it('leaves the workspace (RxDB, Dexie, replication, documents, QR) out of the first render', () => {
    const heavy = report.firstRenderModules.filter((module) =>
      /node_modules\/(rxdb|dexie|lean-qr|browser-image-compression)\//.test(module) ||
      /client\/data\/(workspace|database|replication|documents)\.ts$/.test(module));
    // Named by package (rxdb alone is some 70 modules) or by source file.
    const named = [...new Set(heavy.map((module) => /node_modules\/([^/]+)\//.exec(module)?.[1] ?? module))];
    assert.deepEqual(named, [], `the first render must not include ${named.join(', ')}: import it from client/signed-in.ts instead`);
    assert.ok(report.firstRenderModules.some((module) => module.endsWith('client/app/ptsp-sign-in.ts')), 'the sign-in is in the first render');
  });

  it('keeps the JavaScript before the first render within 150 KB gzip', () => {
    assert.ok(report.firstRenderGzipBytes <= FIRST_RENDER_GZIP_LIMIT,
      `${Math.round(report.firstRenderGzipBytes / 1024)} KB gzip before the first render (limit 150 KB)`);
    assert.ok(report.later.length > 0, 'the signed-in part is a chunk of its own');
  });

  it('preloads every chunk the entry imports statically, and names the others for later', () => {
    const [entry, ...chunks] = report.firstRender;
    assert.ok(entry && html.includes(`<script type="module" src="${entry}"></script>`), 'index.html loads the entry');
    for (const chunk of chunks) assert.ok(html.includes(`<link rel="modulepreload" href="${chunk}">`), `index.html preloads ${chunk}`);
    const later = /<meta name="ptsp-later-scripts" content="([^"]*)">/.exec(html)?.[1]?.split(' ') ?? [];
    assert.deepEqual([...later].sort(), [...report.later].sort(), 'index.html names every later script');
    assert.ok(!html.includes('PRELOADS') && !html.includes('%APP_SCRIPT%'), 'no placeholder is left in index.html');
  });

  it('shows the app title and "Memuat…" before any script, with no inline script (the CSP refuses them)', () => {
    const body = html.slice(html.indexOf('<body>'));
    assert.match(body, /Perizinan PTSP/, 'the stand-in shows the app title');
    assert.match(body, /Memuat…/, 'the stand-in says it is loading');
    assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  });

  it('precaches every script in the service worker, so the app still opens offline', async () => {
    const worker = await fs.readFile(path.join(outDir, 'sw.js'), 'utf8');
    for (const script of [...report.firstRender, ...report.later]) {
      assert.ok(worker.includes(`"${script.slice(1)}"`), `sw.js precaches ${script}`);
    }
  });
});
