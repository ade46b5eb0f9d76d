// Where the server's bearer token comes from, in order: --token, --token-file FILE, PONTE_TOKEN.
// A file or the environment keep it out of `ps`; the extension passes its local server's token
// through the environment. A token file others may read is served with a warning, not refused:
// container platforms mount secrets 0644 (Kubernetes) or 0444 (Docker) where only they reach.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { PonteError } from '../core/errors';

export interface TokenSources {
  flag?: string;
  file?: string;
  env?: string;
}

export interface ResolvedToken {
  token?: string;
  /** Set when the token file's mode lets group or others in. */
  warning?: { event: string; message: string; hint: string; file: string };
}

/** Visible ASCII: what an Authorization header carries without quoting or folding. */
const TOKEN_SYNTAX = /^[\x21-\x7e]+$/;

export function resolveToken(sources: TokenSources): ResolvedToken {
  if (sources.flag !== undefined) return { token: checked(sources.flag, '--token') };
  if (sources.file !== undefined) return readTokenFile(path.resolve(sources.file));
  return { token: sources.env ? checked(sources.env, 'PONTE_TOKEN') : undefined };
}

function checked(token: string, source: string): string {
  if (!TOKEN_SYNTAX.test(token)) {
    throw new PonteError('usage.bad_token', `${source}: the token must be printable ASCII without spaces${token === '' ? ', and not empty' : ''}`, {
      hint: 'make one with: openssl rand -hex 32',
    });
  }
  return token;
}

function readTokenFile(file: string): ResolvedToken {
  let text: string;
  let mode: number;
  try {
    mode = statSync(file).mode;
    text = readFileSync(file, 'utf8');
  } catch (e) {
    // The file is named by `file`, which every face prints before the message.
    throw new PonteError('usage.bad_token_file', `cannot read the token file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, {
      file,
      hint: 'write the token alone in a file readable by this user: openssl rand -hex 32 > token && chmod 600 token',
    });
  }
  const token = checked(text.trim(), `the token file ${file}`);
  if (process.platform === 'win32' || (mode & 0o077) === 0) return { token };
  return {
    token,
    warning: {
      event: 'token_file.open_mode',
      message: `the token file ${file} has mode ${(mode & 0o777).toString(8).padStart(3, '0')}: other users of this machine may read it`,
      hint: `chmod 600 ${file}`,
      file,
    },
  };
}
