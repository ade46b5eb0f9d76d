// Converts the spec core's LSP-shaped values into vscode's classes. The only place that knows
// both shapes, so the adapters in diagnostics/ and language/ stay a few lines each.
import * as vscode from 'vscode';
import type { Diagnostic, Range } from './spec';

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

const severities = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

export function toDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const out = new vscode.Diagnostic(toRange(d.range), d.message, severities[d.severity] ?? vscode.DiagnosticSeverity.Error);
  out.source = 'ponte';
  out.code = d.code;
  return out;
}
