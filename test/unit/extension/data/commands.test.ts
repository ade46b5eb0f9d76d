// The data commands' pieces that need no editor: the Push/Pull summary and how a cancelled job
// ends (as the `cancelled` error the command wrapper does not show, never as a failure).
import '../fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PonteError } from '../../../../src/core/errors';
import type { PonteContext } from '../../../../src/extension/context';
import { dataJob, transferSummary } from '../../../../src/extension/data/commands';

test('push and pull summaries count objects in the singular and the plural', () => {
  assert.equal(transferSummary('push', { remote: 'local', transferred: 1, skipped: 0, missing: [] }), "Ponte: pushed 1 object to 'local', 0 already there");
  assert.equal(transferSummary('pull', { remote: 'local', transferred: 2, skipped: 1, missing: [] }), "Ponte: fetched 2 objects from 'local', 1 already cached");
});

test('objects missing on the other side name their data and what to do', () => {
  assert.equal(
    transferSummary('pull', { remote: 'local', transferred: 0, skipped: 0, missing: ['x', 'y'], missingPaths: ['data/a.csv'] }),
    "Ponte: fetched 0 objects from 'local', 0 already cached; 2 not on the remote (data/a.csv): push them from where they were added",
  );
  assert.equal(
    transferSummary('push', { remote: 'r', transferred: 0, skipped: 3, missing: ['x'], missingPaths: ['m', 'n'] }),
    "Ponte: pushed 0 objects to 'r', 3 already there; 1 missing from the cache (m, n): add or pull them first",
  );
});

/** A context whose progress notification hands the job this signal, as the editor's would. */
function withSignal(signal: AbortSignal): { ctx: PonteContext } {
  return { ctx: { withProgress: (_title: string, task: (s: AbortSignal, r: (m: string) => void) => Promise<unknown>) => task(signal, () => undefined) } as unknown as PonteContext };
}

test('a job the user cancelled ends with the cancel reason, not the error the job threw', async () => {
  const abort = new AbortController();
  const reason = new PonteError('cancelled', 'Ponte: pushing data: cancelled');
  abort.abort(reason);
  const job = dataJob(withSignal(abort.signal), 'Ponte: pushing data', async () => {
    throw new PonteError('data.cancelled', 'the operation was cancelled', { hint: 'run it again to finish' });
  });
  await assert.rejects(job, (e) => e === reason);
});

test('a job that fails on its own keeps its error; one that succeeds returns its value', async () => {
  const own = new PonteError('data.remote_missing', 'no such remote folder');
  await assert.rejects(dataJob(withSignal(new AbortController().signal), 't', async () => Promise.reject(own)), (e) => e === own);
  assert.equal(await dataJob(withSignal(new AbortController().signal), 't', async () => 42), 42);
});
