// The command table: every `ponte <name>` maps to one module under commands/, loaded only when
// that command runs, so `ponte data status` does not pay for PGlite, the drift engine or the
// pipeline runner at start-up. Each feature adds its line here and nothing else in the CLI shell.
import type { CliCommand } from './command';

/* eslint-disable @typescript-eslint/no-require-imports -- lazy on purpose: see above */
export const commands: Record<string, () => CliCommand> = {
  alerts: () => (require('./commands/alerts') as typeof import('./commands/alerts')).alertsCommand,
  data: () => (require('./commands/data') as typeof import('./commands/data')).dataCommand,
  drift: () => (require('./commands/drift') as typeof import('./commands/drift')).driftCommand,
  exp: () => (require('./commands/exp') as typeof import('./commands/exp')).expCommand,
  feedback: () => (require('./commands/feedback') as typeof import('./commands/feedback')).feedbackCommand,
  gate: () => (require('./commands/gate') as typeof import('./commands/gate')).gateCommand,
  'log-metric': () => (require('./commands/log-metric') as typeof import('./commands/log-metric')).logMetricCommand,
  model: () => (require('./commands/model') as typeof import('./commands/model')).modelCommand,
  monitor: () => (require('./commands/monitor') as typeof import('./commands/monitor')).monitorCommand,
  run: () => (require('./commands/run') as typeof import('./commands/run')).runCommand,
  serve: () => (require('./commands/serve') as typeof import('./commands/serve')).serveCommand,
  status: () => (require('./commands/status') as typeof import('./commands/status')).statusCommand,
  test: () => (require('./commands/test') as typeof import('./commands/test')).testCommand,
  validate: () => (require('./commands/validate') as typeof import('./commands/validate')).validateCommand,
};
