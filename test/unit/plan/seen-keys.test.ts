import { describe, expect, it } from 'vitest';
import { SeenKeys } from '../../../core/plan/seen-keys.js';

describe('SeenKeys', () => {
  it('says "seen" exactly for keys added before, across many growths', () => {
    const seen = new SeenKeys();
    const key = (i: number) => JSON.stringify([`Print ${i % 997}`, i]);
    let first = 0;
    for (let i = 0; i < 300_000; i++) if (seen.add(key(i))) first++;
    expect(first).toBe(0);
    let again = 0;
    for (let i = 0; i < 300_000; i += 7) if (seen.add(key(i))) again++;
    expect(again).toBe(Math.ceil(300_000 / 7));
  });

  it('tells apart keys that differ in one character, in case, or only beyond the first characters', () => {
    const seen = new SeenKeys();
    const keys = ['["a"]', '["A"]', '["b"]', '[""]', '["é"]', '["e\u0301"]', '["🖼"]', `["${'x'.repeat(500)}1"]`];
    keys.push(`["${'x'.repeat(500)}2"]`);
    for (const k of keys) expect(seen.add(k)).toBe(false);
    for (const k of keys) expect(seen.add(k)).toBe(true);
  });
});
