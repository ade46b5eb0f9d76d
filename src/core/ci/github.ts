// The GitHub Actions workflow: one job on ubuntu-latest; JUnit results go into the job summary
// ($GITHUB_STEP_SUMMARY); secrets are read as `${{ secrets.NAME }}`; the release step runs on
// pushes to the repository's default branch only.
import type { PipelineFacts } from './project-facts';
import { BACKEND_SECRETS, checkSteps, needsPython, releaseStep, yamlBlock, yamlScalar, type PonteStep } from './steps';
import { header, type RenderOptions } from './render-options';

/** Writes the `ponte test --json` result as a Markdown table into the job summary. */
const SUMMARY_SCRIPT = [
  `node -e '`,
  `const fs = require("fs");`,
  `const out = process.env.GITHUB_STEP_SUMMARY;`,
  `let r;`,
  `try { r = JSON.parse(fs.readFileSync(process.argv[1], "utf8")); } catch { r = {}; }`,
  `if (!r.summary) { fs.appendFileSync(out, "### Ponte tests\\n\\nNo results: " + (r.error ? r.error.message : "see the test step") + "\\n"); process.exit(0); }`,
  `const s = r.summary;`,
  `const cell = (v) => String(v ?? "").replace(/\\|/g, "\\\\|").replace(/\\n/g, " ");`,
  `const rows = r.tests.map((t) => "| " + [t.status, t.id, t.duration_s + " s", t.file ? t.file + (t.line ? ":" + t.line : "") : "", t.message].map(cell).join(" | ") + " |");`,
  'const head = `### Ponte tests\\n\\n${s.passed} passed, ${s.failed} failed, ${s.errors} errors, ${s.skipped} skipped\\n\\n| status | test | time | where | message |\\n|---|---|---|---|---|\\n`;',
  `fs.appendFileSync(out, head + rows.join("\\n") + "\\n");`,
  `' "$RUNNER_TEMP/ponte-tests.json"`,
];

function secretEnv(names: string[], indent: number): string {
  if (names.length === 0) return '';
  const pad = ' '.repeat(indent);
  return `${pad}env:\n${names.map((n) => `${pad}  ${n}: \${{ secrets.${n} }}`).join('\n')}\n`;
}

function step(s: PonteStep, extra = ''): string {
  const run = s.run.length === 1 ? yamlScalar(s.run[0]) : yamlBlock(s.run, 10);
  return `      - name: ${yamlScalar(s.title)}\n        id: ${s.id}\n${extra}${secretEnv(s.secrets ?? [], 8)}        run: ${run}\n`;
}

export function renderGithub(facts: PipelineFacts, options: RenderOptions): string {
  let text = header(facts, options, 'github', [
    'Secrets (Settings > Secrets and variables > Actions) this workflow reads, none of them required for branches:',
  ]);
  text += `name: Ponte
on:
  push:
  pull_request:
  workflow_dispatch:
permissions:
  contents: read
env:
  PONTE_VERSION: ${JSON.stringify(options.ponteVersion)}
jobs:
  ponte:
    runs-on: ubuntu-latest
${secretEnv(BACKEND_SECRETS, 4)}    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: ${options.nodeVersion}
`;
  if (needsPython(facts)) {
    text += `      - uses: actions/setup-python@v5
        with:
          python-version: ${JSON.stringify(options.pythonVersion)}
`;
  }
  if (facts.requirements) {
    text += `      - name: Install the Python requirements
        run: python3 -m pip install -r ${yamlScalar(facts.requirements)}
`;
  }
  text += `      - name: Install Ponte
        run: npm install --global "ponte@$PONTE_VERSION"
`;
  for (const s of checkSteps(facts)) {
    if (s.id === 'test') {
      // --json: the results feed the job summary; the tests' own output still streams to the log.
      text += step({ ...s, run: ['ponte test --json > "$RUNNER_TEMP/ponte-tests.json"'] });
      text += `      - name: Test summary
        if: always() && steps.test.outcome != 'skipped'
        run: ${yamlBlock(SUMMARY_SCRIPT, 10)}
`;
    } else text += step(s);
  }
  const release = releaseStep(facts);
  if (release) {
    text += step(release, "        if: github.event_name == 'push' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)\n");
  }
  return text;
}
