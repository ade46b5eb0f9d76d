// `--backend URL` / PONTE_BACKEND for every command that talks to the backend. The order:
// an explicit URL (remote, token from --token or PONTE_TOKEN); else the local server this
// workspace runs (found through .ponte/server.json, with the token recorded there); else the
// store itself, embedded (PGlite in .ponte/db) or PostgreSQL when PONTE_DB is set.
import { HttpClient, type PonteApi } from '../core/api';
import { readServerFile } from '../core/workspace';
import { PonteError } from '../core/errors';
import { openStore } from '../core/store';
import type { Options } from './command';

/** Spread into a command's parseArgs options. */
export const backendOptions = {
  backend: { type: 'string' },
  token: { type: 'string' },
} as const satisfies Options;

export const backendHelp = `  --backend URL     the Ponte backend to use (or PONTE_BACKEND); default: the local server or store
  --token TOKEN     bearer token for the backend (or PONTE_TOKEN)
`;

export interface BackendChoice {
  api: PonteApi;
  /** `remote`: --backend; `local-server`: found via .ponte/server.json; `embedded`: the store in-process. */
  kind: 'remote' | 'local-server' | 'embedded';
  describe: string;
}

export interface ResolveBackendOptions {
  backend?: string;
  token?: string;
  /** Workspace root: where .ponte/ lives. Default: the current directory. */
  root?: string;
  env?: NodeJS.ProcessEnv;
}

export async function resolveBackend(options: ResolveBackendOptions = {}): Promise<BackendChoice> {
  const env = options.env ?? process.env;
  const root = options.root ?? process.cwd();
  const url = options.backend ?? env.PONTE_BACKEND;
  const token = options.token ?? env.PONTE_TOKEN;
  if (url) {
    if (!/^https?:\/\/[^/\s]+/.test(url)) {
      throw new PonteError('usage.bad_backend_url', `--backend must be an http(s) URL, got '${url}'`, { hint: 'e.g. --backend http://127.0.0.1:7777' });
    }
    return { api: new HttpClient({ url, token }), kind: 'remote', describe: url };
  }
  const running = await readServerFile(root);
  if (running) {
    // The recorded token is the one that server takes; PONTE_TOKEN may be meant for a remote one.
    const client = new HttpClient({ url: running.url, token: running.token ?? token });
    try {
      await client.health();
      return { api: client, kind: 'local-server', describe: `${running.url} (pid ${running.pid})` };
    } catch {
      // recorded but not answering: fall back to the store itself
    }
  }
  const store = await openStore({ url: env.PONTE_DB, root });
  return { api: store, kind: 'embedded', describe: env.PONTE_DB ? 'PostgreSQL (PONTE_DB)' : 'embedded store in .ponte/db' };
}
