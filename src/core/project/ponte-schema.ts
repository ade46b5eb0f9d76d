// The schema of ponte.yaml: the MLOps loop around a DVC pipeline (datasets, tests, gates,
// container, deployments, monitoring, retraining), with the docs every hover shows.
import { bool, dict, enumOf, int, list, num, obj, oneOf, str, type SchemaNode } from './schema-model';
import { AUTO_METHOD_DOC, COLUMN_TYPE_DOCS, DRIFT_METHOD_DOCS } from './vocabulary';

const duration = (description: string) => str(description, { format: 'duration', examples: ['30s', '15m', '1h', '7d'] });

const ALERT_EVENTS = {
  drift: 'Data drift: the share of drifting features passed `monitor.drift.share`.',
  accuracy: 'Accuracy on labelled requests fell below `monitor.accuracy.min`.',
  latency: 'A latency percentile passed `monitor.latency`.',
  error_rate: 'The share of failed requests passed `monitor.error_rate.max`.',
};

const column = obj(
  'The checks one column must pass. Run as data tests by `ponte test`.',
  {
    type: enumOf('The type of the column\'s values.', COLUMN_TYPE_DOCS),
    min: num('The smallest value allowed (inclusive).'),
    max: num('The largest value allowed (inclusive).'),
    values: list('The allowed values (for `category` columns).', oneOf('An allowed value.', [str('A value.'), num('A value.'), bool('A value.')])),
    max_missing: num('The largest share of missing values allowed, from 0 to 1 (`0.01` = 1%).', { minimum: 0, maximum: 1, default: 0 }),
    nullable: bool('Whether missing values are allowed at all. `false` is the same as `max_missing: 0`.', { default: true }),
    unique: bool('Whether every value must be distinct (an id column).', { default: false }),
    pattern: str('A regular expression every (string) value must match.'),
  },
);

const dataset = obj(
  'A dataset, versioned next to the code.',
  {
    path: str('The file or directory, relative to ponte.yaml.', { format: 'project-path', examples: ['data/train.csv'] }),
    storage: enumOf(
      'How the data is versioned.',
      {
        dvc: 'In DVC\'s cache and remotes, with a `.dvc` file in git (the default). The `dvc` CLI works on the same repository.',
        'git-lfs': 'With Git LFS: the file is tracked by `.gitattributes` and pushed with git.',
      },
      { default: 'dvc' },
    ),
    format: enumOf('How the file is read for data checks and drift; guessed from the extension when absent.', {
      csv: 'Comma-separated values with a header row.',
      parquet: 'Apache Parquet.',
      jsonl: 'JSON lines: one object per line.',
    }),
    desc: str('What the dataset holds, shown in the Datasets view.'),
    schema: obj('Data checks run as tests by `ponte test`.', {
      columns: dict('The checks of each column, by column name.', 'column name', column),
      min_rows: int('The fewest rows the dataset may have.', { minimum: 0 }),
      max_rows: int('The most rows the dataset may have.', { minimum: 0 }),
    }),
  },
  { required: ['path'] },
);

const deployment = obj(
  'Where and how a model image runs.',
  {
    target: str('Where the model runs: `docker` (the local Docker engine, or `DOCKER_HOST`), or `docker://host:port` (an engine listening on tcp there).', { format: 'docker-target', examples: ['docker', 'docker://10.0.0.5:2375'] }),
    predict: str('The HTTP path of the prediction endpoint in the container, such as `/predict`.', { default: '/predict', format: 'http-path' }),
    strategy: enumOf(
      'How a new version replaces the running one.',
      {
        rolling: 'Start the new container beside the old one (one slot name), check its health, switch, then stop the old one.',
        'blue-green': 'Start the new container next to the old one, check its health, then switch the route at once.',
      },
      { default: 'rolling' },
    ),
    port: int('A fixed loopback port the live container is published on (default: one the engine picks). Two containers cannot share it, so a deploy stops the old one first (a short gap) and starts it again if the new one fails.', { minimum: 1, maximum: 65535 }),
    image: str('The image to run; defaults to `container.image`.'),
    health: str('The HTTP path of the health check; defaults to `container.health`.', { format: 'http-path' }),
    env: dict('Environment variables set in the container.', 'variable name', oneOf('A value.', [str('A value.'), num('A value.'), bool('A value.')])),
    resources: obj('Resource limits of the container.', {
      cpus: num('CPU cores it may use (fractions allowed), such as `1.5`.', { minimum: 0.01 }),
      memory: str('Memory it may use, such as `512m` or `2g` (Docker\'s units: b, k, m, g).', { format: 'memory', examples: ['512m', '2g'] }),
    }),
  },
  { required: ['target'] },
);

const alert = obj(
  'An alert rule: which event fires it and where it goes (always to the editor and `/metrics`; also to a webhook or a command when given).',
  {
    on: enumOf('The event that fires the alert.', ALERT_EVENTS),
    webhook: str('An URL that receives a JSON POST for each alert.', { format: 'url' }),
    command: str('A command run for each alert, with the alert as JSON on its standard input.'),
    cooldown: duration('The shortest time between two alerts of this rule, such as `15m`.'),
    after: int('How many bad windows in a row fire the alert (default 1).', { minimum: 1 }),
    resolve_after: int('How many good windows in a row resolve it (default 2).', { minimum: 1 }),
  },
  // With neither webhook nor command the alert reaches the editor (and the event stream) only.
  { required: ['on'] },
);

const driftMethod = enumOf('The statistical test used to judge drift.', { auto: AUTO_METHOD_DOC, ...DRIFT_METHOD_DOCS }, { default: 'auto' });

export const ponteSchema: SchemaNode = obj(
  'ponte.yaml: the MLOps loop around a DVC pipeline.',
  {
    version: int('The version of the ponte.yaml format. Only `1` exists.', { enum: [1], default: 1 }),
    project: str('The project\'s name: used to tag images and to group runs in the store.'),
    datasets: dict('The datasets of the project, by name. Other keys (`monitor.reference`, `retrain.data.dataset`) refer to these names.', 'dataset name', dataset, { keyFormat: 'name' }),
    pipeline: str('The DVC pipeline file that holds the stages, relative to ponte.yaml.', { default: 'dvc.yaml' }),
    tests: obj(
      'The test suite `ponte test` runs; its JUnit results show in VS Code\'s Testing view.',
      {
        command: str('The command that runs the tests, such as `python3 -m pytest tests`.'),
        junit: str('The JUnit XML report the command writes, such as `reports/junit.xml`.', { format: 'project-path', examples: ['reports/junit.xml'] }),
        cwd: str('The directory the command runs in, relative to ponte.yaml.', { default: '.' }),
        timeout: duration('How long the tests may run before they are stopped.'),
        env: dict('Environment variables set for the command.', 'variable name', oneOf('A value.', [str('A value.'), num('A value.'), bool('A value.')])),
      },
      { required: ['command'] },
    ),
    gates: obj(
      'The thresholds a trained model must pass before it may be promoted.',
      {
        metrics: {
          ...oneOf('The metrics file(s) the pipeline writes (JSON or YAML), such as `metrics.json`.', [
            str('A metrics file.', { format: 'project-path', examples: ['metrics.json'] }),
            list('Metrics files.', str('A metrics file.', { format: 'project-path', examples: ['metrics.json'] })),
          ]),
          default: 'metrics.json',
        },
        rules: dict(
          'One rule per metric: a comparison with a number, or with the deployed model\'s value: `">= 0.85"`, `"<= 200"`, `">= production - 0.02"`.',
          'metric name',
          str('A gate rule: `>=`, `>`, `<=`, `<`, `==` or `!=`, then a number or `production` [`+`|`-`|`*` number].', {
            format: 'gate-rule',
            examples: ['>= 0.85', '>= production - 0.02'],
          }),
        ),
      },
      { required: ['rules'] },
    ),
    model: obj(
      'The trained model the pipeline produces.',
      {
        path: str('The model file or directory, relative to ponte.yaml (an out of a stage).', { format: 'project-path', examples: ['models/model.pkl'] }),
        name: str('A name for the model in the registry; defaults to the project name.', { format: 'name' }),
        framework: str('The library that trained it, such as `sklearn`; informative.'),
      },
      { required: ['path'] },
    ),
    container: obj(
      'How the model is packaged as a Docker image.',
      {
        dockerfile: str('A Dockerfile of your own, relative to ponte.yaml. Give this or `generate`.'),
        generate: obj('Let Ponte write the Dockerfile. Give this or `dockerfile`.', {
          base: str('The base image, such as `python:3.12-slim`.'),
          serve: str('The Python module that serves predictions (a FastAPI app), such as `src/serve.py`.'),
          requirements: str('A requirements file installed into the image.'),
        }, { required: ['base', 'serve'] }),
        context: str('The build context directory, relative to ponte.yaml.', { default: '.' }),
        image: str('The image name; tags are added per run.'),
        port: int('The port the server listens on inside the container.', { minimum: 1, maximum: 65535, default: 8080 }),
        health: str('The HTTP path that answers 200 when the model is ready, such as `/health`.', { default: '/health', format: 'http-path' }),
        build_args: dict('`--build-arg` values for the build.', 'build argument', oneOf('A value.', [str('A value.'), num('A value.'), bool('A value.')])),
        labels: dict('Extra image labels.', 'label', str('A label value.')),
      },
      { exclusive: [['dockerfile', 'generate']], requireOneOf: ['dockerfile', 'generate'] },
    ),
    deployments: dict('Where the model runs, by name. `monitor.deployment` and `retrain.promote` refer to these names.', 'deployment name', deployment, { keyFormat: 'name' }),
    monitor: obj(
      'Monitoring in production: requests through the proxy are recorded and compared with a reference dataset.',
      {
        deployment: str('The deployment to monitor.', { ref: 'deployment' }),
        reference: str('The dataset production data is compared with for drift.', { ref: 'dataset' }),
        features: list('The input fields to record and check for drift.', str('A feature name.')),
        prediction: str('The field of the model\'s answer that holds the prediction.'),
        label: str('The field that holds the true label when it arrives at the feedback endpoint.'),
        window: obj(
          'How many recent requests each report covers: a count or a duration.',
          {
            size: int('The number of most recent requests.', { minimum: 1 }),
            duration: duration('The time span of recent requests, such as `1h`.'),
          },
          { exclusive: [['size', 'duration']], requireOneOf: ['size', 'duration'] },
        ),
        drift: obj('Data drift detection per feature.', {
          method: driftMethod,
          threshold: num('The threshold of the method: a p-value for ks/chisquare, a distance or index for the others.', { minimum: 0 }),
          share: num('The share of drifting features (0–1) that counts as dataset drift and fires the alert.', { minimum: 0, maximum: 1, default: 0.5 }),
          columns: dict('Per-column overrides of method and threshold.', 'column name', obj('The drift settings of one column.', {
            method: driftMethod,
            threshold: num('The threshold for this column.', { minimum: 0 }),
          })),
        }),
        latency: obj('Latency objectives; passing one fires a `latency` alert.', {
          p50_ms: num('The median latency allowed, in milliseconds.', { minimum: 0 }),
          p95_ms: num('The 95th percentile latency allowed, in milliseconds.', { minimum: 0 }),
          p99_ms: num('The 99th percentile latency allowed, in milliseconds.', { minimum: 0 }),
        }),
        accuracy: obj(
          'Accuracy on requests whose label arrived; falling below `min` fires an `accuracy` alert.',
          {
            metric: enumOf('The metric computed on labelled requests.', {
              accuracy: 'Share of correct predictions.',
              f1: 'F1 score of the positive class.',
              precision: 'Precision of the positive class.',
              recall: 'Recall of the positive class.',
              auc: 'Area under the ROC curve (needs a probability).',
            }, { default: 'accuracy' }),
            min: num('The lowest value allowed.', { minimum: 0, maximum: 1 }),
            threshold: num('A predicted probability at or above it counts as the positive class.', { minimum: 0, maximum: 1, default: 0.5 }),
          },
          { required: ['min'] },
        ),
        error_rate: obj('Failed requests; passing `max` fires an `error_rate` alert.', {
          max: num('The largest share of failed requests (0–1).', { minimum: 0, maximum: 1 }),
        }, { required: ['max'] }),
        alerts: list('Where alerts go.', alert),
      },
      { required: ['deployment'] },
    ),
    retrain: obj('Continuous retraining: what an alert triggers.', {
      on: oneOf('The alert events that start retraining.', [enumOf('An alert event.', ALERT_EVENTS), list('Alert events.', enumOf('An alert event.', ALERT_EVENTS))]),
      mode: enumOf('Whether retraining starts by itself.', {
        ask: 'Ask in VS Code (or wait for `ponte retrain --approve`) before retraining.',
        auto: 'Retrain, gate, build and deploy without asking; every step goes to the audit log.',
      }, { default: 'ask' }),
      data: obj('The data to retrain on.', {
        dataset: str('The dataset that receives the new data.', { ref: 'dataset' }),
        append_production: bool('Append the production window (with its labels) to the dataset as a new version.', { default: false }),
      }, { required: ['dataset'] }),
      stages: list('The pipeline stages to run; all of them when absent.', str('A stage name from the pipeline.', { ref: 'stage' })),
      promote: str('The deployment that receives the retrained model when the gates pass.', { ref: 'deployment' }),
    }),
  },
);
