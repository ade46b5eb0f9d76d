// The shape of every API input, checked by the store itself so the embedded store, the HTTP
// server and any future face reject the same things with the same messages.
import { LIMITS, PLOT_FORMATS } from './types';
import type { Schema } from './validate';

/** Names of projects, models, datasets, deployments, aliases: safe in a URL path segment. */
export const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Ids of runs, predictions and alerts: a little wider, still one URL path segment. */
export const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/;

export const nameSchema: Schema = { type: 'string', min: 1, max: LIMITS.nameLength, pattern: NAME };
export const idSchema: Schema = { type: 'string', min: 1, max: LIMITS.idLength, pattern: ID };
const text: Schema = { type: 'string', max: LIMITS.textLength };
const shortText: Schema = { type: 'string', min: 1, max: LIMITS.nameLength };
const timestamp: Schema = { type: 'string', timestamp: true, max: 40 };
const finite: Schema = { type: 'number' };
const count: Schema = { type: 'number', integer: true, min: 0 };
const stringMap: Schema = { type: 'record', values: { type: 'string', max: LIMITS.textLength } };
const numberMap: Schema = { type: 'record', values: finite };
const jsonObject: Schema = { type: 'json', object: true };
const paramValue: Schema = {
  type: 'oneOf',
  describe: 'a string, a number or a boolean',
  options: [{ type: 'string', max: LIMITS.textLength }, finite, { type: 'boolean' }],
};
export const paramsSchema: Schema = { type: 'record', values: paramValue };
const runStatus: Schema = { type: 'string', enum: ['running', 'finished', 'failed', 'killed'] };
const deploymentStatus: Schema = { type: 'string', enum: ['pending', 'running', 'stopped', 'failed'] };
const gitCommit: Schema = { type: 'string', max: 64, pattern: /^[0-9a-fA-F]+$/ };
export const limitSchema: Schema = { type: 'number', integer: true, min: 1, max: LIMITS.pageSize };
export const pageTokenSchema: Schema = { type: 'string', max: 2000, pattern: /^[A-Za-z0-9_-]+$/ };

export const createRunSchema: Schema = {
  type: 'object',
  required: ['project'],
  props: {
    project: nameSchema,
    name: shortText,
    status: runStatus,
    gitCommit,
    gitDirty: { type: 'boolean' },
    params: paramsSchema,
    dataHashes: stringMap,
    durations: numberMap,
    tags: stringMap,
  },
};

export const updateRunSchema: Schema = {
  type: 'object',
  props: {
    name: shortText,
    status: runStatus,
    gitCommit,
    gitDirty: { type: 'boolean' },
    dataHashes: stringMap,
    durations: numberMap,
    gates: { type: 'json' },
    tags: stringMap,
  },
};

export const metricsSchema: Schema = {
  type: 'array',
  max: LIMITS.metricsBatch,
  items: {
    type: 'object',
    required: ['key', 'value'],
    props: { key: shortText, value: finite, step: { type: 'number', integer: true }, timestamp },
  },
};

export const runPlotsSchema: Schema = {
  type: 'array',
  max: LIMITS.plotsPerRun,
  items: {
    type: 'object',
    required: ['path', 'format', 'content'],
    props: {
      path: { type: 'string', min: 1, max: 1000, pattern: /^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$))[^\\]+$/ },
      format: { type: 'string', enum: PLOT_FORMATS },
      content: { type: 'string', max: LIMITS.plotSize },
    },
  },
};

const filterSchema: Schema = {
  type: 'object',
  required: ['field', 'op', 'value'],
  props: {
    field: shortText,
    op: { type: 'string', enum: ['=', '!=', '<', '<=', '>', '>='] },
    value: paramValue,
  },
};

export const searchRunsSchema: Schema = {
  type: 'object',
  props: {
    project: nameSchema,
    filter: {
      type: 'oneOf',
      describe: 'a filter string or a list of {field, op, value}',
      options: [{ type: 'string', max: LIMITS.textLength }, { type: 'array', max: 50, items: filterSchema }],
    },
    orderBy: {
      type: 'object',
      required: ['field'],
      props: { field: shortText, direction: { type: 'string', enum: ['asc', 'desc'] } },
    },
    pageToken: pageTokenSchema,
    limit: limitSchema,
  },
};

export const registerModelSchema: Schema = {
  type: 'object',
  required: ['name', 'uri'],
  props: {
    name: nameSchema,
    uri: { type: 'string', min: 1, max: LIMITS.textLength },
    runId: idSchema,
    dataHash: shortText,
    image: shortText,
    metrics: numberMap,
    tags: stringMap,
  },
};

export const versionSchema: Schema = { type: 'number', integer: true, min: 1 };

export const registerDatasetSchema: Schema = {
  type: 'object',
  required: ['name', 'hash', 'path'],
  props: {
    name: nameSchema,
    hash: shortText,
    path: { type: 'string', min: 1, max: LIMITS.textLength },
    size: count,
    rows: count,
    runId: idSchema,
    source: shortText,
  },
};

export const upsertDeploymentSchema: Schema = {
  type: 'object',
  required: ['name'],
  props: {
    name: nameSchema,
    target: shortText,
    status: deploymentStatus,
    modelName: nameSchema,
    modelVersion: versionSchema,
    image: shortText,
    url: { type: 'string', max: LIMITS.textLength },
    slot: shortText,
    config: jsonObject,
  },
};

export const predictionsSchema: Schema = {
  type: 'array',
  min: 1,
  max: LIMITS.ingestBatch,
  items: {
    type: 'object',
    required: ['id', 'deployment', 'features', 'prediction', 'latencyMs'],
    props: {
      id: idSchema,
      deployment: nameSchema,
      timestamp,
      features: jsonObject,
      prediction: { type: 'json' },
      latencyMs: { type: 'number', min: 0 },
      status: { type: 'number', integer: true, min: 0, max: 999 },
    },
  },
};

export const listPredictionsSchema: Schema = {
  type: 'object',
  required: ['deployment'],
  props: { deployment: nameSchema, since: timestamp, until: timestamp, pageToken: pageTokenSchema, limit: limitSchema },
};

export const feedbackSchema: Schema = {
  type: 'array',
  min: 1,
  max: LIMITS.feedbackBatch,
  items: {
    type: 'object',
    required: ['predictionId', 'label'],
    props: { predictionId: idSchema, label: { type: 'json' }, timestamp },
  },
};

export const recordWindowSchema: Schema = {
  type: 'object',
  required: ['deployment', 'start', 'end', 'count', 'stats'],
  props: { deployment: nameSchema, start: timestamp, end: timestamp, count, stats: jsonObject },
};

export const fireAlertSchema: Schema = {
  type: 'object',
  required: ['kind', 'message'],
  props: {
    deployment: nameSchema,
    kind: nameSchema,
    severity: { type: 'string', enum: ['info', 'warning', 'critical'] },
    message: { type: 'string', min: 1, max: LIMITS.textLength },
    details: jsonObject,
  },
};

export const listAlertsSchema: Schema = {
  type: 'object',
  props: {
    status: { type: 'string', enum: ['open', 'acknowledged', 'resolved'] },
    deployment: nameSchema,
    pageToken: pageTokenSchema,
    limit: limitSchema,
  },
};

export const auditSchema: Schema = {
  type: 'object',
  required: ['actor', 'action'],
  props: { actor: shortText, action: shortText, target: { type: 'string', max: LIMITS.textLength }, details: jsonObject },
};

export const listAuditSchema: Schema = {
  type: 'object',
  props: { target: { type: 'string', max: LIMITS.textLength }, pageToken: pageTokenSchema, limit: limitSchema },
};

export const actorSchema: Schema = shortText;
export const textSchema: Schema = text;

/** `config.monitor` of a deployment: a JSON object here; core/monitor reads its fields (the server checks them on PUT). */
export const monitorSettingsSchema: Schema = jsonObject;

/** A drift ProfileJson, checked as a JSON object here; its own reader checks the rest when a window uses it. */
export const referenceProfileSchema: Schema = jsonObject;

/** A statistic JSON could not hold as a number (an infinite chi-square) arrives as null. */
const statistic: Schema = { type: 'oneOf', describe: 'a number or null', options: [finite, { type: 'null' }] };
const driftSide: Schema = { type: 'object', required: ['file', 'rows'], props: { file: { type: 'string', max: 4096 }, rows: count } };
const histogramCounts: Schema = { type: 'array', max: 1000, items: finite };
const driftHistogram: Schema = {
  type: 'oneOf',
  describe: 'a histogram {kind: numeric, edges, reference, current} or {kind: categorical, categories, reference, current}',
  options: [
    { type: 'object', required: ['kind', 'edges', 'reference', 'current'], props: { kind: { type: 'string', enum: ['numeric'] }, edges: { type: 'array', max: 1001, items: finite }, reference: histogramCounts, current: histogramCounts } },
    { type: 'object', required: ['kind', 'categories', 'reference', 'current'], props: { kind: { type: 'string', enum: ['categorical'] }, categories: { type: 'array', max: 1000, items: text }, reference: histogramCounts, current: histogramCounts } },
  ],
};

/** core/drift's DriftReport: the parts the dashboard draws are checked field by field; per-column summaries are JSON objects. */
export const driftReportSchema: Schema = {
  type: 'object',
  required: ['mode', 'reference', 'current', 'columns', 'summary'],
  props: {
    mode: { type: 'string', enum: ['exact', 'sketch'] },
    reference: driftSide,
    current: driftSide,
    columns: {
      type: 'array',
      max: LIMITS.driftColumns,
      items: {
        type: 'object',
        required: ['column', 'kind', 'method', 'statistic', 'threshold', 'drifted', 'histogram'],
        props: {
          column: { type: 'string', min: 1, max: 1000 },
          kind: { type: 'string', enum: ['numeric', 'categorical'] },
          method: shortText,
          statistic,
          p_value: statistic,
          threshold: finite,
          drifted: { type: 'boolean' },
          reference: jsonObject,
          current: jsonObject,
          stats: jsonObject,
          error_bound: statistic,
          histogram: driftHistogram,
        },
      },
    },
    summary: {
      type: 'object',
      required: ['columns', 'drifted', 'share', 'share_threshold', 'dataset_drift'],
      props: { columns: count, drifted: count, share: { type: 'number', min: 0, max: 1 }, share_threshold: { type: 'number', min: 0, max: 1 }, dataset_drift: { type: 'boolean' } },
    },
    skipped: { type: 'array', max: LIMITS.driftColumns, items: { type: 'object', required: ['column', 'reason'], props: { column: { type: 'string', max: 1000 }, reason: text } } },
  },
};

export const driftReportInputSchema: Schema = {
  type: 'object',
  required: ['title', 'report'],
  props: { project: nameSchema, title: { type: 'string', min: 1, max: 1000 }, report: driftReportSchema },
};

export const listDriftReportsSchema: Schema = {
  type: 'object',
  props: { project: nameSchema, limit: { type: 'number', integer: true, min: 1, max: LIMITS.driftReportsPerList } },
};
