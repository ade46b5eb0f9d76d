// `ponte alerts [--json]` lists the backend's alerts, newest first; `ponte alerts ack ID`
// acknowledges one (the actor goes with it). Acknowledging does not resolve: a rule's alert
// resolves after its good windows.
import { unknownSubcommand, type CliCommand } from '../command';
import { backendHelp, backendOptions } from '../backend-options';
import { limitOf, runWithBackend } from '../backend-command';
import { formatTable } from '../output';
import { actor } from '../actor';
import { PonteError } from '../../core/errors';
import type { Alert, AlertStatus } from '../../core/api';

const STATUSES: AlertStatus[] = ['open', 'acknowledged', 'resolved'];

const HELP = `Usage: ponte alerts [--deployment NAME] [--status ${STATUSES.join('|')}] [--limit N] [--json]
       ponte alerts ack ID [--json]

Options:
  --json    machine-readable output
${backendHelp}
Exit codes: 0 done, 1 error (an unknown id), 2 bad usage.`;

const options = { json: { type: 'boolean' }, deployment: { type: 'string' }, status: { type: 'string' }, limit: { type: 'string' }, ...backendOptions } as const;

export const alertsCommand: CliCommand = {
  summary: 'list alerts (drift, accuracy, latency, error rate) and acknowledge them',
  grammar: { options, subcommands: { ack: {} } },
  run: (argv) =>
    runWithBackend('alerts', argv, options, HELP, async (args, connect) => {
      const [sub, ...rest] = args.positionals;
      const json = args.values.json === true;
      if (sub !== undefined && sub !== 'ack') throw unknownSubcommand('alerts', sub, ['ack'], { hint: 'ponte alerts, or ponte alerts ack ID' });
      if (sub === 'ack' && rest.length !== 1) throw new PonteError('usage.bad_arguments', 'ponte alerts ack takes one alert ID', { hint: 'the ids are in the first column of ponte alerts' });
      const status = args.values.status as AlertStatus | undefined;
      if (status !== undefined && !STATUSES.includes(status)) throw new PonteError('usage.bad_arguments', `--status must be ${STATUSES.join(', ')}, not "${status}"`);
      const limit = limitOf(args.values.limit, 50);
      const api = await connect();
      if (sub === 'ack') {
        const a = await api.acknowledgeAlert(rest[0], actor());
        process.stdout.write(json ? `${JSON.stringify(a, null, 2)}\n` : `acknowledged ${a.id} (${a.kind} on ${a.deployment ?? '-'}) as ${a.acknowledgedBy}\n`);
        return 0;
      }
      const page = await api.listAlerts({ deployment: args.values.deployment, status, limit });
      process.stdout.write(json ? `${JSON.stringify(page.items, null, 2)}\n` : renderAlerts(page.items));
      return 0;
    }),
};

function renderAlerts(alerts: Alert[]): string {
  if (alerts.length === 0) return 'no alerts\n';
  const rows = [['id', 'fired', 'deployment', 'kind', 'status', 'message']];
  for (const a of alerts) rows.push([a.id, a.firedAt.slice(0, 19).replace('T', ' '), a.deployment ?? '-', a.kind, a.status + (a.resolution ? ` (${a.resolution})` : ''), a.message]);
  return formatTable(rows);
}
