import pg from 'pg';
import type { SyncMode } from '../../../core/history/recorder.js';
import type { MappingDocument } from '../../../core/mapping/document.js';
import { suggestFromTemplate } from '../../../core/mapping/suggest.js';
import { artEditions } from '../../../core/mapping/templates/art-editions.js';
import { checkMapping } from '../../../core/mapping/validate.js';
import { createPlan, type PlanSession } from '../../../core/plan/plan.js';
import { memorySource, type PlanSource } from '../../../core/plan/source-rows.js';
import { applyPlan, type ApplyOptions } from '../../../core/sync/apply.js';
import { query } from '../../support/databases.js';
import { DISTRIBUTOR_HEADERS, EDITION_HEADERS, PRINT_HEADERS } from './headers.js';

export { DISTRIBUTOR_HEADERS, EDITION_HEADERS, PRINT_HEADERS };

export interface ExportRows {
  prints: unknown[][];
  distributors: unknown[][];
  editions: unknown[][];
  printHeaders?: string[];
  editionHeaders?: string[];
}

export function sources(e: ExportRows): PlanSource[] {
  return [
    memorySource('Prints', e.printHeaders ?? PRINT_HEADERS, e.prints, 'Prints-Grid view.csv'),
    memorySource('Distributors', DISTRIBUTOR_HEADERS, e.distributors, 'Distributors-Grid view.csv'),
    memorySource('Editions', e.editionHeaders ?? EDITION_HEADERS, e.editions, 'Editions-All Records.csv'),
  ];
}

export function artMapping(e: ExportRows): MappingDocument {
  const shapes = sources(e).map((s) => ({ name: s.name, columns: s.columns.map((name) => ({ name })) }));
  return suggestFromTemplate(artEditions, shapes).mapping;
}

export async function plan(
  url: string,
  mapping: MappingDocument,
  e: ExportRows,
  mode: SyncMode = 'incremental',
): Promise<PlanSession> {
  const check = checkMapping(mapping);
  if (!check.ok) throw new Error(JSON.stringify(check.issues));
  return createPlan({
    config: { connectionString: url },
    mapping: check.mapping,
    order: check.order,
    sources: sources(e),
    files: [],
    mode,
    target: 'test',
    signal: new AbortController().signal,
    progress: () => {},
  });
}

let runCounter = 0;

/** Plan and apply; asserts nothing itself, returns both so tests compare planned and applied counts. */
export async function sync(
  url: string,
  mapping: MappingDocument,
  e: ExportRows,
  mode: SyncMode = 'incremental',
  opts: Partial<ApplyOptions> = {},
) {
  const session = await plan(url, mapping, e, mode);
  try {
    const result = await applyPlan(session, {
      runId: `run-${++runCounter}-${Date.now()}`,
      conflictPolicy: 'stop',
      signal: new AbortController().signal,
      progress: () => {},
      ...opts,
    });
    return { plan: session.summary, result };
  } finally {
    await session.close();
  }
}

/** Every table's rows, ordered, as JSON: equal dumps mean byte-for-byte equal contents. */
export async function dump(url: string): Promise<string> {
  const tables = await query<{ schema: string; name: string }>(
    url,
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_schema IN ('public', 'ferry') AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
  );
  const out: Record<string, unknown> = {};
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const t of tables) {
      const { rows } = await client.query(`SELECT to_jsonb(x)::text AS j FROM "${t.schema}"."${t.name}" x ORDER BY 1`);
      out[`${t.schema}.${t.name}`] = rows.map((r) => r.j);
    }
  } finally {
    await client.end();
  }
  return JSON.stringify(out);
}

export function basicExport(): ExportRows {
  return {
    prints: [
      [
        'Harbour, at dawn',
        'Morning light over the harbour',
        '50',
        'https://example.com/harbour',
        '',
        'harbour (1).jpg (https://dl.airtable.com/a/harbour.jpg)',
      ],
      ['Kestrel "blue"', 'A kestrel', '25', '', 'Signed', ''],
      ['Fen Lights', '', '100', '', '', ''],
    ],
    distributors: [
      ['North Gallery', '40%', 'ann@north.example', 'https://north.example', '$1,323.25', '9/24/2025 3:40pm'],
      ['Bay Prints, Ltd', '35.00%', '', '', '€808500.71', '1/19/2026'],
    ],
    editions: [
      [
        'Harbour #1',
        '"Harbour, at dawn"',
        '1',
        'North Gallery',
        'large ',
        'Framed',
        'checked',
        '$79.00',
        '9/24/2025',
        '',
      ],
      ['Harbour #2', '"Harbour, at dawn"', '2', '"Bay Prints, Ltd"', 'Small', 'Tube only', '', '$2160', '', 'in stock'],
      [
        'Kestrel #1',
        '"Kestrel ""blue"""',
        '1',
        'North Gallery',
        'XL',
        'Mounted',
        'checked',
        '$120.50',
        '10/2/2025',
        '',
      ],
      ['Fen #1', 'Fen Lights', '1', '', 'Large', 'Framed', '', '$60', '', ''],
    ],
  };
}
