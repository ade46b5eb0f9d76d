// `.ponte/server.json`: how a CLI or the extension finds the local server a workspace already
// runs. Written atomically with mode 0600 (it holds the token); removed on a clean exit; a file
// whose pid is dead is stale and ignored.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from './atomic-write';

export interface ServerFile {
  url: string;
  host: string;
  port: number;
  pid: number;
  token?: string;
  store: 'pglite' | 'postgres';
  startedAt: string;
}

export function serverFilePath(root: string): string {
  return path.join(root, '.ponte', 'server.json');
}

/** Creates `<root>/.ponte/` with a `.gitignore` of `*`, as DVC does for `.dvc/tmp`: the store,
 * the lock and server.json (which holds the token) must never be committed. */
export async function ensurePonteDir(root: string): Promise<string> {
  const dir = path.join(root, '.ponte');
  await fs.mkdir(dir, { recursive: true });
  const ignore = path.join(dir, '.gitignore');
  try {
    await fs.writeFile(ignore, '# written by Ponte: local state, never committed\n*\n', { flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return dir;
}

export async function writeServerFile(root: string, info: ServerFile): Promise<string> {
  const file = serverFilePath(root);
  await ensurePonteDir(root);
  await writeFileAtomic(file, JSON.stringify(info, null, 2) + '\n', 0o600);
  return file;
}

/** True when a process with this pid exists (EPERM: it exists but belongs to another user). */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live server recorded for `root`, or undefined when there is none or its process is gone. */
export async function readServerFile(root: string): Promise<ServerFile | undefined> {
  let info: ServerFile;
  try {
    info = JSON.parse(await fs.readFile(serverFilePath(root), 'utf8')) as ServerFile;
  } catch {
    return undefined;
  }
  if (!info || typeof info.url !== 'string' || !Number.isInteger(info.pid) || !isPidAlive(info.pid)) return undefined;
  return info;
}

/** Removes the file only when it still names this process (a newer server may have replaced it). */
export async function removeServerFile(root: string, pid: number = process.pid): Promise<void> {
  const file = serverFilePath(root);
  try {
    const info = JSON.parse(await fs.readFile(file, 'utf8')) as ServerFile;
    if (info.pid === pid) await fs.rm(file, { force: true });
  } catch {
    // already gone
  }
}
