/**
 * A large art-editions export for the crash test, built without vitest so the child process that
 * gets killed can import it too. `variant` 2 changes a third of the editions, drops a tenth and
 * adds new prints with their editions.
 */
import type { MappingDocument } from '../../../core/mapping/document.js';
import { suggestFromTemplate } from '../../../core/mapping/suggest.js';
import { artEditions } from '../../../core/mapping/templates/art-editions.js';
import { memorySource, type PlanSource } from '../../../core/plan/source-rows.js';
import { DISTRIBUTOR_HEADERS, EDITION_HEADERS, PRINT_HEADERS } from '../sync/headers.js';

export function largeExport(prints: number, perPrint: number, variant: 1 | 2): PlanSource[] {
  const printRows: unknown[][] = [];
  const editionRows: unknown[][] = [];
  const total = variant === 2 ? prints + Math.ceil(prints / 5) : prints;
  for (let p = 0; p < total; p++) {
    const name = `Print ${p}`;
    printRows.push([name, `About print ${p}`, String(perPrint), '', '', '']);
    for (let n = 1; n <= perPrint; n++) {
      const i = p * perPrint + n;
      if (variant === 2 && p < prints && i % 10 === 0) continue;
      const price = variant === 2 && i % 3 === 0 ? 100 + (i % 50) : 50 + (i % 50);
      editionRows.push([
        `${name} #${n}`,
        name,
        String(n),
        i % 2 ? 'North Gallery' : 'South Prints',
        i % 4 ? 'Large' : 'Small',
        'Framed',
        i % 7 ? '' : 'checked',
        `$${price}`,
        '',
        '',
      ]);
    }
  }
  return [
    memorySource('Prints', PRINT_HEADERS, printRows, 'Prints-Grid view.csv'),
    memorySource(
      'Distributors',
      DISTRIBUTOR_HEADERS,
      [
        ['North Gallery', '40%', '', '', '$1', ''],
        ['South Prints', '30%', '', '', '$2', ''],
      ],
      'Distributors-Grid view.csv',
    ),
    memorySource('Editions', EDITION_HEADERS, editionRows, 'Editions-All Records.csv'),
  ];
}

export function largeMapping(): MappingDocument {
  const shapes = largeExport(1, 1, 1).map((s) => ({ name: s.name, columns: s.columns.map((name) => ({ name })) }));
  return suggestFromTemplate(artEditions, shapes).mapping;
}
