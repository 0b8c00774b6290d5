import { Table, Text } from '@mantine/core';
import type { TableCounts } from '../../../../core/history/recorder';
import { formatCount } from '../../lib/format';

export type CountKind = 'insert' | 'update' | 'retire' | 'pending' | 'conflict';

const COLUMNS: { key: keyof TableCounts; label: string; drill?: CountKind }[] = [
  { key: 'insert', label: 'New', drill: 'insert' },
  { key: 'update', label: 'Changed', drill: 'update' },
  { key: 'unchanged', label: 'Unchanged' },
  { key: 'retire', label: 'Retired', drill: 'retire' },
  { key: 'pending', label: 'Waiting for a link', drill: 'pending' },
  { key: 'conflict', label: 'Edited in PostgreSQL', drill: 'conflict' },
  { key: 'problems', label: 'Problems' },
];

interface Props {
  tables: Record<string, Partial<TableCounts>>;
  caption: string;
  /** When given, non-zero counts become buttons that open those rows. */
  onDrill?(table: string, kind: CountKind): void;
}

/** Per table: how many rows are new, changed, unchanged, retired, waiting, in conflict. */
export function CountsTable({ tables, caption, onDrill }: Props) {
  const names = Object.keys(tables);
  if (!names.length) return <Text c="dimmed">No tables.</Text>;
  return (
    <Table striped withTableBorder highlightOnHover data-testid="counts-table">
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Table</Table.Th>
          {COLUMNS.map((c) => (
            <Table.Th scope="col" key={c.key} ta="right">
              {c.label}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {names.map((name) => (
          <Table.Tr key={name} data-table={name}>
            <Table.Th scope="row">{name}</Table.Th>
            {COLUMNS.map((c) => {
              const n = tables[name][c.key] ?? 0;
              return (
                <Table.Td key={c.key} ta="right" data-count={c.key}>
                  {onDrill && c.drill && n > 0 ? (
                    <Text
                      component="button"
                      type="button"
                      c="ferry.7"
                      td="underline"
                      fw={600}
                      onClick={() => onDrill(name, c.drill!)}
                      aria-label={`Show the ${formatCount(n)} ${c.label.toLowerCase()} rows of ${name}`}
                      style={{ background: 'none', border: 0, cursor: 'pointer', padding: 0 }}
                    >
                      {formatCount(n)}
                    </Text>
                  ) : (
                    formatCount(n)
                  )}
                </Table.Td>
              );
            })}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
