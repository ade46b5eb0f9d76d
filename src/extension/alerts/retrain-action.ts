// Retrain from the editor: `ponte retrain --deployment NAME --approve --json` through the CLI
// bridge, with a progress notification that names the running step and a Cancel button, then
// the result: the new version, or the step that failed and why (production keeps serving).
import * as vscode from 'vscode';
import type { RetrainResult } from '../../core/retrain';
import type { PonteContext } from '../context';

/** The workspace root whose ponte.yaml retrains this deployment (the first with a retrain block by default). */
export function retrainRoot(ctx: PonteContext, deployment?: string): { root: string; deployment?: string } | undefined {
  const models = ctx.project.models().filter((m) => m.config?.retrain);
  const m = models.find((x) => !deployment || x.config!.deployments.some((d) => d.name === deployment)) ?? models[0];
  return m && { root: m.root, deployment: deployment ?? m.config?.retrain?.promote ?? m.config?.monitor?.deployment };
}

export async function runRetrain(ctx: PonteContext, root: string, deployment: string | undefined): Promise<RetrainResult> {
  ctx.requireTrust('Ponte: Retrain');
  const args = ['retrain', ...(deployment ? ['--deployment', deployment] : []), '--approve', '--json'];
  const result = await ctx.withProgress(`Ponte: Retraining ${deployment ?? ''}`.trim(), async (signal, report) => {
    const answer = await ctx.cli.json<RetrainResult>(args, {
      cwd: root, backend: true, cancel: signal,
      onOutput: (text) => {
        for (const line of text.split('\n')) {
          if (line.trim()) ctx.log.info(`ponte retrain: ${line}`);
          // The CLI announces each step as "▶ step" and ends it with "✔ step: detail".
          const step = /^[▶✔✘·] (\w+)(?::\s*(.*))?$/u.exec(line);
          if (step) report(step[2] ? `${step[1]}: ${step[2]}` : `${step[1]}…`);
        }
      },
    });
    return answer.value;
  });
  void ctx.deployments?.reload();
  // No "awaiting approval" outcome: the core stops before the deploy only without --approve, and
  // the editor always passes it (clicking Retrain is the approval that retrain.mode ask waits for).
  if (result.ok) {
    void vscode.window.showInformationMessage(`Retrained ${result.deployment}: it now serves v${result.modelVersion}.`);
  } else {
    void vscode.window.showErrorMessage(`Retrain of ${result.deployment} failed at step ${result.failedStep}: ${result.reason}. Production keeps serving what it served.`, 'Show Output').then((c) => {
      if (c === 'Show Output') ctx.log.show(true);
    });
  }
  return result;
}
