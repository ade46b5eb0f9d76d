// How a PonteError reads in an editor notification: one line, the place, the hint, never a
// stack trace. Kept apart from context.ts so it is tested without the editor.
import { isPonteError } from '../core/errors';

/** `message (file:line:col). hint` for a PonteError; a short generic line for anything else. */
export function describeError(e: unknown): string {
  if (isPonteError(e)) {
    const where = e.where();
    const place = where && !e.message.includes(where) ? ` (${where})` : '';
    return `${e.message}${place}${e.hint ? `. ${e.hint}` : ''}`;
  }
  return `Ponte: unexpected error: ${(e as Error)?.message ?? String(e)}`;
}
