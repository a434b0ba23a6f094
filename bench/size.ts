/**
 * The benches' two sizes: the full figures of shared/targets.md (`npm run bench`, about 12 minutes on 2 cores),
 * or a small run of every bench (`npm run bench:ci`: `--small`, BENCH_SIZE=small or BENCH_SMALL=1),
 * which CI runs (about 4 minutes) so that a bench that no longer works is noticed at once. Small figures are not
 * comparable with the targets; a small run writes its results beside the full ones, never over them.
 */
export const SMALL = process.argv.includes('--small') || process.env.BENCH_SIZE === 'small' || process.env.BENCH_SMALL === '1';

/**
 * `bench/results/<name>.json`, or `<name>-small.json` for a small run; BENCH_RESULTS_SUFFIX (e.g. `-couchdb`)
 * keeps two runs at once (one per store) from writing over each other.
 */
export const resultsFile = (name: string): string => `bench/results/${name}${SMALL ? '-small' : ''}${process.env.BENCH_RESULTS_SUFFIX ?? ''}.json`;
