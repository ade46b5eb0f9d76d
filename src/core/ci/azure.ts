// The Azure Pipelines definition: one job on ubuntu-latest; the JUnit report is published with
// PublishTestResults@2; secret variables reach a step only through its `env` (Azure's rule); the
// release steps run for the main branch only.
import type { PipelineFacts } from './project-facts';
import { BACKEND_SECRETS, checkSteps, needsPython, releaseStep, yamlBlock, yamlScalar, type PonteStep } from './steps';
import { header, type RenderOptions } from './render-options';

const ADDRESSES = ['PONTE_BACKEND', 'DOCKER_HOST'];
const MAIN_ONLY = "and(succeeded(), eq(variables['Build.SourceBranch'], 'refs/heads/main'))";

function step(s: PonteStep, extra = ''): string {
  // Azure runs a multi-line script on without -e: stop at the first failing line.
  const run = s.run.length === 1 ? yamlScalar(s.run[0]) : yamlBlock(['set -euo pipefail', ...s.run], 4);
  // An address is a plain variable, in the environment already; an undefined one mapped here
  // would arrive as the literal text "$(NAME)". Secrets must be mapped, and are harmless unset.
  const secrets = [...BACKEND_SECRETS, ...(s.secrets ?? [])].filter((n) => !ADDRESSES.includes(n));
  return `- script: ${run}\n  displayName: ${yamlScalar(s.title)}\n  name: ${s.id}\n${extra}  env:\n${secrets.map((n) => `    ${n}: $(${n})`).join('\n')}\n`;
}

export function renderAzure(facts: PipelineFacts, options: RenderOptions): string {
  let text = header(facts, options, 'azure', [
    'The release condition names refs/heads/main: change it if your main branch has another name.',
    'Variables (Pipelines > Edit > Variables; "Keep this value secret" for tokens) it reads:',
  ]);
  text += `trigger:
  branches:
    include:
      - '*'
pool:
  vmImage: ubuntu-latest
variables:
  PONTE_VERSION: ${JSON.stringify(options.ponteVersion)}
steps:
- checkout: self
- task: NodeTool@0
  displayName: Install Node
  inputs:
    versionSpec: ${JSON.stringify(`${options.nodeVersion}.x`)}
`;
  if (needsPython(facts)) {
    text += `- task: UsePythonVersion@0
  displayName: Use Python ${options.pythonVersion}
  inputs:
    versionSpec: ${JSON.stringify(options.pythonVersion)}
`;
  }
  if (facts.requirements) {
    text += `- script: python3 -m pip install -r ${yamlScalar(facts.requirements)}
  displayName: Install the Python requirements
`;
  }
  text += `- script: npm install --global "ponte@$(PONTE_VERSION)"
  displayName: Install Ponte
`;
  for (const s of checkSteps(facts)) {
    text += step(s);
    if (s.id === 'test' && facts.junit) {
      text += `- task: PublishTestResults@2
  displayName: Publish the test results
  condition: succeededOrFailed()
  inputs:
    testResultsFormat: JUnit
    testResultsFiles: ${yamlScalar(facts.junit)}
    testRunTitle: ${yamlScalar(`${facts.project} tests`)}
`;
    }
  }
  const release = releaseStep(facts);
  if (release) text += step(release, `  condition: ${JSON.stringify(MAIN_ONLY)}\n`);
  return text;
}
