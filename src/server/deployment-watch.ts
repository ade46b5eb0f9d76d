// Keeps the backend honest about its deployments: at start and then every `intervalMs`, a
// running deployment whose live container is gone or stopped is marked `failed` (found by the
// container id the deploy recorded, on the engine its target names). An engine that does not
// answer is skipped quietly: the backend may serve a team with no Docker on its own machine.
import { checkEngine, dockerEngine, reconcileDeployments } from '../core/deploy';
import type { PonteApi } from '../core/api';
import type { Logger } from './log';

export interface DeploymentWatch {
  stop(): void;
  /** One pass now (tests, and the first pass at start). */
  check(): Promise<string[]>;
}

export function watchDeployments(api: PonteApi, log: Logger, intervalMs = 15_000): DeploymentWatch {
  let running: Promise<string[]> | undefined;
  const check = () =>
    (running ??= (async () => {
      try {
        const engine = dockerEngine();
        if (!(await checkEngine(engine).then(() => true, () => false))) return [];
        const failed = await reconcileDeployments(api, engine);
        for (const name of failed) log.warn('deployment.failed', { deployment: name, reason: 'its container is gone or stopped' });
        return failed;
      } catch (e) {
        log.error('deployment.watch_failed', { message: (e as Error).message });
        return [];
      } finally {
        running = undefined;
      }
    })());
  void check();
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), check };
}
