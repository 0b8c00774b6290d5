import { describe, expect, it } from 'vitest';
import type { FileFingerprint } from '../../../core/history/recorder.js';
import { joinSecret, splitSecret, targetKey } from '../../../core/history/target-key.js';
import { pickNewest, type Candidate } from '../../../core/resync/pick.js';

const saved = (name: string, table: string): FileFingerprint => ({ name, table, size: 1, sha256: 'x' });
const file = (name: string, mtimeMs: number): Candidate => ({ name, path: `/exports/${name}`, mtimeMs });

describe('picking the newest export per table', () => {
  it('takes the newest file whose Airtable name matches each saved table, ignoring others', () => {
    const result = pickNewest(
      [
        saved('Prints-Grid view.csv', 'Prints'),
        saved('Editions-All Records.csv', 'Editions'),
        saved('Distributors-Grid view.csv', 'Distributors'),
      ],
      [
        file('Prints-Grid view.csv', 1000),
        file('Prints-Grid view (1).csv', 3000),
        file('prints-Everything.csv', 2000),
        file('Editions-All Records.csv', 1000),
        file('Editions-All Records (2).csv', 1000),
        file('Invoices-Grid view.csv', 5000),
      ],
    );
    expect(result.picked.map((p) => [p.table, p.file.name])).toEqual([
      ['Prints', 'Prints-Grid view (1).csv'],
      // Same time: the higher copy number is the later download.
      ['Editions', 'Editions-All Records (2).csv'],
    ]);
    expect(result.missing).toEqual(['Distributors']);
    expect(result.ignored).toEqual(['Invoices-Grid view.csv']);
  });
});

describe('target identity', () => {
  it('is the same for a connection with or without its password, and never holds it', () => {
    const a = splitSecret({ kind: 'url', url: 'postgresql://ann:p%40ss@Db.example.com/shop' });
    expect(a.password).toBe('p@ss');
    expect(a.target).toEqual({ kind: 'url', url: 'postgresql://ann@Db.example.com/shop' });
    expect(targetKey(a.target as never)).toBe(
      targetKey({ kind: 'url', url: 'postgresql://ann@db.example.com:5432/shop' }),
    );
    expect(joinSecret(a.target, a.password)).toEqual({
      kind: 'url',
      url: 'postgresql://ann:p%40ss@Db.example.com/shop',
    });
    expect(targetKey({ kind: 'local' })).toBe('local');
  });
});
