// The "Run" lenses of a dvc.yaml: one over `stages:` for the whole pipeline, one over each stage,
// and for a foreach/matrix stage one per generated stage (the first few). Plain data from the spec
// core's parse of the text being edited, so the lenses follow unsaved edits; unit-tested.
import * as path from 'node:path';
import { expandDvcStages, MAX_EDITOR_TEXT, parseDvcPipeline, type Range, type SpecFileAccess } from '../spec';

export interface StageLens {
  range: Range;
  title: string;
  command: 'ponte.runPipeline' | 'ponte.runStage';
  /** The argument the pipeline commands read: a node-shaped `{ data: { root, stage? } }`. */
  argument: { data: { root: string; stage?: { name: string } } };
}

/** Generated stages shown one lens each; the rest are reachable through "Run Stage…". */
const MAX_MEMBER_LENSES = 4;

export function stageLenses(text: string, file: string, fs?: SpecFileAccess): StageLens[] {
  // The lenses are drawn on the editor's thread: a file too large for a quick parse gets none.
  if (text.length > MAX_EDITOR_TEXT) return [];
  const root = path.dirname(file);
  const pipeline = parseDvcPipeline(text, file);
  if (pipeline.stageEntries.length === 0) return [];
  const { groups } = expandDvcStages(pipeline, { dir: root, fs });
  const run = (range: Range, title: string, name?: string): StageLens => ({
    range,
    title,
    command: name === undefined ? 'ponte.runPipeline' : 'ponte.runStage',
    argument: { data: name === undefined ? { root } : { root, stage: { name } } },
  });
  // `stages:` is a top-level key, so it starts a line at column 0.
  const stagesLine = Math.max(0, text.split('\n').findIndex((l) => /^stages[ \t]*:/.test(l)));
  const stagesKey = { start: { line: stagesLine, character: 0 }, end: { line: stagesLine, character: 6 } };
  const lenses = [run(stagesKey, '$(run-all) Run pipeline')];
  for (const g of groups) {
    if (g.kind === 'plain') {
      lenses.push(run(g.range, '$(play) Run stage', g.name));
      continue;
    }
    for (const member of g.members.slice(0, MAX_MEMBER_LENSES)) lenses.push(run(g.range, `$(play) ${member}`, member));
    if (g.members.length > MAX_MEMBER_LENSES) {
      lenses.push({ ...run(g.range, `$(list-flat) ${g.members.length - MAX_MEMBER_LENSES} more…`), command: 'ponte.runStage', argument: { data: { root } } });
    }
  }
  return lenses;
}
