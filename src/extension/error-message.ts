// How a PonteError reads in an editor notification: one line with the message, the place, the
// hint and the code, never a stack trace. Kept apart from context.ts so it is tested without the editor.
import { isPonteError } from '../core/errors';

/**
 * `message (file:line:col). hint [code]` for a PonteError; a short generic line for anything
 * else. `relative` shortens the file for display (the editor's workspace-relative path).
 */
export function describeError(e: unknown, relative: (file: string) => string = (f) => f): string {
  if (isPonteError(e)) {
    const file = e.file ? relative(e.file) : undefined;
    const where = file ? [file, e.line, e.line === undefined ? undefined : e.column].filter((x) => x !== undefined).join(':') : '';
    const place = where && !e.message.includes(where) ? ` (${where})` : '';
    return `${e.message}${place}${e.hint ? `. ${e.hint}` : ''} [${e.code}]`;
  }
  return `Ponte: unexpected error: ${(e as Error)?.message ?? String(e)}`;
}
