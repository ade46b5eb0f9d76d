// The command table: every command id declared in package.json `contributes.commands` maps to its
// handler here, and test/unit/extension/commands.test.ts checks the two agree in both directions.
// A handler gets the PonteContext first, then the command's arguments; a throw is shown once.
import * as vscode from 'vscode';
import type { PonteContext } from './context';
import { alertCommands } from './alerts';
import { setBackendToken, showBackendStatus, startBackend, stopBackend } from './backend';
import { dashboardCommands } from './dashboard';
import { generateCiPipeline } from './ci';
import { dataCommands } from './data';
import { deploymentCommands } from './deployments';
import { validateWorkspace } from './diagnostics';
import { compareDatasetsForDrift } from './drift';
import { createPonteYaml, openPonteYaml } from './scaffold';
import { pipelineCommands } from './pipeline';
import { runTestsCommand } from './testing';
import { openFile, refreshViews, revealDefinition } from './views';

// `any` on the arguments: each handler types its own (a Uri, a tree node), which `unknown[]`
// would not accept.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type CommandHandler = (ctx: PonteContext, ...args: any[]) => unknown;

export const commandTable: Record<string, CommandHandler> = {
  'ponte.showOutput': (ctx) => ctx.log.show(),
  'ponte.refreshViews': refreshViews,
  'ponte.revealDefinition': revealDefinition,
  'ponte.openFile': openFile,
  'ponte.createPonteYaml': createPonteYaml,
  'ponte.openPonteYaml': openPonteYaml,
  'ponte.validateWorkspace': validateWorkspace,
  ...dataCommands,
  'ponte.compareDatasetsForDrift': compareDatasetsForDrift,
  'ponte.backend.start': startBackend,
  'ponte.backend.stop': stopBackend,
  'ponte.backend.showStatus': showBackendStatus,
  'ponte.backend.setToken': setBackendToken,
  ...pipelineCommands,
  'ponte.runTests': runTestsCommand,
  ...deploymentCommands,
  ...dashboardCommands,
  'ponte.generateCiPipeline': generateCiPipeline,
  ...alertCommands,
};

/**
 * The commands that only read and show, so they work in Restricted Mode. Every other command is
 * refused there before its handler runs (deny by default: a new command that runs a process,
 * git, Docker or the network is safe even if its handler forgets `ctx.requireTrust`).
 */
export const readOnlyCommands: ReadonlySet<string> = new Set([
  'ponte.showOutput',
  'ponte.refreshViews',
  'ponte.revealDefinition',
  'ponte.openFile',
  'ponte.createPonteYaml',
  'ponte.openPonteYaml',
  'ponte.validateWorkspace',
  'ponte.backend.showStatus',
]);

/** Registers every command of the table; a failure is logged and shown once, never thrown at the editor. */
export function registerCommands(ctx: PonteContext): void {
  const manifest = ctx.extension.extension?.packageJSON as { contributes?: { commands?: { command: string; title: string }[] } } | undefined;
  const declared = manifest?.contributes?.commands ?? [];
  for (const [id, handler] of Object.entries(commandTable)) {
    const title = declared.find((c) => c.command === id)?.title ?? id;
    ctx.subscriptions.push(
      vscode.commands.registerCommand(id, async (...args: unknown[]) => {
        try {
          if (!readOnlyCommands.has(id)) ctx.requireTrust(`Ponte: ${title}`);
          return await handler(ctx, ...args);
        } catch (e) {
          ctx.showError(e);
          return undefined;
        }
      }),
    );
  }
}
