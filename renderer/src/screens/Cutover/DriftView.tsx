import { Alert, Badge, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import type { DriftReport } from '../../../../core/cutover/types';
import { formatCount, formatValue, formatWhen } from '../../lib/format';

/** A drift report: per table the rows on one side only and the rows that differ, field by field. */
export function DriftView({ report }: { report: DriftReport }) {
  const tables = Object.entries(report.tables);
  return (
    <Stack gap="sm" data-testid="drift-report">
      <Alert
        color={report.total === 0 ? 'ferry' : 'orange'}
        title={report.total === 0 ? 'No drift' : 'The export and PostgreSQL differ'}
        data-testid="drift-summary"
      >
        {report.summary}
        <Text size="sm" c="dimmed" mt={4}>
          Checked {formatWhen(report.checkedAt)} against {report.files.map((f) => f.name).join(', ')}.
        </Text>
      </Alert>
      <Table withTableBorder striped captionSide="top">
        <Table.Caption>Rows per table</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Table</Table.Th>
            <Table.Th scope="col">Only in the export</Table.Th>
            <Table.Th scope="col">Only in PostgreSQL</Table.Th>
            <Table.Th scope="col">Different values</Table.Th>
            <Table.Th scope="col">Fields that differ</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tables.map(([name, t]) => (
            <Table.Tr key={name} data-testid={`drift-row-${name}`}>
              <Table.Th scope="row">{name}</Table.Th>
              <Table.Td>{formatCount(t.onlyInExport)}</Table.Td>
              <Table.Td>{formatCount(t.onlyInDatabase)}</Table.Td>
              <Table.Td>
                {formatCount(t.differ)}
                {t.editedInDatabase > 0 && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    ({formatCount(t.editedInDatabase)} edited in PostgreSQL)
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {Object.entries(t.fields).map(([column, n]) => (
                    <Badge key={column} variant="light" color="gray" tt="none">
                      {column}: {formatCount(n)}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {tables.map(([name, t]) => {
        const ex = t.examples;
        if (!ex.differ.length && !ex.onlyInExport.length && !ex.onlyInDatabase.length) return null;
        return (
          <Stack key={name} gap={4} data-testid={`drift-examples-${name}`}>
            <Title order={4}>Examples from {name}</Title>
            <List size="sm" spacing={2}>
              {ex.onlyInExport.map((r) => (
                <List.Item key={`e${r.row}`}>
                  Only in the export: {r.key} (row {r.row})
                </List.Item>
              ))}
              {ex.onlyInDatabase.map((r) => (
                <List.Item key={`d${r.id}`}>Only in PostgreSQL: {r.key}</List.Item>
              ))}
              {ex.differ.map((r) => (
                <List.Item key={`x${r.id}`}>
                  {r.key}
                  {r.editedInDatabase ? ' (edited in PostgreSQL)' : ''}:{' '}
                  {(r.changes ?? [])
                    .map(
                      (c) =>
                        `${c.column} is ${formatValue(c.database)} in PostgreSQL, ${formatValue(c.export)} in the export`,
                    )
                    .join('; ')}
                </List.Item>
              ))}
            </List>
          </Stack>
        );
      })}
      {report.notCompared.length > 0 && (
        <Text size="sm" c="dimmed">
          Not compared (no file in this export): {report.notCompared.join(', ')}
        </Text>
      )}
    </Stack>
  );
}
