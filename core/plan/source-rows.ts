import type { ProblemRecord } from '../history/recorder.js';

/** What the planner needs from a source table (core/source's `SourceTable` fits this shape). */
export interface PlanSource {
  name: string;
  file: string;
  columns: string[];
  problems?: ProblemRecord[];
  size?: number;
  rows(opts?: {
    signal?: AbortSignal;
    onProblem?: (p: ProblemRecord) => void;
    onBytes?: (bytesRead: number) => void;
  }): AsyncIterable<{ row: number; values: readonly unknown[] }>;
  /** The same rows a batch at a time (see core/source's SourceTable.batches). */
  batches?(opts?: {
    signal?: AbortSignal;
    onProblem?: (p: ProblemRecord) => void;
  }): AsyncIterable<Iterable<{ row: number; values: readonly unknown[] }>>;
}

/** A source's rows in batches: its own when it has them, else one row per batch. */
export async function* rowBatches(
  source: PlanSource,
  opts: { signal?: AbortSignal; onProblem?: (p: ProblemRecord) => void },
): AsyncGenerator<Iterable<{ row: number; values: readonly unknown[] }>> {
  if (source.batches) {
    yield* source.batches(opts);
    return;
  }
  for await (const r of source.rows(opts)) yield [r];
}

/** An in-memory source table, for tests and small generated data. */
export function memorySource(name: string, columns: string[], rows: unknown[][], file = `${name}.csv`): PlanSource {
  return {
    name,
    file,
    columns,
    rows: async function* () {
      for (const [i, values] of rows.entries()) yield { row: i + 2, values };
    },
  };
}
