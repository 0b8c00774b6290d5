import { describe, expect, it } from 'vitest';
import { inferColumn, profileColumn } from '../../../core/clean/infer.js';

describe('inferColumn', () => {
  it.each([
    [['1', '2', '3', ''], 'integer'],
    [['1.5', '2', '3.25'], 'decimal'],
    [['$79.00', '$2160', '$1,323.25', ''], 'money'],
    [['5.00%', '100.00%', '40%'], 'percent'],
    [['checked', '', 'checked', ''], 'boolean'],
    [['yes', 'no', 'Yes'], 'boolean'],
    [['9/24/2025', '10/11/2025', '1/2/2025'], 'date'],
    [['1/19/2026 3:40pm', '1/20/2026 9:00am'], 'datetime'],
    [['a.jpg (https://x.test/a.jpg)', 'b (1).png (https://x.test/b.png),c.png (https://x.test/c.png)'], 'attachments'],
    [['Alpha,Beta', 'Gamma', '"Smith, John",Delta', 'Beta,Gamma'], 'list'],
    [['{"a":1}', '[1,2]'], 'json'],
    [['Hello', 'World', '12'], 'text'],
  ])('%j is %s', (values, type) => {
    expect(inferColumn(values).type).toBe(type);
  });

  it('treats 1/0 alone as integers, not booleans', () => {
    expect(inferColumn(['1', '0', '1']).type).toBe('integer');
  });

  it('marks an Airtable checkbox column so empty means unchecked', () => {
    const inf = inferColumn(['checked', '', '']);
    expect(inf.spec).toEqual({ type: 'boolean', emptyAsFalse: true });
    expect(inf.empty).toBe(2);
  });

  it('decides month-first from a value over 12 in the second place', () => {
    const inf = inferColumn(['10/11/2025', '9/24/2025', '3/4/2025']);
    expect(inf.spec.dateOrder).toBe('mdy');
    expect(inf.ambiguousDates).toBeUndefined();
    expect(inf.confidence).toBe(1);
  });

  it('decides day-first from a value over 12 in the first place', () => {
    const inf = inferColumn(['10/11/2025', '24/9/2025']);
    expect(inf.spec.dateOrder).toBe('dmy');
  });

  it('flags a column no value settles, and does not guess silently', () => {
    const inf = inferColumn(['10/11/2025', '3/4/2025', '1/2/2025']);
    expect(inf.type).toBe('date');
    expect(inf.ambiguousDates).toBe(true);
    expect(inf.spec.dateOrder).toBeUndefined();
    expect(inf.suggestedDateOrder).toBe('mdy');
    expect(inf.confidence).toBeLessThan(1);
    expect(inf.note).toMatch(/choose the order/);
  });

  it('flags a column with both orders and names the minority as a counter-example', () => {
    const inf = inferColumn(['9/24/2025', '9/25/2025', '24/9/2025']);
    expect(inf.ambiguousDates).toBe(true);
    expect(inf.suggestedDateOrder).toBe('mdy');
    expect(inf.counterExamples).toEqual(['24/9/2025']);
  });

  it('gives the counter-examples that lowered its confidence', () => {
    const values = [...Array.from({ length: 18 }, (_, i) => String(i)), 'n/a', 'about 5'];
    const inf = inferColumn(values);
    expect(inf.type).toBe('integer');
    expect(inf.confidence).toBe(0.9);
    expect(inf.counterExamples).toEqual(['n/a', 'about 5']);
  });

  it('falls back to text when no type fits most values', () => {
    const inf = inferColumn(['1', 'two', '3', 'four']);
    expect(inf.type).toBe('text');
    expect(inf.confidence).toBeGreaterThanOrEqual(0.5);
  });

  it('reads the number locale from the evidence', () => {
    expect(inferColumn(['1.234,56', '7,5']).spec.numberLocale).toBe('comma');
    expect(inferColumn(['1,234.56', '7.5']).spec.numberLocale).toBe('dot');
    const european = inferColumn(['1,250', '3,5']);
    expect(european.type).toBe('decimal');
    expect(european.spec.numberLocale).toBe('comma');
  });

  it('counts formula errors apart from values and empties', () => {
    const inf = inferColumn(['1', '#ERROR!', 'NaN', '', '2']);
    expect(inf).toMatchObject({ type: 'integer', empty: 1, formulaErrors: 2, total: 5, confidence: 1 });
  });

  it('keeps one currency for a money column that shows one', () => {
    expect(inferColumn(['€1', '€2,50']).spec.currency).toBe('EUR');
    expect(inferColumn(['€1', '$2']).spec.currency).toBeUndefined();
  });

  it('types workbook and JSON values', () => {
    expect(inferColumn([1, 2.5, null]).type).toBe('decimal');
    expect(inferColumn([new Date(Date.UTC(2025, 0, 1)), new Date(Date.UTC(2025, 0, 2))]).type).toBe('date');
    expect(inferColumn([true, false]).type).toBe('boolean');
    expect(inferColumn([['a', 'b'], ['c']]).type).toBe('list');
    expect(inferColumn([[{ url: 'https://x.test/a.jpg', filename: 'a.jpg' }]]).type).toBe('attachments');
  });

  it('keeps at most five distinct examples and says when a column is empty', () => {
    const inf = inferColumn(['a', 'a', 'b', 'c', 'd', 'e', 'f']);
    expect(inf.examples).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(inferColumn(['', null]).confidence).toBe(0);
  });

  it('streams a large column in constant memory', async () => {
    async function* values() {
      for (let i = 0; i < 50_000; i++) yield i % 10 === 0 ? '' : `${i}.5`;
    }
    const inf = await profileColumn(values());
    expect(inf).toMatchObject({ type: 'decimal', empty: 5000, total: 50_000 });
  });
});
