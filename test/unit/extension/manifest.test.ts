// The manifest's other promises: the stable container and view ids with welcome views, activation
// from contributions only, limited trust with every program-naming setting restricted, documented
// settings, and every file the manifest names (icons, grammar, schemas) present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';

/** The parts of package.json these tests read. */
interface Manifest {
  icon: string;
  activationEvents: string[];
  capabilities: {
    untrustedWorkspaces: { supported: boolean | 'limited'; restrictedConfigurations: string[] };
    virtualWorkspaces: { supported: boolean };
  };
  contributes: {
    commands: { command: string }[];
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    views: { ponte: { id: string }[] };
    viewsWelcome: { view: string }[];
    configuration: { properties: Record<string, { markdownDescription?: string; description?: string }> };
    grammars: { path: string; scopeName: string; injectTo: string[] }[];
    yamlValidation: { url: string; fileMatch: string[] }[];
    walkthroughs: { steps: { description: string; media: { markdown?: string; image?: string } }[] }[];
  };
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;

test('the Ponte container holds the three views with stable ids, each with a welcome view', () => {
  assert.deepEqual(manifest.contributes.viewsContainers.activitybar.map((c: { id: string }) => c.id), ['ponte']);
  const views = manifest.contributes.views.ponte.map((v: { id: string }) => v.id);
  assert.deepEqual(views, ['ponte.datasets', 'ponte.experiments', 'ponte.deployments']);
  const welcomed = new Set(manifest.contributes.viewsWelcome.map((w: { view: string }) => w.view));
  assert.deepEqual(views.filter((v: string) => !welcomed.has(v)), []);
});

test('activation comes from contributions only, never "*" nor every YAML file', () => {
  const events: string[] = manifest.activationEvents;
  assert.ok(!events.includes('*'));
  assert.ok(!events.includes('onLanguage:yaml'));
  assert.ok(events.every((e) => e.startsWith('workspaceContains:')));
});

test('untrusted workspaces are limited and restrict every setting that names a program', () => {
  const trust = manifest.capabilities.untrustedWorkspaces;
  assert.equal(trust.supported, 'limited');
  const settings = Object.keys(manifest.contributes.configuration.properties);
  const programs = settings.filter((s) => /path|cli|command|url|executable/i.test(s));
  assert.deepEqual(programs.filter((s) => !trust.restrictedConfigurations.includes(s)), []);
  assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
});

test('every setting is under ponte. and documented', () => {
  const props = manifest.contributes.configuration.properties;
  assert.deepEqual(Object.entries(props).filter(([k, v]) => !k.startsWith('ponte.') || !(v.markdownDescription || v.description)), []);
  for (const needed of ['ponte.validation.enable', 'ponte.validation.debounceMs', 'ponte.backend.url', 'ponte.pythonPath']) assert.ok(needed in props, needed);
});

test('every file the manifest names exists', () => {
  const c = manifest.contributes;
  const files = [
    manifest.icon,
    ...c.viewsContainers.activitybar.map((v: { icon: string }) => v.icon),
    ...c.grammars.map((g: { path: string }) => g.path),
    ...c.yamlValidation.map((v: { url: string }) => v.url),
    ...c.walkthroughs.flatMap((w: { steps: { media: { markdown?: string; image?: string } }[] }) => w.steps.map((s) => s.media.markdown ?? s.media.image)),
  ];
  assert.deepEqual(files.filter((f) => f === undefined || !existsSync(f)), []);
});

test('yamlValidation covers both pipeline files, and the grammar injects into YAML', () => {
  const matches = manifest.contributes.yamlValidation.flatMap((v: { fileMatch: string[] }) => v.fileMatch);
  for (const name of ['ponte.yaml', '*.ponte.yaml', 'dvc.yaml', '*.dvc.yaml']) assert.ok(matches.includes(name), name);
  const [grammar] = manifest.contributes.grammars;
  assert.deepEqual(grammar.injectTo, ['source.yaml']);
  assert.equal((JSON.parse(readFileSync(grammar.path, 'utf8')) as { scopeName: string }).scopeName, grammar.scopeName);
});

test('walkthrough steps run only declared Ponte commands or the Ponte container', () => {
  const ids = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
  const linked = manifest.contributes.walkthroughs
    .flatMap((w: { steps: { description: string }[] }) => w.steps)
    .flatMap((s: { description: string }) => [...s.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]));
  assert.ok(linked.length > 0);
  assert.deepEqual(linked.filter((id: string) => !ids.has(id) && id !== 'workbench.view.extension.ponte'), []);
});
