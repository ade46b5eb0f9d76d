// `ponte drift` as a user runs it (node dist/cli.js): text, JSON and HTML output, exit codes,
// ponte.yaml settings, profiles, sketch mode, and every bad input reported with file:line:col.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ColumnDrift, DriftReport } from '../../../src/core/drift/report';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.js');
const FIX = join(ROOT, 'test/fixtures/drift');

function ponte(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, 'drift', ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `--json` output. */
const report = (stdout: string) => JSON.parse(stdout) as DriftReport;
function column(r: DriftReport, name: string): ColumnDrift {
  const c = r.columns.find((x) => x.column === name);
  assert.ok(c, `${name} is in the report`);
  return c;
}

const REF = join(FIX, 'reference.csv');
const CUR = join(FIX, 'current.csv');

test('text report: drifted columns first, dataset drift decides the exit code', () => {
  const r = ponte(['--reference', REF, '--current', CUR]);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(lines[0], /^column\s+kind\s+method\s+statistic\s+p-value\s+threshold\s+result$/);
  assert.match(lines[1], /^income\s+numeric\s+ks\s/);
  assert.match(r.stdout, /age\s+numeric\s+ks\s.*ok/);
  // note is free text, different in every row: it identifies rows and is skipped with a note
  assert.match(lines[lines.length - 2], /2 of 3 columns drifted .*: dataset drift \[exact\]/);
  assert.match(lines[lines.length - 1], /^skipped note: identifies rows .*--columns/);
  const calm = ponte(['--reference', REF, '--current', REF]);
  assert.equal(calm.code, 0);
  assert.match(calm.stdout, /0 of 3 columns drifted/);
});

test('JSON report has the documented shape', () => {
  const r = ponte(['--reference', REF, '--current', CUR, '--columns', 'age,income,plan', '--json', '--stats', 'all']);
  const j = report(r.stdout);
  assert.deepEqual(Object.keys(j.summary).sort(), ['columns', 'dataset_drift', 'drifted', 'share', 'share_threshold']);
  assert.equal(j.summary.columns, 3);
  for (const c of j.columns) {
    for (const k of ['column', 'kind', 'method', 'statistic', 'threshold', 'drifted', 'reference', 'current', 'histogram']) assert.ok(k in c, `${c.column} has ${k}`);
  }
  const income = column(j, 'income');
  assert.ok(income.stats);
  assert.deepEqual(Object.keys(income.stats).sort(), ['jensenshannon', 'ks_pvalue', 'ks_statistic', 'psi', 'wasserstein', 'wasserstein_normed']);
  assert.equal(income.histogram.kind, 'numeric');
  assert.equal(income.histogram.edges.length, income.histogram.reference.length + 1);
  const plan = column(j, 'plan');
  assert.equal(plan.kind, 'categorical');
  assert.equal(plan.histogram.kind, 'categorical');
  assert.ok(plan.histogram.categories.includes('enterprise'));
  assert.ok('unique' in plan.reference && 'unique' in plan.current);
  assert.equal(plan.reference.unique, 3);
  assert.equal(plan.current.unique, 4);
});

test('method, threshold, share and types from flags and from ponte.yaml', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-drift-cli-'));
  copyFileSync(REF, join(dir, 'ref.csv'));
  copyFileSync(CUR, join(dir, 'cur.csv'));
  writeFileSync(
    join(dir, 'ponte.yaml'),
    'version: 1\nproject: t\ndatasets:\n  reference:\n    path: ref.csv\n    schema:\n      columns:\n        age: { type: category }\ndeployments:\n  production: { target: docker }\nmonitor:\n  deployment: production\n  drift:\n    share: 0.9\n    columns: { income: { method: psi, threshold: 5 } }\n',
  );
  const j = report(ponte(['--reference', 'ref.csv', '--current', 'cur.csv', '--json'], dir).stdout);
  const income = column(j, 'income');
  assert.equal(income.method, 'psi');
  assert.equal(income.threshold, 5);
  assert.equal(income.drifted, false);
  assert.equal(column(j, 'age').kind, 'categorical');
  assert.equal(j.summary.share_threshold, 0.9);
  assert.equal(j.summary.dataset_drift, false);
  // a flag overrides the file
  const k = report(ponte(['--reference', 'ref.csv', '--current', 'cur.csv', '--json', '--method', 'wasserstein', '--threshold', '0.5', '--columns', 'income'], dir).stdout);
  assert.equal(k.columns[0].method, 'wasserstein');
  assert.equal(k.columns[0].threshold, 0.5);
});

test('the HTML report stands alone: no script, no remote resource, a histogram per column', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-drift-html-'));
  const out = join(dir, 'report.html');
  const r = ponte(['--reference', REF, '--current', CUR, '--html', out]);
  assert.equal(r.code, 1);
  const html = readFileSync(out, 'utf8');
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /(src|href)="https?:/i);
  assert.equal((html.match(/<svg /g) ?? []).length, 3);
  assert.match(html, /Skipped: note \(identifies rows/);
  assert.match(html, /Dataset drift detected/);
  assert.deepEqual(readdirSync(dir), ['report.html']); // atomic write left no temporary file
});

test('profile: save the reference once, compare against it in sketch mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-drift-profile-'));
  const profile = join(dir, 'ref.profile.json');
  const p = spawnSync(process.execPath, [CLI, 'drift', 'profile', REF, '--output', profile], { encoding: 'utf8' });
  assert.equal(p.status, 0, p.stderr);
  assert.equal((JSON.parse(readFileSync(profile, 'utf8')) as { format: string }).format, 'ponte-drift-profile');
  const viaProfile = report(ponte(['--reference-profile', profile, '--current', CUR, '--json']).stdout);
  const viaSketch = report(ponte(['--reference', REF, '--current', CUR, '--json', '--mode', 'sketch']).stdout);
  assert.equal(viaProfile.mode, 'sketch');
  assert.deepEqual(
    viaProfile.columns.map((c: { column: string; statistic: number }) => [c.column, c.statistic]),
    viaSketch.columns.map((c: { column: string; statistic: number }) => [c.column, c.statistic]),
  );
  const exact = report(ponte(['--reference', REF, '--current', CUR, '--json']).stdout);
  for (const c of viaSketch.columns) {
    const e = column(exact, c.column);
    assert.equal(c.drifted, e.drifted, `${c.column}: sketch and exact agree`);
    if (c.error_bound !== undefined) assert.ok(Math.abs(c.statistic - e.statistic) <= c.error_bound + 1e-12, `${c.column} within its bound`);
  }
  const broken = join(dir, 'broken.json');
  writeFileSync(broken, '{"format": "nope"}');
  const bad = ponte(['--reference-profile', broken, '--current', CUR]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^error\[drift\.profile\.invalid\]: .*broken\.json: /m);
});

test('JSON lines and Parquet inputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-drift-formats-'));
  const jl = (n: number, shift: number) =>
    Array.from({ length: n }, (_, i) => JSON.stringify({ x: (i % 97) + shift, c: i % 3 ? 'a' : 'b' })).join('\n');
  writeFileSync(join(dir, 'r.jsonl'), jl(500, 0));
  writeFileSync(join(dir, 'c.jsonl'), jl(400, 50));
  const j = report(ponte(['--reference', join(dir, 'r.jsonl'), '--current', join(dir, 'c.jsonl'), '--json']).stdout);
  assert.equal(j.columns[0].column, 'x');
  assert.equal(j.columns[0].drifted, true);
  const pq = join(FIX, 'simple.parquet');
  const same = ponte(['--reference', pq, '--current', pq]);
  assert.equal(same.code, 0, same.stderr);
  const garbage = join(dir, 'bad.parquet');
  writeFileSync(garbage, 'not parquet');
  const bad = ponte(['--reference', pq, '--current', garbage]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^error\[drift\.parquet\.unreadable\]: .*bad\.parquet: /m);
  assert.match(bad.stderr, /hint: /);
});

test('bad inputs: clear errors with file:line:col and a hint, exit 1, no stack trace', () => {
  const cases: [string, RegExp][] = [
    ['ragged.csv', /^error\[drift\.csv\.ragged_row\]: \S*ragged\.csv:3:13: this row has 3 fields but the header has 4$/m],
    ['text-in-number.csv', /^error\[drift\.csv\.not_a_number\]: \S*text-in-number\.csv:7:4: column 'income' is numeric in the reference file, but this cell holds 'n\/a\?'$/m],
    ['header-only.csv', /^error\[drift\.csv\.no_rows\]: \S*header-only\.csv:2:1: /m],
    ['empty.csv', /^error\[drift\.csv\.empty\]: \S*empty\.csv:1:1: /m],
    ['other-schema.csv', /^error\[drift\.columns\.missing\]: \S*other-schema\.csv:1: column 'income' is not in this file$/m],
  ];
  for (const [file, pattern] of cases) {
    const r = ponte(['--reference', REF, '--current', join(FIX, file)]);
    assert.equal(r.code, 1, file);
    assert.match(r.stderr, pattern, file);
    assert.match(r.stderr, /^ {2}hint: /m, file);
    assert.doesNotMatch(r.stderr, /\n\s+at /, `${file}: no stack trace`);
    assert.equal(r.stdout, '', file);
  }
  const missing = ponte(['--reference', REF, '--current', join(FIX, 'absent.csv')]);
  assert.match(missing.stderr, /^error\[io\.enoent\]: /m);
});

test('a 2 GB line is refused at the limit, without reading it all', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-drift-long-'));
  const p = join(dir, 'long.csv');
  // 3 MiB stands in for 2 GB: the reader stops at --max-line-bytes either way
  writeFileSync(p, Buffer.concat([Buffer.from('age,income,plan,note\n1,2,basic,'), Buffer.alloc(3 << 20, 0x78), Buffer.from('\n')]));
  const r = ponte(['--reference', REF, '--current', p, '--max-line-bytes', String(1 << 20)]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error\[drift\.csv\.line_too_long\]: \S*long\.csv:2:1: a record is longer than 1048576 bytes$/m);
});

test('usage errors exit 2', () => {
  for (const args of [[], ['--current', CUR], ['--reference', REF, '--current', CUR, '--method', 'magic'], ['--reference', REF, '--current', CUR, '--mode', 'fast'], ['--reference', REF, '--current', CUR, '--type', 'age']]) {
    const r = ponte(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /^error\[usage\./m);
  }
  const help = ponte(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /Usage: ponte drift/);
  assert.ok(existsSync(join(ROOT, 'dist/drift-worker.js')), 'the worker is bundled next to the CLI');
});

test('a column empty on both sides (a trailing comma) is skipped, not an error; empty on one side is', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-drift-empty-'));
  const rows = (shift: number) => 'a,b,\n' + Array.from({ length: 50 }, (_, i) => `${(i % 25) + shift},${i % 3},`).join('\n') + '\n';
  writeFileSync(join(dir, 'r.csv'), rows(0));
  writeFileSync(join(dir, 'c.csv'), rows(100));
  const r = ponte(['--reference', join(dir, 'r.csv'), '--current', join(dir, 'c.csv')]);
  assert.match(r.stdout, /1 of 2 columns drifted/);
  assert.match(r.stdout, /skipped Unnamed: 2: no values on either side/);
  const j = report(ponte(['--reference', join(dir, 'r.csv'), '--current', join(dir, 'c.csv'), '--json']).stdout);
  assert.deepEqual(j.skipped, [{ column: 'Unnamed: 2', reason: 'no values on either side' }]);
  writeFileSync(join(dir, 'half.csv'), 'a,b,\n' + Array.from({ length: 50 }, (_, i) => `${i % 25},${i % 3},${i}`).join('\n') + '\n');
  const bad = ponte(['--reference', join(dir, 'r.csv'), '--current', join(dir, 'half.csv')]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^error\[drift\.columns\.no_values\]: \S*r\.csv: column 'Unnamed: 2' has no values here/m);
});

test('columns that identify rows (text ids, whole-number ids) are skipped with a note, unless monitor.features or --columns names them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-drift-ids-'));
  // the same distribution on both sides, but every row has its own customer_id and order_no
  const rows = (from: number) =>
    'customer_id,order_no,age,amount\n' + Array.from({ length: 200 }, (_, i) => `C${from + i},${from * 7 + i * 3},${20 + ((i * 7) % 40)},${((i * 13) % 50) + 0.5}`).join('\n') + '\n';
  writeFileSync(join(dir, 'ref.csv'), rows(0));
  writeFileSync(join(dir, 'cur.csv'), rows(10_000));
  for (const mode of ['exact', 'sketch']) {
    const j = report(ponte(['--reference', 'ref.csv', '--current', 'cur.csv', '--json', '--mode', mode], dir).stdout);
    assert.deepEqual(j.columns.map((c) => c.column).sort(), ['age', 'amount'], mode);
    assert.deepEqual(j.skipped?.map((s) => s.column).sort(), ['customer_id', 'order_no'], mode);
    assert.match(j.skipped?.[0].reason ?? '', /identifies rows/);
    assert.equal(j.summary.dataset_drift, false, `${mode}: ids alone never make drift`);
  }
  // a saved profile keeps what it learnt about the whole-number id
  assert.equal(ponte(['profile', 'ref.csv', '--output', 'ref.profile.json'], dir).code, 0);
  const fromProfile = report(ponte(['--reference-profile', 'ref.profile.json', '--current', 'cur.csv', '--json'], dir).stdout);
  assert.deepEqual(fromProfile.skipped?.map((s) => s.column).sort(), ['customer_id', 'order_no']);
  // named: compared (and, every id being new, drifted)
  const named = report(ponte(['--reference', 'ref.csv', '--current', 'cur.csv', '--json', '--columns', 'order_no,age'], dir).stdout);
  assert.equal(column(named, 'order_no').drifted, true);
  writeFileSync(join(dir, 'ponte.yaml'), 'version: 1\nproject: t\ndatasets:\n  reference: { path: ref.csv }\ndeployments:\n  production: { target: docker }\nmonitor:\n  deployment: production\n  reference: reference\n  features: [customer_id, age]\n');
  const kept = report(ponte(['--reference', 'ref.csv', '--current', 'cur.csv', '--json'], dir).stdout);
  assert.equal(column(kept, 'customer_id').drifted, true);
  assert.deepEqual(kept.skipped?.map((s) => s.column), ['order_no']);
});
