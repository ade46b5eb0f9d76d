// `ponte serve`: the backend in this process, until SIGINT/SIGTERM.
import type { CliCommand } from '../command';
import { exitCodeFor, parseCommandArgs } from '../command';
import { renderError } from '../output';
import { resolveServeOptions, serveArgs, serveHelp } from '../../server/options';
import { runServer } from '../../server/run';

export const serveCommand: CliCommand = {
  summary: 'start the backend: store, API and monitoring proxy',
  async run(argv) {
    try {
      const parsed = parseCommandArgs('serve', argv, serveArgs, serveHelp);
      if (!parsed) return 0;
      const running = await runServer(resolveServeOptions(parsed.values, process.env, 7777));
      await running.done;
      return 0;
    } catch (e) {
      process.stderr.write(renderError(e));
      return exitCodeFor(e);
    }
  },
};
