// `ponte export prometheus-rules|grafana|kubernetes`: files for the tools around Ponte, built from
// ponte.yaml through the project model (and, for Kubernetes, the model registry for the image).
// Without --out the file goes to stdout; with it, into the project, atomically, never over a file
// that exists unless --force.
import { unknownSubcommand, type CliCommand } from '../command';
import { backendHelp, backendOptions } from '../backend-options';
import { runWithBackend } from '../backend-command';
import { PonteError } from '../../core/errors';
import { loadProject, type PonteConfig } from '../../core/project';
import { chooseModelVersion, versionChoice } from '../../core/registry';
import { grafanaDashboard, kubernetesManifests, kubernetesSource, prometheusRules, requireProjectFile, writeExport, type ExportResult } from '../../core/export';
import type { PonteApi } from '../../core/api';

const HELP = `Usage: ponte export <prometheus-rules|grafana|kubernetes> [--out PATH] [--force]

  ponte export prometheus-rules
      Prometheus alerting rules for the thresholds of monitor in ponte.yaml (latency, error
      rate, accuracy, drift share) over the gauges of ponte serve's /metrics.
  ponte export grafana
      a Grafana dashboard (JSON) over /metrics: request rate, latency, error rate, accuracy,
      drift per feature and share, per deployment, with monitor's thresholds drawn.
  ponte export kubernetes [--deployment NAME] [--model VERSION | --alias ALIAS]
      a Deployment and a Service running deployment NAME of ponte.yaml (default: the only one)
      with the image of a registered model version (default alias: the deployment's name when
      it is production or staging, else the newest version); probes from the health path,
      limits from resources, the model version in the labels.

Options:
  --out PATH        write the file there (inside the project); default: stdout
  --force           replace PATH when it exists
${backendHelp}
See docs/observability.md for handing each file to the tool that reads it.`;

const options = {
  out: { type: 'string' }, force: { type: 'boolean' }, deployment: { type: 'string' }, model: { type: 'string' }, alias: { type: 'string' },
  ...backendOptions,
} as const;

type Builder = (config: PonteConfig, values: Record<string, string | boolean | undefined>, backend: () => Promise<PonteApi>) => Promise<ExportResult<unknown>>;

const BUILDERS: Record<string, Builder> = {
  'prometheus-rules': async (config) => prometheusRules(config),
  grafana: async (config) => grafanaDashboard(config),
  kubernetes: async (config, values, backend) => {
    requireProjectFile(config);
    const name = (values.deployment as string | undefined) ?? onlyDeployment(config);
    const choice = versionChoice({ model: values.model as string | undefined, alias: values.alias as string | undefined, deployment: name });
    // Checked before the registry is asked, so a wrong name is said without a backend.
    const { repository } = kubernetesSource(config, name);
    const version = await chooseModelVersion(await backend(), config.model.name, choice);
    return kubernetesManifests(config, { deployment: name, image: `${repository}:${version.version}`, modelName: config.model.name, modelVersion: version.version });
  },
};

function onlyDeployment(config: PonteConfig): string {
  if (config.deployments.length === 1) return config.deployments[0].name;
  throw new PonteError('usage.bad_arguments', config.deployments.length ? `ponte.yaml declares ${config.deployments.length} deployments: say which` : 'ponte.yaml declares no deployment', {
    file: config.file, hint: config.deployments.length ? `--deployment ${config.deployments.map((d) => d.name).join(' | ')}` : 'add one under deployments, e.g. `production: { target: docker }`',
  });
}

export const exportCommand: CliCommand = {
  summary: 'write Prometheus rules, a Grafana dashboard or Kubernetes manifests for the project',
  grammar: { options, subcommands: Object.fromEntries(Object.keys(BUILDERS).map((k) => [k, {}])) },
  run: (argv) =>
    runWithBackend('export', argv, options, HELP, async (args, backend) => {
      const [what, ...rest] = args.positionals;
      const hint = `one of ${Object.keys(BUILDERS).join(', ')}`;
      if (what === undefined) throw new PonteError('usage.bad_subcommand', 'ponte export needs what to export', { hint });
      // hasOwn: `ponte export toString` must not find the object's own methods.
      const build = Object.hasOwn(BUILDERS, what) ? BUILDERS[what] : undefined;
      if (!build) throw unknownSubcommand('export', what, Object.keys(BUILDERS), { hint });
      if (rest.length) throw new PonteError('usage.bad_subcommand', `ponte export ${what} takes no other argument (got ${rest.join(' ')})`, { hint });
      const misplaced = what === 'kubernetes' ? undefined : (['deployment', 'model', 'alias'] as const).find((k) => args.values[k] !== undefined);
      if (misplaced) throw new PonteError('usage.bad_arguments', `--${misplaced} applies to ponte export kubernetes only`, { hint: `the ${what} export covers the monitored deployment (monitor.deployment)` });
      const { config } = loadProject(process.cwd());
      const result = await build(config, args.values, backend);
      for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
      const written = await writeExport(result.text, {
        root: config.root, out: args.values.out, force: args.values.force === true, cwd: process.cwd(), command: `ponte export ${what}`, stdout: (t) => process.stdout.write(t),
      });
      if (written) process.stderr.write(`wrote ${args.values.out}\n`);
      return 0;
    }),
};
