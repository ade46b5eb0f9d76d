// The command table: every `ponte <name>` maps to one module under commands/, loaded only when
// that command runs, so `ponte data status` does not pay for PGlite, the drift engine or the
// pipeline runner at start-up. Each feature adds its line here and nothing else in the CLI shell.
// Every command is `guarded`: what it throws is rendered in one place (error[code], or JSON).
import { guarded, type CliCommand } from './command';

/* eslint-disable @typescript-eslint/no-require-imports -- lazy on purpose: see above */
export const commands: Record<string, () => CliCommand> = {
  build: () => guarded((require('./commands/build') as typeof import('./commands/build')).buildCommand),
  ci: () => guarded((require('./commands/ci') as typeof import('./commands/ci')).ciCommand),
  alerts: () => guarded((require('./commands/alerts') as typeof import('./commands/alerts')).alertsCommand),
  data: () => guarded((require('./commands/data') as typeof import('./commands/data')).dataCommand),
  deploy: () => guarded((require('./commands/deploy') as typeof import('./commands/deploy')).deployCommand),
  deployments: () => guarded((require('./commands/deploy') as typeof import('./commands/deploy')).deploymentsCommand),
  drift: () => guarded((require('./commands/drift') as typeof import('./commands/drift')).driftCommand),
  exp: () => guarded((require('./commands/exp') as typeof import('./commands/exp')).expCommand),
  export: () => guarded((require('./commands/export') as typeof import('./commands/export')).exportCommand),
  feedback: () => guarded((require('./commands/feedback') as typeof import('./commands/feedback')).feedbackCommand),
  gate: () => guarded((require('./commands/gate') as typeof import('./commands/gate')).gateCommand),
  'log-metric': () => guarded((require('./commands/log-metric') as typeof import('./commands/log-metric')).logMetricCommand),
  model: () => guarded((require('./commands/model') as typeof import('./commands/model')).modelCommand),
  monitor: () => guarded((require('./commands/monitor') as typeof import('./commands/monitor')).monitorCommand),
  predict: () => guarded((require('./commands/predict') as typeof import('./commands/predict')).predictCommand),
  retrain: () => guarded((require('./commands/retrain') as typeof import('./commands/retrain')).retrainCommand),
  rollback: () => guarded((require('./commands/deploy') as typeof import('./commands/deploy')).rollbackCommand),
  run: () => guarded((require('./commands/run') as typeof import('./commands/run')).runCommand),
  serve: () => guarded((require('./commands/serve') as typeof import('./commands/serve')).serveCommand),
  status: () => guarded((require('./commands/status') as typeof import('./commands/status')).statusCommand),
  test: () => guarded((require('./commands/test') as typeof import('./commands/test')).testCommand),
  undeploy: () => guarded((require('./commands/deploy') as typeof import('./commands/deploy')).undeployCommand),
  validate: () => guarded((require('./commands/validate') as typeof import('./commands/validate')).validateCommand),
};
