// `ponte serve --cloudwatch-emf FILE|-`: each closed monitoring window as CloudWatch Embedded
// Metric Format lines, for the CloudWatch agent (which tails FILE) or Lambda (which reads
// stdout). Each line goes out in one write on a file opened for appending, so a reader never sees
// half a line; a write that fails half-way is cut back off the file.
import { closeSync, fstatSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import type { MonitoringWindow } from '../core/api';
import { fromSystemError } from '../core/errors';
import { emfLines, type EmfOptions } from '../core/export';

export interface EmfTarget {
  /** A file to append to, or `-` for stdout. */
  out: string;
  options: EmfOptions;
}

export interface EmfSink {
  write(window: MonitoringWindow): void;
  close(): void;
}

/** Opens the file now, so a path that cannot be written stops `ponte serve` before it listens. */
export function openEmfSink(target: EmfTarget, stdout: (line: string) => void = (l) => process.stdout.write(l)): EmfSink {
  if (target.out === '-') {
    return { write: (w) => emfLines(w, target.options).forEach((l) => stdout(l + '\n')), close: () => undefined };
  }
  let fd: number;
  try {
    fd = openSync(target.out, 'a', 0o644);
  } catch (e) {
    throw fromSystemError(e, target.out, 'open the CloudWatch EMF file');
  }
  return {
    write(w) {
      for (const line of emfLines(w, target.options)) appendLine(fd, Buffer.from(line + '\n'), target.out);
    },
    close: () => closeSync(fd),
  };
}

function appendLine(fd: number, bytes: Buffer, file: string): void {
  const size = fstatSync(fd).size;
  try {
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
  } catch (e) {
    try {
      ftruncateSync(fd, size);
    } catch {
      // The write's own error says more than this one.
    }
    throw fromSystemError(e, file, 'append to');
  }
}
