// Entry of dist/server.js: the backend run as its own process (the extension forks it with
// VS Code's runtime). Same options as `ponte serve`; port 0 (a free one) unless told otherwise.
import { isPonteError } from '../core/errors';
import { parseServeArgv } from './options';
import { runServer } from './run';

async function main(): Promise<number> {
  const options = parseServeArgv(process.argv.slice(2), process.env, 0);
  const running = await runServer(options);
  await running.done;
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    // One JSON line, like the rest of the log: the extension reads it and shows the message.
    const err = isPonteError(e) ? { code: e.code, message: e.message, hint: e.hint } : { code: 'internal', message: (e as Error)?.message ?? String(e) };
    process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level: 'error', event: 'server.failed', ...err }) + '\n');
    process.exitCode = 1;
  },
);
