/**
 * Photos for the e2e tests: real JPEGs drawn by Chromium itself (no image library in Node), each
 * different, some hundreds of KB like a phone's camera picture of a document.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';

const DRAW_PHOTO = `async (seed) => {
  const canvas = new OffscreenCanvas(1600, 1200);
  const context2d = canvas.getContext('2d');
  context2d.fillStyle = 'hsl(' + ((seed * 37) % 360) + ' 60% 80%)';
  context2d.fillRect(0, 0, 1600, 1200);
  // Text and speckles, like a photographed ID card: enough detail that JPEG cannot squeeze it to nothing.
  let state = seed + 1;
  const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let dot = 0; dot < 6000; dot++) {
    context2d.fillStyle = 'hsl(' + Math.floor(next() * 360) + ' 50% ' + Math.floor(next() * 60 + 20) + '%)';
    context2d.fillRect(next() * 1600, next() * 1200, 2 + next() * 6, 2 + next() * 6);
  }
  context2d.fillStyle = '#111';
  context2d.font = '64px sans-serif';
  context2d.fillText('KARTU TANDA PENDUDUK ' + seed, 80, 140);
  const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary);
}`;

export async function makePhotos(context: BrowserContext, count: number): Promise<string[]> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ptsp-photos-'));
  const page = await context.newPage();
  const files: string[] = [];
  for (let index = 0; index < count; index++) {
    // A string, not a function: tsx would wrap named inner functions in a helper the page lacks.
    const base64 = await page.evaluate(`(${DRAW_PHOTO})(${index})`) as string;
    const file = path.join(dir, `photo-${index}.jpg`);
    await fs.writeFile(file, Buffer.from(base64, 'base64'));
    files.push(file);
  }
  await page.close();
  return files;
}
