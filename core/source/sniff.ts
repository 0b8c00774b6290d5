/** Delimiters Ferry recognises, in order of preference when the evidence is equal. */
export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
export type Newline = '\n' | '\r\n' | '\r';

const SAMPLE_RECORDS = 30;

/**
 * Picks the delimiter that splits the first records into the same number of fields most
 * consistently (more fields win a tie). Quotes are respected so commas inside cells do not vote.
 */
export function sniffDelimiter(sample: string): Delimiter {
  let best: Delimiter = ',';
  let bestScore = 0;
  for (const delim of DELIMITERS) {
    const counts = fieldCounts(sample, delim);
    if (counts.length === 0) continue;
    const freq = new Map<number, number>();
    for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
    let mode = 1;
    let modeFreq = 0;
    for (const [c, f] of freq) if (f > modeFreq || (f === modeFreq && c > mode)) [mode, modeFreq] = [c, f];
    if (mode <= 1) continue;
    const score = (modeFreq / counts.length) * 1000 + Math.min(mode, 999);
    if (score > bestScore) [best, bestScore] = [delim, score];
  }
  return best;
}

/** Field counts of the first complete records of the sample (the last, maybe cut, is left out). */
function fieldCounts(sample: string, delim: string): number[] {
  const counts: number[] = [];
  let inQuotes = false;
  let fields = 1;
  let blank = true;
  for (let i = 0; i < sample.length && counts.length < SAMPLE_RECORDS; i++) {
    const ch = sample[i];
    if (ch === '"') {
      inQuotes = !inQuotes;
      blank = false;
    } else if (inQuotes) continue;
    else if (ch === delim) {
      fields++;
      blank = false;
    } else if (ch === '\n' || ch === '\r') {
      if (!blank) counts.push(fields);
      fields = 1;
      blank = true;
      if (ch === '\r' && sample[i + 1] === '\n') i++;
    } else blank = false;
  }
  return counts;
}

/** The line break used between records: the most common one outside quoted cells. */
export function sniffNewline(sample: string): Newline {
  let crlf = 0;
  let lf = 0;
  let cr = 0;
  let inQuotes = false;
  for (let i = 0; i < sample.length; i++) {
    const ch = sample[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (ch === '\r') {
      if (sample[i + 1] === '\n') {
        crlf++;
        i++;
      } else cr++;
    } else if (ch === '\n') lf++;
  }
  if (crlf >= lf && crlf >= cr && crlf > 0) return '\r\n';
  if (cr > lf) return '\r';
  return '\n';
}
