// A server's life: open the store, listen, announce (one JSON line on stdout and
// .ponte/server.json), and on SIGINT/SIGTERM or the parent's disconnect close everything in
// order: stop listening, finish requests, close the store (its lock), remove server.json.
import { removeServerFile, writeServerFile } from '../core/workspace';
import { openStore, redactUrl, type SqlStore } from '../core/store';
import { createLogger, type Logger } from './log';
import type { ServeOptions } from './options';
import { watchDeployments } from './deployment-watch';
import { deploymentProxy } from './proxy';
import { startServer, type Mount, type RunningServer } from './server';
import { startWindowCloser } from './window-closer';
import { registerMonitorMetrics } from './monitor-metrics';
import { openEmfSink } from './cloudwatch-emf';

export interface ServerProcess {
  server: RunningServer;
  /** Resolves when the server has shut down (by a signal or by stop()). */
  done: Promise<void>;
  stop(): Promise<void>;
}

/** What other features add to a running server: mounts (the monitoring proxy) built over the store. */
export type ServerExtension = (store: SqlStore, log: Logger) => Mount[];

/** What `ponte serve` loads: the monitoring proxy under /deployments/. */
export const DEFAULT_EXTENSIONS: ServerExtension[] = [(store, log) => [deploymentProxy(store, log)]];

export async function runServer(options: ServeOptions, out: (line: string) => void = (l) => process.stdout.write(l), extensions: ServerExtension[] = DEFAULT_EXTENSIONS): Promise<ServerProcess> {
  const log = createLogger(options.logLevel);
  for (const { event, ...fields } of options.warnings) log.warn(event, fields);
  const emf = options.cloudwatchEmf && openEmfSink(options.cloudwatchEmf, out);
  // PGlite in a worker thread: the proxy's event loop only forwards and queues records.
  const store = await openStore({ url: options.db, dataDir: options.dataDir, root: options.root, thread: true });
  let server: RunningServer;
  try {
    const mounts = extensions.flatMap((x) => x(store, log));
    server = await startServer({ host: options.host, port: options.port, api: store, token: options.token, allowedHosts: options.allowedHosts, publicHealth: options.publicHealth, maxBody: options.maxBody, logger: log, mounts });
  } catch (e) {
    await store.close();
    emf?.close();
    throw e;
  }
  if (options.serverFile) {
    await writeServerFile(options.root, { url: server.url, host: options.host, port: server.port, pid: process.pid, token: options.token, store: store.kind, startedAt: new Date().toISOString() });
  }
  log.info('store.opened', { store: store.kind, where: options.db ? redactUrl(options.db) : (options.dataDir ?? '.ponte/db') });
  out(JSON.stringify({ event: 'listening', url: server.url, host: options.host, port: server.port, pid: process.pid, store: store.kind }) + '\n');

  const deployments = options.watchDeployments === false ? undefined : watchDeployments(store, log);
  const windows = startWindowCloser(store, log, { delivery: { cwd: options.root }, onClosed: emf && ((w) => emf.write(w)) });
  registerMonitorMetrics(server.registry, store);

  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      log.info('server.stopping');
      deployments?.stop();
      await server.close();
      await windows.stop();
      await store.close();
      emf?.close();
      if (options.serverFile) await removeServerFile(options.root);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('disconnect', onSignal);
      log.info('server.stopped');
      resolveDone();
    })());
  const onSignal = () => void stop();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Forked by the extension: when the editor goes away, so does its server.
  if (process.send) process.on('disconnect', onSignal);
  return { server, done, stop };
}
