// Waiting on the outside world from an e2e test: poll until a condition holds, within a bound.
// A bound on waiting, never a timing assertion.

/** Polls `check` every 250 ms until it holds; throws "never happened: <what>" after timeoutMs. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`never happened: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
