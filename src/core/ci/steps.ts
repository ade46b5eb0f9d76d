// The Ponte steps every generated pipeline runs, in order, as shell lines: one list the three
// CI renderers share, so GitHub, GitLab and Azure run the same commands and differ only in how
// they install tools, publish the JUnit report, name secrets and guard the main branch.
import type { PipelineFacts } from './project-facts';

export interface PonteStep {
  id: string;
  title: string;
  /** Shell lines, run in one shell with `set -e` semantics. */
  run: string[];
  /** Environment variables this step reads from the CI's secrets. */
  secrets?: string[];
}

/** The backend the runs, registry and deployments go to; unset, each job uses an embedded store. */
export const BACKEND_SECRETS = ['PONTE_BACKEND', 'PONTE_TOKEN'];
/** The Docker engine `ponte build` and `ponte deploy` talk to. */
export const DOCKER_SECRETS = ['DOCKER_HOST'];

/** The line that reads the version `ponte model register --json` prints into $MODEL_VERSION. */
const REGISTER_LINE =
  `MODEL_VERSION="$(ponte model register --json | node -e 'process.stdout.write(String(JSON.parse(require("fs").readFileSync(0, "utf8")).version))')"`;

/** The pipeline installs into Python: the requirements, or dvc for a remote Ponte does not pull from. */
export function needsPython(facts: PipelineFacts): boolean {
  return facts.requirements !== undefined || facts.remote?.pulledBy === 'dvc';
}

/** validate, pull, run, test, gate: every branch. */
export function checkSteps(facts: PipelineFacts): PonteStep[] {
  const steps: PonteStep[] = [{ id: 'validate', title: 'Validate ponte.yaml and dvc.yaml', run: ['ponte validate'] }];
  const remote = facts.remote;
  if (remote?.pulledBy === 'ponte') {
    steps.push({ id: 'pull', title: `Pull data from the DVC remote "${remote.name}"`, run: [`ponte data pull --remote ${shellWord(remote.name)}`] });
  } else if (remote) {
    // Ponte pulls from directories only; DVC reads the same .dvc files and cache for the rest.
    steps.push({
      id: 'pull', title: `Pull data from the DVC remote "${remote.name}" (${remote.kind}, through dvc)`,
      run: [`python3 -m pip install ${shellWord(remote.dvcPackage ?? 'dvc')}`, `dvc pull --remote ${shellWord(remote.name)}`],
      secrets: remote.credentials,
    });
  }
  // --force: CI trains from the pulled data, so the gate judges a run made here, not a cached one.
  steps.push({ id: 'run', title: 'Run the pipeline', run: ['ponte run --force'] });
  if (facts.tests) steps.push({ id: 'test', title: 'Run the tests and data checks', run: ['ponte test'] });
  if (facts.gates) steps.push({ id: 'gate', title: 'Check the metric gates', run: ['ponte gate'] });
  return steps;
}

/** register, promote, build, deploy: the main branch only, in one shell (they share the version). */
export function releaseStep(facts: PipelineFacts): PonteStep | undefined {
  const release = facts.release;
  if (!release) return undefined;
  const run = [REGISTER_LINE, 'echo "registered model version $MODEL_VERSION"'];
  if (release.deploy) run.push(`ponte model promote "$MODEL_VERSION" --to ${release.deploy.alias}`);
  if (release.build) run.push('ponte build --model "$MODEL_VERSION"');
  if (release.deploy) run.push(`ponte deploy ${shellWord(release.deploy.name)} --model "$MODEL_VERSION"`);
  const titles = ['register', ...(release.build ? ['build'] : []), ...(release.deploy ? [`deploy to ${release.deploy.name}`] : [])];
  return {
    id: 'release', title: `Release: ${titles.join(', ')}`, run,
    secrets: release.build ? DOCKER_SECRETS : [],
  };
}

/** A word for a POSIX shell: bare when it is safe, else single-quoted. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A YAML scalar: bare when plain YAML reads it back as the same string, else double-quoted (JSON is YAML). */
export function yamlScalar(value: string): string {
  return /^[A-Za-z_./][\w./ -]*$/.test(value) && !/^(true|false|yes|no|on|off|null|~)$/i.test(value) && !/\s$/.test(value) && !value.includes(': ')
    ? value
    : JSON.stringify(value);
}

/** Lines as a YAML block scalar (`|`) indented by `indent` spaces. */
export function yamlBlock(lines: string[], indent: number): string {
  const pad = ' '.repeat(indent);
  return `|\n${lines.map((l) => `${pad}${l}`).join('\n')}`;
}
