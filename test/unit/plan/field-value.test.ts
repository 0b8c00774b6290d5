import { describe, expect, it } from 'vitest';
import { fieldSpec } from '../../../core/mapping/document.js';
import { dateOrderEvidence, fieldConverter } from '../../../core/plan/field-value.js';
import { parseAttachments, parseList } from '../../../core/clean/list.js';

const conv = (type: string, extra: Record<string, unknown> = {}) =>
  fieldConverter(fieldSpec.parse({ column: 'c', source: ['C'], type, transforms: ['trim'], ...extra }));

describe('list cells', () => {
  it.each([
    ['Harbour, Kestrel', ['Harbour', 'Kestrel']],
    ['"Harbour, at dawn",Kestrel', ['Harbour, at dawn', 'Kestrel']],
    ['"Kestrel ""Blue""", "Fen, Lights"', ['Kestrel "Blue"', 'Fen, Lights']],
    ['', []],
    [' , a ,', ['a']],
  ])('%j', (cell, names) => expect(parseList(cell)).toEqual(names));

  it('reads attachments whose names hold parentheses', () => {
    expect(
      parseAttachments('images (1).jpeg (https://dl.airtable.com/a/1.jpeg), b.png (https://x.example/b.png)'),
    ).toEqual([
      { name: 'images (1).jpeg', url: 'https://dl.airtable.com/a/1.jpeg' },
      { name: 'b.png', url: 'https://x.example/b.png' },
    ]);
    expect(parseAttachments('just a name')).toBeUndefined();
  });
});

describe('numbers, as COPY text', () => {
  it.each([
    ['$79.00', '79.00'],
    ['$2160', '2160'],
    ['$1,323.25', '1323.25'],
    ['€808500.71', '808500.71'],
    ['-€743010.80', '-743010.80'],
    ['(1,200)', '-1200'],
    ['GBP 12.5', '12.5'],
  ])('money %s → %s', (raw, out) => expect(conv('money')(raw)).toEqual({ value: out }));

  it('reports what is not a number, and leaves it empty', () => {
    for (const raw of ['abc', '1,2,3']) {
      const r = conv('decimal')(raw);
      expect(r.value).toBeNull();
      expect(r.problem).toMatch(/left empty/);
    }
  });

  it('reads decimal commas when the column says so', () => {
    expect(conv('decimal', { decimalComma: true })('1.234,56')).toEqual({ value: '1234.56' });
    expect(conv('decimal', { decimalComma: true })('1,25')).toEqual({ value: '1.25' });
  });

  it('stores percentages as fractions and reports what is not a number', () => {
    expect(conv('percent')('5.00%')).toEqual({ value: '0.0500' });
    expect(conv('percent')('100.00%')).toEqual({ value: '1.0000' });
    expect(conv('money')('NaN').problem).toMatch(/formula error/);
    expect(conv('integer')('12.5').problem).toMatch(/whole number/);
    expect(conv('integer')('1,250')).toEqual({ value: '1250' });
  });
});

describe('dates, as COPY text', () => {
  it('reads US and day-first dates with times', () => {
    expect(conv('date')('9/24/2025')).toEqual({ value: '2025-09-24' });
    expect(conv('datetime')('1/19/2026 3:40pm').value).toMatch(/^2026-01-19[T ]15:40(:00)?/);
    expect(
      fieldConverter(fieldSpec.parse({ column: 'c', source: ['C'], type: 'date' }), { dayFirst: true })('10/11/2025'),
    ).toEqual({
      value: '2025-11-10',
    });
    expect(conv('datetime')('12/1/2025 12:05am').value).toMatch(/^2025-12-01[T ]00:05/);
    expect(conv('date')('2/30/2025').problem).toMatch(/left empty/);
    expect(conv('date')('2025-02-28')).toEqual({ value: '2025-02-28' });
  });

  it('decides the order from the evidence', () => {
    expect(dateOrderEvidence(['1/2/2025', '24/9/2025'])).toEqual({ dayFirst: true, conflicting: false });
    expect(dateOrderEvidence(['9/24/2025'])).toEqual({ dayFirst: false, conflicting: false });
    expect(dateOrderEvidence(['1/2/2025'])).toEqual({ dayFirst: undefined, conflicting: false });
    expect(dateOrderEvidence(['24/9/2025', '9/24/2025']).conflicting).toBe(true);
  });
});

describe('field values', () => {
  it('reads Airtable checkboxes, with an empty cell as unchecked', () => {
    expect(conv('boolean')('checked')).toEqual({ value: 't' });
    expect(conv('boolean')('')).toEqual({ value: 'f' });
    expect(conv('boolean')('maybe').problem).toMatch(/not a yes\/no value.*left empty/);
  });

  it('standardises allowed values by synonym, and keeps (but reports) the rest', () => {
    const size = conv('text', { allowed: [{ value: 'Extra Large', synonyms: ['XL'] }, { value: 'Large' }] });
    expect(size('large ')).toMatchObject({ value: 'Large', rule: 'c: "large" → "Large"' });
    expect(size('xl')).toMatchObject({ value: 'Extra Large' });
    expect(size('Medium')).toMatchObject({ value: 'Medium', kept: true });
  });

  it('applies defaults to empty cells and cleans control characters', () => {
    expect(conv('text', { default: 'Unknown' })('  ')).toMatchObject({
      value: 'Unknown',
      rule: 'c: empty → Unknown (default)',
    });
    expect(conv('text')('a\u0000b\u00a0c\r\nd')).toEqual({ value: 'ab c\nd' });
  });
});
