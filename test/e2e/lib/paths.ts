// Where the e2e suite finds the repository, its outputs and the code-server cache.
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export const repoRoot = join(dirname(__filename), '..', '..', '..');
/** Screenshots land here (gitignored), one PNG per named step. */
export const resultsDir = join(repoRoot, 'test-results');
/** code-server and Node 24 live outside the repository: 620 MB, installed once. */
export const cacheDir = process.env.PONTE_CACHE ?? join(homedir(), '.cache', 'ponte');
export const codeServerVersion = '4.139.1';
export const node24 = join(cacheDir, 'node24', 'bin', 'node');
export const codeServerEntry = join(cacheDir, `code-server-${codeServerVersion}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromium = process.env.PONTE_CHROMIUM ?? '/usr/bin/chromium';
