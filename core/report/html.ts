import type { ProblemRecord, TableCounts } from '../history/recorder.js';
import type { ReportModel } from './model.js';

/** More rows than this in one section go to the CSV; a printed report stays readable. */
const ROWS_PER_SECTION = 1000;

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const COUNT_LABELS: [keyof TableCounts, string][] = [
  ['insert', 'New'],
  ['update', 'Changed'],
  ['unchanged', 'Unchanged'],
  ['retire', 'Retired'],
  ['pending', 'Pending'],
  ['conflict', 'Conflicts'],
  ['problems', 'Problems'],
];

const STYLE = `
:root { color-scheme: light; --ink: #1a1b1e; --muted: #5c5f66; --line: #dee2e6; --accent: #1c7ed6; --warn: #c92a2a; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; background: #f8f9fa; }
main { max-width: 1100px; margin: 0 auto; padding: 32px 24px 64px; background: #fff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
.meta { color: var(--muted); margin: 0 0 16px; }
.meta dt { display: inline; font-weight: 600; } .meta dd { display: inline; margin: 0 16px 0 4px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 120px; }
.card b { display: block; font-size: 24px; } .card span { color: var(--muted); font-size: 13px; }
.card.warn b { color: var(--warn); }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 14px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f1f3f5; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f1f3f5; padding: 1px 4px; border-radius: 4px; white-space: pre-wrap; word-break: break-word; }
.none { color: var(--muted); font-style: italic; }
.more { color: var(--muted); }
@media print {
  body { background: #fff; font-size: 11pt; } main { max-width: none; padding: 0; }
  h2 { break-after: avoid; } tr { break-inside: avoid; } .card { border-color: #999; }
}`;

/** A self-contained page (no scripts, no external files) a person can read, save and print. */
export function renderHtml(report: ReportModel): string {
  const totals = sumTotals(report.tables);
  const parts: string[] = [];
  parts.push(`<header><h1>${escapeHtml(report.title)}</h1>`);
  parts.push('<dl class="meta">');
  const meta: [string, string | undefined][] = [
    ['Workspace', report.workspace],
    ['Database', report.target],
    [report.subject === 'run' ? 'Run' : 'Plan', report.id],
    ['When', formatWhen(report.when)],
    ['Result', report.status],
    ['Mode', report.mode],
  ];
  for (const [k, v] of meta) if (v) parts.push(`<dt>${escapeHtml(k)}:</dt><dd>${escapeHtml(v)}</dd>`);
  parts.push('</dl></header>');

  parts.push('<section aria-labelledby="s-summary"><h2 id="s-summary">Summary</h2><div class="cards">');
  for (const [k, label] of COUNT_LABELS) {
    const warn = (k === 'conflict' || k === 'problems' || k === 'pending') && totals[k] > 0;
    parts.push(`<div class="card${warn ? ' warn' : ''}"><b>${fmt(totals[k])}</b><span>${label}</span></div>`);
  }
  parts.push('</div>');
  parts.push(
    table(
      ['Table', ...COUNT_LABELS.map(([, l]) => l)],
      Object.entries(report.tables).map(([name, c]) => [text(name), ...COUNT_LABELS.map(([k]) => num(c[k] ?? 0))]),
      'No tables.',
    ),
  );
  parts.push('</section>');

  section(
    parts,
    'files',
    'Files',
    table(
      ['File', 'Table', 'Size', 'Fingerprint'],
      report.files.map((f) => [text(f.name), text(f.table), num(f.size, ' bytes'), code(f.sha256.slice(0, 12))]),
      'No files.',
    ),
  );
  section(
    parts,
    'standardised',
    'Values standardised',
    table(
      ['Rule', 'Where', 'Before → after (examples)', 'Count'],
      report.standardised.map((e) => [
        text(e.rule),
        text(where(e.table, e.column)),
        e.examples.length ? e.examples.map((x) => `${code(x.before)} → ${code(x.after)}`).join('<br>') : '',
        num(e.count),
      ]),
      'No values needed standardising.',
    ),
  );
  section(
    parts,
    'defaults',
    'Defaults applied',
    table(
      ['Field', 'Default', 'Rule', 'Count'],
      report.defaults.map((e) => [
        text(where(e.table, e.column)),
        code(e.examples[0]?.after ?? ''),
        text(e.rule),
        num(e.count),
      ]),
      'No defaults were needed.',
    ),
  );
  section(
    parts,
    'duplicates',
    'Duplicates and the decision taken',
    [
      report.duplicates.length
        ? table(
            ['Table', 'Decision', 'Count'],
            report.duplicates.map((d) => [text(d.table ?? ''), text(d.rule), num(d.count)]),
            '',
          )
        : '',
      problemTable(report.duplicateRows, report.duplicates.length ? '' : 'No duplicate records.'),
    ].join(''),
  );
  section(
    parts,
    'skipped',
    'Rows skipped or pending',
    problemTable(report.skipped, 'No rows were skipped or left pending.'),
  );
  section(parts, 'links', 'Unresolved links', problemTable(report.unresolvedLinks, 'Every link found its record.'));
  section(
    parts,
    'conflicts',
    'Conflicts',
    problemTable(report.conflicts, 'No rows were edited in PostgreSQL since the last sync.'),
  );
  section(
    parts,
    'by-column',
    'Problems by column',
    table(
      ['Table', 'Column', 'Count', 'Examples'],
      report.problemsByColumn.map((g) => [
        text(g.table),
        text(g.column || '(whole row)'),
        num(g.count),
        g.examples
          .map(
            (p) =>
              `${p.row !== undefined ? `row ${fmt(p.row)}: ` : ''}${p.value !== undefined ? `${code(p.value)} ` : ''}${escapeHtml(p.reason)}`,
          )
          .join('<br>'),
      ]),
      'No problems.',
    ),
  );

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(`${report.title} — ${report.workspace ?? report.id}`)}</title>
<style>${STYLE}</style>
</head>
<body><main>
${parts.join('\n')}
<p class="more">Made by Ferry. The CSV version of this report lists every row.</p>
</main></body>
</html>
`;
}

function section(parts: string[], id: string, title: string, body: string): void {
  parts.push(`<section aria-labelledby="s-${id}"><h2 id="s-${id}">${escapeHtml(title)}</h2>${body}</section>`);
}

function problemTable(problems: ProblemRecord[], empty: string): string {
  if (problems.length === 0) return empty ? `<p class="none">${escapeHtml(empty)}</p>` : '';
  const shown = problems.slice(0, ROWS_PER_SECTION);
  const body = table(
    ['Table', 'File', 'Row', 'Column', 'Value', 'Why', 'What Ferry did'],
    shown.map((p) => [
      text(p.table ?? ''),
      text(p.file ?? ''),
      p.row !== undefined ? num(p.row) : '',
      text(p.column ?? ''),
      p.value !== undefined ? code(p.value) : '',
      text(p.reason),
      text(p.action ?? ''),
    ]),
    empty,
  );
  const more = problems.length - shown.length;
  return more > 0 ? `${body}<p class="more">…and ${fmt(more)} more, listed in the CSV report.</p>` : body;
}

/** Cells are already HTML; numeric ones are marked so they align right. */
function table(headers: string[], rows: string[][], empty: string): string {
  if (rows.length === 0) return empty ? `<p class="none">${escapeHtml(empty)}</p>` : '';
  const isNum = (cell: string) => cell.startsWith('\u0001');
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c) => (isNum(c) ? `<td class="n">${c.slice(1)}</td>` : `<td>${c}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const text = (v: string) => escapeHtml(v);
const code = (v: string) => `<code>${escapeHtml(v)}</code>`;
const num = (n: number, suffix = '') => `\u0001${fmt(n)}${escapeHtml(suffix)}`;
const fmt = (n: number) => n.toLocaleString('en-US');
const where = (table?: string, column?: string) => [table, column].filter(Boolean).join('.');

function formatWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
}

function sumTotals(tables: Record<string, TableCounts>): TableCounts {
  const t: TableCounts = { insert: 0, update: 0, unchanged: 0, retire: 0, pending: 0, conflict: 0, problems: 0 };
  for (const c of Object.values(tables)) for (const [k] of COUNT_LABELS) t[k] += c[k] ?? 0;
  return t;
}
