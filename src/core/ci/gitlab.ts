// The GitLab CI pipeline: a `ponte` job on every branch whose JUnit report goes to GitLab's test
// reports (artifacts:reports:junit), and a `release` job on the default branch only. Secrets are
// the project's CI/CD variables, which GitLab puts in the environment: the file only names them.
import type { PipelineFacts } from './project-facts';
import { checkSteps, releaseStep, yamlBlock, yamlScalar } from './steps';
import { header, type RenderOptions } from './render-options';

/** Ponte from npm, or from a checkout's dist/cli.js when PONTE_CLI is set (runs on a laptop, tests). */
const INSTALL_PONTE = [
  'if [ -n "$PONTE_CLI" ]; then',
  '  mkdir -p "$CI_PROJECT_DIR/.ponte/bin"',
  `  printf '#!/bin/sh\\nexec node "%s" "$@"\\n' "$PONTE_CLI" > "$CI_PROJECT_DIR/.ponte/bin/ponte"`,
  '  chmod +x "$CI_PROJECT_DIR/.ponte/bin/ponte"',
  '  export PATH="$CI_PROJECT_DIR/.ponte/bin:$PATH"',
  'else',
  '  npm install --global "ponte@$PONTE_VERSION"',
  'fi',
];

/** The node image is Debian with Python but without pip. */
const ENSURE_PIP = 'python3 -m pip --version >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq python3-pip; }';

const INSTALL_REQUIREMENTS = ['if [ -n "$PIP_REQUIREMENTS" ]; then', `  ${ENSURE_PIP}`, '  python3 -m pip install -r "$PIP_REQUIREMENTS"', 'fi'];

function scriptLines(lines: string[]): string {
  return lines.length === 1 ? `    - ${yamlScalar(lines[0])}\n` : `    - ${yamlBlock(lines, 6)}\n`;
}

export function renderGitlab(facts: PipelineFacts, options: RenderOptions): string {
  let text = header(facts, options, 'gitlab', ['CI/CD variables (Settings > CI/CD > Variables; mask the secret ones) it reads:']);
  const release = releaseStep(facts);
  text += `stages:
  - check
${release ? '  - release\n' : ''}variables:
  PONTE_VERSION: ${JSON.stringify(options.ponteVersion)}
  # A Ponte checkout's dist/cli.js to run instead of the npm package (e.g. gitlab-ci-local --variable PONTE_CLI=...).
  PONTE_CLI: ""
  # The Python requirements to install; empty when the runner already has them.
  PIP_REQUIREMENTS: ${JSON.stringify(facts.requirements ?? '')}
  # Debian's Python (PEP 668) installs into the system only when told to; the job is the whole system.
  PIP_BREAK_SYSTEM_PACKAGES: "1"
default:
  image: node:${options.nodeVersion}-bookworm
.ponte-tools:
  before_script:
${scriptLines(INSTALL_PONTE)}${scriptLines(INSTALL_REQUIREMENTS)}ponte:
  stage: check
  extends: .ponte-tools
  script:
`;
  for (const s of checkSteps(facts)) {
    const run = s.id === 'pull' && facts.remote?.pulledBy === 'dvc' ? [ENSURE_PIP, ...s.run] : s.run;
    text += `    # ${s.title}\n${scriptLines(run)}`;
  }
  const artifacts: string[] = [];
  if (facts.junit) artifacts.push('    reports:', `      junit: ${yamlScalar(facts.junit)}`);
  // The release job registers the run this job recorded and builds the model it cached.
  if (release) artifacts.push('    paths:', '      - .dvc/cache/', '      - .ponte/db/', '    expire_in: 1 day');
  if (artifacts.length) text += `  artifacts:\n    when: always\n${artifacts.join('\n')}\n`;
  if (release) {
    text += `release:
  stage: release
  extends: .ponte-tools
  needs: [ponte]
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    # ${release.title}
${scriptLines(release.run)}`;
  }
  return text;
}
