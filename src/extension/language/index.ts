// Completion, hovers and quick fixes in pipeline files: thin adapters over the spec core's
// completeAt / hoverAt and the suggestions its diagnostics carry. They read only the document,
// so they work in untrusted workspaces too. The Run lenses of dvc.yaml live in code-lens.ts.
import * as vscode from 'vscode';
import type { PonteContext } from '../context';
import { publishedDiagnostics } from '../diagnostics';
import { fileAccessFor } from '../documents';
import { completeAt, hoverAt, detectKind, type SpecCompletion } from '../spec';
import { toRange } from '../spec-convert';
import { registerStageLenses } from './code-lens';
import { interpolationStart } from './completion-range';
import { quickFixesFor } from './quick-fixes';

export const pipelineDocuments: vscode.DocumentSelector = [
  { language: 'yaml', pattern: '**/*{ponte,dvc}.{yaml,yml}' },
];

const completionKinds: Record<SpecCompletion['kind'], vscode.CompletionItemKind> = {
  key: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.Value,
  stage: vscode.CompletionItemKind.Function,
  dataset: vscode.CompletionItemKind.Reference,
  variable: vscode.CompletionItemKind.Variable,
};

export function registerLanguageFeatures(ctx: PonteContext): void {
  const guard = <T>(what: string, fn: () => T, fallback: T): T => {
    try {
      return fn();
    } catch (e) {
      // A core bug must cost one feature at one position, never the editor; log, don't pop up.
      ctx.log.error(`${what} failed: ${e instanceof Error ? e.stack : String(e)}`);
      return fallback;
    }
  };
  registerStageLenses(ctx, guard);
  const optionsOf = (doc: vscode.TextDocument) => {
    const kind = detectKind(doc.fileName);
    // The parse validation just made of this text, when it has: completion and hover reuse it.
    // Validation runs in a worker (a hostile file must not block the editor), so its parse stays
    // there; completion and hover parse the text here, bounded by MAX_EDITOR_TEXT.
    return kind ? { file: doc.fileName, kind, fs: fileAccessFor(doc.fileName) } : undefined;
  };

  ctx.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(
      pipelineDocuments,
      {
        provideCompletionItems(doc, position) {
          const options = optionsOf(doc);
          if (!options) return [];
          const found = guard('completion', () => completeAt(doc.getText(), position, options), []);
          const start = interpolationStart(doc.lineAt(position.line).text, position.character);
          const variableRange = start === undefined ? undefined : new vscode.Range(position.line, start, position.line, position.character);
          return found.map((c) => {
            const item = new vscode.CompletionItem(c.label, completionKinds[c.kind] ?? vscode.CompletionItemKind.Text);
            item.detail = c.detail;
            if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
            if (c.insertText) item.insertText = c.insertText;
            if (c.kind === 'variable' && variableRange) {
              item.range = variableRange;
              item.filterText = c.insertText ?? c.label;
            }
            return item;
          });
        },
      },
      '$',
      '{',
    ),
    vscode.languages.registerHoverProvider(pipelineDocuments, {
      provideHover(doc, position) {
        const options = optionsOf(doc);
        if (!options) return undefined;
        const hover = guard('hover', () => hoverAt(doc.getText(), position, options), undefined);
        return hover ? new vscode.Hover(new vscode.MarkdownString(hover.markdown), toRange(hover.range)) : undefined;
      },
    }),
    vscode.languages.registerCodeActionsProvider(
      pipelineDocuments,
      {
        provideCodeActions(doc, _range, context) {
          const published = publishedDiagnostics(ctx, doc.uri);
          return context.diagnostics.flatMap((shown) =>
            quickFixesFor(published, { range: shown.range, code: shown.code, message: shown.message }).map((fix) => {
              const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
              action.diagnostics = [shown];
              action.isPreferred = fix.preferred;
              action.edit = new vscode.WorkspaceEdit();
              action.edit.replace(doc.uri, toRange(fix.range), fix.text);
              return action;
            }),
          );
        },
      },
      { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
    ),
  );
}
