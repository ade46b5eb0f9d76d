// Compare Versions as a Markdown report: the CLI's text output of `ponte data compare` and the
// editor's preview of its `--json` answer. Apart from compare.ts so the extension renders it
// without the column loaders that compare.ts pulls in.
import type { VersionComparison, VersionSummary } from './compare';

const fmt = (x: number | undefined) => (x === undefined ? '' : String(Number(x.toPrecision(6))));

/** The comparison as a Markdown report (the CLI's text output and the editor's preview). */
export function comparisonMarkdown(full: VersionComparison): string {
  // A full commit id is unreadable as a column header: show it as git does, 7 characters.
  const short = (v: VersionSummary): VersionSummary => (/^[0-9a-f]{40}$/.test(v.rev) ? { ...v, rev: v.rev.slice(0, 7) } : v);
  const c = { ...full, from: short(full.from), to: short(full.to) };
  const lines = [
    `# ${c.path}: ${c.from.rev} → ${c.to.rev}`,
    '',
    '| | ' + `${c.from.rev} | ${c.to.rev} |`,
    '|---|---|---|',
    `| size (bytes) | ${c.from.size} | ${c.to.size} |`,
    `| rows | ${c.from.rows} | ${c.to.rows} |`,
    `| columns | ${c.from.columns.length} | ${c.to.columns.length} |`,
    '',
    `Columns added: ${c.added.length ? c.added.map((n) => `\`${n}\``).join(', ') : 'none'}`,
    '',
    `Columns removed: ${c.removed.length ? c.removed.map((n) => `\`${n}\``).join(', ') : 'none'}`,
    '',
    `Columns that changed type: ${c.changedKind.length ? c.changedKind.map((k) => `\`${k.name}\` (${k.from} → ${k.to})`).join(', ') : 'none'}`,
    '',
    '| column | version | kind | count | missing | min | max | mean | std | distinct | top |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const names = [...new Set([...c.from.columns.map((x) => x.name), ...c.to.columns.map((x) => x.name)])];
  for (const n of names) {
    for (const v of [c.from, c.to]) {
      const s = v.columns.find((x) => x.name === n);
      if (!s) continue;
      lines.push(`| ${n} | ${v.rev} | ${s.kind} | ${s.count} | ${s.missing} | ${fmt(s.min)} | ${fmt(s.max)} | ${fmt(s.mean)} | ${fmt(s.std)} | ${s.distinct ?? ''} | ${s.top ?? ''} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
