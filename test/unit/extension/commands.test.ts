// package.json and the command table agree both ways, and the manifest's other promises hold:
// categories, view-title icons, palette hiding, the stable view ids, trust, activation.
import './fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { commandTable } from '../../../src/extension/commands';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const declared: { command: string; title: string; category?: string; icon?: string }[] = manifest.contributes.commands;

test('every command in package.json has a handler in the table', () => {
  const missing = declared.map((c) => c.command).filter((id) => !(id in commandTable));
  assert.deepEqual(missing, []);
});

test('every handler in the table is declared in package.json', () => {
  const ids = new Set(declared.map((c) => c.command));
  assert.deepEqual(Object.keys(commandTable).filter((id) => !ids.has(id)), []);
});

test('every command has the Ponte category and a ponte. id', () => {
  assert.deepEqual(declared.filter((c) => c.category !== 'Ponte' || !c.command.startsWith('ponte.')), []);
});

test('every command in a view title has an icon', () => {
  const inTitles = new Set<string>(manifest.contributes.menus['view/title'].map((m: { command: string }) => m.command));
  assert.deepEqual(declared.filter((c) => inTitles.has(c.command) && !c.icon?.startsWith('$(')), []);
});

test('menus name only declared commands', () => {
  const ids = new Set(declared.map((c) => c.command));
  const named = Object.values(manifest.contributes.menus as Record<string, { command: string }[]>).flat().map((m) => m.command);
  assert.deepEqual(named.filter((id) => !ids.has(id)), []);
});

test('tree-item commands are hidden from the command palette', () => {
  const hidden = manifest.contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command);
  assert.ok(hidden.includes('ponte.revealDefinition'));
});

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
  const props = manifest.contributes.configuration.properties as Record<string, { markdownDescription?: string; description?: string }>;
  assert.deepEqual(Object.entries(props).filter(([k, v]) => !k.startsWith('ponte.') || !(v.markdownDescription || v.description)), []);
  for (const needed of ['ponte.validation.enable', 'ponte.validation.debounceMs', 'ponte.backend.url', 'ponte.pythonPath']) assert.ok(needed in props, needed);
});
