// Delivering an alert beyond the editor: a webhook (POST of the alert as JSON, with a timeout and
// retries with exponential backoff; what still fails is handed back for a dead-letter record) and
// a command (run with the alert as JSON on stdin; its words are split here, as a shell would split
// them but with no expansion at all, and run without a shell).
import { spawn } from 'node:child_process';
import { PonteError } from '../errors';

export interface WebhookOptions {
  attempts?: number;
  backoffMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface DeliveryResult {
  ok: boolean;
  attempts: number;
  /** The last HTTP status, or the last error's message. */
  last: string;
}

export async function deliverWebhook(url: string, payload: unknown, o: WebhookOptions = {}): Promise<DeliveryResult> {
  const attempts = o.attempts ?? 4;
  let last = '';
  for (let i = 1; i <= attempts; i++) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'ponte-alerts' },
        body: JSON.stringify(payload),
        signal: o.signal ? AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs ?? 5000)]) : AbortSignal.timeout(o.timeoutMs ?? 5000),
        redirect: 'error',
      });
      last = `HTTP ${res.status}`;
      await res.body?.cancel();
      if (res.ok) return { ok: true, attempts: i, last };
      // A client error will not get better by retrying (except 408 and 429).
      if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) return { ok: false, attempts: i, last };
    } catch (e) {
      last = (e as Error).message;
      if (o.signal?.aborted) return { ok: false, attempts: i, last };
    }
    if (i < attempts) await new Promise((r) => setTimeout(r, (o.backoffMs ?? 500) * 2 ** (i - 1)));
  }
  return { ok: false, attempts, last };
}

/** Splits a command line into words: quotes and backslashes as in a POSIX shell, nothing expanded. */
export function commandWords(line: string): string[] {
  const words: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw badCommand(line, 'a quote is not closed');
      cur += line.slice(i + 1, end);
      has = true;
      i = end;
    } else if (ch === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && '"\\$`'.includes(line[j + 1] ?? '')) j++;
        else if (line[j] === '$' || line[j] === '`') throw badCommand(line, `"${line[j]}" would be expanded by a shell; Ponte runs commands without one`);
        cur += line[j];
      }
      if (j >= line.length) throw badCommand(line, 'a quote is not closed');
      has = true;
      i = j;
    } else if (ch === '\\') {
      cur += line[++i] ?? '';
      has = true;
    } else if (/\s/.test(ch)) {
      if (has) words.push(cur);
      cur = '';
      has = false;
    } else if ('|&;<>()$`*?[]{}~'.includes(ch)) {
      throw badCommand(line, `"${ch}" is shell syntax; Ponte runs commands without a shell`);
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has) words.push(cur);
  if (words.length === 0) throw badCommand(line, 'it is empty');
  return words;
}

function badCommand(line: string, why: string): PonteError {
  return new PonteError('alert.bad_command', `the alert command "${line}" cannot be run: ${why}`, {
    hint: 'name a program and its arguments (quotes allowed), e.g. command: "python3 scripts/notify.py --channel ml"; put pipes and redirections in a script',
  });
}

export interface CommandResult {
  ok: boolean;
  code: number | null;
  /** The last lines it wrote to stderr. */
  stderr: string;
}

export function runAlertCommand(line: string, payload: unknown, o: { cwd?: string; timeoutMs?: number } = {}): Promise<CommandResult> {
  const [program, ...args] = commandWords(line);
  return new Promise((resolve) => {
    const child = spawn(program, args, { cwd: o.cwd, stdio: ['pipe', 'ignore', 'pipe'], timeout: o.timeoutMs ?? 30_000 });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    child.on('error', (e) => resolve({ ok: false, code: null, stderr: e.message }));
    child.on('close', (code) => resolve({ ok: code === 0, code, stderr: stderr.trim() }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify(payload));
  });
}
