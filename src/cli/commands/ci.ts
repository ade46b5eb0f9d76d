// `ponte ci generate github|gitlab|azure [--out PATH] [--force]`: writes a CI/CD pipeline for the
// project as ponte.yaml, dvc.yaml and .dvc/config describe it (see core/ci), never over an
// existing file unless --force; `--out -` prints it instead.
import type { CliCommand } from '../command';
import { parseCommandArgs, unknownSubcommand } from '../command';
import { renderJson } from '../output';
import { PonteError } from '../../core/errors';
import { CI_DEFAULT_PATHS, CI_KINDS, CI_NAMES, generatePipeline, isCiKind, writePipelineFile } from '../../core/ci';

const HELP = `Usage: ponte ci generate ${CI_KINDS.join('|')} [--out PATH] [--force] [--json]

Writes a CI/CD pipeline for this project: install Node, Ponte and the Python requirements;
ponte validate; pull the data from the DVC remote (.dvc/config); ponte run; ponte test with
the JUnit report published the CI's own way; ponte gate; and on the main branch only: register
the model, build its image and deploy it. Secrets are named, never written.

  github   ${CI_DEFAULT_PATHS.github} (${CI_NAMES.github}; test results in the job summary)
  gitlab   ${CI_DEFAULT_PATHS.gitlab} (${CI_NAMES.gitlab}; artifacts:reports:junit)
  azure    ${CI_DEFAULT_PATHS.azure} (${CI_NAMES.azure}; PublishTestResults@2)

Options:
  --out PATH   where to write it (default: where the CI looks for it); '-' prints it
  --force      replace an existing file
  --json       print {kind, file, written}

'ponte validate' checks the ponte steps of these files once they are edited by hand.

Examples:
  ponte ci generate github
  ponte ci generate gitlab --out - | less
`;

declare const PONTE_VERSION: string | undefined;
const VERSION = typeof PONTE_VERSION === 'string' ? PONTE_VERSION : '0.1.0';

const options = { out: { type: 'string' }, force: { type: 'boolean' }, json: { type: 'boolean' } } as const;
const subcommands = { generate: {} };

export const ciCommand: CliCommand = {
  summary: 'write a CI/CD pipeline for GitHub Actions, GitLab CI or Azure Pipelines',
  grammar: { options, subcommands },
  async run(argv) {
    const args = parseCommandArgs('ci', argv, options, HELP);
    if (!args) return 0;
    const [sub, kind, ...extra] = args.positionals;
    if (sub !== 'generate') {
      throw unknownSubcommand('ci', sub, Object.keys(subcommands), { hint: `ponte ci generate ${CI_KINDS.join('|')}` });
    }
    if (!kind || !isCiKind(kind) || extra.length) {
      throw new PonteError('usage.bad_arguments', kind && !isCiKind(kind) ? `unknown CI "${kind}"` : 'ponte ci generate takes one CI', { hint: `one of: ${CI_KINDS.join(', ')}` });
    }
    const root = process.cwd();
    const generated = generatePipeline({ root, kind, ponteVersion: VERSION, out: args.values.out === '-' ? undefined : args.values.out });
    if (args.values.out === '-') {
      process.stdout.write(generated.text);
      return 0;
    }
    await writePipelineFile(root, generated.file, generated.text, args.values.force === true);
    if (args.values.json) process.stdout.write(renderJson({ kind, file: generated.file, written: true }));
    else process.stdout.write(`wrote ${generated.file} (${CI_NAMES[kind]}); check it with 'ponte validate'\n`);
    if (generated.facts.noRelease) process.stderr.write(`note: no release step: ${generated.facts.noRelease}\n`);
    return 0;
  },
};
