// Where the CI files of a repository are (GitHub's workflows folder, .gitlab-ci.yml,
// azure-pipelines.yml), and checking them: each one's `ponte` lines against the CLI's grammar
// and the stages of the project's dvc.yaml at the repository root beside them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fromSystemError } from '../errors';
import { readProject, type Diagnostic } from '../project';
import { checkCiText, type CliGrammar } from './check-ci-file';

const WORKFLOWS = path.join('.github', 'workflows');
const ROOT_FILES = ['.gitlab-ci.yml', 'azure-pipelines.yml', 'azure-pipelines.yaml'];

/** A CI file by its name and place: `.github/workflows/*.yml`, `.gitlab-ci.yml`, `azure-pipelines.yml`. */
export function isCiFile(file: string): boolean {
  const base = path.basename(file);
  if (ROOT_FILES.includes(base)) return true;
  return /\.ya?ml$/.test(base) && path.dirname(path.resolve(file)).endsWith(`${path.sep}${WORKFLOWS}`);
}

/**
 * The CI files of the repository rooted at `dir` (not below it: CI reads them at the root only),
 * or, when `dir` is a `.github/workflows` folder itself, the workflows in it.
 */
export function findCiFiles(dir: string): string[] {
  const abs = path.resolve(dir);
  if (abs.endsWith(`${path.sep}${WORKFLOWS}`)) return workflowsIn(abs);
  return [...ROOT_FILES.map((n) => path.join(abs, n)).filter(isFile), ...workflowsIn(path.join(abs, WORKFLOWS))];
}

function workflowsIn(folder: string): string[] {
  try {
    return readdirSync(folder).filter((n) => /\.ya?ml$/.test(n)).sort().map((n) => path.join(folder, n)).filter(isFile);
  } catch {
    return []; // no workflows folder
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The root a CI file belongs to: two folders up from a workflow, else its own folder. */
function repoRootOf(file: string): string {
  const dir = path.dirname(path.resolve(file));
  return dir.endsWith(`${path.sep}${WORKFLOWS}`) ? path.dirname(path.dirname(dir)) : dir;
}

function stagesAt(root: string): string[] | undefined {
  try {
    const expanded = readProject(root).pipeline?.expanded;
    if (!expanded) return undefined;
    return [...new Set([...expanded.stages.map((s) => s.name), ...expanded.groups.map((g) => g.name)])];
  } catch {
    // An unreadable ponte.yaml is reported by its own check; stage names then go unchecked.
    return undefined;
  }
}

export interface CheckCiFilesOptions {
  grammar: CliGrammar;
  /** How files are named in diagnostics. */
  display: (abs: string) => string;
}

/** Diagnostics of each CI file (absolute paths); an unreadable file is a PonteError naming it. */
export function checkCiFiles(files: string[], options: CheckCiFilesOptions): Diagnostic[] {
  const stagesByRoot = new Map<string, string[] | undefined>();
  return files.flatMap((abs) => {
    let text: string;
    try {
      text = readFileSync(abs, 'utf8');
    } catch (e) {
      throw fromSystemError(e, options.display(abs), 'read');
    }
    const root = repoRootOf(abs);
    if (!stagesByRoot.has(root)) stagesByRoot.set(root, stagesAt(root));
    return checkCiText(text, { file: options.display(abs), grammar: options.grammar, stages: stagesByRoot.get(root) });
  });
}
