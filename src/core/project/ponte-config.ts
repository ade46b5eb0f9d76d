// The typed, defaulted ponte.yaml that every command, tree and engine reads: built from the one
// parse validation made, every value with where it is written. Defaults come from the schema, so
// a hover's "default" and the value a command uses are the same.
import type { Range } from './types';
import type { SchemaNode } from './schema-model';
import { ponteSchema } from './ponte-schema';
import { DRIFT_METHODS, type ColumnType, type DriftMethod } from './vocabulary';
import { valueOf, type LEntry, type LNode, type SourceFile } from './yaml-source';

export interface Located {
  /** Where it is written (0-based, as LSP): a named entry's key, else its value; a section left out has its parent's. */
  range: Range;
  /** Where each key present is written: its value's range, by the key as in ponte.yaml. */
  at: Record<string, Range>;
}

export type Storage = 'dvc' | 'git-lfs';
export type AlertEvent = 'drift' | 'accuracy' | 'latency' | 'error_rate';
export type Scalar = string | number | boolean;

export interface ColumnConfig extends Located {
  name: string;
  type?: ColumnType;
  min?: number;
  max?: number;
  values?: Scalar[];
  /** Not checked when absent. */
  maxMissing?: number;
  nullable: boolean;
  unique: boolean;
  pattern?: string;
}

export interface DatasetConfig extends Located {
  name: string;
  /** As written, relative to ponte.yaml. */
  path: string;
  storage: Storage;
  format?: 'csv' | 'parquet' | 'jsonl';
  desc?: string;
  columns: ColumnConfig[];
  minRows?: number;
  maxRows?: number;
}

export interface TestsConfig extends Located {
  command: string;
  junit?: string;
  cwd: string;
  timeout?: string;
  env: Record<string, string>;
}

export interface GateRuleConfig extends Located {
  metric: string;
  /** The rule as written: `>= 0.85`, `>= production - 0.02`. */
  text: string;
}

export interface GatesConfig extends Located {
  /** Relative to ponte.yaml. */
  metrics: string[];
  rules: GateRuleConfig[];
}

export interface ModelConfig extends Located {
  /** The registry name: `model.name`, else the project's name. */
  name: string;
  path?: string;
  framework?: string;
}

export interface ContainerConfig extends Located {
  dockerfile?: string;
  generate?: { base: string; serve: string; requirements?: string } & Located;
  context: string;
  image?: string;
  port: number;
  health: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
}

export interface DeploymentConfig extends Located {
  name: string;
  /** `docker`, or `docker://host:port`. */
  target: string;
  resources?: { cpus?: number; memoryBytes?: number } & Located;
  predict: string;
  strategy: 'rolling' | 'blue-green';
  port?: number;
  /** Absent: `container.image`. */
  image?: string;
  /** Absent: `container.health`. */
  health?: string;
  env: Record<string, string>;
}

export interface DriftColumnConfig extends Located {
  name: string;
  method?: DriftMethod | 'auto';
  threshold?: number;
}

export interface MonitorDriftConfig extends Located {
  method: DriftMethod | 'auto';
  threshold?: number;
  share: number;
  columns: DriftColumnConfig[];
}

export interface AlertConfig extends Located {
  on: AlertEvent;
  /** With neither webhook nor command, the alert goes to the editor and /metrics only. */
  webhook?: string;
  command?: string;
  cooldown?: string;
  /** Bad windows in a row before it fires, and good ones before it resolves (hysteresis). */
  after?: number;
  resolveAfter?: number;
}

export interface MonitorConfig extends Located {
  deployment: string;
  /** A dataset name. */
  reference?: string;
  features: string[];
  prediction?: string;
  label?: string;
  window?: { size?: number; duration?: string } & Located;
  drift: MonitorDriftConfig;
  latency?: { p50Ms?: number; p95Ms?: number; p99Ms?: number } & Located;
  accuracy?: { metric: 'accuracy' | 'f1' | 'precision' | 'recall' | 'auc'; min: number; threshold: number } & Located;
  errorRate?: { max: number } & Located;
  alerts: AlertConfig[];
}

export interface RetrainConfig extends Located {
  on: AlertEvent[];
  mode: 'ask' | 'auto';
  data?: { dataset: string; appendProduction: boolean } & Located;
  /** Absent: every stage. */
  stages?: string[];
  promote?: string;
}

export interface PonteConfig extends Located {
  /** Absolute path of the ponte.yaml read; undefined when the project has none. */
  file?: string;
  /** Absolute: the directory paths in ponte.yaml are relative to. */
  root: string;
  version: number;
  /** `project`, else the directory's name. */
  project: string;
  /** Absolute path of the DVC pipeline file. */
  pipeline: string;
  datasets: DatasetConfig[];
  tests?: TestsConfig;
  gates?: GatesConfig;
  model: ModelConfig;
  container?: ContainerConfig;
  deployments: DeploymentConfig[];
  monitor?: MonitorConfig;
  retrain?: RetrainConfig;
}

const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The schema's default at a key path (`*` steps into a mapping of names, `[]` into a list). */
export function schemaDefault(...path: string[]): unknown {
  let node: SchemaNode | undefined = ponteSchema;
  for (const k of path) node = k === '*' ? node?.values : k === '[]' ? node?.items : node?.properties?.[k];
  return node?.default;
}

/** Reads one mapping of ponte.yaml leniently: a value of the wrong type is left out (validation reports it). */
class Fields {
  readonly loc: Located;
  constructor(private readonly src: SourceFile, readonly node: LNode | undefined, range: Range) {
    this.loc = { range, at: {} };
    if (node?.kind === 'map') for (const e of node.entries) this.loc.at[e.key] = src.rangeOf(e.value.start, e.value.end);
  }
  value(key: string): LNode | undefined {
    return this.node?.kind === 'map' ? valueOf(this.node, key) : undefined;
  }
  private scalar(key: string): unknown {
    const v = this.value(key);
    return v?.kind === 'scalar' ? v.value : undefined;
  }
  str(key: string): string | undefined {
    const v = this.scalar(key);
    return typeof v === 'string' && v !== '' ? v : undefined;
  }
  num(key: string): number | undefined {
    const v = this.scalar(key);
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  }
  bool(key: string): boolean | undefined {
    const v = this.scalar(key);
    return typeof v === 'boolean' ? v : undefined;
  }
  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const v = this.str(key);
    return v !== undefined && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
  }
  /** A string, or a list of strings. */
  strings(key: string): string[] | undefined {
    const v = this.value(key);
    if (v?.kind === 'scalar') return typeof v.value === 'string' ? [v.value] : undefined;
    if (v?.kind !== 'seq') return undefined;
    return v.items.flatMap((i) => (i.kind === 'scalar' && typeof i.value === 'string' ? [i.value] : []));
  }
  scalars(key: string): Scalar[] | undefined {
    const v = this.value(key);
    if (v?.kind !== 'seq') return undefined;
    return v.items.flatMap((i) => (i.kind === 'scalar' && i.value !== null ? [i.value] : []));
  }
  /** `{name: scalar}` as strings, for environment variables and labels. */
  dict(key: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.entries(key)) if (e.value.kind === 'scalar' && e.value.value !== null) out[e.key] = String(e.value.value);
    return out;
  }
  entries(key: string): LEntry[] {
    const v = this.value(key);
    return v?.kind === 'map' ? v.entries : [];
  }
  /** A sub-mapping, or undefined when it is not written. */
  section(key: string): Fields | undefined {
    const v = this.value(key);
    return v?.kind === 'map' ? new Fields(this.src, v, this.src.rangeOf(v.start, v.end)) : undefined;
  }
  /** A named entry (of this mapping or one below it): located at its key. */
  entry(e: LEntry): Fields {
    return new Fields(this.src, e.value, this.src.rangeOf(e.keyStart, e.keyEnd));
  }
  item(node: LNode): Fields {
    return new Fields(this.src, node, this.src.rangeOf(node.start, node.end));
  }
}

const d = <T>(...path: string[]) => schemaDefault(...path) as T;

export interface BuildOptions {
  root: string;
  file?: string;
  /** Resolves a path written in ponte.yaml. */
  resolve: (rel: string) => string;
  /** The directory's name, for `project`'s default. */
  dirName: string;
}

/** The typed config of a parsed ponte.yaml (or of none: `src` undefined gives the defaults). */
export function buildPonteConfig(src: SourceFile | undefined, options: BuildOptions): PonteConfig {
  const top = src ? new Fields(src, src.root, ORIGIN) : undefined;
  const project = top?.str('project') ?? options.dirName;
  const sectionOf = (key: string) => top?.section(key);
  const modelF = sectionOf('model');
  return {
    ...(top?.loc ?? { range: ORIGIN, at: {} }),
    file: options.file,
    root: options.root,
    version: top?.num('version') ?? d<number>('version'),
    project,
    pipeline: options.resolve(top?.str('pipeline') ?? d<string>('pipeline')),
    datasets: top ? top.entries('datasets').map((e) => dataset(top.entry(e), e.key)) : [],
    tests: mapOpt(sectionOf('tests'), tests),
    gates: mapOpt(sectionOf('gates'), gates),
    model: { ...(modelF?.loc ?? { range: ORIGIN, at: {} }), name: modelF?.str('name') ?? project, path: modelF?.str('path'), framework: modelF?.str('framework') },
    container: mapOpt(sectionOf('container'), container),
    deployments: top ? top.entries('deployments').map((e) => deployment(top.entry(e), e.key)) : [],
    monitor: mapOpt(sectionOf('monitor'), monitor),
    retrain: mapOpt(sectionOf('retrain'), retrain),
  };
}

function mapOpt<T>(f: Fields | undefined, build: (f: Fields) => T | undefined): T | undefined {
  return f ? build(f) : undefined;
}

function dataset(f: Fields, name: string): DatasetConfig {
  const schema = f.section('schema');
  return {
    ...f.loc,
    name,
    path: f.str('path') ?? '',
    storage: f.oneOf<Storage>('storage', ['dvc', 'git-lfs']) ?? d<Storage>('datasets', '*', 'storage'),
    format: f.oneOf('format', ['csv', 'parquet', 'jsonl'] as const),
    desc: f.str('desc'),
    columns: schema ? schema.entries('columns').map((e) => column(schema.entry(e), e.key)) : [],
    minRows: schema?.num('min_rows'),
    maxRows: schema?.num('max_rows'),
  };
}

const C = ['datasets', '*', 'schema', 'columns', '*'];

function column(f: Fields, name: string): ColumnConfig {
  return {
    ...f.loc,
    name,
    type: f.str('type') as ColumnType | undefined,
    min: f.num('min'),
    max: f.num('max'),
    values: f.scalars('values'),
    maxMissing: f.num('max_missing'),
    nullable: f.bool('nullable') ?? d<boolean>(...C, 'nullable'),
    unique: f.bool('unique') ?? d<boolean>(...C, 'unique'),
    pattern: f.str('pattern'),
  };
}

function tests(f: Fields): TestsConfig | undefined {
  const command = f.str('command');
  if (!command) return undefined;
  return { ...f.loc, command, junit: f.str('junit'), cwd: f.str('cwd') ?? d<string>('tests', 'cwd'), timeout: f.str('timeout'), env: f.dict('env') };
}

function gates(f: Fields): GatesConfig {
  return { ...f.loc, metrics: f.strings('metrics') ?? [d<string>('gates', 'metrics')], rules: f.entries('rules').map((e) => rule(f.entry(e), e)) };
}

function rule(f: Fields, e: LEntry): GateRuleConfig {
  return { ...f.loc, metric: e.key, text: e.value.kind === 'scalar' && e.value.value !== null ? String(e.value.value) : '' };
}

function container(f: Fields): ContainerConfig {
  const gen = f.section('generate');
  const K = ['container'];
  return {
    ...f.loc,
    dockerfile: f.str('dockerfile'),
    generate: gen && gen.str('base') && gen.str('serve') ? { ...gen.loc, base: gen.str('base')!, serve: gen.str('serve')!, requirements: gen.str('requirements') } : undefined,
    context: f.str('context') ?? d<string>(...K, 'context'),
    image: f.str('image'),
    port: f.num('port') ?? d<number>(...K, 'port'),
    health: f.str('health') ?? d<string>(...K, 'health'),
    buildArgs: f.dict('build_args'),
    labels: f.dict('labels'),
  };
}

function deployment(f: Fields, name: string): DeploymentConfig {
  const K = ['deployments', '*'];
  return {
    ...f.loc,
    name,
    target: f.str('target') ?? 'docker',
    resources: resourcesOf(f.section('resources')),
    predict: f.str('predict') ?? d<string>(...K, 'predict'),
    strategy: f.oneOf('strategy', ['rolling', 'blue-green'] as const) ?? d<'rolling'>(...K, 'strategy'),
    port: f.num('port'),
    image: f.str('image'),
    health: f.str('health'),
    env: f.dict('env'),
  };
}

const METHODS = ['auto', ...DRIFT_METHODS] as const;
const EVENTS: readonly AlertEvent[] = ['drift', 'accuracy', 'latency', 'error_rate'];

function monitor(f: Fields): MonitorConfig {
  const M = ['monitor'];
  const drift = f.section('drift');
  const window = f.section('window');
  const latency = f.section('latency');
  const accuracy = f.section('accuracy');
  const errorRate = f.section('error_rate');
  const alerts = f.value('alerts');
  return {
    ...f.loc,
    deployment: f.str('deployment') ?? '',
    reference: f.str('reference'),
    features: f.strings('features') ?? [],
    prediction: f.str('prediction'),
    label: f.str('label'),
    window: window && { ...window.loc, size: window.num('size'), duration: window.str('duration') },
    drift: {
      ...(drift?.loc ?? { range: f.loc.range, at: {} }),
      method: drift?.oneOf('method', METHODS) ?? d<'auto'>(...M, 'drift', 'method'),
      threshold: drift?.num('threshold'),
      share: drift?.num('share') ?? d<number>(...M, 'drift', 'share'),
      columns: drift
        ? drift.entries('columns').map((e) => {
            const c = drift.entry(e);
            return { ...c.loc, name: e.key, method: c.oneOf('method', METHODS), threshold: c.num('threshold') };
          })
        : [],
    },
    latency: latency && { ...latency.loc, p50Ms: latency.num('p50_ms'), p95Ms: latency.num('p95_ms'), p99Ms: latency.num('p99_ms') },
    accuracy:
      accuracy && accuracy.num('min') !== undefined
        ? {
            ...accuracy.loc,
            metric: accuracy.oneOf('metric', ['accuracy', 'f1', 'precision', 'recall', 'auc'] as const) ?? d<'accuracy'>(...M, 'accuracy', 'metric'),
            min: accuracy.num('min')!,
            threshold: accuracy.num('threshold') ?? d<number>(...M, 'accuracy', 'threshold'),
          }
        : undefined,
    errorRate: errorRate && errorRate.num('max') !== undefined ? { ...errorRate.loc, max: errorRate.num('max')! } : undefined,
    alerts:
      alerts?.kind === 'seq'
        ? alerts.items.flatMap((i) => {
            const a = f.item(i);
            const on = a.oneOf('on', EVENTS);
            return on ? [{ ...a.loc, on, webhook: a.str('webhook'), command: a.str('command'), cooldown: a.str('cooldown'), after: a.num('after'), resolveAfter: a.num('resolve_after') }] : [];
          })
        : [],
  };
}

function retrain(f: Fields): RetrainConfig {
  const data = f.section('data');
  const on = f.strings('on') ?? [];
  return {
    ...f.loc,
    on: on.filter((e): e is AlertEvent => (EVENTS as readonly string[]).includes(e)),
    mode: f.oneOf('mode', ['ask', 'auto'] as const) ?? d<'ask'>('retrain', 'mode'),
    data: data?.str('dataset')
      ? { ...data.loc, dataset: data.str('dataset')!, appendProduction: data.bool('append_production') ?? d<boolean>('retrain', 'data', 'append_production') }
      : undefined,
    stages: f.strings('stages'),
    promote: f.str('promote'),
  };
}

/** `resources: {cpus, memory}` with the memory in bytes (Docker's units: b, k, m, g). */
function resourcesOf(f: Fields | undefined): DeploymentConfig['resources'] {
  if (!f) return undefined;
  const memory = f.str('memory');
  const m = memory === undefined ? undefined : /^(\d+(?:\.\d+)?)\s*([bkmg]?)$/i.exec(memory.trim());
  const unit = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m?.[2] ?? '').toLowerCase() as '' | 'b' | 'k' | 'm' | 'g'];
  return { ...f.loc, cpus: f.num('cpus'), memoryBytes: m ? Math.round(Number(m[1]) * unit) : undefined };
}
