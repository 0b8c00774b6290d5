import { describe, expect, it } from 'vitest';
import { ProblemLog } from '../../../core/plan/problems.js';

describe('ProblemLog rule effects', () => {
  it('counts each rule per table, keeps three distinct examples, and lists rules in the order first seen', () => {
    const log = new ProblemLog();
    for (let i = 0; i < 1000; i++)
      log.rule('size: "large" → "Large"', 'editions', 'size', i % 2 ? 'large' : 'LARGE', 'Large');
    log.rule('frame: "tube" → "Tube only"', 'editions', 'frame', 'tube', 'Tube only');
    log.rule('size: "large" → "Large"', 'prints', 'size', 'large ', 'Large');
    log.rule('size: "large" → "Large"', 'editions', 'size', ' large', 'Large');
    log.rule('size: "large" → "Large"', 'editions', 'size', 'Large?', 'Large');
    expect(log.ruleEffects).toEqual([
      {
        rule: 'size: "large" → "Large"',
        table: 'editions',
        column: 'size',
        count: 1002,
        examples: [
          { before: 'LARGE', after: 'Large' },
          { before: 'large', after: 'Large' },
          { before: ' large', after: 'Large' },
        ],
      },
      {
        rule: 'frame: "tube" → "Tube only"',
        table: 'editions',
        column: 'frame',
        count: 1,
        examples: [{ before: 'tube', after: 'Tube only' }],
      },
      {
        rule: 'size: "large" → "Large"',
        table: 'prints',
        column: 'size',
        count: 1,
        examples: [{ before: 'large ', after: 'Large' }],
      },
    ]);
  });
});
