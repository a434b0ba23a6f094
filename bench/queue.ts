/**
 * `tsx bench/queue.ts [--small]`: the front office's queue search on the device, no server.
 * The app's own data layer (client/data/office/office-queue.ts over a real Workspace on IndexedDB in
 * Chromium) with 100 applications (the baseline) and 10,000 on the device, in the same run:
 * - open: the plain queue's first page (the local index path), from a freshly opened database;
 * - first search: the first search after opening (what has to be read for a search, read now), and
 *   the same when the search box got focus a second before (the screen then starts that read);
 * - next search: the next one (a keystroke later); after a change: from one application changing to
 *   the same search shown again.
 * Ratios: each search at 10,000 against opening the plain queue at 10,000, and against the same
 * search at 100. Results: bench/results/queue.json and a table. A benchmark reports; it never fails on a figure.
 */
import fs from 'node:fs/promises';
import type { QueueBenchApi, QueueRun } from './pages/queue-page.js';
import { median, openDevicePage } from './device-page.js';
import { resultsFile, SMALL } from './size.js';

// Small (CI): the same two-size comparison on fewer applications and runs.
const SIZES = SMALL ? [100, 1_000] : [100, 10_000];
const RUNS = SMALL ? 2 : 5;

const started = performance.now();
const log = (message: string): void => console.log(`[queue ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
const round = (value: number): number => Math.round(value * 100) / 100;

/** The page's API; page.evaluate sends each callback as source, so it reaches it through window. */
const bench = (): QueueBenchApi => (window as unknown as { queueBench: QueueBenchApi }).queueBench;

type Figures = Record<keyof QueueRun, number>;

async function main(): Promise<void> {
  const { page, close } = await openDevicePage('queue', 'queueBench');
  try {
    const results: { applications: number; seedMs: number; runs: QueueRun[]; median: Figures }[] = [];
    for (const size of SIZES) {
      log(`seeding ${size} submitted applications on the device`);
      const { userId, seedMs } = await page.evaluate(`(${bench.toString()})().seed(${size})`) as { userId: string; seedMs: number };
      log(`seeded in ${Math.round(seedMs)} ms; ${RUNS} runs`);
      const runs = await page.evaluate(`(${bench.toString()})().search(${JSON.stringify(userId)}, ${size}, ${RUNS})`) as QueueRun[];
      const figures = Object.fromEntries((Object.keys(runs[0] ?? {}) as (keyof QueueRun)[])
        .map((key) => [key, round(median(runs.map((one) => one[key])))])) as Figures;
      log(`${size}: ${JSON.stringify(figures)}`);
      results.push({ applications: size, seedMs: Math.round(seedMs), runs: runs.map((one) => Object.fromEntries(Object.entries(one).map(([key, value]) => [key, round(value)])) as unknown as QueueRun), median: figures });
    }
    const [baseline, large] = results.map((result) => result.median) as [Figures, Figures];
    const summary = {
      date: new Date().toISOString(),
      sizes: SIZES,
      small: SMALL,
      runs: RUNS,
      results,
      // Named for the full sizes; in a small run the same ratios are of SIZES[1] to SIZES[0].
      ratios: {
        firstSearchVsOpen10k: round(large.firstSearchMs / large.openMs),
        preparedSearchVsOpen10k: round(large.preparedSearchMs / large.openMs),
        nextSearchVsOpen10k: round(large.nextSearchMs / large.openMs),
        afterChangeVsOpen10k: round(large.afterChangeMs / large.openMs),
        firstSearch10kVs100: round(large.firstSearchMs / baseline.firstSearchMs),
        nextSearch10kVs100: round(large.nextSearchMs / baseline.nextSearchMs),
      },
    };
    await fs.mkdir('bench/results', { recursive: true });
    await fs.writeFile(resultsFile('queue'), `${JSON.stringify(summary, null, 2)}\n`);
    console.log('\nqueue search on the device (medians)');
    console.log('applications   open      first search   after focus   next search   after a change');
    for (const { applications, median: row } of results) {
      console.log(`${String(applications).padStart(12)}   ${`${row.openMs} ms`.padEnd(10)}${`${row.firstSearchMs} ms`.padEnd(15)}${`${row.preparedSearchMs} ms`.padEnd(14)}`
        + `${`${row.nextSearchMs} ms`.padEnd(14)}${row.afterChangeMs} ms`);
    }
    console.log(`ratios: ${JSON.stringify(summary.ratios)}`);
    log(`wrote ${resultsFile('queue')}`);
  } finally {
    await close();
  }
}

await main();
