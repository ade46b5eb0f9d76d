// The options of `ponte serve` and of dist/server.js (the same server), from argv and the
// environment, checked before anything starts: a non-loopback bind without a token is refused,
// and a bad token or allowed host name is named before the store opens.
import { parseArgs } from 'node:util';
import * as path from 'node:path';
import { PonteError } from '../core/errors';
import { isLoopbackBind, parseAllowedHost } from './allowed-hosts';
import { LOG_LEVELS, type LogLevel } from './log';
import { DEFAULT_MAX_BODY } from './server';
import { emfOptions } from '../core/export';
import type { EmfTarget } from './cloudwatch-emf';
import { resolveToken, type ResolvedToken } from './token-source';

export interface ServeOptions {
  host: string;
  port: number;
  /** postgres:// URL; absent = embedded PGlite store. */
  db?: string;
  dataDir?: string;
  /** Workspace root: where .ponte/ (data, server.json) lives. */
  root: string;
  token?: string;
  /** Host names served besides loopback and the bind address, canonical. */
  allowedHosts: string[];
  /** Said in the log once the server has a logger (a token file others may read). */
  warnings: NonNullable<ResolvedToken['warning']>[];
  publicHealth: boolean;
  logLevel: LogLevel;
  maxBody: number;
  /** Write .ponte/server.json so CLIs and the extension find this server. */
  serverFile: boolean;
  /** Mark deployments whose container died as failed (default: on, when a Docker engine answers). */
  watchDeployments?: boolean;
  /** Each closed window as CloudWatch EMF lines. */
  cloudwatchEmf?: EmfTarget;
}

export const serveArgs = {
  host: { type: 'string' },
  port: { type: 'string' },
  db: { type: 'string' },
  'data-dir': { type: 'string' },
  root: { type: 'string' },
  token: { type: 'string' },
  'token-file': { type: 'string' },
  'allowed-host': { type: 'string', multiple: true },
  'public-health': { type: 'boolean' },
  'log-level': { type: 'string' },
  'max-body': { type: 'string' },
  'no-server-file': { type: 'boolean' },
  'cloudwatch-emf': { type: 'string' },
  'cloudwatch-namespace': { type: 'string' },
  'cloudwatch-dimension': { type: 'string', multiple: true },
} as const;

export const serveHelp = `Usage: ponte serve [options]

Starts the backend: the store, the HTTP API under /api/v1, /healthz and /metrics.

Options:
  --host HOST         address to bind (default 127.0.0.1); any other needs a token
  --port PORT         port (default 7777; 0 picks a free one)
  --db URL            PostgreSQL URL (or PONTE_DB); default: the embedded store
  --data-dir DIR      embedded store directory (default .ponte/db)
  --root DIR          workspace root holding .ponte/ (default: the current directory)
  --token TOKEN       require this bearer token; shows in ps: prefer the next two
  --token-file FILE   read the token from FILE (mode 600)
                      (or PONTE_TOKEN; --token, then --token-file, then PONTE_TOKEN)
  --allowed-host NAME also serve requests whose Host is NAME (repeatable; or
                      PONTE_ALLOWED_HOSTS, comma-separated); loopback names, and the
                      --host address, are always served
  --public-health     serve /healthz and /metrics without the token
  --log-level LEVEL   debug | info | warn | error | silent (default info)
  --max-body BYTES    limit of batch request bodies (default ${DEFAULT_MAX_BODY})
  --no-server-file    do not write .ponte/server.json
  --cloudwatch-emf FILE|-
                      also append each closed monitoring window to FILE (or stdout: -) as
                      CloudWatch Embedded Metric Format lines (or PONTE_CLOUDWATCH_EMF)
  --cloudwatch-namespace NS
                      their namespace (or PONTE_CLOUDWATCH_NAMESPACE; default Ponte)
  --cloudwatch-dimension KEY=VALUE
                      a dimension besides Deployment (repeatable; or
                      PONTE_CLOUDWATCH_DIMENSIONS, comma-separated)
`;

type Parsed = ReturnType<typeof parseArgs<{ options: typeof serveArgs; allowPositionals: true }>>['values'];

export function resolveServeOptions(values: Parsed, env: NodeJS.ProcessEnv, defaultPort: number): ServeOptions {
  const host = values.host ?? env.PONTE_HOST ?? '127.0.0.1';
  const portText = values.port ?? env.PONTE_PORT ?? String(defaultPort);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new PonteError('usage.bad_port', `--port must be a number from 0 to 65535, got '${portText}'`, { hint: '0 picks a free port' });
  }
  const logLevel = (values['log-level'] ?? env.PONTE_LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new PonteError('usage.bad_log_level', `--log-level must be one of ${LOG_LEVELS.join(', ')}, got '${logLevel}'`);
  }
  const maxText = values['max-body'] ?? String(DEFAULT_MAX_BODY);
  const maxBody = Number(maxText);
  if (!/^\d+$/.test(maxText) || maxBody < 1024) throw new PonteError('usage.bad_max_body', `--max-body must be a byte count of at least 1024, got '${maxText}'`);
  const { token, warning } = resolveToken({ flag: values.token, file: values['token-file'], env: env.PONTE_TOKEN });
  const allowedHosts = [
    ...(values['allowed-host'] ?? []).map((n) => parseAllowedHost(n, '--allowed-host')),
    ...(env.PONTE_ALLOWED_HOSTS ?? '').split(',').filter((n) => n.trim() !== '').map((n) => parseAllowedHost(n, 'PONTE_ALLOWED_HOSTS')),
  ];
  if (!isLoopbackBind(host) && !token) {
    throw new PonteError('serve.token_required', `refusing to listen on ${host} without a token: anyone who can reach it could read and change the store`, {
      hint: 'pass --token-file <file> or set PONTE_TOKEN (or --token <secret>), or bind to 127.0.0.1',
    });
  }
  const root = path.resolve(values.root ?? env.PONTE_ROOT ?? process.cwd());
  return {
    host,
    port,
    db: values.db ?? env.PONTE_DB ?? undefined,
    dataDir: values['data-dir'] ? path.resolve(values['data-dir']) : undefined,
    root,
    token,
    allowedHosts,
    warnings: warning ? [warning] : [],
    publicHealth: values['public-health'] ?? false,
    logLevel,
    maxBody,
    serverFile: !values['no-server-file'],
    cloudwatchEmf: emfTarget(values, env),
  };
}

function emfTarget(values: Parsed, env: NodeJS.ProcessEnv): EmfTarget | undefined {
  const out = values['cloudwatch-emf'] ?? (env.PONTE_CLOUDWATCH_EMF || undefined);
  if (out === undefined) {
    const orphan = (['cloudwatch-namespace', 'cloudwatch-dimension'] as const).find((k) => values[k] !== undefined);
    if (orphan) throw new PonteError('usage.bad_arguments', `--${orphan} has no effect without --cloudwatch-emf`, { hint: 'add --cloudwatch-emf FILE (or - for stdout), or set PONTE_CLOUDWATCH_EMF' });
    return undefined;
  }
  if (out === '') throw new PonteError('usage.bad_arguments', '--cloudwatch-emf needs a file, or - for stdout');
  const fromFlags = values['cloudwatch-dimension'] !== undefined;
  const dimensions = fromFlags ? values['cloudwatch-dimension']! : (env.PONTE_CLOUDWATCH_DIMENSIONS ?? '').split(',').filter((d) => d.trim() !== '');
  const options = emfOptions(values['cloudwatch-namespace'] ?? (env.PONTE_CLOUDWATCH_NAMESPACE || undefined), dimensions, {
    namespace: values['cloudwatch-namespace'] !== undefined ? '--cloudwatch-namespace' : 'PONTE_CLOUDWATCH_NAMESPACE',
    dimensions: fromFlags ? '--cloudwatch-dimension' : 'PONTE_CLOUDWATCH_DIMENSIONS',
  });
  return { out: out === '-' ? out : path.resolve(out), options };
}

/** Parses argv for dist/server.js, which has no CLI shell around it. */
export function parseServeArgv(argv: string[], env: NodeJS.ProcessEnv, defaultPort: number): ServeOptions {
  let values: Parsed;
  try {
    values = parseArgs({ args: argv, options: serveArgs, allowPositionals: true, strict: true }).values;
  } catch (e) {
    throw new PonteError('usage.bad_arguments', `server: ${(e as Error).message}`, { hint: 'see ponte serve --help' });
  }
  return resolveServeOptions(values, env, defaultPort);
}
