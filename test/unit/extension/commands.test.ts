// package.json and the command table agree both ways, and every declared command is presented
// as promised: the Ponte category, an icon in view titles, hidden from the palette on tree rows.
import './fake-vscode';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { commandTable, readOnlyCommands } from '../../../src/extension/commands';

/** The parts of package.json these tests read. */
interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string; icon?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const declared = manifest.contributes.commands;

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
  const inTitles = new Set(manifest.contributes.menus['view/title'].map((m) => m.command));
  assert.deepEqual(declared.filter((c) => inTitles.has(c.command) && !c.icon?.startsWith('$(')), []);
});

test('menus name only declared commands', () => {
  const ids = new Set(declared.map((c) => c.command));
  const named = Object.values(manifest.contributes.menus).flat().map((m) => m.command);
  assert.deepEqual(named.filter((id) => !ids.has(id)), []);
});

test('tree-item commands are hidden from the command palette', () => {
  const hidden = manifest.contributes.menus.commandPalette.filter((m) => m.when === 'false').map((m) => m.command);
  assert.ok(hidden.includes('ponte.revealDefinition'));
});

test('the commands allowed in Restricted Mode exist, and none of them runs anything', () => {
  assert.deepEqual([...readOnlyCommands].filter((id) => !(id in commandTable)), []);
  assert.deepEqual([...readOnlyCommands].filter((id) => /run|start|push|pull|checkout|track|delete|build|deploy/i.test(id)), []);
});
