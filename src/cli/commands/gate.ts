// `ponte gate [--run ID] [--json]`: evaluates ponte.yaml's gates.rules against a run's metrics
// (the latest run of the project by default), explains each rule, stores the result with the
// run, and exits 1 when a gate fails, so CI stops before promotion.
import * as path from 'node:path';
import type { CliCommand } from '../command';
import { parseCommandArgs } from '../command';
import { backendHelp, backendOptions, resolveBackend } from '../backend-options';
import { formatTable, renderJson } from '../output';
import type { GateOutput } from '../../core/cli-json';
import { PonteError } from '../../core/errors';
import type { Json, PonteApi } from '../../core/api';
import { evaluateGates, type GateReport, type ProductionMetrics } from '../../core/gates';
import { readMetricsFile } from '../../core/pipeline';
import { loadProject } from '../../core/project';

const HELP = `Usage: ponte gate [--run ID] [--metrics FILE] [--production-metrics FILE] [--json]

Evaluates the rules under \`gates.rules\` in ponte.yaml against a run's metrics. A rule is
absolute (">= 0.85") or relative to the production model's metrics (">= production - 0.02").
Each rule is explained: the value, the threshold and the verdict. The result is stored with the
run. A relative rule is skipped (not failed) while no model is in production.

Options:
  --run ID         the run to judge (default: the project's latest run)
  --metrics FILE   judge this metrics file instead of a recorded run (nothing is stored)
  --production-metrics FILE
                   production's metrics for the relative rules, measured on the run's own test
                   set (ponte retrain scores the production model there and passes them), instead
                   of those recorded when production was trained
  --json           print {passed, run_id, production, rules: [{metric, rule, value, threshold, verdict, reason}]}
${backendHelp}
Exit codes: 0 every gate passed, 1 a gate failed, 2 bad usage.

Examples:
  ponte gate
  ponte gate --run 3f2a... --json
  ponte gate --metrics metrics.json
`;

const options = { run: { type: 'string' }, metrics: { type: 'string' }, 'production-metrics': { type: 'string' }, json: { type: 'boolean' }, ...backendOptions } as const;

export const gateCommand: CliCommand = {
  grammar: { options },
  summary: 'check a run\'s metrics against the gates in ponte.yaml (exit 1 on failure)',
  async run(argv) {
    let api: PonteApi | undefined;
    try {
      const args = parseCommandArgs('gate', argv, options, HELP);
      if (!args) return 0;
      if (args.positionals.length) throw new PonteError('usage.bad_arguments', `ponte gate takes no positional arguments (got "${args.positionals[0]}")`, { hint: 'use --run ID' });
      const { config } = loadProject(process.cwd());
      if (!config.gates || config.gates.rules.length === 0) {
        throw new PonteError('gates.none', 'ponte.yaml declares no gates', { file: config.file ?? 'ponte.yaml', hint: 'add e.g. `gates: {metrics: metrics.json, rules: {accuracy: ">= 0.85"}}`' });
      }
      const rules = config.gates.rules.map((r) => ({ metric: r.metric, text: r.text, line: r.range.start.line + 1 }));
      let metrics: Record<string, number>;
      let runId: string | undefined;
      const needsBackend = !args.values.metrics || rules.some((r) => /production/.test(r.text));
      if (needsBackend) api = (await resolveBackend({ backend: args.values.backend, token: args.values.token })).api;
      if (args.values.metrics) {
        metrics = await readMetricsFile(path.resolve(args.values.metrics));
      } else {
        runId = args.values.run ?? (await api!.searchRuns({ project: config.project, limit: 1 })).items[0]?.id;
        if (!runId) {
          throw new PonteError('gates.no_run', `no run of project "${config.project}" is recorded yet`, {
            hint: "run the pipeline first ('ponte run'), or judge a file with --metrics metrics.json",
          });
        }
        metrics = (await api!.getRun(runId)).metrics;
      }
      // The registry knows the model by model.name (the project's name unless ponte.yaml gives one).
      let production = api ? await productionMetrics(api, config.model.name) : undefined;
      const measured = args.values['production-metrics'];
      if (measured !== undefined) {
        const ref = `${production?.ref ?? 'production'}, scored on this run's test set (${measured})`;
        production = { metrics: await readMetricsFile(path.resolve(measured)), ref };
      }
      const report = evaluateGates(rules, metrics, production);
      if (api && runId) await api.updateRun(runId, { gates: reportJson(report) });
      if (args.values.json) process.stdout.write(renderJson({ run_id: runId ?? null, ...gateJson(report) } satisfies GateOutput));
      else process.stdout.write(renderGateReport(report, runId));
      return report.passed ? 0 : 1;
    } finally {
      await api?.close().catch(() => undefined);
    }
  },
};

/** The model in production: the `production` alias of the registered model, with its metrics. */
export async function productionMetrics(api: PonteApi, modelName: string): Promise<ProductionMetrics | undefined> {
  const version = await api.getAlias(modelName, 'production');
  if (!version) return undefined;
  let metrics = version.metrics;
  if (Object.keys(metrics).length === 0 && version.runId) metrics = (await api.getRun(version.runId)).metrics;
  return { metrics, ref: `${version.name} v${version.version}${version.runId ? ` (run ${version.runId})` : ''}` };
}

/** The stored gate result and the body of `ponte gate --json`. */
export function reportJson(report: GateReport): Json {
  return gateJson(report) as unknown as Json;
}

function gateJson(report: GateReport): Omit<GateOutput, 'run_id'> {
  return {
    passed: report.passed,
    production: report.productionRef ?? null,
    rules: report.verdicts.map((v) => ({
      metric: v.metric, rule: v.rule, value: v.value ?? null, threshold: v.threshold ?? null, production: v.production ?? null, verdict: v.verdict, reason: v.reason,
    })),
  };
}

export function renderGateReport(report: GateReport, runId?: string): string {
  const rows = [['metric', 'rule', 'value', 'threshold', 'verdict']];
  for (const v of report.verdicts) {
    rows.push([v.metric, v.rule, v.value === undefined ? '-' : String(v.value), v.threshold === undefined ? '-' : String(Math.round(v.threshold * 1e6) / 1e6), v.verdict.toUpperCase()]);
  }
  let text = formatTable(rows);
  for (const v of report.verdicts) if (v.verdict !== 'pass') text += `  ${v.verdict === 'fail' ? '✘' : '–'} ${v.metric}: ${v.reason}\n`;
  const failed = report.verdicts.filter((v) => v.verdict === 'fail').length;
  const of = `${runId ? ` for run ${runId}` : ''}${report.productionRef ? `, production is ${report.productionRef}` : ''}`;
  text += report.passed ? `Gates passed${of}.\n` : `Gates FAILED: ${failed} of ${report.verdicts.length} rules${of}.\n`;
  return text;
}
