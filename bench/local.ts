/**
 * `npm run bench` (second part): local figures of shared/targets.md, no server involved.
 * - autosave: keystroke → IndexedDB → the query that shows it, with 4× CPU throttling, at 1k and
 *   100k drafts on the device, against a raw IndexedDB put measured in the same run;
 * - "my drafts": the first page of 20, and the list the drafts screen loads today, at 1k and 100k.
 * Results: bench/results/local.json and a table. A benchmark reports; it never fails on a figure.
 */
import fs from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { LocalBenchApi } from './pages/local-page.js';
import { openDevicePage } from './device-page.js';
import { resultsFile, SMALL } from './size.js';

// Small (CI): the same two-size comparison on far fewer drafts, fewer keystrokes and page loads.
const SIZES = SMALL ? [500, 5_000] : [1_000, 100_000];
const KEYSTROKES = SMALL ? 40 : 200;
const PAGE_RUNS = SMALL ? 2 : 5;
const THROTTLE = 4;

const started = performance.now();
const log = (message: string): void => console.log(`[local ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
const round = (value: number): number => Math.round(value * 100) / 100;

async function throttled<T>(page: Page, rate: number, work: () => Promise<T>): Promise<T> {
  const session = await page.context().newCDPSession(page);
  await session.send('Emulation.setCPUThrottlingRate', { rate });
  try {
    return await work();
  } finally {
    await session.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await session.detach();
  }
}

/** The page's API; page.evaluate sends each callback as source, so it reaches it through window. */
const bench = (): LocalBenchApi => (window as unknown as { localBench: LocalBenchApi }).localBench;

async function main(): Promise<void> {
  const { page, close } = await openDevicePage('local', 'localBench');
  try {
    const results: Record<string, unknown>[] = [];
    for (const size of SIZES) {
      log(`seeding ${size} drafts on the device`);
      const { userId, seedMs } = await page.evaluate(`(${bench.toString()})().seed(${size})`) as { userId: string; seedMs: number };
      log(`seeded in ${Math.round(seedMs)} ms; drafts page`);
      const pageTimes = await page.evaluate(`(${bench.toString()})().draftsPage(${JSON.stringify(userId)}, ${PAGE_RUNS})`) as { first20Ms: number[]; appListMs: number[] };
      log(`autosave with ${THROTTLE}x CPU throttling`);
      const autosave = await throttled(page, THROTTLE, () => page.evaluate(`(${bench.toString()})().autosave(${JSON.stringify(userId)}, ${KEYSTROKES})`) as Promise<number[]>);
      const raw = await throttled(page, THROTTLE, () => page.evaluate(`(${bench.toString()})().rawPut(${KEYSTROKES})`) as Promise<number[]>);
      const result = {
        drafts: size,
        seedMs: Math.round(seedMs),
        first20Ms: { p50: round(percentile(pageTimes.first20Ms, 50)) },
        appListMs: { p50: round(percentile(pageTimes.appListMs, 50)) },
        autosaveMs: { p50: round(percentile(autosave, 50)), p95: round(percentile(autosave, 95)) },
        rawPutMs: { p50: round(percentile(raw, 50)), p95: round(percentile(raw, 95)) },
      };
      log(JSON.stringify(result));
      results.push(result);
    }
    const [small, large] = results as { first20Ms: { p50: number }; appListMs: { p50: number }; autosaveMs: { p50: number; p95: number }; rawPutMs: { p50: number } }[];
    const summary = {
      date: new Date().toISOString(),
      sizes: SIZES,
      small: SMALL,
      cpuThrottling: THROTTLE,
      keystrokes: KEYSTROKES,
      pageRuns: PAGE_RUNS,
      results,
      ratios: {
        autosaveP50VsRawPut1k: round(small!.autosaveMs.p50 / small!.rawPutMs.p50),
        autosaveP50VsRawPut100k: round(large!.autosaveMs.p50 / large!.rawPutMs.p50),
        // Named for the full sizes; in a small run the same ratio is of SIZES[1] to SIZES[0].
        first20At100kVs1k: round(large!.first20Ms.p50 / small!.first20Ms.p50),
        appListAt100kVs1k: round(large!.appListMs.p50 / small!.appListMs.p50),
      },
      targets: { autosaveP95Ms: 16, autosaveP50VsRawPut: 3, draftsPage100kVs1k: 1.3 },
    };
    await fs.mkdir('bench/results', { recursive: true });
    await fs.writeFile(resultsFile('local'), `${JSON.stringify(summary, null, 2)}\n`);
    console.log('\nlocal figures (4x CPU throttling for autosave)');
    console.log('drafts   autosave p50/p95   raw put p50   first 20 p50   whole list p50');
    for (const row of results as typeof small[]) {
      console.log(`${String((row as unknown as { drafts: number }).drafts).padStart(6)}   ${row!.autosaveMs.p50} / ${row!.autosaveMs.p95} ms`.padEnd(29) +
        `${row!.rawPutMs.p50} ms`.padEnd(14) + `${row!.first20Ms.p50} ms`.padEnd(15) + `${row!.appListMs.p50} ms`);
    }
    console.log(`ratios: ${JSON.stringify(summary.ratios)}; targets: autosave p95 <= 16 ms, p50 <= 3x raw put, page at 100k <= 1.3x 1k`);
    log(`wrote ${resultsFile('local')}`);
  } finally {
    await close();
  }
}

await main();
