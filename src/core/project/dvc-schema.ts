// The schema of DVC's dvc.yaml (stages, templating keys, top-level metrics/plots/artifacts/
// datasets), written from DVC's documentation; iterative/dvcyaml-schema was read for reference.
import { any, bool, dict, enumOf, list, nul, obj, oneOf, str, type SchemaNode } from './schema-model';

const common = {
  desc: str('A description of this output, for people.'),
  type: str('A type for tools that read `dvc.yaml` (e.g. `model`); DVC itself ignores it.'),
  labels: list('Labels for tools that read `dvc.yaml`.', str('A label.')),
  meta: any('Any data for tools that read `dvc.yaml`; DVC ignores it.'),
  remote: str('The DVC remote this output is pushed to and pulled from, instead of the default one.'),
  push: bool('Whether `dvc push` uploads this output.', { default: true }),
};

const outOptions = obj('Options of this output.', {
  cache: bool('Whether DVC caches this output. `false` leaves it to git (small files such as metrics).', { default: true }),
  persist: bool('Whether the output is kept (not deleted) before the stage runs again.', { default: false }),
  checkpoint: bool('Marked a checkpoint output of an experiment (DVC 2).', { default: false, deprecated: 'checkpoints were removed in DVC 3; drop the option' }),
  ...common,
});

const metricOptions = obj('Options of this metrics file.', {
  cache: bool('Whether DVC caches this file. Metrics are usually small and kept in git: `cache: false`.', { default: true }),
  persist: bool('Whether the file is kept (not deleted) before the stage runs again.', { default: false }),
  ...common,
});

const axisText = str('The field (column) of the plots file to use on this axis.');

const plotOptions = obj('Options of this plots file.', {
  cache: bool('Whether DVC caches this file.', { default: true }),
  persist: bool('Whether the file is kept (not deleted) before the stage runs again.', { default: false }),
  x: axisText,
  y: axisText,
  template: str('The Vega-Lite template: `linear`, `simple`, `scatter`, `smooth`, `confusion`, `confusion_normalized`, `bar_horizontal`, `bar_horizontal_sorted`, or a template file.', {
    examples: ['linear', 'simple', 'scatter', 'smooth', 'confusion', 'confusion_normalized', 'bar_horizontal', 'bar_horizontal_sorted'],
  }),
  title: str('The plot\'s title.'),
  x_label: str('The label of the x axis.'),
  y_label: str('The label of the y axis.'),
  header: bool('Whether a CSV/TSV plots file has a header row.', { default: true }),
  ...common,
});

/** `- path` or `- path: {options}` (one key). */
function pathEntry(what: string, options: SchemaNode): SchemaNode {
  return oneOf(`A ${what}: a path, or \`path: {options}\`.`, [
    str(`The ${what}'s path, relative to the stage's \`wdir\`.`),
    dict(`A ${what} with options.`, 'path', oneOf('The options.', [options, nul('No options.')]), { maxKeys: 1 }),
  ]);
}

const paramsList = list(
  'Parameter dependencies: keys of `params.yaml` (dotted for nested ones), or `file: [keys]` for another params file (`file:` alone tracks the whole file). The stage runs again when one of their values changes.',
  oneOf('A params key, or a params file with its keys.', [
    str('A key of `params.yaml`, such as `train.lr`.'),
    dict('Another params file (YAML, JSON, TOML or Python), with the keys tracked; no keys tracks the whole file.', 'params file', oneOf('The keys.', [list('Keys of this file.', str('A key.')), nul('The whole file.')])),
  ]),
);

const varsList = list(
  'Variables for `${...}` in this file: inline mappings, or files (`file.yaml`, `file.yaml:key1,key2`). `params.yaml` is read without being listed.',
  oneOf('A variables file or an inline mapping.', [
    str('A variables file (YAML, JSON, TOML or Python), optionally followed by `:key1,key2` to import only those keys.'),
    dict('Inline variables.', 'variable', any('A value.')),
  ]),
);

const cmd = oneOf('The command(s) the stage runs, in a shell, from `wdir`. A list runs one after another and stops at the first failure.', [
  str('A shell command.'),
  list('Commands run one after another.', str('A shell command.')),
]);

const stageBody: Record<string, SchemaNode> = {
  cmd,
  wdir: str('The directory the command runs in, relative to this dvc.yaml; paths in the stage are relative to it too.', { default: '.' }),
  deps: list('The files and directories the command reads. The stage runs again when one changes.', str('A dependency\'s path, relative to the stage\'s `wdir`.')),
  params: paramsList,
  outs: list('The files and directories the command writes. DVC caches them and restores them on checkout.', pathEntry('output', outOptions)),
  metrics: list('Metrics files the command writes (JSON, YAML, TOML): `dvc metrics show` and the gates read them.', pathEntry('metrics file', metricOptions)),
  plots: list('Plots files the command writes (CSV, TSV, JSON, YAML, or images), with how to draw them.', pathEntry('plots file', plotOptions)),
  frozen: bool('A frozen stage is never run again, and its changes are not checked.', { default: false }),
  always_changed: bool('The stage is always considered changed, so it always runs (for commands that read the outside world).', { default: false }),
  desc: str('A description of the stage, for people.'),
  meta: any('Any data for tools that read `dvc.yaml`; DVC ignores it.'),
  vars: varsList,
  live: any('DVCLive outputs of the stage (DVC 2).', { deprecated: 'the live key was removed in DVC 3; DVCLive now writes its own dvc.yaml' }),
};

const doStage = obj('The stage generated for each item: `${item}` is the item, `${key}` its key when iterating over a mapping.', stageBody, { required: ['cmd'] });

const stage = obj(
  'A stage: a command with its dependencies and outputs.',
  {
    ...stageBody,
    matrix: dict(
      'Generates one stage per combination of the values: `name@v1-v2`. `${item.<name>}` is the value of each name.',
      'matrix name',
      oneOf('The values of this name: a list, or `${...}` naming one.', [list('The values.', any('A value.')), str('A `${...}` that names a list.')]),
    ),
    foreach: oneOf('Generates one stage per item: `name@item` for a list of values, `name@0`... for a list of mappings, `name@key` for a mapping. Goes with `do`.', [
      list('The items.', any('An item.')),
      dict('The items by key.', 'key', any('An item.')),
      str('A `${...}` that names a list or a mapping.'),
    ]),
    do: doStage,
  },
  { requireOneOf: ['cmd', 'foreach'], exclusive: [['foreach', 'cmd'], ['foreach', 'matrix']] },
);

const topPlotDefinition = oneOf('The plot\'s definition; empty for the defaults.', [
  obj('How to draw the plot.', {
    x: oneOf('The x axis: a field, or `file: field`.', [str('A field.'), dict('A field per file.', 'file', str('A field.'))]),
    y: oneOf('The y axis: a field, a list of fields, or `file: field(s)`.', [
      str('A field.'),
      list('Fields.', str('A field.')),
      dict('Fields per file.', 'file', oneOf('A field or fields.', [str('A field.'), list('Fields.', str('A field.'))])),
    ]),
    template: plotOptions.properties!.template,
    title: str('The plot\'s title.'),
    x_label: str('The label of the x axis.'),
    y_label: str('The label of the y axis.'),
  }),
  nul('Default settings.'),
]);

const topPlot = oneOf('A plot: a plots file, or `id: {x, y, template...}` drawing data from several files.', [
  str('A plots file or directory.'),
  dict('A plot with its definition.', 'plot id or path', topPlotDefinition, { maxKeys: 1 }),
]);

export const dvcSchema: SchemaNode = obj('dvc.yaml: a DVC pipeline.', {
  stages: dict('The stages of the pipeline, by name. `dvc repro` and `ponte run` run them in dependency order.', 'stage name', stage),
  vars: varsList,
  params: list('Params files shown by `dvc params diff` beyond those the stages use.', str('A params file.')),
  metrics: list('Metrics files (not produced by a stage) shown by `dvc metrics show`.', str('A metrics file.')),
  plots: oneOf('Plots shown by `dvc plots show`: files, or definitions combining several files.', [
    list('The plots, one entry each.', topPlot),
    dict('The plots by id or path (the older form).', 'plot id or path', topPlotDefinition),
  ]),
  artifacts: dict(
    'Artifacts of the model registry, by name.',
    'artifact name',
    obj('An artifact.', {
      path: str('The artifact\'s file or directory.'),
      type: str('The kind of artifact, such as `model` or `dataset`; free text.', { examples: ['model', 'dataset'] }),
      desc: str('A description.'),
      labels: list('Labels.', str('A label.')),
      meta: any('Any data.'),
    }, { required: ['path'] }),
  ),
  datasets: list(
    'Datasets the project uses from elsewhere (DataChain, another DVC repository, a URL).',
    obj('A dataset.', {
      name: str('The name stages refer to as `ds://name`.'),
      type: enumOf('Where it comes from.', { dc: 'A DataChain dataset.', dvc: 'A path in a DVC repository.', url: 'A cloud URL.' }),
      url: str('The repository or cloud URL.'),
      path: str('The path inside the repository.'),
      rev: str('The git revision of the repository.'),
      version: any('The DataChain dataset version.'),
    }, { required: ['name', 'type'] }),
  ),
});
