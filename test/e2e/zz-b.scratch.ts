// SCRATCH (engineer B, not committed).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot } from './lib/paths.js';
import { openSession, type Session } from './lib/session.js';

let session: Session;
before(async () => {
  session = await openSession({ name: 'zz-b', extraFiles: { 'broken/ponte.yaml': join(repoRoot, 'test/fixtures/e2e/broken/ponte.yaml') }, hostTests: 'zz-b-scratch.host.ts' });
});
after(async () => session?.close());
test('host', { timeout: 300_000 }, async (t) => {
  const results = await session.hostResults();
  for (const r of results.tests) await t.test(r.name, () => assert.ok(r.ok, r.error));
});
test('views screenshot', async () => {
  await session.workbench.openViewContainer('Ponte');
  await session.workbench.screenshot('zz-b-views');
});
