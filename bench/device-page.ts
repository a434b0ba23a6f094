/**
 * A bench page that runs the app's own data layer in headless Chromium with no server behind it
 * (bench/local.ts, queue.ts, office-home.ts): bundles `bench/pages/<name>-page.ts`, serves it from a
 * fresh temporary folder (the proxy points at no store: a fetch fails, as offline), opens it in a
 * fresh profile and waits until the page has put its API on `window[apiName]`.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/e2e/harness.js';
import { startStoreProxy } from './proxy.js';

export interface DevicePage {
  page: Page;
  /** Closes the browser and the server and removes the folder. */
  close(): Promise<void>;
}

export async function openDevicePage(name: string, apiName: string): Promise<DevicePage> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), `ptsp-bench-${name}-`));
  const server = await startStoreProxy('http://127.0.0.1:9', root);
  const context = await chromium.launchPersistentContext(path.join(root, 'profile'), {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, handleSIGINT: false,
  });
  const close = async (): Promise<void> => {
    await context.close().catch(() => undefined);
    await server.close();
    await fs.rm(root, { recursive: true, force: true });
  };
  try {
    await build({
      entryPoints: { [name]: `bench/pages/${name}-page.ts` }, outdir: root, bundle: true, format: 'esm', platform: 'browser',
      target: 'es2022', minify: true, define: { 'process.env.NODE_ENV': '"production"' }, logLevel: 'warning',
    });
    await fs.writeFile(path.join(root, `${name}.html`), `<!doctype html><meta charset="utf-8"><script type="module" src="/${name}.js"></script>`);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${server.url}/${name}.html`);
    await page.waitForFunction((key) => key in window, apiName);
    return { page, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The middle value (the upper middle of an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
