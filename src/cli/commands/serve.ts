// `ponte serve`: the backend in this process, until SIGINT/SIGTERM.
import type { CliCommand } from '../command';
import { parseCommandArgs } from '../command';
import { resolveServeOptions, serveArgs, serveHelp } from '../../server/options';
import { runServer } from '../../server/run';

export const serveCommand: CliCommand = {
  summary: 'start the backend: store, API and monitoring proxy',
  grammar: { options: serveArgs },
  async run(argv) {
    const parsed = parseCommandArgs('serve', argv, serveArgs, serveHelp);
    if (!parsed) return 0;
    const running = await runServer(resolveServeOptions(parsed.values, process.env, 7777));
    await running.done;
    return 0;
  },
};
