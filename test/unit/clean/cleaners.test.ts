import { describe, expect, it } from 'vitest';
import { cleanProblem, cleanValue } from '../../../core/clean/clean-value.js';
import type { CleanSpec, CleanValue } from '../../../core/clean/types.js';
import { VALUE_TYPES } from '../../../core/clean/types.js';

type Case = [raw: unknown, expected: CleanValue, problem?: RegExp];

/** Runs every case of a table: the value, and a problem exactly when one is expected. */
function table(name: string, spec: CleanSpec, cases: Case[]): void {
  describe(name, () => {
    it.each(cases.map((c) => [JSON.stringify(c[0]) ?? String(c[0]), ...c] as const))(
      '%s',
      (_label, raw, expected, problem) => {
        const r = cleanValue(raw, spec);
        expect(r.value).toEqual(expected);
        if (problem) expect(r.problem).toMatch(problem);
        else expect(r.problem).toBeUndefined();
      },
    );
  });
}

table('text', { type: 'text' }, [
  ['Plain', 'Plain'],
  ['  padded  ', 'padded'],
  ['non\u00a0breaking', 'non breaking'],
  ['line\r\nbreaks\rmixed', 'line\nbreaks\nmixed'],
  ['bell\u0007 and null\u0000', 'bell and null'],
  ['zero\u200bwidth', 'zerowidth'],
  ['keeps\ttabs', 'keeps\ttabs'],
  ['En  el Banco', 'En  el Banco'],
  ["'leading quote", "'leading quote"],
  ['=HYPERLINK("http://evil")', '=HYPERLINK("http://evil")'],
  ['', null],
  ['   ', null],
  [null, null],
  ['#ERROR!', null, /formula error/],
  ['NaN', null, /formula error/],
  ['#N/A', null, /formula error/],
  [12.5, '12.5'],
  [true, 'true'],
  [['a', 'b'], 'a, b'],
]);

table('integer', { type: 'integer' }, [
  ['42', '42'],
  ['10,000', '10000'],
  ['-7', '-7'],
  ['(1,200)', '-1200'],
  ['+3', '3'],
  ['1e3', '1000'],
  ['12.00', '12'],
  ['007', '7'],
  ['1 234', '1234'],
  ['9223372036854775807', '9223372036854775807'],
  ['9223372036854775808', null, /too large/],
  ['12.5', null, /not a whole number/],
  ['abc', null, /not a whole number/],
  ['1,25', null, /not a whole number/],
  ['#DIV/0!', null, /formula error/],
  [17, '17'],
  [17.5, null, /not a whole number/],
]);

table('decimal (no locale)', { type: 'decimal' }, [
  ['1234.5', '1234.5'],
  ['1,234.56', '1234.56'],
  ['1.234,56', '1234.56'],
  ['1,5', '1.5'],
  ['10,000', '10000'],
  ['-0.50', '-0.50'],
  ['(3.25)', '-3.25'],
  ['1.5e3', '1500'],
  ['2.5E-3', '0.0025'],
  ['.5', '0.5'],
  ['1\u00a0234,5', '1234.5'],
  ["1'234.5", '1234.5'],
  ['-0', '0'],
  ['5-', '-5'],
  ['1.234.567,8', '1234567.8'],
  ['1.2.3,4', null, /unclear/],
  ['12abc', null, /not a number/],
  ['1.2.3', null, /unclear/],
  ['--5', null, /not a number/],
  ['', null],
  ['NaN', null, /formula error/],
  [1e21, '1000000000000000000000'],
]);

table('decimal (comma locale)', { type: 'decimal', numberLocale: 'comma' }, [
  ['1,250', '1.250'],
  ['1.234,56', '1234.56'],
  ['1.000', '1000'],
  ['12', '12'],
]);

table('decimal (dot locale)', { type: 'decimal', numberLocale: 'dot' }, [
  ['1,250', '1250'],
  ['1,25', null, /unclear/],
  ['3.14', '3.14'],
]);

table('money', { type: 'money' }, [
  ['$79.00', { amount: '79.00', currency: 'USD' }],
  ['$2160', { amount: '2160', currency: 'USD' }],
  ['$1,323.25', { amount: '1323.25', currency: 'USD' }],
  ['€808500.71', { amount: '808500.71', currency: 'EUR' }],
  ['-€743010.80', { amount: '-743010.80', currency: 'EUR' }],
  ['€-5', { amount: '-5', currency: 'EUR' }],
  ['£12', { amount: '12', currency: 'GBP' }],
  ['(£1,200.00)', { amount: '-1200.00', currency: 'GBP' }],
  ['GBP 12.50', { amount: '12.50', currency: 'GBP' }],
  ['12.50 EUR', { amount: '12.50', currency: 'EUR' }],
  ['US$5', { amount: '5', currency: 'USD' }],
  ['1.234,56 €', { amount: '1234.56', currency: 'EUR' }],
  ['42', { amount: '42', currency: null }],
  ['free', null, /not an amount of money/],
  ['$', null, /not an amount of money/],
  ['#ERROR!', null, /formula error/],
  [19.99, { amount: '19.99', currency: null }],
]);

table('money with a column currency', { type: 'money', currency: 'AUD' }, [
  ['$5', { amount: '5', currency: 'AUD' }],
  ['7', { amount: '7', currency: 'AUD' }],
  ['€3', { amount: '3', currency: 'EUR' }],
]);

table('percent', { type: 'percent' }, [
  ['40%', '0.40'],
  ['5.00%', '0.0500'],
  ['100.00%', '1.0000'],
  ['-2.5%', '-0.025'],
  ['0.4', '0.4'],
  ['12,5%', '0.125'],
  ['% 3', '0.03'],
  ['lots%', null, /not a percentage/],
  ['NaN', null, /formula error/],
  [0.25, '0.25'],
]);

table('boolean', { type: 'boolean' }, [
  ['checked', true],
  ['Checked', true],
  ['yes', true],
  ['No', false],
  ['TRUE', true],
  ['false', false],
  ['1', true],
  ['0', false],
  ['x', true],
  ['X', true],
  ['✓', true],
  ['', null],
  ['maybe', null, /not a yes\/no/],
  [true, true],
  [0, false],
  [2, null, /not a yes\/no/],
]);

table('boolean (Airtable checkbox)', { type: 'boolean', emptyAsFalse: true }, [
  ['checked', true],
  ['', false],
  [null, false],
]);

table('date (no order: decided per value)', { type: 'date' }, [
  ['2025-09-24', '2025-09-24'],
  ['9/24/2025', '2025-09-24'],
  ['24/9/2025', '2025-09-24'],
  ['24.09.2025', '2025-09-24'],
  ['2025/9/4', '2025-09-04'],
  ['5/5/2025', '2025-05-05'],
  ['Sep 24, 2025', '2025-09-24'],
  ['24 September 2025', '2025-09-24'],
  ['Wednesday, September 24, 2025', '2025-09-24'],
  ['9/24/25', '2025-09-24'],
  ['2024-02-29', '2024-02-29'],
  ['10/11/2025', null, /could be October 11 or November 10/],
  ['2025-02-29', null, /not a real date/],
  ['13/13/2025', null, /not a real date/],
  ['9/24/2025 3:40pm', null, /time of day/],
  ['9/24/2025 00:00', '2025-09-24'],
  ['soon', null, /not a date/],
  ['#ERROR!', null, /formula error/],
  [new Date(Date.UTC(2025, 8, 24)), '2025-09-24'],
  [45924, '2025-09-24'],
]);

table('date (month first)', { type: 'date', dateOrder: 'mdy' }, [
  ['10/11/2025', '2025-10-11'],
  ['9/24/2025', '2025-09-24'],
  ['24/9/2025', null, /month first/],
]);

table('date (day first)', { type: 'date', dateOrder: 'dmy' }, [
  ['10/11/2025', '2025-11-10'],
  ['24/9/2025', '2025-09-24'],
  ['9/24/2025', null, /day first/],
]);

table('datetime', { type: 'datetime', dateOrder: 'mdy' }, [
  ['1/19/2026 3:40pm', '2026-01-19T15:40:00'],
  ['1/19/2026 3:40 PM', '2026-01-19T15:40:00'],
  ['1/19/2026 12:05am', '2026-01-19T00:05:00'],
  ['1/19/2026 15:40', '2026-01-19T15:40:00'],
  ['2026-01-19T15:40:00Z', '2026-01-19T15:40:00Z'],
  ['2026-01-19T15:40:00.123+01:00', '2026-01-19T15:40:00.123+01:00'],
  ['2026-01-19 15:40:05', '2026-01-19T15:40:05'],
  ['9/24/2025', '2025-09-24T00:00:00'],
  ['1/19/2026 25:00', null, /not a time of day/],
  ['1/19/2026 3:40 bananas', null, /time zone/],
  [new Date(Date.UTC(2026, 0, 19, 15, 40)), '2026-01-19T15:40:00'],
]);

table('list', { type: 'list' }, [
  ['Alpha', ['Alpha']],
  ['Alpha,Beta', ['Alpha', 'Beta']],
  ['Alpha, Beta', ['Alpha', 'Beta']],
  ['"Smith, John",Alpha', ['Smith, John', 'Alpha']],
  ['"The ""Big"" One", "Smith, John"', ['The "Big" One', 'Smith, John']],
  ['Lookup,Lookup,Lookup', ['Lookup', 'Lookup', 'Lookup']],
  ['a,,b', ['a', 'b']],
  ['"unclosed, item', ['unclosed, item']],
  ['', null],
  [
    ['x', 'y'],
    ['x', 'y'],
  ],
  [[{ id: 'usr1', email: 'a@b.c', name: 'Ann' }], ['Ann']],
  [7, ['7']],
]);

table('attachments', { type: 'attachments' }, [
  [
    'photo.jpg (https://dl.airtable.com/a/photo.jpg)',
    [{ name: 'photo.jpg', url: 'https://dl.airtable.com/a/photo.jpg' }],
  ],
  [
    'images (1).jpeg (https://dl.airtable.com/x/images%20(1).jpeg),b.png (https://dl.airtable.com/y/b.png)',
    [
      { name: 'images (1).jpeg', url: 'https://dl.airtable.com/x/images%20(1).jpeg' },
      { name: 'b.png', url: 'https://dl.airtable.com/y/b.png' },
    ],
  ],
  [
    'a, b.pdf (https://x.test/a.pdf), c.pdf (http://x.test/c.pdf)',
    [
      { name: 'a, b.pdf', url: 'https://x.test/a.pdf' },
      { name: 'c.pdf', url: 'http://x.test/c.pdf' },
    ],
  ],
  ['just-a-name.jpg', [{ name: 'just-a-name.jpg', url: null }], /no links/],
  [
    [{ id: 'att1', url: 'https://dl.airtable.com/a.jpg', filename: 'a (1).jpg' }],
    [{ name: 'a (1).jpg', url: 'https://dl.airtable.com/a.jpg' }],
  ],
  ['', null],
]);

table('json', { type: 'json' }, [
  ['{"a":1}', { a: 1 }],
  ['[1,2]', [1, 2]],
  ['{bad', null, /not valid JSON/],
  [{ a: { b: 1 } }, { a: { b: 1 } }],
]);

describe('cleanValue never throws', () => {
  it('on odd inputs of every type', () => {
    const odd: unknown[] = [
      undefined,
      Symbol.for('x').description,
      {},
      [],
      [null],
      new Date('nope'),
      Infinity,
      -0,
      'x'.repeat(100_000),
      '\u0000',
      '((((',
      '1e99999',
    ];
    for (const type of VALUE_TYPES) {
      for (const raw of odd) expect(() => cleanValue(raw, { type })).not.toThrow();
    }
  });
});

describe('cleanProblem', () => {
  it('places a problem in the file, row and column, saying the value was emptied', () => {
    const raw = 'twelve';
    const r = cleanValue(raw, { type: 'integer' });
    expect(cleanProblem(r, raw, { file: 'a.csv', table: 'A', row: 3, column: 'Qty' })).toEqual({
      file: 'a.csv',
      table: 'A',
      row: 3,
      column: 'Qty',
      value: 'twelve',
      reason: '"twelve" is not a whole number: it is not a number.',
      stage: 'clean',
      action: 'emptied',
    });
    expect(cleanProblem(cleanValue('12', { type: 'integer' }), '12', {})).toBeUndefined();
  });
});
