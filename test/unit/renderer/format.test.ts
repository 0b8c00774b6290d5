import { describe, expect, it } from 'vitest';
import { estimateTimeLeft, formatBytes, formatDuration, formatValue, plural } from '../../../renderer/src/lib/format';

describe('words for numbers and time', () => {
  it('says nothing about time left until there is enough evidence', () => {
    expect(estimateTimeLeft(0, 1000, 5000)).toBeNull();
    expect(estimateTimeLeft(10, 1000, 500)).toBeNull();
    expect(estimateTimeLeft(1000, 1000, 5000)).toBeNull();
    expect(estimateTimeLeft(10, 0, 5000)).toBeNull();
  });

  it('estimates time left from the rate so far', () => {
    // 250 rows in 5 s → 50 rows/s → 750 rows left = 15 s.
    expect(estimateTimeLeft(250, 1000, 5000)).toBe('about 15 seconds left');
    // 100k of 1M in 60 s → 540 s left = 9 minutes.
    expect(estimateTimeLeft(100_000, 1_000_000, 60_000)).toBe('about 9 minutes left');
  });

  it('writes durations and counts in words', () => {
    expect(formatDuration(0.2)).toBe('less than a second');
    expect(formatDuration(1)).toBe('1 second');
    expect(formatDuration(3700)).toBe('1 hour 2 minutes');
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(2500, 'row')).toBe('2,500 rows');
    expect(formatBytes(1536)).toBe('1.5 KB');
  });

  it('names empty values in a diff instead of showing nothing', () => {
    expect(formatValue(null)).toBe('(empty)');
    expect(formatValue('')).toBe('(empty)');
    expect(formatValue(0)).toBe('0');
    expect(formatValue(true)).toBe('yes');
    expect(formatValue(false)).toBe('no');
    expect(formatValue(['a', 'b'])).toBe('["a","b"]');
  });
});
