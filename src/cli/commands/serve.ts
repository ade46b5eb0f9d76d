// `ponte serve`: starts the backend in this process.
import type { CliCommand } from '../command';
import { startServer } from '../../server/server';

export const serveCommand: CliCommand = {
  summary: 'start the backend: store, API and monitoring proxy',
  async run(argv) {
    const port = Number(argv[argv.indexOf('--port') + 1] ?? 0) || 7777;
    const server = await startServer({ host: '127.0.0.1', port });
    process.stdout.write(`ponte serve: listening on http://${server.host}:${server.port}\n`);
    return new Promise<number>(() => undefined);
  },
};
