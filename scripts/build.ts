/**
 * Builds the PWA into dist/: the app's entry and its chunks (hashed names), index.html pointing at
 * them, the manifest and icon, and the service worker with its precache manifest injected by
 * workbox-build.
 *
 * The first visit on 3G (issue 8) shapes this: the entry holds only what the sign-in screen needs;
 * the signed-in part (client/signed-in.ts) and other dynamic imports become chunks loaded later.
 * index.html gets a `<link rel="modulepreload">` for every chunk the entry imports statically, so
 * they are requested with the entry, not one round trip after another as each one is parsed.
 * The other scripts are named in `<meta name="ptsp-later-scripts">`: client/main.ts fetches them
 * once the first screen is drawn, all at once, before it registers the service worker.
 */
import { build, type Metafile } from 'esbuild';
import { injectManifest } from 'workbox-build';
import fs from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

type Outputs = Metafile['outputs'];

/** An output file and every chunk it imports statically, transitively: what must arrive before it runs. */
function staticClosure(outputs: Outputs, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entry);
  return [...seen];
}

/** What a build made, for the checks of tests/unit/first-render.test.ts and for the log line. */
export interface BuildReport {
  /** URL paths (`/assets/…`) of the entry and of the chunks it imports statically. */
  firstRender: string[];
  /** The source modules inside those files (`node_modules/rxdb/…`, `client/…`). */
  firstRenderModules: string[];
  firstRenderBytes: number;
  firstRenderGzipBytes: number;
  /** URL paths of every other script (dynamic imports and what only they import). */
  later: string[];
}

export async function buildApp(outDir = 'dist'): Promise<BuildReport> {
  const started = performance.now();
  await fs.rm(outDir, { recursive: true, force: true });
  await fs.mkdir(outDir, { recursive: true });

  const app = await build({
    entryPoints: { app: 'client/main.ts' },
    outdir: path.join(outDir, 'assets'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    format: 'esm',
    // Dynamic imports (the signed-in part, photo compression) become chunks loaded when first used.
    splitting: true,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    metafile: true,
    legalComments: 'linked',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const outputs = app.metafile.outputs;
  const appFile = Object.entries(outputs).find(([file, output]) => file.endsWith('.js') && output.entryPoint)?.[0];
  if (!appFile) throw new Error('esbuild produced no app bundle');
  const urlOf = (file: string): string => `/${path.relative(outDir, file).split(path.sep).join('/')}`;
  const firstRender = staticClosure(outputs, appFile);
  const later = Object.keys(outputs).filter((file) => file.endsWith('.js') && !firstRender.includes(file));
  const preloads = [
    ...firstRender.filter((file) => file !== appFile).map((file) => `<link rel="modulepreload" href="${urlOf(file)}">`),
    `<meta name="ptsp-later-scripts" content="${later.map(urlOf).join(' ')}">`,
  ].join('\n  ');

  const html = await fs.readFile('client/index.html', 'utf8');
  // A comment, so that the dev server (which does not bundle) can serve the same file as it is.
  const preloadSlot = /<!--PRELOADS[^>]*-->/;
  if (!html.includes('%APP_SCRIPT%') || !preloadSlot.test(html)) throw new Error('client/index.html lacks %APP_SCRIPT% or <!--PRELOADS-->');
  await fs.writeFile(path.join(outDir, 'index.html'), html.replace('%APP_SCRIPT%', urlOf(appFile)).replace(preloadSlot, preloads));
  await fs.copyFile('client/manifest.webmanifest', path.join(outDir, 'manifest.webmanifest'));
  await fs.copyFile('client/icon.svg', path.join(outDir, 'icon.svg'));

  const swBundle = path.join(outDir, 'sw.js');
  await build({
    entryPoints: ['sw/sw.ts'],
    outfile: swBundle,
    bundle: true,
    format: 'iife',
    target: 'es2022',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const { count, size, warnings } = await injectManifest({
    swSrc: swBundle,
    swDest: swBundle,
    globDirectory: outDir,
    globPatterns: ['index.html', 'assets/*.js', 'manifest.webmanifest', 'icon.svg'],
    // The bundle's name carries its hash already.
    dontCacheBustURLsMatching: /^assets\//,
  });
  for (const warning of warnings) console.warn(`workbox: ${warning}`);
  const sizeOf = async (files: string[]): Promise<{ bytes: number; gzipBytes: number; kb: number; gzipKb: number }> => {
    let bytes = 0;
    let gzipBytes = 0;
    for (const file of files) {
      const content = await fs.readFile(file);
      bytes += content.length;
      gzipBytes += gzipSync(content).length;
    }
    return { bytes, gzipBytes, kb: Math.round(bytes / 1024), gzipKb: Math.round(gzipBytes / 1024) };
  };
  const allScripts = Object.keys(outputs).filter((file) => file.endsWith('.js'));
  const first = await sizeOf(firstRender);
  const all = await sizeOf(allScripts);
  console.log(`built ${outDir}/ in ${Math.round(performance.now() - started)} ms: first render ${first.kb} KB (${first.gzipKb} KB gzip) in ` +
    `${firstRender.length} file(s), all scripts ${all.kb} KB (${all.gzipKb} KB gzip) in ${allScripts.length}; ` +
    `service worker precaches ${count} files (${Math.round(size / 1024)} KB)`);
  return {
    firstRender: firstRender.map(urlOf),
    firstRenderModules: [...new Set(firstRender.flatMap((file) => Object.keys(outputs[file]?.inputs ?? {})))],
    firstRenderBytes: first.bytes,
    firstRenderGzipBytes: first.gzipBytes,
    later: later.map(urlOf),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) await buildApp();
