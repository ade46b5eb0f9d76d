// `ponte validate [PATHS...] [--json] [--kind dvc|ponte]`: checks pipeline files the way the
// editor does, for terminals and CI. Exit 0: no errors; 1: errors; 2: bad usage or unreadable path.
import type { CliCommand } from '../command';
import { parseCommandArgs } from '../command';
import type { ValidateOutput } from '../../core/cli-json';
import { renderJson } from '../output';
import { PonteError } from '../../core/errors';
import type { Diagnostic } from '../../core/project';
import { validateWithCiFiles } from './ci-validate';

const HELP = `Usage: ponte validate [PATHS...] [--json] [--kind dvc|ponte]

Checks ponte.yaml and dvc.yaml files: YAML syntax, unknown keys, types, required keys,
unknown stages/datasets/deployments, cycles, duplicate outputs, missing deps, \${...} names.

With no PATHS, finds every *ponte.yaml and *dvc.yaml below the current directory
(skipping node_modules, .git and .dvc). A directory in PATHS is searched the same way.
CI files at those roots (.github/workflows/*.yml, .gitlab-ci.yml, azure-pipelines.yml), or
named in PATHS, have their ponte lines checked: commands, options, dvc.yaml stage names.

Options:
  --json         print an array of {file, range, severity, code, message} (0-based positions)
  --kind KIND    treat every file as KIND (dvc or ponte), whatever its name

Exit codes: 0 no errors (warnings allowed), 1 at least one error, 2 bad usage or unreadable path.

Examples:
  ponte validate
  ponte validate examples/churn/ponte.yaml --json
  ponte validate configs/pipeline.yaml --kind dvc
`;

const options = { json: { type: 'boolean' }, kind: { type: 'string' } } as const;

export const validateCommand: CliCommand = {
  grammar: { options },
  summary: 'check ponte.yaml and dvc.yaml files (exit 1 on errors)',
  // A path it cannot read is a usage error here (see HELP), like a bad option.
  errorExitCode: 2,
  async run(argv) {
    const args = parseCommandArgs('validate', argv, options, HELP);
    if (!args) return 0;
    const kind = args.values.kind;
    if (kind !== undefined && kind !== 'dvc' && kind !== 'ponte') {
      throw new PonteError('usage.bad_kind', `--kind must be dvc or ponte, not "${kind}"`, { hint: "run 'ponte validate --help'" });
    }
    const result = validateWithCiFiles(args.positionals, { cwd: process.cwd(), kind: kind });
    if (args.values.json) process.stdout.write(renderJson(result.diagnostics.map(toJson) satisfies ValidateOutput));
    else for (const d of result.diagnostics) process.stdout.write(`${formatDiagnostic(d)}\n`);
    process.stderr.write(summary(result.files.length, result.diagnostics));
    return result.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  },
};

/** `file:line:col: severity code message`, 1-based as editors and compilers print it. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code} ${d.message}`;
}

function toJson(d: Diagnostic) {
  return { file: d.file, range: d.range, severity: d.severity, code: d.code, message: d.message, ...(d.suggestions ? { suggestions: d.suggestions } : {}) };
}

function summary(files: number, list: Diagnostic[]): string {
  const count = (s: string) => list.filter((d) => d.severity === s).length;
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  if (files === 0) return 'ponte validate: no ponte.yaml or dvc.yaml files found\n';
  if (list.length === 0) return `ponte validate: ${plural(files, 'file')} checked, no problems\n`;
  return `ponte validate: ${plural(files, 'file')} checked: ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}${count('info') ? `, ${count('info')} info` : ''}\n`;
}
