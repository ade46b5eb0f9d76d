// `ponte validate` on CI files: the ponte lines in GitHub `run`, GitLab `script` lists and Azure
// `script` steps are checked against the CLI's own grammar (from its command table) and the
// stages of dvc.yaml; each finding has its file, line, column and a hint, and the generated
// files have none.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { checkCiText, generatePipeline, CI_KINDS } from '../../../../src/core/ci';
import { cliGrammar } from '../../../../src/cli/commands/ci-validate';
import { commands } from '../../../../src/cli/commands';
import { makeProject, removeProject } from './projects';

const grammar = cliGrammar();
const stages = ['generate', 'prepare', 'train', 'evaluate'];
const check = (text: string) => checkCiText(text, { file: '.gitlab-ci.yml', grammar, stages });
const at = (d: { range: { start: { line: number; character: number } } }) => `${d.range.start.line + 1}:${d.range.start.character + 1}`;

test('every command of the CLI declares its grammar', () => {
  assert.deepEqual(Object.keys(grammar).sort(), Object.keys(commands).sort());
  assert.deepEqual(Object.entries(grammar).filter(([, g]) => !g).map(([n]) => n), []);
});

test('mistakes in a GitLab script: command, sub-command, option, its value, a stage; with line and column', () => {
  const text = [
    'job:',
    '  script:',
    '    - ponte gates',
    '    - ponte model promot 3 --to staging',
    '    - ponte run --forse trian',
    '    - ponte gate --run',
    '    - ponte test --json=yes',
    '    - ponte run train evaluate --force',
  ].join('\n');
  const found = check(text).map((d) => `${at(d)} ${d.code} ${d.suggestions?.join(',') ?? ''}`);
  assert.deepEqual(found, [
    '3:13 ci.unknown_command gate',
    '4:19 ci.unknown_subcommand promote',
    '5:17 ci.unknown_option --force',
    '5:25 ci.unknown_stage train',
    '6:18 ci.missing_value ',
    '7:18 ci.unexpected_value ',
  ]);
  const [first] = check(text);
  assert.match(first.message, /unknown ponte command 'gates' \(did you mean 'gate'\?\); run 'ponte --help'/);
});

test('GitHub run blocks and Azure script steps are read line by line; names and other keys are not', () => {
  const github = [
    'jobs:',
    '  j:',
    '    steps:',
    '      - name: ponte runs here',
    '        run: |',
    '          echo start',
    '          V="$(ponte model register --jsn | node -e 1)"',
    '          ponte data pul --remote s',
  ].join('\n');
  assert.deepEqual(check(github).map((d) => `${at(d)} ${d.code}`), ['7:37 ci.unknown_option', '8:22 ci.unknown_subcommand']);
  const azure = ['steps:', '- script: "ponte validat"', '  displayName: ponte validat'].join('\n');
  assert.deepEqual(check(azure).map((d) => `${at(d)} ${d.code}`), ['2:18 ci.unknown_command']);
});

test('options of the sub-command count, variables are not judged, and a YAML error is reported as such', () => {
  assert.deepEqual(check('j:\n  script:\n    - ponte data pull --remote "$R" --force\n    - ponte run "$STAGE" ${STAGE2}\n    - ponte run ${{ matrix.stage }}\n'), []);
  assert.deepEqual(check('j:\n  script:\n    - ponte data push --force\n').map((d) => d.code), ['ci.unknown_option']);
  assert.deepEqual(check('j: [\n').map((d) => d.code), ['yaml.syntax']);
});

test('a CI file whose scripts run no ponte command gets one info line saying so (not an error)', () => {
  const quiet = ['jobs:', '  lint:', '    steps:', '      - name: ponte is not here', '        run: npm run lint'].join('\n');
  const found = check(quiet);
  assert.deepEqual(found.map((d) => `${at(d)} ${d.severity} ${d.code}`), ['1:1 info ci.no_ponte']);
  assert.match(found[0].message, /no ponte command in this CI file's scripts, so nothing in it was checked; 'ponte ci generate github\|gitlab\|azure'/);
  assert.deepEqual(check('').map((d) => d.code), ['ci.no_ponte']);
  assert.deepEqual(check('j:\n  script:\n    - ponte run\n'), [], 'one ponte line is enough');
});

test('the generated files have no finding', () => {
  const root = makeProject('churn');
  after(() => removeProject(root));
  for (const kind of CI_KINDS) {
    const { text, file } = generatePipeline({ root, kind, ponteVersion: '0.1.0' });
    assert.deepEqual(checkCiText(text, { file, grammar, stages }), [], kind);
  }
});
