// The command table: every `ponte <name>` maps to one module under commands/.
// Each feature adds its line here and nothing else in the CLI shell.
import type { CliCommand } from './command';
import { dataCommand } from './commands/data';
import { driftCommand } from './commands/drift';
import { expCommand } from './commands/exp';
import { gateCommand } from './commands/gate';
import { logMetricCommand } from './commands/log-metric';
import { runCommand } from './commands/run';
import { serveCommand } from './commands/serve';
import { statusCommand } from './commands/status';
import { testCommand } from './commands/test';
import { validateCommand } from './commands/validate';

export const commands: Record<string, CliCommand> = {
  data: dataCommand,
  drift: driftCommand,
  exp: expCommand,
  gate: gateCommand,
  'log-metric': logMetricCommand,
  run: runCommand,
  serve: serveCommand,
  status: statusCommand,
  test: testCommand,
  validate: validateCommand,
};
