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

  it('gives back the row a key was first recorded with, through the growths in between', () => {
    const seen = new SeenKeys();
    const key = (i: number) => JSON.stringify([`Print ${i}`]);
    for (let i = 0; i < 100_000; i++) expect(seen.addRow(key(i), i + 2)).toBe(-1);
    for (let i = 0; i < 100_000; i += 9973) expect(seen.addRow(key(i), 500_000 + i)).toBe(i + 2);
    // A key seen a third time still names its first row.
    expect(seen.addRow(key(0), 900_000)).toBe(2);
  });
});
