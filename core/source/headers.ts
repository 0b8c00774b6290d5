import type { ProblemRecord } from '../history/recorder.js';

// Control characters in a header (tabs, line breaks from a multi-line cell) become spaces.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;

/**
 * Turns a header row into unique, non-blank column names. Blank headers become `Column N`,
 * repeats become `Name (2)`, `Name (3)`; each rename is reported so the user knows why a column
 * is not called what the file says.
 */
export function normaliseHeaders(
  raw: readonly unknown[],
  where: { file: string; table: string; row?: number },
): { columns: string[]; problems: ProblemRecord[] } {
  const problems: ProblemRecord[] = [];
  const columns: string[] = [];
  const seen = new Set<string>();
  const taken = new Set<string>();
  for (const cell of raw) {
    const text = cell === null || cell === undefined ? '' : String(cell);
    const name = text.replace(CONTROL_CHARS, ' ').trim();
    if (name) taken.add(name.toLowerCase());
  }
  raw.forEach((cell, i) => {
    const text = cell === null || cell === undefined ? '' : String(cell);
    let name = text.replace(CONTROL_CHARS, ' ').trim();
    if (!name) {
      let n = i + 1;
      name = `Column ${n}`;
      while (taken.has(name.toLowerCase()) || seen.has(name.toLowerCase())) name = `Column ${++n}`;
      problems.push({
        ...where,
        column: name,
        reason: `Column ${i + 1} has no name in the header; Ferry calls it "${name}".`,
        stage: 'read',
        action: 'kept',
      });
    } else if (seen.has(name.toLowerCase())) {
      const base = name;
      let n = 2;
      while (seen.has(`${base} (${n})`.toLowerCase()) || taken.has(`${base} (${n})`.toLowerCase())) n++;
      name = `${base} (${n})`;
      problems.push({
        ...where,
        column: name,
        value: base,
        reason: `The header "${base}" appears more than once; Ferry calls column ${i + 1} "${name}".`,
        stage: 'read',
        action: 'kept',
      });
    }
    seen.add(name.toLowerCase());
    columns.push(name);
  });
  return { columns, problems };
}
