/**
 * `tsx bench/office-home.ts [--small]`: what the office home and the front office's check cost on a
 * device holding many applications, no server. The app's own data layer (a real Workspace on
 * IndexedDB in Chromium, bench/pages/office-home-page.ts) with 100 applications (the baseline) and
 * 10,000, in the same run, each figure taken two ways: over every document (`drafts$()`, what the
 * counts and the double-filing warning did before) and on the local indexes (`statusCounts$()`,
 * `openOfPermitType$()`):
 * - first counts: from subscribing on a freshly opened database to the counts;
 * - a change: one application accepted (as the sync brings it) until the counts show it, and the
 *   main thread's long tasks in that time (plus 300 ms);
 * - the check: the double-filing lookup of one application, and its twin changing until shown.
 * Ratios against the queue's first page opened on the same device in the same run, and 10,000 against
 * 100. Results: bench/results/office-home.json and a table. A benchmark reports; it never fails on a figure.
 */
import fs from 'node:fs/promises';
import type { OfficeHomeBenchApi, OfficeHomeRun } from './pages/office-home-page.js';
import { median, openDevicePage } from './device-page.js';
import { resultsFile, SMALL } from './size.js';

// Small (CI): the same two-size comparison on fewer applications and runs.
const SIZES = SMALL ? [100, 1_000] : [100, 10_000];
const RUNS = SMALL ? 2 : 3;

const started = performance.now();
const log = (message: string): void => console.log(`[office-home ${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
const round = (value: number): number => Math.round(value * 10) / 10;

/** The page's API; page.evaluate sends each callback as source, so it reaches it through window. */
const bench = (): OfficeHomeBenchApi => (window as unknown as { officeHomeBench: OfficeHomeBenchApi }).officeHomeBench;

type Figures = Record<keyof OfficeHomeRun, number>;

async function main(): Promise<void> {
  const { page, close } = await openDevicePage('office-home', 'officeHomeBench');
  try {
    const results: { applications: number; seedMs: number; runs: OfficeHomeRun[]; median: Figures }[] = [];
    for (const size of SIZES) {
      log(`seeding ${size} applications of every status on the device`);
      const { userId, seedMs, checkedId } = await page.evaluate(`(${bench.toString()})().seed(${size})`) as { userId: string; seedMs: number; checkedId: string };
      log(`seeded in ${Math.round(seedMs)} ms; ${RUNS} runs`);
      const runs = await page.evaluate(`(${bench.toString()})().measure(${JSON.stringify(userId)}, ${JSON.stringify(checkedId)}, ${RUNS})`) as OfficeHomeRun[];
      const figures = Object.fromEntries((Object.keys(runs[0] ?? {}) as (keyof OfficeHomeRun)[])
        .map((key) => [key, round(median(runs.map((one) => one[key])))])) as Figures;
      log(`${size}: ${JSON.stringify(figures)}`);
      results.push({ applications: size, seedMs: Math.round(seedMs), runs: runs.map((one) => Object.fromEntries(Object.entries(one).map(([key, value]) => [key, round(value)])) as unknown as OfficeHomeRun), median: figures });
    }
    const [baseline, large] = results.map((result) => result.median) as [Figures, Figures];
    const ratio = (a: number, b: number): number => Math.round((a / b) * 100) / 100;
    const summary = {
      date: new Date().toISOString(),
      sizes: SIZES,
      small: SMALL,
      runs: RUNS,
      results,
      // Named for the full sizes; in a small run the same ratios are of SIZES[1] to SIZES[0].
      ratios: {
        countsAllVsQueuePage10k: ratio(large.countsAllMs, large.queuePageMs),
        countsIndexedVsQueuePage10k: ratio(large.countsIndexedMs, large.queuePageMs),
        checkAllVsQueuePage10k: ratio(large.checkAllMs, large.queuePageMs),
        checkIndexedVsQueuePage10k: ratio(large.checkIndexedMs, large.queuePageMs),
        countsAll10kVs100: ratio(large.countsAllMs, baseline.countsAllMs),
        countsIndexed10kVs100: ratio(large.countsIndexedMs, baseline.countsIndexedMs),
        changeAll10kVs100: ratio(large.changeAllMs, baseline.changeAllMs),
        changeIndexed10kVs100: ratio(large.changeIndexedMs, baseline.changeIndexedMs),
        checkAll10kVs100: ratio(large.checkAllMs, baseline.checkAllMs),
        checkIndexed10kVs100: ratio(large.checkIndexedMs, baseline.checkIndexedMs),
      },
    };
    await fs.mkdir('bench/results', { recursive: true });
    await fs.writeFile(resultsFile('office-home'), `${JSON.stringify(summary, null, 2)}\n`);
    console.log('\noffice home and check on the device (medians; every document → on the indexes)');
    console.log('applications  queue page  first counts         a change → counts    its long tasks       check lookup         twin change → shown');
    const pair = (before: number, after: number): string => `${before} → ${after} ms`.padEnd(21);
    for (const { applications, median: row } of results) {
      console.log(`${String(applications).padStart(12)}  ${`${row.queuePageMs} ms`.padEnd(12)}${pair(row.countsAllMs, row.countsIndexedMs)}${pair(row.changeAllMs, row.changeIndexedMs)}`
        + `${pair(row.changeBusyAllMs, row.changeBusyIndexedMs)}${pair(row.checkAllMs, row.checkIndexedMs)}${pair(row.checkChangeAllMs, row.checkChangeIndexedMs)}`);
    }
    console.log(`ratios: ${JSON.stringify(summary.ratios)}`);
    log(`wrote ${resultsFile('office-home')}`);
  } finally {
    await close();
  }
}

await main();
