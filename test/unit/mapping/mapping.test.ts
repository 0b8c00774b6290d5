import { describe, expect, it } from 'vitest';
import { columnNameFor, headerSimilarity } from '../../../core/mapping/names.js';
import { suggestFromTemplate, suggestGeneric } from '../../../core/mapping/suggest.js';
import { artEditions } from '../../../core/mapping/templates/art-editions.js';
import { checkMapping } from '../../../core/mapping/validate.js';

const sampleShapes = [
  {
    name: 'Prints',
    columns: ['Name', 'Description', 'Total Editions', 'Web Link', 'Notes ', 'Images'].map((name) => ({ name })),
  },
  {
    name: 'Distributors',
    columns: ['Name', 'Commission %', 'Contact', 'Website', 'Total Revenue', 'Last Update'].map((name) => ({ name })),
  },
  {
    name: 'Editions',
    columns: [
      'Display Name',
      'Print',
      'Edition  Number',
      'Distributor',
      'Size',
      'Retail  Price ',
      'Sold',
      'Mystery Column',
    ].map((name) => ({ name })),
  },
];

describe('the art-editions template', () => {
  it('matches files by name and headers by similarity, with a score and a reason, and lists what is left', () => {
    const s = suggestFromTemplate(artEditions, sampleShapes);
    expect(s.mapping.tables.map((t) => [t.name, t.source])).toEqual([
      ['prints', 'Prints'],
      ['distributors', 'Distributors'],
      ['editions', 'Editions'],
    ]);
    const ed = s.mapping.tables[2];
    expect(ed.key).toEqual(['print_id', 'edition_number']);
    expect(ed.fields.find((f) => f.column === 'retail_price')?.source).toEqual(['Retail  Price ']);
    expect(ed.fields.find((f) => f.column === 'edition_number')?.source).toEqual(['Edition  Number']);
    expect(ed.links.map((l) => [l.column, l.source, l.table])).toEqual([
      ['print_id', 'Print', 'prints'],
      ['distributor_id', 'Distributor', 'distributors'],
    ]);
    const price = s.suggestions.find((x) => x.column === 'retail_price')!;
    expect(price.score).toBeGreaterThan(0.9);
    expect(price.reason).toMatch(/Retail {2}Price/);
    expect(s.unmatched).toEqual([{ sourceTable: 'Editions', column: 'Mystery Column' }]);
    expect(s.missing.some((m) => m.column === 'frame')).toBe(true);
    expect(checkMapping(s.mapping).ok).toBe(true);
  });

  it('keeps a key link to a table the export lacks as the parent name in text, so the key still tells rows apart', () => {
    const s = suggestFromTemplate(artEditions, [sampleShapes[2]]);
    const ed = s.mapping.tables[0];
    expect(ed.links).toEqual([]);
    expect(ed.key).toEqual(['print', 'edition_number']);
    expect(ed.fields.find((f) => f.column === 'print')).toMatchObject({ source: ['Print'], type: 'text' });
    expect(s.missing.find((m) => m.column === 'print_id')?.reason).toMatch(/kept as text in "print"/);
    expect(s.missing.find((m) => m.column === 'distributor_id')?.reason).toMatch(/this link was left out/);
    expect(s.unmatched).toEqual([
      { sourceTable: 'Editions', column: 'Distributor' },
      { sourceTable: 'Editions', column: 'Mystery Column' },
    ]);
    expect(checkMapping(s.mapping).ok).toBe(true);
  });

  it('drops links to tables the export lacks', () => {
    const s = suggestFromTemplate(artEditions, [sampleShapes[0], sampleShapes[2]]);
    expect(s.mapping.tables.map((t) => t.name)).toEqual(['prints', 'editions']);
    expect(s.mapping.tables[1].links.map((l) => l.table)).toEqual(['prints']);
    expect(checkMapping(s.mapping).ok).toBe(true);
  });
});

describe('the generic template', () => {
  it('makes one table per file, keyed by the first column, with links from detected links', () => {
    const s = suggestGeneric([
      {
        name: 'Projects',
        columns: [
          { name: 'Project Name' },
          { name: 'Budget', type: 'money', confidence: 0.9 },
          { name: 'Client' },
          { name: 'id' },
        ],
        links: [{ column: 'Client', table: 'Clients', matched: 3, total: 4 }],
      },
      { name: 'Clients', columns: [{ name: 'Name' }] },
    ]);
    const p = s.mapping.tables[0];
    expect(p.key).toEqual(['project_name']);
    expect(p.fields.map((f) => [f.column, f.type])).toEqual([
      ['project_name', 'text'],
      ['budget', 'money'],
      ['id_2', 'text'],
    ]);
    expect(p.links).toMatchObject([{ column: 'client_id', table: 'clients' }]);
    const check = checkMapping(s.mapping);
    expect(check.ok && check.order).toEqual(['clients', 'projects']);
  });
});

describe('checking a mapping', () => {
  it('explains each mistake in plain words', () => {
    const check = checkMapping({
      version: 1,
      tables: [
        {
          name: 'a',
          source: 'A',
          key: ['missing'],
          fields: [
            { column: 'id', source: ['Id'], type: 'text' },
            { column: 'x', source: ['X'], type: 'text' },
            { column: 'x', source: ['X2'], type: 'text' },
          ],
          links: [{ column: 'b_id', source: 'B', table: 'b' }],
        },
      ],
    });
    expect(check.ok).toBe(false);
    const messages = check.issues.map((i) => i.message).join('\n');
    expect(messages).toMatch(/"id" is a column Ferry keeps for itself/);
    expect(messages).toMatch(/two columns called "x"/);
    expect(messages).toMatch(/key of "a" names "missing"/);
    expect(messages).toMatch(/links to "b", which is not in the mapping/);
  });

  it('finds circles of links and rejects malformed documents', () => {
    const t = (name: string, to: string) => ({
      name,
      source: name,
      key: ['n'],
      fields: [{ column: 'n', source: ['N'], type: 'text' }],
      links: [{ column: `${to}_id`, source: to, table: to }],
    });
    const circle = checkMapping({ version: 1, tables: [t('a', 'b'), t('b', 'a')] });
    expect(circle.ok).toBe(false);
    expect(circle.issues.map((i) => i.message).join(' ')).toMatch(/circle/);
    expect(checkMapping({ version: 2, tables: [] }).ok).toBe(false);
    expect(checkMapping('not a mapping').ok).toBe(false);
  });
});

describe('names', () => {
  it('normalises headers into column names and scores similarity', () => {
    expect(columnNameFor('Commission %')).toBe('commission_percent');
    expect(columnNameFor('  En  el Banco ')).toBe('en_el_banco');
    expect(columnNameFor('2024 Sales')).toBe('c_2024_sales');
    expect(columnNameFor('x'.repeat(100))).toHaveLength(63);
    expect(headerSimilarity('Retail  Price ', 'Retail Price')).toBe(1);
    expect(headerSimilarity('Edition #', 'Edition Number')).toBe(1);
    expect(headerSimilarity('Size', 'Payment Note')).toBeLessThan(0.6);
  });
});

describe('tables wider than PostgreSQL holds', () => {
  const wide = (n: number, type?: 'integer') =>
    suggestGeneric([
      {
        name: 'Sheet',
        columns: Array.from({ length: n }, (_, i) => ({ name: `Col ${i}`, ...(type && i ? { type } : {}) })),
      },
    ]);

  it('the generic template maps the first 500 columns and keeps the others in extra', () => {
    const s = wide(2000);
    const t = s.mapping.tables[0];
    expect(t.fields).toHaveLength(500);
    expect(t.keepExtra).toBe(true);
    expect(s.unmatched).toHaveLength(1500);
    expect(s.unmatched[0]).toEqual({ sourceTable: 'Sheet', column: 'Col 500' });
    expect(checkMapping(s.mapping).ok).toBe(true);
    expect(wide(500).unmatched).toEqual([]);
  });

  it('refuses, in plain words, a mapping with more columns than a table or a row can hold', () => {
    const tooMany = wide(500).mapping;
    const t = tooMany.tables[0];
    t.fields = Array.from({ length: 1590 }, (_, i) => ({ ...t.fields[1], column: `c${i}`, source: [`Col ${i}`] }));
    t.key = ['c0'];
    const check = checkMapping(tooMany);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.issues.map((i) => i.message)).toEqual([
      '"sheet" maps 1590 columns, but a PostgreSQL table holds at most 1589 besides Ferry\'s own. Leave some unmapped: they are kept in its "extra" column.',
    ]);
    // 800 whole numbers take 6,400 bytes in every row: more than a row has room for; 700 fit.
    const numbers = (n: number) => {
      const m = wide(2).mapping;
      const tt = m.tables[0];
      tt.fields = [
        tt.fields[0],
        ...Array.from({ length: n }, (_, i) => ({ ...tt.fields[1], column: `n${i}`, type: 'integer' as const })),
      ];
      return checkMapping(m);
    };
    const refused = numbers(800);
    expect(!refused.ok && refused.issues.map((i) => i.message)).toEqual([
      '"sheet" maps too many number, date and yes/no columns to fit in one PostgreSQL row. Leave some unmapped (they are kept in its "extra" column) or map them as text.',
    ]);
    expect(numbers(700).ok).toBe(true);
  });
});

describe('long headers', () => {
  it('become names of at most 63 bytes, still different from each other, links and numbered copies included', () => {
    const long = (i: number) => `Ünïcödé header that goes on and on well beyond what PostgreSQL allows ${i}`;
    const s = suggestGeneric([
      {
        name: long(0),
        columns: [{ name: long(1) }, { name: long(2) }, { name: long(3) }, { name: `${long(4)} client` }],
        links: [{ column: `${long(4)} client`, table: long(9), matched: 1, total: 1 }],
      },
      { name: long(9), columns: [{ name: 'Name' }] },
      { name: `${long(0)} copy`, columns: [{ name: 'Name' }] },
    ]);
    const bytes = (n: string) => new TextEncoder().encode(n).length;
    const names = s.mapping.tables.flatMap((t) => [
      t.name,
      ...t.fields.map((f) => f.column),
      ...t.links.map((l) => l.column),
    ]);
    expect(names.every((n) => bytes(n) <= 63)).toBe(true);
    const t = s.mapping.tables[0];
    const columns = [...t.fields.map((f) => f.column), ...t.links.map((l) => l.column)];
    expect(new Set(columns).size).toBe(4);
    expect(t.links[0].column.endsWith('_id')).toBe(true);
    expect(new Set(s.mapping.tables.map((x) => x.name)).size).toBe(3);
    expect(checkMapping(s.mapping).ok).toBe(true);
  });
});
