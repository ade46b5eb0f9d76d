// The one error type every face renders: a stable code, a message a user understands,
// an optional hint, and where in which file the problem is when there is such a place.

export interface ErrorLocation {
  file?: string;
  /** 1-based line, as a person counts. */
  line?: number;
  /** 1-based column. */
  column?: number;
}

export interface PonteErrorOptions extends ErrorLocation {
  hint?: string;
  cause?: unknown;
}

export class PonteError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(code: string, message: string, options: PonteErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PonteError';
    this.code = code;
    this.hint = options.hint;
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
  }

  /** `file:line:col` when known, else the file, else empty. */
  where(): string {
    if (!this.file) return '';
    if (this.line === undefined) return this.file;
    return `${this.file}:${this.line}${this.column === undefined ? '' : `:${this.column}`}`;
  }
}

export function isPonteError(e: unknown): e is PonteError {
  return e instanceof PonteError;
}

/** Wraps a Node system error (ENOENT, EACCES, ENOSPC...) into a PonteError naming the file. */
export function fromSystemError(e: unknown, file: string, action: string): PonteError {
  if (isPonteError(e)) return e;
  const err = e as NodeJS.ErrnoException;
  const hints: Record<string, string> = {
    ENOENT: 'check that the path exists',
    EACCES: 'check the file permissions',
    EPERM: 'check the file permissions',
    ENOSPC: 'the disk is full: free some space and try again',
    ELOOP: 'a symbolic link points back at itself',
    EISDIR: 'a directory was given where a file was expected',
    ENOTDIR: 'a file was given where a directory was expected',
    EROFS: 'the file system is read-only',
  };
  const code = err?.code ?? 'EIO';
  return new PonteError(`io.${code.toLowerCase()}`, `cannot ${action} ${file}: ${err?.message ?? String(e)}`, {
    file,
    hint: hints[code],
    cause: e,
  });
}
