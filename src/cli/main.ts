// The `ponte` command line: parses the command name, dispatches through the command table,
// and renders a PonteError as `error[code]: message` with its hint. Never a stack trace, not
// even when the reader of its output goes away.
import { commands } from './commands';
import { didYouMeanOf } from './command';
import { PonteError } from '../core/errors';
import { closestNames } from '../core/project';
import { CLOSED_PIPE_EXIT, endQuietlyOnClosedOutput, isClosedPipe, renderError } from './output';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name]() : undefined;
  if (!command) {
    const near = didYouMeanOf(closestNames(name, Object.keys(commands)));
    process.stderr.write(renderError(new PonteError('usage.unknown_command', `unknown command '${name}'${near}`, { hint: "run 'ponte --help' to list the commands" })));
    return 2;
  }
  return command.run(rest);
}

declare const PONTE_VERSION: string | undefined;
const VERSION = typeof PONTE_VERSION === 'string' ? PONTE_VERSION : '0.1.0';

function usage(): string {
  const lines = Object.entries(commands).map(([n, load]) => `  ${n.padEnd(14)} ${load().summary}`);
  return `ponte — MLOps from the terminal and CI\n\nUsage: ponte <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun 'ponte <command> --help' for a command's options.\n`;
}

endQuietlyOnClosedOutput();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // A write that failed at once (not through the stream's error event) is the same closed pipe.
    if (isClosedPipe(e)) process.exit(CLOSED_PIPE_EXIT);
    process.stderr.write(renderError(e));
    process.exitCode = 1;
  },
);
