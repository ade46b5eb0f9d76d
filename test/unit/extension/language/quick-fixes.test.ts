// Quick fixes come from the suggestions the spec core attached to a diagnostic, matched to the
// diagnostic the editor hands back by code, message and range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quickFixesFor } from '../../../../src/extension/language/quick-fixes';
import type { Diagnostic } from '../../../../src/extension/spec';

const range = { start: { line: 4, character: 2 }, end: { line: 4, character: 8 } };
const typo: Diagnostic = { file: 'ponte.yaml', range, severity: 'error', code: 'key.unknown', message: "unknown key 'datsets'", suggestions: ['datasets'] };
const stage: Diagnostic = { file: 'ponte.yaml', range, severity: 'error', code: 'stage.unknown', message: "unknown stage 'trian'", suggestions: ['train', 'prepare'] };

test('a mistyped key gets one preferred "Replace with" fix', () => {
  const fixes = quickFixesFor([typo], { range, code: 'key.unknown', message: typo.message });
  assert.deepEqual(fixes, [{ title: "Replace with 'datasets'", range, text: 'datasets', preferred: true }]);
});

test('an unknown stage gets one fix per existing candidate, none preferred', () => {
  const fixes = quickFixesFor([typo, stage], { range, code: { value: 'stage.unknown' }, message: stage.message });
  assert.deepEqual(fixes.map((f) => [f.title, f.preferred]), [["Replace with 'train'", false], ["Replace with 'prepare'", false]]);
});

test('no suggestions, another range or another message: no fixes', () => {
  assert.deepEqual(quickFixesFor([{ ...typo, suggestions: undefined }], { range, code: 'key.unknown', message: typo.message }), []);
  const moved = { start: { line: 5, character: 2 }, end: { line: 5, character: 8 } };
  assert.deepEqual(quickFixesFor([typo], { range: moved, code: 'key.unknown', message: typo.message }), []);
  assert.deepEqual(quickFixesFor([typo], { range, code: 'key.unknown', message: 'other' }), []);
});
