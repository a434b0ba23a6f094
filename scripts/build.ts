/**
 * Builds the PWA into dist/: the app bundle (hashed name), index.html pointing at it, the manifest
 * and icon, and the service worker with its precache manifest injected by workbox-build.
 */
import { build } from 'esbuild';
import { injectManifest } from 'workbox-build';
import fs from 'node:fs/promises';
import path from 'node:path';

export async function buildApp(outDir = 'dist'): Promise<void> {
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
    // Code only some screens need (photo compression) loads when first used, not before first render.
    splitting: true,
    target: 'es2022',
    minify: true,
    sourcemap: true,
    metafile: true,
    legalComments: 'linked',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const appFile = Object.entries(app.metafile.outputs).find(([file, output]) => file.endsWith('.js') && output.entryPoint)?.[0];
  if (!appFile) throw new Error('esbuild produced no app bundle');
  const appUrl = `/${path.relative(outDir, appFile).split(path.sep).join('/')}`;

  const html = await fs.readFile('client/index.html', 'utf8');
  await fs.writeFile(path.join(outDir, 'index.html'), html.replace('%APP_SCRIPT%', appUrl));
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
  const appBytes = (await fs.stat(appFile)).size;
  console.log(`built ${outDir}/ in ${Math.round(performance.now() - started)} ms: app ${Math.round(appBytes / 1024)} KB, ` +
    `service worker precaches ${count} files (${Math.round(size / 1024)} KB)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await buildApp();
