// The command table: every `ponte <name>` maps to one module under commands/.
// Each feature adds its line here and nothing else in the CLI shell.
import type { CliCommand } from './command';
import { dataCommand } from './commands/data';
import { driftCommand } from './commands/drift';
import { runCommand } from './commands/run';
import { serveCommand } from './commands/serve';
import { validateCommand } from './commands/validate';

export const commands: Record<string, CliCommand> = {
  data: dataCommand,
  drift: driftCommand,
  run: runCommand,
  serve: serveCommand,
  validate: validateCommand,
};
