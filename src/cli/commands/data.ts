// `ponte data add|status|checkout|push|pull|verify|log|hash`: the terminal face of core/data.
// Each sub-command parses its options, calls one core function and prints a table or JSON.
import { PonteError } from '../../core/errors';
import {
  addData,
  checkoutData,
  dataLog,
  dataStatus,
  dataStatusVerified,
  findRepoRoot,
  hashPath,
  openDataRepo,
  pullData,
  pushData,
  resolveInRepo,
  verifyData,
  type JobControl,
  type VerifyReport,
} from '../../core/data/index';
import { compareVersions, comparisonMarkdown } from '../../core/versions/compare';
import { parseCommandArgs, unknownSubcommand, type CliCommand, type Options } from '../command';
import { watchOptions, watchSubcommand } from './data-watch';
import { formatTable, renderJson } from '../output';
import type { DataCompareOutput, DataHashOutput, DataLogOutput, DataStatusOutput } from '../../core/cli-json';

const HELP = `Usage: ponte data <command> [options]

Version datasets and models in DVC's own formats (the dvc CLI keeps working on the repository).

Commands:
  add PATH...                         hash PATH into .dvc/cache, write PATH.dvc, git-ignore PATH, stage both
  status [PATH...] [--json] [--no-watcher] [--verify]   unchanged | modified | missing | not_in_cache
                                      for each tracked path (asks a running 'data watch' first);
                                      --verify also hashes the cache objects each path needs: corrupt
  verify [--remote NAME] [--repair] [--json]   hash every object of the cache (or of the remote)
                                      against its name; exit 1 if any is corrupt; --repair removes
                                      the corrupt ones so 'data pull' can fetch good copies
  watch [--detach|--stop|--status]    keep status instant: watch tracked data for changes
  checkout [PATH...] [--rev REV] [--force]   restore the recorded data from the cache
  push [PATH...] [--remote NAME]      copy missing objects to the remote
  pull [PATH...] [--remote NAME] [--force]   fetch missing objects (verified) and check them out
  log PATH [--json]                   every version of PATH from the git history of PATH.dvc
  hash PATH [--json]                  {path, md5, size, nfiles?} exactly as DVC would record it
  compare PATH --from REV [--to REV] [--json]   two versions of a CSV/Parquet dataset: size, rows,
                                      columns added/removed/changed type, per-column statistics
                                      (--to defaults to the workspace)

Examples:
  ponte data add data/train.csv models/
  ponte data status --json
  ponte data verify --repair && ponte data pull
  ponte data checkout data/train.csv --rev HEAD~1
  ponte data compare data/train.csv --from HEAD~1
`;

function progressReporter(label: string): JobControl['onProgress'] {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 200 && done < total) return;
    last = now;
    const pct = total ? Math.floor((done / total) * 100) : 100;
    process.stderr.write(`\r${label}: ${pct}% (${(done / 1048576).toFixed(1)} of ${(total / 1048576).toFixed(1)} MiB)`);
    if (done >= total) process.stderr.write('\n');
  };
}

function cancelOnSigint(): AbortSignal {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return controller.signal;
}

function json<T>(value: T): void {
  process.stdout.write(renderJson(value));
}

/** Each sub-command's options (watch's live with it). */
const subOptions = {
  add: { 'no-git': { type: 'boolean' } },
  status: { json: { type: 'boolean' }, 'no-watcher': { type: 'boolean' }, verify: { type: 'boolean' } },
  verify: { remote: { type: 'string' }, repair: { type: 'boolean' }, json: { type: 'boolean' } },
  checkout: { rev: { type: 'string' }, force: { type: 'boolean' } },
  push: { remote: { type: 'string' } },
  pull: { remote: { type: 'string' }, force: { type: 'boolean' } },
  log: { json: { type: 'boolean' } },
  compare: { from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } },
  hash: { json: { type: 'boolean' } },
  watch: watchOptions,
} as const satisfies Record<string, Options>;

type Sub = (argv: string[]) => Promise<number>;

const subcommands: Record<keyof typeof subOptions, Sub> = {
  async add(argv) {
    const args = parseCommandArgs('data add', argv, subOptions.add, HELP);
    if (!args) return 0;
    const results = await addData({
      cwd: process.cwd(),
      paths: args.positionals,
      git: !args.values['no-git'],
      onProgress: progressReporter('hashing'),
      signal: cancelOnSigint(),
    });
    for (const w of new Set(results.flatMap((r) => r.warnings ?? []))) process.stderr.write(`warning: ${w}\n`);
    for (const r of results) {
      if (r.storage === 'git-lfs') process.stdout.write(`${r.path}: tracked with git lfs\n`);
      else process.stdout.write(`${r.path}: ${r.md5} (${r.size} bytes${r.nfiles === undefined ? '' : `, ${r.nfiles} files`}) -> ${r.dvcFile}\n`);
    }
    return 0;
  },
  async status(argv) {
    const args = parseCommandArgs('data status', argv, subOptions.status, HELP);
    if (!args) return 0;
    const options = { cwd: process.cwd(), paths: args.positionals, watcher: !args.values['no-watcher'], signal: cancelOnSigint() };
    const entries = args.values.verify ? await dataStatusVerified(options) : await dataStatus(options);
    if (args.values.json) json<DataStatusOutput>(entries.map((e) => ({ path: e.path, status: e.status, ...('corrupt' in e && e.corrupt ? { object: e.corrupt.file, problem: e.corrupt.problem } : {}) })));
    else if (entries.length === 0) process.stdout.write('no tracked data\n');
    else {
      process.stdout.write(formatTable([['PATH', 'STATUS'], ...entries.map((e) => [e.path, e.status])]));
      for (const e of entries) {
        if ('corrupt' in e && e.corrupt) process.stderr.write(`${e.path}: cache object ${e.corrupt.file} is corrupt: ${e.corrupt.problem}\n`);
      }
      if (entries.some((e) => e.status === 'corrupt')) process.stderr.write("hint: 'ponte data verify --repair' removes corrupt objects, then 'ponte data pull' fetches good copies\n");
    }
    return entries.every((e) => e.status === 'unchanged') ? 0 : 1;
  },
  async verify(argv) {
    const args = parseCommandArgs('data verify', argv, subOptions.verify, HELP);
    if (!args) return 0;
    if (args.positionals.length) {
      throw new PonteError('usage.bad_arguments', 'ponte data verify checks the whole cache and takes no PATH', { hint: "to check the objects of some paths: 'ponte data status --verify PATH...'" });
    }
    const report = await verifyData({
      cwd: process.cwd(),
      remote: args.values.remote,
      repair: args.values.repair,
      onProgress: progressReporter('verifying'),
      signal: cancelOnSigint(),
    });
    if (args.values.json) json(report);
    else printVerifyReport(report, args.values.remote !== undefined);
    return report.corrupt.length ? 1 : 0;
  },
  watch: watchSubcommand,
  async checkout(argv) {
    const args = parseCommandArgs('data checkout', argv, subOptions.checkout, HELP);
    if (!args) return 0;
    const results = await checkoutData({
      cwd: process.cwd(),
      paths: args.positionals,
      rev: args.values.rev,
      force: args.values.force,
      signal: cancelOnSigint(),
    });
    for (const r of results) process.stdout.write(`${r.path}: ${r.action}${r.action === 'restored' ? ` (${r.files} files)` : ''}\n`);
    return 0;
  },
  async push(argv) {
    const args = parseCommandArgs('data push', argv, subOptions.push, HELP);
    if (!args) return 0;
    const r = await pushData({ cwd: process.cwd(), paths: args.positionals, remote: args.values.remote, signal: cancelOnSigint() });
    process.stdout.write(`pushed ${r.transferred} objects to '${r.remote}', ${r.skipped} already there\n`);
    if (r.missing.length) process.stderr.write(`warning: ${r.missing.length} objects of ${(r.missingPaths ?? []).join(', ')} are not in the local cache (${r.missing.slice(0, 5).join(', ')}); add or pull them first\n`);
    return r.missing.length ? 1 : 0;
  },
  async pull(argv) {
    const args = parseCommandArgs('data pull', argv, subOptions.pull, HELP);
    if (!args) return 0;
    const r = await pullData({ cwd: process.cwd(), paths: args.positionals, remote: args.values.remote, force: args.values.force, signal: cancelOnSigint() });
    for (const f of r.replaced ?? []) process.stderr.write(`warning: ${f} was corrupt; replaced by the copy on '${r.remote}'\n`);
    process.stdout.write(`fetched ${r.transferred} objects from '${r.remote}', ${r.skipped} already cached\n`);
    if (r.missing.length) process.stderr.write(`warning: ${r.missing.length} objects of ${(r.missingPaths ?? []).join(', ')} are not on the remote '${r.remote}' (${r.missing.slice(0, 5).join(', ')}); push them from where they were added\n`);
    return r.missing.length ? 1 : 0;
  },
  async log(argv) {
    const args = parseCommandArgs('data log', argv, subOptions.log, HELP);
    if (!args) return 0;
    const target = onePath(args.positionals, 'log');
    const versions = await dataLog({ cwd: process.cwd(), path: target });
    if (args.values.json) json<DataLogOutput>(versions);
    else {
      const rows = versions.map((v) => [v.commit.slice(0, 8), v.date.slice(0, 19), v.author, v.deleted ? '(deleted)' : (v.md5 ?? ''), String(v.size ?? ''), String(v.nfiles ?? ''), v.message]);
      process.stdout.write(formatTable([['COMMIT', 'DATE', 'AUTHOR', 'MD5', 'SIZE', 'NFILES', 'MESSAGE'], ...rows]));
    }
    return 0;
  },
  async compare(argv) {
    const args = parseCommandArgs('data compare', argv, subOptions.compare, HELP);
    if (!args) return 0;
    const target = onePath(args.positionals, 'compare');
    if (!args.values.from) {
      throw new PonteError('usage.bad_arguments', 'ponte data compare needs --from REV', { hint: `ponte data compare ${target} --from HEAD~1` });
    }
    const c = await compareVersions({ cwd: process.cwd(), path: target, from: args.values.from, to: args.values.to });
    if (args.values.json) json<DataCompareOutput>(c);
    else process.stdout.write(comparisonMarkdown(c));
    return 0;
  },
  async hash(argv) {
    const args = parseCommandArgs('data hash', argv, subOptions.hash, HELP);
    if (!args) return 0;
    const target = onePath(args.positionals, 'hash');
    const cwd = process.cwd();
    const root = findRepoRoot(cwd);
    const abs = root ? resolveInRepo(root, target, cwd).abs : target;
    const repo = root ? await openDataRepo(root).catch(() => undefined) : undefined;
    const h = await hashPath(abs, { root, state: repo?.state, onProgress: progressReporter('hashing'), signal: cancelOnSigint() });
    await repo?.state.flush();
    // The path as given, without a trailing slash (`data/` is recorded as `data`).
    const out: DataHashOutput = { path: target.replace(/(.)\/+$/, '$1'), md5: h.md5, size: h.size, ...(h.nfiles === undefined ? {} : { nfiles: h.nfiles }) };
    if (args.values.json) json(out);
    else process.stdout.write(`${out.md5}  ${out.size}${h.nfiles === undefined ? '' : `  ${h.nfiles} files`}  ${out.path}\n`);
    return 0;
  },
};

function printVerifyReport(r: VerifyReport, remote: boolean): void {
  for (const c of r.corrupt) process.stdout.write(`corrupt: ${c.file}: ${c.problem}${c.removed ? ' (removed)' : ''}\n`);
  const mib = (r.bytes / 1048576).toFixed(1);
  process.stdout.write(`verified ${r.objects} objects (${mib} MiB) in the ${r.target}: ${r.corrupt.length ? `${r.corrupt.length} corrupt` : 'all sound'}\n`);
  if (!r.corrupt.length) return;
  const repaired = r.corrupt.every((c) => c.removed);
  const next = remote ? "'ponte data push' from a machine whose cache is intact" : "'ponte data pull' (or 'ponte data add' the intact data again)";
  process.stderr.write(repaired ? `hint: the corrupt objects are removed; ${next} puts good copies back\n` : `hint: run again with --repair to remove them, then ${next}\n`);
}

function onePath(positionals: string[], sub: string): string {
  if (positionals.length !== 1) {
    throw new PonteError('usage.bad_arguments', `ponte data ${sub} takes exactly one PATH`, { hint: `ponte data ${sub} data/train.csv` });
  }
  return positionals[0];
}

export const dataCommand: CliCommand = {
  grammar: { options: {}, subcommands: Object.fromEntries(Object.entries(subOptions).map(([k, options]) => [k, { options }])) },
  summary: 'version data and models in DVC format: add, status, checkout, push, pull, verify, log, hash, compare',
  async run(argv) {
    const [sub, ...rest] = argv;
    if (!sub || sub === '--help' || sub === '-h') {
      process.stdout.write(HELP);
      return sub ? 0 : 2;
    }
    // `ponte data --jsno`: an option before any sub-command is an unknown option of `ponte data`.
    if (sub.startsWith('-')) parseCommandArgs('data', [sub], {}, HELP);
    const handler = Object.hasOwn(subcommands, sub) ? subcommands[sub as keyof typeof subcommands] : undefined;
    if (!handler) throw unknownSubcommand('data', sub, Object.keys(subcommands), { code: 'usage.unknown_command', hint: `one of: ${Object.keys(subcommands).join(', ')}` });
    return handler(rest);
  },
};
