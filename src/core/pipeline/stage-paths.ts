// Where a stage may run and write, through the path guard: its wdir and its outputs must stay
// inside the repository (links resolved), never in .git or .dvc. Checked for every selected stage
// before any runs, and again right before an output is removed or a log is written.
import { createWriteStream, mkdirSync, openSync, rmSync, type WriteStream } from 'node:fs';
import * as path from 'node:path';
import { findRepoRoot } from '../data';
import { fromSystemError } from '../errors';
import { guardPath, prepareWrite, removeInRepo, type PathRequest } from '../workspace/path-guard';
import type { DvcPath } from '../project';
import { allOuts, type StageNode } from './graph';

/** The repository a pipeline writes in: the DVC (else git) root above dvc.yaml, else its folder. */
export function repositoryOf(pipelineRoot: string): string {
  return findRepoRoot(pipelineRoot) ?? pipelineRoot;
}

function wdirRequest(node: StageNode, pipelineRoot: string): PathRequest {
  const { stage } = node;
  return { action: `run stage "${stage.name}" in`, base: pipelineRoot, allowRoot: true, followLast: true, source: { file: stage.file, line: stage.range.start.line + 1 } };
}

function outRequest(node: StageNode, out: DvcPath, action: string): PathRequest {
  return { action, base: node.dir, source: { file: node.stage.file, line: out.range.start.line + 1, column: out.range.start.character + 1 } };
}

/** Refuses a stage whose wdir or any output leaves the repository or enters .git/.dvc. */
export function checkStagePaths(repoRoot: string, pipelineRoot: string, node: StageNode): void {
  guardPath(repoRoot, node.stage.wdir, wdirRequest(node, pipelineRoot));
  for (const o of allOuts(node.stage)) guardPath(repoRoot, o.path, outRequest(node, o, 'write the output'));
}

/** The folder the stage's commands run in, its links resolved (and checked). */
export function stageWorkingDir(repoRoot: string, pipelineRoot: string, node: StageNode): string {
  return guardPath(repoRoot, node.stage.wdir, wdirRequest(node, pipelineRoot));
}

/** DVC removes the outs first, so a stage that "succeeds" without writing them is caught. */
export function clearOutputs(repoRoot: string, node: StageNode): void {
  for (const o of allOuts(node.stage)) {
    if (o.options.persist === true) continue;
    removeInRepo(repoRoot, o.path, outRequest(node, o, 'remove the output'));
  }
}

/**
 * Opens a stage's log for writing. Inside the repository it goes through the guard; a link in
 * its place is removed and the file created afresh, so the log never writes through a link.
 */
export function openStageLog(repoRoot: string, log: string): WriteStream {
  const rel = path.relative(repoRoot, log);
  const inside = rel !== '' && rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel);
  let target = log;
  if (inside) target = prepareWrite(repoRoot, log, { action: 'write the stage log' });
  try {
    if (!inside) mkdirSync(path.dirname(log), { recursive: true });
    rmSync(target, { force: true });
    return createWriteStream('', { fd: openSync(target, 'wx') });
  } catch (e) {
    throw fromSystemError(e, log, 'write the stage log');
  }
}
