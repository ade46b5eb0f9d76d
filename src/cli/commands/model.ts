// `ponte model register|list|show|promote`: the model registry from a terminal or CI. A run whose
// gates passed becomes a numbered version of `model.name`; staging and production are aliases
// that `ponte build` and `ponte deploy` resolve; every change goes to the audit log.
import { unknownSubcommand, type CliCommand } from '../command';
import { backendHelp, backendOptions } from '../backend-options';
import { runWithBackend } from '../backend-command';
import { formatTable, renderJson } from '../output';
import { actor } from '../actor';
import { PonteError } from '../../core/errors';
import type { ModelVersion } from '../../core/api';
import { findObject, openDataRepo } from '../../core/data';
import { loadProject } from '../../core/project';
import { gateVerdictOfVersion, MODEL_ALIASES, MODEL_TAGS, promoteModel, registerModel, resolveModelVersion } from '../../core/registry';

const HELP = `Usage: ponte model <register|list|show|promote> [...] [--json]

  ponte model register [--run ID] [--force]
      registers the model file (model.path) of a run whose gates passed as the next version of
      model.name (default: the project); default run: the project's latest finished run.
      Registering the same run again returns its version. --force registers a run whose gates
      failed or were not checked (such a version is built and promoted only with --force).
  ponte model list [NAME]
      versions, newest first: version, aliases, run, gates, metrics, when
  ponte model show [NAME] VERSION
      one version in full; VERSION is a number (3, v3) or an alias (production)
  ponte model promote [NAME] VERSION --to ${MODEL_ALIASES.join('|')} [--force]
      points the alias at that version; the previous holder is kept in the audit log

NAME defaults to model.name in ponte.yaml (or the project's name).

Options:
  --json    machine-readable output
${backendHelp}
Exit codes: 0 done, 1 refused (gates, missing model), 2 bad usage.`;

const options = {
  json: { type: 'boolean' }, run: { type: 'string' }, force: { type: 'boolean' }, to: { type: 'string' },
  ...backendOptions,
} as const;

/** What the registry needs from ponte.yaml. */
function modelSettings(cwd: string): { project: string; modelName: string; modelPath?: string } {
  const { config } = loadProject(cwd);
  return { project: config.project, modelName: config.model.name, modelPath: config.model.path };
}

const subcommands = { register: {}, list: {}, show: {}, promote: {} };

export const modelCommand: CliCommand = {
  grammar: { options, subcommands },
  summary: 'register model versions from runs whose gates passed, list them, promote to staging or production',
  run: (argv) =>
    runWithBackend('model', argv, options, HELP, async (args, backend) => {
      const [sub, ...rest] = args.positionals;
      if (!sub || !Object.hasOwn(subcommands, sub)) {
        throw unknownSubcommand('model', sub, Object.keys(subcommands), { hint: 'register, list, show or promote' });
      }
      const json = args.values.json === true;
      const settings = modelSettings(process.cwd());
      const nameAnd = (n: number): [string, string[]] => (rest.length > n ? [rest[0], rest.slice(1)] : [settings.modelName, rest]);
      const api = await backend();
      const print = (value: unknown, text: string) => process.stdout.write(json ? renderJson(value) : text);

      if (sub === 'register') {
        if (rest.length) throw new PonteError('usage.bad_arguments', 'ponte model register takes no positional arguments', { hint: 'use --run ID' });
        if (!settings.modelPath) {
          throw new PonteError('registry.no_model_path', 'ponte.yaml declares no model.path', { file: 'ponte.yaml', hint: 'add `model: { path: models/model.pkl }` (an output of a stage in dvc.yaml)' });
        }
        const repo = await openDataRepo(process.cwd()).catch(() => undefined);
        const r = await registerModel({
          api, project: settings.project, modelName: settings.modelName, modelPath: settings.modelPath,
          runId: args.values.run, force: args.values.force === true, actor: actor(),
          inCache: repo ? (md5) => findObject(repo.cacheDir, md5) !== undefined : undefined,
        });
        print({ ...r.version, existing: r.existing }, `${r.existing ? 'already registered' : 'registered'}: ${r.version.name} v${r.version.version} (run ${r.version.runId}, gates ${gateVerdictOfVersion(r.version)})\n`);
        return 0;
      }
      if (sub === 'list') {
        if (rest.length > 1) throw new PonteError('usage.bad_arguments', 'ponte model list takes at most one NAME');
        const versions = await api.listModelVersions(rest[0] ?? settings.modelName);
        print(versions, renderList(versions));
        return 0;
      }
      if (sub === 'show') {
        const [name, tail] = nameAnd(1);
        if (tail.length !== 1) throw new PonteError('usage.bad_arguments', 'ponte model show takes [NAME] VERSION', { hint: 'e.g. ponte model show 3, or ponte model show production' });
        const v = await resolveModelVersion(api, name, tail[0]);
        print(v, renderVersion(v));
        return 0;
      }
      const [name, tail] = nameAnd(1);
      if (tail.length !== 1 || !/^v?\d+$/.test(tail[0])) {
        throw new PonteError('usage.bad_arguments', 'ponte model promote takes [NAME] VERSION (a number)', { hint: `e.g. ponte model promote 3 --to production` });
      }
      if (!args.values.to) throw new PonteError('usage.bad_arguments', 'ponte model promote needs --to', { hint: `--to ${MODEL_ALIASES.join(' or --to ')}` });
      const r = await promoteModel({ api, name, version: Number(tail[0].replace(/^v/, '')), to: args.values.to, actor: actor(), force: args.values.force === true });
      print(
        { ...r.version, previous: r.previous ?? null },
        `${r.version.name} v${r.version.version} is now in ${args.values.to}${r.previous !== undefined && r.previous !== r.version.version ? ` (was v${r.previous})` : ''}\n`,
      );
      return 0;
    }),
};


function renderList(versions: ModelVersion[]): string {
  if (versions.length === 0) return 'no model versions yet; register one with: ponte model register\n';
  const rows = [['version', 'aliases', 'run', 'gates', 'metrics', 'created']];
  for (const v of versions) {
    const metrics = Object.entries(v.metrics).slice(0, 4).map(([k, x]) => `${k}=${Math.round(x * 1e4) / 1e4}`).join(' ');
    rows.push([`${v.name} v${v.version}`, v.aliases.join(',') || '-', v.runId?.slice(0, 8) ?? '-', gateVerdictOfVersion(v), metrics || '-', v.createdAt.slice(0, 19).replace('T', ' ')]);
  }
  return formatTable(rows);
}

function renderVersion(v: ModelVersion): string {
  const lines = [
    `${v.name} v${v.version}${v.aliases.length ? ` (${v.aliases.join(', ')})` : ''}`,
    `  run:      ${v.runId ?? '-'}`,
    `  model:    ${v.tags[MODEL_TAGS.path] ?? '-'} md5 ${v.tags[MODEL_TAGS.md5] ?? '-'}`,
    `  commit:   ${v.tags[MODEL_TAGS.commit] ?? '-'}${v.tags[MODEL_TAGS.dirty] === 'true' ? ' (dirty)' : ''}`,
    `  gates:    ${gateVerdictOfVersion(v)}`,
    `  image:    ${v.image ?? '-'}`,
    `  created:  ${v.createdAt}`,
    '  metrics:',
    ...Object.entries(v.metrics).map(([k, x]) => `    ${k}: ${x}`),
  ];
  return `${lines.join('\n')}\n`;
}
