// Entry of dist/server.js: the backend run as its own process (the extension forks it).
import { startServer } from './server';

const port = Number(process.env.PONTE_PORT ?? 0);
startServer({ host: '127.0.0.1', port }).then(
  (s) => process.stdout.write(JSON.stringify({ event: 'listening', host: s.host, port: s.port }) + '\n'),
  (e: Error) => {
    process.stderr.write(JSON.stringify({ event: 'error', message: e.message }) + '\n');
    process.exitCode = 1;
  },
);
