import type { InspectReport } from '../../../../../../core/source/inspect-types';

export interface SourceColumn {
  name: string;
  type?: string;
  examples: string[];
  empty?: number;
}

/** The export's columns for one source table, with what reading them found. */
export function sourceColumns(inspect: InspectReport | null, sourceTable: string): SourceColumn[] {
  const table = inspect?.tables.find((t) => t.name === sourceTable);
  if (!table) return [];
  return table.columns.map((c) => ({
    name: c.name,
    type: c.type,
    examples: c.examples.map(String),
    empty: c.empty,
  }));
}
