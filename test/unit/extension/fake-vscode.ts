// Lets a unit test import an extension module that touches `vscode` at load time (enum values,
// `extends vscode.TreeItem`). Every member is an inert stub: these tests check tables and
// wiring, never editor behaviour (the e2e suite drives a real VS Code). Import it first.
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-assignment --
   a Proxy that stands in for any member of the editor API is `any` by design */
import Module from 'node:module';
import { readFileSync } from 'node:fs';

const stub: any = new Proxy(function () {}, {
  get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : key === 'then' ? undefined : key === 'prototype' ? {} : stub),
  apply: () => stub,
  construct: () => stub,
  // Writes (`item.name = ...`) are accepted and forgotten.
  set: () => true,
});

/** Real values for the few members a caller needs (e.g. `workspace.workspaceFolders`, `Position`), by dotted path. */
export const fakeValues: Record<string, unknown> = {};

function member(prefix: string): any {
  return new Proxy(function () {}, {
    get: (_t, key) => {
      if (typeof key !== 'string') return key === Symbol.toPrimitive ? () => '' : undefined;
      if (key === 'then') return undefined;
      if (key === 'prototype') return {};
      const at = `${prefix}.${key}`;
      return at in fakeValues ? fakeValues[at] : member(at);
    },
    apply: () => stub,
    construct: () => stub,
    set: () => true,
  });
}

// Bundlers copy a CommonJS module's own names into the namespace object, so the fake must list
// the real API's top-level names: they are read from @types/vscode.
const names = [
  ...new Set(
    [...readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8').matchAll(/^\texport (?:class|enum|namespace|function|const|let) (\w+)/gm)].map(
      (m) => m[1],
    ),
  ),
];
const api = new Proxy({}, {
  get: (_t, key) => (key === '__esModule' ? false : key === 'then' ? undefined : typeof key === 'string' ? (key in fakeValues ? fakeValues[key] : member(key)) : undefined),
  ownKeys: () => names,
  getOwnPropertyDescriptor: (_t, key) => ({ value: member(String(key)), enumerable: true, configurable: true, writable: true }),
});

const resolver = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const original = resolver._resolveFilename;
resolver._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? 'vscode' : original.call(this, request, ...rest);
};
(require.cache as Record<string, unknown>)['vscode'] = { id: 'vscode', filename: 'vscode', loaded: true, exports: api };
