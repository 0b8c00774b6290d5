import { describe, expect, it } from 'vitest';
import type { MappingInput } from '../../../core/mapping/document';
import { mappingDocument } from '../../../core/mapping/document';
import { applyFix, findField, groupProblems, possibleFixes } from '../../../renderer/src/lib/problems';
import { countRuleEffects, notAllowed } from '../../../renderer/src/lib/rules';

const mapping: MappingInput = {
  version: 1,
  tables: [
    {
      name: 'editions',
      source: 'Editions',
      key: ['edition'],
      fields: [
        { column: 'edition', source: ['Edition'], type: 'text' },
        {
          column: 'size',
          source: ['Size'],
          type: 'text',
          allowed: [
            { value: 'Large', synonyms: [] },
            { value: 'Small', synonyms: [] },
          ],
        },
        { column: 'price', source: ['Price'], type: 'money' },
      ],
    },
  ],
};

describe('the validation report', () => {
  const problems = [
    { table: 'editions', column: 'size', value: 'Lrg', reason: 'not an allowed value', file: 'E.csv', row: 2 },
    { table: 'editions', column: 'size', value: 'Lrg', reason: 'not an allowed value', file: 'E.csv', row: 5 },
    { table: 'editions', column: 'size', value: 'XL', reason: 'not an allowed value', file: 'E.csv', row: 7 },
    { table: 'editions', column: 'price', value: 'call us', reason: 'not an amount of money', row: 3 },
  ];

  it('groups problems by table, column and reason, biggest first, values by frequency', () => {
    const groups = groupProblems(problems);
    expect(groups).toHaveLength(2);
    expect(groups[0]).toMatchObject({ column: 'size', count: 3 });
    expect(groups[0].values).toEqual([
      { value: 'Lrg', count: 2 },
      { value: 'XL', count: 1 },
    ]);
    expect(groups[1]).toMatchObject({ column: 'price', count: 1 });
  });

  it('finds the field by target column or by export header', () => {
    expect(findField(mapping, 'editions', 'size')).toEqual({ table: 0, field: 1 });
    expect(findField(mapping, 'Editions', 'Price')).toEqual({ table: 0, field: 2 });
    expect(findField(mapping, 'prints', 'size')).toBeNull();
  });

  it('adds a synonym as a rule without touching the original mapping, and the result is still valid', () => {
    const [sizes] = groupProblems(problems);
    const field = mapping.tables[0].fields[1];
    expect(possibleFixes(field, sizes)).toContain('synonym');
    const fixed = applyFix(mapping, { table: 0, field: 1 }, { kind: 'synonym', values: ['Lrg', 'XL'], to: 'Large' });
    expect(fixed.tables[0].fields[1].allowed![0].synonyms).toEqual(['Lrg', 'XL']);
    expect(mapping.tables[0].fields[1].allowed![0].synonyms).toEqual([]);
    expect(mappingDocument.safeParse(fixed).success).toBe(true);
    expect(notAllowed(fixed.tables[0].fields[1], ['Lrg', 'XL', 'large ', 'Huge'])).toEqual(['Huge']);
  });

  it('counts what each value rule changes, ignoring case and spacing like the engine', () => {
    const field = { allowed: [{ value: 'Large', synonyms: ['Lrg'] }], default: 'Small' };
    expect(countRuleEffects(field, ['Large', 'large ', 'LRG', '', ' ', 'Tiny'])).toEqual([
      { rule: '→ "Large"', count: 2 },
      { rule: 'empty → "Small"', count: 2 },
    ]);
  });
});
