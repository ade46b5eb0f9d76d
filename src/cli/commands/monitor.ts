// `ponte monitor status`: the latest closed monitoring windows of a deployment, newest first:
// count, latency percentiles, error rate, accuracy from the labels that arrived, drift share and
// the window's verdicts; from the backend (local server, store or --backend).
import { unknownSubcommand, type CliCommand } from '../command';
import { backendHelp, backendOptions } from '../backend-options';
import { limitOf, runWithBackend } from '../backend-command';
import { formatTable } from '../output';
import { PonteError } from '../../core/errors';
import { loadProject } from '../../core/project';
import type { Json, MonitoringWindow } from '../../core/api';

const HELP = `Usage: ponte monitor status [--deployment NAME] [--limit N] [--json]

  the latest monitoring windows the backend closed, newest first
  --deployment NAME   default: monitor.deployment in ponte.yaml
  --limit N           how many windows (default 10)
  --json              the windows as JSON
${backendHelp}
Exit codes: 0 done, 1 error, 2 bad usage.`;

const options = { json: { type: 'boolean' }, deployment: { type: 'string' }, limit: { type: 'string' }, ...backendOptions } as const;

/** `monitor.deployment` of the project model (a broken ponte.yaml stops here, as in every command). */
function monitoredDeployment(cwd: string): string | undefined {
  const { config } = loadProject(cwd);
  return config.file ? config.monitor?.deployment || undefined : undefined;
}

export const monitorCommand: CliCommand = {
  summary: 'the latest monitoring windows of a deployment: latency, errors, accuracy, drift',
  grammar: { options, subcommands: { status: {} } },
  run: (argv) =>
    runWithBackend('monitor', argv, options, HELP, async (args, connect) => {
      const [sub, ...rest] = args.positionals;
      if (sub !== 'status' || rest.length) throw unknownSubcommand('monitor', sub && [sub, ...rest].join(' '), ['status'], { hint: 'ponte monitor status [--deployment NAME]' });
      const deployment = args.values.deployment ?? monitoredDeployment(process.cwd());
      if (!deployment) throw new PonteError('usage.no_deployment', 'which deployment? ponte.yaml names no monitor.deployment', { hint: 'pass --deployment NAME' });
      const limit = limitOf(args.values.limit, 10);
      const windows = await (await connect()).listWindows(deployment, limit);
      process.stdout.write(args.values.json ? `${JSON.stringify(windows, null, 2)}\n` : renderWindows(deployment, windows));
      return 0;
    }),
};

const fixed = (v: Json | undefined, digits: number) => (typeof v === 'number' ? v.toFixed(digits) : '-');

function renderWindows(deployment: string, windows: MonitoringWindow[]): string {
  if (windows.length === 0) return `no closed windows for ${deployment} yet (a window closes once monitor.window's size or duration is reached)\n`;
  const rows = [['#', 'end', 'count', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'accuracy', 'labels', 'drift share', 'alerts']];
  for (const w of windows) {
    const s = w.stats;
    const lat = (s.latency ?? {}) as Record<string, Json>;
    const drift = s.drift as Record<string, Json> | null | undefined;
    const verdicts = (s.verdicts ?? {}) as Record<string, Json>;
    const bad = Object.entries(verdicts).filter(([, v]) => typeof v === 'string').map(([k]) => k);
    rows.push([
      w.seq === null ? '-' : String(w.seq), w.end.slice(0, 19).replace('T', ' '), String(w.count), fixed(lat.p50, 1), fixed(lat.p95, 1), fixed(lat.p99, 1),
      fixed(s.errorRate, 3), fixed(s.accuracy, 3), String((s.labelled as number | undefined) ?? 0), drift ? `${fixed(drift.share, 2)}${drift.datasetDrift ? ' drift' : ''}` : '-', bad.join(',') || '-',
    ]);
  }
  return formatTable(rows);
}
