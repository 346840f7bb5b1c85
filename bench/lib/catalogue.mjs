// @ts-check
/**
 * The measurement catalogue: what is measured, on which data, against which
 * baseline. Building it starts nothing: every member's functions run only
 * when the runner measures it (so `--list` only reads ids and texts).
 *
 * A group: { group, data: [[kind, rows]], runs?, members, interleave? }.
 * A member: { id, what, rows, baseline?, available?() → true | reason,
 *   prepare?(ctx), command?(ctx) → [cmd, args], check?(ctx, r, round) →
 *   { error?, info?, keep? }, after?() → { info?, intact? }, needs?: ids,
 *   steps?(ctx) → [{ name, run: [cmd, args], ok?, setup? }] }.
 * `interleave: ID` makes the baseline ID run before (even rounds) or after
 * (odd rounds) every timed step of the group's steps member.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { CITY_MEMBERS, cityDir, dataFile, sizeLabel, sizes } from './data.mjs';
import { measure } from './measure.mjs';
import { rosterBuilt } from './tools.mjs';
import { INIT_ARGS, PERIOD, firstLine } from './workspace.mjs';

const exitError = (r) => ({ error: `exit ${r.code}: ${firstLine(r.stderrTail)}` });
const jsonRows = (r, want) => (r.json && typeof r.json.rows === 'number' && r.json.rows !== want ? `${r.json.rows} rows read, expected ${want}` : undefined);

/**
 * The groups, in running order. `env`: { opts, ws, has, sqlite3, state,
 * note, log, childEnv }; only `opts` is read while building.
 */
export function catalogue(env) {
  const k = shared(env);
  return [csvGroup(k), validateGroup(k), xlsxGroup(k), reportGroup(k), cityGroup(k), startupGroup(k)];
}

/** What the groups share: sizes, data files, availability checks, the import run. */
function shared(env) {
  const { opts } = env;
  const S = sizes(opts.quick);
  const built = () => (rosterBuilt(opts.root) ? true : 'not built: run npm run build');
  const needImport = () => (built() !== true ? built() : env.has('import') ? true : '`roster import` does not exist yet');
  return {
    env,
    opts,
    S,
    csv: dataFile(opts.dataDir, S.csv, 'csv'),
    xlsx: dataFile(opts.dataDir, S.xlsx, 'xlsx'),
    xlsxCsv: dataFile(opts.dataDir, S.xlsx, 'csv'),
    reportCsv: dataFile(opts.dataDir, S.report, 'csv'),
    lib: (name) => path.join(opts.root, 'bench', 'lib', name),
    node: (...args) => [process.execPath, args],
    built,
    needImport,
    needCommand: (words) => () => (needImport() !== true ? needImport() : env.has(...words) ? true : `\`roster ${words.join(' ')}\` does not exist yet`),
    /** `roster import FILE` into a copy of the template; the last run's database is kept as state[keepAs]. */
    importRun: (file, keepAs) => ({
      available: needImport,
      async prepare(ctx) {
        ctx.db = path.join(ctx.dir, 'roster.db');
        env.ws.copyDb(await env.ws.template(), ctx.db);
      },
      command: (ctx) => env.ws.roster(ctx.db, '--json', 'import', file, '--period', PERIOD),
      check(ctx, r) {
        if (r.code !== 0) return exitError(r);
        const previous = env.state[keepAs];
        if (previous && !opts.keep) fs.rmSync(path.dirname(previous), { recursive: true, force: true });
        env.state[keepAs] = ctx.db;
        return { keep: true };
      },
    }),
  };
}

function csvGroup(k) {
  const { S, csv, lib, node } = k;
  return {
    group: 'csv',
    data: [['csv', S.csv]],
    members: [
      sqliteImport(k.env, 'sqlite3', csv, S.csv),
      {
        id: 'csv-parse',
        what: 'csv-parse stream alone (count rows)',
        rows: S.csv,
        command: () => node(lib('csv-parse-count.mjs'), csv),
        check: (_ctx, r) => (r.code !== 0 ? exitError(r) : { error: jsonRows(r, S.csv) }),
      },
      {
        id: 'csv-sqlite',
        what: 'csv-parse + better-sqlite3, one transaction (reference)',
        rows: S.csv,
        command: (ctx) => node(lib('csv-sqlite.mjs'), csv, path.join(ctx.dir, 'ref.db')),
        check: (_ctx, r) => (r.code !== 0 ? exitError(r) : { error: jsonRows(r, S.csv) }),
      },
      { id: 'import-csv', what: '`roster import` CSV (all checks, one transaction)', rows: S.csv, ...k.importRun(csv, 'csvDb') },
    ],
  };
}

function validateGroup(k) {
  const { env, S, csv } = k;
  return {
    group: 'validate',
    data: [['csv', S.csv]],
    members: [
      {
        id: 'validate',
        what: '`roster validate --json` (all rules)',
        rows: S.csv,
        available: k.needCommand(['validate']),
        async prepare(ctx) {
          if (!env.state.csvDb) {
            env.log('  (set-up) importing the CSV once for validate ...');
            const db = path.join(env.ws.runDir('validate-db'), 'roster.db');
            env.ws.copyDb(await env.ws.template(), db);
            await env.ws.setupStep('roster import', env.ws.roster(db, 'import', csv, '--period', PERIOD));
            env.state.csvDb = db;
          }
          ctx.db = env.state.csvDb;
        },
        command: (ctx) => env.ws.roster(ctx.db, '--json', 'validate', '--period', PERIOD),
        check: (_ctx, r) => (r.code === 0 || r.code === 1 ? {} : exitError(r)),
      },
    ],
  };
}

function xlsxGroup(k) {
  const { env, S, xlsx, xlsxCsv, lib, node } = k;
  return {
    group: 'xlsx',
    data: [
      ['csv', S.xlsx],
      ['xlsx', S.xlsx],
    ],
    members: [
      sqliteImport(env, 'sqlite3-xlsx-rows', xlsxCsv, S.xlsx),
      {
        id: 'exceljs-read',
        what: 'exceljs streaming reader (XLSX, count rows)',
        rows: S.xlsx,
        command: () => node(lib('exceljs-read.mjs'), xlsx),
        check(_ctx, r) {
          if (r.code !== 0) return exitError(r);
          return { error: jsonRows(r, S.xlsx), info: r.json?.cellsDamaged ? `${r.json.cellsDamaged} cells damaged (U+FFFD)` : undefined };
        },
      },
      {
        id: 'import-xlsx',
        what: '`roster import` XLSX',
        rows: S.xlsx,
        ...k.importRun(xlsx, 'xlsxDb'),
        needs: ['exceljs-read'],
        async after() {
          if (!env.state.xlsxDb) return {};
          const r = await measure(process.execPath, [lib('check-intact.mjs'), env.state.xlsxDb, xlsxCsv], { cwd: k.opts.root, env: env.childEnv });
          const j = r.json ?? {};
          if (j.error) return { info: `intact check not possible: ${j.error}` };
          const intact = j.mismatches === 0 && j.replacementChars === 0 && j.compared === S.xlsx;
          const example = j.examples?.[0] ? ` (e.g. ${JSON.stringify(j.examples[0])})` : '';
          return {
            intact,
            info: intact
              ? `every character intact (${j.compared} rows compared)`
              : `NOT intact: ${j.mismatches} mismatching rows, ${j.replacementChars} U+FFFD, ${j.compared} compared${example}`,
          };
        },
      },
    ],
  };
}

function reportGroup(k) {
  const { env, S, reportCsv, lib, node } = k;
  return {
    group: 'report',
    data: [['csv', S.report]],
    members: [
      sqliteImport(env, 'sqlite3-report-rows', reportCsv, S.report),
      {
        id: 'exceljs-write',
        what: 'exceljs streaming writer, member rows alone',
        rows: S.report,
        async prepare(ctx) {
          await reportDb(env, reportCsv, S).catch(() => undefined); // without a database it reads the CSV
          ctx.out = path.join(ctx.dir, 'members.xlsx');
        },
        command: (ctx) => node(lib('exceljs-write.mjs'), ctx.out, '--period', PERIOD, '--csv', reportCsv, ...(env.state.reportDb ? ['--db', env.state.reportDb] : [])),
        check: (_ctx, r) => (r.code !== 0 ? exitError(r) : { info: r.json?.source === 'csv' ? 'rows read from the CSV (no imported database)' : undefined }),
      },
      {
        id: 'report',
        what: '`roster report monthly --draft`',
        rows: S.report,
        available: k.needCommand(['report', 'monthly']),
        needs: ['exceljs-write'],
        async prepare(ctx) {
          await reportDb(env, reportCsv, S);
          if (!env.state.reportDb) throw new Error(env.state.reportDbError ?? 'no imported database');
          ctx.db = env.state.reportDb;
          ctx.out = path.join(ctx.dir, 'monthly.xlsx');
        },
        command: (ctx) => env.ws.roster(ctx.db, 'report', 'monthly', '--period', PERIOD, '-o', ctx.out, '--draft'),
        check: (ctx, r) => (r.code === 0 && fs.existsSync(ctx.out) ? {} : exitError(r)),
      },
    ],
  };
}

function startupGroup(k) {
  return {
    group: 'startup',
    runs: k.opts.startupRuns,
    spread: true, // the page says why start-up is judged on CPU time
    data: [],
    members: [
      { id: 'node', what: '`node -e 0`', rows: 0, baseline: true, command: () => k.node('-e', '0') },
      {
        id: 'startup',
        what: '`roster --help`',
        rows: 0,
        available: k.built,
        command: () => k.node(path.join(k.opts.root, 'bin', 'roster.js'), '--help'),
        check: (_ctx, r) => (r.code === 0 ? {} : exitError(r)),
      },
    ],
  };
}

/** The monthly job at city scale, each step paired with `node -e 0` run alternately with it. */
function cityGroup(k) {
  const { env, opts, needImport } = k;
  const dir = cityDir(opts.dataDir);
  return {
    group: 'city',
    data: [['city', CITY_MEMBERS]],
    interleave: 'city-node',
    members: [
      { id: 'city-node', what: '`node -e 0`, run alternately with the city steps', rows: 0, baseline: true, command: () => [process.execPath, ['-e', '0']] },
      {
        id: 'city',
        what: 'whole monthly job, 30 files: import, validate, remap --auto, report --draft',
        rows: CITY_MEMBERS,
        commandText: `[set-up, not counted: roster init --office … --jurisdiction 79 && units import of the national lists] roster import bench/data/city/*.{csv,xlsx} --period ${PERIOD} && roster --json validate --period ${PERIOD} && roster --yes remap --period ${PERIOD} --auto && roster report monthly --period ${PERIOD} -o $TMP/monthly.xlsx --draft`,
        stepWhat: {
          import: '`roster import` of the 30 city files',
          validate: '`roster validate --json`, city',
          remap: '`roster remap --auto`, city',
          report: '`roster report monthly --draft`, city',
        },
        available: () => {
          if (needImport() !== true) return needImport();
          const missing = [['validate'], ['remap'], ['report', 'monthly']].filter((c) => !env.has(...c)).map((c) => c.join(' '));
          return missing.length ? `missing commands: ${missing.join(', ')}` : true;
        },
        steps(ctx) {
          const db = path.join(ctx.dir, 'city.db');
          const files = fs
            .readdirSync(dir)
            .filter((f) => /\.(csv|xlsx)$/.test(f))
            .sort()
            .map((f) => path.join(dir, f));
          const r = (...args) => env.ws.roster(db, ...args);
          return [
            { name: 'init', run: r(...INIT_ARGS), setup: true },
            ...env.ws.unitSteps(db).map(([name, run]) => ({ name, run, setup: true })),
            { name: 'import', run: r('import', ...files, '--period', PERIOD) },
            { name: 'validate', run: r('--json', 'validate', '--period', PERIOD), ok: [0, 1] },
            { name: 'remap', run: r('--yes', 'remap', '--period', PERIOD, '--auto'), ok: [0, 1] },
            { name: 'report', run: r('report', 'monthly', '--period', PERIOD, '-o', path.join(ctx.dir, 'monthly.xlsx'), '--draft') },
          ];
        },
      },
    ],
  };
}

/** `sqlite3 DB ".mode csv" ".import FILE roster"`: the C baseline, no checks. */
function sqliteImport(env, id, csv, rows) {
  return {
    id,
    what: `sqlite3 .import (C, no checks)`,
    rows,
    baseline: true,
    available: () => (env.sqlite3 ? true : 'sqlite3 missing: apt-get install sqlite3'),
    async prepare(ctx) {
      ctx.db = path.join(ctx.dir, 'sqlite.db');
    },
    command: (ctx) => [env.sqlite3, [ctx.db, '.mode csv', `.import ${csv} roster`]],
    check(ctx, r, round) {
      if (r.code !== 0) return exitError(r);
      if (round === 0) {
        const n = Number(spawnSync(env.sqlite3, [ctx.db, 'SELECT count(*) FROM roster'], { encoding: 'utf8' }).stdout.trim());
        if (n !== rows) return { error: `sqlite3 imported ${n} rows, expected ${rows}` };
      }
      return {};
    },
  };
}

/** The database for the report measurements: the report roster imported once (set-up, not timed). */
async function reportDb(env, csv, S) {
  const st = env.state;
  if (st.reportDbTried) {
    if (st.reportDbError) throw new Error(st.reportDbError);
    return;
  }
  st.reportDbTried = true;
  if (!rosterBuilt(env.opts.root) || !env.has('import')) return;
  if (S.report === S.csv && st.csvDb) {
    st.reportDb = st.csvDb; // quick mode: the same 11k database
    return;
  }
  const db = path.join(env.ws.runDir('report-db'), 'roster.db');
  env.ws.copyDb(await env.ws.template(), db);
  env.log('  (set-up) importing the report roster once ...');
  try {
    const r = await env.ws.setupStep('roster import', env.ws.roster(db, 'import', csv, '--period', PERIOD));
    env.note(
      'report-db',
      `Report database: ${S.report.toLocaleString('en')} rows (${sizeLabel(S.report)}) imported once before the report runs (${(r.wallMs / 1000).toFixed(1)} s, ${Math.round(r.peakRssMB)} MB).`,
    );
    st.reportDb = db;
  } catch (e) {
    st.reportDbError = `set-up import of the report roster failed: ${e instanceof Error ? e.message : String(e)}`;
    env.note('report-db', st.reportDbError);
  }
}

/** Every measurement id with its group and text, for `--list`. */
export function listing(env) {
  return catalogue(env).flatMap((g) =>
    g.members.flatMap((m) => [
      { id: m.id, group: g.group, what: m.what },
      ...Object.entries(m.stepWhat ?? {}).map(([step, what]) => ({ id: `${m.id}-${step}`, group: g.group, what, partOf: m.id })),
    ]),
  );
}
