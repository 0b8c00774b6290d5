import { describe, expect, it } from 'vitest';
import { applyRules, compileRules, RuleTally, type ValueRule } from '../../../core/clean/rules.js';

describe('value rules', () => {
  const rules: ValueRule[] = [
    { kind: 'standardise', from: ['large ', 'LG'], to: 'Large' },
    { kind: 'standardise', from: 'Unknown', to: null },
    { kind: 'default', value: 'Medium' },
    { kind: 'allowed', values: ['Small', 'Medium', 'Large'] },
  ];

  it.each([
    ['large', 'Large'],
    ['  LARGE  ', 'Large'],
    ['lg', 'Large'],
    ['Large', 'Large'],
    ['Unknown', 'Medium'],
    ['', 'Medium'],
    [null, 'Medium'],
    ['Small', 'Small'],
  ])('%j becomes %j', (raw, expected) => {
    expect(applyRules(raw, rules)).toEqual({ value: expected });
  });

  it('reports a value outside the allowed ones and keeps it by default', () => {
    expect(applyRules('Huge', rules)).toEqual({
      value: 'Huge',
      problem: expect.stringMatching(/not one of the allowed values/),
    });
  });

  it('empties a value outside the allowed ones when asked', () => {
    const r = applyRules('Huge', [{ kind: 'allowed', values: ['S'], otherwise: 'empty' }]);
    expect(r.value).toBeNull();
    expect(r.problem).toMatch(/left empty/);
  });

  it('tallies how many values each rule changed, with examples', () => {
    const tally = new RuleTally();
    const compiled = compileRules(rules, { table: 'Prints', column: 'Size' });
    for (const v of ['large ', 'large', 'LG', 'Large', 'Unknown', '', 'Small', 'Huge']) compiled.apply(v, tally);
    const effects = tally.effects();
    const byRule = Object.fromEntries(effects.map((e) => [e.rule, e]));
    expect(byRule['Size: "large ", "LG" → "Large"']).toMatchObject({
      count: 3,
      table: 'Prints',
      column: 'Size',
      examples: [
        { before: 'large ', after: 'Large' },
        { before: 'large', after: 'Large' },
        { before: 'LG', after: 'Large' },
      ],
    });
    expect(byRule['Size: "Unknown" → empty']).toMatchObject({ count: 1, examples: [{ before: 'Unknown', after: '' }] });
    // The default fills the emptied Unknown and the truly empty cell.
    expect(byRule['Size: empty → "Medium" (default)'].count).toBe(2);
  });

  it('can match case exactly when asked', () => {
    const r = [{ kind: 'standardise', from: 'N/A', to: null, caseSensitive: true }] as ValueRule[];
    expect(applyRules('n/a', r).value).toBe('n/a');
    expect(applyRules('N/A', r).value).toBeNull();
  });
});
