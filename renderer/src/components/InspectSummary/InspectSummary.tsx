import { Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { InspectReport } from '../../../../core/source/inspect-types';
import { formatCount, plural } from '../../lib/format';
import { ProblemList } from '../ProblemList/ProblemList';

/** What Ferry recognised in the export: tables with rows and columns, links between them, problems. */
export function InspectSummary({ report }: { report: InspectReport }) {
  const rows = report.tables.reduce((n, t) => n + t.rows, 0);
  const links = report.tables.flatMap((t) => t.links);
  const problems = [...report.problems, ...report.tables.flatMap((t) => t.problems)];
  const problemTotal = report.problems.length + report.tables.reduce((n, t) => n + t.problemCount, 0);
  return (
    <Stack data-testid="inspect-summary">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Stat label="Tables" value={report.tables.length} />
        <Stat label="Rows" value={rows} />
        <Stat label="Links found" value={links.length} />
        <Stat label="Problems found" value={problemTotal} />
      </SimpleGrid>
      <Table withTableBorder striped>
        <Table.Caption>Tables recognised in your export</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Table</Table.Th>
            <Table.Th scope="col">File</Table.Th>
            <Table.Th scope="col" ta="right">
              Rows
            </Table.Th>
            <Table.Th scope="col" ta="right">
              Columns
            </Table.Th>
            <Table.Th scope="col">Links to</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.tables.map((t) => (
            <Table.Tr key={`${t.file}-${t.name}`} data-table={t.name}>
              <Table.Th scope="row">{t.name}</Table.Th>
              <Table.Td>{t.file}</Table.Td>
              <Table.Td ta="right">{formatCount(t.rows)}</Table.Td>
              <Table.Td ta="right">{t.columns.length}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {t.links.length === 0 && (
                    <Text size="sm" c="dimmed">
                      none
                    </Text>
                  )}
                  {t.links.map((l) => (
                    <Badge
                      key={l.column}
                      variant="light"
                      tt="none"
                      color={l.matched === l.total ? 'ferry' : 'yellow'}
                      title={`"${l.column}" names records of ${l.toTable}`}
                    >
                      {l.column} → {l.toTable}: {formatCount(l.matched)} of {plural(l.total, 'name')} found
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {problems.length > 0 && (
        <>
          <Title order={3} size="h5">
            Problems found while reading
          </Title>
          <ProblemList problems={problems} total={problemTotal} />
        </>
      )}
    </Stack>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <Card withBorder padding="sm">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="xl" fw={700} data-testid={`stat-${label.toLowerCase().replace(/\s+/g, '-')}`}>
        {formatCount(value)}
      </Text>
    </Card>
  );
}
