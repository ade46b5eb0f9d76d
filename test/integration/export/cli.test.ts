// `ponte export` from a terminal (needs `npm run build`): the file on stdout by default and the
// notes on stderr, --out into the project, and the usage and project errors with their exit codes,
// each naming what is wrong, never a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { grafanaDashboard, prometheusRules } from '../../../src/core/export';
import { FULL_YAML, tempProject } from '../../unit/core/export/lib/project';
import { ponte } from '../pipeline/lib/project';

test('prometheus-rules and grafana: stdout by default, --out into the project, notes on stderr', () => {
  const p = tempProject(FULL_YAML.replace('metric: f1', 'metric: auc'));
  try {
    const rules = ponte(p.dir, 'export', 'prometheus-rules');
    assert.equal(rules.code, 0, rules.stderr);
    assert.equal(rules.stdout, prometheusRules(p.config).text);
    assert.match(rules.stderr, /^note: monitor.accuracy.metric is auc/m);
    const dash = ponte(p.dir, 'export', 'grafana', '--out', 'monitoring/dashboard.json');
    assert.equal(dash.code, 0, dash.stderr);
    assert.equal(dash.stdout, '');
    assert.deepEqual(JSON.parse(readFileSync(join(p.dir, 'monitoring/dashboard.json'), 'utf8')), grafanaDashboard(p.config).value);
  } finally {
    p.remove();
  }
});

test('usage and project errors: exit 2 or 1 with the code, the field and a hint, no stack trace', () => {
  const p = tempProject(FULL_YAML);
  const bare = tempProject(FULL_YAML.slice(0, FULL_YAML.indexOf('monitor:')));
  try {
    const cases: [string, string[], number, RegExp][] = [
      [p.dir, ['export'], 2, /error\[usage.bad_subcommand\]: ponte export needs what to export\n {2}hint: one of prometheus-rules, grafana, kubernetes/],
      [p.dir, ['export', 'grafan'], 2, /error\[usage.bad_subcommand\]: unknown subcommand "export grafan" \(did you mean grafana\?\)/],
      [p.dir, ['export', 'toString'], 2, /error\[usage.bad_subcommand\]: unknown subcommand "export toString"/],
      [p.dir, ['export', 'grafana', '--deployment', 'staging'], 2, /--deployment applies to ponte export kubernetes only/],
      [p.dir, ['export', 'kubernetes', '--deployment', 'canary'], 1, /error\[export.unknown_deployment\].*"canary"\n {2}hint: declared: production, staging/],
      [p.dir, ['export', 'kubernetes', '--deployment', 'production', '--model', '1', '--alias', 'production'], 2, /give --model or --alias, not both/],
      [bare.dir, ['export', 'prometheus-rules'], 1, /error\[export.no_monitor\].*has no monitor block.*\n {2}hint: add one/],
    ];
    for (const [dir, args, code, message] of cases) {
      const r = ponte(dir, ...args);
      assert.equal(r.code, code, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  } finally {
    p.remove();
    bare.remove();
  }
});
