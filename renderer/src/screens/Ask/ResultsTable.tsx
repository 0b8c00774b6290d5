import { ScrollArea, Table, Text } from '@mantine/core';
import type { QueryRows } from '../../../../core/ask/types';
import { CellValue } from '../../components/CellValue/CellValue';

/** The rows a query returned, as PostgreSQL printed them; empty cells say "(empty)" to a screen reader. */
export function ResultsTable({ result }: { result: QueryRows }) {
  const count = result.rows.length;
  return (
    <>
      <Text size="sm" data-testid="ask-row-count">
        {count === 0
          ? 'The query returned no rows.'
          : result.limited
            ? `Showing the first ${count.toLocaleString('en-US')} rows (limited to ${result.limit.toLocaleString('en-US')} rows; there are more).`
            : `${count.toLocaleString('en-US')} ${count === 1 ? 'row' : 'rows'}.`}{' '}
        <Text span c="dimmed">
          Ran read-only in {result.ms < 1000 ? `${result.ms} ms` : `${(result.ms / 1000).toFixed(1)} s`}
          {result.asReaderRole ? ' as the read-only role' : ''}.
        </Text>
      </Text>
      {count > 0 && (
        <ScrollArea.Autosize mah={520} type="auto" tabIndex={0} aria-label="Query results">
          <Table striped withTableBorder stickyHeader data-testid="ask-results">
            <Table.Thead>
              <Table.Tr>
                {result.columns.map((c, i) => (
                  <Table.Th key={i} title={c.type}>
                    {c.name}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.rows.map((row, r) => (
                <Table.Tr key={r}>
                  {row.map((v, i) => (
                    <Table.Td
                      key={i}
                      ff={
                        /^(smallint|integer|bigint|numeric|real|double)/.test(result.columns[i]?.type ?? '')
                          ? 'monospace'
                          : undefined
                      }
                    >
                      <CellValue value={v} />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
    </>
  );
}
