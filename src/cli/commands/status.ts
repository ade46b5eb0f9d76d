// `ponte status [--json]`: the stages that are out of date, and why (DVC's rules), without
// running anything.
import * as path from 'node:path';
import type { CliCommand } from '../command';
import { parseCommandArgs } from '../command';
import { renderJson } from '../output';
import type { StatusOutput } from '../../core/cli-json';
import { openDataStorage, runPipeline } from '../../core/pipeline';
import { loadProject } from '../../core/project';

const HELP = `Usage: ponte status [STAGE...] [--json] [--file PATH]

Lists the stages that are out of date and why: a changed command, a dep or out deleted,
modified, new or not in the cache, a changed param, always_changed. Runs nothing.

Options:
  --json         print {stale: N, stages: [{name, stale, reasons}]}
  --file PATH    the pipeline file (default: from ponte.yaml, else dvc.yaml)

Exit codes: 0 (stale or not), 1 the pipeline could not be read, 2 bad usage.
`;

const options = { json: { type: 'boolean' }, file: { type: 'string' } } as const;

export const statusCommand: CliCommand = {
  grammar: { options },
  summary: 'list the pipeline stages that are out of date, and why',
  async run(argv) {
    const args = parseCommandArgs('status', argv, options, HELP);
    if (!args) return 0;
    const { config, pipeline: checked } = loadProject(process.cwd());
    const dvcFile = args.values.file ? path.resolve(args.values.file) : config.pipeline;
    const storage = await openDataStorage(path.dirname(dvcFile));
    try {
      const plan = await runPipeline({ dvcFile, checked, storage, targets: args.positionals, dryRun: true });
      const failed = plan.stages.find((s) => s.error);
      if (failed?.error) throw failed.error;
      const stale = plan.stages.filter((s) => s.outcome === 'would-run');
      if (args.values.json) {
        const out: StatusOutput = { stale: stale.length, stages: plan.stages.map((s) => ({ name: s.name, stale: s.outcome === 'would-run', reasons: s.reasons })) };
        process.stdout.write(renderJson(out));
      } else if (stale.length === 0) {
        process.stdout.write('Pipeline is up to date.\n');
      } else {
        const width = Math.max(...stale.map((s) => s.name.length));
        process.stdout.write(`${stale.length} stage${stale.length === 1 ? '' : 's'} out of date:\n`);
        for (const s of stale) process.stdout.write(`  ${s.name.padEnd(width)}  ${s.reasons.join('; ')}\n`);
      }
      return 0;
    } finally {
      await storage.close();
    }
  },
};
