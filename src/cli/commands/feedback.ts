// `ponte feedback LABELS.csv`: sends the true labels of earlier predictions (a CSV of id,label)
// to the backend, in batches; the accuracy of the windows those predictions fell in follows.
// The whole file is checked first, so a bad line sends nothing.
import { readFileSync } from 'node:fs';
import type { CliCommand } from '../command';
import { backendHelp, backendOptions } from '../backend-options';
import { runWithBackend } from '../backend-command';
import { PonteError, fromSystemError } from '../../core/errors';
import { LIMITS } from '../../core/api';
import { parseLabelsCsv } from '../../core/monitor';

const HELP = `Usage: ponte feedback LABELS.csv [--json]

  LABELS.csv has a header with an id column (id or prediction_id: the Ponte-Prediction-Id the
  proxy answered with) and a label column. Ids with no stored prediction are listed, not stored.

Options:
  --json    {accepted, unknown} as JSON
${backendHelp}
Exit codes: 0 every label stored, 1 some ids unknown or an error, 2 bad usage.`;

const options = { json: { type: 'boolean' }, ...backendOptions } as const;

export const feedbackCommand: CliCommand = {
  grammar: { options },
  summary: 'send true labels of earlier predictions (CSV of id,label) for accuracy monitoring',
  run: (argv) =>
    runWithBackend('feedback', argv, options, HELP, async (args, connect) => {
      if (args.positionals.length !== 1) throw new PonteError('usage.bad_arguments', 'ponte feedback takes one CSV file', { hint: 'ponte feedback labels.csv' });
      const file = args.positionals[0];
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw fromSystemError(e, file, 'read');
      }
      const labels = parseLabelsCsv(text, file);
      const api = await connect();
      let accepted = 0;
      const unknown: string[] = [];
      for (let i = 0; i < labels.length; i += LIMITS.feedbackBatch) {
        const r = await api.addFeedback(labels.slice(i, i + LIMITS.feedbackBatch));
        accepted += r.accepted;
        unknown.push(...r.unknown);
      }
      const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
      process.stdout.write(
        args.values.json
          ? `${JSON.stringify({ accepted, unknown })}\n`
          : `${plural(accepted, 'label')} stored${unknown.length ? `; ${plural(unknown.length, 'id')} unknown: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ', ...' : ''}` : ''}\n`,
      );
      return unknown.length ? 1 : 0;
    }),
};
