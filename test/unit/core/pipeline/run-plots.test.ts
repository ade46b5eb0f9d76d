// collectRunPlots on real files: a stage's plots file, a directory of images taken file by file,
// a plot the stage did not write (skipped), a file not named as a plot format, a binary file
// named .csv, and the stage's wdir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { collectRunPlots, plotFormatOf } from '../../../../src/core/pipeline/run-plots';
import type { LoadedPipeline } from '../../../../src/core/pipeline/load';

function pipelineAt(root: string, stages: { wdir: string; plots: string[] }[]): LoadedPipeline {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return { root, stages: stages.map((s) => ({ wdir: s.wdir, plots: s.plots.map((p) => ({ path: p, options: {}, range })) })) } as unknown as LoadedPipeline;
}

test('collectRunPlots keeps text as text, images as base64, and says what it left out', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'ponte-run-plots-'));
  try {
    mkdirSync(path.join(root, 'eval', 'images', 'nested'), { recursive: true });
    writeFileSync(path.join(root, 'eval', 'roc.csv'), 'fpr,tpr\n0,0\n1,1\n');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
    writeFileSync(path.join(root, 'eval', 'images', 'nested', 'cm.png'), png);
    writeFileSync(path.join(root, 'eval', 'images', 'notes.txt'), 'not a plot');
    writeFileSync(path.join(root, 'eval', 'bad.csv'), Buffer.from([1, 0, 2]));
    const plots = await collectRunPlots(pipelineAt(root, [{ wdir: 'eval', plots: ['roc.csv', 'images', 'missing.json', 'bad.csv'] }, { wdir: '.', plots: ['eval/roc.csv'] }]));
    assert.deepEqual(plots.plots, [
      { path: 'eval/roc.csv', format: 'csv', content: 'fpr,tpr\n0,0\n1,1\n' },
      { path: 'eval/images/nested/cm.png', format: 'png', content: png.toString('base64') },
    ]);
    assert.deepEqual(plots.skipped, ['eval/bad.csv: not a text file, though named .csv']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('plotFormatOf names the formats DVC draws', () => {
  assert.deepEqual(['a.CSV', 'b.tsv', 'c.json', 'd.yml', 'e.jpg', 'f.svg', 'g.txt'].map(plotFormatOf), ['csv', 'tsv', 'json', 'yaml', 'jpeg', 'svg', undefined]);
});
