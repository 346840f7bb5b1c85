// @ts-check
/**
 * The runner's command line: parsing and the settings derived from it.
 * Pure: nothing here touches the file system or starts a process, so
 * `--help` and `--list` cost nothing.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';

export const HELP = `usage: node bench/run.mjs [--quick] [--only NAME[,NAME]] [--runs N] [--write-results] [--data DIR] [--units-dir DIR] [--keep] [--list]
  --quick            small data (11,000 rows), fewer runs, no goals: a smoke test for CI (under a minute)
  --only NAMES       run only these measurements (their baselines run too); --list shows the names
  --runs N           paired runs per measurement (default 3, quick 1; start-up at least 20, quick 3)
  --write-results    write the results into bench/RESULTS.md (with --only, rows of other measurements are kept)
  --results-md FILE  where --write-results writes (default bench/RESULTS.md)
  --rewrite-results  write RESULTS.md again from the rows it stores, measuring nothing (after the writer changed)
  --results-json F   where this run's results go as JSON (default bench/out/results-<mode>.json)
  --data DIR         where generated rosters live (default bench/data)
  --units-dir DIR    national unit reference for init (default ../shared/data/vn-admin-units when present)
  --keep             keep the temporary directories (databases, workbooks)
  --list             list the measurements and exit
`;

/** Start-up is measured on at least this many paired runs in full mode (issue 13, goal 5). */
export const STARTUP_MIN_RUNS = 20;

/**
 * Parses the runner's arguments. Returns { help, list, quick, only, runs,
 * startupRuns, writeResults, rewriteResults, keep, root, dataDir, unitsDir, outDir,
 * resultsJson, resultsMd, argv }; throws a TypeError on unknown options.
 */
export function parseOptions(argv, root) {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      runs: { type: 'string' },
      'write-results': { type: 'boolean', default: false },
      'rewrite-results': { type: 'boolean', default: false },
      'results-md': { type: 'string' },
      'results-json': { type: 'string' },
      data: { type: 'string' },
      'units-dir': { type: 'string' },
      keep: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const quick = Boolean(v.quick);
  const asked = v.runs === undefined ? undefined : Number(v.runs);
  if (asked !== undefined && !(Number.isInteger(asked) && asked > 0)) throw new TypeError(`--runs wants a positive whole number, not ${JSON.stringify(v.runs)}`);
  const outDir = path.join(root, 'bench', 'out');
  return {
    help: Boolean(v.help),
    list: Boolean(v.list),
    quick,
    only: v.only
      ? new Set(
          v.only
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        )
      : undefined,
    runs: asked ?? (quick ? 1 : 3),
    startupRuns: quick ? Math.max(3, asked ?? 3) : Math.max(STARTUP_MIN_RUNS, asked ?? STARTUP_MIN_RUNS),
    writeResults: Boolean(v['write-results']),
    rewriteResults: Boolean(v['rewrite-results']),
    keep: Boolean(v.keep),
    root,
    dataDir: path.resolve(v.data ?? path.join(root, 'bench', 'data')),
    unitsDir: path.resolve(v['units-dir'] ?? path.join(root, '..', 'shared', 'data', 'vn-admin-units')),
    outDir,
    resultsJson: path.resolve(v['results-json'] ?? path.join(outDir, `results-${quick ? 'quick' : 'full'}.json`)),
    resultsMd: path.resolve(v['results-md'] ?? path.join(root, 'bench', 'RESULTS.md')),
    argv: [...argv],
  };
}

/** The command line as shown in RESULTS.md: `node bench/run.mjs …` with the machine's paths made relative. */
export function commandLine(opts) {
  const rel = (a) => (path.isAbsolute(a) && a.startsWith(opts.root + path.sep) ? path.relative(opts.root, a) : a);
  const shownArgs = opts.argv.map((a) => (a.startsWith('/') ? (a.startsWith(opts.root + path.sep) ? rel(a) : '<path>') : a.includes('=/') ? a.replace(/=\/.*/, '=<path>') : a));
  return ['node bench/run.mjs', ...shownArgs].join(' ');
}
