// One side of a comparison as a job that can run in this thread or in a worker thread: load a
// file (exact: columns sorted in place; sketch: folded into a profile). The result crosses the
// thread boundary as plain data with the typed arrays transferred, not copied.
import type { Column, Table } from './columns';
import { releaseSortScratch, sortFloat64 } from './radix-sort';
import { ExactSink, readTable, type LoadOptions } from './load';
import { profileToWire, SketchSink, wireBuffers, type ProfileWire } from './sketch';

export interface LoadJob {
  file: string;
  mode: 'exact' | 'sketch';
  options: Omit<LoadOptions, 'onProgress'>;
}

export type LoadJobResult =
  | { mode: 'exact'; table: Table }
  | { mode: 'sketch'; profile: ProfileWire };

export async function runLoadJob(job: LoadJob, onProgress?: (read: number, total: number) => void): Promise<LoadJobResult> {
  if (job.mode === 'exact') {
    const sink = new ExactSink({ countCategories: true });
    const format = await readTable(job.file, sink, { ...job.options, onProgress });
    // sorting here lets two workers sort both sides at once
    for (const c of sink.columns) {
      if (c.kind === 'numeric') {
        sortFloat64(c.values);
        c.sorted = true;
      }
    }
    releaseSortScratch();
    return { mode: 'exact', table: { file: job.file, format, rows: sink.rows, columns: sink.columns } };
  }
  const sink = new SketchSink();
  await readTable(job.file, sink, { ...job.options, onProgress });
  return { mode: 'sketch', profile: profileToWire({ file: job.file, rows: sink.rows, columns: sink.columns }) };
}

/** The buffers to transfer with a result. */
export function transferablesOf(result: LoadJobResult): ArrayBuffer[] {
  if (result.mode !== 'exact') return wireBuffers(result.profile);
  return result.table.columns.flatMap((c: Column) => (c.kind === 'numeric' ? [c.values.buffer] : c.counts ? [c.counts.buffer, c.codes.buffer] : [c.codes.buffer]) as ArrayBuffer[]);
}
