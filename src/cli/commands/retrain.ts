// `ponte retrain [--deployment NAME] [--approve] [--json]`: the closed loop's last leg, by hand, from
// CI, from the editor's Retrain action or from the example's loop. The steps live in core/retrain;
// here: the backend they share, the CLI they run, progress on stderr, and Ctrl-C.
import * as path from 'node:path';
import type { CliCommand } from '../command';
import { backendHelp, backendOptions, resolveBackend } from '../backend-options';
import { interruptSignal, parseCommandArgs } from '../command';
import { renderJson } from '../output';
import { actor } from '../actor';
import { PonteError } from '../../core/errors';
import type { PonteApi } from '../../core/api';
import { loadProject } from '../../core/project';
import { retrain, retrainPlan, type RetrainResult } from '../../core/retrain';
import { readServerFile } from '../../core/workspace';
import { parseBuildArgs } from './build';
import { watchAlerts, type WatchEntry } from './retrain-watch';

const HELP = `Usage: ponte retrain [--deployment NAME] [--approve] [--build-arg K=V]... [--json]
       ponte retrain --watch [--approve] [--build-arg K=V]... [--json]

Retrains the model of a deployment under ponte.yaml's retrain block, in steps, each written to
the audit log with its inputs and outputs:
  export    the deployment's monitoring windows closed since the last retrain, with the labels
            that arrived, appended to retrain.data.dataset as new versions (the .dvc file, the
            cache; each registered with source production-window:<id>)
  stages    ponte run --force on retrain.stages
  tests     ponte test
  gates     ponte gate, against the model in production scored on the same new test set
            (the stage that writes gates.metrics, run again in a temporary copy with
            production's model file from the DVC cache); both numbers are printed, and when
            production cannot be scored its recorded metrics stand in, saying why
  register  ponte model register; build: ponte build of that version
  deploy    ponte deploy to retrain.promote with its strategy (blue-green: no request lost),
            and the alias of that name moved to the new version
The first failure stops the rest and says which step failed and why; production keeps serving
what it served. With retrain.mode: ask and no --approve, it stops before the deploy and prints
the ponte deploy that deploys the version it built. Two retrains never run
at once. It needs a running backend (ponte serve, or --backend URL).

--watch follows the backend's alerts until Ctrl-C, for a machine with no editor open: an alert
that retrain.on names, on the deployment retrain.promote or monitor.deployment names, starts a
retrain when retrain.mode is auto (or with --approve), one at a time; with ask it prints the
evidence and the command. With --json, one object a line: watching, alert, retrained, refused.

Options:
  --watch            follow alerts and retrain on them (see above); exit 130 on Ctrl-C
  --deployment NAME  the deployment whose windows are exported (default: retrain.promote, else
                     monitor.deployment)
  --approve          deploy even when retrain.mode is ask
  --build-arg K=V    passed to ponte build (repeatable; on top of container.build_args), e.g.
                     BASE_IMAGE=ponte-base/python:bookworm where the engine has no registry
  --json             print {ok, deployment, steps: [{step, status, detail, inputs, outputs}],
                     modelVersion, failedStep, reason}; progress goes to stderr
${backendHelp}
Exit codes: 0 retrained (or built and waiting for approval), 1 a step failed or another retrain
runs, 2 bad usage. Ctrl-C cancels the running step.`;

const options = { watch: { type: 'boolean' }, deployment: { type: 'string' }, approve: { type: 'boolean' }, 'build-arg': { type: 'string', multiple: true }, json: { type: 'boolean' }, ...backendOptions } as const;

export const retrainCommand: CliCommand = {
  summary: 'retrain on production data: export, run, test, gate, register, build, deploy',
  grammar: { options },
  async run(argv) {
    const args = parseCommandArgs('retrain', argv, options, HELP);
    if (!args) return 0;
    if (args.positionals.length) throw new PonteError('usage.bad_arguments', `ponte retrain takes no positional arguments (got "${args.positionals[0]}")`, { hint: 'ponte retrain --deployment production' });
    const json = args.values.json === true;
    if (args.values.watch && args.values.deployment) throw new PonteError('usage.bad_arguments', '--watch follows the deployments ponte.yaml names; it takes no --deployment', { hint: 'ponte retrain --watch, or ponte retrain --deployment NAME once' });
    parseBuildArgs(args.values['build-arg'] ?? []); // malformed, it would stop the build step, after the training
    const { config, pipeline } = loadProject(process.cwd());
    const stages = pipeline?.expanded && { dir: path.dirname(pipeline.absFile), stages: pipeline.expanded.stages };
    retrainPlan(config, args.values.deployment, stages); // a broken retrain block stops here, before any backend
    const interrupt = interruptSignal();
    let api: PonteApi | undefined;
    try {
      // The deploy step switches the route of a server's proxy: without one (only the embedded
      // store), refuse before opening anything.
      if (!(args.values.backend ?? process.env.PONTE_BACKEND) && !(await readServerFile(config.root))) {
        throw new PonteError('retrain.no_server', 'ponte retrain needs a running backend: its deploy step switches the route of the backend\'s proxy', {
          hint: 'start one in this project (ponte serve), or pass --backend URL',
        });
      }
      const backend = await resolveBackend({ backend: args.values.backend, token: args.values.token, root: config.root });
      api = backend.api;
      if (backend.kind === 'embedded') {
        // .ponte/server.json named a server that did not answer
        throw new PonteError('retrain.no_server', `the backend recorded in .ponte/server.json does not answer`, { hint: 'start it again (ponte serve), or pass --backend URL' });
      }
      // The steps' commands reach the same backend: a remote one by URL, the local one by .ponte/server.json.
      const env: Record<string, string> = backend.kind === 'remote' ? { PONTE_BACKEND: args.values.backend ?? process.env.PONTE_BACKEND ?? '', PONTE_TOKEN: args.values.token ?? process.env.PONTE_TOKEN ?? '' } : { PONTE_BACKEND: '' };
      const say = (s: string) => process.stderr.write(s);
      const run = (deployment: string | undefined, approve: boolean) =>
        retrain({
          api: api!, config, pipeline: stages, deployment, approve, buildArgs: args.values['build-arg'] ?? [], actor: actor(), signal: interrupt.signal,
          cli: { command: process.execPath, args: [process.argv[1]], env },
          onStep: (s) => say(s.status === 'running' ? `▶ ${s.step}\n` : `${s.status === 'ok' ? '✔' : s.status === 'failed' ? '✘' : '·'} ${s.step}: ${s.detail}\n`),
          onLog: (line) => say(`    ${line}\n`),
        });
      if (args.values.watch) {
        return await watchAlerts({
          api, config, approve: args.values.approve === true, signal: interrupt.signal,
          retrain: (deployment) => run(deployment, true),
          report: (entry) => (json ? process.stdout.write(JSON.stringify(entry) + '\n') : say(watchLine(entry))),
        });
      }
      const result = await run(args.values.deployment, args.values.approve === true);
      process.stdout.write(json ? renderJson(result) : renderSummary(result));
      return result.ok ? 0 : interrupt.signal.aborted ? 130 : 1;
    } finally {
      interrupt.dispose();
      await api?.close().catch(() => undefined);
    }
  },
};

function watchLine(e: WatchEntry): string {
  switch (e.event) {
    case 'watching':
      return `Watching alerts on ${e.deployments.join(', ') || 'no deployment'} (${e.open} open now; only new ones act). Ctrl-C stops.\n`;
    case 'alert':
      return `${e.text}\n`;
    case 'retrained':
      return renderSummary(e.result);
    case 'refused':
      return `Retrain of ${e.deployment} refused: ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}\n`;
  }
}

function renderSummary(r: RetrainResult): string {
  const lines = r.steps.map((s) => `  ${s.status === 'ok' ? '✔' : s.status === 'failed' ? '✘' : '·'} ${s.step.padEnd(8)} ${s.detail}`);
  const end = r.ok
    ? r.awaitingApproval
      ? `Retrained ${r.deployment}: v${r.modelVersion} is built; retrain.mode is ask, so it is not deployed (the deploy step above says how).`
      : `Retrained ${r.deployment}: it now serves v${r.modelVersion}.`
    : `Retrain of ${r.deployment} FAILED at step ${r.failedStep}: ${r.reason}\n${r.deployment} keeps serving what it served.`;
  return `${lines.join('\n')}\n${end}\nAudit log: retrain ${r.retrain} (ponte serve's /api/v1/audit?target=${r.deployment}).\n`;
}
