// `ponte log-metric KEY VALUE [--step N] [--run ID]`: step-wise metrics from training code.
// Under `ponte run` it appends to the run's PONTE_METRICS_FILE (the run sends them on); outside
// a run it sends them to the backend for --run ID (or PONTE_RUN_ID).
import type { CliCommand } from '../command';
import { parseCommandArgs } from '../command';
import { backendHelp, backendOptions, resolveBackend } from '../backend-options';
import { PonteError } from '../../core/errors';
import { appendStepMetric, METRICS_FILE_ENV } from '../../core/pipeline';

const HELP = `Usage: ponte log-metric KEY VALUE [--step N] [--run ID]

Records one value of a metric at a step (default 0), for curves such as the loss per epoch.
Inside a stage that 'ponte run' started, it writes to the file named by $PONTE_METRICS_FILE;
'ponte run' attaches those values to the run when the stage ends. Outside a run, give --run ID
(or set PONTE_RUN_ID) and it goes straight to the backend.

From Python without a subprocess, append one JSON line to the same file:
  import json, os
  with open(os.environ["PONTE_METRICS_FILE"], "a") as f:
      f.write(json.dumps({"key": "loss", "value": 0.42, "step": 3}) + "\\n")

Options:
  --step N     the step (an integer >= 0; default 0)
  --run ID     the run (default: $PONTE_RUN_ID)
${backendHelp}
Examples:
  ponte log-metric loss 0.42 --step 3
  ponte log-metric val_accuracy 0.91 --run 3f2a...
`;

const options = { step: { type: 'string' }, run: { type: 'string' }, ...backendOptions } as const;

export const logMetricCommand: CliCommand = {
  grammar: { options },
  summary: 'log one value of a step-wise metric (from training code)',
  async run(argv) {
    const args = parseCommandArgs('log-metric', argv, options, HELP);
    if (!args) return 0;
    const [key, raw, ...extra] = args.positionals;
    if (!key || raw === undefined || extra.length) {
      throw new PonteError('usage.bad_arguments', 'ponte log-metric takes KEY and VALUE', { hint: 'e.g. ponte log-metric loss 0.42 --step 3' });
    }
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value)) throw new PonteError('usage.bad_value', `VALUE must be a finite number, got "${raw}"`, { hint: 'e.g. 0.42' });
    const step = args.values.step === undefined ? 0 : Number(args.values.step);
    if (!Number.isInteger(step) || step < 0) throw new PonteError('usage.bad_step', `--step must be an integer >= 0, got "${args.values.step}"`);
    const file = process.env[METRICS_FILE_ENV];
    if (file && !args.values.run) {
      appendStepMetric(file, { key, value, step });
      return 0;
    }
    const runId = args.values.run ?? process.env.PONTE_RUN_ID;
    if (!runId) throw new PonteError('usage.no_run', 'no run to log to', { hint: "give --run ID, or call it from a stage that 'ponte run' runs" });
    const { api } = await resolveBackend({ backend: args.values.backend, token: args.values.token });
    try {
      await api.logMetrics(runId, [{ key, value, step }]);
    } finally {
      await api.close();
    }
    return 0;
  },
};
