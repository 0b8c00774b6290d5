import { Code, Stack, Table, Text } from '@mantine/core';
import type { ReconciliationReport } from '../../../../core/cutover/types';
import { formatCount, formatWhen } from '../../lib/format';

/** The reconciliation report: row counts and a checksum per column, as PostgreSQL computed them. */
export function ReconciliationView({ report }: { report: ReconciliationReport }) {
  return (
    <Stack gap="xs" data-testid="reconciliation-report">
      <Text size="sm">
        Saved {formatWhen(report.createdAt)} from {report.target}. Overall checksum <Code>{report.checksum}</Code>
      </Text>
      <Table withTableBorder striped captionSide="top">
        <Table.Caption>Row counts and column checksums</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Table</Table.Th>
            <Table.Th scope="col">Rows</Table.Th>
            <Table.Th scope="col">Active</Table.Th>
            <Table.Th scope="col">Column checksums</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.tables.map((t) => (
            <Table.Tr key={t.table}>
              <Table.Th scope="row">{t.table}</Table.Th>
              <Table.Td>{formatCount(t.rows)}</Table.Td>
              <Table.Td>{formatCount(t.activeRows)}</Table.Td>
              <Table.Td>
                <Text size="xs" ff="monospace">
                  {t.columns.map((c) => `${c.column} ${c.checksum.slice(0, 8)}`).join(' · ')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
