// The whole API suite against the embedded store (in-process), and over HTTP against a server on
// PGlite and one on a real PostgreSQL (scripts/start-postgres.sh starts a private cluster).
import { after, before, describe } from 'node:test';
import { apiSuite } from './lib/api-suite';
import { startBackend, type TestBackend } from './lib/backends';

for (const kind of ['pglite', 'postgres'] as const) {
  describe(`store on ${kind}`, () => {
    let b: TestBackend;
    before(async () => {
      b = await startBackend(kind);
    });
    after(async () => {
      await b?.close();
    });
    apiSuite({
      name: `embedded ${kind}`,
      api: () => b.store,
      listen: async (l) => b.store.subscribe(l),
    });
    apiSuite({
      name: `http ${kind}`,
      api: () => b.client,
      listen: (l) =>
        new Promise((resolve) => {
          const stop = b.client.subscribe(l, (connected) => {
            if (connected) resolve(stop);
          });
        }),
    });
  });
}
